//! Markdown articles: optional YAML (`---`) or TOML (`+++`) front matter, then Markdown
//! reduced to plain text (paragraphs separated by a blank line).
//!
//! Front matter supplies `title`, `author`/`authors`, `date`, `id`, `url` and `source`
//! (other keys, `tags` among them, are accepted and not used yet);
//! without a title the first `# heading` is the headline. Without a date in the front
//! matter, a date in the file name (`2021-03-03-slug.md`) is used. Broken front matter is
//! an error naming the problem on one line, never a guess.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::Value;

use super::{
    dates::{date_in_path, parse_written},
    derived_id, quotes, Article, ParseError,
};

/// Parses one Markdown article.
pub fn parse(text: &str, path: &str) -> Result<Article, ParseError> {
    let text = text.trim_start_matches('\u{feff}');
    let (front, markdown) = split_front_matter(text)?;
    let fields = match front {
        Some(front) => front_matter(&front)?,
        None => Fields::default(),
    };
    let (heading, body) = render(markdown, fields.title.as_deref());
    let headline = fields.title.clone().or(heading).unwrap_or_default();
    if body.trim().is_empty() {
        return Err(ParseError::Invalid("no article text found".into()));
    }
    let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let written = fields.date.as_deref().and_then(parse_written);
    let mut article = Article {
        id: fields.id.unwrap_or_else(|| derived_id(path, None)),
        path: path.to_string(),
        headline,
        byline: (!fields.authors.is_empty()).then(|| fields.authors.join(", ")),
        date: written.map(|w| w.date).or_else(|| date_in_path(file_name)),
        time: written.and_then(|w| w.clock),
        date_source: None,
        headline_source: None,
        posted_by: None,
        source: fields.source,
        url: fields.url,
        quotes: Vec::new(),
        body,
    };
    article.quotes = quotes::extract_with_context(&article.body, &quotes::Context::of(&article));
    Ok(article)
}

/// Which syntax a front matter block is written in.
#[derive(Debug, PartialEq)]
enum Front {
    Yaml(String),
    Toml(String),
}

/// Splits a leading `---`/`+++` block from the Markdown after it.
fn split_front_matter(text: &str) -> Result<(Option<Front>, &str), ParseError> {
    let first = text.lines().next().unwrap_or_default().trim_end();
    let (fence, closers, kind): (&str, &[&str], fn(String) -> Front) = match first {
        "---" => ("---", &["---", "..."], Front::Yaml),
        "+++" => ("+++", &["+++"], Front::Toml),
        _ => return Ok((None, text)),
    };
    let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
    let start = offset;
    for line in text[start..].split_inclusive('\n') {
        if closers.contains(&line.trim_end()) {
            let block = text[start..offset].to_string();
            let rest = &text[offset + line.len()..];
            return Ok((Some(kind(block)), rest));
        }
        offset += line.len();
    }
    Err(ParseError::Invalid(format!(
        "front matter opened with {fence} is never closed"
    )))
}

/// The front matter fields dateline uses.
#[derive(Debug, Default, PartialEq)]
struct Fields {
    title: Option<String>,
    authors: Vec<String>,
    date: Option<String>,
    id: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

/// Parses a front matter block into its fields; invalid syntax is a one-line error.
fn front_matter(front: &Front) -> Result<Fields, ParseError> {
    let value = match front {
        Front::Yaml(src) if src.trim().is_empty() => Value::Null,
        Front::Yaml(src) => {
            serde_saphyr::from_str::<Value>(src).map_err(|e| invalid("YAML", &e.to_string()))?
        }
        Front::Toml(src) => {
            let table = src.parse::<toml::Table>().map_err(|e| {
                let line = e.span().map_or(1, |sp| {
                    src.get(..sp.start)
                        .unwrap_or_default()
                        .lines()
                        .count()
                        .max(1)
                });
                invalid("TOML", &format!("line {line}: {}", e.message().trim()))
            })?;
            toml_to_json(toml::Value::Table(table), 0)
        }
    };
    let map = match value {
        Value::Object(map) => map,
        Value::Null => return Ok(Fields::default()),
        _ => {
            return Err(invalid(
                if matches!(front, Front::Yaml(_)) {
                    "YAML"
                } else {
                    "TOML"
                },
                "expected key: value pairs",
            ))
        }
    };
    let get = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            map.iter()
                .find(|(key, v)| key.eq_ignore_ascii_case(k) && !v.is_null())
                .map(|(_, v)| v)
        })
    };
    Ok(Fields {
        title: get(&["title", "headline"]).and_then(scalar),
        authors: get(&["authors", "author", "byline"])
            .map(list)
            .unwrap_or_default(),
        date: get(&["date", "published", "publishdate", "pubdate", "created"]).and_then(scalar),
        id: get(&["id"]).and_then(scalar),
        url: get(&["url", "link", "permalink", "canonical_url"]).and_then(scalar),
        source: get(&["source", "publisher", "site"]).and_then(scalar),
    })
}

