//! The entity–relation projection of the store, read by quad-pattern scans.
//!
//! `graph` (petgraph walks) and `ask` (question answering) both need every
//! entity with its types, labels and aliases, and every relation between two
//! entities. Asking for them with SPARQL (`OPTIONAL` joins over the union of
//! all article graphs) is fine on five articles but takes minutes on a corpus
//! of 20,000 (one million quads). This module reads them instead with
//! Oxigraph's indexed [`Store::quads_for_pattern`], one scan per predicate:
//! O(Q_p) for the Q_p quads of the predicates involved, never a join over the
//! whole store.
//!
//! Everything returned is sorted (BTreeMap / BTreeSet), so the same store
//! gives the same projection. Offsets in [`StatementEvidence`] are CHARACTER
//! (Unicode scalar) offsets into the original article file.

use crate::annotation::{EntityType, Predicate, Subtype};
use crate::rdf::{article_id_from_iri, ENTITY_BASE};
use crate::store::StoreError;
use crate::vocab;
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};

/// What the store says about one entity (a subject typed with a tupu entity
/// class or subtype under [`ENTITY_BASE`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityFacts {
    /// Its entity types (`rdf:type` tupu:Organization …).
    pub types: BTreeSet<EntityType>,
    /// Its subtypes (`rdf:type` tupu:Company …).
    pub subtypes: BTreeSet<Subtype>,
    /// Its `rdfs:label`s (one per article that names it, usually all equal).
    pub labels: BTreeSet<String>,
    /// Its `skos:altLabel`s.
    pub aliases: BTreeSet<String>,
}

/// One relation triple between two entities.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationTriple {
    /// The subject entity's IRI.
    pub subject: String,
    /// The predicate.
    pub predicate: Predicate,
    /// The object entity's IRI.
    pub object: String,
}

/// Where a statement comes from: its article, sentence and evidence span.
/// The one evidence type of the read side: `graph`, `ask`, `remote` and the
/// server give every fact with these.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Evidence {
    /// The article id (from `prov:wasDerivedFrom`).
    pub article: String,
    /// The sentence stating it (`tupu:evidenceText`).
    pub sentence: Option<String>,
    /// The exact evidence span (`tupu:evidence`), a part of `sentence`;
    /// serialised as `evidence` (what the explorer marks in the sentence).
    #[serde(rename = "evidence")]
    pub text: Option<String>,
    /// Start CHARACTER offset of the evidence in the original file.
    pub start: Option<u64>,
    /// End CHARACTER offset (exclusive) of the evidence in the original file.
    pub end: Option<u64>,
}

/// One statement node (reified triple) of a relation with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StatementEvidence {
    /// The triple the statement is about.
    pub triple: RelationTriple,
    /// Where it comes from.
    pub source: Evidence,
}

fn entity_iri(node: NamedOrBlankNodeRef<'_>) -> Option<&str> {
    match node {
        NamedOrBlankNodeRef::NamedNode(n) if n.as_str().starts_with(ENTITY_BASE) => {
            Some(n.as_str())
        }
        _ => None,
    }
}

fn literal(t: TermRef<'_>) -> Option<String> {
    match t {
        TermRef::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    }
}

/// Every entity of the store: IRI → its types, subtypes, labels and aliases.
///
/// Three scans (`rdf:type`, `rdfs:label`, `skos:altLabel`); labels and
/// aliases of subjects that have no tupu type are ignored.
///
/// Errors: [`StoreError`] if the store cannot be read.
pub fn entities(store: &Store) -> Result<BTreeMap<String, EntityFacts>, StoreError> {
    let mut out: BTreeMap<String, EntityFacts> = BTreeMap::new();
    for q in store.quads_for_pattern(None, Some(rdf::TYPE), None, None) {
        let q = q?;
        let Some(iri) = entity_iri(q.subject.as_ref()) else {
            continue;
        };
        let Term::NamedNode(t) = &q.object else {
            continue;
        };
        if let Some(et) = vocab::entity_type_from_iri(t.as_ref()) {
            out.entry(iri.to_owned()).or_default().types.insert(et);
        } else if let Some(st) = Subtype::ALL
            .into_iter()
            .find(|s| vocab::subtype(*s) == t.as_ref())
        {
            out.entry(iri.to_owned()).or_default().subtypes.insert(st);
        }
    }
    for (pred, alias) in [(rdfs::LABEL, false), (vocab::skos::ALT_LABEL, true)] {
        for q in store.quads_for_pattern(None, Some(pred), None, None) {
            let q = q?;
            let Some(iri) = entity_iri(q.subject.as_ref()) else {
                continue;
            };
            let (Some(facts), Some(l)) = (out.get_mut(iri), literal(q.object.as_ref())) else {
                continue;
            };
            if alias {
                facts.aliases.insert(l);
            } else {
                facts.labels.insert(l);
            }
        }
    }
    Ok(out)
}

