//! The pipeline from articles to stored quads: read → extract (with the
//! ontology check) → RDF quads → a [`Sink`]. `tupu build` (the local store,
//! [`StoreSink`]), `tupu build --store URL` (a remote store,
//! [`RemoteSink`]) and `tupu extract --format nquads [--shard I/N]`
//! (N-Quads, [`NQuadsSink`]) all run [`Pipeline::run`], so they share one
//! batching, one skip rule for unchanged articles, one extraction step and
//! one set of fault tests; the command line only turns its arguments into a
//! [`Pipeline`] and a sink.
//!
//! Streaming: articles are gathered in batches of at most
//! [`Pipeline::batch_articles`] articles or [`BATCH_BYTES`] of text, each
//! batch extracted in parallel (rayon; `RAYON_NUM_THREADS` caps the threads)
//! and written to the sink before the next is read, so memory is bounded by
//! a batch, never by the input.

use crate::annotation::Annotation;
use crate::bulk::Shard;
use crate::document::{Document, DocumentError};
use crate::extract::Extractor;
use crate::rdf::{article_graph, resolved_annotation_quads, ArticleMeta};
use crate::remote::{RemoteError, RemoteStore};
use crate::store::{sort_quads, AnyStore, GraphStore, StoreError};
use crate::validate::Rejection;
use oxigraph::io::{RdfFormat, RdfSerializer, WriterQuadSerializer};
use oxigraph::model::{NamedNode, Quad};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The most normalised text (BYTES) in one batch: memory is bounded by a
/// batch, not by the corpus.
pub const BATCH_BYTES: usize = 8 << 20;

/// One input: an article, or why it could not be read (the items of
/// [`crate::document::read_documents`]).
pub type Item = Result<Document, DocumentError>;

