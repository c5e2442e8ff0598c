//! The RocksDB backend (cargo feature `rocksdb`): Oxigraph's on-disk store
//! behind the [`GraphStore`] interface.
//!
//! ```text
//! tupu.db/
//!   store.json     format, version, "backend": "rocksdb", articles (written first, at creation)
//!   lock           held exclusively by the one writer (the same lock as the file backend)
//!   rocksdb/       Oxigraph's RocksDB database: every article graph
//! ```
//!
//! There is no separate manifest: an article's manifest entry is its own
//! article node (`tupu:articleId`, `tupu:sha256`, `tupu:source`, written by
//! [`crate::rdf`]) inside its named graph, and a batch of articles —
//! removing each old graph, inserting each new one — is ONE Oxigraph
//! transaction, i.e. one RocksDB write batch, which RocksDB applies
//! atomically (its write-ahead log replays whole batches or none). A build
//! killed at any moment therefore leaves every article either as it was or
//! as it is in the batch, never half of one; `store.json`'s `articles`
//! count, rewritten after each commit, may lag by one batch and is only
//! informational. Writes are not fsynced one by one (a process crash
//! loses nothing committed; a power loss may lose the last batches);
//! [`GraphStore::flush`] makes them durable.
//!
//! Readers open the database read-only ([`oxigraph::store::Store::open_read_only`]):
//! no lock, a view of the store as of the opening. Oxigraph documents
//! opening read-only while another process writes as unsupported (RocksDB
//! may delete files the reader needs), so a reader running during a build
//! may fail with a storage error; readers of a quiet store are safe.

use super::any::{Backend, StoreMeta};
use super::*;
use std::sync::OnceLock;

/// The RocksDB directory inside the store directory.
const DB: &str = "rocksdb";

/// Oxigraph's RocksDB store behind the [`GraphStore`] interface (see the
/// module docs of `store::rocks` for the layout and the commit protocol).
pub struct RocksStore {
    dir: PathBuf,
    mode: OpenMode,
    store: Store,
    /// The articles, read from the database on first use (a writer reads
    /// them when it opens) and kept up to date by this process's writes.
    articles: OnceLock<BTreeMap<String, ArticleEntry>>,
    /// Held open (and exclusively locked) by a writer.
    _lock: Option<File>,
}

impl std::fmt::Debug for RocksStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RocksStore")
            .field("dir", &self.dir)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl RocksStore {
    /// Opens the store at `path` for writing, creating it if missing. See
    /// [`GraphStore::open`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        <Self as GraphStore>::open(path.as_ref(), OpenMode::ReadWrite)
    }

    /// Opens the existing store at `path` for reading, without the lock.
    /// See [`GraphStore::open`].
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        <Self as GraphStore>::open(path.as_ref(), OpenMode::ReadOnly)
    }

    /// The store directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Wraps a storage error as [`StoreError::Database`] naming the RocksDB
    /// directory.
    fn database(&self) -> impl Fn(StorageError) -> StoreError {
        let path = self.dir.join(DB);
        move |error| StoreError::Database {
            path: path.clone(),
            error,
        }
    }

    /// Checks `dir` before opening: a missing directory or one without
    /// `store.json` may only be created by a writer (and must then be empty
    /// but for a lock or temporary files); a file store is refused.
    fn inspect(dir: &Path, mode: OpenMode) -> Result<Option<StoreMeta>, StoreError> {
        let not_a_store = |reason: &str| StoreError::NotAStore {
            path: dir.to_owned(),
            reason: reason.into(),
        };
        match fs::metadata(dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return match mode {
                    OpenMode::ReadOnly => Err(not_a_store("no such directory")),
                    OpenMode::ReadWrite => Ok(None),
                };
            }
            Err(e) => return Err(FileStore::io(dir)(e)),
            Ok(m) if !m.is_dir() => return Err(not_a_store("exists but is not a directory")),
            Ok(_) => {}
        }
        if let Some(meta) = StoreMeta::read(dir)? {
            if meta.backend != Backend::RocksDb {
                return Err(StoreError::BackendMismatch {
                    path: dir.to_owned(),
                    found: meta.backend,
                    requested: Backend::RocksDb,
                });
            }
            return Ok(Some(meta));
        }
        if dir.join(MANIFEST).is_file() {
            return Err(StoreError::BackendMismatch {
                path: dir.to_owned(),
                found: Backend::File,
                requested: Backend::RocksDb,
            });
        }
        for entry in fs::read_dir(dir).map_err(FileStore::io(dir))? {
            let name = entry.map_err(FileStore::io(dir))?.file_name();
            let name = name.to_string_lossy();
            if name != LOCK && !name.starts_with(TMP_PREFIX) {
                return Err(not_a_store("directory has files but no store.json"));
            }
        }
        match mode {
            OpenMode::ReadOnly => Err(not_a_store("no store.json")),
            OpenMode::ReadWrite => Ok(None),
        }
    }

    /// The articles, read once from the database.
    fn entries(&self) -> Result<&BTreeMap<String, ArticleEntry>, StoreError> {
        if let Some(a) = self.articles.get() {
            return Ok(a);
        }
        let read = read_articles(&self.store).map_err(|e| match e {
            StoreError::Storage(error) => StoreError::Database {
                path: self.dir.join(DB),
                error,
            },
            e => e,
        })?;
        Ok(self.articles.get_or_init(|| read))
    }

    /// Rewrites `store.json` with the current article count (after a
    /// commit; see the module docs).
    fn write_meta(&self) -> Result<(), StoreError> {
        let mut meta = StoreMeta::new(Backend::RocksDb);
        meta.articles = self.entries()?.len();
        meta.write(&self.dir)
    }
}

