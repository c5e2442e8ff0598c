//! `tupu extract --format nquads --shard I/N` and `tupu load`: shards of the
//! bundled seeds, written independently, hold exactly the quads of `tupu
//! build` (their union is the build's export, and they are disjoint), and
//! loading them gives the build's store.

use crate::util::{run, seed_store, tupu};
use std::collections::BTreeSet;
use std::path::Path;

/// `tupu export --format nquads` of the store in `dir`.
fn export(dir: &Path) -> String {
    let (code, out, err) = run(dir, &["export", "--format", "nquads"]);
    assert_eq!(code, 0, "{err}");
    out
}

/// The graph names (last term) of N-Quads lines.
fn graphs(nq: &str) -> BTreeSet<String> {
    nq.lines()
        .map(|l| {
            let l = l.trim_end().trim_end_matches('.').trim_end();
            let start = l.rfind(" <").expect("a named graph");
            l[start + 1..].to_owned()
        })
        .collect()
}

/// Writes shard `i` of `n` of the seeds to `dir/shard-i.nq`; returns its
/// text.
fn shard(dir: &Path, i: u32, n: u32) -> String {
    let out = dir.join(format!("shard-{i}.nq"));
    let (code, stdout, err) = run(
        dir,
        &[
            "extract",
            "--format",
            "nquads",
            "--shard",
            &format!("{i}/{n}"),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty(), "--out leaves stdout empty: {stdout}");
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn shards_partition_the_build_and_load_back_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let built = export(seed_store());
    let shards: Vec<String> = (0..3).map(|i| shard(dir.path(), i, 3)).collect();

    // Disjoint: no article graph is in two shards, and each graph is in
    // the shard its id hashes to.
    let mut seen = BTreeSet::new();
    for (i, s) in shards.iter().enumerate() {
        for g in graphs(s) {
            assert!(seen.insert(g.clone()), "{g} in two shards");
            let iri = oxigraph::model::NamedNode::new(g.trim_matches(['<', '>'])).unwrap();
            let id = tupu::rdf::article_id_from_iri(iri.as_ref()).expect("an article graph");
            assert_eq!(tupu::bulk::shard_of(&id, 3), i as u32, "{id}");
        }
    }
    assert_eq!(seen.len(), 5, "every seed article is in some shard");
    assert!(
        shards.iter().filter(|s| !s.is_empty()).count() >= 2,
        "the five seeds do not all hash to one shard"
    );

    // The union, sorted, is the build's export (which is sorted).
    let mut union: Vec<&str> = shards.iter().flat_map(|s| s.lines()).collect();
    union.sort_unstable();
    let built_lines: Vec<&str> = built.lines().collect();
    assert_eq!(union.len(), built_lines.len());
    assert!(
        union == built_lines,
        "the shards' union differs from the build"
    );

    // Loading the shards (one from standard input) gives the build's store.
    let (code, out, err) = run(
        dir.path(),
        &[
            "load",
            dir.path().join("shard-0.nq").to_str().unwrap(),
            dir.path().join("shard-1.nq").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("loaded: "), "{out}");
    let out = tupu(dir.path())
        .args(["load", "-"])
        .write_stdin(shards[2].clone())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(export(dir.path()), built);
    // The manifest is the build's too: the same articles and hashes.
    let (_, a, _) = run(dir.path(), &["stats", "--format", "json"]);
    let (_, b, _) = run(seed_store(), &["stats", "--format", "json"]);
    assert_eq!(a, b);

    // Loading again replaces each article: still the same store.
    let all = dir.path().join("all.nq");
    std::fs::write(&all, &built).unwrap();
    let (code, _, err) = run(dir.path(), &["load", all.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(export(dir.path()), built);
}

#[test]
fn malformed_nquads_name_file_and_line_and_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let built = export(seed_store());
    let good = dir.path().join("good.nq");
    std::fs::write(&good, &built).unwrap();
    // A valid article graph, then a broken line (line 3 of the file).
    let mut lines = built.lines();
    let bad_text = format!(
        "{}\n{}\n<https://tupu.dev/id/x> <https://tupu.dev/ontology#p> \"open <https://tupu.dev/article/x> .\n",
        lines.next().unwrap(),
        lines.next().unwrap()
    );
    let bad = dir.path().join("bad.nq");
    std::fs::write(&bad, bad_text).unwrap();
    let (code, _, err) = run(
        dir.path(),
        &["load", good.to_str().unwrap(), bad.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("{}:3: malformed N-Quads", bad.display())),
        "{err}"
    );
    // Nothing stored, not even the good file's articles.
    assert!(!dir.path().join("db").exists(), "the store was not created");

    // A graph that is not a tupu article graph, and a quad in the default
    // graph, are refused too.
    let foreign = dir.path().join("foreign.nq");
    std::fs::write(
        &foreign,
        "<http://example.org/s> <http://example.org/p> \"o\" <http://example.org/g> .\n",
    )
    .unwrap();
    let (code, _, err) = run(dir.path(), &["load", foreign.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("graph <http://example.org/g> is not a tupu article graph"),
        "{err}"
    );
    let triple = dir.path().join("triple.nq");
    std::fs::write(
        &triple,
        "<http://example.org/s> <http://example.org/p> \"o\" .\n",
    )
    .unwrap();
    let (code, _, err) = run(dir.path(), &["load", triple.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("quad outside any named graph"), "{err}");
    assert!(!dir.path().join("db").exists());

    // --shard needs N-Quads output, and a shard index must be below N.
    let (code, _, err) = run(dir.path(), &["extract", "--shard", "0/2"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(
        dir.path(),
        &["extract", "--format", "nquads", "--shard", "2/2"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("invalid shard"), "{err}");
}
