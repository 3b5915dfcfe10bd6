//! JSON and JSON Lines articles: one article per object, common key names accepted.
//!
//! Key names are matched case-insensitively, first alias wins:
//! - headline: `headline`, `title`
//! - byline: `byline`, `author`, `authors`, `by`, `creator` — a string, an array of strings,
//!   an object with `name`, or an array of such objects (names joined with `, `)
//! - date: `date`, `published`, `datePublished`, `pubDate`, `published_at`, `publishedAt`,
//!   `created_at`, `time` — any form [`parse_date`](super::dates::parse_date) reads, or a Unix timestamp (s or ms)
//! - body: `body`, `text`, `content`, `articleBody` (a string or an array of paragraphs),
//!   else `description`
//! - id: `id`, `_id`, `guid`, `uuid` (string or number)
//! - source: `source`, `publisher`, `site`; url: `url`, `source_url`, `link`
//!
//! Without an id of its own, an article gets [`derived_id`] of the path plus its 1-based
//! line (JSONL) or array position (JSON array); a single JSON object uses the path alone.
//! A record with neither headline nor body is a record error, not an article.

use serde_json::{Map, Value};

use super::dates::{parse_written, Clock, Written};
use super::{derived_id, quotes, Article, ParseError, Parsed};

const HEADLINE: &[&str] = &["headline", "title"];
const BYLINE: &[&str] = &["byline", "author", "authors", "by", "creator"];
const DATE: &[&str] = &[
    "date",
    "published",
    "datepublished",
    "pubdate",
    "published_at",
    "publishedat",
    "created_at",
    "time",
];
const BODY: &[&str] = &["body", "text", "content", "articlebody"];
const ID: &[&str] = &["id", "_id", "guid", "uuid"];
const SOURCE: &[&str] = &["source", "publisher", "site"];
const URL: &[&str] = &["url", "source_url", "link"];

/// Parses a `.json` file: one object, or an array of objects.
pub fn parse_json(text: &str, path: &str) -> Result<Parsed, ParseError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ParseError::Json(e.to_string()))?;
    match value {
        Value::Object(map) => {
            let article = article_from(&map, path, None).map_err(ParseError::Invalid)?;
            Ok(Parsed {
                articles: vec![article],
                record_errors: Vec::new(),
            })
        }
        Value::Array(items) => {
            let mut parsed = Parsed::default();
            for (i, item) in items.iter().enumerate() {
                let result = match item {
                    Value::Object(map) => article_from(map, path, Some(i + 1)),
                    _ => Err("not a JSON object".to_string()),
                };
                match result {
                    Ok(a) => parsed.articles.push(a),
                    Err(e) => parsed.record_errors.push(format!("item {}: {e}", i + 1)),
                }
            }
            if parsed.articles.is_empty() && !parsed.record_errors.is_empty() {
                return Err(ParseError::Invalid(format!(
                    "no article in the array ({})",
                    parsed
                        .record_errors
                        .first()
                        .map(String::as_str)
                        .unwrap_or_default()
                )));
            }
            Ok(parsed)
        }
        _ => Err(ParseError::Invalid("JSON is not an object or array".into())),
    }
}

/// Parses a `.jsonl` file: one object per line; a broken line is a record error.
pub fn parse_jsonl(text: &str, path: &str) -> Result<Parsed, ParseError> {
    let mut parsed = Parsed::default();
    for (i, line) in text.lines().enumerate() {
        match parse_jsonl_line(line, path, i + 1) {
            None => {}
            Some(Ok(a)) => parsed.articles.push(a),
            Some(Err(e)) => parsed.record_errors.push(e),
        }
    }
    if parsed.articles.is_empty() {
        return Err(match parsed.record_errors.first() {
            Some(first) => ParseError::Json(format!("no valid line ({first})")),
            None => ParseError::Empty,
        });
    }
    Ok(parsed)
}

/// Parses line `line_no` (1-based) of a JSON Lines file: `None` for a blank line, else the
/// article or `line N: reason`. The indexer calls it per line to parse lines in parallel.
pub fn parse_jsonl_line(line: &str, path: &str, line_no: usize) -> Option<Result<Article, String>> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let result = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(map)) => article_from(&map, path, Some(line_no)),
        Ok(_) => Err("not a JSON object".to_string()),
        Err(e) => Err(e.to_string()),
    };
    Some(result.map_err(|e| format!("line {line_no}: {e}")))
}

/// Builds one article from a JSON object; `Err` names why the record is unusable.
fn article_from(
    map: &Map<String, Value>,
    path: &str,
    position: Option<usize>,
) -> Result<Article, String> {
    let lower: Vec<(String, &Value)> = map.iter().map(|(k, v)| (k.to_lowercase(), v)).collect();
    let find = |aliases: &[&str]| -> Option<&Value> {
        aliases.iter().find_map(|a| {
            lower
                .iter()
                .find(|(k, v)| k == a && !v.is_null())
                .map(|(_, v)| *v)
        })
    };
    let headline = find(HEADLINE).and_then(scalar_text).unwrap_or_default();
    let body = find(BODY)
        .and_then(body_text)
        .filter(|b| !b.is_empty())
        .or_else(|| find(&["description"]).and_then(body_text))
        .unwrap_or_default();
    if headline.is_empty() && body.is_empty() {
        return Err("no headline or body".into());
    }
    let id = find(ID)
        .and_then(scalar_text)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| derived_id(path, position));
    let byline = find(BYLINE).and_then(names).filter(|s| !s.is_empty());
    let context = quotes::Context {
        headline: Some(&headline),
        byline: byline.as_deref(),
    };
    let quotes = quotes::extract_with_context(&body, &context);
    let written = find(DATE).and_then(date_value);
    Ok(Article {
        id,
        path: path.to_string(),
        headline,
        byline,
        date: written.map(|w| w.date),
        time: written.and_then(|w| w.clock),
        date_source: None,
        headline_source: None,
        posted_by: None,
        source: find(SOURCE).and_then(names).filter(|s| !s.is_empty()),
        url: find(URL).and_then(scalar_text).filter(|s| !s.is_empty()),
        quotes,
        body,
    })
}

