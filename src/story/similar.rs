//! Related articles (`dateline similar ID`): the article's most telling words as a query
//! through the same ranker as search, its syndicated copies left out.
//!
//! The words are MoreLikeThis's: the article's headline and body words (folded; stop words,
//! numbers and one- or two-letter words left out), each scored by its count in the article
//! times its inverse document frequency in the index, the best [`TERMS`] of those found in at
//! least one other article. They go to the ranker as plain words (no syntax), so the hits
//! are ranked and shaped exactly as a search's.

use std::collections::HashMap;

use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use crate::article::Article;
use crate::index::schema::{name_analyzer, text_analyzer, tokens};
use crate::index::store::Store;
use crate::index::stored::{self, Docs};
use crate::search::stopwords::is_stop_word;
use crate::search::{self, Expand, SearchError, SearchRequest, SearchResults};

/// Words in the query.
pub const TERMS: usize = 25;

/// Why `similar` found nothing to compare.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimilarError {
    #[error("no article with id {0:?}")]
    UnknownId(String),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("index error: {0}")]
    Engine(#[from] tantivy::TantivyError),
}

/// The address and article of id `id`.
pub fn find(
    store: &Store,
    searcher: &Searcher,
    id: &str,
) -> Result<(DocAddress, Article), SimilarError> {
    let query = TermQuery::new(
        Term::from_field_text(store.fields.id, id),
        IndexRecordOption::Basic,
    );
    let found = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
    let address = found
        .into_iter()
        .min()
        .ok_or_else(|| SimilarError::UnknownId(id.to_string()))?;
    let article = stored::article(searcher, address, &store.fields)
        .map_err(|e| SearchError::Index(e.diagnosis(&store.dir)))?;
    Ok((address, article))
}

/// The articles most like the one of id `id`, best first: `limit` of them, without the
/// article itself and its copies.
pub fn similar(store: &Store, id: &str, limit: usize) -> Result<SearchResults, SimilarError> {
    let start = std::time::Instant::now();
    let searcher = store.reader.searcher();
    let (address, article) = find(store, &searcher, id)?;
    let words = telling_words(store, &searcher, &article)?;
    let groups = store.copy_groups.get(&store.dir, &searcher)?;
    let mut left_out: Vec<DocAddress> = groups
        .group(address)
        .map(|g| groups.members(g))
        .unwrap_or_default();
    left_out.push(address);
    if words.is_empty() {
        return Ok(SearchResults {
            total_hits: 0,
            took_ms: start.elapsed().as_secs_f64() * 1000.0,
            hits: Vec::new(),
            timeline: None,
            suggestions: Vec::new(),
        });
    }
    let req = SearchRequest {
        query: words.join(" "),
        limit: limit.saturating_add(left_out.len()),
        expand: Expand::Never,
        plain_words: true,
        collapse: true,
        ..SearchRequest::default()
    };
    let mut results = search::run(store, &req)?;
    // The hits' own articles carry their ids: leave out the article and its copies by id.
    // A copy that cannot be read is damage, reported as the article's own would be: left
    // unread, it would come back as a hit.
    let docs = Docs::new(&searcher);
    let left_ids = left_out
        .iter()
        .map(|&a| {
            docs.article(a, &store.fields)
                .map(|a| a.id)
                .map_err(|e| SearchError::Index(e.diagnosis(&store.dir)))
        })
        .collect::<Result<Vec<String>, _>>()?;
    results.hits.retain(|h| !left_ids.contains(&h.article.id));
    results.hits.truncate(limit);
    for (i, h) in results.hits.iter_mut().enumerate() {
        h.rank = i + 1;
    }
    results.total_hits = results.total_hits.saturating_sub(left_out.len());
    results.took_ms = start.elapsed().as_secs_f64() * 1000.0;
    Ok(results)
}

/// The article's best [`TERMS`] words by count × IDF (as written, folded), best first.
pub fn telling_words(
    store: &Store,
    searcher: &Searcher,
    a: &Article,
) -> tantivy::Result<Vec<String>> {
    let mut stem = text_analyzer();
    let text = format!("{}\n{}", a.headline, a.body);
    // stem → (count, the first spelling seen)
    let mut counts: HashMap<String, (u32, String)> = HashMap::new();
    for word in tokens(&mut name_analyzer(), &text) {
        let useful = word.chars().count() > 2
            && !word.chars().all(|c| c.is_ascii_digit())
            && !is_stop_word(&word);
        if !useful {
            continue;
        }
        let Some(s) = tokens(&mut stem, &word).pop() else {
            continue;
        };
        counts.entry(s).or_insert((0, word)).0 += 1;
    }
    let n = searcher.num_docs().max(1) as f64;
    let mut scored = Vec::with_capacity(counts.len());
    for (s, (count, word)) in counts {
        let term = Term::from_field_text(store.fields.body, &s);
        let mut df = 0u64;
        for seg in searcher.segment_readers() {
            df += u64::from(seg.inverted_index(store.fields.body)?.doc_freq(&term)?);
        }
        // A word no other article has cannot find one.
        if df < 2 {
            continue;
        }
        let idf = (n / df as f64).ln();
        scored.push((f64::from(count) * idf, word));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(scored.into_iter().take(TERMS).map(|(_, w)| w).collect())
}
