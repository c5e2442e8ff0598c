//! Entities of one article: mentions grouped by within-article coreference of
//! names — the same canonical gazetteer name (重庆 ↔ 重庆市), a name and its
//! generic-suffix-free form (腾讯 ↔ 腾讯公司), an abbreviation and its full form
//! (市经信委 ↔ 重庆市经济和信息化委员会, 智博会 ↔ 2021中国国际智能产业博览会), and
//! explicit declarations (`X（以下简称“Y”）`). Editions of a recurring event
//! (首届, 2021) never merge with each other.

use super::mention::Mention;
use crate::annotation::{EntityType, Subtype};
use std::collections::BTreeSet;
use unicode_normalization::UnicodeNormalization;

/// An entity of one article: its mentions and names.
#[derive(Debug, Clone)]
pub struct Entity {
    /// The type.
    pub entity_type: EntityType,
    /// The subtype, when a mention fixed one.
    pub subtype: Option<Subtype>,
    /// The fullest name.
    pub name: String,
    /// Every name form seen (the name included).
    pub forms: BTreeSet<String>,
    /// Indices of its mentions in the article's mention list.
    pub mentions: Vec<usize>,
    /// The canonical gazetteer names of its mentions (empty when none came
    /// from a gazetteer). Two entities with different gazetteer entries
    /// never merge: 央视网 and 中央广播电视总台 (alias 央视) are two
    /// outlets, though 央视 reads as an abbreviation of 央视网.
    pub canonical: BTreeSet<String>,
}

/// Generic heads an organisation name may drop (腾讯公司 → 腾讯).
const ORG_GENERIC: [&str; 8] = [
    "集团股份有限公司",
    "股份有限公司",
    "集团有限公司",
    "有限责任公司",
    "有限公司",
    "公司",
    "集团",
    "控股",
];

/// Place prefixes a local name may drop (重庆市经信委 → 市经信委 → 经信委).
const LOCAL_PREFIX: [&str; 4] = ["中共重庆市", "重庆市", "重庆", "市"];

/// [`core`] of a name without a leading 中国 (中国华电集团有限公司 and
/// 华电集团 are one company), when at least two characters remain before the
/// generic head; compared for equality only, never as an abbreviation
/// (中国工程院 is not 微软亚洲工程院).
fn national_core(name: &str) -> String {
    let n = norm(name);
    match n.strip_prefix("中国") {
        Some(rest) if rest.chars().count() >= 2 => core(rest),
        _ => core(&n),
    }
}

/// NFKC, without white space; the form names are compared in.
pub fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn core(name: &str) -> String {
    let mut n = norm(name);
    for p in LOCAL_PREFIX {
        if n.len() > p.len() + 3 && n.starts_with(p) {
            n = n[p.len()..].to_owned();
            break;
        }
    }
    for g in ORG_GENERIC {
        if n.len() > g.len() + 3 && n.ends_with(g) {
            n.truncate(n.len() - g.len());
            break;
        }
    }
    n
}

/// The edition of an event name: its year or ordinal marker (`2021`, `首届`).
pub fn edition(name: &str) -> Option<String> {
    let re = edition_any();
    re.captures(name).map(|c| {
        let m = c.get(1).map_or("", |m| m.as_str());
        match m {
            "首届" | "第一届" => "1".to_owned(),
            _ => m.trim_end_matches('年').to_owned(),
        }
    })
}

fn edition_any() -> &'static regex::Regex {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^((?:19|20)\d{2}年?|首届|第[一二三四五六七八九十\d]+届)")
            .expect("valid regex")
    });
    &RE
}

/// Whether `short` abbreviates `long`: its characters appear in order in
/// `long`, it starts with `long`'s first character (after a local prefix) or
/// shares its head, and it ends within `long`'s last three characters.
pub fn abbreviates(short: &str, long: &str) -> bool {
    let s: Vec<char> = core(short).chars().collect();
    let l: Vec<char> = core(long).chars().collect();
    if s.len() < 2 || s.len() >= l.len() {
        return false;
    }
    let mut it = l.iter();
    if !s.iter().all(|c| it.any(|d| d == c)) {
        return false;
    }
    let tail = &l[l.len().saturating_sub(3)..];
    let last_ok = tail.contains(s.last().expect("len >= 2"));
    let first_ok = s[0] == l[0] || s.len() >= 3;
    last_ok && first_ok
}

