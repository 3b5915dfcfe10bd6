//! Tests of pronoun resolution over the article's people, table-driven.
use super::super::spans::{find_spans, paragraphs};
use super::*;

/// Resolves the pronoun of the quotation whose text starts with `quote`.
fn resolve(body: &str, quote: &str, gender: Gender, speakers: &[(&str, &str)]) -> Option<String> {
    let paras = paragraphs(body);
    let spans = find_spans(body, &paras);
    let names = Inventory::build(body);
    let mut refs = Referents::build(body, &paras, &spans, &names);
    for (q, s) in speakers {
        let at = body.find(q).unwrap_or(0);
        refs.note_speaker(at, s);
    }
    let at = body.find(quote).unwrap_or(body.len());
    refs.resolve(at, gender)
}

#[test]
fn pronouns_find_their_person() {
    type Case<'a> = (
        &'a str,
        &'a str,
        Gender,
        &'a [(&'a str, &'a str)],
        Option<&'a str>,
    );
    let cases: [Case; 10] = [
        // A name with an article is a group, not a person a `he` can mean.
        (
            "Mr Tony Blair was asked about it. The Tories say he lost control.\n\"Nonsense,\" he said.",
            "Nonsense",
            Gender::Male,
            &[],
            Some("Tony Blair"),
        ),
        // The subject of the previous sentence, not the object.
        (
            "Mayor Ann Lee met Bob Roe. Lee spoke first.\n\"We agree,\" she said.",
            "We agree",
            Gender::Female,
            &[],
            Some("Ann Lee"),
        ),
        // Gender rules out the nearer person.
        (
            "Mrs Ann Lee spoke. Mr Bob Roe listened to her.\n\"We agree,\" she said.",
            "We agree",
            Gender::Female,
            &[],
            Some("Ann Lee"),
        ),
        // An object of a preposition counts only when nothing else does.
        (
            "Of Bob Roe, Ann Lee said nothing.\n\"Fine,\" she said.",
            "Fine",
            Gender::Other,
            &[],
            Some("Ann Lee"),
        ),
        // The speaker of the quote before keeps the floor.
        (
            "\"Yes,\" Ann Lee said of Bob Roe. \"No,\" she added.",
            "No",
            Gender::Female,
            &[("Yes", "Ann Lee")],
            Some("Ann Lee"),
        ),
        // Places are no referents; nobody is better than a place.
        (
            "He moved to Clarkston. Life in Clarkston is quiet.\n\"Fine,\" he said.",
            "Fine",
            Gender::Male,
            &[],
            None,
        ),
        // People named inside a quotation are not what the narrator's pronoun means.
        (
            "\"Bob Roe is wrong,\" said the crowd. \"Fine,\" he said.",
            "Fine",
            Gender::Male,
            &[],
            None,
        ),
        // The object of a verb of saying is spoken to, not speaking.
        (
            "Mr Pat Kennedy told Steve Linick about it.\n\"We agree,\" he wrote.",
            "We agree",
            Gender::Male,
            &[],
            Some("Pat Kennedy"),
        ),
        // A name after `a` or a possessive modifies a noun: not the subject.
        (
            "At a June Trump campaign event, Brenda Lane spoke.\n\"No,\" she said.",
            "No",
            Gender::Female,
            &[],
            Some("Brenda Lane"),
        ),
        // Inside a sentence, a pronoun refers to the subject that opened it, ahead of the
        // speaker of the quote before (resolved from where the pronoun stands, as
        // attribution does when a name lies between it and the quote).
        (
            "\"Probably,\" Reince Priebus said.\nChris Christie, an ally, acknowledged it even as he defended Melania Trump, saying, \"No.\"",
            "e defended",
            Gender::Male,
            &[("Probably", "Reince Priebus")],
            Some("Chris Christie"),
        ),
    ];
    for (body, quote, gender, speakers, want) in cases {
        assert_eq!(
            resolve(body, quote, gender, speakers).as_deref(),
            want,
            "{body}"
        );
    }
}
