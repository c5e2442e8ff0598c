//! Documents: reading, decoding, normalisation, offset map, sentences.
//!
//! A [`Document`] holds the decoded `original` text of an article and its
//! normalised `text`: lines wrapped by the page layout are joined (no space
//! between CJK characters, one space between two Latin words or numbers),
//! paragraphs are separated by one `\n`, full-width ASCII letters and digits
//! are folded to half-width, white space is collapsed and layout noise (runs
//! of one repeated digit, headlines printed twice) is dropped. Every
//! character of `text` maps back to a span of `original` through an offset
//! map built during normalisation: see [`Document::original_chars`].
//!
//! Offsets: [`Sentence`] and every `text` range are BYTE offsets into
//! [`Document::text`]; ranges of the original are CHARACTER (Unicode scalar)
//! offsets into [`Document::original`].
//!
//! ```
//! use tupu::document::Document;
//!
//! let original = "新华社重庆7月4日电（记者 黄\n兴）到2022年数字经济总量突破万亿\n\
//!                 元、打造一批千亿级数字经济产业集\n群、培育100家数字经济龙头企业等市\n\
//!                 场主体……近日，重庆召开发展数字经\n济推进大会。\n";
//! let doc = Document::new("a.txt", "a.txt", original);
//! assert!(doc.text.starts_with("新华社重庆7月4日电（记者 黄兴）到2022年"));
//! assert_eq!(doc.sentences.len(), 1);
//! // "黄兴" comes from "黄\n兴" in the original (CHARACTER offsets 14..17).
//! let at = doc.text.find("黄兴").unwrap();
//! assert_eq!(doc.original_chars(at..at + "黄兴".len()), 14..17);
//! ```

mod normalize;
mod read;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

pub use read::{
    is_json_lines, read_documents, DocumentError, DocumentReader, ReadOptions,
    DEFAULT_MAX_ARTICLE_BYTES, DEFAULT_MAX_LINE_BYTES,
};

use normalize::{is_closer, is_line_break, normalize, normalized_char, OffsetMap};

/// A broken invariant of a [`Document`]'s offset map or sentences, found by
/// [`Document::check_offset_map`]. Never expected: it names a bug in
/// normalisation (the property tests and the fuzz target look for one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{id}: text BYTE {byte}: {problem}")]
pub struct OffsetMapViolation {
    /// The document's id.
    pub id: String,
    /// The BYTE offset in [`Document::text`] where the invariant breaks.
    pub byte: usize,
    /// What is wrong.
    pub problem: String,
}

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
    /// Sentences of `text`, in order, non-empty, trimmed, never spanning a
    /// paragraph break (`\n`), at most [`MAX_SENTENCE_CHARS`] characters.
    pub sentences: Vec<Sentence>,
    /// Offset map from `text` characters to `original` characters.
    map: OffsetMap,
}

impl Document {
    /// Normalises `original` and splits it into sentences.
    ///
    /// Never fails: messy text is normalised as well as it can be. Runs in
    /// time linear in the length of `original`.
    pub fn new(
        id: impl Into<String>,
        source: impl Into<String>,
        original: impl Into<String>,
    ) -> Document {
        let original = original.into();
        let norm = normalize(&original);
        let sentences = split_sentences(&norm.text);
        Document {
            id: id.into(),
            source: source.into(),
            original,
            text: norm.text,
            sentences,
            map: norm.map,
        }
    }

    /// Maps a BYTE range of `text` to a CHARACTER (Unicode scalar) range of
    /// `original`.
    ///
    /// For a range with no joined line break or normalised character
    /// (folded digit, collapsed space) inside, `original[chars] == text[bytes]`;
    /// a range spanning a joined break covers the original span including the
    /// removed line break. An empty range maps to an empty range at the
    /// corresponding position. Bytes inside a character round up to the next
    /// character boundary; bytes past the end clamp to the end. The result is
    /// monotone in both bounds and always lies inside `original`.
    pub fn original_chars(&self, text_bytes: Range<usize>) -> Range<usize> {
        self.map.original_chars(text_bytes)
    }

