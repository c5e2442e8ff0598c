//! `tupu build`: read → extract → RDF quads → store, one article at a time.

use super::input::Item;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use oxigraph::model::Quad;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};
use tupu::annotation::Annotation;
use tupu::document::Document;
use tupu::extract::Extractor;
use tupu::rdf::{resolved_annotation_quads, ArticleMeta};
use tupu::store::{AnyStore, Backend, GraphStore};
use tupu::validate::Rejection;

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
    /// Relations and attributes of the added articles rejected by the
    /// ontology check (not stored).
    pub rejected: usize,
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
            "extracted: {} entities, {} relations, {} attributes ({} rejected by the ontology)",
            self.entities, self.relations, self.attributes, self.rejected
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
    /// A bar on stderr when stderr is a terminal: with `total` (articles)
    /// a bar with the count, rate and ETA, else a spinner with the count
    /// and rate.
    WhenTerminal {
        /// The number of articles expected, if known.
        total: Option<u64>,
    },
    /// Never (`--quiet`).
    Never,
}

impl Progress {
    /// [`Progress::Never`] when `quiet`; otherwise a bar whose total is
    /// the articles of `paths` ([`super::input::count_articles`]), counted
    /// only when stderr is a terminal (where the bar is drawn).
    pub fn for_input(quiet: bool, paths: &[std::path::PathBuf]) -> Progress {
        if quiet {
            return Progress::Never;
        }
        let total = if std::io::stderr().is_terminal() {
            super::input::count_articles(paths)
        } else {
            None
        };
        Progress::WhenTerminal { total }
    }
}

/// Builds the store at `db` (opened for writing, created if missing) from
/// `items`, streaming: articles are gathered in batches (at most
/// `batch_articles` articles or [`BATCH_BYTES`] of text), each batch extracted in parallel (rayon)
/// and stored with one manifest rewrite, so memory is bounded by a batch. An unreadable input is reported on stderr as
/// `tupu: FILE[:LINE]: problem`, counted in [`BuildSummary::failed`] and
/// skipped. An article whose id is stored with the same content hash is
/// skipped; a changed one is replaced.
///
/// With `report`, every statement the ontology check rejected
/// ([`tupu::validate`]) is written there as one JSON line (the file is
/// created or truncated before anything is stored).
///
/// `base` is the extractor to use (cloned once, on the first article to
/// extract; e.g. with the known entities of `--entities`).
/// The store is created with `backend` (file if `None`) when missing; an
/// existing store keeps its own ([`tupu::store::create`]).
///
/// Errors: the report file cannot be created or written (naming it); a store
/// error (locked, corrupt, I/O, another backend than `backend`, a backend
/// not compiled in) stops the build; articles stored before it stay stored.
pub fn build(
    db: &Path,
    items: impl Iterator<Item = Item>,
    progress: Progress,
    report: Option<&Path>,
    batch_articles: usize,
    base: Extractor,
    backend: Option<Backend>,
) -> anyhow::Result<BuildSummary> {
    let start = Instant::now();
    let mut store = tupu::store::create(db, backend)?;
    let mut report = report
        .map(|path| {
            std::fs::File::create(path)
                .map(|f| (path.to_owned(), std::io::BufWriter::new(f)))
                .with_context(|| format!("creating the report {}", path.display()))
        })
        .transpose()?;
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
    for_each_changed_batch(
        items,
        batch_articles,
        &mut stored,
        &mut s,
        &bar,
        |batch, stored, s| {
            store_batch(
                extractor.get_or_insert_with(|| base.clone()),
                &mut store,
                batch,
                &mut report,
                stored,
                s,
                &bar,
            )
        },
    )?;
    bar.finish_and_clear();
    if let Some((path, mut w)) = report {
        w.flush()
            .with_context(|| format!("writing the report {}", path.display()))?;
    }
    store.flush()?;
    s.articles_in_store = store.articles()?.len();
    s.quads_in_store = store.len()?;
    s.seconds = start.elapsed().as_secs_f64();
    Ok(s)
}

/// Streams `items` in batches of the articles that are new or changed
/// against `stored` (article id → content hash), as `tupu build` and `tupu
/// build --store` commit them: at most `batch_articles` articles or
/// [`BATCH_BYTES`] of text per batch, and a batch is also closed before an
/// id it already holds, so that a repeated id (which
/// [`tupu::document::read_documents`] reports as an error, but another
/// source of items may not) is committed after its earlier version. Unchanged articles and unreadable inputs
/// (reported on stderr as `tupu: FILE[:LINE]: problem`) are counted into
/// `s` and the bar; each batch goes to `commit` with `stored` and `s`,
/// which it updates for what it committed.
///
/// Errors: the first error of `commit`; batches committed before it stay.
pub fn for_each_changed_batch(
    items: impl Iterator<Item = Item>,
    batch_articles: usize,
    stored: &mut BTreeMap<String, String>,
    s: &mut BuildSummary,
    bar: &ProgressBar,
    mut commit: impl FnMut(
        Vec<(Document, String)>,
        &mut BTreeMap<String, String>,
        &mut BuildSummary,
    ) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut batch: Vec<(Document, String)> = Vec::new();
    let mut batch_chars = 0;
    let mut items = items.peekable();
    while let Some(item) = items.next() {
        match item {
            Ok(doc) => {
                s.read += 1;
                let sha256 = doc.content_hash();
                if stored.get(&doc.id) == Some(&sha256) {
                    s.unchanged += 1;
                    bar.inc(1);
                } else {
                    if batch.iter().any(|(d, _)| d.id == doc.id) {
                        commit(std::mem::take(&mut batch), stored, s)?;
                        batch_chars = 0;
                    }
                    batch_chars += doc.text.len();
                    batch.push((doc, sha256));
                }
            }
            Err(e) => {
                bar.suspend(|| eprintln!("tupu: {e}"));
                s.failed += 1;
            }
        }
        if !batch.is_empty()
            && (batch.len() >= batch_articles
                || batch_chars >= BATCH_BYTES
                || items.peek().is_none())
        {
            commit(std::mem::take(&mut batch), stored, s)?;
            batch_chars = 0;
        }
    }
    Ok(())
}

