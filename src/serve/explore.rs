//! The explorer's JSON API and the entity page: `/entity/{id}` (JSON or
//! HTML by `Accept`), `/api/search`, `/api/article/{id}`, `/ask`,
//! `/api/stats`, `/api/examples`.

use super::snapshot::Snapshot;
use super::AppState;
use crate::annotation::Predicate;
use crate::ask::linking::{normalize_key, LinkEntity};
use crate::ask::AskError;
use crate::document::{read_documents, ReadOptions};
use crate::rdf::ENTITY_BASE;
use crate::store::GraphStore;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use oxigraph::model::{Literal, Term};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const TUPU: &str = "https://tupu.dev/ontology#";
use crate::vocab::SPARQL_PREFIXES as PREFIXES;

/// A JSON error body `{"error": …}` with a status.
fn json_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(serde_json::json!({ "error": message.into() }))).into_response()
}

/// Runs a SELECT on the snapshot and returns each solution as variable →
/// term ([`crate::ask::AskSource::select`] of the store, the one "query →
/// rows" of the read side).
fn select(snapshot: &Snapshot, sparql: &str) -> Result<Vec<BTreeMap<String, Term>>, String> {
    use crate::ask::AskSource;
    crate::ask::LocalSource::new(&snapshot.store)
        .select(sparql)
        .map_err(|e| e.to_string())
}

fn lexical(t: Option<&Term>) -> Option<String> {
    match t? {
        Term::Literal(l) => Some(l.value().to_owned()),
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        other => Some(other.to_string()),
    }
}

fn number(t: Option<&Term>) -> Option<u64> {
    lexical(t)?.parse().ok()
}

/// An entity as the explorer shows it in lists.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EntityRef {
    /// The IRI.
    pub iri: String,
    /// The id used in `/entity/{id}`: the IRI after `https://tupu.dev/id/`.
    pub id: String,
    /// `rdfs:label`.
    pub label: String,
    /// Local names of its `tupu:` classes, sorted.
    pub types: Vec<String>,
}

impl EntityRef {
    fn from_link(e: &LinkEntity) -> EntityRef {
        EntityRef {
            iri: e.iri.clone(),
            id: e.iri.strip_prefix(ENTITY_BASE).unwrap_or(&e.iri).to_owned(),
            label: e.label.clone(),
            types: e.types.iter().cloned().collect(),
        }
    }
}

/// Where a fact is stated: one statement node (the read side's one
/// evidence type; its exact span is serialised as `evidence`).
pub use crate::projection::Evidence as EvidenceOut;

/// One fact about an entity: a relation to another entity or an attribute
/// value, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// The other entity (relations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<EntityRef>,
    /// The literal value (attributes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Its statements, sorted.
    pub evidence: Vec<EvidenceOut>,
}

/// The facts of one predicate in one direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactGroup {
    /// Local name of the `tupu:` predicate (`signedAt`).
    pub predicate: String,
    /// Its Chinese label (签约于), from the ontology.
    pub label_zh: String,
    /// `out` (the entity is the subject), `in` (the object), `both`
    /// (`signedWith`, symmetric).
    pub direction: String,
    /// The facts, sorted by the other entity's label or the value.
    pub facts: Vec<Fact>,
}

/// The JSON of `/entity/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityPage {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// `skos:altLabel`s, sorted.
    pub aliases: Vec<String>,
    /// Ids of the articles mentioning it, sorted.
    pub articles: Vec<String>,
    /// Facts grouped by predicate and direction (relations first, in the
    /// ontology's predicate order, then attributes).
    pub groups: Vec<FactGroup>,
    /// How each article named the entity and which resolution rule gave it
    /// this IRI (`tupu:nameInArticle`, `tupu:resolvedBy`): provenance, not
    /// facts; sorted by article.
    pub provenance: Vec<NameProvenance>,
}

/// One article's name for an entity and the rule that resolved it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NameProvenance {
    /// The article id.
    pub article: String,
    /// The name the article used (`tupu:nameInArticle`).
    pub name: Option<String>,
    /// The resolution rule (`tupu:resolvedBy`, e.g. `gov-abbreviation`).
    pub resolved_by: Option<String>,
}

