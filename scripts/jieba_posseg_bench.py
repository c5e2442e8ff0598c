#!/usr/bin/env python3
"""POS-tag every article of a JSON-lines file with Python jieba's `posseg`.

The peer of `tupu extract` in scripts/bench_throughput.sh: the same records
(`id`/`text` fields; records with an empty text are skipped, as tupu reports
them as errors), every text cut and tagged with `jieba.posseg.cut` (jieba's
default dictionary, HMM on), in one process or in N processes
(`multiprocessing`, the dictionary loaded once before forking).

    python3 scripts/jieba_posseg_bench.py FILE.jsonl [--processes N]

Prints one JSON object: articles, characters (Unicode scalars), tokens,
processes and the seconds spent loading the dictionary and tagging.
Requires `pip install jieba`.
"""

import argparse
import json
import multiprocessing
import sys
import time

import jieba
import jieba.posseg as pseg


def tag(text):
    """Number of (word, POS) pairs jieba's posseg gives for `text`."""
    return sum(1 for _ in pseg.cut(text))


def read_texts(path, field):
    """The non-empty `field` strings of the JSON-lines file `path`."""
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            text = json.loads(line).get(field)
            if isinstance(text, str) and text.strip():
                texts.append(text)
    return texts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("jsonl")
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--text-field", default="text")
    args = ap.parse_args()
    texts = read_texts(args.jsonl, args.text_field)
    jieba.setLogLevel(60)
    t0 = time.perf_counter()
    jieba.initialize()
    # posseg loads its own tables on first use: warm it before timing.
    tag("重庆两江新区与腾讯公司签约。")
    t1 = time.perf_counter()
    if args.processes <= 1:
        tokens = sum(tag(t) for t in texts)
    else:
        with multiprocessing.get_context("fork").Pool(args.processes) as pool:
            tokens = sum(pool.imap(tag, texts, chunksize=64))
    t2 = time.perf_counter()
    json.dump(
        {
            "articles": len(texts),
            "characters": sum(len(t) for t in texts),
            "tokens": tokens,
            "processes": max(1, args.processes),
            "load_seconds": round(t1 - t0, 3),
            "tag_seconds": round(t2 - t1, 3),
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
