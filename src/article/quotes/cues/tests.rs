//! Tests of the cues read around a quotation, table-driven.

use super::*;
use crate::article::quotes::mentions::{Gender, Who};

#[test]
fn attributions() {
    let cases = [
        (", Kirby said.", true, Some(Who::Name("Kirby".into()))),
        (
            " said Roger Severino OCR director.",
            true,
            Some(Who::Name("Roger Severino".into())),
        ),
        (
            ", he told reporters.",
            true,
            Some(Who::Pronoun(Gender::Male)),
        ),
        (
            ", Pentagon press secretary John Kirby said in a statement.",
            true,
            Some(Who::Name("John Kirby".into())),
        ),
        (
            "Najib Razak said, ",
            false,
            Some(Who::Name("Najib Razak".into())),
        ),
        (
            "Jeff Rathke, the State Department Spokesperson, said, ",
            false,
            Some(Who::Name("Jeff Rathke".into())),
        ),
        (
            "According to Jane Roe, ",
            false,
            Some(Who::Name("Jane Roe".into())),
        ),
        (" and the crowd cheered.", true, None),
        // An office named by its institution: the person follows it.
        (
            " said Centers for Medicare & Medicaid Services (CMS) Administrator Seema Verma.",
            true,
            Some(Who::Name("Seema Verma".into())),
        ),
        (
            " said Bank of England Governor Mark Carney.",
            true,
            Some(Who::Name("Mark Carney".into())),
        ),
        // An office with a modifier before the institution's part; degrees after.
        (
            " said HRSA’s Associate Administrator for Health Workforce Luis Padilla M.D. “In",
            true,
            Some(Who::Name("Luis Padilla".into())),
        ),
        (
            " said HRSA Administrator George Sigounas MS Ph.D. “In addition",
            true,
            Some(Who::Name("George Sigounas".into())),
        ),
        // A person named with an institution after them keeps their name.
        (
            " said Emily Post of the Times.",
            true,
            Some(Who::Name("Emily Post".into())),
        ),
        // An appositive between the name and its verb after the quote.
        (
            ", Sarah Roe, legal director for the rights group Equal Voice, said in a statement.",
            true,
            Some(Who::Name("Sarah Roe".into())),
        ),
        // A possessive opens a description; the person is in apposition to it.
        (
            " said Lee's deputy campaign manager, Rich Beeson, who ran it.",
            true,
            Some(Who::Name("Rich Beeson".into())),
        ),
        (
            " said Lee's deputy campaign manager.",
            true,
            Some(Who::Unnamed),
        ),
        // With a subject before the verb, what follows it is no inverted subject.
        (
            "Jim Lee also called Iowa Republican voters ",
            false,
            Some(Who::Name("Jim Lee".into())),
        ),
        (
            "Paul Roe, a delegate from Ohio, said he wanted ",
            false,
            Some(Who::Name("Paul Roe".into())),
        ),
        // An adjunct between subject and verb does not let the verb invert into its object.
        (
            "Ann Lowe, speaking on local radio, called Mr Grant a ",
            false,
            Some(Who::Name("Ann Lowe".into())),
        ),
        // …unless the name after it ends its phrase: the verb is inverted.
        (
            "The shells fell near the posts\", said KCNA. ",
            false,
            Some(Who::Name("KCNA".into())),
        ),
        // An absolute construction's own subject speaks.
        (
            "Democrats reacted quickly, with Maria Ortiz tweeting that it was a ",
            false,
            Some(Who::Name("Maria Ortiz".into())),
        ),
        // A participle right after a quote hangs on the subject before it.
        (", noting the slowdown in Brazil.", true, None),
        (
            ", according to the Daily Courier.",
            true,
            Some(Who::Name("Daily Courier".into())),
        ),
        // A person named with where they work, not the institution.
        (
            "Writing online, Tom Ash of The Daily Ledger dubbed it ",
            false,
            Some(Who::Name("Tom Ash".into())),
        ),
        (
            ", Jeff Lowe of the Lowell Center for Policy Studies wrote.",
            true,
            Some(Who::Name("Jeff Lowe".into())),
        ),
        (
            "Ann Roe at the Lowell Institute said ",
            false,
            Some(Who::Name("Ann Roe".into())),
        ),
        // An indefinite description after the name is no subject.
        (
            "Jan Roe, an early supporter of Tom Lee, said ",
            false,
            Some(Who::Name("Jan Roe".into())),
        ),
        // A subordinating conjunction opening the sentence is no name.
        (
            "Although she says she ",
            false,
            Some(Who::Pronoun(Gender::Female)),
        ),
        // `X ally Y`: the modifier's name is not the speaker.
        (
            " said Lowe ally Peter Grant.",
            true,
            Some(Who::Name("Peter Grant".into())),
        ),
    ];
    for (text, after, want) in cases {
        let got = if after {
            after_quote(text, true)
        } else {
            before_quote(text, false)
        }
        .map(|f| f.who);
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn a_speech_verb_governs_a_fragment_close_by() {
    let cases = [
        ("Barkley said that CNN, a fellow network, has done an ", true),
        ("Jo Roe asked officials how files kept in ", false),
        ("She said it was, after years of talk and many meetings in the city, a plan that stays ", false),
        ("The report was ", true),
    ];
    for (lead, want) in cases {
        assert_eq!(verb_governs(lead), want, "{lead}");
    }
}

#[test]
fn colon_introductions_name_their_source() {
    let cases = [
        (
            "Alex Azar issued the following statement:",
            Some("Alex Azar"),
        ),
        ("POLLS SHIFT AGAIN - Jane Roe:", Some("Jane Roe")),
        ("Voters are tired - Jane Roe and Ann Lee:", Some("Ann Lee")),
        ("It went like this.", None),
        // The one told is no source.
        ("Mr Lee told BBC Radio Five Live:", Some("Lee")),
    ];
    for (text, want) in cases {
        let got = colon_intro(text).map(|f| f.who);
        assert_eq!(got, want.map(|n| Who::Name(n.into())), "{text}");
    }
    // The clause's subject introduces, not a name in its predicate.
    let cases = [
        (
            "He then listed the qualities of a good Republican nominee in 2016:",
            Who::Pronoun(Gender::Male),
        ),
        (
            "Jane Roe posted a note on the Daily Planet page:",
            Who::Name("Jane Roe".into()),
        ),
        (
            "Jane Roe said this was a mistake and that she has learned:",
            Who::Name("Jane Roe".into()),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(colon_intro(text).map(|f| f.who), Some(want), "{text}");
    }
}

#[test]
fn cues_and_sources_as_written() {
    // (words after the quote, cue, source)
    let after = [
        (
            ", said the Warriors chief.",
            "said",
            Some("the Warriors chief"),
        ),
        (", a spokeswoman said.", "said", Some("a spokeswoman")),
        (
            ", Secretary Alex Azar said.",
            "said",
            Some("Secretary Alex Azar"),
        ),
        (", he added.", "added", Some("he")),
        (
            " Paris, who used to work on Capitol Hill, said about it.",
            "said",
            Some("Paris"),
        ),
        (
            " Ann Lee, the pollster who founded the site tweeted on Friday.",
            "tweeted",
            Some("Ann Lee"),
        ),
    ];
    for (text, cue, source) in after {
        let f = after_quote(text, false).expect(text);
        assert_eq!(f.cue, cue, "{text}");
        assert_eq!(f.source.as_deref(), source, "{text}");
    }
    let f = before_quote("According to Jane Roe, ", false).expect("according to");
    assert_eq!(
        (f.cue.as_str(), f.source.as_deref()),
        ("According to", Some("Jane Roe"))
    );
    let f = colon_intro("Alex Azar issued the following statement:").expect("colon");
    assert_eq!(f.who, Who::Name("Alex Azar".into()));
}

#[test]
fn any_verb_closes_a_comma_ended_quote() {
    let cases = [
        (" Hannity pressed.", Some(Who::Name("Hannity".into()))),
        (" admitted Lindsay.", Some(Who::Name("Lindsay".into()))),
        (
            " she charged in her speech.",
            Some(Who::Pronoun(Gender::Female)),
        ),
        (" and the crowd cheered.", None),
        (
            " Trump went on, as if he had not heard.",
            Some(Who::Name("Trump".into())),
        ),
        (" she went on.", Some(Who::Pronoun(Gender::Female))),
        (" the new law reduced costs.", None),
    ];
    for (text, want) in cases {
        assert_eq!(any_verb_after(text).map(|f| f.who), want, "{text}");
    }
}
