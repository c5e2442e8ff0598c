#!/usr/bin/env bash
# Browser test of the web explorer: builds tupu, builds the seed store in a
# temporary directory, starts `tupu serve` on 127.0.0.1 (a free port), and
# drives Debian's headless chromium through it with playwright-core
# (tests/browser/explorer.test.mjs). It also builds the first 2,000 stories
# of the shared Xinwen Lianbo corpus (../shared/corpora/xwlb/stories.jsonl,
# or $XWLB) into a second store and serves it for the archive-scale checks;
# without the corpus those checks are skipped with a message. Screenshots
# go to docs/explorer-*.png.
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
servers=()
cleanup() {
    for s in "${servers[@]}"; do kill "$s" 2>/dev/null || true; wait "$s" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

# serve DB LOG: starts `tupu serve` on a free port and sets $url.
serve() {
    "$bin" --db "$1" serve --bind 127.0.0.1:0 2>"$2" &
    local pid=$!
    servers+=("$pid")
    url=""
    for _ in $(seq 1 600); do
        url=$(grep -o 'on http://127\.0\.0\.1:[0-9]*' "$2" | head -n1 | sed 's/^on //' || true)
        [ -n "$url" ] && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$2" >&2; exit 1; }
        sleep 0.1
    done
    echo "tupu serve did not start" >&2; cat "$2" >&2; exit 1
}

"$bin" --db "$tmp/db" build --quiet
serve "$tmp/db" "$tmp/serve.log"
seeds_url=$url
echo "tupu serve (seeds) at $seeds_url"

archive_url=""
xwlb=${XWLB:-$root/../shared/corpora/xwlb/stories.jsonl}
if [ -f "$xwlb" ]; then
    head -n 2000 "$xwlb" >"$tmp/xwlb.jsonl"
    # 29 of these records have an empty text: reported, not fatal here.
    "$bin" --db "$tmp/archive" build --quiet "$tmp/xwlb.jsonl" || true
    serve "$tmp/archive" "$tmp/archive.log"
    archive_url=$url
    echo "tupu serve (2,000 xwlb stories) at $archive_url"
else
    echo "SKIPPED archive checks: no corpus at $xwlb"
fi

cd tests/browser
if [ ! -d node_modules/playwright-core ]; then
    npm ci --no-audit --no-fund
fi
mkdir -p "${SHOTS:-$root/docs}"
TUPU_URL="$seeds_url" TUPU_ARCHIVE_URL="$archive_url" SHOTS="${SHOTS:-$root/docs}" CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" node explorer.test.mjs
