//! Following a story: `search --timeline` (coverage over time), on the bundled corpus and on
//! small folders written by the tests.

use std::path::Path;

use serde_json::Value;

use crate::util::{dateline, json_success, search_json};

/// Writes one JSON Lines file of `(id, date, headline, body)` articles into `dir/articles`.
pub fn write_articles(dir: &Path, name: &str, articles: &[(&str, Option<&str>, &str, &str)]) {
    let folder = dir.join("articles");
    std::fs::create_dir_all(&folder).unwrap();
    let lines: Vec<String> = articles
        .iter()
        .map(|(id, date, headline, body)| {
            serde_json::json!({"id": id, "date": date, "headline": headline, "body": body})
                .to_string()
        })
        .collect();
    std::fs::write(folder.join(name), lines.join("\n") + "\n").unwrap();
}

#[test]
fn timeline_counts_every_match_not_the_page() {
    let (code, v) = search_json(&["health", "--timeline", "year", "--limit", "1"]);
    assert_eq!(code, 0);
    let bars = v["timeline"].as_array().unwrap();
    assert!(bars.len() >= 2, "{bars:?}");
    let counted: u64 = bars
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum::<u64>()
        + v["timeline_undated"].as_u64().unwrap();
    assert_eq!(counted, v["total_hits"].as_u64().unwrap());
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
    for b in bars {
        let share = b["share"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&share), "{b}");
        assert_eq!(b["period"].as_str().unwrap().len(), 4, "{b}");
    }
    // Without --timeline the key is absent.
    let (_, plain) = search_json(&["health"]);
    assert!(plain.get("timeline").is_none());
}

#[test]
fn timeline_follows_filters_speaker_and_undated_articles() {
    let dir = tempfile::TempDir::new().unwrap();
    write_articles(
        dir.path(),
        "a.jsonl",
        &[
            (
                "1",
                Some("2021-01-05"),
                "Flood warning",
                "The river flood rose overnight.",
            ),
            (
                "2",
                Some("2021-01-20"),
                "Flood relief",
                "\"We need help now,\" said Ann Lee after the flood.",
            ),
            ("3", Some("2021-03-02"), "Flood ends", "The flood is over."),
            ("4", None, "Flood memories", "An undated flood story."),
            (
                "5",
                Some("2021-02-11"),
                "Budget",
                "The council met about money.",
            ),
        ],
    );
    dateline(dir.path())
        .args(["index", "articles"])
        .assert()
        .success();
    let run = |args: &[&str]| -> Value {
        json_success(
            dateline(dir.path())
                .args(["search", "flood", "--json", "--timeline"])
                .args(args),
            "search --timeline",
        )
    };
    let counts = |v: &Value| -> Vec<(String, u64)> {
        v["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["period"].as_str().unwrap().into(),
                    b["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let v = run(&["month"]);
    let want = [("2021-01", 2), ("2021-02", 0), ("2021-03", 1)];
    assert_eq!(counts(&v), want.map(|(p, c)| (p.to_string(), c)));
    assert_eq!(v["timeline_undated"], 1);
    // February holds one article, none about floods: share 0; January 2 of 2.
    assert_eq!(v["timeline"][0]["share"], 1.0);
    assert_eq!(v["timeline"][1]["share"], 0.0);
    let v = run(&["month", "--from", "2021-02"]);
    assert_eq!(counts(&v), vec![("2021-03".to_string(), 1)]);
    assert_eq!(v["timeline_undated"], 0);
    let v = run(&["--speaker", "Ann Lee"]);
    assert_eq!(counts(&v), vec![("2021-01-20".to_string(), 1)]);
    // The terminal: a bar per period, the undated line.
    let out = dateline(dir.path())
        .args(["search", "flood", "--timeline", "month", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("2021-01  ████████████████████████████████████████  2  100.0%"),
        "{text}"
    );
    assert!(text.contains("2021-03  ████████████████████"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("undated") && l.ends_with('1')),
        "{text}"
    );
}

#[test]
fn speakers_merges_spellings_and_follows_query_and_dates() {
    let dir = tempfile::TempDir::new().unwrap();
    write_articles(
        dir.path(),
        "a.jsonl",
        &[
            (
                "1",
                Some("2020-01-02"),
                "Budget talks",
                "\"We will cut taxes,\" said Michael Howard on Monday.",
            ),
            (
                "2",
                Some("2020-02-03"),
                "Budget vote",
                "\"The vote is close,\" said Mr. Michael Howard.",
            ),
            (
                "3",
                Some("2020-03-04"),
                "Budget passed",
                "\"A good day for us,\" said José Pérez.",
            ),
            (
                "4",
                Some("2020-04-05"),
                "Weather",
                "\"Rain tomorrow,\" said Jose Perez.",
            ),
        ],
    );
    dateline(dir.path())
        .args(["index", "articles"])
        .assert()
        .success();
    let v = json_success(
        dateline(dir.path()).args(["speakers", "budget", "--json"]),
        "speakers budget",
    );
    assert_eq!(v["articles"], 3);
    let names: Vec<(&str, u64)> = v["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["speaker"].as_str().unwrap(),
                s["quotations"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(names, vec![("Michael Howard", 2), ("José Pérez", 1)]);
    assert_eq!(v["speakers"][0]["first_date"], "2020-01-02");
    assert_eq!(v["speakers"][0]["last_date"], "2020-02-03");
    assert_eq!(v["speakers"][0]["articles"], 2);
    assert!(
        v["speakers"][0]["example"]
            .as_str()
            .unwrap()
            .contains("vote is close")
            || v["speakers"][0]["example"]
                .as_str()
                .unwrap()
                .contains("cut taxes")
    );
    // No query, a date filter: accents and case merge across articles.
    let v = json_success(
        dateline(dir.path()).args(["speakers", "--from", "2020-03", "--json", "--limit", "1"]),
        "speakers --from",
    );
    assert_eq!(v["speakers"][0]["speaker"], "José Pérez");
    assert_eq!(v["speakers"][0]["quotations"], 2);
    assert_eq!(v["total_speakers"], 1);
    // Nothing matches: exit 1. A bad query: exit 2.
    dateline(dir.path())
        .args(["speakers", "volcano"])
        .assert()
        .code(1);
    dateline(dir.path())
        .args(["speakers", "(budget"])
        .assert()
        .code(2);
}
