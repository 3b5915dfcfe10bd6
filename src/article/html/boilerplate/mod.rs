//! Paragraphs of site boilerplate that survive body extraction because they sit in the
//! same markup as the story, recognised by their words: calls to action (subscribe, sign
//! up for the newsletter, follow us, download the app, paywall notices, donations),
//! taxonomy lines ("Tags: …", "Themen: …"), labels of related-story lists and teasers
//! ("Read more: …", "Te puede interesar"), and photo credits and figure captions
//! ("© AFP / …", "Abbildung 4: …"), share and like widgets, bare timestamps, and a list
//! of other stories' headlines that ends the text ("Lo más leído" and what follows), in
//! the languages dateline reads.
//!
//! Every rule looks only at a short paragraph, and most need a phrase addressed to the
//! reader, so a story that mentions a newsletter, a subscription or a copyright keeps its
//! text. The patterns are compiled on first use, so a run over `.txt` files never pays
//! for them.

use std::sync::LazyLock;

use regex::Regex;

use super::meta::strip_prefix_any_case;

mod labels;
use labels::{CREDIT, FIGURE, LIST_HEADS, RELATED, TAXONOMY, WIDGETS};

/// Longest paragraph that can be a call to action: one or two sentences of a box.
const MAX_CALL_CHARS: usize = 300;
/// Longest taxonomy line, teaser or caption.
const MAX_LINE_CHARS: usize = 200;
/// Longest heading of a related-story list written as a label and a name ("More from
/// Sport", "Weitere aktuelle Themen aus der Arbeitswelt").
const MAX_LABEL_CHARS: usize = 60;

/// Longest paragraph of a list of other stories' headlines.
const MAX_LIST_ITEM_CHARS: usize = 200;
/// Longest share or like widget line.
const MAX_WIDGET_CHARS: usize = 80;

/// Removes the boilerplate paragraphs of `text` (paragraphs separated by a blank line),
/// and a list of other stories that ends it.
pub(super) fn drop_boilerplate(text: &str) -> String {
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    let end = list_at_end(&paragraphs).unwrap_or(paragraphs.len());
    paragraphs[..end]
        .iter()
        .filter(|p| !is_boilerplate(p.trim()))
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn is_boilerplate(p: &str) -> bool {
    is_call_to_action(p)
        || is_taxonomy(p)
        || is_related_label(p)
        || is_credit_or_caption(p)
        || is_widget(p)
        || is_bare_date(p)
}

/// Where a list of other stories starts when it ends the text: a list heading ("Lo más
/// leído", "Te puede interesar") in the second half, followed only by short paragraphs
/// (the list's headlines and dates).
fn list_at_end(paragraphs: &[&str]) -> Option<usize> {
    let n = paragraphs.len();
    (n.div_ceil(2)..n).find(|&i| {
        let p = paragraphs[i].trim();
        p.chars().count() <= MAX_LABEL_CHARS
            && (is_related_label(p)
                || LIST_HEADS
                    .iter()
                    .any(|label| strip_prefix_any_case(p, label).is_some_and(ends_label)))
            && paragraphs[i + 1..]
                .iter()
                .all(|q| q.chars().count() <= MAX_LIST_ITEM_CHARS)
    })
}

/// What follows a label in a heading: nothing, a colon, or more words of the heading.
fn ends_label(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with([' ', ':'])
}

/// Phrases that only a box asking something of the reader uses.
static CALL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    words_regex(&[
        // English
        r"subscribe (now|today|to (our|the|receive|get))",
        r"^subscribe\b",
        r"please subscribe",
        r"already a subscriber",
        r"free sign ?up",
        r"download (the|our) .{0,40}\bapps? for (ios|android)",
        r"follow (us|@?\w+( \w+){0,3}) on (twitter|facebook|instagram|linkedin|tiktok|youtube|telegram|whatsapp)",
        r"we want to hear (from you|what you think)",
        r"help us continue",
        r"support (our|independent|quality) journalism",
        r"donate (now|today)",
        r"to (view|read) the (full|whole|entire) (story|article)",
        r"for the full story",
        r"to continue reading",
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
        r"aktuelle ausgabe\b.{0,80}\b(jetzt|erhältlich|bestellen|kiosk|abo)\b",
        // French
        r"abonnez-vous",
        r"s'abonner",
        r"pour lire la suite",
        r"suivez-nous",
        r"inscrivez-vous",
        // Italian
        r"iscriviti",
        r"seguici",
        r"per continuare a leggere",
        // Portuguese
        r"inscreva-se",
        r"siga-nos",
        r"para continuar lendo",
        // Polish
        r"zapisz się",
        r"obserwuj nas",
        // Dutch
        r"schrijf je in",
        r"volg ons",
    ])
});

/// Words a story may also use ("residents can sign up for the vaccine", "gli abbonati",
/// "the app left the App Store"): they mark a call to action only in a label-sized
/// paragraph or beside words addressed to the reader ([`ADDRESS`]).
static OFFER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    words_regex(&[
        r"newsletter",
        r"nieuwsbrief",
        r"bolet[ií]n",
        r"abonnier(en|e)\b",
        r"sign(ing)? up (for|to|now|here|today)",
        r"download (the|our) .{0,40}\bapps?",
        r"\bapps?\b.{0,40}\b(itunes|google play|app store|play store)",
        r"never miss (a|an|the|our)",
        r"abbonati",
        r"subskrypcj",
        r"abonneer (je|nu)\b",
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
        r"\b(nas|nasz\w*|zapraszamy|twój|twoja)\b",
    ])
});

