//! Relation-extraction benchmarks: FinRE and DuIE readers and the scorer.
//!
//! Each benchmark sentence is extracted as a one-sentence article and tupu's
//! statements are compared with the gold pairs of that sentence.
//!
//! # Tasks
//!
//! | task | gold relation | tupu statement |
//! |---|---|---|
//! | `finre 签约` | FinRE `签约` (head, tail) | `signedWith` between head and tail, either direction |
//! | `duie 董事长` | DuIE `董事长` (subject 企业, object 人物) | `worksFor(object, subject)`; with title: also a `jobTitle` of the person that is 董事长 (or its synonym 董事局主席, 董事会主席) |
//! | `duie 总部地点` | DuIE `总部地点` (subject 企业, object 地点) | `locatedIn(subject, object)` |
//!
//! The DuIE schema (`duie_schema.json`, 48 predicates) has `董事长` but no
//! `总裁` or `总经理` predicate, so only 董事长 is scored.
//!
//! # Protocols
//!
//! - **extracted** (end to end): tupu finds the entities itself and relates
//!   them; a gold pair counts only when tupu's entities carry the gold names
//!   (below). This measures recognition and relation extraction together.
//! - **given** (relation classification, the standard protocol of FinRE and
//!   DuIE in the literature, where the entity pair is given): the names of
//!   the sentence's labelled pairs are supplied to the extractor as known
//!   entities ([`given_entities`], [`crate::extract::known`], overriding:
//!   a given name is a mention even inside a longer name) with types —
//!   FinRE heads and tails are companies and organisations → Organization;
//!   DuIE types from the schema (企业, 机构, 学校 → Organization; 人物 →
//!   Person; 地点, 城市, 国家, 行政区 → Place; other types are not supplied)
//!   — and tupu's own pipeline (types, relation rules, classifier,
//!   validation) decides the relation. Scores are computed the same way; in
//!   this protocol **labelled precision** is the protocol's precision (over
//!   the given pairs), while strict precision still counts statements
//!   involving entities tupu found beyond the given ones.
//!
//! # Name matching
//!
//! A tupu entity matches a gold name when, after [`crate::eval::normalize`]
//! (NFKC, white space removed, full-width brackets folded), the gold name
//! equals the entity's canonical name, one of its aliases, or the text of one
//! of its mentions. Nothing else matches: 阿里巴巴集团 does not match the gold
//! name 阿里巴巴.
//!
//! # Scores
//!
//! For a task with gold relation R and tupu predicate P, over the sentences
//! of a split (a sentence listed several times, as FinRE lists each pair in
//! both directions, counts once):
//!
//! - **recall** = gold R pairs with a matching P statement / gold R pairs;
//! - **precision** (strict) = P statements, in the sentences whose gold has
//!   R, that match a gold R pair / all P statements in those sentences (a
//!   statement between two entities the gold does not relate counts as
//!   wrong);
//! - **labelled precision** = found R pairs / (found R pairs + labelled
//!   pairs of another relation or `unknown` that tupu relates by P): only
//!   pairs the gold labels count;
//! - **false-positive rate** = pairs whose gold has ANOTHER relation (and not
//!   R) that tupu relates by P, in either direction / all such pairs. FinRE's
//!   `unknown` (no relation) pairs are reported apart, as `unknown FP rate`.

use crate::annotation::{Annotation, AttributeKind, EntityType, Predicate};
use crate::eval::normalize;
use crate::extract::known::KnownEntities;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// An error reading a benchmark file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BenchError {
    /// The file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line does not follow the benchmark's format.
    #[error("{path}:{line}: {problem}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// No file of the split exists in the benchmark directory.
    #[error("{dir}: no {what} file (looked for {looked_for})")]
    Missing {
        /// The benchmark directory.
        dir: PathBuf,
        /// Which split of which benchmark.
        what: String,
        /// The file names tried.
        looked_for: String,
    },
}

/// One labelled pair of a sentence, as the benchmark states it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct GoldPair {
    /// The head (FinRE) or subject (DuIE).
    pub subject: String,
    /// The tail (FinRE) or object value (DuIE).
    pub object: String,
    /// The relation label as written (`签约`, `被拥有`, `unknown`, `董事长`).
    pub relation: String,
    /// The subject's type as the benchmark states it (DuIE `subject_type`:
    /// `企业`, `人物`, …); `None` for FinRE, which states no types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject_type: Option<String>,
    /// The object's type (DuIE `object_type.@value`); `None` for FinRE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_type: Option<String>,
}

/// One benchmark sentence with every pair labelled on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldSentence {
    /// 1-based line of the sentence's first occurrence in its file.
    pub line: usize,
    /// The sentence text.
    pub text: String,
    /// The labelled pairs, in file order, duplicates removed.
    pub pairs: Vec<GoldPair>,
}