/// A string or number as trimmed text.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A body: a string, or an array of paragraph strings joined by blank lines.
fn body_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter_map(scalar_text)
                .filter(|s| !s.is_empty())
                .collect();
            Some(parts.join("\n\n"))
        }
        _ => None,
    }
}

/// Person or publisher names: a string, `{"name": …}`, or an array of either.
fn names(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(m) => m
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("name"))
            .and_then(|(_, v)| scalar_text(v)),
        Value::Array(items) => {
            let all: Vec<String> = items
                .iter()
                .filter_map(names)
                .filter(|s| !s.is_empty())
                .collect();
            Some(all.join(", "))
        }
        _ => None,
    }
}

/// A date string, or a Unix timestamp in seconds (or milliseconds when it is that large).
fn date_value(v: &Value) -> Option<Written> {
    match v {
        Value::String(s) => parse_written(s),
        Value::Number(n) => {
            let n = n.as_i64()?;
            let secs = if n.abs() > 100_000_000_000 {
                n / 1000
            } else {
                n
            };
            let ts = jiff::Timestamp::from_second(secs).ok()?;
            let utc = ts.to_zoned_datetime(jiff::tz::TimeZone::UTC);
            Some(Written {
                date: utc.date(),
                clock: Some(Clock {
                    time: utc.time(),
                    offset: Some(jiff::tz::Offset::UTC),
                }),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_key_aliases() {
        let cases = [
            (
                r#"{"title":"T","author":"Jane Roe","published":"2021-03-03T23:30:00-05:00","text":"B","_id":7}"#,
                ("T", Some("Jane Roe"), Some("2021-03-03"), "B", "7"),
            ),
            (
                r#"{"Headline":"H","Authors":[{"name":"A B"},{"name":"C D"}],"datePublished":"Mar 3, 2021","articleBody":"x"}"#,
                ("H", Some("A B, C D"), Some("2021-03-03"), "x", ""),
            ),
            (
                r#"{"headline":"H","by":["A","B"],"date":"1987-02-26T15:01:01.79Z","description":"d","guid":"g1"}"#,
                ("H", Some("A, B"), Some("1987-02-26"), "d", "g1"),
            ),
            (
                r#"{"name":"not a headline","body":["p1","p2"],"author":{"name":"Z"},"created_at":1614765600}"#,
                ("", Some("Z"), Some("2021-03-03"), "p1\n\np2", ""),
            ),
        ];
        for (input, (h, by, date, body, id)) in cases {
            let parsed = parse_json(input, "a.json").unwrap();
            let a = &parsed.articles[0];
            assert_eq!(a.headline, h, "{input}");
            assert_eq!(a.byline.as_deref(), by, "{input}");
            assert_eq!(a.date.map(|d| d.to_string()).as_deref(), date, "{input}");
            assert_eq!(a.body, body, "{input}");
            let want_id = if id.is_empty() {
                derived_id("a.json", None)
            } else {
                id.to_string()
            };
            assert_eq!(a.id, want_id, "{input}");
        }
    }

    #[test]
    fn array_and_lines_get_positional_ids() {
        let parsed = parse_json(r#"[{"title":"a"},{"title":"b","id":"own"}]"#, "x.json").unwrap();
        assert_eq!(parsed.articles[0].id, derived_id("x.json", Some(1)));
        assert_eq!(parsed.articles[1].id, "own");
        let parsed = parse_jsonl("{\"title\":\"a\"}\n\n{\"title\":\"b\"}\n", "x.jsonl").unwrap();
        assert_eq!(parsed.articles[1].id, derived_id("x.jsonl", Some(3)));
    }

    #[test]
    fn source_url_and_quotes() {
        let input = r#"{"title":"t","body":"\"We are ready,\" said Jane Roe.","publisher":{"name":"P"},"link":"http://x"}"#;
        let a = &parse_json(input, "a.json").unwrap().articles[0];
        assert_eq!(a.source.as_deref(), Some("P"));
        assert_eq!(a.url.as_deref(), Some("http://x"));
        assert_eq!(a.quotes.len(), 1);
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for input in ["42", "\"str\"", "null", "true"] {
            let err = parse_json(input, "a.json").unwrap_err();
            assert_eq!(err.to_string(), "JSON is not an object or array", "{input}");
        }
        assert!(matches!(
            parse_json("{broken", "a.json"),
            Err(ParseError::Json(_))
        ));
        assert!(parse_json(r#"{"id":1}"#, "a.json").is_err());
        assert!(parse_json("[1, 2]", "a.json").is_err());
    }

    #[test]
    fn jsonl_broken_line_is_a_record_error() {
        let input = "{\"title\":\"a\",\"body\":\"x\"}\n{\"title\": broken\n[1]\n{\"id\":3}\n{\"title\":\"d\"}\n";
        let parsed = parse_jsonl(input, "f.jsonl").unwrap();
        assert_eq!(parsed.articles.len(), 2);
        assert_eq!(parsed.record_errors.len(), 3);
        assert!(
            parsed.record_errors[0].starts_with("line 2: "),
            "{:?}",
            parsed.record_errors
        );
        assert_eq!(parsed.record_errors[1], "line 3: not a JSON object");
        assert_eq!(parsed.record_errors[2], "line 4: no headline or body");
        assert!(parse_jsonl("{oops\nnope\n", "f.jsonl").is_err());
    }
}
