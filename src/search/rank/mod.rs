//! The one ranker: every qualifying document of every query is scored by BM25F
//! ([`bm25f`]) plus the proximity bonus ([`proximity`]), optionally RM3-expanded
//! ([`expand`]), whatever operators the query used. The plan ([`super::plan`]) says which
//! terms score, which are required for the first tier, and which documents qualify
//! ([`Allowed`]).
//!
//! Ranking order: documents holding every required term first (for queries of up to
//! `tier_max` of them), each tier by score, ties by address. Documents that qualify through
//! operators alone without holding a scored term (a prefix, a date, a `NOT`) score 0.

pub mod bm25f;
mod dense;
pub mod expand;
mod matches;
mod params;
mod postings;
pub mod proximity;
mod prune;
#[cfg(test)]
mod reference;
pub mod terms;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use tantivy::{DocAddress, Searcher};

pub use bm25f::{bm25f, select_tiered, sort_tiered, tiered, Keep, Matches, Scored, Weights};
pub use params::{FieldParams, Params};
pub use proximity::Proximity;
#[cfg(test)]
pub use reference::rescore;

use super::filter::Allowed;
use super::plan::Plan;
use super::{sort, Mode, Ranked, SearchError, SearchRequest, Sort};
use crate::index::store::Store;

/// One page of ranked documents and how many documents qualify in all.
pub struct Page {
    pub total_hits: usize,
    pub hits: Vec<Ranked>,
    /// Every matching document (the `total_hits`), when sorting by date (which keeps them
    /// all); empty by relevance, which keeps only the best candidates.
    pub every: Vec<Scored>,
}

/// Ranks the documents `allowed` admits for `plan`: the page `req` asks for.
pub fn rank(
    searcher: &Searcher,
    store: &Store,
    req: &SearchRequest,
    plan: &Plan,
    allowed: &Allowed,
) -> Result<Page, SearchError> {
    let p = &req.ranking;
    let needed = req.offset.saturating_add(req.limit);
    let pool = p.pool.max(needed);
    let required = plan.required();
    let tier = plan.tier;
    let filter = (!allowed.is_everything()).then_some(allowed);
    let proximity = Proximity {
        searcher,
        fields: &store.fields,
        terms: &plan.terms,
        pairs: plan.pairs.as_deref(),
        params: p,
    };
    // Only the best `pool` BM25F candidates can be shown (a frequent word matches most of
    // the index): keep no more than that unless a date sort needs every match.
    let keep = |relevance: bool, used: usize| Keep {
        allowed: filter,
        best: relevance.then_some((pool, tier)),
        used,
        least: plan.least,
        slack: proximity.slack(),
    };
    // BM25F for `query` (lead included), then proximity for the best `n` in ranking order
    // at the front of the matches.
    let ranked = |query: &[terms::QueryTerm], n: usize| -> Result<Matches, SearchError> {
        let w = Weights::new(searcher, &store.fields, query, p)?;
        let mut matches = bm25f(searcher, query, p, &w, &keep(true, n))?;
        proximity.rank(&mut matches.docs, tier, n)?;
        Ok(matches)
    };
    let mut base = plan.terms.clone();
    for prefix in &plan.prefixes {
        for t in terms::prefix_terms(searcher, &store.fields, prefix)? {
            if !base.iter().any(|b| b.text == t.text) {
                base.push(t);
            }
        }
    }
    for (word, distance) in &plan.fuzzy {
        let near = crate::story::typos::fuzzy_terms(searcher, &store.fields, word, *distance)?;
        for t in near {
            if !base.iter().any(|b| b.text == t.text) {
                base.push(t);
            }
        }
    }
    let mut query_terms = base.clone();
    if plan.expand && !query_terms.is_empty() {
        // The feedback documents are the best of a first, relevance-ranked pass.
        let first = ranked(&query_terms, p.rm3.docs)?;
        query_terms = expand::rm3(searcher, &store.fields, &base, &first.docs, &p.rm3)?;
    }
    let mut matches = if query_terms.is_empty() {
        Matches::default()
    } else if req.sort == Sort::Relevance {
        ranked(&query_terms, needed)?
    } else {
        let w = Weights::new(searcher, &store.fields, &query_terms, p)?;
        bm25f(searcher, &query_terms, p, &w, &keep(false, 0))?
    };
    if !plan.has_plain_words && !allowed.is_everything() {
        // Operators alone decide: every admitted document qualifies, scored or not.
        matches.total = unscored(searcher, allowed, &mut matches.docs, needed, req.sort)?;
    }
    let mut scored = matches.docs;
    let total_hits = if tier > 0 && matches.full >= needed {
        // Full matches lead the ranked part; past it the order is arbitrary, so filter.
        scored.retain(|s| s.matched >= required);
        matches.full
    } else {
        matches.total
    };
    if req.sort != Sort::Relevance {
        sort::by_date(
            searcher,
            &mut scored,
            tier,
            req.sort == Sort::Newest,
            needed,
        )?;
        // The scores shown: BM25F plus the proximity bonus, for the page only.
        let from = req.offset.min(scored.len());
        let to = from.saturating_add(req.limit).min(scored.len());
        proximity.add(&mut scored[from..to])?;
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
    let every = if req.sort == Sort::Relevance {
        Vec::new()
    } else {
        scored
    };
    Ok(Page {
        total_hits,
        hits,
        every,
    })
}

/// Adds to `docs` (the scored documents, in ranking order at the front when sorting by
/// relevance) the admitted documents holding no scored term, with score 0, and returns how
/// many documents are admitted in all. By relevance they are needed only when the scored
/// ones do not fill the page (and then none was pruned, since at least the page is kept).
fn unscored(
    searcher: &Searcher,
    allowed: &Allowed,
    docs: &mut Vec<Scored>,
    needed: usize,
    sort: Sort,
) -> tantivy::Result<usize> {
    let fill = sort != Sort::Relevance || docs.len() < needed;
    let scored: HashSet<DocAddress> = if fill {
        docs.iter().map(|s| s.address).collect()
    } else {
        HashSet::new()
    };
    let mut admitted = 0;
    let mut zero = Vec::new();
    allowed.for_each(searcher, |address| {
        admitted += 1;
        let room = sort != Sort::Relevance || docs.len() + zero.len() < needed;
        if fill && room && !scored.contains(&address) {
            zero.push(Scored {
                address,
                score: 0.0,
                matched: 0,
            });
        }
    });
    docs.extend(zero);
    Ok(admitted)
}
