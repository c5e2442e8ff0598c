//! Integration tests of the `tupu` binary (one test binary, a module per
//! area).

mod util;

mod ask;
mod eval;
mod extract;
mod inputs;
mod ner;
mod query;
mod resolve;
mod serve;
mod store;
mod walk;
