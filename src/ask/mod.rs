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

pub mod linking;
pub mod patterns;

use crate::store::{GraphStore, StoreError};
use linking::{LinkEntity, Linker};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use patterns::{Family, Match, PatternError, Patterns};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use unicode_normalization::UnicodeNormalization;

/// The longest path, in hops, a connection question looks for.
pub const MAX_HOPS: usize = 3;
/// The most paths a connection question returns.
pub const MAX_PATHS: usize = 5;

const TUPU: &str = "https://tupu.dev/ontology#";
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

/// The entity and relation queries of [`Asker::load`].
const ENTITIES_QUERY: &str = "SELECT ?e ?t ?l ?a WHERE {
  ?e rdfs:label ?l .
  FILTER(STRSTARTS(STR(?e), \"https://tupu.dev/id/\"))
  OPTIONAL { ?e a ?t . FILTER(STRSTARTS(STR(?t), \"https://tupu.dev/ontology#\")) }
  OPTIONAL { ?e skos:altLabel ?a }
}";
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

/// Runs a SELECT and returns its rows as variable → string (IRI or the
/// literal's lexical form).
fn select(store: &dyn GraphStore, sparql: &str) -> Result<Vec<BTreeMap<String, String>>, AskError> {
    let mut rows = Vec::new();
    if let QueryResults::Solutions(sols) = store.query(sparql)? {
        let vars: Vec<String> = sols
            .variables()
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect();
        for sol in sols {
            let sol = sol.map_err(|e| AskError::Results(e.to_string()))?;
            let mut row = BTreeMap::new();
            for v in &vars {
                if let Some(s) = term_str(sol.get(v.as_str())) {
                    row.insert(v.clone(), s);
                }
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

fn evidence_of(row: &BTreeMap<String, String>) -> Option<Evidence> {
    Some(Evidence {
        article: row.get("article")?.clone(),
        sentence: row.get("sentence").cloned(),
        start: row.get("start").and_then(|s| s.parse().ok()),
        end: row.get("end").and_then(|s| s.parse().ok()),
    })
}

/// The OPTIONAL block binding `?article ?sentence ?start ?end` for the
/// statement of `s p o` (either direction, for symmetric `signedWith`).
fn evidence_block(s: &str, p: &str, o: &str) -> String {
    format!(
        "  OPTIONAL {{
    {{ ?st rdf:subject {s} ; rdf:object {o} }} UNION {{ ?st rdf:subject {o} ; rdf:object {s} }}
    ?st rdf:predicate {p} ; prov:wasDerivedFrom ?art .
    OPTIONAL {{ ?art tupu:articleId ?article }}
    OPTIONAL {{ ?st tupu:evidenceText ?sentence }}
    OPTIONAL {{ ?st tupu:startOffset ?start }}
    OPTIONAL {{ ?st tupu:endOffset ?end }}
  }}\n"
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
    /// Loads entities and relations from `store` (two SPARQL queries) and
    /// compiles the bundled patterns.
    ///
    /// Errors: [`AskError::Store`] if a query fails, [`AskError::Patterns`]
    /// if the bundled pattern file is broken.
    pub fn load(store: &dyn GraphStore) -> Result<Self, AskError> {
        let patterns = Patterns::bundled()?;
        let mut by_iri: BTreeMap<String, LinkEntity> = BTreeMap::new();
        for row in select(store, &format!("{PREFIXES}{ENTITIES_QUERY}"))? {
            let Some(iri) = row.get("e") else { continue };
            let e = by_iri.entry(iri.clone()).or_insert_with(|| LinkEntity {
                iri: iri.clone(),
                label: String::new(),
                aliases: BTreeSet::new(),
                types: BTreeSet::new(),
                degree: 0,
            });
            if let Some(l) = row.get("l") {
                if e.label.is_empty() || *l < e.label {
                    e.label = l.clone();
                }
            }
            if let Some(t) = row.get("t").and_then(|t| t.strip_prefix(TUPU)) {
                e.types.insert(t.to_owned());
            }
            if let Some(a) = row.get("a") {
                e.aliases.insert(a.clone());
            }
        }
        let mut raw_edges = Vec::new();
        for row in select(store, &format!("{PREFIXES}{EDGES_QUERY}"))? {
            if let (Some(s), Some(p), Some(o)) = (row.get("s"), row.get("p"), row.get("o")) {
                if let Some(p) = p.strip_prefix(TUPU) {
                    raw_edges.push((s.clone(), p.to_owned(), o.clone()));
                }
            }
        }
        for (s, _, o) in &raw_edges {
            for iri in [s, o] {
                if let Some(e) = by_iri.get_mut(iri) {
                    e.degree += 1;
                }
            }
        }
        let linker = Linker::new(by_iri.into_values().collect());
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
        let q = normalize_question(question, &self.patterns.glossary);
        let mut unlinked = Vec::new();
        for m in self.patterns.matches(&q) {
            match self.link_slots(&m) {
                Ok(slots) => return self.answer(store, question, &q, &m, &slots),
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

    /// Links every entity slot of a match: slot name → entity index; the
    /// first unlinked mention otherwise.
    fn link_slots(&self, m: &Match) -> Result<BTreeMap<String, usize>, String> {
        let def = &self.patterns.defs[m.pattern];
        let mut out = BTreeMap::new();
        for (slot, preferred) in &def.slots {
            let text = m.groups.get(slot).map(String::as_str).unwrap_or("");
            let text = text.strip_prefix("the ").unwrap_or(text).trim();
            match self.linker.link(text, preferred) {
                Some(l) => {
                    out.insert(slot.clone(), l.entity);
                }
                None => return Err(text.to_owned()),
            }
        }
        Ok(out)
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
        store: &dyn GraphStore,
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
        let mut sparql = format!("{PREFIXES}SELECT DISTINCT {var} ?label ?article ?sentence ?start ?end WHERE {{\n  {}\n", fill(&template));
        if !value {
            sparql.push_str("  OPTIONAL { ?x rdfs:label ?label }\n");
        }
        sparql.push_str(&evidence_block(&fill(&es), &fill(&ep), &fill(&eo)));
        sparql.push_str(&format!("}}\nORDER BY {var} ?article ?start"));

        let mut acc: BTreeMap<String, (Option<String>, BTreeSet<Evidence>)> = BTreeMap::new();
        for row in select(store, &sparql)? {
            let Some(key) = row.get(&var[1..]) else {
                continue;
            };
            let entry = acc.entry(key.clone()).or_default();
            if let Some(l) = row.get("label") {
                if entry.0.as_ref().is_none_or(|old| l < old) {
                    entry.0 = Some(l.clone());
                }
            }
            if let Some(ev) = evidence_of(&row) {
                entry.1.insert(ev);
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
        store: &dyn GraphStore,
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
        let mut sparql = format!("{PREFIXES}{EDGES_QUERY}\n");
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
                let q = format!(
                    "{PREFIXES}SELECT DISTINCT ?article ?sentence ?start ?end WHERE {{\n{}}}\nORDER BY ?article ?start",
                    evidence_block(&s, &pred, &o)
                );
                let evidence: BTreeSet<Evidence> =
                    select(store, &q)?.iter().filter_map(evidence_of).collect();
                if hops.is_empty() {
                    sparql.push_str(&q);
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
