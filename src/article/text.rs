//! Plain-text articles: the seed format, `Key: value` header blocks, "headline / By NAME / body".

use super::{derived_id, quotes, Article, ParseError};

/// Parses one plain-text article.
pub fn parse(text: &str, path: &str) -> Result<Article, ParseError> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let headline = lines.next().ok_or(ParseError::Empty)?.trim().to_string();
    let body: Vec<&str> = lines.collect();
    let body = body.join("\n\n");
    Ok(Article {
        id: derived_id(path, None),
        path: path.to_string(),
        headline,
        quotes: quotes::extract(&body),
        body,
        ..Article::default()
    })
}
