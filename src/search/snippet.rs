//! Snippets: the passages of an article that best show why it matched, cut at sentence
//! (else word) boundaries, with the matching words marked as byte ranges. No markup here;
//! renderers decide how a highlight looks.

use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;
use unicode_segmentation::UnicodeSegmentation;

use super::compile::Highlights;

/// One passage of text with highlighted byte ranges inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
    /// True when text was cut before this fragment (render a leading `…`).
    pub cut_before: bool,
    /// True when text was cut after this fragment (render a trailing `…`).
    pub cut_after: bool,
}

/// Limits of a snippet.
#[derive(Debug, Clone, Copy)]
pub struct SnippetShape {
    /// Total characters across fragments (approximate, never cuts a word).
    pub max_chars: usize,
    pub max_fragments: usize,
}

impl Default for SnippetShape {
    fn default() -> Self {
        SnippetShape {
            max_chars: 260,
            max_fragments: 2,
        }
    }
}

struct Sentence {
    range: Range<usize>,
    hits: Vec<Range<usize>>,
    distinct: usize,
}

/// Byte ranges of tokens in `text` that the highlights match.
pub fn matches(
    analyzer: &mut TextAnalyzer,
    text: &str,
    hl: &Highlights,
) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    if hl.is_empty() {
        return out;
    }
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        if hl.matches(&t.text) {
            out.push((t.offset_from..t.offset_to, t.text.clone()));
        }
    }
    out
}

/// Builds the snippet of `text` for a query's highlights. With no match it returns the
/// opening of the text, unhighlighted.
pub fn snippet(
    analyzer: &mut TextAnalyzer,
    text: &str,
    hl: &Highlights,
    shape: SnippetShape,
) -> Vec<Fragment> {
    let text = text.trim_end();
    if text.trim().is_empty() {
        return Vec::new();
    }
    let hits = matches(analyzer, text, hl);
    let mut sentences: Vec<Sentence> = text
        .split_sentence_bound_indices()
        .filter(|(_, s)| !s.trim().is_empty())
        .map(|(start, s)| {
            let lead = s.len() - s.trim_start().len();
            let range = start + lead..start + s.trim_end().len();
            let mine: Vec<&(Range<usize>, String)> = hits
                .iter()
                .filter(|(r, _)| r.start >= range.start && r.end <= range.end)
                .collect();
            let mut distinct: Vec<&str> = mine.iter().map(|(_, t)| t.as_str()).collect();
            distinct.sort_unstable();
            distinct.dedup();
            Sentence {
                hits: mine.iter().map(|(r, _)| r.clone()).collect(),
                distinct: distinct.len(),
                range,
            }
        })
        .collect();
    if sentences.is_empty() {
        return Vec::new();
    }
    // Best sentences first: most distinct terms, then most hits, then earliest.
    let mut order: Vec<usize> = (0..sentences.len())
        .filter(|&i| sentences[i].distinct > 0)
        .collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(sentences[i].distinct),
            std::cmp::Reverse(sentences[i].hits.len()),
            i,
        )
    });
    if order.is_empty() {
        order.push(0);
    }
    let mut chosen: Vec<usize> = Vec::new();
    let mut budget = shape.max_chars;
    for i in order {
        if chosen.len() >= shape.max_fragments || budget < 40 && !chosen.is_empty() {
            break;
        }
        let len = sentences[i].range.len();
        if !chosen.is_empty() && len > budget {
            continue;
        }
        budget = budget.saturating_sub(len.min(shape.max_chars));
        chosen.push(i);
    }
    chosen.sort_unstable();
    let text_end = text.len();
    chosen
        .into_iter()
        .map(|i| {
            let s = &mut sentences[i];
            let window = if s.range.len() > shape.max_chars {
                window_around(
                    text,
                    &s.range,
                    s.hits.first().map(|h| h.start),
                    shape.max_chars,
                )
            } else {
                s.range.clone()
            };
            let highlights = s
                .hits
                .iter()
                .filter(|h| h.start >= window.start && h.end <= window.end)
                .map(|h| h.start - window.start..h.end - window.start)
                .collect();
            Fragment {
                text: text[window.clone()].to_string(),
                highlights,
                cut_before: window.start > 0,
                cut_after: window.end < text_end,
            }
        })
        .collect()
}

/// A window of at most `max` bytes inside `range`, around `focus`, on word boundaries.
fn window_around(
    text: &str,
    range: &Range<usize>,
    focus: Option<usize>,
    max: usize,
) -> Range<usize> {
    let focus = focus.unwrap_or(range.start);
    let words: Vec<(usize, &str)> = text[range.clone()]
        .split_word_bound_indices()
        .map(|(i, w)| (i + range.start, w))
        .collect();
    let mut start = range.start.max(focus.saturating_sub(max / 3));
    if let Some((i, _)) = words.iter().find(|(i, _)| *i >= start) {
        start = *i;
    }
    let limit = start + max;
    let end = words
        .iter()
        .take_while(|(i, w)| i + w.len() <= limit)
        .last()
        .map(|(i, w)| i + w.len())
        .unwrap_or(range.end)
        .min(range.end);
    let trimmed = text[start..end].trim_end();
    start..start + trimmed.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::text_analyzer;

    fn hl(terms: &[&str]) -> Highlights {
        Highlights {
            terms: terms.iter().map(|s| s.to_string()).collect(),
            prefixes: vec![],
        }
    }

    fn marked(f: &Fragment) -> String {
        let mut out = String::new();
        let mut at = 0;
        for h in &f.highlights {
            out.push_str(&f.text[at..h.start]);
            out.push('[');
            out.push_str(&f.text[h.clone()]);
            out.push(']');
            at = h.end;
        }
        out.push_str(&f.text[at..]);
        out
    }

    #[test]
    fn picks_the_sentence_with_most_terms() {
        let text = "The weather was calm. Rockets struck the base at dawn. Officials met later.";
        let frags = snippet(
            &mut text_analyzer(),
            text,
            &hl(&["rocket", "base"]),
            SnippetShape::default(),
        );
        assert_eq!(frags.len(), 1, "{frags:?}");
        assert_eq!(marked(&frags[0]), "[Rockets] struck the [base] at dawn.");
        assert!(frags[0].cut_before && frags[0].cut_after);
    }

    #[test]
    fn long_sentences_are_windowed_on_word_boundaries() {
        let long = format!("{} rocket {}", "word ".repeat(200), "tail ".repeat(200));
        let frags = snippet(
            &mut text_analyzer(),
            &long,
            &hl(&["rocket"]),
            SnippetShape::default(),
        );
        let f = &frags[0];
        assert!(f.text.len() <= 260, "{}", f.text.len());
        assert!(marked(f).contains("[rocket]"));
        assert!(!f.text.starts_with(' ') && !f.text.ends_with(' '));
        assert!(f
            .text
            .split_whitespace()
            .all(|w| ["word", "rocket", "tail"].contains(&w)));
    }

    #[test]
    fn no_match_gives_the_opening_and_multibyte_text_is_safe() {
        let text = "Ünïcödé “quoted” — text. Second sentence.";
        let frags = snippet(
            &mut text_analyzer(),
            text,
            &hl(&["absent"]),
            SnippetShape::default(),
        );
        assert_eq!(frags[0].text, "Ünïcödé “quoted” — text.");
        assert!(frags[0].highlights.is_empty());
        let frags = snippet(
            &mut text_analyzer(),
            text,
            &hl(&["quot"]),
            SnippetShape::default(),
        );
        assert_eq!(marked(&frags[0]), "Ünïcödé “[quoted]” — text.");
    }
}
