//! Measures HTML extraction on the Zyte pages in `../shared/data/html/zyte/`: body token
//! F1, headline exact match, date on the day and author found rate against the ground truth.
//!
//! Run: `cargo test --lib html::eval -- --nocapture`. Absent data skips with a message
//! (and fails under `CI=true`). The floors below are what was measured, minus 0.01:
//! body F1 0.967 (0.968 before the lede under the headline was kept: this ground truth
//! leaves standfirsts out, trafilatura's keeps them; dom_smoothie 0.959 with `DATELINE_EVAL_COMPARE=1`), headline 1.000
//! (before site names were removed from headlines; the floor is now on the match with the
//! site part aside, see [`is_site_aside`]),
//! date 0.959 (with the placeholder `dates::parse_date`, ISO only), author 0.898 (0.918
//! until a byline that names only the site gave way to the person the page shows: on one
//! page `author_meta` is the site, "snopes", and the writer is now reported instead).
//! An `author_meta` that is a URL (a Facebook profile in `article:author`) is not a name
//! and is left out of the author rate; the rate including them is printed too.
//! `DATELINE_EVAL_VERBOSE`, `DATELINE_EVAL_META` and `DATELINE_EVAL_DUMP=DIR` show misses,
//! every page's metadata, and write each extracted body to DIR.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Deserialize)]
struct Truth {
    html_file: String,
    body: String,
    headline_meta: Option<String>,
    date_meta: Option<String>,
    author_meta: Option<String>,
}

const FLOOR_BODY_F1: f64 = 0.957;
const FLOOR_HEADLINE: f64 = 0.968;
const FLOOR_DATE: f64 = 0.949;
const FLOOR_AUTHOR: f64 = 0.888;

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/html/zyte");
    if dir.join("ground-truth.jsonl").exists() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("../shared/data absent under CI=true");
    }
    eprintln!("SKIPPED: ../shared/data absent");
    None
}

/// Lowercased word tokens (runs of letters and digits).
fn tokens(s: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for t in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        *out.entry(t.to_lowercase()).or_insert(0) += 1;
    }
    out
}

/// Bag-of-words F1 between extracted and expected text.
fn token_f1(got: &str, want: &str) -> f64 {
    let (g, w) = (tokens(got), tokens(want));
    let common: usize = g
        .iter()
        .map(|(t, n)| (*n).min(*w.get(t).unwrap_or(&0)))
        .sum();
    let (gn, wn): (usize, usize) = (g.values().sum(), w.values().sum());
    if common == 0 {
        return if gn == 0 && wn == 0 { 1.0 } else { 0.0 };
    }
    let (p, r) = (common as f64 / gn as f64, common as f64 / wn as f64);
    2.0 * p * r / (p + r)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The day a ground-truth date names: an ISO prefix, or "Nov 20, 2019" / "20 Nov 2019"
/// written anywhere in it. Placeholder years (0001) count as no date.
fn truth_day(s: &str) -> Option<String> {
    if let Some(d) = s
        .get(..10)
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
    {
        return (d.year() >= 1800).then(|| d.to_string());
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let month = |w: &str| {
        MONTHS
            .iter()
            .position(|m| w.starts_with(m))
            .map(|i| i as i8 + 1)
    };
    let num = |w: &str| w.parse::<i16>().ok();
    for i in 0..words.len() {
        let Some(m) = month(&words[i]) else { continue };
        let before = i.checked_sub(1).and_then(|j| num(&words[j]));
        let after = words.get(i + 1).and_then(|w| num(w));
        let year = words[i + 1..]
            .iter()
            .take(3)
            .filter_map(|w| num(w))
            .find(|y| *y > 1800);
        let day = after.filter(|d| *d <= 31).or(before.filter(|d| *d <= 31));
        if let (Some(d), Some(y)) = (day, year) {
            return jiff::civil::Date::new(y, m, d as i8)
                .ok()
                .map(|d| d.to_string());
        }
    }
    None
}

pub(super) fn read_gz(path: &Path) -> std::io::Result<Vec<u8>> {
    let raw = std::fs::read(path)?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out)?;
    Ok(out)
}

#[derive(Default)]
struct Score {
    sum: f64,
    n: usize,
}

impl Score {
    fn add(&mut self, v: f64) {
        self.sum += v;
        self.n += 1;
    }
    fn mean(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum / self.n as f64
        }
    }
}

