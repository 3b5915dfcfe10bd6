//! The term-proximity bonus (after Rasolofo & Savoy 2003, "BM25TP"): every pair of
//! occurrences of two different query terms at most `window` positions apart in the body
//! adds `1/d²` to both terms' proximity weight; the weights are saturated like term
//! frequencies and scaled by `min(1, idf)`. It is computed only for the candidates that can
//! still reach the page ([`Proximity::rank`]).

use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, Term};

use super::bm25f::{select_tiered, sort_tiered, stats, tiered, Scored};
use super::params::{FieldParams, Params};
use super::postings::by_segment;
use super::terms::QueryTerm;
use crate::index::schema::Fields;

/// What the proximity bonus of one query needs: the index, the query's terms and the pairs
/// of them that count as close (query neighbours; empty: any two), and the parameters.
pub struct Proximity<'a> {
    pub searcher: &'a Searcher,
    pub fields: &'a Fields,
    pub terms: &'a [QueryTerm],
    /// `None`: any two terms.
    pub pairs: Option<&'a [(usize, usize)]>,
    pub params: &'a Params,
}

impl Proximity<'_> {
    /// Whether the query can earn a bonus at all.
    fn applies(&self) -> bool {
        self.params.proximity > 0.0
            && self.terms.len() >= 2
            && self.pairs.is_none_or(|ps| !ps.is_empty())
    }

    /// The largest bonus [`Proximity::add`] can give any document: each term's share is
    /// `weight · min(1, idf) · a(k1 + 1)/(a + kd)`, below `|weight| · (k1 + 1)`, summed over
    /// the terms that can be in a close pair, scaled like the bonus (with a margin for
    /// rounding).
    fn bound(&self) -> f32 {
        let (p, pairs) = (self.params, self.pairs);
        let in_pair =
            |ti: usize| pairs.is_none_or(|ps| ps.iter().any(|&(a, b)| a == ti || b == ti));
        let sum: f32 = (0..self.terms.len())
            .filter(|&ti| in_pair(ti))
            .map(|ti| self.terms[ti].weight.abs() * (p.k1 + 1.0))
            .sum();
        let bound = p.proximity * p.body.weight.abs() * sum;
        bound * 1.001 + 1e-4
    }

    /// The most the bonus can add to any score (0 when the query earns none).
    pub fn slack(&self) -> f32 {
        if self.applies() {
            self.bound()
        } else {
            0.0
        }
    }

    /// Ranks `candidates` by BM25F plus proximity for the first `n` places, in ranking order
    /// at the front, and returns how many are ranked there (at least the first `n`, when
    /// there are that many; the rest follow in no particular order, without their bonus).
    ///
    /// The bonus only raises a score, and by at most [`Proximity::bound`]: the `n`-th best
    /// BM25F score is a floor for the `n`-th place, so only candidates whose BM25F plus the
    /// largest bonus reaches it can be in the first `n`. Positions are read for those few, in
    /// one pass, instead of for every candidate, and the first `n` are exactly those that
    /// scoring every candidate would give.
    pub fn rank(&self, candidates: &mut [Scored], tier: u32, n: usize) -> tantivy::Result<usize> {
        let first = select_tiered(candidates, tier, n);
        if !self.applies() {
            sort_tiered(&mut candidates[..first], tier);
            return Ok(first);
        }
        let floor = candidates[..first]
            .iter()
            .max_by(|a, b| tiered(a, b, tier))
            .copied();
        let mut ranked = first;
        if let Some(floor) = floor {
            let bound = self.bound();
            // Move every other candidate that could still reach the floor next to the first n.
            for i in first..candidates.len() {
                let c = candidates[i];
                let best_case = Scored {
                    score: c.score + bound,
                    ..c
                };
                if tiered(&best_case, &floor, tier) == std::cmp::Ordering::Less {
                    candidates.swap(ranked, i);
                    ranked += 1;
                }
            }
        }
        self.add(&mut candidates[..ranked])?;
        sort_tiered(&mut candidates[..ranked], tier);
        Ok(ranked)
    }

    /// Adds the proximity bonus to `candidates` (in place), from positions in the body.
    pub fn add(&self, candidates: &mut [Scored]) -> tantivy::Result<()> {
        if !self.applies() || candidates.is_empty() {
            return Ok(());
        }
        add_proximity(self, candidates)
    }
}

