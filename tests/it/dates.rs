//! Dates through the binary: every year from 1 to 9999 round-trips through the index and
//! its filters (issue 14, defect 7), and day filters compare the article's own calendar day
//! while instant filters compare instants (defect 8).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::util::{dateline, index_json, json_success};

/// A folder `in/` holding one JSON Lines file of articles `(id, date)`, all saying
/// "harbour", indexed.
fn indexed(articles: &[(&str, Option<&str>)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let lines: Vec<String> = articles
        .iter()
        .map(|(id, date)| {
            let mut a = serde_json::json!({
                "id": id,
                "headline": format!("Harbour report {id}"),
                "body": "The harbour master counted the boats in the harbour.",
            });
            if let Some(d) = date {
                a["date"] = Value::from(*d);
            }
            a.to_string()
        })
        .collect();
    std::fs::write(dir.path().join("in/reports.jsonl"), lines.join("\n")).unwrap();
    let (code, v) = index_json(dir.path(), &["in"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["added"], articles.len() as u64, "{v}");
    dir
}

/// `search ARGS --json --limit 100` in `dir`: the hits.
fn hits(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut cmd = dateline(dir);
    cmd.arg("search")
        .args(args)
        .args(["--json", "--limit", "100", "--all-copies"]);
    let out = cmd.output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["hits"].as_array().unwrap().clone()
}

/// The ids of the hits of `search ARGS`.
fn ids(dir: &Path, args: &[&str]) -> BTreeSet<String> {
    hits(dir, args)
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// `search ARGS` fails with exit code 2 and a message naming `named`.
fn refused(dir: &Path, args: &[&str], named: &str) {
    let out = dateline(dir).arg("search").args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(named), "{args:?}: {err}");
}

#[test]
fn every_year_from_1_to_9999_round_trips_and_filters() {
    // Each id is its date; 1677-09-20 and 2262-04-12 are the first days past what a
    // nanosecond timestamp holds.
    let days = [
        "0001-01-01",
        "1000-01-01",
        "1677-09-20",
        "1987-02-26",
        "2262-04-12",
        "2999-12-31",
        "9999-12-31",
    ];
    let articles: Vec<(&str, Option<&str>)> = days.iter().map(|d| (*d, Some(*d))).collect();
    let dir = indexed(&articles);
    let dir = dir.path();
    for h in hits(dir, &["harbour"]) {
        assert_eq!(h["date"], h["id"], "search --json: {h}");
    }
    for d in days {
        let shown = json_success(dateline(dir).args(["show", d, "--json"]), "show");
        assert_eq!(shown["date"], d, "show --json {d}");
    }
    let stats = json_success(dateline(dir).args(["stats", "--json"]), "stats");
    assert_eq!(stats["first_date"], "0001-01-01");
    assert_eq!(stats["last_date"], "9999-12-31");
    assert_eq!(stats["per_year"]["9999"], 1);
    // (arguments, the ids they find)
    let cases: &[(&[&str], &[&str])] = &[
        (&["harbour date:>=2300"], &["2999-12-31", "9999-12-31"]),
        (&["harbour", "--from", "9999-12-31"], &["9999-12-31"]),
        (
            &["harbour", "--to", "1000-01-01"],
            &["0001-01-01", "1000-01-01"],
        ),
        (&["harbour date:1677"], &["1677-09-20"]),
        (&["harbour date:<0002"], &["0001-01-01"]),
        (
            &["harbour date:>2262-04-11 date:<3000"],
            &["2262-04-12", "2999-12-31"],
        ),
        (
            &[
                "harbour",
                "--from",
                "0999-12-31T23:00:00-01:00",
                "--to",
                "1677",
            ],
            &["1000-01-01", "1677-09-20"],
        ),
    ];
    for (args, want) in cases {
        assert_eq!(ids(dir, args), set(want), "{args:?}");
    }
    // Sorted by date, the oldest first, across the whole span.
    let oldest: Vec<String> = hits(dir, &["harbour", "--sort", "oldest"])
        .iter()
        .map(|h| h["date"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(oldest, days);
    // Impossible input is an error naming it, never a wrapped date.
    refused(dir, &["harbour", "--from", "2021-02-30"], "2021-02-30");
    refused(dir, &["harbour date:10000"], "10000");
    refused(dir, &["harbour", "--to", "0000-12-31"], "0000-12-31");
    refused(dir, &["harbour date:>9999-12-31"], "9999-12-31");
    refused(dir, &["harbour date:[1 TO 2]"], "\"1\"");
}

#[test]
fn day_filters_compare_calendar_days_and_instant_filters_compare_instants() {
    let dir = indexed(&[
        // Late on March 3 in California: March 4, 07:30 in UTC.
        ("west", Some("2021-03-03T23:30:00-08:00")),
        // Just after midnight on March 4 in Kiribati: March 3, 10:30 in UTC.
        ("kiribati", Some("2021-03-04T00:30:00+14:00")),
        // The same instant as "west", written in UTC (so on March 4).
        ("utc", Some("2021-03-04T07:30:00Z")),
        // A day only, and a time without an offset: their instant is unknown.
        ("day", Some("2021-03-03")),
        ("local", Some("2021-03-04T09:00:00")),
        ("undated", None),
    ]);
    let dir = dir.path();
    let west = "2021-03-03T23:30:00-08:00";
    // (arguments, the ids they find)
    let cases: &[(&[&str], &[&str])] = &[
        // Days: each article's own calendar day.
        (
            &["harbour", "--from", "2021-03-03", "--to", "2021-03-03"],
            &["west", "day"],
        ),
        (&["harbour date:2021-03-04"], &["kiribati", "utc", "local"]),
        (
            &["harbour date:2021-03"],
            &["west", "kiribati", "utc", "day", "local"],
        ),
        // Instants: the same moment however it was written; an unknown instant compares
        // its day with the filter's day in the filter's own offset (March 3 here).
        (
            &["harbour", "--from", west],
            &["west", "utc", "day", "local"],
        ),
        (
            &["harbour", "--from", west, "--to", west],
            &["west", "utc", "day"],
        ),
        (
            &["harbour", &format!("date:[{west} TO {west}]")],
            &["west", "utc", "day"],
        ),
        (
            &["harbour", "--to", west],
            &["west", "kiribati", "utc", "day"],
        ),
        (&["harbour", &format!("date:>{west}")], &["day", "local"]),
        (&["harbour", &format!("date:<{west}")], &["kiribati", "day"]),
        // Written in UTC the same instant falls on March 4: the day-only article drops out.
        (
            &[
                "harbour",
                "--from",
                "2021-03-04T07:30:00Z",
                "--to",
                "2021-03-04T07:30:00Z",
            ],
            &["west", "utc", "local"],
        ),
        // One second either side.
        (
            &[
                "harbour",
                "--from",
                "2021-03-03T23:30:01-08:00",
                "--to",
                "2021-03-04",
            ],
            &["day", "local"],
        ),
        (
            &[
                "harbour",
                "--to",
                "2021-03-03T23:29:59-08:00",
                "--from",
                "2021-03-02",
            ],
            &["kiribati", "day"],
        ),
    ];
    for (args, want) in cases {
        assert_eq!(ids(dir, args), set(want), "{args:?}");
    }
    // The time and offset come back as written, beside the day.
    let by_id = |id: &str| {
        hits(dir, &["harbour"])
            .into_iter()
            .find(|h| h["id"] == id)
            .unwrap()
    };
    for (id, date, time) in [
        ("west", "2021-03-03", Some("23:30:00-08:00")),
        ("kiribati", "2021-03-04", Some("00:30:00+14:00")),
        ("utc", "2021-03-04", Some("07:30:00Z")),
        ("day", "2021-03-03", None),
        ("local", "2021-03-04", Some("09:00:00")),
    ] {
        let hit = by_id(id);
        let shown = json_success(dateline(dir).args(["show", id, "--json"]), "show");
        for v in [&hit, &shown] {
            assert_eq!(v["date"], date, "{id}: {v}");
            assert_eq!(v["time"].as_str(), time, "{id}: {v}");
        }
    }
}
