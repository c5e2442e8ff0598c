//! Reading articles for the CLI: plain-text files, JSON lines, directories,
//! and the bundled seed articles.
//!
//! Work-around: `tupu::document::read_documents` has not landed yet, so the
//! binary reads files itself and builds each [`Document`] with
//! [`Document::new`].

use std::path::{Path, PathBuf};
use tupu::document::Document;

/// The five bundled Chongqing Daily articles, embedded so the binary works
/// from any directory: (file name, text).
const SEEDS: [(&str, &str); 5] = [
    (
        "000_410003ede4b73390.txt",
        include_str!("../../data/seeds/000_410003ede4b73390.txt"),
    ),
    (
        "001_42766f52b4656d20.txt",
        include_str!("../../data/seeds/001_42766f52b4656d20.txt"),
    ),
    (
        "002_37cb68cf616920c1.txt",
        include_str!("../../data/seeds/002_37cb68cf616920c1.txt"),
    ),
    (
        "003_4093b89e4d5d4e75.txt",
        include_str!("../../data/seeds/003_4093b89e4d5d4e75.txt"),
    ),
    (
        "004_f27004be77f55aa8.txt",
        include_str!("../../data/seeds/004_f27004be77f55aa8.txt"),
    ),
];

/// Where the seeds live in the source tree (used when it still exists, so
/// provenance names a real file).
const SEED_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/seeds");

/// A problem with one input (or one line of it): `source` is `FILE` or
/// `FILE:LINE`.
#[derive(Debug)]
pub struct InputError {
    /// `FILE` or `FILE:LINE`.
    pub source: String,
    /// What went wrong.
    pub problem: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.problem)
    }
}

/// Field names for JSON-lines records.
pub struct Fields<'a> {
    /// The id field.
    pub id: &'a str,
    /// The text field.
    pub text: &'a str,
}

/// Reads every article of `paths` (the bundled seeds when empty), in order.
/// Directories contribute their `.txt`, `.jsonl` and extension-less files in
/// name order. Each item is one article or one problem; a bad line of a JSON
/// lines file does not stop the others.
pub fn read_all(paths: &[PathBuf], fields: &Fields<'_>) -> Vec<Result<Document, InputError>> {
    if paths.is_empty() {
        return seeds();
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            match list_dir(p) {
                Ok(files) => {
                    for f in files {
                        read_file(&f, fields, &mut out);
                    }
                }
                Err(e) => out.push(Err(problem(p, e))),
            }
        } else {
            read_file(p, fields, &mut out);
        }
    }
    out
}

/// The bundled seeds, from the source tree when present, else embedded.
pub fn seeds() -> Vec<Result<Document, InputError>> {
    let dir = Path::new(SEED_DIR);
    SEEDS
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            let source = if path.is_file() {
                path.display().to_string()
            } else {
                format!("(bundled) {name}")
            };
            Ok(Document::new(*name, source, *text))
        })
        .collect()
}

fn problem(path: &Path, e: impl std::fmt::Display) -> InputError {
    InputError {
        source: path.display().to_string(),
        problem: e.to_string(),
    }
}

fn list_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str());
        if path.is_file() && matches!(ext, None | Some("txt") | Some("jsonl")) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Decodes a file's bytes: UTF-8 (a BOM is dropped); a NUL byte or invalid
/// UTF-8 is refused as binary.
fn decode(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes)".to_owned());
    }
    std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        )
    })
}

fn read_file(path: &Path, fields: &Fields<'_>, out: &mut Vec<Result<Document, InputError>>) {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return out.push(Err(problem(path, e))),
    };
    let text = match decode(&bytes) {
        Ok(t) => t,
        Err(e) => return out.push(Err(problem(path, e))),
    };
    if text.trim().is_empty() {
        return out.push(Err(problem(path, "empty file")));
    }
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    if path.extension().is_some_and(|e| e == "jsonl") {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let source = format!("{}:{}", path.display(), i + 1);
            out.push(jsonl_record(line, &source, fields));
        }
    } else {
        out.push(Ok(Document::new(name, path.display().to_string(), text)));
    }
}

fn jsonl_record(line: &str, source: &str, fields: &Fields<'_>) -> Result<Document, InputError> {
    let err = |problem: String| InputError {
        source: source.to_owned(),
        problem,
    };
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| err(format!("malformed JSON: {e}")))?;
    let field = |name: &str| match value.get(name) {
        Some(serde_json::Value::String(s)) => Ok(s.clone()),
        Some(serde_json::Value::Number(n)) => Ok(n.to_string()),
        Some(_) => Err(err(format!("field {name:?} is not a string"))),
        None => Err(err(format!("no field {name:?}"))),
    };
    let id = field(fields.id)?;
    let text = field(fields.text)?;
    if text.trim().is_empty() {
        return Err(err("empty text".to_owned()));
    }
    Ok(Document::new(id, source, text))
}
