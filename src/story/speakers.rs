//! Who is quoted in a story (`dateline speakers [QUERY]`): per speaker, the quotations and
//! articles of the matching articles, the first and last date, and one short example.
//! Spellings of one name are merged by [`super::names`].

use std::collections::{HashMap, HashSet};

use super::names::{self, NameKey};
use crate::article::Article;
use crate::index::store::Store;
use crate::index::stored::Docs;
use crate::search::dates::DateRange;
use crate::search::filter::Allowed;
use crate::search::{every_match, SearchError, SearchRequest};
use jiff::civil::Date;
use serde::Serialize;

/// The example quotation closest to this many characters is shown.
const EXAMPLE_CHARS: usize = 80;

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct SpeakersRequest {
    /// Only articles matching this query (every article when `None`).
    pub query: Option<String>,
    pub dates: DateRange,
    pub limit: usize,
}

impl SpeakersRequest {
    /// The search that selects the articles, when a query narrows them.
    pub fn search(&self) -> Option<SearchRequest> {
        let query = self.query.as_deref().filter(|q| !q.trim().is_empty())?;
        Some(SearchRequest {
            query: query.to_string(),
            dates: self.dates,
            limit: 10,
            ..SearchRequest::default()
        })
    }
}

/// One speaker across the matching articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    /// The spelling the articles use most.
    pub speaker: String,
    pub quotations: u64,
    pub articles: u64,
    #[serde(serialize_with = "crate::article::dates::serialize_opt_date")]
    pub first_date: Option<Date>,
    #[serde(serialize_with = "crate::article::dates::serialize_opt_date")]
    pub last_date: Option<Date>,
    pub example: String,
}

/// The speakers of the matching articles, most quoted first.
#[derive(Debug, Clone, Serialize)]
pub struct Speakers {
    /// Matching articles (with or without quotations).
    pub articles: usize,
    /// Speakers in all, before `limit`.
    pub total_speakers: usize,
    pub took_ms: f64,
    pub speakers: Vec<Speaker>,
}

/// One spelling's tally before spellings are merged.
#[derive(Default)]
struct Tally {
    spellings: HashMap<String, u64>,
    quotations: u64,
    /// The matching articles (by their number in the matches) that quote the speaker.
    articles: HashSet<usize>,
    first: Option<Date>,
    last: Option<Date>,
    example: Option<String>,
}

impl Tally {
    /// Adds `other` into `self`.
    fn absorb(&mut self, other: Tally) {
        for (s, n) in other.spellings {
            *self.spellings.entry(s).or_default() += n;
        }
        self.quotations += other.quotations;
        self.articles.extend(other.articles);
        self.first = min_some(self.first, other.first);
        self.last = max_some(self.last, other.last);
        if let Some(e) = other.example {
            self.offer(e);
        }
    }

    /// Keeps `text` as the example when it is nearer [`EXAMPLE_CHARS`] in length; between
    /// two as near, the first in text order, so the example does not depend on the order
    /// the articles come in (the local index's and a cluster's differ).
    fn offer(&mut self, text: String) {
        let distance = |t: &str| t.chars().count().abs_diff(EXAMPLE_CHARS);
        if self
            .example
            .as_deref()
            .is_none_or(|e| (distance(&text), text.as_str()) < (distance(e), e))
        {
            self.example = Some(text);
        }
    }

    fn into_speaker(self) -> Speaker {
        // The most used spelling; ties go to one without a title, then the longest (accents
        // kept), then the first in order.
        let rank = |s: &str, n: u64| (n, !names::has_title(s), s.len());
        let speaker = self
            .spellings
            .into_iter()
            .max_by(|(a, n), (b, m)| rank(a, *n).cmp(&rank(b, *m)).then(b.cmp(a)))
            .map(|(s, _)| s)
            .unwrap_or_default();
        Speaker {
            speaker,
            quotations: self.quotations,
            articles: self.articles.len() as u64,
            first_date: self.first,
            last_date: self.last,
            example: self.example.unwrap_or_default(),
        }
    }
}

