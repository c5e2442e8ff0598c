//! Question patterns as data: `data/questions/patterns.json` (embedded).
//!
//! A pattern is a family of phrasings (regexes over the normalised question,
//! Chinese and English) with named slots, mapped to one SPARQL template.
//! Regex macros are expanded from the file's tables: `{X}` `{Y}` `{E}`
//! entity slots, `{WHICH}` question words, `{T}` type words (`types`), `{V}`
//! verbs (`verbs`), `{CMP}` comparisons, `{N}` a number, `{UNIT}` a money
//! unit. See the `_comment` of the file for the template placeholders.

use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The bundled pattern file.
pub const PATTERNS_JSON: &str = include_str!("../../data/questions/patterns.json");
/// The name the bundled file is reported under in errors.
pub const PATTERNS_FILE: &str = "data/questions/patterns.json";

/// An error in a pattern file.
#[derive(Debug, thiserror::Error)]
pub enum PatternError {
    /// The file is not valid JSON of the expected shape.
    #[error("{file}: {source}")]
    Json {
        /// The pattern file.
        file: String,
        /// The parse error (with line and column).
        source: serde_json::Error,
    },
    /// A regex does not compile after macro expansion.
    #[error("{file}: pattern {id:?}: bad regex {regex:?}: {message}")]
    Regex {
        /// The pattern file.
        file: String,
        /// The pattern id.
        id: String,
        /// The regex as written.
        regex: String,
        /// The compiler's message.
        message: String,
    },
    /// A pattern names an unknown family or lacks its template.
    #[error("{file}: pattern {id:?}: {message}")]
    Invalid {
        /// The pattern file.
        file: String,
        /// The pattern id.
        id: String,
        /// What is wrong.
        message: String,
    },
}

/// How a pattern's answer is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Entities `?x` of the template.
    Answer,
    /// Literal values `?v` of the template.
    Value,
    /// The agents of a verb (`{V}`) whose patient is `{E}`.
    VerbAgent,
    /// The patients of a verb (`{V}`) whose agent is `{X}`.
    VerbPatient,
    /// Shortest paths between `{X}` and `{Y}`.
    Path,
}

/// Words of one table row and what they mean.
#[derive(Debug, Clone, Deserialize)]
pub struct TypeRow {
    /// Question words (lower case for English).
    pub words: Vec<String>,
    /// SPARQL constraint on `?x`.
    pub constraint: String,
}

/// A verb row: words, the `tupu:` predicate, and whether the agent is the
/// triple's `subject` or `object`.
#[derive(Debug, Clone, Deserialize)]
pub struct VerbRow {
    /// Question words.
    pub words: Vec<String>,
    /// Local name of the `tupu:` predicate.
    pub predicate: String,
    /// `subject` or `object`.
    pub agent: String,
}

/// A comparison row.
#[derive(Debug, Clone, Deserialize)]
pub struct CmpRow {
    /// Question words.
    pub words: Vec<String>,
    /// The SPARQL operator.
    pub op: String,
}

/// A money unit row.
#[derive(Debug, Clone, Deserialize)]
pub struct UnitRow {
    /// Question words.
    pub words: Vec<String>,
    /// Yuan per unit.
    pub yuan: f64,
}

/// One pattern as written in the file.
#[derive(Debug, Clone, Deserialize)]
pub struct PatternDef {
    /// Unique id.
    pub id: String,
    /// How the answer is computed.
    pub family: Family,
    /// Example questions (shown when a question is not understood).
    pub examples: Vec<String>,
    /// Regexes with macros (see the module doc).
    pub regexes: Vec<String>,
    /// Entity slots and their preferred types (class local names).
    #[serde(default)]
    pub slots: BTreeMap<String, Vec<String>>,
    /// The SPARQL body (not needed for [`Family::Path`]).
    #[serde(default)]
    pub template: Option<String>,
    /// Subject, predicate, object of the triple whose statement node is the
    /// evidence.
    #[serde(default)]
    pub evidence: Option<[String; 3]>,
    /// Type constraint when the question names no type.
    #[serde(default)]
    pub default_type: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PatternFile {
    types: Vec<TypeRow>,
    verbs: Vec<VerbRow>,
    comparators: Vec<CmpRow>,
    units: Vec<UnitRow>,
    patterns: Vec<PatternDef>,
}

/// The compiled pattern set.
#[derive(Debug)]
pub struct Patterns {
    /// Type words.
    pub types: Vec<TypeRow>,
    /// Verbs.
    pub verbs: Vec<VerbRow>,
    /// Comparisons.
    pub comparators: Vec<CmpRow>,
    /// Money units.
    pub units: Vec<UnitRow>,
    /// The patterns, in the file's order (the first that matches and links
    /// wins).
    pub defs: Vec<PatternDef>,
    compiled: Vec<Vec<Regex>>,
}

/// A regex match of a question: the pattern and its captured slots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index into [`Patterns::defs`].
    pub pattern: usize,
    /// Captured text per macro name (`X`, `E`, `T`, `V`, `WHICH`, `CMP`,
    /// `N`, `UNIT`); a macro used twice in one regex is read from whichever
    /// copy matched.
    pub groups: BTreeMap<String, String>,
}