    /// The slice of `original` that the BYTE range `text_bytes` of `text`
    /// comes from ([`Document::original_str`]) when it differs from
    /// `text[text_bytes]` (a joined line break, a folded full-width letter),
    /// else `None`: what [`crate::annotation::MentionRecord::original`] and
    /// [`crate::annotation::Provenance::original`] record.
    pub fn original_if_changed(&self, text_bytes: Range<usize>) -> Option<String> {
        let original = self.original_str(text_bytes.clone());
        (self.text.get(text_bytes) != Some(original)).then(|| original.to_owned())
    }

    /// The slice of `original` that the BYTE range `text_bytes` of `text`
    /// comes from (see [`Document::original_chars`]).
    pub fn original_str(&self, text_bytes: Range<usize>) -> &str {
        let chars = self.original_chars(text_bytes);
        let mut it = self
            .original
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(self.original.len()));
        let start = it.nth(chars.start).unwrap_or(self.original.len());
        let end = if chars.end > chars.start {
            it.nth(chars.end - chars.start - 1)
                .unwrap_or(self.original.len())
        } else {
            start
        };
        &self.original[start..end]
    }

    /// Maps a CHARACTER range of `original` to the smallest BYTE range of
    /// `text` whose characters come from it (empty when everything in it was
    /// dropped, e.g. a line break or layout noise).
    pub fn text_bytes_of_original(&self, original_chars: Range<usize>) -> Range<usize> {
        self.map.text_bytes_of_original(original_chars)
    }

    /// The CHARACTER offset in `text` of the BYTE offset `byte` (a byte inside
    /// a character rounds up; past the end clamps to the character count).
    pub fn char_offset(&self, byte: usize) -> usize {
        self.map.char_offset(byte)
    }

    /// The BYTE offset in `text` of the CHARACTER offset `ch` (past the end
    /// clamps to `text.len()`).
    pub fn byte_offset(&self, ch: usize) -> usize {
        self.map.byte_offset(ch)
    }

    /// Converts a BYTE range of `text` to a CHARACTER range of `text`.
    pub fn text_chars(&self, text_bytes: Range<usize>) -> Range<usize> {
        let s = self.char_offset(text_bytes.start);
        s..self.char_offset(text_bytes.end).max(s)
    }

    /// Number of characters of `text`.
    pub fn char_len(&self) -> usize {
        self.map.char_len()
    }

    /// The text of sentence `i`.
    ///
    /// # Panics
    /// When `i >= self.sentences.len()`.
    pub fn sentence_text(&self, i: usize) -> &str {
        let s = self.sentences[i];
        &self.text[s.start..s.end]
    }

    /// Index of the sentence containing the BYTE offset `byte` of `text`, or
    /// `None` when it falls between sentences (white space, paragraph break)
    /// or past the end.
    pub fn sentence_index_at(&self, byte: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= byte);
        self.sentences.get(i).filter(|s| s.start <= byte).map(|_| i)
    }

    /// Checks the invariants of the offset map and the sentences, in time
    /// O(n log n) in the length of the text:
    ///
    /// - every character of `text` maps to a non-empty CHARACTER span of
    ///   `original` (so to whole characters, at char boundaries), and the
    ///   spans of consecutive characters are disjoint and increasing;
    /// - the text at a span is what normalisation made the character from:
    ///   a kept character starts its span as itself or its full-width form
    ///   (`Ａ` → `A`), a space stands for white space, control characters or
    ///   a line break in its span, a `\n` for a line break in its span;
    /// - [`Document::original_chars`] is monotone for every BYTE offset
    ///   (boundaries or not) and stays inside `original`, and
    ///   [`Document::text_bytes_of_original`] maps each character's span
    ///   back to a range containing it;
    /// - sentences are increasing, non-empty, on character boundaries,
    ///   hold no `\n` and at most [`MAX_SENTENCE_CHARS`] characters.
    ///
    /// Errors: the first violation found, with its BYTE offset in `text`.
    pub fn check_offset_map(&self) -> Result<(), OffsetMapViolation> {
        let fail = |byte: usize, problem: String| {
            Err(OffsetMapViolation {
                id: self.id.clone(),
                byte,
                problem,
            })
        };
        let original: Vec<char> = self.original.chars().collect();
        let n = original.len();
        if self.char_len() != self.text.chars().count() {
            return fail(
                0,
                format!(
                    "the map has {} characters, the text {}",
                    self.char_len(),
                    self.text.chars().count()
                ),
            );
        }
        let mut prev_end = 0;
        for (i, (b, c)) in self.text.char_indices().enumerate() {
            if self.byte_offset(i) != b || self.char_offset(b) != i {
                return fail(b, format!("character {i} is not at BYTE {b} in the map"));
            }
            let span = self.original_chars(b..b + c.len_utf8());
            if span.start >= span.end || span.end > n {
                return fail(b, format!("{c:?} maps to {span:?} of {n} characters"));
            }
            if span.start < prev_end {
                return fail(b, format!("{c:?} maps to {span:?}, before {prev_end}"));
            }
            prev_end = span.end;
            let from = &original[span.clone()];
            let ok = match c {
                '\n' => from.iter().any(|&o| is_line_break(o)),
                ' ' => from
                    .iter()
                    .any(|&o| is_line_break(o) || normalized_char(o) == Some(' ')),
                _ => normalized_char(from[0]) == Some(c),
            };
            if !ok {
                let from: String = from.iter().collect();
                return fail(b, format!("{c:?} maps to {span:?} = {from:?}"));
            }
            let back = self.text_bytes_of_original(span.clone());
            if back.start > b || back.end < b + c.len_utf8() {
                return fail(
                    b,
                    format!("{c:?} maps to {span:?}, which maps back to {back:?}"),
                );
            }
        }
        let mut last = 0..0;
        for x in 0..=self.text.len() + 1 {
            let point = self.original_chars(x..x);
            let prefix = self.original_chars(0..x);
            if point.start != point.end
                || point.end > n
                || point.start < last.start
                || prefix.end > n
                || prefix.end < last.end
            {
                return fail(
                    x,
                    format!("not monotone: {point:?} and {prefix:?} after {last:?}"),
                );
            }
            last = point.start..prefix.end;
        }
        let mut prev = 0;
        for (i, s) in self.sentences.iter().enumerate() {
            let ok = prev <= s.start
                && s.start < s.end
                && s.end <= self.text.len()
                && self.text.is_char_boundary(s.start)
                && self.text.is_char_boundary(s.end)
                && !self.sentence_text(i).contains('\n')
                && self.sentence_text(i).chars().count() <= MAX_SENTENCE_CHARS;
            if !ok {
                return fail(s.start, format!("bad sentence {i}: {s:?}"));
            }
            prev = s.end;
        }
        Ok(())
    }

    /// Lowercase hex SHA-256 of the UTF-8 bytes of `original` (64 characters).
    pub fn content_hash(&self) -> String {
        let digest = Sha256::digest(self.original.as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The story's date written in its id as `YYYYMMDD` between non-digits
    /// (`xwlb-20230526-03` → 2023-05-26, the convention of the Xinwen Lianbo
    /// corpus, ANNOTATION.md "News stories"), as (year, month, day); `None`
    /// when the id holds no valid date of 1900–2099.
    pub fn story_date(&self) -> Option<(i32, u32, u32)> {
        static ID_DATE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:^|[^0-9])((?:19|20)[0-9]{2})([01][0-9])([0-3][0-9])(?:[^0-9]|$)")
                .expect("valid regex")
        });
        let c = ID_DATE.captures(&self.id)?;
        let (y, m, d) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
    }

    /// The year the article was written in: the year of
    /// [`Document::story_date`] when the id holds one, else as the text
    /// states it.
    ///
    /// Rule, first match wins:
    /// 0. the id's date (`xwlb-20230526-03` → 2023);
    /// 1. a full date `YYYY年M月D日` (19xx or 20xx) within the first 300
    ///    characters of `text` (the masthead or dateline);
    /// 2. a lunar year `农历庚子年` within the first 300 characters, read in
    ///    the sexagenary cycle 1984–2043 (`庚子` → 2020);
    /// 3. the most frequent `YYYY年` (19xx or 20xx, not preceded by a digit)
    ///    in the whole text, the latest year on a tie.
    ///
    /// Returns `None` when none applies.
    pub fn year(&self) -> Option<i32> {
        if let Some((y, _, _)) = self.story_date() {
            return Some(y);
        }
        static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:^|[^0-9])((?:19|20)[0-9]{2})\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日")
                .expect("valid regex")
        });
        static LUNAR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"农历([甲乙丙丁戊己庚辛壬癸])([子丑寅卯辰巳午未申酉戌亥])年")
                .expect("valid regex")
        });
        static YEAR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:^|[^0-9])((?:19|20)[0-9]{2})\s*年").expect("valid regex")
        });
        let head_end = self.byte_offset(300);
        let head = &self.text[..head_end];
        if let Some(y) = FULL_DATE.captures(head).and_then(|c| c[1].parse().ok()) {
            return Some(y);
        }
        if let Some(c) = LUNAR.captures(head) {
            const STEMS: &str = "甲乙丙丁戊己庚辛壬癸";
            const BRANCHES: &str = "子丑寅卯辰巳午未申酉戌亥";
            let s = STEMS.chars().position(|x| c[1].starts_with(x));
            let b = BRANCHES.chars().position(|x| c[2].starts_with(x));
            if let (Some(s), Some(b)) = (s, b) {
                // The cycle year n (0 = 甲子 = 1984) has stem n % 10, branch n % 12.
                if let Some(n) = (0..60).find(|n| n % 10 == s && n % 12 == b) {
                    return Some(1984 + n as i32);
                }
            }
        }
        let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
        for c in YEAR.captures_iter(&self.text) {
            if let Ok(y) = c[1].parse::<i32>() {
                *counts.entry(y).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by_key(|&(y, n)| (n, y))
            .map(|(y, _)| y)
    }
}

