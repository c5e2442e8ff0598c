//! Public benchmarks scored by tupu itself.
//!
//! [`re`] reads the relation-extraction benchmarks under
//! `benchmarks/re/` (FinRE, DuIE) and scores tupu's extractor on the
//! sentences whose gold has a relation tupu's ontology covers (FinRE 签约 →
//! `signedWith`; DuIE 董事长 → `worksFor` + `jobTitle`, 总部地点 →
//! `locatedIn`). Like [`crate::eval`], it works on annotations only; running
//! the extractor is the caller's choice ([`re::run`] does it for the CLI).
//! [`ner`] scores the whole pipeline's person, organisation and place
//! mentions on a NER benchmark (`tupu bench-ner --pipeline`).

pub mod ner;
pub mod re;
pub mod retrain;
