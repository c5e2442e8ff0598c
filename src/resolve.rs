//! Cross-article entity resolution: the key (canonical name) in an entity's
//! IRI, chosen so that one real-world entity gets one IRI in every article.
//!
//! [`resolve`] is a pure function of the entity (type, name, aliases), the
//! article it comes from ([`ArticleContext`]: the article's dominant places,
//! the organisations its people work for) and bundled data (the gazetteers,
//! the tables under `data/rules/resolution/`). It never looks at what a store
//! already holds and uses no counter, so shards extracted on different
//! machines agree on IRIs without coordination (issue 6, item 2).
//!
//! # Rules, in the order they are tried
//!
//! * **Organization**
//!   1. [`Rule::GovAbbreviation`] — a government body written as PREFIX +
//!      body, the body a standard abbreviation or full name of
//!      `gov_abbreviations.tsv` (经信委 ↔ 经济和信息化委员会), the PREFIX a
//!      gazetteer place (重庆, 重庆市 → 重庆市), 国家, or a bare 市/省/区/县
//!      expanded from the article's context (市 → the article's dominant
//!      city or municipality). Key: expanded prefix + full body, so
//!      市经信委 in a Chongqing article, 重庆经信委 and
//!      重庆市经济和信息化委员会 share one key. A bare 市 with no city in
//!      the context is left as written.
//!   2. [`Rule::OrgGazetteer`] — a name of `data/gazetteers/organizations.tsv`
//!      → its canonical name (腾讯公司, 腾讯集团 → 腾讯; the gazetteer's
//!      aliases are hand-checked, so they win over rule 3).
//!   3. [`Rule::OrgLegalSuffix`] — a legal-form ending of
//!      `legal_suffixes.tsv` (股份有限公司, 有限公司, 公司, …) is dropped when
//!      the core left is distinctive: ≥ 2 CJK characters or ASCII letters and
//!      digits, and not made only of words of `generic_cores.txt` (投资, 科技,
//!      汽车, 设计, …) and gazetteer place names (北京公司, 重庆渝北公司,
//!      汽车设计公司, 重庆科技公司 stay as they are). 分公司/子公司/总公司 are never dropped (a branch is not its
//!      parent). **集团 is kept**: 博世集团 ≠ 博世, because a group is often
//!      a different legal entity from its namesake listed company (中国长安
//!      汽车集团 vs 长安汽车); where the gazetteer knows they are one (腾讯集团),
//!      rule 2 merges them.
//! * **Place** — [`Rule::PlaceGazetteer`]: a gazetteer name (full or short,
//!   never a one-character abbreviation) whose entries all share one
//!   canonical name → that name (重庆 → 重庆市, 俄 is not used). A short form
//!   of several places, or a name two places share (城关区 of 兰州市 and of
//!   拉萨市), is
//!   [`Rule::PlaceAmbiguous`] and keeps its name.
//! * **Park** — [`Rule::ParkGazetteer`] the same way with `parks.tsv`.
//! * **Event** — [`Rule::EventEdition`]: the name as written, with its year or
//!   ordinal: 2021智博会 and 首届智博会 (the 2018 edition) never merge.
//!   (Within one article the extractor already expands 智博会 to the full
//!   edition name when the article says which edition.)
//! * **Person** — [`Rule::PublicFigure`]: a name of `public_figures.tsv`
//!   (national leaders) is keyed by name alone, and so is
//!   ([`Rule::PersonNationalOffice`]) a person the article places in a
//!   national government body or international organisation of the
//!   organisation gazetteer (国务院, 中央政治局, 公安部, 联合国): national
//!   office holders are public figures, and one name rarely holds two such
//!   offices at once. Otherwise
//!   [`Rule::PersonWithOrganization`] when the article gives the person a
//!   `worksFor` organisation: key `name@org-key` (the smallest resolved
//!   organisation key, so 张伟@腾讯 for 腾讯 and 腾讯公司 alike), and
//!   [`Rule::PersonName`] (key: the name) when it gives none.
//!
//!   Policy and its known failure modes: people are where a wrong merge costs
//!   most (two officials of one name become one node with both careers), so
//!   the organisation splits them. The price is recall: one person named
//!   with their organisation in one article and without it in another gets
//!   two IRIs, and so does someone who changed jobs. Two different people of
//!   one name whom no article ties to an organisation still merge
//!   (precision loss on common names); the public-figure table avoids the
//!   opposite split for the leaders who dominate national news.
//! * Anything else (Project, unknown names) — [`Rule::Name`]: the canonical
//!   name as written.
//!
//! All keys are passed through [`crate::rdf::canonical_name`] (NFKC, no white
//! space).