/// "front matter is not valid YAML: …", cut to its first line.
fn invalid(syntax: &str, detail: &str) -> ParseError {
    let line = detail
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("unreadable");
    let line = line.strip_prefix("error: ").unwrap_or(line);
    ParseError::Invalid(format!("front matter is not valid {syntax}: {line}"))
}

/// A TOML value as JSON, with datetimes as their RFC 3339 text.
fn toml_to_json(v: toml::Value, depth: usize) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        _ if depth > 16 => Value::Null,
        toml::Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|i| toml_to_json(i, depth + 1))
                .collect(),
        ),
        toml::Value::Table(t) => Value::Object(
            t.into_iter()
                .map(|(k, v)| (k, toml_to_json(v, depth + 1)))
                .collect(),
        ),
    }
}

/// A single text value: strings, numbers and booleans as written; an object's `name`.
fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Object(m) => m.get("name").and_then(scalar)?,
        Value::Array(items) => items.iter().find_map(scalar)?,
        Value::Null => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// A list of text values: a YAML/TOML list, or one value.
fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

/// Renders Markdown to plain text. Returns the first level-1 heading (removed from the
/// body when it becomes the headline, or repeats `title`) and the body text.
fn render(markdown: &str, title: Option<&str>) -> (Option<String>, String) {
    let mut out = String::new();
    let mut heading: Option<String> = None;
    let mut in_h1: Option<String> = None;
    let mut image_depth = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if heading.is_none() => in_h1 = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if in_h1.is_some() => {
                let text = squash(&in_h1.take().unwrap_or_default());
                let repeats_title = title.is_some_and(|t| squash(t) == text);
                // Keep the heading in the body only when the front matter already gave a
                // different headline.
                if title.is_some() && !repeats_title {
                    out.push_str(&text);
                    out.push_str("\n\n");
                }
                heading = Some(text);
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if image_depth == 0 => match in_h1.as_mut() {
                Some(h) => h.push_str(&t),
                None => out.push_str(&t),
            },
            // Raw HTML inside Markdown: keep its words, drop its tags.
            Event::Html(h) | Event::InlineHtml(h) if image_depth == 0 && in_h1.is_none() => {
                out.push_str(&strip_tags(&h));
                if h.ends_with('\n') {
                    out.push_str("\n\n");
                }
            }
            Event::SoftBreak | Event::HardBreak => match in_h1.as_mut() {
                Some(h) => h.push(' '),
                None => out.push(' '),
            },
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::FootnoteDefinition,
            ) => out.push_str("\n\n"),
            Event::Start(Tag::Item) => out.push_str("\n\n"),
            Event::End(TagEnd::TableCell) => out.push(' '),
            _ => {}
        }
    }
    let body = out
        .split("\n\n")
        .map(squash)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    (heading.filter(|h| !h.is_empty()), body)
}