/// The manifest entry of an article graph `quads` of article `id`: the
/// number of distinct quads, and the `tupu:sha256` of the article node (the
/// graph's own IRI; the smallest if several, empty if none).
fn entry_of(id: &str, quads: &[Quad]) -> ArticleEntry {
    let node = NamedOrBlankNode::NamedNode(article_graph(id));
    let distinct: std::collections::HashSet<&Quad> = quads.iter().collect();
    let sha256 = quads
        .iter()
        .filter(|q| q.subject == node && q.predicate == tupu::SHA256)
        .filter_map(|q| match &q.object {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        })
        .min()
        .unwrap_or_default();
    ArticleEntry {
        id: id.to_owned(),
        sha256,
        quads: distinct.len(),
    }
}

/// Reads every article of a RocksDB-backed Oxigraph store: each named graph
/// that is an article graph, its quad count (one grouped SPARQL count over
/// the graph index, which counts without decoding the quads' terms) and its
/// article node's `tupu:sha256`, as [`entry_of`] computes them.
fn read_articles(store: &Store) -> Result<BTreeMap<String, ArticleEntry>, StoreError> {
    let mut out = BTreeMap::new();
    for g in store.named_graphs() {
        if let NamedOrBlankNode::NamedNode(g) = g? {
            if let Some(id) = article_id_from_iri(g.as_ref()) {
                out.insert(
                    id.clone(),
                    ArticleEntry {
                        id,
                        sha256: String::new(),
                        quads: 0,
                    },
                );
            }
        }
    }
    let counts = SparqlEvaluator::new()
        .parse_query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")?
        .on_store(store)
        .execute()?;
    if let QueryResults::Solutions(rows) = counts {
        for row in rows {
            let row = row?;
            let (Some(Term::NamedNode(g)), Some(Term::Literal(n))) = (row.get("g"), row.get("n"))
            else {
                continue;
            };
            if let (Some(id), Ok(n)) = (article_id_from_iri(g.as_ref()), n.value().parse()) {
                if let Some(e) = out.get_mut(&id) {
                    e.quads = n;
                }
            }
        }
    }
    for q in store.quads_for_pattern(None, Some(tupu::SHA256), None, None) {
        let q = q?;
        let (GraphName::NamedNode(g), Term::Literal(h)) = (&q.graph_name, &q.object) else {
            continue;
        };
        if q.subject != NamedOrBlankNode::NamedNode(g.clone()) {
            continue;
        }
        if let Some(e) = article_id_from_iri(g.as_ref()).and_then(|id| out.get_mut(&id)) {
            if e.sha256.is_empty() || h.value() < e.sha256.as_str() {
                e.sha256 = h.value().to_owned();
            }
        }
    }
    Ok(out)
}

