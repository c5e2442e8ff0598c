#!/usr/bin/env bash
# The endpoint and the CLI under abuse (issue 17), on 127.0.0.1 only:
# builds a store of the first ROWS (3000) Xinwen Lianbo stories (the seeds
# when the corpus is absent), serves it with a 3 s deadline and runs
# scripts/abuse_test.py (cross joins, slow clients, `tupu query --timeout`,
# SIGTERM in flight). Env: CORPUS, ROWS.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${CORPUS:-../shared/corpora/xwlb/stories.jsonl}
rows=${ROWS:-3000}
cargo build --release --quiet
bin="$PWD/target/release/tupu"
tmp=$(mktemp -d)
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$tmp"; }
trap cleanup EXIT
if [ -f "$corpus" ]; then
    head -n "$rows" "$corpus" > "$tmp/stories.jsonl"
    "$bin" --db "$tmp/db" --quiet build --skip-empty "$tmp/stories.jsonl"
else
    echo "abuse_test: $corpus is absent; using the seeds" >&2
    "$bin" --db "$tmp/db" --quiet build
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The usual open-file limit, so that the slow clients could exhaust it.
(ulimit -n 1024; exec "$bin" --db "$tmp/db" --quiet serve --bind "127.0.0.1:$port" --timeout-ms 3000) &
server=$!
python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(150):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/stats", timeout=1)
        break
    except OSError:
        time.sleep(0.2)
PY
python3 scripts/abuse_test.py "http://127.0.0.1:$port" "$server" 3000 "$bin" "$tmp/db"
