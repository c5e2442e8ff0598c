//! Annotation → RDF: entity and article IRIs, and the quads of one article
//! with their provenance.
//!
//! # IRIs
//!
//! * Entity: `https://tupu.dev/id/{Type}/{name}` ([`entity_iri`]) where
//!   `{name}` is the canonical name — NFKC, white space removed (the matching
//!   rule of `ANNOTATION.md`) — percent-encoded only where an IRI path segment
//!   forbids the character (space, `<>"{}|\^`` ` ``, `#?/%`, `[]`, controls…);
//!   Chinese stays as is. The IRI depends only on type and name, so the same
//!   entity gets the same IRI in every article, run and machine.
//! * Article: `https://tupu.dev/article/{id}` ([`article_iri`]). It is also the
//!   name of the article's graph ([`article_graph`]): every quad of an article
//!   lives in that named graph, so dropping the graph removes the article.
//! * Statement node: `https://tupu.dev/statement/{h}` where `{h}` is the first
//!   32 hex digits of SHA-256 over the article id, subject, predicate and
//!   object (NUL-separated).
//!
//! # Provenance design: reified statement nodes
//!
//! Each relation `s p o` is asserted as a plain triple (so ordinary queries
//! stay simple) **and** described by a statement node using the standard RDF
//! reification vocabulary, which every SPARQL 1.1 store can read (no RDF 1.2
//! triple terms needed):
//!
//! ```text
//! <statement/…> a rdf:Statement, prov:Entity ;
//!     rdf:subject <s> ; rdf:predicate tupu:signedAt ; rdf:object <o> ;
//!     prov:wasDerivedFrom <https://tupu.dev/article/…> ;
//!     tupu:evidence "short exact substring"@zh ;        # when non-empty
//!     tupu:evidenceText "the whole sentence"@zh ;        # when provenance is known
//!     tupu:startOffset 123 ; tupu:endOffset 180 .        # CHARACTER offsets, original file
//! ```
//!
//! Attributes are the same with `rdf:object` the literal value. `signedWith`
//! is symmetric: both directions are asserted as triples, one statement node
//! describes the direction the article states.
//!
//! # Triples per article (all in the article's named graph)
//!
//! * entity: `rdf:type` its type class and its subtype class, `rdfs:label`
//!   name`@zh`, `skos:altLabel` alias`@zh` for each alias;
//! * relation: `s p o` (+ `o p s` for `signedWith`) and a statement node;
//! * attribute: `tupu:jobTitle "市长"`, `tupu:investmentAmount "35亿元"` plus
//!   `tupu:investmentAmountYuan "3500000000"^^xsd:decimal` when the normalised
//!   value is a decimal number, `tupu:startDate "2021-08-23"^^xsd:date` when the
//!   value is an ISO date (otherwise the date is dropped); each with a
//!   statement node;
//! * article: `a prov:Entity, schema:NewsArticle`, `tupu:articleId`,
//!   `tupu:source`, `tupu:sha256`, `tupu:characterCount`.
//!
//! Relations and attributes whose entity ids are not in the annotation are
//! skipped (the extractor never produces them; gold files are checked by
//! `annotation`'s tests).

use crate::annotation::{Annotation, AttributeKind, AttributeRecord, Predicate, Provenance};
use crate::annotation::{EntityRecord, EntityType};
use crate::resolve::Resolution;
use crate::vocab::{self, prov, schema, skos, tupu};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// The prefix of entity IRIs (followed by `{Type}/{name}`).
pub const ENTITY_BASE: &str = "https://tupu.dev/id/";
/// The prefix of article IRIs and graph names (followed by the article id).
pub const ARTICLE_BASE: &str = "https://tupu.dev/article/";
/// The prefix of statement-node IRIs (followed by a hash).
pub const STATEMENT_BASE: &str = "https://tupu.dev/statement/";

/// A SPARQL 1.1 query over the union of all articles (as run by
/// [`crate::store`]): for the organisations that `tupu:signedAt` the event
/// whose label or alternative label is 2021中国国际智能产业博览会 or
/// 2021智博会, each organisation's label in the article that states the
/// fact (an entity resolved across articles has one `rdfs:label` per article
/// graph) and the evidence sentence, sorted.
///
/// Variables: `?company` (IRI), `?label` (Chinese name), `?sentence` (the
/// evidence sentence, unbound when the extractor gave no provenance),
/// `?article` (the article IRI).
pub const EVIDENCE_QUERY_EXAMPLE: &str = r#"PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX tupu: <https://tupu.dev/ontology#>

