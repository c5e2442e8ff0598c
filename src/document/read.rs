//! Reading documents from text files, directories and JSON lines files.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, GB18030};

use super::Document;

/// How to read documents: JSON lines field names and the size limits.
///
/// The limits protect the pipeline from hostile or broken input (a
/// concatenated archive, a binary dump with no line breaks): an article or a
/// line past them is refused with an error naming the file (and line) and
/// the limit, and reading goes on with the next line or file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Field of a JSON lines record holding the article id (a string or a
    /// number). Default `"id"`.
    pub id_field: String,
    /// Field of a JSON lines record holding the article text. Default
    /// `"text"`.
    pub text_field: String,
    /// Largest article accepted, in BYTES: the size of a text file, or the
    /// UTF-8 length of a record's text. Default [`DEFAULT_MAX_ARTICLE_BYTES`]
    /// (4 MiB). A larger article is a [`DocumentError::TooLarge`] or
    /// [`DocumentError::RecordTooLarge`].
    pub max_article_bytes: usize,
    /// Longest line accepted, in BYTES: a line of a JSON lines file (one
    /// whole record, as stored in the file), or a line of a text article
    /// (between line breaks, in its UTF-8 form). Default
    /// [`DEFAULT_MAX_LINE_BYTES`] (1 MiB). A longer line is a
    /// [`DocumentError::LineTooLong`]; a JSON lines file is read on after it
    /// without ever holding more than the limit in memory.
    pub max_line_bytes: usize,
}

/// Default of [`ReadOptions::max_article_bytes`]: 4 MiB, about 1.4 million
/// Chinese characters, some 200 times the longest seed article (21,492
/// characters for all five together) and the longest Xinwen Lianbo story.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 4 << 20;

/// Default of [`ReadOptions::max_line_bytes`]: 1 MiB, about 350,000 Chinese
/// characters on one line (or in one JSON lines record): far beyond any
/// paragraph of news, so a longer line is a dump or a broken file. (A long
/// line without sentence ends is also cut into sentences of at most
/// [`super::MAX_SENTENCE_CHARS`] characters, since the extractor's work per
/// sentence grows much faster than its length.)
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            id_field: "id".into(),
            text_field: "text".into(),
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
        }
    }
}

