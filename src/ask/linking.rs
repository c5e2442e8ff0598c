//! Entity linking: the names a question mentions → entities of the store.
//!
//! [`Linker::new`] takes every entity with its types, `rdfs:label` and
//! `skos:altLabel`s (loaded once per command by [`super::Asker::load`]) and
//! indexes them under [`normalize_key`]ed keys at three levels: the label
//! (exact), an alias, and fuzzy variants (normalised forms without 的 or
//! the 年 after a year, and an event name whose prefix is another entity's
//! label rewritten with that entity's aliases: 2021中国国际智能产业博览会重大
//! 项目招商签约活动 → 2021智博会重大项目招商签约活动).

use crate::projection::{self, RelationTriple};
use crate::store::StoreError;
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};
use unicode_normalization::UnicodeNormalization;

/// How a name matched an entity; higher is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchLevel {
    /// A fuzzy variant of a label or alias.
    Fuzzy = 1,
    /// A `skos:altLabel`.
    Alias = 2,
    /// The `rdfs:label`.
    Label = 3,
}

/// One entity of the store as the linker sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkEntity {
    /// The entity IRI.
    pub iri: String,
    /// Its `rdfs:label` (the IRI's last segment if it has none).
    pub label: String,
    /// Its `skos:altLabel`s, sorted.
    pub aliases: BTreeSet<String>,
    /// Local names of its `tupu:` classes (`Organization`, `Company`, …).
    pub types: BTreeSet<String>,
    /// Number of relations it takes part in (ties between candidates go to
    /// the better-connected entity).
    pub degree: usize,
}

/// A linked mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Index into [`Linker::entities`].
    pub entity: usize,
    /// How the name matched.
    pub level: MatchLevel,
}

/// The label index (see the module doc).
#[derive(Debug, Clone)]
pub struct Linker {
    entities: Vec<LinkEntity>,
    keys: BTreeMap<String, BTreeMap<usize, MatchLevel>>,
    /// The longest key, in characters (bounds [`Linker::spot`]'s scan).
    longest_key: usize,
}

/// A name found in a question by [`Linker::spot`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Start CHARACTER offset in the question as given to `spot`.
    pub start: usize,
    /// End CHARACTER offset (exclusive).
    pub end: usize,
    /// The question's text there.
    pub text: String,
}

/// Dice coefficient of the character sets of two strings (0 to 1).
fn similarity(a: &str, b: &str) -> f64 {
    let (sa, sb): (BTreeSet<char>, BTreeSet<char>) = (a.chars().collect(), b.chars().collect());
    if sa.is_empty() || sb.is_empty() {
        return 0.0;
    }
    let common = sa.intersection(&sb).count();
    2.0 * common as f64 / (sa.len() + sb.len()) as f64
}

/// Normalises a name or question for matching: NFKC, ASCII lower case,
/// quotes and white space removed. CHARACTER-level, no offsets kept.
pub fn normalize_key(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace() && !is_quote(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Quote and bracket characters dropped by normalisation.
pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '「' | '」' | '『' | '』' | '“' | '”' | '‘' | '《' | '》' | '〈' | '〉'
    )
}

/// Drops 年 right after a four-digit year (2021年智博会 → 2021智博会).
pub fn drop_year_suffix(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let after_year = i >= 4
            && chars[i - 4..i].iter().all(char::is_ascii_digit)
            && (i < 5 || !chars[i - 5].is_ascii_digit());
        if c == '年' && after_year {
            continue;
        }
        out.push(c);
    }
    out
}

/// The fuzzy form of a normalised key: without 的 and without 年 after a
/// year.
fn fuzzy(key: &str) -> String {
    drop_year_suffix(key).replace('的', "")
}

/// A normalised key without its leading edition or year, if it has one:
/// 本届/首届/第五届/第5届 进博会 → 进博会, 2023(年)中国国际大数据产业博览会 →
/// 中国国际大数据产业博览会 (the forms people drop or add).
fn without_edition(key: &str) -> Option<String> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"^(?:本届|首届|第[0-9一二三四五六七八九十百]+届|[0-9]{4}年?)(.{3,})$")
            .expect("static regex")
    });
    re.captures(key).map(|c| c[1].to_owned())
}

