//! `tupu build`: read → extract → RDF quads → store, one article at a time.

use super::input::Item;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};
use tupu::extract::Extractor;
use tupu::rdf::{resolved_annotation_quads, ArticleMeta};
use tupu::store::{FileStore, GraphStore};

/// What a build did. Entity, relation and attribute counts are those of the
/// articles added (or replaced) in this run.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct BuildSummary {
    /// Articles read successfully.
    pub read: usize,
    /// Articles extracted and stored (new, or changed since the last build).
    pub added: usize,
    /// Articles skipped because the store has the same id with the same
    /// content hash.
    pub unchanged: usize,
    /// Inputs (files or JSON lines) that could not be read.
    pub failed: usize,
    /// Entities extracted from the added articles.
    pub entities: usize,
    /// Relations extracted from the added articles.
    pub relations: usize,
    /// Attributes extracted from the added articles.
    pub attributes: usize,
    /// Articles in the store afterwards.
    pub articles_in_store: usize,
    /// Quads in the store afterwards.
    pub quads_in_store: usize,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "articles: {} read, {} added, {} unchanged, {} failed",
            self.read, self.added, self.unchanged, self.failed
        )?;
        writeln!(
            f,
            "extracted: {} entities, {} relations, {} attributes",
            self.entities, self.relations, self.attributes
        )?;
        writeln!(
            f,
            "store: {} quads in {} articles",
            self.quads_in_store, self.articles_in_store
        )?;
        write!(f, "time: {:.2} s", self.seconds)
    }
}

/// Whether to draw a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A spinner on stderr when stderr is a terminal.
    WhenTerminal,
    /// Never (`--quiet`).
    Never,
}

/// Builds the store at `db` (opened for writing, created if missing) from
/// `items`. An unreadable input is reported on stderr as
/// `tupu: FILE[:LINE]: problem`, counted in [`BuildSummary::failed`] and
/// skipped. An article whose id is stored with the same content hash is
/// skipped; a changed one is replaced.
///
/// Errors: a store error (locked, corrupt, I/O) stops the build; articles
/// stored before it stay stored.
pub fn build(
    db: &Path,
    items: impl Iterator<Item = Item>,
    progress: Progress,
) -> anyhow::Result<BuildSummary> {
    let start = Instant::now();
    let mut store = FileStore::open(db)?;
    let mut stored: BTreeMap<String, String> = store
        .articles()?
        .into_iter()
        .map(|a| (a.id, a.sha256))
        .collect();
    let bar = progress_bar(progress);
    // Built on first use: a build with nothing new skips loading the
    // dictionaries.
    let mut extractor: Option<Extractor> = None;
    let mut s = BuildSummary::default();
    for item in items {
        let doc = match item {
            Ok(doc) => doc,
            Err(e) => {
                bar.suspend(|| eprintln!("tupu: {e}"));
                s.failed += 1;
                continue;
            }
        };
        s.read += 1;
        bar.set_message(doc.id.clone());
        let sha256 = doc.content_hash();
        if stored.get(&doc.id) == Some(&sha256) {
            s.unchanged += 1;
            bar.inc(1);
            continue;
        }
        let ann = extractor.get_or_insert_with(Extractor::new).extract(&doc);
        let meta = ArticleMeta {
            id: doc.id.clone(),
            source: doc.source.clone(),
            sha256: sha256.clone(),
            chars: doc.original.chars().count(),
        };
        let quads = resolved_annotation_quads(&meta, &ann);
        store.replace_article(&meta, &quads)?;
        stored.insert(meta.id, sha256);
        s.added += 1;
        s.entities += ann.entities.len();
        s.relations += ann.relations.len();
        s.attributes += ann.attributes.len();
        bar.inc(1);
    }
    bar.finish_and_clear();
    store.flush()?;
    s.articles_in_store = store.articles()?.len();
    s.quads_in_store = store.len()?;
    s.seconds = start.elapsed().as_secs_f64();
    Ok(s)
}

fn progress_bar(progress: Progress) -> ProgressBar {
    if progress == Progress::Never || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos} articles ({per_sec}, {elapsed}) {wide_msg}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