use crate::annotation::{Annotation, EntityRecord, EntityType, Predicate, Subtype};
use crate::gazetteer::{Gazetteer, NameForm, PlaceLevel, Source};
use crate::rdf::canonical_name;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// Why an entity got its key. The string forms ([`Rule::as_str`]) are what
/// the graph records as `tupu:resolvedBy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The name as written (canonical form only).
    Name,
    /// A government body: abbreviation ↔ full name, prefix expanded.
    GovAbbreviation,
    /// A known organisation's alias → its canonical name.
    OrgGazetteer,
    /// A legal-form ending dropped (腾讯公司 → 腾讯).
    OrgLegalSuffix,
    /// A gazetteer place name → its full name.
    PlaceGazetteer,
    /// A short place name shared by several places: kept as written.
    PlaceAmbiguous,
    /// A gazetteer park name → its full name.
    ParkGazetteer,
    /// An event: the edition (year, ordinal) is part of the key.
    EventEdition,
    /// A person of the public-figure table: keyed by name alone.
    PublicFigure,
    /// A person the article places in a national government body or an
    /// international organisation: keyed by name alone.
    PersonNationalOffice,
    /// A person keyed by name and the organisation the article gives.
    PersonWithOrganization,
    /// A person the article ties to no organisation: keyed by name.
    PersonName,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 12] = [
        Rule::Name,
        Rule::GovAbbreviation,
        Rule::OrgGazetteer,
        Rule::OrgLegalSuffix,
        Rule::PlaceGazetteer,
        Rule::PlaceAmbiguous,
        Rule::ParkGazetteer,
        Rule::EventEdition,
        Rule::PublicFigure,
        Rule::PersonNationalOffice,
        Rule::PersonWithOrganization,
        Rule::PersonName,
    ];

    /// The rule's name as recorded in the graph (`org-legal-suffix`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Name => "name",
            Rule::GovAbbreviation => "gov-abbreviation",
            Rule::OrgGazetteer => "org-gazetteer",
            Rule::OrgLegalSuffix => "org-legal-suffix",
            Rule::PlaceGazetteer => "place-gazetteer",
            Rule::PlaceAmbiguous => "place-ambiguous",
            Rule::ParkGazetteer => "park-gazetteer",
            Rule::EventEdition => "event-edition",
            Rule::PublicFigure => "person-public-figure",
            Rule::PersonNationalOffice => "person-national-office",
            Rule::PersonWithOrganization => "person-with-organization",
            Rule::PersonName => "person-name",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of [`resolve`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The canonical name used in the entity's IRI
    /// (`https://tupu.dev/id/{Type}/{key}`).
    pub key: String,
    /// The rule that chose the key.
    pub rule: Rule,
}

/// What resolution uses from the article an entity comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleContext {
    /// The place a bare 市/省/区/县 prefix stands for, by prefix character:
    /// the article's most mentioned gazetteer place with that ending (市: a
    /// prefecture-level city or a municipality such as 重庆市; 省: a
    /// province; 区, 县: a district or county). Ties go to the smaller name.
    pub prefix_places: BTreeMap<char, String>,
    /// For each person entity id: the resolved keys of the organisations the
    /// article says it `worksFor`, sorted.
    pub employers: BTreeMap<String, Vec<String>>,
}

