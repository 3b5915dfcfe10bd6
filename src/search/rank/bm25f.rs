//! BM25F over headline, byline, body, lead and quotes (Robertson, Zaragoza & Taylor 2004):
//! each field's term frequency is normalised by its own length (`b` per field) and weighted,
//! the weighted sum is saturated once (`k1`), so a word repeated in headline and body is not
//! counted as two independent words. The IDF is Lucene's, from the largest per-field
//! document frequency. The lead (the body's first 30 positions) is a field of its own with
//! weight [`Params::lead`] and no length normalisation.
//!
//! Scores are read straight from the postings ([`super::postings`]): every posting of every
//! query term once, keeping only the candidates that can still reach the page ([`Keep`]).

use tantivy::fieldnorm::FieldNormReader;
use tantivy::schema::Field;
use tantivy::{DocAddress, DocId, Searcher, Term};

use super::dense::Dense;
pub(super) use super::matches::Bar;
pub use super::matches::{Keep, Matches};
use super::params::{FieldParams, Params};
use super::postings::{for_each_posting, has_bit, seek, SegmentLists};
use super::prune::Floor;
use super::terms::QueryTerm;
use crate::index::schema::Fields;

/// A scored document: its address, score, and how many required terms it contains.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub address: DocAddress,
    pub score: f32,
    pub matched: u32,
}

/// The BM25F fields of one query and their collection statistics, computed once and shared
/// by [`bm25f`] and [`rescore`] (each reads the term dictionary of every segment).
pub struct Weights {
    pub(super) fields: Vec<(Field, FieldParams)>,
    pub(super) st: Stats,
}

impl Weights {
    pub fn new(
        searcher: &Searcher,
        f: &Fields,
        terms: &[QueryTerm],
        p: &Params,
    ) -> tantivy::Result<Weights> {
        let fields = p.fields(f);
        let st = stats(searcher, &fields, terms, p.idf_pow)?;
        Ok(Weights { fields, st })
    }
}

/// Collection statistics the scorer needs: document count, average field lengths, IDFs.
pub(super) struct Stats {
    pub(super) avg_len: Vec<f32>,
    pub(super) idf: Vec<f32>,
}

pub(super) fn stats(
    searcher: &Searcher,
    fields: &[(Field, FieldParams)],
    terms: &[QueryTerm],
    idf_pow: f32,
) -> tantivy::Result<Stats> {
    let n = searcher.num_docs().max(1) as f32;
    let mut avg_len = Vec::with_capacity(fields.len());
    for (field, _) in fields {
        let mut tokens = 0u64;
        for seg in searcher.segment_readers() {
            tokens += seg.inverted_index(*field)?.total_num_tokens();
        }
        avg_len.push((tokens as f32 / n).max(1.0));
    }
    let mut idf = Vec::with_capacity(terms.len());
    for t in terms {
        let mut df_max = 0u64;
        for (field, _) in fields {
            let term = Term::from_field_text(*field, &t.text);
            let mut df = 0u64;
            for seg in searcher.segment_readers() {
                df += u64::from(seg.inverted_index(*field)?.doc_freq(&term)?);
            }
            df_max = df_max.max(df);
        }
        let df = df_max as f32;
        idf.push((1.0 + (n - df + 0.5) / (df + 0.5)).ln().powf(idf_pow));
    }
    Ok(Stats { avg_len, idf })
}

/// `fp.weight · tf / (1 - b + b · len / avg)`: one field's weighted, length-normalised term
/// frequency, the quantity BM25F sums over fields before saturating. (The reference formula;
/// [`bm25f`] computes it from per-query tables.)
#[cfg(test)]
pub(super) fn weighted_tf(fp: &FieldParams, tf: u32, len: f32, avg_len: f32) -> f32 {
    let norm = 1.0 - fp.b + fp.b * len / avg_len;
    fp.weight * tf as f32 / norm.max(1e-3)
}

/// One query term's share of a document's score, from its summed weighted frequency `x`.
/// (The reference formula, as [`weighted_tf`].)
#[cfg(test)]
pub(super) fn term_score(p: &Params, t: &QueryTerm, idf: f32, x: f32) -> f32 {
    query_weight(p, t) * idf * saturated(p, x)
}

