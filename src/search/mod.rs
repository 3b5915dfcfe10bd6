//! Searching an index: parse the query, add filters, rank (or sort by date), page, and
//! build a snippet for each hit.
//!
//! A plain-word query (no operators, see [`natural`]) is ranked by [`rank`] (BM25F plus a
//! proximity bonus, optionally RM3-expanded by [`expand`]): documents containing every
//! non-stop word come first (`Mode::All`); when they are fewer than the page asks for, the
//! documents containing only some of the words follow (`Mode::Partial`). Any other query is
//! compiled to tantivy by [`compile`] and keeps its exact meaning.

pub mod compile;
pub mod dates;
pub mod expand;
pub mod natural;
mod plain;
pub mod query;
pub mod rank;
mod sentence;
pub mod snippet;
pub mod stopwords;
mod within;

use std::time::Instant;

use tantivy::collector::{Collector, Count, FilterCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};
use tantivy::{DocAddress, Order, Searcher};

use crate::article::{Article, Quote};
use crate::index::document::Stored;
use crate::index::store::Store;
use compile::{Compiler, Highlights};
use dates::DayRange;
use query::{FieldName, Node};
use snippet::{Fragment, SnippetShape};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    Oldest,
}

/// When plain-word queries are expanded with RM3 pseudo-relevance feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Expand {
    /// Only typed sentences: more than `Params::expand_over` words.
    #[default]
    Auto,
    /// Every plain-word query (`--expand`).
    Always,
    /// None (`--no-expand`).
    Never,
}

/// A search, with filters and paging already resolved.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub dates: DayRange,
    pub speaker: Option<String>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    /// RM3 pseudo-relevance feedback for plain-word queries.
    pub expand: Expand,
    /// Read the query as plain words, with no query syntax (for queries read from files).
    pub literal: bool,
    /// Ranking parameters for plain-word queries.
    pub ranking: rank::Params,
}

/// Which rule admitted a hit: it contains every (non-stop) word, or only some of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    All,
    Partial,
}

impl Mode {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::All => "all",
            Mode::Partial => "partial",
        }
    }
}

/// One ranked document, before its stored fields are read.
#[derive(Debug, Clone, Copy)]
pub struct Ranked {
    pub address: DocAddress,
    pub score: f32,
    pub mode: Mode,
}

/// A page of ranked documents, the number of matching documents, and what to highlight.
pub struct Ranking {
    pub total_hits: usize,
    pub hits: Vec<Ranked>,
    pub highlights: Highlights,
}

/// One ranked hit.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    pub mode: Mode,
    pub article: Article,
    pub snippet: Vec<Fragment>,
    /// Quotations of the article that contain a matched word.
    pub quotes: Vec<Quote>,
}

/// The answer to a search.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub total_hits: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
}