/// What follows a leading edition or year of a normalised key, however
/// short (`Some("")` for 第五届 itself); `None` without one.
fn leading_edition(key: &str) -> Option<&str> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"^(?:本届|首届|第[0-9一二三四五六七八九十百]+届|[0-9]{4}年?)")
            .expect("static regex")
    });
    re.find(key).map(|m| &key[m.end()..])
}

/// The keys a mention is looked up under: itself, its fuzzy form, and
/// both without a leading edition or year.
fn lookup_keys(key: &str) -> Vec<String> {
    let mut out = vec![key.to_owned(), fuzzy(key)];
    if let Some(k) = without_edition(key) {
        out.push(fuzzy(&k));
        out.push(k);
    }
    out.dedup();
    out
}

impl Linker {
    /// Indexes `entities` (see the module doc). Deterministic: the same
    /// entities in any order give the same links, since ties are broken by
    /// degree and then by IRI.
    pub fn new(mut entities: Vec<LinkEntity>) -> Self {
        entities.sort_by(|a, b| a.iri.cmp(&b.iri));
        let mut keys: BTreeMap<String, BTreeMap<usize, MatchLevel>> = BTreeMap::new();
        let mut add = |key: String, ix: usize, level: MatchLevel| {
            if key.is_empty() {
                return;
            }
            let slot = keys.entry(key).or_default().entry(ix).or_insert(level);
            if *slot < level {
                *slot = level;
            }
        };
        for (ix, e) in entities.iter().enumerate() {
            let label = normalize_key(&e.label);
            for k in lookup_keys(&label).into_iter().skip(1) {
                add(k, ix, MatchLevel::Fuzzy);
            }
            add(label, ix, MatchLevel::Label);
            for a in &e.aliases {
                let a = normalize_key(a);
                for k in lookup_keys(&a).into_iter().skip(1) {
                    add(k, ix, MatchLevel::Fuzzy);
                }
                add(a, ix, MatchLevel::Alias);
            }
        }
        // Prefix rewriting: a label that starts with another entity's label
        // (of at least 4 characters) also answers to that entity's aliases
        // followed by the rest.
        let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for e in &entities {
            if !e.aliases.is_empty() {
                names
                    .entry(normalize_key(&e.label))
                    .or_default()
                    .extend(e.aliases.iter().map(|a| normalize_key(a)));
            }
        }
        let mut extra = Vec::new();
        for (ix, e) in entities.iter().enumerate() {
            let label = normalize_key(&e.label);
            let bounds: Vec<usize> = label.char_indices().map(|(i, _)| i).skip(4).collect();
            for b in bounds {
                if let Some(aliases) = names.get(&label[..b]) {
                    for a in aliases {
                        extra.push((format!("{a}{}", &label[b..]), ix));
                    }
                }
            }
        }
        for (key, ix) in extra {
            add(fuzzy(&key), ix, MatchLevel::Fuzzy);
        }
        let longest_key = keys.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        Linker {
            entities,
            keys,
            longest_key,
        }
    }

