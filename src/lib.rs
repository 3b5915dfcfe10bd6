//! dateline: a command-line search engine for folders of news articles, built on tantivy.

pub mod article;
