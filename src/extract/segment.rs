//! Segmentation: jieba-rs with tupu's gazetteers loaded into its user
//! dictionary, giving tokens with BYTE offsets into the segmented string and
//! their part of speech (jieba's ICTCLAS tag set).

use crate::gazetteer::Gazetteer;
use jieba_rs::Jieba;
use std::sync::LazyLock;

static BUNDLED: LazyLock<Segmenter> = LazyLock::new(|| {
    // A clone of the NER features' jieba (one dictionary load per process)
    // with the name suffixes as words, so that jieba cuts 市经信委 as
    // 市|经信委 and a suffix starts a token (the suffix rule needs token
    // boundaries).
    let mut jieba = Gazetteer::bundled_jieba().clone();
    for rule in &super::rules::Rules::bundled().suffixes {
        if rule.suffix.chars().count() >= 2 && rule.suffix.chars().count() <= 4 {
            jieba.add_word(&rule.suffix, Some(3000), Some("n"));
        }
    }
    Segmenter::new(jieba)
});

/// A word of a segmented string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The word.
    pub word: &'a str,
    /// Byte offset of the word's first byte in the segmented string.
    pub start: usize,
    /// Byte offset one past the word's last byte.
    pub end: usize,
    /// jieba's part-of-speech tag (`n`, `ns`, `nr`, `v`, `p`, `x`, …).
    pub tag: &'a str,
}

/// A jieba segmenter with a user dictionary.
pub struct Segmenter {
    jieba: Jieba,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Segmenter")
    }
}

impl Segmenter {
    /// Wraps a configured jieba instance.
    pub fn new(jieba: Jieba) -> Segmenter {
        Segmenter { jieba }
    }

    /// The extractor's segmenter: jieba with the bundled gazetteer's user
    /// dictionary ([`Gazetteer::bundled_jieba`]) and the name suffixes of
    /// the bundled rules (`data/rules/`, two to four characters) as words;
    /// built on first use and shared afterwards.
    pub fn bundled() -> &'static Segmenter {
        &BUNDLED
    }

    /// Segments `s` with part-of-speech tags (HMM on, so unknown names are
    /// found). Tokens cover `s` without gaps.
    pub fn tokens<'a>(&'a self, s: &'a str) -> Vec<Token<'a>> {
        let mut pos = 0;
        self.jieba
            .tag(s, true)
            .into_iter()
            .map(|t| {
                let start = pos;
                pos += t.word.len();
                Token {
                    word: t.word,
                    start,
                    end: pos,
                    tag: t.tag,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_cover_the_text_with_byte_offsets() {
        let seg = Segmenter::new(Jieba::new());
        let s = "九龙坡区与博世集团签署合作协议";
        let toks = seg.tokens(s);
        assert_eq!(toks.first().unwrap().start, 0);
        assert_eq!(toks.last().unwrap().end, s.len());
        for t in &toks {
            assert_eq!(&s[t.start..t.end], t.word);
        }
        assert!(toks
            .iter()
            .any(|t| t.word == "签署" && t.tag.starts_with('v')));
    }
}
