//! `tupu ask`: questions in Chinese or English answered from the graph.
//!
//! [`Asker::load`] reads what every question needs from the store once (every
//! entity with its types, label and aliases; every entity-to-entity
//! relation) and compiles the question patterns of
//! `data/questions/patterns.json` ([`patterns`]). [`Asker::ask`] then:
//!
//! 1. normalises the question ([`normalize_question`]: NFKC, lower case,
//!    glossary of English names, quotes and final punctuation dropped, 年
//!    after a year dropped, white space next to CJK dropped);
//! 2. tries the patterns' regexes in file order; the first match whose
//!    entity slots all link ([`linking`]) wins;
//! 3. fills the pattern's SPARQL template with the linked IRIs, the type
//!    constraint of the question's type word (公司 → `tupu:Company`, 官员 →
//!    a Person with a job title, …), the verb's predicate and direction, an
//!    amount in yuan; adds the evidence of each answer (the statement node
//!    of its triple: article, sentence, CHARACTER offsets) and runs it;
//! 4. for the connection between two entities, finds the shortest paths (at
//!    most [`MAX_HOPS`] hops, at most [`MAX_PATHS`] of them) over the
//!    relations, with the evidence of every hop.
//!
//! A question no pattern matches, or whose entities are not in the graph,
//! is [`AskError::NotUnderstood`] with the closest patterns; never a guess.
//!
//! Answers and evidence are read through an [`AskSource`]: the embedded
//! store ([`LocalSource`], what [`Asker::ask`] uses) or a remote SPARQL
//! endpoint (`crate::remote::RemoteStore`, for `tupu ask --endpoint`).

pub mod linking;
pub mod patterns;

use crate::projection::{self, StatementSource};
use crate::store::{GraphStore, StoreError};
use crate::vocab;
use linking::{Linker, MatchLevel};
use oxigraph::model::{NamedNode, NamedNodeRef, Term, TermRef};
use oxigraph::sparql::QueryResults;
use patterns::{Family, Match, PatternError, Patterns};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use unicode_normalization::UnicodeNormalization;

/// The longest path, in hops, a connection question looks for.
pub const MAX_HOPS: usize = 3;
/// The most entity-linking readings of a question that are tried (see
/// `Asker::link_slots`).
pub const MAX_READINGS: usize = 3;

/// The most paths a connection question returns.
pub const MAX_PATHS: usize = 5;

const PREFIXES: &str = "PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX tupu: <https://tupu.dev/ontology#>
";

/// An error of [`Asker`].
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    /// The pattern file is broken.
    #[error(transparent)]
    Patterns(#[from] PatternError),
    /// The store failed (opening, or a query).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The remote endpoint failed (network, authentication, HTTP status,
    /// unreadable results), naming its URL.
    #[error(transparent)]
    Remote(#[from] crate::remote::RemoteError),
    /// A query result could not be read.
    #[error("reading query results: {0}")]
    Results(String),
    /// No pattern matches the question, or its entities are not in the graph.
    #[error("{}", not_understood_message(question, unlinked, closest))]
    NotUnderstood {
        /// The question as asked.
        question: String,
        /// Names a pattern matched but the graph does not have, in order.
        unlinked: Vec<String>,
        /// The closest patterns: (id, example question), best first.
        closest: Vec<(String, String)>,
    },
}

fn not_understood_message(q: &str, unlinked: &[String], closest: &[(String, String)]) -> String {
    let mut s = format!("not understood: {q:?}");
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
    s.push_str("\n  closest patterns:");
    for (id, ex) in closest {
        s.push_str(&format!("\n    {id}: {ex}"));
    }
    s
}

/// Where an answer is stated: one statement node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    /// The article id.
    pub article: String,
    /// The sentence stating the fact (`tupu:evidenceText`).
    pub sentence: Option<String>,
    /// Start CHARACTER offset of the evidence in the original article file.
    pub start: Option<u64>,
    /// End CHARACTER offset (exclusive).
    pub end: Option<u64>,
}

/// An entity on a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeRef {
    /// Its label.
    pub name: String,
    /// Its IRI.
    pub iri: String,
}

/// One hop of a path: a stored triple (which may be walked backwards) and
/// its evidence.
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
    /// For a path: its hops, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hops: Option<Vec<Hop>>,
}

