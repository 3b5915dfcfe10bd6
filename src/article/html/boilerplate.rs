//! Paragraphs of site boilerplate that survive body extraction because they sit in the
//! same markup as the story, recognised by their words: calls to action (subscribe, sign
//! up for the newsletter, follow us, download the app, paywall notices, donations),
//! taxonomy lines ("Tags: …", "Themen: …"), labels of related-story lists and teasers
//! ("Read more: …", "Te puede interesar"), and photo credits and figure captions
//! ("© AFP / …", "Abbildung 4: …"), in the languages dateline reads.
//!
//! Every rule looks only at a short paragraph, and most need a phrase addressed to the
//! reader, so a story that mentions a newsletter, a subscription or a copyright keeps its
//! text. The patterns are compiled on first use, so a run over `.txt` files never pays
//! for them.

use std::sync::LazyLock;

use regex::Regex;

/// Longest paragraph that can be a call to action: one or two sentences of a box.
const MAX_CALL_CHARS: usize = 300;
/// Longest taxonomy line, teaser or caption.
const MAX_LINE_CHARS: usize = 200;
/// Longest heading of a related-story list written as a label and a name ("More from
/// Sport", "Weitere aktuelle Themen aus der Arbeitswelt").
const MAX_LABEL_CHARS: usize = 60;

/// Removes the boilerplate paragraphs of `text` (paragraphs separated by a blank line).
pub(super) fn drop_boilerplate(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !is_boilerplate(p.trim()))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn is_boilerplate(p: &str) -> bool {
    is_call_to_action(p) || is_taxonomy(p) || is_related_label(p) || is_credit_or_caption(p)
}

/// Phrases that only a box asking something of the reader uses.
static CALL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    words_regex(&[
        // English
        r"subscribe (now|today|to (our|the|receive|get))",
        r"^subscribe\b",
        r"please subscribe",
        r"already a subscriber",
        r"sign(ing)? up (for|to|now|here|today)",
        r"free sign ?up",
        r"follow (us|@?\w+( \w+){0,3}) on (twitter|facebook|instagram|linkedin|tiktok|youtube|telegram|whatsapp)",
        r"download (the|our) .{0,40}\bapps?",
        r"\bapps?\b.{0,40}\b(itunes|google play|app store|play store)",
        r"we want to hear (from you|what you think)",
        r"help us continue",
        r"support (our|independent|quality) journalism",
        r"donate (now|today)",
        r"to (view|read) the (full|whole|entire) (story|article)",
        r"for the full story",
        r"to continue reading",
        r"never miss (a|an|the|our)",
        // Spanish
        r"suscr[ií]bete",
        r"s[ií]guenos",
        r"[úu]nete (a|desde|al)",
        r"canal de (telegram|youtube|whatsapp)",
        r"hazte (miembro|socio|suscriptor)",
        r"para seguir leyendo",
        // German
        r"^unterstütze\b",
        r"unterstütze uns",
        r"unterstützen sie uns",
        r"folg(e|t) uns",
        r"folgen sie uns",
        r"um weiterzulesen",
        r"jetzt (gratis |kostenlos )?(abonnieren|anmelden|bestellen)",
        r"(die|unsere) aktuelle ausgabe",
        // French
        r"abonnez-vous",
        r"s'abonner",
        r"pour lire la suite",
        r"suivez-nous",
        r"inscrivez-vous",
        // Italian
        r"iscriviti",
        r"abbonati",
        r"seguici",
        r"per continuare a leggere",
        // Portuguese
        r"inscreva-se",
        r"siga-nos",
        r"para continuar lendo",
        // Polish
        r"subskrypcj",
        r"zapisz się",
        r"obserwuj nas",
        // Dutch
        r"abonneer",
        r"schrijf je in",
        r"volg ons",
    ])
});

/// Words a story may also use: they mark a call to action only in a label-sized
/// paragraph or beside words addressed to the reader ([`ADDRESS`]).
static OFFER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    words_regex(&[
        r"newsletter",
        r"nieuwsbrief",
        r"bolet[ií]n",
        r"abonnier(en|e)\b",
    ])
});

/// Words addressing the reader or speaking for the site ("our", "Sie", "nuestro").
static ADDRESS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    words_regex(&[
        r"\b(you|your|our|us|we)\b",
        r"\b(sie|ihr|ihre|ihnen|du|dir|dich|dein(e|en|em)?|unser(e|em|en|er)?|uns|mein(e|en|em)?)\b",
        r"\b(tu|te|nuestro|nuestra)\b",
        r"\b(vous|votre|nos|notre)\b",
        r"\b(tuo|tua|nostro|nostra|seu|sua|nosso|nossa)\b",
        r"\b(je|jouw|onze)\b",
    ])
});

/// Case-insensitive alternation of `parts`, searched anywhere in a paragraph. The parts
/// are literals of this file (a test checks they compile); a pattern that did not would
/// match nothing rather than stop a run.
fn words_regex(parts: &[&str]) -> Option<Regex> {
    Regex::new(&format!("(?i)({})", parts.join(")|("))).ok()
}

fn matches(re: &LazyLock<Option<Regex>>, p: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(p))
}

fn is_call_to_action(p: &str) -> bool {
    let len = p.chars().count();
    len <= MAX_CALL_CHARS
        && (matches(&CALL, p)
            || matches(&OFFER, p) && (len <= MAX_LABEL_CHARS || matches(&ADDRESS, p)))
}