fn read_to_string(path: &Path) -> Result<String, BenchError> {
    std::fs::read_to_string(path).map_err(|source| BenchError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Parses FinRE text (`head<TAB>tail<TAB>relation<TAB>sentence`, blank lines
/// between instances); `path` only names the file in errors.
///
/// Lines with the same sentence are grouped into one [`GoldSentence`] (in
/// order of first occurrence).
///
/// # Errors
///
/// [`BenchError::Format`] for a non-blank line without four tab-separated
/// fields or with an empty field.
pub fn parse_finre(path: &Path, text: &str) -> Result<Vec<GoldSentence>, BenchError> {
    let mut out: Vec<GoldSentence> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.splitn(4, '\t').collect();
        let problem = |p: &str| BenchError::Format {
            path: path.to_owned(),
            line: n + 1,
            problem: p.to_owned(),
        };
        if fields.len() != 4 {
            return Err(problem(&format!(
                "expected head<TAB>tail<TAB>relation<TAB>sentence, found {} field(s)",
                fields.len()
            )));
        }
        if fields.iter().any(|f| f.trim().is_empty()) {
            return Err(problem("empty field"));
        }
        let pair = GoldPair {
            subject: fields[0].trim().to_owned(),
            object: fields[1].trim().to_owned(),
            relation: fields[2].trim().to_owned(),
            subject_type: None,
            object_type: None,
        };
        let sentence = fields[3].trim();
        let k = *index.entry(sentence.to_owned()).or_insert_with(|| {
            out.push(GoldSentence {
                line: n + 1,
                text: sentence.to_owned(),
                pairs: Vec::new(),
            });
            out.len() - 1
        });
        if !out[k].pairs.contains(&pair) {
            out[k].pairs.push(pair);
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
struct DuieLine {
    text: String,
    #[serde(default)]
    spo_list: Vec<DuieSpo>,
}

#[derive(Deserialize)]
struct DuieSpo {
    predicate: String,
    subject: String,
    #[serde(default)]
    subject_type: Option<String>,
    object: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    object_type: BTreeMap<String, serde_json::Value>,
}

/// Parses DuIE 2.0 JSON lines (`{"text", "spo_list": [{"predicate",
/// "subject", "object": {"@value", …}}]}`); `path` only names the file in
/// errors. Blank lines are skipped; a complex object keeps its `@value` only.
///
/// # Errors
///
/// [`BenchError::Format`] for a line that is not such a JSON object or whose
/// object has no string `@value`.
pub fn parse_duie(path: &Path, text: &str) -> Result<Vec<GoldSentence>, BenchError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let problem = |p: String| BenchError::Format {
            path: path.to_owned(),
            line: n + 1,
            problem: p,
        };
        let rec: DuieLine =
            serde_json::from_str(line).map_err(|e| problem(format!("malformed JSON: {e}")))?;
        let mut pairs = Vec::new();
        for spo in rec.spo_list {
            let Some(object) = spo.object.get("@value").and_then(|v| v.as_str()) else {
                return Err(problem(format!(
                    "spo {} of {:?} has no string object @value",
                    spo.predicate, spo.subject
                )));
            };
            let pair = GoldPair {
                subject: spo.subject.trim().to_owned(),
                object: object.trim().to_owned(),
                relation: spo.predicate,
                subject_type: spo.subject_type,
                object_type: spo
                    .object_type
                    .get("@value")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned),
            };
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
        out.push(GoldSentence {
            line: n + 1,
            text: rec.text,
            pairs,
        });
    }
    Ok(out)
}

/// Reads a FinRE file (see [`parse_finre`]).
///
/// # Errors
///
/// [`BenchError::Io`] if it cannot be read, else as [`parse_finre`].
pub fn read_finre(path: &Path) -> Result<Vec<GoldSentence>, BenchError> {
    parse_finre(path, &read_to_string(path)?)
}

/// Reads a DuIE JSON-lines file (see [`parse_duie`]).
///
/// # Errors
///
/// [`BenchError::Io`] if it cannot be read, else as [`parse_duie`].
pub fn read_duie(path: &Path) -> Result<Vec<GoldSentence>, BenchError> {
    parse_duie(path, &read_to_string(path)?)
}

/// The relation benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Benchmark {
    /// FinRE (Li et al., ACL 2019): Sina Finance sentences, 44 relations.
    Finre,
    /// DuIE 2.0 (Baidu): 48 predicates; only the first 5000 train and 2000
    /// dev lines are available.
    Duie,
}

impl Benchmark {
    /// The benchmark's folder name under the data directory.
    #[must_use]
    pub fn dir_name(self) -> &'static str {
        match self {
            Benchmark::Finre => "finre",
            Benchmark::Duie => "duie",
        }
    }

    /// The split used for reporting: FinRE `test`, DuIE `dev` (DuIE's test
    /// is unlabelled).
    #[must_use]
    pub fn report_split(self) -> &'static str {
        match self {
            Benchmark::Finre => "test",
            Benchmark::Duie => "dev",
        }
    }

    /// The splits that exist: FinRE train/valid/test, DuIE train/dev.
    #[must_use]
    pub fn splits(self) -> &'static [&'static str] {
        match self {
            Benchmark::Finre => &["train", "valid", "test"],
            Benchmark::Duie => &["train", "dev"],
        }
    }

    /// The tasks scored on this benchmark.
    #[must_use]
    pub fn tasks(self) -> Vec<Task> {
        match self {
            Benchmark::Finre => vec![Task {
                name: "finre 签约".into(),
                relation: "签约".into(),
                predicate: Predicate::SignedWith,
                reversed: false,
                title: None,
            }],
            Benchmark::Duie => vec![
                Task {
                    name: "duie 董事长".into(),
                    relation: "董事长".into(),
                    predicate: Predicate::WorksFor,
                    reversed: true,
                    title: Some("董事长".into()),
                },
                Task {
                    name: "duie 总部地点".into(),
                    relation: "总部地点".into(),
                    predicate: Predicate::LocatedIn,
                    reversed: false,
                    title: None,
                },
            ],
        }
    }

    /// Finds the file of `split` in `dir` (the benchmark's own folder):
    /// FinRE `{split}.txt`; DuIE `duie_{split}.json`, else the first (by
    /// name) `duie_{split}*.json` (the partial copies are
    /// `duie_train_first5000.json`, `duie_dev_first2000.json`).
    ///
    /// # Errors
    ///
    /// [`BenchError::Missing`] if the split does not exist or has no file,
    /// [`BenchError::Io`] if `dir` cannot be listed.
    pub fn split_file(self, dir: &Path, split: &str) -> Result<PathBuf, BenchError> {
        let missing = |looked_for: String| BenchError::Missing {
            dir: dir.to_owned(),
            what: format!("{} {split}", self.dir_name()),
            looked_for,
        };
        if !self.splits().contains(&split) {
            return Err(missing(format!(
                "a split among {}",
                self.splits().join(", ")
            )));
        }
        match self {
            Benchmark::Finre => {
                let p = dir.join(format!("{split}.txt"));
                if p.is_file() {
                    Ok(p)
                } else {
                    Err(missing(format!("{split}.txt")))
                }
            }
            Benchmark::Duie => {
                let exact = dir.join(format!("duie_{split}.json"));
                if exact.is_file() {
                    return Ok(exact);
                }
                let prefix = format!("duie_{split}");
                let entries = std::fs::read_dir(dir).map_err(|source| BenchError::Io {
                    path: dir.to_owned(),
                    source,
                })?;
                let mut names: Vec<PathBuf> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".json"))
                    })
                    .collect();
                names.sort();
                names
                    .into_iter()
                    .next()
                    .ok_or_else(|| missing(format!("duie_{split}.json, duie_{split}*.json")))
            }
        }
    }

    /// Reads the file of `split` from `data_dir/{finre|duie}/`.
    ///
    /// # Errors
    ///
    /// As [`Benchmark::split_file`], [`read_finre`] and [`read_duie`].
    pub fn read(self, data_dir: &Path, split: &str) -> Result<Vec<GoldSentence>, BenchError> {
        let path = self.split_file(&data_dir.join(self.dir_name()), split)?;
        match self {
            Benchmark::Finre => read_finre(&path),
            Benchmark::Duie => read_duie(&path),
        }
    }
}

