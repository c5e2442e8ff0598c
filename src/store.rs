//! The graph store: articles' quads, persisted one named graph per article.
//!
//! One interface, [`GraphStore`], two backends:
//!
//! * [`FileStore`] (default, pure Rust): an in-memory Oxigraph
//!   [`oxigraph::store::Store`] that tupu persists itself to a directory
//!   (default [`DEFAULT_PATH`], `./tupu.db`):
//!
//!   ```text
//!   tupu.db/
//!     manifest.json                       format, version, article id → file, hash, quad count
//!     graphs/<sha256(id)>-<h>.nq          one N-Quads file per article (h: hash of the file's content)
//!     lock                                held exclusively by the one writer
//!   ```
//!
//!   Every write is atomic: the new graph file is written to a temporary file
//!   in the same directory, fsynced and renamed; then the manifest is written
//!   the same way. The manifest is the commit point: a graph file's name
//!   carries a hash of its content, so a crash at any moment leaves the
//!   previous manifest pointing at the previous, complete files. Files no
//!   manifest refers to (left by a crash) are deleted when a writer opens the
//!   store. Replacing or removing one article rewrites only that article's file
//!   and the manifest.
//!
//!   A writer ([`FileStore::open`]) holds an exclusive lock on `tupu.db/lock`;
//!   a second writer gets [`StoreError::Locked`]. Readers
//!   ([`FileStore::open_read_only`]) take no lock.
//! * `RocksStore` (cargo feature `rocksdb`): Oxigraph's on-disk RocksDB store,
//!   same interface and the same lock; each batch of articles is one RocksDB
//!   write batch, and an article's manifest entry is its article node inside
//!   its own graph (see `store::rocks`). Opening costs no parsing.
//!
//! The directory says which backend it is (`manifest.json`: file;
//! `store.json` with a `backend` field: the others), and [`open`],
//! [`open_read_only`] and [`create`] return an [`AnyStore`] of whichever
//! backend [`detect`] finds.
//!
//! Queries ([`GraphStore::query`]) see the **union of all article graphs as
//! the default graph** unless the query names its own dataset (`FROM`), so
//! [`crate::rdf::EVIDENCE_QUERY_EXAMPLE`] runs as written.

use crate::rdf::{article_graph, article_id_from_iri, ArticleMeta};
use crate::vocab::tupu;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator, SparqlSyntaxError,
};
use oxigraph::store::{StorageError, Store};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The default store directory, relative to the working directory.
pub const DEFAULT_PATH: &str = "tupu.db";
/// The `format` field of every manifest.
pub const MANIFEST_FORMAT: &str = "tupu-store";
/// The manifest version this code reads and writes.
pub const MANIFEST_VERSION: u32 = 1;

const MANIFEST: &str = "manifest.json";
const GRAPHS: &str = "graphs";
const LOCK: &str = "lock";
const TMP_PREFIX: &str = ".tmp-";

/// An error of a store operation. Paths are the store's files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Another process holds the writer lock.
    #[error("{}: store is locked by another tupu process", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// The path exists but is not a tupu store directory.
    #[error("{}: not a tupu store: {reason}", path.display())]
    NotAStore {
        /// The path given to `open`.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A file of the store could not be read or written.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error (part of the message, not a separate cause,
        /// so that it is printed once).
        error: io::Error,
    },
    /// A graph file or the manifest is damaged.
    #[error(
        "{}: corrupt store file: {message}; the store cannot be read as it is: move the store directory aside and run `tupu build` again on the same inputs to re-create it",
        path.display()
    )]
    Corrupt {
        /// The damaged file.
        path: PathBuf,
        /// What is wrong (with line and column for syntax errors).
        message: String,
    },
    /// The manifest was written by an incompatible version of tupu.
    #[error("{}: unsupported store format {format:?} version {version}", path.display())]
    UnsupportedVersion {
        /// The manifest.
        path: PathBuf,
        /// Its `format` field.
        format: String,
        /// Its `version` field.
        version: u32,
    },
    /// A write was attempted on a store opened read-only.
    #[error("{}: store was opened read-only", path.display())]
    ReadOnly {
        /// The store directory.
        path: PathBuf,
    },
    /// `replace_article` was given a quad outside the article's graph.
    #[error("article {id:?}: quad outside the article's graph: {quad}")]
    ForeignQuad {
        /// The article id.
        id: String,
        /// The offending quad, in N-Quads.
        quad: String,
    },
    /// The SPARQL query does not parse.
    #[error("SPARQL syntax error: {0}")]
    Syntax(#[from] SparqlSyntaxError),
    /// The SPARQL query failed while running.
    #[error("SPARQL evaluation error: {0}")]
    Query(#[from] QueryEvaluationError),
    /// Oxigraph's storage failed.
    #[error("storage error: {0}")]
    Storage(#[from] StorageError),
    /// The store's backend is not compiled into this binary.
    #[error(
        "{}: the {backend} backend is not compiled into this tupu: rebuild it with the cargo feature `{backend}` (`cargo build --release --features {backend}`)",
        path.display()
    )]
    BackendUnavailable {
        /// The store directory.
        path: PathBuf,
        /// The backend the store (or the command line) asks for.
        backend: Backend,
    },
    /// The store exists with another backend than the one asked for.
    #[error("{}: the store uses the {found} backend, not {requested}", path.display())]
    BackendMismatch {
        /// The store directory.
        path: PathBuf,
        /// The backend of the store on disk.
        found: Backend,
        /// The backend asked for.
        requested: Backend,
    },
    /// The RocksDB database refused an operation (damaged, unreadable, full
    /// disk, …).
    #[error("{}: RocksDB: {error}", path.display())]
    Database {
        /// The RocksDB directory.
        path: PathBuf,
        /// Oxigraph's error (part of the message, printed once).
        error: StorageError,
    },
}

