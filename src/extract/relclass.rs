//! A trained relation classifier over pairs of mentions in one sentence.
//!
//! # Candidates
//!
//! Every pair of mentions of two different entities in one sentence, at most
//! [`MAX_GAP_CHARS`] characters apart, whose types fit one of three kinds
//! ([`PairKind`]):
//!
//! | kind | types (either order) | statement |
//! |---|---|---|
//! | [`PairKind::Signing`] | Organization, Organization | `signedWith` (symmetric) |
//! | [`PairKind::Employment`] | Person, Organization | `worksFor(person, org)` + the `jobTitle` next to the person |
//! | [`PairKind::Location`] | Organization, Place | `locatedIn(org, place)` |
//!
//! # Features
//!
//! [`feature_names`]: the text between the two mentions (whole when at most
//! 8 characters; its first and last one and two characters; its character
//! unigrams and bigrams), with other mentions replaced by a placeholder of
//! their type; one to three characters right of the first and left of the
//! second mention; two characters left of the first and right of the second;
//! the trigger words of `data/rules/re_triggers.txt` between, left and right
//! (in the rest of the sentence, and in the clause around the pair);
//! the order of the types, the distance (bucketed), the number of other
//! mentions and the punctuation between. Every feature is conjoined with the
//! kind and the order of the types, so each kind has its own weights. Names
//! are hashed (FNV-1a, 64 bits) to keys.
//!
//! # Model
//!
//! A binary averaged perceptron (Collins 2002; averaging by the usual
//! timestamp trick) per kind, over the hashed features: the score of a pair
//! is the sum of its features' weights, and the pair is related when the
//! score exceeds the kind's threshold. [`train`] learns the weights
//! (examples shuffled each epoch by a seeded generator, so a seed gives the
//! same model); [`choose_threshold`] picks each kind's threshold on
//! development data; features whose averaged weight is below a pruning
//! bound are dropped. The model file is gzip + postcard
//! ([`RelModel::to_bytes`]); the default model, `data/models/re.bin.gz`, is
//! embedded and decoded once ([`RelModel::bundled`]). It is trained by
//! `tupu train re` on FinRE train and DuIE train (see `BENCHMARKS.md`).
//!
//! # Merge policy (what the extractor does with it)
//!
//! The rules run first. For each candidate entity pair that no rule relates
//! (by any predicate, in either direction), the classifier's best score over
//! the pair's mention pairs is compared with the kind's threshold; above it,
//! the kind's statement is added with the sentence as evidence, under gates:
//!
//! - [`PairKind::Employment`]: a job title of the gazetteer must follow the
//!   organisation (`万科董事长`, legal forms and brackets skipped), not be
//!   followed directly by another person, and the two mentions must be in
//!   one clause or the person must open the sentence (a biography); the
//!   person gets the titles of the chain after the organisation
//!   (`兴业银行党委书记、董事长`) as `jobTitle`s, those the rules gave in the
//!   sentence not repeated;
//! - [`PairKind::Location`]: the two mentions in one clause, with a
//!   headquarters cue (cue class `hq_location`) in it;
//! - a person (organisation) the rules already employ (locate) gets no other
//!   employer (place) from the classifier, and of the accepted employment
//!   (location) pairs only each person's (organisation's) best-scoring one
//!   per sentence is kept; signing pairs are all kept.
//!
//! Ontology validation still applies.

