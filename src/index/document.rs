//! Converting between an [`Article`] and the tantivy document that stores it, including the
//! per-file stamp (size, mtime, content hash) that incremental indexing keeps in each document.

use jiff::civil::{Date, Time};
use jiff::tz::Offset;
use jiff::{Span, Unit};
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, OwnedValue, Value};
use tantivy::TantivyDocument;

use super::schema::Fields;
use crate::article::dates::Clock;
use crate::article::{Article, Quote};

/// What we know about the file an article came from, to tell later whether it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileStamp {
    pub size: u64,
    pub mtime: u64,
    pub hash: u64,
}

/// The day the `day` field counts from (day number 0).
const EPOCH: Date = jiff::civil::date(1970, 1, 1);

/// The day number the index stores for `day`: days since 1970-01-01 (negative before). A
/// plain count of days holds every year from 1 to 9999 exactly; tantivy's own date type
/// is nanoseconds in an `i64`, which wraps outside 1677-2262.
pub fn day_number(day: Date) -> i64 {
    // Every jiff date (years -9999..=9999) is within ±7.3 M days of the epoch, so the
    // difference in days always exists.
    EPOCH
        .until((Unit::Day, day))
        .map_or(0, |span| i64::from(span.get_days()))
}

/// The day a stored day number names; `None` when it is no day jiff can represent (a
/// damaged value).
pub fn day_from_number(n: i64) -> Option<Date> {
    let days = i32::try_from(n).ok()?;
    EPOCH.checked_add(Span::new().try_days(days).ok()?).ok()
}

/// Seconds since the epoch of `time` on `day` at UTC `offset`, counted from the day
/// number so that every year 1-9999 has one (jiff's `Timestamp` ends a day early in
/// negative offsets at 9999-12-31).
pub fn instant_secs(day: Date, time: Time, offset: Offset) -> i64 {
    let since_midnight =
        i64::from(time.hour()) * 3600 + i64::from(time.minute()) * 60 + i64::from(time.second());
    day_number(day) * 86_400 + since_midnight - i64::from(offset.seconds())
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
        doc.add_i64(f.day, day_number(d));
        if let Some(clock) = a.time {
            doc.add_text(f.time, clock.to_string());
            if let Some(offset) = clock.offset {
                doc.add_i64(f.instant, instant_secs(d, clock.time, offset));
            }
        }
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
    // The signature that groups syndicated copies (after the run, from this column).
    let sig = crate::story::copies::enabled()
        .then(|| crate::story::copies::signature(&a.headline, &a.body))
        .flatten();
    if let Some(sig) = sig {
        for v in crate::story::copies::pack(&sig) {
            doc.add_u64(f.minhash, v);
        }
    }
    doc
}

/// Rebuilds the article stored in a document.
pub fn from_document(doc: &TantivyDocument, f: &Fields) -> Article {
    article_from(doc.field_values(), f)
}

/// An article's stored values as the doc store holds them. Searches read hits as this
/// rather than as a [`TantivyDocument`], whose compact layout copies every value once more
/// (measured in docs/PERFORMANCE.md).
#[derive(Debug, Default)]
pub struct Stored(Vec<(Field, OwnedValue)>);

impl DocumentDeserialize for Stored {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(
        mut d: D,
    ) -> Result<Stored, DeserializeError> {
        let mut values = Vec::with_capacity(d.size_hint());
        while let Some(value) = d.next_field::<OwnedValue>()? {
            values.push(value);
        }
        Ok(Stored(values))
    }
}

impl Stored {
    /// Values already read from the doc store.
    pub fn from_values(values: Vec<(Field, OwnedValue)>) -> Stored {
        Stored(values)
    }

    /// The article these values store.
    pub fn article(&self, f: &Fields) -> Article {
        article_from(self.0.iter().map(|(field, v)| (*field, v)), f)
    }
}

