//! Ranking-quality regression: builds an index of each shared relevance collection with the
//! binary (the debug build `cargo test` makes), runs `dateline eval`, and fails when nDCG@10
//! drops more than 0.01 below the figure reported for the default settings (README,
//! "Ranking quality"). The four collections take about 40 s in a debug build, index builds
//! included, so the test stays in the normal suite; `scripts/eval_all.sh` measures the
//! same in release. Skips visibly when `../shared/data` is absent (fails under `CI=true`).

use std::time::Instant;

use tempfile::TempDir;

use crate::util::{dateline, json_success, shared_data};

/// nDCG@10 with default settings, as reported in the README.
const REPORTED: [(&str, f64); 4] = [
    ("time", 0.7562),
    ("cisi", 0.4113),
    ("cran", 0.4098),
    ("med", 0.7397),
];

/// How far below the reported figure a collection may fall before the test fails.
const TOLERANCE: f64 = 0.01;

#[test]
fn ndcg_at_10_does_not_regress_on_the_shared_collections() {
    let Some(data) = shared_data() else {
        return;
    };
    let start = Instant::now();
    let tmp = TempDir::new().unwrap();
    let mut failures = Vec::new();
    for (name, reported) in REPORTED {
        let dir = data.join("relevance").join(name);
        let index = tmp.path().join(name);
        // Exit 2 is allowed: cran has two empty records, reported and skipped.
        let out = dateline(tmp.path())
            .arg("index")
            .arg(dir.join("docs.jsonl"))
            .arg("--index")
            .arg(&index)
            .arg("--json")
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "{name}: index failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v = json_success(
            dateline(tmp.path())
                .arg("eval")
                .arg("--index")
                .arg(&index)
                .arg("--queries")
                .arg(dir.join("queries.tsv"))
                .arg("--qrels")
                .arg(dir.join("qrels.tsv"))
                .arg("--json"),
            &format!("{name}: eval"),
        );
        let ndcg = v["mean"]["ndcg_10"].as_f64().unwrap();
        eprintln!(
            "{name}: nDCG@10 {ndcg:.4} (reported {reported:.4}), MAP {:.4}, {} queries",
            v["mean"]["map"].as_f64().unwrap(),
            v["queries"]
        );
        if ndcg < reported - TOLERANCE {
            failures.push(format!(
                "{name}: nDCG@10 {ndcg:.4} < {reported:.4} - {TOLERANCE}"
            ));
        }
    }
    eprintln!(
        "relevance: four collections indexed and evaluated in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "ranking regressed: {failures:?}");
}
