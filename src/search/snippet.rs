//! Snippets: the passages of an article that best show why it matched, cut at sentence
//! (else word) boundaries, with the matching words marked as byte ranges. No markup here;
//! renderers decide how a highlight looks.
//!
//! Search builds a snippet for each of its top hits in every process, so this is on the
//! latency path: a [`Matcher`] stems only the tokens that could match (Snowball keeps a
//! word's first letter, so a token whose first letter starts no highlighted term is never
//! stemmed), and sentences are segmented only in the paragraphs that hold a match (a line
//! break always ends a sentence, UAX #29 SB4, so a paragraph segments the same alone as
//! inside the whole text). A profile of `search said` had both at 65 % of all instructions.

use std::ops::Range;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::TextAnalyzer;

use crate::index::schema;
use unicode_segmentation::UnicodeSegmentation;

use super::compile::Highlights;
use super::sentence;

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

/// A highlighted word: its byte range, and its stem as a number (equal numbers, equal
/// stems; distinct terms are counted by it).
pub type Hit = (Range<usize>, u32);

struct Sentence {
    range: Range<usize>,
    /// Its hits, as a range of indexes into the text's hits.
    hits: Range<usize>,
    distinct: usize,
}

/// Byte ranges of tokens in `text` that the highlights match, with their stems numbered
/// in order of first appearance.
pub fn matches(analyzer: &mut TextAnalyzer, text: &str, hl: &Highlights) -> Vec<Hit> {
    let mut out = Vec::new();
    if hl.is_empty() {
        return out;
    }
    let mut stems: FxHashMap<String, u32> = FxHashMap::default();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        if hl.matches(&t.text) {
            let next = stems.len() as u32;
            let id = *stems.entry(t.text.clone()).or_insert(next);
            out.push((t.offset_from..t.offset_to, id));
        }
    }
    out
}

/// Finds highlighted tokens the way [`matches`] does with the text analyzer, but folds
/// without stemming and stems only tokens whose first letter starts a highlighted term.
pub struct Matcher<'h> {
    hl: &'h Highlights,
    fold: TextAnalyzer,
    stemmer: frostem::Stemmer,
    /// First bytes of the highlighted terms; `None` means stem every token (prefixes).
    firsts: Option<Vec<u8>>,
    /// Bytes a word that may match can start with: the first letters of the terms in
    /// either case, and every byte that starts a non-ASCII character (its folded form is
    /// only known after folding).
    starts: [bool; 256],
    /// Folded words already stemmed: the number of their stem when it is highlighted.
    /// Stemming is ~2,000 instructions a word and hit texts repeat their words.
    seen: FxHashMap<String, Option<u32>>,
    /// The highlighted stems met so far, by number.
    stems: Vec<String>,
    /// What an ASCII word must start with to stem to a highlighted term (see
    /// [`stem_heads`]); `None`: no such test (prefixes, or a non-ASCII term).
    heads: Option<Vec<String>>,
}

/// How many of a stem's last characters may differ from the word it came from. Snowball's
/// English stemmer (Porter 2) removes suffixes and replaces a few: every replacement keeps
/// the removed suffix's first letter (`ational` -> `ate`, `enci` -> `ence`, `ies` -> `i`)
/// except `biliti` -> `ble` (`abiliti` -> `able`: two letters), and its exception list
/// changes two at most (`dying` -> `die`, `skies` -> `sky`). So a word stems to term `t`
/// only if it starts with all of `t` but its last two characters. Checked on the 50,844
/// distinct words of Reuters and open-news: 49,293 stems are prefixes of their word,
/// 1,547 differ in the last character, 4 in the last two (`dying`, `lying`, `tying`,
/// `vying`), none in more.
const STEM_SLACK: usize = 2;

/// The starts a word needs to stem to one of `terms` (ASCII terms only; `None` otherwise).
fn stem_heads<'a>(terms: impl Iterator<Item = &'a String>) -> Option<Vec<String>> {
    terms
        .map(|t| {
            t.is_ascii()
                .then(|| t[..t.len().saturating_sub(STEM_SLACK)].to_string())
        })
        .collect()
}