/// Which entities the extractor works with when a benchmark is scored (see
/// the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// The gold pairs' names are supplied as known entities.
    Given,
    /// tupu finds the entities itself (end to end).
    Extracted,
}

impl Protocol {
    /// `given` or `extracted`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Given => "given",
            Protocol::Extracted => "extracted",
        }
    }
}

/// tupu's entity type for a DuIE schema type (`企业` → Organization, `人物`
/// → Person, `地点` → Place, …); `None` for types outside tupu's ontology
/// (works, songs, dates, …).
#[must_use]
pub fn duie_type(t: &str) -> Option<EntityType> {
    match t {
        "企业" | "机构" | "学校" | "企业/品牌" | "出版社" => {
            Some(EntityType::Organization)
        }
        "人物" | "娱乐人物" | "历史人物" => Some(EntityType::Person),
        "地点" | "城市" | "国家" | "行政区" => Some(EntityType::Place),
        _ => None,
    }
}

/// The known entities of the given-entities protocol for one gold sentence:
/// every name of its labelled pairs with its type — Organization for FinRE
/// (heads and tails are companies and organisations), the schema type
/// mapped by [`duie_type`] for DuIE (a name of an unmapped type is left
/// out). When a name has two types, the first in file order wins. The
/// dictionary is overriding ([`KnownEntities::overriding`]): the spans are
/// given, so a given name inside a longer name tupu found still counts.
#[must_use]
pub fn given_entities(benchmark: Benchmark, gold: &GoldSentence) -> KnownEntities {
    let mut names: Vec<(String, EntityType)> = Vec::new();
    let mut push = |name: &str, ty: Option<EntityType>| {
        if let Some(ty) = ty {
            if !names.iter().any(|(n, _)| n == name) {
                names.push((name.to_owned(), ty));
            }
        }
    };
    for p in &gold.pairs {
        match benchmark {
            Benchmark::Finre => {
                push(&p.subject, Some(EntityType::Organization));
                push(&p.object, Some(EntityType::Organization));
            }
            Benchmark::Duie => {
                push(&p.subject, p.subject_type.as_deref().and_then(duie_type));
                push(&p.object, p.object_type.as_deref().and_then(duie_type));
            }
        }
    }
    KnownEntities::new(names).overriding(true)
}

