//! The store-backed commands: `build`, `query`, `stats`, `remove`, `export`,
//! on the bundled seeds. The seeds are built once per test run and backend
//! (into `CARGO_TARGET_TMPDIR`) and each test works on its own copy.
//!
//! Every test runs on each storage backend compiled in: `store::file::NAME`
//! always, `store::rocksdb::NAME` with `--features rocksdb`.

use crate::util::{copy_seeds_with, run, seeds, Backend};
use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::BTreeSet;
use std::path::Path;

/// Instantiates `fn name(b: Backend)` as the tests `file::name` and (with
/// the feature) `rocksdb::name`.
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod file {
            $(#[test] fn $name() { super::$name(super::Backend::File) })*
        }
        #[cfg(feature = "rocksdb")]
        mod rocksdb {
            $(#[test] fn $name() { super::$name(super::Backend::RocksDb) })*
        }
    };
}

backend_tests!(
    build_twice_gives_the_same_quads_and_a_fresh_process_sees_them,
    changed_article_is_replaced_not_added,
    example_query_prints_organisations_with_sentences,
    query_ask_construct_and_errors,
    remove_leaves_the_other_articles_unchanged,
    build_reports_bad_inputs_and_stores_the_good_ones,
    locked_store_is_exit_3,
    export_dot_and_turtle,
    stats_text_lists_every_type,
    readme_query_returns_the_gold_companies_of_the_2021_expo,
    build_report_lists_rejections_and_a_bad_path_is_an_error,
    a_killed_build_resumes_to_the_same_graph,
    ask_and_serve_read_the_store_and_see_a_later_write,
);

/// `build` for a new store with backend `b`, then `args`.
fn build_new<'a>(b: Backend, args: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["build", "--backend", b.name()];
    v.extend_from_slice(args);
    v
}