fn min_some(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn max_some(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    a.max(b)
}

/// Lists the speakers of the articles `req` selects.
pub fn compute(store: &Store, req: &SpeakersRequest) -> Result<Speakers, SearchError> {
    let start = std::time::Instant::now();
    let searcher = store.reader.searcher();
    let docs = match req.search() {
        Some(search) => every_match(&searcher, store, &search)?,
        None => {
            let mut docs = Vec::new();
            Allowed::new(&searcher, &req.dates, None, None)?.for_each(&searcher, |a| docs.push(a));
            docs
        }
    };
    let mut quoted = Quoted::default();
    let stored = Docs::new(&searcher);
    for (n, &address) in docs.iter().enumerate() {
        let article = stored
            .article(address, &store.fields)
            .map_err(|e| e.diagnosis(&store.dir))?;
        quoted.add(n, &article);
    }
    Ok(quoted.finish(docs.len(), req.limit, start))
}

/// The speakers of articles given one by one: what `compute` tallies over the local index
/// and `dateline speakers --engine` over the cluster's matches, so both count alike.
#[derive(Default)]
pub struct Quoted {
    tallies: HashMap<NameKey, Tally>,
}

impl Quoted {
    /// Counts the quotations of `article`, the `n`th matching article (numbers tell
    /// articles apart).
    pub fn add(&mut self, n: usize, article: &Article) {
        for q in &article.quotes {
            let Some(name) = q
                .speaker
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
            else {
                continue;
            };
            let key = names::key(name);
            if key.key.is_empty() {
                continue;
            }
            let t = self.tallies.entry(key).or_default();
            *t.spellings.entry(name.to_string()).or_default() += 1;
            t.quotations += 1;
            t.articles.insert(n);
            t.first = min_some(t.first, article.date);
            t.last = max_some(t.last, article.date);
            t.offer(q.text.clone());
        }
    }

    /// The speakers, spellings merged, most quoted first, `limit` of them.
    pub fn finish(self, articles: usize, limit: usize, start: std::time::Instant) -> Speakers {
        let targets = names::merges(self.tallies.keys());
        let mut merged: HashMap<String, Tally> = HashMap::new();
        for (key, tally) in self.tallies {
            let target = targets.get(&key).cloned().unwrap_or(key.key);
            merged.entry(target).or_default().absorb(tally);
        }
        let mut speakers: Vec<Speaker> = merged.into_values().map(Tally::into_speaker).collect();
        speakers.sort_by(|a, b| {
            b.quotations
                .cmp(&a.quotations)
                .then(b.articles.cmp(&a.articles))
                .then_with(|| a.speaker.cmp(&b.speaker))
        });
        let total_speakers = speakers.len();
        speakers.truncate(limit);
        Speakers {
            articles,
            total_speakers,
            took_ms: start.elapsed().as_secs_f64() * 1000.0,
            speakers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Quote};
    use crate::search::dates::parse_period;

    fn article(id: &str, date: &str, body: &str, quotes: &[(&str, &str)]) -> Article {
        Article {
            id: id.into(),
            headline: format!("Story {id}"),
            body: body.into(),
            date: date.parse().ok(),
            quotes: quotes
                .iter()
                .map(|(text, who)| Quote {
                    text: (*text).into(),
                    speaker: Some((*who).into()),
                    ..Quote::default()
                })
                .collect(),
            ..Article::default()
        }
    }

    #[test]
    fn spellings_merge_and_counts_follow_the_query_and_dates() {
        let articles = vec![
            article(
                "1",
                "2020-01-02",
                "Budget talks.",
                &[
                    ("We will cut taxes for working families.", "Michael Howard"),
                    ("Soon.", "Michael Howard"),
                ],
            ),
            article(
                "2",
                "2020-02-03",
                "Budget vote.",
                &[
                    ("The vote is close.", "MICHAEL HOWARD"),
                    ("No comment.", "Reuters"),
                ],
            ),
            article(
                "3",
                "2020-03-04",
                "Budget passed.",
                &[("A good day.", "Mr Howard"), ("We lost.", "José Pérez")],
            ),
            article(
                "4",
                "2020-04-05",
                "Weather news.",
                &[("Rain tomorrow.", "Jose Perez")],
            ),
            article(
                "5",
                "",
                "Budget undated.",
                &[("Undated words.", "Dr. Jose Perez")],
            ),
        ];
        let s = crate::index::store::in_memory(articles, &[2]);
        let req = |query: Option<&str>, dates: DateRange| SpeakersRequest {
            query: query.map(String::from),
            dates,
            limit: 10,
        };
        let r = compute(&s, &req(Some("budget"), DateRange::default())).unwrap();
        assert_eq!(r.articles, 4);
        let got: Vec<(&str, u64, u64)> = r
            .speakers
            .iter()
            .map(|s| (s.speaker.as_str(), s.quotations, s.articles))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Michael Howard", 4, 3),
                ("José Pérez", 2, 2),
                ("Reuters", 1, 1)
            ]
        );
        let howard = &r.speakers[0];
        assert_eq!(howard.first_date, "2020-01-02".parse().ok());
        assert_eq!(howard.last_date, "2020-03-04".parse().ok());
        assert_eq!(howard.example, "We will cut taxes for working families.");
        // Every article, from March on: the undated one is out.
        let r = compute(
            &s,
            &req(None, DateRange::starting(parse_period("2020-03").unwrap())),
        )
        .unwrap();
        let got: Vec<(&str, u64)> = r
            .speakers
            .iter()
            .map(|s| (s.speaker.as_str(), s.quotations))
            .collect();
        assert_eq!(got, vec![("José Pérez", 2), ("Mr Howard", 1)]);
        // The limit keeps the most quoted; the total says how many there were.
        let r = compute(
            &s,
            &SpeakersRequest {
                limit: 1,
                ..req(None, DateRange::default())
            },
        )
        .unwrap();
        assert_eq!((r.speakers.len(), r.total_speakers), (1, 3));
    }
}