/// One scored relation: gold label → tupu predicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// Display name (`finre 签约`).
    pub name: String,
    /// The gold relation label.
    pub relation: String,
    /// tupu's predicate.
    pub predicate: Predicate,
    /// Whether tupu's subject is the gold object (DuIE 董事长: the company is
    /// the gold subject, the person tupu's subject of `worksFor`).
    pub reversed: bool,
    /// A job title the person must also have (`jobTitle` attribute equal to
    /// it or ending in it, but not `副` + it), scored as a second recall.
    pub title: Option<String>,
}

/// What went wrong with one pair or statement (for `--verbose`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// `missed` (gold pair without the statement), `missed-title` (relation
    /// found, title not), `wrong` (statement in a gold sentence matching no
    /// gold pair), `other` (statement on a pair with another gold relation),
    /// `unknown` (statement on a FinRE `unknown` pair).
    pub kind: String,
    /// The sentence's line in its file.
    pub line: usize,
    /// The gold pair or tupu's statement, `subject → object`.
    pub pair: String,
    /// The gold relations of the pair (empty for `wrong`).
    pub gold: Vec<String>,
    /// The sentence.
    pub sentence: String,
}

/// The score of one task on one split.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TaskScore {
    /// Sentences whose gold has the relation.
    pub sentences: usize,
    /// Gold pairs with the relation.
    pub gold_pairs: usize,
    /// Of those, pairs tupu relates by the predicate (right direction).
    pub found: usize,
    /// Of `found`, pairs whose person also has the title (tasks with a
    /// title only).
    pub found_with_title: Option<usize>,
    /// tupu's statements of the predicate in the gold sentences (distinct
    /// entity pairs).
    pub statements: usize,
    /// Of those, statements matching a gold pair.
    pub correct: usize,
    /// Pairs whose gold has another relation and not this one.
    pub other_pairs: usize,
    /// Of those, pairs tupu relates by the predicate.
    pub other_fp: usize,
    /// Pairs labelled `unknown` (FinRE's "no relation").
    pub unknown_pairs: usize,
    /// Of those, pairs tupu relates by the predicate.
    pub unknown_fp: usize,
    /// Every miss and wrong statement, in sentence order.
    pub misses: Vec<Miss>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl TaskScore {
    /// `found / gold_pairs` (0 when there is no gold pair).
    #[must_use]
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.gold_pairs)
    }
    /// `found_with_title / gold_pairs`, for tasks with a title.
    #[must_use]
    pub fn recall_with_title(&self) -> Option<f64> {
        self.found_with_title.map(|f| ratio(f, self.gold_pairs))
    }
    /// `correct / statements` (0 when tupu made no statement).
    #[must_use]
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.statements)
    }
    /// Precision over the labelled pairs of the split: `found / (found +
    /// other_fp + unknown_fp)` — statements between pairs the gold labels,
    /// right when the label is the task's relation (FinRE labels only some
    /// pairs of a sentence, so the strict [`TaskScore::precision`] also
    /// counts right statements the gold never labelled as wrong).
    #[must_use]
    pub fn labelled_precision(&self) -> f64 {
        ratio(self.found, self.found + self.other_fp + self.unknown_fp)
    }
    /// `other_fp / other_pairs`.
    #[must_use]
    pub fn other_fp_rate(&self) -> f64 {
        ratio(self.other_fp, self.other_pairs)
    }
    /// `unknown_fp / unknown_pairs`.
    #[must_use]
    pub fn unknown_fp_rate(&self) -> f64 {
        ratio(self.unknown_fp, self.unknown_pairs)
    }
}

/// FinRE writes the inverse of a relation as `被` + relation; both name the
/// same fact between the pair.
fn base_relation(r: &str) -> &str {
    r.strip_prefix('被').unwrap_or(r)
}