/// An error reading one file or one JSON lines record. Each names the file
/// and, for a record, its line (1-based).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The path does not exist.
    #[error("{}: no such file or directory", .path.display())]
    NotFound {
        /// The missing path.
        path: PathBuf,
    },
    /// The file or directory exists but cannot be read (permissions, I/O).
    #[error("{}: cannot read: {error}", .path.display())]
    Unreadable {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        error: io::Error,
    },
    /// The file contains NUL bytes or is neither UTF-8 nor GB18030.
    #[error("{}: binary or undecodable file (neither UTF-8 nor GB18030)", .path.display())]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// The file is UTF-8 with a few broken byte sequences (typically a last
    /// character cut off by a truncated copy): it is refused rather than
    /// read as GB18030, which would turn it into other characters.
    #[error(
        "{}: damaged UTF-8: {invalid} invalid byte sequence(s), the first at byte {first}{}; not read (re-copy the file, or convert it to valid UTF-8)",
        .path.display(),
        if *.truncated { " (the file ends inside a character: truncated?)" } else { "" }
    )]
    DamagedUtf8 {
        /// The file.
        path: PathBuf,
        /// BYTE offset of the first invalid sequence.
        first: usize,
        /// Number of invalid byte sequences.
        invalid: usize,
        /// The file ends in the middle of a character.
        truncated: bool,
    },
    /// The path is neither a regular file nor a directory (a FIFO, a
    /// socket, a device): refused without opening it, since reading could
    /// block forever.
    #[error("{}: not a regular file ({kind}); not read", .path.display())]
    NotRegular {
        /// The path.
        path: PathBuf,
        /// What it is: `a FIFO`, `a socket`, `a character device`, …
        kind: &'static str,
    },
    /// A second article with an id already read in this run: it is
    /// skipped (the first one is kept), since the store keys articles by
    /// id and one would silently replace the other.
    #[error("{at}: duplicate article id {id:?} (first read from {first}); skipped")]
    DuplicateId {
        /// The article id.
        id: String,
        /// Where the duplicate was read (`FILE` or `FILE:LINE`).
        at: String,
        /// Where the first article with this id was read.
        first: String,
    },
    /// The file is empty or holds only white space.
    #[error("{}: empty file", .path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// A text file larger than [`ReadOptions::max_article_bytes`].
    #[error("{}: article of {size} bytes exceeds the article size limit of {limit} bytes", .path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in BYTES.
        size: u64,
        /// The limit in BYTES.
        limit: usize,
    },
    /// A JSON lines record whose text is larger than
    /// [`ReadOptions::max_article_bytes`].
    #[error("{}:{line}: article of {size} bytes exceeds the article size limit of {limit} bytes", .path.display())]
    RecordTooLarge {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// The UTF-8 length of the record's text in BYTES.
        size: usize,
        /// The limit in BYTES.
        limit: usize,
    },
    /// A line longer than [`ReadOptions::max_line_bytes`]: a JSON lines
    /// record, or a line of a text article.
    #[error("{}:{line}: line of {size} bytes exceeds the line length limit of {limit} bytes", .path.display())]
    LineTooLong {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// The length of the line in BYTES (without its line break).
        size: usize,
        /// The limit in BYTES.
        limit: usize,
    },
    /// A JSON lines record that is not valid JSON or not an object.
    #[error("{}:{line}: malformed JSON: {message}", .path.display())]
    MalformedJson {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A JSON lines record without the id or text field (or with `null`).
    #[error("{}:{line}: record has no `{field}` field", .path.display())]
    MissingField {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// The missing field.
        field: String,
    },
    /// A JSON lines record whose id is not a string or number, or whose text
    /// is not a string.
    #[error("{}:{line}: field `{field}` is {found}, expected {expected}", .path.display())]
    BadField {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// The field.
        field: String,
        /// The JSON type found.
        found: &'static str,
        /// What was expected.
        expected: &'static str,
    },
    /// A JSON lines record whose text is empty or only white space.
    #[error("{}:{line}: field `{field}` is empty", .path.display())]
    EmptyRecord {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// The text field.
        field: String,
    },
}

impl DocumentError {
    /// Whether this is an empty input: an empty file
    /// ([`DocumentError::Empty`]) or a record with empty text
    /// ([`DocumentError::EmptyRecord`]).
    pub fn is_empty_input(&self) -> bool {
        matches!(
            self,
            DocumentError::Empty { .. } | DocumentError::EmptyRecord { .. }
        )
    }
}

/// Reads documents from `paths`, lazily, in order.
///
/// - a directory: its files sorted by name, subdirectories walked
///   recursively in the same order (hidden files and directories skipped; a
///   directory reached twice, through a symbolic link, is read once);
/// - a FIFO, socket or device: refused ([`DocumentError::NotRegular`])
///   without being opened;
/// - a `.jsonl`, `.ndjson` or `.json` file: JSON lines, one document per
///   non-blank line, id from [`ReadOptions::id_field`] (string or number),
///   text from [`ReadOptions::text_field`], source `PATH:LINE` (the
///   absolute path); read one line
///   at a time;
/// - any other file: one document, id = the file name, source = the
///   absolute path.
///   UTF-8 (a BOM is skipped), UTF-16 with a BOM, otherwise GB18030/GBK.
///
/// A bad file or record is an `Err` item and reading goes on with the next
/// line or file. An article whose id was already read in this run is an
/// `Err` ([`DocumentError::DuplicateId`], naming both places); the first one
/// is kept.
///
/// ```
/// use tupu::document::{read_documents, ReadOptions};
/// let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/seeds"));
/// let docs: Vec<_> = read_documents(&[dir], &ReadOptions::default()).collect::<Result<_, _>>().unwrap();
/// assert_eq!(docs[0].id, "000_410003ede4b73390.txt");
/// ```
pub fn read_documents(paths: &[PathBuf], options: &ReadOptions) -> DocumentReader {
    DocumentReader {
        options: options.clone(),
        queue: paths.iter().map(|p| Pending { path: p.clone() }).collect(),
        current: None,
        seen: HashMap::new(),
        dirs: HashSet::new(),
    }
}