fn compatible(a: &Entity, b: &Entity, single_edition: bool) -> bool {
    if a.entity_type != b.entity_type {
        return false;
    }
    if a.entity_type == EntityType::Person {
        return false;
    }
    if !a.canonical.is_empty() && !b.canonical.is_empty() && a.canonical.is_disjoint(&b.canonical) {
        return false;
    }
    if a.entity_type == EntityType::Event {
        let ea: BTreeSet<_> = a.forms.iter().filter_map(|f| edition(f)).collect();
        let eb: BTreeSet<_> = b.forms.iter().filter_map(|f| edition(f)).collect();
        match (ea.is_empty(), eb.is_empty()) {
            (false, false) if ea.is_disjoint(&eb) => return false,
            (true, false) | (false, true) if !single_edition => return false,
            _ => {}
        }
    }
    let strip = |f: &str| -> String {
        let n = norm(f);
        let cut = edition_prefix_start(&n);
        n[cut..].to_owned()
    };
    for fa in &a.forms {
        for fb in &b.forms {
            let (x, y) = (strip(fa), strip(fb));
            if core(&x) == core(&y) || national_core(&x) == national_core(&y) {
                return true;
            }
            if abbreviates(&x, &y) || abbreviates(&y, &x) {
                return true;
            }
            if a.entity_type == EntityType::Project && same_countries(&x, &y) {
                return true;
            }
        }
    }
    false
}

/// Whether two project names differ only in the order of the one-character
/// country names that open them (中老铁路 ↔ 老中铁路, as each side writes
/// it): same length, same last two characters, and the characters before
/// them, at most three, the same set.
fn same_countries(a: &str, b: &str) -> bool {
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if x == y || x.len() != y.len() || x.len() < 4 {
        return false;
    }
    let mut k = x.len();
    while k > 0 && x[k - 1] == y[k - 1] {
        k -= 1;
    }
    if x.len() - k < 2 || k > 3 {
        return false;
    }
    let (mut p, mut q) = (x[..k].to_vec(), y[..k].to_vec());
    p.sort_unstable();
    q.sort_unstable();
    p == q
}

fn edition_prefix_start(n: &str) -> usize {
    edition_any().find(n).map_or(0, |m| m.end())
}

/// Groups `mentions` into entities. `declared` lists pairs of mention
/// indices an article declares the same (`X（以下简称“Y”）`).
///
/// Complexity: O(m² · f²) for m clusters with f forms each — small for one
/// article.
pub fn cluster(mentions: &[Mention], declared: &[(usize, usize)]) -> Vec<Entity> {
    let mut entities: Vec<Entity> = Vec::new();
    // 1. Exact: same type and same canonical (gazetteer) or normalised name.
    for (i, m) in mentions.iter().enumerate() {
        let key = m.canonical.clone().unwrap_or_else(|| norm(&m.text));
        if let Some(e) = entities
            .iter_mut()
            .find(|e| e.entity_type == m.entity_type && (e.name == key || e.forms.contains(&key)))
        {
            e.forms.insert(norm(&m.text));
            e.mentions.push(i);
            e.subtype = e.subtype.or(m.subtype);
            e.canonical.extend(m.canonical.iter().cloned());
            continue;
        }
        let mut forms = BTreeSet::from([norm(&m.text)]);
        forms.insert(key.clone());
        entities.push(Entity {
            entity_type: m.entity_type,
            subtype: m.subtype,
            name: key,
            forms,
            mentions: vec![i],
            canonical: m.canonical.iter().cloned().collect(),
        });
    }
    // 2. Declared aliases.
    for &(a, b) in declared {
        let ea = entities.iter().position(|e| e.mentions.contains(&a));
        let eb = entities.iter().position(|e| e.mentions.contains(&b));
        if let (Some(x), Some(y)) = (ea, eb) {
            if x != y {
                merge(&mut entities, x, y);
            }
        }
    }
    // 3. Abbreviations and generic-suffix forms.
    let editions: BTreeSet<String> = entities
        .iter()
        .filter(|e| e.entity_type == EntityType::Event)
        .flat_map(|e| e.forms.iter().filter_map(|f| edition(f)))
        .collect();
    let single_edition = editions.len() <= 1;
    loop {
        let mut pair = None;
        'outer: for x in 0..entities.len() {
            for y in x + 1..entities.len() {
                if compatible(&entities[x], &entities[y], single_edition) {
                    pair = Some((x, y));
                    break 'outer;
                }
            }
        }
        match pair {
            Some((x, y)) => merge(&mut entities, x, y),
            None => break,
        }
    }
    // 4. A referring form (本届博览会, 本次峰会) is the edition named last
    //    before it whose head it shares.
    resolve_referring_events(&mut entities, mentions);
    for e in &mut entities {
        e.mentions.sort_unstable();
        if e.entity_type != EntityType::Place {
            // The fullest form the article uses (ANNOTATION.md: the name is
            // the fullest form of the article; a gazetteer's canonical name
            // the article never writes, 中国铁路工程集团 for 中国中铁, stays
            // an alias): the longest, ties broken by order.
            let written: BTreeSet<String> = e
                .mentions
                .iter()
                .map(|&i| norm(&mentions[i].text))
                .collect();
            if let Some(best) = written
                .iter()
                .max_by_key(|f| (f.chars().count(), std::cmp::Reverse(*f)))
            {
                e.name = best.clone();
            }
        }
    }
    entities
}

