//! Dates as articles write them: parsing the forms found in the wild into a civil day.
//!
//! We keep the day *as written*: `2021-03-03T23:30:00-05:00` is 2021-03-03 even though it
//! is already March 4 in UTC, because that is the day the article's own readers saw.
//!
//! Accepted forms:
//! - ISO 8601 / RFC 3339 (`2021-03-03`, `2021-03-03T10:00:00Z`, `1987-02-26T15:01:01.79Z`),
//!   also `2021/03/03` and `2021.03.03`, and the compact `20210303` when it is the whole input;
//! - a month name with a day and a four-digit year in any order, with optional weekday,
//!   ordinal suffix, time and zone: `March 3, 2021`, `3 March 2021`, `Mar. 3, 2021`,
//!   `Wednesday, March 3, 2021`, `Wed, 3 Mar 2021 10:00:00 +0000` (RFC 2822),
//!   `26-FEB-1987 15:01:01.79`;
//! - all-numeric `a/b/YYYY` (or with `-`/`.`) **only when unambiguous**: if one of `a`, `b`
//!   is above 12 it must be the day; if both are equal the order does not matter; otherwise
//!   (`03/04/2021`: March 4 in the US, April 3 elsewhere) we return `None` rather than guess.
//!
//! Two-digit years are refused (no century to trust), and so are impossible days
//! (`2021-13-45`, `Feb 30`). Any word we do not know (`ago`, `yesterday`) makes the whole
//! input not a date.

use jiff::civil::{Date, Time};
use jiff::tz::Offset;

/// The time of day an article was published, as its source wrote it, with the UTC offset
/// when the source gave one. The article's day stays the day written beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub time: Time,
    pub offset: Option<Offset>,
}

impl Clock {
    /// The instant `date` at this clock, when the offset is known.
    pub fn instant(&self, date: Date) -> Option<jiff::Timestamp> {
        let offset = self.offset?;
        offset.to_timestamp(date.to_datetime(self.time)).ok()
    }

    /// Reads back what [`Clock`]'s `Display` writes (`23:30:00-08:00`, `10:00:00Z`,
    /// `09:15:00`): the form the index stores.
    pub fn parse(s: &str) -> Option<Clock> {
        iso_clock(s)
    }
}

impl std::fmt::Display for Clock {
    /// `HH:MM:SS` then `Z`, `±HH:MM` (RFC 3339; jiff's own offset display shortens `-08:00`
    /// to `-08`) or nothing.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.time.strftime("%H:%M:%S"))?;
        match self.offset {
            Some(o) if o.seconds() == 0 => write!(f, "Z"),
            Some(o) => {
                let sign = if o.seconds() < 0 { '-' } else { '+' };
                let secs = o.seconds().unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", secs / 3600, secs / 60 % 60)
            }
            None => Ok(()),
        }
    }
}

/// A date as written: the day, and the time of day when the source gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub date: Date,
    pub clock: Option<Clock>,
}

/// [`parse_date`], plus the time of day and offset of an ISO 8601 / RFC 3339 value
/// (`2021-03-03T23:30-08:00`, `2021-03-03 23:30:00Z`).
pub fn parse_written(s: &str) -> Option<Written> {
    let date = parse_date(s)?;
    let s = s.trim();
    let clock = if iso_prefix(s).is_some() {
        s.get(11..).and_then(iso_clock)
    } else {
        None
    };
    Some(Written { date, clock })
}

