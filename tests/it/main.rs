//! Integration tests of the `tupu` binary (one test binary, a module per
//! area).

mod util;

mod ask;
mod eval;
mod export;
mod extract;
mod inputs;
mod ner;
mod pipeline;
mod query;
mod readme;
mod remote;
mod resolve;
mod serve;
mod shard;
mod store;
mod walk;