/// One article as recorded by a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleEntry {
    /// The article id.
    pub id: String,
    /// SHA-256 of the article's content, lower-case hex.
    pub sha256: String,
    /// Number of quads in the article's graph.
    pub quads: usize,
}

/// Whether a store may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Exclusive writer: takes the lock, creates the store if missing.
    ReadWrite,
    /// Reader: no lock, the store must exist; writes fail with
    /// [`StoreError::ReadOnly`].
    ReadOnly,
}

impl OpenMode {
    /// `Ok` for [`OpenMode::ReadWrite`]; for [`OpenMode::ReadOnly`] the
    /// error [`StoreError::ReadOnly`] naming the store directory `dir`.
    ///
    /// # Errors
    ///
    /// [`StoreError::ReadOnly`] when the store was opened for reading.
    pub fn require_write(self, dir: &Path) -> Result<(), StoreError> {
        match self {
            OpenMode::ReadWrite => Ok(()),
            OpenMode::ReadOnly => Err(StoreError::ReadOnly {
                path: dir.to_owned(),
            }),
        }
    }
}

/// The interface every backend implements.
pub trait GraphStore {
    /// Opens (read-write: creating if missing) the store at `path`.
    ///
    /// Errors: [`StoreError::Locked`] if another writer holds it,
    /// [`StoreError::NotAStore`] if `path` is e.g. a regular file,
    /// [`StoreError::Corrupt`] naming a damaged file.
    fn open(path: &Path, mode: OpenMode) -> Result<Self, StoreError>
    where
        Self: Sized;

    /// Replaces the article `meta.id`: drops its named graph, then inserts
    /// `quads`, which must all be in [`article_graph`]`(&meta.id)`
    /// ([`StoreError::ForeignQuad`] otherwise). Duplicates count once.
    fn replace_article(&mut self, meta: &ArticleMeta, quads: &[Quad]) -> Result<(), StoreError>;

    /// Replaces several articles, as [`GraphStore::replace_article`] each,
    /// in one step where the backend can batch: [`FileStore`] writes the
    /// graph files, then the manifest ONCE, so a batch costs one manifest
    /// rewrite instead of one per article. If it fails part-way, the
    /// articles of the batch are either all stored or none is visible after
    /// reopening (the manifest is the commit point).
    ///
    /// Errors: as [`GraphStore::replace_article`], for the first failing
    /// article.
    fn replace_articles(&mut self, batch: &[(ArticleMeta, Vec<Quad>)]) -> Result<(), StoreError> {
        for (meta, quads) in batch {
            self.replace_article(meta, quads)?;
        }
        Ok(())
    }

    /// Removes the article `id`; `Ok(false)` if the store did not have it.
    fn remove_article(&mut self, id: &str) -> Result<bool, StoreError>;

    /// The articles, sorted by id.
    fn articles(&self) -> Result<Vec<ArticleEntry>, StoreError>;

    /// Whether some article has content hash `sha256` (lower-case hex), so
    /// that unchanged input can be skipped.
    fn contains_article_hash(&self, sha256: &str) -> Result<bool, StoreError> {
        Ok(self.articles()?.iter().any(|a| a.sha256 == sha256))
    }

    /// The number of quads in the store.
    fn len(&self) -> Result<usize, StoreError>;

    /// Whether the store holds no quad.
    fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }

    /// The Oxigraph store holding the quads (for queries and export).
    fn oxigraph(&self) -> &Store;

    /// Runs a SPARQL 1.1 query. The default graph is the union of all
    /// articles' graphs unless the query has `FROM`/`FROM NAMED`.
    fn query(&self, sparql: &str) -> Result<QueryResults<'static>, StoreError> {
        self.query_cancellable(sparql, CancellationToken::new())
    }

    /// [`GraphStore::query`] with a cancellation token: once `cancel` is
    /// cancelled, the evaluation (and the iteration of its results) fails
    /// with [`QueryEvaluationError::Cancelled`] at its next read of the
    /// store.
    fn query_cancellable(
        &self,
        sparql: &str,
        cancel: CancellationToken,
    ) -> Result<QueryResults<'static>, StoreError> {
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(cancel)
            .parse_query(sparql)?;
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        Ok(prepared.on_store(self.oxigraph()).execute()?)
    }

    /// Every quad, sorted by its N-Quads text.
    fn quads(&self) -> Result<Vec<Quad>, StoreError> {
        let mut quads = self.oxigraph().iter().collect::<Result<Vec<_>, _>>()?;
        sort_quads(&mut quads);
        Ok(quads)
    }

    /// Writes every quad, sorted, in a dataset `format` (N-Quads, TriG).
    /// Graph formats (Turtle) get the union of all graphs.
    fn dump(&self, format: RdfFormat, writer: &mut dyn Write) -> Result<(), StoreError> {
        let io_err = |error| StoreError::Io {
            path: PathBuf::from("<output>"),
            error,
        };
        let mut out = RdfSerializer::from_format(format).for_writer(writer);
        for q in self.quads()? {
            if format.supports_datasets() {
                out.serialize_quad(&q).map_err(io_err)?;
            } else {
                out.serialize_triple(q.as_ref()).map_err(io_err)?;
            }
        }
        out.finish().map_err(io_err)?;
        Ok(())
    }

    /// Makes every completed write durable. [`FileStore`] writes are durable
    /// when they return, so this only checks the store is writable.
    fn flush(&mut self) -> Result<(), StoreError>;
}

