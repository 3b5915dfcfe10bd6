//! Which documents qualify, decided in one place ([`Allowed`]): the date range, the query's
//! operators and the speaker filter.
//!
//! Dates: [`DateCheck::admits`] reads a document's day number and instant (the `day` and
//! `instant` columns) and applies the rule of [`super::dates`]. Everything that filters by
//! date asks it: the ranker per candidate ([`SegmentDates`]), and a `date:` term nested
//! inside an operator ([`DateQuery`]).

use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::postings::TermInfo;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    BitSet, DocAddress, DocId, InvertedIndexReader, Score, Searcher, SegmentReader, Term,
};

use super::dates::DateRange;
use crate::index::document::day_number;
use crate::index::schema::name;

/// A [`DateRange`] in the numbers the index stores: day numbers, and seconds since the
/// epoch (with the instant's day, for articles whose instant is unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateCheck {
    first: i64,
    last: i64,
    /// (first admitted second, first admitted day when the instant is unknown)
    from: Option<(i64, i64)>,
    /// (last admitted second, last admitted day when the instant is unknown)
    to: Option<(i64, i64)>,
}

impl DateCheck {
    /// The check for `range`.
    pub fn new(range: &DateRange) -> DateCheck {
        DateCheck {
            first: range.first.map_or(i64::MIN, day_number),
            last: range.last.map_or(i64::MAX, day_number),
            from: range.from.map(|i| (i.ceil(), day_number(i.day))),
            to: range.to.map(|i| (i.secs, day_number(i.day))),
        }
    }

    /// Whether a document of this day number and instant (seconds) is admitted. An article
    /// without a day is not; one without an instant is compared by day with instant bounds.
    pub fn admits(&self, day: Option<i64>, instant: Option<i64>) -> bool {
        let Some(day) = day else {
            return false;
        };
        if day < self.first || day > self.last {
            return false;
        }
        let after = self.from.is_none_or(|(secs, first)| match instant {
            Some(at) => at >= secs,
            None => day >= first,
        });
        let before = self.to.is_none_or(|(secs, last)| match instant {
            Some(at) => at <= secs,
            None => day <= last,
        });
        after && before
    }

    /// Whether any bound compares instants (else the instant column need not be read).
    fn needs_instant(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
}

/// One segment's date columns, to check its documents against a [`DateCheck`], and its
/// index of days, to list the documents of a range.
pub struct SegmentDates {
    check: DateCheck,
    /// Absent: no document of the segment has a day.
    day: Option<Column<i64>>,
    instant: Option<Column<i64>>,
    /// The `day` field's term dictionary and postings: one term per distinct day.
    days: Arc<InvertedIndexReader>,
    day_field: Field,
}

impl std::fmt::Debug for SegmentDates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SegmentDates")
            .field("check", &self.check)
            .finish_non_exhaustive()
    }
}

/// A range whose days' postings hold more than one document in this many of a segment is
/// listed by scanning the day column instead (one pass at a few ns a document, where
/// thousands of short posting lists cost more).
const POSTINGS_SHARE: u64 = 8;

impl SegmentDates {
    /// Opens the columns `check` needs in `seg`.
    pub fn open(seg: &SegmentReader, check: DateCheck) -> tantivy::Result<SegmentDates> {
        let fast = seg.fast_fields();
        let instant = if check.needs_instant() {
            fast.column_opt(name::INSTANT)?
        } else {
            None
        };
        let day_field = seg.schema().get_field(name::DAY)?;
        Ok(SegmentDates {
            check,
            day: fast.column_opt(name::DAY)?,
            instant,
            days: seg.inverted_index(day_field)?,
            day_field,
        })
    }

    /// Whether the range admits document `doc` of this segment.
    pub fn admits(&self, doc: DocId) -> bool {
        let day = self.day.as_ref().and_then(|c| c.first(doc));
        let instant = self.instant.as_ref().and_then(|c| c.first(doc));
        self.check.admits(day, instant)
    }

    /// Every document of the segment the range admits: the documents whose day is within
    /// the day bounds, then checked one by one only when a bound compares instants. The
    /// days come from the postings of the range's days when they are few, else from a scan
    /// of the day column (looking each document up instead cost a 1M-article index 155 M
    /// instructions per search; a scan of its million days still costs ~2 ms where a
    /// month's postings are a few thousand documents).
    pub fn all(&self, max_doc: DocId) -> tantivy::Result<BitSet> {
        let mut set = BitSet::with_max_value(max_doc);
        let Some(day) = &self.day else {
            return Ok(set);
        };
        if self.check.first > self.check.last {
            return Ok(set);
        }
        let mut admit = |doc: DocId| {
            if doc < max_doc && (!self.check.needs_instant() || self.admits(doc)) {
                set.insert(doc);
            }
        };
        match self.days_postings(max_doc)? {
            Some(lists) => {
                for info in lists {
                    let mut block = self
                        .days
                        .read_block_postings_from_terminfo(&info, IndexRecordOption::Basic)?;
                    while !block.docs().is_empty() {
                        block.docs().iter().for_each(|&doc| admit(doc));
                        block.advance();
                    }
                }
            }
            None => {
                let mut docs = Vec::new();
                let days = self.check.first..=self.check.last;
                day.get_docids_for_value_range(days, 0..max_doc, &mut docs);
                docs.into_iter().for_each(admit);
            }
        }
        Ok(set)
    }

