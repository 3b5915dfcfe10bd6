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
pub mod query;
pub mod rank;
pub mod snippet;
pub mod stopwords;

use std::collections::HashSet;
use std::time::Instant;

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, Order, ReloadPolicy, Searcher, TantivyDocument};

use crate::article::{Article, Quote};
use crate::index::document::from_document;
use crate::index::schema;
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

/// A search, with filters and paging already resolved.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub dates: DayRange,
    pub speaker: Option<String>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    /// RM3 pseudo-relevance feedback for plain-word queries (`--expand`).
    pub expand: bool,
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
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// Runs a search against an open index.
pub fn run(store: &Store, req: &SearchRequest) -> Result<SearchResults, SearchError> {
    let start = Instant::now();
    let reader = store
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let ranking = rank_page(&searcher, store, req)?;
    let highlights = ranking.highlights;
    let mut analyzer = schema::text_analyzer();
    let mut hits = Vec::with_capacity(ranking.hits.len());
    for (i, r) in ranking.hits.into_iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(r.address)?;
        let article = from_document(&doc, &store.fields);
        let snippet = snippet::snippet(
            &mut analyzer,
            &article.body,
            &highlights,
            SnippetShape::default(),
        );
        let quotes = article
            .quotes
            .iter()
            .filter(|q| !snippet::matches(&mut analyzer, &q.text, &highlights).is_empty())
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
    let mut compiler = Compiler::new(store.fields);
    let filter = filters(&mut compiler, req);
    if req.literal || natural::is_shouted_sentence(&req.query) {
        let words: Vec<&str> = req.query.split_whitespace().collect();
        return rank_plain(searcher, store, req, &words, filter);
    }
    let node = query::parse(&req.query)?;
    if let Some(words) =
        natural::plain_words(&node).filter(|_| !natural::has_explicit_and(&req.query))
    {
        return rank_plain(searcher, store, req, &words, filter);
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

/// The date and speaker filters of a request as one query, if there are any.
fn filters(compiler: &mut Compiler, req: &SearchRequest) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !req.dates.is_open() {
        clauses.push((
            Occur::Must,
            compile::date_query(compiler.fields().date, req.dates),
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
    match clauses.len() {
        0 => None,
        1 => Some(clauses.remove(0).1),
        _ => Some(Box::new(BooleanQuery::new(clauses))),
    }
}

/// Ranks a plain-word query: BM25F + proximity (+ RM3), full matches before partial ones.
fn rank_plain(
    searcher: &Searcher,
    store: &Store,
    req: &SearchRequest,
    words: &[&str],
    filter: Option<Box<dyn Query>>,
) -> Result<Ranking, SearchError> {
    let terms = natural::terms(words, req.ranking.request_words);
    let pairs = if req.ranking.neighbours {
        natural::neighbours(words, &terms, req.ranking.request_words)
    } else {
        Vec::new()
    };
    let highlights = Highlights {
        terms: terms.iter().map(|t| t.text.clone()).collect(),
        prefixes: Vec::new(),
    };
    let allowed: Option<HashSet<DocAddress>> = match filter {
        Some(f) => Some(searcher.search(&*f, &DocSetCollector)?),
        None => None,
    };
    let needed = req.offset + req.limit;
    let p = &req.ranking;
    let pool = p.pool.max(needed);
    let required = terms.iter().filter(|t| t.required).count() as u32;
    // The number of words a document needs to be ranked in the first tier.
    let tier = if required as usize <= p.tier_max {
        required
    } else {
        0
    };
    let score = |query: &[natural::QueryTerm]| -> Result<Vec<rank::Scored>, SearchError> {
        let mut scored = rank::bm25f(searcher, &store.fields, query, p)?;
        if let Some(allowed) = &allowed {
            scored.retain(|s| allowed.contains(&s.address));
        }
        sort_tiered(&mut scored, tier);
        let top = pool.min(scored.len());
        rank::add_proximity(
            searcher,
            &store.fields,
            &terms,
            &pairs,
            p,
            &mut scored[..top],
        )?;
        sort_tiered(&mut scored, tier);
        Ok(scored)
    };
    let mut scored = score(&terms)?;
    if req.expand {
        let expanded = expand::rm3(searcher, &store.fields, &terms, &scored, &p.rm3)?;
        scored = score(&expanded)?;
    }
    let full = scored.iter().filter(|s| s.matched >= required).count();
    if tier > 0 && full >= needed {
        scored.truncate(full);
    }
    if req.sort != Sort::Relevance {
        sort_by_date(searcher, &mut scored, tier, req.sort == Sort::Newest)?;
    }
    let hits = scored
        .iter()
        .skip(req.offset)
        .take(req.limit)
        .map(|s| Ranked {
            address: s.address,
            score: s.score,
            mode: if s.matched >= required {
                Mode::All
            } else {
                Mode::Partial
            },
        })
        .collect();
    Ok(Ranking {
        total_hits: scored.len(),
        hits,
        highlights,
    })
}

/// Orders full matches (every required term) before partial ones, each by score.
fn sort_tiered(scored: &mut [rank::Scored], required: u32) {
    scored.sort_by(|a, b| {
        (b.matched >= required)
            .cmp(&(a.matched >= required))
            .then_with(|| b.score.total_cmp(&a.score))
            .then_with(|| a.address.cmp(&b.address))
    });
}

/// Orders full matches before partial ones, each by date (undated last).
fn sort_by_date(
    searcher: &Searcher,
    scored: &mut [rank::Scored],
    required: u32,
    newest: bool,
) -> tantivy::Result<()> {
    let mut columns = Vec::new();
    for seg in searcher.segment_readers() {
        columns.push(seg.fast_fields().date("date")?);
    }
    let day = |s: &rank::Scored| {
        columns
            .get(s.address.segment_ord as usize)
            .and_then(|c| c.first(s.address.doc_id))
    };
    scored.sort_by(|a, b| {
        let (da, db) = (day(a), day(b));
        let by_date = match (da, db) {
            (Some(x), Some(y)) if newest => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        (b.matched >= required)
            .cmp(&(a.matched >= required))
            .then(by_date)
            .then_with(|| a.address.cmp(&b.address))
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::document::{to_document, FileStamp};
    use crate::index::schema::Fields;

    /// An in-memory index of (headline, body) articles, ids "0", "1", ….
    fn store(docs: &[(&str, &str)]) -> Store {
        let index = tantivy::Index::create_in_ram(schema::build());
        schema::register_tokenizers(&index);
        let fields = Fields::resolve(&index.schema()).unwrap();
        let mut writer: tantivy::IndexWriter<TantivyDocument> = index.writer(15_000_000).unwrap();
        for (i, (headline, body)) in docs.iter().enumerate() {
            let a = Article {
                id: i.to_string(),
                headline: headline.to_string(),
                body: body.to_string(),
                ..Article::default()
            };
            writer
                .add_document(to_document(&a, &fields, FileStamp::default()))
                .unwrap();
        }
        writer.commit().unwrap();
        Store {
            index,
            fields,
            dir: std::path::PathBuf::new(),
        }
    }

    /// (id, mode) of the ranked hits for `query`.
    fn ranked(store: &Store, query: &str, limit: usize) -> Vec<(String, Mode)> {
        let reader = store.index.reader().unwrap();
        let searcher = reader.searcher();
        let req = SearchRequest {
            query: query.into(),
            limit,
            ..SearchRequest::default()
        };
        rank_page(&searcher, store, &req)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| {
                let doc: TantivyDocument = searcher.doc(h.address).unwrap();
                (from_document(&doc, &store.fields).id, h.mode)
            })
            .collect()
    }

    #[test]
    fn ranking_rules_on_a_small_index() {
        let s = store(&[
            (
                "Budget talks",
                "The budget talks went on; a rocket was mentioned once.",
            ),
            ("Rocket attack", "A rocket attack on the air base."),
            (
                "Weather",
                "Rain on the base, attack of the clouds, later a rocket launch.",
            ),
            ("Markets", "Stocks fell."),
        ]);
        // (query, limit, expected (id, mode) list)
        type Case<'a> = (&'a str, usize, Vec<(&'a str, Mode)>);
        let cases: Vec<Case> = vec![
            // Full matches first; the headline match and closeness put 1 above 2.
            ("rocket attack", 2, vec![("1", Mode::All), ("2", Mode::All)]),
            // Fewer full matches than asked: partial ones follow.
            (
                "rocket attack",
                3,
                vec![("1", Mode::All), ("2", Mode::All), ("0", Mode::Partial)],
            ),
            // Stop words are not required.
            ("what was the rocket attack", 1, vec![("1", Mode::All)]),
            // Operators keep their meaning: no partial fallback.
            ("\"rocket attack\"", 5, vec![("1", Mode::All)]),
            ("rocket AND stocks", 5, vec![]),
            // A sentence in capitals: AND is a word there, and the query still ranks.
            ("ROCKET AND ATTACK", 1, vec![("1", Mode::All)]),
        ];
        for (query, limit, want) in cases {
            let got = ranked(&s, query, limit);
            let want: Vec<(String, Mode)> =
                want.into_iter().map(|(i, m)| (i.to_string(), m)).collect();
            assert_eq!(got, want, "query {query:?} limit {limit}");
        }
    }

    #[test]
    fn expansion_adds_words_but_never_requires_them() {
        let s = store(&[
            (
                "Rocket attack",
                "Rocket attack; militia blamed; militia denies.",
            ),
            ("Militia news", "The militia paraded."),
            ("Markets", "Stocks fell."),
        ]);
        let reader = s.index.reader().unwrap();
        let searcher = reader.searcher();
        let req = SearchRequest {
            query: "rocket".into(),
            limit: 10,
            expand: true,
            ..SearchRequest::default()
        };
        let r = rank_page(&searcher, &s, &req).unwrap();
        // "militia" comes from the feedback document, so article 1 is found, as partial.
        assert_eq!(r.hits.len(), 2);
        assert_eq!(r.hits[0].mode, Mode::All);
        assert_eq!(r.hits[1].mode, Mode::Partial);
    }
}