use super::mention::Mention;
use crate::annotation::{EntityType, Predicate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The farthest two mentions of a candidate pair may be apart (characters
/// between them); farther pairs are not classified.
pub const MAX_GAP_CHARS: usize = 60;

/// The three kinds of candidate pair, by the types of the two entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PairKind {
    /// Two organisations: `signedWith`.
    Signing,
    /// A person and an organisation: `worksFor(person, org)`.
    Employment,
    /// An organisation and a place: `locatedIn(org, place)`.
    Location,
}

impl PairKind {
    /// All kinds, in the order of [`RelModel`]'s thresholds.
    pub const ALL: [PairKind; 3] = [PairKind::Signing, PairKind::Employment, PairKind::Location];

    /// The kind of a pair of types `(first, second)` in text order, and
    /// whether the first is the statement's OBJECT (so subject and object
    /// swap); `None` when the types fit no kind.
    #[must_use]
    pub fn of(first: EntityType, second: EntityType) -> Option<(PairKind, bool)> {
        use EntityType::{Organization as O, Person as P, Place as L};
        match (first, second) {
            (O, O) => Some((PairKind::Signing, false)),
            (P, O) => Some((PairKind::Employment, false)),
            (O, P) => Some((PairKind::Employment, true)),
            (O, L) => Some((PairKind::Location, false)),
            (L, O) => Some((PairKind::Location, true)),
            _ => None,
        }
    }

    /// The predicate the kind asserts.
    #[must_use]
    pub fn predicate(self) -> Predicate {
        match self {
            PairKind::Signing => Predicate::SignedWith,
            PairKind::Employment => Predicate::WorksFor,
            PairKind::Location => Predicate::LocatedIn,
        }
    }

    /// The kind's index in [`PairKind::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }

    fn code(self) -> &'static str {
        match self {
            PairKind::Signing => "S",
            PairKind::Employment => "W",
            PairKind::Location => "L",
        }
    }
}

static TRIGGERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../../data/rules/re_triggers.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
});

/// The trigger words (`data/rules/re_triggers.txt`).
#[must_use]
pub fn triggers() -> &'static [String] {
    &TRIGGERS
}

fn type_code(t: EntityType) -> char {
    match t {
        EntityType::Organization => 'Ｏ',
        EntityType::Person => 'Ｐ',
        EntityType::Place => 'Ｌ',
        _ => 'Ｘ',
    }
}

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        _ => "21+",
    }
}

/// One mention pair as the classifier sees it: the sentence, the two
/// mentions in text order (BYTE offsets into `text`) with their entity types,
/// and the other mentions of the sentence with theirs.
#[derive(Debug, Clone, Copy)]
pub struct PairView<'a> {
    /// The normalised text of the article.
    pub text: &'a str,
    /// The sentence, BYTE offsets into `text`.
    pub sentence: (usize, usize),
    /// The first mention in text order.
    pub first: &'a Mention,
    /// Its entity type.
    pub first_type: EntityType,
    /// The second mention (starts at or after the end of the first).
    pub second: &'a Mention,
    /// Its entity type.
    pub second_type: EntityType,
    /// Every mention of the sentence with its entity type (the two above
    /// included), in text order.
    pub mentions: &'a [(&'a Mention, EntityType)],
    /// The job titles of the gazetteer (`data/gazetteers/job_titles.txt`),
    /// for the employment features.
    pub titles: &'a [String],
}

/// `text[a..b]` with every mention inside it replaced by its type's
/// placeholder character.
fn masked(view: &PairView<'_>, a: usize, b: usize) -> String {
    let mut out = String::new();
    let mut p = a;
    for (m, t) in view.mentions {
        if m.start >= p && m.end <= b && m.start < m.end {
            out.push_str(&view.text[p..m.start]);
            out.push(type_code(*t));
            p = m.end;
        }
    }
    if p < b {
        out.push_str(&view.text[p..b]);
    }
    out
}