impl ArticleContext {
    /// The context of one article: its dominant places (counted by mentions
    /// of Place entities, one per entity when it has no mention records, as
    /// in gold files) and its people's organisations.
    pub fn of(ann: &Annotation) -> ArticleContext {
        let g = Gazetteer::bundled();
        let mut counts: BTreeMap<char, BTreeMap<String, usize>> = BTreeMap::new();
        for e in ann
            .entities
            .iter()
            .filter(|e| e.entity_type == EntityType::Place)
        {
            let Some(full) = unique_canonical(g, &e.name, &[Source::Place]) else {
                continue;
            };
            let level = g
                .lookup(&full)
                .iter()
                .find(|x| x.source == Source::Place)
                .and_then(|x| x.level);
            let Some(last) = full.chars().last() else {
                continue;
            };
            let prefix = match (last, level) {
                ('市', Some(PlaceLevel::City | PlaceLevel::Province)) => '市',
                ('省', Some(PlaceLevel::Province)) => '省',
                ('区', Some(PlaceLevel::Area)) => '区',
                ('县', Some(PlaceLevel::Area)) => '县',
                _ => continue,
            };
            *counts.entry(prefix).or_default().entry(full).or_default() += e.mentions.len().max(1);
        }
        let prefix_places = counts
            .into_iter()
            .filter_map(|(c, names)| {
                // BTreeMap order + strict `>`: the smaller name wins ties.
                let mut best: Option<(String, usize)> = None;
                for (name, n) in names {
                    if best.as_ref().is_none_or(|(_, m)| n > *m) {
                        best = Some((name, n));
                    }
                }
                best.map(|(name, _)| (c, name))
            })
            .collect();
        let mut ctx = ArticleContext {
            prefix_places,
            employers: BTreeMap::new(),
        };
        let mut employers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for r in ann.relations.iter().filter(|r| r.p == Predicate::WorksFor) {
            if let Some(org) = ann.entity(&r.o) {
                let key = resolve(org, &ctx).key;
                employers.entry(r.s.clone()).or_default().insert(key);
            }
        }
        ctx.employers = employers
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect();
        ctx
    }
}

/// The resolution tables of `data/rules/resolution/`.
struct Tables {
    /// Legal-form endings, longest first, with whether they may be dropped.
    legal_suffixes: Vec<(String, bool)>,
    generic_cores: BTreeSet<String>,
    /// (body as written, full body), longest written form first.
    gov_bodies: Vec<(String, String)>,
    public_figures: BTreeSet<String>,
}

/// Lines of a bundled table without comments and blank lines, each split at
/// TABs; panics (a bug caught by this module's tests) on a line with the
/// wrong number of columns.
fn rows(file: &str, text: &'static str, columns: usize) -> Vec<Vec<&'static str>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
            assert!(
                cols.len() == columns && cols.iter().all(|c| !c.is_empty()),
                "data/rules/resolution/{file}:{}: expected {columns} TAB-separated columns",
                i + 1
            );
            cols
        })
        .collect()
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut legal_suffixes: Vec<(String, bool)> = rows(
        "legal_suffixes.tsv",
        include_str!("../data/rules/resolution/legal_suffixes.tsv"),
        2,
    )
    .into_iter()
    .map(|c| {
        assert!(
            c[1] == "strip" || c[1] == "keep",
            "data/rules/resolution/legal_suffixes.tsv: kind must be strip or keep, not {}",
            c[1]
        );
        (c[0].to_owned(), c[1] == "strip")
    })
    .collect();
    legal_suffixes.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.cmp(b)));
    let mut gov_bodies: Vec<(String, String)> = Vec::new();
    for c in rows(
        "gov_abbreviations.tsv",
        include_str!("../data/rules/resolution/gov_abbreviations.tsv"),
        2,
    ) {
        gov_bodies.push((c[0].to_owned(), c[1].to_owned()));
        gov_bodies.push((c[1].to_owned(), c[1].to_owned()));
    }
    gov_bodies.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.cmp(b)));
    gov_bodies.dedup();
    let single = |file: &str, text: &'static str| -> BTreeSet<String> {
        rows(file, text, 1)
            .into_iter()
            .map(|c| c[0].to_owned())
            .collect()
    };
    Tables {
        legal_suffixes,
        generic_cores: single(
            "generic_cores.txt",
            include_str!("../data/rules/resolution/generic_cores.txt"),
        ),
        gov_bodies,
        public_figures: single(
            "public_figures.tsv",
            include_str!("../data/rules/resolution/public_figures.tsv"),
        ),
    }
});

