#!/usr/bin/env python3
"""Loads a tupu export with the reader people use for it and prints what it
read as one JSON object, so that a test can compare it with the store.

    python3 scripts/read_export.py FORMAT FILE

FORMAT is one of
  graphml   NetworkX `read_graphml`: {"nodes", "edges", "directed",
            "node_keys", "edge_keys", "types": {key: python type name},
            "symmetric_pairs_both_ways": bool, "labels": [first 5 labels]}
  turtle    rdflib Graph, Turtle: {"triples"}
  trig      rdflib Dataset, TriG: {"quads", "graphs"}
  nquads    rdflib Dataset, N-Quads: {"quads", "graphs"}
  jsonld    rdflib Dataset, JSON-LD: {"quads", "graphs"}
  query     SPARQLWrapper's reading of a .rq file: {"queryType"} (it
            guesses the form from the text, comments included)

Exit 3 with "missing module NAME" on stderr when networkx or rdflib is not
installed (or SPARQLWrapper, for query) (`pip install -r scripts/requirements-test.txt`); exit 1 when the
reader refuses the file (its message on stderr).
"""

import json
import sys


def need(module):
    try:
        return __import__(module)
    except ImportError:
        print(f"missing module {module}", file=sys.stderr)
        sys.exit(3)


def graphml(path):
    nx = need("networkx")
    g = nx.read_graphml(path)
    node_keys = sorted({k for _, d in g.nodes(data=True) for k in d})
    edge_keys = sorted({k for _, _, d in g.edges(data=True) for k in d})
    types = {}
    for _, d in g.nodes(data=True):
        for k, v in d.items():
            types.setdefault(k, type(v).__name__)
    for _, _, d in g.edges(data=True):
        for k, v in d.items():
            types.setdefault("edge." + k, type(v).__name__)
    both_ways = all(
        g.has_edge(v, u)
        for u, v, d in g.edges(data=True)
        if d.get("symmetric") is True
    )
    labels = sorted(d.get("label", "") for _, d in g.nodes(data=True))[:5]
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "directed": g.is_directed(),
        "node_keys": node_keys,
        "edge_keys": edge_keys,
        "types": types,
        "symmetric_pairs_both_ways": both_ways,
        "labels": labels,
    }


def rdf(path, fmt):
    rdflib = need("rdflib")
    if fmt == "turtle":
        g = rdflib.Graph()
        g.parse(path, format="turtle")
        return {"triples": len(g)}
    ds = rdflib.Dataset()
    ds.parse(path, format={"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt])
    quads = 0
    graphs = set()
    for _s, _p, _o, g in ds.quads((None, None, None, None)):
        quads += 1
        graphs.add(str(g))
    return {"quads": quads, "graphs": len(graphs)}


def query_type(path):
    sparqlwrapper = need("SPARQLWrapper")
    w = sparqlwrapper.SPARQLWrapper("http://127.0.0.1:1/sparql")
    with open(path, encoding="utf-8") as f:
        w.setQuery(f.read())
    return {"queryType": w.queryType}


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    fmt, path = sys.argv[1], sys.argv[2]
    try:
        if fmt == "graphml":
            out = graphml(path)
        elif fmt == "query":
            out = query_type(path)
        elif fmt in ("turtle", "trig", "nquads", "jsonld"):
            out = rdf(path, fmt)
        else:
            print(f"unknown format {fmt}", file=sys.stderr)
            sys.exit(2)
    except SystemExit:
        raise
    except Exception as e:  # the reader's refusal, reported as it is
        print(f"{path}: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    json.dump(out, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