/// The article stored in `values` (the first value of each field counts).
fn article_from<'a, V: Value<'a>>(values: impl Iterator<Item = (Field, V)>, f: &Fields) -> Article {
    let mut a = Article::default();
    let mut seen: Vec<Field> = Vec::with_capacity(16);
    for (field, v) in values {
        if seen.contains(&field) {
            continue;
        }
        seen.push(field);
        let text = || v.as_str().map(str::to_string);
        match field {
            x if x == f.id => a.id = text().unwrap_or_default(),
            x if x == f.path => a.path = text().unwrap_or_default(),
            x if x == f.headline => a.headline = text().unwrap_or_default(),
            x if x == f.byline => a.byline = text(),
            x if x == f.body => a.body = text().unwrap_or_default(),
            x if x == f.posted_by => a.posted_by = text(),
            x if x == f.source => a.source = text(),
            x if x == f.url => a.url = text(),
            x if x == f.day => a.date = v.as_i64().and_then(day_from_number),
            x if x == f.time => a.time = v.as_str().and_then(Clock::parse),
            x if x == f.quotes_json => {
                a.quotes = v
                    .as_str()
                    .and_then(|j| serde_json::from_str::<Vec<Quote>>(j).ok())
                    .unwrap_or_default();
            }
            _ => {}
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema;

    #[test]
    fn every_day_of_years_1_to_9999_round_trips() {
        // (day, its number)
        let cases = [
            ("0001-01-01", -719_162),
            ("1000-01-01", -354_285),
            ("1677-09-20", -106_753),
            ("1969-12-31", -1),
            ("1970-01-01", 0),
            ("1987-02-26", 6_265),
            ("2262-04-12", 106_752),
            ("2999-12-31", 376_199),
            ("9999-12-31", 2_932_896),
        ];
        for (s, n) in cases {
            let d: Date = s.parse().unwrap();
            assert_eq!(day_number(d), n, "{s}");
            assert_eq!(day_from_number(n), Some(d), "{s}");
        }
        // Consecutive days have consecutive numbers all the way.
        let mut d: Date = "0001-01-01".parse().unwrap();
        let mut n = day_number(d);
        while d.year() < 9999 || d.day_of_year() < 365 {
            d = d.tomorrow().unwrap();
            n += 1;
            assert_eq!(day_number(d), n, "{d}");
        }
        assert_eq!(day_from_number(i64::MAX), None);
        assert_eq!(day_from_number(i64::from(i32::MAX)), None);
    }

    /// An article with every optional part, a multi-line body and a quotation holding
    /// JSON-escaped text.
    fn full_article() -> Article {
        Article {
            id: "x1".into(),
            path: "corpus/a.txt".into(),
            headline: "Head".into(),
            byline: Some("Jane Roe".into()),
            date: Some("2021-03-03".parse().unwrap()),
            time: Clock::parse("23:30:00-08:00"),
            date_source: None,
            headline_source: None,
            posted_by: Some("poster".into()),
            source: Some("wire".into()),
            url: Some("https://example.org/a".into()),
            body: "Body text.\nSecond line.".into(),
            quotes: vec![Quote {
                text: "He said \"no\" — twice".into(),
                speaker: Some("Jane Roe".into()),
                ..Quote::default()
            }],
        }
    }

    #[test]
    fn article_round_trips_through_document() {
        let f = Fields::resolve(&schema::build()).unwrap();
        let a = Article {
            source: None,
            ..full_article()
        };
        let doc = to_document(&a, &f, FileStamp::default());
        assert_eq!(from_document(&doc, &f), a);
    }

    #[test]
    fn stored_values_read_back_every_article() {
        // Articles with every optional part present or absent, and one whose quotation
        // holds JSON-escaped text; read back from a real index as `Stored`.
        let full = full_article();
        let bare = Article {
            id: "x2".into(),
            body: "Only a body.".into(),
            ..Article::default()
        };
        let unattributed = Article {
            id: "x3".into(),
            headline: "Ünïcödé".into(),
            quotes: vec![Quote {
                text: "Nobody said it".into(),
                speaker: None,
                ..Quote::default()
            }],
            ..Article::default()
        };
        let articles = vec![full, bare, unattributed];
        let s = crate::index::store::in_memory(articles.clone(), &[2]);
        let searcher = s.reader.searcher();
        let mut back = Vec::new();
        for (seg, reader) in searcher.segment_readers().iter().enumerate() {
            for doc in reader.doc_ids_alive() {
                let address = tantivy::DocAddress::new(seg as u32, doc);
                let stored: Stored = searcher.doc(address).unwrap();
                let compact: TantivyDocument = searcher.doc(address).unwrap();
                let article = stored.article(&s.fields);
                assert_eq!(article, from_document(&compact, &s.fields));
                back.push(article);
            }
        }
        assert_eq!(back, articles);
    }
}
