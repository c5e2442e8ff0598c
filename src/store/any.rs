//! Choosing a backend: the store directory says which one it is, and
//! [`AnyStore`] dispatches to it.
//!
//! A [`super::FileStore`] directory has `manifest.json`; every other backend
//! writes [`META`] (`store.json`: format, version, `backend`) when it
//! creates the directory, before anything else. [`detect`] reads that, and
//! [`open`] / [`open_read_only`] / [`create`] open whatever is there, so only
//! `tupu build --backend …` ever names a backend.

use super::*;

/// The metadata file of a non-file backend's store directory.
pub const META: &str = "store.json";

/// A storage backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// [`FileStore`]: in-memory Oxigraph, one N-Quads file per article
    /// (always available; the default).
    File,
    /// `RocksStore`: Oxigraph's on-disk RocksDB store (cargo feature
    /// `rocksdb`).
    RocksDb,
}

impl Backend {
    /// The name used on the command line and in [`META`]: `file` or
    /// `rocksdb`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::File => "file",
            Backend::RocksDb => "rocksdb",
        }
    }

    /// Whether this binary was compiled with the backend (`rocksdb` needs
    /// the cargo feature of the same name).
    pub fn is_available(self) -> bool {
        match self {
            Backend::File => true,
            Backend::RocksDb => cfg!(feature = "rocksdb"),
        }
    }
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Backend {
    type Err = String;

    /// Parses `file` or `rocksdb` (ASCII case-insensitive); the error names
    /// both.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "file" => Ok(Backend::File),
            "rocksdb" => Ok(Backend::RocksDb),
            _ => Err(format!("unknown backend {s:?} (expected file or rocksdb)")),
        }
    }
}

/// The content of [`META`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StoreMeta {
    pub format: String,
    pub version: u32,
    pub backend: Backend,
    /// Articles stored as of the last completed write: informational (for
    /// watchers and tests), the database is the truth.
    #[serde(default)]
    pub articles: usize,
}

impl StoreMeta {
    #[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
    pub(crate) fn new(backend: Backend) -> Self {
        StoreMeta {
            format: MANIFEST_FORMAT.into(),
            version: MANIFEST_VERSION,
            backend,
            articles: 0,
        }
    }

    /// Reads `dir/store.json`; `Ok(None)` if it does not exist.
    pub(crate) fn read(dir: &Path) -> Result<Option<StoreMeta>, StoreError> {
        let path = dir.join(META);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(StoreError::Io { path, error }),
        };
        // The backend is checked before the version, so that an unknown
        // backend name is reported as such.
        let meta: StoreMeta = serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
            path: path.clone(),
            message: format!("line {} column {}: {e}", e.line(), e.column()),
        })?;
        if meta.format != MANIFEST_FORMAT || meta.version != MANIFEST_VERSION {
            return Err(StoreError::UnsupportedVersion {
                path,
                format: meta.format,
                version: meta.version,
            });
        }
        Ok(Some(meta))
    }

    /// Writes `dir/store.json` atomically (temporary file, fsync, rename).
    #[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
    pub(crate) fn write(&self, dir: &Path) -> Result<(), StoreError> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| StoreError::Io {
            path: dir.join(META),
            error: io::Error::other(e),
        })?;
        text.push('\n');
        FileStore::write_atomic(dir, META, text.as_bytes())
    }
}

/// The backend of the store directory `path`: from [`META`] if present,
/// [`Backend::File`] if it has `manifest.json`, `None` if `path` is missing
/// or holds neither (a new store, or not a store at all: the backend's
/// `open` tells which).
///
/// Errors: [`StoreError::Io`] when [`META`] cannot be read,
/// [`StoreError::Corrupt`] when it does not parse (an unknown backend name
/// included), [`StoreError::UnsupportedVersion`].
pub fn detect(path: &Path) -> Result<Option<Backend>, StoreError> {
    if !path.is_dir() {
        return Ok(None);
    }
    if let Some(meta) = StoreMeta::read(path)? {
        return Ok(Some(meta.backend));
    }
    Ok(path.join(MANIFEST).is_file().then_some(Backend::File))
}

/// The file whose identity (inode, size, modification time) changes with
/// every committed write to the store at `db`: `manifest.json` for the file
/// backend, [`META`] for the others (rewritten after each write). A server
/// watches it to reload.
pub fn change_file(db: &Path) -> PathBuf {
    if db.join(META).is_file() {
        db.join(META)
    } else {
        db.join(MANIFEST)
    }
}

