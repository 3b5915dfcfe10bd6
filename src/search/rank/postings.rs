//! Reading posting lists for [`super::bm25f`]: one segment's lists for a query
//! ([`SegmentLists`]), read a block at a time ([`Cursor`]) or sought to the candidates
//! through their skip data; frequent words are scored in windows by [`super::dense`].

use std::ops::Range;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, SegmentReader, Term};

use super::bm25f::{Narrow, Scored};
use super::params::FieldParams;
use super::terms::QueryTerm;

/// Calls `f(doc, term_freq)` for every live document of a posting list, a block at a time.
pub(super) fn for_each_posting(
    block: &mut BlockSegmentPostings,
    seg: &SegmentReader,
    mut f: impl FnMut(DocId, u32),
) {
    let alive = seg.alive_bitset();
    loop {
        let docs = block.docs();
        if docs.is_empty() {
            break;
        }
        for (&doc, &tf) in docs.iter().zip(block.freqs()) {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                f(doc, tf);
            }
        }
        block.advance();
    }
}

/// The frequency of `doc` in a posting list, seeking to it through the list's skip data
/// (forward only: blocks before it are skipped undecoded). Sets `ended` once the list has
/// no posting at or after `doc`.
#[inline]
pub(super) fn seek(block: &mut BlockSegmentPostings, doc: DocId, ended: &mut bool) -> Option<u32> {
    let i = block.seek(doc);
    match block.docs().get(i) {
        None => {
            *ended = true;
            None
        }
        Some(&d) if d == doc => block.freqs().get(i).copied(),
        Some(_) => None,
    }
}

/// One segment's posting lists for a query's terms.
pub(super) struct SegmentLists<'a> {
    pub(super) seg: &'a SegmentReader,
    pub(super) seg_ord: u32,
    pub(super) norms: Vec<FieldNormReader>,
    /// Per field: its average length in this segment as tantivy wrote it into the skip
    /// data (`None` for a field without lengths).
    pub(super) seg_avg: Vec<Option<f32>>,
    /// Every (term, field) posting list, in term-then-field order.
    pub(super) lists: Vec<(usize, usize, BlockSegmentPostings)>,
    /// Postings in all lists.
    pub(super) postings: usize,
    /// When only documents holding every required word can still be kept: the lists of
    /// the rarest required word again, read separately to mark those documents.
    pub(super) narrow: Vec<BlockSegmentPostings>,
    /// When to use `narrow`.
    pub(super) mode: Narrow,
}

