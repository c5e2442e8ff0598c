#!/usr/bin/env bash
# Browser test of the web explorer: builds tupu, builds the seed store in a
# temporary directory, starts `tupu serve` on 127.0.0.1 (a free port), and
# drives Debian's headless chromium through it with playwright-core
# (tests/browser/explorer.test.mjs). Screenshots go to docs/explorer-*.png.
#
# Needs: /usr/bin/chromium (apt-get install chromium), node + npm, fonts-noto-cjk
# for Chinese glyphs in the screenshots. Env: CHROMIUM (browser path),
# SHOTS (screenshot directory, default docs), PROFILE (cargo profile, default dev).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

profile=${PROFILE:-dev}
cargo build --quiet --profile "$profile"
case "$profile" in dev) bin="$root/target/debug/tupu" ;; *) bin="$root/target/$profile/tupu" ;; esac

tmp=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" --db "$tmp/db" build --quiet
"$bin" --db "$tmp/db" serve --bind 127.0.0.1:0 2>"$tmp/serve.log" &
server=$!
url=""
for _ in $(seq 1 100); do
    url=$(grep -o 'on http://127\.0\.0\.1:[0-9]*' "$tmp/serve.log" | head -n1 | sed 's/^on //' || true)
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$tmp/serve.log"; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "tupu serve did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }
echo "tupu serve at $url"

cd tests/browser
if [ ! -d node_modules/playwright-core ]; then
    npm ci --no-audit --no-fund
fi
mkdir -p "${SHOTS:-$root/docs}"
TUPU_URL="$url" SHOTS="${SHOTS:-$root/docs}" CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" node explorer.test.mjs