/// The one canonical name shared by every non-abbreviation gazetteer entry
/// named `name` from `sources`; `None` when there is none or several, or
/// when one canonical name belongs to places under different parents (城关区
/// of 兰州市 and of 拉萨市 are two places).
fn unique_canonical(g: &Gazetteer, name: &str, sources: &[Source]) -> Option<String> {
    let canon: BTreeSet<(&str, Option<&str>)> = g
        .lookup(name)
        .into_iter()
        .filter(|e| sources.contains(&e.source) && e.form != NameForm::Abbrev)
        .map(|e| (e.canonical.as_str(), e.parent.as_deref()))
        .collect();
    match canon.len() {
        1 => canon.into_iter().next().map(|(c, _)| c.to_owned()),
        _ => None,
    }
}

/// Whether the gazetteer has `name` as a place (Chinese division or country).
fn is_place(g: &Gazetteer, name: &str) -> bool {
    g.lookup(name).iter().any(|e| {
        matches!(
            e.source,
            Source::Place | Source::Country | Source::ProvinceAbbrev
        )
    })
}

/// Whether `s` is made only of gazetteer place names (重庆渝北).
fn only_places(g: &Gazetteer, s: &str) -> bool {
    let matches = g.find(s);
    let mut at = 0;
    for m in &matches {
        if m.start != at || !m.entries.iter().any(|e| e.source != Source::Organization) {
            return false;
        }
        at = m.end;
    }
    at == s.len()
}

/// Whether `s` is a sequence of `generic_cores.txt` words and place names
/// (投资, 汽车设计, 重庆科技): nothing in it names one organisation.
fn only_generic(s: &str) -> bool {
    let g = Gazetteer::bundled();
    let words = &TABLES.generic_cores;
    // reach[i]: s[..i] splits into generic words and place names.
    let mut reach = vec![false; s.len() + 1];
    reach[0] = true;
    for i in (0..s.len()).filter(|&i| s.is_char_boundary(i)) {
        if !reach[i] {
            continue;
        }
        for j in (i + 1..=s.len()).filter(|&j| s.is_char_boundary(j)) {
            let w = &s[i..j];
            if words.contains(w) || is_place(g, w) {
                reach[j] = true;
            }
        }
    }
    reach[s.len()]
}

