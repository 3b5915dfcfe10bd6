//! Block-max pruning for the dense scorer ([`super::dense::Dense`]): an upper bound on
//! what each block of a posting list can add to a score ([`ListBound`]), and the floor a
//! stretch of documents must be able to reach to be worth scoring ([`Floor`]). Documents
//! of a stretch that cannot reach it are still counted (the number of matches stays
//! exact), but their lengths are not read and their scores not computed or kept.
//!
//! A block's bound is the smaller of two:
//! - its largest term frequency `T` (decoded with the block, so exact) over the smallest
//!   length normaliser a field holding the word `T` times can have;
//! - tantivy's skip data, which stores for every full block the (length, frequency) pair
//!   that maximises BM25 with `k1 = 1.2`, `b = 0.75` and the segment's average length `A`:
//!   asked through `block_max_score` with a weight for that average, it gives the block's
//!   largest `r = tf / (0.25 + 0.75·len/A)`. Every posting's field is then at least
//!   `(tf / r − 0.25)·A / 0.75` long (and at least `tf`), which bounds our field's
//!   `tf / (1 − b + b·len/avg)` for each `tf` up to `T`.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::ops::Range;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::Bm25Weight;

use super::bm25f::Scored;

/// tantivy's BM25 constants, with which the skip data's block maxima were chosen.
const TANTIVY_K1: f32 = 1.2;
const TANTIVY_B: f32 = 0.75;

/// Relative margin added to every bound, for rounding (scores are summed in `f32`).
const MARGIN: f32 = 1e-4;

/// The `n`-th best score of the documents kept so far that rank in the first tier: no
/// document scoring less (plus the proximity bonus it could still earn) can reach the first
/// `n` places.
#[derive(Debug, Default)]
pub(super) struct Floor {
    n: usize,
    tier: u32,
    best: BinaryHeap<Reverse<Key>>,
}

/// A score ordered by `total_cmp`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key(f32);

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl Floor {
    /// The floor of the first `n` places for documents with at least `tier` required terms
    /// (`n` 0: none, nothing is pruned).
    pub(super) fn new(n: usize, tier: u32) -> Floor {
        Floor {
            n,
            tier,
            best: BinaryHeap::with_capacity(n.saturating_add(1).min(1 << 16)),
        }
    }

    /// Takes note of a kept document.
    #[inline]
    pub(super) fn offer(&mut self, score: f32, matched: u32) {
        if self.n == 0 || matched < self.tier {
            return;
        }
        if self.best.len() < self.n {
            self.best.push(Reverse(Key(score)));
        } else if self.best.peek().is_some_and(|low| score > low.0 .0) {
            self.best.pop();
            self.best.push(Reverse(Key(score)));
        }
    }

    /// Whether `s` could still be among the first `n` places, its proximity bonus (at most
    /// `slack`) included: once `n` documents of the first tier are known, not a document of
    /// a later tier, nor one scoring below the floor.
    #[inline]
    pub(super) fn may_reach(&self, s: &Scored, slack: f32) -> bool {
        let floor = self.value();
        floor == f32::NEG_INFINITY || (s.matched >= self.tier && s.score + slack >= floor)
    }

    /// The score a document must exceed to reach the first `n` places, once `n` documents
    /// of the first tier are known (negative infinity before).
    pub(super) fn value(&self) -> f32 {
        match self.best.peek() {
            Some(low) if self.best.len() >= self.n && self.n > 0 => low.0 .0,
            _ => f32::NEG_INFINITY,
        }
    }
}

/// Per frequency below 256, the shortest length a field holding a word that often can be
/// recorded with (its length rounded down to the encoding of field norms): looked up for
/// every frequency of every block a bound is taken of, where the encoding is a search.
static SHORTEST_LEN: std::sync::LazyLock<[f32; 256]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|tf| {
        let tf = tf as u32;
        FieldNormReader::id_to_fieldnorm(FieldNormReader::fieldnorm_to_id(tf)) as f32
    })
});

/// Bounds the weighted frequency of the postings of one (term, field) list in one segment.
pub(super) struct ListBound {
    weight: f32,
    /// Per encoded length: the smallest normaliser of that length or longer.
    least_norm: [f32; 256],
    /// The field's `b` and average length.
    b: f32,
    avg: f32,
    /// The skip data's bound: a weight for the segment's average length `A`, its largest
    /// score, and tantivy's normaliser as `0.25 + beta·len` with `beta = 0.75 / A`
    /// (`None`: not usable).
    skip: Option<(Bm25Weight, f32, f32)>,
}

