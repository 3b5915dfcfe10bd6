//! What a snippet highlights: the analysed terms of the words a query scores and of its
//! operators' positive parts, and the prefixes of its `word*` terms.

use std::collections::HashSet;

/// What a snippet should highlight: analysed terms and prefixes from the positive parts of
/// the query.
#[derive(Debug, Default, Clone)]
pub struct Highlights {
    pub terms: HashSet<String>,
    pub prefixes: Vec<String>,
}

impl Highlights {
    /// True when an analysed token should be highlighted.
    pub fn matches(&self, token: &str) -> bool {
        self.terms.contains(token) || self.prefixes.iter().any(|p| token.starts_with(p.as_str()))
    }

    /// True when there is nothing to highlight.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.prefixes.is_empty()
    }
}
