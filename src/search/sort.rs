//! Sorting ranked documents by date (`--sort newest|oldest`): by the article's own calendar
//! day, full matches before partial ones, undated last.

use tantivy::Searcher;

use super::rank::Scored;
use crate::index::schema::name;

/// Moves the first `n` of `scored` in date order to its front, in that order (full matches
/// before partial ones, each by date, undated last); the rest follows in no particular order.
pub fn by_date(
    searcher: &Searcher,
    scored: &mut [Scored],
    required: u32,
    newest: bool,
    n: usize,
) -> tantivy::Result<()> {
    let mut columns = Vec::new();
    for seg in searcher.segment_readers() {
        columns.push(seg.fast_fields().i64(name::DAY)?);
    }
    let day = |s: &Scored| {
        columns
            .get(s.address.segment_ord as usize)
            .and_then(|c| c.first(s.address.doc_id))
    };
    let order = |a: &Scored, b: &Scored| {
        let by_date = match (day(a), day(b)) {
            (Some(x), Some(y)) if newest => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        (b.matched >= required)
            .cmp(&(a.matched >= required))
            .then(by_date)
            .then_with(|| a.address.cmp(&b.address))
    };
    if n > 0 && n < scored.len() {
        scored.select_nth_unstable_by(n - 1, order);
    }
    let n = n.min(scored.len());
    scored[..n].sort_unstable_by(order);
    Ok(())
}