/// The feature names of a pair (see the module doc), each prefixed with the
/// kind and the order of the types (`S|OO|`, `W|PO|`, `W|OP|`, …); empty
/// when the types fit no kind.
#[must_use]
pub fn feature_names(view: &PairView<'_>) -> Vec<String> {
    let Some((kind, _)) = PairKind::of(view.first_type, view.second_type) else {
        return Vec::new();
    };
    let prefix = format!(
        "{}|{}{}|",
        kind.code(),
        type_code(view.first_type),
        type_code(view.second_type)
    );
    let (ss, se) = view.sentence;
    let (a, b) = (view.first.end, view.second.start.max(view.first.end));
    let between: Vec<char> = masked(view, a, b).chars().collect();
    let left: Vec<char> = masked(view, ss, view.first.start).chars().collect();
    let right: Vec<char> = masked(view, view.second.end, se).chars().collect();
    let s = |cs: &[char]| cs.iter().collect::<String>();
    let mut f: Vec<String> = vec!["bias".to_owned()];
    f.push(format!("dist={}", bucket(between.len())));
    if between.len() <= 8 {
        f.push(format!("bw={}", s(&between)));
    }
    for n in 1..=2 {
        if between.len() >= n {
            f.push(format!("bs{n}={}", s(&between[..n])));
            f.push(format!("be{n}={}", s(&between[between.len() - n..])));
        }
    }
    for c in &between {
        f.push(format!("b1={c}"));
    }
    for w in between.windows(2) {
        f.push(format!("b2={}", s(w)));
    }
    let others = between
        .iter()
        .filter(|c| matches!(c, 'Ｏ' | 'Ｐ' | 'Ｌ' | 'Ｘ'))
        .count();
    f.push(format!("others={}", others.min(3)));
    for (name, p) in [
        ("comma", '，'),
        ("list", '、'),
        ("semi", '；'),
        ("colon", '：'),
    ] {
        if between.contains(&p) {
            f.push(format!("has_{name}"));
        }
    }
    // Right after the first mention, left of the second one.
    for n in 1..=3 {
        if between.len() >= n {
            f.push(format!("a{n}={}", s(&between[..n])));
            f.push(format!("z{n}={}", s(&between[between.len() - n..])));
        }
    }
    // Outside the pair.
    for n in 1..=3 {
        let l = if left.len() >= n {
            s(&left[left.len() - n..])
        } else {
            format!("^{}", s(&left))
        };
        let r = if right.len() >= n {
            s(&right[..n])
        } else {
            format!("{}$", s(&right))
        };
        f.push(format!("l{n}={l}"));
        f.push(format!("r{n}={r}"));
    }
    let (between_s, left_s, right_s) = (s(&between), s(&left), s(&right));
    // The clause around the pair: from the last clause mark before the
    // first mention to the first one after the second.
    let marks = ['，', '。', '；', '！', '？', ','];
    let right_clause = right_s.split(marks).next().unwrap_or("");
    let left_clause = left_s.rsplit(marks).next().unwrap_or("");
    let clause_between = !between_s.contains(marks);
    f.push(format!("one_clause={clause_between}"));
    for t in triggers() {
        if between_s.contains(t.as_str()) {
            f.push(format!("tb={t}"));
        }
        if left_s.contains(t.as_str()) {
            f.push(format!("tl={t}"));
        }
        if right_s.contains(t.as_str()) {
            f.push(format!("tr={t}"));
        }
        if right_clause.contains(t.as_str()) {
            f.push(format!("trc={t}"));
            f.push(format!("trc_any|{clause_between}"));
        }
        if left_clause.contains(t.as_str()) {
            f.push(format!("tlc={t}"));
        }
    }
    if kind == PairKind::Employment {
        employment_features(view, &mut f);
    }
    f.into_iter().map(|x| format!("{prefix}{x}")).collect()
}

/// Legal forms and generic heads that may follow a given or recognised
/// organisation name before its leader's title (`江苏AB集团` +
/// `有限责任公司董事长`), longest first.
pub const ORG_TAILS: [&str; 13] = [
    "集团股份有限公司",
    "股份有限公司",
    "集团有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "公司",
    "集团",
    "控股",
    "Co.,Ltd.",
    "Ltd.",
    "Inc.",
    "Inc",
];

