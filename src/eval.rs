//! Scoring an extractor's [`Annotation`]s against the gold, exactly as
//! `ANNOTATION.md` ("Scores") says: precision, recall and F1 per entity type,
//! per predicate and per attribute, micro-averaged over articles (true
//! positives, false positives and false negatives are summed over articles
//! before dividing).
//!
//! The rules, in the order they are applied to one article:
//!
//! 1. **Pairing.** Gold and system articles are paired by `doc`. A gold
//!    article without a system record counts all its items as false
//!    negatives; a system article without gold is ignored and listed in
//!    [`Report::unmatched_docs`]. When several system records share a `doc`,
//!    the first is scored and the others are listed there too.
//! 2. **Names** are compared after [`normalize`]: NFKC, all white space
//!    removed, full-width brackets `（）【】` as half-width `()[]`.
//! 3. **Entities** count once per article: system entities with the same type
//!    and the same normalised name are one entity. A system entity matches a
//!    gold entity when the types are equal and its name equals the gold name
//!    or any gold alias. Alignment is one-to-one and greedy in a fixed order:
//!    first every system entity (in record order) takes the first unmatched
//!    gold entity (in gold order) whose *name* it equals; then every still
//!    unmatched system entity takes the first unmatched gold entity of which
//!    it equals an *alias*. A second system entity matching an already
//!    matched gold entity is a false positive. The same alignment ignoring
//!    types gives the untyped entity scores (extra information).
//! 4. **Relations** are sets: a triple `(s, p, o)` is a true positive when
//!    `p` is equal and `s`, `o` are aligned to the gold triple's `s`, `o`.
//!    Duplicate triples count once; `signedWith` is symmetric, so `(a, b)` and
//!    `(b, a)` are one triple on both sides.
//! 5. **Attributes**: the subject is aligned, the attribute is the same and
//!    the values are equal after [`normalize`] or match by
//!    [`values_match`] (job-title suffix rule, amounts in yuan). Duplicates
//!    count once; each gold attribute is matched at most once (exact values
//!    first, then the looser rules).
//!
//! `scripts/score.py` implements the same rules independently in Python.

use crate::annotation::{Annotation, AttributeKind, EntityType, Predicate};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// An error reading gold or system annotations.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The file or directory could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a valid annotation (JSON syntax or a wrong field).
    /// `line` and `column` are 1-based; the column counts bytes, as
    /// serde_json reports it.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line in the file.
        line: usize,
        /// 1-based column (bytes) in the line.
        column: usize,
        /// serde_json's message.
        message: String,
    },
    /// A relation or attribute names an entity id the record does not define.
    #[error("{}{}: {what} refers to unknown entity id {id:?}", path.display(), line_suffix(*line))]
    UnknownEntity {
        /// The file.
        path: PathBuf,
        /// 1-based line for JSON lines; `None` for a gold file.
        line: Option<usize>,
        /// `relation` or `attribute`.
        what: &'static str,
        /// The unknown id.
        id: String,
    },
    /// Two entities of one record share an id.
    #[error("{}{}: entity id {id:?} is defined twice", path.display(), line_suffix(*line))]
    DuplicateEntityId {
        /// The file.
        path: PathBuf,
        /// 1-based line for JSON lines; `None` for a gold file.
        line: Option<usize>,
        /// The repeated id.
        id: String,
    },
    /// Two gold files describe the same article.
    #[error("{}: doc {doc:?} is already described by {}", path.display(), first.display())]
    DuplicateDoc {
        /// The second file.
        path: PathBuf,
        /// The first file.
        first: PathBuf,
        /// The repeated `doc`.
        doc: String,
    },
    /// The gold directory holds no `*.json` file.
    #[error("{}: no *.json gold files", path.display())]
    NoGold {
        /// The directory.
        path: PathBuf,
    },
}

fn line_suffix(line: Option<usize>) -> String {
    line.map(|l| format!(":{l}")).unwrap_or_default()
}

/// Checks that every relation and attribute of `ann` names a defined entity
/// and that entity ids are unique.
fn check_ids(ann: &Annotation, path: &Path, line: Option<usize>) -> Result<(), EvalError> {
    let mut ids = BTreeSet::new();
    for e in &ann.entities {
        if !ids.insert(e.id.as_str()) {
            return Err(EvalError::DuplicateEntityId {
                path: path.to_owned(),
                line,
                id: e.id.clone(),
            });
        }
    }
    let unknown = |what, id: &str| EvalError::UnknownEntity {
        path: path.to_owned(),
        line,
        what,
        id: id.to_owned(),
    };
    for r in &ann.relations {
        for id in [&r.s, &r.o] {
            if !ids.contains(id.as_str()) {
                return Err(unknown("relation", id));
            }
        }
    }
    for a in &ann.attributes {
        if !ids.contains(a.s.as_str()) {
            return Err(unknown("attribute", &a.s));
        }
    }
    Ok(())
}

fn syntax(path: &Path, line_offset: usize, e: &serde_json::Error) -> EvalError {
    // serde_json's Display appends " at line L column C"; keep only the message.
    let msg = e.to_string();
    let message = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    };
    EvalError::Syntax {
        path: path.to_owned(),
        line: line_offset + e.line(),
        column: e.column(),
        message,
    }
}

