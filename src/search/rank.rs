//! Ranking of plain-word queries: BM25F over headline, byline, body and quotes, plus a
//! term-proximity bonus for query words found close together.
//!
//! BM25F (Robertson, Zaragoza & Taylor 2004): each field's term frequency is normalised by its
//! own length (`b` per field) and weighted, the weighted sum is saturated once (`k1`), so a
//! word repeated in headline and body is not counted as two independent words. The IDF is
//! Lucene's, from the largest per-field document frequency.
//!
//! Proximity (after Rasolofo & Savoy 2003, "BM25TP"): every pair of occurrences of two
//! different query terms at most `window` positions apart in a field adds `1/d²` to both
//! terms' proximity weight; the weights are saturated like term frequencies and scaled by
//! `min(1, idf)`. It is computed only for the candidates that can still reach the page
//! ([`Proximity::rank`]).
//!
//! The lead (the body's first 30 positions) is indexed as a field of its own and counts as
//! a BM25F field of weight [`Params::lead`] without length normalisation.
//!
//! Scores are read straight from the postings, so the scorer reads every posting of every
//! query term once (fine for plain queries, which rarely have more than a few dozen terms).

use std::ops::Range;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{BlockSegmentPostings, Postings};
use tantivy::query::{EnableScoring, Query};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Searcher, SegmentReader, Term};

use super::dates::DateRange;
use super::filter::{DateCheck, SegmentDates};
use super::natural::QueryTerm;
use crate::index::schema::Fields;

/// Weight and length normalisation of one field in BM25F.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldParams {
    pub weight: f32,
    pub b: f32,
}

/// The ranking parameters (defaults measured on the shared test collections; see README).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    pub k1: f32,
    pub headline: FieldParams,
    pub byline: FieldParams,
    pub body: FieldParams,
    pub quotes: FieldParams,
    /// Scale of the proximity bonus (0 turns it off).
    pub proximity: f32,
    /// Largest distance (in positions) that counts as "close".
    pub window: u32,
    /// Only query neighbours count as close pairs (else any two query words).
    pub neighbours: bool,
    /// Weight of a term's occurrences in the lead (the body's first
    /// [`LEAD_POSITIONS`](crate::index::schema::LEAD_POSITIONS) positions, indexed as the
    /// `lead` field), added to its weighted body frequency without length normalisation
    /// (0 turns it off).
    pub lead: f32,
    /// RM3 (`--expand`) settings.
    pub rm3: super::expand::Rm3,
    /// Drop request words (`papers`, `available`, …) from queries, not only stop words.
    pub request_words: bool,
    /// Exponent applied to the IDF (1 = Lucene's IDF).
    pub idf_pow: f32,
    /// Sub-linear weight for a word repeated in the query (`1 + ln(count)`) instead of its count.
    pub qtf_log: bool,
    /// Coordination: scores are multiplied by `(matched / required)^coord`.
    pub coord: f32,
    /// BM25+ lower bound: added (times IDF) for every query term a document contains.
    pub delta: f32,
    /// How many of the best BM25F candidates are kept while scoring (the page and the
    /// candidates whose proximity bonus could lift them onto it come from these).
    pub pool: usize,
    /// Queries with at most this many (non-stop) words rank full matches first; longer
    /// queries (typed sentences) rank every candidate by score alone.
    pub tier_max: usize,
    /// With `Expand::Auto`, queries of more than this many (non-stop) words are expanded
    /// with RM3 (0: never).
    pub expand_over: usize,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            k1: 1.4,
            headline: FieldParams {
                weight: 2.0,
                b: 0.75,
            },
            byline: FieldParams {
                weight: 0.5,
                b: 0.75,
            },
            body: FieldParams {
                weight: 1.0,
                b: 0.6,
            },
            quotes: FieldParams {
                weight: 0.0,
                b: 0.75,
            },
            proximity: 0.15,
            window: 5,
            neighbours: true,
            delta: 0.0,
            coord: 0.0,
            qtf_log: false,
            idf_pow: 1.0,
            request_words: true,
            rm3: super::expand::Rm3::default(),
            lead: 0.5,
            pool: 1000,
            tier_max: 4,
            expand_over: 4,
        }
    }
}