/// The iterator returned by [`read_documents`].
#[derive(Debug)]
pub struct DocumentReader {
    options: ReadOptions,
    queue: VecDeque<Pending>,
    current: Option<JsonLines>,
    /// Article id → where it was first read.
    seen: HashMap<String, String>,
    /// Directories already listed (canonical paths).
    dirs: HashSet<PathBuf>,
}

#[derive(Debug)]
struct Pending {
    path: PathBuf,
}

#[derive(Debug)]
struct JsonLines {
    path: PathBuf,
    reader: BufReader<File>,
    line: usize,
    buf: Vec<u8>,
    records: usize,
    /// A read error happened: the rest of the file is skipped.
    failed: bool,
}

impl Iterator for DocumentReader {
    type Item = Result<Document, DocumentError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.next_item()?;
        Some(item.and_then(|doc| self.check_unique(doc)))
    }
}

impl DocumentReader {
    /// The article, or [`DocumentError::DuplicateId`] when its id was read
    /// before in this run.
    fn check_unique(&mut self, doc: Document) -> Result<Document, DocumentError> {
        match self.seen.get(&doc.id) {
            Some(first) => Err(DocumentError::DuplicateId {
                id: doc.id,
                at: doc.source,
                first: first.clone(),
            }),
            None => {
                self.seen.insert(doc.id.clone(), doc.source.clone());
                Ok(doc)
            }
        }
    }

    fn next_item(&mut self) -> Option<Result<Document, DocumentError>> {
        loop {
            if let Some(j) = &mut self.current {
                match j.next_record(&self.options) {
                    Some(item) => return Some(item),
                    None => {
                        let done = self.current.take();
                        if let Some(j) = done.filter(|j| j.records == 0) {
                            return Some(Err(DocumentError::Empty { path: j.path }));
                        }
                    }
                }
            }
            let Pending { path } = self.queue.pop_front()?;
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => return Some(Err(io_error(path, e))),
            };
            if meta.is_dir() {
                // A directory reached again (a symbolic link to a parent)
                // is not listed twice.
                let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                if !self.dirs.insert(canonical) {
                    continue;
                }
                match list_dir(&path) {
                    Ok(files) => {
                        for f in files.into_iter().rev() {
                            self.queue.push_front(Pending { path: f });
                        }
                        continue;
                    }
                    Err(e) => return Some(Err(io_error(path, e))),
                }
            }
            if let Some(kind) = special_kind(&meta) {
                return Some(Err(DocumentError::NotRegular { path, kind }));
            }
            if is_json_lines(&path) {
                match File::open(&path) {
                    Ok(f) => {
                        self.current = Some(JsonLines {
                            path,
                            reader: BufReader::new(f),
                            line: 0,
                            buf: Vec::new(),
                            records: 0,
                            failed: false,
                        });
                        continue;
                    }
                    Err(e) => return Some(Err(io_error(path, e))),
                }
            }
            return Some(read_text_file(&path, meta.len(), &self.options));
        }
    }
}

/// What a path that is neither a regular file nor a directory is (`None`
/// for a regular file).
fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    if meta.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
    }
    Some("a special file")
}

fn io_error(path: PathBuf, error: io::Error) -> DocumentError {
    if error.kind() == io::ErrorKind::NotFound {
        DocumentError::NotFound { path }
    } else {
        DocumentError::Unreadable { path, error }
    }
}

/// The non-hidden entries of `dir`, sorted by file name.
fn list_dir(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        out.push(entry.path());
    }
    out.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(out)
}

/// Whether `path` is read as JSON lines: its extension is `.jsonl`,
/// `.ndjson` or `.json` (in any case).
pub fn is_json_lines(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "jsonl" | "ndjson" | "json"))
}