/// `s` (the text after an organisation mention) without its leading
/// spaces, one bracketed part of at most 12 characters (`（集团）`,
/// `(Google母公司)`) and the legal forms of [`ORG_TAILS`], in any order,
/// then a possessive 的 (`长春亚泰俱乐部的董事长`).
#[must_use]
pub fn skip_org_tail(mut s: &str) -> &str {
    loop {
        let before = s.len();
        s = s.trim_start_matches([' ', '　']);
        if let Some(rest) = s.strip_prefix(['（', '(']) {
            if let Some(p) = rest.find(['）', ')']) {
                if rest[..p].chars().count() <= 12 {
                    let close = rest[p..].chars().next().map_or(0, char::len_utf8);
                    s = &rest[p + close..];
                }
            }
        }
        if let Some(t) = ORG_TAILS.iter().find(|t| s.starts_with(*t)) {
            s = &s[t.len()..];
        }
        if s.len() == before {
            return s.strip_prefix('的').unwrap_or(s);
        }
    }
}

/// The longest title of `titles` that `s` starts with (`starts`) or ends
/// with.
fn title_at<'t>(titles: &'t [String], s: &str, starts: bool) -> Option<&'t str> {
    titles
        .iter()
        .filter(|t| {
            if starts {
                s.starts_with(t.as_str())
            } else {
                s.ends_with(t.as_str())
            }
        })
        .max_by_key(|t| t.len())
        .map(String::as_str)
}

/// Employment pairs: the job title right after the organisation, right
/// before and right after the person (`none` when there is none); whether
/// titles alone (with 、 兼 and spaces) separate the two; whether the person
/// opens its clause; other people or organisations between.
fn employment_features(view: &PairView<'_>, f: &mut Vec<String>) {
    let (ss, se) = view.sentence;
    let (person, org) = if view.first_type == EntityType::Person {
        (view.first, view.second)
    } else {
        (view.second, view.first)
    };
    let t = view.text;
    let after_org = title_at(view.titles, skip_org_tail(&t[org.end..se]), true);
    let before_person = title_at(
        view.titles,
        t[ss..person.start].trim_end_matches([' ', '　']),
        false,
    );
    let after_person = title_at(view.titles, &t[person.end..se], true);
    for (name, v) in [
        ("t_after_org", after_org),
        ("t_before_person", before_person),
        ("t_after_person", after_person),
    ] {
        f.push(format!("{name}={}", v.unwrap_or("none")));
        if let Some(v) = v {
            f.push(format!("{name}_any"));
            if v.starts_with('副') {
                f.push(format!("{name}_deputy"));
            }
        }
    }
    // Only titles (and separators) between organisation and person.
    if org.end <= person.start {
        let mut rest = t[org.end..person.start].trim_matches([' ', '　']);
        let mut n = 0;
        while let Some(x) = title_at(view.titles, rest, true) {
            rest = rest[x.len()..].trim_start_matches(['、', '兼', ' ', '　']);
            n += 1;
        }
        if n > 0 && rest.is_empty() {
            f.push("only_titles_between".to_owned());
        }
    }
    let head = t[ss..person.start].trim_end_matches([' ', '　']);
    if head.is_empty() || head.ends_with(['，', '；', '：', '。', '—']) {
        f.push("person_opens_clause".to_owned());
    }
    let (a, b) = (view.first.end, view.second.start);
    for (m, ty) in view.mentions {
        if m.start >= a && m.end <= b && m.start < m.end {
            f.push(format!("between_type={ty}"));
        }
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a (64 bits) of a feature name: stable across platforms and Rust
/// versions, so a model file means the same everywhere.
#[must_use]
pub fn hash(name: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The hashed features of a pair, sorted and deduplicated.
#[must_use]
pub fn features(view: &PairView<'_>) -> Vec<u64> {
    let mut k: Vec<u64> = feature_names(view).iter().map(|n| hash(n)).collect();
    k.sort_unstable();
    k.dedup();
    k
}

/// One training or development example: a pair's kind, its hashed
/// features and whether the pair has the kind's relation.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The kind of pair.
    pub kind: PairKind,
    /// Hashed features ([`features`]).
    pub features: Vec<u64>,
    /// Whether the relation holds.
    pub label: bool,
    /// Where it comes from, for reports (`duie:17 郁亮 → 万科`); not used
    /// by training.
    pub origin: String,
}

/// An error reading or writing a relation model file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RelModelError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The bytes are not a relation model of this version.
    #[error("{path}: not a tupu relation model: {problem}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
}

const MAGIC: &str = "tupu-re-1";

/// The trained classifier: a weight per hashed feature and a threshold per
/// kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelModel {
    magic: String,
    /// Feature keys, sorted.
    keys: Vec<u64>,
    /// The weight of each key.
    weights: Vec<f32>,
    /// The threshold of each kind, in the order of [`PairKind::ALL`]: a pair
    /// is related when its score is greater.
    pub thresholds: [f32; 3],
}

