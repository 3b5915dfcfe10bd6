//! The seed article must yield every field of its `expected.json`, through the index
//! (`show --json`) and through `extract --json`.

use serde_json::Value;

use crate::util::{dateline, repo, success};

fn expected() -> Value {
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/000_24afad68f8b2c3de.expected.json"))
            .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn check(article: &Value) {
    let exp = expected();
    for key in ["date", "posted_by", "headline", "byline"] {
        assert_eq!(article[key], exp[key], "field {key}");
    }
    let body = article["body"].as_str().unwrap();
    assert!(
        body.starts_with(exp["body_starts_with"].as_str().unwrap()),
        "body starts: {body:.80}"
    );
    assert!(
        body.trim_end()
            .ends_with(exp["body_ends_with"].as_str().unwrap()),
        "body ends"
    );
    for bad in exp["body_must_not_contain"].as_array().unwrap() {
        assert!(!body.contains(bad.as_str().unwrap()), "body contains {bad}");
    }
    for related in exp["related_headlines"].as_array().unwrap() {
        assert!(
            !body.contains(related.as_str().unwrap()),
            "body contains related headline {related}"
        );
    }
    let quotes = article["quotes"].as_array().unwrap();
    let want = exp["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), want.len(), "quotes: {quotes:#?}");
    for (got, want) in quotes.iter().zip(want) {
        let text = got["text"].as_str().unwrap();
        assert!(
            text.starts_with(want["text_starts_with"].as_str().unwrap()),
            "quote {text:?}"
        );
        assert_eq!(got["speaker"], want["speaker"], "speaker of {text:?}");
    }
}

#[test]
fn seed_article_fields_through_show_json() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/000_24afad68f8b2c3de.txt"),
        dir.path().join("in/000_24afad68f8b2c3de.txt"),
    )
    .unwrap();
    dateline(dir.path())
        .args(["index", "in", "--json"])
        .assert()
        .success();
    let out = dateline(dir.path())
        .args(["search", "deterrence", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = v["hits"][0]["id"].as_str().unwrap().to_string();
    let out = dateline(dir.path())
        .args(["show", &id, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let article: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(article["id"], id.as_str());
    assert_eq!(article["path"], "in/000_24afad68f8b2c3de.txt");
    check(&article);
}

#[test]
fn seed_article_fields_through_extract() {
    let out = success(
        dateline(&repo()).args([
            "extract",
            "--json",
            "tests/fixtures/000_24afad68f8b2c3de.txt",
        ]),
        "extract",
    );
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 1);
    check(&serde_json::from_str(lines[0]).unwrap());
}

#[test]
fn show_text_labels_fields_and_unknown_id_exits_1() {
    let dir = crate::util::shared_index();
    let out = dateline(dir)
        .args(["search", "deterrence", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = v["hits"][0]["id"].as_str().unwrap().to_string();
    let out = dateline(dir).args(["show", &id]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for label in ["headline:", "date:", "byline:", "quote:"] {
        assert!(text.contains(label), "missing {label} in {text}");
    }
    assert!(!text.contains('\u{1b}'), "no colour when piped");
    dateline(dir).args(["show", "no-such-id"]).assert().code(1);
}
