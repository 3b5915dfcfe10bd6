//! Tests of words, runs of capitals and the names they clean to, table-driven.
use super::*;

#[test]
fn cleans_names() {
    let cases = [
        (vec!["Secretary", "Alex", "Azar"], Some("Alex Azar")),
        (vec!["Roger", "Severino", "OCR"], Some("Roger Severino")),
        (vec!["Breitbart's", "Joel", "Pollak"], Some("Joel Pollak")),
        (vec!["Times'", "Ben", "Sisario"], Some("Ben Sisario")),
        (vec!["McDonald's", "Corp"], Some("McDonald Corp")),
        (vec!["The", "Straits", "Times"], Some("Straits Times")),
        (
            vec!["United", "States", "Hamdullah", "Mohib"],
            Some("Hamdullah Mohib"),
        ),
        (
            vec!["Korean", "Central", "News", "Agency"],
            Some("Korean Central News Agency"),
        ),
        (vec!["Cornyn's"], Some("Cornyn")),
        (vec!["Secretary"], None),
        // Degrees after a name, in any spelling, are not part of it.
        (vec!["Rick", "Bright", "Ph.D."], Some("Rick Bright")),
        (
            vec!["George", "Sigounas", "MS", "Ph.D."],
            Some("George Sigounas"),
        ),
        (vec!["Jane", "Roe", "PhD"], Some("Jane Roe")),
        (vec!["Ann", "Lee", "M.D.", "Dr.P.H."], Some("Ann Lee")),
        (vec!["Luis", "Padilla", "M.D."], Some("Luis Padilla")),
        (vec!["HRSA", "Associate", "Administrator"], None),
        // A dateline or shouted word is no name; an adjective describes the name after it.
        (vec!["WASHINGTON"], None),
        (vec!["Newport-based", "Ann", "Lee"], Some("Ann Lee")),
        (vec!["Former", "Pennsylvania"], Some("Pennsylvania")),
        (vec!["CNN"], Some("CNN")),
    ];
    for (input, want) in cases {
        assert_eq!(clean_name(&input).as_deref(), want, "{input:?}");
    }
}

#[test]
fn a_run_ends_at_a_closing_mark() {
    let ws = words("On ABC’s “Good Morning America” Tuesday, he said so.");
    let names: Vec<String> = cap_runs(&ws)
        .into_iter()
        .filter_map(|r| run_name(&ws, r))
        .collect();
    assert_eq!(names, ["ABC", "Good Morning America"]);
}

#[test]
fn descriptors_and_modifiers_are_not_names() {
    // (text, index of the capitalised run to test, what it is)
    let cases: [(&str, usize, Option<Who>); 5] = [
        (
            "said the Warriors chief",
            0,
            Some(Who::Role("chief".into())),
        ),
        (
            "the Home Office letter said",
            0,
            Some(Who::Name("Home Office".into())),
        ),
        ("a White House aide said", 0, Some(Who::Unnamed)),
        ("said Jane Roe", 0, None),
        ("GOP strategist Keith Nahigian said", 1, None),
    ];
    for (text, k, want) in cases {
        let ws = words(text);
        let runs = cap_runs(&ws);
        assert_eq!(descriptor(&ws, runs[k]), want, "{text}");
    }
    let modifier = [
        ("GOP strategist Keith Nahigian", true),
        ("Republican presidential candidate Donald Trump", true),
        ("Roger Severino director de la OCR", false),
        ("Trump told CNN", false),
        ("Jane Roe, a lawyer, Bob", false),
    ];
    for (text, want) in modifier {
        let ws = words(text);
        let (_, e) = cap_runs(&ws)[0];
        assert_eq!(modifies_next_name(&ws, e), want, "{text}");
    }
}

#[test]
fn party_glosses_end_a_name_and_pronouns_carry_gender() {
    for text in [
        "Sen. Claire McCaskill (D-Mo.), who has endorsed Clinton",
        "Sen. Claire McCaskill (D-MO), who has endorsed Clinton",
        "Gov. Claire McCaskill (D) called",
    ] {
        let ws = words(text);
        let runs = cap_runs(&ws);
        let (s, e) = runs[0];
        assert_eq!(
            run_name(&ws, (s, e)).as_deref(),
            Some("Claire McCaskill"),
            "{text}"
        );
    }
    for (w, g) in [
        ("he", Gender::Male),
        ("She", Gender::Female),
        ("they", Gender::Other),
    ] {
        assert_eq!(pronoun_who(&words(w)), Who::Pronoun(g), "{w}");
    }
    assert_eq!(pronoun_who(&words("I")), Who::FirstPerson);
}
