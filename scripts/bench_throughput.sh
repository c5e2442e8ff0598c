#!/usr/bin/env bash
# Throughput of `tupu extract` against its floor, jieba-rs `tag` (the
# segmentation and POS tagging every jieba pipeline starts from:
# examples/jieba_tag.rs, the same jieba-rs crate tupu links), and against
# Python jieba's posseg; the start-up of `tupu extract` on one short
# article; the full build, opening the built store, and the 4x scaling run,
# side by side in one run. Prints a Markdown table, the ratio
# `tupu extract` / jieba-rs `tag` (whole process, one thread; issue 16's
# bar is <= 5), and keeps the raw `/usr/bin/time -v` reports in $OUT.
#
#   scripts/bench_throughput.sh [CORPUS.jsonl]
#
# CORPUS defaults to /work/shared/corpora/xwlb/stories.jsonl (10 M
# characters; `scripts/sample_xwlb.py` writes the fixed 2,000-story sample
# /tmp/xwlb-sample-2000.jsonl). QUICK=1 skips the build, store and 4x runs.
# Needs /usr/bin/time (GNU time), python3 (with jieba for the posseg rows:
# `pip install jieba`; without it those rows fail and are marked so) and a
# release build (made here). Each measurement is one process under
# `/usr/bin/time -v`: wall time and peak RSS (for the multiprocessing jieba
# run, the peak of the largest process). The load average (1 min) is read
# before each run: other processes on the machine slow every row.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-/work/shared/corpora/xwlb/stories.jsonl}"
out="${OUT:-$(mktemp -d /tmp/tupu-bench.XXXXXX)}"
mkdir -p "$out"
cd "$root"
cargo build --release --quiet
cargo build --release --quiet --example jieba_tag
bin="$root/target/release/tupu"
jieba_tag="$root/target/release/examples/jieba_tag"
printf '%s\n' '{"id":"short","text":"重庆市与腾讯公司签署战略合作协议。"}' >"$out/short.jsonl"

# Characters (Unicode scalars) and articles with a non-empty text: what
# both tools process.
read -r chars articles < <(python3 - "$corpus" <<'PY'
import json, sys
c = a = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        t = json.loads(line).get("text")
        if isinstance(t, str) and t.strip():
            c += len(t); a += 1
print(c, a)
PY
)

# The corpus 4 times, with distinct ids (`ID#k`).
python3 - "$corpus" "$out/x4.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], "w", encoding="utf-8") as w:
    for k in range(4):
        for line in open(sys.argv[1], encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                r["id"] = f"{r.get('id')}#{k}"
                w.write(json.dumps(r, ensure_ascii=False) + "\n")
PY

# measure NAME N_ARTICLES N_CHARS CMD... : runs CMD under /usr/bin/time -v
# (stdout to $out/NAME.out) and prints a table row.
measure() {
  local name="$1" n="$2" c="$3"
  shift 3
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  local rc=0
  /usr/bin/time -v -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    printf '| %s | failed (exit %s: %s) | | | | %s |\n' "$name" "$rc" "$(tail -1 "$out/$name.err")" "$load"
    return 0
  fi
  local wall rss secs
  wall=$(grep 'Elapsed (wall clock)' "$out/$name.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$out/$name.time" | awk '{print $NF}')
  secs=$(awk -v w="$wall" 'BEGIN { n = split(w, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
  local cps aps
  if [ "$n" -gt 0 ]; then
    cps=$(awk -v c="$c" -v s="$secs" 'BEGIN { printf "%.0f", c / s }')
    aps=$(awk -v a="$n" -v s="$secs" 'BEGIN { printf "%.0f", a / s }')
  else
    cps="—"; aps="—"
  fi
  printf '| %s | %.2f s | %s | %s | %.0f MiB | %s |\n' \
    "$name" "$secs" "$cps" "$aps" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$load"
  echo "$name $secs $rss" >>"$out/summary.txt"
}

: >"$out/summary.txt"
echo "corpus: $corpus ($articles articles with text, $chars characters); raw reports in $out"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -r)"
echo
echo '| run | wall | characters/s | articles/s | peak RSS | load (1 min) before |'
echo '|---|---|---|---|---|---|'
RAYON_NUM_THREADS=1 measure "tupu extract, 1 thread" "$articles" "$chars" "$bin" extract "$corpus"
measure "jieba-rs tag (example jieba_tag), 1 thread" "$articles" "$chars" "$jieba_tag" "$corpus"
RAYON_NUM_THREADS=2 measure "tupu extract, 2 threads" "$articles" "$chars" "$bin" extract "$corpus"
RAYON_NUM_THREADS=1 measure "tupu extract start-up (one short article), 1 thread" 0 0 "$bin" extract "$out/short.jsonl"
RAYON_NUM_THREADS=2 measure "tupu extract start-up (one short article), 2 threads" 0 0 "$bin" extract "$out/short.jsonl"
if python3 -c 'import jieba' 2>/dev/null; then
  measure "jieba posseg, 1 process" "$articles" "$chars" python3 "$root/scripts/jieba_posseg_bench.py" "$corpus"
  [ -z "${QUICK:-}" ] && measure "jieba posseg, 2 processes" "$articles" "$chars" python3 "$root/scripts/jieba_posseg_bench.py" --processes 2 "$corpus"
else
  echo "| jieba posseg | not run: python3 has no jieba (pip install jieba) | | | | |"
fi
if [ -z "${QUICK:-}" ]; then
rm -rf "$out/db"
RAYON_NUM_THREADS=2 measure "tupu build (full, fresh store), 2 threads" "$articles" "$chars" "$bin" --db "$out/db" build -q "$corpus"
measure "tupu stats (opens the built store)" 0 0 "$bin" --db "$out/db" stats
RAYON_NUM_THREADS=2 measure "tupu extract 4x corpus, 2 threads" "$((4 * articles))" "$((4 * chars))" "$bin" extract "$out/x4.jsonl"
fi

echo
for f in "tupu extract, 1 thread" "tupu extract, 2 threads" "tupu extract 4x corpus, 2 threads"; do
  [ -f "$out/$f.out" ] && printf '%s: %s records written\n' "$f" "$(wc -l <"$out/$f.out")"
done
cat "$out/jieba-rs tag (example jieba_tag), 1 thread.out" || true
awk '
  /^tupu extract, 1 thread / { t = $(NF-1) }
  /^tupu extract, 2 threads / { t2 = $(NF-1) }
  /^jieba-rs tag / { j = $(NF-1) }
  END {
    if (t > 0 && j > 0)
      printf "tupu extract / jieba-rs tag (whole process, 1 thread): %.1fx (bar <= 5)\n", t / j
    if (t > 0 && t2 > 0)
      printf "tupu extract 1 thread / 2 threads: %.2fx (bar >= 1.8)\n", t / t2
  }' "$out/summary.txt"
grep -h '^{' "$out/jieba posseg, 1 process.out" "$out/jieba posseg, 2 processes.out" || true
awk '
  /^tupu extract, 2 threads / { t1 = $(NF-1); m1 = $NF }
  /^tupu extract 4x corpus, 2 threads / { t4 = $(NF-1); m4 = $NF }
  END {
    if (t1 > 0 && m1 > 0 && t4 > 0)
      printf "4x / 1x (2 threads): time %.2fx (bar <= 4.4x), peak RSS %.2fx (bar <= 1.1x)\n", t4 / t1, m4 / m1
  }' "$out/summary.txt"