/// Labels of a page's tag or category line.
const TAXONOMY: &[&str] = &[
    "tags",
    "tag",
    "tagged with",
    "tagged",
    "schlagwörter",
    "schlagworte",
    "stichwörter",
    "themen",
    "kategorien",
    "kategorie",
    "categories",
    "category",
    "temas",
    "etiquetas",
    "mots-clés",
    "mots clés",
    "argomenti",
    "palavras-chave",
    "tópicos",
    "filed under",
    "posted in",
];

/// "Tags: python, docker", "Themen: Ehrenamt", "Temas", or a label run into the first
/// tag as a page's links come out ("KategorienAktuell").
fn is_taxonomy(p: &str) -> bool {
    p.chars().count() <= MAX_LINE_CHARS
        && TAXONOMY.iter().any(|label| {
            strip_label(p, label).is_some_and(|rest| {
                rest.trim().is_empty()
                    || rest.trim_start().starts_with(':')
                    || rest.starts_with(char::is_uppercase)
            })
        })
}

/// Labels that open a list of other stories or a link to one.
const RELATED: &[&str] = &[
    "read more",
    "read also",
    "read next",
    "see also",
    "related articles",
    "related stories",
    "related posts",
    "related",
    "more stories",
    "more from",
    "you may also like",
    "you might also like",
    "recommended for you",
    "te puede interesar",
    "le puede interesar",
    "también te puede interesar",
    "lea también",
    "lea más",
    "lea",
    "vea también",
    "ver también",
    "más sobre",
    "más noticias",
    "noticias relacionadas",
    "lesen sie auch",
    "lesen sie mehr",
    "auch lesen",
    "auch interessant",
    "mehr zum thema",
    "das thema könnte dich auch interessieren",
    "das könnte dich auch interessieren",
    "das könnte sie auch interessieren",
    "empfohlene beiträge",
    "empfohlene artikel",
    "weitere aktuelle themen",
    "weitere themen",
    "weitere artikel",
    "weitere beiträge",
    "weitere nachrichten",
    "entdecke weitere",
    "neueste beiträge",
    "neueste blogbeiträge",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "sur le même sujet",
    "leggi anche",
    "potrebbe interessarti",
    "leia também",
    "leia mais",
    "veja também",
    "lees ook",
    "meer over",
    "czytaj też",
    "czytaj także",
    "czytaj więcej",
    "zobacz też",
    "zobacz także",
    "polecamy",
];

/// Marks between a label and the headline it introduces.
const LABEL_MARKS: &[char] = &[':', '»', '›', '|', '–', '—', '-', '>'];

/// A related-stories label alone ("Te puede interesar"), with the headline it links to
/// ("Read more: Looted colonial art", "À lire aussi » …"), or as a short heading naming
/// the list ("Más sobre La Tercera AM"; a heading ends without a full stop).
fn is_related_label(p: &str) -> bool {
    let len = p.chars().count();
    RELATED.iter().any(|label| {
        let Some(rest) = strip_label(p, label) else {
            return false;
        };
        let rest = rest.trim();
        // The label must end at a word boundary: "Lea" is a label, "Leading" is not.
        if rest.starts_with(char::is_alphanumeric) && !p[..p.len() - rest.len()].ends_with(' ') {
            return false;
        }
        rest.is_empty()
            || rest.starts_with(LABEL_MARKS) && len <= MAX_LINE_CHARS
            || len <= MAX_LABEL_CHARS && !rest.ends_with(['.', '!', '?', '"', '”', '»'])
    })
}

/// Labels of a photo credit or a source line.
const CREDIT: &[&str] = &[
    "foto",
    "fotos",
    "photo",
    "photos",
    "bild",
    "beitragsbild",
    "titelbild",
    "fotocredit",
    "copyright",
    "credit",
    "credits",
    "crédit photo",
    "crédits photos",
    "crédit",
    "crédits",
    "quelle",
    "textquelle",
    "source",
    "fuente",
    "image",
    "imagen",
];

/// Labels of a numbered figure or table caption.
const FIGURE: &[&str] = &[
    "abbildung",
    "abb.",
    "figure",
    "fig.",
    "grafik",
    "bild",
    "tabelle",
    "table",
    "figura",
    "tabla",
];

/// "© AFP / Jane Roe", "Foto: Jane Roe", "Quelle: dpa", "Abbildung 4: Die Schwachschicht".
fn is_credit_or_caption(p: &str) -> bool {
    if p.chars().count() > MAX_LINE_CHARS {
        return false;
    }
    let labelled = CREDIT
        .iter()
        .any(|label| strip_label(p, label).is_some_and(|rest| rest.trim_start().starts_with(':')));
    let figure = FIGURE.iter().any(|label| {
        strip_label(p, label).is_some_and(|rest| {
            let rest = rest.trim_start();
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            digits > 0 && rest[digits..].trim_start().starts_with([':', '.'])
        })
    });
    p.contains('©') || labelled || figure
}

/// The rest of `p` after `label` (lowercase) when `p` opens with it, in any case.
fn strip_label<'a>(p: &'a str, label: &str) -> Option<&'a str> {
    let mut chars = p.char_indices();
    for want in label.chars() {
        let (_, got) = chars.next()?;
        if !got.to_lowercase().eq(want.to_lowercase()) {
            return None;
        }
    }
    Some(chars.next().map_or("", |(i, _)| &p[i..]))
}

#[cfg(test)]
mod tests {
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
}
