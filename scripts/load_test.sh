#!/usr/bin/env bash
# Load test of `tupu serve` with wrk (Debian package `wrk`), from a second
# process on loopback.
#
# Phase 1: the seed store; wrk POSTs the README's signed-at query
#   (examples/signed_at_2021_expo.rq, application/sparql-query, Accept
#   text/csv) for DURATION with CONNECTIONS connections on THREADS threads.
#   Prints requests/s, p50/p99 latency and the non-2xx / socket error counts.
# Phase 2 (BUILD_ROWS > 0): the same server while `tupu build` writes the
#   first BUILD_ROWS stories of the Xinwen Lianbo corpus into the SAME store
#   (the server reloads its snapshot as the manifest changes); the server's
#   RSS is sampled every second from /proc, and wrk runs again meanwhile.
#
# Env: DURATION (20s), CONNECTIONS (8), THREADS (2), BUILD_ROWS (3000),
#      BUILD_WRK (wrk duration in phase 2, 60s),
#      CORPUS (/work/shared/corpora/xwlb/stories.jsonl), RELOAD_MS (2000).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
duration=${DURATION:-20s}
conns=${CONNECTIONS:-8}
threads=${THREADS:-2}
rows=${BUILD_ROWS:-3000}
corpus=${CORPUS:-/work/shared/corpora/xwlb/stories.jsonl}
reload_ms=${RELOAD_MS:-2000}
build_wrk=${BUILD_WRK:-60s}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
cargo build --release --quiet
bin="$root/target/release/tupu"

tmp=$(mktemp -d)
server=""
builder=""
cleanup() {
    for p in $builder $server; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

"$bin" --db "$tmp/db" build --quiet
"$bin" --db "$tmp/db" serve --bind 127.0.0.1:0 --reload-ms "$reload_ms" 2>"$tmp/serve.log" &
server=$!
url=""
for _ in $(seq 1 100); do
    url=$(grep -o 'on http://127\.0\.0\.1:[0-9]*' "$tmp/serve.log" | head -n1 | sed 's/^on //' || true)
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "tupu serve did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }

# The request: POST the README query; done() prints the numbers we report.
python3 - "$root/examples/signed_at_2021_expo.rq" > "$tmp/post.lua" <<'PY'
import json, sys
query = open(sys.argv[1], encoding="utf-8").read()
print('wrk.method = "POST"')
print('wrk.headers["Content-Type"] = "application/sparql-query"')
print('wrk.headers["Accept"] = "text/csv"')
print("wrk.body = " + json.dumps(query, ensure_ascii=False))
print('''
done = function(summary, latency, requests)
  local s = summary.duration / 1e6
  io.write(string.format("requests %d in %.1f s: %.1f req/s\\n", summary.requests, s, summary.requests / s))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  local e = summary.errors
  io.write(string.format("non-2xx %d; socket errors: connect %d, read %d, write %d, timeout %d\\n",
    e.status, e.connect, e.read, e.write, e.timeout))
end''')
PY

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server/status"; }

# A check that the query answers the ten companies before measuring.
rows_out=$(curl -s -H 'Content-Type: application/sparql-query' -H 'Accept: text/csv' \
    --data-binary @examples/signed_at_2021_expo.rq "$url/sparql" | wc -l)
[ "$rows_out" -eq 11 ] || { echo "expected 10 rows + header, got $rows_out lines" >&2; exit 1; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "== phase 1: seed store, wrk -t$threads -c$conns -d$duration, server RSS $(rss) MiB"
wrk -t"$threads" -c"$conns" -d"$duration" -s "$tmp/post.lua" "$url/sparql" | tail -n 3
echo "server RSS after phase 1: $(rss) MiB"

[ "$rows" -gt 0 ] || exit 0
head -n "$rows" "$corpus" > "$tmp/corpus.jsonl"
echo "== phase 2: tupu build of the first $rows stories into the same store while serving, wrk -d$build_wrk"
start=$(date +%s)
"$bin" --db "$tmp/db" build "$tmp/corpus.jsonl" > "$tmp/build.log" 2>"$tmp/build.err" &
builder=$!
(
    while kill -0 "$builder" 2>/dev/null; do
        rss >> "$tmp/rss.txt"
        sleep 1
    done
) &
sampler=$!
wrk -t"$threads" -c"$conns" -d"$build_wrk" -s "$tmp/post.lua" "$url/sparql" | tail -n 3
wait "$builder" || true
builder=""
end=$(date +%s)
wait "$sampler" || true
echo "build: $((end - start)) s wall"
grep -E '^(articles|store):' "$tmp/build.log" || true
echo "server RSS during the build (1 s samples): min $(sort -n "$tmp/rss.txt" | head -n1) MiB, max $(sort -n "$tmp/rss.txt" | tail -n1) MiB, samples $(wc -l < "$tmp/rss.txt")"
# Wait (at most 120 s) until the server has reloaded the final state.
want=$(grep -o 'quads in [0-9]* articles' "$tmp/build.log" | grep -o '[0-9]* articles' | grep -o '[0-9]*' || echo 0)
for _ in $(seq 1 240); do
    curl -s "$url/api/stats" | grep -q "\"articles\":$want," && break
    sleep 0.5
done
echo "server RSS after the build and the last reload: $(rss) MiB"
echo "stats: $(curl -s "$url/api/stats")"
echo "README query afterwards: $(curl -s -H 'Content-Type: application/sparql-query' -H 'Accept: text/csv' \
    --data-binary @examples/signed_at_2021_expo.rq "$url/sparql" | tail -n +2 | wc -l) rows"
