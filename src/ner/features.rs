//! Feature templates for character NER, the standard set for Chinese
//! character taggers (Zhang & Yang 2018 and the SIGHAN 2006 CRF systems use
//! the same families):
//!
//! | template | features of character *i* |
//! |---|---|
//! | unigrams | `c[i+k]` for k in −2..=2 |
//! | bigrams | `c[i−2]c[i−1]`, `c[i−1]c[i]`, `c[i]c[i+1]`, `c[i+1]c[i+2]`, `c[i−1]c[i+1]` |
//! | character type | `type(c[i])` and `type(c[i−1]) type(c[i]) type(c[i+1])` (CJK, CJK numeral, digit, Latin, punctuation, other) |
//! | trigram | `c[i−1]c[i]c[i+1]` |
//! | jieba | position of `c[i]` in its jieba word (B/M/E/S) with the word's POS tag; the position with the word itself (words of up to 6 characters); `c[i]` with the POS; the previous and the next word with the position; the POS of previous, current and next word |
//! | gazetteer | `c[i]`, `c[i−1]`, `c[i+1]` inside a match of a place, organisation, park (with B/M/E/S position) or job-title entry of [`Gazetteer::bundled`] |
//! | surname | a one- or two-character surname starts at `c[i]`; one ends at `c[i−1]` |
//! | bias | always on |
//!
//! Each feature is hashed (FNV-1a, 64 bit, over the template number and the
//! code points) to a key; the model maps keys to weight rows. Keys are a
//! function of the text only, so the same text always gives the same keys.

use crate::gazetteer::{Gazetteer, Source};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;

/// The features of one sentence: `keys[offsets[i]..offsets[i + 1]]` are the
/// feature keys of character `i`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceFeatures {
    /// The feature keys of all characters, concatenated.
    pub keys: Vec<u64>,
    /// `chars + 1` offsets into `keys`.
    pub offsets: Vec<u32>,
}

impl SentenceFeatures {
    /// The number of characters.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Whether the sentence is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The feature keys of character `i`.
    pub fn of(&self, i: usize) -> &[u64] {
        &self.keys[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// Extracts the features of a sentence: jieba (with the gazetteer names in
/// its user dictionary), the gazetteer matcher and a job-title matcher.
pub struct FeatureExtractor {
    jieba: &'static jieba_rs::Jieba,
    titles: AhoCorasick,
    gazetteer: &'static Gazetteer,
}

impl std::fmt::Debug for FeatureExtractor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FeatureExtractor")
    }
}

static SHARED: LazyLock<FeatureExtractor> = LazyLock::new(FeatureExtractor::new);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over the template number and the given values (code points, tags).
fn key(template: u32, parts: &[u32]) -> u64 {
    let mut h = FNV_OFFSET;
    for v in std::iter::once(template).chain(parts.iter().copied()) {
        for b in v.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
    }
    h
}

/// Padding code points for positions before the start and after the end.
const BOS: u32 = 0x11_0000;
const EOS: u32 = 0x11_0001;

/// The character type of `c`: 1 CJK ideograph, 2 CJK numeral (一…十百千万亿零〇两),
/// 3 digit (ASCII or full width), 4 Latin letter, 5 punctuation, 6 other.
fn char_type(c: char) -> u32 {
    if "零〇一二三四五六七八九十百千万亿两".contains(c) {
        2
    } else if c.is_ascii_digit() || ('０'..='９').contains(&c) {
        3
    } else if c.is_ascii_alphabetic() || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c)
    {
        4
    } else if ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c) {
        1
    } else if c.is_ascii_punctuation()
        || ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{ff00}'..='\u{ff0f}').contains(&c)
        || ('\u{ff1a}'..='\u{ff20}').contains(&c)
        || ('\u{2010}'..='\u{206f}').contains(&c)
    {
        5
    } else {
        6
    }
}

