//! Property tests for each part of quotation attribution on its own: spans, mentions, cues,
//! pronoun resolution and the whole pipeline take arbitrary and near-valid text without
//! panicking, and what each returns keeps its promises (offsets in bounds and on character
//! boundaries, names made of the text's words, cues and sources as written).
//!
//! `PROPTEST_CASES=3000 cargo test --lib quotes::fuzz_tests` for a long run.

use proptest::prelude::*;

use super::cues::{after_quote, any_verb_after, before_quote, colon_intro};
use super::mentions::{cap_runs, clean_name, descriptor, modifies_next_name, words};
use super::names::Inventory;
use super::pronouns::Referents;
use super::spans::{find_spans, paragraphs};
use super::{extract, extract_with_context, Context};
use crate::article::quotes::mentions::Gender;

/// Pieces near-valid article text is assembled from: marks of every kind, verbs of
/// saying, names with titles and descriptors, pronouns, markup and punctuation.
const PALETTE: &[&str] = &[
    "\"",
    "“",
    "”",
    "'",
    "‘",
    "’",
    "``",
    "«",
    "»",
    " said ",
    " pressed ",
    ", he said. ",
    ", she added.",
    " according to ",
    "said the Warriors chief",
    "GOP strategist Keith Nahigian",
    "Sen. Claire McCaskill (D-Mo.), ",
    "WASHINGTON — ",
    "Newport-based ",
    "the Home Office letter ",
    "Mr ",
    "Jane Roe",
    "Roe",
    "in Clarkston ",
    "He ",
    "She ",
    "they ",
    "I ",
    "<tweet tweet-date=\"March 10, 2016\">",
    "</tweet>",
    "<a href=\"x\">",
    "March 10, 2016",
    ": ",
    ", ",
    ". ",
    "? ",
    "…",
    "\n",
    "\n\n",
    " ",
    "é",
    "\u{200f}",
];

fn near_valid() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PALETTE), 0..60).prop_map(|v| v.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![near_valid(), any::<String>()]
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(200);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Every word of `name` is a word (or a piece of a word) of `text`.
fn words_of(name: &str, text: &str) -> bool {
    name.split_whitespace().all(|w| text.contains(w))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn spans_stay_inside_their_paragraph(body in text()) {
        let paras = paragraphs(&body);
        let spans = find_spans(&body, &paras);
        for s in &spans {
            prop_assert!(s.start < s.end && s.end <= body.len());
            prop_assert!(body.is_char_boundary(s.start) && body.is_char_boundary(s.end));
            let p = paras.get(s.para).expect("span's paragraph");
            prop_assert!(p.start <= s.start && s.end <= p.end, "{s:?} outside {p:?}");
        }
        prop_assert!(spans.windows(2).all(|w| w[0].start <= w[1].start));
    }

    #[test]
    fn names_are_made_of_the_words_they_came_from(t in text()) {
        let ws = words(&t);
        for (s, e) in cap_runs(&ws) {
            prop_assert!(s < e && e <= ws.len());
            let toks: Vec<&str> = ws[s..e].iter().map(|w| w.bare).collect();
            if let Some(name) = clean_name(&toks) {
                prop_assert!(!name.trim().is_empty());
                prop_assert!(words_of(&name, &t), "{name:?} not in {t:?}");
            }
            let _ = descriptor(&ws, (s, e));
            let _ = modifies_next_name(&ws, e);
        }
    }

    #[test]
    fn cues_and_sources_are_written_in_the_text(t in text()) {
        let found = [
            after_quote(&t, true),
            after_quote(&t, false),
            any_verb_after(&t),
            before_quote(&t, true),
            before_quote(&t, false),
            colon_intro(&t),
        ];
        for f in found.into_iter().flatten() {
            prop_assert!(f.cue.is_empty() || f.cue == ":" || f.cue == "—" || words_of(&f.cue, &t));
            if let Some(src) = &f.source {
                prop_assert!(words_of(src, &t), "source {src:?} not in {t:?}");
            }
        }
    }

    #[test]
    fn pronouns_resolve_to_people_the_article_names(body in text()) {
        let paras = paragraphs(&body);
        let spans = find_spans(&body, &paras);
        let names = Inventory::build(&body);
        let refs = Referents::build(&body, &paras, &spans, &names);
        for at in [0, body.len() / 2, body.len()] {
            for g in [Gender::Male, Gender::Female, Gender::Other] {
                if let Some(n) = refs.resolve(at, g) {
                    prop_assert!(!n.trim().is_empty());
                    prop_assert!(words_of(&n, &body), "{n:?} not in {body:?}");
                }
            }
        }
    }

    #[test]
    fn quotes_explain_themselves_with_words_of_the_body(body in text()) {
        let ctx = Context { headline: Some("Wikinews interviews Jane Roe"), byline: None };
        for q in extract(&body).into_iter().chain(extract_with_context(&body, &ctx)) {
            prop_assert!(!q.text.is_empty() && q.text.trim() == q.text);
            if let Some(src) = &q.source_text {
                prop_assert!(words_of(src, &body), "source {src:?} not in {body:?}");
            }
            if let Some(cue) = &q.cue {
                prop_assert!(!cue.trim().is_empty());
            }
        }
    }
}
