//! Validation of an annotation against the ontology, before it is stored.
//!
//! A relation whose subject type is not in its predicate's domain or whose
//! object type is not in its range ([`Predicate::domain`],
//! [`Predicate::range`], from `ANNOTATION.md` and `ontology/tupu.ttl`), an
//! attribute on an entity of the wrong type ([`AttributeKind::domain`]), a
//! statement about an entity id the annotation does not have, a relation of
//! an entity to itself, and an attribute with an empty value are not stored:
//! [`validate`] removes them and returns one [`Rejection`] each, which
//! `tupu build --report FILE` writes as JSON lines.

use crate::annotation::{Annotation, AttributeKind, EntityType, Predicate, Provenance};
use serde::Serialize;
use std::collections::BTreeMap;

/// Why a statement was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The subject's type is not in the predicate's (or attribute's) domain.
    Domain,
    /// The object's type is not in the predicate's range.
    Range,
    /// The subject or object id names no entity of the annotation.
    UnknownEntity,
    /// Subject and object are the same entity.
    Reflexive,
    /// An attribute with an empty (white-space only) value.
    EmptyValue,
}

/// One statement [`validate`] removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// The article id ([`Annotation::doc`]).
    pub article: String,
    /// The predicate or attribute name (`signedAt`, `jobTitle`).
    pub predicate: String,
    /// The subject's name and type (`None` for an unknown id).
    pub subject: Option<(String, EntityType)>,
    /// The object's name and type, for a relation (`None` for an attribute
    /// or an unknown id).
    pub object: Option<(String, EntityType)>,
    /// The attribute's value, for an attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Why it was rejected.
    pub reason: Reason,
    /// What was allowed: the domain or range types, by name.
    pub allowed: Vec<EntityType>,
    /// The evidence span of the statement.
    pub evidence: String,
    /// Its sentence and CHARACTER offsets, when the extractor gave them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// Removes from `ann` every relation and attribute that violates the
/// ontology (see the module doc) and returns what was removed, in the
/// annotation's order. The entities are kept as they are. Never fails.
pub fn validate(ann: &mut Annotation) -> Vec<Rejection> {
    let names: BTreeMap<String, (String, EntityType)> = ann
        .entities
        .iter()
        .map(|e| (e.id.clone(), (e.name.clone(), e.entity_type)))
        .collect();
    let named = |id: &str| names.get(id).cloned();
    let mut rejected = Vec::new();
    let mut keep = Vec::with_capacity(ann.relations.len());
    for r in &ann.relations {
        let (s, o) = (named(&r.s), named(&r.o));
        let verdict = relation_verdict(
            r.p,
            s.as_ref().map(|x| x.1),
            o.as_ref().map(|x| x.1),
            r.s == r.o,
        );
        keep.push(verdict.is_none());
        if let Some((reason, allowed)) = verdict {
            rejected.push(Rejection {
                article: ann.doc.clone(),
                predicate: r.p.as_str().to_owned(),
                subject: s,
                object: o,
                value: None,
                reason,
                allowed,
                evidence: r.evidence.clone(),
                provenance: r.provenance.clone(),
            });
        }
    }
    let mut flags = keep.into_iter();
    ann.relations.retain(|_| flags.next().unwrap_or(true));

    let mut keep = Vec::with_capacity(ann.attributes.len());
    for a in &ann.attributes {
        let s = named(&a.s);
        let verdict = attribute_verdict(a.p, s.as_ref().map(|x| x.1), &a.value);
        keep.push(verdict.is_none());
        if let Some((reason, allowed)) = verdict {
            rejected.push(Rejection {
                article: ann.doc.clone(),
                predicate: a.p.as_str().to_owned(),
                subject: s,
                object: None,
                value: Some(a.value.clone()),
                reason,
                allowed,
                evidence: a
                    .provenance
                    .as_ref()
                    .map(|p| p.sentence.clone())
                    .unwrap_or_default(),
                provenance: a.provenance.clone(),
            });
        }
    }
    let mut flags = keep.into_iter();
    ann.attributes.retain(|_| flags.next().unwrap_or(true));
    rejected
}

/// The verdict on a relation `p` from a subject of type `s` to an object of
/// type `o` (`None` for an unknown entity): `None` if valid, else the reason
/// and the allowed types.
fn relation_verdict(
    p: Predicate,
    s: Option<EntityType>,
    o: Option<EntityType>,
    reflexive: bool,
) -> Option<(Reason, Vec<EntityType>)> {
    let (Some(s), Some(o)) = (s, o) else {
        return Some((Reason::UnknownEntity, Vec::new()));
    };
    if reflexive {
        return Some((Reason::Reflexive, Vec::new()));
    }
    if !p.domain().contains(&s) {
        return Some((Reason::Domain, p.domain().to_vec()));
    }
    if !p.range().contains(&o) {
        return Some((Reason::Range, p.range().to_vec()));
    }
    None
}

