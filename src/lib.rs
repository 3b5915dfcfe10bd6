//! dateline: a command-line search engine for folders of news articles, built on tantivy.
//!
//! A folder of saved articles (text, JSON, JSON Lines, …) is parsed into [`article::Article`]s,
//! indexed with English stemming and accent folding ([`index`]), and searched with a
//! web-style query language, date filters and highlighted snippets ([`search`]).
//!
//! ```
//! use dateline::search::query::{parse, Node};
//! let q = parse("\"rocket attack\" -drill").unwrap();
//! assert!(matches!(q, Node::And(_)));
//! ```

pub mod app;
pub mod article;
pub mod cli;
pub mod engine;
pub mod eval;
pub mod index;
pub mod messages;
pub mod output;
pub mod search;
pub mod serve;
pub mod story;