/// Reads every `*.json` file of `dir` (one gold [`Annotation`] each), in
/// file-name order.
///
/// # Errors
/// [`EvalError::Io`] when the directory or a file cannot be read,
/// [`EvalError::Syntax`] with the file, line and column of a JSON or field
/// error, [`EvalError::UnknownEntity`] / [`EvalError::DuplicateEntityId`]
/// naming the file and the id, [`EvalError::DuplicateDoc`] when two files
/// share a `doc`, [`EvalError::NoGold`] when there is no `*.json` file.
pub fn load_gold_dir(dir: &Path) -> Result<Vec<Annotation>, EvalError> {
    let io = |path: &Path, source| EvalError::Io {
        path: path.to_owned(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let path = entry.map_err(|e| io(dir, e))?.path();
        if path.extension().is_some_and(|x| x == "json") && path.is_file() {
            paths.push(path);
        }
    }
    if paths.is_empty() {
        return Err(EvalError::NoGold {
            path: dir.to_owned(),
        });
    }
    paths.sort();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
        let ann: Annotation = serde_json::from_str(&text).map_err(|e| syntax(&path, 0, &e))?;
        check_ids(&ann, &path, None)?;
        if let Some(first) = seen.get(&ann.doc) {
            return Err(EvalError::DuplicateDoc {
                path,
                first: first.clone(),
                doc: ann.doc,
            });
        }
        seen.insert(ann.doc.clone(), path);
        out.push(ann);
    }
    Ok(out)
}

/// Reads JSON lines (the output of `tupu extract --format jsonl`): one
/// [`Annotation`] per non-blank line, in file order.
///
/// # Errors
/// [`EvalError::Io`] when the file cannot be read, [`EvalError::Syntax`]
/// naming `file:line:column`, [`EvalError::UnknownEntity`] /
/// [`EvalError::DuplicateEntityId`] naming `file:line` and the id.
pub fn load_jsonl(path: &Path) -> Result<Vec<Annotation>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let ann: Annotation = serde_json::from_str(line).map_err(|e| syntax(path, i, &e))?;
        check_ids(&ann, path, Some(i + 1))?;
        out.push(ann);
    }
    Ok(out)
}

/// Normalises a name or value for comparison: Unicode NFKC (full-width
/// letters and digits become half-width, `（）` become `()`), then `【】` become
/// `[]` (NFKC leaves them), `（）` are mapped to `()` explicitly as well, and
/// all white space (Unicode `White_Space`, including the ideographic space
/// U+3000) is removed.
///
/// ```
/// assert_eq!(tupu::eval::normalize("西部（重庆）科学城"), "西部(重庆)科学城");
/// assert_eq!(tupu::eval::normalize("【 ＡＢＣ 】\n集团"), "[ABC]集团");
/// ```
pub fn normalize(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '【' => '[',
            '】' => ']',
            c => c,
        })
        .collect()
}

/// Parses an amount of money written in Chinese news into a decimal number
/// of yuan, written without exponent, leading zeros or trailing fractional
/// zeros (`"35亿元"` → `"3500000000"`, `"1.2万元"` → `"12000"`).
///
/// Accepted: an optional `人民币`, Arabic digits (full-width too, commas as
/// thousands separators allowed) with an optional decimal point, an optional
/// multiplier `万` (10⁴), `十万`, `百万`, `千万`, `亿` (10⁸) or `万亿` (10¹²),
/// then `元`. The arithmetic is exact (decimal shifting, no floating point).
///
/// Returns `None` for anything else, in particular for other currencies
/// (`10亿美元`), qualified amounts (`约10亿元`) and Chinese numerals.
///
/// ```
/// use tupu::eval::parse_amount_yuan;
/// assert_eq!(parse_amount_yuan("5000万元").as_deref(), Some("50000000"));
/// assert_eq!(parse_amount_yuan("10亿美元"), None);
/// ```
pub fn parse_amount_yuan(s: &str) -> Option<String> {
    let s = normalize(s);
    let s = s.strip_prefix("人民币").unwrap_or(&s);
    let s = s.strip_suffix('元')?;
    let digits_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(digits_end);
    let shift: usize = match unit {
        "" => 0,
        "万" => 4,
        "十万" => 5,
        "百万" => 6,
        "千万" => 7,
        "亿" => 8,
        "万亿" => 12,
        _ => return None,
    };
    let number: String = number.chars().filter(|&c| c != ',').collect();
    let (int, frac) = match number.split_once('.') {
        Some((i, f)) => (i, f),
        None => (number.as_str(), ""),
    };
    if int.is_empty() || frac.contains('.') || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Shift the decimal point `shift` places right.
    let mut frac: String = frac.to_owned();
    while frac.len() < shift {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(shift);
    let int = format!("{int}{moved}");
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let rest = rest.trim_end_matches('0');
    Some(if rest.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{rest}")
    })
}

/// Whether a job title carries an organisation in front of a shorter title,
/// by the rule of `ANNOTATION.md` ("a title that carries its organisation
/// (市经信委主任) matches with or without it (主任), but 副市长 never matches
/// 市长"): two normalised titles match when they are equal, or when one is a
/// proper suffix of the other and the remaining prefix does not end in `副`
/// or `常务`.
///
/// ```
/// use tupu::eval::job_titles_match;
/// assert!(job_titles_match("市经信委主任", "主任"));
/// assert!(!job_titles_match("副市长", "市长"));
/// assert!(!job_titles_match("市委副书记", "书记"));
/// ```
pub fn job_titles_match(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    if a == b {
        return true;
    }
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return false;
    }
    match long.strip_suffix(short.as_str()) {
        Some(prefix) => !(prefix.ends_with('副') || prefix.ends_with("常务")),
        None => false,
    }
}

/// Whether a system attribute value matches a gold value of attribute
/// `kind`: equal after [`normalize`]; or, for `jobTitle`, by
/// [`job_titles_match`]; or, for `investmentAmount`, when both parse to the
/// same number of yuan with [`parse_amount_yuan`]. `startDate` values (ISO
/// dates) must be equal.
pub fn values_match(kind: AttributeKind, system: &str, gold: &str) -> bool {
    if normalize(system) == normalize(gold) {
        return true;
    }
    match kind {
        AttributeKind::JobTitle => job_titles_match(system, gold),
        AttributeKind::InvestmentAmount => {
            match (parse_amount_yuan(system), parse_amount_yuan(gold)) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            }
        }
        AttributeKind::StartDate => false,
    }
}

