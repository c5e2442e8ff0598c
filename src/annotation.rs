//! The annotation record: what the graph holds for one article, in the gold
//! format of `ANNOTATION.md` (six entity types, ten predicates, three
//! attributes).
//!
//! The same types serve the hand-made gold files (`data/gold/*.json`) and the
//! extractor's output (`tupu extract --format jsonl`). The extractor adds
//! fields the gold does not have — entity `mentions` and statement
//! `provenance` — which are skipped when empty, so a system record is a
//! superset of a gold record.
//!
//! All offsets in this module are **Unicode-scalar (character) offsets into
//! the original file**, never byte offsets and never offsets into the
//! normalised text.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One of the six entity types of `ANNOTATION.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntityType {
    /// Companies, groups, government bodies, institutes, universities, media,
    /// international organisations, associations.
    Organization,
    /// A named person; an official is a person with a `jobTitle`.
    Person,
    /// Industrial, science, technology and innovation parks and zones.
    Park,
    /// A named investment or construction project.
    Project,
    /// A named expo, forum, conference, ceremony, lecture series or press
    /// conference (each edition its own entity).
    Event,
    /// Administrative areas and named venues.
    Place,
}

impl EntityType {
    /// Every type, in the order of `ANNOTATION.md`.
    pub const ALL: [EntityType; 6] = [
        EntityType::Organization,
        EntityType::Person,
        EntityType::Park,
        EntityType::Project,
        EntityType::Event,
        EntityType::Place,
    ];

    /// The type's name as written in the gold files (`"Organization"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Organization => "Organization",
            EntityType::Person => "Person",
            EntityType::Park => "Park",
            EntityType::Project => "Project",
            EntityType::Event => "Event",
            EntityType::Place => "Place",
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityType {
    type Err = UnknownTerm;
    /// Parses a gold type name; errors with [`UnknownTerm`] on anything else.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownTerm(s.to_owned()))
    }
}

/// The optional refinement of a type (`ANNOTATION.md`, "An optional subtype").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Subtype {
    /// Organization → a company or group.
    Company,
    /// Organization → a government body or party committee.
    GovernmentBody,
    /// Organization → a research institute or academy.
    ResearchInstitute,
    /// Organization → a university.
    University,
    /// Organization → a newspaper, agency, broadcaster or website.
    MediaOutlet,
    /// Organization → an international organisation.
    InternationalOrganization,
    /// Organization → an association, federation or society.
    Association,
    /// Place → a country, province, city, district, county or town.
    AdministrativeArea,
    /// Place → a named venue (会议中心, 展示中心, …).
    Venue,
}

impl Subtype {
    /// Every subtype.
    pub const ALL: [Subtype; 9] = [
        Subtype::Company,
        Subtype::GovernmentBody,
        Subtype::ResearchInstitute,
        Subtype::University,
        Subtype::MediaOutlet,
        Subtype::InternationalOrganization,
        Subtype::Association,
        Subtype::AdministrativeArea,
        Subtype::Venue,
    ];

    /// The subtype's name as written in the gold files.
    pub fn as_str(self) -> &'static str {
        match self {
            Subtype::Company => "Company",
            Subtype::GovernmentBody => "GovernmentBody",
            Subtype::ResearchInstitute => "ResearchInstitute",
            Subtype::University => "University",
            Subtype::MediaOutlet => "MediaOutlet",
            Subtype::InternationalOrganization => "InternationalOrganization",
            Subtype::Association => "Association",
            Subtype::AdministrativeArea => "AdministrativeArea",
            Subtype::Venue => "Venue",
        }
    }

    /// The entity type this subtype refines.
    pub fn parent(self) -> EntityType {
        match self {
            Subtype::AdministrativeArea | Subtype::Venue => EntityType::Place,
            _ => EntityType::Organization,
        }
    }
}

impl FromStr for Subtype {
    type Err = UnknownTerm;
    /// Parses a gold subtype name; errors with [`UnknownTerm`] on anything else.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Subtype::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownTerm(s.to_owned()))
    }
}

