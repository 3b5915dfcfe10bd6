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
    // A second file in January, and article 2 gone from the first: the index now holds
    // deleted documents, which neither count nor share.
    write_articles(
        dir.path(),
        "b.jsonl",
        &[("6", Some("2021-01-09"), "Rates", "The bank kept rates.")],
    );
    let first = std::fs::read_to_string(dir.path().join("articles/a.jsonl")).unwrap();
    let kept: Vec<&str> = first.lines().filter(|l| !l.contains("Ann Lee")).collect();
    std::fs::write(dir.path().join("articles/a.jsonl"), kept.join("\n") + "\n").unwrap();
    dateline(dir.path())
        .args(["index", "articles"])
        .assert()
        .success();
    let v = run(&["month"]);
    assert_eq!(counts(&v)[0], ("2021-01".to_string(), 1));
    assert_eq!(v["timeline"][0]["share"], 0.5, "{v}");
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

const WIRE: &str = "The old harbour bridge was closed to traffic on Tuesday morning after a grain \
barge drifted off course in strong winds and struck one of its stone piers, city officials said.\n\n\
Engineers spent the afternoon inspecting the damaged pier from a small boat and said the structure \
showed cracks along its eastern face but no sign of movement in the deck above.\n\n\
Ferry operators added extra crossings for commuters who normally walk or cycle over the bridge, and \
the port authority asked freight traffic to wait outside the breakwater.\n\n\
The barge's crew of four was unhurt. The company that owns the vessel said it would cooperate fully \
with the inquiry and had already sent its own surveyors to the site.";

const OTHER_REPORT: &str = "Commuters faced long queues at the ferry terminal on Tuesday as the \
city shut its harbour bridge following a collision. A barge carrying grain hit a pier during a gale, \
according to the port authority, which said inspections would continue all week.";