/// Why a search failed before it ran.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] query::QueryError),
    #[error(transparent)]
    Index(#[from] crate::index::store::StoreError),
    #[error("index error: {0}")]
    Engine(#[from] tantivy::TantivyError),
}

/// Runs a search against an open index. Engine errors (unreadable segment files) come
/// back as a diagnosis of the damaged index.
pub fn run(store: &Store, req: &SearchRequest) -> Result<SearchResults, SearchError> {
    execute(store, req).map_err(|e| match e {
        SearchError::Engine(t) => SearchError::Index(crate::index::store::damaged(&store.dir, &t)),
        other => other,
    })
}

fn execute(store: &Store, req: &SearchRequest) -> Result<SearchResults, SearchError> {
    let start = Instant::now();
    let searcher = store.reader.searcher();
    let ranking = rank_page(&searcher, store, req)?;
    let highlights = ranking.highlights;
    let mut matcher = snippet::Matcher::new(&highlights);
    let mut hits = Vec::with_capacity(ranking.hits.len());
    for (i, r) in ranking.hits.into_iter().enumerate() {
        let article = searcher.doc::<Stored>(r.address)?.article(&store.fields);
        let snippet = snippet::snippet_with(&mut matcher, &article.body, SnippetShape::default());
        let quotes = article
            .quotes
            .iter()
            .filter(|q| !matcher.find(&q.text).is_empty())
            .cloned()
            .collect();
        hits.push(Hit {
            rank: req.offset + i + 1,
            score: r.score,
            mode: r.mode,
            article,
            snippet,
            quotes,
        });
    }
    Ok(SearchResults {
        total_hits: ranking.total_hits,
        took_ms: start.elapsed().as_secs_f64() * 1000.0,
        hits,
    })
}

/// Ranks one page of documents for `req` (no stored fields read): the plain-word rule for
/// plain queries, tantivy's own scoring for queries with operators.
pub fn rank_page(
    searcher: &Searcher,
    store: &Store,
    req: &SearchRequest,
) -> Result<Ranking, SearchError> {
    // No page reaches past the index: `--limit 1e18` must not size a buffer, nor
    // `--offset` overflow `offset + limit`.
    let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let clamped = SearchRequest {
        limit: req.limit.min(docs),
        offset: req.offset.min(docs),
        ..req.clone()
    };
    let req = &clamped;
    let mut compiler = Compiler::new(store.fields);
    // Plain words check their date per matching document (rank::Allowed); other queries
    // too (`search_dated`), unless the filter is pushed into their clauses (`within`).
    if req.literal || natural::is_shouted_sentence(&req.query) {
        let words: Vec<&str> = req.query.split_whitespace().collect();
        let speaker = speaker_filter(&mut compiler, req);
        return plain::rank(searcher, store, req, &words, speaker);
    }
    let node = query::parse(&req.query)?;
    if let Some(words) =
        natural::plain_words(&node).filter(|_| !natural::has_explicit_and(&req.query))
    {
        let speaker = speaker_filter(&mut compiler, req);
        return plain::rank(searcher, store, req, &words, speaker);
    }
    // On a large index with a selective filter, the filter's documents are listed once and
    // pushed into every clause (`within`). Otherwise the date range is checked by the
    // collector, per matching document, and only a speaker filter stays a clause: as a
    // clause, the range drove tantivy's intersection from the date column and sought the
    // query to each dated document (a phrase with a date range on Reuters: +6-13 % of the
    // instructions of the phrase alone).
    let speaker = speaker_filter(&mut compiler, req);
    let mut filter = filters(&compiler, req, speaker.as_ref().map(|q| q.box_clone()));
    let mut check_dates = None;
    if let Some(f) = &filter {
        match within::Within::new(searcher, &**f)? {
            Some(within) => compiler.set_within(within),
            None if !req.dates.is_open() => {
                filter = speaker.map(zero_boost);
                check_dates = Some(req.dates);
            }
            None => {}
        }
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, compiler.compile(&node, true))];
    if let Some(f) = filter {
        clauses.push((Occur::Must, f));
    }
    let full: Box<dyn Query> = if clauses.len() == 1 {
        clauses.remove(0).1
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    let limit = req.limit.max(1);
    let top = TopDocs::with_limit(limit).and_offset(req.offset);
    let date = searcher.schema().get_field_name(store.fields.date);
    let (addresses, total_hits): (Vec<(f32, DocAddress)>, usize) = match req.sort {
        Sort::Relevance => search_dated(
            searcher,
            &*full,
            date,
            check_dates,
            (top.order_by_score(), Count),
        )?,
        Sort::Newest | Sort::Oldest => {
            let order = if req.sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let by_date = top.order_by_fast_field::<tantivy::DateTime>(date, order);
            let (docs, n) = search_dated(searcher, &*full, date, check_dates, (by_date, Count))?;
            (docs.into_iter().map(|(_, a)| (0.0, a)).collect(), n)
        }
    };
    let hits = if req.limit == 0 {
        Vec::new()
    } else {
        addresses
            .into_iter()
            .map(|(score, address)| Ranked {
                address,
                score,
                mode: Mode::All,
            })
            .collect()
    };
    Ok(Ranking {
        total_hits,
        hits,
        highlights: compiler.highlights,
    })
}

/// The speaker filter of a request (`--speaker`), if there is one.
fn speaker_filter(compiler: &mut Compiler, req: &SearchRequest) -> Option<Box<dyn Query>> {
    let name = req.speaker.as_deref().filter(|s| !s.trim().is_empty())?;
    let who = Node::Phrase {
        field: Some(FieldName::Speaker),
        text: name.to_string(),
        slop: 0,
    };
    Some(compiler.compile(&who, false))
}

/// The date filter of a request and its `speaker` filter as one query, if there are any.
/// It scores 0: a filter decides, it does not rank (hits keep the unfiltered order and
/// scores).
fn filters(
    compiler: &Compiler,
    req: &SearchRequest,
    speaker: Option<Box<dyn Query>>,
) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !req.dates.is_open() {
        clauses.push((
            Occur::Must,
            compile::date_query(compiler.fields().date, req.dates),
        ));
    }
    if let Some(who) = speaker {
        clauses.push((Occur::Must, who));
    }
    let filter: Box<dyn Query> = match clauses.len() {
        0 => return None,
        1 => clauses.remove(0).1,
        _ => Box::new(BooleanQuery::new(clauses)),
    };
    Some(zero_boost(filter))
}

