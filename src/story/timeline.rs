//! Coverage over time (`search --timeline`): every matching article counted per day, week,
//! month or year, beside the number of articles the index holds for that period, so a
//! reader sees attention rather than the archive's own coverage.
//!
//! Counts come from the `day` column of the matches ([`crate::search::every_match`]) and of
//! every live document; no stored document is read.

use serde::Serialize;
use tantivy::{DocAddress, Searcher};

use crate::index::document::{day_from_number, day_number};
use crate::index::schema::name;
use crate::index::store::Store;
use crate::search::{every_match, SearchError, SearchRequest};

/// The length of one bar of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Granularity {
    Day,
    Week,
    Month,
    Year,
}

/// The default period gives no more bars than this over the matching range.
const MAX_BARS: i64 = 60;

impl Granularity {
    /// Every granularity, finest first.
    const ALL: [Granularity; 4] = [
        Granularity::Day,
        Granularity::Week,
        Granularity::Month,
        Granularity::Year,
    ];

    /// The ordinal of the period holding day number `day`: consecutive periods have
    /// consecutive ordinals.
    pub fn key(self, day: i64) -> i64 {
        match self {
            Granularity::Day => day,
            // Day 0 (1970-01-01) is a Thursday; ISO weeks start on Monday, day -3.
            Granularity::Week => (day + 3).div_euclid(7),
            Granularity::Month | Granularity::Year => {
                let Some(d) = day_from_number(day) else {
                    return 0;
                };
                let year = i64::from(d.year());
                match self {
                    Granularity::Month => year * 12 + i64::from(d.month()) - 1,
                    _ => year,
                }
            }
        }
    }

    /// The name of the period of ordinal `key`: `1987-03-02`, `1987-W10`, `1987-03`, `1987`.
    pub fn label(self, key: i64) -> String {
        match self {
            Granularity::Day => {
                day_from_number(key).map_or_else(|| key.to_string(), |d| d.to_string())
            }
            Granularity::Week => match day_from_number(key * 7 - 3) {
                Some(monday) => {
                    let w = monday.iso_week_date();
                    format!("{:04}-W{:02}", w.year(), w.week())
                }
                None => key.to_string(),
            },
            Granularity::Month => {
                format!("{:04}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1)
            }
            Granularity::Year => format!("{key:04}"),
        }
    }

    /// The finest granularity giving at most [`MAX_BARS`] bars from day `first` to `last`.
    pub fn fitting(first: i64, last: i64) -> Granularity {
        Granularity::ALL
            .into_iter()
            .find(|g| g.key(last) - g.key(first) < MAX_BARS)
            .unwrap_or(Granularity::Year)
    }
}

/// One period of a timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub period: String,
    /// Matching articles dated in the period.
    pub count: u64,
    /// `count` over every article the index holds for the period (0 when it holds none).
    pub share: f64,
}

/// Matching articles per period, every period from the first match to the last.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub granularity: Granularity,
    pub bars: Vec<Bar>,
    /// Matching articles without a date.
    pub undated: u64,
}

/// The timeline of every article `req` matches, by `granularity` (or the finest period that
/// gives at most 60 bars over the matches' dates).
pub fn compute(
    store: &Store,
    req: &SearchRequest,
    granularity: Option<Granularity>,
) -> Result<Timeline, SearchError> {
    let searcher = store.reader.searcher();
    let matches = every_match(&searcher, store, req)?;
    Ok(tally(&searcher, &matches, granularity)?)
}

/// Counts `matches` and every live document per period of `granularity`.
fn tally(
    searcher: &Searcher,
    matches: &[DocAddress],
    granularity: Option<Granularity>,
) -> tantivy::Result<Timeline> {
    let mut columns = Vec::new();
    for seg in searcher.segment_readers() {
        columns.push(seg.fast_fields().i64(name::DAY)?);
    }
    let mut days = Vec::with_capacity(matches.len());
    let mut undated = 0;
    for a in matches {
        match columns
            .get(a.segment_ord as usize)
            .and_then(|c| c.first(a.doc_id))
        {
            Some(day) => days.push(day),
            None => undated += 1,
        }
    }
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        return Ok(Timeline {
            granularity: granularity.unwrap_or(Granularity::Day),
            bars: Vec::new(),
            undated,
        });
    };
    let g = granularity.unwrap_or_else(|| Granularity::fitting(first, last));
    let (from, to) = (g.key(first), g.key(last));
    // Periods are counted in a vector from `from`; a day's period is computed once per
    // distinct day (a month's or year's goes through the calendar).
    let mut memo: rustc_hash::FxHashMap<i64, i64> = rustc_hash::FxHashMap::default();
    let mut slot = |day: i64| -> usize {
        let key = *memo.entry(day).or_insert_with(|| g.key(day));
        usize::try_from(key - from).unwrap_or(usize::MAX)
    };
    let periods = usize::try_from(to - from).unwrap_or(0) + 1;
    let mut counts = vec![0u64; periods];
    for day in days {
        if let Some(c) = counts.get_mut(slot(day)) {
            *c += 1;
        }
    }
    // Every live document of the matching range, for the shares.
    let mut indexed = vec![0u64; periods];
    let (lo, hi) = (day_floor(g, from), day_ceiling(g, to));
    for (seg, column) in searcher.segment_readers().iter().zip(&columns) {
        for doc in seg.doc_ids_alive() {
            if let Some(day) = column.first(doc).filter(|d| (lo..=hi).contains(d)) {
                if let Some(c) = indexed.get_mut(slot(day)) {
                    *c += 1;
                }
            }
        }
    }
    let bars = (from..=to)
        .zip(counts.iter().zip(&indexed))
        .map(|(key, (&count, &all))| Bar {
            period: g.label(key),
            count,
            share: share(count, all),
        })
        .collect();
    Ok(Timeline {
        granularity: g,
        bars,
        undated,
    })
}