    /// The names of entities in `question` (already question-normalised):
    /// every span of at least two characters whose key (or fuzzy key) is a
    /// label or alias key of the index, longest first, never overlapping,
    /// never cutting an ASCII word, and not one of `stop` (question words,
    /// cue words that happen to name an entity). Sorted by position.
    /// A span grows while some key starts with it (an ordered-map range
    /// look-up), so the cost is O(n · m log K) for a question of n
    /// characters, names of at most m characters and K keys.
    pub fn spot(&self, question: &str, stop: &BTreeSet<String>) -> Vec<Mention> {
        let chars: Vec<char> = question.chars().collect();
        let n = chars.len();
        let word = |c: char| c.is_ascii_alphanumeric();
        let mut found: Vec<(usize, usize)> = Vec::new();
        for i in 0..n {
            if chars[i].is_whitespace() || (i > 0 && word(chars[i]) && word(chars[i - 1])) {
                continue;
            }
            // Extend the span while some key starts with one of its lookup
            // forms; keep the longest span that is a key.
            let last = n.min(i + self.longest_key + 8);
            let mut best = None;
            for j in i + 1..=last {
                let text: String = chars[i..j].iter().collect();
                let key = normalize_key(&text);
                let forms = lookup_keys(&key);
                // A leading edition or year may be dropped from the name:
                // the rest after it must start a key.
                let rest = leading_edition(&key);
                // Still inside an edition or a year (本, 第五, 202).
                let in_marker = rest.is_none()
                    && ("本届".starts_with(key.as_str())
                        || "首届".starts_with(key.as_str())
                        || (key.starts_with('第') && key.chars().count() <= 5)
                        || (key.len() < 4 && key.chars().all(|c| c.is_ascii_digit())));
                let is_prefix = in_marker
                    || rest == Some("")
                    || forms.iter().map(String::as_str).chain(rest).any(|f| {
                        self.keys
                            .range::<str, _>((
                                std::ops::Bound::Included(f),
                                std::ops::Bound::Unbounded,
                            ))
                            .next()
                            .is_some_and(|(k, _)| k.starts_with(f))
                    });
                if !is_prefix {
                    break;
                }
                let ends_word =
                    chars[j - 1].is_whitespace() || (j < n && word(chars[j - 1]) && word(chars[j]));
                if j - i < 2 || ends_word || key.chars().count() < 2 || stop.contains(&key) {
                    continue;
                }
                if forms.iter().any(|k| self.keys.contains_key(k)) {
                    best = Some(j);
                }
            }
            if let Some(j) = best {
                found.push((i, j));
            }
        }
        found.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut taken = vec![false; n];
        let mut out = Vec::new();
        for (i, j) in found {
            if taken[i..j].iter().any(|t| *t) {
                continue;
            }
            taken[i..j].iter_mut().for_each(|t| *t = true);
            out.push(Mention {
                start: i,
                end: j,
                text: chars[i..j].iter().collect(),
            });
        }
        out.sort_by_key(|m| m.start);
        out
    }

    /// The one entity whose label or an alias (or a near form of them, as
    /// indexed) contains `part` (normalised, at least three characters): a
    /// partial name that identifies one entity (中核集团 in
    /// 国家重大能源项目——中核集团). `None` when no entity or several do.
    /// O(K) substring tests for the K keys of the index.
    pub fn partial(&self, part: &str) -> Option<usize> {
        let part = normalize_key(part);
        if part.chars().count() < 3 {
            return None;
        }
        let mut found = None;
        for (key, ents) in &self.keys {
            if key.contains(&part) {
                for &ix in ents.keys() {
                    match found {
                        None => found = Some(ix),
                        Some(f) if f != ix => return None,
                        _ => {}
                    }
                }
            }
        }
        found
    }

    /// Up to `n` labels and aliases of the index closest to `name`, best
    /// first: those containing it or contained in it, then those sharing
    /// most of its characters (Dice coefficient of the character sets at
    /// least 0.5); ties by name. What every command suggests for a name the
    /// graph does not have. O(K) for the K keys of the index.
    pub fn closest(&self, name: &str, n: usize) -> Vec<String> {
        let wanted = normalize_key(name);
        let mut scored: BTreeMap<&str, f64> = BTreeMap::new();
        for e in &self.entities {
            for candidate in std::iter::once(&e.label).chain(&e.aliases) {
                let c = normalize_key(candidate);
                let score = if !wanted.is_empty() && (c.contains(&wanted) || wanted.contains(&c)) {
                    1.0 + similarity(&c, &wanted)
                } else {
                    similarity(&c, &wanted)
                };
                if score >= 0.5 {
                    let e = scored.entry(candidate.as_str()).or_insert(0.0);
                    *e = e.max(score);
                }
            }
        }
        let mut close: Vec<(&str, f64)> = scored.into_iter().collect();
        close.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        close
            .into_iter()
            .take(n)
            .map(|(s, _)| s.to_owned())
            .collect()
    }

    /// The indexed entities, sorted by IRI.
    pub fn entities(&self) -> &[LinkEntity] {
        &self.entities
    }

