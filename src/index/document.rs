//! Converting between an [`Article`] and the tantivy document that stores it, including the
//! per-file stamp (size, mtime, content hash) that incremental indexing keeps in each document.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use tantivy::schema::Value;
use tantivy::{DateTime, TantivyDocument};

use super::schema::Fields;
use crate::article::{Article, Quote};

/// What we know about the file an article came from, to tell later whether it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileStamp {
    pub size: u64,
    pub mtime: u64,
    pub hash: u64,
}

/// Seconds since the epoch at midnight UTC starting `day`.
pub fn day_to_secs(day: Date) -> i64 {
    day.to_zoned_datetime(TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

/// The UTC day containing `secs` seconds since the epoch.
pub fn secs_to_day(secs: i64) -> Option<Date> {
    Timestamp::from_second(secs)
        .ok()
        .map(|t| t.to_zoned_datetime(TimeZone::UTC).date())
}

/// Builds the tantivy document for one article of a file.
pub fn to_document(a: &Article, f: &Fields, stamp: FileStamp) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(f.id, &a.id);
    doc.add_text(f.path, &a.path);
    doc.add_text(f.headline, &a.headline);
    if let Some(b) = &a.byline {
        doc.add_text(f.byline, b);
    }
    doc.add_text(f.body, &a.body);
    doc.add_text(f.lead, super::schema::lead(&a.body));
    for q in &a.quotes {
        doc.add_text(f.quotes, &q.text);
        if let Some(s) = &q.speaker {
            doc.add_text(f.speaker, s);
        }
    }
    if let Some(d) = a.date {
        doc.add_date(f.date, DateTime::from_timestamp_secs(day_to_secs(d)));
    }
    for (field, value) in [
        (f.posted_by, &a.posted_by),
        (f.source, &a.source),
        (f.url, &a.url),
    ] {
        if let Some(v) = value {
            doc.add_text(field, v);
        }
    }
    // Serialising the quotes cannot fail (strings and options of strings).
    let quotes = serde_json::to_string(&a.quotes).unwrap_or_default();
    doc.add_text(f.quotes_json, quotes);
    doc.add_u64(f.file_size, stamp.size);
    doc.add_u64(f.file_mtime, stamp.mtime);
    doc.add_u64(f.file_hash, stamp.hash);
    doc
}

/// Rebuilds the article stored in a document.
pub fn from_document(doc: &TantivyDocument, f: &Fields) -> Article {
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let quotes = doc
        .get_first(f.quotes_json)
        .and_then(|v| v.as_str())
        .and_then(|j| serde_json::from_str::<Vec<Quote>>(j).ok())
        .unwrap_or_default();
    Article {
        id: text(f.id).unwrap_or_default(),
        path: text(f.path).unwrap_or_default(),
        headline: text(f.headline).unwrap_or_default(),
        byline: text(f.byline),
        date: doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| secs_to_day(d.into_timestamp_secs())),
        posted_by: text(f.posted_by),
        source: text(f.source),
        url: text(f.url),
        body: text(f.body).unwrap_or_default(),
        quotes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema;

    #[test]
    fn days_round_trip() {
        for s in ["1970-01-01", "1987-02-26", "2021-03-03", "2026-12-31"] {
            let d: Date = s.parse().unwrap();
            assert_eq!(secs_to_day(day_to_secs(d)), Some(d));
        }
    }

    #[test]
    fn article_round_trips_through_document() {
        let f = Fields::resolve(&schema::build()).unwrap();
        let a = Article {
            id: "x1".into(),
            path: "corpus/a.txt".into(),
            headline: "Head".into(),
            byline: Some("Jane Roe".into()),
            date: Some("2021-03-03".parse().unwrap()),
            posted_by: Some("poster".into()),
            source: None,
            url: Some("https://example.org/a".into()),
            body: "Body text.".into(),
            quotes: vec![Quote {
                text: "Hello".into(),
                speaker: Some("Jane Roe".into()),
            }],
        };
        let doc = to_document(&a, &f, FileStamp::default());
        assert_eq!(from_document(&doc, &f), a);
    }
}