/// The answer to a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Response {
    /// The question as asked.
    pub question: String,
    /// The answers, sorted by name or value (paths shortest first).
    pub answers: Vec<Answer>,
    /// The SPARQL that was run (for a path question: the projection query
    /// the walk ran on and the evidence query of one hop).
    pub sparql: String,
    /// The id of the pattern that matched.
    #[serde(skip)]
    pub pattern: String,
}

/// Normalises a question for the patterns (see the module doc); the result
/// is what the regexes of `patterns.json` see.
pub fn normalize_question(q: &str, glossary: &[(String, String)]) -> String {
    let mut s: String = q
        .nfkc()
        .map(|c| match c {
            '’' | '‘' | '`' => '\'',
            c => c,
        })
        .filter(|c| !linking::is_quote(*c))
        .flat_map(char::to_lowercase)
        .collect();
    for (en, zh) in glossary {
        s = s.replace(en.as_str(), zh);
    }
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

/// A relation between two entities (indices into the linker's entities).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    s: usize,
    p: String,
    o: usize,
}

/// Everything a question needs, loaded once per command.
#[derive(Debug)]
pub struct Asker {
    patterns: Patterns,
    linker: Linker,
    edges: Vec<Edge>,
    /// For each entity, the indices into `edges` it takes part in.
    adjacency: Vec<Vec<usize>>,
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
/// (`crate::remote::RemoteStore`).
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
    /// [`projection::statement_sources`].
    ///
    /// Errors: as [`AskSource::select`].
    fn statement_sources(
        &self,
        subject: NamedNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
        object: TermRef<'_>,
    ) -> Result<Vec<StatementSource>, AskError>;
}

/// The embedded store as an [`AskSource`]: SPARQL on the store, evidence by
/// indexed look-ups ([`projection::statement_sources`]).
pub struct LocalSource<'a>(pub &'a dyn GraphStore);