/// Sentence terminators.
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?')
}

/// Longest sentence, in CHARACTERS. A longer run of text with no sentence end
/// (a page extracted without punctuation, a hostile input) is cut into
/// pieces of at most this many characters, at the last comma, enumeration
/// comma, colon or space of the second half of each piece when there is one.
///
/// Why: the extractor's work per sentence grows much faster than its length.
/// Measured on this machine (release, one thread, `tupu extract` of one line
/// of real article text with the punctuation removed): 10,000 characters
/// 1.3 s, 40,000 characters 144 s, 160,000 characters not done after 457 s.
/// The longest sentence of the Xinwen Lianbo corpus has 1,978 characters,
/// of the seed articles a few hundred, so the cap changes none of them.
pub const MAX_SENTENCE_CHARS: usize = 2000;

/// Splits `text` into sentences: after 。！？；!? (plus any further
/// terminators and closing quotes or brackets right after) and at every
/// `\n`; trimmed, non-empty, at most [`MAX_SENTENCE_CHARS`] characters.
/// Returns BYTE ranges.
fn split_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut push_trimmed = |start: usize, end: usize| {
        let s = &text[start..end];
        let trimmed = s.trim_start();
        let start = start + (s.len() - trimmed.len());
        let end = start + trimmed.trim_end().len();
        if start < end {
            out.push(Sentence { start, end });
        }
    };
    let mut push = |start: usize, end: usize| {
        let mut s = start;
        while s < end {
            let rest = &text[s..end];
            let cut = match rest.char_indices().nth(MAX_SENTENCE_CHARS) {
                None => end,
                Some((b, _)) => {
                    let soft = rest[..b]
                        .char_indices()
                        .rev()
                        .take_while(|&(i, _)| i >= b / 2)
                        .find(|&(_, c)| matches!(c, '，' | ',' | '、' | '：' | ':' | ' '))
                        .map(|(i, c)| i + c.len_utf8());
                    s + soft.unwrap_or(b)
                }
            };
            push_trimmed(s, cut);
            s = cut;
        }
    };
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((b, c)) = it.next() {
        if c == '\n' {
            push(start, b);
            start = b + 1;
        } else if is_terminator(c) {
            let mut end = b + c.len_utf8();
            while let Some(&(nb, nc)) = it.peek() {
                if is_terminator(nc) || is_closer(nc) {
                    end = nb + nc.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            push(start, end);
            start = end;
        }
    }
    push(start, text.len());
    out
}

#[cfg(test)]
mod tests;