/// A query term's weight in the score.
fn query_weight(p: &Params, t: &QueryTerm) -> f32 {
    if p.qtf_log && t.required {
        1.0 + t.weight.ln()
    } else {
        t.weight
    }
}

/// BM25's saturation of a summed weighted frequency `x` (plus BM25+'s `delta`).
fn saturated(p: &Params, x: f32) -> f32 {
    x * (p.k1 + 1.0) / (p.k1 + x) + p.delta
}

/// The coordination factor for a document with `matched` of `required` terms.
pub(super) fn coordination(p: &Params, matched: u32, required: f32) -> f32 {
    if p.coord > 0.0 {
        (matched as f32 / required).powf(p.coord)
    } else {
        1.0
    }
}

/// The ranking order: full matches (at least `tier` required terms) before partial ones,
/// each by score, ties by address.
pub fn tiered(a: &Scored, b: &Scored, tier: u32) -> std::cmp::Ordering {
    (b.matched >= tier)
        .cmp(&(a.matched >= tier))
        .then_with(|| b.score.total_cmp(&a.score))
        .then_with(|| a.address.cmp(&b.address))
}

/// Sorts `scored` in the ranking order.
pub fn sort_tiered(scored: &mut [Scored], tier: u32) {
    scored.sort_unstable_by(|a, b| tiered(a, b, tier));
}

/// Moves the best `n` of `scored` (in the ranking order) to its front, in no particular
/// order, and returns how many that is.
pub fn select_tiered(scored: &mut [Scored], tier: u32, n: usize) -> usize {
    if n > 0 && n < scored.len() {
        scored.select_nth_unstable_by(n - 1, |a, b| tiered(a, b, tier));
    }
    n.min(scored.len())
}

/// Scores every document containing at least one query term with BM25F (lead included: it
/// is a field of its own), unsorted. Only what `keep` asks for is kept: a frequent word
/// matches most of a large index.
pub fn bm25f(
    searcher: &Searcher,
    terms: &[QueryTerm],
    p: &Params,
    w: &Weights,
    keep: &Keep<'_>,
) -> tantivy::Result<Matches> {
    let q = Scoring::new(terms, p, w, keep);
    // A document lacking a required word ranks after every full match, so once full
    // matches are at least the `used` the caller takes, the others cannot be among them:
    // dense scoring narrows to documents holding the rarest required word (the count of
    // full matches stays exact; `total` does not matter then, since the caller reports full
    // matches when they fill the page). Whether they will be that many is known only at
    // the end, so a first pass narrows from the start and is kept when they are; otherwise
    // the second pass narrows only once the kept documents are all full matches.
    let may_narrow = terms.len() > 1
        && q.required_terms > 0
        && keep.best.is_some_and(|(_, tier)| tier == q.required_terms);
    // Where only full matches qualify (an explicit AND), documents lacking the rarest
    // required word never count: narrow from the start, in one pass.
    if terms.len() > 1 && q.required_terms > 0 && keep.least >= q.required_terms {
        return q.scan(searcher, &w.fields, Narrow::FromStart);
    }
    if may_narrow && keep.used > 0 {
        let out = q.scan(searcher, &w.fields, Narrow::FromStart)?;
        if out.full >= keep.used {
            return Ok(out);
        }
    }
    let narrow = if may_narrow {
        Narrow::OnceFull
    } else {
        Narrow::Never
    };
    q.scan(searcher, &w.fields, narrow)
}

/// When [`bm25f`] scores only documents holding the rarest required word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Narrow {
    Never,
    /// Once the kept documents are all full matches.
    OnceFull,
    FromStart,
}