/// True positives, false positives and false negatives of one category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Counts {
    /// `tp / (tp + fp)`, `None` when the system produced nothing.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }
    /// `tp / (tp + fn)`, `None` when the gold has nothing.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// `2 tp / (2 tp + fp + fn)` (the harmonic mean of precision and recall
    /// when both exist), `None` when both sides are empty.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Serialize for Counts {
    /// `{"tp", "fp", "fn", "precision", "recall", "f1"}`; undefined ratios
    /// are `null`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Counts", 6)?;
        st.serialize_field("tp", &self.tp)?;
        st.serialize_field("fp", &self.fp)?;
        st.serialize_field("fn", &self.fn_)?;
        st.serialize_field("precision", &self.precision())?;
        st.serialize_field("recall", &self.recall())?;
        st.serialize_field("f1", &self.f1())?;
        st.end()
    }
}

/// Whether a finding is a false positive or a false negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Outcome {
    /// The system said it, the gold does not.
    FalsePositive,
    /// The gold says it, the system did not.
    FalseNegative,
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// An entity (typed scoring).
    Entity,
    /// A relation triple.
    Relation,
    /// An attribute statement.
    Attribute,
}

/// One error of the system: a false positive or a false negative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The article.
    pub doc: String,
    /// False positive or false negative.
    pub outcome: Outcome,
    /// Entity, relation or attribute.
    pub category: Category,
    /// The entity type, predicate or attribute name.
    pub label: String,
    /// The entity name, `subject predicate object` (entity names), or
    /// `subject attribute value`.
    pub text: String,
    /// A hint, e.g. that an entity's name matches a gold entity of another
    /// type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = match self.outcome {
            Outcome::FalsePositive => "FP",
            Outcome::FalseNegative => "FN",
        };
        write!(f, "{}\t{o}\t{}\t{}", self.doc, self.label, self.text)?;
        if let Some(n) = &self.note {
            write!(f, "\t({n})")?;
        }
        Ok(())
    }
}

/// The totals of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleScore {
    /// The article.
    pub doc: String,
    /// Whether the system produced a record for it.
    pub has_system: bool,
    /// Typed entity counts.
    pub entities: Counts,
    /// Relation counts.
    pub relations: Counts,
    /// Attribute counts.
    pub attributes: Counts,
}

/// The result of [`evaluate`]: micro-averaged counts per category, totals,
/// per-article totals and the list of errors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Entities, typed match (the headline entity score).
    pub entities: Counts,
    /// Entities, name match ignoring type (extra information).
    pub entities_untyped: Counts,
    /// All relations.
    pub relations: Counts,
    /// All attributes.
    pub attributes: Counts,
    /// Typed entity counts per type (every type present, in `ANNOTATION.md`
    /// order). FP are counted under the system type, FN under the gold type.
    pub by_type: BTreeMap<EntityType, Counts>,
    /// Relation counts per predicate (every predicate present).
    pub by_predicate: BTreeMap<Predicate, Counts>,
    /// Attribute counts per attribute (every attribute present).
    pub by_attribute: BTreeMap<AttributeKind, Counts>,
    /// One row per gold article, in gold order.
    pub articles: Vec<ArticleScore>,
    /// System articles that were not scored: no gold for their `doc`, or a
    /// repeated `doc`.
    pub unmatched_docs: Vec<String>,
    /// Every false positive and false negative, by article in gold order,
    /// then entities, relations, attributes.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The false positives and false negatives (see [`Report::findings`]).
    pub fn diff(&self) -> &[Finding] {
        &self.findings
    }

    /// The totals table alone (the four rows `entities`, `entities-untyped`,
    /// `relations`, `attributes`), in the format `scripts/score.py` prints,
    /// so the two scorers can be compared line by line.
    pub fn totals_table(&self) -> String {
        let mut out = String::new();
        push_table(
            &mut out,
            "total",
            &[
                ("entities".to_owned(), self.entities),
                ("entities-untyped".to_owned(), self.entities_untyped),
                ("relations".to_owned(), self.relations),
                ("attributes".to_owned(), self.attributes),
            ],
        );
        out
    }
}

/// Formats a ratio with 4 decimals, `-` when undefined.
fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_owned(), |v| format!("{v:.4}"))
}

fn push_table(out: &mut String, head: &str, rows: &[(String, Counts)]) {
    let w = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .chain([head.chars().count(), 16])
        .max()
        .unwrap_or(16);
    out.push_str(&format!(
        "{head:<w$}  {:>5} {:>5} {:>5}  {:>6} {:>6} {:>6}\n",
        "TP", "FP", "FN", "P", "R", "F1"
    ));
    for (label, c) in rows {
        out.push_str(&format!(
            "{label:<w$}  {:>5} {:>5} {:>5}  {:>6} {:>6} {:>6}\n",
            c.tp,
            c.fp,
            c.fn_,
            fmt_ratio(c.precision()),
            fmt_ratio(c.recall()),
            fmt_ratio(c.f1())
        ));
    }
}

impl fmt::Display for Report {
    /// Plain-text tables: per type, per predicate, per attribute, per
    /// article, then the totals (the same text as [`Report::totals_table`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        let rows = |m: Vec<(String, Counts)>, total: Counts| {
            let mut m = m;
            m.push(("(all)".to_owned(), total));
            m
        };
        let types = self
            .by_type
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        push_table(&mut out, "entity type", &rows(types, self.entities));
        out.push('\n');
        let preds = self
            .by_predicate
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        push_table(&mut out, "predicate", &rows(preds, self.relations));
        out.push('\n');
        let attrs = self
            .by_attribute
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        push_table(&mut out, "attribute", &rows(attrs, self.attributes));
        out.push('\n');
        let arts: Vec<(String, Counts)> = self
            .articles
            .iter()
            .map(|a| {
                let mut c = a.entities;
                c.add(a.relations);
                c.add(a.attributes);
                let mark = if a.has_system { "" } else { " (no system)" };
                (format!("{}{mark}", a.doc), c)
            })
            .collect();
        push_table(&mut out, "article (all items)", &arts);
        out.push('\n');
        out.push_str(&self.totals_table());
        if !self.unmatched_docs.is_empty() {
            out.push_str(&format!(
                "\nnot scored (no gold or repeated doc): {}\n",
                self.unmatched_docs.join(", ")
            ));
        }
        f.write_str(&out)
    }
}