impl<'h> Matcher<'h> {
    /// A matcher for a query's highlights.
    pub fn new(hl: &'h Highlights) -> Matcher<'h> {
        let firsts = hl.prefixes.is_empty().then(|| {
            let mut f: Vec<u8> = hl.terms.iter().filter_map(|t| t.bytes().next()).collect();
            f.sort_unstable();
            f.dedup();
            f
        });
        let starts = std::array::from_fn(|b| {
            let b = b as u8;
            match &firsts {
                _ if b >= 0xC0 => true,
                None => b.is_ascii_alphanumeric(),
                Some(f) => b.is_ascii_alphanumeric() && f.contains(&b.to_ascii_lowercase()),
            }
        });
        Matcher {
            hl,
            fold: schema::name_analyzer(),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            firsts,
            starts,
            seen: FxHashMap::default(),
            stems: Vec::new(),
            heads: if hl.prefixes.is_empty() {
                stem_heads(hl.terms.iter())
            } else {
                None
            },
        }
    }

    /// Byte ranges of tokens in `text` that the highlights match, with their stems'
    /// numbers (kept from text to text).
    ///
    /// Words are found here rather than by the analyzer's token stream, which copies and
    /// lowercases every word of every hit's text: the scan stops only at bytes a matching
    /// word can start with, an ASCII word is lowercased in place, and other words go
    /// through the analyzer one by one.
    pub fn find(&mut self, text: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        if self.hl.is_empty() {
            return out;
        }
        let bytes = text.as_bytes();
        let mut folded = String::new();
        let mut i = 0;
        while i < bytes.len() {
            if !self.starts[usize::from(bytes[i])] || !word_starts_at(text, i) {
                i += 1;
                continue;
            }
            let range = i..word_end(text, i);
            i = range.end;
            let word = &text[range.clone()];
            if word.len() >= schema::MAX_TOKEN_BYTES {
                continue;
            }
            folded.clear();
            if word.is_ascii() {
                if !self.may_stem_to_term(word) {
                    continue;
                }
                folded.push_str(word);
                folded.make_ascii_lowercase();
            } else {
                if let Some(t) = self.fold.token_stream(word).next() {
                    folded.push_str(&t.text);
                }
                if !folded.bytes().next().is_some_and(|b| self.may_match(b))
                    || !self.may_stem_to_term(&folded)
                {
                    continue;
                }
            }
            let hit = match self.seen.get(&folded) {
                Some(&hit) => hit,
                None => {
                    let hit = self.stem_number(&folded);
                    self.seen.insert(folded.clone(), hit);
                    hit
                }
            };
            if let Some(id) = hit {
                out.push((range, id));
            }
        }
        out
    }

    /// The number of the stem of `folded` when the highlights match it.
    fn stem_number(&mut self, folded: &str) -> Option<u32> {
        let stem = self.stemmer.stem(folded);
        if !self.hl.matches(&stem) {
            return None;
        }
        let id = match self.stems.iter().position(|s| *s == stem) {
            Some(i) => i,
            None => {
                self.stems.push(stem.into_owned());
                self.stems.len() - 1
            }
        };
        Some(id as u32)
    }

    /// False when `word` is ASCII and cannot stem to a highlighted term: it does not start
    /// with any term's [`stem_heads`] (compared ignoring ASCII case, so before folding).
    fn may_stem_to_term(&self, word: &str) -> bool {
        let Some(heads) = self.heads.as_ref().filter(|_| word.is_ascii()) else {
            return true;
        };
        let word = word.as_bytes();
        heads.iter().any(|h| {
            h.len() <= word.len()
                && h.bytes()
                    .zip(word)
                    .all(|(h, w)| h == w.to_ascii_lowercase())
        })
    }

    /// False when no highlighted term starts with this (folded) byte.
    fn may_match(&self, first: u8) -> bool {
        self.firsts
            .as_ref()
            .is_none_or(|f| f.binary_search(&first).is_ok())
    }
}

/// Whether the character at byte `i` (a character boundary) is alphanumeric, and its length.
fn alnum_at(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes()[i] {
        b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
        _ => text[i..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
    }
}

/// Whether a word, as tantivy's `SimpleTokenizer` cuts them (maximal runs of alphanumeric
/// characters), starts at byte `i`, a character boundary.
fn word_starts_at(text: &str, i: usize) -> bool {
    let before = match i.checked_sub(1).map(|p| text.as_bytes()[p]) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric),
    };
    !before && alnum_at(text, i).0
}

