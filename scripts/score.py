#!/usr/bin/env python3
"""Independent scorer for tupu output (Python 3, standard library only).

    python3 scripts/score.py --gold data/gold system.jsonl

Reads the gold directory (one JSON annotation per ``*.json`` file) and a
system file in JSON lines (one annotation per line, as written by
``tupu extract --format jsonl``), applies the scoring rules of
``ANNOTATION.md`` and prints the totals table (entities, entities-untyped,
relations, attributes) in the same format as ``tupu eval``.

Written from the specification, not from the Rust code, so that agreement of
the two is evidence that both implement the rules:

* articles are paired by ``doc``; a gold article without system output
  contributes only false negatives; system articles without gold are ignored
  (a repeated system ``doc`` is ignored after the first);
* names compare after NFKC, removal of all white space, and full-width
  brackets （）【】 written as ()[];
* an entity counts once per article (same type + same normalised name is one
  entity); alignment is one-to-one: first exact-name matches, then alias
  matches, each taking the first free gold entity in gold order;
* relation triples are sets over aligned entities, ``signedWith`` unordered;
* attributes: aligned subject, same attribute, value equal after
  normalisation, or jobTitle suffix rule (one title is a proper suffix of the
  other and the rest does not end in 副 or 常务), or both amounts equal in
  yuan; each gold attribute matched once (exact values first).

Exit status: 0 on success, 1 on unreadable or invalid input.
"""

import argparse
import json
import os
import re
import sys
import unicodedata
from decimal import Decimal

UNITS = {"": 0, "万": 4, "十万": 5, "百万": 6, "千万": 7, "亿": 8, "万亿": 12}


def norm(text):
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans("（）【】", "()[]"))
    return "".join(ch for ch in text if not ch.isspace())


def yuan(text):
    """Amount in yuan as a Decimal, or None (other currency, qualifier...)."""
    text = norm(text)
    if text.startswith("人民币"):
        text = text[len("人民币"):]
    m = re.fullmatch(r"([0-9][0-9,]*(?:\.[0-9]*)?)(|万|十万|百万|千万|亿|万亿)元", text)
    if not m:
        return None
    return Decimal(m.group(1).replace(",", "")).scaleb(UNITS[m.group(2)])


def title_match(a, b):
    a, b = norm(a), norm(b)
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if not shorter or not longer.endswith(shorter):
        return False
    rest = longer[: len(longer) - len(shorter)]
    return not (rest.endswith("副") or rest.endswith("常务"))


def value_match(kind, sys_value, gold_value):
    if norm(sys_value) == norm(gold_value):
        return True
    if kind == "jobTitle":
        return title_match(sys_value, gold_value)
    if kind == "investmentAmount":
        x, y = yuan(sys_value), yuan(gold_value)
        return x is not None and x == y
    return False


class Tally:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, other):
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


def fmt(num, den):
    return "-" if den == 0 else "%.4f" % (num / den)


def table(rows):
    width = max([16, len("total")] + [len(name) for name, _ in rows])
    lines = ["%-*s  %5s %5s %5s  %6s %6s %6s" % (width, "total", "TP", "FP", "FN", "P", "R", "F1")]
    for name, t in rows:
        lines.append("%-*s  %5d %5d %5d  %6s %6s %6s" % (
            width, name, t.tp, t.fp, t.fn,
            fmt(t.tp, t.tp + t.fp), fmt(t.tp, t.tp + t.fn),
            fmt(2 * t.tp, 2 * t.tp + t.fp + t.fn)))
    return "\n".join(lines)


def align(gold_entities, sys_entities, typed):
    """Map each system entity id to a gold entity index or to ('sys', key)."""
    groups = []  # (key, type, name)
    index_of_key = {}
    id_to_group = {}
    for e in sys_entities:
        key = (e["type"] if typed else None, norm(e["name"]))
        if key not in index_of_key:
            index_of_key[key] = len(groups)
            groups.append(key)
        id_to_group[e["id"]] = index_of_key[key]
    taken = set()
    group_gold = {}
    for use_alias in (False, True):
        for g, (etype, name) in enumerate(groups):
            if g in group_gold or not name:
                continue
            for j, ge in enumerate(gold_entities):
                if j in taken or (typed and ge["type"] != etype):
                    continue
                names = {norm(a) for a in ge.get("aliases", [])} if use_alias else {norm(ge["name"])}
                if name in names:
                    taken.add(j)
                    group_gold[g] = j
                    break
    ends = {}
    for ident, g in id_to_group.items():
        ends[ident] = ("gold", group_gold[g]) if g in group_gold else ("sys", g)
    return groups, group_gold, taken, ends


