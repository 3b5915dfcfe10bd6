//! Coverage over time (`search --timeline`): every matching article counted per day, week,
//! month or year, beside the number of articles the index holds for that period, so a
//! reader sees attention rather than the archive's own coverage.
//!
//! Counts come from the `day` column of the matches ([`crate::search::every_match`]) and of
//! every live document; no stored document is read.

use serde::Serialize;
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Searcher, Term};

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
///
/// The `day` column is read in bulk: the matches' values per segment in document order
/// (a lookup per match through the column's optional index cost more than the search
/// itself for a word in most articles). Every document's day comes from the `day` field's
/// term dictionary (a document frequency per day) where a segment has no deletions, else
/// from the column. Both are counted per day in dense arrays over the matches' range, and
/// the days summed per period.
fn tally(
    searcher: &Searcher,
    matches: &[DocAddress],
    granularity: Option<Granularity>,
) -> tantivy::Result<Timeline> {
    let day_field = searcher.schema().get_field(name::DAY)?;
    let mut columns = Vec::new();
    for seg in searcher.segment_readers() {
        columns.push(seg.fast_fields().i64(name::DAY)?);
    }
    // Each segment's matches in document order, through a bitset (no sort).
    let mut marks: Vec<Vec<u64>> = searcher
        .segment_readers()
        .iter()
        .map(|seg| vec![0u64; (seg.max_doc() as usize).div_ceil(64)])
        .collect();
    for a in matches {
        let (word, bit) = (a.doc_id as usize / 64, a.doc_id % 64);
        if let Some(w) = marks
            .get_mut(a.segment_ord as usize)
            .and_then(|m| m.get_mut(word))
        {
            *w |= 1 << bit;
        }
    }
    let mut days = Vec::with_capacity(matches.len());
    let mut docs = Vec::new();
    for (column, marks) in columns.iter().zip(&marks) {
        docs.clear();
        for (i, &w) in marks.iter().enumerate() {
            let mut w = w;
            while w != 0 {
                docs.push((i * 64) as DocId + w.trailing_zeros());
                w &= w - 1;
            }
        }
        days_of(column, &docs, &mut days);
    }
    let listed: usize = marks
        .iter()
        .flatten()
        .map(|w| w.count_ones() as usize)
        .sum();
    let undated = listed.saturating_sub(days.len()) as u64;
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        return Ok(Timeline {
            granularity: granularity.unwrap_or(Granularity::Day),
            bars: Vec::new(),
            undated,
        });
    };
    let g = granularity.unwrap_or_else(|| Granularity::fitting(first, last));
    let (from, to) = (g.key(first), g.key(last));
    // Per day over the whole periods of the first and last match.
    let (lo, hi) = (
        period_start(g, from),
        period_start(g, to + 1).saturating_sub(1),
    );
    let span = usize::try_from(hi.saturating_sub(lo)).unwrap_or(usize::MAX);
    let mut matched = PerDay::new(lo, span);
    for &day in &days {
        matched.add(day);
    }
    let mut indexed = PerDay::new(lo, span);
    let mut all = Vec::new();
    for (seg, column) in searcher.segment_readers().iter().zip(&columns) {
        if seg.alive_bitset().is_none() {
            // Without deletions, a day's documents are its term's document frequency.
            count_terms(seg, day_field, lo, hi, &mut indexed)?;
            continue;
        }
        all.clear();
        let alive: Vec<DocId> = seg.doc_ids_alive().collect();
        days_of(column, &alive, &mut all);
        for &day in all.iter().filter(|d| (lo..=hi).contains(d)) {
            indexed.add(day);
        }
    }
    let bars = (from..=to)
        .map(|key| {
            let days = period_start(g, key)..period_start(g, key + 1);
            let (count, all) = (matched.sum(days.clone()), indexed.sum(days));
            Bar {
                period: g.label(key),
                count,
                share: share(count, all),
            }
        })
        .collect();
    Ok(Timeline {
        granularity: g,
        bars,
        undated,
    })
}

/// Adds to `per_day` the documents of `seg` (which has no deletions) dated from day `lo` to
/// `hi`, from the `day` field's term dictionary: one entry per distinct day.
fn count_terms(
    seg: &tantivy::SegmentReader,
    field: tantivy::schema::Field,
    lo: i64,
    hi: i64,
    per_day: &mut PerDay,
) -> tantivy::Result<()> {
    let inverted = seg.inverted_index(field)?;
    let (from, to) = (
        Term::from_field_i64(field, lo),
        Term::from_field_i64(field, hi),
    );
    let mut stream = inverted
        .terms()
        .range()
        .ge(from.serialized_value_bytes())
        .le(to.serialized_value_bytes())
        .into_stream()?;
    while stream.advance() {
        if let Ok(bytes) = <[u8; 8]>::try_from(stream.key()) {
            let day = tantivy::u64_to_i64(u64::from_be_bytes(bytes));
            per_day.add_many(day, stream.value().doc_freq);
        }
    }
    Ok(())
}

