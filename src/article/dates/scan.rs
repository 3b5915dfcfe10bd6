//! Finding dates inside running text ("Published 3. März 2021 um 10:00", "26.02.2020 –",
//! "November 22, 2011 ·", "2019年6月24日"), where [`super::parse_date`] reads a whole value.
//!
//! All-numeric dates are ambiguous (`03/04/2021`), so the caller says which order the
//! page's language writes ([`DayOrder`]); dotted dates (`03.04.2021`) are day-first
//! everywhere. Two-digit years are only read in dotted dates and are marked weak, for
//! callers to trust only where the page marks the text as a date.

use jiff::civil::Date;

use super::names::{is_joiner, is_weekday, month_number};

/// Which of day and month comes first in the page's all-numeric dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    /// `dd/mm/yyyy`: most of the world.
    DayFirst,
    /// `mm/dd/yyyy`: the United States (and pages in unqualified English).
    MonthFirst,
    /// Unknown: only dates that are unambiguous are read.
    Unknown,
}

/// A date found in text: the day, where it was (byte offsets), and whether it rests on a
/// two-digit year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub date: Date,
    pub start: usize,
    pub end: usize,
    pub weak: bool,
}

#[derive(Debug)]
enum Kind {
    Num(i32, usize),
    Word(String),
    Punct(char),
}

#[derive(Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Whitespace separates this token from the one before.
    spaced: bool,
}

/// Marks that CJK dates use in place of separators (年 月 日, 년 월 일).
const CJK_MARKS: [char; 6] = ['年', '月', '日', '년', '월', '일'];

/// The ASCII form of a full-width character (`２０２０／０３`, as Japanese and Chinese pages
/// write dates) and of Arabic-Indic digits (`٢٠٢٠`); other characters unchanged.
fn narrow(c: char) -> char {
    let shifted = |base: u32| char::from_u32(u32::from(c) - base + u32::from('0')).unwrap_or(c);
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{0660}'..='\u{0669}' => shifted(0x0660),
        '\u{06F0}'..='\u{06F9}' => shifted(0x06F0),
        _ => c,
    }
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut spaced = true;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        let mut end = i + c.len_utf8();
        let c = narrow(c);
        let kind = if c.is_ascii_digit() {
            let mut digits = String::from(c);
            while let Some(&(j, d)) = chars.peek() {
                if !narrow(d).is_ascii_digit() {
                    break;
                }
                digits.push(narrow(d));
                end = j + d.len_utf8();
                chars.next();
            }
            match digits.parse() {
                Ok(n) if digits.len() <= 4 => Kind::Num(n, digits.len()),
                _ => Kind::Punct('#'),
            }
        } else if c.is_alphabetic() && !CJK_MARKS.contains(&c) {
            let mut word: String = c.to_lowercase().collect();
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_alphabetic() || CJK_MARKS.contains(&d) {
                    break;
                }
                word.extend(d.to_lowercase());
                end = j + d.len_utf8();
                chars.next();
            }
            Kind::Word(word)
        } else {
            Kind::Punct(c)
        };
        out.push(Tok {
            kind,
            start: i,
            end,
            spaced,
        });
        spaced = false;
    }
    out
}