impl Params {
    /// Applies `key=value` overrides (comma-separated), for experiments:
    /// `k1`, `hw`/`hb` (headline weight/b), `yw`/`yb` (byline), `bw`/`bb` (body),
    /// `qw`/`qb` (quotes), `prox`, `window`, `pool`, `tier`, `nb`, `delta`, `coord`, `lead`,
    /// `qtflog`, `req`, `fbdocs`, `fbterms`, `fblambda`, `expover`. Unknown keys are an error.
    pub fn with_overrides(mut self, spec: &str) -> Result<Params, String> {
        for pair in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (k, v) = pair
                .split_once('=')
                .ok_or_else(|| format!("ranking override {pair:?} is not key=value"))?;
            let x: f32 = v
                .parse()
                .map_err(|_| format!("ranking override {pair:?}: not a number"))?;
            match k {
                "k1" => self.k1 = x,
                "hw" => self.headline.weight = x,
                "hb" => self.headline.b = x,
                "yw" => self.byline.weight = x,
                "yb" => self.byline.b = x,
                "bw" => self.body.weight = x,
                "bb" => self.body.b = x,
                "qw" => self.quotes.weight = x,
                "qb" => self.quotes.b = x,
                "prox" => self.proximity = x,
                "window" => self.window = x as u32,
                "nb" => self.neighbours = x != 0.0,
                "delta" => self.delta = x,
                "coord" => self.coord = x,
                "qtflog" => self.qtf_log = x != 0.0,
                "idfpow" => self.idf_pow = x,
                "req" => self.request_words = x != 0.0,
                "fbdocs" => self.rm3.docs = x as usize,
                "fbterms" => self.rm3.terms = x as usize,
                "fblambda" => self.rm3.original = x,
                "lead" => self.lead = x,
                "pool" => self.pool = x as usize,
                "tier" => self.tier_max = x as usize,
                "expover" => self.expand_over = x as usize,
                _ => return Err(format!("unknown ranking override {k:?}")),
            }
        }
        Ok(self)
    }

    /// The fields BM25F sums, with their weights. The lead follows the body, so a term's
    /// lead occurrences are added right after its body frequency.
    fn fields(&self, f: &Fields) -> Vec<(Field, FieldParams)> {
        let lead = FieldParams {
            weight: self.lead,
            b: 0.0,
        };
        [
            (f.headline, self.headline),
            (f.byline, self.byline),
            (f.body, self.body),
            (f.lead, lead),
            (f.quotes, self.quotes),
        ]
        .into_iter()
        .filter(|(_, p)| p.weight > 0.0)
        .collect()
    }
}

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
    fields: Vec<(Field, FieldParams)>,
    st: Stats,
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
struct Stats {
    avg_len: Vec<f32>,
    idf: Vec<f32>,
}

