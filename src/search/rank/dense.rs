//! The window scorer for segments with many postings ([`Dense`]): per-document
//! accumulators for one window of documents at a time, the lists read a block at a time,
//! narrowed to the documents holding the rarest required word when that is all that can
//! still be kept, and, once the best the caller takes are known, chunks of the window that
//! cannot reach them only counted ([`super::prune`]).

use tantivy::fieldnorm::FieldNormReader;
use tantivy::{DocAddress, DocId};

use super::bm25f::{Bar, Matches, Narrow, Scoring};
use super::postings::{has_bit, Cursor, SegmentLists};
use super::prune::ListBound;

/// Per-document accumulators for segments with many postings, for one window of
/// [`WINDOW`] documents at a time, reset entry by entry after each window. Sized for the
/// whole segment they cost a page fault per 4 KB: 4,000 for a two-word query on a 1M-article
/// index of 14 segments, more once it is compacted into a few large ones.
pub(super) struct Dense {
    pub(super) score: Vec<f32>,
    pub(super) matched: Vec<u32>,
    pub(super) seen: Vec<bool>,
    pub(super) tfw: Vec<f32>,
    /// Window offsets of documents with a weighted frequency for the current term.
    pub(super) touched: Vec<u32>,
    /// Window offsets of documents scored in this window.
    pub(super) seen_docs: Vec<u32>,
    /// Documents of the window holding the rarest required word, when narrowing.
    pub(super) mark: Vec<bool>,
    pub(super) marked: Vec<u32>,
    /// Per list, the window's postings (documents, frequencies) when pruning.
    buf_docs: Vec<Vec<DocId>>,
    buf_tfs: Vec<Vec<u32>>,
    /// Per list and chunk of the window, the bound of the list's postings there.
    chunk_bound: Vec<f32>,
    /// Documents of the window that must be scored in a chunk otherwise skipped.
    force: Vec<bool>,
    forced: Vec<u32>,
    /// Per term, one bit per document of the window: the skipped documents holding it.
    holds: Vec<u64>,
}

/// Documents per window of [`Dense`]: its arrays then take 14 × 4k = 56 KB, which stay in
/// cache from window to window and fault in 14 pages; larger windows are zeroed and faulted
/// in per search and measured slower, smaller ones no faster (docs/PERFORMANCE.md).
const WINDOW: u32 = 1 << 12;

/// Windows read directly after one in which no chunk could be skipped.
const REST_AFTER_NO_SKIP: u32 = 8;

/// 64-bit words of a window's bit sets.
const WORDS: usize = (WINDOW / 64) as usize;

/// Documents per chunk of a window, the unit [`super::prune`] skips: 32 chunks a window.
const CHUNK_BITS: u32 = 7;
const CHUNKS: usize = (WINDOW >> CHUNK_BITS) as usize;

/// A list with fewer postings in a window than this fraction of the longest list's is
/// left out of a chunk's bound for the documents it does not hold ([`Dense::score`]).
const SPARSE_IN_WINDOW: usize = 8;

impl Dense {
    pub(super) fn new(max_doc: usize) -> Dense {
        let len = max_doc.min(WINDOW as usize);
        Dense {
            score: vec![0f32; len],
            matched: vec![0u32; len],
            seen: vec![false; len],
            tfw: vec![0f32; len],
            touched: Vec::new(),
            seen_docs: Vec::new(),
            mark: vec![false; len],
            marked: Vec::new(),
            buf_docs: Vec::new(),
            buf_tfs: Vec::new(),
            chunk_bound: Vec::new(),
            force: vec![false; len],
            holds: Vec::new(),
            forced: Vec::new(),
        }
    }