fn read_text_file(
    path: &Path,
    size: u64,
    options: &ReadOptions,
) -> Result<Document, DocumentError> {
    if size > options.max_article_bytes as u64 {
        return Err(DocumentError::TooLarge {
            path: path.into(),
            size,
            limit: options.max_article_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path.into(), e))?;
    if bytes.len() > options.max_article_bytes {
        return Err(DocumentError::TooLarge {
            path: path.into(),
            size: bytes.len() as u64,
            limit: options.max_article_bytes,
        });
    }
    let text = decode(&bytes).map_err(|e| match e {
        Undecodable::Binary => DocumentError::Binary { path: path.into() },
        Undecodable::DamagedUtf8 {
            first,
            invalid,
            truncated,
        } => DocumentError::DamagedUtf8 {
            path: path.into(),
            first,
            invalid,
            truncated,
        },
    })?;
    if text.trim().is_empty() {
        return Err(DocumentError::Empty { path: path.into() });
    }
    if let Some((line, size)) = first_long_line(&text, options.max_line_bytes) {
        return Err(DocumentError::LineTooLong {
            path: path.into(),
            line,
            size,
            limit: options.max_line_bytes,
        });
    }
    let id = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Document::new(id, source_of(path), text))
}

/// The source recorded for a file: its absolute path (made absolute
/// against the working directory, symbolic links kept), so that readers of
/// the store (`tupu serve`, `explain`) find the file from any directory.
fn source_of(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// The first line of `text` longer than `limit` BYTES (UTF-8): its 1-based
/// number and length. Lines end where normalisation breaks them (`\n`,
/// `\r\n`, a lone `\r`, U+2028, U+2029).
fn first_long_line(text: &str, limit: usize) -> Option<(usize, usize)> {
    if text.len() <= limit {
        return None;
    }
    let mut line = 1;
    let mut start = 0;
    let mut prev_cr = false;
    for (b, c) in text.char_indices() {
        let brk = matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
        if brk {
            if b - start > limit {
                return Some((line, b - start));
            }
            // `\r\n` is one break.
            if !(c == '\n' && prev_cr) {
                line += 1;
            }
            start = b + c.len_utf8();
        }
        prev_cr = c == '\r';
    }
    (text.len() - start > limit).then(|| (line, text.len() - start))
}

/// Why [`decode`] refused a file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Undecodable {
    /// NUL bytes, too many control characters, or neither UTF-8 nor
    /// GB18030.
    Binary,
    /// Almost-valid UTF-8 (see [`damaged_utf8`]).
    DamagedUtf8 {
        /// BYTE offset of the first invalid sequence.
        first: usize,
        /// Number of invalid sequences.
        invalid: usize,
        /// The bytes end inside a character.
        truncated: bool,
    },
}

/// Decodes a file's bytes: a BOM decides (UTF-8, UTF-16LE/BE); otherwise
/// UTF-8, otherwise GB18030 — but only when the bytes are not almost-valid
/// UTF-8 ([`damaged_utf8`]: a truncated copy of a UTF-8 file is often also
/// valid GB18030, and decoding it so would silently give other
/// characters). [`Undecodable::Binary`] for NUL bytes, decoding errors, or
/// more than 1 % control characters (other than tab, line feed, carriage
/// return and form feed).
pub(crate) fn decode(bytes: &[u8]) -> Result<String, Undecodable> {
    let text = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (cow, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(Undecodable::Binary);
        }
        cow.into_owned()
    } else if bytes.contains(&0) {
        return Err(Undecodable::Binary);
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_owned()
    } else if let Some(damage) = damaged_utf8(bytes) {
        return Err(damage);
    } else {
        GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or(Undecodable::Binary)?
            .into_owned()
    };
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    if text.contains('\0') || controls * 100 > text.chars().count() {
        return Err(Undecodable::Binary);
    }
    Ok(text)
}

/// Whether `bytes` (not valid UTF-8) are UTF-8 with a little damage rather
/// than text in another encoding: the only invalid sequence is a character
/// cut off at the end, or the valid multi-byte UTF-8 characters outnumber
/// the invalid sequences at least ten to one. (GB18030 Chinese text is
/// almost all invalid as UTF-8: its two-byte characters rarely form valid
/// UTF-8 sequences.) `None` when it looks like another encoding.
pub(crate) fn damaged_utf8(bytes: &[u8]) -> Option<Undecodable> {
    let mut multibyte = 0usize;
    let mut invalid = 0usize;
    let mut first = None;
    let mut offset = 0;
    let mut truncated = false;
    let mut chunks = bytes.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        multibyte += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            invalid += 1;
            first.get_or_insert(offset);
            // The last chunk's invalid bytes may be an incomplete character.
            if chunks.peek().is_none() {
                truncated = std::str::from_utf8(chunk.invalid())
                    .err()
                    .is_some_and(|e| e.error_len().is_none());
            }
        }
        offset += chunk.invalid().len();
    }
    let first = first?;
    let mostly_utf8 = multibyte > 0 && multibyte >= 10 * invalid;
    (mostly_utf8 || (invalid == 1 && truncated)).then_some(Undecodable::DamagedUtf8 {
        first,
        invalid,
        truncated,
    })
}

