//! Whether a quoted span is speech rather than a title, term or scare quote: naming cues
//! before it (`named "…"`), a short fragment modifying the noun after it (`the "smart"
//! meters`), title case, and whether its sentence attributes it to anyone.

use super::lexicon::{is_cap, is_not_noun, is_speech_verb, is_title_small_word, NAMING_CUES};
use super::spans::Span;
use crate::article::dates::parse_date;

/// True when the words right before the quote mark name or label rather than cite.
pub(super) fn naming_cue(body: &str, from: usize, open: usize) -> bool {
    naming_cue_word(body, from, open).is_some()
}

/// The naming cue (`titled`, `known as`, `called`) right before the quote mark, if any.
pub(super) fn naming_cue_word(body: &str, from: usize, open: usize) -> Option<&'static str> {
    let before = body.get(from..open).unwrap_or_default().trim_end();
    let before = before
        .trim_end_matches([',', ':', ';'])
        .trim_end()
        .to_lowercase();
    NAMING_CUES.iter().copied().find(|cue| {
        before.ends_with(cue)
            && before
                .get(..before.len() - cue.len())
                .is_some_and(|b| b.is_empty() || b.ends_with(|c: char| !c.is_alphanumeric()))
    })
}

/// Whether the word right after a closing mark is a noun the quoted words modify: a
/// lowercase word that is not a function word, verb of saying or adverb.
pub(super) fn modifies_next_noun(body: &str, close: usize) -> bool {
    let rest = body.get(close..).unwrap_or_default();
    if !rest.starts_with(' ') {
        return false;
    }
    let Some(next) = rest.split_whitespace().next() else {
        return false;
    };
    let bare = next.trim_end_matches(|c: char| !c.is_alphanumeric());
    if bare.is_empty() || !bare.chars().all(|c| c.is_lowercase() || c == '-') {
        return false;
    }
    let function = is_not_noun(bare);
    !function && !bare.ends_with("ly") && !is_speech_verb(bare)
}

/// Words a work's title follows (`on "Meet the Nation"`, `her memoir, "Hard Roads"`).
const WORK_CUES: &[&str] = &[
    "on",
    "with",
    "told",
    "show",
    "program",
    "programme",
    "podcast",
    "memoir",
    "book",
    "film",
    "movie",
    "series",
    "episode",
    "column",
    "play",
    "song",
    "album",
    "novel",
    "documentary",
    "magazine",
    "newspaper",
    "broadcast",
    "hosts",
    "host",
    "starred",
];

/// Whether the span is the title of a work or programme: every content word capitalised
/// (`"Good Day Ohio,"`), right after a possessive (`WXY's "Morning Edition"`) or a word a
/// title follows (`said on "Face the Week."`, `in her memoir, "Hard Roads."`).
pub(super) fn names_a_work(body: &str, from: usize, span: &Span) -> bool {
    let text = body
        .get(span.start..span.end)
        .unwrap_or_default()
        .trim_end_matches(['.', ',', '!', '?', ' ']);
    if !capitalised_title(text) {
        return false;
    }
    let before = body.get(from..span.open).unwrap_or_default();
    let mut back = before.split_whitespace().rev();
    let Some(prev) = back.next() else {
        return false;
    };
    let bare = prev.trim_end_matches([',', ':']);
    let possessive = (bare.ends_with("'s") || bare.ends_with("’s")) && is_cap(bare);
    // `starred in "…"`, `roles in "…"`, `the co-author of "…"`.
    let part_in = matches!(bare, "in" | "of")
        && back
            .next()
            .is_some_and(|w| ROLE_CUES.contains(&w.to_lowercase().as_str()));
    possessive || part_in || WORK_CUES.contains(&bare.to_lowercase().as_str())
}

/// Words a work's title follows after `in` or `of` (`starred in`, `the author of`).
const ROLE_CUES: &[&str] = &[
    "starred",
    "stars",
    "star",
    "role",
    "roles",
    "acted",
    "appeared",
    "appearance",
    "author",
    "co-author",
    "authors",
    "director",
    "creator",
    "cast",
    "episode",
];

/// Every content word capitalised or a number (`"Good Day Ohio,"`, `"Apollo 13,"`), at
/// most eight words.
pub(super) fn capitalised_title(text: &str) -> bool {
    let ws: Vec<&str> = text.split_whitespace().collect();
    let number = |w: &str| {
        w.trim_end_matches([',', '.', ':', '!', '?'])
            .chars()
            .all(|c| c.is_ascii_digit())
    };
    !ws.is_empty()
        && ws.len() <= 8
        && ws
            .iter()
            .enumerate()
            .all(|(i, w)| is_cap(w) || (i > 0 && (is_title_small_word(w) || number(w))))
}