    pub(super) fn score(
        &mut self,
        q: &Scoring<'_>,
        mut seg: SegmentLists<'_>,
        out: &mut Matches,
        bar: &mut Option<Bar>,
    ) {
        let mut lists: Vec<(usize, usize, Cursor)> = std::mem::take(&mut seg.lists)
            .into_iter()
            .map(|(ti, fi, block)| (ti, fi, Cursor { block, at: 0 }))
            .collect();
        let mut narrow: Vec<Cursor> = std::mem::take(&mut seg.narrow)
            .into_iter()
            .map(|block| Cursor { block, at: 0 })
            .collect();
        let bounds: Vec<ListBound> = lists
            .iter()
            .map(|&(_, fi, _)| {
                let ((weight, norm), (b, avg)) = (&q.norms[fi], q.shape[fi]);
                ListBound::new(*weight, norm, b, avg, seg.seg_avg[fi])
            })
            .collect();
        self.buf_docs.resize_with(lists.len(), Vec::new);
        self.buf_tfs.resize_with(lists.len(), Vec::new);
        self.holds.clear();
        self.holds.resize(q.terms.len() * WORDS, 0);
        let alive = seg.seg.alive_bitset();
        let listed = q.keep.allowed.and_then(|a| a.listed(seg.seg_ord));
        let max_doc = seg.seg.max_doc();
        let mut start = 0;
        // Windows to read without looking for chunks to skip.
        let mut rest = 0u32;
        while start < max_doc {
            let end = start.saturating_add(WINDOW).min(max_doc);
            for cursor in &mut narrow {
                let (mark, marked) = (&mut self.mark, &mut self.marked);
                cursor.docs_until(end, |doc| {
                    let d = (doc - start) as usize;
                    if !mark[d] {
                        mark[d] = true;
                        marked.push(doc - start);
                    }
                });
            }
            let narrowing = !narrow.is_empty()
                && (seg.mode == Narrow::FromStart
                    || bar.is_some_and(|b| b.full && b.tier == q.required_terms));
            // Once the best the caller takes are known, the window's postings are read
            // ahead with their bounds, and chunks that cannot reach them are only counted.
            // Reading ahead costs a copy of the postings: after a window where nothing could
            // be skipped, the next few are read directly.
            let floor = out.floor.value();
            let buffered = floor.is_finite() && rest == 0;
            let (all, dense) = if buffered {
                self.buffer(&mut lists, &bounds, &seg.norms, start, end);
                self.skipped_chunks(q, &lists, floor, start)
            } else {
                rest = rest.saturating_sub(1);
                (0, 0)
            };
            if buffered && all | dense == 0 {
                rest = REST_AFTER_NO_SKIP;
            }
            let mark = &self.mark;
            // Whether every posting is wanted (no narrowing, listing or deletions) and
            // whether any chunk is skipped: the loop is compiled for each combination.
            let plain = !narrowing && listed.is_none() && alive.is_none();
            let skips = all | dense != 0;
            let mut li = 0;
            for (ti, t) in q.terms.iter().enumerate() {
                while let Some((_, fi, cursor)) = lists.get_mut(li).filter(|l| l.0 == ti) {
                    let (weight, norm) = &q.norms[*fi];
                    let mut visit = Visit {
                        start,
                        weight: *weight,
                        norm,
                        norms: &seg.norms[*fi],
                        tfw: &mut self.tfw,
                        touched: &mut self.touched,
                        holds: &mut self.holds[ti * WORDS..(ti + 1) * WORDS],
                        all,
                        dense,
                        force: &self.force,
                        wanted: |doc: DocId, d: usize| {
                            (!narrowing || mark[d])
                                && listed.is_none_or(|bits| has_bit(bits, doc))
                                && alive.is_none_or(|a| a.is_alive(doc))
                        },
                    };
                    // Called a block (or a buffer) at a time, so that the loop is compiled
                    // once, with the checks that do not change hoisted out of it.
                    let mut visit = |docs: &[DocId], tfs: &[u32]| match (plain, skips) {
                        (true, false) => visit.each::<true, false>(docs, tfs),
                        (true, true) => visit.each::<true, true>(docs, tfs),
                        (false, false) => visit.each::<false, false>(docs, tfs),
                        (false, true) => visit.each::<false, true>(docs, tfs),
                    };
                    if buffered {
                        visit(&self.buf_docs[li], &self.buf_tfs[li]);
                    } else {
                        cursor.blocks_until(end, |block, range| {
                            let freqs = block.freqs().get(range.clone()).unwrap_or_default();
                            visit(&block.docs()[range], freqs);
                        });
                    }
                    li += 1;
                }
                if q.terms.len() == 1 {
                    // One term: each document's score is complete here, admitted at once
                    // in the order the general path would (first touch), with the same
                    // sum (0 + its share).
                    let matched = u32::from(t.required);
                    for d in self.touched.drain(..) {
                        let i = d as usize;
                        let score = 0.0 + q.term(ti, self.tfw[i]);
                        self.tfw[i] = 0.0;
                        q.admit(out, seg.seg_ord, start + d, score, matched, *bar);
                    }
                    continue;
                }
                for d in self.touched.drain(..) {
                    let d = d as usize;
                    self.score[d] += q.term(ti, self.tfw[d]);
                    self.tfw[d] = 0.0;
                    if t.required {
                        self.matched[d] += 1;
                    }
                    if !self.seen[d] {
                        self.seen[d] = true;
                        self.seen_docs.push(d as u32);
                    }
                }
            }
            for d in self.seen_docs.drain(..) {
                let i = d as usize;
                let (score, matched) = (self.score[i], self.matched[i]);
                q.admit(out, seg.seg_ord, start + d, score, matched, *bar);
                (self.score[i], self.matched[i], self.seen[i]) = (0.0, 0, false);
            }
            if all | dense != 0 {
                self.count_skipped(q, out, seg.seg_ord, start);
            }
            for d in self.marked.drain(..) {
                self.mark[d as usize] = false;
            }
            for d in self.forced.drain(..) {
                self.force[d as usize] = false;
            }
            out.prune(q.keep, bar);
            start = end;
        }
    }

