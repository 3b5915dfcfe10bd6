//! Scores the quote extractor against the hand-labelled gold set
//! (`../shared/data/quotes/open-news-gold.jsonl`, see its README).
//!
//! Matching, one-to-one and greedy in body order: a predicted quote matches a gold quote
//! when their normalised texts are equal, or when their word multisets overlap by at least
//! 90% of the longer one. Normalising lowercases, maps curly marks to straight ones and
//! keeps only letters, digits and spaces. Span precision = matched / predicted, recall =
//! matched / gold. Speaker accuracy is over matched quotes: both null, or equal after
//! lowercasing, collapsing spaces and dropping a leading "the ".
//!
//! Run `QUOTES_EVAL_VERBOSE=1 cargo test --lib quotes_eval -- --nocapture` to see misses.

use std::collections::HashMap;

use super::quotes::extract;

/// Floors the scores must stay above (measured figures minus a small margin).
const MIN_F1: f64 = 0.90;
const MIN_SPEAKER_ACCURACY: f64 = 0.78;

fn tokens(s: &str) -> Vec<String> {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .map(String::from)
        .collect()
}

fn texts_match(a: &str, b: &str) -> bool {
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.is_empty() || tb.is_empty() {
        return a.trim() == b.trim();
    }
    if ta == tb {
        return true;
    }
    let mut counts: HashMap<&str, i32> = HashMap::new();
    for t in &ta {
        *counts.entry(t).or_default() += 1;
    }
    let mut common = 0;
    for t in &tb {
        if let Some(c) = counts.get_mut(t.as_str()) {
            if *c > 0 {
                *c -= 1;
                common += 1;
            }
        }
    }
    common as f64 >= 0.9 * ta.len().max(tb.len()) as f64
}

fn norm_speaker(s: Option<&str>) -> Option<String> {
    s.map(|s| {
        let s = s
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        s.strip_prefix("the ").map(String::from).unwrap_or(s)
    })
}

#[test]
fn quote_extraction_meets_the_gold_standard() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/quotes/open-news-gold.jsonl");
    let Ok(gold) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "gold set absent under CI: {}",
            path.display()
        );
        eprintln!("SKIPPED: ../shared/data absent ({})", path.display());
        return;
    };
    let verbose = std::env::var_os("QUOTES_EVAL_VERBOSE").is_some();
    let (mut n_pred, mut n_gold, mut matched, mut speaker_ok) = (0usize, 0usize, 0usize, 0usize);
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let rec: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = rec["id"].as_str().unwrap_or_default();
        let body = rec["body"].as_str().unwrap();
        let gold_quotes: Vec<(String, Option<String>)> = rec["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                (
                    q["text"].as_str().unwrap().to_string(),
                    q["speaker"].as_str().map(String::from),
                )
            })
            .collect();
        let predicted = extract(body);
        n_pred += predicted.len();
        n_gold += gold_quotes.len();
        let mut used = vec![false; predicted.len()];
        for (gt, gs) in &gold_quotes {
            let hit = predicted
                .iter()
                .enumerate()
                .find(|(i, p)| !used[*i] && texts_match(&p.text, gt));
            match hit {
                Some((i, p)) => {
                    used[i] = true;
                    matched += 1;
                    if norm_speaker(p.speaker.as_deref()) == norm_speaker(gs.as_deref()) {
                        speaker_ok += 1;
                    } else if verbose {
                        eprintln!("[{id}] SPEAKER got {:?} want {:?}: {}", p.speaker, gs, gt);
                    }
                }
                None if verbose => eprintln!("[{id}] MISSED: {gt}"),
                None => {}
            }
        }
        if verbose {
            for (i, p) in predicted.iter().enumerate() {
                if !used[i] {
                    eprintln!("[{id}] EXTRA ({:?}): {}", p.speaker, p.text);
                }
            }
        }
    }
    let precision = matched as f64 / n_pred.max(1) as f64;
    let recall = matched as f64 / n_gold.max(1) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let speaker_acc = speaker_ok as f64 / matched.max(1) as f64;
    eprintln!(
        "quotes: predicted {n_pred}, gold {n_gold}, matched {matched}; P {precision:.3} R {recall:.3} F1 {f1:.3}; speaker accuracy {speaker_acc:.3} ({speaker_ok}/{matched})"
    );
    assert!(f1 >= MIN_F1, "span F1 {f1:.3} fell below {MIN_F1}");
    assert!(
        speaker_acc >= MIN_SPEAKER_ACCURACY,
        "speaker accuracy {speaker_acc:.3} fell below {MIN_SPEAKER_ACCURACY}"
    );
}