/// Sorts quads by their N-Quads text (a total, deterministic order) and
/// removes duplicates.
pub fn sort_quads(quads: &mut Vec<Quad>) {
    let mut keyed: Vec<(String, Quad)> = quads.drain(..).map(|q| (q.to_string(), q)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    quads.extend(keyed.into_iter().map(|(_, q)| q));
}

fn check_graph(meta: &ArticleMeta, quads: &[Quad]) -> Result<(), StoreError> {
    let graph = GraphName::NamedNode(article_graph(&meta.id));
    match quads.iter().find(|q| q.graph_name != graph) {
        Some(q) => Err(StoreError::ForeignQuad {
            id: meta.id.clone(),
            quad: q.to_string(),
        }),
        None => Ok(()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ManifestEntry {
    file: String,
    sha256: String,
    source: String,
    chars: usize,
    quads: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    articles: BTreeMap<String, ManifestEntry>,
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            format: MANIFEST_FORMAT.into(),
            version: MANIFEST_VERSION,
            articles: BTreeMap::new(),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The default backend: an in-memory Oxigraph store persisted as one N-Quads
/// file per article plus a manifest (see the module docs).
pub struct FileStore {
    dir: PathBuf,
    mode: OpenMode,
    manifest: Manifest,
    store: Store,
    /// Held open (and exclusively locked) by a writer; the lock is released
    /// when the file is closed.
    _lock: Option<File>,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore")
            .field("dir", &self.dir)
            .field("mode", &self.mode)
            .field("articles", &self.manifest.articles.len())
            .finish_non_exhaustive()
    }
}

impl FileStore {
    /// Opens the store at `path` for writing, creating it if missing. See
    /// [`GraphStore::open`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        <Self as GraphStore>::open(path.as_ref(), OpenMode::ReadWrite)
    }

    /// Opens the existing store at `path` for reading, without the lock. See
    /// [`GraphStore::open`].
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        <Self as GraphStore>::open(path.as_ref(), OpenMode::ReadOnly)
    }

    /// The store directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn io(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
        move |error| StoreError::Io {
            path: path.to_owned(),
            error,
        }
    }

    /// Checks `dir` looks like a store (or an empty or new directory a writer
    /// may initialise) and returns whether it has a manifest.
    fn inspect(dir: &Path, mode: OpenMode) -> Result<bool, StoreError> {
        let not_a_store = |reason: &str| StoreError::NotAStore {
            path: dir.to_owned(),
            reason: reason.into(),
        };
        match fs::metadata(dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return match mode {
                    OpenMode::ReadOnly => Err(not_a_store("no such directory")),
                    OpenMode::ReadWrite => Ok(false),
                };
            }
            Err(e) => return Err(Self::io(dir)(e)),
            Ok(m) if !m.is_dir() => return Err(not_a_store("exists but is not a directory")),
            Ok(_) => {}
        }
        if dir.join(MANIFEST).is_file() {
            return Ok(true);
        }
        if let Some(meta) = any::StoreMeta::read(dir)? {
            return Err(StoreError::BackendMismatch {
                path: dir.to_owned(),
                found: meta.backend,
                requested: Backend::File,
            });
        }
        // No manifest: only an empty directory, or what a writer creates
        // before its first manifest, may be taken over.
        for entry in fs::read_dir(dir).map_err(Self::io(dir))? {
            let name = entry.map_err(Self::io(dir))?.file_name();
            let name = name.to_string_lossy();
            if name != LOCK && name != GRAPHS && !name.starts_with(TMP_PREFIX) {
                return Err(not_a_store("directory has files but no manifest.json"));
            }
        }
        match mode {
            OpenMode::ReadOnly => Err(not_a_store("no manifest.json")),
            OpenMode::ReadWrite => Ok(false),
        }
    }

    fn lock(dir: &Path) -> Result<File, StoreError> {
        let path = dir.join(LOCK);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(Self::io(&path))?;
        match fs4::fs_std::FileExt::try_lock_exclusive(&file) {
            Ok(true) => Ok(file),
            Ok(false) => Err(StoreError::Locked { path }),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Err(StoreError::Locked { path }),
            Err(e) => Err(Self::io(&path)(e)),
        }
    }

    fn read_manifest(dir: &Path) -> Result<Manifest, StoreError> {
        let path = dir.join(MANIFEST);
        let text = fs::read_to_string(&path).map_err(Self::io(&path))?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            message: format!("line {} column {}: {e}", e.line(), e.column()),
        })?;
        if manifest.format != MANIFEST_FORMAT || manifest.version != MANIFEST_VERSION {
            return Err(StoreError::UnsupportedVersion {
                path,
                format: manifest.format,
                version: manifest.version,
            });
        }
        Ok(manifest)
    }

    /// Parses one graph file and checks it against its manifest entry.
    fn read_graph(&self, id: &str, entry: &ManifestEntry) -> Result<Vec<Quad>, StoreError> {
        let path = self.dir.join(GRAPHS).join(&entry.file);
        let corrupt = |message: String| StoreError::Corrupt {
            path: path.clone(),
            message,
        };
        if entry.file.contains(['/', '\\']) || entry.file.starts_with('.') {
            return Err(corrupt(format!(
                "bad file name {:?} in manifest",
                entry.file
            )));
        }
        let bytes = fs::read(&path).map_err(Self::io(&path))?;
        let graph = GraphName::NamedNode(article_graph(id));
        let mut quads = Vec::with_capacity(entry.quads);
        for q in RdfParser::from_format(RdfFormat::NQuads).for_slice(&bytes) {
            let q = q.map_err(|e| corrupt(e.to_string()))?;
            if q.graph_name != graph {
                return Err(corrupt(format!(
                    "quad outside the graph of article {id:?}: {q}"
                )));
            }
            quads.push(q);
        }
        if quads.len() != entry.quads {
            return Err(corrupt(format!(
                "{} quads, the manifest says {} (truncated file?)",
                quads.len(),
                entry.quads
            )));
        }
        Ok(quads)
    }

    /// Writes `bytes` to `dir/name` atomically: temporary file in `dir`,
    /// fsync, rename, fsync of `dir`.
    fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        Self::write_durable(dir, name, bytes)?;
        sync_dir(dir).map_err(Self::io(dir))
    }

    /// [`FileStore::write_atomic`] without the final fsync of `dir`: the
    /// file's content is durable, its name in `dir` only after the caller
    /// syncs `dir` (once for many files).
    fn write_durable(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let target = dir.join(name);
        let tmp = dir.join(format!("{TMP_PREFIX}{}-{name}", std::process::id()));
        let result = (|| {
            let mut f = File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            drop(f);
            fs::rename(&tmp, &target)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result.map_err(Self::io(&target))
    }

    fn write_manifest(&self, manifest: &Manifest) -> Result<(), StoreError> {
        let mut text = serde_json::to_string_pretty(manifest).map_err(|e| StoreError::Io {
            path: self.dir.join(MANIFEST),
            error: io::Error::other(e),
        })?;
        text.push('\n');
        Self::write_atomic(&self.dir, MANIFEST, text.as_bytes())
    }

    /// Deletes graph files and temporary files the manifest does not name.
    fn remove_orphans(&self) -> Result<(), StoreError> {
        let used: std::collections::BTreeSet<&str> = self
            .manifest
            .articles
            .values()
            .map(|e| e.file.as_str())
            .collect();
        for dir in [self.dir.clone(), self.dir.join(GRAPHS)] {
            for entry in fs::read_dir(&dir).map_err(Self::io(&dir))? {
                let entry = entry.map_err(Self::io(&dir))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let orphan_graph =
                    dir != self.dir && name.ends_with(".nq") && !used.contains(name.as_str());
                if name.starts_with(TMP_PREFIX) || orphan_graph {
                    fs::remove_file(entry.path()).map_err(Self::io(&entry.path()))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// How many graph files [`FileStore`] parses in parallel before inserting
/// them when it opens.
const OPEN_CHUNK: usize = 512;

impl GraphStore for FileStore {
    fn open(path: &Path, mode: OpenMode) -> Result<Self, StoreError> {
        let dir = path.to_owned();
        let has_manifest = Self::inspect(&dir, mode)?;
        let lock = match mode {
            OpenMode::ReadWrite => {
                fs::create_dir_all(dir.join(GRAPHS)).map_err(Self::io(&dir))?;
                Some(Self::lock(&dir)?)
            }
            OpenMode::ReadOnly => None,
        };
        let manifest = if has_manifest {
            Self::read_manifest(&dir)?
        } else {
            Manifest::default()
        };
        let store = FileStore {
            dir,
            mode,
            manifest,
            store: Store::new()?,
            _lock: lock,
        };
        // Parsing dominates opening a large store: the graph files are
        // parsed in parallel (rayon) a chunk at a time, so that at most one
        // chunk of parsed quads waits besides the store, then inserted in
        // manifest order; the first failing file in that order is the error
        // reported.
        let articles: Vec<(&String, &ManifestEntry)> = store.manifest.articles.iter().collect();
        for chunk in articles.chunks(OPEN_CHUNK) {
            let parsed: Vec<Result<Vec<Quad>, StoreError>> = chunk
                .par_iter()
                .map(|(id, entry)| store.read_graph(id, entry))
                .collect();
            for quads in parsed {
                store.store.extend(quads?)?;
            }
        }
        if mode == OpenMode::ReadWrite {
            if !has_manifest {
                store.write_manifest(&store.manifest)?;
            }
            store.remove_orphans()?;
        }
        Ok(store)
    }

    fn replace_article(&mut self, meta: &ArticleMeta, quads: &[Quad]) -> Result<(), StoreError> {
        self.replace_articles(&[(meta.clone(), quads.to_vec())])
    }

    fn replace_articles(&mut self, batch: &[(ArticleMeta, Vec<Quad>)]) -> Result<(), StoreError> {
        self.mode.require_write(&self.dir)?;
        // 1. Every graph file, durable, under a content-addressed name (a
        //    file no manifest names yet is an orphan, removed on open);
        //    serialised and written in parallel, the directory synced once.
        //    An id given twice keeps its last version only.
        let graphs = self.dir.join(GRAPHS);
        let last: BTreeMap<&str, usize> = batch
            .iter()
            .enumerate()
            .map(|(i, (m, _))| (m.id.as_str(), i))
            .collect();
        let batch: Vec<&(ArticleMeta, Vec<Quad>)> = batch
            .iter()
            .enumerate()
            .filter(|(i, (m, _))| last.get(m.id.as_str()) == Some(i))
            .map(|(_, x)| x)
            .collect();
        let written: Vec<Result<(String, Vec<Quad>), StoreError>> = batch
            .par_iter()
            .map(|(meta, quads)| {
                check_graph(meta, quads)?;
                let mut quads = quads.clone();
                sort_quads(&mut quads);
                let mut nq = Vec::new();
                let mut ser = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut nq);
                for q in &quads {
                    ser.serialize_quad(q).map_err(Self::io(&graphs))?;
                }
                ser.finish().map_err(Self::io(&graphs))?;
                let file = format!(
                    "{}-{}.nq",
                    hex(&Sha256::digest(meta.id.as_bytes())),
                    &hex(&Sha256::digest(&nq))[..16]
                );
                Self::write_durable(&graphs, &file, &nq)?;
                Ok((file, quads))
            })
            .collect();
        sync_dir(&graphs).map_err(Self::io(&graphs))?;
        let mut manifest = self.manifest.clone();
        let mut staged = Vec::with_capacity(batch.len());
        let mut superseded = Vec::new();
        for ((meta, _), w) in batch.into_iter().zip(written) {
            let (file, quads) = w?;
            let old = manifest.articles.insert(
                meta.id.clone(),
                ManifestEntry {
                    file: file.clone(),
                    sha256: meta.sha256.clone(),
                    source: meta.source.clone(),
                    chars: meta.chars,
                    quads: quads.len(),
                },
            );
            superseded.extend(old.map(|o| o.file).filter(|f| *f != file));
            staged.push((article_graph(&meta.id), quads));
        }
        // 2. The manifest, once: the commit point of the whole batch.
        self.write_manifest(&manifest)?;
        self.manifest = manifest;
        // 3. The in-memory store, then the files no entry names any more.
        for (graph, quads) in staged {
            self.store.remove_named_graph(&graph)?;
            self.store.extend(quads)?;
        }
        let named: std::collections::BTreeSet<&str> = self
            .manifest
            .articles
            .values()
            .map(|e| e.file.as_str())
            .collect();
        for file in superseded {
            if !named.contains(file.as_str()) {
                let path = self.dir.join(GRAPHS).join(file);
                fs::remove_file(&path).map_err(Self::io(&path))?;
            }
        }
        Ok(())
    }

    fn remove_article(&mut self, id: &str) -> Result<bool, StoreError> {
        self.mode.require_write(&self.dir)?;
        let mut manifest = self.manifest.clone();
        let Some(old) = manifest.articles.remove(id) else {
            return Ok(false);
        };
        self.write_manifest(&manifest)?;
        self.manifest = manifest;
        self.store.remove_named_graph(&article_graph(id))?;
        let path = self.dir.join(GRAPHS).join(old.file);
        fs::remove_file(&path).map_err(Self::io(&path))?;
        Ok(true)
    }

    fn articles(&self) -> Result<Vec<ArticleEntry>, StoreError> {
        Ok(self
            .manifest
            .articles
            .iter()
            .map(|(id, e)| ArticleEntry {
                id: id.clone(),
                sha256: e.sha256.clone(),
                quads: e.quads,
            })
            .collect())
    }

    fn len(&self) -> Result<usize, StoreError> {
        Ok(self.store.len()?)
    }

    fn oxigraph(&self) -> &Store {
        &self.store
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        self.mode.require_write(&self.dir)
    }
}

/// Reads the articles of an Oxigraph store from the article nodes
/// (`tupu:articleId`, `tupu:sha256`) in each article graph.
pub fn articles_from_graphs(store: &Store) -> Result<Vec<ArticleEntry>, StoreError> {
    let mut out = BTreeMap::new();
    for q in store.quads_for_pattern(None, Some(tupu::ARTICLE_ID), None, None) {
        let q = q?;
        let GraphName::NamedNode(g) = &q.graph_name else {
            continue;
        };
        let (Some(id), NamedOrBlankNode::NamedNode(node)) =
            (article_id_from_iri(g.as_ref()), &q.subject)
        else {
            continue;
        };
        let mut sha256 = String::new();
        for s in store.quads_for_pattern(
            Some(node.into()),
            Some(tupu::SHA256),
            None,
            Some(GraphNameRef::from(g)),
        ) {
            if let Term::Literal(l) = s?.object {
                sha256 = l.value().to_owned();
            }
        }
        let quads = store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::from(g)))
            .count();
        out.insert(id.clone(), ArticleEntry { id, sha256, quads });
    }
    Ok(out.into_values().collect())
}

mod any;
#[cfg(feature = "rocksdb")]
mod rocks;

pub use any::{change_file, create, detect, open, open_read_only, AnyStore, Backend, META};
#[cfg(feature = "rocksdb")]
pub use rocks::RocksStore;

#[cfg(test)]
mod tests {
    //! Every test that does not look at the file backend's files runs on
    //! each backend compiled in (`backend_tests!`): the file backend always,
    //! RocksDB with `--features rocksdb`.
    use super::*;
    use crate::annotation::Annotation;
    use crate::rdf::annotation_quads;

    fn article(name: &str) -> (ArticleMeta, Vec<Quad>) {
        let root = env!("CARGO_MANIFEST_DIR");
        let text = fs::read_to_string(format!("{root}/data/seeds/{name}")).unwrap();
        let ann: Annotation = serde_json::from_str(
            &fs::read_to_string(format!("{root}/data/gold/{name}.json")).unwrap(),
        )
        .unwrap();
        let meta = ArticleMeta {
            id: name.into(),
            source: format!("data/seeds/{name}"),
            sha256: hex(&Sha256::digest(text.as_bytes())),
            chars: text.chars().count(),
        };
        let quads = annotation_quads(&meta, &ann);
        (meta, quads)
    }

    const A: &str = "000_410003ede4b73390.txt";
    const B: &str = "002_37cb68cf616920c1.txt";

    fn files(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for sub in [dir.to_owned(), dir.join(GRAPHS)] {
            for e in fs::read_dir(sub).unwrap() {
                out.push(e.unwrap().file_name().to_string_lossy().into_owned());
            }
        }
        out.sort();
        out
    }

    /// A backend under test.
    trait TestBackend: GraphStore + Sized + std::fmt::Debug {
        /// Whether it is the file backend (whose files some tests inspect).
        const FILES: bool;
        fn writer(path: &Path) -> Result<Self, StoreError> {
            Self::open(path, OpenMode::ReadWrite)
        }
        fn reader(path: &Path) -> Result<Self, StoreError> {
            Self::open(path, OpenMode::ReadOnly)
        }
    }
    impl TestBackend for FileStore {
        const FILES: bool = true;
    }
    #[cfg(feature = "rocksdb")]
    impl TestBackend for RocksStore {
        const FILES: bool = false;
    }

    /// Instantiates generic tests `fn name<S: TestBackend>()` as
    /// `file::name` and (with the feature) `rocksdb::name`.
    macro_rules! backend_tests {
        ($($name:ident),* $(,)?) => {
            mod file {
                $(#[test] fn $name() { super::$name::<super::FileStore>() })*
            }
            #[cfg(feature = "rocksdb")]
            mod rocksdb {
                $(#[test] fn $name() { super::$name::<super::RocksStore>() })*
            }
        };
    }

    backend_tests!(
        round_trip_through_disk,
        a_batch_equals_single_replacements,
        replace_is_idempotent,
        remove_leaves_other_articles_unchanged,
        second_writer_is_locked_out_but_readers_are_not,
        a_regular_file_or_foreign_directory_is_not_a_store,
        quads_outside_the_article_graph_are_refused,
        query_sees_the_union_of_articles,
        any_store_detects_the_backend,
    );

    fn round_trip_through_disk<S: TestBackend>() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("tupu.db");
        let (ma, qa) = article(A);
        let (mb, qb) = article(B);
        let (len, quads) = {
            let mut s = S::writer(&dir).unwrap();
            s.replace_article(&ma, &qa).unwrap();
            s.replace_article(&mb, &qb).unwrap();
            assert_eq!(s.len().unwrap(), qa.len() + qb.len());
            s.flush().unwrap();
            (s.len().unwrap(), s.quads().unwrap())
        };
        let s = S::reader(&dir).unwrap();
        assert_eq!(s.len().unwrap(), len);
        assert_eq!(s.quads().unwrap(), quads);
        let articles = s.articles().unwrap();
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec![A, B]);
        assert_eq!(articles[0].sha256, ma.sha256);
        assert_eq!(articles[1].quads, qb.len());
        assert!(s.contains_article_hash(&ma.sha256).unwrap());
        assert!(!s.contains_article_hash(&"0".repeat(64)).unwrap());
        assert!(matches!(
            S::reader(&dir).unwrap().replace_article(&ma, &qa),
            Err(StoreError::ReadOnly { .. })
        ));
        // The rdf-derived article list agrees with the backend's.
        assert_eq!(articles_from_graphs(s.oxigraph()).unwrap(), articles);
    }

    /// A batch stores the same as one article at a time; replacing an
    /// article in a later batch (and twice in one batch) leaves exactly one
    /// graph (and, for the file backend, one file) per article.
    fn a_batch_equals_single_replacements<S: TestBackend>() {
        let tmp = tempfile::tempdir().unwrap();
        let (ma, qa) = article(A);
        let (mb, qb) = article(B);
        let one = tmp.path().join("one");
        {
            let mut s = S::writer(&one).unwrap();
            s.replace_article(&ma, &qa).unwrap();
            s.replace_article(&mb, &qb).unwrap();
        }
        let batched = tmp.path().join("batched");
        {
            let mut s = S::writer(&batched).unwrap();
            // An older version of B (half its quads and one the new version
            // lacks), A, then the full B: the second replacement of B must
            // remove what the first inserted in the same batch.
            let mut old: Vec<Quad> = qb[..qb.len() / 2].to_vec();
            old.push(Quad::new(
                article_graph(B),
                oxigraph::model::vocab::rdfs::COMMENT,
                oxigraph::model::Literal::from("an older version"),
                article_graph(B),
            ));
            s.replace_articles(&[
                (mb.clone(), old),
                (ma.clone(), qa.clone()),
                (mb.clone(), qb.clone()),
            ])
            .unwrap();
        }
        let a = S::reader(&one).unwrap();
        let b = S::reader(&batched).unwrap();
        assert_eq!(a.quads().unwrap(), b.quads().unwrap());
        assert_eq!(a.articles().unwrap(), b.articles().unwrap());
        if S::FILES {
            assert_eq!(files(&one), files(&batched));
            assert_eq!(fs::read_dir(batched.join(GRAPHS)).unwrap().count(), 2);
        }
        drop(b);
        // A foreign quad fails the batch before anything is committed.
        let mut s = S::writer(&batched).unwrap();
        let err = s
            .replace_articles(&[(mb.clone(), Vec::new()), (ma.clone(), qb.clone())])
            .unwrap_err();
        assert!(matches!(err, StoreError::ForeignQuad { .. }), "{err}");
        drop(s);
        assert_eq!(
            S::reader(&batched).unwrap().quads().unwrap(),
            a.quads().unwrap()
        );
    }

    fn replace_is_idempotent<S: TestBackend>() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        let (ma, qa) = article(A);
        let mut s = S::writer(&dir).unwrap();
        s.replace_article(&ma, &qa).unwrap();
        let once = (s.len().unwrap(), s.quads().unwrap(), s.articles().unwrap());
        s.replace_article(&ma, &qa).unwrap();
        assert_eq!(
            (s.len().unwrap(), s.quads().unwrap(), s.articles().unwrap()),
            once
        );
        // A changed annotation replaces, not adds to, the old graph.
        s.replace_article(&ma, &qa[..10]).unwrap();
        assert_eq!(s.len().unwrap(), 10);
        assert_eq!(s.articles().unwrap().len(), 1);
        assert_eq!(s.articles().unwrap()[0].quads, 10);
        drop(s);
        assert_eq!(S::reader(&dir).unwrap().len().unwrap(), 10);
        if S::FILES {
            let names = files(&dir);
            assert_eq!(
                names.iter().filter(|n| n.ends_with(".nq")).count(),
                1,
                "{names:?}"
            );
            assert!(
                names.iter().all(|n| !n.starts_with(TMP_PREFIX)),
                "{names:?}"
            );
            assert!(names.contains(&MANIFEST.to_owned()) && names.contains(&LOCK.to_owned()));
        }
    }

    fn remove_leaves_other_articles_unchanged<S: TestBackend>() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        let (ma, qa) = article(A);
        let (mb, qb) = article(B);
        let mut s = S::writer(&dir).unwrap();
        s.replace_article(&mb, &qb).unwrap();
        let only_b = (s.quads().unwrap(), s.articles().unwrap());
        s.replace_article(&ma, &qa).unwrap();
        assert!(s.remove_article(A).unwrap());
        assert!(!s.remove_article(A).unwrap());
        assert_eq!((s.quads().unwrap(), s.articles().unwrap()), only_b);
        drop(s);
        let s = S::writer(&dir).unwrap();
        assert_eq!((s.quads().unwrap(), s.articles().unwrap()), only_b);
        assert!(!s.contains_article_hash(&ma.sha256).unwrap());
        if S::FILES {
            assert_eq!(files(&dir).iter().filter(|n| n.ends_with(".nq")).count(), 1);
        }
    }

    fn second_writer_is_locked_out_but_readers_are_not<S: TestBackend>() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        let _writer = S::writer(&dir).unwrap();
        let err = S::writer(&dir).unwrap_err();
        assert!(matches!(err, StoreError::Locked { .. }), "{err}");
        assert!(err
            .to_string()
            .contains("store is locked by another tupu process"));
        // Through the backend-detecting entry points too.
        assert!(matches!(open(&dir), Err(StoreError::Locked { .. })));
        assert!(S::reader(&dir).is_ok());
        assert!(open_read_only(&dir).is_ok());
    }

    fn a_regular_file_or_foreign_directory_is_not_a_store<S: TestBackend>() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("notes.txt");
        fs::write(&file, "hello").unwrap();
        let err = S::writer(&file).unwrap_err();
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
        let foreign = tmp.path().join("src");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("main.rs"), "fn main() {}").unwrap();
        assert!(matches!(
            S::writer(&foreign),
            Err(StoreError::NotAStore { .. })
        ));
        assert!(matches!(
            S::reader(&tmp.path().join("missing")),
            Err(StoreError::NotAStore { .. })
        ));
        assert!(matches!(
            open(tmp.path().join("missing")),
            Err(StoreError::NotAStore { .. })
        ));
        // The foreign directory was left alone.
        assert_eq!(fs::read_dir(&foreign).unwrap().count(), 1);
    }

    fn quads_outside_the_article_graph_are_refused<S: TestBackend>() {
        let tmp = tempfile::tempdir().unwrap();
        let (ma, _) = article(A);
        let (_, qb) = article(B);
        let mut s = S::writer(&tmp.path().join("db")).unwrap();
        assert!(matches!(
            s.replace_article(&ma, &qb),
            Err(StoreError::ForeignQuad { .. })
        ));
        assert!(s.is_empty().unwrap());
        assert!(s.articles().unwrap().is_empty());
    }

    fn query_sees_the_union_of_articles<S: TestBackend>() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = S::writer(&tmp.path().join("db")).unwrap();
        for name in [A, B] {
            let (m, q) = article(name);
            s.replace_article(&m, &q).unwrap();
        }
        let QueryResults::Solutions(rows) = s
            .query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a <https://tupu.dev/ontology#articleId> ?id }")
            .unwrap()
        else {
            panic!("not a SELECT");
        };
        let n: Vec<String> = rows
            .map(|r| r.unwrap().get("n").unwrap().to_string())
            .collect();
        assert_eq!(
            n,
            vec!["\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>".to_owned()]
        );
        assert!(matches!(
            s.query("SELECT WHERE"),
            Err(StoreError::Syntax(_))
        ));
    }

    /// A store made by one backend is found again by [`open`] and
    /// [`create`], which refuse to turn it into another backend's.
    fn any_store_detects_the_backend<S: TestBackend>() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        let (ma, qa) = article(A);
        {
            let mut s = S::writer(&dir).unwrap();
            s.replace_article(&ma, &qa).unwrap();
        }
        let own = if S::FILES {
            Backend::File
        } else {
            Backend::RocksDb
        };
        let other = if S::FILES {
            Backend::RocksDb
        } else {
            Backend::File
        };
        assert_eq!(detect(&dir).unwrap(), Some(own));
        let s = open_read_only(&dir).unwrap();
        assert_eq!(s.backend(), own);
        assert_eq!(s.len().unwrap(), qa.len());
        drop(s);
        let mut s = create(&dir, None).unwrap();
        assert_eq!(s.backend(), own);
        assert!(s.remove_article(A).unwrap());
        drop(s);
        let err = create(&dir, Some(other)).unwrap_err();
        assert!(
            matches!(err, StoreError::BackendMismatch { found, requested, .. }
                if found == own && requested == other),
            "{err}"
        );
        assert!(create(&dir, Some(own)).is_ok());
    }

    /// Without the feature, a RocksDB store (or asking for one) is a clear
    /// error naming the feature, and nothing is created.
    #[cfg(not(feature = "rocksdb"))]
    #[test]
    fn rocksdb_without_the_feature_names_the_feature() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        let err = create(&dir, Some(Backend::RocksDb)).unwrap_err();
        assert!(
            matches!(err, StoreError::BackendUnavailable { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("feature `rocksdb`"), "{err}");
        assert!(!dir.exists());
        fs::create_dir(&dir).unwrap();
        any::StoreMeta::new(Backend::RocksDb).write(&dir).unwrap();
        let err = open_read_only(&dir).unwrap_err();
        assert!(err.to_string().contains("feature `rocksdb`"), "{err}");
        // The file backend will not take the directory over either.
        assert!(matches!(
            FileStore::open(&dir),
            Err(StoreError::BackendMismatch { .. })
        ));
    }

    #[test]
    fn corrupt_graph_file_is_named_in_the_error() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        let (ma, qa) = article(A);
        FileStore::open(&dir)
            .unwrap()
            .replace_article(&ma, &qa)
            .unwrap();
        let graph = fs::read_dir(dir.join(GRAPHS))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let text = fs::read_to_string(&graph).unwrap();
        // Truncated mid-line: a syntax error.
        fs::write(&graph, &text[..text.len() / 2]).unwrap();
        let err = FileStore::open_read_only(&dir).unwrap_err();
        assert!(
            matches!(err, StoreError::Corrupt { ref path, .. } if *path == graph),
            "{err}"
        );
        assert!(err.to_string().contains(&graph.display().to_string()));
        // Truncated at a line boundary: parses, but the count is wrong.
        let cut = text[..text.len() / 2].rfind('\n').unwrap() + 1;
        fs::write(&graph, &text[..cut]).unwrap();
        let err = FileStore::open(&dir).unwrap_err();
        assert!(err.to_string().contains("truncated"), "{err}");
        // A damaged manifest names the manifest and the line.
        fs::write(dir.join(MANIFEST), "{\"format\": ").unwrap();
        let err = FileStore::open_read_only(&dir).unwrap_err();
        assert!(
            err.to_string().contains("manifest.json") && err.to_string().contains("line 1"),
            "{err}"
        );
    }

    #[test]
    fn crash_leftovers_are_ignored_then_cleaned() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("db");
        let (ma, qa) = article(A);
        FileStore::open(&dir)
            .unwrap()
            .replace_article(&ma, &qa)
            .unwrap();
        let before = FileStore::open_read_only(&dir).unwrap().quads().unwrap();
        // A crash after writing a new graph file but before the manifest.
        fs::write(
            dir.join(GRAPHS).join("deadbeef-0000000000000000.nq"),
            "garbage",
        )
        .unwrap();
        fs::write(dir.join(format!("{TMP_PREFIX}1-{MANIFEST}")), "{").unwrap();
        assert_eq!(
            FileStore::open_read_only(&dir).unwrap().quads().unwrap(),
            before
        );
        let s = FileStore::open(&dir).unwrap();
        assert_eq!(s.quads().unwrap(), before);
        let names = files(&dir);
        assert_eq!(names.len(), 4, "{names:?}"); // graph file, graphs/, lock, manifest
        assert!(!names
            .iter()
            .any(|n| n.starts_with(TMP_PREFIX) || n.starts_with("deadbeef")));
    }
}