SELECT DISTINCT ?company ?label ?sentence ?article WHERE {
  ?event a tupu:Event ;
         rdfs:label|skos:altLabel ?eventName .
  FILTER(?eventName IN ("2021中国国际智能产业博览会"@zh, "2021智博会"@zh))
  ?company tupu:signedAt ?event ;
           a tupu:Organization .
  ?statement rdf:subject ?company ;
             rdf:predicate tupu:signedAt ;
             rdf:object ?event ;
             prov:wasDerivedFrom ?article .
  GRAPH ?article { ?company rdfs:label ?label }
  OPTIONAL { ?statement tupu:evidenceText ?sentence }
}
ORDER BY ?label ?article ?sentence"#;

/// What the store records about an article besides its annotation.
///
/// The CLI fills it from a `document::Document`: `id`, `source`,
/// `content_hash()` and `original.chars().count()`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ArticleMeta {
    /// The article id: file name, or record id for JSON lines.
    pub id: String,
    /// Where it was read from (path, or `path:line`).
    pub source: String,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    /// Length of the original text in CHARACTERS (Unicode scalars).
    pub chars: usize,
}

/// The canonical form of a name used in entity IRIs: NFKC, white space
/// removed (so `（重庆）` and `(重庆)` give the same IRI).
pub fn canonical_name(name: &str) -> String {
    name.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `c` may stand unencoded in an IRI path segment (RFC 3987
/// `ipchar`: `iunreserved`, `sub-delims`, `:` and `@`).
fn is_ipchar(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c);
    }
    // RFC 3987 `ucschar`.
    matches!(u32::from(c),
        0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF
        | 0x10000..=0x1FFFD | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD
        | 0x40000..=0x4FFFD | 0x50000..=0x5FFFD | 0x60000..=0x6FFFD
        | 0x70000..=0x7FFFD | 0x80000..=0x8FFFD | 0x90000..=0x9FFFD
        | 0xA0000..=0xAFFFD | 0xB0000..=0xBFFFD | 0xC0000..=0xCFFFD
        | 0xD0000..=0xDFFFD | 0xE1000..=0xEFFFD)
}

/// Percent-encodes (UTF-8, upper-case hex) every character of `s` that an IRI
/// path segment does not allow; Chinese and other `ucschar`s stay as is.
///
/// ```
/// assert_eq!(tupu::rdf::encode_segment("两江新区 A/B#1"), "两江新区%20A%2FB%231");
/// ```
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_ipchar(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The IRI of an entity: `https://tupu.dev/id/{Type}/{encoded canonical name}`.
///
/// Depends only on the type and [`canonical_name`]`(name)`, never on the
/// article or run.
///
/// ```
/// use tupu::annotation::EntityType;
/// let iri = tupu::rdf::entity_iri(EntityType::Organization, "腾讯");
/// assert_eq!(iri.as_str(), "https://tupu.dev/id/Organization/腾讯");
/// ```
pub fn entity_iri(t: EntityType, name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{ENTITY_BASE}{}/{}",
        t.as_str(),
        encode_segment(&canonical_name(name))
    ))
}

/// The IRI of an article: `https://tupu.dev/article/{encoded id}`.
pub fn article_iri(id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ARTICLE_BASE}{}", encode_segment(id)))
}

/// The name of the graph holding all quads of article `id`; the same IRI as
/// [`article_iri`].
pub fn article_graph(id: &str) -> NamedNode {
    article_iri(id)
}

/// The article id of an article IRI or graph name made by [`article_iri`]
/// (percent-decoded); `None` for any other IRI or invalid encoding.
pub fn article_id_from_iri(iri: NamedNodeRef<'_>) -> Option<String> {
    let enc = iri.as_str().strip_prefix(ARTICLE_BASE)?;
    let mut bytes = Vec::with_capacity(enc.len());
    let mut rest = enc.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

fn statement_iri(article: &str, s: &str, p: &str, o: &str) -> NamedNode {
    let mut h = Sha256::new();
    for part in [article, s, p, o] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let hex: String = h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    NamedNode::new_unchecked(format!("{STATEMENT_BASE}{hex}"))
}

fn zh(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "zh")
}

