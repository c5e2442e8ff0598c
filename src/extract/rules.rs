//! Extraction rules as data: the files under `data/rules/`, embedded at
//! compile time and parsed once.
//!
//! Each file's header comment says what its columns mean and where the rule
//! comes from. A syntax error in a bundled file is a bug caught by the tests
//! of this module; [`Rules::from_dir`] loads replacements at run time and
//! reports file and line.

use crate::annotation::{EntityType, Subtype};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// A name suffix of the suffix rule (`data/rules/suffixes.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuffixRule {
    /// The suffix, e.g. `有限公司`.
    pub suffix: String,
    /// The type of a name ending in it.
    pub entity_type: EntityType,
    /// The subtype, if the suffix fixes one.
    pub subtype: Option<Subtype>,
    /// The minimum length of a name, in characters, suffix included.
    pub min_chars: usize,
}

/// How much the words before an event head must say for a name
/// (`data/rules/event_heads.tsv`, see [`super::event`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadStrength {
    /// A proper noun, a number or ordinal, a quotation or at least four
    /// characters before the head (论坛, 会议, 博览会).
    Strong,
    /// The head is also a common word (活动, 周, 节): an edition or a
    /// quotation is needed.
    Weak,
    /// An opening or closing ceremony (开幕式, 闭幕会): a strong head, but
    /// after another event's name it is part of that event's mention
    /// (出席第五届中国国际进口博览会开幕式 → 第五届中国国际进口博览会; the
    /// gold of `gold-news` folds a ceremony into its event).
    Ceremony,
}

/// Every rule table the extractor uses.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Suffix rules, longest suffix first.
    pub suffixes: Vec<SuffixRule>,
    /// Words that end a name extended to the left.
    pub boundaries: BTreeSet<String>,
    /// Generic names that are never entities.
    pub generic_names: BTreeSet<String>,
    /// Words that may follow a person's name.
    pub person_stops: Vec<String>,
    /// Relation cue words by class (`sign`, `host`, `attend`, …).
    pub cues: BTreeMap<String, Vec<String>>,
    /// Short event names → full names (`智博会` → `中国国际智能产业博览会`).
    pub events: BTreeMap<String, String>,
    /// Characters of transliterated foreign names.
    pub transliteration: BTreeSet<char>,
    /// Verbs that may occur inside a name.
    pub name_verbs: BTreeSet<String>,
    /// Direction words that may occur inside a name.
    pub direction_words: BTreeSet<String>,
    /// Endings that make a project name a class of projects (重点项目).
    pub generic_heads: BTreeSet<String>,
    /// Heads of event names with their strength, longest first
    /// (`data/rules/event_heads.tsv`).
    pub event_heads: Vec<(String, HeadStrength)>,
    /// Words that end an event name extended to the left
    /// (`data/rules/event_stops.txt`).
    pub event_stops: BTreeSet<String>,
    /// Prepositions and verbs that may be glued to the front of a person's
    /// name (`data/rules/person_lead_words.txt`: 从, 同, 来).
    pub person_lead_words: BTreeSet<String>,
    /// Heads of the names of works named after places (`data/rules/
    /// work_heads.txt`: 桥, 通道, 铁路), which hold no investor.
    pub work_heads: BTreeSet<String>,
}

/// An error in a rule file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RulesError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line does not follow the file's format.
    #[error("{path}:{line}: {problem}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
}

const FILES: [(&str, &str); 14] = [
    (
        "suffixes.tsv",
        include_str!("../../data/rules/suffixes.tsv"),
    ),
    (
        "boundaries.txt",
        include_str!("../../data/rules/boundaries.txt"),
    ),
    (
        "generic_names.txt",
        include_str!("../../data/rules/generic_names.txt"),
    ),
    (
        "person_stops.txt",
        include_str!("../../data/rules/person_stops.txt"),
    ),
    (
        "relation_cues.tsv",
        include_str!("../../data/rules/relation_cues.tsv"),
    ),
    ("events.tsv", include_str!("../../data/rules/events.tsv")),
    (
        "transliteration.txt",
        include_str!("../../data/rules/transliteration.txt"),
    ),
    (
        "name_verbs.txt",
        include_str!("../../data/rules/name_verbs.txt"),
    ),
    (
        "direction_words.txt",
        include_str!("../../data/rules/direction_words.txt"),
    ),
    (
        "generic_heads.txt",
        include_str!("../../data/rules/generic_heads.txt"),
    ),
    (
        "event_heads.tsv",
        include_str!("../../data/rules/event_heads.tsv"),
    ),
    (
        "event_stops.txt",
        include_str!("../../data/rules/event_stops.txt"),
    ),
    (
        "person_lead_words.txt",
        include_str!("../../data/rules/person_lead_words.txt"),
    ),
    (
        "work_heads.txt",
        include_str!("../../data/rules/work_heads.txt"),
    ),
];

static BUNDLED: LazyLock<Rules> = LazyLock::new(|| {
    let texts: Vec<(PathBuf, String)> = FILES
        .iter()
        .map(|(n, t)| (PathBuf::from("data/rules").join(n), (*t).to_owned()))
        .collect();
    Rules::parse(&texts).expect("bundled rule files are valid (tested)")
});

fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

