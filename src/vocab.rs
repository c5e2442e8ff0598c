//! Ontology terms as constants, in the style of oxigraph's `oxrdf::vocab`.
//!
//! [`tupu`] holds every term of `ontology/tupu.ttl` that the code emits
//! (namespace [`tupu::NAMESPACE`], prefix `tupu:`); [`skos`], [`prov`] and
//! [`schema`] hold the few standard terms tupu uses. RDF, RDFS and XSD terms
//! come from [`oxigraph::model::vocab`].
//!
//! The functions at the end map the annotation enums of
//! [`crate::annotation`] to their ontology terms and back, and give the
//! Chinese labels used by the DOT export.
//!
//! A unit test loads `ontology/tupu.ttl` and checks that every constant here
//! is declared there with an `rdf:type`, and that each property's
//! `rdfs:domain` / `rdfs:range` agree with [`Predicate::domain`] /
//! [`Predicate::range`].
//!
//! ```
//! use tupu::annotation::Predicate;
//! use tupu::vocab;
//!
//! assert_eq!(vocab::predicate(Predicate::SignedAt), vocab::tupu::SIGNED_AT);
//! assert_eq!(vocab::predicate_label_zh(Predicate::SignedAt), "签约于");
//! ```

use crate::annotation::{AttributeKind, EntityType, Predicate, Subtype};
use oxigraph::model::NamedNodeRef;

/// The SPARQL PREFIX block of every query tupu writes: `rdf:`, `rdfs:`,
/// `skos:`, `prov:`, `xsd:` and `tupu:` (the namespaces of [`oxigraph::model::vocab`],
/// [`skos`], [`prov`] and [`tupu`]), one declaration a line, ending with a
/// newline.
pub const SPARQL_PREFIXES: &str = "PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX tupu: <https://tupu.dev/ontology#>
";

pub mod tupu {
    //! The tupu ontology (`ontology/tupu.ttl`), namespace
    //! `https://tupu.dev/ontology#`.
    use oxigraph::model::NamedNodeRef;

    /// The namespace IRI of the ontology terms (`tupu:` prefix).
    pub const NAMESPACE: &str = "https://tupu.dev/ontology#";
    /// The ontology's own IRI (the `owl:Ontology` node).
    pub const ONTOLOGY: NamedNodeRef<'_> = NamedNodeRef::new_unchecked("https://tupu.dev/ontology");
    /// Companies, groups, government bodies and party committees, research institutes, universities, media, international organisations, associations.
    pub const ORGANIZATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#Organization");
    /// A named person; an official is a person with at least one job title.
    pub const PERSON: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#Person");
    /// An industrial, science, technology or innovation park or zone.
    pub const PARK: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#Park");
    /// A named investment or construction project, usually ending in 项目.
    pub const PROJECT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#Project");
    /// A named expo, forum, conference, ceremony, lecture series or press conference; each edition is its own entity.
    pub const EVENT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#Event");
    /// An administrative area (country, province, city, district, county, town) or a named venue.
    pub const PLACE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#Place");
    /// A company or group of companies.
    pub const COMPANY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#Company");
    /// A government body or party committee.
    pub const GOVERNMENT_BODY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#GovernmentBody");
    /// A research institute or academy.
    pub const RESEARCH_INSTITUTE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#ResearchInstitute");
    /// A university or college.
    pub const UNIVERSITY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#University");
    /// A newspaper, news agency, broadcaster or news website.
    pub const MEDIA_OUTLET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#MediaOutlet");
    /// An international organisation or one of its bodies.
    pub const INTERNATIONAL_ORGANIZATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#InternationalOrganization");
    /// An association, federation or society.
    pub const ASSOCIATION: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#Association");
    /// A country, province, city, district, county or town.
    pub const ADMINISTRATIVE_AREA: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#AdministrativeArea");
    /// A named venue: conference centre, exhibition centre, pavilion.
    pub const VENUE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#Venue");
    /// The two parties signed an agreement (symmetric). tupu asserts both directions.
    pub const SIGNED_WITH: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#signedWith");
    /// The signing took place at the event.
    pub const SIGNED_AT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#signedAt");
    /// The subject is located in, settles in or is built in the place or park.
    pub const LOCATED_IN: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#locatedIn");
    /// Held, organised, co-organised or hosted the event.
    pub const HOSTED: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#hosted");
    /// The event was held, convened or opened at the place or park.
    pub const HELD_AT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#heldAt");
    /// Attended, took part in, spoke at, lectured at or witnessed the event.
    pub const ATTENDED: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#attended");
    /// The person holds a title in the organisation.
    pub const WORKS_FOR: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#worksFor");
    /// The organisation invests in, builds or develops the project.
    pub const INVESTS_IN: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#investsIn");
    /// The organisation was incubated by the organisation or park.
    pub const INCUBATED_BY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#incubatedBy");
    /// The organisation is a part, branch or headquarters of the parent organisation.
    pub const SUB_ORGANIZATION_OF: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#subOrganizationOf");
    /// The title as written, one value per title: 市长, 董事长, 记者.
    pub const JOB_TITLE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#jobTitle");
    /// The investment amount as written, e.g. 35亿元.
    pub const INVESTMENT_AMOUNT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#investmentAmount");
    /// The investment amount as a decimal number of yuan: 35亿元 → 3500000000.
    pub const INVESTMENT_AMOUNT_YUAN: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#investmentAmountYuan");
    /// The date the event starts (ISO 8601).
    pub const START_DATE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#startDate");
    /// The sentence that states the fact, with broken lines joined.
    pub const EVIDENCE_TEXT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#evidenceText");
    /// A short exact substring of the article that states the fact.
    pub const EVIDENCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#evidence");
    /// CHARACTER (Unicode scalar) offset, from 0, of the evidence sentence's first character in the original file.
    pub const START_OFFSET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#startOffset");
    /// CHARACTER (Unicode scalar) offset one past the evidence sentence's last character in the original file.
    pub const END_OFFSET: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#endOffset");
    /// The name an article uses for the entity (in that article's graph), before cross-article resolution.
    pub const NAME_IN_ARTICLE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#nameInArticle");
    /// The resolution rule that chose the entity's IRI in that article (org-legal-suffix, place-gazetteer, …).
    pub const RESOLVED_BY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#resolvedBy");
    /// The article id: its file name, or the record id for JSON lines.
    pub const ARTICLE_ID: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#articleId");
    /// Where the article was read from: a file path, or path:line for JSON lines.
    pub const SOURCE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#source");
    /// The SHA-256 digest of the article's content, lower-case hexadecimal.
    pub const SHA256: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#sha256");
    /// The number of CHARACTERS (Unicode scalars) of the original file.
    pub const CHARACTER_COUNT: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("https://tupu.dev/ontology#characterCount");

