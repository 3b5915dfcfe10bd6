//! Plain-word queries ("queries as people type them"): recognising them, and turning their
//! words into weighted, stemmed query terms without stop words.
//!
//! A query is *plain* when it is only unfielded words (no phrase, field, `OR`, `NOT`, prefix
//! or date). Such a query is ranked by [`super::rank`] with the all-words / partial rule;
//! anything else keeps the exact meaning of its operators.

use tantivy::tokenizer::TextAnalyzer;

use super::query::Node;
use super::stopwords::{is_query_stop_word, is_stop_word};
use crate::index::schema;

/// One term of a ranked query: the analysed (stemmed) token, its weight, and whether a
/// document must contain it to count as an all-words match.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    pub text: String,
    pub weight: f32,
    pub required: bool,
}

/// True when a query of five or more words typed entirely in capitals uses no operator but
/// the words AND, OR and NOT: such a query is a pasted sentence in capitals (`EFFECTS OF
/// SANCTIONS AND TARIFFS ON TRADE`), so it is read as plain words and those three are
/// ordinary (stop) words. Shorter queries (`KIRBY NOT AUSTIN`) keep their operators.
pub fn is_shouted_sentence(query: &str) -> bool {
    if query.split_whitespace().count() < 5 {
        return false;
    }
    let has_letters = query.chars().any(char::is_alphabetic);
    let has_lower = query.chars().any(char::is_lowercase);
    let syntax = query.contains(['"', '“', '”', '(', ')', '*', ':', '~'])
        || query
            .split_whitespace()
            .any(|w| w.starts_with('-') || w == "&&" || w == "||");
    has_letters && !has_lower && !syntax
}

/// True when the query spells out `AND` (or `&&`): every word is then required, exactly.
pub fn has_explicit_and(query: &str) -> bool {
    query.split_whitespace().any(|w| w == "AND" || w == "&&")
}

/// The words of a plain query, or `None` when the query uses any operator.
pub fn plain_words(node: &Node) -> Option<Vec<&str>> {
    match node {
        Node::Text { field: None, text } => Some(vec![text.as_str()]),
        Node::And(children) => {
            let mut out = Vec::new();
            for c in children {
                match c {
                    Node::Text { field: None, text } => out.push(text.as_str()),
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// Turns typed words into query terms: folded, stop words dropped (unless every word is one),
/// stemmed; a repeated term gets a higher weight (its count), like a repeated word in BM25.
/// With `request_words`, words of the request (`papers`, `available`, …) go too.
pub fn terms(words: &[&str], request_words: bool) -> Vec<QueryTerm> {
    let mut out: Vec<QueryTerm> = Vec::new();
    for t in sequence(words, request_words) {
        match out.iter_mut().find(|q| q.text == t) {
            Some(q) => q.weight += 1.0,
            None => out.push(QueryTerm {
                text: t,
                weight: 1.0,
                required: true,
            }),
        }
    }
    out
}

/// Pairs of terms (indices into [`terms`]'s result) that are neighbours in the query once
/// stop words are gone: the pairs whose closeness in a document the proximity bonus rewards.
pub fn neighbours(words: &[&str], terms: &[QueryTerm], request_words: bool) -> Vec<(usize, usize)> {
    let idx: Vec<usize> = sequence(words, request_words)
        .iter()
        .filter_map(|t| terms.iter().position(|q| &q.text == t))
        .collect();
    let mut out = Vec::new();
    for w in idx.windows(2) {
        let pair = (w[0].min(w[1]), w[0].max(w[1]));
        if pair.0 != pair.1 && !out.contains(&pair) {
            out.push(pair);
        }
    }
    out
}

/// The query's stemmed content words in typed order.
fn sequence(words: &[&str], request_words: bool) -> Vec<String> {
    let mut fold = schema::name_analyzer();
    let mut stem = schema::text_analyzer();
    let folded: Vec<String> = words
        .iter()
        .flat_map(|w| schema::tokens(&mut fold, w))
        .collect();
    let content: Vec<&String> = folded
        .iter()
        .filter(|w| {
            if request_words {
                !is_query_stop_word(w)
            } else {
                !is_stop_word(w)
            }
        })
        .collect();
    let kept: Vec<&String> = if content.is_empty() {
        folded.iter().collect()
    } else {
        content
    };
    kept.into_iter()
        .flat_map(|w| stemmed(&mut stem, w))
        .collect()
}

/// The stemmed tokens of one folded word.
pub fn stemmed(stem: &mut TextAnalyzer, word: &str) -> Vec<String> {
    schema::tokens(stem, word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    #[test]
    fn plain_queries_are_only_unfielded_words() {
        let cases = [
            ("rocket", true),
            ("What are the EFFECTS of rockets?", true),
            ("\"rocket attack\"", false),
            ("rocket OR missile", false),
            ("rocket -drill", false),
            ("headline:rocket attack", false),
            ("deter*", false),
        ];
        for (q, plain) in cases {
            let node = parse(q).unwrap();
            assert_eq!(plain_words(&node).is_some(), plain, "{q}");
        }
    }

    #[test]
    fn shouted_sentences_and_explicit_and() {
        let cases = [
            ("EFFECTS OF SANCTIONS AND TARIFFS ON TRADE", true),
            ("EFFECTS OF SANCTIONS AND TARIFFS", true),
            ("KIRBY NOT AUSTIN", false),
            ("IRAN OR IRAQ", false),
            ("U.S . POLICY TOWARD THE NEW REGIME", true),
            ("\"ROCKET ATTACK\"", false),
            ("HEADLINE:ROCKET", false),
            ("ROCKET -DRILL", false),
            ("Rocket AND attack", false),
            ("1987", false),
        ];
        for (q, shouted) in cases {
            assert_eq!(is_shouted_sentence(q), shouted, "{q}");
        }
        assert!(has_explicit_and("rocket AND attack"));
        assert!(!has_explicit_and("rocket and attack"));
    }

    #[test]
    fn terms_drop_stop_words_fold_stem_and_count() {
        let t = |q: &str| -> Vec<(String, f32)> {
            let node = parse(q).unwrap();
            terms(&plain_words(&node).unwrap(), true)
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