    /// The entity with this IRI.
    pub fn by_iri(&self, iri: &str) -> Option<&LinkEntity> {
        self.entities
            .binary_search_by(|e| e.iri.as_str().cmp(iri))
            .ok()
            .map(|ix| &self.entities[ix])
    }

    /// Links a whole mention (already question-normalised): its key, then its
    /// fuzzy key, must equal a key of the index; no partial matches. Among
    /// candidates, one of the `preferred` types (class local names; empty:
    /// any) wins, then the better [`MatchLevel`], the higher degree, the
    /// smaller IRI. `None` when nothing matches.
    pub fn link(&self, mention: &str, preferred: &[String]) -> Option<Link> {
        self.candidates(mention, preferred).into_iter().next()
    }

    /// Every entity the mention may name, best first (the order of
    /// [`Linker::link`]). Empty when nothing matches. O(c log c) for the c
    /// entities sharing the mention's key.
    pub fn candidates(&self, mention: &str, preferred: &[String]) -> Vec<Link> {
        let key = normalize_key(mention);
        let key = key
            .trim_matches(|c: char| c == '的' || c == '-' || c == ',')
            .to_owned();
        let mut cands: BTreeMap<usize, MatchLevel> = BTreeMap::new();
        for k in lookup_keys(&key) {
            if let Some(m) = self.keys.get(&k) {
                for (&ix, &level) in m {
                    let l = if k == key { level } else { MatchLevel::Fuzzy };
                    let slot = cands.entry(ix).or_insert(l);
                    if *slot < l {
                        *slot = l;
                    }
                }
            }
        }
        let mut out: Vec<Link> = cands
            .into_iter()
            .map(|(entity, level)| Link { entity, level })
            .collect();
        out.sort_by(|a, b| {
            let ea = &self.entities[a.entity];
            let eb = &self.entities[b.entity];
            let ta = preferred.iter().any(|t| ea.types.contains(t));
            let tb = preferred.iter().any(|t| eb.types.contains(t));
            tb.cmp(&ta)
                .then(b.level.cmp(&a.level))
                .then(eb.degree.cmp(&ea.degree))
                .then(ea.iri.cmp(&eb.iri))
        });
        out
    }
}

