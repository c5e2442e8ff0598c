//! Extraction: one [`Document`] in, one [`Annotation`] out — mentions,
//! entities (within-article coreference), relations and attributes, each
//! statement with its evidence sentence and CHARACTER offsets into the
//! original file.
//!
//! Stages (each its own module): [`segment`] (jieba with the gazetteers in its
//! user dictionary) → [`mention`] and [`person`] (recognisers) → [`entity`]
//! (coreference) → [`relation`] (patterns and article context). Rules are data
//! (`data/rules/`, see [`rules`]). Messy text is never an error: extraction
//! always returns an annotation, possibly empty.
//!
//! ```
//! use tupu::document::Document;
//! use tupu::extract::Extractor;
//!
//! let doc = Document::new("a.txt", "a.txt", "九龙坡区与博世集团签署合作协议，将建设“氢能科技园”。");
//! let ann = Extractor::new().extract(&doc);
//! let names: Vec<&str> = ann.entities.iter().map(|e| e.name.as_str()).collect();
//! assert!(names.contains(&"博世集团"));
//! assert!(ann.relations.iter().any(|r| r.p.as_str() == "signedWith"));
//! ```

pub mod entity;
pub mod mention;
pub mod person;
pub mod relation;
pub mod rules;
pub mod segment;

use crate::annotation::{
    Annotation, AttributeKind, AttributeRecord, EntityRecord, EntityType, MentionRecord, Predicate,
    Provenance, RelationRecord,
};
use crate::document::Document;
use crate::gazetteer::Gazetteer;
use mention::{resolve_overlaps, Recogniser};
use rules::Rules;
use segment::Segmenter;
use std::collections::BTreeSet;
use std::sync::LazyLock;

static SEGMENTER: LazyLock<Segmenter> = LazyLock::new(|| {
    let mut jieba = Gazetteer::bundled().build_jieba();
    // Name suffixes as words, so that jieba cuts 市经信委 as 市|经信委 and a
    // suffix starts a token (the suffix rule needs token boundaries).
    for rule in &Rules::bundled().suffixes {
        if rule.suffix.chars().count() >= 2 && rule.suffix.chars().count() <= 4 {
            jieba.add_word(&rule.suffix, Some(3000), Some("n"));
        }
    }
    Segmenter::new(jieba)
});

/// The extractor: gazetteers, rules and a segmenter.
///
/// `Extractor::new()` uses the bundled data, loaded once per process.
#[derive(Debug, Clone, Copy)]
pub struct Extractor {
    gazetteer: &'static Gazetteer,
    rules: &'static Rules,
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new()
    }
}

/// Declared aliases: `X（以下简称“Y”）` / `X（简称“Y”）`.
fn declared_aliases(text: &str, mentions: &[mention::Mention]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (a, m) in mentions.iter().enumerate() {
        let rest = &text[m.end..];
        for lead in ["（以下简称“", "（简称“", "(以下简称“", "（下称“"] {
            if let Some(r) = rest.strip_prefix(lead) {
                let alias_start = m.end + lead.len();
                if let Some(end) = r.find('”') {
                    if let Some(b) = mentions
                        .iter()
                        .position(|x| x.start == alias_start && x.end == alias_start + end)
                    {
                        out.push((a, b));
                    }
                }
            }
        }
    }
    out
}

impl Extractor {
    /// An extractor with the bundled gazetteers (`data/gazetteers/`) and rules
    /// (`data/rules/`).
    #[must_use]
    pub fn new() -> Extractor {
        Extractor {
            gazetteer: Gazetteer::bundled(),
            rules: Rules::bundled(),
        }
    }

    /// Uses other rules (e.g. from [`Rules::from_dir`]); the rules must live
    /// for the whole run.
    #[must_use]
    pub fn with_rules(mut self, rules: &'static Rules) -> Extractor {
        self.rules = rules;
        self
    }

    /// The mentions of `doc`, overlaps resolved, in text order (BYTE offsets
    /// into `doc.text`).
    pub fn mentions(&self, doc: &Document) -> Vec<mention::Mention> {
        let rec = Recogniser {
            rules: self.rules,
            gazetteer: self.gazetteer,
            segmenter: &SEGMENTER,
        };
        let mut all = Vec::new();
        for (i, s) in doc.sentences.iter().enumerate() {
            let cands = rec.sentence(&doc.text, s.start, s.end, i);
            let chosen = resolve_overlaps(cands);
            let nested: Vec<_> = chosen
                .iter()
                .filter_map(|m| rec.investor_in_name(&doc.text, m))
                .collect();
            all.extend(chosen);
            all.extend(nested);
        }
        // A place named only inside a longer name is not annotated (重庆 in
        // 重庆日报); the investor that opens a project's name is.
        all.sort_by_key(|m| (m.start, m.end));
        all
    }