    /// Counts the documents of skipped chunks (`holds`: per term, one bit per document of
    /// the window) as [`Matches::count`] would, and clears their bits.
    fn count_skipped(&mut self, q: &Scoring<'_>, out: &mut Matches, seg_ord: u32, start: DocId) {
        let (least, required) = (q.keep.least, q.required_terms);
        for w in 0..WORDS {
            let (mut union, mut every) = (0u64, u64::MAX);
            for (ti, t) in q.terms.iter().enumerate() {
                let bits = self.holds[ti * WORDS + w];
                union |= bits;
                if t.required {
                    every &= bits;
                }
            }
            if union == 0 {
                continue;
            }
            if required == 0 {
                every = union;
            }
            let mut counted = if least == 0 {
                union
            } else if least == required {
                every
            } else {
                // Some but not all required terms: count each document's.
                let mut some = 0u64;
                let mut rest = union;
                while rest != 0 {
                    let bit = rest & rest.wrapping_neg();
                    let i = bit.trailing_zeros() as usize;
                    let matched = (0..q.terms.len())
                        .filter(|&ti| {
                            q.terms[ti].required && self.holds[ti * WORDS + w] & (1 << i) != 0
                        })
                        .count() as u32;
                    if matched >= least {
                        some |= bit;
                    }
                    rest &= rest - 1;
                }
                some
            };
            for ti in 0..q.terms.len() {
                self.holds[ti * WORDS + w] = 0;
            }
            match q.keep.allowed {
                None => {
                    out.total += counted.count_ones() as usize;
                    out.full += (counted & every).count_ones() as usize;
                }
                Some(allowed) => {
                    while counted != 0 {
                        let i = counted.trailing_zeros();
                        let doc = start + w as u32 * 64 + i;
                        if allowed.contains(DocAddress::new(seg_ord, doc)) {
                            out.total += 1;
                            out.full += usize::from(every & (1 << i) != 0);
                        }
                        counted &= counted - 1;
                    }
                }
            }
        }
    }

    /// Reads every list's postings before `end` into the buffers, and the largest bound
    /// of each list's blocks in each chunk of the window starting at `start`.
    fn buffer(
        &mut self,
        lists: &mut [(usize, usize, Cursor)],
        bounds: &[ListBound],
        norms: &[FieldNormReader],
        start: DocId,
        end: DocId,
    ) {
        self.chunk_bound.clear();
        self.chunk_bound.resize(lists.len() * CHUNKS, 0.0);
        for (k, (_, fi, cursor)) in lists.iter_mut().enumerate() {
            let (docs, tfs) = (&mut self.buf_docs[k], &mut self.buf_tfs[k]);
            docs.clear();
            tfs.clear();
            let chunks = &mut self.chunk_bound[k * CHUNKS..(k + 1) * CHUNKS];
            cursor.blocks_until(end, |block, range| {
                // An empty range: the list's next posting is past the window.
                if range.is_empty() {
                    return;
                }
                let (Some(&first), Some(&last)) = (
                    block.docs().get(range.start),
                    range.end.checked_sub(1).and_then(|i| block.docs().get(i)),
                ) else {
                    return;
                };
                let bound = bounds[k].block(block, &norms[*fi], range.clone());
                let (from, to) = (first - start, last - start);
                for c in &mut chunks[(from >> CHUNK_BITS) as usize..=(to >> CHUNK_BITS) as usize] {
                    *c = c.max(bound);
                }
                docs.extend_from_slice(&block.docs()[range.clone()]);
                tfs.extend_from_slice(block.freqs().get(range).unwrap_or_default());
            });
        }
    }