/// An alternation of `words`, longest first, regex-escaped, with `\s*`
/// between English words.
fn alternation(words: impl IntoIterator<Item = String>) -> String {
    let mut w: Vec<String> = words.into_iter().collect();
    w.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    w.dedup();
    w.iter()
        .map(|s| {
            s.split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s*")
        })
        .collect::<Vec<_>>()
        .join("|")
}

impl Patterns {
    /// The bundled patterns.
    ///
    /// Errors: see [`Patterns::parse`] (a bundled file that fails is a bug,
    /// caught by the tests).
    pub fn bundled() -> Result<Self, PatternError> {
        Self::parse(PATTERNS_FILE, PATTERNS_JSON)
    }

    /// Parses and compiles a pattern file; `file` names it in errors.
    ///
    /// Errors: [`PatternError::Json`] for a malformed file,
    /// [`PatternError::Regex`] for a regex that does not compile,
    /// [`PatternError::Invalid`] for a pattern without template or evidence.
    pub fn parse(file: &str, text: &str) -> Result<Self, PatternError> {
        let f: PatternFile = serde_json::from_str(text).map_err(|source| PatternError::Json {
            file: file.to_owned(),
            source,
        })?;
        let which = alternation(
            [
                "哪些",
                "哪几家",
                "哪几个",
                "哪几位",
                "哪家",
                "哪个",
                "哪位",
                "哪一个",
                "什么",
                "谁",
                "多少家",
                "多少个",
                "多少位",
                "多少名",
                "多少",
                "几家",
                "几个",
                "几位",
            ]
            .map(String::from),
        );
        let macros: Vec<(&str, String)> = vec![
            ("X", r".+?".to_owned()),
            ("Y", r".+?".to_owned()),
            ("E", r".+?".to_owned()),
            ("WHICH", which),
            (
                "T",
                alternation(f.types.iter().flat_map(|t| t.words.iter().cloned())),
            ),
            (
                "V",
                alternation(f.verbs.iter().flat_map(|t| t.words.iter().cloned())),
            ),
            (
                "CMP",
                alternation(f.comparators.iter().flat_map(|t| t.words.iter().cloned())),
            ),
            ("N", r"\d+(?:\.\d+)?".to_owned()),
            (
                "UNIT",
                alternation(f.units.iter().flat_map(|t| t.words.iter().cloned())),
            ),
        ];
        let mut compiled = Vec::new();
        for def in &f.patterns {
            let needs_template = def.family != Family::Path;
            if needs_template && (def.template.is_none() || def.evidence.is_none()) {
                return Err(PatternError::Invalid {
                    file: file.to_owned(),
                    id: def.id.clone(),
                    message: "a template and an evidence triple are required".to_owned(),
                });
            }
            if def.examples.is_empty() {
                return Err(PatternError::Invalid {
                    file: file.to_owned(),
                    id: def.id.clone(),
                    message: "at least one example is required".to_owned(),
                });
            }
            let mut res = Vec::new();
            for raw in &def.regexes {
                let mut expanded = raw.clone();
                for (name, body) in &macros {
                    let token = format!("{{{name}}}");
                    let mut n = 0;
                    while let Some(pos) = expanded.find(&token) {
                        let group = if n == 0 {
                            format!("(?P<{name}>{body})")
                        } else {
                            format!("(?P<{name}__{n}>{body})")
                        };
                        expanded.replace_range(pos..pos + token.len(), &group);
                        n += 1;
                    }
                }
                let re = Regex::new(&expanded).map_err(|e| PatternError::Regex {
                    file: file.to_owned(),
                    id: def.id.clone(),
                    regex: raw.clone(),
                    message: e.to_string(),
                })?;
                res.push(re);
            }
            compiled.push(res);
        }
        Ok(Patterns {
            types: f.types,
            verbs: f.verbs,
            comparators: f.comparators,
            units: f.units,
            defs: f.patterns,
            compiled,
        })
    }