#[test]
fn zyte_pages() {
    let Some(dir) = data_dir() else { return };
    let truth = std::fs::read_to_string(dir.join("ground-truth.jsonl")).unwrap();
    let compare = std::env::var("DATELINE_EVAL_COMPARE").is_ok();
    let mut headline_raw = Score::default();
    let (mut body, mut alt_body, mut headline, mut date, mut author, mut author_all) = (
        Score::default(),
        Score::default(),
        Score::default(),
        Score::default(),
        Score::default(),
        Score::default(),
    );
    let verbose = std::env::var("DATELINE_EVAL_VERBOSE").is_ok();
    for line in truth.lines().filter(|l| !l.trim().is_empty()) {
        let t: Truth = serde_json::from_str(line).unwrap();
        let raw = read_gz(&dir.join(&t.html_file)).unwrap();
        let article = super::parse(&raw, &t.html_file).ok().unwrap_or_default();
        let f1 = token_f1(&article.body, &t.body);
        if std::env::var("DATELINE_EVAL_META").is_ok() {
            let a = &article;
            eprintln!(
                "META {:?} | {:?} | {:?} | {:?} | {:?} | q={}",
                a.headline,
                a.byline,
                a.date,
                a.source,
                a.url,
                a.quotes.len()
            );
        }
        body.add(f1);
        if compare {
            let text = super::decode_html(&raw).unwrap_or_default();
            alt_body.add(token_f1(
                &super::body::with_dom_smoothie(&text, article.url.as_deref()),
                &t.body,
            ));
        }
        if let Some(h) = t.headline_meta.as_deref() {
            let exact = squash(h) == squash(&article.headline);
            headline_raw.add(exact as u8 as f64);
            let ok = exact || is_site_aside(&squash(h), &squash(&article.headline));
            headline.add(ok as u8 as f64);
            if verbose && !ok {
                eprintln!("HEADLINE {:?} vs {:?}", article.headline, h);
            }
        }
        if let Some(want) = t.date_meta.as_deref().and_then(truth_day) {
            let ok = article.date.map(|d| d.to_string()) == Some(want.clone());
            date.add(ok as u8 as f64);
            if verbose && !ok {
                eprintln!("DATE {:?} vs {want} ({:?})", article.date, t.date_meta);
            }
        }
        if let Some(want) = t.author_meta.as_deref().map(str::to_lowercase) {
            let got = squash(&article.byline.clone().unwrap_or_default()).to_lowercase();
            let want = squash(&want);
            let ok = !got.is_empty() && (got.contains(&want) || want.contains(&got));
            author_all.add(ok as u8 as f64);
            // An address (a Facebook profile in `article:author`) is not a byline.
            if !want.starts_with("http") {
                author.add(ok as u8 as f64);
            }
            if verbose && !ok {
                eprintln!("AUTHOR {got:?} vs {want:?}");
            }
        }
        if let Ok(dump) = std::env::var("DATELINE_EVAL_DUMP") {
            let name = t
                .html_file
                .trim_start_matches("pages/")
                .trim_end_matches(".html.gz");
            let _ = std::fs::write(
                Path::new(&dump).join(format!("{name}.{f1:.2}.txt")),
                &article.body,
            );
        }
        if verbose && f1 < 0.8 {
            eprintln!("BODY {f1:.2} {}", t.html_file);
        }
    }
    eprintln!("pages: {}", body.n);
    eprintln!("body token F1 (mean): {:.3}", body.mean());
    if compare {
        eprintln!("body token F1 with dom_smoothie: {:.3}", alt_body.mean());
    }
    eprintln!(
        "headline exact match, site name aside: {:.3} of {}",
        headline.mean(),
        headline.n
    );
    eprintln!(
        "headline exact match with the meta tag as written: {:.3} of {}",
        headline_raw.mean(),
        headline_raw.n
    );
    eprintln!("date on the day: {:.3} of {}", date.mean(), date.n);
    eprintln!("author found (names): {:.3} of {}", author.mean(), author.n);
    eprintln!(
        "author found (incl. URL-valued author_meta): {:.3} of {}",
        author_all.mean(),
        author_all.n
    );
    assert!(body.mean() >= FLOOR_BODY_F1, "body F1 fell");
    assert!(headline.mean() >= FLOOR_HEADLINE, "headline match fell");
    assert!(date.mean() >= FLOOR_DATE, "date match fell");
    assert!(author.mean() >= FLOOR_AUTHOR, "author found rate fell");
}

/// The ground truth is the meta tag as written, which often carries the site ("Story |
/// Site", "Opinion | Story") that the extractor removes on purpose: the headline also
/// counts when it is the truth without one leading or trailing separated part.
fn is_site_aside(truth: &str, got: &str) -> bool {
    !got.is_empty()
        && [" | ", " - ", " – ", " — ", " :: ", " » "]
            .iter()
            .any(|sep| {
                truth
                    .strip_suffix(got)
                    .is_some_and(|rest| rest.ends_with(sep))
                    || truth
                        .strip_prefix(got)
                        .is_some_and(|rest| rest.starts_with(sep))
                        && !rest_has_story(truth, got, sep)
            })
}

/// The part after `got` is one part (the site), not more of the story.
fn rest_has_story(truth: &str, got: &str, sep: &str) -> bool {
    truth[got.len() + sep.len()..].contains(sep)
}

#[test]
fn metric_helpers() {
    let headlines = [
        ("Story | Site", "Story", true),
        ("Opinion | Story", "Story", true),
        ("Story", "Story", false),
        ("Story - part two - Site", "Story", false),
        ("Story | Site", "", false),
    ];
    for (truth, got, want) in headlines {
        assert_eq!(is_site_aside(truth, got), want, "{truth} / {got}");
    }
    let cases = [
        ("a b c", "a b c", 1.0),
        ("a b", "c d", 0.0),
        ("A, b!", "a b c d", 2.0 * 1.0 * 0.5 / 1.5),
    ];
    for (got, want, f1) in cases {
        assert!((token_f1(got, want) - f1).abs() < 1e-9, "{got} / {want}");
    }
    let days = [
        ("2019-11-19T10:48:00+00:00", Some("2019-11-19")),
        ("November 20, 2019 13:42", Some("2019-11-20")),
        ("20 Nov 2019 08:02 GMT", Some("2019-11-20")),
        ("Tue Nov 19 2019 03:05:46 GMT+0000", Some("2019-11-19")),
        ("01:38:07 PM IST Nov 20, 2019", Some("2019-11-20")),
        ("0001-01-01T00:00:00Z", None),
    ];
    for (s, want) in days {
        assert_eq!(truth_day(s).as_deref(), want, "{s}");
    }
}
