#!/usr/bin/env bash
# Builds the bundled explainer at a domain root (SITE_URL) and under /repo/ (SUBPATH_SITE_URL),
# and the figure test site with its generated pictures (FIGURE_SITE_URL, figure-site.mjs),
# serves them on 127.0.0.1 and runs the browser tests (tests/browser/*.test.mjs, node's test
# runner) in Debian's headless Chromium.
# Fails with a clear message when Chromium is missing or cannot start: never passes silently.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$here"
[ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] || npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROME_PATH" ]; then
  echo "browser tests: Chromium not found at $CHROME_PATH (install Debian's chromium)" >&2
  exit 1
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"
subpath_port="$(free_port)"
figure_port="$(free_port)"
site="$(mktemp -d)"
server_pids=()
cleanup() { [ "${#server_pids[@]}" -gt 0 ] && kill "${server_pids[@]}" 2>/dev/null; rm -rf "$site"; }
trap cleanup EXIT
(cd "$repo" && cargo build --quiet)
glosa="$repo/target/debug/glosa"
# The site at a domain root and the same site under /repo/ (as on GitHub Pages), with _headers.
"$glosa" build --root "$repo" --out "$site/public" --base-url "http://127.0.0.1:$port/" --headers >/dev/null
"$glosa" build --root "$repo" --out "$site/subpath/repo" --base-url "http://127.0.0.1:$subpath_port/repo/" \
  --headers >/dev/null
node "$here/figure-site.mjs" "$site/figure-src"
"$glosa" build --root "$site/figure-src" --out "$site/figure" --base-url "http://127.0.0.1:$figure_port/" >/dev/null
serve() { # serve PORT DIR: a static server on 127.0.0.1, waited for until it answers
  python3 -m http.server --bind 127.0.0.1 "$1" --directory "$2" >/dev/null 2>&1 &
  server_pids+=("$!")
  for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$1/')" 2>/dev/null && break
    sleep 0.1
  done
}
serve "$port" "$site/public"
serve "$subpath_port" "$site/subpath"
serve "$figure_port" "$site/figure"
export SITE_URL="http://127.0.0.1:$port/"
export SUBPATH_SITE_URL="http://127.0.0.1:$subpath_port/repo/"
export FIGURE_SITE_URL="http://127.0.0.1:$figure_port/"
node --test --test-concurrency=1 "$here"/*.test.mjs