/// Every relation triple between two entities (subject and object under
/// [`ENTITY_BASE`]), once however many articles state it. One scan per
/// predicate of [`Predicate::ALL`].
///
/// Errors: [`StoreError`] if the store cannot be read.
pub fn relations(store: &Store) -> Result<BTreeSet<RelationTriple>, StoreError> {
    let mut out = BTreeSet::new();
    for p in Predicate::ALL {
        for q in store.quads_for_pattern(None, Some(vocab::predicate(p)), None, None) {
            let q = q?;
            let (Some(s), Term::NamedNode(o)) = (entity_iri(q.subject.as_ref()), &q.object) else {
                continue;
            };
            if o.as_str().starts_with(ENTITY_BASE) {
                out.insert(RelationTriple {
                    subject: s.to_owned(),
                    predicate: p,
                    object: o.as_str().to_owned(),
                });
            }
        }
    }
    Ok(out)
}

/// The first object of `subject predicate ?o` in `graph`, if any.
fn object_of(
    store: &Store,
    subject: NamedOrBlankNodeRef<'_>,
    predicate: NamedNodeRef<'_>,
    graph: GraphNameRef<'_>,
) -> Result<Option<Term>, StoreError> {
    Ok(store
        .quads_for_pattern(Some(subject), Some(predicate), None, Some(graph))
        .next()
        .transpose()?
        .map(|q| q.object))
}

/// The provenance of statement node `st` in graph `g`: `None` if it has no
/// `prov:wasDerivedFrom` article.
fn source_of(
    store: &Store,
    st: NamedOrBlankNodeRef<'_>,
    g: GraphNameRef<'_>,
) -> Result<Option<Evidence>, StoreError> {
    let Some(Term::NamedNode(art)) = object_of(store, st, vocab::prov::WAS_DERIVED_FROM, g)? else {
        return Ok(None);
    };
    let Some(article) = article_id_from_iri(art.as_ref()) else {
        return Ok(None);
    };
    let text_of = |p| -> Result<Option<String>, StoreError> {
        Ok(object_of(store, st, p, g)?.and_then(|t| literal(t.as_ref())))
    };
    let number =
        |p| -> Result<Option<u64>, StoreError> { Ok(text_of(p)?.and_then(|s| s.parse().ok())) };
    Ok(Some(Evidence {
        article,
        sentence: text_of(vocab::tupu::EVIDENCE_TEXT)?,
        text: text_of(vocab::tupu::EVIDENCE)?,
        start: number(vocab::tupu::START_OFFSET)?,
        end: number(vocab::tupu::END_OFFSET)?,
    }))
}