/// `count / all`, rounded to four decimals (0 when `all` is 0).
pub fn share(count: u64, all: u64) -> f64 {
    if all == 0 {
        return 0.0;
    }
    (count as f64 / all as f64 * 10_000.0).round() / 10_000.0
}

/// A day number no later than the first day of period `key` (a bound for the scan).
fn day_floor(g: Granularity, key: i64) -> i64 {
    match g {
        Granularity::Day => key,
        Granularity::Week => key * 7 - 3,
        Granularity::Month => first_day(key.div_euclid(12), 1).unwrap_or(i64::MIN),
        Granularity::Year => first_day(key, 1).unwrap_or(i64::MIN),
    }
}

/// A day number no earlier than the last day of period `key`.
fn day_ceiling(g: Granularity, key: i64) -> i64 {
    match g {
        Granularity::Day => key,
        Granularity::Week => key * 7 + 3,
        Granularity::Month => first_day(key.div_euclid(12) + 1, 1).map_or(i64::MAX, |d| d - 1),
        Granularity::Year => first_day(key + 1, 1).map_or(i64::MAX, |d| d - 1),
    }
}

/// The day number of January `day` of `year`, if jiff knows that year.
fn first_day(year: i64, day: i8) -> Option<i64> {
    let year = i16::try_from(year).ok()?;
    jiff::civil::Date::new(year, 1, day).ok().map(day_number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::search::dates::{parse_period, DateRange};

    fn n(s: &str) -> i64 {
        day_number(s.parse().unwrap())
    }

    #[test]
    fn periods_have_consecutive_keys_and_readable_labels() {
        // (granularity, day, label, key of the next period's first day minus this key)
        let cases = [
            (Granularity::Day, "1987-03-02", "1987-03-02", "1987-03-03"),
            (Granularity::Week, "1987-03-01", "1987-W09", "1987-03-02"),
            (Granularity::Week, "1970-01-01", "1970-W01", "1970-01-05"),
            (Granularity::Week, "2021-01-03", "2020-W53", "2021-01-04"),
            (Granularity::Month, "1987-12-31", "1987-12", "1988-01-01"),
            (Granularity::Month, "0001-01-01", "0001-01", "0001-02-01"),
            (Granularity::Year, "9999-12-31", "9999", "9999-12-31"),
        ];
        for (g, day, label, next) in cases {
            let key = g.key(n(day));
            assert_eq!(g.label(key), label, "{g:?} {day}");
            let step = g.key(n(next)) - key;
            assert!(step == 1 || (day == next && step == 0), "{g:?} {day}");
            assert!(day_floor(g, key) <= n(day) && n(day) <= day_ceiling(g, key));
        }
    }

    #[test]
    fn the_default_period_gives_at_most_sixty_bars() {
        let cases = [
            ("1987-03-01", "1987-03-01", Granularity::Day),
            ("1987-03-01", "1987-04-29", Granularity::Day),
            ("1987-03-01", "1987-06-30", Granularity::Week),
            ("1987-01-01", "1990-12-31", Granularity::Month),
            ("1900-01-01", "2020-12-31", Granularity::Year),
        ];
        for (first, last, want) in cases {
            assert_eq!(
                Granularity::fitting(n(first), n(last)),
                want,
                "{first}..{last}"
            );
        }
    }

    #[test]
    fn every_match_is_counted_with_its_share_of_the_period() {
        // 40 articles: "oil" in every even one, dated in March and May 1987 (none in April),
        // every tenth undated.
        let articles = (0..40).map(|i| Article {
            id: i.to_string(),
            headline: format!("Report {i}"),
            body: if i % 2 == 0 {
                "Oil prices rose."
            } else {
                "Gold fell."
            }
            .into(),
            date: (i % 10 != 0)
                .then(|| format!("1987-{:02}-{:02}", if i < 20 { 3 } else { 5 }, 1 + i % 28))
                .and_then(|d| d.parse().ok()),
            ..Article::default()
        });
        let s = crate::index::store::in_memory(articles, &[15]);
        let req = |q: &str, dates| SearchRequest {
            query: q.into(),
            dates,
            limit: 3,
            ..SearchRequest::default()
        };
        let t = compute(
            &s,
            &req("oil", DateRange::default()),
            Some(Granularity::Month),
        )
        .unwrap();
        let got: Vec<(&str, u64, f64)> = t
            .bars
            .iter()
            .map(|b| (b.period.as_str(), b.count, b.share))
            .collect();
        // March: 8 dated "oil" of 18 dated; April none; May: 8 of 18.
        assert_eq!(
            got,
            vec![
                ("1987-03", 8, 0.4444),
                ("1987-04", 0, 0.0),
                ("1987-05", 8, 0.4444)
            ]
        );
        assert_eq!(t.undated, 4);
        let total = crate::search::run(&s, &req("oil", DateRange::default()))
            .unwrap()
            .total_hits;
        assert_eq!(total as u64, 8 + 8 + 4, "the page does not limit the count");
        // A date filter: only May, so no undated line.
        let may = DateRange::within(parse_period("1987-05").unwrap());
        let t = compute(&s, &req("oil", may), None).unwrap();
        assert_eq!(t.granularity, Granularity::Day);
        assert_eq!(t.bars.iter().map(|b| b.count).sum::<u64>(), 8);
        assert_eq!(t.undated, 0);
        // Nothing matches: no bars.
        let t = compute(&s, &req("copper", DateRange::default()), None).unwrap();
        assert!(t.bars.is_empty() && t.undated == 0);
    }
}
