//! `dateline push` and `--engine` against a real OpenSearch cluster (3 nodes, the index in
//! 3 shards with 1 replica): the cluster must admit exactly the articles the local index
//! admits for boolean, phrase, field and date queries, count the same timelines, speakers
//! and stats, and a re-push must change nothing.
//!
//! The cluster is the one `scripts/opensearch-cluster.sh start` prints; `.ci/run` starts it
//! and sets `DATELINE_TEST_ENGINE` to its URL. Without the variable these tests skip with a
//! message (and fail under `CI=true`). Each test pushes to an index of its own name.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{RwLock, RwLockReadGuard};

use serde_json::Value;

use crate::util::{dateline, json_success, shared_index};

/// The queries whose matching sets must be equal: boolean, phrase, field, prefix, fuzzy and
/// date queries. Written for no corpus in particular (general news words).
pub const EXACT_QUERIES: &[&str] = &[
    "health AND insurance",
    "\"health insurance\"",
    "\"health care\"~3",
    "health -insurance",
    "insurance OR medicare OR vaccine",
    "(drug OR drugs) AND price* -opioid",
    "headline:health",
    "body:\"public health\"",
    "quotes:important",
    "speaker:azar",
    "byline:wikinews",
    "date:2018",
    "date:[2018-01-01 TO 2018-06-30] AND health",
    "date:>=2019-01-01",
    "vacc*",
    "helth~1",
    "NOT health",
    "U.S.",
];

/// Plain-word queries, ranked by each engine's own scorer: only their overlap is reported.
pub const RANKED_QUERIES: &[&str] = &[
    "health insurance",
    "opioid crisis",
    "drug prices",
    "election",
    "flu vaccine",
];

/// Engine tests read the cluster while one test stops a node; that one takes the lock for
/// writing so no other test sees a cluster with a node missing.
pub static CLUSTER: RwLock<()> = RwLock::new(());

/// The cluster's URL (`DATELINE_TEST_ENGINE`), or `None` with a visible message. Absent under
/// `CI=true` is a failure: CI starts the cluster.
pub fn engine() -> Option<String> {
    match std::env::var("DATELINE_TEST_ENGINE") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("DATELINE_TEST_ENGINE is not set but CI=true: .ci/run starts the cluster")
        }
        _ => {
            eprintln!(
                "SKIPPED: DATELINE_TEST_ENGINE not set (start a cluster with \
                 scripts/opensearch-cluster.sh start)"
            );
            None
        }
    }
}

/// A shared hold on the whole cluster (see [`CLUSTER`]).
pub fn reading() -> RwLockReadGuard<'static, ()> {
    CLUSTER.read().unwrap_or_else(|e| e.into_inner())
}

/// An index name of this test run's own.
pub fn index_name(test: &str) -> String {
    format!("it-{test}-{}", std::process::id())
}

/// Deletes a test's cluster index when the test ends (passed or not).
pub struct Cleanup(pub String, pub String);

impl Drop for Cleanup {
    fn drop(&mut self) {
        use dateline::engine::client::{Client, Method};
        if let Ok(c) = Client::new(&self.0) {
            let _ = c.send(Method::Delete, &format!("/{}", self.1), None);
        }
    }
}

/// `dateline push` of the index at `dir/index` with `--json`: the summary.
pub fn push(dir: &Path, url: &str, name: &str, extra: &[&str]) -> Value {
    json_success(
        dateline(dir)
            .args(["push", "--to", url, "--index-name", name, "--json"])
            .args(extra),
        "push",
    )
}

