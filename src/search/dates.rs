//! Date filters as users type them, for `--from/--to` and `date:` alike: `YYYY`, `YYYY-MM`,
//! `YYYY-MM-DD` (a period of whole days) or an RFC 3339 instant, and spans (`7d`, `3w`,
//! `6m`, `1y`) for `--since`, resolved against an injected "today".
//!
//! The rule (DESIGN.md, "Dates and time zones"): a day, month or year is compared with the
//! article's own calendar day, the day its publisher wrote; an instant is compared with the
//! article's instant. An article whose instant is unknown (only a day, or a time without an
//! offset) is compared by day with the instant's day in the offset the filter was written
//! in: `--from 2021-03-03T23:30:00-08:00` admits an undated-time article of 2021-03-03.
//! Years run from 1 to 9999; anything else, or a day that does not exist, is an error.

use jiff::civil::Date;
use jiff::fmt::temporal::Pieces;
use jiff::ToSpan;

use crate::index::document::instant_secs;

/// A moment an RFC 3339 filter names, as the index counts instants (whole seconds since
/// the epoch, plus the nanoseconds typed past them), and the calendar day it falls on where
/// it was written (its own offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant {
    pub secs: i64,
    pub nanos: i32,
    pub day: Date,
}

impl Instant {
    /// The first whole second at or after this instant.
    pub fn ceil(&self) -> i64 {
        self.secs + i64::from(self.nanos > 0)
    }
}

/// What one typed date value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Whole days, first to last (a year, a month or a day).
    Days(Date, Date),
    /// One instant.
    Instant(Instant),
}

/// The dates a filter admits. Every bound is inclusive and may be open; day bounds compare
/// the article's own calendar day, instant bounds its instant (see the module comment). An
/// article without a date is admitted only by the open range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    /// The first day admitted.
    pub first: Option<Date>,
    /// The last day admitted.
    pub last: Option<Date>,
    /// The earliest instant admitted.
    pub from: Option<Instant>,
    /// The latest instant admitted.
    pub to: Option<Instant>,
}

impl DateRange {
    /// Dates from the start of `p` on.
    pub fn starting(p: Period) -> DateRange {
        match p {
            Period::Days(first, _) => DateRange {
                first: Some(first),
                ..DateRange::default()
            },
            Period::Instant(i) => DateRange {
                from: Some(i),
                ..DateRange::default()
            },
        }
    }

    /// Dates up to the end of `p`.
    pub fn ending(p: Period) -> DateRange {
        match p {
            Period::Days(_, last) => DateRange {
                last: Some(last),
                ..DateRange::default()
            },
            Period::Instant(i) => DateRange {
                to: Some(i),
                ..DateRange::default()
            },
        }
    }

    /// Dates within `p`.
    pub fn within(p: Period) -> DateRange {
        DateRange::starting(p).intersect(DateRange::ending(p))
    }

    /// Dates after the end of `p` (`date:>…`, `{… TO`).
    pub fn after(p: Period) -> Result<DateRange, DateError> {
        Ok(DateRange::starting(match p {
            Period::Days(_, last) => {
                let next = last.tomorrow().map_err(|_| nothing("after", last))?;
                Period::Days(next, next)
            }
            // Stored instants are whole seconds: after `t` is from the next whole second.
            Period::Instant(i) => Period::Instant(Instant {
                secs: i.secs + 1,
                nanos: 0,
                ..i
            }),
        }))
    }

    /// Dates before the start of `p` (`date:<…`, `… TO }`).
    pub fn before(p: Period) -> Result<DateRange, DateError> {
        Ok(DateRange::ending(match p {
            Period::Days(first, _) => {
                let prev = first.yesterday().ok().filter(|d| d.year() >= 1);
                let prev = prev.ok_or_else(|| nothing("before", first))?;
                Period::Days(prev, prev)
            }
            Period::Instant(i) => Period::Instant(Instant {
                secs: i.ceil() - 1,
                nanos: 0,
                ..i
            }),
        }))
    }