/// Opens the existing store at `path` (whichever backend [`detect`] finds)
/// for writing. Does not create a store.
///
/// Errors: [`StoreError::NotAStore`] if there is no store at `path`,
/// [`StoreError::BackendUnavailable`] for a backend this binary lacks, and
/// the backend's own errors ([`StoreError::Locked`], …).
pub fn open(path: impl AsRef<Path>) -> Result<AnyStore, StoreError> {
    let path = path.as_ref();
    if detect(path)?.is_none() {
        // Let the file backend say what is wrong (missing, foreign files).
        FileStore::inspect(path, OpenMode::ReadOnly)?;
    }
    AnyStore::open(path, OpenMode::ReadWrite)
}

/// Opens the existing store at `path` for reading, without the writer lock.
///
/// Errors: as [`open`], except that a locked store can be read.
pub fn open_read_only(path: impl AsRef<Path>) -> Result<AnyStore, StoreError> {
    AnyStore::open(path.as_ref(), OpenMode::ReadOnly)
}

/// Opens the store at `path` for writing, creating it with `backend`
/// ([`Backend::File`] if `None`) when missing. An existing store keeps its
/// backend; naming a different one is an error (tupu does not convert: use
/// `tupu export --format nquads` and build again).
///
/// Errors: [`StoreError::BackendMismatch`],
/// [`StoreError::BackendUnavailable`], and those of the backend's `open`.
pub fn create(path: impl AsRef<Path>, backend: Option<Backend>) -> Result<AnyStore, StoreError> {
    let path = path.as_ref();
    let found = detect(path)?;
    let chosen = match (found, backend) {
        (Some(found), Some(requested)) if found != requested => {
            return Err(StoreError::BackendMismatch {
                path: path.to_owned(),
                found,
                requested,
            })
        }
        (Some(b), _) | (None, Some(b)) => b,
        (None, None) => Backend::File,
    };
    AnyStore::open_backend(path, OpenMode::ReadWrite, chosen)
}

/// A store of any backend, as found on disk: every [`GraphStore`] method
/// goes to the backend.
#[derive(Debug)]
#[non_exhaustive]
pub enum AnyStore {
    /// The file backend.
    File(FileStore),
    /// The RocksDB backend.
    #[cfg(feature = "rocksdb")]
    RocksDb(super::RocksStore),
}

macro_rules! dispatch {
    ($self:expr, $s:ident => $e:expr) => {
        match $self {
            AnyStore::File($s) => $e,
            #[cfg(feature = "rocksdb")]
            AnyStore::RocksDb($s) => $e,
        }
    };
}

impl AnyStore {
    /// The store directory.
    pub fn path(&self) -> &Path {
        dispatch!(self, s => s.path())
    }

    /// Which backend holds the store.
    pub fn backend(&self) -> Backend {
        match self {
            AnyStore::File(_) => Backend::File,
            #[cfg(feature = "rocksdb")]
            AnyStore::RocksDb(_) => Backend::RocksDb,
        }
    }

    fn open_backend(path: &Path, mode: OpenMode, backend: Backend) -> Result<Self, StoreError> {
        match backend {
            Backend::File => Ok(AnyStore::File(<FileStore as GraphStore>::open(path, mode)?)),
            #[cfg(feature = "rocksdb")]
            Backend::RocksDb => Ok(AnyStore::RocksDb(<super::RocksStore as GraphStore>::open(
                path, mode,
            )?)),
            #[cfg(not(feature = "rocksdb"))]
            Backend::RocksDb => Err(StoreError::BackendUnavailable {
                path: path.to_owned(),
                backend,
            }),
        }
    }
}

impl GraphStore for AnyStore {
    /// Opens the store at `path` with the backend [`detect`] finds (the file
    /// backend when there is none yet, so a writer creates a file store).
    fn open(path: &Path, mode: OpenMode) -> Result<Self, StoreError> {
        let backend = detect(path)?.unwrap_or(Backend::File);
        AnyStore::open_backend(path, mode, backend)
    }

    fn replace_article(&mut self, meta: &ArticleMeta, quads: &[Quad]) -> Result<(), StoreError> {
        dispatch!(self, s => s.replace_article(meta, quads))
    }

    fn replace_articles(&mut self, batch: &[(ArticleMeta, Vec<Quad>)]) -> Result<(), StoreError> {
        dispatch!(self, s => s.replace_articles(batch))
    }

    fn remove_article(&mut self, id: &str) -> Result<bool, StoreError> {
        dispatch!(self, s => s.remove_article(id))
    }

    fn articles(&self) -> Result<Vec<ArticleEntry>, StoreError> {
        dispatch!(self, s => s.articles())
    }

    fn contains_article_hash(&self, sha256: &str) -> Result<bool, StoreError> {
        dispatch!(self, s => s.contains_article_hash(sha256))
    }

    fn len(&self) -> Result<usize, StoreError> {
        dispatch!(self, s => s.len())
    }

    fn oxigraph(&self) -> &Store {
        dispatch!(self, s => s.oxigraph())
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        dispatch!(self, s => s.flush())
    }
}