/// Why a pipeline run stopped. Batches written before the error stay
/// written; running again with the same input completes the run.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The local store failed (locked, corrupt, I/O).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The remote store failed (auth, network after retries, HTTP status).
    #[error(transparent)]
    Remote(#[from] RemoteError),
    /// A file or stream could not be written: the rejection report or the
    /// N-Quads output, named in `what`.
    #[error("writing {what}: {source}")]
    Write {
        /// What was being written (`the report FILE`, `standard output`).
        what: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A thread pool for the remote requests could not be started.
    #[error("starting the request threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
}

/// One article extracted as it is stored.
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

/// Extracts `batch` ((document, its content hash) pairs) in parallel
/// (rayon) into the quads a store holds for them, in batch order.
pub fn extract_batch(extractor: &Extractor, batch: &[(Document, String)]) -> Vec<Extracted> {
    extractor.preload();
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

/// What a run did. Entity, relation and attribute counts are those of the
/// articles written in this run.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Articles read successfully.
    pub read: usize,
    /// Articles extracted and written (new, or changed since the sink last
    /// held them).
    pub added: usize,
    /// Articles skipped because the sink holds the same id with the same
    /// content hash.
    pub unchanged: usize,
    /// Articles skipped because they belong to another shard.
    pub other_shard: usize,
    /// Inputs (files or JSON lines) that could not be read.
    pub failed: usize,
    /// Entities extracted from the written articles.
    pub entities: usize,
    /// Relations extracted from the written articles.
    pub relations: usize,
    /// Attributes extracted from the written articles.
    pub attributes: usize,
    /// Relations and attributes of the written articles rejected by the
    /// ontology check (not stored).
    pub rejected: usize,
    /// Quads written in this run.
    pub quads_written: usize,
    /// Articles the sink holds afterwards.
    pub articles_in_store: usize,
    /// Quads the sink holds afterwards.
    pub quads_in_store: usize,
    /// Wall time in seconds.
    pub seconds: f64,
}

impl Summary {
    /// Counts one extracted article (`e`) into the extraction totals:
    /// entities, relations, attributes and rejected statements.
    pub fn count_extracted(&mut self, e: &Extracted) {
        self.rejected += e.rejected.len();
        self.entities += e.annotation.entities.len();
        self.relations += e.annotation.relations.len();
        self.attributes += e.annotation.attributes.len();
    }
}

/// The four lines `tupu build` prints.
impl std::fmt::Display for Summary {
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

/// Where a run's articles go. A sink is told what it holds
/// ([`Sink::stored`]) once, then gets the batches in input order.
pub trait Sink {
    /// The content hash (SHA-256, lower-case hex) of every article the sink
    /// already holds, by article id: an input with the same id and hash is
    /// skipped as unchanged. Empty for a sink that holds nothing before the
    /// run (an N-Quads file).
    ///
    /// # Errors
    /// The sink cannot be read.
    fn stored(&mut self) -> Result<BTreeMap<String, String>, PipelineError>;

    /// Writes one batch, replacing any earlier version of its articles.
    /// When it returns `Ok`, the batch is durable (store), sent (remote) or
    /// handed to the writer (N-Quads). The batch is the sink's to consume:
    /// it may take or reorder each article's quads instead of copying them.
    ///
    /// # Errors
    /// The batch could not be written; batches written before stay.
    fn write_batch(&mut self, batch: &mut [Extracted]) -> Result<(), PipelineError>;

    /// Ends the run (flushes) and returns the quads the sink holds
    /// afterwards.
    ///
    /// # Errors
    /// Flushing or counting failed.
    fn finish(&mut self) -> Result<usize, PipelineError>;
}

/// Told of a run's progress: each article done (written, unchanged or in
/// another shard) and each input that could not be read. The command
/// line's progress bar ([`indicatif::ProgressBar`]) is one; [`Silent`]
/// ignores everything (the failures are still counted in [`Summary`]).
pub trait Observer {
    /// A batch is about to be extracted; `last_id` is its last article.
    fn batch(&self, last_id: &str) {
        let _ = last_id;
    }
    /// `n` articles are done.
    fn done(&self, n: u64) {
        let _ = n;
    }
    /// An input could not be read (it is counted and skipped).
    fn failed(&self, error: &DocumentError) {
        let _ = error;
    }
}

/// An [`Observer`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {}

/// The bar counts articles, shows the id of the batch being extracted, and
/// prints each unreadable input above it on stderr as `tupu: FILE[:LINE]:
/// problem`.
impl Observer for indicatif::ProgressBar {
    fn batch(&self, last_id: &str) {
        self.set_message(last_id.to_owned());
    }
    fn done(&self, n: u64) {
        self.inc(n);
    }
    fn failed(&self, error: &DocumentError) {
        self.suspend(|| eprintln!("tupu: {error}"));
    }
}

/// A configured pipeline: the extractor, the batch size, an optional
/// shard and an optional report of rejected statements.
pub struct Pipeline {
    extractor: Extractor,
    batch_articles: usize,
    shard: Option<Shard>,
    report: Option<(PathBuf, std::io::BufWriter<std::fs::File>)>,
}

impl Pipeline {
    /// A pipeline with `extractor` (e.g. with the user's known entities),
    /// batches of at most 512 articles, every shard, no report.
    pub fn new(extractor: Extractor) -> Pipeline {
        Pipeline {
            extractor,
            batch_articles: 512,
            shard: None,
            report: None,
        }
    }

    /// At most `n` articles (at least 1) per batch.
    pub fn batch_articles(mut self, n: usize) -> Pipeline {
        self.batch_articles = n.max(1);
        self
    }

    /// Only the articles of `shard` ([`Shard::contains`] of the id) are
    /// extracted; the others are read, counted in
    /// [`Summary::other_shard`] and skipped.
    pub fn shard(mut self, shard: Shard) -> Pipeline {
        self.shard = Some(shard);
        self
    }

    /// Writes every statement the ontology check rejected
    /// ([`crate::validate`]) to the file at `path`, one JSON line each. The
    /// file is created (or truncated) now, before anything is stored.
    ///
    /// # Errors
    /// [`PipelineError::Write`] when the file cannot be created.
    pub fn report(mut self, path: &Path) -> Result<Pipeline, PipelineError> {
        let file = std::fs::File::create(path).map_err(|source| PipelineError::Write {
            what: format!("the report {}", path.display()),
            source,
        })?;
        self.report = Some((path.to_owned(), std::io::BufWriter::new(file)));
        Ok(self)
    }

    /// Runs the pipeline over `items` into `sink`: an article the sink
    /// holds with the same content hash is skipped; the others are gathered
    /// into batches (at most [`Pipeline::batch_articles`] articles or
    /// [`BATCH_BYTES`] of text; a batch is also closed before an id it
    /// already holds, so a repeated id is written after its earlier
    /// version), extracted in parallel ([`extract_batch`]) and written.
    /// An unreadable input is given to `observer`, counted in
    /// [`Summary::failed`] and skipped.
    ///
    /// # Errors
    /// The first error of the sink or the report; batches written before
    /// it stay written.
    pub fn run(
        &mut self,
        items: impl Iterator<Item = Item>,
        sink: &mut dyn Sink,
        observer: &dyn Observer,
    ) -> Result<Summary, PipelineError> {
        let start = Instant::now();
        let mut run = Run {
            stored: sink.stored()?,
            summary: Summary::default(),
            batch: Vec::new(),
            batch_bytes: 0,
        };
        let mut items = items.peekable();
        while let Some(item) = items.next() {
            let s = &mut run.summary;
            match item {
                Ok(doc) if self.shard.is_some_and(|sh| !sh.contains(&doc.id)) => {
                    s.read += 1;
                    s.other_shard += 1;
                    observer.done(1);
                }
                Ok(doc) => {
                    s.read += 1;
                    let sha256 = doc.content_hash();
                    if run.stored.get(&doc.id) == Some(&sha256) {
                        s.unchanged += 1;
                        observer.done(1);
                    } else {
                        if run.batch.iter().any(|(d, _)| d.id == doc.id) {
                            self.write(&mut run, sink, observer)?;
                        }
                        run.batch_bytes += doc.text.len();
                        run.batch.push((doc, sha256));
                    }
                }
                Err(e) => {
                    observer.failed(&e);
                    s.failed += 1;
                }
            }
            if !run.batch.is_empty()
                && (run.batch.len() >= self.batch_articles
                    || run.batch_bytes >= BATCH_BYTES
                    || items.peek().is_none())
            {
                self.write(&mut run, sink, observer)?;
            }
        }
        if let Some((path, w)) = self.report.as_mut() {
            w.flush().map_err(|source| PipelineError::Write {
                what: format!("the report {}", path.display()),
                source,
            })?;
        }
        let mut s = run.summary;
        s.quads_in_store = sink.finish()?;
        s.articles_in_store = run.stored.len();
        s.seconds = start.elapsed().as_secs_f64();
        Ok(s)
    }

    /// Extracts the batch being gathered, writes its rejections to the
    /// report and the batch to the sink, and counts it; the batch is empty
    /// afterwards.
    fn write(
        &mut self,
        run: &mut Run,
        sink: &mut dyn Sink,
        observer: &dyn Observer,
    ) -> Result<(), PipelineError> {
        let batch = std::mem::take(&mut run.batch);
        run.batch_bytes = 0;
        if let Some((doc, _)) = batch.last() {
            observer.batch(&doc.id);
        }
        let mut extracted = extract_batch(&self.extractor, &batch);
        drop(batch);
        let s = &mut run.summary;
        let mut written = Vec::with_capacity(extracted.len());
        for e in &extracted {
            s.count_extracted(e);
            s.quads_written += e.quads.len();
            written.push((e.meta.id.clone(), e.meta.sha256.clone()));
            if let Some((path, w)) = self.report.as_mut() {
                for r in &e.rejected {
                    serde_json::to_writer(&mut *w, r)
                        .map_err(std::io::Error::from)
                        .and_then(|()| w.write_all(b"\n"))
                        .map_err(|source| PipelineError::Write {
                            what: format!("the report {}", path.display()),
                            source,
                        })?;
                }
            }
        }
        sink.write_batch(&mut extracted)?;
        s.added += written.len();
        observer.done(written.len() as u64);
        run.stored.extend(written);
        Ok(())
    }
}

/// The state of one [`Pipeline::run`]: what the sink holds, the counts so
/// far, and the batch being gathered (with its text size in BYTES).
struct Run {
    stored: BTreeMap<String, String>,
    summary: Summary,
    batch: Vec<(Document, String)>,
    batch_bytes: usize,
}

/// The local store as a sink: each batch is one
/// [`GraphStore::replace_articles`] (one manifest rewrite).
pub struct StoreSink<'a> {
    store: &'a mut AnyStore,
}

impl<'a> StoreSink<'a> {
    /// A sink writing into `store` (opened for writing).
    pub fn new(store: &'a mut AnyStore) -> StoreSink<'a> {
        StoreSink { store }
    }
}

impl Sink for StoreSink<'_> {
    fn stored(&mut self) -> Result<BTreeMap<String, String>, PipelineError> {
        Ok(self
            .store
            .articles()?
            .into_iter()
            .map(|a| (a.id, a.sha256))
            .collect())
    }

    fn write_batch(&mut self, batch: &mut [Extracted]) -> Result<(), PipelineError> {
        let writes: Vec<(ArticleMeta, Vec<Quad>)> = batch
            .iter_mut()
            .map(|e| (e.meta.clone(), std::mem::take(&mut e.quads)))
            .collect();
        self.store.replace_articles(&writes)?;
        Ok(())
    }

    fn finish(&mut self) -> Result<usize, PipelineError> {
        self.store.flush()?;
        Ok(self.store.len()?)
    }
}

/// A remote store as a sink: each article's named graph is replaced
/// ([`RemoteStore::replace_graph`]), `jobs` requests in flight.
pub struct RemoteSink<'a> {
    remote: &'a RemoteStore,
    pool: rayon::ThreadPool,
}

