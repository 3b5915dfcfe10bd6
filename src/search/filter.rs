//! Which documents a date range admits, decided in one place: [`DateCheck::admits`] reads a
//! document's day number and instant (the `day` and `instant` columns) and applies the rule
//! of [`super::dates`]. Everything that filters by date asks it: the ranker per candidate
//! ([`SegmentDates`]), and a `date:` clause nested inside a query ([`DateQuery`]).

use tantivy::columnar::Column;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, Score, SegmentReader};

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

/// One segment's date columns, to check its documents against a [`DateCheck`].
#[derive(Debug)]
pub struct SegmentDates {
    check: DateCheck,
    /// Absent: no document of the segment has a day.
    day: Option<Column<i64>>,
    instant: Option<Column<i64>>,
}

impl SegmentDates {
    /// Opens the columns `check` needs in `seg`.
    pub fn open(seg: &SegmentReader, check: DateCheck) -> tantivy::Result<SegmentDates> {
        let fast = seg.fast_fields();
        let instant = if check.needs_instant() {
            fast.column_opt(name::INSTANT)?
        } else {
            None
        };
        Ok(SegmentDates {
            check,
            day: fast.column_opt(name::DAY)?,
            instant,
        })
    }

    /// Whether the range admits document `doc` of this segment.
    pub fn admits(&self, doc: DocId) -> bool {
        let day = self.day.as_ref().and_then(|c| c.first(doc));
        let instant = self.instant.as_ref().and_then(|c| c.first(doc));
        self.check.admits(day, instant)
    }

    /// Every document of the segment the range admits.
    pub fn all(&self, max_doc: DocId) -> BitSet {
        let mut set = BitSet::with_max_value(max_doc);
        if self.day.is_some() {
            for doc in (0..max_doc).filter(|&d| self.admits(d)) {
                set.insert(doc);
            }
        }
        set
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
        let set = SegmentDates::open(reader, self.0)?.all(reader.max_doc());
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