fn predicate_order(local: &str) -> (usize, String) {
    let rank = Predicate::ALL
        .iter()
        .position(|p| crate::vocab::predicate(*p).as_str() == format!("{TUPU}{local}"))
        .unwrap_or(Predicate::ALL.len());
    (rank, local.to_owned())
}

fn predicate_label(local: &str) -> String {
    Predicate::ALL
        .iter()
        .find(|p| crate::vocab::predicate(**p).as_str() == format!("{TUPU}{local}"))
        .map(|p| crate::vocab::predicate_label_zh(*p).to_owned())
        .unwrap_or_else(|| match local {
            "jobTitle" => "职务".into(),
            "investmentAmount" => "投资额".into(),
            "investmentAmountYuan" => "投资额（元）".into(),
            "startDate" => "开始日期".into(),
            other => other.into(),
        })
}

/// Finds the entity named by `id`: the IRI `https://tupu.dev/id/{id}`, else
/// the entity the one linker links `id` to ([`crate::ask::linking::Linker::link`]:
/// label, then alias, then a normalised form; the better connected one on
/// a tie).
pub fn resolve<'a>(snapshot: &'a Snapshot, id: &str) -> Option<&'a LinkEntity> {
    let index = &snapshot.index;
    if let Some(e) = index.by_iri(&format!("{ENTITY_BASE}{id}")) {
        return Some(e);
    }
    if let Some(e) = index.by_iri(id) {
        return Some(e);
    }
    let linker = index.linker();
    linker.link(id, &[]).map(|l| &linker.entities()[l.entity])
}

fn facts_query(iri: &str, outgoing: bool) -> String {
    let (s, o) = if outgoing {
        (format!("<{iri}>"), "?o".to_owned())
    } else {
        ("?o".to_owned(), format!("<{iri}>"))
    };
    format!(
        "{PREFIXES}SELECT ?p ?o ?article ?sentence ?evidence ?start ?end WHERE {{
  {s} ?p {o} .
  FILTER(STRSTARTS(STR(?p), \"{TUPU}\")
         && ?p NOT IN (tupu:nameInArticle, tupu:resolvedBy))
  OPTIONAL {{
    ?st rdf:subject {s} ; rdf:predicate ?p ; rdf:object {o} ; prov:wasDerivedFrom ?a .
    ?a tupu:articleId ?article .
    OPTIONAL {{ ?st tupu:evidenceText ?sentence }}
    OPTIONAL {{ ?st tupu:evidence ?evidence }}
    OPTIONAL {{ ?st tupu:startOffset ?start }}
    OPTIONAL {{ ?st tupu:endOffset ?end }}
  }}
}}"
    )
}

