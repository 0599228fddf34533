#!/usr/bin/env bash
# The quality of the published site, as the README's table quotes it: builds the bundled explainer
# (or the site at --root), serves it on 127.0.0.1 and runs
#   - Lighthouse (mobile, its default) on the home page, every article, and the newsroom's pages
#     (/tags/, /authors/, /claims/, /sources/ and the first page under each): performance,
#     accessibility, best practices and SEO scores;
#   - axe-core on every page, in light and dark mode;
#   - the Nu HTML checker (vnu.jar, the W3C validator's engine) on every page;
#   - an internal link and #fragment check of every page and stylesheet, requests to other hosts,
#     horizontal scroll at 320 px, every popover opened by a click with JavaScript off, and the CSS
#     and JS bytes of an article (scripts/audit/audit.mjs).
# Installs what it needs when it is missing: Debian's chromium, Java (default-jre-headless), node,
# npm and python3 with apt-get, and the npm packages pinned in scripts/audit/package-lock.json
# (npm ci; no browser download: Chromium is always /usr/bin/chromium or CHROME_PATH).
# Exits 1 when a judge finds a problem (a Lighthouse score under 90 counts as one).
#
#   scripts/audit.sh [--root DIR] [--out REPORT_DIR]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
here="$repo/scripts/audit"
root="$repo"
reports=""
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$(cd "$2" && pwd)"; shift 2 ;;
    --out) reports="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "audit.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing ${missing[*]} (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || { echo "audit.sh: Lighthouse 12 needs Node 20 or newer (found $(node --version))" >&2; exit 1; }
if [ ! -d "$here/node_modules/lighthouse" ] || [ ! -d "$here/node_modules/vnu-jar" ]; then
  echo "==> npm ci (scripts/audit/package-lock.json)"
  # --ignore-scripts: vnu-jar's install script would fetch a Java runtime; the system's is used.
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"
work="$(mktemp -d)"
reports="${reports:-$(mktemp -d -t glosa-audit-XXXXXX)}"
mkdir -p "$reports"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "==> building the site at http://127.0.0.1:$port/"
(cd "$repo" && cargo build --quiet --release --bin glosa)
"$repo/target/release/glosa" build --root "$root" --out "$work/site" --base-url "http://127.0.0.1:$port/" >/dev/null
python3 -m http.server --bind 127.0.0.1 "$port" --directory "$work/site" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done
site="http://127.0.0.1:$port/"
problems=0

echo "==> Lighthouse $(node -p "require('$here/node_modules/lighthouse/package.json').version") (mobile)"
# Chromium resolves no host but this one: nothing leaves the machine.
chrome_flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
pages=("home=")
for article in "$work"/site/articles/*/index.html; do
  slug="$(basename "$(dirname "$article")")"
  pages+=("$slug=articles/$slug/")
done
for section in tags authors claims sources; do
  [ -f "$work/site/$section/index.html" ] || continue
  pages+=("$section=$section/")
  for sub in "$work/site/$section"/*/index.html; do
    [ -f "$sub" ] || continue
    name="$(basename "$(dirname "$sub")")"
    pages+=("$section-$name=$section/$name/")
    break
  done
done
for entry in "${pages[@]}"; do
  label="${entry%%=*}"
  profile="$(mktemp -d -p "$work")"
  "$here/node_modules/.bin/lighthouse" "$site${entry#*=}" --quiet --output=json --output-path="$reports/lighthouse-$label.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="$chrome_flags --user-data-dir=$profile --host-resolver-rules=\"MAP * ~NOTFOUND, EXCLUDE 127.0.0.1\"" ||
    echo "  lighthouse failed on $label"
  node -e '
    const [file, label] = process.argv.slice(1);
    const lhr = JSON.parse(require("fs").readFileSync(file, "utf8"));
    const scores = ["performance", "accessibility", "best-practices", "seo"].map((c) => Math.round((lhr.categories[c]?.score ?? 0) * 100));
    console.log(`  ${label}: performance ${scores[0]}, accessibility ${scores[1]}, best practices ${scores[2]}, SEO ${scores[3]}`);
    process.exitCode = scores.every((s) => s >= 90) ? 0 : 1;
  ' "$reports/lighthouse-$label.json" "$label" || problems=$((problems + 1))
done

echo "==> Nu HTML checker $(node -p "require('$here/node_modules/vnu-jar/package.json').version")"
# vnu writes its JSON report to stderr; its exit status says only whether it found errors.
java -Xss1m -jar "$here/node_modules/vnu-jar/build/dist/vnu.jar" --format json --skip-non-html "$work/site" 2>"$reports/vnu.json" >/dev/null || true
node -e '
  const [file, dir] = process.argv.slice(1);
  const messages = JSON.parse(require("fs").readFileSync(file, "utf8")).messages;
  const errors = messages.filter((m) => m.type === "error" || m.subType === "fatal");
  const pages = require("fs").readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".html")).length;
  console.log(`  ${pages} pages: ${errors.length} errors, ${messages.length - errors.length} warnings and notes`);
  for (const m of errors.slice(0, 10)) console.log(`  ${m.url.replace(/^file:.*?\/site\//, "")}:${m.lastLine}: ${m.message}`);
  process.exitCode = errors.length === 0 ? 0 : 1;
' "$reports/vnu.json" "$work/site" || problems=$((problems + 1))

echo "==> axe-core $(node -p "require('$here/node_modules/axe-core/package.json').version"), links, phones, JavaScript off (Chromium $("$CHROME_PATH" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1))"
(cd "$here" && SITE_URL="$site" SITE_DIR="$work/site" REPORT_DIR="$reports" node audit.mjs) || problems=$((problems + 1))

echo "==> reports in $reports"
if [ "$problems" -gt 0 ]; then
  echo "audit: $problems judge(s) found problems" >&2
  exit 1
fi
echo "audit: no problems found"
