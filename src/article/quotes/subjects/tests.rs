//! Tests of the sources read before and after verbs of saying, table-driven.
use super::super::mentions::{words, Gender};
use super::*;

#[test]
fn subjects_of_the_clause_a_participle_hangs_on() {
    // (words before the participle, the clause's subject)
    let cases = [
        (
            "Minister Anne Roy also spoke out against the plan,",
            Some(Who::Name("Anne Roy".into())),
        ),
        (
            "After the Lyon floods, Tom Lee released an ad",
            Some(Who::Name("Tom Lee".into())),
        ),
        (
            "The American Medical Association published a letter",
            Some(Who::Name("American Medical Association".into())),
        ),
        (
            "She later wrote to the board,",
            Some(Who::Pronoun(Gender::Female)),
        ),
        (
            "Jan Roe, an early supporter of Tom Lee, calls",
            Some(Who::Name("Jan Roe".into())),
        ),
        (
            "Rep. Ann Ash, who was elected in 2010, casts",
            Some(Who::Name("Ann Ash".into())),
        ),
        // A subject pronoun before a verb of any form (`cut` is no regular past tense).
        (
            "Then he cut into Jeb Bush,",
            Some(Who::Pronoun(Gender::Male)),
        ),
        ("the weather turned cold", None),
    ];
    for (text, want) in cases {
        assert_eq!(clause_subject(&words(text)), want, "{text}");
    }
}

#[test]
fn a_pronoun_subject_through_adverbs_contractions_and_coordination() {
    // (words before the verb of saying, its subject)
    let he = Some(Who::Pronoun(Gender::Male));
    let she = Some(Who::Pronoun(Gender::Female));
    let cases = [
        (
            "jabbing her finger at an activist as she angrily",
            she.clone(),
        ),
        ("Ever since Ann Lee announced her bid last year, she's", she),
        ("He praised those who left but", he.clone()),
        (
            "Last month, he looked straight into the camera, furrowed his brow and",
            he,
        ),
        ("the crowd cheered and", Some(Who::Unnamed)),
        // A party gloss and an appositive opening with an adverb.
        (
            "Sen. Ted Cruz (R-Texas), also a GOP presidential hopeful,",
            Some(Who::Name("Ted Cruz".into())),
        ),
        (
            "Gov. Pat McCrory (R)",
            Some(Who::Name("Pat McCrory".into())),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(subject_before(&words(text)), want, "{text}");
    }
    // After an inverted verb: an institution and a lowercase role before the name.
    let cases = [
        (
            "Ohio State University professor Paul Beck.",
            Some(Who::Name("Paul Beck".into())),
        ),
        (
            "Montclair State University political scientist Brigid Harrison.",
            Some(Who::Name("Brigid Harrison".into())),
        ),
    ];
    for (text, want) in cases {
        assert_eq!(subject_after(&words(text)), want, "{text}");
    }
}