/// Reads one line into `buf` (without the `\n`), keeping at most `limit`
/// bytes. Returns `None` at end of file, otherwise the full line length in
/// BYTES (which exceeds `limit` when the line was cut; `buf` is then empty).
fn read_line_limited(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Option<usize>> {
    buf.clear();
    let mut total = 0;
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(any.then_some(total));
        }
        any = true;
        let (chunk, used, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..i], i + 1, true),
            None => (avail, avail.len(), false),
        };
        total += chunk.len();
        if total <= limit {
            buf.extend_from_slice(chunk);
        } else {
            buf.clear();
        }
        r.consume(used);
        if done {
            return Ok(Some(total));
        }
    }
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

impl JsonLines {
    /// The next record (skipping blank lines), or `None` at end of file.
    fn next_record(&mut self, options: &ReadOptions) -> Option<Result<Document, DocumentError>> {
        let line_limit = options.max_line_bytes;
        if self.failed {
            return None;
        }
        loop {
            let len = match read_line_limited(&mut self.reader, &mut self.buf, line_limit) {
                Ok(Some(len)) => len,
                Ok(None) => return None,
                Err(error) => {
                    // Give up on this file after a read error.
                    self.records += 1;
                    self.failed = true;
                    return Some(Err(DocumentError::Unreadable {
                        path: self.path.clone(),
                        error,
                    }));
                }
            };
            self.line += 1;
            if len > line_limit {
                self.records += 1;
                return Some(Err(DocumentError::LineTooLong {
                    path: self.path.clone(),
                    line: self.line,
                    size: len,
                    limit: line_limit,
                }));
            }
            let mut bytes: &[u8] = &self.buf;
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            self.records += 1;
            return Some(self.parse(bytes, options));
        }
    }

    fn parse(&self, bytes: &[u8], options: &ReadOptions) -> Result<Document, DocumentError> {
        let (path, line) = (self.path.clone(), self.line);
        let value: serde_json::Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => {
                return Err(DocumentError::MalformedJson {
                    path,
                    line,
                    message: e.to_string(),
                })
            }
        };
        let serde_json::Value::Object(mut record) = value else {
            let message = format!("expected a JSON object, found {}", json_type(&value));
            return Err(DocumentError::MalformedJson {
                path,
                line,
                message,
            });
        };
        let id = match record.remove(&options.id_field) {
            None | Some(serde_json::Value::Null) => {
                return Err(DocumentError::MissingField {
                    path,
                    line,
                    field: options.id_field.clone(),
                })
            }
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(other) => {
                let found = json_type(&other);
                let field = options.id_field.clone();
                return Err(DocumentError::BadField {
                    path,
                    line,
                    field,
                    found,
                    expected: "a string or a number",
                });
            }
        };
        let text = match record.remove(&options.text_field) {
            None | Some(serde_json::Value::Null) => {
                return Err(DocumentError::MissingField {
                    path,
                    line,
                    field: options.text_field.clone(),
                })
            }
            Some(serde_json::Value::String(s)) => s,
            Some(other) => {
                let found = json_type(&other);
                let field = options.text_field.clone();
                return Err(DocumentError::BadField {
                    path,
                    line,
                    field,
                    found,
                    expected: "a string",
                });
            }
        };
        if text.len() > options.max_article_bytes {
            return Err(DocumentError::RecordTooLarge {
                path,
                line,
                size: text.len(),
                limit: options.max_article_bytes,
            });
        }
        if text.trim().is_empty() {
            return Err(DocumentError::EmptyRecord {
                path,
                line,
                field: options.text_field.clone(),
            });
        }
        Ok(Document::new(
            id,
            format!("{}:{line}", source_of(&path)),
            text,
        ))
    }
}