    /// Every term above, for checks against `ontology/tupu.ttl`.
    pub const ALL: [NamedNodeRef<'_>; 39] = [
        ORGANIZATION,
        PERSON,
        PARK,
        PROJECT,
        EVENT,
        PLACE,
        COMPANY,
        GOVERNMENT_BODY,
        RESEARCH_INSTITUTE,
        UNIVERSITY,
        MEDIA_OUTLET,
        INTERNATIONAL_ORGANIZATION,
        ASSOCIATION,
        ADMINISTRATIVE_AREA,
        VENUE,
        SIGNED_WITH,
        SIGNED_AT,
        LOCATED_IN,
        HOSTED,
        HELD_AT,
        ATTENDED,
        WORKS_FOR,
        INVESTS_IN,
        INCUBATED_BY,
        SUB_ORGANIZATION_OF,
        JOB_TITLE,
        INVESTMENT_AMOUNT,
        INVESTMENT_AMOUNT_YUAN,
        START_DATE,
        EVIDENCE_TEXT,
        EVIDENCE,
        START_OFFSET,
        END_OFFSET,
        NAME_IN_ARTICLE,
        RESOLVED_BY,
        ARTICLE_ID,
        SOURCE,
        SHA256,
        CHARACTER_COUNT,
    ];
}

pub mod skos {
    //! [SKOS](https://www.w3.org/TR/skos-reference/) terms used by tupu.
    use oxigraph::model::NamedNodeRef;

    /// The namespace IRI (`skos:` prefix).
    pub const NAMESPACE: &str = "http://www.w3.org/2004/02/skos/core#";
    /// An alternative label: every other form of an entity's name (abbreviations, variants).
    pub const ALT_LABEL: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");
}

pub mod prov {
    //! [PROV-O](https://www.w3.org/TR/prov-o/) terms used by tupu.
    use oxigraph::model::NamedNodeRef;

    /// The namespace IRI (`prov:` prefix).
    pub const NAMESPACE: &str = "http://www.w3.org/ns/prov#";
    /// The class of things with provenance (articles and statement nodes).
    pub const ENTITY: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#Entity");
    /// Links a statement node to the article it was read from.
    pub const WAS_DERIVED_FROM: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
}