impl GraphStore for RocksStore {
    /// Opens (read-write: creating if missing) the RocksDB store at `path`.
    /// A writer takes `path/lock` first, then writes `store.json` if the
    /// store is new, then opens the database.
    ///
    /// Errors: [`StoreError::Locked`], [`StoreError::NotAStore`],
    /// [`StoreError::BackendMismatch`] for a file store,
    /// [`StoreError::Database`] naming the RocksDB directory when RocksDB
    /// refuses it (damaged, unreadable, or, read-only, missing).
    fn open(path: &Path, mode: OpenMode) -> Result<Self, StoreError> {
        let dir = path.to_owned();
        let meta = Self::inspect(&dir, mode)?;
        let lock = match mode {
            OpenMode::ReadWrite => {
                fs::create_dir_all(&dir).map_err(FileStore::io(&dir))?;
                let lock = FileStore::lock(&dir)?;
                if meta.is_none() {
                    StoreMeta::new(Backend::RocksDb).write(&dir)?;
                }
                Some(lock)
            }
            OpenMode::ReadOnly => None,
        };
        let db = dir.join(DB);
        let database = |error| StoreError::Database {
            path: db.clone(),
            error,
        };
        let store = match mode {
            OpenMode::ReadWrite => Store::open(&db).map_err(database)?,
            OpenMode::ReadOnly => {
                if !db.is_dir() {
                    return Err(StoreError::NotAStore {
                        path: dir,
                        reason: "no rocksdb directory".into(),
                    });
                }
                Store::open_read_only(&db).map_err(database)?
            }
        };
        let store = RocksStore {
            dir,
            mode,
            store,
            articles: OnceLock::new(),
            _lock: lock,
        };
        if mode == OpenMode::ReadWrite {
            // The writer needs them for every write (and builds ask for
            // them first anyway); a killed earlier write may also have left
            // `store.json`'s count behind.
            store.write_meta()?;
        }
        Ok(store)
    }

    fn replace_article(&mut self, meta: &ArticleMeta, quads: &[Quad]) -> Result<(), StoreError> {
        self.replace_articles(&[(meta.clone(), quads.to_vec())])
    }

    /// Replaces the batch in ONE transaction (one RocksDB write batch,
    /// applied atomically), then updates `store.json`. An id given twice
    /// keeps its last version.
    fn replace_articles(&mut self, batch: &[(ArticleMeta, Vec<Quad>)]) -> Result<(), StoreError> {
        self.mode.require_write(&self.dir)?;
        for (meta, quads) in batch {
            check_graph(meta, quads)?;
        }
        self.entries()?;
        let fail = self.database();
        let mut tx = self.store.start_transaction().map_err(&fail)?;
        for (meta, quads) in batch {
            let graph = article_graph(&meta.id);
            tx.remove_named_graph(&graph).map_err(&fail)?;
            tx.insert_named_graph(&graph);
            tx.extend(quads);
        }
        tx.commit().map_err(&fail)?;
        if let Some(entries) = self.articles.get_mut() {
            for (meta, quads) in batch {
                entries.insert(meta.id.clone(), entry_of(&meta.id, quads));
            }
        }
        self.write_meta()
    }

    fn remove_article(&mut self, id: &str) -> Result<bool, StoreError> {
        self.mode.require_write(&self.dir)?;
        let graph = article_graph(id);
        let fail = self.database();
        let mut tx = self.store.start_transaction().map_err(&fail)?;
        if !tx.contains_named_graph(&graph).map_err(&fail)? {
            return Ok(false);
        }
        tx.remove_named_graph(&graph).map_err(&fail)?;
        tx.commit().map_err(&fail)?;
        self.entries()?;
        if let Some(entries) = self.articles.get_mut() {
            entries.remove(id);
        }
        self.write_meta()?;
        Ok(true)
    }

    fn articles(&self) -> Result<Vec<ArticleEntry>, StoreError> {
        Ok(self.entries()?.values().cloned().collect())
    }

    /// One index lookup (`?a tupu:sha256 "sha256"` in any graph), not a
    /// scan of the articles.
    fn contains_article_hash(&self, sha256: &str) -> Result<bool, StoreError> {
        let literal = Term::Literal(oxigraph::model::Literal::from(sha256));
        for q in
            self.store
                .quads_for_pattern(None, Some(tupu::SHA256), Some(literal.as_ref()), None)
        {
            let q = q.map_err(self.database())?;
            if let GraphName::NamedNode(g) = &q.graph_name {
                if q.subject == NamedOrBlankNode::NamedNode(g.clone())
                    && article_id_from_iri(g.as_ref()).is_some()
                {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    fn len(&self) -> Result<usize, StoreError> {
        self.store.len().map_err(self.database())
    }

    fn oxigraph(&self) -> &Store {
        &self.store
    }

    /// Flushes RocksDB's memory tables to disk (a writer; a reader has
    /// nothing to flush).
    fn flush(&mut self) -> Result<(), StoreError> {
        if self.mode == OpenMode::ReadWrite {
            self.store.flush().map_err(self.database())?;
        }
        Ok(())
    }
}