impl Rules {
    /// The rules bundled with tupu (`data/rules/`), parsed once.
    pub fn bundled() -> &'static Rules {
        &BUNDLED
    }

    /// Loads the rule files from `dir` (same names as `data/rules/`).
    ///
    /// # Errors
    /// [`RulesError::Io`] when a file cannot be read, [`RulesError::Syntax`]
    /// with file and line when a line is malformed.
    pub fn from_dir(dir: &Path) -> Result<Rules, RulesError> {
        let mut texts = Vec::new();
        for (name, _) in FILES {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|source| RulesError::Io {
                path: path.clone(),
                source,
            })?;
            texts.push((path, text));
        }
        Rules::parse(&texts)
    }

    fn parse(texts: &[(PathBuf, String)]) -> Result<Rules, RulesError> {
        let syntax = |path: &Path, line, problem: String| RulesError::Syntax {
            path: path.to_owned(),
            line,
            problem,
        };
        let mut suffixes = Vec::new();
        let (path, text) = &texts[0];
        for (n, l) in lines(text) {
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() != 4 {
                return Err(syntax(
                    path,
                    n,
                    format!("expected 4 columns, found {}", cols.len()),
                ));
            }
            let entity_type = cols[1]
                .parse()
                .map_err(|e| syntax(path, n, format!("{e}")))?;
            let subtype = match cols[2] {
                "-" => None,
                s => Some(s.parse().map_err(|e| syntax(path, n, format!("{e}")))?),
            };
            let min_chars = cols[3]
                .parse()
                .map_err(|_| syntax(path, n, format!("bad length {:?}", cols[3])))?;
            suffixes.push(SuffixRule {
                suffix: cols[0].to_owned(),
                entity_type,
                subtype,
                min_chars,
            });
        }
        suffixes.sort_by_key(|s| std::cmp::Reverse(s.suffix.chars().count()));
        let set = |i: usize| -> BTreeSet<String> {
            lines(&texts[i].1)
                .map(|(_, l)| l.trim().to_owned())
                .collect()
        };
        let boundaries = set(1);
        let generic_names = set(2);
        let mut person_stops: Vec<String> = set(3).into_iter().collect();
        person_stops.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        let mut cues = BTreeMap::new();
        let (path, text) = &texts[4];
        for (n, l) in lines(text) {
            let (class, words) = l
                .split_once('\t')
                .ok_or_else(|| syntax(path, n, "expected class<TAB>words".into()))?;
            let mut words: Vec<String> = words.split('|').map(str::to_owned).collect();
            words.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
            cues.insert(class.to_owned(), words);
        }
        let mut events = BTreeMap::new();
        let (path, text) = &texts[5];
        for (n, l) in lines(text) {
            let (short, full) = l
                .split_once('\t')
                .ok_or_else(|| syntax(path, n, "expected short<TAB>full".into()))?;
            events.insert(short.to_owned(), full.to_owned());
        }
        let mut event_heads = Vec::new();
        let (path, text) = &texts[10];
        for (n, l) in lines(text) {
            let (head, strength) = l
                .split_once('\t')
                .ok_or_else(|| syntax(path, n, "expected head<TAB>strong|weak|ceremony".into()))?;
            let strength = match strength.trim() {
                "strong" => HeadStrength::Strong,
                "weak" => HeadStrength::Weak,
                "ceremony" => HeadStrength::Ceremony,
                other => {
                    return Err(syntax(
                        path,
                        n,
                        format!("strength {other:?} is none of strong, weak, ceremony"),
                    ))
                }
            };
            event_heads.push((head.trim().to_owned(), strength));
        }
        event_heads.sort_by_key(|(h, _)| std::cmp::Reverse(h.chars().count()));
        let transliteration = lines(&texts[6].1)
            .flat_map(|(_, l)| l.trim().chars())
            .collect();
        Ok(Rules {
            name_verbs: set(7),
            direction_words: set(8),
            generic_heads: set(9),
            event_heads,
            event_stops: set(11),
            person_lead_words: set(12),
            work_heads: set(13),
            transliteration,
            suffixes,
            boundaries,
            generic_names,
            person_stops,
            cues,
            events,
        })
    }

    /// The cue words of `class` (empty when the class is unknown).
    pub fn cue(&self, class: &str) -> &[String] {
        self.cues.get(class).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether a word ends an event's name read from the left: a word of
    /// `data/rules/event_stops.txt`, or one that ends with such a word of
    /// two or more characters (应邀出席, read as one token).
    pub fn ends_event_name(&self, word: &str) -> bool {
        self.event_stops.contains(word)
            || self
                .event_stops
                .iter()
                .any(|w| w.chars().count() >= 2 && word.ends_with(w.as_str()))
    }

    /// Whether `text` contains a cue word of `class`.
    pub fn has_cue(&self, class: &str, text: &str) -> bool {
        self.cue(class).iter().any(|w| text.contains(w.as_str()))
    }

    /// The longest suffix rule that `name` ends with.
    pub fn suffix_of(&self, name: &str) -> Option<&SuffixRule> {
        self.suffixes
            .iter()
            .find(|s| name.ends_with(s.suffix.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rules_parse() {
        let r = Rules::bundled();
        assert!(r.suffixes.len() > 50);
        assert_eq!(r.suffix_of("敏华实业有限公司").unwrap().suffix, "有限公司");
        assert!(r.boundaries.contains("签约"));
        assert!(r.has_cue("sign", "九龙坡区与博世集团签署合作协议"));
        assert_eq!(r.events["智博会"], "中国国际智能产业博览会");
    }

    #[test]
    fn bad_line_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in FILES {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        std::fs::write(dir.path().join("suffixes.tsv"), "# c\n公司\tOrganization\n").unwrap();
        let err = Rules::from_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("suffixes.tsv:2"), "{err}");
        std::fs::write(dir.path().join("suffixes.tsv"), FILES[0].1).unwrap();
        std::fs::write(
            dir.path().join("event_heads.tsv"),
            "# c\n论坛\tstrong\n峰会\tsome\n",
        )
        .unwrap();
        let err = Rules::from_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("event_heads.tsv:3"), "{err}");
    }
}