pub mod schema {
    //! [schema.org](https://schema.org/) terms used by tupu (namespace
    //! `http://schema.org/`).
    use oxigraph::model::NamedNodeRef;

    /// The namespace IRI (`schema:` prefix).
    pub const NAMESPACE: &str = "http://schema.org/";
    /// The class of news articles (every ingested article is one).
    pub const NEWS_ARTICLE: NamedNodeRef<'_> =
        NamedNodeRef::new_unchecked("http://schema.org/NewsArticle");
}

/// The class of an entity type: `EntityType::Park` → `tupu:Park`.
pub fn entity_type(t: EntityType) -> NamedNodeRef<'static> {
    match t {
        EntityType::Organization => tupu::ORGANIZATION,
        EntityType::Person => tupu::PERSON,
        EntityType::Park => tupu::PARK,
        EntityType::Project => tupu::PROJECT,
        EntityType::Event => tupu::EVENT,
        EntityType::Place => tupu::PLACE,
    }
}

/// The entity type of a class IRI (the inverse of [`entity_type`]); `None`
/// for any other IRI, subtypes included.
pub fn entity_type_from_iri(iri: NamedNodeRef<'_>) -> Option<EntityType> {
    EntityType::ALL.into_iter().find(|t| entity_type(*t) == iri)
}

/// The class of a subtype: `Subtype::Company` → `tupu:Company` (a subclass of
/// the class of [`Subtype::parent`]).
pub fn subtype(s: Subtype) -> NamedNodeRef<'static> {
    match s {
        Subtype::Company => tupu::COMPANY,
        Subtype::GovernmentBody => tupu::GOVERNMENT_BODY,
        Subtype::ResearchInstitute => tupu::RESEARCH_INSTITUTE,
        Subtype::University => tupu::UNIVERSITY,
        Subtype::MediaOutlet => tupu::MEDIA_OUTLET,
        Subtype::InternationalOrganization => tupu::INTERNATIONAL_ORGANIZATION,
        Subtype::Association => tupu::ASSOCIATION,
        Subtype::AdministrativeArea => tupu::ADMINISTRATIVE_AREA,
        Subtype::Venue => tupu::VENUE,
    }
}

/// The object property of a predicate: `Predicate::SignedAt` → `tupu:signedAt`.
pub fn predicate(p: Predicate) -> NamedNodeRef<'static> {
    match p {
        Predicate::SignedWith => tupu::SIGNED_WITH,
        Predicate::SignedAt => tupu::SIGNED_AT,
        Predicate::LocatedIn => tupu::LOCATED_IN,
        Predicate::Hosted => tupu::HOSTED,
        Predicate::HeldAt => tupu::HELD_AT,
        Predicate::Attended => tupu::ATTENDED,
        Predicate::WorksFor => tupu::WORKS_FOR,
        Predicate::InvestsIn => tupu::INVESTS_IN,
        Predicate::IncubatedBy => tupu::INCUBATED_BY,
        Predicate::SubOrganizationOf => tupu::SUB_ORGANIZATION_OF,
    }
}

/// The predicate of a property IRI (the inverse of [`predicate`]); `None` for
/// any other IRI.
pub fn predicate_from_iri(iri: NamedNodeRef<'_>) -> Option<Predicate> {
    Predicate::ALL.into_iter().find(|p| predicate(*p) == iri)
}

/// The datatype property holding an attribute's value as written:
/// `jobTitle` → `tupu:jobTitle`, `investmentAmount` → `tupu:investmentAmount`
/// (the normalised yuan amount goes to [`tupu::INVESTMENT_AMOUNT_YUAN`]),
/// `startDate` → `tupu:startDate`.
pub fn attribute(a: AttributeKind) -> NamedNodeRef<'static> {
    match a {
        AttributeKind::JobTitle => tupu::JOB_TITLE,
        AttributeKind::InvestmentAmount => tupu::INVESTMENT_AMOUNT,
        AttributeKind::StartDate => tupu::START_DATE,
    }
}

/// The Chinese label of a predicate, as in the ontology's `rdfs:label @zh`
/// (签约, 签约于, 位于, 主办, 举办地, 出席, 任职于, 投资, 孵化于, 隶属于).
pub fn predicate_label_zh(p: Predicate) -> &'static str {
    match p {
        Predicate::SignedWith => "签约",
        Predicate::SignedAt => "签约于",
        Predicate::LocatedIn => "位于",
        Predicate::Hosted => "主办",
        Predicate::HeldAt => "举办地",
        Predicate::Attended => "出席",
        Predicate::WorksFor => "任职于",
        Predicate::InvestsIn => "投资",
        Predicate::IncubatedBy => "孵化于",
        Predicate::SubOrganizationOf => "隶属于",
    }
}

