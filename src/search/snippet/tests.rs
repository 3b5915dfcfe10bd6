//! Snippets: passages, cuts, highlights, and the matcher against a plain analysis.

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
