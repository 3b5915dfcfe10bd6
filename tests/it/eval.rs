//! `dateline eval` on a tiny hand-made collection: the figures, skipped queries, the TREC
//! run file, per-query output and query text read as plain words.

use std::fs;

use tempfile::TempDir;

use crate::util::{dateline, json_success};

/// A three-document collection with two judged queries and one without relevant documents.
fn collection() -> TempDir {
    let dir = TempDir::new().unwrap();
    let docs = [
        r#"{"id": "d1", "title": "Rocket attack on air base", "body": "A rocket attack hit the air base at dawn."}"#,
        r#"{"id": "d2", "title": "Budget talks", "body": "Talks on the budget resumed; no rocket was mentioned."}"#,
        r#"{"id": "d3", "title": "Health insurance", "body": "Health insurance costs rose again this year."}"#,
    ];
    fs::write(dir.path().join("docs.jsonl"), docs.join("\n") + "\n").unwrap();
    fs::write(
        dir.path().join("queries.tsv"),
        "1\tWHAT ROCKET ATTACKS HIT THE AIR BASE?\n2\thealth (insurance\n3\tbudget\n",
    )
    .unwrap();
    // Query 1: d1 relevant (grade 2), d2 judged not relevant. Query 2: d3 relevant.
    // Query 3: judged, but nothing relevant: skipped.
    fs::write(
        dir.path().join("qrels.tsv"),
        "1 0 d1 2\n1 0 d2 0\n2 0 d3 1\n3 0 d2 0\n",
    )
    .unwrap();
    dateline(dir.path())
        .args(["index", "docs.jsonl", "--index", "idx"])
        .assert()
        .success();
    dir
}

/// `dateline eval --index idx --queries Q --qrels R EXTRA...` in the collection folder.
fn eval(dir: &TempDir, queries: &str, qrels: &str, extra: &[&str]) -> assert_cmd::Command {
    let mut c = dateline(dir.path());
    c.args([
        "eval",
        "--index",
        "idx",
        "--queries",
        queries,
        "--qrels",
        qrels,
    ])
    .args(extra);
    c
}

#[test]
fn eval_scores_judged_queries_and_writes_a_trec_run() {
    let dir = collection();
    let v = json_success(
        &mut eval(
            &dir,
            "queries.tsv",
            "qrels.tsv",
            &["--per-query", "--json", "--run", "run.txt"],
        ),
        "eval",
    );
    assert_eq!(v["queries"], 2);
    assert_eq!(v["skipped"], 1, "query 3 has no relevant document");
    // Both judged queries rank their relevant document first: perfect nDCG, AP and recall;
    // P@10 is 1/10.
    for key in ["ndcg_10", "map", "r_100"] {
        assert_eq!(v["mean"][key].as_f64().unwrap(), 1.0, "{key}: {v}");
    }
    assert!((v["mean"]["p_10"].as_f64().unwrap() - 0.1).abs() < 1e-9);
    assert_eq!(v["per_query"].as_array().unwrap().len(), 2);
    let run = fs::read_to_string(dir.path().join("run.txt")).unwrap();
    let first: Vec<&str> = run.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(first[..4], ["1", "Q0", "d1", "1"]);
    assert_eq!(first[5], "dateline");
    assert!(run.lines().any(|l| l.starts_with("3 Q0 d2 1 ")));
}

#[test]
fn eval_text_output_names_the_skipped_queries() {
    let dir = collection();
    let out = eval(&dir, "queries.tsv", "qrels.tsv", &["--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("nDCG@10"), "{text}");
    assert!(text.contains("2 queries scored; 1 skipped"), "{text}");
}

#[test]
fn eval_reports_a_bad_qrels_line() {
    let dir = collection();
    fs::write(dir.path().join("bad.tsv"), "1 0 d1\n").unwrap();
    eval(&dir, "queries.tsv", "bad.tsv", &[])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "line 1: expected qid 0 docid grade",
        ));
}

#[test]
fn eval_reports_a_missing_queries_file() {
    let dir = collection();
    eval(&dir, "nope.tsv", "qrels.tsv", &[])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read queries nope.tsv"));
}

#[test]
fn eval_expansion_flags_match_search() {
    let dir = collection();
    // Every setting scores the same two judged queries; both flags at once is a usage error.
    for flag in ["--no-expand", "--expand"] {
        let v = json_success(
            &mut eval(&dir, "queries.tsv", "qrels.tsv", &[flag, "--json"]),
            flag,
        );
        assert_eq!(v["queries"], 2, "{flag}");
    }
    eval(
        &dir,
        "queries.tsv",
        "qrels.tsv",
        &["--expand", "--no-expand"],
    )
    .assert()
    .code(2)
    .stderr(predicates::str::contains("--no-expand"));
}

#[test]
fn eval_rewrites_queries_into_operator_forms() {
    // Query 1 is "rocket", "attacks", "hit", "air", "base" once stop words go; its two
    // rarest words are in d1 only, so every form finds d1 first. Query 2's parenthesis is
    // no syntax in any form: only its letters are kept.
    let dir = collection();
    for form in ["plain", "or", "and", "phrase"] {
        let run = format!("run-{form}.txt");
        let v = json_success(
            &mut eval(
                &dir,
                "queries.tsv",
                "qrels.tsv",
                &["--json", "--per-query", "--form", form, "--run", &run],
            ),
            form,
        );
        assert_eq!(v["queries"], 2, "{form}: {v}");
        let first = fs::read_to_string(dir.path().join(&run)).unwrap();
        let first = first.lines().next().unwrap().to_string();
        assert!(first.starts_with("1 Q0 d1 1 "), "{form}: {first}");
    }
    let out = eval(&dir, "queries.tsv", "qrels.tsv", &["--form", "xor"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
