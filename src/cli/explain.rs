//! `tupu explain ENTITY`: why an entity has its IRI — the names each article
//! used for it, the resolution rule ([`tupu::resolve`]) that mapped each to
//! the IRI, and the evidence sentences of its statements in each article.
//!
//! Reads the `tupu:nameInArticle` / `tupu:resolvedBy` records that
//! [`tupu::rdf::resolved_annotation_quads`] writes into every article graph,
//! with SPARQL over the store opened read-only.

use super::args::WalkFormat;
use super::UsageError;
use anyhow::Context;
use oxigraph::model::Term;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use tupu::rdf::{article_id_from_iri, ENTITY_BASE};
use tupu::store::{AnyStore, GraphStore};

/// What `tupu explain` reports about one entity.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Explanation {
    /// The entity IRI.
    pub iri: String,
    /// Its types (local names: `Organization`, `Company`, …), sorted.
    pub types: Vec<String>,
    /// Its `rdfs:label`s over all articles, sorted.
    pub labels: Vec<String>,
    /// Its `skos:altLabel`s over all articles, sorted.
    pub aliases: Vec<String>,
    /// One entry per article that names it, by article id.
    pub articles: Vec<ArticleExplanation>,
}

/// One article's part of an [`Explanation`].
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ArticleExplanation {
    /// The article id.
    pub article: String,
    /// The names the article used, each with the rule that resolved it.
    pub names: Vec<NameRule>,
    /// The entity's statements in the article with their evidence.
    pub statements: Vec<StatementEvidence>,
}

/// A name as written in an article and the resolution rule applied to it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct NameRule {
    /// The name as written in the article.
    pub name: String,
    /// The rule (`org-legal-suffix`, `place-gazetteer`, …).
    pub rule: String,
}

/// One statement about the entity (as subject or object) in one article.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct StatementEvidence {
    /// The subject's label in the article (or its IRI).
    pub subject: String,
    /// The predicate's local name (`signedAt`, `jobTitle`, …).
    pub predicate: String,
    /// The object's label in the article, its IRI, or the literal value.
    pub object: String,
    /// The evidence sentence, when the extractor recorded one.
    pub sentence: Option<String>,
}

use tupu::vocab::SPARQL_PREFIXES as PREFIXES;

/// A SPARQL string literal (escaped as N-Triples writes it).
fn literal(s: &str) -> String {
    oxigraph::model::Literal::new_simple_literal(s).to_string()
}

/// The rows of a SELECT query, each as variable → term
/// ([`tupu::ask::AskSource::select`] of the store).
fn select(store: &AnyStore, sparql: &str) -> anyhow::Result<Vec<BTreeMap<String, Term>>> {
    use tupu::ask::AskSource;
    Ok(tupu::ask::LocalSource::new(store).select(sparql)?)
}

fn text(row: &BTreeMap<String, Term>, var: &str) -> Option<String> {
    row.get(var).map(|t| match t {
        Term::Literal(l) => l.value().to_owned(),
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    })
}

fn local_name(iri: &str) -> String {
    iri.rsplit(['#', '/']).next().unwrap_or(iri).to_owned()
}

/// The IRIs of the entities that `query` names: an entity IRI (also as
/// `id:Type/name`), or a label, alternative label or name used in some
/// article (exact, then after NFKC and removing white space). Sorted.
pub fn find(store: &AnyStore, query: &str) -> anyhow::Result<Vec<String>> {
    let q = query.trim();
    let iri = if let Some(rest) = q.strip_prefix("id:") {
        Some(format!("{ENTITY_BASE}{rest}"))
    } else if q.starts_with(ENTITY_BASE) {
        Some(q.to_owned())
    } else {
        None
    };
    let mut names = vec![q.to_owned()];
    let canonical = tupu::rdf::canonical_name(q);
    if canonical != q {
        names.push(canonical);
    }
    let mut found = Vec::new();
    if let Some(iri) = iri {
        let node = oxigraph::model::NamedNode::new(&iri)
            .map_err(|e| UsageError(format!("invalid IRI {iri:?}: {e}")))?;
        let sparql = format!("SELECT ?t WHERE {{ {node} a ?t }} LIMIT 1");
        if !select(store, &sparql)?.is_empty() {
            found.push(iri);
        }
        return Ok(found);
    }
    for name in names {
        let sparql = format!(
            "{PREFIXES}SELECT DISTINCT ?e WHERE {{
  VALUES ?n {{ {lit}@zh {lit} }}
  {{ ?e rdfs:label ?n }} UNION {{ ?e skos:altLabel ?n }} UNION {{ ?e tupu:nameInArticle ?n }}
  FILTER(STRSTARTS(STR(?e), {base}))
}} ORDER BY ?e",
            lit = literal(&name),
            base = literal(ENTITY_BASE),
        );
        found = select(store, &sparql)?
            .iter()
            .filter_map(|r| text(r, "e"))
            .collect();
        if !found.is_empty() {
            break;
        }
    }
    Ok(found)
}