/// The alignment of one article's system entities to its gold entities.
struct Alignment {
    /// For each system entity (record order), its group (same type — when
    /// typed — and same normalised name).
    group_of: Vec<usize>,
    /// For each group: the gold entity index it is aligned to.
    gold_of_group: Vec<Option<usize>>,
    /// For each group: the index of its first system entity.
    first_of_group: Vec<usize>,
    /// For each gold entity: whether it is aligned.
    gold_matched: Vec<bool>,
}

fn align(gold: &Annotation, sys: &Annotation, typed: bool) -> Alignment {
    let mut keys: BTreeMap<(Option<EntityType>, String), usize> = BTreeMap::new();
    let mut group_of = Vec::with_capacity(sys.entities.len());
    let mut first_of_group = Vec::new();
    let mut group_names = Vec::new();
    for (i, e) in sys.entities.iter().enumerate() {
        let name = normalize(&e.name);
        let key = (typed.then_some(e.entity_type), name.clone());
        let g = *keys.entry(key).or_insert_with(|| {
            first_of_group.push(i);
            group_names.push(name);
            first_of_group.len() - 1
        });
        group_of.push(g);
    }
    let gold_names: Vec<String> = gold.entities.iter().map(|e| normalize(&e.name)).collect();
    let gold_aliases: Vec<BTreeSet<String>> = gold
        .entities
        .iter()
        .map(|e| e.aliases.iter().map(|a| normalize(a)).collect())
        .collect();
    let mut gold_matched = vec![false; gold.entities.len()];
    let mut gold_of_group = vec![None; first_of_group.len()];
    for pass in 0..2 {
        for (g, name) in group_names.iter().enumerate() {
            if gold_of_group[g].is_some() || name.is_empty() {
                continue;
            }
            let ty = sys.entities[first_of_group[g]].entity_type;
            let found = (0..gold.entities.len()).find(|&j| {
                !gold_matched[j]
                    && (!typed || gold.entities[j].entity_type == ty)
                    && if pass == 0 {
                        gold_names[j] == *name
                    } else {
                        gold_aliases[j].contains(name)
                    }
            });
            if let Some(j) = found {
                gold_matched[j] = true;
                gold_of_group[g] = Some(j);
            }
        }
    }
    Alignment {
        group_of,
        gold_of_group,
        first_of_group,
        gold_matched,
    }
}

/// One end of a system statement: aligned to a gold entity, or an unaligned
/// system entity group, or an id the record does not define.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    Gold(usize),
    System(usize),
    Unknown(String),
}

impl Alignment {
    fn end(&self, sys: &Annotation, id: &str) -> End {
        match sys.entities.iter().position(|e| e.id == id) {
            Some(i) => {
                let g = self.group_of[i];
                match self.gold_of_group[g] {
                    Some(j) => End::Gold(j),
                    None => End::System(g),
                }
            }
            None => End::Unknown(id.to_owned()),
        }
    }
    fn end_name(&self, sys: &Annotation, end: &End) -> String {
        match end {
            End::Gold(j) => {
                // The system entity aligned to gold j.
                let g = self.gold_of_group.iter().position(|x| *x == Some(*j));
                g.map_or_else(String::new, |g| {
                    sys.entities[self.first_of_group[g]].name.clone()
                })
            }
            End::System(g) => sys.entities[self.first_of_group[*g]].name.clone(),
            End::Unknown(id) => format!("?{id}"),
        }
    }
}

fn ordered<T: Ord>(p: Predicate, s: T, o: T) -> (T, T) {
    if p.is_symmetric() && o < s {
        (o, s)
    } else {
        (s, o)
    }
}

struct ArticleResult {
    entities: Counts,
    untyped: Counts,
    by_type: BTreeMap<EntityType, Counts>,
    relations: BTreeMap<Predicate, Counts>,
    attributes: BTreeMap<AttributeKind, Counts>,
    findings: Vec<Finding>,
}

