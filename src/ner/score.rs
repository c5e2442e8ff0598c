//! Entity-level exact-match scoring, the CoNLL convention (`conlleval`): a
//! predicted entity is correct only if its start, end and type all equal a
//! gold entity's; precision = correct / predicted, recall = correct / gold,
//! F1 their harmonic mean, per type and micro-averaged over all types.

use super::{NerType, Span};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Counts of one type (or of all types).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Predicted entities that match a gold entity exactly.
    pub correct: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Gold entities.
    pub gold: usize,
}

impl Counts {
    /// correct / predicted (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    /// correct / gold (0 when there is no gold entity).
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    /// The harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Counts) {
        self.correct += other.correct;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Accumulates counts over sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scorer {
    /// Counts per type (types seen in gold or predictions).
    pub per_type: BTreeMap<NerType, Counts>,
}

impl Scorer {
    /// An empty scorer.
    pub fn new() -> Scorer {
        Scorer::default()
    }

    /// Adds one sentence: its gold and predicted entities (CHARACTER spans;
    /// duplicates count once).
    pub fn add(&mut self, gold: &[Span], predicted: &[Span]) {
        let gold: BTreeSet<Span> = gold.iter().copied().collect();
        let predicted: BTreeSet<Span> = predicted.iter().copied().collect();
        for s in &gold {
            self.per_type.entry(s.ty).or_default().gold += 1;
        }
        for s in &predicted {
            let c = self.per_type.entry(s.ty).or_default();
            c.predicted += 1;
            if gold.contains(s) {
                c.correct += 1;
            }
        }
    }

    /// The micro-averaged counts over all types.
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in self.per_type.values() {
            t.add(*c);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NerType::*;

    fn sp(start: usize, end: usize, ty: NerType) -> Span {
        Span { start, end, ty }
    }

    #[test]
    fn exact_matches_partial_overlaps_and_type_mismatches() {
        let mut s = Scorer::new();
        // Gold: 江泽民 PER 0..3, 北京 LOC 4..6, 新华社 ORG 7..10.
        // Predicted: 江泽民 PER (right), 北京市 LOC 4..7 (partial overlap:
        // wrong), 新华社 as LOC (type mismatch: wrong), 记者 PER 10..12
        // (spurious).
        s.add(
            &[sp(0, 3, Per), sp(4, 6, Loc), sp(7, 10, Org)],
            &[
                sp(0, 3, Per),
                sp(4, 7, Loc),
                sp(7, 10, Loc),
                sp(10, 12, Per),
            ],
        );
        assert_eq!(
            s.per_type[&Per],
            Counts {
                correct: 1,
                predicted: 2,
                gold: 1
            }
        );
        assert_eq!(
            s.per_type[&Loc],
            Counts {
                correct: 0,
                predicted: 2,
                gold: 1
            }
        );
        assert_eq!(
            s.per_type[&Org],
            Counts {
                correct: 0,
                predicted: 0,
                gold: 1
            }
        );
        let t = s.total();
        assert_eq!(
            t,
            Counts {
                correct: 1,
                predicted: 4,
                gold: 3
            }
        );
        // P = 1/4, R = 1/3, F1 = 2·(1/4)(1/3)/(1/4 + 1/3) = 2/7.
        assert!((t.precision() - 0.25).abs() < 1e-12);
        assert!((t.recall() - 1.0 / 3.0).abs() < 1e-12);
        assert!((t.f1() - 2.0 / 7.0).abs() < 1e-12);
        assert_eq!(s.per_type[&Org].f1(), 0.0);
    }

    #[test]
    fn empty_sentences_count_nothing_and_accumulate() {
        let mut s = Scorer::new();
        s.add(&[], &[]);
        assert_eq!(s.total(), Counts::default());
        assert_eq!(s.total().f1(), 0.0);
        s.add(&[sp(0, 2, Title)], &[sp(0, 2, Title)]);
        s.add(&[sp(1, 3, Title)], &[]);
        let t = s.per_type[&Title];
        assert_eq!(
            t,
            Counts {
                correct: 1,
                predicted: 1,
                gold: 2
            }
        );
        // P = 1, R = 1/2, F1 = 2/3.
        assert!((t.f1() - 2.0 / 3.0).abs() < 1e-12);
    }
}