/// Position of a character in a word or match: B, M, E or S.
fn position(i: usize, start: usize, end: usize) -> u32 {
    match (i == start, i + 1 == end) {
        (true, true) => 4,
        (true, false) => 1,
        (false, true) => 3,
        (false, false) => 2,
    }
}

/// A small stable number for a jieba POS tag.
fn tag_code(tag: &str) -> u32 {
    tag.bytes()
        .fold(0u32, |h, b| h.wrapping_mul(131).wrapping_add(u32::from(b)))
}

impl FeatureExtractor {
    /// Builds the extractor: jieba with the bundled gazetteer's user
    /// dictionary ([`Gazetteer::bundled_jieba`], shared with the
    /// extractor's segmenter) and the job-title matcher.
    pub fn new() -> FeatureExtractor {
        let gazetteer = Gazetteer::bundled();
        let titles = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(gazetteer.job_titles())
            .expect("job titles form a valid Aho-Corasick automaton");
        FeatureExtractor {
            jieba: Gazetteer::bundled_jieba(),
            titles,
            gazetteer,
        }
    }

    /// The extractor shared by every [`super::Recognizer`], built on first
    /// use.
    pub fn shared() -> &'static FeatureExtractor {
        &SHARED
    }

    /// The features of every character of `chars`.
    pub fn extract(&self, chars: &[char]) -> SentenceFeatures {
        let n = chars.len();
        let text: String = chars.iter().collect();
        // Byte offset of each character, and one past the end.
        let mut byte_of = Vec::with_capacity(n + 1);
        let mut char_at_byte = vec![0usize; text.len() + 1];
        let mut b = 0;
        for (i, c) in chars.iter().enumerate() {
            byte_of.push(b);
            char_at_byte[b] = i;
            b += c.len_utf8();
        }
        byte_of.push(b);
        char_at_byte[b] = n;

        // jieba words: per character (position, POS code, word key or 0,
        // index of the word).
        let mut word_pos = vec![(0u32, 0u32, 0u64, 0usize); n];
        // Per word: (key of the word or 0, POS code).
        let mut words: Vec<(u64, u32)> = Vec::new();
        let mut at = 0usize;
        for t in self.jieba.tag(&text, true) {
            let len = t.word.chars().count();
            let (s, e) = (at, (at + len).min(n));
            let wkey = if len <= 6 {
                let cps: Vec<u32> = t.word.chars().map(u32::from).collect();
                key(0xFFFF, &cps)
            } else {
                0
            };
            let w = words.len();
            words.push((wkey, tag_code(t.tag)));
            for (i, wp) in word_pos.iter_mut().enumerate().take(e).skip(s) {
                *wp = (position(i, s, e), tag_code(t.tag), wkey, w);
            }
            at = e;
        }

        // Gazetteer matches: per character a list of (class, position).
        let mut gaz: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        for m in self.gazetteer.find(&text) {
            let class = match m.entries[0].source {
                Source::Country | Source::Place | Source::ProvinceAbbrev => 1,
                Source::Organization => 2,
                Source::Park => 3,
            };
            let (s, e) = (char_at_byte[m.start], char_at_byte[m.end]);
            for (i, g) in gaz.iter_mut().enumerate().take(e).skip(s) {
                g.push((class, position(i, s, e)));
            }
        }
        for m in self.titles.find_iter(&text) {
            let (s, e) = (char_at_byte[m.start()], char_at_byte[m.end()]);
            for (i, g) in gaz.iter_mut().enumerate().take(e).skip(s) {
                g.push((4, position(i, s, e)));
            }
        }
        // Surnames: length (1 or 2 characters) of the surname starting here.
        let surname: Vec<u32> = (0..n)
            .map(|i| {
                let rest = &text[byte_of[i]..];
                self.gazetteer
                    .surname_at(rest)
                    .map_or(0, |len| rest[..len].chars().count() as u32)
            })
            .collect();

        let c = |j: isize| -> u32 {
            if j < 0 {
                BOS
            } else if j as usize >= n {
                EOS
            } else {
                u32::from(chars[j as usize])
            }
        };
        let ty = |j: isize| -> u32 {
            if j < 0 || j as usize >= n {
                0
            } else {
                char_type(chars[j as usize])
            }
        };
        let mut keys = Vec::with_capacity(n * 22);
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        for i in 0..n {
            let k = i as isize;
            keys.push(key(0, &[]));
            for d in -2..=2isize {
                keys.push(key(1 + (d + 2) as u32, &[c(k + d)]));
            }
            keys.push(key(10, &[c(k - 2), c(k - 1)]));
            keys.push(key(11, &[c(k - 1), c(k)]));
            keys.push(key(12, &[c(k), c(k + 1)]));
            keys.push(key(13, &[c(k + 1), c(k + 2)]));
            keys.push(key(14, &[c(k - 1), c(k + 1)]));
            keys.push(key(20, &[ty(k)]));
            keys.push(key(21, &[ty(k - 1), ty(k), ty(k + 1)]));
            keys.push(key(15, &[c(k - 1), c(k), c(k + 1)]));
            let (wp, wt, wk, w) = word_pos[i];
            keys.push(key(30, &[wp, wt]));
            keys.push(key(31, &[wp]));
            keys.push(key(33, &[c(k), wt]));
            if wk != 0 {
                keys.push(key(32, &[wp, wk as u32, (wk >> 32) as u32]));
            }
            // The neighbouring words (cue words such as 记者, 说, 总统) and
            // their POS.
            let (pk, pt) = if w > 0 { words[w - 1] } else { (1, 0) };
            let (nk, nt) = words.get(w + 1).copied().unwrap_or((2, 0));
            keys.push(key(34, &[pk as u32, (pk >> 32) as u32, wp]));
            keys.push(key(35, &[nk as u32, (nk >> 32) as u32, wp]));
            keys.push(key(36, &[pt, wt, nt]));
            for &(class, p) in &gaz[i] {
                keys.push(key(40, &[class, p]));
                keys.push(key(41, &[class]));
            }
            for (d, tpl) in [(-1isize, 42u32), (1, 43)] {
                let j = k + d;
                if j >= 0 && (j as usize) < n {
                    for &(class, p) in &gaz[j as usize] {
                        keys.push(key(tpl, &[class, p]));
                    }
                }
            }
            if surname[i] > 0 {
                keys.push(key(50, &[surname[i]]));
                keys.push(key(51, &[surname[i], wp]));
            }
            if i > 0 && surname[i - 1] == 1 {
                keys.push(key(52, &[]));
            }
            if i > 1 && surname[i - 2] == 1 {
                keys.push(key(53, &[]));
            }
            offsets.push(keys.len() as u32);
        }
        SentenceFeatures { keys, offsets }
    }
}

impl Default for FeatureExtractor {
    fn default() -> Self {
        FeatureExtractor::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_gets_its_features_and_keys_are_deterministic() {
        let chars: Vec<char> = "王小明在重庆市任副市长。".chars().collect();
        let fx = FeatureExtractor::shared();
        let a = fx.extract(&chars);
        assert_eq!(a.len(), chars.len());
        assert_eq!(a, fx.extract(&chars));
        // The same character in the same context has the same unigram key.
        assert!(a.of(0).contains(&key(3, &[u32::from('王')])));
        // 王 starts a surname; 重 is inside a place match, 副 inside a job title.
        assert!(a.of(0).contains(&key(50, &[1])));
        assert!(a.of(4).contains(&key(41, &[1])));
        assert!(a.of(8).contains(&key(41, &[4])));
        assert!(!a.of(1).contains(&key(41, &[1])));
    }

    #[test]
    fn character_types() {
        assert_eq!(char_type('中'), 1);
        assert_eq!(char_type('三'), 2);
        assert_eq!(char_type('７'), 3);
        assert_eq!(char_type('a'), 4);
        assert_eq!(char_type('，'), 5);
        assert_eq!(char_type('“'), 5);
    }
}