fn score_article(gold: &Annotation, sys: &Annotation) -> ArticleResult {
    let doc = gold.doc.clone();
    let mut findings = Vec::new();
    let finding = |outcome, category, label: String, text: String, note| Finding {
        doc: doc.clone(),
        outcome,
        category,
        label,
        text,
        note,
    };

    // Entities.
    let al = align(gold, sys, true);
    let untyped_al = align(gold, sys, false);
    let mut by_type: BTreeMap<EntityType, Counts> = BTreeMap::new();
    for (g, gold_j) in al.gold_of_group.iter().enumerate() {
        let e = &sys.entities[al.first_of_group[g]];
        let c = by_type.entry(e.entity_type).or_default();
        if gold_j.is_some() {
            c.tp += 1;
        } else {
            c.fp += 1;
            let ug = untyped_al.group_of[al.first_of_group[g]];
            let note = untyped_al.gold_of_group[ug]
                .map(|j| format!("gold type {}", gold.entities[j].entity_type));
            findings.push(finding(
                Outcome::FalsePositive,
                Category::Entity,
                e.entity_type.to_string(),
                e.name.clone(),
                note,
            ));
        }
    }
    for (j, e) in gold.entities.iter().enumerate() {
        if !al.gold_matched[j] {
            by_type.entry(e.entity_type).or_default().fn_ += 1;
            findings.push(finding(
                Outcome::FalseNegative,
                Category::Entity,
                e.entity_type.to_string(),
                e.name.clone(),
                None,
            ));
        }
    }
    let mut entities = Counts::default();
    for c in by_type.values() {
        entities.add(*c);
    }
    let utp = untyped_al
        .gold_of_group
        .iter()
        .filter(|g| g.is_some())
        .count();
    let untyped = Counts {
        tp: utp,
        fp: untyped_al.gold_of_group.len() - utp,
        fn_: gold.entities.len() - utp,
    };

    // Relations.
    let gold_index = |id: &str| gold.entities.iter().position(|e| e.id == id);
    let mut gold_rel: BTreeSet<(Predicate, usize, usize)> = BTreeSet::new();
    for r in &gold.relations {
        if let (Some(s), Some(o)) = (gold_index(&r.s), gold_index(&r.o)) {
            let (s, o) = ordered(r.p, s, o);
            gold_rel.insert((r.p, s, o));
        }
    }
    let mut sys_rel: BTreeMap<(Predicate, End, End), ()> = BTreeMap::new();
    let mut sys_rel_order = Vec::new();
    for r in &sys.relations {
        let (s, o) = ordered(r.p, al.end(sys, &r.s), al.end(sys, &r.o));
        let key = (r.p, s, o);
        if sys_rel.insert(key.clone(), ()).is_none() {
            sys_rel_order.push(key);
        }
    }
    let mut relations: BTreeMap<Predicate, Counts> = BTreeMap::new();
    let mut rel_tp: BTreeSet<(Predicate, usize, usize)> = BTreeSet::new();
    for (p, s, o) in &sys_rel_order {
        let hit = match (s, o) {
            (End::Gold(s), End::Gold(o)) => {
                let (s, o) = ordered(*p, *s, *o);
                gold_rel.contains(&(*p, s, o)).then_some((*p, s, o))
            }
            _ => None,
        };
        let c = relations.entry(*p).or_default();
        match hit {
            Some(t) => {
                c.tp += 1;
                rel_tp.insert(t);
            }
            None => {
                c.fp += 1;
                findings.push(finding(
                    Outcome::FalsePositive,
                    Category::Relation,
                    p.to_string(),
                    format!("{} {p} {}", al.end_name(sys, s), al.end_name(sys, o)),
                    None,
                ));
            }
        }
    }
    for t @ (p, s, o) in &gold_rel {
        if !rel_tp.contains(t) {
            relations.entry(*p).or_default().fn_ += 1;
            findings.push(finding(
                Outcome::FalseNegative,
                Category::Relation,
                p.to_string(),
                format!("{} {p} {}", gold.entities[*s].name, gold.entities[*o].name),
                None,
            ));
        }
    }

    // Attributes.
    let mut gold_attr: Vec<(usize, AttributeKind, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    for a in &gold.attributes {
        if let Some(s) = gold_index(&a.s) {
            if seen.insert((s, a.p, normalize(&a.value))) {
                gold_attr.push((s, a.p, a.value.clone()));
            }
        }
    }
    let mut sys_attr: Vec<(End, AttributeKind, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    for a in &sys.attributes {
        let s = al.end(sys, &a.s);
        if seen.insert((s.clone(), a.p, normalize(&a.value))) {
            sys_attr.push((s, a.p, a.value.clone()));
        }
    }
    let mut gold_used = vec![false; gold_attr.len()];
    let mut sys_hit = vec![false; sys_attr.len()];
    for pass in 0..2 {
        for (i, (s, p, v)) in sys_attr.iter().enumerate() {
            let End::Gold(s) = s else { continue };
            if sys_hit[i] {
                continue;
            }
            let found = gold_attr.iter().enumerate().position(|(j, (gs, gp, gv))| {
                !gold_used[j]
                    && gs == s
                    && gp == p
                    && if pass == 0 {
                        normalize(v) == normalize(gv)
                    } else {
                        values_match(*p, v, gv)
                    }
            });
            if let Some(j) = found {
                gold_used[j] = true;
                sys_hit[i] = true;
            }
        }
    }
    let mut attributes: BTreeMap<AttributeKind, Counts> = BTreeMap::new();
    for (i, (s, p, v)) in sys_attr.iter().enumerate() {
        let c = attributes.entry(*p).or_default();
        if sys_hit[i] {
            c.tp += 1;
        } else {
            c.fp += 1;
            findings.push(finding(
                Outcome::FalsePositive,
                Category::Attribute,
                p.to_string(),
                format!("{} {p} {v}", al.end_name(sys, s)),
                None,
            ));
        }
    }
    for (j, (s, p, v)) in gold_attr.iter().enumerate() {
        if !gold_used[j] {
            attributes.entry(*p).or_default().fn_ += 1;
            findings.push(finding(
                Outcome::FalseNegative,
                Category::Attribute,
                p.to_string(),
                format!("{} {p} {v}", gold.entities[*s].name),
                None,
            ));
        }
    }

    ArticleResult {
        entities,
        untyped,
        by_type,
        relations,
        attributes,
        findings,
    }
}

/// Scores `system` against `gold` by the rules in the module documentation.
///
/// Arguments: the gold articles (each `doc` once, as [`load_gold_dir`]
/// guarantees) and the system articles, in any order. Returns the
/// [`Report`]. Relation and attribute ends that name an id missing from
/// their record are never correct (they count as false positives).
///
/// Complexity: per article O(S·G) for the entity alignment (S system, G gold
/// entities) plus O(R log R) for relations and O(A_s·A_g) for attributes.
///
/// ```
/// use tupu::annotation::Annotation;
/// let gold: Vec<Annotation> = vec![serde_json::from_str(r#"{"doc":"a.txt",
///   "entities":[{"id":"E1","type":"Organization","name":"腾讯","aliases":["腾讯公司"]}]}"#).unwrap()];
/// let system: Vec<Annotation> = vec![serde_json::from_str(r#"{"doc":"a.txt",
///   "entities":[{"id":"X","type":"Organization","name":"腾讯公司"}]}"#).unwrap()];
/// let report = tupu::eval::evaluate(&gold, &system);
/// assert_eq!(report.entities.f1(), Some(1.0));
/// ```
pub fn evaluate(gold: &[Annotation], system: &[Annotation]) -> Report {
    let gold_docs: BTreeSet<&str> = gold.iter().map(|g| g.doc.as_str()).collect();
    let mut sys_by_doc: BTreeMap<&str, &Annotation> = BTreeMap::new();
    let mut unmatched_docs = Vec::new();
    for s in system {
        if !gold_docs.contains(s.doc.as_str()) || sys_by_doc.contains_key(s.doc.as_str()) {
            unmatched_docs.push(s.doc.clone());
        } else {
            sys_by_doc.insert(&s.doc, s);
        }
    }
    let empty = Annotation::default();
    let mut report = Report {
        entities: Counts::default(),
        entities_untyped: Counts::default(),
        relations: Counts::default(),
        attributes: Counts::default(),
        by_type: EntityType::ALL
            .into_iter()
            .map(|t| (t, Counts::default()))
            .collect(),
        by_predicate: Predicate::ALL
            .into_iter()
            .map(|p| (p, Counts::default()))
            .collect(),
        by_attribute: AttributeKind::ALL
            .into_iter()
            .map(|a| (a, Counts::default()))
            .collect(),
        articles: Vec::new(),
        unmatched_docs,
        findings: Vec::new(),
    };
    for g in gold {
        let sys = sys_by_doc.get(g.doc.as_str()).copied();
        let r = score_article(g, sys.unwrap_or(&empty));
        let mut rel = Counts::default();
        let mut attr = Counts::default();
        for (t, c) in r.by_type {
            report.by_type.entry(t).or_default().add(c);
        }
        for (p, c) in r.relations {
            report.by_predicate.entry(p).or_default().add(c);
            rel.add(c);
        }
        for (a, c) in r.attributes {
            report.by_attribute.entry(a).or_default().add(c);
            attr.add(c);
        }
        report.entities.add(r.entities);
        report.entities_untyped.add(r.untyped);
        report.relations.add(rel);
        report.attributes.add(attr);
        report.articles.push(ArticleScore {
            doc: g.doc.clone(),
            has_system: sys.is_some(),
            entities: r.entities,
            relations: rel,
            attributes: attr,
        });
        report.findings.extend(r.findings);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{AttributeRecord, EntityRecord, RelationRecord};

    fn ent(id: &str, t: EntityType, name: &str, aliases: &[&str]) -> EntityRecord {
        EntityRecord {
            id: id.to_owned(),
            entity_type: t,
            subtype: None,
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions: Vec::new(),
        }
    }
    fn rel(s: &str, p: Predicate, o: &str) -> RelationRecord {
        RelationRecord {
            s: s.to_owned(),
            p,
            o: o.to_owned(),
            evidence: String::new(),
            provenance: None,
        }
    }
    fn attr(s: &str, p: AttributeKind, v: &str) -> AttributeRecord {
        AttributeRecord {
            s: s.to_owned(),
            p,
            value: v.to_owned(),
            normalized: None,
            provenance: None,
        }
    }
    fn ann(
        doc: &str,
        e: Vec<EntityRecord>,
        r: Vec<RelationRecord>,
        a: Vec<AttributeRecord>,
    ) -> Annotation {
        Annotation {
            doc: doc.to_owned(),
            entities: e,
            relations: r,
            attributes: a,
        }
    }
    fn counts(tp: usize, fp: usize, fn_: usize) -> Counts {
        Counts { tp, fp, fn_ }
    }
    fn gold_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gold")
    }

    use EntityType::*;

    #[test]
    fn hand_computed_entities() {
        // 3 gold; system: 2 correct, 1 right name wrong type, 1 spurious.
        let gold = ann(
            "a",
            vec![
                ent("E1", Organization, "腾讯", &["腾讯公司"]),
                ent("E2", Place, "重庆", &["重庆市"]),
                ent("E3", Park, "两江新区", &[]),
            ],
            vec![],
            vec![],
        );
        let sys = ann(
            "a",
            vec![
                ent("1", Organization, "腾讯公司", &[]),
                ent("2", Place, "重庆市", &[]),
                ent("3", Place, "两江新区", &[]),
                ent("4", Person, "张三", &[]),
            ],
            vec![],
            vec![],
        );
        let r = evaluate(&[gold], &[sys]);
        assert_eq!(r.entities, counts(2, 2, 1));
        assert_eq!(r.entities.precision(), Some(0.5));
        assert_eq!(r.entities.recall(), Some(2.0 / 3.0));
        assert_eq!(r.entities.f1(), Some(4.0 / 7.0));
        // Untyped: 两江新区 now matches, 张三 still spurious.
        assert_eq!(r.entities_untyped, counts(3, 1, 0));
        assert_eq!(r.by_type[&Park], counts(0, 0, 1));
        assert_eq!(r.by_type[&Place], counts(1, 1, 0));
        assert_eq!(r.by_type[&Person], counts(0, 1, 0));
        let fp: Vec<_> = r
            .diff()
            .iter()
            .filter(|f| f.outcome == Outcome::FalsePositive)
            .collect();
        assert_eq!(fp.len(), 2);
        assert_eq!(fp[0].text, "两江新区");
        assert_eq!(fp[0].note.as_deref(), Some("gold type Park"));
    }

    #[test]
    fn three_of_three_with_one_wrong_type_and_one_spurious() {
        // The brief's case: 3 gold, system 2 correct + 1 wrong type
        // (for an entity the gold lacks) → P = 2/3 when 3 emitted.
        let gold = ann(
            "a",
            vec![
                ent("E1", Organization, "腾讯", &[]),
                ent("E2", Place, "重庆", &[]),
                ent("E3", Person, "唐良智", &[]),
            ],
            vec![],
            vec![],
        );
        let sys = ann(
            "a",
            vec![
                ent("1", Organization, "腾讯", &[]),
                ent("2", Place, "重庆", &[]),
                ent("3", Organization, "唐良智", &[]),
            ],
            vec![],
            vec![],
        );
        let r = evaluate(&[gold], &[sys]);
        assert_eq!(r.entities, counts(2, 1, 1));
        assert_eq!(r.entities.precision(), Some(2.0 / 3.0));
        assert_eq!(r.entities.recall(), Some(2.0 / 3.0));
    }

    #[test]
    fn normalisation_of_brackets_space_and_full_width() {
        assert_eq!(normalize("西部（重庆）科学城"), "西部(重庆)科学城");
        assert_eq!(normalize("【重庆】 日报"), "[重庆]日报");
        assert_eq!(normalize("ＣＳ７５\u{3000}ＰＬＵＳ"), "CS75PLUS");
        assert_eq!(normalize("陈\n国栋"), "陈国栋");
        let gold = ann(
            "a",
            vec![ent("E1", Park, "西部（重庆）科学城", &[])],
            vec![],
            vec![],
        );
        let sys = ann(
            "a",
            vec![ent("x", Park, "西部 (重庆) 科学城", &[])],
            vec![],
            vec![],
        );
        assert_eq!(evaluate(&[gold], &[sys]).entities, counts(1, 0, 0));
    }

    #[test]
    fn one_to_one_alignment() {
        // 腾讯 and 腾讯公司 both match the one gold entity: the second is FP.
        let gold = ann(
            "a",
            vec![ent("E1", Organization, "腾讯", &["腾讯公司"])],
            vec![],
            vec![],
        );
        let sys = ann(
            "a",
            vec![
                ent("1", Organization, "腾讯公司", &[]),
                ent("2", Organization, "腾讯", &[]),
                ent("3", Organization, "腾讯", &[]),
            ],
            vec![],
            vec![],
        );
        let r = evaluate(&[gold], &[sys]);
        // Exact name first: 腾讯 (ids 2 and 3: one entity) is TP, 腾讯公司 FP.
        assert_eq!(r.entities, counts(1, 1, 0));
        assert_eq!(r.diff()[0].text, "腾讯公司");
    }

    #[test]
    fn symmetric_signed_with_and_duplicates() {
        let gold = ann(
            "a",
            vec![
                ent("E1", Park, "两江新区", &[]),
                ent("E2", Organization, "腾讯", &[]),
            ],
            vec![rel("E1", Predicate::SignedWith, "E2")],
            vec![],
        );
        let sys = ann(
            "a",
            vec![
                ent("a", Organization, "腾讯", &[]),
                ent("b", Park, "两江新区", &[]),
            ],
            vec![
                rel("a", Predicate::SignedWith, "b"),
                rel("b", Predicate::SignedWith, "a"),
                rel("a", Predicate::SignedWith, "b"),
                rel("b", Predicate::LocatedIn, "a"),
            ],
            vec![],
        );
        let r = evaluate(std::slice::from_ref(&gold), &[sys]);
        assert_eq!(r.by_predicate[&Predicate::SignedWith], counts(1, 0, 0));
        assert_eq!(r.by_predicate[&Predicate::LocatedIn], counts(0, 1, 0));
        assert_eq!(r.relations, counts(1, 1, 0));
        // A non-symmetric predicate in the wrong direction is wrong.
        let mut g2 = gold.clone();
        g2.relations = vec![rel("E2", Predicate::InvestsIn, "E1")];
        let mut s2 = gold;
        s2.relations = vec![rel("E1", Predicate::InvestsIn, "E2")];
        assert_eq!(evaluate(&[g2], &[s2]).relations, counts(0, 1, 1));
    }

    #[test]
    fn relation_needs_aligned_ends() {
        let gold = ann(
            "a",
            vec![
                ent("E1", Person, "唐良智", &[]),
                ent("E2", Event, "2021智博会", &[]),
            ],
            vec![rel("E1", Predicate::Attended, "E2")],
            vec![],
        );
        let sys = ann(
            "a",
            vec![
                ent("a", Person, "唐良智", &[]),
                ent("b", Event, "智博会", &[]),
            ],
            vec![rel("a", Predicate::Attended, "b")],
            vec![],
        );
        let r = evaluate(&[gold], &[sys]);
        assert_eq!(r.relations, counts(0, 1, 1));
        assert!(r.diff().iter().any(|f| f.text == "唐良智 attended 智博会"));
    }

    #[test]
    fn job_title_suffix_rule() {
        assert!(job_titles_match("市经信委主任", "主任"));
        assert!(job_titles_match("主任", "市经信委主任"));
        assert!(job_titles_match("市委副书记", "副书记"));
        assert!(!job_titles_match("副市长", "市长"));
        assert!(!job_titles_match("市委副书记", "书记"));
        assert!(!job_titles_match("常务副市长", "副市长"));
        assert!(!job_titles_match("董事长", "总经理"));
        assert!(!job_titles_match("市长", ""));
        let gold = ann(
            "a",
            vec![
                ent("E1", Person, "陈金山", &[]),
                ent("E2", Person, "唐良智", &[]),
            ],
            vec![],
            vec![
                attr("E1", AttributeKind::JobTitle, "市经信委主任"),
                attr("E2", AttributeKind::JobTitle, "市长"),
            ],
        );
        let sys = ann(
            "a",
            vec![
                ent("a", Person, "陈金山", &[]),
                ent("b", Person, "唐良智", &[]),
            ],
            vec![],
            vec![
                attr("a", AttributeKind::JobTitle, "主任"),
                attr("b", AttributeKind::JobTitle, "副市长"),
            ],
        );
        let r = evaluate(&[gold], &[sys]);
        assert_eq!(r.by_attribute[&AttributeKind::JobTitle], counts(1, 1, 1));
    }

    #[test]
    fn amounts_in_yuan() {
        assert_eq!(parse_amount_yuan("35亿元").as_deref(), Some("3500000000"));
        assert_eq!(parse_amount_yuan("1.2万元").as_deref(), Some("12000"));
        assert_eq!(parse_amount_yuan("5000万元").as_deref(), Some("50000000"));
        assert_eq!(parse_amount_yuan("0.5亿元").as_deref(), Some("50000000"));
        assert_eq!(parse_amount_yuan("１２３元").as_deref(), Some("123"));
        assert_eq!(parse_amount_yuan("1.25万元").as_deref(), Some("12500"));
        assert_eq!(parse_amount_yuan("1.23456万元").as_deref(), Some("12345.6"));
        assert_eq!(parse_amount_yuan("1,000万元").as_deref(), Some("10000000"));
        assert_eq!(parse_amount_yuan("10亿美元"), None);
        assert_eq!(parse_amount_yuan("约10亿元"), None);
        assert_eq!(parse_amount_yuan("十亿元"), None);
        assert_eq!(parse_amount_yuan("1.2.3万元"), None);
        assert_eq!(parse_amount_yuan("亿元"), None);
        assert!(values_match(
            AttributeKind::InvestmentAmount,
            "3.5亿元",
            "35000万元"
        ));
        assert!(!values_match(
            AttributeKind::InvestmentAmount,
            "35亿元",
            "35亿美元"
        ));
        assert!(!values_match(
            AttributeKind::StartDate,
            "2021-08-23",
            "2021-08-24"
        ));
    }

    #[test]
    fn missing_and_unmatched_articles() {
        let gold = ann("a", vec![ent("E1", Place, "重庆", &[])], vec![], vec![]);
        let other = ann("b", vec![ent("x", Place, "重庆", &[])], vec![], vec![]);
        let r = evaluate(&[gold], &[other]);
        assert_eq!(r.entities, counts(0, 0, 1));
        assert_eq!(r.unmatched_docs, vec!["b".to_owned()]);
        assert!(!r.articles[0].has_system);
    }

    #[test]
    fn gold_against_itself_is_perfect() {
        let gold = load_gold_dir(&gold_dir()).unwrap();
        assert_eq!(gold.len(), 5);
        let r = evaluate(&gold, &gold);
        for c in [r.entities, r.entities_untyped, r.relations, r.attributes] {
            assert_eq!(c.fp + c.fn_, 0, "{r}");
            assert_eq!(c.f1(), Some(1.0));
        }
        assert!(r.findings.is_empty());
        assert!(r.relations.tp > 100, "{}", r.relations.tp);
        // Every jobTitle in the gold is distinct per person, so nothing collapses.
        let n_attr: usize = gold.iter().map(|g| g.attributes.len()).sum();
        assert_eq!(r.attributes.tp, n_attr);
    }

    #[test]
    fn gold_without_relations_has_zero_relation_recall() {
        let gold = load_gold_dir(&gold_dir()).unwrap();
        let sys: Vec<Annotation> = gold
            .iter()
            .map(|g| Annotation {
                relations: Vec::new(),
                ..g.clone()
            })
            .collect();
        let r = evaluate(&gold, &sys);
        assert_eq!(r.relations.recall(), Some(0.0));
        assert_eq!(r.relations.precision(), None);
        assert_eq!(r.entities.f1(), Some(1.0));
        assert_eq!(r.findings.len(), r.relations.fn_);
    }

    #[test]
    fn gold_aliases_used_as_system_names() {
        // A system that writes every gold entity by its first alias still
        // scores perfectly (no alias is another entity's name in the seeds).
        let gold = load_gold_dir(&gold_dir()).unwrap();
        let sys: Vec<Annotation> = gold
            .iter()
            .map(|g| {
                let mut s = g.clone();
                for e in &mut s.entities {
                    if let Some(a) = e.aliases.first() {
                        e.name = a.clone();
                    }
                    e.aliases.clear();
                }
                s
            })
            .collect();
        let r = evaluate(&gold, &sys);
        assert_eq!(r.entities.f1(), Some(1.0), "{:?}", r.findings);
        assert_eq!(r.relations.f1(), Some(1.0));
    }

    #[test]
    fn load_errors_name_file_line_and_id() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("x.json");
        std::fs::write(&bad, "{\"doc\": \"x\",\n \"entities\": [,]}").unwrap();
        let e = load_gold_dir(dir.path()).unwrap_err().to_string();
        assert!(e.contains("x.json:2:"), "{e}");
        std::fs::write(
            &bad,
            r#"{"doc":"x","entities":[{"id":"E1","type":"Place","name":"重庆"}],
                "relations":[{"s":"E1","p":"locatedIn","o":"E9"}]}"#,
        )
        .unwrap();
        let e = load_gold_dir(dir.path()).unwrap_err().to_string();
        assert!(e.contains("x.json") && e.contains("\"E9\""), "{e}");
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            load_gold_dir(empty.path()),
            Err(EvalError::NoGold { .. })
        ));

        let jl = dir.path().join("sys.jsonl");
        std::fs::write(
            &jl,
            "{\"doc\":\"a\"}\n\n{\"doc\":\"b\",\"entities\":[{\"id\":1}]}\n",
        )
        .unwrap();
        let e = load_jsonl(&jl).unwrap_err().to_string();
        assert!(e.contains("sys.jsonl:3:"), "{e}");
        std::fs::write(&jl, "{\"doc\":\"a\",\"attributes\":[{\"s\":\"Q\",\"p\":\"jobTitle\",\"value\":\"市长\"}]}\n").unwrap();
        let e = load_jsonl(&jl).unwrap_err().to_string();
        assert!(e.contains("sys.jsonl:1") && e.contains("\"Q\""), "{e}");
    }

    #[test]
    fn report_prints_tables_and_json() {
        let gold = load_gold_dir(&gold_dir()).unwrap();
        let r = evaluate(&gold, &gold[..2]);
        let text = r.to_string();
        assert!(text.contains("signedWith"), "{text}");
        assert!(text.contains("(no system)"));
        assert!(r.totals_table().lines().count() == 5);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["by_type"]["Organization"]["fp"], 0);
        assert!(json["relations"]["recall"].as_f64().unwrap() < 1.0);
    }
}
