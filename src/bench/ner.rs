//! The whole extraction pipeline scored as a named-entity recogniser
//! (`tupu bench-ner --pipeline`).
//!
//! Each test sentence of a NER benchmark is one article for
//! [`Extractor::extract`]; every mention of an entity the pipeline keeps
//! (after the rules, the trained recogniser's merge policy, coreference and
//! validation) becomes a span, and the spans are scored by exact match
//! against the benchmark's gold ([`crate::ner::score`], the CoNLL rule). The
//! type mapping is [`ner_type`]: Person → PER, Organization → ORG, Place and
//! Park → LOC; Event and Project have no benchmark label and are not scored.
//!
//! This measures what a user of `tupu extract` gets, unlike `tupu bench-ner`
//! without `--pipeline`, which scores the character model alone.

use crate::annotation::{Annotation, EntityType};
use crate::document::Document;
use crate::extract::Extractor;
use crate::ner::score::Scorer;
use crate::ner::{NerType, Sentence, Span};
use rayon::prelude::*;

/// The benchmark label of an entity type: Person → PER, Organization → ORG,
/// Place and Park (zones such as 浦东新区 are locations in MSRA and
/// People's Daily) → LOC; `None` for Event and Project.
pub fn ner_type(t: EntityType) -> Option<NerType> {
    match t {
        EntityType::Person => Some(NerType::Per),
        EntityType::Organization => Some(NerType::Org),
        EntityType::Place | EntityType::Park => Some(NerType::Loc),
        EntityType::Event | EntityType::Project => None,
    }
}

/// Every mention of `ann` as a span: CHARACTER offsets into the article's
/// original text (what [`crate::annotation::MentionRecord`] holds), typed by
/// [`ner_type`]; sorted, duplicates removed.
pub fn annotation_spans(ann: &Annotation) -> Vec<Span> {
    let mut spans: Vec<Span> = ann
        .entities
        .iter()
        .filter_map(|e| ner_type(e.entity_type).map(|ty| (e, ty)))
        .flat_map(|(e, ty)| {
            e.mentions.iter().map(move |m| Span {
                start: m.start,
                end: m.end,
                ty,
            })
        })
        .collect();
    spans.sort_unstable();
    spans.dedup();
    spans
}

/// The spans the pipeline finds in one sentence (its characters as the
/// article text; CHARACTER offsets into it).
pub fn pipeline_spans(extractor: &Extractor, chars: &[char]) -> Vec<Span> {
    let text: String = chars.iter().collect();
    let doc = Document::new("sentence", "sentence", text);
    annotation_spans(&extractor.extract(&doc))
}

/// Scores the pipeline on `sentences` (their gold spans, PER/ORG/LOC):
/// sentences are extracted in parallel (rayon), scored in input order.
pub fn score_pipeline(extractor: &Extractor, sentences: &[Sentence]) -> Scorer {
    let predicted: Vec<Vec<Span>> = sentences
        .par_iter()
        .map(|s| pipeline_spans(extractor, &s.chars))
        .collect();
    let mut scorer = Scorer::new();
    for (s, p) in sentences.iter().zip(&predicted) {
        let gold: Vec<Span> = s
            .spans
            .iter()
            .copied()
            .filter(|g| g.ty != NerType::Title)
            .collect();
        scorer.add(&gold, p);
    }
    scorer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_of_people_places_and_an_organisation() {
        // A sentence in the style of MSRA (People's Daily news text).
        let text = "国务院总理李强在北京会见了世界银行行长马尔帕斯。";
        let chars: Vec<char> = text.chars().collect();
        let spans = pipeline_spans(&Extractor::new(), &chars);
        let found: Vec<(String, NerType)> = spans
            .iter()
            .map(|s| (chars[s.start..s.end].iter().collect(), s.ty))
            .collect();
        assert!(
            found.contains(&("李强".to_owned(), NerType::Per)),
            "{found:?}"
        );
        assert!(
            found.contains(&("北京".to_owned(), NerType::Loc)),
            "{found:?}"
        );
        assert!(
            found.contains(&("马尔帕斯".to_owned(), NerType::Per)),
            "{found:?}"
        );
    }

    #[test]
    fn gold_titles_are_not_scored_and_exact_spans_count() {
        let text = "上海市长在浦东考察。";
        let chars: Vec<char> = text.chars().collect();
        let sentence = Sentence {
            chars: chars.clone(),
            spans: vec![Span {
                start: 0,
                end: 2,
                ty: NerType::Loc,
            }],
            loose: Vec::new(),
        };
        let scores = score_pipeline(&Extractor::new(), &[sentence]);
        let loc = scores.per_type[&NerType::Loc];
        assert_eq!(loc.gold, 1);
        assert!(!scores.per_type.contains_key(&NerType::Title));
    }
}
