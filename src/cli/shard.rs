//! `tupu extract --format nquads [--shard I/N]`: the quads `tupu build`
//! would store, written as N-Quads (one named graph per article, each
//! graph's quads contiguous and sorted), without a store.

use super::build::{progress_bar, Progress};
use super::input::Item;
use std::io::Write;
use tupu::bulk::Shard;
use tupu::extract::Extractor;
use tupu::pipeline::{NQuadsSink, Pipeline};

/// What a shard extraction did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ShardSummary {
    /// The shard.
    pub shard: Option<Shard>,
    /// Articles read successfully (all shards).
    pub read: usize,
    /// Articles of this shard, extracted and written.
    pub written: usize,
    /// Inputs (files or JSON lines) that could not be read.
    pub failed: usize,
    /// Quads written.
    pub quads: usize,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl std::fmt::Display for ShardSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shard = self.shard.unwrap_or(Shard::ALL);
        write!(
            f,
            "shard {shard}: {} of {} articles read, {} failed, {} quads written in {:.2} s",
            self.written, self.read, self.failed, self.quads, self.seconds
        )
    }
}

/// Extracts the articles of `items` that belong to `shard` (all of them
/// when `None`) and writes their quads to `w` as N-Quads: the library's
/// pipeline ([`Pipeline::run`]) into an [`NQuadsSink`], so a shard holds
/// exactly the quads `tupu build` stores for its articles, each article's
/// graph contiguous and sorted, articles in input order. An unreadable input
/// is reported on stderr as `tupu: FILE[:LINE]: problem` and counted.
/// `extractor` is the one `tupu build` would use (with the user's known
/// entities).
///
/// Errors: writing `w` (naming `out_name`).
pub fn extract_nquads(
    items: impl Iterator<Item = Item>,
    shard: Option<Shard>,
    progress: Progress,
    batch_articles: usize,
    w: &mut dyn Write,
    out_name: &str,
    extractor: &Extractor,
) -> anyhow::Result<ShardSummary> {
    let mut pipeline = Pipeline::new(extractor.clone()).batch_articles(batch_articles);
    if let Some(sh) = shard {
        pipeline = pipeline.shard(sh);
    }
    let bar = progress_bar(progress);
    let run = pipeline.run(items, &mut NQuadsSink::new(w, out_name), &bar)?;
    bar.finish_and_clear();
    Ok(ShardSummary {
        shard,
        read: run.read,
        written: run.added,
        failed: run.failed,
        quads: run.quads_written,
        seconds: run.seconds,
    })
}
