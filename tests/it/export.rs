//! Every `tupu export` format read back by the reader people load it with:
//! NetworkX for GraphML, rdflib and Oxigraph for Turtle, TriG, N-Quads and
//! JSON-LD, a CSV reader and `neo4j-admin import`'s header rules for the
//! Neo4j CSV; and the `--out` extension rules of `export` and `draw`.
//!
//! The Python readers run through `scripts/read_export.py`. Without
//! networkx or rdflib a test prints `SKIPPED` and passes, except under CI
//! (`CI` set), where `.ci/run` installs them
//! (`scripts/requirements-test.txt`) and a missing module fails the test.

use crate::util::{root, run, seed_store};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::store::Store;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Writes `tupu export --format FORMAT` of the seeds to `dir/NAME` and
/// returns its path.
fn export_to(dir: &Path, format: &str, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let (code, _, err) = run(
        seed_store(),
        &[
            "export",
            "--format",
            format,
            "--out",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{format}: {err}");
    path
}

/// `scripts/read_export.py FORMAT FILE` as JSON (also used by
/// `readme.rs`), or `None` (printed as
/// SKIPPED) when python3 or the reader's module is missing outside CI.
pub fn python_read(format: &str, file: &Path) -> Option<Value> {
    let in_ci = std::env::var_os("CI").is_some();
    let out = match Command::new("python3")
        .arg(root().join("scripts/read_export.py"))
        .arg(format)
        .arg(file)
        .output()
    {
        Ok(o) => o,
        Err(e) if !in_ci => {
            eprintln!("SKIPPED: python3 not available ({e})");
            return None;
        }
        Err(e) => panic!("python3 is needed under CI: {e}"),
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(3) {
        assert!(
            !in_ci,
            "{stderr} (.ci/run installs scripts/requirements-test.txt)"
        );
        eprintln!("SKIPPED {format}: {stderr} (pip install -r scripts/requirements-test.txt)");
        return None;
    }
    assert!(
        out.status.success(),
        "{format} refused by its reader: {stderr}"
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// The seeds' quads as the store holds them, and their distinct triples.
fn seed_counts() -> (usize, usize) {
    let (code, out, err) = run(seed_store(), &["export", "--format", "nquads"]);
    assert_eq!(code, 0, "{err}");
    let store = Store::new().unwrap();
    store.load_from_slice(RdfFormat::NQuads, &out).unwrap();
    let quads = store.len().unwrap();
    let triples: BTreeSet<String> = store
        .iter()
        .map(|q| oxigraph::model::Triple::from(q.unwrap()).to_string())
        .collect();
    (quads, triples.len())
}

#[test]
fn graphml_loads_in_networkx_with_typed_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let path = export_to(tmp.path(), "graphml", "seeds.graphml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("directed=\"false\""),
        "NetworkX refuses undirected edges in a directed graph"
    );
    let nodes = text.matches("<node ").count();
    let edges = text.matches("<edge ").count();
    let symmetric = text.matches("<data key=\"symmetric\">true</data>").count();
    assert!(
        nodes > 150 && symmetric > 0,
        "{nodes} nodes, {symmetric} symmetric"
    );
    let Some(read) = python_read("graphml", &path) else {
        return;
    };
    assert_eq!(read["nodes"], nodes, "{read}");
    assert_eq!(read["edges"], edges, "{read}");
    assert_eq!(read["directed"], true);
    assert_eq!(read["symmetric_pairs_both_ways"], true, "{read}");
    // Typed keys come back typed.
    assert_eq!(read["types"]["degree"], "int", "{read}");
    assert_eq!(read["types"]["edge.symmetric"], "bool", "{read}");
    assert_eq!(read["types"]["edge.evidence_count"], "int", "{read}");
    for key in ["label", "type", "iri"] {
        assert!(
            read["node_keys"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k == key),
            "{read}"
        );
    }
    for key in ["predicate", "label", "evidence", "articles"] {
        assert!(
            read["edge_keys"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k == key),
            "{read}"
        );
    }
}

#[test]
fn rdf_exports_load_in_rdflib_and_oxigraph() {
    let tmp = tempfile::tempdir().unwrap();
    let (quads, triples) = seed_counts();
    assert!(triples < quads, "shared entities collapse in the union");
    for (format, name, oxi) in [
        ("turtle", "seeds.ttl", RdfFormat::Turtle),
        ("trig", "seeds.trig", RdfFormat::TriG),
        ("nquads", "seeds.nq", RdfFormat::NQuads),
        (
            "jsonld",
            "seeds.jsonld",
            RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        ),
    ] {
        let path = export_to(tmp.path(), format, name);
        let store = Store::new().unwrap();
        store
            .load_from_slice(oxi, &std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{format}: Oxigraph refuses it: {e}"));
        let want = if format == "turtle" { triples } else { quads };
        assert_eq!(store.len().unwrap(), want, "{format} through Oxigraph");
        let Some(read) = python_read(format, &path) else {
            continue;
        };
        if format == "turtle" {
            assert_eq!(read["triples"], triples, "{format}: {read}");
        } else {
            assert_eq!(read["quads"], quads, "{format}: {read}");
            // One named graph per article (five seeds).
            assert_eq!(read["graphs"], 5, "{format}: {read}");
        }
    }
}

#[test]
fn neo4j_csv_follows_the_import_header_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("neo4j");
    let (code, _, err) = run(
        seed_store(),
        &[
            "export",
            "--format",
            "neo4j",
            "--out",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    // `neo4j-admin database import`: a node file has one `:ID` column, a
    // relationship file `:START_ID`, `:END_ID` and `:TYPE`; a typed column is
    // `name:type` with a known type (`string[]` split on `;`); every record
    // has the header's field count; with the default settings no field has a
    // line break; every relationship end is a node `:ID`.
    let read = |name: &str| -> (Vec<String>, Vec<Vec<String>>) {
        let mut r = csv::Reader::from_path(dir.join(name)).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
            .collect();
        (header, rows)
    };
    let valid_type = |h: &str| match h.split_once(':') {
        None => true,
        Some(("", special)) => {
            ["ID", "LABEL", "START_ID", "END_ID", "TYPE", "IGNORE"].contains(&special)
        }
        Some((_, t)) => [
            "int",
            "long",
            "float",
            "double",
            "boolean",
            "byte",
            "short",
            "char",
            "string",
            "point",
            "date",
            "localtime",
            "time",
            "localdatetime",
            "datetime",
            "duration",
        ]
        .contains(&t.trim_end_matches("[]")),
    };
    let (nh, nodes) = read("nodes.csv");
    let (rh, rels) = read("relationships.csv");
    for h in nh.iter().chain(&rh) {
        assert!(valid_type(h), "header field {h:?}");
    }
    assert_eq!(nh.iter().filter(|h| *h == ":ID").count(), 1, "{nh:?}");
    for special in [":START_ID", ":END_ID", ":TYPE"] {
        assert_eq!(rh.iter().filter(|h| *h == special).count(), 1, "{rh:?}");
    }
    let id_col = nh.iter().position(|h| h == ":ID").unwrap();
    let ids: BTreeSet<&str> = nodes.iter().map(|r| r[id_col].as_str()).collect();
    assert_eq!(ids.len(), nodes.len(), "node ids are unique");
    assert!(nodes.len() > 150);
    for row in nodes.iter().chain(&rels) {
        assert!(row.iter().all(|f| !f.contains(['\n', '\r'])), "{row:?}");
    }
    let (s, e, t) = (
        rh.iter().position(|h| h == ":START_ID").unwrap(),
        rh.iter().position(|h| h == ":END_ID").unwrap(),
        rh.iter().position(|h| h == ":TYPE").unwrap(),
    );
    for row in &rels {
        assert_eq!(row.len(), rh.len());
        assert!(ids.contains(row[s].as_str()) && ids.contains(row[e].as_str()));
        assert!(!row[t].is_empty());
    }
    // Evidence with commas and quotes survives the quoting.
    assert!(
        rels.iter()
            .any(|r| r[3].contains('，') || r[3].contains('“')),
        "evidence sentences are written"
    );
}

#[test]
fn out_extension_is_honoured_or_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name).to_str().unwrap().to_owned();
    // No --format: the extension decides.
    let ttl = out("g.ttl");
    let (code, _, err) = run(seed_store(), &["export", "--out", &ttl]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&ttl)
        .unwrap()
        .starts_with("@prefix"));
    let jsonld = out("g.jsonld");
    let (code, _, err) = run(seed_store(), &["export", "--out", &jsonld]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&jsonld).unwrap()).unwrap();
    // Expanded JSON-LD: named graphs, each an article IRI with its `@graph`.
    let graphs = v.as_array().expect("a top-level array");
    assert!(graphs.iter().all(|g| g["@graph"].is_array()
        && g["@id"]
            .as_str()
            .is_some_and(|id| id.starts_with("https://tupu.dev/article/"))));
    // A format and an extension that disagree, or an unknown extension.
    for (args, msg) in [
        (
            vec!["export", "--format", "turtle", "--out", &out("g.graphml")],
            "does not fit --format turtle",
        ),
        (
            vec!["export", "--out", &out("g.xlsx")],
            "the extension names no export format",
        ),
        (
            vec!["draw", "--entity", "博世集团", "--out", &out("g.gif")],
            "cannot draw to .gif",
        ),
    ] {
        let (code, _, err) = run(seed_store(), &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(msg), "{args:?}: {err}");
    }
    assert!(!Path::new(&out("g.graphml")).exists());
    assert!(!Path::new(&out("g.xlsx")).exists());
}

#[test]
fn rank_accepts_subtypes() {
    let (code, out, err) = run(
        seed_store(),
        &[
            "rank", "--type", "Company", "--top", "50", "--format", "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(!rows.is_empty());
    // Every row is an Organization typed tupu:Company in the store.
    let (code, companies, err) = run(
        seed_store(),
        &[
            "query",
            "--format",
            "csv",
            "SELECT DISTINCT ?e WHERE { ?e a <https://tupu.dev/ontology#Company> }",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let companies: BTreeSet<&str> = companies.lines().skip(1).collect();
    for r in &rows {
        assert_eq!(r["type"], "Organization", "{r}");
        assert!(companies.contains(r["iri"].as_str().unwrap()), "{r}");
    }
    assert_eq!(rows.len(), companies.len().min(50));
    let (code, _, err) = run(seed_store(), &["rank", "--type", "Company2"]);
    assert_eq!(code, 2);
    assert!(err.contains("AdministrativeArea"), "{err}");
}