/// The verdict on attribute `p` of a subject of type `s` with `value`.
fn attribute_verdict(
    p: AttributeKind,
    s: Option<EntityType>,
    value: &str,
) -> Option<(Reason, Vec<EntityType>)> {
    let Some(s) = s else {
        return Some((Reason::UnknownEntity, Vec::new()));
    };
    if s != p.domain() {
        return Some((Reason::Domain, vec![p.domain()]));
    }
    if value.trim().is_empty() {
        return Some((Reason::EmptyValue, Vec::new()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::extract::Extractor;

    const GOLD_002: &str = include_str!("../data/gold/002_37cb68cf616920c1.txt.json");

    fn gold() -> Annotation {
        serde_json::from_str(GOLD_002).expect("gold parses")
    }

    /// The hand-made gold conforms to the ontology: nothing is rejected.
    #[test]
    fn the_gold_passes() {
        let mut ann = gold();
        let before = (ann.relations.len(), ann.attributes.len());
        assert!(validate(&mut ann).is_empty());
        assert_eq!(before, (ann.relations.len(), ann.attributes.len()));
    }

    /// Turning gold statements around (the event signs at the company, the
    /// project has a job title) breaks domain or range; exactly those are
    /// removed, with the reason and the allowed types.
    #[test]
    fn domain_and_range_violations_are_rejected() {
        let mut ann = gold();
        let signed = ann
            .relations
            .iter()
            .position(|r| r.p == Predicate::SignedAt)
            .expect("a signedAt in 002");
        let r = &mut ann.relations[signed];
        std::mem::swap(&mut r.s, &mut r.o);
        let (company, event) = (r.o.clone(), r.s.clone());
        let project = ann
            .entities
            .iter()
            .find(|e| e.entity_type == EntityType::Project)
            .expect("a project in 002")
            .id
            .clone();
        let mut title = ann
            .attributes
            .iter()
            .find(|a| a.p == AttributeKind::JobTitle)
            .expect("a job title in 002")
            .clone();
        title.s = project.clone();
        ann.attributes.push(title);
        let n = (ann.relations.len(), ann.attributes.len());

        let rejected = validate(&mut ann);
        assert_eq!(rejected.len(), 2, "{rejected:#?}");
        assert_eq!(
            (ann.relations.len(), ann.attributes.len()),
            (n.0 - 1, n.1 - 1)
        );
        let r = &rejected[0];
        assert_eq!(
            (r.predicate.as_str(), r.reason),
            ("signedAt", Reason::Domain)
        );
        assert_eq!(r.subject.as_ref().map(|s| s.1), Some(EntityType::Event));
        assert!(r.allowed.contains(&EntityType::Organization));
        assert_eq!(
            r.subject.as_ref().map(|s| s.0.clone()),
            ann.entity(&event).map(|e| e.name.clone())
        );
        assert_eq!(
            r.object.as_ref().map(|s| s.0.clone()),
            ann.entity(&company).map(|e| e.name.clone())
        );
        let a = &rejected[1];
        assert_eq!(
            (a.predicate.as_str(), a.reason),
            ("jobTitle", Reason::Domain)
        );
        assert_eq!(a.allowed, vec![EntityType::Person]);
        assert!(!ann
            .attributes
            .iter()
            .any(|a| a.s == project && a.p == AttributeKind::JobTitle));
    }

    /// A statement about an id the annotation lacks, or of an entity with
    /// itself, is rejected too.
    #[test]
    fn unknown_ids_and_reflexive_relations_are_rejected() {
        let mut ann = gold();
        let mut r = ann.relations[0].clone();
        r.o = "E999".into();
        ann.relations.push(r);
        let mut r = ann.relations[0].clone();
        r.o = r.s.clone();
        ann.relations.push(r);
        let reasons: Vec<Reason> = validate(&mut ann).iter().map(|r| r.reason).collect();
        assert_eq!(reasons, vec![Reason::UnknownEntity, Reason::Reflexive]);
    }

    /// What the extractor stores for the seed articles conforms: every
    /// relation's types are in its predicate's domain and range.
    #[test]
    fn extracted_seed_statements_conform() {
        let ex = Extractor::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/seeds");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let doc = Document::new(name.clone(), name.clone(), text);
            let (ann, _) = ex.extract_checked(&doc);
            for r in &ann.relations {
                let (s, o) = (ann.entity(&r.s).unwrap(), ann.entity(&r.o).unwrap());
                assert!(r.p.domain().contains(&s.entity_type), "{name}: {r:?}");
                assert!(r.p.range().contains(&o.entity_type), "{name}: {r:?}");
            }
        }
    }
}