    /// The posting lists of the range's days, unless they hold more than one document in
    /// [`POSTINGS_SHARE`] of the segment's.
    fn days_postings(&self, max_doc: DocId) -> tantivy::Result<Option<Vec<TermInfo>>> {
        let (from, to) = (
            Term::from_field_i64(self.day_field, self.check.first),
            Term::from_field_i64(self.day_field, self.check.last),
        );
        let mut stream = self
            .days
            .terms()
            .range()
            .ge(from.serialized_value_bytes())
            .le(to.serialized_value_bytes())
            .into_stream()?;
        let (mut lists, mut docs) = (Vec::new(), 0u64);
        while stream.advance() {
            docs += u64::from(stream.value().doc_freq);
            if docs.saturating_mul(POSTINGS_SHARE) > u64::from(max_doc) {
                return Ok(None);
            }
            lists.push(stream.value().clone());
        }
        Ok(Some(lists))
    }
}

/// A `date:` clause as a tantivy query: the documents the range admits, scoring 0 (a date
/// decides, it does not rank).
#[derive(Debug, Clone)]
pub struct DateQuery(pub DateCheck);

impl Query for DateQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for DateQuery {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let set = SegmentDates::open(reader, self.0)?.all(reader.max_doc())?;
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(set), 0.0)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if SegmentDates::open(reader, self.0)?.admits(doc) {
            Ok(Explanation::new("within the date range", 0.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} is outside the date range"
            )))
        }
    }
}

/// The documents that qualify besides their words: the date range, checked document by
/// document from the columns ([`SegmentDates`]; listing a range's documents through a range
/// query first cost a filtered Reuters search most of its time), and the query's operators
/// and the speaker filter, listed once as one bit per document of each segment.
#[derive(Debug, Default)]
pub struct Allowed {
    /// Per segment, its date columns, when a date range is set.
    dates: Option<Vec<SegmentDates>>,
    /// Per segment, the documents the operators and the speaker filter admit, when set.
    docs: Option<Vec<Vec<u64>>>,
    /// Per segment, the documents a `NOT` excludes, when there is one.
    excluded: Option<Vec<Vec<u64>>>,
}

impl Allowed {
    /// The documents dated within `dates` (open: no date condition), matching `must` and
    /// not matching `must_not`.
    pub fn new(
        searcher: &Searcher,
        dates: &DateRange,
        must: Option<&dyn Query>,
        must_not: Option<&dyn Query>,
    ) -> tantivy::Result<Allowed> {
        let dates = if dates.is_open() {
            None
        } else {
            let check = DateCheck::new(dates);
            let segments = searcher
                .segment_readers()
                .iter()
                .map(|seg| SegmentDates::open(seg, check))
                .collect::<tantivy::Result<_>>()?;
            Some(segments)
        };
        Ok(Allowed {
            dates,
            docs: must.map(|q| list(searcher, q)).transpose()?,
            excluded: must_not.map(|q| list(searcher, q)).transpose()?,
        })
    }

    /// True when every document is admitted.
    pub fn is_everything(&self) -> bool {
        self.dates.is_none() && self.docs.is_none() && self.excluded.is_none()
    }

    /// The documents of segment `seg` the operators list, when they list them: postings of
    /// other documents need not be scored at all.
    pub fn listed(&self, seg: u32) -> Option<&[u64]> {
        self.docs.as_ref()?.get(seg as usize).map(Vec::as_slice)
    }

    /// Whether the filters admit the document at `address`.
    pub fn contains(&self, address: DocAddress) -> bool {
        let (seg, doc) = (address.segment_ord as usize, address.doc_id);
        let bit = |segments: &Vec<Vec<u64>>| {
            segments
                .get(seg)
                .and_then(|bits| bits.get(doc as usize / 64))
                .is_some_and(|word| word & (1 << (doc % 64)) != 0)
        };
        self.dates
            .as_ref()
            .is_none_or(|segments| segments.get(seg).is_some_and(|d| d.admits(doc)))
            && self.docs.as_ref().is_none_or(bit)
            && !self.excluded.as_ref().is_some_and(bit)
    }

    /// Calls `f` with every live document the filters admit, in address order.
    pub fn for_each(&self, searcher: &Searcher, mut f: impl FnMut(DocAddress)) {
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let alive = seg.alive_bitset();
            let listed = self.docs.as_ref().and_then(|s| s.get(ord));
            let mut visit = |doc: DocId| {
                let address = DocAddress::new(ord as u32, doc);
                if alive.is_none_or(|a| a.is_alive(doc)) && self.contains(address) {
                    f(address);
                }
            };
            match listed {
                Some(bits) => {
                    for (w, &word) in bits.iter().enumerate() {
                        let mut word = word;
                        while word != 0 {
                            visit(w as u32 * 64 + word.trailing_zeros());
                            word &= word - 1;
                        }
                    }
                }
                None => (0..seg.max_doc()).for_each(&mut visit),
            }
        }
    }
}