/// The normalised names an entity answers to: canonical name, aliases,
/// mention texts.
fn entity_names(ann: &Annotation) -> BTreeMap<&str, BTreeSet<String>> {
    ann.entities
        .iter()
        .map(|e| {
            let names = std::iter::once(e.name.as_str())
                .chain(e.aliases.iter().map(String::as_str))
                .chain(e.mentions.iter().map(|m| m.text.as_str()))
                .map(normalize)
                .collect();
            (e.id.as_str(), names)
        })
        .collect()
}

/// Whether a `jobTitle` value is the title: it ends in the title or one of
/// its synonyms, and not in `副` + it. 董事长 has the synonyms 董事局主席 and
/// 董事会主席 (the chair of the board; DuIE labels them 董事长).
fn has_title(value: &str, title: &str) -> bool {
    let v = normalize(value);
    let synonyms: &[&str] = if title == "董事长" {
        &["董事长", "董事局主席", "董事会主席"]
    } else {
        &[]
    };
    std::iter::once(title)
        .chain(synonyms.iter().copied())
        .any(|t| v.ends_with(t) && !v.ends_with(&format!("副{t}")))
}

/// Adds one sentence's outcome for `task` to `score`.
///
/// `ann` is tupu's annotation of `gold.text` as a one-sentence article.
/// Each gold pair is classified by the union of its relations in both
/// directions (`被` stripped): it has the task's relation, or `unknown` only,
/// or another relation.
pub fn score_sentence(task: &Task, gold: &GoldSentence, ann: &Annotation, score: &mut TaskScore) {
    let names = entity_names(ann);
    let matches = |id: &str, gold_name: &str| {
        names
            .get(id)
            .is_some_and(|n| n.contains(&normalize(gold_name)))
    };
    // tupu's statements of the predicate, as (subject id, object id).
    let mut statements: BTreeSet<(&str, &str)> = BTreeSet::new();
    for r in ann.relations.iter().filter(|r| r.p == task.predicate) {
        let (s, o) = (r.s.as_str(), r.o.as_str());
        if task.predicate.is_symmetric() && o < s {
            statements.insert((o, s));
        } else {
            statements.insert((s, o));
        }
    }
    let related = |a: &str, b: &str, directed: bool| -> Vec<(&str, &str)> {
        statements
            .iter()
            .filter(|(s, o)| {
                (matches(s, a) && matches(o, b))
                    || ((!directed || task.predicate.is_symmetric())
                        && matches(s, b)
                        && matches(o, a))
            })
            .copied()
            .collect()
    };
    // Pairs by unordered key with all their relations.
    let mut by_pair: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for p in &gold.pairs {
        let (a, b) = (normalize(&p.subject), normalize(&p.object));
        let key = if a <= b { (a, b) } else { (b, a) };
        by_pair
            .entry(key)
            .or_default()
            .insert(base_relation(&p.relation).to_owned());
    }
    let miss = |kind: &str, pair: String, gold_rels: Vec<String>| Miss {
        kind: kind.to_owned(),
        line: gold.line,
        pair,
        gold: gold_rels,
        sentence: gold.text.clone(),
    };
    // Gold pairs with the relation, in tupu's direction, deduplicated.
    let mut positives: BTreeSet<(String, String)> = BTreeSet::new();
    for p in gold.pairs.iter().filter(|p| p.relation == task.relation) {
        let (s, o) = if task.reversed {
            (normalize(&p.object), normalize(&p.subject))
        } else {
            (normalize(&p.subject), normalize(&p.object))
        };
        if task.predicate.is_symmetric() && o < s {
            positives.insert((o, s));
        } else {
            positives.insert((s, o));
        }
    }
    if !positives.is_empty() {
        score.sentences += 1;
        let mut matched: BTreeSet<(&str, &str)> = BTreeSet::new();
        for (s, o) in &positives {
            score.gold_pairs += 1;
            let hits = related(s, o, true);
            if hits.is_empty() {
                score.misses.push(miss(
                    "missed",
                    format!("{s} → {o}"),
                    vec![task.relation.clone()],
                ));
                continue;
            }
            score.found += 1;
            matched.extend(hits.iter().copied());
            if let Some(title) = &task.title {
                let titled = ann.attributes.iter().any(|a| {
                    a.p == AttributeKind::JobTitle
                        && has_title(&a.value, title)
                        && hits.iter().any(|(hs, _)| *hs == a.s && matches(hs, s))
                });
                if titled {
                    *score.found_with_title.get_or_insert(0) += 1;
                } else {
                    score.found_with_title.get_or_insert(0);
                    score.misses.push(miss(
                        "missed-title",
                        format!("{s} → {o}"),
                        vec![task.relation.clone()],
                    ));
                }
            }
        }
        if task.title.is_some() {
            score.found_with_title.get_or_insert(0);
        }
        score.statements += statements.len();
        score.correct += matched.len();
        let name = |id: &str| ann.entity(id).map_or(id.to_owned(), |e| e.name.clone());
        for st in statements.iter().filter(|st| !matched.contains(*st)) {
            score.misses.push(miss(
                "wrong",
                format!("{} → {}", name(st.0), name(st.1)),
                Vec::new(),
            ));
        }
    }
    for ((a, b), rels) in &by_pair {
        if rels.contains(&task.relation) {
            continue;
        }
        let unknown = rels.iter().all(|r| r == "unknown");
        let hit = !related(a, b, false).is_empty();
        if unknown {
            score.unknown_pairs += 1;
            score.unknown_fp += usize::from(hit);
        } else {
            score.other_pairs += 1;
            score.other_fp += usize::from(hit);
        }
        if hit {
            let kind = if unknown { "unknown" } else { "other" };
            score.misses.push(miss(
                kind,
                format!("{a} — {b}"),
                rels.iter().cloned().collect(),
            ));
        }
    }
}