fn integer(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER)
}

/// Whether `s` is an ISO `YYYY-MM-DD` date with month 1–12 and day 1–31.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Whether `s` is an `xsd:decimal` lexical form of a non-negative number
/// (`3500000000`, `1.5`).
fn is_decimal(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Collects quads of one graph, then sorts and de-duplicates them.
struct QuadSink {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl QuadSink {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.quads
            .push(Quad::new(s.clone(), p, o, self.graph.clone()));
    }

    fn provenance(
        &mut self,
        node: &NamedNode,
        article: &NamedNode,
        evidence: &str,
        prov: Option<&Provenance>,
    ) {
        self.add(node, rdf::TYPE, rdf::STATEMENT);
        self.add(node, rdf::TYPE, prov::ENTITY);
        self.add(node, prov::WAS_DERIVED_FROM, article.clone());
        if !evidence.is_empty() {
            self.add(node, tupu::EVIDENCE, zh(evidence));
        }
        if let Some(p) = prov {
            self.add(node, tupu::EVIDENCE_TEXT, zh(&p.sentence));
            self.add(node, tupu::START_OFFSET, integer(p.start));
            self.add(node, tupu::END_OFFSET, integer(p.end));
        }
    }

    fn finish(self) -> Vec<Quad> {
        let mut keyed: BTreeMap<String, Quad> = BTreeMap::new();
        for q in self.quads {
            keyed.insert(q.to_string(), q);
        }
        keyed.into_values().collect()
    }
}

fn attribute_quads(
    sink: &mut QuadSink,
    meta: &ArticleMeta,
    article: &NamedNode,
    subject: &NamedNode,
    a: &AttributeRecord,
) {
    let mut values: Vec<(NamedNodeRef<'static>, Literal)> = Vec::new();
    match a.p {
        AttributeKind::JobTitle => values.push((tupu::JOB_TITLE, Literal::from(a.value.as_str()))),
        AttributeKind::InvestmentAmount => {
            values.push((tupu::INVESTMENT_AMOUNT, Literal::from(a.value.as_str())));
            if let Some(n) = a.normalized.as_deref().filter(|n| is_decimal(n)) {
                values.push((
                    tupu::INVESTMENT_AMOUNT_YUAN,
                    Literal::new_typed_literal(n, xsd::DECIMAL),
                ));
            }
        }
        AttributeKind::StartDate => {
            let date = [a.normalized.as_deref(), Some(a.value.as_str())]
                .into_iter()
                .flatten()
                .find(|d| is_iso_date(d));
            if let Some(d) = date {
                values.push((tupu::START_DATE, Literal::new_typed_literal(d, xsd::DATE)));
            }
        }
    }
    for (p, value) in values {
        let node = statement_iri(&meta.id, subject.as_str(), p.as_str(), &value.to_string());
        sink.add(subject, p, value.clone());
        sink.add(&node, rdf::SUBJECT, subject.clone());
        sink.add(&node, rdf::PREDICATE, p);
        sink.add(&node, rdf::OBJECT, value);
        sink.provenance(&node, article, "", a.provenance.as_ref());
    }
}

/// Every quad of one article, sorted (by N-Quads text) and de-duplicated, all
/// in the named graph [`article_graph`]`(&meta.id)`.
///
/// See the module docs for the triples emitted. Deterministic: the same
/// `meta` and `ann` always give the same vector. Relations and attributes that
/// name an entity id absent from `ann.entities` are skipped.
///
/// ```
/// use tupu::annotation::{Annotation, EntityRecord, EntityType};
/// use tupu::rdf::{annotation_quads, ArticleMeta};
///
/// let meta = ArticleMeta { id: "a.txt".into(), source: "a.txt".into(), sha256: "00".into(), chars: 2 };
/// let ann = Annotation {
///     doc: "a.txt".into(),
///     entities: vec![EntityRecord { id: "E1".into(), entity_type: EntityType::Place, subtype: None,
///         name: "重庆".into(), aliases: vec![], mentions: vec![] }],
///     ..Annotation::default()
/// };
/// let quads = annotation_quads(&meta, &ann);
/// assert!(quads.iter().any(|q| q.to_string().contains("\"重庆\"@zh")));
/// ```
pub fn annotation_quads(meta: &ArticleMeta, ann: &Annotation) -> Vec<Quad> {
    quads_with(meta, ann, None)
}

/// Every quad of one article as [`annotation_quads`] gives them, but with
/// entity IRIs from cross-article resolution ([`crate::resolve`]): the IRI
/// of each entity is `{ENTITY_BASE}{Type}/{key}` with the key of
/// [`crate::resolve::resolve_article`], so 腾讯公司 in one article and 腾讯
/// in another get one IRI. This is what `tupu build` stores; anything that
/// writes articles to a shared store must use it so IRIs agree.
///
/// Besides the triples of [`annotation_quads`] (the name as written stays the
/// `rdfs:label` in this article's graph, its aliases `skos:altLabel`; when
/// several entities of the article resolve to one IRI, the longest name is
/// the label and the others are altLabels), each
/// entity gets `tupu:nameInArticle` (the name as written), `tupu:resolvedBy`
/// (the rule, e.g. `"org-legal-suffix"`) and, when the key differs from the
/// name and is not a person key (`name@org`), the key as `skos:altLabel`.
///
/// ```
/// use tupu::annotation::{Annotation, EntityRecord, EntityType};
/// use tupu::rdf::{resolved_annotation_quads, ArticleMeta};
///
/// let meta = ArticleMeta { id: "a.txt".into(), source: "a.txt".into(), sha256: "00".into(), chars: 4 };
/// let ann = Annotation {
///     doc: "a.txt".into(),
///     entities: vec![EntityRecord { id: "E1".into(), entity_type: EntityType::Organization, subtype: None,
///         name: "腾讯公司".into(), aliases: vec![], mentions: vec![] }],
///     ..Annotation::default()
/// };
/// let text: Vec<String> = resolved_annotation_quads(&meta, &ann).iter().map(|q| q.to_string()).collect();
/// assert!(text.iter().any(|q| q.starts_with("<https://tupu.dev/id/Organization/腾讯> <http://www.w3.org/2000/01/rdf-schema#label> \"腾讯公司\"@zh")));
/// assert!(text.iter().any(|q| q.contains("resolvedBy> \"org-gazetteer\"")));
/// ```
pub fn resolved_annotation_quads(meta: &ArticleMeta, ann: &Annotation) -> Vec<Quad> {
    let resolutions = crate::resolve::resolve_article(ann);
    quads_with(meta, ann, Some(&resolutions))
}

/// The quads of one article; entity IRIs from `resolutions` (by entity id)
/// when given, else from the names.
fn quads_with(
    meta: &ArticleMeta,
    ann: &Annotation,
    resolutions: Option<&BTreeMap<String, Resolution>>,
) -> Vec<Quad> {
    let article = article_iri(&meta.id);
    let mut sink = QuadSink {
        graph: GraphName::NamedNode(article_graph(&meta.id)),
        quads: Vec::new(),
    };

    sink.add(&article, rdf::TYPE, prov::ENTITY);
    sink.add(&article, rdf::TYPE, schema::NEWS_ARTICLE);
    sink.add(&article, tupu::ARTICLE_ID, Literal::from(meta.id.as_str()));
    sink.add(&article, tupu::SOURCE, Literal::from(meta.source.as_str()));
    sink.add(&article, tupu::SHA256, Literal::from(meta.sha256.as_str()));
    sink.add(&article, tupu::CHARACTER_COUNT, integer(meta.chars));

    let iris: BTreeMap<&str, (NamedNode, &EntityRecord)> = ann
        .entities
        .iter()
        .map(|e| {
            let key = resolutions
                .and_then(|r| r.get(&e.id))
                .map_or(e.name.as_str(), |r| r.key.as_str());
            (e.id.as_str(), (entity_iri(e.entity_type, key), e))
        })
        .collect();

    // With resolution, several entities of one article can share an IRI
    // (兵装集团 and 中国兵器装备集团有限公司): the article's label is then the
    // longest of their names (the smaller on a tie), the others altLabels.
    let mut primary: BTreeMap<&str, &str> = BTreeMap::new();
    for (iri, e) in iris.values() {
        let best = primary.entry(iri.as_str()).or_insert(e.name.as_str());
        let longer = e.name.chars().count().cmp(&best.chars().count());
        if longer.then_with(|| (*best).cmp(e.name.as_str())).is_gt() {
            *best = e.name.as_str();
        }
    }
    for (iri, e) in iris.values() {
        sink.add(iri, rdf::TYPE, vocab::entity_type(e.entity_type));
        if let Some(st) = e.subtype {
            sink.add(iri, rdf::TYPE, vocab::subtype(st));
        }
        if resolutions.is_none() || primary.get(iri.as_str()) == Some(&e.name.as_str()) {
            sink.add(iri, rdfs::LABEL, zh(&e.name));
        } else {
            sink.add(iri, skos::ALT_LABEL, zh(&e.name));
        }
        for alias in &e.aliases {
            if alias != &e.name {
                sink.add(iri, skos::ALT_LABEL, zh(alias));
            }
        }
        if let Some(r) = resolutions.and_then(|r| r.get(&e.id)) {
            sink.add(iri, tupu::NAME_IN_ARTICLE, zh(&e.name));
            sink.add(iri, tupu::RESOLVED_BY, Literal::from(r.rule.as_str()));
            if r.key != canonical_name(&e.name) && e.entity_type != EntityType::Person {
                sink.add(iri, skos::ALT_LABEL, zh(&r.key));
            }
        }
    }

    for r in &ann.relations {
        let (Some((s, _)), Some((o, _))) = (iris.get(r.s.as_str()), iris.get(r.o.as_str())) else {
            continue;
        };
        let p = vocab::predicate(r.p);
        sink.add(s, p, o.clone());
        if r.p == Predicate::SignedWith {
            sink.add(o, p, s.clone());
        }
        let node = statement_iri(&meta.id, s.as_str(), p.as_str(), o.as_str());
        sink.add(&node, rdf::SUBJECT, s.clone());
        sink.add(&node, rdf::PREDICATE, p);
        sink.add(&node, rdf::OBJECT, o.clone());
        sink.provenance(&node, &article, &r.evidence, r.provenance.as_ref());
    }

    for a in &ann.attributes {
        if let Some((s, _)) = iris.get(a.s.as_str()) {
            attribute_quads(&mut sink, meta, &article, s, a);
        }
    }

    sink.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{RelationRecord, Subtype};
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};
    use oxigraph::store::Store;

    fn entity(
        id: &str,
        t: EntityType,
        sub: Option<Subtype>,
        name: &str,
        aliases: &[&str],
    ) -> EntityRecord {
        EntityRecord {
            id: id.into(),
            entity_type: t,
            subtype: sub,
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            mentions: vec![],
        }
    }

    fn relation(s: &str, p: Predicate, o: &str, sentence: &str, start: usize) -> RelationRecord {
        RelationRecord {
            s: s.into(),
            p,
            o: o.into(),
            evidence: String::new(),
            provenance: Some(Provenance {
                sentence: sentence.into(),
                start,
                end: start + sentence.chars().count(),
                original: None,
            }),
        }
    }

    fn meta(id: &str) -> ArticleMeta {
        ArticleMeta {
            id: id.into(),
            source: format!("data/seeds/{id}"),
            sha256: "ab".repeat(32),
            chars: 1000,
        }
    }

    pub(crate) fn gold(name: &str) -> Annotation {
        let path = format!("{}/data/gold/{name}.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// Two articles about the 2021 Smart China Expo signings, written as the
    /// extractor would (one names the event in full, one by its short name).
    fn expo_articles() -> Vec<(ArticleMeta, Annotation)> {
        let a = Annotation {
            doc: "a.txt".into(),
            entities: vec![
                entity(
                    "E1",
                    EntityType::Event,
                    None,
                    "2021中国国际智能产业博览会",
                    &["2021智博会"],
                ),
                entity(
                    "E2",
                    EntityType::Organization,
                    Some(Subtype::Company),
                    "敏华实业有限公司",
                    &[],
                ),
                entity("E3", EntityType::Park, None, "两江新区", &[]),
                entity(
                    "E4",
                    EntityType::Organization,
                    Some(Subtype::Company),
                    "腾讯",
                    &["腾讯公司"],
                ),
            ],
            relations: vec![
                relation(
                    "E2",
                    Predicate::SignedAt,
                    "E1",
                    "2021智博会上，敏华实业有限公司签约落户。",
                    10,
                ),
                relation(
                    "E3",
                    Predicate::SignedAt,
                    "E1",
                    "2021智博会上，两江新区签约12个项目。",
                    40,
                ),
                relation(
                    "E3",
                    Predicate::SignedWith,
                    "E4",
                    "两江新区与腾讯公司联手。",
                    70,
                ),
            ],
            attributes: vec![],
        };
        let b = Annotation {
            doc: "b.txt".into(),
            entities: vec![
                entity("E1", EntityType::Event, None, "2021智博会", &[]),
                entity("E2", EntityType::Organization, None, "腾讯", &[]),
                entity(
                    "E3",
                    EntityType::Event,
                    None,
                    "首届中国国际智能产业博览会",
                    &["首届智博会"],
                ),
                entity("E4", EntityType::Organization, None, "华为", &[]),
            ],
            relations: vec![
                relation(
                    "E2",
                    Predicate::SignedAt,
                    "E1",
                    "腾讯在2021智博会上签约。",
                    5,
                ),
                relation(
                    "E4",
                    Predicate::SignedAt,
                    "E3",
                    "华为在首届智博会上签约。",
                    50,
                ),
            ],
            attributes: vec![],
        };
        vec![(meta("a.txt"), a), (meta("b.txt"), b)]
    }

    #[test]
    fn iris_are_canonical_and_valid() {
        let a = entity_iri(EntityType::Park, "西部（重庆）科学城");
        let b = entity_iri(EntityType::Park, "西部(重庆) 科学城");
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "https://tupu.dev/id/Park/西部(重庆)科学城");
        let odd = entity_iri(EntityType::Organization, "A/B#C?<D>%\"{|}^`\\");
        assert_eq!(
            odd.as_str(),
            "https://tupu.dev/id/Organization/A%2FB%23C%3F%3CD%3E%25%22%7B%7C%7D%5E%60%5C"
        );
        assert!(NamedNode::new(odd.as_str()).is_ok());
        assert_ne!(
            entity_iri(EntityType::Place, "重庆"),
            entity_iri(EntityType::Organization, "重庆")
        );
        let art = article_iri("000 x#1.txt");
        assert_eq!(art.as_str(), "https://tupu.dev/article/000%20x%231.txt");
        assert_eq!(
            article_id_from_iri(art.as_ref()).as_deref(),
            Some("000 x#1.txt")
        );
    }

    proptest::proptest! {
        #[test]
        fn any_name_gives_a_valid_iri(name in "\\PC{0,12}", id in ".{0,12}") {
            let iri = entity_iri(EntityType::Organization, &name);
            proptest::prop_assert!(NamedNode::new(iri.as_str()).is_ok(), "{}", iri);
            let art = article_iri(&id);
            proptest::prop_assert!(NamedNode::new(art.as_str()).is_ok(), "{}", art);
            proptest::prop_assert_eq!(article_id_from_iri(art.as_ref()), Some(id));
        }
    }

    #[test]
    fn gold_article_quads_are_deterministic_and_in_one_graph() {
        let ann = gold("002_37cb68cf616920c1.txt");
        let m = meta("002_37cb68cf616920c1.txt");
        let quads = annotation_quads(&m, &ann);
        assert_eq!(quads, annotation_quads(&m, &ann));
        let graph = GraphName::NamedNode(article_graph(&m.id));
        assert!(quads.iter().all(|q| q.graph_name == graph));
        // Every entity gets a type and a label; every relation its triple.
        for e in &ann.entities {
            let iri = entity_iri(e.entity_type, &e.name);
            let ty = Quad::new(
                iri.clone(),
                rdf::TYPE,
                vocab::entity_type(e.entity_type),
                graph.clone(),
            );
            assert!(quads.contains(&ty), "{}", e.name);
            let label = Quad::new(iri, rdfs::LABEL, zh(&e.name), graph.clone());
            assert!(quads.contains(&label), "{}", e.name);
        }
        for r in &ann.relations {
            let (s, o) = (ann.entity(&r.s).unwrap(), ann.entity(&r.o).unwrap());
            let t = Quad::new(
                entity_iri(s.entity_type, &s.name),
                vocab::predicate(r.p),
                entity_iri(o.entity_type, &o.name),
                graph.clone(),
            );
            assert!(quads.contains(&t), "{t}");
        }
        let sorted: Vec<String> = quads.iter().map(Quad::to_string).collect();
        assert!(sorted.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn attributes_become_typed_literals() {
        let ann = Annotation {
            doc: "x".into(),
            entities: vec![
                entity("E1", EntityType::Project, None, "敏华智能家居制造项目", &[]),
                entity(
                    "E2",
                    EntityType::Event,
                    None,
                    "2021中国国际智能产业博览会",
                    &[],
                ),
                entity("E3", EntityType::Person, None, "唐良智", &[]),
            ],
            relations: vec![],
            attributes: vec![
                AttributeRecord {
                    s: "E1".into(),
                    p: AttributeKind::InvestmentAmount,
                    value: "35亿元".into(),
                    normalized: Some("3500000000".into()),
                    provenance: None,
                },
                AttributeRecord {
                    s: "E2".into(),
                    p: AttributeKind::StartDate,
                    value: "2021-08-23".into(),
                    normalized: None,
                    provenance: None,
                },
                AttributeRecord {
                    s: "E2".into(),
                    p: AttributeKind::StartDate,
                    value: "8月23日".into(),
                    normalized: None,
                    provenance: None,
                },
                AttributeRecord {
                    s: "E3".into(),
                    p: AttributeKind::JobTitle,
                    value: "市长".into(),
                    normalized: None,
                    provenance: None,
                },
            ],
        };
        let text: Vec<String> = annotation_quads(&meta("x"), &ann)
            .iter()
            .map(Quad::to_string)
            .collect();
        let has = |needle: &str| text.iter().any(|q| q.contains(needle));
        assert!(has(
            "<https://tupu.dev/ontology#investmentAmount> \"35亿元\""
        ));
        assert!(has("<https://tupu.dev/ontology#investmentAmountYuan> \"3500000000\"^^<http://www.w3.org/2001/XMLSchema#decimal>"));
        assert!(has("<https://tupu.dev/ontology#startDate> \"2021-08-23\"^^<http://www.w3.org/2001/XMLSchema#date>"));
        assert!(!has("8月23日"));
        assert!(has("<https://tupu.dev/ontology#jobTitle> \"市长\""));
        assert!(has(
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> \"市长\""
        ));
    }

    #[test]
    fn evidence_query_example_finds_the_signing_companies() {
        let store = Store::new().unwrap();
        for (m, ann) in expo_articles() {
            store.extend(annotation_quads(&m, &ann)).unwrap();
        }
        let mut prepared = SparqlEvaluator::new()
            .parse_query(EVIDENCE_QUERY_EXAMPLE)
            .unwrap();
        prepared.dataset_mut().set_default_graph_as_union();
        let QueryResults::Solutions(solutions) = prepared.on_store(&store).execute().unwrap()
        else {
            panic!("not a SELECT");
        };
        let rows: Vec<(String, String)> = solutions
            .map(|s| {
                let s = s.unwrap();
                let get = |v: &str| match s.get(v) {
                    Some(Term::Literal(l)) => l.value().to_owned(),
                    other => format!("{other:?}"),
                };
                (get("label"), get("sentence"))
            })
            .collect();
        // 两江新区 is a Park, 华为 signed at another expo: neither is listed.
        // 腾讯 is named "2021智博会" in b.txt, matched through the label there.
        assert_eq!(
            rows,
            vec![
                (
                    "敏华实业有限公司".to_owned(),
                    "2021智博会上，敏华实业有限公司签约落户。".to_owned()
                ),
                ("腾讯".to_owned(), "腾讯在2021智博会上签约。".to_owned()),
            ]
        );
    }

    #[test]
    fn signed_with_is_asserted_both_ways_with_one_statement() {
        let (m, ann) = expo_articles().remove(0);
        let quads = annotation_quads(&m, &ann);
        let sw: Vec<&Quad> = quads
            .iter()
            .filter(|q| q.predicate == tupu::SIGNED_WITH)
            .collect();
        assert_eq!(sw.len(), 2);
        let statements = quads
            .iter()
            .filter(|q| {
                q.predicate == rdf::PREDICATE
                    && q.object == Term::from(tupu::SIGNED_WITH.into_owned())
            })
            .count();
        assert_eq!(statements, 1);
        let offsets: Vec<String> = quads
            .iter()
            .filter(|q| q.predicate == tupu::START_OFFSET)
            .map(|q| q.object.to_string())
            .collect();
        assert!(offsets.contains(&"\"70\"^^<http://www.w3.org/2001/XMLSchema#integer>".to_owned()));
    }
}