/// The explanation of the entity `iri` (see [`Explanation`]).
pub fn explain(store: &AnyStore, iri: &str) -> anyhow::Result<Explanation> {
    let e = format!("<{iri}>");
    let collect = |sparql: String, var: &str| -> anyhow::Result<Vec<String>> {
        let mut v: Vec<String> = select(store, &sparql)?
            .iter()
            .filter_map(|r| text(r, var))
            .collect();
        v.sort();
        v.dedup();
        Ok(v)
    };
    let types = collect(format!("SELECT DISTINCT ?t WHERE {{ {e} a ?t }}"), "t")?
        .iter()
        .map(|t| local_name(t))
        .collect();
    let labels = collect(
        format!("{PREFIXES}SELECT DISTINCT ?l WHERE {{ {e} rdfs:label ?l }}"),
        "l",
    )?;
    let aliases = collect(
        format!("{PREFIXES}SELECT DISTINCT ?l WHERE {{ {e} skos:altLabel ?l }}"),
        "l",
    )?;

    let mut articles: BTreeMap<String, ArticleExplanation> = BTreeMap::new();
    let mut article = |g: &str| -> Option<String> {
        let node = oxigraph::model::NamedNodeRef::new(g).ok()?;
        let id = article_id_from_iri(node)?;
        articles
            .entry(id.clone())
            .or_insert_with(|| ArticleExplanation {
                article: id.clone(),
                names: Vec::new(),
                statements: Vec::new(),
            });
        Some(id)
    };
    let mut names: Vec<(String, NameRule)> = Vec::new();
    for row in select(
        store,
        &format!(
            "{PREFIXES}SELECT ?g ?n ?r WHERE {{ GRAPH ?g {{ {e} tupu:nameInArticle ?n ; tupu:resolvedBy ?r }} }}"
        ),
    )? {
        let (Some(g), Some(name), Some(rule)) = (text(&row, "g"), text(&row, "n"), text(&row, "r"))
        else {
            continue;
        };
        if let Some(id) = article(&g) {
            names.push((id, NameRule { name, rule }));
        }
    }
    let mut statements: Vec<(String, StatementEvidence)> = Vec::new();
    let sparql = format!(
        "{PREFIXES}SELECT ?g ?s ?p ?o ?sl ?ol ?sentence WHERE {{
  GRAPH ?g {{
    {{ ?st rdf:subject {e} ; rdf:predicate ?p ; rdf:object ?o . BIND({e} AS ?s) }}
    UNION
    {{ ?st rdf:object {e} ; rdf:predicate ?p ; rdf:subject ?s . BIND({e} AS ?o) }}
    OPTIONAL {{ ?st tupu:evidenceText ?sentence }}
    OPTIONAL {{ ?s rdfs:label ?sl }}
    OPTIONAL {{ ?o rdfs:label ?ol }}
  }}
}}"
    );
    for row in select(store, &sparql)? {
        let (Some(g), Some(p)) = (text(&row, "g"), text(&row, "p")) else {
            continue;
        };
        let Some(id) = article(&g) else { continue };
        let subject = text(&row, "sl")
            .or_else(|| text(&row, "s"))
            .unwrap_or_default();
        let object = text(&row, "ol")
            .or_else(|| text(&row, "o"))
            .unwrap_or_default();
        statements.push((
            id,
            StatementEvidence {
                subject,
                predicate: local_name(&p),
                object,
                sentence: text(&row, "sentence"),
            },
        ));
    }
    for (id, n) in names {
        if let Some(a) = articles.get_mut(&id) {
            a.names.push(n);
        }
    }
    for (id, s) in statements {
        if let Some(a) = articles.get_mut(&id) {
            a.statements.push(s);
        }
    }
    let articles = articles
        .into_values()
        .map(|mut a| {
            a.names.sort();
            a.names.dedup();
            a.statements.sort();
            a.statements.dedup();
            a
        })
        .collect();
    Ok(Explanation {
        iri: iri.to_owned(),
        types,
        labels,
        aliases,
        articles,
    })
}

/// Runs `tupu explain`: finds the entities `query` names in the store at
/// `db` (read-only) and writes their explanations to `w` as text or a JSON
/// array.
///
/// Errors: [`tupu::graph::GraphError::NotFound`] (exit 1, with the closest
/// entities, as every command reports an unknown name) when no entity has
/// that IRI, label, alias or name; store errors (exit 3); output errors.
pub fn run(db: &Path, query: &str, format: WalkFormat, w: &mut dyn Write) -> anyhow::Result<()> {
    let store = tupu::store::open_read_only(db)?;
    let iris = find(&store, query)?;
    if iris.is_empty() {
        let graph = tupu::graph::KnowledgeGraph::from_oxigraph(store.oxigraph(), false)?;
        return Err(tupu::graph::GraphError::NotFound {
            name: query.to_owned(),
            close: graph.linker().closest(query, 5),
        }
        .into());
    }
    let all: Vec<Explanation> = iris
        .iter()
        .map(|iri| explain(&store, iri))
        .collect::<anyhow::Result<_>>()?;
    match format {
        WalkFormat::Json => {
            serde_json::to_writer_pretty(&mut *w, &all).context("writing output")?;
            writeln!(w).context("writing output")?;
        }
        WalkFormat::Text => write_text(w, &all).context("writing output")?,
    }
    Ok(())
}

fn write_text(w: &mut dyn Write, all: &[Explanation]) -> std::io::Result<()> {
    for (i, x) in all.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        writeln!(w, "{}", x.iri)?;
        writeln!(w, "  types:   {}", x.types.join(", "))?;
        writeln!(w, "  labels:  {}", x.labels.join(" | "))?;
        if !x.aliases.is_empty() {
            writeln!(w, "  aliases: {}", x.aliases.join(" | "))?;
        }
        writeln!(w, "  articles: {}", x.articles.len())?;
        for a in &x.articles {
            writeln!(w, "  - {}", a.article)?;
            for n in &a.names {
                writeln!(w, "      name {:?} resolved by {}", n.name, n.rule)?;
            }
            for s in &a.statements {
                writeln!(w, "      {} —{}→ {}", s.subject, s.predicate, s.object)?;
                if let Some(sentence) = &s.sentence {
                    writeln!(w, "        「{sentence}」")?;
                }
            }
        }
    }
    Ok(())
}