fn stats(
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
fn weighted_tf(fp: &FieldParams, tf: u32, len: f32, avg_len: f32) -> f32 {
    let norm = 1.0 - fp.b + fp.b * len / avg_len;
    fp.weight * tf as f32 / norm.max(1e-3)
}

/// One query term's share of a document's score, from its summed weighted frequency `x`.
/// (The reference formula, as [`weighted_tf`].)
#[cfg(test)]
fn term_score(p: &Params, t: &QueryTerm, idf: f32, x: f32) -> f32 {
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
fn coordination(p: &Params, matched: u32, required: f32) -> f32 {
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

/// The documents a date range and other filters (a speaker) admit, asked document by
/// document for the documents a query matches. The date is read from each matching
/// document's columns ([`SegmentDates`]): listing the range's documents first through a
/// range query cost a filtered Reuters search most of its time. Other filters are listed
/// once, as one bit per document of each segment.
#[derive(Debug)]
pub struct Allowed {
    /// Per segment, its date columns, when a date range is set.
    dates: Option<Vec<SegmentDates>>,
    /// Per segment, one bit per document the other filters admit, when there are any.
    docs: Option<Vec<Vec<u64>>>,
}

impl Allowed {
    /// The documents dated within `days` (open: no date condition) and admitted by `other`.
    pub fn new(
        searcher: &Searcher,
        days: &DateRange,
        other: Option<&dyn Query>,
    ) -> tantivy::Result<Allowed> {
        let dates = if days.is_open() {
            None
        } else {
            let check = DateCheck::new(days);
            let segments = searcher
                .segment_readers()
                .iter()
                .map(|seg| SegmentDates::open(seg, check))
                .collect::<tantivy::Result<_>>()?;
            Some(segments)
        };
        let docs = match other {
            Some(filter) => Some(Self::list(searcher, filter)?),
            None => None,
        };
        Ok(Allowed { dates, docs })
    }

    /// The documents `filter` admits, one bit per document of each segment.
    fn list(searcher: &Searcher, filter: &dyn Query) -> tantivy::Result<Vec<Vec<u64>>> {
        let weight = filter.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for seg in searcher.segment_readers() {
            let mut bits = vec![0u64; (seg.max_doc() as usize).div_ceil(64)];
            weight.for_each_no_score(seg, &mut |docs: &[DocId]| {
                for &doc in docs {
                    if let Some(word) = bits.get_mut(doc as usize / 64) {
                        *word |= 1 << (doc % 64);
                    }
                }
            })?;
            segments.push(bits);
        }
        Ok(segments)
    }

    /// Whether the filters admit the document at `address`.
    pub fn contains(&self, address: DocAddress) -> bool {
        let (seg, doc) = (address.segment_ord as usize, address.doc_id);
        let dated = self
            .dates
            .as_ref()
            .is_none_or(|segments| segments.get(seg).is_some_and(|d| d.admits(doc)));
        dated
            && self.docs.as_ref().is_none_or(|segments| {
                segments
                    .get(seg)
                    .and_then(|bits| bits.get(doc as usize / 64))
                    .is_some_and(|word| word & (1 << (doc % 64)) != 0)
            })
    }
}

/// Which scored documents [`bm25f`] keeps.
#[derive(Debug, Default, Clone, Copy)]
pub struct Keep<'a> {
    /// Only these (the documents a date or speaker filter admits), when set.
    pub allowed: Option<&'a Allowed>,
    /// Only the best `n` in the ranking order for tier `t`, when set to `(n, t)`; `None`
    /// keeps every match (a date sort needs them all).
    pub best: Option<(usize, u32)>,
    /// How many of the best the caller uses (the page, or the feedback documents); 0: not
    /// known. With `best`, and when at least this many documents hold every required word,
    /// only documents holding the rarest one are scored.
    pub used: usize,
}

/// What [`bm25f`] kept, and how many documents matched in all.
#[derive(Debug, Default)]
pub struct Matches {
    pub docs: Vec<Scored>,
    /// Documents matching at least one term (and the filter). When `Keep::best` is set
    /// and full matches alone fill it, documents lacking a required term stop being
    /// scored and counted, so only `full` is exact then (and it is the total to report).
    pub total: usize,
    /// Of those, documents containing every required term.
    pub full: usize,
}

impl Matches {
    /// Cuts the kept documents to the best `keep.best` when they are more than twice that,
    /// and sets `bar` to the worst of those kept. Called between segments and between
    /// windows of a segment: documents scored later have larger addresses.
    fn prune(&mut self, keep: &Keep<'_>, bar: &mut Option<Bar>) {
        let Some((n, tier)) = keep.best else {
            return;
        };
        if self.docs.len() > 2 * n.max(1024) {
            let top = select_tiered(&mut self.docs, tier, n);
            self.docs.truncate(top);
            *bar = self
                .docs
                .iter()
                .max_by(|a, b| tiered(a, b, tier))
                .map(|last| Bar {
                    tier,
                    full: last.matched >= tier,
                    score: last.score,
                });
        }
    }

    /// Counts a scored document, and keeps it, when the filter admits it and it could still
    /// be among the best (`bar`, see [`bm25f`]).
    fn admit(&mut self, keep: &Keep<'_>, s: Scored, required_terms: u32, bar: Option<Bar>) {
        if keep.allowed.is_none_or(|a| a.contains(s.address)) {
            self.total += 1;
            let full = s.matched >= required_terms;
            self.full += usize::from(full);
            if bar.is_none_or(|b| b.passed_by(&s)) {
                self.docs.push(s);
            }
        }
    }
}

/// The last document kept when [`bm25f`] last cut its candidates to the best `n`. Documents
/// of later segments have larger addresses, so they rank after it on a tie: one that does
/// not beat it can never be among the best and need not be kept.
#[derive(Debug, Clone, Copy)]
struct Bar {
    tier: u32,
    full: bool,
    score: f32,
}

impl Bar {
    fn passed_by(&self, s: &Scored) -> bool {
        let full = s.matched >= self.tier;
        (full && !self.full) || (full == self.full && s.score > self.score)
    }
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
enum Narrow {
    Never,
    /// Once the kept documents are all full matches.
    OnceFull,
    FromStart,
}

/// One query's scoring parameters, shared by the sparse and dense paths of [`bm25f`], with
/// what does not change from document to document computed once. Every table holds exactly
/// what [`weighted_tf`], [`term_score`] and [`coordination`] compute, so scores are the
/// same to the bit.
struct Scoring<'a> {
    terms: &'a [QueryTerm],
    p: &'a Params,
    keep: &'a Keep<'a>,
    required_terms: u32,
    /// Per field: its weight, and its length normaliser for each of tantivy's 256 encoded
    /// field lengths.
    norms: Vec<(f32, [f32; 256])>,
    /// Per term: query weight × IDF.
    factor: Vec<f32>,
    /// Coordination factor by number of required terms matched.
    coord: Vec<f32>,
}

impl<'a> Scoring<'a> {
    fn new(terms: &'a [QueryTerm], p: &'a Params, w: &Weights, keep: &'a Keep<'a>) -> Self {
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
        Scoring {
            terms,
            p,
            keep,
            required_terms,
            norms,
            factor: terms
                .iter()
                .zip(&w.st.idf)
                .map(|(t, &idf)| query_weight(p, t) * idf)
                .collect(),
            coord: (0..=required_terms)
                .map(|m| coordination(p, m, required))
                .collect(),
        }
    }

    /// Scores every segment (see [`bm25f`]).
    fn scan(
        &self,
        searcher: &Searcher,
        fields: &[(Field, FieldParams)],
        narrow: Narrow,
    ) -> tantivy::Result<Matches> {
        let mut out = Matches::default();
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
            let lists = SegmentLists::read(seg, seg_ord as u32, self.terms, fields, narrow)?;
            if lists.is_sparse() {
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
    fn wtf(&self, fi: usize, norm_id: u8, tf: u32) -> f32 {
        let (weight, norm) = &self.norms[fi];
        weight * tf as f32 / norm[usize::from(norm_id)]
    }

    /// Term `ti`'s share of a score, from its summed weighted frequency `x`.
    fn term(&self, ti: usize, x: f32) -> f32 {
        self.factor[ti] * saturated(self.p, x)
    }

    fn admit(
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
    fn sparse(&self, mut seg: SegmentLists<'_>, out: &mut Matches, bar: Option<Bar>) {
        let mut entries: Vec<(DocId, usize, f32)> = Vec::with_capacity(seg.postings);
        for (ti, fi, mut block) in std::mem::take(&mut seg.lists) {
            let norms = &seg.norms[fi];
            for_each_posting(&mut block, seg.seg, |doc, tf| {
                entries.push((doc, ti, self.wtf(fi, norms.fieldnorm_id(doc), tf)));
            });
        }
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
            self.admit(out, seg.seg_ord, group[0].0, score, matched, bar);
        }
    }
}

/// Calls `f(doc, term_freq)` for every live document of a posting list, a block at a time.
fn for_each_posting(
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

/// One segment's posting lists for a query's terms.
struct SegmentLists<'a> {
    seg: &'a SegmentReader,
    seg_ord: u32,
    norms: Vec<FieldNormReader>,
    /// Every (term, field) posting list, in term-then-field order.
    lists: Vec<(usize, usize, BlockSegmentPostings)>,
    /// Postings in all lists.
    postings: usize,
    /// When only documents holding every required word can still be kept: the lists of
    /// the rarest required word again, read separately to mark those documents.
    narrow: Vec<BlockSegmentPostings>,
    /// When to use `narrow`.
    mode: Narrow,
}

impl<'a> SegmentLists<'a> {
    fn read(
        seg: &'a SegmentReader,
        seg_ord: u32,
        terms: &[QueryTerm],
        fields: &[(Field, FieldParams)],
        mode: Narrow,
    ) -> tantivy::Result<SegmentLists<'a>> {
        let mut norms = Vec::with_capacity(fields.len());
        let mut inverted = Vec::with_capacity(fields.len());
        for (field, fp) in fields {
            // A field without length normalisation (the lead) records no lengths.
            norms.push(if fp.b == 0.0 {
                FieldNormReader::constant(seg.max_doc(), 1)
            } else {
                seg.get_fieldnorms_reader(*field)?
            });
            inverted.push(seg.inverted_index(*field)?);
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

    /// True when the segment has few postings for its size (scored by [`Scoring::sparse`]).
    fn is_sparse(&self) -> bool {
        self.postings.saturating_mul(SPARSE_RATIO) < self.seg.max_doc() as usize
    }
}

/// Per-document accumulators for segments with many postings, for one window of
/// [`WINDOW`] documents at a time, reset entry by entry after each window. Sized for the
/// whole segment they cost a page fault per 4 KB: 4,000 for a two-word query on a 1M-article
/// index of 14 segments, more once it is compacted into a few large ones.
struct Dense {
    score: Vec<f32>,
    matched: Vec<u32>,
    seen: Vec<bool>,
    tfw: Vec<f32>,
    /// Window offsets of documents with a weighted frequency for the current term.
    touched: Vec<u32>,
    /// Window offsets of documents scored in this window.
    seen_docs: Vec<u32>,
    /// Documents of the window holding the rarest required word, when narrowing.
    mark: Vec<bool>,
    marked: Vec<u32>,
}

/// Documents per window of [`Dense`]: its arrays then take 14 × 4k = 56 KB, which stay in
/// cache from window to window and fault in 14 pages. 32k-document windows (448 KB, zeroed
/// and faulted in per search) measured slower: Reuters `said` 1.74 → 1.65 ms, `bank rate
/// cut` 1.81 → 1.72 ms (hyperfine medians of 400 runs); 1M AND p50 7.7 → 6.8 ms, frequent
/// 7.9 → 7.3 ms. 2k windows were no faster.
const WINDOW: u32 = 1 << 12;

impl Dense {
    fn new(max_doc: usize) -> Dense {
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
        }
    }

    fn score(
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
        let alive = seg.seg.alive_bitset();
        let max_doc = seg.seg.max_doc();
        let mut start = 0;
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
            let mark = &self.mark;
            let mut li = 0;
            for (ti, t) in q.terms.iter().enumerate() {
                while let Some((_, fi, cursor)) = lists.get_mut(li).filter(|l| l.0 == ti) {
                    let (fi, norms) = (*fi, &seg.norms[*fi]);
                    let (tfw, touched) = (&mut self.tfw, &mut self.touched);
                    cursor.until(end, |doc, tf| {
                        let wanted = !narrowing || mark[(doc - start) as usize];
                        if wanted && alive.is_none_or(|a| a.is_alive(doc)) {
                            let d = (doc - start) as usize;
                            if tfw[d] == 0.0 {
                                touched.push(doc - start);
                            }
                            tfw[d] += q.wtf(fi, norms.fieldnorm_id(doc), tf);
                        }
                    });
                    li += 1;
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
                q.admit(
                    out,
                    seg.seg_ord,
                    start + d,
                    self.score[i],
                    self.matched[i],
                    *bar,
                );
                (self.score[i], self.matched[i], self.seen[i]) = (0.0, 0, false);
            }
            for d in self.marked.drain(..) {
                self.mark[d as usize] = false;
            }
            out.prune(q.keep, bar);
            start = end;
        }
    }
}

/// A position in a posting list read a block at a time.
struct Cursor {
    block: BlockSegmentPostings,
    /// Index of the next posting in the current block.
    at: usize,
}

impl Cursor {
    /// Calls `f(block, range)` with the range of each block's postings before document
    /// `end`, advancing block by block, and stops there.
    fn blocks_until(&mut self, end: DocId, mut f: impl FnMut(&BlockSegmentPostings, Range<usize>)) {
        loop {
            let docs = self.block.docs();
            if self.at >= docs.len() {
                return; // an empty block: the list is exhausted
            }
            let to = self.at + docs[self.at..].partition_point(|&d| d < end);
            f(&self.block, self.at..to);
            if to < docs.len() {
                self.at = to;
                return;
            }
            self.block.advance();
            self.at = 0;
        }
    }

    /// Calls `f(doc, term_freq)` for the postings before document `end`, and stops there.
    fn until(&mut self, end: DocId, mut f: impl FnMut(DocId, u32)) {
        self.blocks_until(end, |block, range| {
            let freqs = block.freqs().get(range.clone()).unwrap_or_default();
            for (&doc, &tf) in block.docs()[range].iter().zip(freqs) {
                f(doc, tf);
            }
        });
    }

    /// Calls `f(doc)` for the postings before document `end`, and stops there (for a list
    /// read without frequencies).
    fn docs_until(&mut self, end: DocId, mut f: impl FnMut(DocId)) {
        self.blocks_until(end, |block, range| {
            block.docs()[range].iter().for_each(|&doc| f(doc));
        });
    }
}

/// A segment is scored through sorted postings instead of per-document arrays when its
/// matching postings are fewer than one in this many of its documents.
const SPARSE_RATIO: usize = 8;

/// Indexes of `candidates` grouped by segment, each group in doc order (postings can only
/// seek forward).
fn by_segment(candidates: &[Scored]) -> Vec<(u32, Vec<usize>)> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_unstable_by_key(|&i| candidates[i].address);
    order
        .chunk_by(|&a, &b| candidates[a].address.segment_ord == candidates[b].address.segment_ord)
        .map(|group| (candidates[group[0]].address.segment_ord, group.to_vec()))
        .collect()
}

/// The reference [`bm25f`] is tested against: recomputes the score of `candidates` (in
/// place) one document at a time, seeking each in every posting list, and counts the lead
/// from body positions instead of the `lead` field.
#[cfg(test)]
pub fn rescore(
    searcher: &Searcher,
    f: &Fields,
    terms: &[QueryTerm],
    p: &Params,
    w: &Weights,
    candidates: &mut [Scored],
) -> tantivy::Result<()> {
    if candidates.is_empty() {
        return Ok(());
    }
    let (fields, st) = (w.fields.as_slice(), &w.st);
    let required = terms.iter().filter(|t| t.required).count().max(1) as f32;
    let mut positions = Vec::new();
    for (seg_ord, idx) in by_segment(candidates) {
        let seg = searcher.segment_reader(seg_ord);
        // tfw[k * terms.len() + ti]: term ti's weighted frequency in candidate idx[k].
        let mut tfw = vec![0f32; idx.len() * terms.len()];
        for (fi, (field, fp)) in fields.iter().enumerate() {
            if *field == f.lead {
                continue;
            }
            let inverted = seg.inverted_index(*field)?;
            let norms = seg.get_fieldnorms_reader(*field)?;
            let lead = p.lead > 0.0 && *field == f.body;
            let option = if lead {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::WithFreqs
            };
            for (ti, t) in terms.iter().enumerate() {
                let term = Term::from_field_text(*field, &t.text);
                let Some(mut postings) = inverted.read_postings(&term, option)? else {
                    continue;
                };
                for (k, &i) in idx.iter().enumerate() {
                    let doc = candidates[i].address.doc_id;
                    if postings.doc() > doc || postings.seek(doc) != doc {
                        continue;
                    }
                    let len = norms.fieldnorm(doc) as f32;
                    let slot = &mut tfw[k * terms.len() + ti];
                    *slot += weighted_tf(fp, postings.term_freq(), len, st.avg_len[fi]);
                    if lead {
                        postings.positions(&mut positions);
                        let early = positions
                            .iter()
                            .filter(|&&x| (x as usize) < crate::index::schema::LEAD_POSITIONS)
                            .count();
                        *slot += p.lead * early as f32;
                    }
                }
            }
        }
        for (k, &i) in idx.iter().enumerate() {
            let score: f32 = terms
                .iter()
                .enumerate()
                .map(|(ti, t)| (ti, t, tfw[k * terms.len() + ti]))
                .filter(|(_, _, x)| *x > 0.0)
                .map(|(ti, t, x)| term_score(p, t, st.idf[ti], x))
                .sum();
            let c = &mut candidates[i];
            c.score = score * coordination(p, c.matched, required);
        }
    }
    Ok(())
}

/// What the proximity bonus of one query needs: the index, the query's terms and the pairs
/// of them that count as close (query neighbours; empty: any two), and the parameters.
pub struct Proximity<'a> {
    pub searcher: &'a Searcher,
    pub fields: &'a Fields,
    pub terms: &'a [QueryTerm],
    pub pairs: &'a [(usize, usize)],
    pub params: &'a Params,
}

impl Proximity<'_> {
    /// Whether the query can earn a bonus at all.
    fn applies(&self) -> bool {
        self.params.proximity > 0.0 && self.terms.len() >= 2
    }

    /// The largest bonus [`Proximity::add`] can give any document: each term's share is
    /// `weight · min(1, idf) · a(k1 + 1)/(a + kd)`, below `|weight| · (k1 + 1)`, summed over
    /// the terms that can be in a close pair, scaled like the bonus (with a margin for
    /// rounding).
    fn bound(&self) -> f32 {
        let (p, pairs) = (self.params, self.pairs);
        let in_pair =
            |ti: usize| pairs.is_empty() || pairs.iter().any(|&(a, b)| a == ti || b == ti);
        let sum: f32 = (0..self.terms.len())
            .filter(|&ti| in_pair(ti))
            .map(|ti| self.terms[ti].weight.abs() * (p.k1 + 1.0))
            .sum();
        let bound = p.proximity * p.body.weight.abs() * sum;
        bound * 1.001 + 1e-4
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
                        if ta != tb && d > 0 && (pairs.is_empty() || pairs.contains(&pair)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranking_overrides_set_known_keys_and_refuse_the_rest() {
        let p = Params::default()
            .with_overrides("k1=1.2, lead=0.25,prox=0")
            .unwrap();
        assert_eq!((p.k1, p.lead, p.proximity), (1.2, 0.25, 0.0));
        // (spec, start of the error)
        let bad = [
            ("leadlen=30", "unknown ranking override \"leadlen\""),
            ("k1", "ranking override \"k1\" is not key=value"),
            ("k1=fast", "ranking override \"k1=fast\": not a number"),
        ];
        for (spec, want) in bad {
            let err = Params::default().with_overrides(spec).unwrap_err();
            assert!(err.starts_with(want), "{spec}: {err}");
        }
    }
}
