//! Markdown articles (placeholder while the parser is written).

use super::{Article, ParseError};

/// Parses one Markdown article.
pub fn parse(_text: &str, _path: &str) -> Result<Article, ParseError> {
    Err(ParseError::Invalid("markdown not yet supported".into()))
}
