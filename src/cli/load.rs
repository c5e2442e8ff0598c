//! `tupu load FILES…`: N-Quads article graphs (shards of `tupu extract
//! --format nquads`, or `tupu export --format nquads`) into the store.

use super::build::{progress_bar, Progress};
use std::path::{Path, PathBuf};
use std::time::Instant;
use tupu::bulk::{article_meta, validate, GraphBlocks, NQuadsInput};
use tupu::rdf::ArticleMeta;
use tupu::store::GraphStore;

/// The most quads held for one store commit besides `--batch` articles:
/// memory is bounded by a batch, not by the input.
const BATCH_QUADS: usize = 1 << 20;

/// What a load did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LoadSummary {
    /// Article graphs read (a graph given twice counts twice; the last
    /// one is stored).
    pub graphs: usize,
    /// Quads read.
    pub quads_read: usize,
    /// Articles in the store afterwards.
    pub articles_in_store: usize,
    /// Quads in the store afterwards.
    pub quads_in_store: usize,
    /// Wall time in seconds (checking and storing).
    pub seconds: f64,
}

impl std::fmt::Display for LoadSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "loaded: {} article graphs, {} quads ({:.0} quads/s)",
            self.graphs,
            self.quads_read,
            self.quads_read as f64 / self.seconds.max(1e-9)
        )?;
        writeln!(
            f,
            "store: {} quads in {} articles",
            self.quads_in_store, self.articles_in_store
        )?;
        write!(f, "time: {:.2} s", self.seconds)
    }
}

/// Loads the N-Quads `files` (`-`: standard input) into the store at `db`
/// (opened for writing, created if missing): each article graph replaces
/// that article through [`GraphStore::replace_articles`] (manifest, lock
/// and crash safety as for `tupu build`), committed in batches of
/// `batch_articles` articles (or 2^20 quads).
///
/// Every file is read and checked ([`tupu::bulk::validate`]) before the
/// store is opened, so malformed N-Quads or a graph that is not a tupu
/// article graph stores nothing.
///
/// Errors: the first [`tupu::bulk::BulkError`] (naming FILE:LINE for a
/// syntax error); a store error (locked, I/O); articles committed before a
/// store error stay stored.
pub fn load(
    db: &Path,
    files: &[PathBuf],
    progress: Progress,
    batch_articles: usize,
) -> anyhow::Result<LoadSummary> {
    let start = Instant::now();
    let inputs = NQuadsInput::from_args(files)?;
    let (graphs, quads) = validate(&inputs)?;
    let mut store = tupu::store::create(db, None)?;
    let bar = progress_bar(progress);
    let mut batch: Vec<(ArticleMeta, Vec<oxigraph::model::Quad>)> = Vec::new();
    let mut batch_quads = 0;
    for block in GraphBlocks::new(inputs) {
        let block = block?;
        let meta = article_meta(&block)?;
        batch_quads += block.quads.len();
        batch.push((meta, block.quads));
        if batch.len() >= batch_articles || batch_quads >= BATCH_QUADS {
            let n = batch.len() as u64;
            store.replace_articles(&std::mem::take(&mut batch))?;
            bar.inc(n);
            batch_quads = 0;
        }
    }
    if !batch.is_empty() {
        store.replace_articles(&batch)?;
    }
    bar.finish_and_clear();
    store.flush()?;
    Ok(LoadSummary {
        graphs,
        quads_read: quads,
        articles_in_store: store.articles()?.len(),
        quads_in_store: store.len()?,
        seconds: start.elapsed().as_secs_f64(),
    })
}
