#!/usr/bin/env bash
# Builds the bundled explainer, serves it on 127.0.0.1 and runs the browser tests
# (tests/browser/*.test.mjs, node's test runner) in Debian's headless Chromium.
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
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
site="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$site"; }
trap cleanup EXIT
(cd "$repo" && cargo build --quiet)
"$repo/target/debug/glosa" build --root "$repo" --out "$site/public" --base-url "http://127.0.0.1:$port/" >/dev/null
python3 -m http.server --bind 127.0.0.1 "$port" --directory "$site/public" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done
export SITE_URL="http://127.0.0.1:$port/"
node --test --test-concurrency=1 "$here"/*.test.mjs
