//! One article per group of copies in a ranked list: each group's best-ranked match stands
//! for it, and counts the matches of its group it hides.

use rustc_hash::FxHashMap;
use tantivy::Searcher;

use super::groups::Groups;
use crate::index::store::Store;
use crate::search::{rank_page, Ranking, SearchError, SearchRequest};

/// Ranks the page `req` asks for with copies folded into their group's best-ranked match;
/// beside it, per hit, how many matching copies it stands for. `total_hits` still counts
/// every match. Copies are counted among the best `2 × (offset + limit) + 20` matches or
/// more (as many as it takes to fill the page).
pub fn rank_collapsed(
    searcher: &Searcher,
    store: &Store,
    req: &SearchRequest,
    groups: &Groups,
) -> Result<(Ranking, Vec<usize>), SearchError> {
    if groups.is_empty() {
        let r = rank_page(searcher, store, req)?;
        let copies = vec![0; r.hits.len()];
        return Ok((r, copies));
    }
    let needed = req.offset.saturating_add(req.limit);
    let mut window = needed.saturating_mul(2).saturating_add(20);
    loop {
        let wide = SearchRequest {
            offset: 0,
            limit: window,
            ..req.clone()
        };
        let r = rank_page(searcher, store, &wide)?;
        let ranked = r.hits.len();
        let mut shown = Vec::with_capacity(ranked);
        let mut copies: Vec<usize> = Vec::with_capacity(ranked);
        let mut first_of: FxHashMap<u32, usize> = FxHashMap::default();
        for hit in r.hits {
            if let Some(g) = groups.group(hit.address) {
                if let Some(&i) = first_of.get(&g) {
                    copies[i] += 1;
                    continue;
                }
                first_of.insert(g, shown.len());
            }
            shown.push(hit);
            copies.push(0);
        }
        let exhausted = ranked < window || window >= r.total_hits;
        if shown.len() >= needed || exhausted {
            let from = req.offset.min(shown.len());
            let to = needed.min(shown.len());
            let page = Ranking {
                total_hits: r.total_hits,
                hits: shown.drain(from..to).collect(),
                highlights: r.highlights,
            };
            return Ok((page, copies.drain(from..to).collect()));
        }
        window = window.saturating_mul(4);
    }
}
