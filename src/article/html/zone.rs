//! The publisher's UTC offset, guessed from the page's language where one zone dominates
//! it: a German page stamped `2022-11-06T23:00:00Z` was published on 7 November in
//! Berlin, Vienna or Zurich alike. English, Spanish, Portuguese or French without a region
//! span too many zones to guess, and get no offset.
//!
//! European summer time is computed by its one rule (last Sunday of March to last Sunday
//! of October, 01:00 UTC) rather than read from a system time zone database, so the
//! answer is the same on every machine.

use jiff::civil::Date;
use jiff::tz::Offset;
use jiff::Timestamp;

/// A region's clock: European (standard offset in hours, plus one in summer) or fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clock {
    European(i8),
    Fixed(i8),
}

/// The clock of a language tag (`de`, `de-AT`, `pt_BR`), when one region dominates it.
fn clock_for(lang: &str) -> Option<Clock> {
    let lang = lang.trim().to_ascii_lowercase().replace('_', "-");
    let mut parts = lang.split('-');
    let language = parts.next().unwrap_or_default();
    let region = parts.next().unwrap_or_default();
    use Clock::*;
    Some(match (language, region) {
        ("en", "gb" | "ie") | ("pt", "pt") => European(0),
        (
            "de" | "it" | "nl" | "pl" | "cs" | "sk" | "hu" | "sv" | "da" | "nb" | "nn" | "no"
            | "hr" | "sl" | "sr" | "bs" | "ca" | "lb",
            _,
        ) => European(1),
        ("fr", "" | "fr" | "be" | "ch" | "lu") | ("es", "es") => European(1),
        ("fi" | "el" | "ro" | "bg" | "uk" | "et" | "lv" | "lt", _) => European(2),
        ("ru", "" | "ru") => Fixed(3),
        ("tr", _) => Fixed(3),
        ("ja" | "ko", _) => Fixed(9),
        ("zh", "" | "cn" | "tw" | "hk" | "hans" | "hant") => Fixed(8),
        ("pt", "br") => Fixed(-3),
        _ => return None,
    })
}

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i16, month: i8) -> Option<Date> {
    let last = Date::new(year, month, 1).ok()?.last_of_month();
    let back = i64::from(last.weekday().to_sunday_zero_offset());
    last.checked_sub(jiff::Span::new().days(back)).ok()
}

/// The offset the language's region kept at instant `t`.
pub(super) fn offset_at(lang: &str, t: Timestamp) -> Option<Offset> {
    let hours = match clock_for(lang)? {
        Clock::Fixed(h) => h,
        Clock::European(h) => {
            let year = Offset::UTC.to_datetime(t).year();
            let switch = |month| {
                last_sunday(year, month)
                    .and_then(|d| Offset::UTC.to_timestamp(d.at(1, 0, 0, 0)).ok())
            };
            let summer = matches!((switch(3), switch(10)), (Some(a), Some(b)) if a <= t && t < b);
            h + i8::from(summer)
        }
    };
    Offset::from_hours(hours).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_by_language_and_season() {
        let cases = [
            ("de-DE", "2022-11-06T23:00:00Z", Some(1)),
            ("de", "2022-07-06T23:00:00Z", Some(2)),
            // The autumn switch: 01:00 UTC on the last Sunday of October.
            ("fr-FR", "2022-10-30T00:59:00Z", Some(2)),
            ("fr-FR", "2022-10-30T01:00:00Z", Some(1)),
            ("en-GB", "2022-07-01T12:00:00Z", Some(1)),
            ("fi", "2022-01-01T12:00:00Z", Some(2)),
            ("ja", "2022-01-01T12:00:00Z", Some(9)),
            ("en-US", "2022-01-01T12:00:00Z", None),
            ("en", "2022-01-01T12:00:00Z", None),
            ("es", "2022-01-01T12:00:00Z", None),
            ("fr-CA", "2022-01-01T12:00:00Z", None),
            ("", "2022-01-01T12:00:00Z", None),
        ];
        for (lang, at, want) in cases {
            let t: Timestamp = at.parse().unwrap();
            let got = offset_at(lang, t).map(|o| o.seconds() / 3600);
            assert_eq!(got, want, "{lang} {at}");
        }
    }
}