static BUNDLED_BYTES: &[u8] = include_bytes!("../../data/models/re.bin.gz");

static BUNDLED: LazyLock<RelModel> = LazyLock::new(|| {
    RelModel::from_bytes(BUNDLED_BYTES, Path::new("<bundled>"))
        .expect("the bundled relation model data/models/re.bin.gz is valid (tested)")
});

impl RelModel {
    /// The bundled model (`data/models/re.bin.gz`), decoded once.
    #[must_use]
    pub fn bundled() -> &'static RelModel {
        &BUNDLED
    }

    /// The score of a pair with hashed features `features` (higher: more
    /// likely related).
    #[must_use]
    pub fn score(&self, features: &[u64]) -> f32 {
        features
            .iter()
            .filter_map(|k| self.keys.binary_search(k).ok())
            .map(|i| self.weights[i])
            .sum()
    }

    /// Whether a pair of `kind` with this score is related.
    #[must_use]
    pub fn accepts(&self, kind: PairKind, score: f32) -> bool {
        score > self.thresholds[kind.index()]
    }

    /// Number of features with a weight.
    #[must_use]
    pub fn feature_count(&self) -> usize {
        self.keys.len()
    }

    /// The model as gzip-compressed postcard bytes.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let raw = postcard::to_stdvec(self).expect("a model serialises");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&raw).expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    /// Decodes [`RelModel::to_bytes`]; `path` only names the source in
    /// errors.
    ///
    /// # Errors
    ///
    /// [`RelModelError::Format`] for bytes that are not a gzip-compressed
    /// model of this version or whose keys and weights disagree.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<RelModel, RelModelError> {
        let problem = |p: String| RelModelError::Format {
            path: path.to_owned(),
            problem: p,
        };
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| problem(format!("gzip: {e}")))?;
        let m: RelModel = postcard::from_bytes(&raw).map_err(|e| problem(format!("{e}")))?;
        if m.magic != MAGIC {
            return Err(problem(format!(
                "version {:?}, expected {MAGIC:?}",
                m.magic
            )));
        }
        if m.keys.len() != m.weights.len() || m.keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(problem("keys unsorted or not one weight per key".into()));
        }
        Ok(m)
    }

    /// Writes the model file.
    ///
    /// # Errors
    ///
    /// [`RelModelError::Io`] when the file cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), RelModelError> {
        std::fs::write(path, self.to_bytes()).map_err(|source| RelModelError::Io {
            path: path.to_owned(),
            source,
        })
    }

    /// Reads a model file.
    ///
    /// # Errors
    ///
    /// [`RelModelError::Io`] if it cannot be read, else as
    /// [`RelModel::from_bytes`].
    pub fn read(path: &Path) -> Result<RelModel, RelModelError> {
        let bytes = std::fs::read(path).map_err(|source| RelModelError::Io {
            path: path.to_owned(),
            source,
        })?;
        RelModel::from_bytes(&bytes, path)
    }
}

