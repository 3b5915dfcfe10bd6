//! Sentence boundaries inside a paragraph, and the people sentences are about: the named
//! subject of each sentence's verb of saying, which a later pronoun may refer to.

use super::cues::before_quote;
use super::lexicon::{is_cap, is_org_word, is_title_abbrev};
use super::mentions::{cap_runs, run_name, words, Who};
use super::spans::Para;

/// Byte offset where the sentence holding `end` begins, searching back from `end` to `from`.
pub(super) fn sentence_start(body: &str, from: usize, end: usize) -> usize {
    let Some(seg) = body.get(from..end) else {
        return from;
    };
    let mut cut = from;
    for (i, c) in seg.char_indices() {
        if matches!(c, '.' | '?' | '!') && is_sentence_end(seg, i) {
            cut = from + i + 1;
        }
    }
    cut
}

/// Byte offset where the sentence starting at `from` ends (exclusive), at most `limit`.
pub(super) fn sentence_end(body: &str, from: usize, limit: usize) -> usize {
    let Some(seg) = body.get(from..limit) else {
        return limit;
    };
    for (i, c) in seg.char_indices() {
        if matches!(c, '.' | '?' | '!') && is_sentence_end(seg, i) {
            return from + i + 1;
        }
    }
    limit
}

/// A `.`/`?`/`!` at byte `i` of `s` ends a sentence: followed by a space and a capital,
/// and not after an abbreviation or an initial.
pub(super) fn is_sentence_end(s: &str, i: usize) -> bool {
    let rest = s.get(i + 1..).unwrap_or_default();
    let next = rest.trim_start_matches(['"', '”', '’', ')']);
    let spaced = next.starts_with(char::is_whitespace);
    let capital = next
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic());
    if !spaced || !capital {
        return false;
    }
    let before = s.get(..i).unwrap_or_default();
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default();
    let word_l = word.to_lowercase();
    let abbrev = is_title_abbrev(word)
        || matches!(
            word_l.as_str(),
            "mt" | "vs"
                | "no"
                | "inc"
                | "corp"
                | "co"
                | "feb"
                | "jan"
                | "aug"
                | "sept"
                | "oct"
                | "nov"
                | "dec"
                | "u.s"
                | "u.n"
                | "u.k"
                | "d.c"
                | "a.m"
                | "p.m"
        );
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    !(abbrev || initial)
}

/// Named subjects of speech verbs, sentence by sentence: (sentence start, name).
/// A pronoun resolves to the latest of these or of the previous quote's speaker.
pub(super) fn speech_subjects(body: &str, paras: &[Para]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for p in paras {
        let mut from = p.start;
        while from < p.end {
            let end = sentence_end(body, from, p.end).max(from + 1);
            let sentence = body.get(from..end).unwrap_or_default();
            if let Some(Who::Name(n)) = before_quote(sentence, true).map(|f| f.who) {
                out.push((from, n));
            } else if let Some(n) = sentence_subject(sentence) {
                out.push((from, n));
            }
            from = end;
            while body
                .get(from..)
                .is_some_and(|r| r.starts_with(char::is_whitespace))
            {
                from += 1;
            }
            while from < p.end && !body.is_char_boundary(from) {
                from += 1;
            }
        }
    }
    out
}

/// A two- or three-word person name opening a sentence (`Harry Kane won the award.`).
pub(super) fn sentence_subject(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    let &(s, e) = cap_runs(&ws).first().filter(|r| r.0 == 0)?;
    let name = run_name(&ws, (s, e))?;
    let n = name.split_whitespace().count();
    let person = (2..=3).contains(&n)
        && !name.split_whitespace().any(is_org_word)
        && !ws.get(e).is_some_and(|w| is_cap(w.bare));
    person.then_some(name)
}
