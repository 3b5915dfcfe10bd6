//! Integration tests: every test runs the built `dateline` binary on real files in its own
//! temporary folder. One test binary (`autotests = false`) keeps linking fast.

#![allow(clippy::unwrap_used)]

mod errors;
mod eval;
mod indexing;
mod relevance;
mod search;
mod seed;
mod util;
