//! `tupu ask`: questions in Chinese or English answered from the graph.
//!
//! [`Asker::load`] reads what every question needs from the store once: the
//! [`KnowledgeGraph`] projection without its evidence (every entity with
//! its types, label and aliases, indexed by the one entity [`Linker`];
//! every entity-to-entity relation), the lexicon of [`compose`] and the
//! question patterns of [`patterns`]. [`Asker::ask`] then:
//!
//! 1. normalises the question ([`normalize_question`]: NFKC, lower case,
//!    the lexicon's English names, `A of the B` → `BA` for Chinese names,
//!    quotes and final punctuation dropped, 年 after a year dropped, white
//!    space next to CJK dropped);
//! 2. reads it compositionally ([`compose`]): the entities named, the cue
//!    words of a relation, attribute or connection, the answer's question
//!    word and type, constraints — one SPARQL query per reading, the first
//!    reading with answers wins;
//! 3. when composition does not understand it, tries the patterns' regexes
//!    in file order (the fallback for shapes composition misses);
//! 4. adds the evidence of each answer (the statement nodes of its triples:
//!    article, sentence, CHARACTER offsets); a list answer is sorted and
//!    deduplicated by entity;
//! 5. for the connection between two entities, finds the shortest paths
//!    with the one path engine, [`KnowledgeGraph::shortest_paths`] (what
//!    `tupu path` prints), and the evidence of every hop.
//!
//! A question neither understands is [`AskError::NotUnderstood`], saying
//! which part was not understood and suggesting the graph's closest
//! entities; never a guess.
//!
//! Answers and evidence are read through an [`AskSource`]: the embedded
//! store ([`LocalSource`], what [`Asker::ask`] uses) or a remote SPARQL
//! endpoint ([`crate::remote::RemoteStore`], see [`remote`]).

pub mod compose;
pub mod linking;
pub mod patterns;
pub mod remote;

use crate::graph::KnowledgeGraph;
pub use crate::projection::Evidence;
use crate::store::{GraphStore, StoreError};
use crate::vocab;
use compose::{Lexicon, LexiconError, Parse, Plan};
use linking::{Linker, MatchLevel};
use oxigraph::model::{NamedNode, NamedNodeRef, Term, TermRef};
use oxigraph::sparql::{CancellationToken, QueryResults};
use patterns::{Family, Match, PatternError, Patterns};
use regex::Regex;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// The longest path, in hops, a connection question looks for.
pub const MAX_HOPS: usize = 3;
/// The most entity-linking readings of a question that are tried (see
/// `Asker::link_slots`).
pub const MAX_READINGS: usize = 3;

/// The most paths a connection question returns.
pub const MAX_PATHS: usize = 5;

/// The most closest entities a "not understood" suggests.
pub const MAX_SUGGESTIONS: usize = 5;

use crate::vocab::SPARQL_PREFIXES as PREFIXES;

