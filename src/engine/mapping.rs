//! The cluster index dateline pushes to: its analysis settings and field mapping, made to
//! match the local schema ([`crate::index::schema`]) as closely as OpenSearch allows, and
//! the check that an existing index was made by us.
//!
//! Analysis, field by field against the local analyzers:
//! - text (`headline`, `byline`, `body`, `quotes.text`): `dateline_en` = a pattern tokenizer
//!   splitting on every character that is neither alphabetic nor numeric (the local
//!   `SimpleTokenizer`'s rule, `char::is_alphanumeric`), words of 48 characters or more
//!   dropped (the local limit is 48 bytes), lower-cased, ASCII-folded, Snowball English
//!   (Porter2, the stemmer the local index uses); positions kept for phrases.
//! - names (`quotes.speaker`): the same without stemming, plus a `raw` keyword for exact
//!   spellings.
//! - keys (`id`, `path`, `group`): keywords; `date` a date, with the local `day` number and
//!   `instant` seconds kept as longs so date filters compare exactly what the local filter
//!   compares.

use serde_json::{json, Value};

use super::client::{Client, Method};
use super::EngineError;

/// Written into the index's `_meta`; an index with another value was not made by this
/// mapping (its fields or analyzers may differ).
pub const MAPPING_VERSION: &str = "dateline-engine-1";

/// The settings and mappings to create the index with.
pub fn index_body(shards: u32, replicas: u32) -> Value {
    json!({
        "settings": {
            "index": {
                "number_of_shards": shards,
                "number_of_replicas": replicas
            },
            "analysis": {
                "tokenizer": {
                    "dateline_words": {
                        "type": "pattern",
                        "pattern": "[^\\p{IsAlphabetic}\\p{N}]+"
                    }
                },
                "filter": {
                    "dateline_short": {"type": "length", "max": 47},
                    "dateline_stem": {"type": "snowball", "language": "English"}
                },
                "analyzer": {
                    "dateline_en": {
                        "type": "custom",
                        "tokenizer": "dateline_words",
                        "filter": ["dateline_short", "lowercase", "asciifolding", "dateline_stem"]
                    },
                    "dateline_name": {
                        "type": "custom",
                        "tokenizer": "dateline_words",
                        "filter": ["dateline_short", "lowercase", "asciifolding"]
                    }
                }
            }
        },
        "mappings": mappings()
    })
}

/// The field mapping (strict: a field we do not know is a bug, not a new column).
pub fn mappings() -> Value {
    let text = json!({"type": "text", "analyzer": "dateline_en"});
    let stored_only = json!({"type": "keyword", "index": false, "doc_values": false});
    json!({
        "dynamic": "strict",
        "_meta": {"dateline": MAPPING_VERSION},
        "properties": {
            "id": {"type": "keyword"},
            "path": {"type": "keyword"},
            "headline": text,
            "byline": text,
            "body": text,
            // Nested for per-quotation speaker questions; also copied into the article
            // (`include_in_parent`) so words and phrases match quotations as locally.
            "quotes": {
                "type": "nested",
                "include_in_parent": true,
                "properties": {
                    "text": text,
                    "speaker": {
                        "type": "text",
                        "analyzer": "dateline_name",
                        "fields": {"raw": {"type": "keyword"}}
                    }
                }
            },
            "date": {"type": "date", "format": "strict_date"},
            "day": {"type": "long"},
            "instant": {"type": "long"},
            "time": stored_only,
            "posted_by": stored_only,
            "source": stored_only,
            "url": stored_only,
            // The group of syndicated copies: the smallest id among the copies (an article
            // without copies is its own group), for `collapse`.
            "group": {"type": "keyword"},
            "group_size": {"type": "integer"},
            // True on one article per group (the one whose id is the key): counts groups.
            "group_first": {"type": "boolean"},
            "fingerprint": {"type": "keyword", "index": false}
        }
    })
}

/// What [`ensure`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ensured {
    Created,
    Existed,
}

/// Creates index `name` with our mapping, or checks that the existing one is ours.
pub fn ensure(
    client: &Client,
    name: &str,
    shards: u32,
    replicas: u32,
) -> Result<Ensured, EngineError> {
    let path = format!("/{}", encode(name));
    let (status, _) = client.with_retries(|| client.send(Method::Head, &path, None))?;
    if status == 200 {
        check(client, name)?;
        return Ok(Ensured::Existed);
    }
    client.json(
        Method::Put,
        &format!("{path}?wait_for_active_shards=all&timeout=120s"),
        Some(&index_body(shards, replicas)),
    )?;
    Ok(Ensured::Created)
}

/// Fails unless index `name` exists and carries our mapping version.
pub fn check(client: &Client, name: &str) -> Result<(), EngineError> {
    let path = format!("/{}/_mapping", encode(name));
    let bytes_path = path.clone();
    let (status, value) = client.with_retries(|| client.send(Method::Get, &bytes_path, None))?;
    if status == 404 {
        return Err(EngineError::NoIndex(name.to_string()));
    }
    if status >= 400 {
        return Err(EngineError::Status {
            method: "GET",
            path,
            status,
            reason: super::client::reason(&value),
        });
    }
    let version = value
        .as_object()
        .and_then(|m| m.values().next())
        .and_then(|i| i["mappings"]["_meta"]["dateline"].as_str());
    match version {
        Some(MAPPING_VERSION) => Ok(()),
        Some(other) => Err(EngineError::Mapping {
            index: name.to_string(),
            reason: format!("has mapping {other:?}, this dateline writes {MAPPING_VERSION:?}"),
        }),
        None => Err(EngineError::Mapping {
            index: name.to_string(),
            reason: "was not made by dateline".into(),
        }),
    }
}

/// `s` percent-encoded for one URL path segment.
pub fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_field_uses_the_stemming_analyzer_and_names_do_not() {
        let m = mappings();
        for field in ["headline", "byline", "body"] {
            assert_eq!(m["properties"][field]["analyzer"], "dateline_en", "{field}");
        }
        let quotes = &m["properties"]["quotes"];
        assert_eq!(quotes["type"], "nested");
        assert_eq!(quotes["properties"]["text"]["analyzer"], "dateline_en");
        assert_eq!(quotes["properties"]["speaker"]["analyzer"], "dateline_name");
        assert_eq!(m["_meta"]["dateline"], MAPPING_VERSION);
    }

    #[test]
    fn the_index_body_carries_shards_replicas_and_both_analyzers() {
        let body = index_body(3, 1);
        assert_eq!(body["settings"]["index"]["number_of_shards"], 3);
        assert_eq!(body["settings"]["index"]["number_of_replicas"], 1);
        let analyzers = &body["settings"]["analysis"]["analyzer"];
        assert!(analyzers["dateline_en"]["filter"]
            .as_array()
            .is_some_and(|f| f.iter().any(|x| x == "dateline_stem")));
        assert!(analyzers["dateline_name"]["filter"]
            .as_array()
            .is_some_and(|f| !f.iter().any(|x| x == "dateline_stem")));
    }

    #[test]
    fn names_are_encoded_for_the_path() {
        let cases = [("dateline", "dateline"), ("a b", "a%20b"), ("x/y", "x%2Fy")];
        for (name, want) in cases {
            assert_eq!(encode(name), want);
        }
    }
}