impl<'a> RemoteSink<'a> {
    /// A sink sending to `remote` with `jobs` (at least 1) requests at a
    /// time.
    ///
    /// # Errors
    /// [`PipelineError::Threads`] when the request threads cannot start.
    pub fn new(remote: &'a RemoteStore, jobs: usize) -> Result<RemoteSink<'a>, PipelineError> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build()?;
        Ok(RemoteSink { remote, pool })
    }

    /// Replaces each graph of `round` remotely, in parallel; returns the
    /// requests sent. The first error stops the round.
    ///
    /// # Errors
    /// The first [`RemoteError`].
    pub fn send(&self, round: &[(NamedNode, Vec<Quad>)]) -> Result<usize, RemoteError> {
        let sent: Result<Vec<usize>, _> = self.pool.install(|| {
            round
                .par_iter()
                .map(|(g, quads)| self.remote.replace_graph(g.as_ref(), quads))
                .collect()
        });
        Ok(sent?.into_iter().sum())
    }
}

impl Sink for RemoteSink<'_> {
    fn stored(&mut self) -> Result<BTreeMap<String, String>, PipelineError> {
        Ok(self.remote.article_hashes()?)
    }

    fn write_batch(&mut self, batch: &mut [Extracted]) -> Result<(), PipelineError> {
        let round: Vec<(NamedNode, Vec<Quad>)> = batch
            .iter_mut()
            .map(|e| {
                let mut quads = std::mem::take(&mut e.quads);
                sort_quads(&mut quads);
                (article_graph(&e.meta.id), quads)
            })
            .collect();
        self.send(&round)?;
        Ok(())
    }

    fn finish(&mut self) -> Result<usize, PipelineError> {
        Ok(self.remote.count_quads(crate::rdf::ARTICLE_BASE)? as usize)
    }
}