impl ListBound {
    /// `weight` and `norm` are the field's weight and normaliser per encoded length (as the
    /// scorer uses them); `b` and `avg` its length normalisation and average length over
    /// the index; `seg_avg` the segment's average length as tantivy computed it when
    /// writing the skip data (`None`: the field records no lengths).
    pub(super) fn new(
        weight: f32,
        norm: &[f32; 256],
        b: f32,
        avg: f32,
        seg_avg: Option<f32>,
    ) -> ListBound {
        let mut least_norm = *norm;
        for id in (0..255).rev() {
            least_norm[id] = least_norm[id].min(least_norm[id + 1]);
        }
        let skip = seg_avg
            .filter(|&a| a > 0.0 && b > 0.0 && b <= 1.0)
            .map(|a| {
                let w = Bm25Weight::for_one_term_without_explain(1, 2, a);
                let top = w.score(0, u32::MAX);
                (w, top, TANTIVY_B / a)
            });
        ListBound {
            weight,
            least_norm,
            b,
            avg: avg.max(1e-6),
            skip,
        }
    }

    /// The largest weighted frequency a posting in `range` of the current block can have.
    pub(super) fn block(
        &self,
        block: &mut BlockSegmentPostings,
        norms: &FieldNormReader,
        range: Range<usize>,
    ) -> f32 {
        let freqs = block.freqs();
        let whole = range.start == 0 && range.end >= freqs.len();
        let top_tf = freqs
            .get(range)
            .unwrap_or_default()
            .iter()
            .copied()
            .max()
            .unwrap_or(0);
        // Beyond b = 1 (an experiment's override) a longer field can weigh more: no bound.
        if self.b > 1.0 {
            return f32::INFINITY;
        }
        // A field holding the word T times is at least T long, and tf / norm(len ≥ tf)
        // grows with tf for b ≤ 1, so the largest frequency bounds the block.
        let id = usize::from(FieldNormReader::fieldnorm_to_id(top_tf));
        let by_tf = self.weight * top_tf as f32 / self.least_norm[id];
        let Some((w, top, beta)) = &self.skip else {
            return by_tf * (1.0 + MARGIN);
        };
        // The skip data caps the frequency it stores at 255. (A maximum, not `any`: it
        // compiles to vector code, and is the range's when the range is the block.)
        let block_top = if whole {
            top_tf
        } else {
            freqs.iter().copied().max().unwrap_or(0)
        };
        if block_top >= 255 {
            return by_tf * (1.0 + MARGIN);
        }
        let s = block.block_max_score(norms, w);
        if !(s > 0.0 && s < *top) {
            return by_tf * (1.0 + MARGIN);
        }
        // Every posting of the block has tf / (0.25 + beta·len) ≤ r: a field holding the
        // word tf times is at least (tf / r − 0.25) / beta long, and at least tf. Our share
        // tf / norm(len) is bounded at that length for each tf up to T.
        let r = TANTIVY_K1 * s / (top - s) * (1.0 + MARGIN);
        let shortest = &*SHORTEST_LEN;
        let by_skip = (1..=top_tf)
            .map(|tf| {
                let t = tf as f32;
                // tf < 255 here (the block's largest is below it).
                let at_least = shortest.get(tf as usize).copied().unwrap_or(t);
                let len = ((t / r - (1.0 - TANTIVY_B)) / beta).max(at_least);
                t / (1.0 - self.b + self.b * len / self.avg).max(1e-3)
            })
            .fold(0f32, f32::max)
            * self.weight;
        by_tf.min(by_skip) * (1.0 + MARGIN)
    }
}

#[cfg(test)]
mod tests {
    use super::{Floor, ListBound};
    use crate::article::Article;
    use crate::search::rank::bm25f::{Keep, Narrow, Scoring, Weights};
    use crate::search::rank::params::{FieldParams, Params};
    use crate::search::rank::postings::SegmentLists;
    use crate::search::rank::terms;

    #[test]
    fn no_posting_scores_above_its_blocks_bound() {
        // Bodies and headlines of many lengths, words repeated up to 300 times (past the
        // 255 the skip data can store), in three segments, scored with several
        // normalisations: every posting's weighted frequency stays within its block's bound.
        let articles = (0..3_000).map(|i: usize| Article {
            id: i.to_string(),
            headline: format!("{} report {}", "oil ".repeat(i % 4), "x ".repeat(i % 9)),
            body: format!(
                "{}{}{}",
                "oil ".repeat(1 + (i * 7) % 13 + if i % 997 == 3 { 300 } else { 0 }),
                "word ".repeat((i * 31) % 400),
                if i.is_multiple_of(3) { "price" } else { "" }
            ),
            ..Article::default()
        });
        let s = crate::index::store::in_memory(articles, &[700, 1_300]);
        let searcher = s.reader.searcher();
        let terms = terms::terms(&["oil", "price"], true);
        // (headline b, body b)
        for (hb, bb) in [(0.75, 0.6), (0.3, 1.0), (1.0, 0.1), (0.0, 0.75)] {
            let p = Params {
                headline: FieldParams { weight: 2.0, b: hb },
                body: FieldParams { weight: 1.0, b: bb },
                ..Params::default()
            };
            let w = Weights::new(&searcher, &s.fields, &terms, &p).unwrap();
            let keep = Keep::default();
            let q = Scoring::new(&terms, &p, &w, &keep);
            let mut checked = 0;
            for (ord, seg) in searcher.segment_readers().iter().enumerate() {
                let lists =
                    SegmentLists::read(seg, ord as u32, &terms, &w.fields, Narrow::Never).unwrap();
                for (_, fi, mut block) in lists.lists {
                    let ((weight, norm), (b, avg)) = (&q.norms[fi], q.shape[fi]);
                    let bound = ListBound::new(*weight, norm, b, avg, lists.seg_avg[fi]);
                    let norms = &lists.norms[fi];
                    while !block.docs().is_empty() {
                        let n = block.docs().len();
                        let most = bound.block(&mut block, norms, 0..n);
                        for (&doc, &tf) in block.docs().iter().zip(block.freqs()) {
                            let wtf = q.wtf(fi, norms.fieldnorm_id(doc), tf);
                            assert!(wtf <= most, "b {b}: doc {doc} tf {tf}: {wtf} > {most}");
                            checked += 1;
                        }
                        block.advance();
                    }
                }
            }
            assert!(checked > 5_000, "{checked}");
        }
    }