#[test]
fn copies_are_folded_listed_by_show_and_follow_the_files() {
    let dir = tempfile::TempDir::new().unwrap();
    let trimmed = WIRE.rsplit_once("\n\n").unwrap().0;
    let boiler = format!(
        "{WIRE}\n\nSign up for our newsletter. Follow us for the latest local news and traffic."
    );
    let headline = "Harbour bridge closes after barge strikes pier";
    let upper = headline.to_uppercase();
    write_articles(
        dir.path(),
        "site-a.jsonl",
        &[("a", Some("2021-03-02"), headline, WIRE)],
    );
    write_articles(
        dir.path(),
        "site-b.jsonl",
        &[("b", Some("2021-03-03"), &upper, &boiler)],
    );
    write_articles(
        dir.path(),
        "site-c.jsonl",
        &[("c", Some("2021-03-02"), headline, trimmed)],
    );
    write_articles(
        dir.path(),
        "other.jsonl",
        &[(
            "d",
            Some("2021-03-02"),
            "Ferry queues as harbour bridge shut",
            OTHER_REPORT,
        )],
    );
    dateline(dir.path())
        .args(["index", "articles"])
        .assert()
        .success();
    let search = |extra: &[&str]| -> Value {
        json_success(
            dateline(dir.path())
                .args(["search", "harbour bridge", "--json"])
                .args(extra),
            "search",
        )
    };
    let v = search(&[]);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(v["total_hits"], 4, "total_hits counts every match");
    assert_eq!(hits.len(), 2, "{v}");
    let copies: Vec<(String, u64)> = hits
        .iter()
        .map(|h| {
            (
                h["id"].as_str().unwrap().to_string(),
                h["copies"].as_u64().unwrap(),
            )
        })
        .collect();
    let wire = copies.iter().find(|(id, _)| id != "d").unwrap();
    assert_eq!(wire.1, 2, "{copies:?}");
    assert!(
        copies.contains(&("d".to_string(), 0)),
        "another report stays apart: {copies:?}"
    );
    let stats = json_success(dateline(dir.path()).args(["stats", "--json"]), "stats");
    assert_eq!(
        (
            stats["copy_groups"].as_u64(),
            stats["grouped_articles"].as_u64()
        ),
        (Some(1), Some(3))
    );
    let all = search(&["--all-copies"]);
    assert_eq!(all["hits"].as_array().unwrap().len(), 4);
    // show lists the copies.
    let shown = json_success(dateline(dir.path()).args(["show", "a", "--json"]), "show a");
    let mut ids: Vec<&str> = shown["copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, vec!["b", "c"]);
    let text = dateline(dir.path())
        .args(["show", "a", "--color", "never"])
        .output()
        .unwrap();
    assert!(String::from_utf8(text.stdout)
        .unwrap()
        .contains("2 syndicated copies:"));
    let out = dateline(dir.path())
        .args(["search", "harbour bridge", "--color", "never"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("+2 copies"));
    // A copy's file vanishes: the group shrinks.
    std::fs::remove_file(dir.path().join("articles/site-b.jsonl")).unwrap();
    dateline(dir.path())
        .args(["index", "articles"])
        .assert()
        .success();
    let shown = json_success(dateline(dir.path()).args(["show", "a", "--json"]), "show a");
    assert_eq!(shown["copies"].as_array().unwrap().len(), 1);
    assert_eq!(shown["copies"][0]["id"], "c");
    // A file changes into another story: it leaves the group.
    write_articles(dir.path(), "site-c.jsonl", &[("c", Some("2021-03-02"), "Budget", "The council met on Tuesday to agree a budget for the coming year, with spending on roads and schools rising.")]);
    dateline(dir.path())
        .args(["index", "articles"])
        .assert()
        .success();
    let shown = json_success(dateline(dir.path()).args(["show", "a", "--json"]), "show a");
    assert!(shown["copies"].as_array().unwrap().is_empty());
}

#[test]
fn typos_are_suggested_and_fuzzy_words_match_within_their_distance() {
    let (code, v) = search_json(&["opiod"]);
    assert_eq!(code, 1);
    assert_eq!(v["did_you_mean"]["opiod"], "opioid", "{v}");
    let (code, v) = search_json(&["vacine", "hospitl"]);
    assert_eq!(code, 1);
    assert_eq!(v["did_you_mean"]["vacine"], "vaccine", "{v}");
    assert_eq!(v["did_you_mean"]["hospitl"], "hospital", "{v}");
    // A found query suggests nothing; a word nothing is near gets no suggestion.
    let (_, v) = search_json(&["opioid"]);
    assert!(v.get("did_you_mean").is_none());
    let (_, v) = search_json(&["qqqqzzzz"]);
    assert!(v.get("did_you_mean").is_none(), "{v}");
    // word~1 finds what the word itself finds, and ranks it.
    let (code, exact) = search_json(&["opioid", "--limit", "1000"]);
    assert_eq!(code, 0);
    let (code, fuzzy) = search_json(&["opiod~1", "--limit", "1000"]);
    assert_eq!(code, 0);
    assert!(fuzzy["total_hits"].as_u64() >= exact["total_hits"].as_u64());
    assert!(fuzzy["hits"][0]["score"].as_f64().unwrap() > 0.0);
    let (code, _) = search_json(&["oppiodd~1"]);
    assert_eq!(code, 1, "two edits are not within ~1");
    let (code, _) = search_json(&["oppiodd~2"]);
    assert_eq!(code, 0);
}

#[test]
fn similar_finds_related_articles_without_the_article_and_its_copies() {
    let (_, v) = search_json(&["opioid", "--limit", "1"]);
    let id = v["hits"][0]["id"].as_str().unwrap().to_string();
    let v = json_success(
        dateline(crate::util::shared_index()).args(["similar", &id, "--json", "--limit", "5"]),
        "similar",
    );
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 5);
    assert!(hits.iter().all(|h| h["id"] != id.as_str()));
    assert_eq!(hits[0]["rank"], 1);
    for key in ["score", "path", "headline", "snippet", "copies"] {
        assert!(hits[0].get(key).is_some(), "{key} in {}", hits[0]);
    }
    // An unknown id is an error with its reason.
    let out = dateline(crate::util::shared_index())
        .args(["similar", "no-such-id"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no article with id"));
}
