//! The graph a server answers from: an immutable [`Snapshot`] of the store,
//! swapped for a newer one when the store's manifest changes.
//!
//! A `tupu build` holds the store's lock and rewrites `manifest.json`
//! (atomically, by rename) after every article. The server never takes the
//! lock: [`Shared::reload_if_changed`] compares the manifest's identity
//! (inode, size, modification time) with the snapshot's, loads a fresh
//! read-only store ([`crate::store::open_read_only`], any backend) when it differs, and swaps the `Arc`. Requests
//! in flight keep the snapshot they started with; new requests get the new
//! one. A load that fails (a graph file renamed away by the writer between
//! reading the manifest and reading the file) keeps the old snapshot and is
//! retried at the next check.

use super::ServeError;
use crate::ask::linking::{load_entities, LinkEntity, Linker};
use crate::ask::Asker;
use crate::store::{AnyStore, GraphStore};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant, SystemTime};

/// The identity of a manifest file: when any part changes, the store was
/// written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Inode number (each atomic rename makes a new one); 0 off Unix.
    pub inode: u64,
    /// Size in BYTES.
    pub len: u64,
    /// Modification time.
    pub modified: Option<SystemTime>,
}

/// Reads the [`Stamp`] of `DB/manifest.json` (of the file that changes with
/// every write of the store's backend: [`crate::store::change_file`]).
///
/// Errors: [`ServeError::Store`] when the manifest cannot be read (the store
/// does not exist).
pub fn stamp(db: &Path) -> Result<Stamp, ServeError> {
    let path = crate::store::change_file(db);
    let meta = std::fs::metadata(&path).map_err(|e| ServeError::Store {
        path: path.clone(),
        message: e.to_string(),
    })?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Ok(Stamp {
        inode,
        len: meta.len(),
        modified: meta.modified().ok(),
    })
}

/// The entities of a store with their labels, aliases, types and degree,
/// for search and entity pages: [`crate::ask::linking::load_entities`]
/// (indexed scans, the same index the question answerer links against; the
/// [`Asker`] itself is built only when a question is asked).
#[derive(Debug)]
pub struct EntityIndex {
    linker: Linker,
}

impl EntityIndex {
    /// Reads every entity (an IRI under `https://tupu.dev/id/` with an
    /// `rdfs:label`; the smallest label if it has several, the others count
    /// as aliases), its `skos:altLabel`s, its `tupu:` classes, and its degree
    /// (relation triples with other entities, both directions).
    ///
    /// Errors: [`ServeError::Store`] when the store cannot be read.
    pub fn load(store: &AnyStore) -> Result<EntityIndex, ServeError> {
        let (entities, _) = load_entities(store.oxigraph()).map_err(|e| ServeError::Store {
            path: store.path().to_owned(),
            message: e.to_string(),
        })?;
        Ok(EntityIndex {
            linker: Linker::new(entities),
        })
    }

    /// Every entity, sorted by IRI.
    pub fn entities(&self) -> &[LinkEntity] {
        self.linker.entities()
    }

    /// The entity with this IRI.
    pub fn by_iri(&self, iri: &str) -> Option<&LinkEntity> {
        self.linker.by_iri(iri)
    }

    /// The one entity linker over these entities (what `ask`, `path` and
    /// the other commands link names with).
    pub fn linker(&self) -> &Linker {
        &self.linker
    }
}

/// One loaded state of the store: the read-only store, its entity index,
/// the question answerer (built on first use), and the manifest stamp it
/// was loaded at.
#[derive(Debug)]
pub struct Snapshot {
    /// The store, opened read-only (no lock).
    pub store: AnyStore,
    /// Entities with labels, aliases, types and degree.
    pub index: EntityIndex,
    asker: OnceLock<Result<Asker, String>>,
    /// The manifest's stamp read just before loading.
    pub stamp: Stamp,
    /// How many snapshots were loaded before this one (0 for the first).
    pub generation: u64,
    /// How long loading took.
    pub load_time: Duration,
}

impl Snapshot {
    /// Loads the store at `db` read-only and builds its [`EntityIndex`].
    ///
    /// Errors: [`ServeError::Store`] naming the store directory when it is
    /// missing, corrupt or changed under the reader.
    pub fn load(db: &Path, generation: u64) -> Result<Snapshot, ServeError> {
        let started = Instant::now();
        let stamp = stamp(db)?;
        let store = crate::store::open_read_only(db).map_err(|e| ServeError::Store {
            path: db.to_owned(),
            message: e.to_string(),
        })?;
        let index = EntityIndex::load(&store)?;
        Ok(Snapshot {
            store,
            index,
            asker: OnceLock::new(),
            stamp,
            generation,
            load_time: started.elapsed(),
        })
    }

    /// The question answerer over this snapshot, built on the first call
    /// ([`Asker::load`]; blocking, and slow on large stores — call it on a
    /// blocking thread). Concurrent first callers wait for the one build.
    ///
    /// Errors: [`ServeError::Ask`] when it cannot be built.
    pub fn asker(&self) -> Result<&Asker, ServeError> {
        self.asker
            .get_or_init(|| Asker::load(&self.store).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ServeError::Ask(e.clone()))
    }

    /// The number of quads in the snapshot.
    pub fn quads(&self) -> usize {
        self.store.len().unwrap_or(0)
    }
}

/// The current snapshot, shared by every request.
#[derive(Debug)]
pub struct Shared {
    db: PathBuf,
    current: RwLock<Arc<Snapshot>>,
    last_error: Mutex<Option<String>>,
}

impl Shared {
    /// Loads the first snapshot of the store at `db` (see [`Snapshot::load`]).
    pub fn open(db: &Path) -> Result<Shared, ServeError> {
        Ok(Shared {
            db: db.to_owned(),
            current: RwLock::new(Arc::new(Snapshot::load(db, 0)?)),
            last_error: Mutex::new(None),
        })
    }

    /// The store directory.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// The current snapshot (a cheap `Arc` clone; the lock is held only for
    /// the clone).
    pub fn get(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(g) => Arc::clone(&g),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// The error of the last reload attempt, if it failed (cleared by a
    /// successful one).
    pub fn last_error(&self) -> Option<String> {
        self.last_error.lock().ok().and_then(|g| g.clone())
    }

    /// [`Shared::reload_if_changed`], remembering its error for
    /// [`Shared::last_error`].
    pub fn reload_and_record(&self) -> bool {
        let result = self.reload_if_changed();
        if let Ok(mut g) = self.last_error.lock() {
            match &result {
                Ok(_) => *g = None,
                Err(e) => *g = Some(e.to_string()),
            }
        }
        result.unwrap_or(false)
    }

    /// Loads a new snapshot if the manifest's stamp differs from the current
    /// one's and swaps it in. Blocking (reads the whole store): call it on a
    /// blocking thread.
    ///
    /// Returns `Ok(true)` when a new snapshot was swapped in, `Ok(false)`
    /// when the store is unchanged. Errors: the load failed (the current
    /// snapshot stays).
    pub fn reload_if_changed(&self) -> Result<bool, ServeError> {
        let old = self.get();
        if stamp(&self.db)? == old.stamp {
            return Ok(false);
        }
        let new = Arc::new(Snapshot::load(&self.db, old.generation + 1)?);
        match self.current.write() {
            Ok(mut g) => *g = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
        Ok(true)
    }
}