/// The Chinese label of an entity type, as in the ontology's `rdfs:label @zh`
/// (组织机构, 人物, 园区, 项目, 活动, 地点).
pub fn entity_type_label_zh(t: EntityType) -> &'static str {
    match t {
        EntityType::Organization => "组织机构",
        EntityType::Person => "人物",
        EntityType::Park => "园区",
        EntityType::Project => "项目",
        EntityType::Event => "活动",
        EntityType::Place => "地点",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::{resolved_annotation_quads, ArticleMeta};
    use oxigraph::io::RdfFormat;
    use oxigraph::model::vocab::rdf;
    use oxigraph::model::{NamedOrBlankNode, Term};
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};
    use oxigraph::store::Store;
    use std::collections::BTreeSet;

    const TTL: &str = include_str!("../ontology/tupu.ttl");

    fn ontology() -> Store {
        let store = Store::new().unwrap();
        store.load_from_slice(RdfFormat::Turtle, TTL).unwrap();
        store
    }

    fn declared(store: &Store, iri: NamedNodeRef<'_>) -> bool {
        store
            .quads_for_pattern(Some(iri.into()), Some(rdf::TYPE), None, None)
            .next()
            .is_some()
    }

    /// The classes of `rdfs:domain`/`rdfs:range` of `property`, following
    /// `owl:unionOf` lists.
    fn classes(store: &Store, property: NamedNodeRef<'_>, axis: &str) -> BTreeSet<String> {
        let q = format!(
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
             PREFIX owl: <http://www.w3.org/2002/07/owl#>
             SELECT ?c WHERE {{
               {{ {property} <http://www.w3.org/2000/01/rdf-schema#{axis}>/owl:unionOf/rdf:rest*/rdf:first ?c }}
               UNION
               {{ {property} <http://www.w3.org/2000/01/rdf-schema#{axis}> ?c . FILTER(isIRI(?c)) }}
             }}"
        );
        let QueryResults::Solutions(rows) = SparqlEvaluator::new()
            .parse_query(&q)
            .unwrap()
            .on_store(store)
            .execute()
            .unwrap()
        else {
            panic!("not a SELECT");
        };
        rows.map(|r| r.unwrap().get("c").unwrap().to_string())
            .collect()
    }

    #[test]
    fn every_term_is_declared_in_the_ontology() {
        let store = ontology();
        assert!(declared(&store, tupu::ONTOLOGY));
        for term in tupu::ALL {
            assert!(
                declared(&store, term),
                "{term} has no rdf:type in ontology/tupu.ttl"
            );
            for lang in ["zh", "en"] {
                let q = format!("ASK {{ {term} <http://www.w3.org/2000/01/rdf-schema#label> ?l . FILTER(lang(?l) = \"{lang}\") {term} <http://www.w3.org/2000/01/rdf-schema#comment> ?c }}");
                let QueryResults::Boolean(ok) = SparqlEvaluator::new()
                    .parse_query(&q)
                    .unwrap()
                    .on_store(&store)
                    .execute()
                    .unwrap()
                else {
                    panic!("not an ASK");
                };
                assert!(ok, "{term} lacks a @{lang} label or a comment");
            }
        }
        // And nothing in the tupu namespace is declared without a constant.
        let consts: BTreeSet<_> = tupu::ALL.iter().map(|t| t.as_str()).collect();
        for q in store.quads_for_pattern(None, Some(rdf::TYPE), None, None) {
            if let NamedOrBlankNode::NamedNode(n) = q.unwrap().subject {
                if let Some(local) = n.as_str().strip_prefix(tupu::NAMESPACE) {
                    assert!(
                        consts.contains(n.as_str()),
                        "tupu:{local} has no constant in vocab.rs"
                    );
                }
            }
        }
    }

    #[test]
    fn every_emitted_tupu_iri_is_declared() {
        let store = ontology();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/gold");
        let mut seen = BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let mut ann: crate::annotation::Annotation =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            // Gold has no provenance or normalised values; add them so that
            // every provenance and attribute term is emitted too.
            for r in &mut ann.relations {
                r.provenance = Some(crate::annotation::Provenance {
                    sentence: r.evidence.clone(),
                    start: 0,
                    end: r.evidence.chars().count(),
                    original: None,
                });
            }
            for a in &mut ann.attributes {
                if a.p == AttributeKind::InvestmentAmount {
                    a.normalized = Some("100".into());
                }
            }
            let meta = ArticleMeta {
                id: ann.doc.clone(),
                source: path.display().to_string(),
                sha256: "0".repeat(64),
                chars: 1,
            };
            for q in resolved_annotation_quads(&meta, &ann) {
                let mut iris = vec![q.predicate.clone()];
                if let Term::NamedNode(o) = q.object {
                    iris.push(o);
                }
                for iri in iris {
                    if iri.as_str().starts_with(tupu::NAMESPACE) {
                        assert!(
                            declared(&store, iri.as_ref()),
                            "{iri} emitted but not declared"
                        );
                        seen.insert(iri.as_str().to_owned());
                    }
                }
            }
        }
        // The gold files exercise every predicate, type and attribute.
        for p in Predicate::ALL {
            assert!(seen.contains(predicate(p).as_str()), "{p} never emitted");
        }
        for t in EntityType::ALL {
            assert!(seen.contains(entity_type(t).as_str()), "{t} never emitted");
        }
        assert!(seen.contains(tupu::INVESTMENT_AMOUNT_YUAN.as_str()));
        assert!(seen.contains(tupu::START_OFFSET.as_str()));
        assert!(seen.contains(tupu::RESOLVED_BY.as_str()));
        assert!(seen.contains(tupu::NAME_IN_ARTICLE.as_str()));
    }

    #[test]
    fn domains_and_ranges_match_the_annotation_spec() {
        let store = ontology();
        let names = |ts: &[EntityType]| -> BTreeSet<String> {
            ts.iter().map(|t| entity_type(*t).to_string()).collect()
        };
        for p in Predicate::ALL {
            assert_eq!(
                classes(&store, predicate(p), "domain"),
                names(p.domain()),
                "domain of {p}"
            );
            assert_eq!(
                classes(&store, predicate(p), "range"),
                names(p.range()),
                "range of {p}"
            );
            let symmetric = declared_as(
                &store,
                predicate(p),
                "http://www.w3.org/2002/07/owl#SymmetricProperty",
            );
            assert_eq!(symmetric, p.is_symmetric(), "{p} symmetry");
            assert_eq!(predicate_from_iri(predicate(p)), Some(p));
        }
        for a in AttributeKind::ALL {
            assert_eq!(
                classes(&store, attribute(a), "domain"),
                names(&[a.domain()]),
                "domain of {a}"
            );
        }
        for s in Subtype::ALL {
            let parent = Term::from(entity_type(s.parent()).into_owned());
            let sub = oxigraph::model::vocab::rdfs::SUB_CLASS_OF;
            assert!(
                store
                    .quads_for_pattern(
                        Some(subtype(s).into()),
                        Some(sub),
                        Some(parent.as_ref()),
                        None
                    )
                    .next()
                    .is_some(),
                "{} is not a subclass of its parent",
                s.as_str()
            );
        }
        for t in EntityType::ALL {
            assert_eq!(entity_type_from_iri(entity_type(t)), Some(t));
        }
        assert_eq!(entity_type_from_iri(tupu::COMPANY), None);
    }

    fn declared_as(store: &Store, iri: NamedNodeRef<'_>, class: &str) -> bool {
        let class = NamedNodeRef::new(class).unwrap();
        store
            .quads_for_pattern(Some(iri.into()), Some(rdf::TYPE), Some(class.into()), None)
            .next()
            .is_some()
    }

    #[test]
    fn chinese_labels_match_the_ontology() {
        let store = ontology();
        for p in Predicate::ALL {
            let label = oxigraph::model::Literal::new_language_tagged_literal_unchecked(
                predicate_label_zh(p),
                "zh",
            );
            let found = store
                .quads_for_pattern(
                    Some(predicate(p).into()),
                    Some(oxigraph::model::vocab::rdfs::LABEL),
                    Some(label.as_ref().into()),
                    None,
                )
                .next()
                .is_some();
            assert!(found, "{p}");
        }
        for t in EntityType::ALL {
            let label = oxigraph::model::Literal::new_language_tagged_literal_unchecked(
                entity_type_label_zh(t),
                "zh",
            );
            let found = store
                .quads_for_pattern(
                    Some(entity_type(t).into()),
                    Some(oxigraph::model::vocab::rdfs::LABEL),
                    Some(label.as_ref().into()),
                    None,
                )
                .next()
                .is_some();
            assert!(found, "{t}");
        }
    }
}
