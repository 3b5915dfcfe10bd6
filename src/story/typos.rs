//! Typos: the indexed words within an edit distance of a word, read from the index's own
//! term dictionary with a Levenshtein automaton (a transposition counts as one edit). They
//! rank `word~1` / `word~2` matches ([`fuzzy_terms`]) and make the "did you mean" of a
//! search that found nothing ([`suggest`]), frequent words first.

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::index::schema::{text_analyzer, tokens, Fields};
use crate::index::stored;
use crate::search::rank::terms::{dictionary_words, QueryTerm};

/// Most dictionary words one fuzzy word expands to (the most frequent).
const FUZZY_TERMS: usize = 16;

/// The Levenshtein DFA as an automaton over the term dictionary.
struct Within(DFA);

impl tantivy_fst::Automaton for Within {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// Indexed terms (stems) of headline and body within `distance` edits of `stem`, with their
/// document frequencies, most frequent first.
fn near(
    searcher: &Searcher,
    fields: &Fields,
    stem: &str,
    distance: u8,
) -> tantivy::Result<Vec<(String, u64)>> {
    let builder = LevenshteinAutomatonBuilder::new(distance.min(2), true);
    dictionary_words(searcher, fields, || Within(builder.build_dfa(stem)))
}

/// The scored terms of `word~distance`: the most frequent indexed words within the distance.
pub fn fuzzy_terms(
    searcher: &Searcher,
    fields: &Fields,
    word: &str,
    distance: u8,
) -> tantivy::Result<Vec<QueryTerm>> {
    let Some(stem) = tokens(&mut text_analyzer(), word).into_iter().next() else {
        return Ok(Vec::new());
    };
    Ok(near(searcher, fields, &stem, distance)?
        .into_iter()
        .take(FUZZY_TERMS)
        .map(|(text, _)| QueryTerm {
            text,
            weight: 1.0,
            required: false,
        })
        .collect())
}

/// For a query that found nothing: each of its words the index does not hold, with the
/// closest indexed word (one edit before two; the most frequent among equals), written as
/// an article wrote it. Words with no close neighbour are left out.
pub fn suggest(
    searcher: &Searcher,
    fields: &Fields,
    query: &str,
) -> tantivy::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut stemmer = text_analyzer();
    for word in query.split_whitespace() {
        let plain: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        let Some(stem) = tokens(&mut stemmer, &plain).into_iter().next() else {
            continue;
        };
        if plain.chars().count() < 3 || plain != word.trim_matches(|c: char| !c.is_alphanumeric()) {
            continue;
        }
        let mut df = 0u64;
        for seg in searcher.segment_readers() {
            for field in [fields.headline, fields.body] {
                let term = Term::from_field_text(field, &stem);
                df += u64::from(seg.inverted_index(field)?.doc_freq(&term)?);
            }
        }
        if df > 0 {
            continue;
        }
        let mut best = None;
        for distance in [1u8, 2] {
            // Short words take one edit only: two would make "cat" anything.
            if distance == 2 && plain.chars().count() < 6 {
                break;
            }
            best = near(searcher, fields, &stem, distance)?.into_iter().next();
            if best.is_some() {
                break;
            }
        }
        if let Some((term, _)) = best {
            let spelled = surface(searcher, fields, &term, &plain)?.unwrap_or(term);
            out.push((plain, spelled));
        }
    }
    Ok(out)
}

/// The word an article wrote whose stem is `term` (the dictionary holds stems: "economi"
/// reads "economy"), the nearest to what was `typed` among those of the first article
/// holding it ("vaccine" for "vacine", not "vaccines").
fn surface(
    searcher: &Searcher,
    fields: &Fields,
    term: &str,
    typed: &str,
) -> tantivy::Result<Option<String>> {
    let mut stemmer = text_analyzer();
    let typed = typed.to_lowercase();
    for field in [fields.body, fields.headline] {
        let q = TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::Basic);
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            continue;
        };
        let a = stored::article(searcher, *address, fields)?;
        let text = format!("{}\n{}", a.headline, a.body);
        let best = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .filter(|w| tokens(&mut stemmer, w).first().is_some_and(|s| s == term))
            .min_by_key(|w| edits(&w.to_lowercase(), &typed));
        if let Some(w) = best {
            return Ok(Some(w.to_string()));
        }
    }
    Ok(None)
}

/// The Levenshtein distance of two short words.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_count_insertions_deletions_and_substitutions() {
        let cases = [
            ("", "", 0),
            ("vaccine", "vacine", 1),
            ("vaccines", "vacine", 2),
            ("kitten", "sitting", 3),
            ("abc", "", 3),
        ];
        for (a, b, want) in cases {
            assert_eq!(edits(a, b), want, "{a} {b}");
        }
    }
}