/// Whether a capitalised span is credited to a writer after a comma (`"Museum to
/// close," by Times' Ann Lee`): an article's headline, a title. Without the comma `by`
/// is a passive's agent (`called "anointed" by God`), with a lowercase start a fragment
/// (`the "ugliness of utterances," by Trump`).
pub(super) fn credited_title(body: &str, span: &Span) -> bool {
    let text = body
        .get(span.start..span.end)
        .unwrap_or_default()
        .trim_end();
    let rest = body.get(span.close..).unwrap_or_default().trim_start();
    let comma = text.ends_with(',') || rest.starts_with(',');
    let rest = rest.trim_start_matches(',').trim_start();
    let mut ws = rest.split_whitespace();
    comma
        && text.starts_with(|c: char| c.is_uppercase())
        && ws.next() == Some("by")
        && ws.next().is_some_and(is_cap)
}

/// Whether a span is a quotation rather than a title, term or scare quote.
pub(super) fn is_quotation(
    body: &str,
    span: &Span,
    attributed: bool,
    sentence_from: usize,
) -> bool {
    let text = body.get(span.start..span.end).unwrap_or_default();
    let ws: Vec<&str> = text.split_whitespace().collect();
    // A date in marks (`"March 10, 2016"`) is a value, never somebody's words.
    if ws.len() <= 4 && parse_date(text.trim_end_matches([',', '.'])).is_some() {
        return false;
    }
    if !span.opened || !span.closed {
        return !ws.is_empty();
    }
    if naming_cue(body, sentence_from, span.open) || names_a_work(body, sentence_from, span) {
        return false;
    }
    let sentence_punct = text
        .trim_end_matches(['"', '”', '’', '\''])
        .ends_with(['.', '?', '!', ',', '…'])
        && ws.len() > 1;
    let small = |w: &&&str| is_title_small_word(w);
    let big: Vec<&&str> = ws.iter().filter(|w| !small(w)).collect();
    let title_case = ws.len() <= 12
        && big.len() >= 2
        && big.iter().all(|w| is_cap(w))
        && !text.contains(',')
        && (text.contains(':') || !text.ends_with(['.', '?', '!']) || ws.len() <= 4);
    // A fragment worked into the sentence modifying the noun after it (`the "solid" sample
    // return mission`, `the “re-circulate” setting`) is a term or scare quote.
    if ws.len() <= 3 && !sentence_punct && modifies_next_noun(body, span.close) {
        return false;
    }
    // A long lowercase fragment worked into running text is someone's wording
    // (`studies "the amazing adaptations social insects have evolved …"`).
    let lowercase_start = text.chars().next().is_some_and(char::is_lowercase);
    if !attributed && ws.len() >= 8 && lowercase_start && !title_case {
        return true;
    }
    // Unattributed words that do not even end like speech: a saying, a list entry, a label.
    if !attributed
        && !text
            .trim_end()
            .ends_with(['.', '?', '!', ',', '…', ';', ':', '-', '—'])
    {
        return false;
    }
    if ws.len() <= 3 {
        return attributed && (!title_case || sentence_punct);
    }
    if title_case {
        return false;
    }
    if span.single {
        return attributed;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::spans::{find_spans, paragraphs};
    use super::*;

    #[test]
    fn quotations_terms_and_dates() {
        // (body, attributed, is a quotation)
        let cases = [
            (
                "The email was dated \"March 10, 2016\" by staff.",
                true,
                false,
            ),
            ("The robot, named \"Robogee\", won.", true, false),
            ("The \"smart\" meters stay.", false, false),
            ("He read \"The Old Man and the Sea\" twice.", false, false),
            ("Roe called it \"dangerous.\"", true, true),
            // Programmes and books by the words before them.
            ("Roe said on WXY's \"Morning Edition.\"", true, false),
            ("She wrote in her memoir, \"Hard Roads.\"", true, false),
            (
                "Lee told the show \"Good Day Ohio,\" that he would run.",
                true,
                false,
            ),
            ("Lee told reporters, \"We Will Win.\"", true, true),
            (
                "They want \"to make the country safe again for everyone who lives here\" now.",
                false,
                true,
            ),
        ];
        for (body, attributed, want) in cases {
            let spans = find_spans(body, &paragraphs(body));
            let span = spans.first().expect(body);
            assert_eq!(is_quotation(body, span, attributed, 0), want, "{body}");
        }
    }

    #[test]
    fn works_and_the_titles_listed_with_them_are_no_quotations() {
        // (body, the quotations extracted)
        let cases: [(&str, &[&str]); 4] = [
            (
                "Lee, who starred in \"Parks and Recreation\" and \"Big Night,\" posted it.",
                &[],
            ),
            (
                "Howard, who had roles in \"How the Grinch Stole Christmas,\" \"Apollo 13,\" and \"Splash,\" said \"no.\"",
                &["no."],
            ),
            ("Roe is the co-author of \"Going Viral,\" a book.", &[]),
            // Speech listed after a verb of saying stays speech.
            (
                "Roe said it was \"Wrong\" and \"Unfair,\" then left.",
                &["Wrong", "Unfair,"],
            ),
        ];
        for (body, want) in cases {
            let got: Vec<String> = super::super::extract(body)
                .into_iter()
                .map(|q| q.text)
                .collect();
            assert_eq!(got, want.to_vec(), "{body}");
        }
    }
}