/// An error of [`Asker`].
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    /// The pattern file is broken.
    #[error(transparent)]
    Patterns(#[from] PatternError),
    /// The lexicon file is broken.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// The store failed (opening, or a query).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The graph projection could not be read.
    #[error(transparent)]
    Graph(#[from] crate::graph::GraphError),
    /// The remote endpoint failed (network, authentication, HTTP status,
    /// unreadable results), naming its URL.
    #[error(transparent)]
    Remote(#[from] crate::remote::RemoteError),
    /// A query result could not be read.
    #[error("reading query results: {0}")]
    Results(String),
    /// Neither composition nor a pattern understands the question.
    #[error("{}", not_understood_message(question, reason, unlinked, closest))]
    NotUnderstood {
        /// The question as asked.
        question: String,
        /// Which part was not understood (no entity of the graph named, no
        /// relation it knows).
        reason: String,
        /// Words that look like a name the graph does not have, in order.
        unlinked: Vec<String>,
        /// The graph's entities closest to those words (labels or aliases),
        /// best first.
        closest: Vec<String>,
    },
}

fn not_understood_message(
    q: &str,
    reason: &str,
    unlinked: &[String],
    closest: &[String],
) -> String {
    let mut s = format!("not understood: {q:?}\n  {reason}");
    if !unlinked.is_empty() {
        s.push_str(&format!(
            "\n  no entity in the graph is called {}",
            unlinked
                .iter()
                .map(|u| format!("{u:?}"))
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    if !closest.is_empty() {
        s.push_str(&format!("\n  closest entities: {}", closest.join(", ")));
    }
    s
}

/// An entity on a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeRef {
    /// Its label.
    pub name: String,
    /// Its IRI.
    pub iri: String,
}

/// One relation of a path: a stored triple (which may be walked
/// backwards) and its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// The triple's subject.
    pub subject: NodeRef,
    /// Local name of the `tupu:` predicate (`signedAt`).
    pub predicate: String,
    /// The triple's object.
    pub object: NodeRef,
    /// Its statements.
    pub evidence: Vec<Evidence>,
}

/// One answer: an entity (`name` + `iri`), a value, or a path (`nodes` +
/// `hops`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// The entity's label, or the path written out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A literal value (job title, date, amount as written, a count).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The entity's IRI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iri: Option<String>,
    /// Where it is stated, sorted (for a path: every hop's evidence).
    pub evidence: Vec<Evidence>,
    /// For a path: its entities, from the first to the second named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nodes: Option<Vec<NodeRef>>,
    /// For a path: every relation of its hops, in path order (two
    /// entities may be linked by several relations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hops: Option<Vec<Hop>>,
}

/// The answer to a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Response {
    /// The question as asked.
    pub question: String,
    /// The answers, sorted by name or value and one per entity (paths
    /// shortest first).
    pub answers: Vec<Answer>,
    /// The SPARQL that was run (for a path question: the projection query
    /// the walk ran on and the evidence query of one hop).
    pub sparql: String,
    /// How composition read the question (absent when a pattern answered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parse: Option<Parse>,
    /// `compose`, or the id of the pattern that matched.
    #[serde(skip)]
    pub pattern: String,
}

/// `A of the B` with Chinese names, as Chinese writes it: `BA` (the
/// 新闻发布会 of the 2021智博会 → 2021智博会新闻发布会).
fn of_reordered(s: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(\p{Han}[\p{Han}0-9]*)\s+of\s+(?:the\s+)?([0-9]*\s*\p{Han}[\p{Han}0-9]*)")
            .expect("static regex")
    });
    re.replace_all(s, |c: &regex::Captures<'_>| {
        format!("{}{}", c[2].replace(' ', ""), &c[1])
    })
    .into_owned()
}

/// Normalises a question for composition and the patterns (see the module
/// doc); `english` is the lexicon's English → Chinese list, longest first.
pub fn normalize_question(q: &str, english: &[(String, String)]) -> String {
    let mut s: String = q
        .nfkc()
        .map(|c| match c {
            '’' | '‘' | '`' => '\'',
            c => c,
        })
        .filter(|c| !linking::is_quote(*c))
        .flat_map(char::to_lowercase)
        .collect();
    for (en, zh) in english {
        s = replace_words(&s, en, zh);
    }
    let s = of_reordered(&s);
    let s = linking::drop_year_suffix(&s);
    let s = s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '?' | '!' | '.' | '。' | '？' | '！' | '，' | ',' | '；' | ';'
            )
    });
    // White space: runs collapse to one space, and vanish next to a
    // non-ASCII character.
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            if before.is_some_and(|c| c.is_ascii()) && after.is_some_and(|c| c.is_ascii()) {
                out.push(' ');
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// `s` with every occurrence of the English `word` (not inside a longer
/// ASCII word) replaced by `by`.
fn replace_words(s: &str, word: &str, by: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(word) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + word.len()..].chars().next();
        let bounded = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_alphanumeric());
        out.push_str(&rest[..i]);
        if bounded(before) && bounded(after) {
            out.push_str(by);
        } else {
            out.push_str(word);
        }
        rest = &rest[i + word.len()..];
    }
    out.push_str(rest);
    out
}

/// Everything a question needs, loaded once per command.
#[derive(Debug)]
pub struct Asker {
    patterns: Patterns,
    lexicon: Lexicon,
    graph: KnowledgeGraph,
}

