//! `dateline index`: summaries, idempotence, incremental changes, empty folders, the
//! newcomer's first search that indexes ./corpus by itself.

use serde_json::Value;

use crate::util::{copy_tree, corpus_with_seed, dateline, index_json, repo};

fn documents(dir: &std::path::Path) -> u64 {
    let out = dateline(dir).args(["stats", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["documents"].as_u64().unwrap()
}

#[test]
fn summary_json_has_exactly_the_documented_keys() {
    let dir = corpus_with_seed();
    let (code, v) = index_json(dir.path(), &["articles"]);
    assert_eq!(code, 0);
    let mut keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "added",
            "errors",
            "failed",
            "removed",
            "skipped",
            "took_ms",
            "unchanged",
            "updated"
        ]
    );
    assert_eq!(v["added"], 265);
    assert_eq!(v["failed"], 0);
}

#[test]
fn indexing_twice_gives_the_same_document_count() {
    let dir = corpus_with_seed();
    index_json(dir.path(), &["articles"]);
    let first = documents(dir.path());
    let (code, v) = index_json(dir.path(), &["articles"]);
    assert_eq!(code, 0);
    assert_eq!(
        (v["added"].as_u64(), v["unchanged"].as_u64()),
        (Some(0), Some(265))
    );
    assert_eq!(documents(dir.path()), first);
    // Another spelling of the same folder is the same folder.
    index_json(dir.path(), &["./articles/"]);
    assert_eq!(documents(dir.path()), first);
    let (_, v) = index_json(dir.path(), &["articles", "--rebuild"]);
    assert_eq!(v["added"], 265);
    assert_eq!(documents(dir.path()), first);
}

#[test]
fn changed_and_deleted_files_are_updated_and_removed() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(
        root.join("a.txt"),
        "Alpha headline\n\nFirst body about rockets.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("b.txt"),
        "Beta headline\n\nSecond body about ships.\n",
    )
    .unwrap();
    index_json(dir.path(), &["in"]);
    std::fs::write(
        root.join("a.txt"),
        "Alpha headline\n\nRewritten body about submarines now.\n",
    )
    .unwrap();
    std::fs::remove_file(root.join("b.txt")).unwrap();
    std::fs::write(root.join("c.txt"), "Gamma headline\n\nThird body.\n").unwrap();
    let (code, v) = index_json(dir.path(), &["in"]);
    assert_eq!(code, 0);
    assert_eq!(
        [&v["added"], &v["updated"], &v["removed"], &v["unchanged"]],
        [1, 1, 1, 0]
    );
    assert_eq!(documents(dir.path()), 2);
    dateline(dir.path())
        .args(["search", "rockets"])
        .assert()
        .code(1);
    dateline(dir.path())
        .args(["search", "submarines"])
        .assert()
        .code(0);
}

#[test]
fn empty_folder_indexes_nothing_and_search_finds_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let (code, v) = index_json(dir.path(), &["empty"]);
    assert_eq!(code, 0);
    assert_eq!([&v["added"], &v["failed"], &v["skipped"]], [0, 0, 0]);
    dateline(dir.path())
        .args(["search", "anything"])
        .assert()
        .code(1);
    assert_eq!(documents(dir.path()), 0);
}

