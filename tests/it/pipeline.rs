//! The library pipeline ([`tupu::pipeline`]) with each of its sinks — the
//! local store, a remote store (`tupu serve --allow-update` in-process on a
//! loopback port) and N-Quads — over the same faulty input: one set of
//! fault tests for `build`, `build --store` and `extract --shard`.

use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tupu::bulk::Shard;
use tupu::document::{read_documents, Document, ReadOptions};
use tupu::extract::Extractor;
use tupu::pipeline::{
    Extracted, Item, NQuadsSink, Pipeline, PipelineError, RemoteSink, Silent, Sink, StoreSink,
};
use tupu::remote::{Auth, RemoteStore};
use tupu::serve::{spawn, ServeConfig};
use tupu::store::{AnyStore, GraphStore};

const TOKEN: &str = "pipeline-t0ken";

/// The three shortest seed articles (23,000 bytes) and an empty file (an
/// unreadable input) in `dir/in`.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in SHORT_SEEDS {
        std::fs::copy(crate::util::seeds().join(name), input.join(name)).unwrap();
    }
    std::fs::write(input.join("empty.txt"), "  \n").unwrap();
    vec![input]
}

const SHORT_SEEDS: [&str; 3] = [
    "000_410003ede4b73390.txt",
    "001_42766f52b4656d20.txt",
    "004_f27004be77f55aa8.txt",
];

fn items(paths: &[PathBuf]) -> impl Iterator<Item = Item> {
    read_documents(paths, &ReadOptions::default())
}

/// Every quad of the store as N-Quads lines.
fn store_quads(store: &AnyStore) -> BTreeSet<String> {
    store
        .oxigraph()
        .quads_for_pattern(None, None, None, None)
        .map(|q| q.unwrap().to_string())
        .collect()
}

/// The quads of N-Quads bytes as lines.
fn parse_nquads(bytes: &[u8]) -> BTreeSet<String> {
    RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(bytes)
        .map(|q| q.expect("the sink writes valid N-Quads").to_string())
        .collect()
}

fn pipeline() -> Pipeline {
    Pipeline::new(Extractor::new()).batch_articles(2)
}

#[test]
fn every_sink_holds_the_same_quads_and_counts_the_same_faults() {
    let dir = tempfile::tempdir().unwrap();
    let paths = inputs(dir.path());

    let mut store = tupu::store::create(dir.path().join("tupu.db"), None).unwrap();
    let local = pipeline()
        .run(items(&paths), &mut StoreSink::new(&mut store), &Silent)
        .unwrap();
    assert_eq!(
        (local.read, local.added, local.failed, local.unchanged),
        (3, 3, 1, 0),
        "{local:?}"
    );
    let quads = store_quads(&store);
    assert_eq!(local.quads_in_store, quads.len());
    assert_eq!(local.quads_written, quads.len());
    assert_eq!(local.articles_in_store, 3);
    assert!(local.entities > 0 && local.relations > 0, "{local:?}");

    let mut bytes = Vec::new();
    let nq = pipeline()
        .run(
            items(&paths),
            &mut NQuadsSink::new(&mut bytes, "memory"),
            &Silent,
        )
        .unwrap();
    assert_eq!((nq.read, nq.added, nq.failed), (3, 3, 1));
    assert_eq!(parse_nquads(&bytes), quads, "N-Quads = the store's quads");
    assert_eq!(nq.entities, local.entities);

    let db = dir.path().join("remote");
    drop(tupu::store::FileStore::open(&db).unwrap());
    let mut config = ServeConfig::new(db);
    config.allow_update = true;
    config.token = Some(TOKEN.into());
    let server = spawn(config, "127.0.0.1:0").unwrap();
    let remote = RemoteStore::new(&format!("{}/sparql", server.url()))
        .unwrap()
        .with_auth(Auth::Bearer(TOKEN.into()));
    let mut sink = RemoteSink::new(&remote, 2).unwrap();
    let sent = pipeline().run(items(&paths), &mut sink, &Silent).unwrap();
    assert_eq!((sent.read, sent.added, sent.failed), (3, 3, 1));
    assert_eq!(
        sent.quads_in_store,
        quads.len(),
        "remote = the store's quads"
    );
    // A second run finds every article unchanged, on either store.
    let again = pipeline().run(items(&paths), &mut sink, &Silent).unwrap();
    assert_eq!((again.added, again.unchanged), (0, 3), "{again:?}");
    let again = pipeline()
        .run(items(&paths), &mut StoreSink::new(&mut store), &Silent)
        .unwrap();
    assert_eq!((again.added, again.unchanged), (0, 3), "{again:?}");
    assert_eq!(store_quads(&store), quads);
}

/// A sink that fails on its `fail_at`-th batch (1-based) and otherwise
/// writes into a store.
struct FailingSink<'a> {
    inner: StoreSink<'a>,
    batches: usize,
    fail_at: usize,
}

