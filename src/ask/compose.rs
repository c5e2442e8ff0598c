//! Compositional question understanding: the parts of a question, found
//! one by one, composed into one SPARQL query.
//!
//! [`Lexicon::understand`] reads a normalised question (see
//! [`super::normalize_question`]) as:
//!
//! 1. **entities**: the names of the graph in it, longest first
//!    ([`Linker::spot`]: labels and aliases, with 年 after a year and 的
//!    dropped, an event's prefix rewritten with its aliases);
//! 2. **cue words** of the lexicon (`data/questions/lexicon.json`): a
//!    relation (签约 → `signedWith`/`signedAt`, 落户 → `locatedIn`, …), a
//!    role noun (主办单位 = the subject of `hosted`), a place question
//!    (在哪里 → `locatedIn`/`heldAt`), an attribute (职务 → `jobTitle`), a
//!    job title asked for (董事长), a connection (联系), a count (多少家);
//! 3. **the answer**: the question word (哪些, 谁, which, …) and the type
//!    word next to it (公司 → `tupu:Company`, 区 → `tupu:Place`, from the
//!    `types` table of `patterns.json`), an amount constraint (超过15亿元);
//! 4. **direction**: which side of the predicate the answer is, from the
//!    predicate's domain and range and the entity's type, then from word
//!    order (the agent comes first; after 由/被 or `by`; a name after 在 or
//!    `at` is not the agent; a cue before both names is followed by its
//!    patient).
//!
//! The result is a list of [`Plan`]s, best reading first (another entity of
//! the same name, the other direction, the predicate's alternative): the
//! caller runs them in order and keeps the first that has answers. Every
//! plan carries its [`Parse`], what `tupu ask --explain` shows. A question
//! without an entity of the graph, or with no cue the lexicon knows, is a
//! [`Misunderstanding`] saying which part was missing.

use super::linking::{normalize_key, Linker, Mention};
use super::patterns::Patterns;
use crate::annotation::{AttributeKind, EntityType, Predicate};
use crate::graph::KnowledgeGraph;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::str::FromStr;

/// The bundled lexicon.
pub const LEXICON_JSON: &str = include_str!("../../data/questions/lexicon.json");
/// The name the bundled lexicon is reported under in errors.
pub const LEXICON_FILE: &str = "data/questions/lexicon.json";

/// The most plans [`Lexicon::understand`] returns.
pub const MAX_PLANS: usize = 8;

/// An error in a lexicon file.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file is not valid JSON of the expected shape.
    #[error("{file}: {source}")]
    Json {
        /// The lexicon file.
        file: String,
        /// The parse error (with line and column).
        source: serde_json::Error,
    },
    /// A row names an unknown predicate, attribute, type or side.
    #[error("{file}: {message}")]
    Invalid {
        /// The lexicon file.
        file: String,
        /// What is wrong, naming the row's first cue word.
        message: String,
    },
}

/// Which end of a triple.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The subject.
    Subject,
    /// The object.
    Object,
}

impl Side {
    fn other(self) -> Side {
        match self {
            Side::Subject => Side::Object,
            Side::Object => Side::Subject,
        }
    }

    fn parse(s: &str) -> Option<Side> {
        match s {
            "subject" => Some(Side::Subject),
            "object" => Some(Side::Object),
            _ => None,
        }
    }
}

#[derive(Debug, Deserialize)]
struct RelationRow {
    cues: Vec<String>,
    predicates: Vec<String>,
    agent: String,
    #[serde(default)]
    weak: bool,
}

#[derive(Debug, Deserialize)]
struct RoleRow {
    cues: Vec<String>,
    predicate: String,
    answer: String,
}

#[derive(Debug, Deserialize)]
struct AttributeRow {
    cues: Vec<String>,
    attribute: String,
}

#[derive(Debug, Deserialize)]
struct DefaultRow {
    entity: String,
    answer: String,
    predicate: String,
    answer_side: String,
}

#[derive(Debug, Deserialize)]
struct LexiconFile {
    english: Vec<(String, String)>,
    relations: Vec<RelationRow>,
    roles: Vec<RoleRow>,
    #[serde(rename = "where")]
    where_words: Vec<String>,
    attributes: Vec<AttributeRow>,
    describe: Vec<String>,
    titles: Vec<String>,
    connection: Vec<String>,
    count: Vec<String>,
    which: Vec<String>,
    passive: Vec<String>,
    locative: Vec<String>,
    defaults: Vec<DefaultRow>,
}

/// A relation cue: its predicates (tried in order) and the side of the
/// verb's agent; a weak cue (举办, 举行) gives way to a place question.
#[derive(Debug, Clone)]
struct RelationCue {
    predicates: Vec<Predicate>,
    agent: Side,
    weak: bool,
}

/// The default relation between an entity type and an answer type.
#[derive(Debug, Clone)]
struct Default {
    entity: EntityType,
    answer: EntityType,
    predicate: Predicate,
    answer_side: Side,
}

