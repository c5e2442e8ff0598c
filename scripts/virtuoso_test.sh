#!/usr/bin/env bash
# The Virtuoso round trip (issue 6): start Debian's virtuoso-t on free
# loopback ports with its own temporary database and ini, push the seeds'
# graph with `tupu push` (SPARQL Update, then Graph Store PUT), and check that
# `tupu query --endpoint` and `tupu ask --endpoint` answer as the embedded
# store does. Virtuoso is stopped on exit, whatever happens.
#
#   scripts/virtuoso_test.sh                 # the round trip (.ci/run calls it)
#   VIRTUOSO_BENCH_NQ=all.nq scripts/virtuoso_test.sh
#       # also times pushing all.nq (tupu export --format nquads) and
#       # Virtuoso's own bulk loader (ld_dir + rdf_loader_run) on it
#
# Needs virtuoso-opensource (virtuoso-t, isql-vt) and python3 (free ports).
# TUPU names the binary (default: target/debug/tupu, brought up to date by
# `cargo build`).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in virtuoso-t isql-vt python3; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "virtuoso_test: $tool is missing (apt-get install virtuoso-opensource python3)" >&2
        exit 1
    }
done
if [ -z "${TUPU:-}" ]; then
    timeout 1800 cargo build --quiet
    TUPU=target/debug/tupu
fi
TUPU=$(realpath "$TUPU")