impl Sink for FailingSink<'_> {
    fn stored(&mut self) -> Result<std::collections::BTreeMap<String, String>, PipelineError> {
        self.inner.stored()
    }
    fn write_batch(&mut self, batch: &mut [Extracted]) -> Result<(), PipelineError> {
        self.batches += 1;
        if self.batches == self.fail_at {
            return Err(PipelineError::Write {
                what: "the test sink".into(),
                source: std::io::Error::other("disk full"),
            });
        }
        self.inner.write_batch(batch)
    }
    fn finish(&mut self) -> Result<usize, PipelineError> {
        self.inner.finish()
    }
}

#[test]
fn a_failing_sink_keeps_earlier_batches_and_a_rerun_completes_the_graph() {
    let dir = tempfile::tempdir().unwrap();
    let paths = inputs(dir.path());
    let mut clean = tupu::store::create(dir.path().join("clean.db"), None).unwrap();
    pipeline()
        .run(items(&paths), &mut StoreSink::new(&mut clean), &Silent)
        .unwrap();

    let db = dir.path().join("tupu.db");
    let mut store = tupu::store::create(&db, None).unwrap();
    let mut sink = FailingSink {
        inner: StoreSink::new(&mut store),
        batches: 0,
        fail_at: 2,
    };
    let err = Pipeline::new(Extractor::new())
        .batch_articles(1)
        .run(items(&paths), &mut sink, &Silent)
        .unwrap_err();
    assert_eq!(err.to_string(), "writing the test sink: disk full");
    drop(store);
    // The first batch (one article) is durable: a fresh open sees it.
    let mut store = tupu::store::create(&db, None).unwrap();
    assert_eq!(store.articles().unwrap().len(), 1);
    let rerun = pipeline()
        .run(items(&paths), &mut StoreSink::new(&mut store), &Silent)
        .unwrap();
    assert_eq!((rerun.unchanged, rerun.added), (1, 2), "{rerun:?}");
    assert_eq!(store_quads(&store), store_quads(&clean));
}

#[test]
fn a_repeated_id_is_written_after_its_earlier_version() {
    let dir = tempfile::tempdir().unwrap();
    let seeds: Vec<Document> = items(&inputs(dir.path())).filter_map(Result::ok).collect();
    let first = &seeds[0];
    let later = Document::new(
        first.id.clone(),
        "later",
        "重庆市人民政府与华为技术有限公司在重庆签署战略合作协议。",
    );
    let docs: Vec<Item> = vec![Ok(first.clone()), Ok(seeds[1].clone()), Ok(later.clone())];
    let mut store = tupu::store::create(dir.path().join("tupu.db"), None).unwrap();
    let s = Pipeline::new(Extractor::new())
        .batch_articles(10)
        .run(docs.into_iter(), &mut StoreSink::new(&mut store), &Silent)
        .unwrap();
    assert_eq!((s.read, s.added, s.articles_in_store), (3, 3, 2), "{s:?}");
    let stored = store.articles().unwrap();
    let kept = stored.iter().find(|a| a.id == first.id).unwrap();
    assert_eq!(kept.sha256, later.content_hash(), "the later version wins");
}

#[test]
fn shards_partition_the_articles_and_their_quads() {
    let dir = tempfile::tempdir().unwrap();
    let paths = inputs(dir.path());
    let mut all = Vec::new();
    pipeline()
        .run(
            items(&paths),
            &mut NQuadsSink::new(&mut all, "all"),
            &Silent,
        )
        .unwrap();
    let mut union = BTreeSet::new();
    let mut added = 0;
    for i in 0..2 {
        let shard: Shard = format!("{i}/2").parse().unwrap();
        let mut bytes = Vec::new();
        let s = pipeline()
            .shard(shard)
            .run(
                items(&paths),
                &mut NQuadsSink::new(&mut bytes, "shard"),
                &Silent,
            )
            .unwrap();
        assert_eq!(s.read, 3);
        assert_eq!(s.added + s.other_shard, 3, "{s:?}");
        assert_eq!(s.failed, 1, "each shard reports the unreadable input");
        added += s.added;
        let quads = parse_nquads(&bytes);
        assert!(union.is_disjoint(&quads), "a quad in two shards");
        union.extend(quads);
    }
    assert_eq!(added, 3);
    assert_eq!(union, parse_nquads(&all));
}

#[test]
fn a_report_that_cannot_be_created_is_an_error_before_anything_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let err = match pipeline().report(&dir.path().join("no/such/dir/report.jsonl")) {
        Ok(_) => panic!("a report in a missing directory was created"),
        Err(e) => e.to_string(),
    };
    assert!(
        err.starts_with("writing the report ") && err.contains("no/such/dir/report.jsonl"),
        "{err}"
    );
}
