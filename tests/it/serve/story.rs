//! `/api/search?timeline=`, `/api/speakers` and `/api/similar/{id}` against the CLI's
//! `search --timeline`, `speakers` and `similar` on the same index.

use serde_json::Value;

use super::{shared_server, untimed};
use crate::util::{dateline, shared_index};

/// What `dateline ARGS --json` prints in the shared index, whatever its exit status (1 when
/// nothing is found is still an answer).
fn cli_json(args: &[&str]) -> Value {
    let out = dateline(shared_index())
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.code().unwrap() < 2,
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn api_timeline_speakers_and_similar_give_the_same_json_as_the_cli() {
    let server = shared_server();
    let (_, hits) = server.json("/api/search?q=vaccine&limit=1");
    let id = hits["hits"][0]["id"].as_str().unwrap().to_string();
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            "/api/search?q=health&timeline=year".into(),
            vec!["search", "health", "--timeline", "year"],
        ),
        (
            "/api/search?q=said&timeline".into(),
            vec!["search", "said", "--timeline"],
        ),
        (
            "/api/search?q=secretary&from=2018-06&to=2019&timeline=month&sort=oldest".into(),
            vec![
                "search",
                "secretary",
                "--from",
                "2018-06",
                "--to",
                "2019",
                "--timeline",
                "month",
                "--sort",
                "oldest",
            ],
        ),
        (
            "/api/search?q=zzyzx&timeline=week".into(),
            vec!["search", "zzyzx", "--timeline", "week"],
        ),
        ("/api/speakers".into(), vec!["speakers"]),
        (
            "/api/speakers?q=drug+prices&limit=5".into(),
            vec!["speakers", "drug prices", "--limit", "5"],
        ),
        (
            "/api/speakers?from=2019-01&to=2019-06&limit=3".into(),
            vec![
                "speakers", "--from", "2019-01", "--to", "2019-06", "--limit", "3",
            ],
        ),
        ("/api/speakers?q=zzyzx".into(), vec!["speakers", "zzyzx"]),
        (format!("/api/similar/{id}"), vec!["similar", &id]),
        (
            format!("/api/similar/{id}?limit=3"),
            vec!["similar", &id, "--limit", "3"],
        ),
    ];
    for (path, args) in &cases {
        let (status, api) = server.json(path);
        assert_eq!(status, 200, "{path}: {api}");
        let cli = cli_json(args);
        assert_eq!(untimed(api), untimed(cli), "{path}");
    }
    // The answers carry what the page draws: bars, speakers, related articles.
    let (_, v) = server.json("/api/search?q=health&timeline=year");
    assert!(
        v["timeline"].as_array().is_some_and(|b| !b.is_empty()),
        "{v}"
    );
    let (_, v) = server.json("/api/speakers?limit=5");
    assert!(
        v["speakers"].as_array().is_some_and(|s| s.len() == 5),
        "{v}"
    );
    let (_, v) = server.json(&format!("/api/similar/{id}?limit=3"));
    let related = v["hits"].as_array().unwrap();
    assert!(
        !related.is_empty() && related.iter().all(|h| h["id"] != id.as_str()),
        "{v}"
    );
}