/// Words that open a form referring back to an event already named.
const REFERRING: [&str; 3] = ["本届", "本次", "此次"];

/// Merges each event entity written only in referring forms (本届博览会, 本次
/// 峰会, 本届辽洽会; ANNOTATION.md: 本届尼山论坛 is an alias of 第九届尼山世界
/// 文明论坛) into the nearest event named before its first mention whose
/// name shares the head: the same last character, and the character before
/// it in the name (博览会 ↔ 2023中国国际数字经济博览会, 辽洽会 ↔ …投资贸易洽谈会).
/// One left without such an event stays as it is.
fn resolve_referring_events(entities: &mut Vec<Entity>, mentions: &[Mention]) {
    let first = |e: &Entity| e.mentions.iter().map(|&i| mentions[i].start).min();
    loop {
        let mut pair = None;
        for (y, e) in entities.iter().enumerate() {
            if e.entity_type != EntityType::Event
                || !e
                    .forms
                    .iter()
                    .all(|f| REFERRING.iter().any(|r| f.starts_with(r)))
            {
                continue;
            }
            let Some(at) = first(e) else { continue };
            let Some(rest) = e
                .forms
                .iter()
                .find_map(|f| REFERRING.iter().find_map(|r| f.strip_prefix(r)))
            else {
                continue;
            };
            let head: Vec<char> = rest.chars().collect();
            if head.len() < 2 {
                continue;
            }
            let (last, before) = (head[head.len() - 1], head[head.len() - 2]);
            let target = entities
                .iter()
                .enumerate()
                .filter(|(x, c)| *x != y && c.entity_type == EntityType::Event)
                .filter(|(_, c)| {
                    c.forms.iter().any(|f| {
                        !REFERRING.iter().any(|r| f.starts_with(r))
                            && f.ends_with(last)
                            && f.chars().rev().skip(1).any(|ch| ch == before)
                    })
                })
                .filter_map(|(x, c)| {
                    let before_it = c
                        .mentions
                        .iter()
                        .map(|&i| mentions[i].start)
                        .filter(|&s| s < at)
                        .max()?;
                    Some((before_it, x))
                })
                .max();
            if let Some((_, x)) = target {
                pair = Some((x, y));
                break;
            }
        }
        match pair {
            Some((x, y)) => merge(entities, x, y),
            None => break,
        }
    }
}

fn merge(entities: &mut Vec<Entity>, x: usize, y: usize) {
    let (x, y) = (x.min(y), x.max(y));
    let other = entities.remove(y);
    let e = &mut entities[x];
    e.forms.extend(other.forms);
    e.mentions.extend(other.mentions);
    e.canonical.extend(other.canonical);
    e.subtype = e.subtype.or(other.subtype);
    if e.entity_type == EntityType::Place && other.name.chars().count() > e.name.chars().count() {
        e.name = other.name;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations() {
        assert!(abbreviates("市经信委", "重庆市经济和信息化委员会"));
        assert!(abbreviates("智博会", "中国国际智能产业博览会"));
        assert!(!abbreviates("两江", "两江数字经济产业园"));
        assert!(!abbreviates("市科协", "市科技局"));
        assert_eq!(core("腾讯公司"), core("腾讯"));
    }

    #[test]
    fn editions() {
        assert_eq!(edition("2021智博会").as_deref(), Some("2021"));
        assert_eq!(edition("首届智博会").as_deref(), Some("1"));
        assert_eq!(edition("智博会"), None);
    }
}