impl AskSource for LocalSource<'_> {
    fn select(&self, sparql: &str) -> Result<Vec<BTreeMap<String, Term>>, AskError> {
        let mut rows = Vec::new();
        if let QueryResults::Solutions(sols) = self.0.query(sparql)? {
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
    ) -> Result<Vec<StatementSource>, AskError> {
        Ok(projection::statement_sources(
            self.0.oxigraph(),
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
    Ok(sources
        .into_iter()
        .map(|src| Evidence {
            article: src.article,
            sentence: src.sentence,
            start: src.start,
            end: src.end,
        })
        .collect())
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
    /// compiles the bundled patterns.
    ///
    /// Errors: [`AskError::Store`] if a query fails, [`AskError::Patterns`]
    /// if the bundled pattern file is broken.
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
        let (entities, relations) = linking::load_entities(store)?;
        let raw_edges: Vec<(String, String, String)> = relations
            .into_iter()
            .map(|t| (t.subject, t.predicate.as_str().to_owned(), t.object))
            .collect();
        let linker = Linker::new(entities);
        let index: BTreeMap<&str, usize> = linker
            .entities()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.iri.as_str(), i))
            .collect();
        let mut edges: Vec<Edge> = raw_edges
            .iter()
            .filter_map(|(s, p, o)| {
                Some(Edge {
                    s: *index.get(s.as_str())?,
                    p: p.clone(),
                    o: *index.get(o.as_str())?,
                })
            })
            .collect();
        edges.sort();
        edges.dedup();
        let mut adjacency = vec![Vec::new(); linker.entities().len()];
        for (i, e) in edges.iter().enumerate() {
            adjacency[e.s].push(i);
            if e.o != e.s {
                adjacency[e.o].push(i);
            }
        }
        Ok(Asker {
            patterns,
            linker,
            edges,
            adjacency,
        })
    }

    /// The compiled patterns.
    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    /// The entity index.
    pub fn linker(&self) -> &Linker {
        &self.linker
    }

    /// Answers `question` from `store` (the store [`Asker::load`] read).
    ///
    /// Errors: [`AskError::NotUnderstood`] when no pattern matches with all
    /// its entities in the graph (with the 3 closest patterns);
    /// [`AskError::Store`] when a query fails.
    pub fn ask(&self, store: &dyn GraphStore, question: &str) -> Result<Response, AskError> {
        self.ask_from(&LocalSource(store), question)
    }

    /// Answers `question` from `src` (the embedded store, or a remote
    /// endpoint holding the graph the entity index was loaded from), as
    /// [`Asker::ask`].
    ///
    /// Errors: as [`Asker::ask`]; [`AskError::Remote`] when the endpoint
    /// fails.
    pub fn ask_from(&self, store: &dyn AskSource, question: &str) -> Result<Response, AskError> {
        let q = normalize_question(question, &self.patterns.glossary);
        let mut unlinked = Vec::new();
        for m in self.patterns.matches(&q) {
            match self.link_slots(&m) {
                Ok(readings) => {
                    // The first reading whose query has answers; the best
                    // reading's (empty) response otherwise.
                    let mut first = None;
                    for slots in readings {
                        let r = self.answer(store, question, &q, &m, &slots)?;
                        if !r.answers.is_empty() {
                            return Ok(r);
                        }
                        first.get_or_insert(r);
                    }
                    if let Some(r) = first {
                        return Ok(r);
                    }
                }
                Err(name) => {
                    if !unlinked.contains(&name) {
                        unlinked.push(name);
                    }
                }
            }
        }
        Err(AskError::NotUnderstood {
            question: question.to_owned(),
            unlinked,
            closest: self.patterns.closest(&q, 3),
        })
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
            let cands = self.linker.candidates(text, preferred);
            let Some(top) = cands.first() else {
                return Err(text.to_owned());
            };
            best.insert(slot.clone(), top.entity);
            if def.slots.len() == 1 {
                let same_type = |ix: usize| {
                    let e = &self.linker.entities()[ix];
                    let t = &self.linker.entities()[top.entity];
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
        format!("<{}>", self.linker.entities()[ix].iri)
    }

    fn node(&self, ix: usize) -> NodeRef {
        let e = &self.linker.entities()[ix];
        NodeRef {
            name: e.label.clone(),
            iri: e.iri.clone(),
        }
    }

    fn answer(
        &self,
        store: &dyn AskSource,
        question: &str,
        q: &str,
        m: &Match,
        slots: &BTreeMap<String, usize>,
    ) -> Result<Response, AskError> {
        let def = &self.patterns.defs[m.pattern];
        if def.family == Family::Path {
            let (Some(&a), Some(&b)) = (slots.get("X"), slots.get("Y")) else {
                return Err(AskError::NotUnderstood {
                    question: question.to_owned(),
                    unlinked: Vec::new(),
                    closest: self.patterns.closest(q, 3),
                });
            };
            return self.paths(store, question, &def.id, a, b);
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
        subst.push(("{TYPE}".to_owned(), type_constraint.to_owned()));
        if let Some(v) = m.groups.get("V") {
            let Some(verb) = self.patterns.verb(v) else {
                return Err(AskError::NotUnderstood {
                    question: question.to_owned(),
                    unlinked: Vec::new(),
                    closest: self.patterns.closest(q, 3),
                });
            };
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
        let var = if value { "?v" } else { "?x" };
        let triple = [fill(&es), fill(&ep), fill(&eo)];
        let mut vars: Vec<&str> = vec![var];
        if !value {
            vars.push("?label");
        }
        for t in &triple {
            if t.starts_with('?') && !vars.contains(&t.as_str()) {
                vars.push(t);
            }
        }
        let mut sparql = format!(
            "{PREFIXES}SELECT DISTINCT {} WHERE {{\n  {}\n",
            vars.join(" "),
            fill(&template)
        );
        if !value {
            sparql.push_str("  OPTIONAL { ?x rdfs:label ?label }\n");
        }
        sparql.push_str(&format!("}}\nORDER BY {var}\n"));
        sparql.push_str(&evidence_comment(&triple));

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
            if let (Some(s), Some(p), Some(o)) = (
                resolve(&triple[0]),
                resolve(&triple[1]),
                resolve(&triple[2]),
            ) {
                entry.1.extend(statement_evidence(store, &s, &p, &o)?);
            }
        }
        if !value {
            // A branch whose parent organisation is also an answer stands
            // for its parent (腾讯云工业互联网智能产业总部 → 腾讯公司).
            let answers: BTreeSet<String> = acc.keys().cloned().collect();
            let ents = self.linker.entities();
            acc.retain(|iri, _| {
                !self.edges.iter().any(|e| {
                    e.p == "subOrganizationOf"
                        && ents[e.s].iri == *iri
                        && answers.contains(&ents[e.o].iri)
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
                    let name = label.or_else(|| self.linker.by_iri(&key).map(|e| e.label.clone()));
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
        let count = !value
            && (q.contains("how many")
                || m.groups.get("WHICH").is_some_and(|w| {
                    (w.contains("多少") || w.contains('几')) && !w.contains('哪')
                }));
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
            pattern: def.id.clone(),
        })
    }

    /// The shortest paths (up to [`MAX_HOPS`] hops, at most [`MAX_PATHS`])
    /// from entity `a` to entity `b`, relations walked either way. BFS from
    /// `a`, then every edge sequence along decreasing distance to `b`:
    /// O(V + E) plus the paths enumerated. Each hop gets its evidence by one
    /// SPARQL query.
    fn paths(
        &self,
        store: &dyn AskSource,
        question: &str,
        id: &str,
        a: usize,
        b: usize,
    ) -> Result<Response, AskError> {
        let n = self.adjacency.len();
        let mut dist = vec![usize::MAX; n];
        dist[a] = 0;
        let mut queue = VecDeque::from([a]);
        while let Some(u) = queue.pop_front() {
            if dist[u] >= MAX_HOPS {
                continue;
            }
            for &ei in &self.adjacency[u] {
                let e = &self.edges[ei];
                let v = if e.s == u { e.o } else { e.s };
                if dist[v] == usize::MAX {
                    dist[v] = dist[u] + 1;
                    queue.push_back(v);
                }
            }
        }
        // Walk back from b along edges whose far end is one step closer.
        let mut paths: Vec<Vec<usize>> = Vec::new();
        if a != b && dist[b] != usize::MAX {
            let mut stack: Vec<(usize, Vec<usize>)> = vec![(b, Vec::new())];
            while let Some((u, rev)) = stack.pop() {
                if paths.len() >= MAX_PATHS {
                    break;
                }
                if u == a {
                    let mut p = rev.clone();
                    p.reverse();
                    paths.push(p);
                    continue;
                }
                // Reverse order so that the smallest edge is explored first.
                for &ei in self.adjacency[u].iter().rev() {
                    let e = &self.edges[ei];
                    let v = if e.s == u { e.o } else { e.s };
                    if dist[v] != usize::MAX && dist[v] + 1 == dist[u] {
                        let mut r = rev.clone();
                        r.push(ei);
                        stack.push((v, r));
                    }
                }
            }
        }
        let mut sparql = format!(
            "# the walk runs in memory over the relations this query selects (read by index)\n{PREFIXES}{EDGES_QUERY}\n"
        );
        let mut answers = Vec::new();
        for p in paths {
            let mut nodes = vec![self.node(a)];
            let mut hops = Vec::new();
            let mut all_ev = BTreeSet::new();
            let mut at = a;
            let mut text = self.node(a).name;
            for ei in p {
                let e = &self.edges[ei];
                let (s, o) = (self.iri(e.s), self.iri(e.o));
                let pred = format!("tupu:{}", e.p);
                let p_iri: Term =
                    NamedNode::new_unchecked(format!("{}{}", vocab::tupu::NAMESPACE, e.p)).into();
                let evidence: BTreeSet<Evidence> = statement_evidence(
                    store,
                    &NamedNode::new_unchecked(&self.linker.entities()[e.s].iri).into(),
                    &p_iri,
                    &NamedNode::new_unchecked(&self.linker.entities()[e.o].iri).into(),
                )?
                .into_iter()
                .collect();
                if hops.is_empty() {
                    sparql.push_str(&evidence_comment(&[s, pred, o]));
                }
                all_ev.extend(evidence.iter().cloned());
                let next = if e.s == at { e.o } else { e.s };
                if e.s == at {
                    text.push_str(&format!(" —{}→ {}", e.p, self.node(next).name));
                } else {
                    text.push_str(&format!(" ←{}— {}", e.p, self.node(next).name));
                }
                hops.push(Hop {
                    subject: self.node(e.s),
                    predicate: e.p.clone(),
                    object: self.node(e.o),
                    evidence: evidence.into_iter().collect(),
                });
                nodes.push(self.node(next));
                at = next;
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
        assert_eq!(
            normalize_question("「2021年智博会」上有哪些企业签了约？", &p.glossary),
            "2021智博会上有哪些企业签了约"
        );
        assert_eq!(
            normalize_question("Who hosted the 2021 Smart China Expo?", &p.glossary),
            "who hosted the 2021智博会"
        );
        assert_eq!(
            normalize_question("What is 李书福’s  job title?", &p.glossary),
            "what is李书福's job title"
        );
    }

    #[test]
    fn amounts_are_written_as_decimals() {
        assert_eq!(decimal(15.0 * 1e8), "1500000000");
        assert_eq!(decimal(1.5), "1.5");
    }
}
