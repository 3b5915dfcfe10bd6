//! The one-document-at-a-time reference scorer the optimised [`super::bm25f`] is tested
//! against, bit for bit: it seeks every candidate in every posting list and counts the
//! lead from body positions instead of the `lead` field.

use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, Term};

use super::bm25f::{coordination, term_score, weighted_tf, Scored, Weights};
use super::params::Params;
use super::postings::by_segment;
use super::terms::QueryTerm;
use crate::index::schema::Fields;

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
