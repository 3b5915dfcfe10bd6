//! One article as a cluster document (`_source`), both ways: what [`super::push`] sends
//! and what [`super::remote`] turns back into an [`Article`] for the output writers.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::article::dates::Clock;
use crate::article::{Article, Quote};
use crate::index::document::{day_number, instant_secs};

/// A quotation as the cluster stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SourceQuote {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

/// An article as the cluster stores it (the mapping is [`super::mapping::mappings`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SourceDoc {
    pub id: String,
    pub path: String,
    pub headline: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    pub body: String,
    #[serde(default)]
    pub quotes: Vec<SourceQuote>,
    /// `YYYY-MM-DD`; absent for undated articles and for years a `date` field cannot hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The local day number (days since 1970-01-01), which date filters compare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<i64>,
    /// Seconds since the epoch, when the time and offset are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instant: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posted_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub group_size: u32,
    #[serde(default)]
    pub group_first: bool,
    /// A hash of everything above, so `push --since-last` can tell what changed.
    #[serde(default)]
    pub fingerprint: String,
}

impl SourceDoc {
    /// The document for `a`, a member of copy group `group` of `group_size` articles.
    pub fn from_article(a: &Article, group: &str, group_size: u32) -> SourceDoc {
        let date = a.date.filter(|d| d.year() >= 1).map(|d| d.to_string());
        let instant = match (a.date, a.time) {
            (Some(d), Some(clock)) => clock.offset.map(|o| instant_secs(d, clock.time, o)),
            _ => None,
        };
        let mut doc = SourceDoc {
            id: a.id.clone(),
            path: a.path.clone(),
            headline: a.headline.clone(),
            byline: a.byline.clone(),
            body: a.body.clone(),
            quotes: a
                .quotes
                .iter()
                .map(|q| SourceQuote {
                    text: q.text.clone(),
                    speaker: q.speaker.clone(),
                })
                .collect(),
            date,
            day: a.date.map(day_number),
            instant,
            time: a.time.map(|c| c.to_string()),
            posted_by: a.posted_by.clone(),
            source: a.source.clone(),
            url: a.url.clone(),
            group: group.to_string(),
            group_size,
            group_first: a.id == group,
            fingerprint: String::new(),
        };
        // Serialising strings and numbers cannot fail.
        let bytes = serde_json::to_vec(&doc).unwrap_or_default();
        doc.fingerprint = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes));
        doc
    }

    /// The article this document holds (what the output writers print).
    pub fn into_article(self) -> Article {
        let date = self
            .day
            .and_then(crate::index::document::day_from_number)
            .or_else(|| self.date.as_deref().and_then(|d| d.parse::<Date>().ok()));
        Article {
            id: self.id,
            path: self.path,
            headline: self.headline,
            byline: self.byline,
            date,
            time: self.time.as_deref().and_then(Clock::parse),
            posted_by: self.posted_by,
            source: self.source,
            url: self.url,
            body: self.body,
            quotes: self
                .quotes
                .into_iter()
                .map(|q| Quote {
                    text: q.text,
                    speaker: q.speaker,
                    ..Quote::default()
                })
                .collect(),
            ..Article::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Article {
        Article {
            id: "a1".into(),
            path: "corpus/x.jsonl".into(),
            headline: "Rocket attack".into(),
            byline: Some("Jo Reporter".into()),
            date: "2021-03-03".parse().ok(),
            time: Clock::parse("23:30:00-08:00"),
            body: "Body text.".into(),
            quotes: vec![Quote {
                text: "We are safe.".into(),
                speaker: Some("John Kirby".into()),
                ..Quote::default()
            }],
            ..Article::default()
        }
    }

    #[test]
    fn an_article_round_trips_through_its_cluster_document() {
        let a = article();
        let doc = SourceDoc::from_article(&a, "a1", 1);
        assert_eq!(doc.date.as_deref(), Some("2021-03-03"));
        assert_eq!(
            doc.instant,
            Some(day_number(a.date.unwrap()) * 86_400 + 84_600 + 28_800)
        );
        let json = serde_json::to_string(&doc).unwrap();
        let back: SourceDoc = serde_json::from_str(&json).unwrap();
        let b = back.into_article();
        assert_eq!(
            (b.id, b.headline, b.byline, b.date, b.time, b.body),
            (a.id, a.headline, a.byline, a.date, a.time, a.body)
        );
        assert_eq!(b.quotes[0].speaker.as_deref(), Some("John Kirby"));
    }

    #[test]
    fn the_fingerprint_changes_with_any_field_and_only_then() {
        let a = article();
        let same = SourceDoc::from_article(&a, "a1", 1).fingerprint;
        assert_eq!(SourceDoc::from_article(&a, "a1", 1).fingerprint, same);
        let mut edited = article();
        edited.body.push('!');
        let changes = [
            SourceDoc::from_article(&edited, "a1", 1).fingerprint,
            SourceDoc::from_article(&a, "a0", 2).fingerprint,
        ];
        for other in changes {
            assert_ne!(other, same);
        }
    }

    #[test]
    fn undated_and_year_zero_articles_have_no_date_field() {
        let mut a = article();
        a.date = None;
        assert_eq!(SourceDoc::from_article(&a, "a1", 1).day, None);
        a.date = "0000-01-01".parse().ok();
        let doc = SourceDoc::from_article(&a, "a1", 1);
        assert_eq!((doc.date, doc.day.is_some()), (None, true));
    }
}
