//! # tupu (图谱)
//!
//! A knowledge-graph builder for Chinese news. Data flows one way:
//!
//! text → [`document`] (decoding, normalisation, offset map, sentences)
//! → [`gazetteer`] + [`extract`] (mentions, entities, coreference, relations,
//! attributes, as an [`annotation::Annotation`])
//! → [`rdf`] (ontology terms in [`vocab`], IRIs, provenance quads)
//! → [`store`] (embedded Oxigraph, persisted per article);
//! [`pipeline`] runs these steps in batches into a sink (the store, a
//! remote store, N-Quads)
//! → [`export`] and [`eval`]; [`bulk`] (shards as N-Quads, bulk load) and
//! [`remote`] (SPARQL 1.1 stores over HTTP) move the graph between machines.
//!
//! See `ARCHITECTURE.md` for the code map and invariants.
#![warn(missing_docs)]

pub mod annotation;
pub mod ask;
pub mod bench;
pub mod bulk;
pub mod document;
pub mod eval;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod ner;
pub mod pipeline;
pub mod projection;
pub mod rdf;
pub mod remote;
pub mod resolve;
pub mod serve;
pub mod store;
pub mod validate;
pub mod vocab;