/// What a cue word found in the question stands for.
#[derive(Debug, Clone)]
enum Cue {
    Connection,
    Role(Predicate, Side),
    Attribute(AttributeKind),
    Where,
    Describe,
    Relation(usize),
    Count,
    Which,
    Title(String),
    Type(String),
    Passive,
    Locative,
}

/// A word of the lexicon found in the question (CHARACTER offsets).
#[derive(Debug, Clone)]
struct Hit {
    start: usize,
    end: usize,
    cue: Cue,
}

/// The compiled lexicon.
#[derive(Debug)]
pub struct Lexicon {
    /// English → Chinese replacements applied to the question, longest
    /// first (Smart China Expo → 智博会, mayor → 市长).
    pub english: Vec<(String, String)>,
    relations: Vec<RelationCue>,
    /// Every cue word with what it stands for, longest first.
    words: Vec<(String, Cue)>,
    defaults: Vec<Default>,
    /// Every word of the lexicon, normalised: never an entity mention.
    stop: BTreeSet<String>,
}

/// An entity of the question as linked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedEntity {
    /// The words of the question.
    pub mention: String,
    /// The entity's label.
    pub label: String,
    /// The entity's IRI.
    pub iri: String,
}

/// How a question was read: what `--explain` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Parse {
    /// The entities, in question order.
    pub entities: Vec<ParsedEntity>,
    /// The predicates asked for, each as `tupu:p` with the answer's side
    /// (`?x tupu:signedAt E`), or the attribute, or `path`.
    pub relation: Vec<String>,
    /// The answer's type constraint, if the question names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_type: Option<String>,
    /// Other constraints (an amount, a job title, a count).
    pub constraints: Vec<String>,
}

/// One reading of a question, ready to run.
#[derive(Debug, Clone)]
pub enum Plan {
    /// A SELECT: `body` binds `?x` (an entity) or `?v` (a value); the
    /// evidence of each answer is the statement nodes of the `evidence`
    /// triples (`?x`, `<iri>`, `tupu:p` or `?p`).
    Query {
        /// The WHERE body.
        body: String,
        /// The triples whose statements are the evidence.
        evidence: Vec<[String; 3]>,
        /// Whether the answers are values (`?v`) rather than entities.
        value: bool,
        /// Whether the answer is the number of answers.
        count: bool,
        /// How the question was read.
        parse: Parse,
    },
    /// The paths between two entities (node indices of the graph).
    Path {
        /// From.
        from: usize,
        /// To.
        to: usize,
        /// How the question was read.
        parse: Parse,
    },
}

impl Plan {
    /// How the question was read.
    pub fn parse(&self) -> &Parse {
        match self {
            Plan::Query { parse, .. } | Plan::Path { parse, .. } => parse,
        }
    }
}

/// Why a question was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misunderstanding {
    /// Which part was missing: `no entity of the graph is named`, or `no
    /// relation or question word it knows`.
    pub reason: String,
    /// The words that look like a name the graph does not have.
    pub unlinked: Vec<String>,
    /// The entities found, if any.
    pub entities: Vec<String>,
}

fn invalid(message: String) -> LexiconError {
    LexiconError::Invalid {
        file: LEXICON_FILE.to_owned(),
        message,
    }
}

fn entity_type(s: &str) -> Option<EntityType> {
    EntityType::ALL.into_iter().find(|t| t.as_str() == s)
}