#[test]
fn jsonl_articles_each_count_and_keep_their_ids() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(
        dir.path().join("in/feed.jsonl"),
        concat!(
            r#"{"id": "a-1", "title": "Harbour reopens", "author": "Jo Bloggs", "published": "2020-05-01", "text": "The harbour reopened on Friday."}"#, "\n",
            r#"{"headline": "Bridge closes", "date": "May 2, 2020", "content": "The bridge closed for repairs."}"#, "\n",
        ),
    )
    .unwrap();
    let (_, v) = index_json(dir.path(), &["in"]);
    assert_eq!(v["added"], 2);
    let out = dateline(dir.path())
        .args(["show", "a-1", "--json"])
        .output()
        .unwrap();
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            a["headline"].as_str(),
            a["byline"].as_str(),
            a["date"].as_str()
        ),
        (
            Some("Harbour reopens"),
            Some("Jo Bloggs"),
            Some("2020-05-01")
        )
    );
    let out = dateline(dir.path())
        .args(["search", "bridge", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hits"][0]["date"], "2020-05-02");
    let id = v["hits"][0]["id"].as_str().unwrap();
    assert!(!id.is_empty() && id != "a-1");
    // The index and `extract` derive the same id for a line without its own.
    let out = dateline(dir.path())
        .args(["extract", "--json", "in/feed.jsonl"])
        .output()
        .unwrap();
    let second: Value = serde_json::from_str(
        std::str::from_utf8(&out.stdout)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(second["id"], id);
}

#[test]
fn first_search_indexes_the_bundled_corpus() {
    let dir = tempfile::TempDir::new().unwrap();
    copy_tree(&repo().join("corpus"), &dir.path().join("corpus"));
    let out = dateline(dir.path())
        .args(["search", "health", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("indexing ./corpus"), "{stderr}");
    assert!(dir.path().join("index/meta.json").is_file());
    let again = dateline(dir.path())
        .args(["search", "health", "--json"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&again.stderr).is_empty(),
        "second search does not re-index"
    );
}

#[test]
fn hidden_files_and_other_extensions_are_skipped() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(
        root.join(".git/notes.txt"),
        "Hidden\n\nShould not be indexed.\n",
    )
    .unwrap();
    std::fs::write(
        root.join(".draft.txt"),
        "Hidden\n\nShould not be indexed.\n",
    )
    .unwrap();
    std::fs::write(root.join("photo.jpg"), [0xff, 0xd8, 0xff, 0xe0]).unwrap();
    std::fs::write(root.join("table.csv"), "a,b\n1,2\n").unwrap();
    std::fs::write(root.join("story.txt"), "Visible\n\nIndexed body.\n").unwrap();
    let (code, v) = index_json(dir.path(), &["in"]);
    assert_eq!(code, 0);
    assert_eq!([&v["added"], &v["skipped"], &v["failed"]], [1, 2, 0]);
}

#[test]
fn index_env_variable_and_flag_choose_the_index() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/a.txt"), "Alpha\n\nAbout rockets.\n").unwrap();
    dateline(dir.path())
        .args(["index", "in", "--index", "elsewhere"])
        .assert()
        .success();
    assert!(dir.path().join("elsewhere/meta.json").is_file());
    dateline(dir.path())
        .env("DATELINE_INDEX", "elsewhere")
        .args(["search", "rockets"])
        .assert()
        .success();
}

#[test]
fn reuters_jsonl_gz_indexes_every_article() {
    let Some(file) = crate::util::reuters() else {
        return;
    };
    let dir = tempfile::TempDir::new().unwrap();
    let (code, v) = index_json(dir.path(), &[file.to_str().unwrap()]);
    // One record (line 12793) has neither headline nor body: reported, the rest indexed.
    assert_eq!(code, 2, "{v}");
    assert_eq!(v["added"], 21_577);
    assert_eq!(v["failed"], 1);
    assert!(v["errors"][0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("line 12793:"));
    let out = dateline(dir.path())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["documents"], 21_577);
    assert_eq!(s["per_year"]["1987"], s["dated"]);
    assert!(
        s["per_month"].get("1987-05").is_none(),
        "Reuters has no May articles"
    );
    let out = dateline(dir.path())
        .args([
            "search", "cocoa", "--from", "1987-03", "--to", "1987-03", "--json", "--sort", "oldest",
        ])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = r["hits"][0]["date"].as_str().unwrap();
    assert!(first.starts_with("1987-03"), "{first}");
}

/// A JSON Lines file too large to read whole is streamed a batch of lines at a time; the
/// result is the same as reading it whole: the same articles and ids, the same `line N:`
/// errors, the same content hash (so switching between the two is not a change).
/// `--jsonl-read-whole 16` makes these small files "too large" here.
#[test]
fn streamed_jsonl_equals_jsonl_read_whole() {
    use std::io::Write;
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let mut lines = Vec::new();
    for i in 0..300 {
        lines.push(format!(
            r#"{{"title": "Story {i}", "date": "2020-05-{:02}", "text": "Body of story {i} about the zeppelin."}}"#,
            i % 28 + 1
        ));
    }
    lines[7] = r#"{"title": "Broken"#.to_string();
    lines[8] = String::new();
    lines[9] = r#"["not", "an", "object"]"#.to_string();
    let text = lines.join("\r\n") + "\r\n";
    std::fs::write(dir.path().join("in/feed.jsonl"), &text).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    std::fs::write(dir.path().join("in/feed2.jsonl.gz"), gz.finish().unwrap()).unwrap();

    let index = |name: &str, extra: &[&str]| -> Value {
        let (code, v) = index_json(dir.path(), &[&["in", "--index", name], extra].concat());
        assert_eq!(code, 2, "one broken line per file");
        v
    };
    let ids = |name: &str| -> Vec<String> {
        let out = dateline(dir.path())
            .args([
                "search", "zeppelin", "--json", "--limit", "1000", "--index", name,
            ])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut ids: Vec<String> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    let whole = index("whole", &[]);
    let streamed = index("streamed", &["--jsonl-read-whole", "16"]);
    assert_eq!(whole["added"], 2 * 297);
    for key in ["added", "failed", "errors"] {
        assert_eq!(whole[key], streamed[key], "{key}");
    }
    assert!(streamed["errors"][0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("line 8:"));
    assert_eq!(ids("whole"), ids("streamed"));
    assert_eq!(ids("whole").len(), 2 * 297);

    // Same content hash: after a touch, re-reading in the other mode finds no change.
    for f in ["in/feed.jsonl", "in/feed2.jsonl.gz"] {
        let file = std::fs::File::options()
            .append(true)
            .open(dir.path().join(f))
            .unwrap();
        file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
            .unwrap();
    }
    // (Not parsed again, so its broken lines are not reported again either: exit 0.)
    let (code, again) = index_json(
        dir.path(),
        &["in", "--index", "whole", "--jsonl-read-whole", "16"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        (again["unchanged"].as_u64(), again["updated"].as_u64()),
        (Some(594), Some(0))
    );

    // `extract` streams the same way, with the same output and messages.
    let extract = |extra: &[&str]| {
        let out = dateline(dir.path())
            .args(["extract", "in/feed.jsonl", "in/feed2.jsonl.gz"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        (out.stdout, String::from_utf8(out.stderr).unwrap())
    };
    let (whole_out, whole_err) = extract(&[]);
    let (streamed_out, streamed_err) = extract(&["--jsonl-read-whole", "16"]);
    assert_eq!(whole_out, streamed_out);
    assert_eq!(whole_err, streamed_err);
    assert_eq!(whole_out.iter().filter(|&&b| b == b'\n').count(), 594);
}
