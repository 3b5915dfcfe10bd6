//! Searching an index, one pipeline for every query:
//!
//! 1. [`plan`]: the query parsed once ([`query`]) and split into plain words (ranked in
//!    tiers), operators (which documents qualify) and filters (dates, speaker);
//! 2. [`filter`]: the qualifying documents ([`filter::Allowed`]): the date range checked
//!    per document, the operators compiled to tantivy by [`compile`] and listed once;
//! 3. [`rank`]: one BM25F ranker with the proximity bonus (and RM3 when planned) scores
//!    every qualifying document; [`sort`] orders by date instead when asked;
//! 4. the page's stored articles, and a [`snippet`] for each.

pub mod compile;
#[cfg(test)]
mod consistency;
pub mod dates;
pub mod filter;
pub mod highlight;
pub mod lookup;
pub mod plan;
pub mod query;
pub mod rank;

pub mod snippet;
mod sort;
pub mod stopwords;
mod within;

use std::time::Instant;

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, Searcher};

use crate::article::{Article, Quote};
use crate::index::store::Store;
use crate::index::stored::Docs;
use compile::Compiler;
use dates::DateRange;
use filter::{Allowed, DateCheck, DateQuery};
use highlight::Highlights;
use plan::Plan;
use query::{FieldName, Node};
use snippet::Fragment;

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
    pub dates: DateRange,
    pub speaker: Option<String>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    /// RM3 pseudo-relevance feedback for plain-word queries.
    pub expand: Expand,
    /// Read the query as plain words, with no query syntax (for queries read from files).
    pub plain_words: bool,
    /// Ranking parameters for plain-word queries.
    pub ranking: rank::Params,
    /// Show one article per group of syndicated copies (`crate::story::copies`).
    pub collapse: bool,
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
    /// Matching copies of this article folded into it (with `collapse`).
    pub copies: usize,
}

/// The answer to a search.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub total_hits: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    /// Every match counted per period, when asked (`--timeline`).
    pub timeline: Option<crate::story::timeline::Timeline>,
    /// For a search that found nothing: (a query word the index lacks, the closest indexed
    /// word).
    pub suggestions: Vec<(String, String)>,
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
    let (ranking, copies) = if req.collapse {
        let groups = store.copy_groups.get(&store.dir, &searcher)?;
        crate::story::copies::collapse::rank_collapsed(&searcher, store, req, &groups)?
    } else {
        let ranking = rank_page(&searcher, store, req)?;
        let none = vec![0; ranking.hits.len()];
        (ranking, none)
    };
    let highlights = ranking.highlights;
    let mut matcher = snippet::Matcher::new(&highlights);
    let mut hits = Vec::with_capacity(ranking.hits.len());
    // One damaged hit fails the search with the index's diagnosis, as any other damage
    // found while searching does: a page with holes would hide it.
    let docs = Docs::new(&searcher);
    for (i, (r, copies)) in ranking.hits.into_iter().zip(copies).enumerate() {
        let article = docs
            .article(r.address, &store.fields)
            .map_err(|e| e.diagnosis(&store.dir))?;
        let (snippet, quotes) = snippet::body_and_quotes(&mut matcher, &article);
        hits.push(Hit {
            rank: req.offset + i + 1,
            score: r.score,
            mode: r.mode,
            article,
            snippet,
            quotes,
            copies,
        });
    }
    Ok(SearchResults {
        total_hits: ranking.total_hits,
        took_ms: start.elapsed().as_secs_f64() * 1000.0,
        hits,
        timeline: None,
        suggestions: Vec::new(),
    })
}

/// Ranks one page of documents for `req` (no stored fields read): plan, qualify, rank.
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
    let plan = Plan::new(req)?;
    let mut compiler = Compiler::new(store.fields);
    let allowed = qualify(searcher, &mut compiler, &plan)?;
    let page = rank::rank(searcher, store, req, &plan, &allowed)?;
    let mut highlights = compiler.highlights;
    highlights
        .terms
        .extend(plan.terms.iter().map(|t| t.text.clone()));
    Ok(Ranking {
        total_hits: page.total_hits,
        hits: page.hits,
        highlights,
    })
}