/// The entity type a type constraint of `patterns.json` asks for.
fn constraint_type(constraint: &str) -> Option<EntityType> {
    let class = constraint
        .split_whitespace()
        .find_map(|w| w.strip_prefix("tupu:"))?;
    if let Some(t) = entity_type(class) {
        return Some(t);
    }
    crate::annotation::Subtype::ALL
        .into_iter()
        .find(|s| s.as_str() == class)
        .map(|s| s.parent())
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

impl Lexicon {
    /// The bundled lexicon, with the type words of `patterns`.
    ///
    /// Errors: see [`Lexicon::parse`].
    pub fn bundled(patterns: &Patterns) -> Result<Self, LexiconError> {
        Self::parse(LEXICON_FILE, LEXICON_JSON, patterns)
    }

    /// Parses a lexicon file; `file` names it in errors. The type words are
    /// those of `patterns` (`types`).
    ///
    /// Errors: [`LexiconError::Json`] for a malformed file (with line and
    /// column), [`LexiconError::Invalid`] for an unknown predicate,
    /// attribute, entity type or side.
    pub fn parse(file: &str, text: &str, patterns: &Patterns) -> Result<Self, LexiconError> {
        let f: LexiconFile = serde_json::from_str(text).map_err(|source| LexiconError::Json {
            file: file.to_owned(),
            source,
        })?;
        let first = |cues: &[String]| cues.first().cloned().unwrap_or_default();
        let predicate = |p: &str, cue: &str| {
            Predicate::from_str(p)
                .map_err(|_| invalid(format!("row {cue:?}: unknown predicate {p:?}")))
        };
        let side = |s: &str, cue: &str| {
            Side::parse(s).ok_or_else(|| {
                invalid(format!(
                    "row {cue:?}: side {s:?} is neither subject nor object"
                ))
            })
        };
        let mut words: Vec<(String, Cue)> = Vec::new();
        // Categories in priority order: a longer word wins, then the earlier
        // category (总投资 is an attribute before 投资 is a relation).
        for w in &f.connection {
            words.push((w.clone(), Cue::Connection));
        }
        for r in &f.roles {
            let cue = first(&r.cues);
            let p = predicate(&r.predicate, &cue)?;
            let s = side(&r.answer, &cue)?;
            words.extend(r.cues.iter().map(|w| (w.clone(), Cue::Role(p, s))));
        }
        for a in &f.attributes {
            let kind = AttributeKind::ALL
                .into_iter()
                .find(|k| k.as_str() == a.attribute)
                .ok_or_else(|| {
                    invalid(format!(
                        "row {:?}: unknown attribute {:?}",
                        first(&a.cues),
                        a.attribute
                    ))
                })?;
            words.extend(a.cues.iter().map(|w| (w.clone(), Cue::Attribute(kind))));
        }
        words.extend(f.where_words.iter().map(|w| (w.clone(), Cue::Where)));
        words.extend(f.describe.iter().map(|w| (w.clone(), Cue::Describe)));
        let mut relations = Vec::new();
        for r in &f.relations {
            let cue = first(&r.cues);
            let predicates = r
                .predicates
                .iter()
                .map(|p| predicate(p, &cue))
                .collect::<Result<Vec<_>, _>>()?;
            let ix = relations.len();
            relations.push(RelationCue {
                predicates,
                agent: side(&r.agent, &cue)?,
                weak: r.weak,
            });
            words.extend(r.cues.iter().map(|w| (w.clone(), Cue::Relation(ix))));
        }
        words.extend(f.count.iter().map(|w| (w.clone(), Cue::Count)));
        words.extend(f.which.iter().map(|w| (w.clone(), Cue::Which)));
        words.extend(f.titles.iter().map(|w| (w.clone(), Cue::Title(w.clone()))));
        for t in &patterns.types {
            words.extend(
                t.words
                    .iter()
                    .map(|w| (w.clone(), Cue::Type(t.constraint.clone()))),
            );
        }
        words.extend(f.passive.iter().map(|w| (w.clone(), Cue::Passive)));
        words.extend(f.locative.iter().map(|w| (w.clone(), Cue::Locative)));
        // Stable sort: longest first, category order among equals.
        words.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        let mut defaults = Vec::new();
        for d in &f.defaults {
            let row = format!("{}/{}", d.entity, d.answer);
            let ty = |s: &str| {
                entity_type(s)
                    .ok_or_else(|| invalid(format!("default {row:?}: unknown entity type {s:?}")))
            };
            defaults.push(Default {
                entity: ty(&d.entity)?,
                answer: ty(&d.answer)?,
                predicate: predicate(&d.predicate, &row)?,
                answer_side: side(&d.answer_side, &row)?,
            });
        }
        let mut english = f.english;
        english.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let stop = words
            .iter()
            .filter(|(_, c)| !matches!(c, Cue::Title(_)))
            .map(|(w, _)| normalize_key(w))
            .collect();
        Ok(Lexicon {
            english,
            relations,
            words,
            defaults,
            stop,
        })
    }

    /// Every cue word in `chars` outside `used`, longest first, never
    /// overlapping, never cutting an ASCII word; marks them used. Sorted by
    /// position.
    fn hits(&self, chars: &[char], used: &mut [bool]) -> Vec<Hit> {
        let mut out = Vec::new();
        for (w, cue) in &self.words {
            let wc: Vec<char> = w.chars().collect();
            if wc.is_empty() || wc.len() > chars.len() {
                continue;
            }
            let mut i = 0;
            while i + wc.len() <= chars.len() {
                let j = i + wc.len();
                let fits = chars[i..j] == wc[..]
                    && !used[i..j].iter().any(|u| *u)
                    && !(is_word(wc[0]) && i > 0 && is_word(chars[i - 1]))
                    && !(is_word(wc[wc.len() - 1]) && j < chars.len() && is_word(chars[j]));
                if fits {
                    used[i..j].iter_mut().for_each(|u| *u = true);
                    out.push(Hit {
                        start: i,
                        end: j,
                        cue: cue.clone(),
                    });
                    i = j;
                } else {
                    i += 1;
                }
            }
        }
        out.sort_by_key(|h| h.start);
        out
    }

    /// Reads the normalised question `q` against `graph` (see the module
    /// doc): its plans, best first, at most [`MAX_PLANS`].
    ///
    /// Errors: a [`Misunderstanding`] when no entity of the graph is named
    /// (and the question is no amount filter), or no cue of the lexicon
    /// tells what is asked about the entities named.
    pub fn understand(
        &self,
        q: &str,
        graph: &KnowledgeGraph,
        patterns: &Patterns,
    ) -> Result<Vec<Plan>, Misunderstanding> {
        let linker = graph.linker();
        let chars: Vec<char> = q.chars().collect();
        let mentions = linker.spot(q, &self.stop);
        let mut used = vec![false; chars.len()];
        for m in &mentions {
            used[m.start..m.end].iter_mut().for_each(|u| *u = true);
        }
        let hits = self.hits(&chars, &mut used);
        // A name followed or preceded by three or more (non-ASCII)
        // characters that are neither a cue word nor grammar is part of a
        // longer name the graph
        // does not have (中国 in 中国国际进口博览会): not a mention.
        let free = |i: usize, used: &[bool]| {
            !used[i] && !chars[i].is_ascii() && !FUNCTION_CHARS.contains(chars[i])
        };
        let mut mentions = mentions;
        mentions.retain(|m| {
            let right = (m.end..chars.len()).take_while(|&i| free(i, &used)).count();
            let left = (0..m.start).rev().take_while(|&i| free(i, &used)).count();
            let embedded = right >= 3 || left >= 3;
            if embedded {
                used[m.start..m.end].iter_mut().for_each(|u| *u = false);
            }
            !embedded
        });
        // Partial names: a run left over that is part of one entity's name.
        let mut partial: Vec<Option<usize>> = vec![None; mentions.len()];
        for (start, end) in runs(&chars, &used, 3) {
            let text: String = chars[start..end].iter().collect();
            if let Some(ix) = linker.partial(&text) {
                used[start..end].iter_mut().for_each(|u| *u = true);
                let at = mentions.partition_point(|m| m.start < start);
                mentions.insert(at, Mention { start, end, text });
                partial.insert(at, Some(ix));
            }
        }
        let ctx = Context {
            partial: &partial,
            lex: self,
            graph,
            linker,
            chars: &chars,
            mentions: &mentions,
            hits: &hits,
        };
        if let Some(plan) = ctx.amount_filter(q, patterns) {
            return Ok(vec![plan]);
        }
        if mentions.is_empty() {
            return Err(Misunderstanding {
                reason: "no entity of the graph is named".to_owned(),
                unlinked: leftover(&chars, &used),
                entities: Vec::new(),
            });
        }
        let plans = ctx.plans();
        if plans.is_empty() {
            return Err(Misunderstanding {
                reason: "no relation, attribute or question word it knows links the entities named"
                    .to_owned(),
                unlinked: leftover(&chars, &used),
                entities: mentions.iter().map(|m| m.text.clone()).collect(),
            });
        }
        Ok(plans)
    }
}

/// Characters that are grammar, never part of an unknown name.
const FUNCTION_CHARS: &str =
    "的了吗呢是有和与同跟上中里在于由被把对向从为请问都也还及或怎么样什哪谁何、，。？！ ";

/// The runs (CHARACTER start, end) of at least `min` characters of the
/// question that are neither a mention, nor a cue word, nor grammar.
fn runs(chars: &[char], used: &[bool], min: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for i in 0..=chars.len() {
        let free = i < chars.len()
            && !used[i]
            && !chars[i].is_ascii_punctuation()
            && !chars[i].is_whitespace();
        match (free, start) {
            (true, None) => start = Some(i),
            (false, Some(mut s)) => {
                // Grammar at the ends is no part of a name.
                let mut e = i;
                while s < e && FUNCTION_CHARS.contains(chars[s]) {
                    s += 1;
                }
                while e > s && FUNCTION_CHARS.contains(chars[e - 1]) {
                    e -= 1;
                }
                if e - s >= min {
                    out.push((s, e));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The longest runs of the question that are neither a mention, nor a cue
/// word, nor grammar: what looks like a name the graph does not have.
fn leftover(chars: &[char], used: &[bool]) -> Vec<String> {
    let runs: Vec<String> = runs(chars, used, 2)
        .into_iter()
        .map(|(s, e)| chars[s..e].iter().collect())
        .collect();
    let longest = runs.iter().map(|r| r.chars().count()).max().unwrap_or(0);
    runs.into_iter()
        .filter(|r| r.chars().count() == longest)
        .collect()
}

/// One question being read.
struct Context<'a> {
    /// For each mention, the entity a partial name identifies.
    partial: &'a [Option<usize>],
    lex: &'a Lexicon,
    graph: &'a KnowledgeGraph,
    linker: &'a Linker,
    chars: &'a [char],
    mentions: &'a [Mention],
    hits: &'a [Hit],
}

/// One entity end of a query: the node and the answer's side.
#[derive(Debug, Clone)]
struct Option_ {
    node: usize,
    predicate: Predicate,
    answer: Side,
}

impl Context<'_> {
    fn first(&self, f: impl Fn(&Cue) -> bool) -> Option<&Hit> {
        self.hits.iter().find(|h| f(&h.cue))
    }

    fn any(&self, f: impl Fn(&Cue) -> bool) -> bool {
        self.first(f).is_some()
    }

    fn iri(&self, node: usize) -> String {
        format!("<{}>", self.graph.node(node_ix(node)).iri)
    }

    fn types(&self, node: usize) -> BTreeSet<EntityType> {
        let n = self.graph.node(node_ix(node));
        std::iter::once(n.entity_type).collect()
    }

    /// The entities a mention may name, best first.
    fn candidates(&self, m: &Mention) -> Vec<usize> {
        let i = self.mentions.iter().position(|x| x.start == m.start);
        if let Some(Some(ix)) = i.map(|i| self.partial[i]) {
            return vec![ix];
        }
        self.linker
            .candidates(&m.text, &[])
            .into_iter()
            .map(|l| l.entity)
            .take(3)
            .collect()
    }

    fn entity(&self, m: &Mention, node: usize) -> ParsedEntity {
        let n = self.graph.node(node_ix(node));
        ParsedEntity {
            mention: m.text.clone(),
            label: n.label.clone(),
            iri: n.iri.clone(),
        }
    }

    /// The type word of the answer and where the answer is: the type word
    /// next to a question word (哪些公司, 的企业有哪些, which firms), else the
    /// question word itself.
    fn answer(&self) -> (Option<String>, Option<usize>) {
        let which: Vec<&Hit> = self
            .hits
            .iter()
            .filter(|h| matches!(h.cue, Cue::Which | Cue::Count))
            .collect();
        for h in self.hits {
            let Cue::Type(c) = &h.cue else { continue };
            let near = which.iter().any(|w| {
                (h.start >= w.end && h.start - w.end <= 2)
                    || (w.start >= h.end && w.start - h.end <= 2)
            });
            if near {
                return (Some(c.clone()), Some(h.start));
            }
        }
        let at = which
            .first()
            .map(|w| w.start)
            .or_else(|| self.first(|c| matches!(c, Cue::Where)).map(|h| h.start));
        (None, at)
    }

    /// Whether the answer is the agent of the cue at `cue` for the entity
    /// at `e` (see the module doc), the answer being at `a`.
    fn answer_is_agent(&self, e: &Mention, a: Option<usize>, cue: usize) -> bool {
        let Some(a) = a else { return false };
        let pe = e.start;
        if let Some(p) = self
            .hits
            .iter()
            .find(|h| matches!(h.cue, Cue::Passive) && h.start < cue.max(pe).max(a))
        {
            // The first of the two after the passive word is the agent.
            let after = |x: usize| x >= p.end;
            match (after(pe), after(a)) {
                (true, true) => return a < pe,
                (false, true) => return true,
                (true, false) => return false,
                _ => {}
            }
        }
        if cue < pe && cue < a {
            // V E 的 是 哪个: the patient follows the verb.
            return pe < a;
        }
        let did = |at: usize| {
            let before: String = self.chars[..at].iter().collect();
            let before = before.trim_end();
            ["did", "does", "do"].iter().any(|d| {
                before.ends_with(d) && !before[..before.len() - d.len()].ends_with(is_word)
            })
        };
        if did(pe) {
            return false;
        }
        let locative_before_e = self
            .hits
            .iter()
            .any(|h| matches!(h.cue, Cue::Locative) && h.end <= pe && pe - h.end <= 1);
        if pe < a {
            locative_before_e
        } else {
            true
        }
    }

    /// The entity ends for one mention and a cue: every (candidate,
    /// predicate, side) whose types fit, best first.
    fn options(
        &self,
        m: &Mention,
        predicates: &[Predicate],
        preferred: Side,
        answer_type: Option<EntityType>,
    ) -> Vec<Option_> {
        let mut out = Vec::new();
        let cands = self.candidates(m);
        // A cue's later predicates are its readings for other entity types
        // (签约 at an event is signedAt): without an answer type asked, one
        // is tried only if no earlier one fits the entity at all.
        let fits_any = |p: Predicate| {
            cands.iter().any(|&c| {
                let t = self.types(c);
                t.iter()
                    .any(|x| p.domain().contains(x) || p.range().contains(x))
            })
        };
        let first_fitting = predicates.iter().position(|&p| fits_any(p));
        let predicates: Vec<Predicate> = predicates
            .iter()
            .enumerate()
            .filter(|(i, _)| answer_type.is_some() || Some(*i) == first_fitting)
            .map(|(_, p)| *p)
            .collect();
        for side in [preferred, preferred.other()] {
            for &p in &predicates {
                let (entity_side, answer_side) = match side {
                    Side::Subject => (p.range(), p.domain()),
                    Side::Object => (p.domain(), p.range()),
                };
                if answer_type.is_some_and(|t| !answer_side.contains(&t)) {
                    continue;
                }
                for &c in &cands {
                    // A symmetric predicate needs one direction only.
                    let known = out.iter().any(|o: &Option_| {
                        o.node == c && o.predicate == p && (o.answer == side || p.is_symmetric())
                    });
                    if !known && self.types(c).iter().any(|t| entity_side.contains(t)) {
                        out.push(Option_ {
                            node: c,
                            predicate: p,
                            answer: side,
                        });
                    }
                }
            }
        }
        out
    }

    fn triple(&self, o: &Option_) -> (String, [String; 3]) {
        let p = format!("tupu:{}", o.predicate.as_str());
        let e = self.iri(o.node);
        let t = match o.answer {
            Side::Subject => ["?x".to_owned(), p, e],
            Side::Object => [e, p, "?x".to_owned()],
        };
        (format!("{} {} {} .", t[0], t[1], t[2]), t)
    }

    fn describe(o: &Option_) -> String {
        match o.answer {
            Side::Subject => format!("?x tupu:{} E", o.predicate.as_str()),
            Side::Object => format!("E tupu:{} ?x", o.predicate.as_str()),
        }
    }

    fn base_parse(&self, answer_type: &Option<String>, count: bool) -> Parse {
        Parse {
            answer_type: answer_type.clone(),
            constraints: if count {
                vec!["count of the answers".to_owned()]
            } else {
                Vec::new()
            },
            ..Parse::default()
        }
    }

    /// `超过15亿元`: the projects (or the type asked) over an amount.
    fn amount_filter(&self, q: &str, patterns: &Patterns) -> Option<Plan> {
        let alt = |words: Vec<&String>| {
            let mut w: Vec<String> = words.into_iter().map(|w| regex::escape(w)).collect();
            w.sort_by_key(|w| std::cmp::Reverse(w.len()));
            w.join("|")
        };
        let cmp = alt(patterns.comparators.iter().flat_map(|c| &c.words).collect());
        let unit = alt(patterns.units.iter().flat_map(|c| &c.words).collect());
        // 超过15亿元, or 在15亿元以上 (above, as 超过: the amount itself is
        // not "above" it), 15亿元以下.
        let re = Regex::new(&format!(
            r"(?:({cmp})\s*)?(\d+(?:\.\d+)?)\s*({unit})\s*(以上|以下)?"
        ))
        .ok()?;
        let caps = re.captures(q)?;
        if !q.contains("投资") && !q.contains("invest") {
            return None;
        }
        let op = match (caps.get(1), caps.get(4).map(|m| m.as_str())) {
            (Some(c), _) => patterns.comparator(c.as_str())?,
            (None, Some("以上")) => ">",
            (None, Some(_)) => "<",
            (None, None) => return None,
        };
        let n: f64 = caps[2].parse().ok()?;
        let yuan = n * patterns.unit(&caps[3])?;
        let (answer_type, _) = self.answer();
        let ty = answer_type
            .clone()
            .unwrap_or_else(|| "?x a tupu:Project .".to_owned());
        let ty_filter = super::type_filter(Some(&ty));
        let amount = super::decimal(yuan);
        let body = format!(
            "?x tupu:investmentAmountYuan ?yuan ; tupu:investmentAmount ?amount . FILTER(?yuan {op} {amount}) {ty_filter}"
        );
        let mut parse = self.base_parse(&Some(ty), self.any(|c| matches!(c, Cue::Count)));
        parse
            .relation
            .push("?x tupu:investmentAmount ?amount".to_owned());
        parse
            .constraints
            .push(format!("investment {op} {amount} yuan ({})", &caps[0]));
        Some(Plan::Query {
            body,
            evidence: vec![[
                "?x".to_owned(),
                "tupu:investmentAmount".to_owned(),
                "?amount".to_owned(),
            ]],
            value: false,
            count: self.any(|c| matches!(c, Cue::Count)),
            parse,
        })
    }

    /// The plans of a question with entities (see the module doc).
    fn plans(&self) -> Vec<Plan> {
        let (answer_type, answer_at) = self.answer();
        let answer_ty = answer_type.as_deref().and_then(constraint_type);
        let count = self.any(|c| matches!(c, Cue::Count));
        let mut plans = Vec::new();

        // Two entities and a connection: the paths between them.
        if self.mentions.len() >= 2 && self.any(|c| matches!(c, Cue::Connection)) {
            let (a, b) = (&self.mentions[0], &self.mentions[1]);
            for &x in self.candidates(a).iter().take(1) {
                for &y in self.candidates(b).iter().take(1) {
                    let mut parse = self.base_parse(&None, false);
                    parse.entities = vec![self.entity(a, x), self.entity(b, y)];
                    parse.relation.push("path".to_owned());
                    plans.push(Plan::Path {
                        from: x,
                        to: y,
                        parse,
                    });
                }
            }
            return plans;
        }

        // An attribute of an entity of the attribute's type.
        let attribute = self
            .hits
            .iter()
            .filter_map(|h| match h.cue {
                Cue::Attribute(k) => Some(k),
                _ => None,
            })
            .chain(
                self.any(|c| matches!(c, Cue::Describe))
                    .then_some(AttributeKind::JobTitle),
            );
        for kind in attribute {
            for m in self.mentions {
                for c in self.candidates(m) {
                    if self.types(c).contains(&kind.domain()) {
                        let e = self.iri(c);
                        let p = format!("tupu:{}", kind.as_str());
                        let mut parse = self.base_parse(&None, false);
                        parse.entities.push(self.entity(m, c));
                        parse.relation.push(format!("E {p} ?v"));
                        plans.push(Plan::Query {
                            body: format!("{e} {p} ?v ."),
                            evidence: vec![[e, p, "?v".to_owned()]],
                            value: true,
                            count: false,
                            parse,
                        });
                    }
                }
            }
            if !plans.is_empty() {
                plans.truncate(MAX_PLANS);
                return plans;
            }
        }

        // A job title asked for by name: 中国电子信息产业集团的董事长.
        if let Some(Cue::Title(title)) = self
            .first(|c| matches!(c, Cue::Title(_)))
            .map(|h| h.cue.clone())
        {
            for m in self.mentions {
                for c in self.candidates(m) {
                    if !self.types(c).contains(&EntityType::Organization) {
                        continue;
                    }
                    let e = self.iri(c);
                    let t =
                        oxigraph::model::Literal::new_simple_literal(title.as_str()).to_string();
                    let mut parse = self.base_parse(&Some("?x a tupu:Person .".into()), count);
                    parse.entities.push(self.entity(m, c));
                    parse.relation.push("?x tupu:worksFor E".to_owned());
                    parse
                        .constraints
                        .push(format!("job title contains {title}"));
                    plans.push(Plan::Query {
                        body: format!(
                            "?x tupu:worksFor {e} ; tupu:jobTitle ?title . FILTER(CONTAINS(?title, {t}))"
                        ),
                        evidence: vec![
                            ["?x".to_owned(), "tupu:jobTitle".to_owned(), "?title".to_owned()],
                            ["?x".to_owned(), "tupu:worksFor".to_owned(), e],
                        ],
                        value: false,
                        count,
                        parse,
                    });
                }
            }
            if !plans.is_empty() {
                plans.truncate(MAX_PLANS);
                return plans;
            }
        }

        // A relation: a role noun, a (strong) cue, a place question, a weak
        // cue, or the default relation of the types.
        let role = self.hits.iter().find_map(|h| match h.cue {
            Cue::Role(p, s) => Some((h.start, p, s)),
            _ => None,
        });
        let cue_of = |weak: bool| {
            self.hits.iter().find_map(|h| match h.cue {
                Cue::Relation(ix) if self.lex.relations[ix].weak == weak => Some((h.start, ix)),
                _ => None,
            })
        };
        let strong = cue_of(false);
        let weak = cue_of(true);
        let where_hit = self.first(|c| matches!(c, Cue::Where)).map(|h| h.start);

        // The options of a relation cue at `at` for a mention: the answer
        // is the cue's agent or its patient.
        let by_cue = |m: &Mention, (at, ix): (usize, usize)| {
            let cue = &self.lex.relations[ix];
            let side = if self.answer_is_agent(m, answer_at, at) {
                cue.agent
            } else {
                cue.agent.other()
            };
            self.options(m, &cue.predicates, side, answer_ty)
        };
        // Per mention, the options of the chosen reading.
        let per_mention: Vec<(usize, Vec<Option_>, bool)> = self
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let (opts, where_q) = if let Some((_, p, s)) = role {
                    (self.options(m, &[p], s, answer_ty), false)
                } else if let Some(cue) = strong {
                    (by_cue(m, cue), false)
                } else if where_hit.is_some() {
                    (Vec::new(), true)
                } else if let Some(cue) = weak {
                    (by_cue(m, cue), false)
                } else {
                    (self.default_options(m, answer_ty), false)
                };
                (i, opts, where_q)
            })
            .collect();

        if per_mention.iter().any(|(_, _, w)| *w) {
            // Where is E: its locatedIn or heldAt.
            for m in self.mentions.iter().rev() {
                for c in self.candidates(m) {
                    let t = self.types(c);
                    let fits = |p: Predicate| t.iter().any(|x| p.domain().contains(x));
                    if !fits(Predicate::LocatedIn) && !fits(Predicate::HeldAt) {
                        continue;
                    }
                    let e = self.iri(c);
                    let ty = super::type_filter(answer_type.as_deref());
                    let mut parse = self.base_parse(&answer_type, count);
                    parse.entities.push(self.entity(m, c));
                    parse
                        .relation
                        .push("E tupu:locatedIn ?x | E tupu:heldAt ?x".to_owned());
                    plans.push(Plan::Query {
                        body: format!(
                            "{{ {e} tupu:locatedIn ?x . BIND(tupu:locatedIn AS ?p) }} UNION {{ {e} tupu:heldAt ?x . BIND(tupu:heldAt AS ?p) }} {ty}"
                        ),
                        evidence: vec![[e, "?p".to_owned(), "?x".to_owned()]],
                        value: false,
                        count,
                        parse,
                    });
                }
            }
            plans.truncate(MAX_PLANS);
            return plans;
        }

        let ty = super::type_filter(answer_type.as_deref());
        let with: Vec<&(usize, Vec<Option_>, bool)> = per_mention
            .iter()
            .filter(|(_, o, _)| !o.is_empty())
            .collect();
        let plan = |chosen: &[(usize, &Option_)]| {
            let mut body = String::new();
            let mut evidence = Vec::new();
            let mut parse = self.base_parse(&answer_type, count);
            for (mi, o) in chosen {
                let (text, t) = self.triple(o);
                body.push_str(&text);
                body.push(' ');
                evidence.push(t);
                parse
                    .entities
                    .push(self.entity(&self.mentions[*mi], o.node));
                parse.relation.push(Self::describe(o));
            }
            body.push_str(&ty);
            Plan::Query {
                body,
                evidence,
                value: false,
                count,
                parse,
            }
        };
        if with.len() >= 2 {
            let chosen: Vec<(usize, &Option_)> = with.iter().map(|(i, o, _)| (*i, &o[0])).collect();
            plans.push(plan(&chosen));
        }
        // Each mention alone, longest mention first, each option in turn.
        let mut alone: Vec<&(usize, Vec<Option_>, bool)> = with.clone();
        alone.sort_by_key(|(i, _, _)| {
            let m = &self.mentions[*i];
            std::cmp::Reverse(m.end - m.start)
        });
        for (i, opts, _) in alone {
            for o in opts {
                plans.push(plan(&[(*i, o)]));
            }
        }
        let cued = role.is_some() || strong.is_some() || weak.is_some();
        if plans.is_empty() && !cued && answer_type.is_some() {
            // No relation named but an answer type (Which companies are in
            // 璧山区?): the entities of that type with any relation to it.
            for m in self.mentions {
                for c in self.candidates(m).into_iter().take(1) {
                    let e = self.iri(c);
                    let mut parse = self.base_parse(&answer_type, count);
                    parse.entities.push(self.entity(m, c));
                    parse
                        .relation
                        .push("?x ?p E | E ?p ?x (any tupu: relation)".to_owned());
                    let ns = crate::vocab::tupu::NAMESPACE;
                    plans.push(Plan::Query {
                        body: format!(
                            "{{ ?x ?p {e} . BIND(?x AS ?s) BIND({e} AS ?o) }} UNION {{ {e} ?p ?x . BIND({e} AS ?s) BIND(?x AS ?o) }} FILTER(STRSTARTS(STR(?p), \"{ns}\")) {ty}"
                        ),
                        evidence: vec![["?s".to_owned(), "?p".to_owned(), "?o".to_owned()]],
                        value: false,
                        count,
                        parse,
                    });
                }
            }
        }
        plans.truncate(MAX_PLANS);
        plans
    }

    /// The default relation of the mention's type and the answer's type.
    fn default_options(&self, m: &Mention, answer: Option<EntityType>) -> Vec<Option_> {
        let Some(answer) = answer else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for c in self.candidates(m) {
            for d in &self.lex.defaults {
                if d.answer == answer && self.types(c).contains(&d.entity) {
                    out.push(Option_ {
                        node: c,
                        predicate: d.predicate,
                        answer: d.answer_side,
                    });
                }
            }
        }
        out
    }
}

fn node_ix(i: usize) -> petgraph::graph::NodeIndex {
    petgraph::graph::NodeIndex::new(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_lexicon_parses_and_bad_rows_are_named() {
        let p = Patterns::bundled().expect("patterns");
        let lex = Lexicon::bundled(&p).expect("bundled lexicon");
        assert!(lex
            .english
            .iter()
            .any(|(en, zh)| en == "mayor" && zh == "市长"));
        let bad = LEXICON_JSON.replacen("\"locatedIn\"]", "\"liesIn\"]", 1);
        let e = Lexicon::parse("x.json", &bad, &p).expect_err("unknown predicate");
        assert!(e.to_string().contains("liesIn"), "{e}");
        let e = Lexicon::parse("x.json", "{", &p).expect_err("malformed");
        assert!(e.to_string().starts_with("x.json:"), "{e}");
    }

    #[test]
    fn cue_words_are_found_longest_first_at_word_boundaries() {
        let p = Patterns::bundled().expect("patterns");
        let lex = Lexicon::bundled(&p).expect("lexicon");
        let chars: Vec<char> = "重庆英才讲堂的主办单位是谁".chars().collect();
        let mut used = vec![false; chars.len()];
        used[..6].iter_mut().for_each(|u| *u = true);
        let hits = lex.hits(&chars, &mut used);
        assert!(
            matches!(hits[0].cue, Cue::Role(Predicate::Hosted, Side::Subject)),
            "主办单位 is a role, not 主办 + 单位: {hits:?}"
        );
        let chars: Vec<char> = "who hosted it".chars().collect();
        let mut used = vec![false; chars.len()];
        let hits = lex.hits(&chars, &mut used);
        assert!(
            hits.iter().all(|h| !matches!(h.cue, Cue::Role(..))),
            "host inside hosted is no role: {hits:?}"
        );
    }
}