/// The documents `filter` matches, one bit per document of each segment.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::dates::{parse_period, DateRange, Period};

    fn period(s: &str) -> Period {
        parse_period(s).unwrap()
    }

    fn secs(s: &str) -> i64 {
        match period(s) {
            Period::Instant(i) => i.secs,
            Period::Days(..) => panic!("{s} is not an instant"),
        }
    }

    fn day(s: &str) -> i64 {
        day_number(s.parse().unwrap())
    }

    #[test]
    fn day_bounds_compare_days_and_instant_bounds_compare_instants() {
        // The article of issue 14: written 2021-03-03T23:30-08:00 (its day is March 3).
        let late = (
            Some(day("2021-03-03")),
            Some(secs("2021-03-03T23:30:00-08:00")),
        );
        // Written 2021-03-04T00:30+14:00: earlier in absolute time, a day later on its page.
        let early = (
            Some(day("2021-03-04")),
            Some(secs("2021-03-04T00:30:00+14:00")),
        );
        // A day only, and no date at all.
        let day_only = (Some(day("2021-03-03")), None);
        let undated = (None, None);
        let at = "2021-03-03T23:30:00-08:00";
        // (range, admits late, early, day_only, undated)
        let cases = [
            (
                DateRange::within(period("2021-03-03")),
                [true, false, true, false],
            ),
            (
                DateRange::within(period("2021-03-04")),
                [false, true, false, false],
            ),
            (DateRange::starting(period(at)), [true, false, true, false]),
            (DateRange::ending(period(at)), [true, true, true, false]),
            (DateRange::within(period(at)), [true, false, true, false]),
            (
                DateRange::after(period(at)).unwrap(),
                [false, false, true, false],
            ),
            (
                DateRange::before(period(at)).unwrap(),
                [false, true, true, false],
            ),
            (
                DateRange::within(period("2021-03-04T07:30:00Z")),
                [true, false, false, false],
            ),
            (DateRange::default(), [true, true, true, false]),
        ];
        for (range, want) in cases {
            let check = DateCheck::new(&range);
            let got = [late, early, day_only, undated].map(|(d, i)| check.admits(d, i));
            assert_eq!(got, want, "{range:?}");
        }
    }

    #[test]
    fn listing_a_segment_admits_what_checking_each_document_admits() {
        use crate::article::{dates::Clock, Article};
        use jiff::civil::{date, time};
        // 400 articles over three segments, a day apart from 2021-02-20 on, every fifth
        // undated, every other one with a clock (odd hours, offsets from -10 to +12 h).
        let articles = (0..400i64).map(|i| Article {
            id: i.to_string(),
            body: "text".into(),
            date: (i % 5 != 0)
                .then(|| date(2021, 2, 20).saturating_add(jiff::Span::new().days(i % 40))),
            time: (i % 2 == 0).then(|| Clock {
                time: time((i % 24) as i8, 30, 0, 0),
                offset: jiff::tz::Offset::from_hours((i % 23 - 10) as i8).ok(),
            }),
            ..Article::default()
        });
        let s = crate::index::store::in_memory(articles, &[150, 100]);
        let searcher = s.reader.searcher();
        let ranges = [
            DateRange::within(period("2021-03")),
            DateRange::within(period("2021-03-03")),
            DateRange::starting(period("2021-03-03T23:30:00-08:00")),
            DateRange::ending(period("2021-03-10T12:00:00Z")),
            DateRange::within(period("2030")),
            DateRange::default(),
        ];
        let mut admitted = 0;
        for range in ranges {
            for seg in searcher.segment_readers() {
                let dates = SegmentDates::open(seg, DateCheck::new(&range)).unwrap();
                let set = dates.all(seg.max_doc()).unwrap();
                let listed: Vec<DocId> = (0..seg.max_doc()).filter(|&d| set.contains(d)).collect();
                let checked: Vec<DocId> = (0..seg.max_doc()).filter(|&d| dates.admits(d)).collect();
                assert_eq!(listed, checked, "{range:?}");
                admitted += listed.len();
            }
        }
        assert!(
            admitted > 400,
            "the ranges admit too little to test: {admitted}"
        );
    }

    #[test]
    fn the_extreme_years_are_ordered_like_any_other() {
        let years = [
            "0001-01-01",
            "1000-01-01",
            "1987-02-26",
            "2999-12-31",
            "9999-12-31",
        ];
        for (i, y) in years.iter().enumerate() {
            let from = DateCheck::new(&DateRange::starting(period(y)));
            let to = DateCheck::new(&DateRange::ending(period(y)));
            for (j, other) in years.iter().enumerate() {
                let d = Some(day(other));
                assert_eq!(from.admits(d, None), j >= i, "{other} from {y}");
                assert_eq!(to.admits(d, None), j <= i, "{other} to {y}");
            }
        }
    }
}
