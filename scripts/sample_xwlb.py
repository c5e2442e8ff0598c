#!/usr/bin/env python3
"""A fixed sample of Xinwen Lianbo stories for repeatable throughput runs.

    scripts/sample_xwlb.py [N] [OUT] [CORPUS]

Writes N (default 2000) stories with a non-empty text, drawn with the fixed
seed 16 (issue 16) from CORPUS (default /work/shared/corpora/xwlb/stories.jsonl),
in corpus order, to OUT (default /tmp/xwlb-sample-N.jsonl); prints the number
of stories and characters (Unicode scalars) written.
"""
import json
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
out = sys.argv[2] if len(sys.argv) > 2 else f"/tmp/xwlb-sample-{n}.jsonl"
corpus = sys.argv[3] if len(sys.argv) > 3 else "/work/shared/corpora/xwlb/stories.jsonl"
lines = []
with open(corpus, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            t = json.loads(line).get("text")
            if isinstance(t, str) and t.strip():
                lines.append(line if line.endswith("\n") else line + "\n")
if n > len(lines):
    sys.exit(f"{corpus}: only {len(lines)} stories with text, {n} asked")
picked = sorted(random.Random(16).sample(range(len(lines)), n))
chars = 0
with open(out, "w", encoding="utf-8") as w:
    for i in picked:
        w.write(lines[i])
        chars += len(json.loads(lines[i])["text"])
print(n, chars, out)