/// One of the ten relation predicates of `ANNOTATION.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Predicate {
    /// Organization/Place/Park ↔ Organization/Place/Park (symmetric).
    SignedWith,
    /// Organization/Place/Park/Project → Event.
    SignedAt,
    /// Organization/Park/Project/Place → Place/Park.
    LocatedIn,
    /// Place/Organization → Event.
    Hosted,
    /// Event → Place/Park.
    HeldAt,
    /// Person → Event.
    Attended,
    /// Person → Organization.
    WorksFor,
    /// Organization → Project.
    InvestsIn,
    /// Organization → Organization/Park.
    IncubatedBy,
    /// Organization → Organization.
    SubOrganizationOf,
}

impl Predicate {
    /// Every predicate, in the order of `ANNOTATION.md`.
    pub const ALL: [Predicate; 10] = [
        Predicate::SignedWith,
        Predicate::SignedAt,
        Predicate::LocatedIn,
        Predicate::Hosted,
        Predicate::HeldAt,
        Predicate::Attended,
        Predicate::WorksFor,
        Predicate::InvestsIn,
        Predicate::IncubatedBy,
        Predicate::SubOrganizationOf,
    ];

    /// The predicate's name as written in the gold files (`"signedWith"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Predicate::SignedWith => "signedWith",
            Predicate::SignedAt => "signedAt",
            Predicate::LocatedIn => "locatedIn",
            Predicate::Hosted => "hosted",
            Predicate::HeldAt => "heldAt",
            Predicate::Attended => "attended",
            Predicate::WorksFor => "worksFor",
            Predicate::InvestsIn => "investsIn",
            Predicate::IncubatedBy => "incubatedBy",
            Predicate::SubOrganizationOf => "subOrganizationOf",
        }
    }

    /// Whether `s p o` implies `o p s` (only `signedWith`).
    pub fn is_symmetric(self) -> bool {
        self == Predicate::SignedWith
    }

    /// The types allowed as subject (domain), from `ANNOTATION.md`.
    pub fn domain(self) -> &'static [EntityType] {
        use EntityType::*;
        match self {
            Predicate::SignedWith => &[Organization, Place, Park],
            Predicate::SignedAt => &[Organization, Place, Park, Project],
            Predicate::LocatedIn => &[Organization, Park, Project, Place],
            Predicate::Hosted => &[Place, Organization],
            Predicate::HeldAt => &[Event],
            Predicate::Attended => &[Person],
            Predicate::WorksFor => &[Person],
            Predicate::InvestsIn => &[Organization],
            Predicate::IncubatedBy => &[Organization],
            Predicate::SubOrganizationOf => &[Organization],
        }
    }

    /// The types allowed as object (range), from `ANNOTATION.md`.
    pub fn range(self) -> &'static [EntityType] {
        use EntityType::*;
        match self {
            Predicate::SignedWith => &[Organization, Place, Park],
            Predicate::SignedAt => &[Event],
            Predicate::LocatedIn => &[Place, Park],
            Predicate::Hosted => &[Event],
            Predicate::HeldAt => &[Place, Park],
            Predicate::Attended => &[Event],
            Predicate::WorksFor => &[Organization],
            Predicate::InvestsIn => &[Project],
            Predicate::IncubatedBy => &[Organization, Park],
            Predicate::SubOrganizationOf => &[Organization],
        }
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Predicate {
    type Err = UnknownTerm;
    /// Parses a gold predicate name; errors with [`UnknownTerm`] otherwise.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Predicate::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownTerm(s.to_owned()))
    }
}

/// One of the three attributes of `ANNOTATION.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AttributeKind {
    /// Person → the title as written (市长, 董事长, 记者).
    JobTitle,
    /// Project → the amount as written (35亿元); `normalized` holds yuan.
    InvestmentAmount,
    /// Event → ISO date (2021-08-23).
    StartDate,
}

impl AttributeKind {
    /// Every attribute.
    pub const ALL: [AttributeKind; 3] = [
        AttributeKind::JobTitle,
        AttributeKind::InvestmentAmount,
        AttributeKind::StartDate,
    ];

    /// The attribute's name as written in the gold files.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeKind::JobTitle => "jobTitle",
            AttributeKind::InvestmentAmount => "investmentAmount",
            AttributeKind::StartDate => "startDate",
        }
    }

    /// The entity type that carries this attribute.
    pub fn domain(self) -> EntityType {
        match self {
            AttributeKind::JobTitle => EntityType::Person,
            AttributeKind::InvestmentAmount => EntityType::Project,
            AttributeKind::StartDate => EntityType::Event,
        }
    }
}

