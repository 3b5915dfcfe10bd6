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
//! The even-indexed articles are the tuning half, the odd-indexed ones the held-out half;
//! scores are printed for all three.
//!
//! Run `QUOTES_EVAL_VERBOSE=1 cargo test --lib quotes_eval -- --nocapture` to see misses.

use std::collections::HashMap;

use super::quotes::{extract_with_context, Context};

/// Floors the scores must stay above (measured figures minus a small margin): the whole
/// set, the tuning half (even-indexed articles) and the held-out half (odd-indexed).
/// Measured with the attribution of issue 16: all 0.968 / 0.882, tune 0.988 / 0.937 (one
/// quote fewer than the word lists before it: `For Kevin Allton, … Warhol was a legend. He
/// said, "…"` now goes to the sentence's subject), held-out 0.955 / 0.845 (one more).
const MIN_F1: f64 = 0.958;
const MIN_SPEAKER_ACCURACY: f64 = 0.877;
const MIN_F1_TUNE: f64 = 0.978;
const MIN_SPEAKER_ACCURACY_TUNE: f64 = 0.930;
const MIN_F1_HELD: f64 = 0.945;
const MIN_SPEAKER_ACCURACY_HELD: f64 = 0.840;

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

/// Counts over a set of articles.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    predicted: usize,
    gold: usize,
    matched: usize,
    speaker_ok: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.predicted += o.predicted;
        self.gold += o.gold;
        self.matched += o.matched;
        self.speaker_ok += o.speaker_ok;
    }

    /// (precision, recall, F1, speaker accuracy)
    fn scores(&self) -> (f64, f64, f64, f64) {
        let precision = self.matched as f64 / self.predicted.max(1) as f64;
        let recall = self.matched as f64 / self.gold.max(1) as f64;
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        let speaker = self.speaker_ok as f64 / self.matched.max(1) as f64;
        (precision, recall, f1, speaker)
    }

    fn report(&self, label: &str) -> String {
        let (p, r, f1, sp) = self.scores();
        format!(
            "quotes [{label}]: predicted {}, gold {}, matched {}; P {p:.3} R {r:.3} F1 {f1:.3}; speaker accuracy {sp:.3} ({}/{})",
            self.predicted, self.gold, self.matched, self.speaker_ok, self.matched
        )
    }
}

/// Scores one gold record, printing its errors when `verbose`.
fn score_record(index: usize, rec: &serde_json::Value, verbose: bool) -> Counts {
    let id = rec["id"].as_str().unwrap_or_default();
    let half = if index.is_multiple_of(2) {
        "tune"
    } else {
        "held"
    };
    let body = rec["body"].as_str().unwrap();
    let headline = rec["headline"].as_str().unwrap_or_default();
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
    let context = Context {
        headline: Some(headline),
        byline: None,
    };
    let predicted = extract_with_context(body, &context);
    let mut c = Counts {
        predicted: predicted.len(),
        gold: gold_quotes.len(),
        ..Counts::default()
    };
    let mut used = vec![false; predicted.len()];
    for (gt, gs) in &gold_quotes {
        let hit = predicted
            .iter()
            .enumerate()
            .find(|(i, p)| !used[*i] && texts_match(&p.text, gt));
        match hit {
            Some((i, p)) => {
                used[i] = true;
                c.matched += 1;
                if norm_speaker(p.speaker.as_deref()) == norm_speaker(gs.as_deref()) {
                    c.speaker_ok += 1;
                } else if verbose {
                    eprintln!(
                        "[{half} {index} {id}] SPEAKER got {:?} want {:?}: {}",
                        p.speaker, gs, gt
                    );
                }
            }
            None if verbose => eprintln!("[{half} {index} {id}] MISSED: {gt}"),
            None => {}
        }
    }
    if verbose {
        for (i, p) in predicted.iter().enumerate() {
            if !used[i] {
                eprintln!("[{half} {index} {id}] EXTRA ({:?}): {}", p.speaker, p.text);
            }
        }
    }
    c
}

/// Tuning uses the even-indexed articles; the odd-indexed ones are held out to check that
/// the rules generalise. The floors apply to the whole set and to each half.
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
    let (mut all, mut tune, mut held) = (Counts::default(), Counts::default(), Counts::default());
    for (index, line) in gold.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let rec: serde_json::Value = serde_json::from_str(line).unwrap();
        let c = score_record(index, &rec, verbose);
        all.add(c);
        if index.is_multiple_of(2) {
            tune.add(c);
        } else {
            held.add(c);
        }
    }
    eprintln!("{}", all.report("all"));
    eprintln!("{}", tune.report("tune (even)"));
    eprintln!("{}", held.report("held-out (odd)"));
    for (label, c, min_f1, min_sp) in [
        ("all", all, MIN_F1, MIN_SPEAKER_ACCURACY),
        ("tune", tune, MIN_F1_TUNE, MIN_SPEAKER_ACCURACY_TUNE),
        ("held-out", held, MIN_F1_HELD, MIN_SPEAKER_ACCURACY_HELD),
    ] {
        let (_, _, f1, sp) = c.scores();
        assert!(f1 >= min_f1, "{label}: span F1 {f1:.3} fell below {min_f1}");
        assert!(
            sp >= min_sp,
            "{label}: speaker accuracy {sp:.3} fell below {min_sp}"
        );
    }
}