/// The relation query shown by `--explain` for a path answer (the walk
/// itself runs over the projection loaded by [`Asker::load`]).
const EDGES_QUERY: &str = "SELECT DISTINCT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?o) && STRSTARTS(STR(?p), \"https://tupu.dev/ontology#\")
         && STRSTARTS(STR(?s), \"https://tupu.dev/id/\") && STRSTARTS(STR(?o), \"https://tupu.dev/id/\"))
}";

fn term_str(t: Option<&Term>) -> Option<String> {
    match t? {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::Literal(l) => Some(l.value().to_owned()),
        Term::BlankNode(b) => Some(b.as_str().to_owned()),
    }
}

/// Where an [`Asker`] reads answers and evidence: the embedded store
/// ([`LocalSource`]) or a remote SPARQL endpoint
/// ([`crate::remote::RemoteStore`], implemented in [`remote`]).
pub trait AskSource {
    /// Runs a SPARQL SELECT (default graph: the union of the article
    /// graphs) and returns its rows as variable name → term; an ASK,
    /// CONSTRUCT or DESCRIBE gives no rows.
    ///
    /// Errors: [`AskError::Store`], [`AskError::Remote`] or
    /// [`AskError::Results`] when the query fails.
    fn select(&self, sparql: &str) -> Result<Vec<BTreeMap<String, Term>>, AskError>;

    /// The sources (article, sentence, evidence span, CHARACTER offsets) of
    /// every statement node of the triple `subject predicate object`,
    /// sorted and without duplicates, as
    /// [`crate::projection::statement_sources`].
    ///
    /// Errors: as [`AskSource::select`].
    fn statement_sources(
        &self,
        subject: NamedNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
        object: TermRef<'_>,
    ) -> Result<Vec<Evidence>, AskError>;
}

/// The embedded store as an [`AskSource`]: SPARQL on the store, evidence by
/// indexed look-ups ([`crate::projection::statement_sources`]).
///
/// With a cancellation token ([`LocalSource::with_cancellation`]) every
/// query of a question stops once the token is cancelled: the question then
/// fails with [`AskError::Store`] wrapping Oxigraph's cancellation (the
/// deadline of `tupu ask --timeout` and of `/ask` in `tupu serve`).
pub struct LocalSource<'a> {
    store: &'a dyn GraphStore,
    cancel: CancellationToken,
}

impl<'a> LocalSource<'a> {
    /// The store as a source whose queries run to the end.
    pub fn new(store: &'a dyn GraphStore) -> Self {
        Self::with_cancellation(store, CancellationToken::new())
    }

    /// The store as a source whose queries stop once `cancel` is cancelled
    /// (Oxigraph checks it at every read of the store and, in tupu's
    /// patched evaluator, inside in-memory joins and aggregates).
    pub fn with_cancellation(store: &'a dyn GraphStore, cancel: CancellationToken) -> Self {
        LocalSource { store, cancel }
    }
}

impl AskSource for LocalSource<'_> {
    fn select(&self, sparql: &str) -> Result<Vec<BTreeMap<String, Term>>, AskError> {
        let mut rows = Vec::new();
        let results = self.store.query_cancellable(sparql, self.cancel.clone())?;
        if let QueryResults::Solutions(sols) = results {
            for sol in sols {
                let sol = sol.map_err(|e| AskError::Results(e.to_string()))?;
                rows.push(
                    sol.iter()
                        .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                        .collect(),
                );
            }
        }
        Ok(rows)
    }

    fn statement_sources(
        &self,
        subject: NamedNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
        object: TermRef<'_>,
    ) -> Result<Vec<Evidence>, AskError> {
        Ok(crate::projection::statement_sources(
            self.store.oxigraph(),
            subject,
            predicate,
            object,
        )?)
    }
}

/// The evidence of the triple `s p o` (`o` an entity or a literal value):
/// the sources of its statement nodes, read by
/// [`AskSource::statement_sources`] (locally indexed look-ups from the
/// subject; a SPARQL join over every statement of a million-quad store took
/// hundreds of milliseconds). A symmetric predicate (`signedWith`) is looked
/// up in both directions.
fn statement_evidence(
    src: &dyn AskSource,
    s: &Term,
    p: &Term,
    o: &Term,
) -> Result<Vec<Evidence>, AskError> {
    let (Term::NamedNode(s), Term::NamedNode(p)) = (s, p) else {
        return Ok(Vec::new());
    };
    let mut sources = src.statement_sources(s.as_ref(), p.as_ref(), o.as_ref())?;
    let symmetric = vocab::predicate_from_iri(p.as_ref()).is_some_and(|p| p.is_symmetric());
    if let (true, Term::NamedNode(o)) = (symmetric, o) {
        sources.extend(src.statement_sources(o.as_ref(), p.as_ref(), s.as_ref().into())?);
    }
    Ok(sources)
}

