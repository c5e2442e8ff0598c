#!/usr/bin/env python3
"""Offsets that always slice (issue 17): every mention's and evidence's
CHARACTER offsets, from `tupu extract`, slice the original text to what the
record reports: `original[start:end]` equals the record's `original` field
when it has one, else its text (`text` of a mention, `sentence` of a
provenance); and the reported text is that slice with line breaks and white
space the normalisation removed (full-width letters and digits folded).

Usage: offsets_check.py TUPU [STORIES.jsonl] — checks the seeds and, when
given, every story of the JSON-lines corpus. Exit 1 on any mismatch.
"""

import json
import os
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fold(s):
    """White space removed, full-width ASCII folded (as normalisation does)."""
    out = []
    for c in s:
        if c.isspace() or unicodedata.category(c) in ("Cf", "Cc"):
            continue
        if "\uff01" <= c <= "\uff5e":
            c = chr(ord(c) - 0xFEE0)
        out.append(c)
    return "".join(out)


def check(tupu, inputs, originals):
    out = subprocess.run(
        [tupu, "--quiet", "extract", "--format", "jsonl", *inputs],
        capture_output=True, text=True, check=False,
    )
    checked, bad = 0, []
    for line in out.stdout.splitlines():
        ann = json.loads(line)
        text = originals[ann["doc"]]
        records = [(m, m["text"]) for e in ann["entities"] for m in e.get("mentions", [])]
        for r in ann.get("relations", []) + ann.get("attributes", []):
            p = r.get("provenance")
            if p:
                records.append((p, p["sentence"]))
        for rec, shown in records:
            piece = text[rec["start"]:rec["end"]]
            checked += 1
            if piece != rec.get("original", shown) or fold(piece) != fold(shown):
                bad.append((ann["doc"], rec["start"], rec["end"], shown, piece))
    return checked, bad


def main():
    tupu = sys.argv[1]
    seeds = os.path.join(ROOT, "data", "seeds")
    originals = {}
    for name in sorted(os.listdir(seeds)):
        with open(os.path.join(seeds, name), encoding="utf-8") as f:
            originals[name] = f.read()
    total, bad = check(tupu, [seeds], originals)
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    originals[str(r["id"])] = r["text"]
        n, b = check(tupu, ["--skip-empty", sys.argv[2]], originals)
        total, bad = total + n, bad + b
    for doc, s, e, shown, piece in bad[:20]:
        print(f"mismatch {doc} {s}..{e}: reported {shown!r}, original {piece!r}")
    print(f"offsets: {len(bad)} mismatches of {total} mentions and evidence")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