/// Builds the entity page of `entity` (facts in both directions with their
/// evidence; `signedWith`, asserted both ways, as one `both` group).
///
/// Errors: a query failed (the message).
pub fn entity_page(snapshot: &Snapshot, entity: &LinkEntity) -> Result<EntityPage, String> {
    let linker = &snapshot.index;
    let signed_with = crate::vocab::predicate(Predicate::SignedWith)
        .as_str()
        .to_owned();
    // (predicate local name, direction, other) → evidence
    type Key = (String, String, Option<String>, Option<String>);
    let mut facts: BTreeMap<Key, BTreeSet<EvidenceOut>> = BTreeMap::new();
    for outgoing in [true, false] {
        for row in select(snapshot, &facts_query(&entity.iri, outgoing))? {
            let Some(Term::NamedNode(p)) = row.get("p") else {
                continue;
            };
            let Some(o) = row.get("o") else { continue };
            let local = p.as_str().trim_start_matches(TUPU).to_owned();
            let direction = if p.as_str() == signed_with {
                "both"
            } else if outgoing {
                "out"
            } else {
                "in"
            };
            let (other, value) = match o {
                Term::NamedNode(n) => (Some(n.as_str().to_owned()), None),
                Term::Literal(l) => (None, Some(l.value().to_owned())),
                _ => continue,
            };
            let set = facts
                .entry((local, direction.to_owned(), other, value))
                .or_default();
            if let Some(article) = lexical(row.get("article")) {
                set.insert(EvidenceOut {
                    article,
                    sentence: lexical(row.get("sentence")),
                    text: lexical(row.get("evidence")),
                    start: number(row.get("start")),
                    end: number(row.get("end")),
                });
            }
        }
    }
    let mut groups: BTreeMap<((usize, String), String), Vec<Fact>> = BTreeMap::new();
    for ((local, direction, other, value), evidence) in facts {
        let entity_ref = other.as_deref().map(|iri| match linker.by_iri(iri) {
            Some(e) => EntityRef::from_link(e),
            None => EntityRef {
                iri: iri.to_owned(),
                id: iri.strip_prefix(ENTITY_BASE).unwrap_or(iri).to_owned(),
                label: iri.rsplit('/').next().unwrap_or(iri).to_owned(),
                types: Vec::new(),
            },
        });
        groups
            .entry((predicate_order(&local), direction))
            .or_default()
            .push(Fact {
                entity: entity_ref,
                value,
                evidence: evidence.into_iter().collect(),
            });
    }
    let groups = groups
        .into_iter()
        .map(|(((_, local), direction), mut facts)| {
            facts.sort_by(|a, b| {
                let key = |f: &Fact| {
                    f.entity
                        .as_ref()
                        .map(|e| (e.label.clone(), e.iri.clone()))
                        .or_else(|| f.value.clone().map(|v| (v, String::new())))
                        .unwrap_or_default()
                };
                key(a).cmp(&key(b))
            });
            FactGroup {
                label_zh: predicate_label(&local),
                predicate: local,
                direction,
                facts,
            }
        })
        .collect();
    let articles = select(
        snapshot,
        &format!(
            "SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{}> ?p ?o }} }}",
            entity.iri
        ),
    )?
    .iter()
    .filter_map(|r| match r.get("g") {
        Some(Term::NamedNode(g)) => crate::rdf::article_id_from_iri(g.as_ref()),
        _ => None,
    })
    .collect::<BTreeSet<_>>()
    .into_iter()
    .collect();
    let provenance = select(
        snapshot,
        &format!(
            "{PREFIXES}SELECT ?g ?name ?rule WHERE {{ GRAPH ?g {{
  OPTIONAL {{ <{iri}> tupu:nameInArticle ?name }}
  OPTIONAL {{ <{iri}> tupu:resolvedBy ?rule }}
  FILTER(BOUND(?name) || BOUND(?rule))
}} }}",
            iri = entity.iri
        ),
    )?
    .iter()
    .filter_map(|r| match r.get("g") {
        Some(Term::NamedNode(g)) => Some(NameProvenance {
            article: crate::rdf::article_id_from_iri(g.as_ref())?,
            name: lexical(r.get("name")),
            resolved_by: lexical(r.get("rule")),
        }),
        _ => None,
    })
    .collect::<BTreeSet<_>>()
    .into_iter()
    .collect();
    Ok(EntityPage {
        entity: EntityRef::from_link(entity),
        aliases: entity.aliases.iter().cloned().collect(),
        articles,
        groups,
        provenance,
    })
}

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes an entity id for a URL path (each `/`-separated segment
/// encoded, the slashes kept).
fn url_path(id: &str) -> String {
    id.split('/')
        .map(|seg| {
            form_urlencoded::byte_serialize(seg.as_bytes())
                .collect::<String>()
                .replace('+', "%20")
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The sentence with the evidence marked by `<mark>` (escaped HTML).
fn highlighted(e: &EvidenceOut) -> String {
    let sentence = e.sentence.as_deref().unwrap_or("");
    match e
        .text
        .as_deref()
        .and_then(|ev| sentence.find(ev).map(|i| (i, ev)))
    {
        Some((i, ev)) if !ev.is_empty() => format!(
            "{}<mark>{}</mark>{}",
            escape_html(&sentence[..i]),
            escape_html(ev),
            escape_html(&sentence[i + ev.len()..])
        ),
        _ => escape_html(sentence),
    }
}

/// The entity page as a self-contained HTML document (server-rendered; the
/// explorer at `/` shows the same JSON interactively).
pub fn entity_html(page: &EntityPage) -> String {
    let mut h = String::new();
    h.push_str("<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.push_str(&format!(
        "<title>{} · tupu</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body class=\"static\"><main>",
        escape_html(&page.entity.label)
    ));
    h.push_str(&format!(
        "<p><a href=\"/#/entity/{}\">open in the explorer</a></p><h1>{}</h1><p class=\"types\">{}</p><p class=\"iri\">{}</p>",
        url_path(&page.entity.id),
        escape_html(&page.entity.label),
        escape_html(&page.entity.types.join(" · ")),
        escape_html(&page.entity.iri)
    ));
    if !page.aliases.is_empty() {
        h.push_str(&format!(
            "<p>别名 aliases: {}</p>",
            escape_html(&page.aliases.join("、"))
        ));
    }
    for g in &page.groups {
        let arrow = match g.direction.as_str() {
            "in" => "←",
            "both" => "↔",
            _ => "→",
        };
        h.push_str(&format!(
            "<section class=\"group\"><h2>{arrow} {} <code>{}</code> ({})</h2><ul>",
            escape_html(&g.label_zh),
            escape_html(&g.predicate),
            g.facts.len()
        ));
        for f in &g.facts {
            h.push_str("<li class=\"fact\">");
            match (&f.entity, &f.value) {
                (Some(e), _) => h.push_str(&format!(
                    "<a class=\"entity\" href=\"/entity/{}\">{}</a> <span class=\"types\">{}</span>",
                    url_path(&e.id),
                    escape_html(&e.label),
                    escape_html(&e.types.join(" · "))
                )),
                (None, Some(v)) => {
                    h.push_str(&format!("<span class=\"value\">{}</span>", escape_html(v)))
                }
                (None, None) => {}
            }
            for e in &f.evidence {
                h.push_str(&format!(
                    "<blockquote class=\"evidence\">{}<cite>{} [{}..{}]</cite></blockquote>",
                    highlighted(e),
                    escape_html(&e.article),
                    e.start.map(|s| s.to_string()).unwrap_or_default(),
                    e.end.map(|s| s.to_string()).unwrap_or_default()
                ));
            }
            h.push_str("</li>");
        }
        h.push_str("</ul></section>");
    }
    h.push_str("</main></body></html>\n");
    h
}

fn wants_html(headers: &HeaderMap) -> bool {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for (range, _) in super::sparql::accept_ranges(accept) {
        match range.as_str() {
            "text/html" | "application/xhtml+xml" => return true,
            "application/json" | "*/*" | "application/*" => return false,
            _ => {}
        }
    }
    false
}

/// `GET /entity/{id}`: the entity page as JSON ([`EntityPage`]), or as HTML
/// when `Accept` prefers `text/html`. 404 with close matches when no entity
/// has that id, label or alias.
pub async fn entity(
    State(state): State<AppState>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let snapshot = state.shared.get();
    let html = wants_html(&headers);
    let task = tokio::task::spawn_blocking(move || {
        let Some(e) = resolve(&snapshot, &id) else {
            let close: Vec<String> = search_entities(&snapshot, &id, 0, 5)
                .1
                .into_iter()
                .map(|e| e.label)
                .collect();
            return Err((
                StatusCode::NOT_FOUND,
                format!("no entity {id:?}; close matches: {}", close.join(", ")),
            ));
        };
        entity_page(&snapshot, e).map_err(|m| (StatusCode::INTERNAL_SERVER_ERROR, m))
    });
    match task.await {
        Ok(Ok(page)) if html => Html(entity_html(&page)).into_response(),
        Ok(Ok(page)) => Json(page).into_response(),
        Ok(Err((status, m))) if html => (
            status,
            Html(format!(
                "<!doctype html><meta charset=\"utf-8\"><p>{}</p>",
                escape_html(&m)
            )),
        )
            .into_response(),
        Ok(Err((status, m))) => json_error(status, m),
        Err(e) => json_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// Entities whose label or alias matches `q` (after NFKC and lower case),
/// ranked: exact label, then exact alias, then label or alias starting with
/// `q`, then containing it; within a rank the better connected first (then
/// by label and IRI). Returns the number of matches and the `limit` hits
/// from `offset` on.
pub fn search_entities(
    snapshot: &Snapshot,
    q: &str,
    offset: usize,
    limit: usize,
) -> (usize, Vec<EntityRef>) {
    let key = normalize_key(q);
    if key.is_empty() {
        return (0, Vec::new());
    }
    let mut hits: Vec<(u8, std::cmp::Reverse<usize>, &str, &str, &LinkEntity)> = Vec::new();
    for e in snapshot.index.entities() {
        let label = normalize_key(&e.label);
        let rank = if label == key {
            Some(0)
        } else if e.aliases.iter().any(|a| normalize_key(a) == key) {
            Some(1)
        } else {
            std::iter::once(label)
                .chain(e.aliases.iter().map(|a| normalize_key(a)))
                .filter_map(|n| {
                    if n.starts_with(&key) {
                        Some(2)
                    } else if n.contains(&key) {
                        Some(3)
                    } else {
                        None
                    }
                })
                .min()
        };
        if let Some(rank) = rank {
            hits.push((rank, std::cmp::Reverse(e.degree), &e.label, &e.iri, e));
        }
    }
    hits.sort_by(|a, b| (a.0, a.1, a.2, a.3).cmp(&(b.0, b.1, b.2, b.3)));
    let total = hits.len();
    let page = hits
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|h| EntityRef::from_link(h.4))
        .collect();
    (total, page)
}

/// Parameters of `/api/search`.
#[derive(Debug, Deserialize)]
pub struct SearchParams {
    /// The text to look for.
    #[serde(default)]
    pub q: String,
    /// At most this many hits (default 20, at most 200).
    pub limit: Option<usize>,
    /// Skip this many hits (paging; default 0).
    pub offset: Option<usize>,
}

/// `GET /api/search?q=…&limit=N&offset=M`: `{"query", "total", "offset",
/// "hits": [EntityRef…]}`, ranked as [`search_entities`] says.
pub async fn search(State(state): State<AppState>, Query(p): Query<SearchParams>) -> Response {
    let snapshot = state.shared.get();
    let limit = p.limit.unwrap_or(20).min(200);
    let offset = p.offset.unwrap_or(0);
    let (total, hits) = search_entities(&snapshot, &p.q, offset, limit);
    Json(serde_json::json!({ "query": p.q, "total": total, "offset": offset, "hits": hits }))
        .into_response()
}

/// How many entities of each type `/api/overview` lists.
const OVERVIEW_TOP: usize = 8;

/// `GET /api/overview`: the home page's overview of the graph: `{"articles",
/// "quads", "entities", "types": [{"type", "count", "top": [EntityRef…]}],
/// "recent": [article id…]}` — entities per type with the
/// [`OVERVIEW_TOP`] best connected, and the last ten article ids (ids sort
/// by date in the corpora tupu reads: `xwlb-20230210-02`).
pub async fn overview(State(state): State<AppState>) -> Response {
    let snapshot = state.shared.get();
    let mut by_type: BTreeMap<&str, Vec<&LinkEntity>> = BTreeMap::new();
    for e in snapshot.index.entities() {
        for t in crate::annotation::EntityType::ALL {
            if e.types.contains(t.as_str()) {
                by_type.entry(t.as_str()).or_default().push(e);
            }
        }
    }
    let types: Vec<serde_json::Value> = crate::annotation::EntityType::ALL
        .iter()
        .filter_map(|t| {
            let mut list = by_type.remove(t.as_str())?;
            list.sort_by(|a, b| b.degree.cmp(&a.degree).then_with(|| a.iri.cmp(&b.iri)));
            let top: Vec<EntityRef> = list
                .iter()
                .take(OVERVIEW_TOP)
                .map(|e| EntityRef::from_link(e))
                .collect();
            Some(serde_json::json!({ "type": t.as_str(), "count": list.len(), "top": top }))
        })
        .collect();
    let mut articles: Vec<String> = snapshot
        .store
        .articles()
        .map(|a| a.into_iter().map(|m| m.id).collect())
        .unwrap_or_default();
    articles.sort();
    let total_articles = articles.len();
    let recent: Vec<String> = articles.into_iter().rev().take(10).collect();
    Json(serde_json::json!({
        "articles": total_articles,
        "quads": snapshot.quads(),
        "entities": snapshot.index.entities().len(),
        "types": types,
        "recent": recent,
    }))
    .into_response()
}

/// The JSON of `/api/article/{id}`.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleOut {
    /// The article id.
    pub id: String,
    /// Where it was read from (`tupu:source`: a path, or `path:LINE`).
    pub source: String,
    /// SHA-256 of its original text, as built.
    pub sha256: String,
    /// The original text, when the source is still readable and unchanged;
    /// offsets of the evidence are CHARACTER offsets into it.
    pub text: Option<String>,
    /// Why `text` is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Reads the original text of an article: the store keeps only its source
/// (path, or `path:LINE` for JSON lines) and content hash, so the text is
/// read again from the source and checked against the hash.
///
/// Errors: `Ok(None)`-like outcomes are returned as `Err(note)`: the source
/// is gone, unreadable, or its content changed since the build.
pub fn read_article_text(id: &str, source: &str, sha256: &str) -> Result<String, String> {
    let path = match source.rsplit_once(':') {
        Some((p, line)) if line.chars().all(|c| c.is_ascii_digit()) && !line.is_empty() => p,
        _ => source,
    };
    let path = PathBuf::from(path);
    if !path.is_file() {
        return Err(format!(
            "the store keeps no article text, and the source {source:?} is not readable here"
        ));
    }
    for doc in read_documents(&[path], &ReadOptions::default()).flatten() {
        if doc.id == id {
            return if doc.content_hash() == sha256 {
                Ok(doc.original)
            } else {
                Err(format!(
                    "the source {source:?} changed since the article was built"
                ))
            };
        }
    }
    Err(format!(
        "the source {source:?} no longer has article {id:?}"
    ))
}

/// `GET /api/article/{id}`: [`ArticleOut`]; 404 for an unknown article.
pub async fn article(State(state): State<AppState>, UrlPath(id): UrlPath<String>) -> Response {
    let snapshot = state.shared.get();
    let task = tokio::task::spawn_blocking(move || {
        let q = format!(
            "{PREFIXES}SELECT ?source ?sha WHERE {{ ?a tupu:articleId {} ; tupu:source ?source ; tupu:sha256 ?sha }} LIMIT 1",
            Literal::new_simple_literal(&id)
        );
        let rows = select(&snapshot, &q).map_err(|m| (StatusCode::INTERNAL_SERVER_ERROR, m))?;
        let Some(row) = rows.first() else {
            return Err((StatusCode::NOT_FOUND, format!("no article {id:?}")));
        };
        let source = lexical(row.get("source")).unwrap_or_default();
        let sha256 = lexical(row.get("sha")).unwrap_or_default();
        let (text, note) = match read_article_text(&id, &source, &sha256) {
            Ok(t) => (Some(t), None),
            Err(n) => (None, Some(n)),
        };
        Ok(ArticleOut {
            id,
            source,
            sha256,
            text,
            note,
        })
    });
    match task.await {
        Ok(Ok(a)) => Json(a).into_response(),
        Ok(Err((status, m))) => json_error(status, m),
        Err(e) => json_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// Parameters of `/ask`.
#[derive(Debug, Deserialize)]
pub struct AskParams {
    /// The question.
    #[serde(default)]
    pub q: String,
}

/// `GET /ask?q=…`: `tupu ask --format json`'s object; 422 with `{"error",
/// "closest": [{"pattern", "example"}]}` when the question is not
/// understood; 503 past the server's deadline ([`super::ServeConfig::timeout_ms`]).
/// At the deadline the question's queries are cancelled
/// ([`crate::ask::LocalSource::with_cancellation`]), as they are at a
/// shutdown. The snapshot's [`crate::ask::Asker`] is built by the first
/// question (see [`Snapshot::asker`]); that build is not cancelled.
pub async fn ask(State(state): State<AppState>, Query(p): Query<AskParams>) -> Response {
    if p.q.trim().is_empty() {
        return json_error(StatusCode::BAD_REQUEST, "missing question `q`");
    }
    let snapshot = state.shared.get();
    let cancel = oxigraph::sparql::CancellationToken::new();
    let registered = state.running.register(cancel.clone());
    let token = cancel.clone();
    let task = tokio::task::spawn_blocking(move || {
        let _registered = registered;
        match snapshot.asker() {
            Ok(asker) => {
                let source = crate::ask::LocalSource::with_cancellation(&snapshot.store, token);
                Ok(asker.ask_from(&source, &p.q))
            }
            Err(e) => Err(e.to_string()),
        }
    });
    let deadline = std::time::Duration::from_millis(state.config.timeout_ms);
    let answered = tokio::time::timeout(deadline, task).await;
    if answered.is_err() {
        cancel.cancel();
    }
    match answered {
        Ok(Ok(Ok(Err(_)))) if cancel.is_cancelled() => json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the question was cancelled (the server is shutting down)",
        ),
        Err(_) => json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "no answer within the server's limit of {} ms (the first question on a large store also builds the question answerer)",
                state.config.timeout_ms
            ),
        ),
        Ok(Ok(Err(message))) => json_error(StatusCode::INTERNAL_SERVER_ERROR, message),
        Ok(Ok(Ok(answer))) => ask_response(answer),
        Ok(Err(e)) => json_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

fn ask_response(answer: Result<crate::ask::Response, AskError>) -> Response {
    match answer {
        Ok(response) => Json(response).into_response(),
        Err(e @ AskError::NotUnderstood { .. }) => {
            let error = e.to_string();
            let AskError::NotUnderstood {
                question,
                reason,
                unlinked,
                closest,
            } = e
            else {
                unreachable!("matched above")
            };
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(serde_json::json!({
                    "error": error,
                    "question": question,
                    "reason": reason,
                    "unlinked": unlinked,
                    // The graph's closest entities; `example` is the name
                    // to try, as the explorer shows it.
                    "closest": closest
                        .iter()
                        .map(|c| serde_json::json!({"entity": c, "example": c}))
                        .collect::<Vec<_>>(),
                })),
            )
                .into_response()
        }
        Err(e) => json_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// `GET /api/stats`: articles, quads and the snapshot generation (how many
/// times the store was reloaded), plus the last reload error if any.
pub async fn stats(State(state): State<AppState>) -> Response {
    let snapshot = state.shared.get();
    let articles = snapshot.store.articles().map(|a| a.len()).unwrap_or(0);
    Json(serde_json::json!({
        "articles": articles,
        "quads": snapshot.quads(),
        "entities": snapshot.index.entities().len(),
        "generation": snapshot.generation,
        "last_reload_error": state.shared.last_error(),
    }))
    .into_response()
}

/// `GET /api/examples`: the example queries of the SPARQL editor,
/// `[{"name", "query"}]` (see [`super::assets::EXAMPLES`]).
pub async fn examples() -> Response {
    Json(
        super::assets::EXAMPLES
            .iter()
            .map(|(name, query)| serde_json::json!({ "name": name, "query": query }))
            .collect::<Vec<_>>(),
    )
    .into_response()
}

/// `GET /sparql` without a query: a short description of the endpoint.
pub fn sparql_help() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "tupu SPARQL 1.1 endpoint: GET /sparql?query=…, or POST with application/sparql-query \
         or a form field query=…; Accept: application/sparql-results+json|xml, text/csv, \
         text/tab-separated-values (SELECT/ASK), text/turtle, application/n-triples \
         (CONSTRUCT/DESCRIBE). The explorer is at /.\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped_and_evidence_marked() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let e = EvidenceOut {
            article: "a".into(),
            sentence: Some("江津区与敏华实业有限公司签署了<项目>。".into()),
            text: Some("敏华实业有限公司签署了<项目>".into()),
            start: Some(3),
            end: Some(18),
        };
        assert_eq!(
            highlighted(&e),
            "江津区与<mark>敏华实业有限公司签署了&lt;项目&gt;</mark>。"
        );
        assert_eq!(
            url_path("Organization/腾讯 公司"),
            "Organization/%E8%85%BE%E8%AE%AF%20%E5%85%AC%E5%8F%B8"
        );
    }

    #[test]
    fn predicate_labels_come_from_the_ontology_mapping() {
        assert_eq!(predicate_label("signedAt"), "签约于");
        assert_eq!(predicate_label("jobTitle"), "职务");
        assert!(predicate_order("signedWith") < predicate_order("jobTitle"));
    }
}