    /// Every regex match of the normalised question `q`, in pattern and
    /// regex order.
    pub fn matches(&self, q: &str) -> Vec<Match> {
        let mut out = Vec::new();
        for (pattern, regexes) in self.compiled.iter().enumerate() {
            for re in regexes {
                let Some(caps) = re.captures(q) else { continue };
                let mut groups = BTreeMap::new();
                for name in re.capture_names().flatten() {
                    let base = name.split("__").next().unwrap_or(name);
                    if let Some(m) = caps.name(name) {
                        groups
                            .entry(base.to_owned())
                            .or_insert_with(|| m.as_str().trim().to_owned());
                    }
                }
                out.push(Match { pattern, groups });
            }
        }
        out
    }

    /// The type constraint of a type word, if the word is in `types`.
    pub fn type_constraint(&self, word: &str) -> Option<&str> {
        let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
        self.types
            .iter()
            .find(|t| {
                t.words
                    .iter()
                    .any(|w| w.replace(' ', "") == word.replace(' ', ""))
            })
            .map(|t| t.constraint.as_str())
    }

    /// The verb row of a verb word.
    pub fn verb(&self, word: &str) -> Option<&VerbRow> {
        let word = word.replace(char::is_whitespace, "");
        self.verbs
            .iter()
            .find(|v| v.words.iter().any(|w| w.replace(' ', "") == word))
    }

    /// The SPARQL operator of a comparison word.
    pub fn comparator(&self, word: &str) -> Option<&str> {
        let word = word.replace(char::is_whitespace, "");
        self.comparators
            .iter()
            .find(|v| v.words.iter().any(|w| w.replace(' ', "") == word))
            .map(|c| c.op.as_str())
    }

    /// Yuan per unit of a unit word.
    pub fn unit(&self, word: &str) -> Option<f64> {
        let word = word.replace(char::is_whitespace, "");
        self.units
            .iter()
            .find(|v| v.words.iter().any(|w| w.replace(' ', "") == word))
            .map(|c| c.yuan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Vec<(String, String)> {
        let p = Patterns::bundled().expect("patterns");
        crate::ask::compose::Lexicon::bundled(&p)
            .expect("lexicon")
            .english
    }

    #[test]
    fn bundled_patterns_compile_and_match_their_examples() {
        let p = Patterns::bundled().expect("bundled patterns compile");
        for (i, d) in p.defs.iter().enumerate() {
            for ex in &d.examples {
                let q = crate::ask::normalize_question(ex, &english());
                let ms = p.matches(&q);
                assert!(
                    ms.iter().any(|m| m.pattern == i),
                    "example {ex:?} ({q:?}) of {} matches none of its regexes",
                    d.id
                );
            }
        }
    }

    #[test]
    fn macros_capture_slots_and_words() {
        let p = Patterns::bundled().expect("bundled patterns compile");
        let q = crate::ask::normalize_question("哪些项目的总投资超过15亿元？", &english());
        let m = p
            .matches(&q)
            .into_iter()
            .find(|m| p.defs[m.pattern].id == "amount_filter")
            .expect("amount filter matches");
        assert_eq!(m.groups["CMP"], "超过");
        assert_eq!(m.groups["N"], "15");
        assert_eq!(m.groups["UNIT"], "亿元");
        assert_eq!(p.comparator("超过"), Some(">"));
        assert_eq!(p.unit("亿元"), Some(1e8));
        assert_eq!(p.type_constraint("项目"), Some("?x a tupu:Project ."));
    }

    #[test]
    fn bad_files_are_reported_with_their_name() {
        let e = Patterns::parse("x.json", "{").expect_err("malformed");
        assert!(e.to_string().starts_with("x.json:"), "{e}");
        let bad = PATTERNS_JSON.replacen("^{X}(?:和|与", "^{X}(?:和|与(", 1);
        let e = Patterns::parse("y.json", &bad).expect_err("bad regex");
        assert!(e.to_string().contains("\"path\""), "{e}");
    }
}
