//! Training and development examples of the relation classifier
//! ([`crate::extract::relclass`]) from the FinRE and DuIE gold.
//!
//! Each gold sentence is run through the extractor twice — with the names of
//! its labelled pairs as known entities (the given-entities protocol of
//! [`super::re`]) and without (end to end) — and every candidate pair of
//! [`Extractor::pair_candidates`] whose two entities carry gold names is
//! labelled:
//!
//! | source | kind | positive | negative | skipped |
//! |---|---|---|---|---|
//! | FinRE | signing (two organisations) | the pair has `签约` | the pair is labelled with another relation or `unknown` | unlabelled pairs (FinRE labels only some pairs of a sentence); other kinds |
//! | DuIE | employment (person, organisation) | the company's `董事长` is the person | any other or no label | `创始人` or `校长` (a founder may or may not hold a post; a principal works for the school, but the post is no company's chair) |
//! | DuIE | location (organisation, place) | the company's `总部地点` is the place | any other or no label | — |
//! | DuIE | signing | — | — | all (DuIE has no signing relation) |
//!
//! DuIE labels every pair its 48 predicates cover, so an unlabelled pair
//! between two names the gold mentions is a negative there; FinRE's
//! unlabelled pairs are not. A pair one of whose entities carries no name
//! of the gold sentence (a name tupu cut differently) is skipped.
//!
//! Names match after [`crate::eval::normalize`], on any name form or mention
//! text of the entity, as in the scorer.

use super::re::{given_entities, Benchmark, GoldSentence};
use crate::document::Document;
use crate::eval::normalize;
use crate::extract::relclass::{Example, PairKind};
use crate::extract::{Extractor, PairCandidate};
use std::collections::BTreeSet;
use std::sync::Arc;

/// The relations of the gold pairs between `a` and `b` (normalised names),
/// as `(relation, a is the gold subject)`.
fn gold_relations(gold: &GoldSentence, a: &[String], b: &[String]) -> Vec<(String, bool)> {
    let has = |names: &[String], n: &str| names.iter().any(|x| x == n);
    let mut out = Vec::new();
    for p in &gold.pairs {
        let (s, o) = (normalize(&p.subject), normalize(&p.object));
        if has(a, &s) && has(b, &o) {
            out.push((p.relation.clone(), true));
        } else if has(a, &o) && has(b, &s) {
            out.push((p.relation.clone(), false));
        }
    }
    out
}

/// The label of one candidate under the table of the module doc; `None`
/// when the candidate is skipped.
#[must_use]
pub fn label(benchmark: Benchmark, gold: &GoldSentence, c: &PairCandidate) -> Option<bool> {
    let norm = |v: &[String]| -> Vec<String> { v.iter().map(|n| normalize(n)).collect() };
    let (s, o) = (norm(&c.subject_names), norm(&c.object_names));
    let rels = gold_relations(gold, &s, &o);
    // Both entities must carry names the gold mentions (a name cut
    // differently from the gold says nothing about the relation).
    let named = |names: &[String]| {
        gold.pairs.iter().any(|p| {
            let (a, b) = (normalize(&p.subject), normalize(&p.object));
            names.iter().any(|n| *n == a || *n == b)
        })
    };
    if !named(&s) || !named(&o) {
        return None;
    }
    match (benchmark, c.kind) {
        (Benchmark::Finre, PairKind::Signing) => {
            if rels.is_empty() {
                None
            } else {
                Some(rels.iter().any(|(r, _)| r == "签约"))
            }
        }
        (Benchmark::Duie, PairKind::Employment) => {
            // tupu's subject is the person, DuIE's subject the organisation.
            let pos = rels
                .iter()
                .any(|(r, s_is_subject)| r == "董事长" && !s_is_subject);
            if pos {
                Some(true)
            } else if rels.iter().any(|(r, _)| r == "创始人" || r == "校长") {
                None
            } else {
                Some(false)
            }
        }
        (Benchmark::Duie, PairKind::Location) => Some(
            rels.iter()
                .any(|(r, s_is_subject)| r == "总部地点" && *s_is_subject),
        ),
        _ => None,
    }
}

/// The labelled examples of `sentences` of `benchmark`: the candidates of
/// the given-entities run and of the end-to-end run (see the module doc),
/// in sentence order. `extractor` is the base extractor (its relation
/// classifier is not used: candidates do not depend on it).
#[must_use]
pub fn examples(
    benchmark: Benchmark,
    sentences: &[GoldSentence],
    extractor: &Extractor,
) -> Vec<Example> {
    let mut out = Vec::new();
    for g in sentences.iter().filter(|g| !g.pairs.is_empty()) {
        let id = format!("{}:{}", benchmark.dir_name(), g.line);
        let doc = Document::new(id.clone(), id, g.text.as_str());
        let given = extractor
            .clone()
            .with_known_entities(Some(Arc::new(given_entities(benchmark, g))));
        let mut seen: BTreeSet<(Vec<u64>, bool)> = BTreeSet::new();
        for ex in [&given, extractor] {
            for c in ex.pair_candidates(&doc) {
                if let Some(l) = label(benchmark, g, &c) {
                    if seen.insert((c.features.clone(), l)) {
                        out.push(Example {
                            kind: c.kind,
                            origin: format!(
                                "{}:{} {} → {}",
                                benchmark.dir_name(),
                                g.line,
                                c.subject_names.first().map_or("", String::as_str),
                                c.object_names.first().map_or("", String::as_str)
                            ),
                            features: c.features,
                            label: l,
                        });
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::re::{parse_duie, parse_finre};
    use std::path::Path;

    /// A FinRE signing sentence gives a positive signing example for the
    /// 签约 pair and a negative for the unknown pair; the unlabelled pair
    /// (华润 — 中信) gives none.
    #[test]
    fn finre_labels_signing_and_unknown_pairs() {
        let text = "万科\t华润\t签约\t万科与华润签署战略合作协议，中信未参与。\n\n\
万科\t中信\tunknown\t万科与华润签署战略合作协议，中信未参与。\n";
        let gold = parse_finre(Path::new("t.txt"), text).unwrap();
        let ex = examples(Benchmark::Finre, &gold, &Extractor::new());
        assert!(ex.iter().all(|e| e.kind == PairKind::Signing));
        assert!(ex.iter().any(|e| e.label), "{ex:?}");
        assert!(ex.iter().any(|e| !e.label), "{ex:?}");
        // Given run: 万科—华润 (+), 万科—中信 (−); 华润—中信 unlabelled.
        let pos = ex.iter().filter(|e| e.label).count();
        assert!((1..=2).contains(&pos), "{ex:?}");
    }

    #[test]
    fn duie_chairman_is_a_positive_employment_pair() {
        let line = r#"{"text":"万科董事长郁亮表示，公司总部位于深圳","spo_list":[{"predicate":"董事长","subject":"万科","subject_type":"企业","object":{"@value":"郁亮"},"object_type":{"@value":"人物"}},{"predicate":"总部地点","subject":"万科","subject_type":"企业","object":{"@value":"深圳"},"object_type":{"@value":"地点"}}]}"#;
        let gold = parse_duie(Path::new("d.json"), line).unwrap();
        let ex = examples(Benchmark::Duie, &gold, &Extractor::new());
        assert!(
            ex.iter().any(|e| e.kind == PairKind::Employment && e.label),
            "{ex:?}"
        );
        assert!(
            ex.iter().any(|e| e.kind == PairKind::Location && e.label),
            "{ex:?}"
        );
        assert!(!ex.iter().any(|e| e.kind == PairKind::Signing), "{ex:?}");
    }
}