impl<'a> SegmentLists<'a> {
    pub(super) fn read(
        seg: &'a SegmentReader,
        seg_ord: u32,
        terms: &[QueryTerm],
        fields: &[(Field, FieldParams)],
        mode: Narrow,
    ) -> tantivy::Result<SegmentLists<'a>> {
        let mut norms = Vec::with_capacity(fields.len());
        let mut inverted = Vec::with_capacity(fields.len());
        let mut seg_avg = Vec::with_capacity(fields.len());
        for (field, fp) in fields {
            let index = seg.inverted_index(*field)?;
            // A field without length normalisation (the lead) records no lengths.
            if fp.b == 0.0 {
                norms.push(FieldNormReader::constant(seg.max_doc(), 1));
                seg_avg.push(None);
            } else {
                norms.push(seg.get_fieldnorms_reader(*field)?);
                // As tantivy's serializer computes it (total tokens over documents, in f32).
                seg_avg.push(Some(
                    index.total_num_tokens() as f32 / seg.max_doc().max(1) as f32,
                ));
            }
            inverted.push(index);
        }
        let mut lists = Vec::new();
        let mut postings = 0usize;
        for (ti, t) in terms.iter().enumerate() {
            for (fi, (field, _)) in fields.iter().enumerate() {
                let term = Term::from_field_text(*field, &t.text);
                let option = IndexRecordOption::WithFreqs;
                if let Some(list) = inverted[fi].read_block_postings(&term, option)? {
                    postings += list.doc_freq() as usize;
                    lists.push((ti, fi, list));
                }
            }
        }
        let mut out = SegmentLists {
            seg,
            seg_ord,
            norms,
            seg_avg,
            lists,
            postings,
            narrow: Vec::new(),
            mode,
        };
        if mode != Narrow::Never && !out.is_sparse() {
            let mut per_term = vec![0usize; terms.len()];
            for (ti, _, list) in &out.lists {
                per_term[*ti] += list.doc_freq() as usize;
            }
            let rarest = (0..terms.len())
                .filter(|&ti| terms[ti].required)
                .min_by_key(|&ti| per_term[ti]);
            if let Some(ti) = rarest {
                for (fi, (field, _)) in fields.iter().enumerate() {
                    let term = Term::from_field_text(*field, &terms[ti].text);
                    let option = IndexRecordOption::Basic;
                    if let Some(list) = inverted[fi].read_block_postings(&term, option)? {
                        out.narrow.push(list);
                    }
                }
            }
        }
        Ok(out)
    }

    /// The documents to score by seeking ([`Scoring::seeked`]) instead of reading every
    /// posting, when they are few beside the postings: those holding the rarest required
    /// word when narrowing from the start (and listed, if the operators list documents), or
    /// else the documents the operators list (`listed`).
    pub(super) fn seek_candidates(
        &mut self,
        listed: Option<&[u64]>,
        cost: usize,
    ) -> Option<Vec<DocId>> {
        let per_doc = cost.saturating_mul(self.lists.len());
        let fits = |docs: usize| docs.saturating_mul(per_doc) <= self.postings;
        let narrow_postings: usize = self.narrow.iter().map(|l| l.doc_freq() as usize).sum();
        if self.mode == Narrow::FromStart && !self.narrow.is_empty() && fits(narrow_postings) {
            let mut docs = Vec::with_capacity(narrow_postings);
            // Read without frequencies: the documents only (deleted ones are skipped when
            // scored).
            for mut list in std::mem::take(&mut self.narrow) {
                while !list.docs().is_empty() {
                    let wanted = list
                        .docs()
                        .iter()
                        .filter(|&&doc| listed.is_none_or(|bits| has_bit(bits, doc)));
                    docs.extend(wanted);
                    list.advance();
                }
            }
            docs.sort_unstable();
            docs.dedup();
            return Some(docs);
        }
        let bits = listed?;
        let count: usize = bits.iter().map(|w| w.count_ones() as usize).sum();
        if !fits(count) {
            return None;
        }
        let mut docs = Vec::with_capacity(count);
        for (w, &word) in bits.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                docs.push(w as u32 * 64 + word.trailing_zeros());
                word &= word - 1;
            }
        }
        Some(docs)
    }

    /// True when the segment has few postings for its size (scored by [`Scoring::sparse`]).
    pub(super) fn is_sparse(&self) -> bool {
        self.postings.saturating_mul(SPARSE_RATIO) < self.seg.max_doc() as usize
    }
}

/// Whether `doc`'s bit is set in `bits` (one bit per document).
pub(super) fn has_bit(bits: &[u64], doc: DocId) -> bool {
    bits.get(doc as usize / 64)
        .is_some_and(|word| word & (1 << (doc % 64)) != 0)
}

/// A position in a posting list read a block at a time.
/// A position in a posting list read a block at a time.
pub(super) struct Cursor {
    pub(super) block: BlockSegmentPostings,
    /// Index of the next posting in the current block.
    pub(super) at: usize,
}

impl Cursor {
    /// Calls `f(block, range)` with the range of each block's postings before document
    /// `end`, advancing block by block, and stops there.
    pub(super) fn blocks_until(
        &mut self,
        end: DocId,
        mut f: impl FnMut(&mut BlockSegmentPostings, Range<usize>),
    ) {
        loop {
            let docs = self.block.docs();
            let len = docs.len();
            if self.at >= len {
                return; // an empty block: the list is exhausted
            }
            let to = self.at + docs[self.at..].partition_point(|&d| d < end);
            f(&mut self.block, self.at..to);
            if to < len {
                self.at = to;
                return;
            }
            self.block.advance();
            self.at = 0;
        }
    }