/// The most normalised text (BYTES) in one batch: memory is bounded by a
/// batch, not by the corpus.
pub const BATCH_BYTES: usize = 8 << 20;

/// One article extracted as `tupu build` stores it.
pub struct Extracted {
    /// Its metadata (id, source, content hash, CHARACTER count).
    pub meta: ArticleMeta,
    /// Its quads after cross-article resolution
    /// ([`resolved_annotation_quads`]), all in its named graph.
    pub quads: Vec<Quad>,
    /// The annotation the quads were made from.
    pub annotation: Annotation,
    /// The statements the ontology check removed.
    pub rejected: Vec<Rejection>,
}

impl BuildSummary {
    /// Counts one extracted article (`e`) into the extraction totals:
    /// entities, relations, attributes and rejected statements.
    pub fn count_extracted(&mut self, e: &Extracted) {
        self.rejected += e.rejected.len();
        self.entities += e.annotation.entities.len();
        self.relations += e.annotation.relations.len();
        self.attributes += e.annotation.attributes.len();
    }
}

/// Extracts `batch` ((document, its content hash) pairs) in parallel
/// (rayon; `RAYON_NUM_THREADS` caps the threads) into the quads `tupu
/// build` stores, in batch order. `tupu build` and `tupu extract --shard`
/// both go through here, so a shard holds exactly the build's quads.
pub fn extract_batch(extractor: &Extractor, batch: &[(Document, String)]) -> Vec<Extracted> {
    batch
        .par_iter()
        .map(|(doc, sha256)| {
            let (annotation, rejected) = extractor.extract_checked(doc);
            let meta = ArticleMeta {
                id: doc.id.clone(),
                source: doc.source.clone(),
                sha256: sha256.clone(),
                chars: doc.original.chars().count(),
            };
            let quads = resolved_annotation_quads(&meta, &annotation);
            Extracted {
                meta,
                quads,
                annotation,
                rejected,
            }
        })
        .collect()
}

/// Extracts `batch` in parallel ([`extract_batch`]), writes the rejections to `report`, and stores the batch with one
/// [`GraphStore::replace_articles`]; updates the summary and the bar.
///
/// Errors: writing the report, or the store.
fn store_batch(
    extractor: &Extractor,
    store: &mut AnyStore,
    batch: Vec<(Document, String)>,
    report: &mut Option<(std::path::PathBuf, std::io::BufWriter<std::fs::File>)>,
    stored: &mut BTreeMap<String, String>,
    s: &mut BuildSummary,
    bar: &ProgressBar,
) -> anyhow::Result<()> {
    if let Some((doc, _)) = batch.last() {
        bar.set_message(doc.id.clone());
    }
    let extracted = extract_batch(extractor, &batch);
    let mut writes = Vec::with_capacity(extracted.len());
    for e in extracted {
        s.count_extracted(&e);
        if let Some((path, w)) = report.as_mut() {
            for r in &e.rejected {
                serde_json::to_writer(&mut *w, r)
                    .map_err(std::io::Error::from)
                    .and_then(|()| w.write_all(b"\n"))
                    .with_context(|| format!("writing the report {}", path.display()))?;
            }
        }
        writes.push((e.meta, e.quads));
    }
    store.replace_articles(&writes)?;
    for (meta, _) in writes {
        stored.insert(meta.id, meta.sha256);
        s.added += 1;
        bar.inc(1);
    }
    Ok(())
}

/// A progress bar on stderr, or a hidden one (`--quiet`, or stderr not a
/// terminal): with a known total `12,345/19,876 articles, 903/s, ETA 7s`
/// and a bar; without, a spinner with the count, rate and elapsed time.
/// Rates are whole articles per second (below 10/s, one decimal).
pub fn progress_bar(progress: Progress) -> ProgressBar {
    let Progress::WhenTerminal { total } = progress else {
        return ProgressBar::hidden();
    };
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
    let template = if total.is_some() {
        "{bar:30} {human_pos}/{human_len} articles, {rate}, ETA {eta} {wide_msg}"
    } else {
        "{spinner} {human_pos} articles, {rate}, {elapsed} {wide_msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&rounded_rate(state.per_sec()));
            },
        ));
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// A rate in articles per second for the progress bar: `903/s`, `4.5/s`
/// below 10, `0/s` before anything is done.
pub fn rounded_rate(per_sec: f64) -> String {
    if !per_sec.is_finite() || per_sec <= 0.0 {
        "0/s".to_owned()
    } else if per_sec < 10.0 {
        format!("{per_sec:.1}/s")
    } else {
        format!("{per_sec:.0}/s")
    }
}