    /// Extracts the entities, relations and attributes of one article.
    ///
    /// Returns an [`Annotation`] whose `doc` is `doc.id`; entity ids are
    /// `E1`, `E2`, … in order of first mention; every relation and attribute
    /// carries [`Provenance`] with the sentence and its CHARACTER offsets in
    /// the original file. Never fails.
    pub fn extract(&self, doc: &Document) -> Annotation {
        let mentions = self.mentions(doc);
        let declared = declared_aliases(&doc.text, &mentions);
        let mut entities = entity::cluster(&mentions, &declared);
        entities.sort_by_key(|e| e.mentions.first().copied().unwrap_or(usize::MAX));
        let mut entity_of = vec![0; mentions.len()];
        for (ei, e) in entities.iter().enumerate() {
            for &m in &e.mentions {
                entity_of[m] = ei;
            }
        }
        let sentences: Vec<(usize, usize)> =
            doc.sentences.iter().map(|s| (s.start, s.end)).collect();
        let types: Vec<_> = entities
            .iter()
            .map(|e| (e.entity_type, e.subtype))
            .collect();
        let forms: Vec<Vec<String>> = entities
            .iter()
            .map(|e| e.forms.iter().cloned().collect())
            .collect();
        let ctx = relation::Context {
            text: &doc.text,
            sentences: &sentences,
            mentions: &mentions,
            entity_of: &entity_of,
            entity_types: &types,
            entity_forms: &forms,
            rules: self.rules,
            gazetteer: self.gazetteer,
            year: doc.year(),
        };
        let (found, attrs) = relation::find(&ctx);

        let id = |i: usize| format!("E{}", i + 1);
        let provenance = |sentence: usize| {
            let (a, b) = sentences[sentence];
            let chars = doc.original_chars(a..b);
            Provenance {
                sentence: doc.text[a..b].to_owned(),
                start: chars.start,
                end: chars.end,
            }
        };
        let mut ann = Annotation {
            doc: doc.id.clone(),
            ..Default::default()
        };
        for (i, e) in entities.iter().enumerate() {
            let mut aliases: Vec<String> =
                e.forms.iter().filter(|f| **f != e.name).cloned().collect();
            aliases.sort();
            let mut seen = BTreeSet::new();
            let ms = e
                .mentions
                .iter()
                .filter(|&&m| seen.insert((mentions[m].start, mentions[m].end)))
                .map(|&m| {
                    let c = doc.original_chars(mentions[m].start..mentions[m].end);
                    MentionRecord {
                        start: c.start,
                        end: c.end,
                        text: mentions[m].text.clone(),
                    }
                })
                .collect();
            ann.entities.push(EntityRecord {
                id: id(i),
                entity_type: e.entity_type,
                subtype: e.subtype,
                name: e.name.clone(),
                aliases,
                mentions: ms,
            });
        }
        let mut seen = BTreeSet::new();
        for f in found {
            let (s, o) = if f.p.is_symmetric() && f.s > f.o {
                (f.o, f.s)
            } else {
                (f.s, f.o)
            };
            if s == o || !f.p.domain().contains(&types[s].0) || !f.p.range().contains(&types[o].0) {
                continue;
            }
            if !seen.insert((s, f.p, o)) {
                continue;
            }
            let prov = provenance(f.sentence);
            ann.relations.push(RelationRecord {
                s: id(s),
                p: f.p,
                o: id(o),
                evidence: prov.sentence.clone(),
                provenance: Some(prov),
            });
        }
        let mut seen = BTreeSet::new();
        for a in attrs {
            if types[a.s].0 != a.p.domain() || !seen.insert((a.s, a.p, a.value.clone())) {
                continue;
            }
            let normalized = match a.p {
                AttributeKind::InvestmentAmount => {
                    crate::eval::parse_amount_yuan(a.value.trim_start_matches('约'))
                }
                AttributeKind::StartDate => Some(a.value.clone()),
                AttributeKind::JobTitle => None,
            };
            ann.attributes.push(AttributeRecord {
                s: id(a.s),
                p: a.p,
                value: a.value,
                normalized,
                provenance: Some(provenance(a.sentence)),
            });
        }
        let _ = (EntityType::ALL, Predicate::ALL);
        ann
    }
}