/// Case-insensitive alternation of `parts`, searched anywhere in a paragraph. The parts
/// are literals of this file (a test checks they compile); a pattern that did not would
/// match nothing rather than stop a run.
fn words_regex(parts: &[&str]) -> Option<Regex> {
    // Word boundaries are ASCII ones: a Unicode `\b` keeps the regex engine off its fast
    // automaton on non-English text, which made this filter cost as much as extraction.
    let pattern = format!("(?i)({})", parts.join(")|(")).replace(r"\b", r"(?-u:\b)");
    Regex::new(&pattern).ok()
}

fn matches(re: &LazyLock<Option<Regex>>, p: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(p))
}

fn is_call_to_action(p: &str) -> bool {
    let len = p.chars().count();
    // A label ("Newsletter abonnieren") rather than a short sentence of the story.
    let label = len <= MAX_LABEL_CHARS && !p.ends_with(['.', '"', '”', '»']);
    len <= MAX_CALL_CHARS
        && (matches(&CALL, p) || matches(&OFFER, p) && (label || matches(&ADDRESS, p)))
}

/// "Tags: python, docker", "Themen: Ehrenamt", "Temas", or a label run into the first
/// tag as a page's links come out ("KategorienAktuell").
fn is_taxonomy(p: &str) -> bool {
    p.chars().count() <= MAX_LINE_CHARS
        && TAXONOMY.iter().any(|label| {
            strip_prefix_any_case(p, label).is_some_and(|rest| {
                rest.trim().is_empty()
                    || rest.trim_start().starts_with(':')
                    || rest.starts_with(char::is_uppercase)
            })
        })
}

/// Marks between a label and the headline it introduces.
const LABEL_MARKS: &[char] = &[':', '»', '›', '|', '–', '—', '-', '>'];

/// A related-stories label alone ("Te puede interesar"), with the headline it links to
/// ("Read more: Looted colonial art", "À lire aussi » …"), or as a short heading naming
/// the list ("Más sobre La Tercera AM"; a heading ends without a full stop).
fn is_related_label(p: &str) -> bool {
    let len = p.chars().count();
    RELATED.iter().any(|label| {
        let Some(rest) = strip_prefix_any_case(p, label) else {
            return false;
        };
        let rest = rest.trim();
        // The label must end at a word boundary: "Lea" is a label, "Leading" is not.
        if rest.starts_with(char::is_alphanumeric) && !p[..p.len() - rest.len()].ends_with(' ') {
            return false;
        }
        // A one-word label ("Lea", "Related") may be a name or a word of a heading, so it
        // names a list only alone or before a mark.
        let heading = label.contains(' ')
            && len <= MAX_LABEL_CHARS
            && !rest.ends_with(['.', '!', '?', '"', '”', '»']);
        rest.is_empty() || rest.starts_with(LABEL_MARKS) && len <= MAX_LINE_CHARS || heading
    })
}

/// "© AFP / Jane Roe", "Foto: Jane Roe", "Quelle: dpa", "Abbildung 4: Die Schwachschicht".
fn is_credit_or_caption(p: &str) -> bool {
    if p.chars().count() > MAX_LINE_CHARS {
        return false;
    }
    let labelled = CREDIT.iter().any(|label| {
        strip_prefix_any_case(p, label).is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    let figure = FIGURE.iter().any(|label| {
        strip_prefix_any_case(p, label).is_some_and(|rest| {
            let rest = rest.trim_start();
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            digits > 0 && rest[digits..].trim_start().starts_with([':', '.'])
        })
    });
    p.contains('©') || labelled || figure
}

/// Share, like and rating widgets ("Teilen mit:", "Gefällt mir Wird geladen …", "%d
/// Bloggern gefällt das:", "Permalink https://…"): a widget label alone, with a colon,
/// an ellipsis, an address, or another widget label after it.
fn is_widget(p: &str) -> bool {
    if p.chars().count() > MAX_WIDGET_CHARS {
        return false;
    }
    let lower = p.to_lowercase();
    if lower.contains("bloggern gefällt das") || lower.contains("bloggers like this") {
        return true;
    }
    WIDGETS.iter().any(|label| {
        strip_prefix_any_case(p, label).is_some_and(|rest| {
            let rest = rest.trim();
            rest.is_empty()
                || rest.starts_with([':', '.', '…'])
                || rest.starts_with("http")
                || is_widget(rest)
        })
    })
}

/// A date or date and time alone in a paragraph ("23.10.2018", "03.03.2011, 14:17",
/// "2022-01-27"): the page's or a comment's timestamp, not text.
fn is_bare_date(p: &str) -> bool {
    matches(&BARE_DATE, p)
}

static BARE_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    words_regex(&[
        r"^(\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})(,? \d{1,2}[:.]\d{2}( uhr)?)?$",
    ])
});

#[cfg(test)]
mod tests;