/// Whether the organisation key `org` is a national government body or an
/// international organisation of the organisation gazetteer (国务院,
/// 中央政治局, 公安部, 联合国: that gazetteer lists no local bodies).
fn is_national_body(g: &Gazetteer, org: &str) -> bool {
    g.lookup(org).iter().any(|x| {
        x.source == Source::Organization
            && x.form == NameForm::Full
            && matches!(
                x.subtype,
                Some(Subtype::GovernmentBody | Subtype::InternationalOrganization)
            )
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Government body: PREFIX + (abbreviation | full body).
fn resolve_gov(g: &Gazetteer, name: &str, ctx: &ArticleContext) -> Option<String> {
    let (body_as_written, full) = TABLES
        .gov_bodies
        .iter()
        .find(|(b, _)| name.ends_with(b.as_str()))?;
    let prefix = &name[..name.len() - body_as_written.len()];
    let expanded = match prefix {
        "" => return None, // a bare 发改委: national or local, the name cannot say
        "国家" => "国家".to_owned(),
        "市" | "省" | "区" | "县" => {
            let c = prefix.chars().next()?;
            ctx.prefix_places.get(&c)?.clone()
        }
        p => unique_canonical(g, p, &[Source::Place])?,
    };
    Some(format!("{expanded}{full}"))
}

/// Organisation core after a legal-form ending, when distinctive.
fn strip_legal_suffix(g: &Gazetteer, name: &str) -> Option<String> {
    let t = &*TABLES;
    let (suffix, strip) = t
        .legal_suffixes
        .iter()
        .find(|(s, _)| name.ends_with(s.as_str()))?;
    if !strip {
        return None;
    }
    let core = &name[..name.len() - suffix.len()];
    let distinctive = core.chars().filter(|&c| is_cjk(c)).count() >= 2
        || core.chars().filter(char::is_ascii_alphanumeric).count() >= 2;
    if !distinctive || is_place(g, core) || only_places(g, core) || only_generic(core) {
        return None;
    }
    Some(core.to_owned())
}

/// The key of `e`'s IRI and the rule that chose it, given the article's
/// context `ctx` (see the module docs for the rules). Deterministic: a
/// function of `e.entity_type`, `e.name`, `e.id`'s employers in `ctx`, the
/// context places and the bundled tables only.
///
/// ```
/// use tupu::annotation::{EntityRecord, EntityType};
/// use tupu::resolve::{resolve, ArticleContext, Rule};
/// let e = EntityRecord { id: "E1".into(), entity_type: EntityType::Place, subtype: None,
///     name: "重庆".into(), aliases: vec![], mentions: vec![] };
/// let r = resolve(&e, &ArticleContext::default());
/// assert_eq!((r.key.as_str(), r.rule), ("重庆市", Rule::PlaceGazetteer));
/// ```
pub fn resolve(e: &EntityRecord, ctx: &ArticleContext) -> Resolution {
    let g = Gazetteer::bundled();
    let name = canonical_name(&e.name);
    let done = |key: String, rule: Rule| Resolution {
        key: canonical_name(&key),
        rule,
    };
    match e.entity_type {
        EntityType::Organization => {
            if let Some(k) = resolve_gov(g, &name, ctx) {
                return done(k, Rule::GovAbbreviation);
            }
            if let Some(k) = unique_canonical(g, &name, &[Source::Organization]) {
                return done(k, Rule::OrgGazetteer);
            }
            if let Some(core) = strip_legal_suffix(g, &name) {
                let k = unique_canonical(g, &core, &[Source::Organization]).unwrap_or(core);
                return done(k, Rule::OrgLegalSuffix);
            }
            done(name, Rule::Name)
        }
        EntityType::Place => {
            let any = g
                .lookup(&name)
                .iter()
                .any(|x| matches!(x.source, Source::Place | Source::Country));
            match unique_canonical(g, &name, &[Source::Place, Source::Country]) {
                Some(k) => done(k, Rule::PlaceGazetteer),
                None if any => done(name, Rule::PlaceAmbiguous),
                None => done(name, Rule::Name),
            }
        }
        EntityType::Park => match unique_canonical(g, &name, &[Source::Park]) {
            Some(k) => done(k, Rule::ParkGazetteer),
            None => done(name, Rule::Name),
        },
        EntityType::Event => done(name, Rule::EventEdition),
        EntityType::Project => done(name, Rule::Name),
        EntityType::Person => {
            if TABLES.public_figures.contains(&name) {
                return done(name, Rule::PublicFigure);
            }
            let orgs = ctx.employers.get(&e.id).map_or(&[][..], Vec::as_slice);
            if orgs.iter().any(|o| is_national_body(g, o)) {
                return done(name, Rule::PersonNationalOffice);
            }
            match orgs.first() {
                Some(org) => done(format!("{name}@{org}"), Rule::PersonWithOrganization),
                None => done(name, Rule::PersonName),
            }
        }
    }
}

/// Every entity of `ann` resolved in its article's context, by entity id.
pub fn resolve_article(ann: &Annotation) -> BTreeMap<String, Resolution> {
    let ctx = ArticleContext::of(ann);
    ann.entities
        .iter()
        .map(|e| (e.id.clone(), resolve(e, &ctx)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{MentionRecord, RelationRecord};

    fn ent(id: &str, t: EntityType, name: &str) -> EntityRecord {
        EntityRecord {
            id: id.into(),
            entity_type: t,
            subtype: None,
            name: name.into(),
            aliases: vec![],
            mentions: vec![],
        }
    }

    fn key(t: EntityType, name: &str) -> (String, Rule) {
        let r = resolve(&ent("E1", t, name), &ArticleContext::default());
        (r.key, r.rule)
    }

    fn chongqing() -> ArticleContext {
        let mut place = ent("P1", EntityType::Place, "重庆");
        place.mentions = (0..3)
            .map(|i| MentionRecord {
                start: i * 10,
                end: i * 10 + 2,
                text: "重庆".into(),
                original: None,
            })
            .collect();
        let ann = Annotation {
            doc: "a".into(),
            entities: vec![place, ent("P2", EntityType::Place, "北京市")],
            ..Annotation::default()
        };
        ArticleContext::of(&ann)
    }

    #[test]
    fn bundled_tables_parse() {
        let t = &*TABLES;
        assert!(t
            .legal_suffixes
            .iter()
            .any(|(s, strip)| s == "有限公司" && *strip));
        assert!(t
            .legal_suffixes
            .iter()
            .any(|(s, strip)| s == "分公司" && !*strip));
        assert!(t
            .gov_bodies
            .iter()
            .any(|(a, f)| a == "经信委" && f == "经济和信息化委员会"));
        assert!(t.public_figures.contains("习近平"));
        assert!(t.generic_cores.contains("投资"));
        let names: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(names.len(), Rule::ALL.len());
    }

    #[test]
    fn legal_suffixes_drop_only_before_a_distinctive_core() {
        use EntityType::Organization as O;
        assert_eq!(key(O, "腾讯公司"), ("腾讯".into(), Rule::OrgGazetteer));
        assert_eq!(key(O, "腾讯"), ("腾讯".into(), Rule::OrgGazetteer));
        assert_eq!(
            key(O, "敏华实业有限公司"),
            ("敏华实业".into(), Rule::OrgLegalSuffix)
        );
        assert_eq!(key(O, "敏华实业"), ("敏华实业".into(), Rule::Name));
        assert_eq!(
            key(O, "重庆京东方光电科技有限公司"),
            ("重庆京东方光电科技".into(), Rule::OrgLegalSuffix)
        );
        // A place, a place pair or a generic word is not a company's name.
        assert_eq!(key(O, "北京公司"), ("北京公司".into(), Rule::Name));
        assert_eq!(key(O, "重庆公司"), ("重庆公司".into(), Rule::Name));
        assert_eq!(key(O, "重庆渝北公司"), ("重庆渝北公司".into(), Rule::Name));
        assert_eq!(key(O, "投资公司"), ("投资公司".into(), Rule::Name));
        assert_eq!(key(O, "汽车设计公司"), ("汽车设计公司".into(), Rule::Name));
        // Fragments seen in the Xinwen Lianbo build (BENCHMARKS.md): an
        // airline, an industrial company, a machine-tool group.
        assert_eq!(key(O, "航空公司"), ("航空公司".into(), Rule::Name));
        assert_eq!(key(O, "工业有限公司"), ("工业有限公司".into(), Rule::Name));
        assert_eq!(
            key(O, "机床集团有限公司"),
            ("机床集团有限公司".into(), Rule::Name)
        );
        assert_eq!(
            key(O, "洛阳轴承集团股份有限公司"),
            ("洛阳轴承集团".into(), Rule::OrgLegalSuffix)
        );
        assert_eq!(key(O, "重庆科技公司"), ("重庆科技公司".into(), Rule::Name));
        assert_eq!(key(O, "科技有限公司"), ("科技有限公司".into(), Rule::Name));
        // Branches stay apart from their parent; 集团 is part of the name.
        assert_eq!(
            key(O, "敏华实业北京分公司"),
            ("敏华实业北京分公司".into(), Rule::Name)
        );
        assert_eq!(key(O, "敏华集团"), ("敏华集团".into(), Rule::Name));
        assert_ne!(key(O, "敏华集团").0, key(O, "敏华有限公司").0);
        // ... unless the hand-checked gazetteer says they are one: 博世 is
        // listed as an alias of 博世集团.
        assert_eq!(
            key(O, "博世有限公司"),
            ("博世集团".into(), Rule::OrgLegalSuffix)
        );
        assert_eq!(key(O, "博世").0, "博世集团");
    }

    #[test]
    fn government_abbreviations_expand_with_the_article_city() {
        use EntityType::Organization as O;
        let cq = chongqing();
        assert_eq!(
            cq.prefix_places.get(&'市').map(String::as_str),
            Some("重庆市")
        );
        let full = "重庆市经济和信息化委员会";
        for name in [
            "市经信委",
            "重庆市经信委",
            "重庆经信委",
            full,
            "市经济和信息化委员会",
        ] {
            let r = resolve(&ent("E1", O, name), &cq);
            assert_eq!(
                (r.key.as_str(), r.rule),
                (full, Rule::GovAbbreviation),
                "{name}"
            );
        }
        assert_eq!(
            resolve(&ent("E1", O, "市科技局"), &cq).key,
            "重庆市科学技术局"
        );
        assert_eq!(
            resolve(&ent("E1", O, "国家发改委"), &cq).key,
            "国家发展和改革委员会"
        );
        assert_eq!(
            resolve(&ent("E1", O, "四川省发改委"), &cq).key,
            "四川省发展和改革委员会"
        );
        // Without a city in the context a bare 市 cannot be expanded.
        assert_eq!(key(O, "市经信委"), ("市经信委".into(), Rule::Name));
        // 省 needs a province: the Chongqing context has none.
        assert_eq!(resolve(&ent("E1", O, "省经信委"), &cq).key, "省经信委");
    }

    #[test]
    fn context_prefers_the_most_mentioned_place() {
        let cq = chongqing();
        // 重庆 has 3 mentions, 北京市 one (no mention records count as one).
        assert_eq!(cq.prefix_places[&'市'], "重庆市");
        assert!(!cq.prefix_places.contains_key(&'省'));
    }

    #[test]
    fn places_and_parks_take_their_unique_gazetteer_name() {
        assert_eq!(
            key(EntityType::Place, "重庆"),
            ("重庆市".into(), Rule::PlaceGazetteer)
        );
        assert_eq!(
            key(EntityType::Place, "重庆市"),
            ("重庆市".into(), Rule::PlaceGazetteer)
        );
        assert_eq!(key(EntityType::Place, "璧山").0, "璧山区");
        // 城关区 is a district of 兰州市 and one of 拉萨市; 朝阳区 of 北京市
        // and of 长春市.
        assert_eq!(
            key(EntityType::Place, "城关区"),
            ("城关区".into(), Rule::PlaceAmbiguous)
        );
        assert_eq!(
            key(EntityType::Place, "朝阳区"),
            ("朝阳区".into(), Rule::PlaceAmbiguous)
        );
        assert_eq!(
            key(EntityType::Place, "解放碑"),
            ("解放碑".into(), Rule::Name)
        );
    }

    #[test]
    fn event_editions_stay_apart() {
        let a = key(EntityType::Event, "2021智博会");
        let b = key(EntityType::Event, "首届智博会");
        let c = key(EntityType::Event, "2021中国国际智能产业博览会");
        assert_eq!(a.1, Rule::EventEdition);
        assert_ne!(a.0, b.0);
        assert_ne!(b.0, c.0);
    }

    fn article_with_person(person: &str, org: &str) -> Annotation {
        Annotation {
            doc: "a".into(),
            entities: vec![
                ent("E1", EntityType::Person, person),
                ent("E2", EntityType::Organization, org),
            ],
            relations: vec![RelationRecord {
                s: "E1".into(),
                p: Predicate::WorksFor,
                o: "E2".into(),
                evidence: String::new(),
                provenance: None,
            }],
            ..Annotation::default()
        }
    }

    #[test]
    fn same_name_people_of_different_organisations_stay_apart() {
        let a = resolve_article(&article_with_person("张伟", "腾讯公司"));
        let b = resolve_article(&article_with_person("张伟", "腾讯"));
        let c = resolve_article(&article_with_person("张伟", "敏华实业有限公司"));
        assert_eq!(a["E1"].key, "张伟@腾讯");
        assert_eq!(a["E1"].rule, Rule::PersonWithOrganization);
        assert_eq!(a["E1"], b["E1"]);
        assert_eq!(c["E1"].key, "张伟@敏华实业");
        // No organisation: the name alone.
        assert_eq!(
            key(EntityType::Person, "张伟"),
            ("张伟".into(), Rule::PersonName)
        );
        // A national leader is one person whatever organisation is named.
        let x = resolve_article(&article_with_person("习近平", "中共中央"));
        assert_eq!(
            (x["E1"].key.as_str(), x["E1"].rule),
            ("习近平", Rule::PublicFigure)
        );
        // A national office holder too (王毅 of 中央政治局 = 王毅).
        let y = resolve_article(&article_with_person("王毅", "中共中央政治局"));
        assert_eq!(
            (y["E1"].key.as_str(), y["E1"].rule),
            ("王毅", Rule::PersonNationalOffice)
        );
        let z = resolve_article(&article_with_person("王毅", "敏华实业有限公司"));
        assert_eq!(z["E1"].key, "王毅@敏华实业");
    }
}