/// Trains the averaged perceptron: `epochs` passes over `examples`, shuffled
/// before each pass by a generator seeded with `seed`; features whose
/// averaged weight has an absolute value at most `prune` are dropped.
/// Thresholds start at 0 (set them with [`choose_threshold`]).
///
/// Deterministic: the same examples, epochs, seed and bound give the same
/// model.
#[must_use]
pub fn train(examples: &[Example], epochs: usize, seed: u64, prune: f32) -> RelModel {
    // w: current weights; u: sum of (timestamp × update), for averaging.
    let mut w: BTreeMap<u64, (f64, f64)> = BTreeMap::new();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut c: f64 = 1.0;
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = &examples[i];
            let score: f64 = ex
                .features
                .iter()
                .map(|k| w.get(k).map_or(0.0, |x| x.0))
                .sum();
            let y = if ex.label { 1.0 } else { -1.0 };
            if y * score <= 0.0 {
                for k in &ex.features {
                    let e = w.entry(*k).or_insert((0.0, 0.0));
                    e.0 += y;
                    e.1 += c * y;
                }
            }
            c += 1.0;
        }
    }
    let mut keys = Vec::new();
    let mut weights = Vec::new();
    for (k, (wk, uk)) in w {
        // Averaged weight: w - u / c (Daumé's trick).
        #[allow(clippy::cast_possible_truncation)]
        let avg = (wk - uk / c) as f32;
        if avg.abs() > prune {
            keys.push(k);
            weights.push(avg);
        }
    }
    RelModel {
        magic: MAGIC.to_owned(),
        keys,
        weights,
        thresholds: [0.0; 3],
    }
}

/// Precision and recall of `model` on the examples of `kind` in `dev` at
/// threshold `t`: `(true positives, predicted, gold positives)`.
#[must_use]
pub fn counts_at(
    model: &RelModel,
    dev: &[Example],
    kind: PairKind,
    t: f32,
) -> (usize, usize, usize) {
    let mut tp = 0;
    let mut predicted = 0;
    let mut gold = 0;
    for ex in dev.iter().filter(|e| e.kind == kind) {
        let yes = model.score(&ex.features) > t;
        predicted += usize::from(yes);
        gold += usize::from(ex.label);
        tp += usize::from(yes && ex.label);
    }
    (tp, predicted, gold)
}