/// One query's scoring parameters, shared by the sparse and dense paths of [`bm25f`], with
/// what does not change from document to document computed once. Every table holds exactly
/// what [`weighted_tf`], [`term_score`] and [`coordination`] compute, so scores are the
/// same to the bit.
pub(super) struct Scoring<'a> {
    pub(super) terms: &'a [QueryTerm],
    pub(super) p: &'a Params,
    pub(super) keep: &'a Keep<'a>,
    pub(super) required_terms: u32,
    /// Per field: its weight, and its length normaliser for each of tantivy's 256 encoded
    /// field lengths.
    pub(super) norms: Vec<(f32, [f32; 256])>,
    /// Per field: its `b` and average length over the index (for [`super::prune`]).
    pub(super) shape: Vec<(f32, f32)>,
    /// Per term: query weight × IDF.
    pub(super) factor: Vec<f32>,
    /// Coordination factor by number of required terms matched.
    pub(super) coord: Vec<f32>,
    /// When to score by seeking: [`super::postings::SEEK_COST`] (tests force each path).
    pub(super) seek_cost: usize,
}

impl<'a> Scoring<'a> {
    pub(super) fn new(
        terms: &'a [QueryTerm],
        p: &'a Params,
        w: &Weights,
        keep: &'a Keep<'a>,
    ) -> Self {
        let required_terms = terms.iter().filter(|t| t.required).count() as u32;
        let required = required_terms.max(1) as f32;
        let norms = w
            .fields
            .iter()
            .zip(&w.st.avg_len)
            .map(|((_, fp), &avg)| {
                let norm = |id: usize| {
                    let len = FieldNormReader::id_to_fieldnorm(id as u8) as f32;
                    (1.0 - fp.b + fp.b * len / avg).max(1e-3)
                };
                (fp.weight, std::array::from_fn(norm))
            })
            .collect();
        let shape = w
            .fields
            .iter()
            .zip(&w.st.avg_len)
            .map(|((_, fp), &avg)| (fp.b, avg))
            .collect();
        Scoring {
            terms,
            p,
            keep,
            required_terms,
            norms,
            shape,
            factor: terms
                .iter()
                .zip(&w.st.idf)
                .map(|(t, &idf)| query_weight(p, t) * idf)
                .collect(),
            coord: (0..=required_terms)
                .map(|m| coordination(p, m, required))
                .collect(),
            seek_cost: super::postings::SEEK_COST,
        }
    }

    /// Scores every segment (see [`bm25f`]).
    pub(super) fn scan(
        &self,
        searcher: &Searcher,
        fields: &[(Field, FieldParams)],
        narrow: Narrow,
    ) -> tantivy::Result<Matches> {
        // Pruning needs to know how many of the best the caller takes.
        let floor = match self.keep.best {
            Some((_, tier)) if self.keep.used > 0 => Floor::new(self.keep.used, tier),
            _ => Floor::default(),
        };
        let mut out = Matches {
            floor,
            ..Matches::default()
        };
        let max_doc = searcher
            .segment_readers()
            .iter()
            .map(|s| s.max_doc() as usize)
            .max()
            .unwrap_or(0);
        // Allocated the first time a segment needs them, then shared by all segments.
        let mut dense: Option<Dense> = None;
        let mut bar: Option<Bar> = None;
        for (seg_ord, seg) in searcher.segment_readers().iter().enumerate() {
            let mut lists = SegmentLists::read(seg, seg_ord as u32, self.terms, fields, narrow)?;
            let listed = self.keep.allowed.and_then(|a| a.listed(seg_ord as u32));
            if let Some(candidates) = lists.seek_candidates(listed, self.seek_cost) {
                self.seeked(lists, &candidates, &mut out, bar);
            } else if lists.is_sparse() {
                self.sparse(lists, &mut out, bar);
            } else {
                dense
                    .get_or_insert_with(|| Dense::new(max_doc))
                    .score(self, lists, &mut out, &mut bar);
            }
            out.prune(self.keep, &mut bar);
        }
        Ok(out)
    }

    /// The weighted frequency of a posting in field `fi` with encoded length `norm_id`.
    #[inline]
    pub(super) fn wtf(&self, fi: usize, norm_id: u8, tf: u32) -> f32 {
        let (weight, norm) = &self.norms[fi];
        weight * tf as f32 / norm[usize::from(norm_id)]
    }

    /// Term `ti`'s share of a score, from its summed weighted frequency `x`.
    #[inline]
    pub(super) fn term(&self, ti: usize, x: f32) -> f32 {
        self.factor[ti] * saturated(self.p, x)
    }

