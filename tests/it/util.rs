//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

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