/// The statement nodes of relations (`rdf:predicate` one of the ten
/// predicates) with their article, sentence, evidence span and offsets,
/// sorted. One scan of `rdf:predicate` plus a few indexed look-ups per
/// statement: O(S log Q) for S statements in a store of Q quads.
///
/// Errors: [`StoreError`] if the store cannot be read.
pub fn relation_evidence(store: &Store) -> Result<Vec<StatementEvidence>, StoreError> {
    let mut out = Vec::new();
    for q in store.quads_for_pattern(None, Some(rdf::PREDICATE), None, None) {
        let q = q?;
        let Term::NamedNode(p) = &q.object else {
            continue;
        };
        let Some(predicate) = vocab::predicate_from_iri(p.as_ref()) else {
            continue;
        };
        let st = q.subject.as_ref();
        let g = q.graph_name.as_ref();
        let iri_of = |t: Option<Term>| match t {
            Some(Term::NamedNode(n)) => Some(n.into_string()),
            _ => None,
        };
        let (Some(subject), Some(object)) = (
            iri_of(object_of(store, st, rdf::SUBJECT, g)?),
            iri_of(object_of(store, st, rdf::OBJECT, g)?),
        ) else {
            continue;
        };
        if let Some(source) = source_of(store, st, g)? {
            out.push(StatementEvidence {
                triple: RelationTriple {
                    subject,
                    predicate,
                    object,
                },
                source,
            });
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The sources of every statement node of the triple `subject predicate
/// object` (a relation or an attribute: `object` may be a literal, matched
/// exactly), sorted and without duplicates.
///
/// Starts from the side with fewer statements: the statements whose
/// `rdf:subject` is `subject` and those whose `rdf:object` is `object` are
/// read in lockstep (two indexed scans) until one is exhausted, and only
/// that side's statements are checked. It costs O(min(k_s, k_o) log Q) for
/// k_s statements about `subject` and k_o about `object` in a store of Q
/// quads: a hub entity (习近平, with thousands of statements) costs no more
/// than its other end.
///
/// Errors: [`StoreError`] if the store cannot be read.
pub fn statement_sources(
    store: &Store,
    subject: NamedNodeRef<'_>,
    predicate: NamedNodeRef<'_>,
    object: TermRef<'_>,
) -> Result<Vec<Evidence>, StoreError> {
    let mut by_s = store.quads_for_pattern(None, Some(rdf::SUBJECT), Some(subject.into()), None);
    let mut by_o = store.quads_for_pattern(None, Some(rdf::OBJECT), Some(object), None);
    let (mut seen_s, mut seen_o) = (Vec::new(), Vec::new());
    // The statements of the side that ends first (all of them).
    let statements = loop {
        match (by_s.next().transpose()?, by_o.next().transpose()?) {
            (None, _) => break seen_s,
            (_, None) => break seen_o,
            (Some(a), Some(b)) => {
                seen_s.push(a);
                seen_o.push(b);
            }
        }
    };
    let mut out = Vec::new();
    for q in statements {
        let (st, g) = (q.subject.as_ref(), q.graph_name.as_ref());
        let has = |p: NamedNodeRef<'_>, o: TermRef<'_>| {
            store
                .quads_for_pattern(Some(st), Some(p), Some(o), Some(g))
                .next()
                .transpose()
                .map(|q| q.is_some())
        };
        if has(rdf::SUBJECT, subject.into())?
            && has(rdf::PREDICATE, predicate.into())?
            && has(rdf::OBJECT, object)?
        {
            if let Some(source) = source_of(store, st, g)? {
                out.push(source);
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::extract::Extractor;
    use crate::rdf::{annotation_quads, ArticleMeta};

    /// The projection of one seed article agrees with what the extractor
    /// produced for it.
    #[test]
    fn projection_of_a_seed_article_matches_its_annotation() {
        let text = include_str!("../data/seeds/002_37cb68cf616920c1.txt");
        let doc = Document::new("002", "002.txt", text);
        let ann = Extractor::new().extract(&doc);
        let meta = ArticleMeta {
            id: doc.id.clone(),
            source: doc.source.clone(),
            sha256: doc.content_hash(),
            chars: doc.original.chars().count(),
        };
        let store = Store::new().unwrap();
        for q in annotation_quads(&meta, &ann) {
            store.insert(&q).unwrap();
        }
        let ents = entities(&store).unwrap();
        assert_eq!(ents.len(), ann.entities.len());
        for e in &ann.entities {
            let iri = crate::rdf::entity_iri(e.entity_type, &e.name);
            let facts = &ents[iri.as_str()];
            assert!(facts.types.contains(&e.entity_type), "{}", e.name);
            assert!(facts.labels.contains(&e.name), "{}", e.name);
        }
        let rels = relations(&store).unwrap();
        let ev = relation_evidence(&store).unwrap();
        let iri_of = |id: &str| {
            let e = ann.entities.iter().find(|e| e.id == id).unwrap();
            crate::rdf::entity_iri(e.entity_type, &e.name).into_string()
        };
        let expected: BTreeSet<RelationTriple> = ann
            .relations
            .iter()
            .map(|r| RelationTriple {
                subject: iri_of(&r.s),
                predicate: r.p,
                object: iri_of(&r.o),
            })
            .collect();
        assert!(!expected.is_empty());
        // Every extracted relation is projected; a projected triple not
        // extracted as such is the mirror of a symmetric one.
        for t in &expected {
            assert!(rels.contains(t), "{t:?} missing");
        }
        for t in &rels {
            let mirror = RelationTriple {
                subject: t.object.clone(),
                predicate: t.predicate,
                object: t.subject.clone(),
            };
            assert!(
                expected.contains(t) || (t.predicate.is_symmetric() && expected.contains(&mirror)),
                "{t:?} not extracted"
            );
        }
        // Every extracted triple has at least one statement with a sentence
        // that contains its evidence span (a symmetric triple's statement
        // is stored in the direction it was extracted).
        for t in &expected {
            let st: Vec<_> = ev.iter().filter(|s| &s.triple == t).collect();
            assert!(!st.is_empty(), "{t:?} has no statement");
            for s in &st {
                let s = &s.source;
                assert_eq!(s.article, "002");
                let (Some(sent), Some(span)) = (&s.sentence, &s.text) else {
                    panic!("{t:?} without evidence text");
                };
                assert!(sent.contains(span.as_str()), "{span} not in {sent}");
                assert!(s.start < s.end);
            }
            // The look-up by triple finds the same sources.
            let by_triple = statement_sources(
                &store,
                NamedNodeRef::new_unchecked(&t.subject),
                vocab::predicate(t.predicate),
                NamedNodeRef::new_unchecked(&t.object).into(),
            )
            .unwrap();
            let scanned: Vec<Evidence> = st.iter().map(|s| s.source.clone()).collect();
            assert_eq!(by_triple, scanned, "{t:?}");
        }
    }
}
