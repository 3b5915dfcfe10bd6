//! What [`super::bm25f`] keeps of the documents it scores ([`Keep`]), what it returns
//! ([`Matches`]: the kept documents and exact counts), and the bars below which a document
//! need not be kept ([`Bar`]) or scored ([`Floor`]).

use tantivy::DocAddress;

use super::bm25f::{select_tiered, tiered, Scored};
use super::prune::Floor;
use crate::search::filter::Allowed;

/// Which scored documents [`super::bm25f()`] keeps.
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
    /// Documents holding fewer required terms than this do not qualify (not kept, not
    /// counted).
    pub least: u32,
    /// The most the proximity bonus can add to a score: with `best` and `used`, documents
    /// whose BM25F plus this cannot reach the `used`-th best need not be scored
    /// ([`super::prune`]).
    pub slack: f32,
}

/// What [`super::bm25f()`] kept, and how many documents matched in all.
#[derive(Debug, Default)]
pub struct Matches {
    pub docs: Vec<Scored>,
    /// Documents matching at least one term (and the filter). When `Keep::best` is set
    /// and full matches alone fill it, documents lacking a required term stop being
    /// scored and counted, so only `full` is exact then (and it is the total to report).
    pub total: usize,
    /// Of those, documents containing every required term.
    pub full: usize,
    /// The score the documents still to come must beat to be among the `used` best.
    pub(super) floor: Floor,
}

impl Matches {
    /// Cuts the kept documents to the best `keep.best` when they are more than twice that,
    /// and sets `bar` to the worst of those kept. Called between segments and between
    /// windows of a segment: documents scored later have larger addresses.
    pub(super) fn prune(&mut self, keep: &Keep<'_>, bar: &mut Option<Bar>) {
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
    /// be among the best (`bar`, see [`super::bm25f()`]).
    #[inline]
    pub(super) fn admit(
        &mut self,
        keep: &Keep<'_>,
        s: Scored,
        required_terms: u32,
        bar: Option<Bar>,
    ) {
        if self.count(keep, s.address, s.matched, required_terms)
            && bar.is_none_or(|b| b.passed_by(&s))
            && self.floor.may_reach(&s, keep.slack)
        {
            self.floor.offer(s.score, s.matched);
            self.docs.push(s);
        }
    }

    /// Counts a document holding `matched` required terms when it qualifies, and says
    /// whether it did.
    #[inline]
    pub(super) fn count(
        &mut self,
        keep: &Keep<'_>,
        address: DocAddress,
        matched: u32,
        required_terms: u32,
    ) -> bool {
        let qualifies = matched >= keep.least && keep.allowed.is_none_or(|a| a.contains(address));
        if qualifies {
            self.total += 1;
            self.full += usize::from(matched >= required_terms);
        }
        qualifies
    }
}

/// The last document kept when [`super::bm25f()`] last cut its candidates to the best `n`. Documents
/// of later segments have larger addresses, so they rank after it on a tie: one that does
/// not beat it can never be among the best and need not be kept.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bar {
    pub(super) tier: u32,
    pub(super) full: bool,
    pub(super) score: f32,
}

impl Bar {
    #[inline]
    pub(super) fn passed_by(&self, s: &Scored) -> bool {
        let full = s.matched >= self.tier;
        (full && !self.full) || (full == self.full && s.score > self.score)
    }
}