impl fmt::Display for AttributeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AttributeKind {
    type Err = UnknownTerm;
    /// Parses a gold attribute name; errors with [`UnknownTerm`] otherwise.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AttributeKind::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownTerm(s.to_owned()))
    }
}

/// A name that is not a term of `ANNOTATION.md` (returned by the `FromStr`
/// impls of this module).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown term {0:?}")]
pub struct UnknownTerm(pub String);

/// Where a statement was read: the sentence and its place in the original
/// file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The sentence that states the fact, as normalised (broken lines joined).
    pub sentence: String,
    /// Character offset of the sentence's first character in the original file.
    pub start: usize,
    /// Character offset one past the sentence's last character in the original
    /// file.
    pub end: usize,
    /// The original file's characters `start..end`, when they differ from
    /// `sentence` (a line break the normalisation joined, full-width letters
    /// folded); `None` when `sentence` is exactly that slice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
}

/// One occurrence of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// Character offset of the first character in the original file.
    pub start: usize,
    /// Character offset one past the last character in the original file.
    pub end: usize,
    /// The mention as normalised (a name broken across lines is joined, so it
    /// may differ from `original[start..end]` by the removed line break).
    pub text: String,
    /// The original file's characters `start..end`, when they differ from
    /// `text` (see [`MentionRecord::text`]); `None` when `text` is exactly
    /// that slice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
}

/// An entity of one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// Article-local id (`E1`, `E2`, …), referenced by relations and attributes.
    pub id: String,
    /// The entity type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// The optional subtype.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<Subtype>,
    /// The fullest form the article uses.
    pub name: String,
    /// Every other form (abbreviations, variants).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where the entity is named (system output only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<MentionRecord>,
}

/// A relation statement between two entities of one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationRecord {
    /// Subject entity id.
    pub s: String,
    /// The predicate.
    pub p: Predicate,
    /// Object entity id.
    pub o: String,
    /// A short exact substring of the normalised article stating the relation.
    #[serde(default)]
    pub evidence: String,
    /// The evidence sentence and its character offsets (system output only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// An attribute statement of one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeRecord {
    /// Subject entity id.
    pub s: String,
    /// The attribute.
    pub p: AttributeKind,
    /// The value as written (`35亿元`, `市长`) or, for dates, ISO `YYYY-MM-DD`.
    pub value: String,
    /// A machine-readable form where one exists: the amount as a decimal
    /// number of yuan (`35亿元` → `3500000000`); the ISO date for dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalized: Option<String>,
    /// The evidence sentence and its character offsets (system output only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// Everything the graph holds for one article (one gold file, one line of
/// `tupu extract --format jsonl`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// The article: its file name, or its record id for JSON lines.
    pub doc: String,
    /// The entities.
    #[serde(default)]
    pub entities: Vec<EntityRecord>,
    /// The relations.
    #[serde(default)]
    pub relations: Vec<RelationRecord>,
    /// The attributes.
    #[serde(default)]
    pub attributes: Vec<AttributeRecord>,
}

impl Annotation {
    /// The entity with article-local id `id`, if any.
    pub fn entity(&self, id: &str) -> Option<&EntityRecord> {
        self.entities.iter().find(|e| e.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_files_parse() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/gold");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let ann: Annotation = serde_json::from_str(&text).unwrap();
            assert!(!ann.entities.is_empty(), "{}", path.display());
            for r in &ann.relations {
                assert!(ann.entity(&r.s).is_some() && ann.entity(&r.o).is_some());
            }
            n += 1;
        }
        assert_eq!(n, 5);
    }

    #[test]
    fn names_round_trip() {
        for p in Predicate::ALL {
            assert_eq!(p.as_str().parse::<Predicate>().unwrap(), p);
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{p}\""));
        }
        assert!("signedwith".parse::<Predicate>().is_err());
        for s in Subtype::ALL {
            assert_eq!(s.as_str().parse::<Subtype>().unwrap(), s);
        }
    }
}