work=$(mktemp -d /tmp/tupu-virtuoso.XXXXXX)
vpid=""
cleanup() {
    if [ -n "$vpid" ] && kill -0 "$vpid" 2>/dev/null; then
        kill "$vpid" 2>/dev/null || true
        # virtuoso-t checkpoints on SIGTERM; give it a moment, then force.
        for _ in $(seq 1 50); do kill -0 "$vpid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$vpid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
sql_port=$(free_port)
http_port=$(free_port)
while [ "$http_port" = "$sql_port" ]; do http_port=$(free_port); done

# The Debian default ini, with the database in $work, our ports, no
# result-row cap (the default 10000 would cut the entity index of a large
# graph) and $work readable by the bulk loader.
mkdir -p "$work/db" "$work/load"
sed -e "s#/var/lib/virtuoso-opensource-7/db#$work/db#g" \
    -e "s/^\(ServerPort[[:space:]]*=[[:space:]]*\)1111/\1$sql_port/" \
    -e "s/^\(ServerPort[[:space:]]*=[[:space:]]*\)8890/\1$http_port/" \
    -e "s/^\(DefaultHost[[:space:]]*=[[:space:]]*\)localhost:8890/\1localhost:$http_port/" \
    -e "s/^\(ResultSetMaxRows[[:space:]]*=[[:space:]]*\).*/\10/" \
    -e "s/^\(MaxQueryExecutionTime[[:space:]]*=[[:space:]]*\).*/\1600/" \
    -e "s#^\(DirsAllowed[[:space:]]*=[[:space:]]*\).*#\1., /usr/share/virtuoso-opensource-7/vad, $work/load#" \
    -e "s/^\(NumberOfBuffers[[:space:]]*=[[:space:]]*\).*/\1${VIRTUOSO_BUFFERS:-10000}/" \
    -e "s/^\(MaxDirtyBuffers[[:space:]]*=[[:space:]]*\).*/\1$(( ${VIRTUOSO_BUFFERS:-10000} * 3 / 4 ))/" \
    /etc/virtuoso-opensource-7/virtuoso.ini > "$work/virtuoso.ini"
grep -q "ServerPort.*= *$http_port" "$work/virtuoso.ini" || {
    echo "virtuoso_test: could not set the HTTP port in the ini" >&2
    exit 1
}

echo "virtuoso_test: starting virtuoso-t (SQL $sql_port, HTTP $http_port) in $work"
(cd "$work/db" && exec virtuoso-t -f -c "$work/virtuoso.ini" > "$work/virtuoso.out" 2>&1) &
vpid=$!
endpoint="http://127.0.0.1:$http_port/sparql"
gsp="http://127.0.0.1:$http_port/sparql-graph-crud"
up=""
for _ in $(seq 1 240); do
    if ! kill -0 "$vpid" 2>/dev/null; then
        echo "virtuoso_test: virtuoso-t exited:" >&2
        tail -20 "$work/virtuoso.out" >&2
        exit 1
    fi
    if timeout 10 "$TUPU" -q query --endpoint "$endpoint" 'ASK {}' >/dev/null 2>&1; then
        up=1
        break
    fi
    sleep 0.5
done
[ -n "$up" ] || { echo "virtuoso_test: /sparql did not answer within 120 s" >&2; exit 1; }

isql() { timeout 3600 isql-vt "$sql_port" dba dba "exec=$1" >"$work/isql.out" 2>&1 || { cat "$work/isql.out" >&2; return 1; }; }
# The anonymous SPARQL user may update (/sparql and /sparql-graph-crud);
# L_O_LOOK is needed to insert long literals (evidence sentences).
isql 'GRANT SPARQL_UPDATE TO "SPARQL"; GRANT EXECUTE ON DB.DBA.L_O_LOOK TO "SPARQL";'

db="$work/seeds.db"
t() { timeout 600 "$TUPU" --db "$db" "$@"; }
t -q build
count_query='SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://tupu.dev/article/")) }'
local_count=$(t query --format csv "$count_query" | tail -1 | tr -d '\r')

fail() { echo "virtuoso_test: FAIL: $*" >&2; exit 1; }

# 1. SPARQL Update push, then the README query over the endpoint.
t push --endpoint "$endpoint"
t query --file examples/signed_at_2021_expo.rq --format csv | sort > "$work/local.csv"
t query --endpoint "$endpoint" --file examples/signed_at_2021_expo.rq --format csv | sort > "$work/remote.csv"
[ "$(wc -l < "$work/local.csv")" -gt 5 ] || fail "the local signed-at answer is nearly empty"
diff "$work/local.csv" "$work/remote.csv" || fail "signed-at rows differ between the store and Virtuoso"
remote_count=$(t query --endpoint "$endpoint" --format csv "$count_query" | tail -1 | tr -d '\r')
[ "$remote_count" = "$local_count" ] || fail "Virtuoso holds $remote_count quads, the store $local_count"
echo "virtuoso_test: update push ok: $remote_count quads, $(($(wc -l < "$work/remote.csv") - 1)) signed-at rows"

# 2. Push again with Graph Store PUTs: idempotent, same quad count.
t push --endpoint "$endpoint" --graph-store "$gsp"
remote_count=$(t query --endpoint "$endpoint" --format csv "$count_query" | tail -1 | tr -d '\r')
[ "$remote_count" = "$local_count" ] || fail "after a second push Virtuoso holds $remote_count quads, the store $local_count"
t query --endpoint "$endpoint" --file examples/signed_at_2021_expo.rq --format csv | sort > "$work/remote2.csv"
diff "$work/local.csv" "$work/remote2.csv" || fail "signed-at rows differ after the second push"
echo "virtuoso_test: graph-store push ok (idempotent): $remote_count quads"

# 3. A seed question over the endpoint: same answers and evidence.
question='哪些公司在2021智博会上签约？'
t ask --format json "$question" > "$work/ask-local.json"
t ask --format json --endpoint "$endpoint" "$question" > "$work/ask-remote.json"
diff "$work/ask-local.json" "$work/ask-remote.json" || fail "ask --endpoint differs from the store"
grep -q '腾讯公司' "$work/ask-remote.json" || fail "ask --endpoint lost 腾讯公司"
echo "virtuoso_test: ask --endpoint ok"

# 4. Refused credentials: the authenticated Graph Store endpoint with a
# wrong password is an auth error (exit 3), not a retry loop.
set +e
t push --endpoint "$endpoint" --graph-store "$gsp-auth" --user dba --password wrong 2> "$work/auth.err"
code=$?
set -e
[ "$code" = 3 ] && grep -q "authentication refused (HTTP 401)" "$work/auth.err" \
    || { cat "$work/auth.err" >&2; fail "wrong password: exit $code"; }
echo "virtuoso_test: wrong password refused (exit 3)"

# Optional: load times of a large N-Quads file.
if [ -n "${VIRTUOSO_BENCH_NQ:-}" ]; then
    nq=$(realpath "$VIRTUOSO_BENCH_NQ")
    quads=$(wc -l < "$nq")
    isql 'RDF_GLOBAL_RESET();'
    s=$(date +%s%N)
    timeout 7200 "$TUPU" push --endpoint "$endpoint" --graph-store "$gsp" --jobs "${BENCH_JOBS:-4}" "$nq"
    e=$(date +%s%N)
    n=$(t query --endpoint "$endpoint" --format csv "$count_query" | tail -1 | tr -d '\r')
    echo "virtuoso_bench: tupu push (graph store, ${BENCH_JOBS:-4} jobs): $quads lines -> $n quads in $(( (e - s) / 1000000 )) ms"
    isql 'RDF_GLOBAL_RESET();'
    s=$(date +%s%N)
    timeout 7200 "$TUPU" push --endpoint "$endpoint" --jobs "${BENCH_JOBS:-4}" "$nq"
    e=$(date +%s%N)
    n=$(t query --endpoint "$endpoint" --format csv "$count_query" | tail -1 | tr -d '\r')
    echo "virtuoso_bench: tupu push (SPARQL update, ${BENCH_JOBS:-4} jobs): $quads lines -> $n quads in $(( (e - s) / 1000000 )) ms"
    isql 'RDF_GLOBAL_RESET();'
    cp "$nq" "$work/load/all.nq"
    s=$(date +%s%N)
    isql "ld_dir('$work/load', 'all.nq', 'http://tupu.dev/default'); rdf_loader_run(); checkpoint;"
    e=$(date +%s%N)
    n=$(t query --endpoint "$endpoint" --format csv "$count_query" | tail -1 | tr -d '\r')
    echo "virtuoso_bench: ld_dir + rdf_loader_run + checkpoint: $quads lines -> $n quads in $(( (e - s) / 1000000 )) ms"
fi
echo "virtuoso_test: ok"
