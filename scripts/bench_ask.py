#!/usr/bin/env python3
"""Answer latency of `tupu ask` (issue 4's benchmark).

Runs every question of a questions file (default: data/questions/seeds.jsonl)
through `tupu ask --format json` against a store, once to warm the page cache
and then --repeat times, and prints the median and maximum wall time per
question in milliseconds (process start and store load included).

    python3 scripts/bench_ask.py --db tupu.db [--tupu target/release/tupu]
"""
import argparse
import json
import statistics
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="the store directory")
    ap.add_argument("--tupu", default="target/release/tupu", help="the tupu binary")
    ap.add_argument("--questions", default="data/questions/seeds.jsonl")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    questions = [json.loads(l)["question"] for l in open(args.questions, encoding="utf-8") if l.strip()]
    times = []
    answered = 0
    for q in questions:
        cmd = [args.tupu, "--db", args.db, "ask", "--format", "json", q]
        subprocess.run(cmd, capture_output=True)  # warm
        best = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True, text=True)
            best.append((time.perf_counter() - t) * 1000)
        if r.returncode == 0 and json.loads(r.stdout).get("answers"):
            answered += 1
        times.append(statistics.median(best))
    print(f"questions: {len(questions)}, with answers: {answered}")
    print(f"latency ms: median {statistics.median(times):.1f}, max {max(times):.1f}, min {min(times):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
