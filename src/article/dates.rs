//! Dates as articles write them: parsing the forms found in the wild into a civil day.

use jiff::civil::Date;

/// Parses a date written in any supported form; `None` when it is not a date we trust.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    s.get(..10).and_then(|d| d.parse::<Date>().ok())
}

/// Serde helper: a day as `YYYY-MM-DD`, or null.
pub fn serialize_opt_date<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}