/// The end of the word that starts at byte `i`.
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    while i < text.len() {
        let (alnum, len) = alnum_at(text, i);
        if !alnum {
            break;
        }
        i += len;
    }
    i
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::text_analyzer;
    use proptest::prelude::*;

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
    fn sentences_rank_by_distinct_terms_then_hits_then_order() {
        // (text, terms, fragments allowed, the fragments expected, marked, in text order)
        let cases: &[(&str, &[&str], usize, &[&str])] = &[
            // Two distinct terms beat three hits of one.
            (
                "Oil, oil and more oil. Oil prices rose. Nothing else.",
                &["oil", "price"],
                1,
                &["[Oil] [prices] rose."],
            ),
            // Equal distinct terms: more hits first.
            (
                "Oil rose. Oil fell, oil said. Calm.",
                &["oil"],
                1,
                &["[Oil] fell, [oil] said."],
            ),
            // Equal in both: the earlier one. Two allowed: shown in text order.
            (
                "Oil rose. Oil fell. Oil said.",
                &["oil"],
                1,
                &["[Oil] rose."],
            ),
            (
                "Calm. Oil fell. Oil rose, oil said.",
                &["oil"],
                2,
                &["[Oil] fell.", "[Oil] rose, [oil] said."],
            ),
            // Blank lines and leading spaces are not sentences; hits in later paragraphs
            // are found after paragraphs without any.
            (
                "Calm here.\n\n   \nNo news.\n   Then oil rose.\nMore oil, more prices.\n",
                &["oil", "price"],
                1,
                &["More [oil], more [prices]."],
            ),
            // A hit at the very start and one at the very end of the text.
            (
                "Prices. Quiet day. Quiet night. Oil",
                &["oil", "price"],
                2,
                &["[Prices].", "[Oil]"],
            ),
        ];
        for &(text, terms, max_fragments, want) in cases {
            let shape = SnippetShape {
                max_fragments,
                ..SnippetShape::default()
            };
            let frags = snippet(&mut text_analyzer(), text, &hl(terms), shape);
            let got: Vec<String> = frags.iter().map(marked).collect();
            assert_eq!(got, want, "text {text:?}");
        }
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
    fn windows_start_at_a_word_whatever_falls_at_their_start() {
        // The window starts about a third of its size before the first hit; wherever that
        // falls (in a word, on a space, on a run of spaces), the fragment starts with a word.
        for pad in 0..12 {
            let long = format!(
                "{}{} vaccines to address {}",
                "x".repeat(pad),
                " our federal  state and local partners to monitor the safety".repeat(6),
                "tail ".repeat(60)
            );
            let frags = snippet(
                &mut text_analyzer(),
                &long,
                &hl(&["vaccin"]),
                SnippetShape::default(),
            );
            let f = &frags[0];
            assert!(marked(f).contains("[vaccines]"), "{pad}: {}", f.text);
            assert!(
                !f.text.starts_with(char::is_whitespace),
                "{pad}: {:?}",
                f.text
            );
            assert!(
                !f.text.ends_with(char::is_whitespace),
                "{pad}: {:?}",
                f.text
            );
        }
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

    #[test]
    fn matcher_agrees_with_the_full_analyzer() {
        let text = "Strikers struck.\nThe STRIKE was called off; Kirby's strikes and \
                    striking workers said it.\n\nSaid differently: nothing.";
        for terms in [
            &["strike"][..],
            &["said", "kirbi"],
            &["absent"],
            &["call", "work"],
        ] {
            let h = hl(terms);
            let want = snippet(&mut text_analyzer(), text, &h, SnippetShape::default());
            let got = snippet_with(&mut Matcher::new(&h), text, SnippetShape::default());
            assert_eq!(got, want, "terms {terms:?}");
            assert_eq!(
                Matcher::new(&h).find(text),
                matches(&mut text_analyzer(), text, &h)
            );
        }
    }

    #[test]
    fn matcher_finds_every_word_whose_stem_differs_from_it() {
        // Words whose stems replace letters (Porter 2's step 1-5 replacements and its
        // exception lists): highlighting each one's stem, the matcher, which stems only
        // words starting with all of a term but its last two letters, must find exactly
        // what the analyzer finds in all of them.
        let words = "dying lying tying vying skies skis sky ability abilities possibility \
                     possible sensibility relational rational conditional happiness happy \
                     generously generous conflated hoped hopping hopeful organization \
                     organizer valency valence probably probable ugly early only singly \
                     gently idly news atlas cosmos bias andes inning outing canning herring \
                     earring proceed exceed succeed generate generation communism \
                     communication arsenal cries cried ties agreed feed rationalize \
                     electricity electrical hopefulness goodness formality formalize \
                     sensitivity callousness callously fully heartlessly effective \
                     effectively archaeology archaeological analogous radically fluently \
                     decisiveness hesitancy dependency reliability cry cry's ladies";
        let mut analyzer = text_analyzer();
        let mut stems = Vec::new();
        {
            let mut stream = analyzer.token_stream(words);
            while let Some(t) = stream.next() {
                stems.push(t.text.clone());
            }
        }
        assert!(stems.len() > 80, "{}", stems.len());
        for stem in &stems {
            let h = hl(&[stem.as_str()]);
            let want = matches(&mut analyzer, words, &h);
            assert!(!want.is_empty(), "{stem}");
            assert_eq!(Matcher::new(&h).find(words), want, "stem {stem}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn matcher_agrees_with_the_full_analyzer_on_any_text(
            text in "[a-zA-Z0-9 .,'\n\u{e9}\u{c9}\u{df}\u{130}\u{2019}\u{1f600}\u{4e2d}-]{0,80}",
            long in 40usize..60,
        ) {
            let text = format!("{text} {} strikes", "s".repeat(long));
            for (terms, prefix) in [
                (&["strike"][..], None),
                (&["said", "e"], None),
                (&["\u{e9}t\u{e9}", "ss"], None),
                (&["said"], Some("s")),
            ] {
                let mut h = hl(terms);
                h.prefixes.extend(prefix.map(String::from));
                prop_assert_eq!(
                    Matcher::new(&h).find(&text),
                    matches(&mut text_analyzer(), &text, &h)
                );
            }
        }
    }
}
