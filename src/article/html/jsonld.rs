//! JSON-LD: the article objects a page declares (`NewsArticle`, `BlogPosting`, … at any
//! depth of `@graph`, arrays and `mainEntity`), with `{"@id"}` references resolved.

use std::collections::HashMap;

use scraper::Html;
use serde_json::Value;

use super::meta::{clean_byline, decode_entities, select};

/// JSON-LD `@type`s that describe the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "scholarlyarticle",
    "techarticle",
    "report",
];

/// The page's JSON-LD: every article object found, other objects that carry article
/// fields (a `MedicalWebPage`, a `ClaimReview`), and nodes by `@id` for references.
pub(super) struct JsonLd {
    articles: Vec<Value>,
    others: Vec<Value>,
    by_id: HashMap<String, Value>,
}

impl JsonLd {
    pub(super) fn from_doc(doc: &Html) -> Self {
        let mut ld = JsonLd {
            articles: Vec::new(),
            others: Vec::new(),
            by_id: HashMap::new(),
        };
        for el in select(doc, "script") {
            let raw: String = el.text().collect();
            // Some pages ship JSON-LD in a `<script>` without its type.
            let is_ld = match el.value().attr("type") {
                Some(t) => t.to_ascii_lowercase().contains("ld+json"),
                None => raw.trim_start().starts_with('{') && raw.contains("\"@context\""),
            };
            if !is_ld {
                continue;
            }
            let raw = raw
                .trim()
                .trim_start_matches("<![CDATA[")
                .trim_end_matches("]]>")
                .trim();
            let raw = raw
                .trim_start_matches("<!--")
                .trim_end_matches("-->")
                .trim();
            // Hand-written JSON-LD often has raw newlines or tabs inside strings, which
            // JSON forbids; as spaces they change nothing else.
            let parsed = serde_json::from_str::<Value>(raw).or_else(|_| {
                let cleaned: String = raw
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                serde_json::from_str::<Value>(&cleaned)
            });
            if let Ok(v) = parsed {
                ld.collect(&v, 0);
            }
        }
        ld
    }

    fn collect(&mut self, v: &Value, depth: usize) {
        if depth > 8 {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|i| self.collect(i, depth + 1)),
            Value::Object(map) => {
                if let Some(id) = map.get("@id").and_then(Value::as_str) {
                    self.by_id
                        .entry(id.to_string())
                        .or_insert_with(|| v.clone());
                }
                if is_article(v) {
                    self.articles.push(v.clone());
                } else if map.contains_key("datePublished") || map.contains_key("headline") {
                    self.others.push(v.clone());
                }
                for key in [
                    "@graph",
                    "mainEntity",
                    "mainEntityOfPage",
                    "itemListElement",
                    "item",
                ] {
                    if let Some(inner) = map.get(key) {
                        self.collect(inner, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }

    /// Article objects first, then the other objects with article fields.
    fn nodes(&self) -> impl Iterator<Item = &Value> {
        self.articles.iter().chain(&self.others)
    }

    /// Follows a `{"@id": …}` reference to the node it names.
    fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.as_object() {
            Some(m) if m.len() == 1 => m
                .get("@id")
                .and_then(Value::as_str)
                .and_then(|id| self.by_id.get(id))
                .unwrap_or(v),
            _ => v,
        }
    }

    /// A string field of the first article that has it, entities decoded.
    pub(super) fn text(&self, key: &str) -> Option<String> {
        self.nodes().find_map(|a| {
            let v = self.resolve(a.get(key)?);
            let s = match v {
                Value::String(s) => s.as_str(),
                Value::Object(m) => m.get("@id").or(m.get("url")).and_then(Value::as_str)?,
                _ => return None,
            };
            let s = decode_entities(s);
            (!s.trim().is_empty()).then_some(s)
        })
    }

    /// The publication date fields, as written, most specific first.
    pub(super) fn date_values(&self) -> Vec<String> {
        ["datePublished", "dateCreated", "uploadDate"]
            .iter()
            .filter_map(|k| self.text(k))
            .collect()
    }

    /// Author names of the first article with any, joined with ", ".
    pub(super) fn authors(&self) -> Option<String> {
        self.nodes().find_map(|a| {
            let names = self.names(a.get("author").or(a.get("creator"))?);
            (!names.is_empty()).then(|| names.join(", "))
        })
    }

    fn names(&self, v: &Value) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |s: &str| {
            if let Some(n) = clean_byline(&decode_entities(s)) {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        };
        match self.resolve(v) {
            Value::String(s) => push(s),
            Value::Array(items) => {
                for item in items {
                    for n in self.names_one(item) {
                        push(&n);
                    }
                }
            }
            other => {
                for n in self.names_one(other) {
                    push(&n);
                }
            }
        }
        out
    }

    fn names_one(&self, v: &Value) -> Vec<String> {
        match self.resolve(v) {
            Value::String(s) => vec![s.clone()],
            Value::Object(m) => m
                .get("name")
                .and_then(Value::as_str)
                .map(|s| vec![s.to_string()])
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    pub(super) fn publisher(&self) -> Option<String> {
        self.nodes().find_map(|a| {
            let p = self.resolve(a.get("publisher")?);
            let name = p.get("name").and_then(Value::as_str).or(p.as_str())?;
            Some(decode_entities(name)).filter(|n| !n.trim().is_empty())
        })
    }
}

fn is_article(v: &Value) -> bool {
    let matches = |t: &Value| {
        t.as_str()
            .is_some_and(|s| ARTICLE_TYPES.contains(&s.to_ascii_lowercase().as_str()))
    };
    match v.get("@type") {
        Some(Value::Array(ts)) => ts.iter().any(matches),
        Some(t) => matches(t),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_shapes() {
        let cases = [
            (
                r#"{"@type":"NewsArticle","headline":"H","author":"Ann Lee"}"#,
                "H",
                "Ann Lee",
            ),
            (
                r#"[{"@type":"Organization","name":"X"},{"@type":"BlogPosting","headline":"H","author":{"@type":"Person","name":"Ann Lee"}}]"#,
                "H",
                "Ann Lee",
            ),
            (
                r#"{"@graph":[{"@type":["ReportageNewsArticle"],"headline":"H","author":[{"name":"A"},{"name":"B"}]}]}"#,
                "H",
                "A, B",
            ),
            (
                r##"{"@type":"WebPage","mainEntity":{"@type":"Article","name":"x","headline":"H","author":{"@id":"#a"}},"about":{"@id":"#a","name":"Cy Dee"}}"##,
                "H",
                "",
            ),
        ];
        for (json, headline, authors) in cases {
            let html = format!("<html><head><script type=\"application/ld+json\">{json}</script></head><body></body></html>");
            let doc = Html::parse_document(&html);
            let ld = JsonLd::from_doc(&doc);
            assert_eq!(ld.text("headline").as_deref(), Some(headline), "{json}");
            assert_eq!(ld.authors().unwrap_or_default(), authors, "{json}");
        }
    }
}
