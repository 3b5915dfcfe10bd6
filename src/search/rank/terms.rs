//! The terms a query is ranked by: typed words turned into weighted, stemmed query terms
//! without stop words, and the pairs of them whose closeness earns the proximity bonus;
//! and the one walk of the term dictionary for words matching an automaton
//! ([`dictionary_words`]: prefixes here, near words in `crate::story::typos`).

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
    let prefix = Prefix(folded.as_bytes());
    Ok(dictionary_words(searcher, fields, || &prefix)?
        .into_iter()
        .take(PREFIX_TERMS)
        .map(|(text, _)| QueryTerm {
            text,
            weight: 1.0,
            required: false,
        })
        .collect())
}

/// The indexed words of the headline and body that an automaton accepts (a fresh one
/// from `automaton` for each dictionary), with their document frequencies summed over
/// every segment and both fields, the most frequent first (ties in byte order): the one
/// walk of the term dictionary behind prefixes and near words (`crate::story::typos`).
pub fn dictionary_words<A>(
    searcher: &Searcher,
    fields: &Fields,
    automaton: impl Fn() -> A,
) -> tantivy::Result<Vec<(String, u64)>>
where
    A: tantivy_fst::Automaton,
    A::State: Clone,
{
    let mut freq: HashMap<Vec<u8>, u64> = HashMap::new();
    for seg in searcher.segment_readers() {
        for field in [fields.headline, fields.body] {
            let inverted = seg.inverted_index(field)?;
            let mut stream = inverted.terms().search(automaton()).into_stream()?;
            while stream.advance() {
                *freq.entry(stream.key().to_vec()).or_default() +=
                    u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut words: Vec<(String, u64)> = freq
        .into_iter()
        .filter_map(|(k, n)| String::from_utf8(k).ok().map(|w| (w, n)))
        .collect();
    words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(words)
}

/// The words starting with a prefix, as an automaton over the term dictionary. Its state
/// is how many bytes of the prefix matched so far (`None`: the word left the prefix).
struct Prefix<'a>(&'a [u8]);

impl tantivy_fst::Automaton for Prefix<'_> {
    type State = Option<usize>;

    fn start(&self) -> Option<usize> {
        Some(0)
    }

    fn is_match(&self, state: &Option<usize>) -> bool {
        *state == Some(self.0.len())
    }

    fn can_match(&self, state: &Option<usize>) -> bool {
        state.is_some()
    }

    fn will_always_match(&self, state: &Option<usize>) -> bool {
        self.is_match(state)
    }

    fn accept(&self, state: &Option<usize>, byte: u8) -> Option<usize> {
        let at = (*state)?;
        if at == self.0.len() {
            Some(at)
        } else {
            (self.0.get(at) == Some(&byte)).then_some(at + 1)
        }
    }
}

/// The stemmed tokens of one folded word.
pub fn stemmed(stem: &mut TextAnalyzer, word: &str) -> Vec<String> {
    schema::tokens(stem, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_walk_finds_exactly_the_words_starting_with_it_most_frequent_first() {
        // Headline and body words are counted together, over both segments.
        let docs = [
            ("Deterrence", "deter the deterrent"),
            ("Detour", "deterrent deterrent"),
            ("Determined", "de deter"),
            ("Other", "determined"),
        ];
        let articles = docs
            .iter()
            .enumerate()
            .map(|(i, (h, b))| crate::article::Article {
                id: i.to_string(),
                headline: h.to_string(),
                body: b.to_string(),
                ..crate::article::Article::default()
            });
        let s = crate::index::store::in_memory(articles, &[2]);
        let searcher = s.reader.searcher();
        let words = |prefix: &str| -> Vec<String> {
            prefix_terms(&searcher, &s.fields, prefix)
                .unwrap()
                .into_iter()
                .map(|t| t.text)
                .collect()
        };
        // (prefix, indexed stems: most documents per field first, ties in byte order)
        let cases: [(&str, &[&str]); 5] = [
            ("deter", &["deterr", "deter", "determin"]),
            ("DETERR", &["deterr"]),
            ("detour", &["detour"]),
            ("dx", &[]),
            ("", &[]),
        ];
        for (prefix, want) in cases {
            assert_eq!(words(prefix), want, "{prefix}");
        }
    }

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