/// A command's `--json` answer, locally (`remote` None) or from the cluster.
pub fn answer(dir: &Path, remote: Option<(&str, &str)>, args: &[&str]) -> Value {
    let mut cmd = dateline(dir);
    cmd.args(args).arg("--json");
    if let Some((url, name)) = remote {
        cmd.args(["--engine", url, "--index-name", name]);
    }
    let out = cmd.output().unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{args:?} ({remote:?}): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The ids of every article `query` matches, copies listed.
pub fn matching(dir: &Path, remote: Option<(&str, &str)>, query: &str) -> BTreeSet<String> {
    let v = answer(
        dir,
        remote,
        &["search", query, "--limit", "100000", "--all-copies"],
    );
    let ids: BTreeSet<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids.len() as u64,
        v["total_hits"].as_u64().unwrap(),
        "{query}: total_hits against the hits listed ({remote:?})"
    );
    ids
}

/// Asserts that every exact query matches the same articles locally and on the cluster.
pub fn assert_same_matches(dir: &Path, url: &str, name: &str, queries: &[&str]) {
    for q in queries {
        let local = matching(dir, None, q);
        let remote = matching(dir, Some((url, name)), q);
        let missing: Vec<_> = local.difference(&remote).take(5).collect();
        let extra: Vec<_> = remote.difference(&local).take(5).collect();
        assert!(
            local == remote,
            "{q}: local {} vs cluster {} (missing there {missing:?}, extra there {extra:?})",
            local.len(),
            remote.len()
        );
        eprintln!("engine: {q:?}: {} matches on both", local.len());
    }
}

