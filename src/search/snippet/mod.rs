//! Snippets: the passages of an article that best show why it matched, cut at sentence
//! (else word) boundaries, with the matching words marked as byte ranges. No markup here;
//! renderers decide how a highlight looks.
//!
//! Search builds a snippet for each of its top hits in every process, so this is on the
//! latency path: a [`Matcher`] stems only the tokens that could match (Snowball keeps a
//! word's first letter, so a token whose first letter starts no highlighted term is never
//! stemmed), and sentences are segmented only in the paragraphs that hold a match (a line
//! break always ends a sentence, UAX #29 SB4, so a paragraph segments the same alone as
//! inside the whole text). Both were most of a search's instructions (docs/PERFORMANCE.md).

mod matcher;
pub mod sentence;
#[cfg(test)]
mod tests;

use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;
use unicode_segmentation::UnicodeSegmentation;

use super::highlight::Highlights;
pub use matcher::{matches, Hit, Matcher};

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
    /// Its hits, as a range of indexes into the text's hits.
    hits: Range<usize>,
    distinct: usize,
}

/// Builds the snippet of `text` for a query's highlights. With no match it returns the
/// opening of the text, unhighlighted.
pub fn snippet(
    analyzer: &mut TextAnalyzer,
    text: &str,
    hl: &Highlights,
    shape: SnippetShape,
) -> Vec<Fragment> {
    let hits = matches(analyzer, text.trim_end(), hl);
    build(text, hits, shape)
}

/// [`snippet`] with a [`Matcher`]: the same fragments, less work.
pub fn snippet_with(matcher: &mut Matcher<'_>, text: &str, shape: SnippetShape) -> Vec<Fragment> {
    let hits = matcher.find(text.trim_end());
    build(text, hits, shape)
}

/// A hit's snippet of `article`'s body and the quotations in which the query matches, as
/// every engine shows them (the local index and the cluster alike).
pub fn body_and_quotes(
    matcher: &mut Matcher<'_>,
    article: &crate::article::Article,
) -> (Vec<Fragment>, Vec<crate::article::Quote>) {
    let snippet = snippet_with(matcher, &article.body, SnippetShape::default());
    let quotes = article
        .quotes
        .iter()
        .filter(|q| !matcher.find(&q.text).is_empty())
        .cloned()
        .collect();
    (snippet, quotes)
}

/// The paragraphs (line ranges, each ending after its `\n`) that hold a hit, or the
/// first non-blank one when nothing matched.
fn paragraphs(text: &str, hits: &[Hit]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    let mut next_hit = 0;
    for line in text.split_inclusive('\n') {
        let range = start..start + line.len();
        start = range.end;
        if hits.is_empty() {
            if !line.trim().is_empty() {
                out.push(range);
                break;
            }
            continue;
        }
        while next_hit < hits.len() && hits[next_hit].0.start < range.start {
            next_hit += 1;
        }
        if next_hit < hits.len() && hits[next_hit].0.start < range.end {
            out.push(range);
        }
    }
    out
}

fn build(text: &str, hits: Vec<Hit>, shape: SnippetShape) -> Vec<Fragment> {
    let text = text.trim_end();
    if text.trim().is_empty() {
        return Vec::new();
    }
    // Hits and sentences both run in text order: `h` is the first hit not before the
    // current sentence.
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut h = 0;
    let mut ends = Vec::new();
    for para in paragraphs(text, &hits) {
        sentence::sentence_ends(&text[para.clone()], &mut ends);
        let mut i = 0;
        for &end in &ends {
            let start = para.start + i;
            let s = &text[start..para.start + end];
            i = end;
            let trimmed = s.trim_end();
            let lead = trimmed.len() - trimmed.trim_start().len();
            if lead == trimmed.len() {
                continue; // blank
            }
            let range = start + lead..start + trimmed.len();
            while h < hits.len() && hits[h].0.start < range.start {
                h += 1;
            }
            // Hits do not overlap, so only the last one starting inside can end outside.
            let mut to = h + hits[h..].partition_point(|(r, _)| r.start < range.end);
            if to > h && hits[to - 1].0.end > range.end {
                to -= 1;
            }
            let mine = &hits[h..to];
            let distinct = (0..mine.len())
                .filter(|&k| !mine[..k].iter().any(|(_, id)| *id == mine[k].1))
                .count();
            let sentence = Sentence {
                hits: h..to,
                distinct,
                range,
            };
            sentences.push(sentence);
        }
    }
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
            let s = &sentences[i];
            let mine = &hits[s.hits.clone()];
            let window = if s.range.len() > shape.max_chars {
                window_around(
                    text,
                    &s.range,
                    mine.first().map(|(h, _)| h.start),
                    shape.max_chars,
                )
            } else {
                s.range.clone()
            };
            let highlights = mine
                .iter()
                .map(|(h, _)| h)
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
    // The first word (not a space between words) from there.
    if let Some((i, _)) = words
        .iter()
        .find(|(i, w)| *i >= start && !w.trim_start().is_empty())
    {
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
