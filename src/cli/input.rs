//! Reading articles for the CLI: [`tupu::document::read_documents`] over the
//! given paths, or the bundled seed articles when there are none.

use super::args::JsonlFields;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use tupu::document::{read_documents, Document, DocumentError, ReadOptions};

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

/// One article, or one problem naming its `FILE` or `FILE:LINE`.
pub use tupu::pipeline::Item;

/// The reader options for the JSON-lines field names and the input limits
/// (`--max-article-bytes`, `--max-line-bytes`) of the command line.
pub fn read_options(fields: &JsonlFields) -> ReadOptions {
    ReadOptions {
        id_field: fields.id_field.clone(),
        text_field: fields.text_field.clone(),
        max_article_bytes: fields.max_article_bytes,
        max_line_bytes: fields.max_line_bytes,
    }
}

/// Reads the articles of `paths` lazily, in order (see
/// [`tupu::document::read_documents`] for directories, JSON lines and
/// encodings). Each item is one article or one problem; a bad file or line
/// does not stop the others.
///
/// With `--skip-empty` ([`JsonlFields::skip_empty`]) an empty file or
/// record is not an item: it is reported on stderr as `tupu: warning:
/// FILE[:LINE]: … is empty; skipped` and dropped.
pub fn documents(paths: &[PathBuf], fields: &JsonlFields) -> Box<dyn Iterator<Item = Item>> {
    let docs = read_documents(paths, &read_options(fields));
    if !fields.skip_empty {
        return Box::new(docs);
    }
    Box::new(docs.filter(|item| match item {
        Err(e) if e.is_empty_input() => {
            eprintln!("tupu: warning: {e}; skipped (--skip-empty)");
            false
        }
        _ => true,
    }))
}

/// Like [`documents`], but the bundled seeds when `paths` is empty (`build`
/// and `eval` without arguments).
pub fn documents_or_seeds(
    paths: &[PathBuf],
    fields: &JsonlFields,
) -> Box<dyn Iterator<Item = Item>> {
    if paths.is_empty() {
        Box::new(seeds().into_iter().map(Ok))
    } else {
        documents(paths, fields)
    }
}

/// How many articles `paths` hold, for the progress bar's total (the five
/// seeds when empty): a text file counts 1, a JSON-lines file its
/// non-blank lines, a directory its files recursively (hidden ones
/// skipped, as [`read_documents`] does). A rough count, read quickly (one
/// pass over the JSON-lines bytes); `None` when a path cannot be read.
pub fn count_articles(paths: &[PathBuf]) -> Option<u64> {
    use std::io::BufRead;
    fn count(path: &Path, depth: usize) -> Option<u64> {
        let meta = std::fs::metadata(path).ok()?;
        if meta.is_dir() {
            if depth > 64 {
                return Some(0);
            }
            let mut n = 0;
            for entry in std::fs::read_dir(path).ok()? {
                let entry = entry.ok()?;
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    n += count(&entry.path(), depth + 1)?;
                }
            }
            return Some(n);
        }
        if !meta.is_file() {
            return Some(0);
        }
        if !tupu::document::is_json_lines(path) {
            return Some(1);
        }
        let mut r = std::io::BufReader::new(std::fs::File::open(path).ok()?);
        let (mut n, mut blank) = (0, true);
        loop {
            let buf = r.fill_buf().ok()?;
            if buf.is_empty() {
                return Some(n + u64::from(!blank));
            }
            for &b in buf {
                if b == b'\n' {
                    n += u64::from(!blank);
                    blank = true;
                } else if !b.is_ascii_whitespace() {
                    blank = false;
                }
            }
            let len = buf.len();
            r.consume(len);
        }
    }
    if paths.is_empty() {
        return Some(SEEDS.len() as u64);
    }
    paths.iter().map(|p| count(p, 0)).sum()
}

/// The bundled seeds. The source is the file in the source tree when it
/// still exists, else `(bundled) NAME`; the text is always the embedded copy,
/// so content hashes do not depend on where the binary runs.
pub fn seeds() -> Vec<Document> {
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
            Document::new(*name, source, *text)
        })
        .collect()
}

/// Groups the articles of `items` into batches for parallel extraction (the
/// batches of `tupu build`, without its store rules): a batch is closed when
/// it holds `max_articles` articles or at least `max_bytes` BYTES of
/// normalised text, or at the end of the input. Problems are passed on as
/// `Err` items: at once when no article is waiting, else right after the
/// batch being gathered. Memory is bounded by one batch, never by the input.
pub fn batches(
    items: impl Iterator<Item = Item>,
    max_articles: usize,
    max_bytes: usize,
) -> impl Iterator<Item = Result<Vec<Document>, DocumentError>> {
    Batches {
        items,
        max_articles: max_articles.max(1),
        max_bytes,
        errors: VecDeque::new(),
        done: false,
    }
}

/// The iterator of [`batches`].
struct Batches<I> {
    items: I,
    max_articles: usize,
    max_bytes: usize,
    /// Problems read while gathering a batch, returned right after it.
    errors: VecDeque<DocumentError>,
    done: bool,
}

impl<I: Iterator<Item = Item>> Iterator for Batches<I> {
    type Item = Result<Vec<Document>, DocumentError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.errors.pop_front() {
            return Some(Err(e));
        }
        if self.done {
            return None;
        }
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < self.max_articles && bytes < self.max_bytes {
            match self.items.next() {
                Some(Ok(doc)) => {
                    bytes += doc.text.len();
                    batch.push(doc);
                }
                // Reported at once when no article is waiting.
                Some(Err(e)) if batch.is_empty() => return Some(Err(e)),
                Some(Err(e)) => self.errors.push_back(e),
                None => {
                    self.done = true;
                    break;
                }
            }
        }
        if batch.is_empty() {
            return self.errors.pop_front().map(Err);
        }
        Some(Ok(batch))
    }
}