/// The mean share of the local top 10 that the cluster's top 10 also holds.
pub fn top10_overlap(dir: &Path, url: &str, name: &str, queries: &[&str]) -> f64 {
    let top = |remote| -> BTreeSet<String> {
        queries
            .iter()
            .flat_map(|q| {
                let v = answer(dir, remote, &["search", q, "--limit", "10"]);
                v["hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| format!("{q}\t{}", h["id"].as_str().unwrap()))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (local, remote) = (top(None), top(Some((url, name))));
    let shared = local.intersection(&remote).count();
    shared as f64 / local.len().max(1) as f64
}

/// Asserts equal timelines, speakers and stats locally and on the cluster.
pub fn assert_same_stories(dir: &Path, url: &str, name: &str, queries: &[&str]) {
    let remote = Some((url, name));
    for q in queries {
        for period in ["month", "year"] {
            let args = ["search", q, "--timeline", period, "--limit", "1"];
            let (l, r) = (answer(dir, None, &args), answer(dir, remote, &args));
            assert_eq!(l["timeline"], r["timeline"], "{q} --timeline {period}");
            assert_eq!(l["undated"], r["undated"], "{q} undated");
        }
        let args = ["speakers", q, "--limit", "100000"];
        let (l, r) = (answer(dir, None, &args), answer(dir, remote, &args));
        for key in ["articles", "total_speakers", "speakers"] {
            assert_eq!(l[key], r[key], "speakers {q}: {key}");
        }
    }
    let (l, r) = (
        answer(dir, None, &["stats"]),
        answer(dir, remote, &["stats"]),
    );
    for key in [
        "documents",
        "files",
        "dated",
        "undated",
        "first_date",
        "last_date",
        "per_year",
        "per_month",
        "copy_groups",
        "grouped_articles",
    ] {
        assert_eq!(l[key], r[key], "stats: {key}");
    }
}

#[test]
fn the_bundled_corpus_answers_alike_on_the_cluster_and_a_re_push_changes_nothing() {
    let Some(url) = engine() else { return };
    let _hold = reading();
    let dir = shared_index();
    let name = index_name("corpus");
    let _cleanup = Cleanup(url.clone(), name.clone());
    let local_docs = answer(dir, None, &["stats"])["documents"].as_u64().unwrap();

    let first = push(dir, &url, &name, &["--shards", "3", "--replicas", "1"]);
    assert_eq!(first["added"].as_u64(), Some(local_docs), "{first}");
    assert_eq!(first["failed"], 0, "{first}");

    assert_same_matches(dir, &url, &name, EXACT_QUERIES);
    assert_same_stories(dir, &url, &name, &["health", "drug OR vaccine"]);
    let overlap = top10_overlap(dir, &url, &name, RANKED_QUERIES);
    eprintln!("engine: bundled corpus, top-10 overlap of ranked queries: {overlap:.2}");

    // A re-push replaces every article by id (nothing added, nothing removed), and a
    // --since-last push after it sends nothing.
    let before: Vec<_> = EXACT_QUERIES
        .iter()
        .map(|q| matching(dir, Some((&url, &name)), q))
        .collect();
    let again = push(dir, &url, &name, &[]);
    assert_eq!(
        (&again["added"], &again["updated"], &again["removed"]),
        (&Value::from(0), &Value::from(local_docs), &Value::from(0)),
        "{again}"
    );
    let since = push(dir, &url, &name, &["--since-last"]);
    assert_eq!(since["unchanged"].as_u64(), Some(local_docs), "{since}");
    assert_eq!(
        since["added"].as_u64().unwrap() + since["updated"].as_u64().unwrap(),
        0
    );
    let after: Vec<_> = EXACT_QUERIES
        .iter()
        .map(|q| matching(dir, Some((&url, &name)), q))
        .collect();
    assert_eq!(before, after, "a re-push changed what matches");
    let stats = answer(dir, Some((&url, &name)), &["stats"]);
    assert_eq!(stats["documents"].as_u64(), Some(local_docs));
}

#[test]
fn local_edits_and_deletions_reach_the_cluster_with_since_last() {
    let Some(url) = engine() else { return };
    let _hold = reading();
    let dir = tempfile::TempDir::new().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    let write = |file: &str, headline: &str, body: &str| {
        let text = format!(
            "{{\"headline\": \"{headline}\", \"date\": \"2020-05-01\", \"body\": \"{body}\"}}"
        );
        std::fs::write(articles.join(file), text).unwrap();
    };
    write(
        "a.json",
        "Harbour reopens",
        "The harbour reopened on Friday after the storm.",
    );
    write(
        "b.json",
        "Bridge closed",
        "The old bridge was closed for repairs.",
    );
    write("c.json", "Market day", "Farmers sold apples at the market.");
    dateline(dir.path())
        .args(["index", "articles"])
        .assert()
        .success();
    let name = index_name("edits");
    let _cleanup = Cleanup(url.clone(), name.clone());
    let first = push(dir.path(), &url, &name, &[]);
    assert_eq!(first["added"], 3, "{first}");

    write(
        "b.json",
        "Bridge reopened",
        "The old bridge reopened after repairs.",
    );
    std::fs::remove_file(articles.join("c.json")).unwrap();
    dateline(dir.path())
        .args(["index", "articles"])
        .assert()
        .success();
    let next = push(dir.path(), &url, &name, &["--since-last"]);
    let counts: Vec<_> = ["added", "updated", "removed", "unchanged", "failed"]
        .iter()
        .map(|k| next[k].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [0, 1, 1, 1, 0], "{next}");
    let remote = Some((url.as_str(), name.as_str()));
    assert_eq!(matching(dir.path(), remote, "reopened").len(), 2);
    assert!(matching(dir.path(), remote, "apples").is_empty());
    assert_same_matches(
        dir.path(),
        &url,
        &name,
        &["bridge", "headline:reopened", "market"],
    );
}

#[test]
fn the_engine_flags_refuse_what_they_cannot_use() {
    let dir = shared_index();
    // --index-name without --engine is a usage error; a URL without a scheme is refused
    // before anything is sent.
    let out = dateline(dir)
        .args(["search", "health", "--index-name", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = dateline(dir)
        .args(["search", "health", "--engine", "localhost:9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("http://"));
    // Half the credentials is an error, not an anonymous request.
    let out = dateline(dir)
        .args(["stats", "--engine", "http://127.0.0.1:9"])
        .env("DATELINE_ENGINE_USER", "someone")
        .env_remove("DATELINE_ENGINE_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DATELINE_ENGINE_PASSWORD"));
}