/// The result of one benchmark split: its tasks' scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    /// Which benchmark.
    pub benchmark: Benchmark,
    /// Which split.
    pub split: String,
    /// Which entities the extractor was given (see the module doc).
    pub protocol: Protocol,
    /// The file read.
    pub file: PathBuf,
    /// Sentences in the split (distinct texts).
    pub sentences: usize,
    /// Each task with its score.
    pub tasks: Vec<(Task, TaskScore)>,
}

/// Reads `split` of `benchmark` under `data_dir`, extracts every sentence
/// that has a labelled pair with `extract`, and scores every task;
/// `protocol` only labels the report (`extract` implements it).
///
/// `extract` takes the gold sentence (its 1-based line, text and labelled
/// pairs — the given-entities protocol supplies the pairs' names, see
/// [`given_entities`]) and returns tupu's annotation of its text as a
/// one-sentence article.
///
/// # Errors
///
/// As [`Benchmark::read`].
pub fn run(
    benchmark: Benchmark,
    data_dir: &Path,
    split: &str,
    protocol: Protocol,
    mut extract: impl FnMut(&GoldSentence) -> Annotation,
) -> Result<BenchReport, BenchError> {
    let file = benchmark.split_file(&data_dir.join(benchmark.dir_name()), split)?;
    let gold = match benchmark {
        Benchmark::Finre => read_finre(&file)?,
        Benchmark::Duie => read_duie(&file)?,
    };
    let mut tasks: Vec<(Task, TaskScore)> = benchmark
        .tasks()
        .into_iter()
        .map(|t| (t, TaskScore::default()))
        .collect();
    for g in &gold {
        if g.pairs.is_empty() {
            continue;
        }
        let ann = extract(g);
        for (t, s) in &mut tasks {
            score_sentence(t, g, &ann, s);
        }
    }
    Ok(BenchReport {
        benchmark,
        split: split.to_owned(),
        protocol,
        file,
        sentences: gold.len(),
        tasks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{AttributeRecord, EntityRecord, EntityType, RelationRecord};

    fn entity(id: &str, ty: EntityType, name: &str, aliases: &[&str]) -> EntityRecord {
        EntityRecord {
            id: id.into(),
            entity_type: ty,
            subtype: None,
            name: name.into(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            mentions: Vec::new(),
        }
    }

    fn rel(s: &str, p: Predicate, o: &str) -> RelationRecord {
        RelationRecord {
            s: s.into(),
            p,
            o: o.into(),
            evidence: String::new(),
            provenance: None,
        }
    }

    fn finre_task() -> Task {
        Benchmark::Finre.tasks().remove(0)
    }

    const FINRE: &str = "万科\t华润\t签约\t万科与华润签署战略合作协议,双方将合作开发。\n\n\
华润\t万科\t签约\t万科与华润签署战略合作协议,双方将合作开发。\n\n\
阿里巴巴\t蚂蚁金服\t拥有\t阿里巴巴与蚂蚁金服签署协议。\n\n\
蚂蚁金服\t阿里巴巴\t被拥有\t阿里巴巴与蚂蚁金服签署协议。\n\n\
腾讯\t京东\tunknown\t腾讯和京东均未回应。\n";

    #[test]
    fn finre_lines_group_by_sentence() {
        let g = parse_finre(Path::new("t.txt"), FINRE).unwrap();
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].line, 1);
        assert_eq!(g[0].pairs.len(), 2);
        assert_eq!(g[1].line, 5);
        assert_eq!(g[1].pairs[1].relation, "被拥有");
        assert_eq!(g[2].line, 9);
    }

    #[test]
    fn finre_bad_line_names_file_and_line() {
        let err = parse_finre(Path::new("x/test.txt"), "a\tb\t签约\tS\n\na\tb\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x/test.txt:3: expected head<TAB>tail<TAB>relation<TAB>sentence, found 2 field(s)"
        );
    }

    #[test]
    fn duie_reads_spo_and_reports_bad_json() {
        let text = r#"{"text":"万科董事长郁亮表示","spo_list":[{"predicate":"董事长","subject":"万科","subject_type":"企业","object":{"@value":"郁亮"},"object_type":{"@value":"人物"}}]}"#;
        let g = parse_duie(Path::new("d.json"), text).unwrap();
        assert_eq!(
            g[0].pairs,
            vec![GoldPair {
                subject: "万科".into(),
                object: "郁亮".into(),
                relation: "董事长".into(),
                subject_type: Some("企业".into()),
                object_type: Some("人物".into()),
            }]
        );
        let err = parse_duie(Path::new("d.json"), &format!("{text}\n{{\"text\":")).unwrap_err();
        assert!(
            err.to_string().starts_with("d.json:2: malformed JSON"),
            "{err}"
        );
    }

    /// Hand-computed: sentence 1 has one 签约 pair that tupu finds (as
    /// 华润 → 万科, the other direction) plus a wrong statement 万科 —
    /// 深圳; sentence 2 has an 拥有 pair tupu wrongly signs; sentence 3 an
    /// unknown pair tupu leaves alone.
    #[test]
    fn finre_scores_hand_computed() {
        let g = parse_finre(Path::new("t.txt"), FINRE).unwrap();
        let task = finre_task();
        let mut score = TaskScore::default();
        let a1 = Annotation {
            doc: "1".into(),
            entities: vec![
                entity(
                    "E1",
                    EntityType::Organization,
                    "万科企业股份有限公司",
                    &["万科"],
                ),
                entity("E2", EntityType::Organization, "华润", &[]),
                entity("E3", EntityType::Place, "深圳", &[]),
            ],
            relations: vec![
                rel("E2", Predicate::SignedWith, "E1"),
                rel("E1", Predicate::SignedWith, "E2"),
                rel("E1", Predicate::SignedWith, "E3"),
            ],
            attributes: Vec::new(),
        };
        score_sentence(&task, &g[0], &a1, &mut score);
        let a2 = Annotation {
            doc: "2".into(),
            entities: vec![
                entity("E1", EntityType::Organization, "阿里巴巴", &[]),
                entity("E2", EntityType::Organization, "蚂蚁金服", &[]),
            ],
            relations: vec![rel("E1", Predicate::SignedWith, "E2")],
            attributes: Vec::new(),
        };
        score_sentence(&task, &g[1], &a2, &mut score);
        score_sentence(&task, &g[2], &Annotation::default(), &mut score);
        assert_eq!(score.sentences, 1);
        assert_eq!(score.gold_pairs, 1);
        assert_eq!(score.found, 1);
        assert_eq!(score.statements, 2);
        assert_eq!(score.correct, 1);
        assert_eq!((score.other_pairs, score.other_fp), (1, 1));
        assert_eq!((score.unknown_pairs, score.unknown_fp), (1, 0));
        assert!((score.precision() - 0.5).abs() < 1e-12);
        assert!((score.recall() - 1.0).abs() < 1e-12);
        assert!((score.other_fp_rate() - 1.0).abs() < 1e-12);
        // 1 found, 1 other-relation pair signed: 1 / (1 + 1 + 0).
        assert!((score.labelled_precision() - 0.5).abs() < 1e-12);
        let kinds: Vec<&str> = score.misses.iter().map(|m| m.kind.as_str()).collect();
        assert_eq!(kinds, ["wrong", "other"]);
    }

    /// 董事长: direction matters (person worksFor company), the title must be
    /// 董事长 and not 副董事长.
    #[test]
    fn duie_chairman_needs_direction_and_title() {
        let task = Benchmark::Duie.tasks().remove(0);
        let gold = GoldSentence {
            line: 7,
            text: "万科董事长郁亮、招商局副董事长王石".into(),
            pairs: vec![
                GoldPair {
                    subject: "万科".into(),
                    object: "郁亮".into(),
                    relation: "董事长".into(),
                    subject_type: None,
                    object_type: None,
                },
                GoldPair {
                    subject: "招商局".into(),
                    object: "王石".into(),
                    relation: "董事长".into(),
                    subject_type: None,
                    object_type: None,
                },
            ],
        };
        let ann = Annotation {
            doc: "d".into(),
            entities: vec![
                entity("E1", EntityType::Organization, "万科", &[]),
                entity("E2", EntityType::Person, "郁亮", &[]),
                entity("E3", EntityType::Organization, "招商局", &[]),
                entity("E4", EntityType::Person, "王石", &[]),
            ],
            relations: vec![
                rel("E2", Predicate::WorksFor, "E1"),
                rel("E4", Predicate::WorksFor, "E3"),
            ],
            attributes: vec![
                AttributeRecord {
                    s: "E2".into(),
                    p: AttributeKind::JobTitle,
                    value: "董事长".into(),
                    normalized: None,
                    provenance: None,
                },
                AttributeRecord {
                    s: "E4".into(),
                    p: AttributeKind::JobTitle,
                    value: "副董事长".into(),
                    normalized: None,
                    provenance: None,
                },
            ],
        };
        let mut score = TaskScore::default();
        score_sentence(&task, &gold, &ann, &mut score);
        assert_eq!((score.gold_pairs, score.found), (2, 2));
        assert_eq!(score.found_with_title, Some(1));
        assert_eq!((score.statements, score.correct), (2, 2));

        // The reverse direction (company worksFor person) is not a match.
        let mut reversed = ann.clone();
        reversed.relations = vec![rel("E1", Predicate::WorksFor, "E2")];
        let mut score = TaskScore::default();
        score_sentence(&task, &gold, &reversed, &mut score);
        assert_eq!(score.found, 0);
        assert_eq!((score.statements, score.correct), (1, 0));
        assert_eq!(score.found_with_title, Some(0));
    }

    /// The given-entities protocol: the dictionary holds the labelled
    /// pairs' names with their types (FinRE: Organization; DuIE: from the
    /// schema, unmapped types left out).
    #[test]
    fn given_entities_take_the_types_of_the_benchmark() {
        let g = parse_finre(Path::new("t.txt"), FINRE).unwrap();
        let k = given_entities(Benchmark::Finre, &g[0]);
        assert_eq!(k.len(), 2);
        assert_eq!(k.type_of("万科"), Some(EntityType::Organization));
        assert_eq!(k.type_of("华润"), Some(EntityType::Organization));
        let line = r#"{"text":"万科董事长郁亮的《新书》","spo_list":[{"predicate":"董事长","subject":"万科","subject_type":"企业","object":{"@value":"郁亮"},"object_type":{"@value":"人物"}},{"predicate":"作者","subject":"新书","subject_type":"图书作品","object":{"@value":"郁亮"},"object_type":{"@value":"人物"}}]}"#;
        let d = parse_duie(Path::new("d.json"), line).unwrap();
        let k = given_entities(Benchmark::Duie, &d[0]);
        assert_eq!(k.len(), 2);
        assert_eq!(k.type_of("郁亮"), Some(EntityType::Person));
        assert_eq!(k.type_of("新书"), None);
    }

    /// [`run`] in the given protocol on a hand-made FinRE split: the
    /// extractor stand-in signs every pair of given names whose sentence
    /// has 签署, so sentence 1 (签约) is found, sentence 2 (拥有) is a false
    /// positive on another relation, sentence 3 (unknown, no 签署) is left
    /// alone: recall 1/1, labelled precision 1/2, FP rate 1/1, unknown FP
    /// 0/1.
    #[test]
    fn given_protocol_scores_hand_computed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("finre")).unwrap();
        std::fs::write(dir.path().join("finre/test.txt"), FINRE).unwrap();
        let report = run(Benchmark::Finre, dir.path(), "test", Protocol::Given, |g| {
            let known = given_entities(Benchmark::Finre, g);
            let names: Vec<&str> = ["万科", "华润", "阿里巴巴", "蚂蚁金服", "腾讯", "京东"]
                .into_iter()
                .filter(|n| known.type_of(n).is_some())
                .collect();
            let entities: Vec<EntityRecord> = names
                .iter()
                .enumerate()
                .map(|(i, n)| entity(&format!("E{i}"), EntityType::Organization, n, &[]))
                .collect();
            let relations = if g.text.contains("签署") {
                vec![rel("E0", Predicate::SignedWith, "E1")]
            } else {
                Vec::new()
            };
            Annotation {
                doc: g.line.to_string(),
                entities,
                relations,
                attributes: Vec::new(),
            }
        })
        .unwrap();
        assert_eq!(report.protocol, Protocol::Given);
        let s = &report.tasks[0].1;
        assert_eq!((s.gold_pairs, s.found), (1, 1));
        assert_eq!((s.statements, s.correct), (1, 1));
        assert_eq!((s.other_pairs, s.other_fp), (1, 1));
        assert_eq!((s.unknown_pairs, s.unknown_fp), (1, 0));
        assert!((s.labelled_precision() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn chair_titles() {
        assert!(has_title("董事长", "董事长"));
        assert!(has_title("董事局主席", "董事长"));
        assert!(!has_title("副董事长", "董事长"));
        assert!(!has_title("总经理", "董事长"));
    }

    #[test]
    fn split_file_errors_name_the_directory() {
        let err = Benchmark::Finre
            .split_file(Path::new("/nonexistent/finre"), "dev")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "/nonexistent/finre: no finre dev file (looked for a split among train, valid, test)"
        );
        let err = Benchmark::Finre
            .split_file(Path::new("/nonexistent/finre"), "test")
            .unwrap_err();
        assert!(err.to_string().contains("test.txt"), "{err}");
    }
}
