//! Table tests of each boilerplate rule, with paragraphs written for them.

use super::*;

#[test]
fn patterns_compile() {
    for re in [&CALL, &OFFER, &ADDRESS] {
        assert!(re.is_some());
    }
}

#[test]
fn calls_to_action_are_dropped() {
    let dropped = [
        "Subscribe now to our print edition for the full story.",
        "To view the full story, please subscribe to The Daily Post.",
        "If you’re seeing this message but you’re already a subscriber, log in.",
        "Follow The Town Post on Twitter and Instagram @TownPost.",
        "For breaking news download the Town Post app for iOS and Android.",
        "Get our daily edition by email and never miss our top stories. Free Sign Up",
        "We want to hear what you think about this article.",
        "Sign up for the Town Post newsletter",
        "¡Síguenos en Telegram, Instagram y Facebook!",
        "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.",
        "HAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS EXCLUSIVOS",
        "Zum Newsletter anmelden",
        "Abonnieren Sie jetzt unseren Newsletter.",
        "Unterstütze unser Magazin schon mit 2 Euro!",
        "Pour lire la suite",
        "Zapraszamy też do subskrypcji tygodnika.",
    ];
    for p in dropped {
        assert!(is_boilerplate(p), "{p}");
    }
}

#[test]
fn stories_about_subscriptions_are_kept() {
    let kept = [
        // A subjunctive "unterstütze" in reported speech, not an appeal.
        "Zwei Jahre zuvor hat er erklärt, dass er die Therapie unterstütze.",
        "The streaming service said subscribers rose by two million in the quarter.",
        "The mayor announced the closure in her weekly newsletter to council members, \
         which went out on Friday morning to about three hundred recipients.",
        "Viele Leser abonnierten die Zeitung erst nach dem Umzug.",
        "Residents can sign up for the vaccine at the town hall from Monday.",
        "The app was removed from the App Store after the complaint by the regulator last week.",
        "Fans never miss a game at the old ground, the club said.",
        "Die aktuelle Ausgabe des Berichts zeigt einen Rückgang der Armut.",
        "Gli abbonati sono cresciuti del dieci per cento nel trimestre.",
        // A long paragraph is prose even when it asks the reader something.
        &"Follow us on Twitter for updates on the bridge. ".repeat(8),
    ];
    for p in kept {
        assert!(!is_boilerplate(p), "{p}");
    }
}

#[test]
fn taxonomy_lines_are_dropped() {
    let cases = [
        ("Tags: python, docker, getting started", true),
        ("Schlagwörter:Frauen aus der Sportwelt", true),
        ("Themen: Ehrenamt Jugendverbände", true),
        ("KategorienAktuellFreizeit und Hobby", true),
        ("Temas", true),
        // A sentence opening with the same word is prose.
        ("Themenwochen gibt es im Museum seit 2019.", false),
        ("Tagged animals were released on the island.", false),
        ("Temas como la inflación dominaron el debate.", false),
    ];
    for (p, want) in cases {
        assert_eq!(is_boilerplate(p), want, "{p}");
    }
}

#[test]
fn related_story_labels_are_dropped() {
    let cases = [
        ("Read more: Looted colonial art", true),
        ("Lea también: Impiden ingreso a reportero", true),
        ("LE PUEDE INTERESAR: La ficha del expresidente", true),
        ("À lire aussi » Ballonnements, lourdeurs...", true),
        ("Te puede interesar", true),
        ("Más sobre La Tercera AM", true),
        ("Weitere aktuelle Themen aus der Arbeitswelt", true),
        ("Empfohlene Beiträge", true),
        ("polecamy", true),
        (
            "Read more about the vote below, where each member's reasons are set out.",
            false,
        ),
        ("Leading engineers found deep cracks.", false),
        ("Lea Michele returns to Broadway", false),
        ("Related work begins in spring", false),
        ("Related work is expected to begin next year.", false),
    ];
    for (p, want) in cases {
        assert_eq!(is_boilerplate(p), want, "{p}");
    }
}

#[test]
fn credits_and_captions_are_dropped() {
    let cases = [
        ("© Oli Scarff/Getty Images", true),
        (
            "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO",
            true,
        ),
        ("Copyright: Gisele Wender", true),
        ("Foto: Michael von Lingen", true),
        ("Crédits photos : Bestimage", true),
        ("Beitragsbild: Titelseite vom 2.4.2019, Ausriss.", true),
        ("Abbildung 4: klassische Schwachschicht.", true),
        ("Figure 2. Sales by region", true),
        ("Photographers gathered at the gate before dawn.", false),
        ("Bildung ist Ländersache, sagte die Ministerin.", false),
        ("Fotos zeigen das Ausmaß der Schäden.", false),
    ];
    for (p, want) in cases {
        assert_eq!(is_boilerplate(p), want, "{p}");
    }
}

#[test]
fn only_boilerplate_paragraphs_go() {
    let text = "The council voted to close the bridge.\n\nRead more: Looted colonial art\n\n\
        Buses will be rerouted.\n\nTags: bridge, council";
    assert_eq!(
        drop_boilerplate(text),
        "The council voted to close the bridge.\n\nBuses will be rerouted."
    );
}

#[test]
fn widgets_and_bare_dates_are_dropped() {
    let cases = [
        ("Teilen mit:", true),
        ("Gefällt mir Wird geladen...", true),
        ("%d Bloggern gefällt das:", true),
        ("Share this:", true),
        ("Permalink https://p.example/p/RPYx", true),
        ("Hier können Sie den Artikel bewerten", true),
        ("23.10.2018", true),
        ("03.03.2011, 14:17", true),
        ("2022-01-27", true),
        // Sentences that open with the same words are prose.
        ("Gefällt mir gut, sagt die Bürgermeisterin.", false),
        ("Loading the ferry took most of the morning.", false),
        ("Partager les tâches reste difficile, dit-elle.", false),
        ("23.10.2018 war der Stichtag für die Anträge.", false),
    ];
    for (p, want) in cases {
        assert_eq!(is_boilerplate(p), want, "{p}");
    }
}

#[test]
fn a_list_of_other_stories_ending_the_text_is_cut() {
    let story = "The council voted to close the bridge after engineers found cracks.\n\n\
        Buses will be rerouted through the market district.\n\n\
        Repairs should take most of next year.\n\n\
        Shop owners worry about losing passing trade.\n\n\
        The ferry will run every half hour in the meantime.";
    let with_list = format!(
        "{story}\n\nLo más leído\n\nMayor resigns\n\nPrices rise in May\n\nLa llorona del 27 de abril"
    );
    assert_eq!(drop_boilerplate(&with_list), story);
    // A heading followed by a long paragraph is the story's own section.
    let section = format!(
        "{story}\n\nMost read\n\n{}",
        "The list of the most read books of the year was published by the library. ".repeat(4)
    );
    assert_eq!(drop_boilerplate(&section), section);
    // A heading in the first half is not the end of the text.
    let early = "Most read\n\nMayor resigns\n\nPrices rise";
    assert_eq!(drop_boilerplate(early), early);
}
