//! Bad inputs: each gets a one-line error naming the file (and line), the
//! good articles are still processed, and the exit code is 1.

use crate::util::{run, seeds};
use std::path::Path;

/// Runs `extract` on one good seed plus `bad`, checks the good article is
/// still extracted and that stderr is one line naming `names`.
fn check_bad(dir: &Path, bad: &str, names: &str) {
    let good = seeds().join("000_410003ede4b73390.txt");
    let (code, out, err) = run(dir, &["extract", good.to_str().unwrap(), bad]);
    assert_eq!(code, 1, "{bad}: {err}");
    assert_eq!(
        out.lines().count(),
        1,
        "the good article is still extracted: {out}"
    );
    assert!(out.contains("000_410003ede4b73390.txt"));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("tupu: ") && err.contains(names), "{err}");
}

#[test]
fn missing_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-article.txt");
    let missing = missing.to_str().unwrap();
    check_bad(dir.path(), missing, &format!("{missing}: "));
}

#[test]
fn binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("image.txt");
    std::fs::write(&bin, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let bin = bin.to_str().unwrap();
    check_bad(
        dir.path(),
        bin,
        &format!("{bin}: binary or undecodable file"),
    );
}

/// Latin-1 is neither UTF-8 nor GB18030 (GB18030 input is decoded, see
/// `gb18030_is_decoded`).
#[test]
fn invalid_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("latin1.txt");
    std::fs::write(&f, b"caf\xe9 \xe9t\xe9").unwrap();
    let f = f.to_str().unwrap();
    check_bad(dir.path(), f, &format!("{f}: binary or undecodable file"));
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("empty.txt");
    std::fs::write(&f, "  \n").unwrap();
    let f = f.to_str().unwrap();
    check_bad(dir.path(), f, &format!("{f}: empty file"));
}

#[test]
fn malformed_json_line_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("corpus.jsonl");
    std::fs::write(
        &f,
        "{\"id\": \"a1\", \"text\": \"两江新区与腾讯公司签约。\"}\n{\"id\": \"a2\", \"text\": \n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["extract", f.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("\"doc\":\"a1\""), "{out}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("{}:2: malformed JSON", f.display())),
        "{err}"
    );
}

#[test]
fn jsonl_custom_fields() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("corpus.jsonl");
    std::fs::write(&f, "{\"key\": 7, \"body\": \"重庆日报讯 记者 黄兴\"}\n").unwrap();
    let args = [
        "extract",
        "--id-field",
        "key",
        "--text-field",
        "body",
        f.to_str().unwrap(),
    ];
    let (code, out, err) = run(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"doc\":\"7\""), "{out}");
    // The default field names do not exist in this file.
    let (code, _, err) = run(dir.path(), &["extract", f.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains(":1: record has no `id` field"), "{err}");
}

#[test]
fn gb18030_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("gbk.txt");
    let (bytes, _, _) = encoding_rs::GB18030.encode("两江新区与腾讯公司签约。");
    std::fs::write(&f, &bytes).unwrap();
    let (code, out, err) = run(dir.path(), &["extract", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("腾讯"), "{out}");
}

/// An unreadable file. The tests run as root, who reads a `chmod 000` file,
/// so the unreadable input is a Unix socket: opening it fails for everyone.
#[test]
fn unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("article.txt");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let socket = socket.to_str().unwrap();
    check_bad(dir.path(), socket, &format!("{socket}: cannot read"));
}