/// `HH:MM[:SS[.frac]]` then `Z`, `±HH:MM`, `±HHMM`, `±HH` or nothing.
fn iso_clock(s: &str) -> Option<Clock> {
    let b = s.as_bytes();
    let two = |i: usize| -> Option<i8> {
        let t = s.get(i..i + 2)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let hour = two(0)?;
    if b.get(2) != Some(&b':') {
        return None;
    }
    let minute = two(3)?;
    let mut i = 5;
    let mut second = 0;
    if b.get(i) == Some(&b':') {
        second = two(i + 1)?;
        i += 3;
        if matches!(b.get(i), Some(b'.' | b',')) {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
    }
    let time = Time::new(hour, minute, second.min(59), 0).ok()?;
    let rest = s.get(i..)?.trim_start();
    let offset = match rest.as_bytes().first() {
        None => None,
        Some(b'Z' | b'z') => Some(Offset::UTC),
        Some(&sign @ (b'+' | b'-')) => {
            let digits: String = rest[1..].chars().filter(|c| *c != ':').take(4).collect();
            let (h, m) = match digits.len() {
                2 => (digits.parse::<i32>().ok()?, 0),
                4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
                _ => return None,
            };
            if h > 17 || m > 59 {
                return None;
            }
            let secs = (h * 3600 + m * 60) * if sign == b'-' { -1 } else { 1 };
            Some(Offset::from_seconds(secs).ok()?)
        }
        Some(_) => return None,
    };
    Some(Clock { time, offset })
}

/// Parses a date written in any supported form; `None` when it is not a date we trust.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    iso_prefix(s)
        .or_else(|| compact(s))
        .or_else(|| tokens_date(s))
}

/// Finds a date embedded in a path or URL: `/2021/03/03/`, `2021-03-03-slug`, `20210303_x`.
pub fn date_in_path(path: &str) -> Option<Date> {
    let b = path.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let num = |from: usize, len: usize| -> Option<i32> {
        path.get(from..from + len).and_then(|t| t.parse().ok())
    };
    for start in 0..b.len() {
        let boundary = start == 0 || !b.get(start - 1).is_some_and(u8::is_ascii_alphanumeric);
        if !boundary || !(0..4).all(|k| digit(start + k)) || digit(start + 4) {
            continue;
        }
        let Some(year) = num(start, 4).filter(|y| (1900..=2099).contains(y)) else {
            continue;
        };
        let sep = b.get(start + 4).copied();
        // Separated: YYYY?MM?DD with the same separator twice.
        let Some(sep @ (b'/' | b'-' | b'_' | b'.')) = sep else {
            continue;
        };
        let shape = digit(start + 5)
            && digit(start + 6)
            && b.get(start + 7) == Some(&sep)
            && digit(start + 8)
            && digit(start + 9)
            && !digit(start + 10);
        if !shape {
            continue;
        }
        if let Some(date) = num(start + 5, 2)
            .zip(num(start + 8, 2))
            .and_then(|(m, d)| make(year, m, d))
        {
            return Some(date);
        }
    }
    // Compact YYYYMMDD bounded by non-digits.
    for start in 0..b.len() {
        let boundary = start == 0 || !b.get(start - 1).is_some_and(u8::is_ascii_digit);
        if boundary && (0..8).all(|k| digit(start + k)) && !digit(start + 8) {
            if let (Some(y), Some(m), Some(d)) =
                (num(start, 4), num(start + 4, 2), num(start + 6, 2))
            {
                if (1900..=2099).contains(&y) {
                    if let Some(date) = make(y, m, d) {
                        return Some(date);
                    }
                }
            }
        }
    }
    None
}

/// Serde helper: a day as `YYYY-MM-DD`, or null.
pub fn serialize_opt_date<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// Serde helper: a time of day as `HH:MM:SS` with its offset (`Z`, `-08:00`), or null.
pub fn serialize_opt_clock<S: serde::Serializer>(
    c: &Option<Clock>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match c {
        Some(c) => s.collect_str(c),
        None => s.serialize_none(),
    }
}

/// A checked civil date from numbers; years outside 1000–2999 are not trusted in prose.
fn make(year: i32, month: i32, day: i32) -> Option<Date> {
    if !(1000..=2999).contains(&year) {
        return None;
    }
    exact(year, month, day)
}

/// A checked civil date of any year from 1 to 9999 (ISO 8601 forms, which name it exactly).
fn exact(year: i32, month: i32, day: i32) -> Option<Date> {
    if !(1..=9999).contains(&year) {
        return None;
    }
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(i16::try_from(year).ok()?, month, day).ok()
}

/// `YYYY-MM-DD` (or `/`, `.`) at the start, followed by the end, a time, or a space.
fn iso_prefix(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    if b.len() < 10 || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return None;
    }
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'/' | b'.') || b.get(7) != Some(&sep) {
        return None;
    }
    match b.get(10) {
        None | Some(b'T' | b't' | b' ' | b'_') => {}
        _ => return None,
    }
    exact(
        s.get(0..4)?.parse().ok()?,
        s.get(5..7)?.parse().ok()?,
        s.get(8..10)?.parse().ok()?,
    )
}

/// The whole input is `YYYYMMDD`.
fn compact(s: &str) -> Option<Date> {
    if s.len() != 8 || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    make(
        s.get(0..4)?.parse().ok()?,
        s.get(4..6)?.parse().ok()?,
        s.get(6..8)?.parse().ok()?,
    )
}

/// One piece of a free-form date.
#[derive(Debug, PartialEq)]
enum Tok {
    /// A number and how many digits it was written with.
    Num(i32, usize),
    Word(String),
    /// A clock time (`10:00:00`, `15:01:01.79`); ignored, but later numbers are zone offsets.
    Time,
}

fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_ascii_digit() {
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_ascii_digit() {
                    end = j + 1;
                    chars.next();
                } else {
                    break;
                }
            }
            if chars.peek().is_some_and(|&(_, d)| d == ':') {
                while chars
                    .peek()
                    .is_some_and(|&(_, d)| d.is_ascii_digit() || d == ':' || d == '.')
                {
                    chars.next();
                }
                out.push(Tok::Time);
                continue;
            }
            let text = s.get(i..end)?;
            if text.len() > 4 {
                return None;
            }
            out.push(Tok::Num(text.parse().ok()?, text.len()));
        } else if c.is_alphabetic() {
            let mut word = String::new();
            while let Some(&(_, d)) = chars.peek() {
                if d.is_alphabetic() {
                    word.extend(d.to_lowercase());
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Tok::Word(word));
        } else if matches!(c, ' ' | ',' | '.' | '-' | '/' | '+' | '(' | ')' | '\t') {
            chars.next();
        } else {
            return None;
        }
    }
    Some(out)
}