/// Text with `<…>` tags (and HTML comments) removed; entities are left as written.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = if tail.starts_with("<!--") {
            tail.find("-->").map(|j| j + 3)
        } else {
            tail.find('>').map(|j| j + 1)
        };
        match end {
            Some(j) => {
                out.push(' ');
                rest = &tail[j..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (source, path, headline, byline, date, id, body)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
    );

    #[test]
    fn parses_articles() {
        let cases: &[Case] = &[
            (
                "---\ntitle: Bridge closed\nauthor: Jane Roe\ndate: 2021-03-03\ntags: [roads, city]\nid: br-1\n---\n\nThe **council** voted.\n\nRepairs *take* a year.\n",
                "a.md",
                "Bridge closed",
                Some("Jane Roe"),
                Some("2021-03-03"),
                Some("br-1"),
                "The council voted.\n\nRepairs take a year.",
            ),
            (
                "---\ntitle: \"Bridge: closed\"\nauthors:\n  - Jane Roe\n  - name: John Doe\ndate: 2021-03-03T10:00:00-05:00\n---\n# Bridge: closed\n\nText with a [link](https://x.example) and `code`.\n",
                "b.md",
                "Bridge: closed",
                Some("Jane Roe, John Doe"),
                Some("2021-03-03"),
                None,
                "Text with a link and code.",
            ),
            (
                "+++\ntitle = \"Toml post\"\nauthors = [\"Ann Lee\"]\ndate = 2020-05-06T07:00:00Z\nid = 42\n+++\nBody line one\ncontinues.\n\n- item one\n- item two\n",
                "c.md",
                "Toml post",
                Some("Ann Lee"),
                Some("2020-05-06"),
                Some("42"),
                "Body line one continues.\n\nitem one\n\nitem two",
            ),
            (
                "# First heading\n\nSome text here.\n\n## Part two\n\n![a photo](p.jpg)\n\n> quoted words\n",
                "posts/2019-11-20-first.md",
                "First heading",
                None,
                Some("2019-11-20"),
                None,
                "Some text here.\n\nPart two\n\nquoted words",
            ),
            (
                "Setext title\n============\n\nPlain text only.\n",
                "notes.markdown",
                "Setext title",
                None,
                None,
                None,
                "Plain text only.",
            ),
            ("---\n---\nJust a body.\n", "e.md", "", None, None, None, "Just a body."),
            (
                "---\r\ntitle: Windows\r\nauthor: [A, B]\r\n---\r\nLine one.\r\n\r\nLine two.\r\n",
                "g.md",
                "Windows",
                Some("A, B"),
                None,
                None,
                "Line one.\n\nLine two.",
            ),
            (
                "# T\n\n<div class=\"note\">\n<p>Raw <b>html</b> words</p>\n</div>\n\nAfter <!-- hidden --> it.\n",
                "f.md",
                "T",
                None,
                None,
                None,
                "Raw html words\n\nAfter it.",
            ),
        ];
        for (src, path, headline, byline, date, id, body) in cases {
            let a = parse(src, path).unwrap();
            assert_eq!(a.headline, *headline, "{src}");
            assert_eq!(a.byline.as_deref(), *byline, "{src}");
            assert_eq!(a.date.map(|d| d.to_string()).as_deref(), *date, "{src}");
            assert_eq!(
                a.id,
                id.map(str::to_string)
                    .unwrap_or_else(|| derived_id(path, None)),
                "{src}"
            );
            assert_eq!(a.body, *body, "{src}");
        }
    }

    #[test]
    fn rejects_bad_front_matter() {
        let cases = [
            (
                "---\ntitle: [unclosed\n---\nbody\n",
                "front matter is not valid YAML: ",
            ),
            (
                "---\ntitle: a\n  bad: : indent\n---\nbody\n",
                "front matter is not valid YAML: ",
            ),
            (
                "---\n- just\n- a list\n---\nbody\n",
                "front matter is not valid YAML: expected key: value pairs",
            ),
            (
                "+++\ntitle = \n+++\nbody\n",
                "front matter is not valid TOML: ",
            ),
            (
                "---\ntitle: never closed\n\nbody\n",
                "front matter opened with --- is never closed",
            ),
            (
                "---\ntitle: only front matter\n---\n",
                "no article text found",
            ),
        ];
        for (src, want) in cases {
            let msg = parse(src, "x.md").unwrap_err().to_string();
            assert!(msg.starts_with(want), "{src:?} gave {msg:?}");
            assert!(!msg.contains('\n'), "{msg:?} spans lines");
        }
    }

    #[test]
    fn front_matter_fields() {
        let f = front_matter(&Front::Yaml(
            "Title: T\ntags: one\nauthor: A\nurl: https://x.example/a\nsource: Post\n".into(),
        ))
        .unwrap();
        assert_eq!(f.title.as_deref(), Some("T"));
        assert_eq!(f.authors, vec!["A".to_string()]);
        assert_eq!(f.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(f.source.as_deref(), Some("Post"));
    }
}
