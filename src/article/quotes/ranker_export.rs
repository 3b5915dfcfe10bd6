//! Writes the training data of the pronoun ranker: for every quotation of a gold set that
//! the extractor attributes to `he`/`she`, the candidates it weighed and their features.
//! Only quotation texts (to match them to the gold) and candidate names are written, to a
//! file outside the repository; `scripts/quotes/train_ranker.py` labels and fits them.
//!
//! `RANKER_OUT=/tmp/cands.jsonl cargo test --lib export_pronoun_candidates -- --ignored`
//! (`QUOTES_GOLD` picks the gold file, PolNeAR's training split by default).

use std::io::Write;

use super::attribution::attribute_traced;
use super::spans::{find_spans, paragraphs};
use super::Context;
use crate::article::text;

#[test]
#[ignore = "writes the ranker's training data; run by scripts/quotes/train_ranker.py"]
fn export_pronoun_candidates() {
    let Ok(out) = std::env::var("RANKER_OUT") else {
        eprintln!("RANKER_OUT not set: nothing to write");
        return;
    };
    let gold = std::env::var("QUOTES_GOLD")
        .unwrap_or_else(|_| "../shared/data/quotes/polnear-train.jsonl".to_string());
    let Ok(lines) = std::fs::read_to_string(&gold) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "gold set absent under CI: {gold}"
        );
        eprintln!("skipped: {gold} is absent");
        return;
    };
    let mut w = std::io::BufWriter::new(std::fs::File::create(&out).expect("create RANKER_OUT"));
    let mut rows = 0;
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
        let body = article.body.as_str();
        let paras = paragraphs(body);
        let spans = find_spans(body, &paras);
        let mut found = Vec::new();
        attribute_traced(
            body,
            &paras,
            &spans,
            &Context::of(&article),
            &mut |span, (refs, gender)| {
                let quote = body.get(span.start..span.end).unwrap_or_default().trim();
                found.push((quote.to_string(), refs.candidates(span.open, gender)));
            },
        );
        for (quote, cands) in found {
            let cands: Vec<serde_json::Value> = cands
                .iter()
                .map(|c| serde_json::json!({"name": c.name, "f": c.features.to_vec()}))
                .collect();
            let row = serde_json::json!({"id": id, "text": quote, "cands": cands});
            writeln!(w, "{row}").expect("write");
            rows += 1;
        }
    }
    eprintln!("wrote {rows} quotations to {out}");
}
