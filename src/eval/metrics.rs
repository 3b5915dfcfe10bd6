//! Retrieval metrics with trec_eval's definitions, for one query at a time.
//!
//! - `map` (average precision): over the whole ranked list (we rank up to 1,000), the sum of
//!   the precision at each relevant document's rank, divided by the number of relevant
//!   documents in the judgments (relevant = grade > 0).
//! - `P_10`: relevant documents among the first 10, divided by 10 (even when fewer are ranked).
//! - `recall_100`: relevant documents among the first 100, divided by all relevant ones.
//! - `ndcg_cut_10`: DCG of the first 10 with the grade as gain and a `log2(rank + 1)` discount,
//!   divided by the DCG of the ideal ordering of the judged grades, also cut at 10.
//!
//! A query without any relevant document in its judgments has no defined score; callers
//! skip it (as trec_eval does for such queries).

use std::collections::HashMap;

/// The four figures we report for one query (or their mean over queries).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Scores {
    pub ndcg_10: f64,
    pub map: f64,
    pub p_10: f64,
    pub r_100: f64,
}

impl Scores {
    /// The mean of each figure over `all` (zeros for an empty slice).
    pub fn mean(all: &[Scores]) -> Scores {
        if all.is_empty() {
            return Scores::default();
        }
        let n = all.len() as f64;
        let sum = |f: fn(&Scores) -> f64| all.iter().map(f).sum::<f64>() / n;
        Scores {
            ndcg_10: sum(|s| s.ndcg_10),
            map: sum(|s| s.map),
            p_10: sum(|s| s.p_10),
            r_100: sum(|s| s.r_100),
        }
    }
}

/// Scores one ranked list of document ids against the graded judgments of its query.
/// Returns `None` when the judgments hold no relevant document.
pub fn score(ranked: &[String], judged: &HashMap<String, i32>) -> Option<Scores> {
    let relevant = judged.values().filter(|&&g| g > 0).count();
    if relevant == 0 {
        return None;
    }
    let grade = |id: &String| judged.get(id).copied().unwrap_or(0).max(0);
    let mut hits = 0usize;
    let mut ap = 0.0;
    let mut p_10 = 0usize;
    let mut r_100 = 0usize;
    let mut dcg = 0.0;
    for (i, id) in ranked.iter().enumerate() {
        let g = grade(id);
        if g > 0 {
            hits += 1;
            ap += hits as f64 / (i + 1) as f64;
            if i < 10 {
                p_10 += 1;
            }
            if i < 100 {
                r_100 += 1;
            }
        }
        if i < 10 {
            dcg += f64::from(g) / ((i + 2) as f64).log2();
        }
    }
    let mut ideal: Vec<i32> = judged.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, &g)| f64::from(g) / ((i + 2) as f64).log2())
        .sum();
    Some(Scores {
        ndcg_10: if idcg > 0.0 { dcg / idcg } else { 0.0 },
        map: ap / relevant as f64,
        p_10: p_10 as f64 / 10.0,
        r_100: r_100 as f64 / relevant as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, i32)]) -> HashMap<String, i32> {
        pairs.iter().map(|(d, g)| (d.to_string(), *g)).collect()
    }

    fn ids(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn table_of_hand_computed_cases() {
        let log = |r: f64| (r + 1.0).log2();
        // (ranked, judgments, nDCG@10, AP, P@10, R@100)
        type Case<'a> = (&'a str, Vec<(&'a str, i32)>, f64, f64, f64, f64);
        let cases: Vec<Case> = vec![
            // One relevant document, ranked first: perfect.
            ("a b c", vec![("a", 1)], 1.0, 1.0, 0.1, 1.0),
            // Ranked second: AP 1/2, nDCG 1/log2(3).
            ("x a", vec![("a", 1)], 1.0 / log(2.0), 0.5, 0.1, 1.0),
            // Two relevant, one retrieved at rank 1: AP counts the missing one as 0.
            (
                "a x",
                vec![("a", 1), ("b", 1)],
                1.0 / (1.0 + 1.0 / log(2.0)),
                0.5,
                0.1,
                0.5,
            ),
            // Graded: the grade is the gain; ideal puts the 2 first.
            (
                "b a",
                vec![("a", 2), ("b", 1)],
                (1.0 + 2.0 / log(2.0)) / (2.0 + 1.0 / log(2.0)),
                (1.0 + 1.0) / 2.0,
                0.2,
                1.0,
            ),
            // Judged non-relevant (grade 0) and negative grades are not relevant.
            (
                "n m a",
                vec![("n", 0), ("m", -1), ("a", 1)],
                0.5,
                1.0 / 3.0,
                0.1,
                1.0,
            ),
            // Nothing relevant retrieved.
            ("x y", vec![("a", 3)], 0.0, 0.0, 0.0, 0.0),
        ];
        for (ranked, j, ndcg, ap, p10, r100) in cases {
            let s = score(&ids(ranked), &judged(&j)).unwrap();
            assert!(close(s.ndcg_10, ndcg), "nDCG for {ranked:?}: {}", s.ndcg_10);
            assert!(close(s.map, ap), "AP for {ranked:?}: {}", s.map);
            assert!(close(s.p_10, p10), "P@10 for {ranked:?}: {}", s.p_10);
            assert!(close(s.r_100, r100), "R@100 for {ranked:?}: {}", s.r_100);
        }
    }

    #[test]
    fn cutoffs_at_10_and_100() {
        // The only relevant document at rank 11: outside P@10 and nDCG@10, inside R@100.
        let mut ranked: Vec<String> = (0..10).map(|i| format!("x{i}")).collect();
        ranked.push("a".into());
        let s = score(&ranked, &judged(&[("a", 1)])).unwrap();
        assert!(close(s.p_10, 0.0) && close(s.ndcg_10, 0.0));
        assert!(close(s.r_100, 1.0) && close(s.map, 1.0 / 11.0));
        // At rank 101: outside R@100, still in AP.
        let mut ranked: Vec<String> = (0..100).map(|i| format!("x{i}")).collect();
        ranked.push("a".into());
        let s = score(&ranked, &judged(&[("a", 1)])).unwrap();
        assert!(close(s.r_100, 0.0) && close(s.map, 1.0 / 101.0));
    }

    #[test]
    fn queries_without_relevant_documents_are_skipped() {
        assert_eq!(score(&ids("a"), &judged(&[("a", 0)])), None);
        assert_eq!(score(&ids("a"), &judged(&[])), None);
    }

    #[test]
    fn mean_averages_each_figure() {
        let a = Scores {
            ndcg_10: 1.0,
            map: 0.5,
            p_10: 0.2,
            r_100: 1.0,
        };
        let m = Scores::mean(&[a, Scores::default()]);
        assert!(close(m.ndcg_10, 0.5) && close(m.map, 0.25));
        assert!(close(m.p_10, 0.1) && close(m.r_100, 0.5));
        assert_eq!(Scores::mean(&[]), Scores::default());
    }
}
