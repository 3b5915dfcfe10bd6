//! Direct quotations in a body of text, who said them, and the words that say so.
//!
//! Split by what each part owns:
//! - `spans`: quoted spans, paragraph by paragraph (marks of every shape, continuation
//!   and merged paragraphs, nested quotes kept inside, markup and embedded posts left out).
//! - `speech`: whether a span is speech rather than a title, term, date or scare quote.
//! - `fragments`: a learned second opinion on the spans `speech` leaves out (wording
//!   worked into a sentence without a verb of saying: `accused X of being "reckless"`).
//! - `mentions`: words, capitalised runs and the names they clean to; descriptors
//!   (`the Warriors chief`) and what a context says about a source (`mentions::Who`).
//! - `subjects` and `cues`: the source and cue of a quotation read from its sentence's
//!   structure (verb of saying before/after, inverted, `according to`, colon introductions,
//!   any verb after a comma-ended quote, a name printed under a pull quote).
//! - `names`: the article's name inventory and resolution to the fullest name.
//! - `given_names`: the gender common given names mark, for `he`/`she`.
//! - `pronouns`: `he`/`she` resolved over the article's people by gender and recency.
//! - `sentences`: sentence boundaries and the subjects of verbs of saying.
//! - `attribution`: the loop tying them together, continuations and bare paragraphs.
//! - `lexicon`: every word list, shared with the text parsers.
//!
//! Short spans (1–3 words) without sentence punctuation are titles, terms or scare quotes
//! unless their sentence attributes them, with the verb at most twelve words before them; a
//! quote that is its whole paragraph (a pull quote) and a long lowercase fragment worked
//! into a sentence are quotes even without a verb. When the source cannot be resolved to a
//! name the speaker stays empty: no speaker beats a wrong one.
//!
//! [`extract_with_context`] also takes the headline and byline: an interview's headline
//! (`Wikinews interviews X`, `X tells …`) names the interviewee, who is the speaker of
//! `I say, '…'` and of unattributed pull quotes.

mod attribution;
#[cfg(test)]
mod british_tests;
mod cues;
mod fragments;
#[cfg(test)]
mod fuzz_tests;
mod given_names;
pub(crate) mod lexicon;
mod mentions;
mod names;
mod pronouns;
#[cfg(test)]
mod ranker_export;
mod sentences;
mod spans;
mod speech;
mod subjects;
mod weights;

pub(crate) use spans::{find_spans, paragraphs};

use super::Quote;

/// What an article says about itself outside its body, used to resolve speakers: names
/// printed only in the headline or byline, and who an interview is with.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub headline: Option<&'a str>,
    pub byline: Option<&'a str>,
}

