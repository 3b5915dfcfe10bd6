//! The query language: a small lexer and recursive-descent parser turning what the user
//! typed into a [`Node`] tree, with errors that name the problem and its column.
//!
//! Grammar (all words required unless `OR` widens):
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary (["AND"] unary)*
//! unary   := ("NOT" | "-") unary | primary
//! primary := "(" or ")" | [field ":"] (word | word"*" | "\"phrase\""["~"N] | date-range)
//! ```
//! A `name:` prefix that is not a known field is read as ordinary text (so `10:30` works).

mod lexer;
mod parser;
#[cfg(test)]
mod tests;

use super::dates::DateRange;
use lexer::{describe, lex, Tok};
use parser::Parser;

/// A field a query term can be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    Headline,
    Byline,
    Body,
    Quotes,
    Speaker,
    Id,
    Path,
}

impl FieldName {
    pub(crate) fn from_name(s: &str) -> Option<FieldName> {
        Some(match s.to_ascii_lowercase().as_str() {
            "headline" | "title" => FieldName::Headline,
            "byline" | "author" | "by" => FieldName::Byline,
            "body" | "text" => FieldName::Body,
            "quotes" | "quote" => FieldName::Quotes,
            "speaker" => FieldName::Speaker,
            "id" => FieldName::Id,
            "path" => FieldName::Path,
            _ => return None,
        })
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Words to analyse; several tokens from one word (`U.S.`) form a phrase.
    Text {
        field: Option<FieldName>,
        text: String,
    },
    Phrase {
        field: Option<FieldName>,
        text: String,
        slop: u32,
    },
    Prefix {
        field: Option<FieldName>,
        text: String,
    },
    /// `word~1`, `word~2`: words within that many edits (a transposition is one).
    Fuzzy {
        field: Option<FieldName>,
        text: String,
        distance: u8,
    },
    Date(DateRange),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    /// `+term`: the term must match (beside plain words, which otherwise rank in tiers).
    Required(Box<Node>),
}

/// A query that could not be parsed: what went wrong and at which column (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid query at column {column}: {message}")]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

/// Parses a query string.
pub fn parse(input: &str) -> Result<Node, QueryError> {
    let toks = lex(input)?;
    let mut p = Parser::new(toks, input.chars().count() + 1);
    if p.toks.is_empty() {
        return Err(QueryError {
            column: 1,
            message: "empty query".into(),
        });
    }
    let node = p.or()?;
    if let Some((tok, col)) = p.peek() {
        let message = match tok {
            Tok::RParen => "unmatched ')'".to_string(),
            other => format!("unexpected {}", describe(other)),
        };
        return Err(QueryError {
            column: col,
            message,
        });
    }
    Ok(node)
}
