//! Writes the training data of the learned parts: for the pronoun ranker, every quotation
//! of a gold set that the extractor attributes to `he`/`she` with the candidates it weighed
//! and their features; for the fragment model, every quoted span with its features and
//! whether the rules kept it. Only quoted texts (to match them to the gold) and candidate
//! names are written, to a file outside the repository; `scripts/quotes/train_ranker.py`
//! and `scripts/quotes/train_fragments.py` label and fit them.
//!
//! `RANKER_OUT=/tmp/cands.jsonl cargo test --lib export_pronoun_candidates -- --ignored`,
//! `FRAGMENTS_OUT=/tmp/spans.jsonl cargo test --lib export_fragments -- --ignored`
//! (`QUOTES_GOLD` picks the gold file, PolNeAR's training split by default).

use std::io::Write;

use super::attribution::{attribute_traced, Trace};
use super::spans::{find_spans, paragraphs};
use super::Context;
use crate::article::{text, Article};

/// The gold set's articles as `dateline extract` reads them (`(id, article)`), with the
/// output file named by `var`; `None` (and a note) when either is missing.
fn gold_articles(var: &str) -> Option<(Vec<(String, Article)>, String)> {
    let Ok(out) = std::env::var(var) else {
        eprintln!("{var} not set: nothing to write");
        return None;
    };
    let gold = std::env::var("QUOTES_GOLD")
        .unwrap_or_else(|_| "../shared/data/quotes/polnear-train.jsonl".to_string());
    let Ok(lines) = std::fs::read_to_string(&gold) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "gold set absent under CI: {gold}"
        );
        eprintln!("skipped: {gold} is absent");
        return None;
    };
    let mut articles = Vec::new();
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let rec: serde_json::Value = serde_json::from_str(line).expect("gold JSON");
        let id = rec["id"].as_str().unwrap_or_default();
        let head = rec["headline"].as_str().unwrap_or_default();
        let body = rec["body"].as_str().unwrap_or_default();
        // As scripts/quotes/eval.sh writes the article before `dateline extract` reads it.
        let file = if head.is_empty() || body.starts_with(head) {
            body.to_string()
        } else {
            format!("{head}\n\n{body}")
        };
        let article = text::parse(&file, &format!("{id}.txt")).expect("parse");
        articles.push((id.to_string(), article));
    }
    Some((articles, out))
}

/// Writes one JSON line per row `row` makes of a traced attribution event, over every
/// gold article, to the file named by `var`.
fn export(
    var: &str,
    what: &str,
    mut row: impl FnMut(&str, &str, &super::spans::Span, Trace) -> Option<serde_json::Value>,
) {
    let Some((articles, out)) = gold_articles(var) else {
        return;
    };
    let mut w = std::io::BufWriter::new(std::fs::File::create(&out).expect("create output"));
    let mut rows = 0;
    for (id, article) in &articles {
        let body = article.body.as_str();
        let paras = paragraphs(body);
        let spans = find_spans(body, &paras);
        let mut found = Vec::new();
        attribute_traced(
            body,
            &paras,
            &spans,
            &Context::of(article),
            &mut |span, event| found.extend(row(id, body, span, event)),
        );
        for r in found {
            writeln!(w, "{r}").expect("write");
            rows += 1;
        }
    }
    eprintln!("wrote {rows} {what} to {out}");
}

#[test]
#[ignore = "writes the fragment model's training data; run by scripts/quotes/train_fragments.py"]
fn export_fragments() {
    export("FRAGMENTS_OUT", "spans", |id, body, span, event| {
        let Trace::Fragment(f, kept) = event else {
            return None;
        };
        let quote = body.get(span.start..span.end).unwrap_or_default().trim();
        Some(serde_json::json!({"id": id, "text": quote, "f": f.to_vec(),
            "rule": kept, "closed": span.closed}))
    });
}

#[test]
#[ignore = "writes the ranker's training data; run by scripts/quotes/train_ranker.py"]
fn export_pronoun_candidates() {
    export("RANKER_OUT", "quotations", |id, body, span, event| {
        let Trace::Pronoun(refs, gender) = event else {
            return None;
        };
        let quote = body.get(span.start..span.end).unwrap_or_default().trim();
        let cands: Vec<serde_json::Value> = refs
            .candidates(span.open, gender)
            .iter()
            .map(|c| serde_json::json!({"name": c.name, "f": c.features.to_vec()}))
            .collect();
        Some(serde_json::json!({"id": id, "text": quote, "cands": cands}))
    });
}
