//! Whether a quoted span the rules of [`super::speech`] leave out is still somebody's
//! wording, read by a small logistic model from the words around it.
//!
//! The rules keep a short fragment only when a verb of saying governs it closely. Much
//! newswire prose works a person's words into a sentence about them without one
//! (`accused the governor of being "utterly reckless"`, `hailed the budget as a
//! "turning point"`, `dismissed it as a sign of "panic"`), while titles, labels and scare quotes look
//! alike on the surface. Each span is described by a few general features (its length,
//! case and punctuation, the word before it, whether its sentence has a verb of saying or
//! of judging and a named subject, whether it modifies the noun after it) and kept when
//! the model's probability is at least [`MIN_PROBABILITY`].
//!
//! The weights live in `fragment_weights.tsv` next to this file, fitted by
//! `scripts/quotes/train_fragments.py` (logistic regression, pure Python) on part of
//! PolNeAR's training split from the rows the ignored test `export_fragments` writes; no
//! article text is stored, only the weights.

use std::sync::LazyLock;

use super::cues::Found;
use super::lexicon::{is_cap, is_stance_verb, is_title_small_word, lower};
use super::mentions::{is_verb, words, Who};
use super::spans::Span;
use super::speech::{modifies_next_noun, naming_cue_word};
use super::subjects::clause_subject;

/// Below this probability a fragment stays out: chosen on the training part of PolNeAR
/// train for the best quote F1 (see `scripts/quotes/train_fragments.py`).
const MIN_PROBABILITY: f32 = 0.5;

/// The features, in the order of a span's feature vector and of `fragment_weights.tsv`.
pub(crate) const FEATURES: [&str; 26] = [
    "bias",
    "words1",
    "words2",
    "words3",
    "words4_7",
    "words8_plus",
    "attributed",
    "attributed_name",
    "speech_verb_before",
    "log_verb_distance",
    "stance_verb_before",
    "clause_subject",
    "after_as",
    "after_determiner",
    "after_copula",
    "naming_cue",
    "strict_naming",
    "embedded_question",
    "modifies_noun",
    "title_case",
    "first_upper",
    "ends_punct",
    "personal",
    "coordinated",
    "has_digit",
    "opens_sentence",
];

/// How many features a span has.
pub(crate) const N: usize = FEATURES.len();

static WEIGHTS: LazyLock<[f32; N]> =
    LazyLock::new(|| parse_weights(include_str!("fragment_weights.tsv")));

/// The weights of [`FEATURES`] in `text` (see [`crate::article::quotes::weights::parse`]).
pub(crate) fn parse_weights(text: &str) -> [f32; N] {
    crate::article::quotes::weights::parse(text, &FEATURES)
}

/// What the attribution loop knows about a span when it asks.
pub(super) struct Setting<'a> {
    pub body: &'a str,
    pub span: &'a Span,
    /// Where the span's sentence (or the text after the previous quote) starts.
    pub sentence_from: usize,
    /// The source the rules read from the sentence, if any.
    pub who: Option<&'a Found>,
    /// Coordinated with the quote before it (`"dangerous" and "ideological"`).
    pub coordinated: bool,
}

