//! The cluster on a real archive (Reuters-21578 from `../shared/data`): equal matching sets,
//! timelines and speakers, the ranked overlap reported, and a push that loses nothing while
//! a node of the cluster stops in the middle of it.

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use dateline::engine::client::{Client, Method};
use tempfile::TempDir;

use crate::engine::{
    answer, assert_same_matches, assert_same_stories, engine, index_name, matching, push, reading,
    top10_overlap, Cleanup, CLUSTER,
};
use crate::util::{dateline, reuters, success};

/// Boolean, phrase, field, prefix, fuzzy and date queries over newswire.
const EXACT: &[&str] = &[
    "oil AND opec",
    "\"crude oil\"",
    "\"oil prices\"~2",
    "opec -saudi",
    "headline:coffee",
    "byline:reuters",
    "date:1987-03",
    "date:[1987-03-01 TO 1987-03-15] AND gold",
    "bank*",
    "U.S.",
    "strike OR strikes",
    "body:\"interest rates\"",
    "dollar~1",
    "(wheat OR corn) AND export -soviet",
];

const RANKED: &[&str] = &[
    "oil prices",
    "interest rates",
    "coffee quotas",
    "merger talks",
    "trade deficit japan",
];

/// One local index of Reuters shared by the tests of this file, or `None` as
/// [`crate::util::shared_data`].
fn reuters_index() -> Option<&'static Path> {
    static DIR: OnceLock<TempDir> = OnceLock::new();
    let file = reuters()?;
    Some(
        DIR.get_or_init(|| {
            let dir = TempDir::new().unwrap();
            let out = dateline(dir.path())
                .arg("index")
                .arg(&file)
                .output()
                .unwrap();
            // One Reuters line has neither headline nor body (exit 2, the rest indexed).
            assert!(out.status.code().is_some_and(|c| c <= 2));
            dir
        })
        .path(),
    )
}

#[test]
fn reuters_answers_alike_on_the_cluster() {
    let Some(url) = engine() else { return };
    let Some(dir) = reuters_index() else { return };
    let _hold = reading();
    let name = index_name("reuters");
    let _cleanup = Cleanup(url.clone(), name.clone());
    let local = answer(dir, None, &["stats"])["documents"].as_u64().unwrap();
    let start = Instant::now();
    let summary = push(dir, &url, &name, &["--shards", "3", "--replicas", "1"]);
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(summary["added"].as_u64(), Some(local), "{summary}");
    assert_eq!(summary["failed"], 0, "{summary}");
    eprintln!(
        "engine: pushed {local} Reuters articles in {secs:.1} s ({:.0} articles/s, debug build)",
        local as f64 / secs
    );
    assert_same_matches(dir, &url, &name, EXACT);
    assert_same_stories(dir, &url, &name, &["oil", "coffee OR cocoa"]);
    let overlap = top10_overlap(dir, &url, &name, RANKED);
    eprintln!("engine: Reuters, top-10 overlap of ranked queries: {overlap:.2}");
    assert!(
        overlap >= 0.3,
        "the cluster's top 10 share only {overlap:.2} with the local top 10"
    );
}

/// The cluster's health, waiting up to `secs` for `status` and `nodes` nodes.
fn wait_for(client: &Client, status: &str, nodes: u32, secs: u32) -> bool {
    let path =
        format!("/_cluster/health?wait_for_status={status}&wait_for_nodes={nodes}&timeout={secs}s");
    client
        .send(Method::Get, &path, None)
        .is_ok_and(|(code, v)| code == 200 && v["timed_out"] == false)
}

/// `scripts/opensearch-cluster.sh ARGS`.
fn cluster_script(args: &[&str]) {
    let script = crate::util::repo().join("scripts/opensearch-cluster.sh");
    let out = std::process::Command::new("bash")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "opensearch-cluster.sh {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_node_stopped_during_a_push_loses_nothing() {
    let Some(url) = engine() else { return };
    let Some(dir) = reuters_index() else { return };
    // Alone on the cluster: no other test may read it while a node is missing.
    let _alone = CLUSTER.write().unwrap_or_else(|e| e.into_inner());
    let client = Client::new(&url).unwrap();
    assert!(
        wait_for(&client, "green", 3, 120),
        "the cluster is not green"
    );
    let name = index_name("node-stop");
    let _cleanup = Cleanup(url.clone(), name.clone());
    let local = answer(dir, None, &["stats"])["documents"].as_u64().unwrap();

    // Small batches make a push long enough to stop a node in the middle of it.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
        .current_dir(dir)
        .env_remove("DATELINE_INDEX")
        .args(["push", "--to", &url, "--index-name", &name, "--json"])
        .args(["--batch-bytes", "131072"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let indexed = |c: &Client| {
        c.send(Method::Get, &format!("/{name}/_stats/indexing"), None)
            .ok()
            .and_then(|(_, v)| v["_all"]["primaries"]["indexing"]["index_total"].as_u64())
            .unwrap_or(0)
    };
    let deadline = Instant::now() + Duration::from_secs(300);
    while indexed(&client) < local / 5 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    let at_stop = indexed(&client);
    cluster_script(&["stop-node", "2"]);
    let still_pushing = child.try_wait().unwrap().is_none();
    let out = child.wait_with_output().unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("push: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert!(
        still_pushing,
        "the push ended before the node stopped ({at_stop} indexed): nothing was tested"
    );
    eprintln!("engine: node-2 stopped after {at_stop} of {local} articles; push: {summary}");
    assert_eq!(summary["failed"], 0, "{summary}");
    assert_eq!(summary["added"].as_u64(), Some(local), "{summary}");

    // With the node still away, the replicas hold every article.
    let remote = Some((url.as_str(), name.as_str()));
    let stats = answer(dir, remote, &["stats"]);
    assert_eq!(stats["documents"].as_u64(), Some(local), "{stats}");
    for q in ["oil AND opec", "date:1987-03"] {
        assert_eq!(matching(dir, None, q), matching(dir, remote, q), "{q}");
    }

    cluster_script(&["start-node", "2"]);
    assert!(
        wait_for(&client, "green", 3, 240),
        "the cluster did not come back green with node-2"
    );
    let again = success(
        dateline(dir).args(["stats", "--json", "--engine", &url, "--index-name", &name]),
        "stats after the node came back",
    );
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["documents"].as_u64(), Some(local));
}
