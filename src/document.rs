//! Documents: reading, decoding, normalisation, offset map, sentences.
//! (stub: being written — the signatures below are the agreed interface)

use std::ops::Range;

/// A sentence of the normalised text: byte offsets into [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first byte in `Document::text`.
    pub start: usize,
    /// Byte offset one past the last byte in `Document::text`.
    pub end: usize,
}

/// One article, decoded and normalised.
#[derive(Debug, Clone)]
pub struct Document {
    /// The article id: the file name, or the record's id for JSON lines.
    pub id: String,
    /// Where it was read from (path, or `path:line` for JSON lines).
    pub source: String,
    /// The decoded original text.
    pub original: String,
    /// The normalised text.
    pub text: String,
    /// Sentences of `text`.
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// Normalises `original` and splits it into sentences.
    pub fn new(id: impl Into<String>, source: impl Into<String>, original: impl Into<String>) -> Document {
        let original = original.into();
        let text = original.clone();
        let sentences = vec![Sentence { start: 0, end: text.len() }];
        Document { id: id.into(), source: source.into(), original, text, sentences }
    }

    /// Maps a byte range of `text` to a character range of `original`.
    pub fn original_chars(&self, text_bytes: Range<usize>) -> Range<usize> {
        let s = self.text[..text_bytes.start].chars().count();
        let e = self.text[..text_bytes.end].chars().count();
        s..e
    }
}
