//! Searching an index: parse the query, add filters, rank (or sort by date), page, and
//! build a snippet for each hit.

pub mod compile;
pub mod dates;
pub mod query;
pub mod snippet;

use std::time::Instant;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, Order, ReloadPolicy, TantivyDocument};

use crate::article::{Article, Quote};
use crate::index::document::from_document;
use crate::index::store::Store;
use compile::Compiler;
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

/// A search, with filters and paging already resolved.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub dates: DayRange,
    pub speaker: Option<String>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
}

/// One ranked hit.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
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
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// Runs a search against an open index.
pub fn run(store: &Store, req: &SearchRequest) -> Result<SearchResults, SearchError> {
    let start = Instant::now();
    let node = query::parse(&req.query)?;
    let mut compiler = Compiler::new(store.fields);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, compiler.compile(&node, true))];
    if !req.dates.is_open() {
        clauses.push((
            Occur::Must,
            compile::date_query(store.fields.date, req.dates),
        ));
    }
    if let Some(name) = req.speaker.as_deref().filter(|s| !s.trim().is_empty()) {
        let who = Node::Phrase {
            field: Some(FieldName::Speaker),
            text: name.to_string(),
            slop: 0,
        };
        clauses.push((Occur::Must, compiler.compile(&who, false)));
    }
    let full: Box<dyn Query> = if clauses.len() == 1 {
        clauses.remove(0).1
    } else {
        Box::new(BooleanQuery::new(clauses))
    };

    let reader = store
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let limit = req.limit.max(1);
    let top = TopDocs::with_limit(limit).and_offset(req.offset);
    let (addresses, total_hits): (Vec<(f32, DocAddress)>, usize) = match req.sort {
        Sort::Relevance => searcher.search(&*full, &(top.order_by_score(), Count))?,
        Sort::Newest | Sort::Oldest => {
            let order = if req.sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let (docs, n) = searcher.search(
                &*full,
                &(
                    top.order_by_fast_field::<tantivy::DateTime>("date", order),
                    Count,
                ),
            )?;
            (docs.into_iter().map(|(_, a)| (0.0, a)).collect(), n)
        }
    };
    let addresses = if req.limit == 0 {
        Vec::new()
    } else {
        addresses
    };

    let highlights = compiler.highlights;
    let mut matcher = snippet::Matcher::new(&highlights);
    let mut hits = Vec::with_capacity(addresses.len());
    for (i, (score, address)) in addresses.into_iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(address)?;
        let article = from_document(&doc, &store.fields);
        let snippet = snippet::snippet_with(&mut matcher, &article.body, SnippetShape::default());
        let quotes = article
            .quotes
            .iter()
            .filter(|q| !matcher.find(&q.text).is_empty())
            .cloned()
            .collect();
        hits.push(Hit {
            rank: req.offset + i + 1,
            score,
            article,
            snippet,
            quotes,
        });
    }
    Ok(SearchResults {
        total_hits,
        took_ms: start.elapsed().as_secs_f64() * 1000.0,
        hits,
    })
}