    /// Calls `f(doc)` for the postings before document `end`, and stops there (for a list
    /// read without frequencies).
    pub(super) fn docs_until(&mut self, end: DocId, mut f: impl FnMut(DocId)) {
        self.blocks_until(end, |block, range| {
            block.docs()[range].iter().for_each(|&doc| f(doc));
        });
    }
}

/// Candidates are scored by seeking ([`SegmentLists::seek_candidates`]) when, times the
/// number of posting lists and this, they are at most the postings: a seek costs a skip, a
/// search within a block and at times a block decoded, about as much as reading one or two
/// postings in order (measured: docs/PERFORMANCE.md, issue 17 second stop).
pub(super) const SEEK_COST: usize = 2;

/// A segment is scored through sorted postings instead of per-document arrays when its
/// matching postings are fewer than one in this many of its documents.
const SPARSE_RATIO: usize = 8;

/// Indexes of `candidates` grouped by segment, each group in doc order (postings can only
/// seek forward).
pub(super) fn by_segment(candidates: &[Scored]) -> Vec<(u32, Vec<usize>)> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_unstable_by_key(|&i| candidates[i].address);
    order
        .chunk_by(|&a, &b| candidates[a].address.segment_ord == candidates[b].address.segment_ord)
        .map(|group| (candidates[group[0]].address.segment_ord, group.to_vec()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::bm25f::{Keep, Narrow, Scoring, Weights};
    use super::super::{terms, Params};
    use crate::article::Article;
    use crate::search::compile::Compiler;
    use crate::search::dates::DateRange;
    use crate::search::filter::Allowed;
    use crate::search::query;

    #[test]
    fn seeking_scores_and_counts_exactly_what_reading_every_posting_does() {
        // 900 articles in three segments: "oil" in every body (dense lists), "price" in
        // every third, "tanker" in every 40th, "storm" in every 7th headline.
        let articles = (0..900).map(|i: usize| Article {
            id: i.to_string(),
            headline: if i.is_multiple_of(7) {
                "Storm report"
            } else {
                "Report"
            }
            .into(),
            body: format!(
                "{}{}{}",
                "oil ".repeat(1 + i % 5),
                if i.is_multiple_of(3) { "price " } else { "" },
                if i % 40 == 1 { "tanker price" } else { "word" },
            ),
            ..Article::default()
        });
        let s = crate::index::store::in_memory(articles, &[300, 350]);
        let searcher = s.reader.searcher();
        let p = Params::default();
        let listed = |q: &str| {
            let node = query::parse(q).unwrap();
            let must = Compiler::new(s.fields).compile(&node, true);
            Allowed::new(&searcher, &DateRange::default(), Some(&*must), None).unwrap()
        };
        let operators = [
            None,
            Some(listed("tanker")),
            Some(listed("\"storm report\"")),
        ];
        // (words, narrow, least)
        let cases: [(&[&str], Narrow, u32); 5] = [
            (&["oil"], Narrow::Never, 0),
            (&["oil", "price"], Narrow::Never, 0),
            (&["oil", "tanker"], Narrow::FromStart, 2),
            (&["price", "tanker", "oil"], Narrow::FromStart, 3),
            (&["oil", "storm"], Narrow::Never, 1),
        ];
        let mut seeked = 0;
        for (words, narrow, least) in cases {
            let terms = terms::terms(words, true);
            let w = Weights::new(&searcher, &s.fields, &terms, &p).unwrap();
            for allowed in &operators {
                let keep = Keep {
                    allowed: allowed.as_ref(),
                    least,
                    ..Keep::default()
                };
                let mut q = Scoring::new(&terms, &p, &w, &keep);
                let mut run = |cost| {
                    q.seek_cost = cost;
                    let mut m = q.scan(&searcher, &w.fields, narrow).unwrap();
                    m.docs.sort_by_key(|d| d.address);
                    (m.total, m.full, m.docs)
                };
                let (read, seek) = (run(usize::MAX), run(0));
                assert_eq!(
                    read,
                    seek,
                    "{words:?} {narrow:?} listed: {}",
                    allowed.is_some()
                );
                seeked += usize::from(!seek.2.is_empty());
            }
        }
        assert!(seeked >= 10, "too few cases scored anything: {seeked}");
    }
}