    #[test]
    fn the_floor_is_the_nth_best_score_of_the_first_tier() {
        // (n, tier, offers (score, matched), floor)
        type Case<'a> = (usize, u32, &'a [(f32, u32)], f32);
        let cases: [Case; 5] = [
            (0, 0, &[(1.0, 1)], f32::NEG_INFINITY),
            (2, 1, &[(1.0, 1)], f32::NEG_INFINITY),
            (2, 1, &[(1.0, 1), (3.0, 1), (2.0, 1)], 2.0),
            (2, 2, &[(9.0, 1), (3.0, 2), (2.0, 2), (8.0, 1)], 2.0),
            (1, 0, &[(0.5, 0), (4.0, 0), (1.0, 0)], 4.0),
        ];
        for (n, tier, offers, want) in cases {
            let mut f = Floor::new(n, tier);
            for &(s, m) in offers {
                f.offer(s, m);
            }
            assert_eq!(f.value(), want, "{n} {tier} {offers:?}");
        }
    }
}

/// Pruning against scoring everything, over generated queries on a generated index larger
/// than a scoring window: the same counts and the same best documents.
#[cfg(test)]
mod properties {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use crate::article::Article;
    use crate::index::store::Store;
    use crate::search::rank::{self, terms};

    /// Words by how common they are: the first in most articles, the last in one in
    /// several thousand (postings windows apart).
    const WORDS: [&str; 8] = [
        "said", "oil", "price", "bank", "rate", "cocoa", "tanker", "quota",
    ];
    const EVERY: [u64; 8] = [1, 3, 5, 9, 40, 300, 2_500, 8_400];

    /// 14,000 articles in segments of 9,000 and 5,000 (never merged): three windows and two.
    fn store() -> &'static Store {
        static STORE: OnceLock<Store> = OnceLock::new();
        STORE.get_or_init(|| {
            let articles = (0..14_000u64).map(|i| {
                let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
                let mut next = || {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x
                };
                let mut body = Vec::new();
                let mut headline = vec!["report"];
                for (w, every) in WORDS.iter().zip(EVERY) {
                    // The rarest word at fixed places: in the first window of the first
                    // segment and then not again until its third.
                    let holds = if *w == "quota" {
                        i % 8_400 == 100
                    } else {
                        next() % every == 0
                    };
                    if holds {
                        for _ in 0..1 + next() % 4 {
                            body.push(*w);
                        }
                        if next() % 5 == 0 {
                            headline.push(w);
                        }
                    }
                }
                let fill = (next() % 60) as usize;
                body.extend(std::iter::repeat_n("filler", fill));
                Article {
                    id: i.to_string(),
                    headline: headline.join(" "),
                    body: body.join(" "),
                    ..Article::default()
                }
            });
            crate::index::store::in_memory(articles, &[9_000])
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn pruned_scoring_keeps_the_counts_and_the_best(
            picks in proptest::collection::vec(0..WORDS.len(), 1..5),
            used in prop_oneof![Just(1usize), Just(10), Just(40)],
            tiered in any::<bool>(),
            slack in prop_oneof![Just(0f32), Just(0.5)],
        ) {
            let s = store();
            let searcher = s.reader.searcher();
            let words: Vec<&str> = picks.iter().map(|&i| WORDS[i]).collect();
            let terms = terms::terms(&words, true);
            let p = rank::Params::default();
            let w = rank::Weights::new(&searcher, &s.fields, &terms, &p).unwrap();
            let tier = if tiered { terms.iter().filter(|t| t.required).count() as u32 } else { 0 };
            let all = rank::bm25f(&searcher, &terms, &p, &w, &rank::Keep::default()).unwrap();
            let keep = rank::Keep {
                best: Some((used.max(p.pool), tier)),
                used,
                slack,
                ..rank::Keep::default()
            };
            let pruned = rank::bm25f(&searcher, &terms, &p, &w, &keep).unwrap();
            prop_assert_eq!(pruned.full, all.full);
            let best = |mut docs: Vec<rank::Scored>| {
                rank::sort_tiered(&mut docs, tier);
                docs.truncate(used);
                docs
            };
            prop_assert_eq!(best(pruned.docs), best(all.docs), "{:?}", words);
        }
    }
}