/// `tupu stats --format json` as a JSON value.
fn stats(dir: &Path) -> serde_json::Value {
    let (code, out, err) = run(dir, &["stats", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("stats --format json is JSON")
}

/// The single integer of a one-cell CSV query result.
fn count(dir: &Path, sparql: &str) -> u64 {
    let (code, out, err) = run(dir, &["query", "--format", "csv", sparql]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("n"), "{out}");
    lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .expect(&out)
}

const ALL_QUADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

fn build_twice_gives_the_same_quads_and_a_fresh_process_sees_them(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let (code, first, err) = run(dir.path(), &build_new(b, &[]));
    assert_eq!(code, 0, "{err}");
    assert!(first.contains("articles: 5 read, 5 added, 0 unchanged, 0 failed"));
    let before = stats(dir.path());
    let quads = before["quads"].as_u64().unwrap();
    assert!(quads > 1000, "{before}");
    assert_eq!(before["articles"], 5);
    assert!(before["entities"]["Organization"].as_u64().unwrap() > 10);
    assert!(before["relations"]["signedAt"].as_u64().unwrap() > 0);

    let (code, second, err) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        second.contains("articles: 5 read, 0 added, 5 unchanged, 0 failed"),
        "{second}"
    );
    assert!(second.contains(&format!("store: {quads} quads in 5 articles")));
    assert_eq!(stats(dir.path()), before);

    // Round trip: another process reads the persisted store.
    assert_eq!(count(dir.path(), ALL_QUADS), quads);
}

fn changed_article_is_replaced_not_added(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds_with(b, dir.path());
    let before = stats(dir.path());
    // Same file name as a seed, different content.
    let changed = dir.path().join("000_410003ede4b73390.txt");
    std::fs::write(&changed, "重庆日报讯 两江新区与腾讯公司签约。\n").unwrap();
    let (code, out, err) = run(dir.path(), &["build", changed.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 read, 1 added, 0 unchanged"), "{out}");
    let after = stats(dir.path());
    assert_eq!(after["articles"], 5);
    assert!(
        after["quads"].as_u64() < before["quads"].as_u64(),
        "{after}"
    );
}

fn example_query_prints_organisations_with_sentences(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds_with(b, dir.path());
    let rq = crate::util::root().join("examples/signed_at_2021_expo.rq");
    let (code, out, err) = run(dir.path(), &["query", "--file", rq.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("company"), "{out}");
    assert!(lines[0].contains("sentence"), "{out}");
    assert!(lines.len() >= 3, "at least one company: {out}");
    for row in &lines[2..] {
        // Every row names a seed article and carries a sentence of it (the
        // normalised text: lines broken by the layout are joined). Whether
        // the sentence really states a signing is the extractor's quality,
        // scored by `tupu eval`, not tested here.
        let cells: Vec<&str> = row.split("  ").filter(|c| !c.is_empty()).collect();
        assert_eq!(cells.len(), 3, "{row}");
        let (article, sentence) = (cells[1].trim(), cells[2].trim());
        let path = seeds().join(article);
        let original = std::fs::read_to_string(&path).expect(article);
        let doc = tupu::document::Document::new(article, "", original);
        assert!(doc.text.contains(sentence), "{article}: {sentence}");
    }
    // The library's example query agrees on the companies.
    let (code, json, err) = run(
        dir.path(),
        &[
            "query",
            "--format",
            "json",
            tupu::rdf::EVIDENCE_QUERY_EXAMPLE,
        ],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let labels: BTreeSet<&str> = json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["label"]["value"].as_str().unwrap())
        .collect();
    for row in &lines[2..] {
        let company = row.split("  ").next().unwrap();
        assert!(labels.contains(company), "{company} not in {labels:?}");
    }
}

fn query_ask_construct_and_errors(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds_with(b, dir.path());
    let (code, out, _) = run(
        dir.path(),
        &[
            "query",
            "ASK { ?e <http://www.w3.org/2000/01/rdf-schema#label> \"腾讯公司\"@zh }",
        ],
    );
    assert_eq!((code, out.as_str()), (0, "true\n"));
    let (code, out, err) = run(
        dir.path(),
        &["query", "CONSTRUCT { ?e a ?t } WHERE { ?e a ?t } LIMIT 3"],
    );
    assert_eq!(code, 0, "{err}");
    let triples = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(out.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("CONSTRUCT output is Turtle");
    assert_eq!(triples.len(), 3, "{out}");
    // Invalid SPARQL on a real store: one line, exit 2.
    let (code, out, err) = run(dir.path(), &["query", "SELECT * WHERE { ?s ?p"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("tupu: invalid SPARQL: "), "{err}");
    // No store at all: a store error.
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = run(empty.path(), &["query", ALL_QUADS]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("not a tupu store"), "{err}");
}

/// N-Quads lines of `export --format nquads`, minus those in `graph`.
fn nquads_outside(dir: &Path, graph: &str) -> BTreeSet<String> {
    let (code, out, err) = run(dir, &["export", "--format", "nquads"]);
    assert_eq!(code, 0, "{err}");
    let suffix = format!("<{graph}> .");
    out.lines()
        .filter(|l| !l.ends_with(&suffix))
        .map(str::to_owned)
        .collect()
}

fn remove_leaves_the_other_articles_unchanged(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds_with(b, dir.path());
    let id = "001_42766f52b4656d20.txt";
    let graph = tupu::rdf::article_graph(id).into_string();
    let before = nquads_outside(dir.path(), &graph);
    let total = stats(dir.path())["quads"].as_u64().unwrap();
    assert!((before.len() as u64) < total, "article {id} has quads");

    let (code, out, err) = run(dir.path(), &["remove", id]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "removed 1 article(s)\n");
    assert_eq!(nquads_outside(dir.path(), &graph), before);
    let s = stats(dir.path());
    assert_eq!(s["articles"], 4);
    assert_eq!(s["quads"].as_u64().unwrap(), before.len() as u64);

    // Unknown ids are errors; known ones in the same call are still removed.
    let (code, out, err) = run(dir.path(), &["remove", id, "004_f27004be77f55aa8.txt"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "removed 1 article(s)\n");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("tupu: {id}: no such article")),
        "{err}"
    );
    assert_eq!(stats(dir.path())["articles"], 3);
}

fn build_reports_bad_inputs_and_stores_the_good_ones(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = seeds().join("003_4093b89e4d5d4e75.txt");
    let missing = d.join("missing.txt");
    let binary = d.join("image.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let empty = d.join("empty.txt");
    std::fs::write(&empty, "\n \n").unwrap();
    let jsonl = d.join("corpus.jsonl");
    std::fs::write(
        &jsonl,
        "{\"id\": \"a1\", \"text\": \"两江新区与腾讯公司签约，共建腾讯西部云计算数据中心二期项目。\"}\n\
         {\"id\": \"a2\", \"text\": \n",
    )
    .unwrap();
    let paths = [&good, &missing, &binary, &empty, &jsonl];
    let mut args = build_new(b, &[]);
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let (code, out, err) = run(d, &args);
    assert_eq!(code, 1, "{err}");
    let errors: Vec<&str> = err.lines().collect();
    assert_eq!(errors.len(), 4, "{err}");
    assert!(errors[0].starts_with(&format!("tupu: {}: no such file", missing.display())));
    assert!(errors[1].starts_with(&format!("tupu: {}: binary", binary.display())));
    assert!(errors[2].starts_with(&format!("tupu: {}: empty file", empty.display())));
    assert!(errors[3].starts_with(&format!("tupu: {}:2: malformed JSON", jsonl.display())));
    assert!(
        out.contains("articles: 2 read, 2 added, 0 unchanged, 4 failed"),
        "{out}"
    );
    assert_eq!(stats(d)["articles"], 2);
}

fn locked_store_is_exit_3(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds_with(b, dir.path());
    let holder = tupu::store::open(dir.path().join("db")).expect("lock taken");
    assert_eq!(holder.backend(), b);
    for args in [&["build"][..], &["remove", "001_42766f52b4656d20.txt"][..]] {
        let (code, _, err) = run(dir.path(), args);
        assert_eq!(code, 3, "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("store is locked by another tupu process"),
            "{err}"
        );
    }
    // Readers take no lock.
    assert_eq!(stats(dir.path())["articles"], 5);
    drop(holder);
    let (code, _, err) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{err}");
}

fn export_dot_and_turtle(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds_with(b, dir.path());
    let (code, dot, err) = run(dir.path(), &["export", "--format", "dot"]);
    assert_eq!(code, 0, "{err}");
    assert!(dot.starts_with("digraph"), "{}", &dot[..dot.len().min(200)]);
    assert!(dot.contains("\"科大讯飞\""), "a Chinese node label");

    // Turtle re-parses, and holds every distinct triple of the union.
    let out = dir.path().join("graph.ttl");
    let (code, stdout, err) = run(
        dir.path(),
        &[
            "export",
            "--format",
            "turtle",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    let ttl = std::fs::read(&out).unwrap();
    let triples = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&ttl)
        .map(|t| t.map(|t| t.to_string()))
        .collect::<Result<BTreeSet<_>, _>>()
        .expect("export --format turtle re-parses");
    let distinct = count(
        dir.path(),
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
    );
    assert_eq!(triples.len() as u64, distinct);
    // No temporary file is left beside the output.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");

    // JSON lines: one entity per line.
    let (code, jsonl, err) = run(dir.path(), &["export", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let entities = stats(dir.path())["entities"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(jsonl.lines().count() as u64, entities);
}

fn stats_text_lists_every_type(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds_with(b, dir.path());
    let (code, out, err) = run(dir.path(), &["stats"]);
    assert_eq!(code, 0, "{err}");
    for name in [
        "articles  5",
        "Organization",
        "Project",
        "signedAt",
        "incubatedBy",
        "jobTitle",
    ] {
        assert!(out.contains(name), "{name}: {out}");
    }
}

/// The README's query returns exactly the companies that the gold says signed
/// at the 2021 expo (companies that are not a branch of another), each with
/// an evidence sentence.
fn readme_query_returns_the_gold_companies_of_the_2021_expo(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds_with(b, dir.path());
    // Expected: from the gold annotations, not written here.
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for gold in tupu::eval::load_gold_dir(&crate::util::root().join("data/gold")).unwrap() {
        for r in gold
            .relations
            .iter()
            .filter(|r| r.p == tupu::annotation::Predicate::SignedAt)
        {
            let (s, o) = (gold.entity(&r.s).unwrap(), gold.entity(&r.o).unwrap());
            let expo = o.name == "2021中国国际智能产业博览会"
                || o.aliases.iter().any(|a| a == "2021智博会");
            let branch = gold
                .relations
                .iter()
                .any(|x| x.s == s.id && x.p == tupu::annotation::Predicate::SubOrganizationOf);
            if expo && s.subtype == Some(tupu::annotation::Subtype::Company) && !branch {
                expected.insert(s.name.clone());
            }
        }
    }
    assert_eq!(expected.len(), 10, "{expected:?}");
    let rq = crate::util::root().join("examples/signed_at_2021_expo.rq");
    let (code, json, err) = run(
        dir.path(),
        &["query", "--format", "json", "--file", rq.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = json["results"]["bindings"].as_array().unwrap();
    let got: BTreeSet<String> = rows
        .iter()
        .map(|b| b["company"]["value"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(got, expected);
    assert!(rows.iter().all(|b| b["sentence"]["value"]
        .as_str()
        .is_some_and(|s| !s.is_empty())));
}

/// `build --report FILE` writes the ontology check's rejections as JSON
/// lines (the seeds conform: an empty file, and the summary says 0); an
/// unwritable report path is an error naming it, before anything is stored.
fn build_report_lists_rejections_and_a_bad_path_is_an_error(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("rejected.jsonl");
    let (code, out, err) = run(
        dir.path(),
        &build_new(b, &["--report", report.to_str().unwrap()]),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(0 rejected by the ontology)"), "{out}");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "");

    let other = tempfile::tempdir().unwrap();
    let bad = other.path().join("no/such/dir/rejected.jsonl");
    let (code, _, err) = run(
        other.path(),
        &build_new(b, &["--report", bad.to_str().unwrap()]),
    );
    assert_ne!(code, 0);
    assert!(err.contains("no/such/dir/rejected.jsonl"), "{err}");
    let (_, out, _) = run(other.path(), &["stats", "--format", "json"]);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(stats["articles"].as_u64().unwrap_or(0), 0, "{out}");
}

/// A corpus of a few hundred short articles made from the seeds'
/// paragraphs (one JSON line each), so that a build takes long enough to be
/// killed part-way.
fn paragraph_corpus(path: &Path) -> usize {
    let mut out = String::new();
    let mut n = 0;
    let mut names: Vec<_> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for file in names {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, para) in text.split("\n\n").enumerate() {
            if para.trim().chars().count() < 20 {
                continue;
            }
            let id = format!("{}#{i}", file.file_name().unwrap().to_string_lossy());
            out.push_str(&serde_json::json!({ "id": id, "text": para }).to_string());
            out.push('\n');
            n += 1;
        }
    }
    std::fs::write(path, out).unwrap();
    n
}

/// `tupu build` killed with SIGKILL at several points and run again ends
/// with exactly the graph of an uninterrupted build (batches commit
/// atomically; the re-run skips what is stored and does the rest).
fn a_killed_build_resumes_to_the_same_graph(b: Backend) {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("paragraphs.jsonl");
    let n = paragraph_corpus(&corpus);
    assert!(n > 50, "{n} paragraphs");
    let corpus = corpus.to_str().unwrap();

    let whole = tmp.path().join("whole");
    std::fs::create_dir_all(&whole).unwrap();
    let mut args = vec!["-q"];
    args.extend(build_new(b, &[corpus]));
    let (code, _, err) = run(&whole, &args);
    assert_eq!(code, 0, "{err}");
    let (_, expected, _) = run(&whole, &["export", "--format", "nquads"]);
    assert!(!expected.is_empty());

    // Kill points: after 50 ms (before the first commit), and as soon as
    // the manifest (the file backend's `manifest.json`, the count in
    // RocksDB's `store.json`, rewritten after each commit) lists at least
    // 1, n/3 and 2n/3 articles. `partial`: whether some kill left a store
    // with part of the corpus (else the test would not test resuming).
    let committed = |dir: &Path| -> usize {
        let file = tupu::store::change_file(&dir.join("db"));
        std::fs::read_to_string(file)
            .ok()
            .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
            .and_then(|v| match &v["articles"] {
                serde_json::Value::Object(a) => Some(a.len()),
                n => n.as_u64().map(|n| n as usize),
            })
            .unwrap_or(0)
    };
    let mut partial = false;
    for (k, target) in [0, 1, n / 3, 2 * n / 3].into_iter().enumerate() {
        let dir = tmp.path().join(format!("killed-{k}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tupu"))
            .current_dir(&dir)
            .env_remove("TUPU_DB")
            .args(["--db", "db", "-q"])
            .args(build_new(b, &["--batch", "4", corpus]))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        loop {
            std::thread::sleep(std::time::Duration::from_millis(5));
            let done = child.try_wait().unwrap().is_some();
            let ready = if target == 0 {
                start.elapsed().as_millis() >= 50
            } else {
                committed(&dir) >= target
            };
            if done || ready {
                break;
            }
        }
        let _ = child.kill(); // SIGKILL on Unix; a no-op if it has finished
        let _ = child.wait();
        let stored = committed(&dir);
        partial |= stored > 0 && stored < n;
        let mut args = vec!["-q"];
        args.extend(build_new(b, &["--batch", "4", corpus]));
        let (code, _, err) = run(&dir, &args);
        assert_eq!(code, 0, "re-run after a kill at {stored} articles: {err}");
        assert_eq!(tupu::store::detect(&dir.join("db")).unwrap(), Some(b));
        let (_, got, _) = run(&dir, &["export", "--format", "nquads"]);
        assert!(
            got == expected,
            "the graph after a kill at {stored} articles differs"
        );
    }
    assert!(partial, "no kill landed in the middle of the build");
}

/// The readers on each backend: `tupu ask` answers from the store, and a
/// server (in-process, read-only, no lock) answers SPARQL and reloads after
/// another process writes the store (`tupu remove` takes the lock meanwhile).
fn ask_and_serve_read_the_store_and_see_a_later_write(b: Backend) {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds_with(b, dir.path());
    let (code, out, err) = run(
        dir.path(),
        &["ask", "--format", "json", "两江新区与哪些企业签约？"],
    );
    assert_eq!(code, 0, "{err}");
    for company in ["腾讯公司", "科大讯飞"] {
        assert!(out.contains(company), "{company}: {out}");
    }

    let mut config = tupu::serve::ServeConfig::new(dir.path().join("db"));
    config.reload_ms = 100;
    let s = tupu::serve::spawn(config, "127.0.0.1:0").expect("the server starts");
    let get = |path: &str| -> String {
        ureq::get(&format!("{}{path}", s.url()))
            .call()
            .expect("200")
            .into_string()
            .expect("UTF-8")
    };
    let articles = || -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(&get("/api/stats")).unwrap()["articles"].clone()
    };
    assert_eq!(articles(), 5);
    let ask = "ASK { ?e <http://www.w3.org/2000/01/rdf-schema#label> \"腾讯公司\"@zh }";
    let url = format!(
        "/sparql?query={}",
        form_urlencoded::byte_serialize(ask.as_bytes()).collect::<String>()
    );
    assert!(get(&url).contains("true"));

    let (code, _, err) = run(dir.path(), &["remove", "002_37cb68cf616920c1.txt"]);
    assert_eq!(code, 0, "{err}");
    // A liveness bound, not a speed assertion: reloads are checked every
    // 100 ms.
    let started = std::time::Instant::now();
    while articles() != 4 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the server did not reload"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(stats(dir.path())["articles"], 4);
}
