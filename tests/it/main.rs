//! Integration tests: every test runs the built `dateline` binary on real files in its own
//! temporary folder. One test binary (`autotests = false`) keeps linking fast.

#![allow(clippy::unwrap_used)]

mod chaos;
mod chaos_index;
mod chaos_store;
mod cli;
mod dates;
mod engine;
mod engine_reuters;
mod errors;
mod eval;
mod formats;
mod indexing;
mod relevance;
mod robustness;
mod search;
mod seed;
mod serve;
mod story;
mod util;
