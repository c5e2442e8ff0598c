//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
pub use tupu::store::Backend;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled seed articles.
pub fn seeds() -> PathBuf {
    root().join("data/seeds")
}

/// The bundled gold annotations.
pub fn gold() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/data/gold")
}

/// `tupu` with its own store in `dir` (never the user's `./tupu.db`).
pub fn tupu(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("tupu").expect("the tupu binary is built");
    cmd.current_dir(dir)
        .env_remove("TUPU_DB")
        .arg("--db")
        .arg(dir.join("db"));
    cmd
}

/// Runs `tupu` and returns (exit code, stdout, stderr).
pub fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = tupu(dir).args(args).output().expect("tupu runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A directory whose store (`DIR/db`) holds the bundled seeds, built once per
/// test run (into `CARGO_TARGET_TMPDIR`) and shared read-only by every test
/// module; a test that writes works on a copy.
pub fn seed_store() -> &'static Path {
    seed_store_with(Backend::File)
}

/// [`seed_store`] with the given storage backend (built with `tupu build
/// --backend NAME`; the RocksDB one only with `--features rocksdb`).
pub fn seed_store_with(backend: Backend) -> &'static Path {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    static ROCKSDB: OnceLock<PathBuf> = OnceLock::new();
    let (cell, prefix) = match backend {
        Backend::File => (&FILE, "seeds-store-"),
        _ => (&ROCKSDB, "seeds-rocksdb-"),
    };
    cell.get_or_init(|| {
        let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        // Stores of earlier runs whose process is gone (on Linux).
        for e in std::fs::read_dir(&tmp).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(pid) = name.strip_prefix(prefix) {
                if Path::new("/proc/self").exists() && !Path::new("/proc").join(pid).exists() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = tmp.join(format!("{prefix}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let (code, out, err) = run(&dir, &["build", "--backend", backend.name()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("5 read, 5 added"), "{out}");
        dir
    })
}

/// A private copy of the seeds store in `dir` (as `dir/db`).
pub fn copy_seeds_to(dir: &Path) {
    copy_seeds_with(Backend::File, dir)
}

/// [`copy_seeds_to`] from [`seed_store_with`]`(backend)` (a file copy of a
/// store no process has open).
pub fn copy_seeds_with(backend: Backend, dir: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    copy(&seed_store_with(backend).join("db"), &dir.join("db"));
}
