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
    // Refused without being opened (a FIFO would block forever).
    check_bad(
        dir.path(),
        socket,
        &format!("{socket}: not a regular file (a socket); not read"),
    );
}

/// Real articles padded past the default limits (4 MiB per article, 1 MiB
/// per line): each is refused with an error naming the file, the line and
/// the limit; the good article in the same run is stored, and nothing
/// already stored is touched.
#[test]
fn articles_past_the_default_limits_are_refused_and_the_store_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    crate::util::copy_seeds_to(d);
    let export = || {
        let (code, out, err) = run(d, &["export", "--format", "nquads"]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let before = export();

    let text = std::fs::read_to_string(seeds().join("002_37cb68cf616920c1.txt")).unwrap();
    let big = d.join("padded.txt");
    let times = (4 << 20) / text.len() + 1;
    std::fs::write(&big, text.repeat(times)).unwrap();
    let short = std::fs::read_to_string(seeds().join("000_410003ede4b73390.txt")).unwrap();
    let jsonl = d.join("corpus.jsonl");
    let record = |id: &str, t: &str| serde_json::json!({"id": id, "text": t}).to_string();
    let long_record = record("j2", &text.repeat((1 << 20) / text.len() + 1));
    std::fs::write(
        &jsonl,
        [record("j1", &short), long_record.clone(), String::new()].join("\n"),
    )
    .unwrap();

    let (code, out, err) = run(
        d,
        &["build", big.to_str().unwrap(), jsonl.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    let errors: Vec<&str> = err.lines().collect();
    assert_eq!(errors.len(), 2, "{err}");
    assert_eq!(
        errors[0],
        format!(
            "tupu: {}: article of {} bytes exceeds the article size limit of 4194304 bytes",
            big.display(),
            text.len() * times
        )
    );
    assert_eq!(
        errors[1],
        format!(
            "tupu: {}:2: line of {} bytes exceeds the line length limit of 1048576 bytes",
            jsonl.display(),
            long_record.len()
        )
    );
    assert!(
        out.contains("articles: 1 read, 1 added, 0 unchanged, 2 failed"),
        "{out}"
    );
    let after = export();
    let missing: Vec<&str> = before
        .lines()
        .filter(|l| !after.contains(*l))
        .take(3)
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
    let j1 = tupu::rdf::article_graph("j1").into_string();
    assert!(after.contains(&format!("<{j1}> .")));
}

/// `--max-article-bytes` and `--max-line-bytes` override the defaults on
/// `extract` (and `build`, which shares the flags).
#[test]
fn limits_are_set_by_flags() {
    let dir = tempfile::tempdir().unwrap();
    let f = seeds().join("001_42766f52b4656d20.txt");
    let f = f.to_str().unwrap();
    let size = std::fs::metadata(f).unwrap().len();
    let limit = (size - 1).to_string();
    let (code, out, err) = run(dir.path(), &["extract", "--max-article-bytes", &limit, f]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert_eq!(
        err,
        format!(
            "tupu: {f}: article of {size} bytes exceeds the article size limit of {limit} bytes\n"
        )
    );
    // Lines 1 and 2 of the seed are blank, line 3 is a 25-byte
    // headline; its longest line has 578 bytes.
    let (code, _, err) = run(dir.path(), &["extract", "--max-line-bytes", "20", f]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!("tupu: {f}:3: line of 25 bytes exceeds the line length limit of 20 bytes\n")
    );
    let (code, out, err) = run(dir.path(), &["extract", "--max-line-bytes", "578", f]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1);
}

/// Duplicate ids in one JSON-lines file: the second is an error naming
/// both lines, the counts tell the truth, exit 1 (before: "4 read, 4
/// added", 3 stored, exit 0).
#[test]
fn duplicate_ids_in_a_build_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("dup.jsonl");
    std::fs::write(
        &f,
        "{\"id\": \"a\", \"text\": \"重庆召开大会。\"}\n{\"id\": \"b\", \"text\": \"成都召开大会。\"}\n{\"id\": \"a\", \"text\": \"另一版。\"}\n{\"id\": \"c\", \"text\": \"西安召开大会。\"}\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["build", f.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("dup.jsonl:3: duplicate article id \"a\" (first read from ")
            && err.contains("dup.jsonl:1)"),
        "{err}"
    );
    assert!(
        out.contains("articles: 3 read, 3 added, 0 unchanged, 1 failed"),
        "{out}"
    );
    assert!(out.contains("in 3 articles"), "{out}");
}

/// Empty records fail the build unless `--skip-empty`, which warns and
/// exits 0, also on a re-run (issue 15: every re-run of a corpus with
/// empty records exited 1).
#[test]
fn skip_empty_builds_a_corpus_with_empty_records() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("e.jsonl");
    std::fs::write(
        &f,
        "{\"id\": \"a\", \"text\": \"重庆召开大会。\"}\n{\"id\": \"b\", \"text\": \"  \"}\n",
    )
    .unwrap();
    let f = f.to_str().unwrap();
    let (code, _, err) = run(dir.path(), &["build", f]);
    assert_eq!(code, 1, "{err}");
    for _ in 0..2 {
        let (code, out, err) = run(dir.path(), &["build", "--skip-empty", f]);
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains("e.jsonl:2: field `text` is empty; skipped (--skip-empty)"),
            "{err}"
        );
        assert!(out.contains("0 failed"), "{out}");
    }
}

/// A FIFO among the inputs is refused at once; the build finishes and
/// releases the store (before: it hung forever holding the lock).
#[cfg(unix)]
#[test]
fn a_fifo_does_not_hang_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    if !std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("skipped: no mkfifo");
        return;
    }
    let good = seeds().join("000_410003ede4b73390.txt");
    let mut cmd = crate::util::tupu(dir.path());
    cmd.args(["build", fifo.to_str().unwrap(), good.to_str().unwrap()])
        .timeout(std::time::Duration::from_secs(60));
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("pipe.txt: not a regular file (a FIFO); not read"),
        "{err}"
    );
}

/// A damaged graph file: the message names the file and says what to do;
/// an OS error is printed once (before: `Read-only file system (os error
/// 30): Read-only file system (os error 30)`).
#[test]
fn store_errors_say_what_to_do_and_print_the_os_error_once() {
    let dir = tempfile::tempdir().unwrap();
    crate::util::copy_seeds_to(dir.path());
    let graphs = dir.path().join("db/graphs");
    let first = std::fs::read_dir(&graphs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    std::fs::write(&first, "<broken").unwrap();
    let (code, _, err) = run(dir.path(), &["stats"]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("corrupt store file"), "{err}");
    assert!(
        err.contains("run `tupu build` again on the same inputs"),
        "{err}"
    );
    let io = tupu::store::StoreError::Io {
        path: "tupu.db/manifest.json".into(),
        error: std::io::Error::from_raw_os_error(30),
    };
    let shown = format!("{:#}", anyhow::Error::new(io));
    assert_eq!(shown.matches("os error 30").count(), 1, "{shown}");
}