/// N-Quads as a sink: each article's graph contiguous and sorted by its
/// N-Quads text ([`sort_quads`]), articles in input order, so the output of
/// a shard is byte-identical whatever the batch size.
pub struct NQuadsSink<W: Write> {
    out: Option<WriterQuadSerializer<W>>,
    name: String,
    quads: usize,
}

impl<W: Write> NQuadsSink<W> {
    /// A sink writing to `w`; `name` (a file name, `standard output`)
    /// names it in errors.
    pub fn new(w: W, name: &str) -> NQuadsSink<W> {
        NQuadsSink {
            out: Some(RdfSerializer::from_format(RdfFormat::NQuads).for_writer(w)),
            name: name.to_owned(),
            quads: 0,
        }
    }

    fn error(&self, source: std::io::Error) -> PipelineError {
        PipelineError::Write {
            what: self.name.clone(),
            source,
        }
    }
}

impl<W: Write> Sink for NQuadsSink<W> {
    fn stored(&mut self) -> Result<BTreeMap<String, String>, PipelineError> {
        Ok(BTreeMap::new())
    }

    fn write_batch(&mut self, batch: &mut [Extracted]) -> Result<(), PipelineError> {
        let Some(out) = self.out.as_mut() else {
            return Ok(());
        };
        let mut result = Ok(());
        'articles: for e in batch.iter_mut() {
            let quads = &mut e.quads;
            sort_quads(quads);
            for q in quads.iter() {
                if let Err(err) = out.serialize_quad(q) {
                    result = Err(err);
                    break 'articles;
                }
            }
            self.quads += quads.len();
        }
        result.map_err(|e| self.error(e))
    }

    fn finish(&mut self) -> Result<usize, PipelineError> {
        if let Some(out) = self.out.take() {
            out.finish()
                .and_then(|mut w| w.flush())
                .map_err(|e| self.error(e))?;
        }
        Ok(self.quads)
    }
}