def score(gold, system):
    total = {k: Tally() for k in ("entities", "entities-untyped", "relations", "attributes")}
    for ann_gold in gold:
        ann_sys = system.get(ann_gold["doc"], {})
        gents = ann_gold.get("entities", [])
        sents = ann_sys.get("entities", [])
        gid = {e["id"]: j for j, e in enumerate(gents)}

        for typed, name in ((True, "entities"), (False, "entities-untyped")):
            groups, group_gold, taken, _ = align(gents, sents, typed)
            t = total[name]
            t.tp += len(group_gold)
            t.fp += len(groups) - len(group_gold)
            t.fn += len(gents) - len(taken)
        _, _, _, ends = align(gents, sents, True)

        def end(ident):
            return ends.get(ident, ("unknown", ident))

        def triple(p, s, o):
            return (p, frozenset([s, o])) if p == "signedWith" else (p, s, o)

        gold_triples = {triple(r["p"], ("gold", gid[r["s"]]), ("gold", gid[r["o"]]))
                        for r in ann_gold.get("relations", [])}
        sys_triples = {triple(r["p"], end(r["s"]), end(r["o"]))
                       for r in ann_sys.get("relations", [])}
        hits = len(gold_triples & sys_triples)
        t = total["relations"]
        t.tp += hits
        t.fp += len(sys_triples) - hits
        t.fn += len(gold_triples) - hits

        gold_attrs, seen = [], set()
        for a in ann_gold.get("attributes", []):
            key = (gid[a["s"]], a["p"], norm(a["value"]))
            if key not in seen:
                seen.add(key)
                gold_attrs.append((("gold", gid[a["s"]]), a["p"], a["value"]))
        sys_attrs, seen = [], set()
        for a in ann_sys.get("attributes", []):
            key = (end(a["s"]), a["p"], norm(a["value"]))
            if key not in seen:
                seen.add(key)
                sys_attrs.append((end(a["s"]), a["p"], a["value"]))
        used, matched = set(), set()
        for loose in (False, True):
            for i, (s, p, v) in enumerate(sys_attrs):
                if i in matched or s[0] != "gold":
                    continue
                for j, (gs, gp, gv) in enumerate(gold_attrs):
                    if j in used or gs != s or gp != p:
                        continue
                    ok = value_match(p, v, gv) if loose else norm(v) == norm(gv)
                    if ok:
                        used.add(j)
                        matched.add(i)
                        break
        t = total["attributes"]
        t.tp += len(matched)
        t.fp += len(sys_attrs) - len(matched)
        t.fn += len(gold_attrs) - len(used)
    return total


def fail(message):
    print("score.py: " + message, file=sys.stderr)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", required=True, help="directory of gold *.json files")
    ap.add_argument("system", help="system output, JSON lines (tupu extract --format jsonl)")
    args = ap.parse_args()

    gold = []
    try:
        names = sorted(n for n in os.listdir(args.gold) if n.endswith(".json"))
    except OSError as e:
        fail("%s: %s" % (args.gold, e.strerror))
    if not names:
        fail("%s: no *.json gold files" % args.gold)
    for n in names:
        path = os.path.join(args.gold, n)
        try:
            with open(path, encoding="utf-8") as f:
                gold.append(json.load(f))
        except (OSError, ValueError) as e:
            fail("%s: %s" % (path, e))
    system = {}
    try:
        with open(args.system, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError as e:
                    fail("%s:%d: %s" % (args.system, number, e))
                system.setdefault(rec["doc"], rec)
    except OSError as e:
        fail("%s: %s" % (args.system, e.strerror))
    total = score(gold, system)
    print(table([(k, total[k]) for k in ("entities", "entities-untyped", "relations", "attributes")]))


if __name__ == "__main__":
    main()