    /// Which documents of the buffered window starting at `start` cannot beat `floor`:
    /// those of the chunks (one bit each) where the terms' shares at their lists' bounds,
    /// summed, plus the largest proximity bonus, fall below it (`all`); and, in the chunks
    /// where that holds of the lists with many postings in the window (`dense`), the
    /// documents missing from the others, which are few (a word in a headline): those are
    /// marked in `force` and scored.
    fn skipped_chunks(
        &mut self,
        q: &Scoring<'_>,
        lists: &[(usize, usize, Cursor)],
        floor: f32,
        start: DocId,
    ) -> (u32, u32) {
        let coord = q.coord.iter().copied().fold(1.0f32, f32::max);
        let most = self.buf_docs[..lists.len()]
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        let sparse: Vec<bool> = (0..lists.len())
            .map(|k| self.buf_docs[k].len().saturating_mul(SPARSE_IN_WINDOW) < most)
            .collect();
        let bound = |c: usize, dense_only: bool| {
            let mut bound = 0f32;
            let mut li = 0;
            for ti in 0..q.terms.len() {
                let mut x = 0f32;
                while lists.get(li).is_some_and(|l| l.0 == ti) {
                    if !(dense_only && sparse[li]) {
                        x += self.chunk_bound[li * CHUNKS + c];
                    }
                    li += 1;
                }
                if x > 0.0 {
                    bound += q.term(ti, x).max(0.0);
                }
            }
            bound * coord + q.keep.slack
        };
        let (mut all, mut dense) = (0u32, 0u32);
        for c in 0..CHUNKS {
            if bound(c, false) < floor {
                all |= 1 << c;
            } else if bound(c, true) < floor {
                dense |= 1 << c;
            }
        }
        if dense != 0 {
            for (k, docs) in self.buf_docs[..lists.len()].iter().enumerate() {
                if !sparse[k] {
                    continue;
                }
                for &doc in docs {
                    let d = (doc - start) as usize;
                    if (dense >> (d >> CHUNK_BITS)) & 1 != 0 && !self.force[d] {
                        self.force[d] = true;
                        self.forced.push(d as u32);
                    }
                }
            }
        }
        (all, dense)
    }
}

/// One list's postings of a window visited by [`Dense::score`]: each wanted posting either
/// adds its weighted frequency to its document's accumulator or, in a skipped chunk, only
/// marks the document as holding the term.
struct Visit<'a, W> {
    start: DocId,
    weight: f32,
    norm: &'a [f32; 256],
    norms: &'a FieldNormReader,
    tfw: &'a mut Vec<f32>,
    touched: &'a mut Vec<u32>,
    holds: &'a mut [u64],
    /// Chunks skipped whole, and chunks skipped but for the documents in `force`.
    all: u32,
    dense: u32,
    force: &'a [bool],
    wanted: W,
}

impl<W: Fn(DocId, usize) -> bool> Visit<'_, W> {
    /// `PLAIN`: every posting is wanted; `SKIPS`: some chunk of the window is skipped.
    #[inline(always)]
    fn each<const PLAIN: bool, const SKIPS: bool>(&mut self, docs: &[DocId], tfs: &[u32]) {
        for (&doc, &tf) in docs.iter().zip(tfs) {
            let d = (doc - self.start) as usize;
            if !PLAIN && !(self.wanted)(doc, d) {
                continue;
            }
            if SKIPS {
                let bit = 1u32 << (d >> CHUNK_BITS);
                if self.all & bit != 0 || (self.dense & bit != 0 && !self.force[d]) {
                    // Only counted: marked as holding the term.
                    self.holds[d / 64] |= 1 << (d % 64);
                    continue;
                }
            }
            if self.tfw[d] == 0.0 {
                self.touched.push(d as u32);
            }
            // As `Scoring::wtf`, with the field's weight and normalisers read once.
            let id = usize::from(self.norms.fieldnorm_id(doc));
            self.tfw[d] += self.weight * tf as f32 / self.norm[id];
            // Weights are positive (`Params`), so an accumulator once touched is never 0
            // again and a document is listed in `touched` once.
            debug_assert!(self.tfw[d] != 0.0, "a weighted frequency of 0 at {doc}");
        }
    }
}