/// Every date written in `text`, in the order they appear.
pub fn find_dates(text: &str, order: DayOrder) -> Vec<Found> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let found = numeric(&toks, i, order)
            .or_else(|| cjk(&toks, i))
            .or_else(|| named(&toks, i));
        match found {
            Some((date, last, weak)) => {
                out.push(Found {
                    date,
                    start: toks[i].start,
                    end: toks[last].end,
                    weak,
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    out
}

fn num(toks: &[Tok], i: usize) -> Option<(i32, usize)> {
    match toks.get(i)?.kind {
        Kind::Num(n, len) => Some((n, len)),
        _ => None,
    }
}

fn punct(toks: &[Tok], i: usize) -> Option<char> {
    match toks.get(i)?.kind {
        Kind::Punct(c) => Some(c),
        _ => None,
    }
}

fn day(year: i32, month: i32, day: i32) -> Option<Date> {
    if !(1900..=2099).contains(&year) {
        return None;
    }
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// `26.02.2020`, `2020-02-26`, `02/26/2020`, `26. 02. 2020`, `31.10.23` (weak).
fn numeric(toks: &[Tok], i: usize, order: DayOrder) -> Option<(Date, usize, bool)> {
    let (a, la) = num(toks, i)?;
    let sep = punct(toks, i + 1).filter(|c| matches!(c, '.' | '/' | '-'))?;
    let (b, lb) = num(toks, i + 2)?;
    let (c, lc) = num(toks, i + 4)?;
    let dotted = sep == '.';
    // Only "26. 02. 2020" may have spaces, and only after its dots.
    let tight = |k: usize| !toks[k].spaced || (dotted && punct(toks, k - 1) == Some('.'));
    if punct(toks, i + 3) != Some(sep) || !tight(i + 1) || !tight(i + 2) || !tight(i + 3) {
        return None;
    }
    if !tight(i + 4) {
        return None;
    }
    // Part of a longer run ("1.2.3.4", "2020-02-26-1") is a version or an id, not a date.
    let glued = |k: usize| toks.get(k).is_some_and(|t| !t.spaced);
    if i > 0 && !toks[i].spaced && matches!(punct(toks, i - 1), Some('.' | '/' | '-')) {
        return None;
    }
    if glued(i + 5) && matches!(punct(toks, i + 5), Some(s) if s == sep) && glued(i + 6) {
        return None;
    }
    if glued(i + 5) && num(toks, i + 5).is_some() {
        return None;
    }
    if !(1..=2).contains(&lb) {
        return None;
    }
    let found = match (la, lc) {
        (4, 1 | 2) => day(a, b, c).map(|d| (d, false)),
        (1 | 2, 4) => {
            let dmy = day(c, b, a);
            let mdy = day(c, a, b);
            let pick = if dotted {
                dmy
            } else {
                match order {
                    DayOrder::DayFirst => dmy.or(mdy),
                    DayOrder::MonthFirst => mdy.or(dmy),
                    DayOrder::Unknown if a == b || b > 12 => mdy,
                    DayOrder::Unknown if a > 12 => dmy,
                    DayOrder::Unknown => None,
                }
            };
            pick.map(|d| (d, false))
        }
        (1 | 2, 2) if dotted => day(2000 + c, b, a).map(|d| (d, true)),
        _ => None,
    }?;
    Some((found.0, i + 4, found.1))
}

/// `2019年6月24日`, `2019년 6월 24일`.
fn cjk(toks: &[Tok], i: usize) -> Option<(Date, usize, bool)> {
    let (y, 4) = num(toks, i)? else { return None };
    let mark = |k: usize, marks: [char; 2]| punct(toks, k).is_some_and(|c| marks.contains(&c));
    if !mark(i + 1, ['年', '년']) || !mark(i + 3, ['月', '월']) || !mark(i + 5, ['日', '일'])
    {
        return None;
    }
    let (m, _) = num(toks, i + 2)?;
    let (d, _) = num(toks, i + 4)?;
    day(y, m, d).map(|date| (date, i + 5, false))
}

/// The next token at or after `k` that is not a joiner word, a weekday or light
/// punctuation (`.`, `,`); `None` after more than three skipped.
fn next_significant(toks: &[Tok], mut k: usize) -> Option<usize> {
    for _ in 0..4 {
        let t = toks.get(k)?;
        let skip = match &t.kind {
            Kind::Word(w) => is_joiner(w) || is_weekday(w),
            Kind::Punct(c) => matches!(c, '.' | ',' | '·'),
            Kind::Num(..) => false,
        };
        if !skip {
            return Some(k);
        }
        k += 1;
    }
    None
}

fn month_at(toks: &[Tok], k: usize) -> Option<i8> {
    match &toks.get(k)?.kind {
        Kind::Word(w) => month_number(w),
        _ => None,
    }
}

/// `3 March 2021`, `3. März 2021`, `3 de marzo de 2021`, `March 3rd, 2021`, `2021. március 3.`
fn named(toks: &[Tok], i: usize) -> Option<(Date, usize, bool)> {
    let short = |k: usize| num(toks, k).filter(|(n, len)| *len <= 2 && (1..=31).contains(n));
    let year = |k: usize| num(toks, k).filter(|(_, len)| *len == 4).map(|(y, _)| y);
    if let Some((d, _)) = short(i) {
        let m = next_significant(toks, i + 1)?;
        let month = month_at(toks, m)?;
        let y = next_significant(toks, m + 1)?;
        return day(year(y)?, month.into(), d).map(|date| (date, y, false));
    }
    if let Some(month) = month_at(toks, i) {
        let d = next_significant(toks, i + 1)?;
        let (dn, _) = short(d)?;
        let y = next_significant(toks, d + 1)?;
        return day(year(y)?, month.into(), dn).map(|date| (date, y, false));
    }
    let y = year(i)?;
    let m = next_significant(toks, i + 1)?;
    let month = month_at(toks, m)?;
    let d = next_significant(toks, m + 1)?;
    let (dn, _) = short(d)?;
    day(y, month.into(), dn).map(|date| (date, d, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str, order: DayOrder) -> Option<String> {
        find_dates(text, order).first().map(|f| f.date.to_string())
    }

    #[test]
    fn finds_dates_in_running_text() {
        use DayOrder::*;
        let cases = [
            (
                "Veröffentlicht am 6. August 2009 um 14:12",
                Unknown,
                Some("2009-08-06"),
            ),
            ("am 25.08.2015 22:30", Unknown, Some("2015-08-25")),
            (
                "Published: 23. Juli 2017 | by Ann",
                Unknown,
                Some("2017-07-23"),
            ),
            ("Yngrid · November 22, 2011 ·", Unknown, Some("2011-11-22")),
            ("Samstag, 5. Oktober 2013", Unknown, Some("2013-10-05")),
            ("posted 26/10/2018", DayFirst, Some("2018-10-26")),
            ("posted 10/26/2018", DayFirst, Some("2018-10-26")),
            ("posted 03/04/2018", MonthFirst, Some("2018-03-04")),
            ("posted 03/04/2018", DayFirst, Some("2018-04-03")),
            ("posted 03/04/2018", Unknown, None),
            ("le 3 mars 2021 à 10h", Unknown, Some("2021-03-03")),
            ("3 de marzo de 2021", Unknown, Some("2021-03-03")),
            ("14 Gennaio 2020)", Unknown, Some("2020-01-14")),
            ("op 3 maart 2021", Unknown, Some("2021-03-03")),
            ("March 3rd, 2021 at noon", Unknown, Some("2021-03-03")),
            ("Apr 7, 2009", Unknown, Some("2009-04-07")),
            ("2019年6月24日 18時", Unknown, Some("2019-06-24")),
            ("2021. március 3.", Unknown, Some("2021-03-03")),
            ("Updated 2020-04-28T21:11", Unknown, Some("2020-04-28")),
            ("26. 02. 2020", Unknown, Some("2020-02-26")),
            ("version 1.2.3.2020 released", Unknown, None),
            ("call 030-12-2020-55", Unknown, None),
            ("in 2020 we had 3 March meetings", Unknown, None),
            ("no dates here at all", Unknown, None),
        ];
        for (text, order, want) in cases {
            assert_eq!(first(text, order).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn two_digit_years_are_weak() {
        let found = find_dates("Von Ann | 31.10.23", DayOrder::Unknown);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date.to_string(), "2023-10-31");
        assert!(found[0].weak);
        assert!(find_dates("31/10/23", DayOrder::DayFirst).is_empty());
    }

    #[test]
    fn reports_positions_in_order() {
        let text = "From 1 May 2020 to 2 June 2020.";
        let found = find_dates(text, DayOrder::Unknown);
        let spans: Vec<&str> = found.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(spans, ["1 May 2020", "2 June 2020"]);
    }
}
