//! `tupu extract --format nquads [--shard I/N]`: the quads `tupu build`
//! would store, written as N-Quads (one named graph per article, each
//! graph's quads contiguous and sorted), without a store.

use super::build::{extract_batch, progress_bar, Progress, BATCH_BYTES};
use super::input::{self, Item};
use anyhow::Context;
use oxigraph::io::{RdfFormat, RdfSerializer};
use std::io::Write;
use std::time::Instant;
use tupu::bulk::Shard;
use tupu::document::Document;
use tupu::extract::Extractor;
use tupu::store::sort_quads;

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
/// when `None`) and writes their quads to `w` as N-Quads: exactly the quads
/// `tupu build` stores for them ([`extract_batch`], the build's own batch
/// step), each article's graph contiguous and sorted by N-Quads text,
/// articles in input order. Streaming: batches of at most `batch_articles`
/// articles or [`BATCH_BYTES`] of text are extracted in parallel (rayon) and
/// written before the next is read. An unreadable input is reported on
/// stderr as `tupu: FILE[:LINE]: problem` and counted. `extractor` is the
/// one `tupu build` would use (with the user's known entities).
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
    let start = Instant::now();
    let bar = progress_bar(progress);
    let mut s = ShardSummary {
        shard,
        ..ShardSummary::default()
    };
    let mut out = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(w);
    let mut read = 0;
    let mine = items.filter(|item| match item {
        Ok(doc) => {
            read += 1;
            let keep = shard.is_none_or(|sh| sh.contains(&doc.id));
            if !keep {
                bar.inc(1);
            }
            keep
        }
        Err(_) => true,
    });
    for batch in input::batches(mine, batch_articles, BATCH_BYTES) {
        let batch: Vec<(Document, String)> = match batch {
            Ok(docs) => docs
                .into_iter()
                .map(|doc| {
                    let sha256 = doc.content_hash();
                    (doc, sha256)
                })
                .collect(),
            Err(e) => {
                bar.suspend(|| eprintln!("tupu: {e}"));
                s.failed += 1;
                continue;
            }
        };
        if let Some((doc, _)) = batch.last() {
            bar.set_message(doc.id.clone());
        }
        for mut e in extract_batch(extractor, &batch) {
            sort_quads(&mut e.quads);
            for q in &e.quads {
                out.serialize_quad(q)
                    .with_context(|| format!("writing {out_name}"))?;
            }
            s.quads += e.quads.len();
            s.written += 1;
            bar.inc(1);
        }
    }
    s.read = read;
    out.finish()
        .and_then(|w| w.flush())
        .with_context(|| format!("writing {out_name}"))?;
    bar.finish_and_clear();
    s.seconds = start.elapsed().as_secs_f64();
    Ok(s)
}
