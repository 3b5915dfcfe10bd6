//! Date filters as users type them: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or RFC 3339 for
//! `--from/--to` and `date:` queries (a partial date covers its whole period), and spans
//! (`7d`, `3w`, `6m`, `1y`) for `--since`, resolved against an injected "today".

use jiff::civil::Date;
use jiff::ToSpan;

use crate::index::document::day_to_secs;

/// An inclusive range of days; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayRange {
    pub first: Option<Date>,
    pub last: Option<Date>,
}

impl DayRange {
    /// The range both `self` and `other` allow.
    pub fn intersect(self, other: DayRange) -> DayRange {
        DayRange {
            first: max_opt(self.first, other.first),
            last: min_opt(self.last, other.last),
        }
    }

    /// True when no bound is set.
    pub fn is_open(&self) -> bool {
        self.first.is_none() && self.last.is_none()
    }

    /// The range as seconds since the epoch, UTC: the midnight starting the first day
    /// (included) and the midnight ending the last (excluded); `None` for an open end (or
    /// one past the last representable day).
    pub fn seconds(&self) -> (Option<i64>, Option<i64>) {
        let from = self.first.map(day_to_secs);
        let to = self.last.and_then(|d| d.tomorrow().ok()).map(day_to_secs);
        (from, to)
    }

    /// [`DayRange::seconds`] as one range of seconds (open ends as the extremes of `i64`).
    pub fn seconds_range(&self) -> std::ops::Range<i64> {
        let (from, to) = self.seconds();
        from.unwrap_or(i64::MIN)..to.unwrap_or(i64::MAX)
    }
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

/// Parses a date the user typed into the whole period it names: `2021` is the year,
/// `2021-03` the month, `2021-03-03` (or an RFC 3339 timestamp) the day.
pub fn parse_period(s: &str) -> Result<(Date, Date), DateError> {
    let s = s.trim();
    let bad = || {
        DateError(format!(
            "invalid date {s:?} (expected YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339)"
        ))
    };
    let num = |t: &str, len: usize| -> Result<i16, DateError> {
        if t.len() == len && t.bytes().all(|b| b.is_ascii_digit()) {
            t.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    if s.len() > 10 {
        if let Ok(ts) = s.parse::<jiff::Timestamp>() {
            let d = ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
            return Ok((d, d));
        }
        return Err(bad());
    }
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] => {
            let y = num(y, 4)?;
            let first = Date::new(y, 1, 1).map_err(|_| bad())?;
            let last = Date::new(y, 12, 31).map_err(|_| bad())?;
            Ok((first, last))
        }
        [y, m] => {
            let first = Date::new(num(y, 4)?, num(m, 2)? as i8, 1).map_err(|_| bad())?;
            Ok((first, first.last_of_month()))
        }
        [y, m, d] => {
            let day =
                Date::new(num(y, 4)?, num(m, 2)? as i8, num(d, 2)? as i8).map_err(|_| bad())?;
            Ok((day, day))
        }
        _ => Err(bad()),
    }
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

    #[test]
    fn periods_cover_their_whole_span() {
        let cases = [
            ("2021", "2021-01-01", "2021-12-31"),
            ("2021-02", "2021-02-01", "2021-02-28"),
            ("2020-02", "2020-02-01", "2020-02-29"),
            ("2021-03-03", "2021-03-03", "2021-03-03"),
            ("2021-03-03T23:00:00Z", "2021-03-03", "2021-03-03"),
        ];
        for (input, first, last) in cases {
            assert_eq!(
                parse_period(input),
                Ok((d(first), d(last))),
                "input {input}"
            );
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
        ] {
            assert!(parse_period(input).is_err(), "input {input:?}");
        }
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
