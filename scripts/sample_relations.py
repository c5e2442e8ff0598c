#!/usr/bin/env python3
"""Draw a stratified sample of extracted relations for checking by hand.

    python3 scripts/sample_relations.py STORIES.jsonl EXCLUDE_IDS... \
        --system extract.jsonl --n 100 --seed 13 > sample.tsv

STORIES.jsonl is the corpus the system file was extracted from (JSON lines
with ``id`` and ``text``); ids listed in the EXCLUDE files (JSON lines with
``id``, or gold directories of ``<id>.json``) are never sampled, so the
sample stays outside the development and held-out sets. The sample takes
every predicate in proportion to its share of the extracted relations, with
at least 8 of each predicate that has 8 (fewer when the system has fewer).
Prints TSV: id, subject, predicate, object, evidence sentence, and an empty
``verdict`` column for the checker (``right`` / ``wrong: reason``).
Standard library only.
"""
import argparse, json, os, random, sys, collections


def excluded_ids(paths):
    out = set()
    for p in paths:
        if os.path.isdir(p):
            out |= {f[:-5] for f in os.listdir(p) if f.endswith(".json")}
        else:
            with open(p, encoding="utf-8") as f:
                out |= {json.loads(l)["id"] for l in f if l.strip()}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("stories", help="the corpus the system file was extracted from")
    ap.add_argument("exclude", nargs="*")
    ap.add_argument("--system", required=True)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    skip = excluded_ids(a.exclude)
    with open(a.stories, encoding="utf-8") as f:
        texts = {json.loads(l)["id"] for l in f if l.strip()}
    by_pred = collections.defaultdict(list)
    with open(a.system, encoding="utf-8") as f:
        for line in f:
            ann = json.loads(line)
            if ann["doc"] in skip or ann["doc"] not in texts:
                continue
            names = {e["id"]: e["name"] for e in ann["entities"]}
            for r in ann["relations"]:
                by_pred[r["p"]].append((ann["doc"], names[r["s"]], r["p"], names[r["o"]], r["evidence"]))
    total = sum(len(v) for v in by_pred.values())
    if total == 0:
        sys.exit("no relations in " + a.system)
    rng = random.Random(a.seed)
    quota = {p: max(min(8, len(v)), round(a.n * len(v) / total)) for p, v in by_pred.items()}
    while sum(quota.values()) > a.n:
        p = max(quota, key=lambda k: quota[k] - min(8, len(by_pred[k])))
        quota[p] -= 1
    print("id\tsubject\tpredicate\tobject\tevidence\tverdict")
    for p in sorted(by_pred):
        for row in rng.sample(by_pred[p], min(quota[p], len(by_pred[p]))):
            print("\t".join(x.replace("\t", " ").replace("\n", " ") for x in row) + "\t")


if __name__ == "__main__":
    main()