/// Chooses the threshold of `kind` on development examples: among the
/// scores of the dev examples (each a candidate threshold, a pair being
/// related above it), the one with the highest F1 among those whose
/// precision is at least `min_precision`; ties go to the higher threshold.
/// Returns the threshold with its `(tp, predicted, gold)` counts; `None`
/// when no threshold reaches the precision (or there is no dev example).
#[must_use]
pub fn choose_threshold(
    model: &RelModel,
    dev: &[Example],
    kind: PairKind,
    min_precision: f64,
) -> Option<(f32, (usize, usize, usize))> {
    let mut scores: Vec<(f32, bool)> = dev
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| (model.score(&e.features), e.label))
        .collect();
    let gold = scores.iter().filter(|s| s.1).count();
    if gold == 0 {
        return None;
    }
    // Descending scores; threshold just below each distinct score.
    scores.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut best: Option<(f64, f32, (usize, usize, usize))> = None;
    let (mut tp, mut predicted) = (0usize, 0usize);
    let mut i = 0;
    while i < scores.len() {
        let s = scores[i].0;
        while i < scores.len() && scores[i].0 == s {
            predicted += 1;
            tp += usize::from(scores[i].1);
            i += 1;
        }
        // Threshold between s and the next lower score.
        let next = scores.get(i).map_or(s - 1.0, |x| x.0);
        let t = (s + next) / 2.0;
        #[allow(clippy::cast_precision_loss)]
        let (p, r) = (tp as f64 / predicted as f64, tp as f64 / gold as f64);
        if p >= min_precision && tp > 0 {
            let f1 = 2.0 * p * r / (p + r);
            if best.is_none_or(|(bf, _, _)| f1 > bf) {
                best = Some((f1, t, (tp, predicted, gold)));
            }
        }
    }
    best.map(|(_, t, c)| (t, c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::mention::MentionSource;

    fn m(text: &str, name: &str, ty: EntityType) -> Mention {
        let a = text.find(name).unwrap();
        Mention::new(text, a, a + name.len(), ty, MentionSource::Given, 0)
    }

    #[test]
    fn org_tails_are_skipped() {
        assert_eq!(skip_org_tail("有限责任公司董事长张三"), "董事长张三");
        assert_eq!(skip_org_tail("（集团）有限公司董事长"), "董事长");
        assert_eq!(skip_org_tail("(Google母公司)董事长"), "董事长");
        assert_eq!(skip_org_tail("董事长"), "董事长");
        assert_eq!(skip_org_tail("与华润签约"), "与华润签约");
        assert_eq!(skip_org_tail("的董事长刘玉明"), "董事长刘玉明");
        assert_eq!(skip_org_tail("Inc.（Google母公司）董事长"), "董事长");
    }

    #[test]
    fn features_of_a_signing_pair() {
        let text = "万科与华润、中信签署战略合作协议。";
        let ms = [
            m(text, "万科", EntityType::Organization),
            m(text, "华润", EntityType::Organization),
            m(text, "中信", EntityType::Organization),
        ];
        let all: Vec<(&Mention, EntityType)> = ms.iter().map(|x| (x, x.entity_type)).collect();
        let view = PairView {
            text,
            sentence: (0, text.len()),
            first: &ms[0],
            first_type: EntityType::Organization,
            second: &ms[2],
            second_type: EntityType::Organization,
            mentions: &all,
            titles: &[],
        };
        let f = feature_names(&view);
        for want in [
            "S|ＯＯ|bias",
            "S|ＯＯ|bw=与Ｏ、",
            "S|ＯＯ|dist=3-5",
            "S|ＯＯ|others=1",
            "S|ＯＯ|has_list",
            "S|ＯＯ|a1=与",
            "S|ＯＯ|r2=签署",
            "S|ＯＯ|l1=^",
            "S|ＯＯ|tr=签署",
            "S|ＯＯ|tr=协议",
        ] {
            assert!(f.iter().any(|x| x == want), "{want} not in {f:?}");
        }
        assert!(!f.iter().any(|x| x.starts_with("S|ＯＯ|tb=")), "{f:?}");
        // Person and organisation, either order, are one kind.
        assert_eq!(
            PairKind::of(EntityType::Organization, EntityType::Person),
            Some((PairKind::Employment, true))
        );
        assert_eq!(PairKind::of(EntityType::Person, EntityType::Place), None);
    }

    /// A separable toy problem: the feature 1 marks positives, 2 negatives,
    /// 3 is noise on both. The averaged perceptron separates them, the
    /// threshold chosen on the same data gives P = R = 1, and the model
    /// survives its file format.
    #[test]
    fn learns_a_separable_case_and_round_trips() {
        let ex = |label: bool, extra: u64| Example {
            kind: PairKind::Signing,
            features: if label {
                vec![1, 3, extra]
            } else {
                vec![2, 3, extra]
            },
            label,
            origin: String::new(),
        };
        let data: Vec<Example> = (0..40).map(|i| ex(i % 3 == 0, 100 + i)).collect();
        let model = train(&data, 5, 7, 0.0);
        for e in &data {
            assert_eq!(model.score(&e.features) > 0.0, e.label, "{e:?}");
        }
        let (t, (tp, predicted, gold)) =
            choose_threshold(&model, &data, PairKind::Signing, 0.8).unwrap();
        assert_eq!((tp, predicted, gold), (14, 14, 14));
        assert_eq!(counts_at(&model, &data, PairKind::Signing, t), (14, 14, 14));
        assert_eq!(train(&data, 5, 7, 0.0), model, "same seed, same model");
        let back = RelModel::from_bytes(&model.to_bytes(), Path::new("m")).unwrap();
        assert_eq!(back, model);
        let err = RelModel::from_bytes(b"not gzip", Path::new("m.gz")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("m.gz: not a tupu relation model"),
            "{err}"
        );
    }
}
