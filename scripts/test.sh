#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit + integration tests, and the browser tests in
# Debian's headless Chromium. Installs what the tests need when it is missing (Debian packages
# via apt-get: chromium, node, python3, GNU time and nginx; cargo-deny from crates.io; npm packages
# pinned by tests/browser/package-lock.json), so it runs on a fresh machine as it is.
# Usage: scripts/test.sh [--no-browser]
set -euo pipefail
cd "$(dirname "$0")/.."

browser=1
[ "${1:-}" = "--no-browser" ] && browser=0

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
if [ "$browser" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
fi
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# tests/bench_script.rs runs benches/compare.sh, which times with GNU time.
[ -x /usr/bin/time ] || missing+=(time)
# tests/deploy.rs serves the site with a real nginx (docs/nginx.conf); it lives in /usr/sbin.
{ command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null 2>&1 || missing+=(nginx)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing ${missing[*]} (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for component in rustfmt clippy; do
  cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1 || rustup component add "$component"
done

echo "==> cargo fmt --check"
cargo fmt --check
echo "==> cargo clippy --all-targets -- -D warnings"
cargo clippy --quiet --all-targets -- -D warnings
echo "==> cargo doc (doc comments: links resolve, none to private items)"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps
echo "==> cargo deny (licenses, bans, sources; advisories when the RustSec database is reachable)"
command -v cargo-deny >/dev/null 2>&1 || cargo install --quiet --locked cargo-deny
cargo deny --log-level error check licenses bans sources
if cargo deny --log-level error fetch db >/dev/null 2>&1; then
  cargo deny --log-level error check advisories
else
  echo "    advisories not checked: the RustSec database (github.com/RustSec/advisory-db) is not reachable from here"
fi
echo "==> cargo test"
cargo test

if [ "$browser" = 1 ]; then
  echo "==> browser tests (headless Chromium)"
  tests/browser/run.sh
fi
