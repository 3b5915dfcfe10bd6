//! The terms a query is ranked by: typed words turned into weighted, stemmed query terms
//! without stop words, and the pairs of them whose closeness earns the proximity bonus.

use std::collections::HashMap;

use tantivy::tokenizer::TextAnalyzer;
use tantivy::Searcher;

use crate::index::schema::{self, Fields};
use crate::search::stopwords::{is_query_stop_word, is_stop_word};

/// One term of a ranked query: the analysed (stemmed) token, its weight, and whether a
/// document must contain it to count as an all-words match.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    pub text: String,
    pub weight: f32,
    pub required: bool,
}

/// Turns typed words into query terms: folded, stop words dropped (unless every word is one),
/// stemmed; a repeated term gets a higher weight (its count), like a repeated word in BM25.
/// With `request_words`, words of the request (`papers`, `available`, …) go too.
pub fn terms(words: &[&str], request_words: bool) -> Vec<QueryTerm> {
    let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    plan_terms(&words, &[], request_words, true).0
}

/// The terms of a planned query: the plain words' terms (required) first, then those of
/// the operators' words (`groups`: one per word or phrase; scored, not required), with the
/// pairs of them that are neighbours within the plain words or within a group (`None` with
/// `neighbours` off: then any two terms count as close). Stop words are dropped across all
/// of them at once, so `the AND who` and `the who` keep the same words.
pub fn plan_terms(
    plain: &[String],
    groups: &[Vec<String>],
    request_words: bool,
    neighbours: bool,
) -> (Vec<QueryTerm>, Option<Vec<(usize, usize)>>) {
    let all: Vec<&[String]> = std::iter::once(plain)
        .chain(groups.iter().map(Vec::as_slice))
        .collect();
    let sequences = sequences(&all, request_words);
    let mut out: Vec<QueryTerm> = Vec::new();
    for (g, seq) in sequences.iter().enumerate() {
        for t in seq {
            match out.iter_mut().find(|q| &q.text == t) {
                Some(q) => {
                    q.weight += 1.0;
                    q.required |= g == 0;
                }
                None => out.push(QueryTerm {
                    text: t.clone(),
                    weight: 1.0,
                    required: g == 0,
                }),
            }
        }
    }
    // Required terms first: the plain words lead, whatever the operators repeat.
    out.sort_by_key(|t| !t.required);
    if !neighbours {
        return (out, None);
    }
    let mut pairs = Vec::new();
    {
        for seq in &sequences {
            let idx: Vec<usize> = seq
                .iter()
                .filter_map(|t| out.iter().position(|q| &q.text == t))
                .collect();
            for w in idx.windows(2) {
                let pair = (w[0].min(w[1]), w[0].max(w[1]));
                if pair.0 != pair.1 && !pairs.contains(&pair) {
                    pairs.push(pair);
                }
            }
        }
    }
    (out, Some(pairs))
}

/// Pairs of terms (indices into [`terms`]'s result) that are neighbours in the query once
/// stop words are gone: the pairs whose closeness in a document the proximity bonus rewards.
pub fn neighbours(words: &[&str], request_words: bool) -> Vec<(usize, usize)> {
    let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    plan_terms(&words, &[], request_words, true)
        .1
        .unwrap_or_default()
}

/// Each group's stemmed content words in typed order; stop words are dropped unless every
/// word of every group is one.
fn sequences(groups: &[&[String]], request_words: bool) -> Vec<Vec<String>> {
    let mut fold = schema::name_analyzer();
    let mut stem = schema::text_analyzer();
    let folded: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            g.iter()
                .flat_map(|w| schema::tokens(&mut fold, w))
                .collect()
        })
        .collect();
    let stop = |w: &String| {
        if request_words {
            is_query_stop_word(w)
        } else {
            is_stop_word(w)
        }
    };
    let keep_all = folded.iter().flatten().all(stop);
    folded
        .iter()
        .map(|g| {
            g.iter()
                .filter(|w| keep_all || !stop(w))
                .flat_map(|w| stemmed(&mut stem, w))
                .collect()
        })
        .collect()
}

/// Words scored for a prefix at most: the most frequent of its indexed words (like Lucene's
/// top-terms rewrite), so that `a*` stays a bounded query.
pub const PREFIX_TERMS: usize = 16;

/// The query terms a prefix (`deter*`) is scored by: the [`PREFIX_TERMS`] indexed words of
/// the headline and body starting with it (folded, not stemmed: `strik*` must reach
/// `strike`), the most frequent first, each a term of weight 1 that is not required.
pub fn prefix_terms(
    searcher: &Searcher,
    fields: &Fields,
    prefix: &str,
) -> tantivy::Result<Vec<QueryTerm>> {
    let mut fold = schema::name_analyzer();
    let folded: String = schema::tokens(&mut fold, prefix).concat();
    if folded.is_empty() {
        return Ok(Vec::new());
    }
    let mut freq: HashMap<Vec<u8>, u64> = HashMap::new();
    for seg in searcher.segment_readers() {
        for field in [fields.headline, fields.body] {
            let inverted = seg.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(folded.as_bytes())
                .into_stream()?;
            while stream.advance() {
                if !stream.key().starts_with(folded.as_bytes()) {
                    break;
                }
                *freq.entry(stream.key().to_vec()).or_default() +=
                    u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut words: Vec<(Vec<u8>, u64)> = freq.into_iter().collect();
    words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(words
        .into_iter()
        .take(PREFIX_TERMS)
        .filter_map(|(w, _)| String::from_utf8(w).ok())
        .map(|text| QueryTerm {
            text,
            weight: 1.0,
            required: false,
        })
        .collect())
}

/// The stemmed tokens of one folded word.
pub fn stemmed(stem: &mut TextAnalyzer, word: &str) -> Vec<String> {
    schema::tokens(stem, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_drop_stop_words_fold_stem_and_count() {
        let t = |q: &str| -> Vec<(String, f32)> {
            let words: Vec<&str> = q.split_whitespace().collect();
            terms(&words, true)
                .into_iter()
                .map(|t| (t.text, t.weight))
                .collect()
        };
        assert_eq!(
            t("What are the EFFECTS of effect"),
            vec![("effect".to_string(), 2.0)]
        );
        assert_eq!(
            t("the who"),
            vec![("the".to_string(), 1.0), ("who".to_string(), 1.0)],
            "a query of stop words only keeps them"
        );
        assert_eq!(
            t("Viet Nam's policies"),
            vec![
                ("viet".to_string(), 1.0),
                ("nam".to_string(), 1.0),
                ("polici".to_string(), 1.0)
            ]
        );
    }
}