    /// The range both `self` and `other` admit.
    pub fn intersect(self, other: DateRange) -> DateRange {
        let later = |a: Option<Instant>, b: Option<Instant>| match (a, b) {
            (Some(x), Some(y)) => Some(x.max(y)),
            (x, y) => x.or(y),
        };
        let earlier = |a: Option<Instant>, b: Option<Instant>| match (a, b) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
        DateRange {
            first: max_opt(self.first, other.first),
            last: min_opt(self.last, other.last),
            from: later(self.from, other.from),
            to: earlier(self.to, other.to),
        }
    }

    /// True when no bound is set.
    pub fn is_open(&self) -> bool {
        *self == DateRange::default()
    }
}

fn nothing(side: &str, day: Date) -> DateError {
    DateError(format!("no date of years 1-9999 is {side} {day}"))
}

fn max_opt(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

fn min_opt(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// Why a date or span was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(pub String);

/// Parses a date the user typed: `2021` is the year, `2021-03` the month, `2021-03-03` the
/// day, and an RFC 3339 timestamp with its offset (`2021-03-03T23:30:00-08:00`) an instant.
pub fn parse_period(s: &str) -> Result<Period, DateError> {
    let s = s.trim();
    let bad = || {
        DateError(format!(
            "invalid date {s:?} (expected YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 time \
             like 2021-03-03T23:30:00-08:00, years 1-9999)"
        ))
    };
    let num = |t: &str, len: usize| -> Result<i16, DateError> {
        if t.len() == len && t.bytes().all(|b| b.is_ascii_digit()) {
            t.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let year = |t: &str| num(t, 4).and_then(|y| if y >= 1 { Ok(y) } else { Err(bad()) });
    if s.len() > 10 {
        return instant(s).ok_or_else(bad).map(Period::Instant);
    }
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] => {
            let y = year(y)?;
            let first = Date::new(y, 1, 1).map_err(|_| bad())?;
            let last = Date::new(y, 12, 31).map_err(|_| bad())?;
            Ok(Period::Days(first, last))
        }
        [y, m] => {
            let first = Date::new(year(y)?, num(m, 2)? as i8, 1).map_err(|_| bad())?;
            Ok(Period::Days(first, first.last_of_month()))
        }
        [y, m, d] => {
            let day = Date::new(year(y)?, num(m, 2)? as i8, num(d, 2)? as i8).map_err(|_| bad())?;
            Ok(Period::Days(day, day))
        }
        _ => Err(bad()),
    }
}

/// An RFC 3339 timestamp with a time and an offset, in years 1-9999 (counted by the
/// index's own arithmetic: jiff's `Timestamp` stops a day short of 9999-12-31 in some
/// offsets).
fn instant(s: &str) -> Option<Instant> {
    let pieces = Pieces::parse(s).ok()?;
    let (day, time) = (pieces.date(), pieces.time()?);
    if day.year() < 1 || pieces.time_zone_annotation().is_some() {
        return None;
    }
    let offset = pieces.to_numeric_offset()?;
    Some(Instant {
        secs: instant_secs(day, time, offset),
        nanos: time.subsec_nanosecond(),
        day,
    })
}

/// Parses a `--since` span (`7d`, `3w`, `6m`, `1y`) into the first day it covers,
/// counting back from `today` (which is included).
pub fn since(span: &str, today: Date) -> Result<Date, DateError> {
    let span = span.trim();
    let bad = || {
        DateError(format!(
            "invalid span {span:?} (expected a number and d, w, m or y, like 7d)"
        ))
    };
    let (digits, unit) = span.split_at(span.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?);
    let n: i32 = digits.parse().map_err(|_| bad())?;
    if n > 10_000 {
        return Err(bad());
    }
    let delta = match unit {
        "d" => n.days(),
        "w" => n.weeks(),
        "m" => n.months(),
        "y" => n.years(),
        _ => return Err(bad()),
    };
    today.checked_sub(delta).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn days(first: &str, last: &str) -> Period {
        Period::Days(d(first), d(last))
    }

    #[test]
    fn periods_cover_their_whole_span() {
        let cases = [
            ("2021", days("2021-01-01", "2021-12-31")),
            ("2021-02", days("2021-02-01", "2021-02-28")),
            ("2020-02", days("2020-02-01", "2020-02-29")),
            ("2021-03-03", days("2021-03-03", "2021-03-03")),
            ("0001", days("0001-01-01", "0001-12-31")),
            ("9999-12", days("9999-12-01", "9999-12-31")),
        ];
        for (input, want) in cases {
            assert_eq!(parse_period(input), Ok(want), "input {input}");
        }
    }

    #[test]
    fn instants_keep_their_moment_and_the_day_where_they_were_written() {
        // (input, seconds since the epoch and nanoseconds, day in its own offset)
        let cases = [
            ("2021-03-03T23:30:00-08:00", 1_614_843_000, 0, "2021-03-03"),
            ("2021-03-04T00:30+14:00", 1_614_767_400, 0, "2021-03-04"),
            (
                "2021-03-03T23:00:00.25Z",
                1_614_812_400,
                250_000_000,
                "2021-03-03",
            ),
            ("1970-01-01T00:00:00+01:00", -3600, 0, "1970-01-01"),
            ("0001-01-01T00:00:00Z", -62_135_596_800, 0, "0001-01-01"),
            (
                "9999-12-31T23:59:59-05:00",
                253_402_318_799,
                0,
                "9999-12-31",
            ),
        ];
        for (input, secs, nanos, day) in cases {
            let want = Instant {
                secs,
                nanos,
                day: d(day),
            };
            assert_eq!(parse_period(input), Ok(Period::Instant(want)), "{input}");
        }
    }

    #[test]
    fn bad_dates_are_errors() {
        for input in [
            "2021-13",
            "2021-13-45",
            "21-03",
            "march",
            "",
            "2021-3-3",
            "2021-02-30",
            "0000",
            "10000",
            "99999-01-01",
            "2021-03-03T10:00:00",
            "2021-03-03T25:00:00Z",
            "2021-02-30T10:00:00Z",
        ] {
            assert!(parse_period(input).is_err(), "input {input:?}");
        }
    }

    #[test]
    fn open_ended_comparisons_stop_at_years_1_and_9999() {
        let last = parse_period("9999-12-31").unwrap();
        let first = parse_period("0001").unwrap();
        assert!(DateRange::after(last).is_err());
        assert!(DateRange::before(first).is_err());
        assert_eq!(
            DateRange::after(parse_period("9999-12").unwrap()).map(|r| r.first),
            Err(DateError(
                "no date of years 1-9999 is after 9999-12-31".into()
            ))
        );
        assert_eq!(DateRange::before(last).unwrap().last, Some(d("9999-12-30")));
    }

    #[test]
    fn intersections_keep_the_tighter_bound_of_each_kind() {
        let a = parse_period("2021-03-03T23:30:00-08:00").unwrap();
        let b = parse_period("2021-03-04T00:30:00+14:00").unwrap();
        let r = DateRange::starting(a)
            .intersect(DateRange::starting(b))
            .intersect(DateRange::within(days("2021-03-01", "2021-03-31")));
        let Period::Instant(a) = a else { panic!() };
        assert_eq!(r.from, Some(a), "the later instant, not the later day");
        let exclusive = DateRange::after(Period::Instant(a)).unwrap().from.unwrap();
        assert_eq!(exclusive.ceil(), a.secs + 1);
        assert_eq!(
            (r.first, r.last),
            (Some(d("2021-03-01")), Some(d("2021-03-31")))
        );
        assert!(!r.is_open());
        assert!(DateRange::default().is_open());
    }

    #[test]
    fn spans_count_back_from_today() {
        let today = d("2026-11-25");
        let cases = [
            ("7d", "2026-11-18"),
            ("3w", "2026-11-04"),
            ("6m", "2026-05-25"),
            ("1y", "2025-11-25"),
        ];
        for (span, want) in cases {
            assert_eq!(since(span, today), Ok(d(want)), "span {span}");
        }
        for bad in ["7", "d", "7x", "-7d", "99999999d"] {
            assert!(since(bad, today).is_err(), "span {bad:?}");
        }
    }
}