/// The feature vector of a span.
pub(crate) fn features(s: &Setting<'_>) -> [f32; N] {
    let mut f = [0.0f32; N];
    let mut set = |name: &str, v: f32| {
        if let Some(i) = FEATURES.iter().position(|x| *x == name) {
            if let Some(slot) = f.get_mut(i) {
                *slot = v;
            }
        }
    };
    let text = s.body.get(s.span.start..s.span.end).unwrap_or_default();
    let lead = s.body.get(s.sentence_from..s.span.open).unwrap_or_default();
    let ws: Vec<&str> = text.split_whitespace().collect();
    let n = ws.len();
    set("bias", 1.0);
    let bucket = match n {
        0 | 1 => "words1",
        2 => "words2",
        3 => "words3",
        4..=7 => "words4_7",
        _ => "words8_plus",
    };
    set(bucket, 1.0);
    if let Some(found) = s.who {
        set("attributed", 1.0);
        if matches!(found.who, Who::Name(_) | Who::Pronoun(_)) {
            set("attributed_name", 1.0);
        }
    }
    let lead_words = words(lead);
    if let Some(v) = lead_words.iter().rposition(is_verb) {
        set("speech_verb_before", 1.0);
        let distance = lead_words.len().saturating_sub(v + 1);
        set("log_verb_distance", (1.0 + distance as f32).ln());
    }
    if lead_words.iter().any(|w| is_stance_verb(&lower(w.bare))) {
        set("stance_verb_before", 1.0);
    }
    if matches!(
        clause_subject(&lead_words),
        Some(Who::Name(_) | Who::Pronoun(_))
    ) {
        set("clause_subject", 1.0);
    }
    let before = lead_words.last().map(|w| lower(w.bare)).unwrap_or_default();
    // `the "solid" sample`, `the first "solid" sample`: a determiner just before.
    let determiner = lead_words.iter().rev().take(2).any(|w| {
        matches!(
            lower(w.bare).as_str(),
            "a" | "an" | "the" | "this" | "that" | "its" | "their" | "his" | "her"
        )
    });
    if determiner {
        set("after_determiner", 1.0);
    }
    match before.as_str() {
        "as" => set("after_as", 1.0),
        "is" | "was" | "are" | "were" | "be" | "been" | "being" | "it's" | "it’s" => {
            set("after_copula", 1.0)
        }
        _ => {}
    }
    if let Some(cue) = naming_cue_word(s.body, s.sentence_from, s.span.open) {
        set("naming_cue", 1.0);
        // `as` and `called` also frame judgements (`described it as "…"`, `called him
        // "weak"`); the others only name (`titled`, `known as`, `the term`).
        if !matches!(cue, "as" | "called") {
            set("strict_naming", 1.0);
        }
    }
    // `asked officials how documents in "approved cabinets" …`: wording inside an embedded
    // question after the verb is the question's, not the speaker's.
    let verb = lead_words
        .iter()
        .rposition(|w| is_verb(w) || is_stance_verb(&lower(w.bare)));
    let embedded = verb.is_some_and(|v| {
        lead_words.get(v + 1..).unwrap_or_default().iter().any(|w| {
            matches!(
                lower(w.bare).as_str(),
                "how" | "why" | "where" | "whether" | "what" | "which"
            )
        })
    });
    if embedded {
        set("embedded_question", 1.0);
    }
    if modifies_next_noun(s.body, s.span.close) {
        set("modifies_noun", 1.0);
    }
    let big: Vec<&&str> = ws.iter().filter(|w| !is_title_small_word(w)).collect();
    if !big.is_empty() && big.iter().all(|w| is_cap(w)) {
        set("title_case", 1.0);
    }
    if text.chars().next().is_some_and(char::is_uppercase) {
        set("first_upper", 1.0);
    }
    if text.trim_end().ends_with(['.', '?', '!', ',', '…']) {
        set("ends_punct", 1.0);
    }
    let personal = ws.iter().any(|w| {
        let l = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .to_lowercase();
        matches!(
            l.as_str(),
            "i" | "i'm" | "i’m" | "me" | "my" | "we" | "our" | "us" | "you" | "your"
        )
    });
    if personal {
        set("personal", 1.0);
    }
    if s.coordinated {
        set("coordinated", 1.0);
    }
    if text.chars().any(|c| c.is_ascii_digit()) {
        set("has_digit", 1.0);
    }
    if lead_words.is_empty() {
        set("opens_sentence", 1.0);
    }
    f
}

/// The model's probability that a span is somebody's wording.
pub(crate) fn probability(f: &[f32; N]) -> f32 {
    let z: f32 = WEIGHTS.iter().zip(f).map(|(w, x)| w * x).sum();
    1.0 / (1.0 + (-z).exp())
}

/// Whether the model may speak for a span at all: its sentence says someone says or judges
/// something (a verb of saying or judging before it, or a quote it is coordinated with),
/// and it is not plainly a name (title case, a naming cue such as `titled`, a noun's
/// pre-modifier as in `the "solid" sample`) or a phrase inside an embedded question.
pub(crate) fn eligible(f: &[f32; N]) -> bool {
    let has = |name: &str| {
        FEATURES
            .iter()
            .position(|x| *x == name)
            .and_then(|i| f.get(i))
            .is_some_and(|v| *v != 0.0)
    };
    (has("speech_verb_before") || has("stance_verb_before") || has("coordinated"))
        && !has("title_case")
        && !has("strict_naming")
        && !has("embedded_question")
        && !(has("after_determiner") && has("modifies_noun"))
}