/// Every document `req` matches (the `total_hits` of its search), in no particular order:
/// the same pipeline with a date order, which keeps every match (for the timeline). The
/// page asked for is empty, so nothing is put in date order; only when the query's full
/// matches are fewer than `req`'s page, which then counts partial matches too, is the
/// pipeline run again with `req`'s page.
pub fn every_match(
    searcher: &Searcher,
    store: &Store,
    req: &SearchRequest,
) -> Result<Vec<DocAddress>, SearchError> {
    let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let sort = if req.sort == Sort::Relevance {
        Sort::Oldest
    } else {
        req.sort
    };
    let page = |offset: usize, limit: usize| SearchRequest {
        limit,
        offset,
        sort,
        ..req.clone()
    };
    let empty = page(0, 0);
    let plan = Plan::new(&empty)?;
    let run = |req: &SearchRequest| -> Result<rank::Page, SearchError> {
        let mut compiler = Compiler::new(store.fields);
        let allowed = qualify(searcher, &mut compiler, &plan)?;
        rank::rank(searcher, store, req, &plan, &allowed)
    };
    let mut found = run(&empty)?;
    let needed = req.offset.min(docs).saturating_add(req.limit.min(docs));
    if plan.tier > 0 && found.total_hits < needed {
        found = run(&page(req.offset.min(docs), req.limit.min(docs)))?;
    }
    Ok(found.every.iter().map(|s| s.address).collect())
}

/// The documents that qualify for `plan` besides its plain words: its date range, its
/// operators and its speaker filter.
fn qualify(
    searcher: &Searcher,
    compiler: &mut Compiler,
    plan: &Plan,
) -> Result<Allowed, SearchError> {
    let speaker = plan.speaker.as_ref().map(|name| {
        let who = Node::Phrase {
            field: Some(FieldName::Speaker),
            text: name.clone(),
            slop: 0,
        };
        compiler.compile(&who, false)
    });
    // On a large index with a selective date or speaker filter, the filter's documents are
    // listed once and pushed into every clause of the operators (`within`).
    if plan.has_operators() && (!plan.dates.is_open() || speaker.is_some()) {
        let mut parts: Vec<Box<dyn Query>> = Vec::new();
        if !plan.dates.is_open() {
            parts.push(Box::new(DateQuery(DateCheck::new(&plan.dates))));
        }
        parts.extend(speaker.as_ref().map(|q| q.box_clone()));
        if let Some(filter) = all_of(parts) {
            if let Some(within) = within::Within::new(searcher, &*filter)? {
                compiler.set_within(within);
            }
        }
    }
    let mut must: Vec<Box<dyn Query>> = plan
        .must
        .iter()
        .chain(&plan.required_words)
        .map(|n| compiler.compile(n, true))
        .collect();
    must.extend(speaker);
    let must_not: Vec<(Occur, Box<dyn Query>)> = plan
        .must_not
        .iter()
        .map(|n| (Occur::Should, compiler.compile(n, false)))
        .collect();
    let must_not: Option<Box<dyn Query>> =
        (!must_not.is_empty()).then(|| Box::new(BooleanQuery::new(must_not)) as Box<dyn Query>);
    Ok(Allowed::new(
        searcher,
        &plan.dates,
        all_of(must).as_deref(),
        must_not.as_deref(),
    )?)
}

/// One query every one of `parts` must match, if there are any.
fn all_of(mut parts: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Box::new(BooleanQuery::new(
            parts.into_iter().map(|q| (Occur::Must, q)).collect(),
        ))),
    }
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
                    let checked = page(
                        query.to_string(),
                        DateRange {
                            first,
                            last,
                            ..DateRange::default()
                        },
                    );
                    let in_query = page(format!("({query}) date:{clause}"), DateRange::default());
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
                            dates: DateRange {
                                first,
                                last,
                                ..DateRange::default()
                            },
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