/// Month names in English, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekday names in English, Monday first.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn month_number(word: &str) -> Option<i32> {
    if word == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)))
        .and_then(|i| i32::try_from(i + 1).ok())
}

/// Words that may sit in a date without changing it.
fn is_filler(word: &str) -> bool {
    const OTHER: [&str; 24] = [
        "st", "nd", "rd", "th", "of", "the", "on", "at", "am", "pm", "a", "m", "p", "z", "t",
        "utc", "gmt", "ut", "est", "edt", "cst", "cdt", "pst", "pdt",
    ];
    const MORE_ZONES: [&str; 6] = ["mst", "mdt", "bst", "cet", "cest", "eet"];
    WEEKDAYS
        .iter()
        .any(|d| *d == word || (word.len() >= 3 && d.starts_with(word)))
        || OTHER.contains(&word)
        || MORE_ZONES.contains(&word)
}

/// Month-name and all-numeric forms (see the module docs).
fn tokens_date(s: &str) -> Option<Date> {
    let toks = tokenize(s)?;
    let mut month = None;
    let mut nums: Vec<(i32, usize)> = Vec::new();
    let mut after_time = false;
    for t in toks {
        match t {
            Tok::Time => after_time = true,
            // Numbers after a clock time are zone offsets or fractions.
            Tok::Num(..) if after_time => {}
            Tok::Num(n, len) => nums.push((n, len)),
            Tok::Word(w) => {
                if let Some(m) = month_number(&w) {
                    if month.replace(m).is_some() {
                        return None;
                    }
                } else if !is_filler(&w) {
                    return None;
                }
            }
        }
    }
    match (month, nums.as_slice()) {
        (Some(m), [(a, la), (b, lb)]) => match (*la, *lb) {
            (1 | 2, 4) => make(*b, m, *a),
            (4, 1 | 2) => make(*a, m, *b),
            _ => None,
        },
        (None, [(a, 4), (b, 1 | 2), (c, 1 | 2)]) => make(*a, *b, *c),
        (None, [(a, 1 | 2), (b, 1 | 2), (y, 4)]) => {
            let (m, d) = if a > &12 {
                (*b, *a)
            } else if b > &12 || a == b {
                (*a, *b)
            } else {
                return None;
            };
            make(*y, m, d)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.to_string())
    }

    #[test]
    fn parses_dates_in_the_wild() {
        let cases = [
            ("2021-03-03", Some("2021-03-03")),
            ("  2021-03-03  ", Some("2021-03-03")),
            ("2021-03-03T10:00:00Z", Some("2021-03-03")),
            ("2021-03-03T23:30:00-05:00", Some("2021-03-03")),
            ("2021-03-03 23:30:00+09:00", Some("2021-03-03")),
            ("1987-02-26T15:01:01.79Z", Some("1987-02-26")),
            ("2021/03/03", Some("2021-03-03")),
            ("20210303", Some("2021-03-03")),
            ("Wed, 3 Mar 2021 10:00:00 +0000", Some("2021-03-03")),
            ("Wed, 03 Mar 2021 23:59:59 -0500", Some("2021-03-03")),
            ("March 3, 2021", Some("2021-03-03")),
            ("3 March 2021", Some("2021-03-03")),
            ("Mar. 3, 2021", Some("2021-03-03")),
            ("Mar 3 2021", Some("2021-03-03")),
            ("Sept. 14, 2020", Some("2020-09-14")),
            ("March 3rd, 2021", Some("2021-03-03")),
            ("3rd of March 2021", Some("2021-03-03")),
            ("Wednesday, March 3, 2021", Some("2021-03-03")),
            ("March 3, 2021 at 10:30 a.m. EST", Some("2021-03-03")),
            ("26-FEB-1987 15:01:01.79", Some("1987-02-26")),
            ("03/03/2021", Some("2021-03-03")),
            ("12/25/2021", Some("2021-12-25")),
            ("25/12/2021", Some("2021-12-25")),
            ("25.12.2021", Some("2021-12-25")),
            ("2021 March 3", Some("2021-03-03")),
        ];
        for (input, want) in cases {
            assert_eq!(d(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn rejects_non_dates_and_impossible_dates() {
        let cases = [
            "",
            "2021-13-45",
            "2021-02-30",
            "Feb 30, 2021",
            "2 hrs ago",
            "yesterday",
            "03/04/2021",
            "March 3",
            "March 3, 21",
            "3/3/21",
            "hello world",
            "2021",
            "12345678901234",
            "March April 3 2021",
            "2021-03-03x",
            "Ünïcödé 3 März",
        ];
        for input in cases {
            assert_eq!(d(input), None, "{input}");
        }
    }

    #[test]
    fn finds_dates_in_paths() {
        let cases = [
            ("news/2021/03/03/kirby-statement.html", Some("2021-03-03")),
            ("2021-03-03-militias-strike.txt", Some("2021-03-03")),
            ("archive/20210303_story.txt", Some("2021-03-03")),
            ("a/2021/13/45/x", None),
            ("a/12021-03-03/x", None),
            ("story-123.txt", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(
                date_in_path(input).map(|d| d.to_string()).as_deref(),
                want,
                "{input}"
            );
        }
    }
}