fn zero_boost(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, 0.0))
}

/// Runs `collector` over the documents `query` matches that are dated within `dates`
/// (every match when `None`), read from the `date` column document by document.
fn search_dated<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    date: &str,
    dates: Option<DayRange>,
    collector: C,
) -> tantivy::Result<C::Fruit> {
    let Some(range) = dates else {
        return searcher.search(query, &collector);
    };
    let secs = range.seconds_range();
    let admit = move |d: tantivy::DateTime| secs.contains(&d.into_timestamp_secs());
    searcher.search(
        query,
        &FilterCollector::new(date.to_string(), admit, collector),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_checked_by_the_collector_match_a_date_clause() {
        // 300 articles over three segments, dated every five days from 2020 on, every
        // seventh undated; words so that phrases, ORs and NOTs match different subsets.
        let articles = (0..300).map(|i| Article {
            id: i.to_string(),
            headline: format!("Report {i}"),
            body: match i % 4 {
                0 => "Oil prices rose sharply.",
                1 => "Prices of oil fell.",
                2 => "Crude oil prices were flat; gold rose.",
                _ => "Gold prices rose.",
            }
            .into(),
            date: (i % 7 != 0)
                .then(|| date(2020, 1, 1).checked_add(jiff::Span::new().days(5 * i)))
                .and_then(Result::ok),
            quotes: vec![Quote {
                text: "Prices will rise".into(),
                speaker: Some(if i % 3 == 0 { "Jane Roe" } else { "John Doe" }.into()),
                ..Quote::default()
            }],
            ..Article::default()
        });
        let s = crate::index::store::in_memory(articles, &[100, 120]);
        let searcher = s.reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let day = |t: &str| Some(t.parse::<jiff::civil::Date>().unwrap());
        // (first, last, the same range as a date: clause)
        let ranges = [
            (
                day("2020-03-01"),
                day("2020-09-30"),
                "[2020-03-01 TO 2020-09-30]",
            ),
            (day("2021-01-01"), None, "[2021-01-01 TO *]"),
            (None, day("2020-06-15"), "[* TO 2020-06-15]"),
            (day("2030-01-01"), None, "[2030-01-01 TO *]"),
        ];
        for query in [
            "\"oil prices\"",
            "oil OR gold",
            "prices AND NOT gold",
            "\"prices rose\"",
        ] {
            for (first, last, clause) in ranges {
                for (sort, speaker) in [
                    (Sort::Relevance, None),
                    (Sort::Newest, None),
                    (Sort::Relevance, Some("Jane Roe")),
                ] {
                    let page = |query: String, dates| {
                        let req = SearchRequest {
                            query,
                            dates,
                            sort,
                            speaker: speaker.map(String::from),
                            limit: 25,
                            offset: 2,
                            ..SearchRequest::default()
                        };
                        let r = rank_page(&searcher, &s, &req).unwrap();
                        let hits: Vec<(DocAddress, f32)> =
                            r.hits.iter().map(|h| (h.address, h.score)).collect();
                        (r.total_hits, hits)
                    };
                    let checked = page(query.to_string(), DayRange { first, last });
                    let in_query = page(format!("({query}) date:{clause}"), DayRange::default());
                    assert_eq!(checked, in_query, "{query} {clause} {sort:?} {speaker:?}");
                    if first == day("2030-01-01") {
                        assert_eq!(checked.0, 0);
                    } else {
                        let least = if speaker.is_some() { 3 } else { 10 };
                        assert!(checked.0 > least, "{query} {clause}: {}", checked.0);
                    }
                    if speaker.is_some() {
                        // The speaker filter applies too: a third of the articles.
                        let everyone = SearchRequest {
                            query: query.to_string(),
                            dates: DayRange { first, last },
                            ..SearchRequest::default()
                        };
                        let all = rank_page(&searcher, &s, &everyone).unwrap().total_hits;
                        assert!(
                            checked.0 < all || all == 0,
                            "{query} {clause}: {} of {all}",
                            checked.0
                        );
                    }
                }
            }
        }
    }
}
