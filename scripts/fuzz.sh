#!/usr/bin/env bash
# Runs each cargo-fuzz target of fuzz/ for a bounded time, one after the
# other, on one job (one core), and prints libFuzzer's final statistics.
#
#   scripts/fuzz.sh [SECONDS]      # default 600 s per target
#
# Targets: `normalize` (normalisation + offset map invariants,
# Document::check_offset_map) and `jsonl_reader` (arbitrary bytes as a
# .jsonl file through read_documents: a document or a clean error, never a
# panic). Not part of `cargo test`: it needs the nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz`). The corpus grows in
# fuzz/corpus/TARGET (git-ignored), starting from fuzz/seeds/TARGET; a crash
# is saved in fuzz/artifacts/TARGET and makes the script exit non-zero. The
# log of each run is fuzz/logs/TARGET.log.
set -euo pipefail

secs="${1:-600}"
case "$secs" in
  '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/../fuzz"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz)" >&2
  exit 2
fi

targets=(normalize jsonl_reader)
cargo +nightly fuzz build -O --debug-assertions
mkdir -p logs
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== $t: ${secs} s" >&2
  start=$(date +%s)
  # -timeout: an input taking 30 s is a hang (normalisation is linear).
  if ! cargo +nightly fuzz run -O --debug-assertions "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$secs" -timeout=30 -max_len=16384 -print_final_stats=1 \
      >"logs/$t.log" 2>&1; then
    status=1
    echo "fuzz.sh: $t FAILED, see fuzz/logs/$t.log and fuzz/artifacts/$t/" >&2
  fi
  end=$(date +%s)
  execs=$(grep -E '^stat::number_of_executed_units' "logs/$t.log" | awk '{print $2}' || true)
  cov=$(grep -E '^#[0-9]+.*DONE' "logs/$t.log" | tail -1 || true)
  echo "$t: $((end - start)) s wall, ${execs:-?} executions, corpus $(ls "corpus/$t" | wc -l) files; $cov" >&2
done
exit "$status"