/// Whether a span the rules left out is still a quotation.
pub(super) fn is_cited(s: &Setting<'_>) -> bool {
    let f = features(s);
    eligible(&f) && probability(&f) >= MIN_PROBABILITY
}

#[cfg(test)]
mod tests {
    use super::super::spans::{find_spans, paragraphs};
    use super::*;

    fn features_of(body: &str) -> [f32; N] {
        let spans = find_spans(body, &paragraphs(body));
        let span = spans.first().expect(body);
        features(&Setting {
            body,
            span,
            sentence_from: 0,
            who: None,
            coordinated: false,
        })
    }

    fn has(f: &[f32; N], name: &str) -> bool {
        FEATURES
            .iter()
            .position(|x| *x == name)
            .and_then(|i| f.get(i))
            .is_some_and(|v| *v != 0.0)
    }

    #[test]
    fn features_read_the_sentence() {
        // (body, features set, features not set)
        let cases: [(&str, &[&str], &[&str]); 5] = [
            (
                "Ms Roe accused Mr Doe of being \"utterly reckless\" on trade.",
                &["words2", "stance_verb_before", "clause_subject"],
                &["speech_verb_before", "title_case", "after_as"],
            ),
            (
                "The mayor hailed the vote as \"historic.\"",
                &["words1", "stance_verb_before", "after_as", "ends_punct"],
                &["first_upper"],
            ),
            (
                "They watched \"The Long Night Ahead\" twice.",
                &["words4_7", "title_case", "first_upper"],
                &["stance_verb_before", "personal"],
            ),
            (
                "She said the plan was \"our best chance\" in years.",
                &["speech_verb_before", "after_copula", "personal"],
                &["opens_sentence"],
            ),
            (
                "\"Nobody saw 2020 coming\" is printed on mugs.",
                &["opens_sentence", "has_digit"],
                &["clause_subject"],
            ),
        ];
        for (body, yes, no) in cases {
            let f = features_of(body);
            for name in yes {
                assert!(has(&f, name), "{body}: {name} should be set");
            }
            for name in no {
                assert!(!has(&f, name), "{body}: {name} should not be set");
            }
        }
    }

    #[test]
    fn fragments_kept_and_left_out() {
        // (body, quoted text, kept as a quotation with this speaker)
        let cases: [(&str, &str, Option<Option<&str>>); 5] = [
            (
                "Senator Jane Roe spoke on Monday. Roe accused the governor of being \"utterly reckless\" on trade.",
                "utterly reckless",
                Some(Some("Jane Roe")),
            ),
            (
                "Mayor Tom Field hailed the budget as a \"turning point\" for the city.",
                "turning point",
                Some(Some("Tom Field")),
            ),
            (
                "The probe carried the first \"solid\" sample return capsule, NASA said.",
                "solid",
                None,
            ),
            (
                "The minister asked officials how papers kept in \"secure boxes\" were lost.",
                "secure boxes",
                None,
            ),
            (
                "Critics dismissed the report, titled \"A New Dawn\", as spin.",
                "A New Dawn",
                None,
            ),
        ];
        for (body, text, want) in cases {
            let got = super::super::extract(body)
                .into_iter()
                .find(|q| q.text.trim_end_matches(['.', ',']) == text)
                .map(|q| q.speaker);
            let want = want.map(|s| s.map(String::from));
            assert_eq!(got, want, "{body}");
        }
    }

    #[test]
    fn weights_file_names_every_feature() {
        let text = include_str!("fragment_weights.tsv");
        for f in FEATURES {
            assert!(
                text.lines().any(|l| l.split_whitespace().next() == Some(f)),
                "fragment_weights.tsv lacks {f}"
            );
        }
    }

    #[test]
    fn probability_is_a_probability() {
        for body in [
            "Ms Roe accused Mr Doe of being \"utterly reckless\" on trade.",
            "They watched \"The Long Night Ahead\" twice.",
        ] {
            let p = probability(&features_of(body));
            assert!((0.0..=1.0).contains(&p), "{body}: {p}");
        }
    }
}
