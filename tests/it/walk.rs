//! Graph walks and pictures on the seed graph: `path`, `neighbors`, `rank`,
//! `components`, `draw`, and the GraphML / Neo4j / neighbourhood-DOT
//! exports. The seeds are built once per test run into
//! `CARGO_TARGET_TMPDIR`; every command here only reads the store.

use crate::util::{root, run, seed_store};
use quick_xml::events::Event;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const EXPO: &str = "2021中国国际智能产业博览会";

/// Runs a read-only command on the seeds and parses its JSON output.
fn json(args: &[&str]) -> Value {
    let (code, out, err) = run(seed_store(), args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

/// Checks `text` is well-formed XML (every element closed, names matching)
/// and returns the number of elements.
fn xml_elements(text: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(text);
    let (mut depth, mut elements) = (0i64, 0);
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                elements += 1;
            }
            Ok(Event::Empty(_)) => elements += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not XML at {}: {e}", reader.buffer_position()),
        }
        assert!(depth >= 0);
    }
    assert_eq!(depth, 0, "unclosed elements");
    elements
}

/// The original seed text between CHARACTER offsets, white space removed and
/// NFKC-folded (as the sentence in the store is).
fn seed_span(article: &str, start: u64, end: u64) -> String {
    let text = std::fs::read_to_string(root().join("data/seeds").join(article)).unwrap();
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect::<String>()
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn path_from_bosch_to_chongqing_has_hops_with_relations_and_evidence() {
    let v = json(&["path", "博世集团", "重庆", "--format", "json"]);
    // 重庆 is an alias of the place 重庆市.
    assert_eq!(v["to"]["label"], "重庆市");
    let paths = v["paths"].as_array().unwrap();
    assert!(!paths.is_empty());
    assert!(paths[0]["hops"].as_u64().unwrap() <= 3, "{}", paths[0]);
    let lengths: Vec<u64> = paths.iter().map(|p| p["hops"].as_u64().unwrap()).collect();
    assert!(lengths.windows(2).all(|w| w[0] <= w[1]), "{lengths:?}");
    for p in paths {
        let steps = p["steps"].as_array().unwrap();
        assert_eq!(steps.len() as u64, p["hops"].as_u64().unwrap());
        assert_eq!(steps[0]["from"]["label"], "博世集团");
        assert_eq!(steps[steps.len() - 1]["to"]["label"], "重庆市");
        for s in steps {
            let rels = s["relations"].as_array().unwrap();
            assert!(!rels.is_empty(), "{s}");
            for r in rels {
                // The relation in its real direction joins the hop's ends.
                let ends = [&s["from"]["iri"], &s["to"]["iri"]];
                assert!(ends.contains(&&r["subject"]["iri"]), "{r}");
                assert!(ends.contains(&&r["object"]["iri"]), "{r}");
                let ev = r["evidence"].as_array().unwrap();
                assert!(!ev.is_empty(), "{r}");
                for e in ev {
                    // The offsets point at the sentence in the original file.
                    let sentence: String = e["sentence"]
                        .as_str()
                        .unwrap()
                        .nfkc()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    let span = seed_span(
                        e["article"].as_str().unwrap(),
                        e["start"].as_u64().unwrap(),
                        e["end"].as_u64().unwrap(),
                    );
                    assert_eq!(span, sentence, "{e}");
                }
            }
        }
    }
    // Text: one line per path, an arrow with the Chinese relation per hop,
    // evidence lines naming the article.
    let (code, out, err) = run(seed_store(), &["path", "博世集团", "重庆"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("path 1 ("), "{out}");
    assert!(
        out.contains("博世集团 —签约于→ 2021中国国际智能产业博览会"),
        "{out}"
    );
    assert!(out.contains(".txt ["), "{out}");
}

#[test]
fn path_errors_name_close_matches_and_missing_paths() {
    let (code, _, err) = run(seed_store(), &["path", "博世集团公司", "重庆"]);
    assert_eq!(code, 1);
    assert!(err.contains("no entity named \"博世集团公司\""), "{err}");
    assert!(err.contains("closest entities: 博世集团"), "{err}");
    // Within zero hops nothing but the entity itself is reachable.
    let (code, out, err) = run(
        seed_store(),
        &["path", "博世集团", "重庆", "--max-hops", "0"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("no path between 博世集团 and 重庆市"), "{err}");
}

#[test]
fn neighbours_are_within_depth_and_relations_stay_inside() {
    let one = json(&["neighbors", EXPO, "--format", "json"]);
    let nodes = one["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["distance"], 0);
    assert_eq!(nodes[0]["label"], EXPO);
    assert!(nodes.iter().all(|n| n["distance"].as_u64().unwrap() <= 1));
    let iris: Vec<&str> = nodes.iter().map(|n| n["iri"].as_str().unwrap()).collect();
    assert!(iris.contains(&"https://tupu.dev/id/Organization/博世集团"));
    for r in one["relations"].as_array().unwrap() {
        assert!(iris.contains(&r["subject"].as_str().unwrap()), "{r}");
        assert!(iris.contains(&r["object"].as_str().unwrap()), "{r}");
    }
    let two = json(&["neighbors", EXPO, "--depth", "2", "--format", "json"]);
    assert!(two["nodes"].as_array().unwrap().len() > nodes.len());
}

#[test]
fn rank_filters_by_type_and_sorts_by_score() {
    let rows = json(&[
        "rank",
        "--type",
        "Organization",
        "--top",
        "5",
        "--format",
        "json",
    ]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r["type"] == "Organization"));
    let scores: Vec<f64> = rows.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let deg = json(&[
        "rank", "--method", "degree", "--top", "1", "--format", "json",
    ]);
    // The expo is the best-connected entity of the seeds.
    assert_eq!(deg[0]["label"], EXPO);
    // A subtype is a valid filter (export::rank_accepts_subtypes); an
    // unknown name is a usage error.
    let (code, _, err) = run(seed_store(), &["rank", "--type", "Firm"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown entity type"), "{err}");
}

#[test]
fn components_cover_every_entity_once() {
    let v = json(&["components", "--top", "100000", "--format", "json"]);
    let comps = v["components"].as_array().unwrap();
    assert_eq!(v["count"].as_u64().unwrap() as usize, comps.len());
    let sizes: Vec<usize> = comps
        .iter()
        .map(|c| c["entities"].as_array().unwrap().len())
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    let mut all: Vec<&str> = comps
        .iter()
        .flat_map(|c| c["entities"].as_array().unwrap())
        .map(|e| e["iri"].as_str().unwrap())
        .collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "an entity in two components");
    let (code, jsonl, _) = run(seed_store(), &["export", "--format", "jsonl"]);
    assert_eq!(code, 0);
    assert_eq!(n, jsonl.lines().count(), "every entity in some component");
    let first: Vec<&str> = comps[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().unwrap())
        .collect();
    assert!(first.contains(&"博世集团") && first.contains(&EXPO));
}

#[test]
fn graphml_neo4j_and_neighbourhood_dot_exports() {
    let (code, graphml, err) = run(seed_store(), &["export", "--format", "graphml"]);
    assert_eq!(code, 0, "{err}");
    assert!(xml_elements(&graphml) > 100);
    assert!(graphml.contains("<data key=\"label\">博世集团</data>"));
    assert!(graphml.contains("<data key=\"label_zh\">签约于</data>"));
    let nodes = graphml.matches("<node ").count();

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
    let n_csv = std::fs::read_to_string(dir.join("nodes.csv")).unwrap();
    let r_csv = std::fs::read_to_string(dir.join("relationships.csv")).unwrap();
    assert_eq!(
        n_csv.lines().next(),
        Some(":ID,name,iri,aliases:string[],:LABEL")
    );
    assert_eq!(
        r_csv.lines().next(),
        Some(":START_ID,:END_ID,:TYPE,evidence,articles:string[]")
    );
    assert_eq!(n_csv.lines().count() - 1, nodes);
    assert!(r_csv.lines().any(|l| l.starts_with(
        "https://tupu.dev/id/Organization/博世集团,https://tupu.dev/id/Event/2021中国国际智能产业博览会,signedAt,"
    )));
    let (code, _, err) = run(seed_store(), &["export", "--format", "neo4j"]);
    assert_eq!(code, 2, "{err}");

    let (code, dot, err) = run(
        seed_store(),
        &[
            "export",
            "--format",
            "dot",
            "--entity",
            "博世集团",
            "--depth",
            "1",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(dot.contains("label=\"博世集团\""), "{dot}");
    assert!(dot.contains("label=\"签约于\""), "{dot}");
    assert!(dot.contains("cluster_legend"), "{dot}");
    assert!(
        !dot.contains("重庆英才讲堂"),
        "only the neighbourhood: {dot}"
    );
    let (code, _, err) = run(
        seed_store(),
        &["export", "--format", "turtle", "--entity", "x"],
    );
    assert_eq!(code, 2, "{err}");
}

#[test]
fn draw_renders_the_expo_neighbourhood_as_svg() {
    if std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_err()
    {
        println!("skipped: Graphviz `dot` is not installed (.ci/run installs graphviz)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("expo.svg");
    let (code, _, err) = run(
        seed_store(),
        &[
            "draw",
            "--entity",
            EXPO,
            "--depth",
            "1",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("<svg"));
    assert!(xml_elements(&svg) > 50);
    assert!(
        svg.contains(">2021中国国际智能产业博览会</text>"),
        "Chinese label"
    );
    assert!(svg.contains(">博世集团</text>"), "a neighbour");
    // An unknown entity fails before Graphviz runs.
    let (code, _, err) = run(
        seed_store(),
        &["draw", "--entity", "无此实体", "--out", "x.svg"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("no entity named"), "{err}");
}