    #[inline]
    pub(super) fn admit(
        &self,
        out: &mut Matches,
        seg_ord: u32,
        doc: DocId,
        score: f32,
        matched: u32,
        bar: Option<Bar>,
    ) {
        let coord = self.coord.get(matched as usize).copied().unwrap_or(1.0);
        let scored = Scored {
            address: DocAddress::new(seg_ord, doc),
            score: score * coord,
            matched,
        };
        out.admit(self.keep, scored, self.required_terms, bar);
    }

    /// Scores a segment with few postings (a rare word) from its postings sorted by
    /// document, instead of touching a page of the per-document arrays for each.
    pub(super) fn sparse(&self, mut seg: SegmentLists<'_>, out: &mut Matches, bar: Option<Bar>) {
        let mut entries: Vec<(DocId, usize, f32)> = Vec::with_capacity(seg.postings);
        let listed = self.keep.allowed.and_then(|a| a.listed(seg.seg_ord));
        for (ti, fi, mut block) in std::mem::take(&mut seg.lists) {
            let norms = &seg.norms[fi];
            for_each_posting(&mut block, seg.seg, |doc, tf| {
                if listed.is_none_or(|bits| has_bit(bits, doc)) {
                    entries.push((doc, ti, self.wtf(fi, norms.fieldnorm_id(doc), tf)));
                }
            });
        }
        self.score_entries(entries, seg.seg_ord, out, bar);
    }

    /// Scores only `candidates` (ascending) of a segment, a document at a time, seeking
    /// every posting list to each through its skip data: the blocks between candidates are
    /// never decoded. For documents the operators list, or that hold the rarest required
    /// word, when they are few beside the postings of all the query's words. Lists are in
    /// term-then-field order, so sums are added in the order of the other paths and scores
    /// are identical to the bit.
    pub(super) fn seeked(
        &self,
        mut seg: SegmentLists<'_>,
        candidates: &[DocId],
        out: &mut Matches,
        bar: Option<Bar>,
    ) {
        let alive = seg.seg.alive_bitset();
        let mut lists = std::mem::take(&mut seg.lists);
        let mut ended = vec![false; lists.len()];
        for &doc in candidates {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                continue;
            }
            let (mut score, mut matched, mut any) = (0f32, 0u32, false);
            // The term being summed, and its weighted frequency so far.
            let mut term: Option<(usize, f32)> = None;
            for (k, (ti, fi, block)) in lists.iter_mut().enumerate() {
                if ended[k] {
                    continue;
                }
                let Some(tf) = seek(block, doc, &mut ended[k]) else {
                    continue;
                };
                let w = self.wtf(*fi, seg.norms[*fi].fieldnorm_id(doc), tf);
                term = match term {
                    Some((t, x)) if t == *ti => Some((t, x + w)),
                    done => {
                        if let Some((t, x)) = done {
                            score += self.term(t, x);
                            matched += u32::from(self.terms[t].required);
                        }
                        Some((*ti, 0f32 + w))
                    }
                };
                any = true;
            }
            if let Some((t, x)) = term {
                score += self.term(t, x);
                matched += u32::from(self.terms[t].required);
            }
            if any {
                self.admit(out, seg.seg_ord, doc, score, matched, bar);
            }
        }
    }

    /// Sums `entries` (document, term, weighted frequency), in list order, per document.
    fn score_entries(
        &self,
        mut entries: Vec<(DocId, usize, f32)>,
        seg_ord: u32,
        out: &mut Matches,
        bar: Option<Bar>,
    ) {
        // Stable: a document's fields stay in field order, so sums are added in the same
        // order as by the dense path and scores are identical to the bit.
        entries.sort_by_key(|&(doc, ti, _)| (doc, ti));
        for group in entries.chunk_by(|a, b| a.0 == b.0) {
            let (mut score, mut matched) = (0f32, 0u32);
            for per_term in group.chunk_by(|a, b| a.1 == b.1) {
                let ti = per_term[0].1;
                let x = per_term.iter().fold(0f32, |x, e| x + e.2);
                score += self.term(ti, x);
                matched += u32::from(self.terms[ti].required);
            }
            self.admit(out, seg_ord, group[0].0, score, matched, bar);
        }
    }
}