/// Appends to `out` the day of each of `docs` (sorted, of one segment) that has one, read in
/// bulk.
fn days_of(column: &Column<i64>, docs: &[DocId], out: &mut Vec<i64>) {
    let (mut dated, mut rows) = (Vec::new(), Vec::new());
    column.row_ids_for_docs(docs, &mut dated, &mut rows);
    let mut values = vec![0i64; rows.len()];
    column.values.get_vals(&rows, &mut values);
    // A document's first value only (the column holds one per document).
    let mut last = None;
    for (&doc, &day) in dated.iter().zip(&values) {
        if last != Some(doc) {
            last = Some(doc);
            out.push(day);
        }
    }
}

/// Articles counted per day from day `lo`, in a dense array: days past the array (a range
/// of many centuries) are counted in a map instead.
struct PerDay {
    lo: i64,
    dense: Vec<u32>,
    sparse: rustc_hash::FxHashMap<i64, u64>,
}

/// The most days counted densely (2^22 days: over 11,000 years, 16 MiB).
const DENSE_DAYS: usize = 1 << 22;

impl PerDay {
    fn new(lo: i64, span: usize) -> PerDay {
        PerDay {
            lo,
            dense: vec![0; span.saturating_add(1).min(DENSE_DAYS)],
            sparse: rustc_hash::FxHashMap::default(),
        }
    }

    fn add(&mut self, day: i64) {
        self.add_many(day, 1);
    }

    fn add_many(&mut self, day: i64, n: u32) {
        let slot = usize::try_from(day.wrapping_sub(self.lo)).ok();
        match slot.and_then(|i| self.dense.get_mut(i)) {
            Some(c) => *c += n,
            None => *self.sparse.entry(day).or_default() += u64::from(n),
        }
    }

    /// Articles on the days of `days` (counted days only: those of the matches' range).
    fn sum(&self, days: std::ops::Range<i64>) -> u64 {
        let to_slot = |d: i64| usize::try_from(d.saturating_sub(self.lo)).unwrap_or(0);
        let (a, b) = (to_slot(days.start), to_slot(days.end).min(self.dense.len()));
        let dense: u64 = self
            .dense
            .get(a.min(b)..b)
            .map_or(0, |s| s.iter().map(|&c| u64::from(c)).sum());
        let sparse: u64 = self
            .sparse
            .iter()
            .filter(|(d, _)| days.contains(d))
            .map(|(_, &c)| c)
            .sum();
        dense + sparse
    }
}

/// `count / all`, rounded to four decimals (0 when `all` is 0).
pub fn share(count: u64, all: u64) -> f64 {
    if all == 0 {
        return 0.0;
    }
    (count as f64 / all as f64 * 10_000.0).round() / 10_000.0
}

/// The day number of the first day of period `key` of `g`.
fn period_start(g: Granularity, key: i64) -> i64 {
    match g {
        Granularity::Day => key,
        Granularity::Week => key.saturating_mul(7).saturating_sub(3),
        Granularity::Month => first_day(key.div_euclid(12), key.rem_euclid(12) + 1),
        Granularity::Year => first_day(key, 1),
    }
}

/// The day number of the first of `month` in `year`; past jiff's years (-9999..=9999), the
/// first or last day it knows.
fn first_day(year: i64, month: i64) -> i64 {
    let clamped = year.clamp(-9999, 9999) as i16;
    let day = jiff::civil::Date::new(clamped, month.clamp(1, 12) as i8, 1);
    match day {
        Ok(d) if year == i64::from(clamped) => day_number(d),
        _ if year > 9999 => day_number(jiff::civil::Date::MAX) + 1,
        _ => day_number(jiff::civil::Date::MIN),
    }
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
            assert!(period_start(g, key) <= n(day) && n(day) < period_start(g, key + 1));
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
        // Every query counts what its search counts: full matches when they fill the page,
        // partial ones too when they do not ("oil gold": no article has both).
        for (q, limit) in [
            ("oil gold", 3),
            ("oil gold", 0),
            ("oil prices", 3),
            ("gold", 50),
        ] {
            let r = SearchRequest {
                limit,
                ..req(q, DateRange::default())
            };
            let t = compute(&s, &r, None).unwrap();
            let counted = t.bars.iter().map(|b| b.count).sum::<u64>() + t.undated;
            let total = crate::search::run(&s, &r).unwrap().total_hits;
            assert_eq!(counted, total as u64, "{q} limit {limit}");
        }
        // Nothing matches: no bars.
        let t = compute(&s, &req("copper", DateRange::default()), None).unwrap();
        assert!(t.bars.is_empty() && t.undated == 0);
    }
}