/// The comment that `--explain` shows after the answer query: how each
/// answer's evidence is found (the statement nodes of the triple `s p o`).
fn evidence_comment([s, p, o]: &[String; 3]) -> String {
    format!(
        "# evidence of each answer: the statement nodes ?st with rdf:subject {s} ;
#   rdf:predicate {p} ; rdf:object {o} (either direction for tupu:signedWith),
#   with prov:wasDerivedFrom ?article, tupu:evidenceText ?sentence,
#   tupu:startOffset ?start, tupu:endOffset ?end (read by index)\n"
    )
}

/// A type constraint on `?x` as a filter evaluated once `?x` is bound
/// (`FILTER EXISTS { ?x a tupu:Company . }`); empty for none. As a plain
/// join, `?x a tupu:Organization` made the query engine start from every
/// organisation of the store (over 100 ms on the xwlb graph).
fn type_filter(constraint: Option<&str>) -> String {
    match constraint.map(str::trim) {
        Some(c) if !c.is_empty() => format!("FILTER EXISTS {{ {c} }}"),
        _ => String::new(),
    }
}

/// A number in SPARQL decimal syntax.
fn decimal(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e18 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

impl Asker {
    /// Loads entities and relations from `store` (indexed scans of
    /// [`crate::projection`], no SPARQL join: fast on a million quads) and
    /// compiles the bundled lexicon and patterns.
    ///
    /// Errors: [`AskError::Graph`] if the store cannot be read,
    /// [`AskError::Patterns`] or [`AskError::Lexicon`] if a bundled file is
    /// broken.
    pub fn load(store: &dyn GraphStore) -> Result<Self, AskError> {
        Self::from_oxigraph(store.oxigraph())
    }

    /// Like [`Asker::load`], from any Oxigraph store holding (at least) the
    /// entities' `rdf:type`, `rdfs:label`, `skos:altLabel` and the relation
    /// triples between entities — the whole graph, or the part of a remote
    /// store that `crate::remote::RemoteStore::entity_index` fetched.
    ///
    /// Errors: as [`Asker::load`].
    pub fn from_oxigraph(store: &oxigraph::store::Store) -> Result<Self, AskError> {
        let patterns = Patterns::bundled()?;
        let lexicon = Lexicon::bundled(&patterns)?;
        let graph = KnowledgeGraph::from_oxigraph(store, false)?;
        Ok(Asker {
            patterns,
            lexicon,
            graph,
        })
    }

    /// The compiled patterns.
    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    /// The compiled lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The entity index.
    pub fn linker(&self) -> &Linker {
        self.graph.linker()
    }

    /// The graph projection (without evidence) the questions walk.
    pub fn graph(&self) -> &KnowledgeGraph {
        &self.graph
    }

    /// Answers `question` from `store` (the store [`Asker::load`] read).
    ///
    /// Errors: [`AskError::NotUnderstood`] when neither composition nor a
    /// pattern understands it (with what was missing and the closest
    /// entities); [`AskError::Store`] when a query fails.
    pub fn ask(&self, store: &dyn GraphStore, question: &str) -> Result<Response, AskError> {
        self.ask_from(&LocalSource::new(store), question)
    }

    /// Answers `question` from `src` (the embedded store, or a remote
    /// endpoint holding the graph the entity index was loaded from), as
    /// [`Asker::ask`].
    ///
    /// Errors: as [`Asker::ask`]; [`AskError::Remote`] when the endpoint
    /// fails.
    pub fn ask_from(&self, store: &dyn AskSource, question: &str) -> Result<Response, AskError> {
        let q = normalize_question(question, &self.lexicon.english);
        let misunderstood = match self.lexicon.understand(&q, &self.graph, &self.patterns) {
            Ok(plans) => {
                // The first reading with answers; the best reading's (empty)
                // response otherwise — unless a pattern answers.
                let mut first = None;
                for plan in &plans {
                    let r = self.run_plan(store, question, plan, "compose")?;
                    if !r.answers.is_empty() {
                        return Ok(r);
                    }
                    first.get_or_insert(r);
                }
                if let Ok(r) = self.ask_patterns(store, question, &q)? {
                    if !r.answers.is_empty() {
                        return Ok(r);
                    }
                }
                if let Some(r) = first {
                    return Ok(r);
                }
                None
            }
            Err(m) => Some(m),
        };
        match self.ask_patterns(store, question, &q)? {
            Ok(r) => Ok(r),
            Err(mut unlinked) => {
                let (reason, entities) = match misunderstood {
                    Some(m) => {
                        for u in m.unlinked {
                            if !unlinked.contains(&u) {
                                unlinked.push(u);
                            }
                        }
                        (m.reason, m.entities)
                    }
                    None => ("no reading of it has answers".to_owned(), Vec::new()),
                };
                let reason = if entities.is_empty() {
                    reason
                } else {
                    format!("{reason} (found {})", entities.join(", "))
                };
                let mut closest = Vec::new();
                for u in &unlinked {
                    for c in self.linker().closest(u, MAX_SUGGESTIONS) {
                        if !closest.contains(&c) && closest.len() < MAX_SUGGESTIONS {
                            closest.push(c);
                        }
                    }
                }
                Err(AskError::NotUnderstood {
                    question: question.to_owned(),
                    reason,
                    unlinked,
                    closest,
                })
            }
        }
    }

    /// The patterns' answer: the first match whose slots link, or the
    /// names that did not link.
    fn ask_patterns(
        &self,
        store: &dyn AskSource,
        question: &str,
        q: &str,
    ) -> Result<Result<Response, Vec<String>>, AskError> {
        let mut unlinked = Vec::new();
        for m in self.patterns.matches(q) {
            match self.link_slots(&m) {
                Ok(readings) => {
                    let mut first = None;
                    for slots in readings {
                        let Some(plan) = self.pattern_plan(&m, &slots) else {
                            continue;
                        };
                        let id = self.patterns.defs[m.pattern].id.clone();
                        let r = self.run_plan(store, question, &plan, &id)?;
                        if !r.answers.is_empty() {
                            return Ok(Ok(r));
                        }
                        first.get_or_insert(r);
                    }
                    if let Some(r) = first {
                        return Ok(Ok(r));
                    }
                }
                Err(name) => {
                    if !unlinked.contains(&name) {
                        unlinked.push(name);
                    }
                }
            }
        }
        Ok(Err(unlinked))
    }

    /// Links every entity slot of a match: the readings (slot name → entity
    /// index) to try, best first, or the first unlinked mention.
    ///
    /// Entity linking is ambiguous in a large graph (two articles may give
    /// 两江新区 and 重庆两江新区 as separate entities of one type): the best
    /// reading comes first and, for a one-slot question, up to
    /// [`MAX_READINGS`] - 1 next candidates of the same type matched by
    /// label or alias (not fuzzily) follow, so that a reading whose entity has the asked relation is
    /// found (a common re-ranking step of question answering over knowledge
    /// graphs: prefer the candidate the query answers).
    fn link_slots(&self, m: &Match) -> Result<Vec<BTreeMap<String, usize>>, String> {
        let def = &self.patterns.defs[m.pattern];
        let mut best = BTreeMap::new();
        let mut alternatives: Vec<(String, usize)> = Vec::new();
        for (slot, preferred) in &def.slots {
            let text = m.groups.get(slot).map(String::as_str).unwrap_or("");
            let text = text.strip_prefix("the ").unwrap_or(text).trim();
            let cands = self.linker().candidates(text, preferred);
            let Some(top) = cands.first() else {
                return Err(text.to_owned());
            };
            best.insert(slot.clone(), top.entity);
            if def.slots.len() == 1 {
                let same_type = |ix: usize| {
                    let e = &self.linker().entities()[ix];
                    let t = &self.linker().entities()[top.entity];
                    e.types.intersection(&t.types).next().is_some()
                };
                alternatives.extend(
                    cands
                        .iter()
                        .skip(1)
                        .filter(|c| {
                            c.level.min(top.level) >= MatchLevel::Alias && same_type(c.entity)
                        })
                        .take(MAX_READINGS - 1)
                        .map(|c| (slot.clone(), c.entity)),
                );
            }
        }
        let mut readings = vec![best.clone()];
        for (slot, ix) in alternatives {
            let mut r = best.clone();
            r.insert(slot, ix);
            readings.push(r);
        }
        Ok(readings)
    }

    fn iri(&self, ix: usize) -> String {
        format!("<{}>", self.linker().entities()[ix].iri)
    }

    fn node_ref(&self, ix: petgraph::graph::NodeIndex) -> NodeRef {
        let e = self.graph.node(ix);
        NodeRef {
            name: e.label.clone(),
            iri: e.iri.clone(),
        }
    }

    /// The plan of a pattern match with its slots linked; `None` when the
    /// match lacks what its family needs (a verb of the table, two ends of
    /// a path).
    fn pattern_plan(&self, m: &Match, slots: &BTreeMap<String, usize>) -> Option<Plan> {
        let def = &self.patterns.defs[m.pattern];
        if def.family == Family::Path {
            let (a, b) = (slots.get("X")?, slots.get("Y")?);
            return Some(Plan::Path {
                from: *a,
                to: *b,
                parse: Parse::default(),
            });
        }
        let template = def.template.clone().unwrap_or_default();
        let [es, ep, eo] = def.evidence.clone().unwrap_or_default();
        let mut subst: Vec<(String, String)> = slots
            .iter()
            .map(|(k, &ix)| (format!("{{{k}}}"), self.iri(ix)))
            .collect();
        let type_constraint = m
            .groups
            .get("T")
            .and_then(|t| self.patterns.type_constraint(t))
            .or(def.default_type.as_deref())
            .unwrap_or("");
        subst.push(("{TYPE}".to_owned(), type_filter(Some(type_constraint))));
        if let Some(v) = m.groups.get("V") {
            let verb = self.patterns.verb(v)?;
            let other = slots
                .get("E")
                .or_else(|| slots.get("X"))
                .map(|&ix| self.iri(ix))
                .unwrap_or_default();
            // The answer is the agent (VerbAgent) or the patient.
            let answer_is_agent = def.family == Family::VerbAgent;
            let agent_is_subject = verb.agent == "subject";
            let (s, o) = if answer_is_agent == agent_is_subject {
                ("?x".to_owned(), other)
            } else {
                (other, "?x".to_owned())
            };
            subst.push(("{S}".to_owned(), s));
            subst.push(("{O}".to_owned(), o));
            subst.push(("{P}".to_owned(), format!("tupu:{}", verb.predicate)));
        }
        if let (Some(c), Some(n), Some(u)) =
            (m.groups.get("CMP"), m.groups.get("N"), m.groups.get("UNIT"))
        {
            let op = self.patterns.comparator(c).unwrap_or(">");
            let n: f64 = n.parse().unwrap_or(0.0);
            let yuan = n * self.patterns.unit(u).unwrap_or(1.0);
            subst.push(("{CMP}".to_owned(), op.to_owned()));
            subst.push(("{N}".to_owned(), decimal(yuan)));
        }
        let fill = |s: &str| {
            let mut s = s.to_owned();
            for (k, v) in &subst {
                s = s.replace(k.as_str(), v);
            }
            s
        };
        let value = def.family == Family::Value;
        let count = !value
            && (m
                .groups
                .get("WHICH")
                .is_some_and(|w| (w.contains("多少") || w.contains('几')) && !w.contains('哪')));
        Some(Plan::Query {
            body: fill(&template),
            evidence: vec![[fill(&es), fill(&ep), fill(&eo)]],
            value,
            count,
            parse: Parse::default(),
        })
    }

    /// Runs one plan: the query and the evidence of each answer, or the
    /// paths. `id` names the reading (`compose` or a pattern id).
    fn run_plan(
        &self,
        store: &dyn AskSource,
        question: &str,
        plan: &Plan,
        id: &str,
    ) -> Result<Response, AskError> {
        let (body, triples, value, count, parse) = match plan {
            Plan::Path { from, to, parse } => {
                let mut r = self.paths(store, question, id, *from, *to)?;
                r.parse = (id == "compose").then(|| parse.clone());
                return Ok(r);
            }
            Plan::Query {
                body,
                evidence,
                value,
                count,
                parse,
            } => (body, evidence, *value, *count, parse),
        };
        let var = if value { "?v" } else { "?x" };
        let mut vars: Vec<&str> = vec![var];
        if !value {
            vars.push("?label");
        }
        for t in triples.iter().flatten() {
            if t.starts_with('?') && !vars.contains(&t.as_str()) {
                vars.push(t);
            }
        }
        let mut sparql = format!(
            "{PREFIXES}SELECT DISTINCT {} WHERE {{\n  {body}\n",
            vars.join(" "),
        );
        if !value {
            sparql.push_str("  OPTIONAL { ?x rdfs:label ?label }\n");
        }
        sparql.push_str(&format!("}}\nORDER BY {var}\n"));
        for t in triples {
            sparql.push_str(&evidence_comment(t));
        }

        let mut acc: BTreeMap<String, (Option<String>, BTreeSet<Evidence>)> = BTreeMap::new();
        for row in store.select(&sparql)? {
            let Some(key) = term_str(row.get(&var[1..])) else {
                continue;
            };
            let entry = acc.entry(key).or_default();
            if let Some(l) = term_str(row.get("label")) {
                if entry.0.as_ref().is_none_or(|old| l < *old) {
                    entry.0 = Some(l);
                }
            }
            let resolve = |t: &str| -> Option<Term> {
                if let Some(v) = t.strip_prefix('?') {
                    row.get(v).cloned()
                } else if let Some(local) = t.strip_prefix("tupu:") {
                    Some(
                        NamedNode::new_unchecked(format!("{}{local}", vocab::tupu::NAMESPACE))
                            .into(),
                    )
                } else {
                    let iri = t.strip_prefix('<')?.strip_suffix('>')?;
                    Some(NamedNode::new_unchecked(iri).into())
                }
            };
            for triple in triples {
                if let (Some(s), Some(p), Some(o)) = (
                    resolve(&triple[0]),
                    resolve(&triple[1]),
                    resolve(&triple[2]),
                ) {
                    entry.1.extend(statement_evidence(store, &s, &p, &o)?);
                }
            }
        }
        if !value {
            // A branch whose parent organisation is also an answer stands
            // for its parent (腾讯云工业互联网智能产业总部 → 腾讯公司).
            let answers: BTreeSet<String> = acc.keys().cloned().collect();
            let g = &self.graph;
            acc.retain(|iri, _| {
                let Some(ix) = g.by_iri(iri) else { return true };
                !g.graph()
                    .edges_directed(ix, petgraph::Direction::Outgoing)
                    .any(|e| {
                        use petgraph::visit::EdgeRef;
                        e.weight().predicate == crate::annotation::Predicate::SubOrganizationOf
                            && answers.contains(&g.node(e.target()).iri)
                    })
            });
        }
        let mut answers: Vec<Answer> = acc
            .into_iter()
            .map(|(key, (label, ev))| {
                let evidence: Vec<Evidence> = ev.into_iter().collect();
                if value {
                    Answer {
                        name: None,
                        value: Some(key),
                        iri: None,
                        evidence,
                        nodes: None,
                        hops: None,
                    }
                } else {
                    let name =
                        label.or_else(|| self.linker().by_iri(&key).map(|e| e.label.clone()));
                    Answer {
                        name,
                        value: None,
                        iri: Some(key),
                        evidence,
                        nodes: None,
                        hops: None,
                    }
                }
            })
            .collect();
        answers.sort_by(|a, b| {
            (a.name.as_ref(), a.value.as_ref(), a.iri.as_ref()).cmp(&(
                b.name.as_ref(),
                b.value.as_ref(),
                b.iri.as_ref(),
            ))
        });
        if count {
            let evidence: BTreeSet<Evidence> = answers
                .iter()
                .flat_map(|a| a.evidence.iter().cloned())
                .collect();
            answers = vec![Answer {
                name: None,
                value: Some(answers.len().to_string()),
                iri: None,
                evidence: evidence.into_iter().collect(),
                nodes: None,
                hops: None,
            }];
        }
        Ok(Response {
            question: question.to_owned(),
            answers,
            sparql,
            parse: (id == "compose").then(|| parse.clone()),
            pattern: id.to_owned(),
        })
    }

    /// The shortest paths (up to [`MAX_HOPS`] hops, at most [`MAX_PATHS`])
    /// from entity `a` to entity `b`, relations walked either way, by the
    /// one path engine [`KnowledgeGraph::shortest_paths`] (the paths of
    /// `tupu path`). Each relation of each hop gets its evidence from
    /// `store`.
    fn paths(
        &self,
        store: &dyn AskSource,
        question: &str,
        id: &str,
        a: usize,
        b: usize,
    ) -> Result<Response, AskError> {
        let (a, b) = (
            petgraph::graph::NodeIndex::new(a),
            petgraph::graph::NodeIndex::new(b),
        );
        let paths = if a == b {
            Vec::new()
        } else {
            self.graph.shortest_paths(a, b, MAX_PATHS, MAX_HOPS)
        };
        let mut sparql = format!(
            "# the walk runs in memory over the relations this query selects (read by index)\n{PREFIXES}{EDGES_QUERY}\n"
        );
        let mut answers = Vec::new();
        for p in paths {
            let nodes: Vec<NodeRef> = p.nodes.iter().map(|&n| self.node_ref(n)).collect();
            let mut hops = Vec::new();
            let mut all_ev = BTreeSet::new();
            let mut text = self.node_ref(a).name;
            for h in &p.hops {
                for &e in &h.edges {
                    let (s, o, rel) = self.graph.edge(e);
                    let (sn, on) = (self.graph.node(s), self.graph.node(o));
                    let p_iri: Term = vocab::predicate(rel.predicate).into_owned().into();
                    let evidence: BTreeSet<Evidence> = statement_evidence(
                        store,
                        &NamedNode::new_unchecked(&sn.iri).into(),
                        &p_iri,
                        &NamedNode::new_unchecked(&on.iri).into(),
                    )?
                    .into_iter()
                    .collect();
                    if hops.is_empty() {
                        sparql.push_str(&evidence_comment(&[
                            format!("<{}>", sn.iri),
                            format!("tupu:{}", rel.predicate.as_str()),
                            format!("<{}>", on.iri),
                        ]));
                    }
                    all_ev.extend(evidence.iter().cloned());
                    hops.push(Hop {
                        subject: self.node_ref(s),
                        predicate: rel.predicate.as_str().to_owned(),
                        object: self.node_ref(o),
                        evidence: evidence.into_iter().collect(),
                    });
                }
                let (first, _, rel) = self.graph.edge(h.edges[0]);
                let next = self.node_ref(h.to).name;
                if first == h.from {
                    text.push_str(&format!(" —{}→ {next}", rel.predicate.as_str()));
                } else {
                    text.push_str(&format!(" ←{}— {next}", rel.predicate.as_str()));
                }
            }
            answers.push(Answer {
                name: Some(text),
                value: None,
                iri: None,
                evidence: all_ev.into_iter().collect(),
                nodes: Some(nodes),
                hops: Some(hops),
            });
        }
        Ok(Response {
            question: question.to_owned(),
            answers,
            sparql,
            parse: None,
            pattern: id.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_normalised_for_the_patterns() {
        let p = Patterns::bundled().expect("patterns");
        let lex = Lexicon::bundled(&p).expect("lexicon");
        assert_eq!(
            normalize_question("「2021年智博会」上有哪些企业签了约？", &lex.english),
            "2021智博会上有哪些企业签了约"
        );
        assert_eq!(
            normalize_question("Who hosted the 2021 Smart China Expo?", &lex.english),
            "who hosted the 2021智博会"
        );
        assert_eq!(
            normalize_question("What is 李书福’s  job title?", &lex.english),
            "what is李书福's job title"
        );
    }

    #[test]
    fn amounts_are_written_as_decimals() {
        assert_eq!(decimal(15.0 * 1e8), "1500000000");
        assert_eq!(decimal(1.5), "1.5");
    }
}