/// [`Proximity::add`] for a query that can earn a bonus.
fn add_proximity(q: &Proximity<'_>, candidates: &mut [Scored]) -> tantivy::Result<()> {
    let (searcher, f, terms, pairs, p) = (q.searcher, q.fields, q.terms, q.pairs, q.params);
    // Body only: a short headline saturates at once, and the bonus then swamps the BM25F
    // score (measured: it cost up to 0.04 nDCG@10).
    let fields: Vec<(Field, FieldParams)> = vec![(f.body, p.body)];
    let st = stats(searcher, &fields, terms, p.idf_pow)?;
    let mut positions = Vec::new();
    for (seg_ord, idx) in by_segment(candidates) {
        let seg = searcher.segment_reader(seg_ord);
        for (fi, (field, fp)) in fields.iter().enumerate() {
            let inverted = seg.inverted_index(*field)?;
            let norms = seg.get_fieldnorms_reader(*field)?;
            // (k, position, term index) of every occurrence in candidate idx[k], in one
            // buffer for all candidates (term by term, each in candidate order).
            let mut occurrences: Vec<(usize, u32, usize)> = Vec::new();
            for (ti, t) in terms.iter().enumerate() {
                let term = Term::from_field_text(*field, &t.text);
                let Some(mut postings) =
                    inverted.read_postings(&term, IndexRecordOption::WithFreqsAndPositions)?
                else {
                    continue;
                };
                for (k, &i) in idx.iter().enumerate() {
                    let doc = candidates[i].address.doc_id;
                    if postings.doc() > doc {
                        continue;
                    }
                    if postings.seek(doc) == doc {
                        postings.positions(&mut positions);
                        occurrences.extend(positions.iter().map(|&pos| (k, pos, ti)));
                    }
                }
            }
            // Counting sort by candidate: starts[k]..starts[k + 1] holds candidate k's
            // (position, term) pairs.
            let mut starts = vec![0usize; idx.len() + 1];
            for &(k, _, _) in &occurrences {
                starts[k + 1] += 1;
            }
            for k in 0..idx.len() {
                starts[k + 1] += starts[k];
            }
            let mut next = starts.clone();
            let mut by_candidate = vec![(0u32, 0usize); occurrences.len()];
            for &(k, pos, ti) in &occurrences {
                by_candidate[next[k]] = (pos, ti);
                next[k] += 1;
            }
            let mut acc = vec![0f32; terms.len()];
            for k in 0..idx.len() {
                let occ = &mut by_candidate[starts[k]..starts[k + 1]];
                if occ.len() < 2 {
                    continue;
                }
                occ.sort_unstable();
                acc.fill(0.0);
                for (a, &(pos_a, ta)) in occ.iter().enumerate() {
                    for &(pos_b, tb) in &occ[a + 1..] {
                        let d = pos_b - pos_a;
                        if d > p.window {
                            break;
                        }
                        let pair = (ta.min(tb), ta.max(tb));
                        if ta != tb && d > 0 && pairs.is_none_or(|ps| ps.contains(&pair)) {
                            let w = 1.0 / (d * d) as f32;
                            acc[ta] += w;
                            acc[tb] += w;
                        }
                    }
                }
                let doc = candidates[idx[k]].address.doc_id;
                let len = norms.fieldnorm(doc) as f32;
                let kd = p.k1 * (1.0 - fp.b + fp.b * len / st.avg_len[fi]);
                let bonus: f32 = acc
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| **a > 0.0)
                    .map(|(ti, a)| {
                        terms[ti].weight * st.idf[ti].min(1.0) * a * (p.k1 + 1.0) / (a + kd)
                    })
                    .sum();
                candidates[idx[k]].score += p.proximity * fp.weight * bonus;
            }
        }
    }
    Ok(())
}