/// Every labelled entity of `store` as the linker sees it, with its degree
/// (relation triples it takes part in, either end), and the relation
/// triples themselves — read by the indexed scans of [`crate::projection`].
/// The smallest `rdfs:label` names an entity; its other labels (another
/// article's name for a resolved entity) join its aliases. Entities are
/// sorted by IRI. Shared by [`super::Asker::load`] and the server's index.
///
/// Errors: [`StoreError`] if the store cannot be read.
pub fn load_entities(
    store: &Store,
) -> Result<(Vec<LinkEntity>, BTreeSet<RelationTriple>), StoreError> {
    let mut by_iri: BTreeMap<String, LinkEntity> = BTreeMap::new();
    for (iri, facts) in projection::entities(store)? {
        let mut labels = facts.labels.into_iter();
        let Some(label) = labels.next() else {
            continue;
        };
        let mut aliases = facts.aliases;
        aliases.extend(labels);
        let types = facts
            .types
            .iter()
            .map(|t| t.as_str().to_owned())
            .chain(facts.subtypes.iter().map(|t| t.as_str().to_owned()))
            .collect();
        by_iri.insert(
            iri.clone(),
            LinkEntity {
                iri,
                label,
                aliases,
                types,
                degree: 0,
            },
        );
    }
    let relations = projection::relations(store)?;
    for t in &relations {
        for iri in [&t.subject, &t.object] {
            if let Some(e) = by_iri.get_mut(iri) {
                e.degree += 1;
            }
        }
    }
    Ok((by_iri.into_values().collect(), relations))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(iri: &str, label: &str, aliases: &[&str], t: &str, degree: usize) -> LinkEntity {
        LinkEntity {
            iri: iri.to_owned(),
            label: label.to_owned(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            types: [t.to_owned()].into_iter().collect(),
            degree,
        }
    }

    fn linker() -> Linker {
        Linker::new(vec![
            ent(
                "e:expo",
                "2021中国国际智能产业博览会",
                &["智博会", "2021智博会"],
                "Event",
                30,
            ),
            ent(
                "e:press",
                "2021中国国际智能产业博览会新闻发布会",
                &["智博会"],
                "Event",
                8,
            ),
            ent(
                "e:sign",
                "2021中国国际智能产业博览会重大项目招商签约活动",
                &["重大项目招商签约活动"],
                "Event",
                9,
            ),
            ent("p:cq", "重庆市", &["重庆"], "Place", 12),
            ent("o:tx", "腾讯公司", &["腾讯"], "Company", 3),
            ent("o:tx2", "腾讯", &[], "Company", 2),
        ])
    }

    #[test]
    fn exact_alias_and_fuzzy_forms_link() {
        let l = linker();
        let iri = |m: &str| l.link(m, &[]).map(|k| l.entities()[k.entity].iri.clone());
        assert_eq!(iri("2021智博会").as_deref(), Some("e:expo"));
        assert_eq!(iri("2021年智博会").as_deref(), Some("e:expo"));
        assert_eq!(iri("「2021智博会」").as_deref(), Some("e:expo"));
        assert_eq!(
            iri("智博会").as_deref(),
            Some("e:expo"),
            "higher degree wins"
        );
        assert_eq!(
            iri("2021智博会重大项目招商签约活动").as_deref(),
            Some("e:sign"),
            "prefix rewritten with the expo's alias"
        );
        assert_eq!(iri("重庆").as_deref(), Some("p:cq"));
        assert_eq!(
            iri("腾讯").as_deref(),
            Some("o:tx2"),
            "a label beats an alias"
        );
        assert_eq!(iri("重庆英才讲堂"), None, "no partial matches");
        assert_eq!(
            l.link("2021智博会", &[]).map(|k| k.level),
            Some(MatchLevel::Alias)
        );
    }

    #[test]
    fn preferred_type_beats_level() {
        let l = Linker::new(vec![
            ent("park", "重庆两江新区", &["两江新区"], "Park", 5),
            ent("org", "两江新区", &[], "Organization", 9),
        ]);
        let pick = |t: &[&str]| {
            let t: Vec<String> = t.iter().map(|s| s.to_string()).collect();
            l.link("两江新区", &t)
                .map(|k| l.entities()[k.entity].iri.clone())
        };
        assert_eq!(pick(&[]).as_deref(), Some("org"), "the label wins");
        assert_eq!(
            pick(&["Park"]).as_deref(),
            Some("park"),
            "the slot's type wins"
        );
        assert_eq!(
            pick(&["Event"]).as_deref(),
            Some("org"),
            "no candidate of the type"
        );
    }

    #[test]
    fn names_are_spotted_longest_first_and_partial_names_identify_one() {
        let l = linker();
        let stop: BTreeSet<String> = ["公司".to_owned()].into_iter().collect();
        let spots =
            |q: &str| -> Vec<String> { l.spot(q, &stop).into_iter().map(|m| m.text).collect() };
        assert_eq!(
            spots("谁出席了2021智博会重大项目招商签约活动"),
            ["2021智博会重大项目招商签约活动"],
            "the longest name, not 2021智博会 inside it"
        );
        assert_eq!(spots("腾讯和重庆有什么联系"), ["腾讯", "重庆"]);
        assert_eq!(
            spots("本届2021智博会在哪"),
            ["本届2021智博会"],
            "本届 added"
        );
        assert!(spots("哪些公司签约").is_empty(), "a stop word is no name");
        let tx = l.partial("腾讯公").map(|i| l.entities()[i].iri.clone());
        assert_eq!(tx.as_deref(), Some("o:tx"), "part of one name");
        assert_eq!(l.partial("博览会"), None, "part of several names");
        assert!(l.closest("腾讯集团", 3).contains(&"腾讯".to_owned()));
    }

    #[test]
    fn year_suffix_only_after_four_digits() {
        assert_eq!(drop_year_suffix("2021年智博会"), "2021智博会");
        assert_eq!(drop_year_suffix("年产50万吨"), "年产50万吨");
        assert_eq!(drop_year_suffix("12021年"), "12021年");
    }
}