impl<'a> Context<'a> {
    /// The context an article's own headline and byline give.
    pub fn of(article: &'a super::Article) -> Context<'a> {
        Context {
            headline: Some(article.headline.as_str()).filter(|h| !h.is_empty()),
            byline: article.byline.as_deref(),
        }
    }
}

/// Extracts the direct quotations of an article body.
pub fn extract(body: &str) -> Vec<Quote> {
    extract_with_context(body, &Context::default())
}

/// Extracts the direct quotations of an article body, using its headline and byline to
/// resolve speakers.
pub fn extract_with_context(body: &str, context: &Context<'_>) -> Vec<Quote> {
    let paras = paragraphs(body);
    let mut spans = find_spans(body, &paras);
    // A body that opens by repeating its headline: headline words are no quotation.
    if repeats_headline(body, &paras, context.headline) {
        spans.retain(|s| s.para > 0);
    }
    if spans.is_empty() {
        // Nothing to attribute: skip the name inventory of the whole body.
        return Vec::new();
    }
    attribution::attribute(body, &paras, &spans, context)
        .into_iter()
        .filter_map(|(span, a)| {
            let text = body.get(span.start..span.end)?.trim();
            (!text.is_empty()).then(|| Quote {
                text: text.to_string(),
                speaker: a.speaker,
                cue: a.cue,
                source_text: a.source_text,
            })
        })
        .collect()
}

/// Whether the body's first paragraph is its headline again (give or take closing
/// punctuation and marks).
fn repeats_headline(body: &str, paras: &[spans::Para], headline: Option<&str>) -> bool {
    let trim = |t: &str| {
        t.trim()
            .trim_end_matches(['.', '"', '\'', '’', '”', ' '])
            .to_string()
    };
    let (Some(first), Some(head)) = (paras.first(), headline) else {
        return false;
    };
    let first = trim(body.get(first.start..first.end).unwrap_or_default());
    !first.is_empty() && first == trim(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<(String, Option<String>)> {
        extract(body)
            .into_iter()
            .map(|q| (q.text, q.speaker))
            .collect()
    }

    #[test]
    fn a_headline_repeated_atop_the_body_is_not_quoted() {
        // (headline, body, quotations expected)
        let cases = [
            (
                "Roe: 'We Will Win The Vote'",
                "Roe: 'We Will Win The Vote.'\n\n\"We will win,\" Jane Roe said.",
                vec!["We will win,"],
            ),
            (
                "Roe campaigns in Ohio",
                "Roe: \"We will win the vote.\"\n\n\"We will win,\" Jane Roe said.",
                vec!["We will win the vote.", "We will win,"],
            ),
        ];
        for (headline, body, want) in cases {
            let context = Context {
                headline: Some(headline),
                byline: None,
            };
            let got: Vec<String> = extract_with_context(body, &context)
                .into_iter()
                .map(|q| q.text)
                .collect();
            assert_eq!(got, want, "{body}");
        }
    }

    #[test]
    fn spans_and_speakers() {
        let kirby = Some("John Kirby".to_string());
        type Case<'a> = (&'a str, Vec<(&'a str, Option<String>)>);
        let cases: Vec<Case> = vec![
            (
                "Pentagon press secretary John Kirby spoke.\n\"We can confirm the attack,” Kirby said.",
                vec![("We can confirm the attack,", kirby.clone())],
            ),
            (
                "John Kirby spoke.\n“This was designed to do two things,” he said, “to remove that compound.”",
                vec![("This was designed to do two things,", kirby.clone()), ("to remove that compound.", kirby.clone())],
            ),
            (
                "“Patients expect doctors not film crews” said Roger Severino OCR director. “Hospitals must ask.”",
                vec![
                    ("Patients expect doctors not film crews", Some("Roger Severino".into())),
                    ("Hospitals must ask.", Some("Roger Severino".into())),
                ],
            ),
            (
                "Jane Roe said: “We will go on.\n“And we will win.”",
                vec![("We will go on.", Some("Jane Roe".into())), ("And we will win.", Some("Jane Roe".into()))],
            ),
            ("The robot, named \"Robogee\", won.", vec![]),
            // A name followed by degrees, then the next quotation (no comma between).
            (
                "“These programs connect us” said HRSA Administrator George Sigounas MS Ph.D. “In addition we help.”",
                vec![
                    ("These programs connect us", Some("George Sigounas".into())),
                    ("In addition we help.", Some("George Sigounas".into())),
                ],
            ),
            // A pull quote standing alone, then continuation across a picture caption.
            (
                "Mayor Ann Lee spoke.\n\"We will rebuild.\" Lee said.\n\nThe bridge. Image: City.\n\n\"It will take years.\"",
                vec![("We will rebuild.", Some("Ann Lee".into())), ("It will take years.", Some("Ann Lee".into()))],
            ),
            // Coordinated fragments share the attribution; a modifier in marks is a term.
            (
                "Critic Ann Lee has called the plan \"reckless\" and \"cruel\". The \"smart\" meters stay.",
                vec![("reckless", Some("Ann Lee".into())), ("cruel", Some("Ann Lee".into()))],
            ),
            // A misspelt surname resolves to the person the article names.
            (
                "Lydia Buchtmann is a spokeswoman.\n\"We are ready,\" Ms Bauchtman said.",
                vec![("We are ready,", Some("Lydia Buchtmann".into()))],
            ),
            // A short fragment far from the verb, inside an embedded question, is a term.
            (
                "Jo Bloggs asked officials how files that should be kept in \"approved cabinets\" got out.",
                vec![],
            ),
            // A participle's subject is its clause's subject; a role resolves to its holder.
            (
                "Secretary Ann Lee flew in. Later the Secretary met Bob Roe at the UN saying \"we agree.\"",
                vec![("we agree.", Some("Ann Lee".into()))],
            ),
            (
                "Ann Lee criticised Bob Roe, saying \"he is wrong.\"",
                vec![("he is wrong.", Some("Ann Lee".into()))],
            ),
            // Attribution phrases with an appositive.
            (
                "In the words of the prosecutor, Mark Tedeschi, QC, \"she cried for months.\"",
                vec![("she cried for months.", Some("Mark Tedeschi".into()))],
            ),
            (
                "A quote attributed to Einstein — \"If we knew, it wouldn't be research.\"",
                vec![("If we knew, it wouldn't be research.", Some("Einstein".into()))],
            ),
            // A clause running from a finished quote into the next one introduces the next.
            (
                "Ann Lee called it \"unhinged.\" Bob Roe called the plan \"odd and risky.\"",
                vec![
                    ("unhinged.", Some("Ann Lee".into())),
                    ("odd and risky.", Some("Bob Roe".into())),
                ],
            ),
            // A descriptor resolves to the person introduced with its modifier.
            (
                "Warriors coach Tony Smith was upbeat. \"We showed character,\" said the Warriors chief.",
                vec![("We showed character,", Some("Tony Smith".into()))],
            ),
            (
                "Gordon Brown, the Chancellor, spoke. \"Growth is strong,\" the Chancellor said.",
                vec![("Growth is strong,", Some("Gordon Brown".into()))],
            ),
            // A long appositive with its own `and` still leads to the verb after it.
            (
                "Ann Lee spoke.\n\"We are ready,\" Bob Roe, wearing a cap and a badge, said.",
                vec![("We are ready,", Some("Bob Roe".into()))],
            ),
            // Wording worked into a clause with no verb of saying: the clause's subject.
            (
                "Mayor Ann Lee spoke. Lee shared her worry with donors, \"We cannot lose this one.\"",
                vec![("We cannot lose this one.", Some("Ann Lee".into()))],
            ),
            // A second predicate of the same subject keeps the first one's speaker.
            (
                "Mayor Ann Lee thanked the crews \"for their long nights\" and called the union \"a true partner.\"",
                vec![
                    ("for their long nights", Some("Ann Lee".into())),
                    ("a true partner.", Some("Ann Lee".into())),
                ],
            ),
            // A title in marks earlier in the sentence does not cut it short.
            (
                "Later, Bob Roe posted a chart called \"Costs\" on his Facebook page, writing \"Judge for yourselves.\"",
                vec![("Judge for yourselves.", Some("Bob Roe".into()))],
            ),
            // An organisation's descriptor resolves to the one organisation named so.
            (
                "The Ohio Board of Elections met on Monday.\n\"The candidate is eligible,\" the board said.",
                vec![("The candidate is eligible,", Some("Ohio Board of Elections".into()))],
            ),
            // A sentence running on past its opening quote ends with the attribution.
            (
                "Ann Lee spoke.\n\"It seems unlikely\" that Roe can win, said Bob Smith, a strategist.",
                vec![("It seems unlikely", Some("Bob Smith".into()))],
            ),
            (
                "So are a \"small handful\" of firms that usually attend, Ann Lee said.",
                vec![("small handful", Some("Ann Lee".into()))],
            ),
            // A second predicate's subject is the first one's only within its sentence.
            (
                "Bob Roe blamed \"sickos\" and suggested more care. Former governor Jeb Bush called it \"quite dangerous.\"",
                vec![("sickos", Some("Bob Roe".into())), ("quite dangerous.", Some("Jeb Bush".into()))],
            ),
            // A headline credited to its writer is a title; the excerpt after it is quoted.
            (
                "FAREWELL—\"Club to close in December,\" by Post's Ann Lee: \"The club will close.\"",
                vec![("The club will close.", Some("Ann Lee".into()))],
            ),
            // A pull quote signed inside its own marks.
            (
                "Ann Lee spoke.\n\n\"If she loses, that could create problems here. S.C. Rep. Jim Clyburn.\"\n\nMore.",
                vec![("If she loses, that could create problems here.", Some("Jim Clyburn".into()))],
            ),
            (
                "Ann Lee spoke.\n\n\"A vote must not happen. Charles Roe, Democracy for America.\"",
                vec![("A vote must not happen.", Some("Charles Roe".into()))],
            ),
            (
                "Ann Lee spoke.\n\n\"We will win. God Bless America.\"",
                vec![("We will win. God Bless America.", Some("Ann Lee".into()))],
            ),
            // Quotative "like" with an unclosed opening mark.
            ("He said no. I'm like, ‘Are you insane?", vec![("Are you insane?", None)]),
            ("He doesn't like 'the 90s' at all, it's said.", vec![]),
        ];
        for (body, want) in cases {
            let want: Vec<(String, Option<String>)> =
                want.into_iter().map(|(t, s)| (t.to_string(), s)).collect();
            assert_eq!(texts(body), want, "{body}");
        }
    }

    #[test]
    fn interview_first_person_is_the_interviewee() {
        let context = Context {
            headline: Some("Wikinews interviews poet Frank Messina"),
            byline: None,
        };
        let body = "Frank Messina writes poems.\n\nI say, 'Hey John, my name is Frank.'";
        let got = extract_with_context(body, &context);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].speaker.as_deref(), Some("Frank Messina"));
        // Without the headline nobody is named.
        assert_eq!(extract(body)[0].speaker, None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let inputs = [
            "\"",
            "“",
            "”x",
            "'",
            "‘’",
            "\"\"",
            "a \" b “ c ” d ' e",
            "``",
            "\n\n\"\n\"",
            "é\"ü”ö",
        ];
        for input in inputs {
            let _ = extract(input);
        }
    }
}
