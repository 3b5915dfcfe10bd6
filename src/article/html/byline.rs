//! The byline: the declared one unless it names only the site, else one written in the
//! page itself: markup that calls an element the author or byline (in several languages), then a
//! "By …" / "Von …" / "Par …" line just below the headline. Never inside comments.

use scraper::{ElementRef, Html};

use super::date_text::in_comments;
use super::meta::{clean_byline, compact, cut_at_date, select, squash, strip_prefix_any_case};

/// Elements that hold the author's name, most specific first.
const SELECTORS: &[&str] = &[
    "[itemprop=author] [itemprop=name]",
    "[itemprop=author]",
    "a[rel~=author]",
    "[class*=byline] [class*=name]",
    "[class*=author] [class*=name]",
    "[class*=byline] a",
    "[class*=author] a",
    ".byline",
    "[class*=byline]",
    "[class*=author-name]",
    "[class*=author]",
    "[class*=autor]",
    "[class*=writer]",
    "[class*=verfasser]",
    // Links to an author's page (`/author/jane-roe/`, `/autor/frank_g`): weakest, as
    // teasers for other stories link their authors too.
    "a[href*='/author/']",
    "a[href*='/autor/']",
];

/// Words that open a byline line, lowercased.
const MARKERS: &[&str] = &[
    "by", "von", "par", "por", "door", "di", "av", "autor", "autorin", "author", "text",
];

/// How many characters of text after the headline are searched for a byline line.
const AFTER_HEADLINE_CHARS: usize = 400;

/// The byline of a page: the one it declares (JSON-LD, meta tags), unless that only names
/// the site or its publisher ("Badische Zeitung", "STERN.de") and the page shows a
/// person's name; else the one the page shows.
pub(super) fn choose(doc: &Html, declared: Option<String>, sites: &[String]) -> Option<String> {
    match declared {
        Some(d) if names_the_site(&d, sites) => visible(doc)
            .filter(|v| looks_like_person(v) && !names_the_site(v, sites))
            .or(Some(d)),
        Some(d) => Some(d),
        None => visible(doc),
    }
}

/// Shortest site name compared by containment ("Die FURCHE" holds "furche").
const MIN_SITE_CHARS: usize = 4;

/// `byline` is the site's own name, address or publisher rather than a person: it
/// contains a web address, or it contains a name in `sites` (site names, publisher, host)
/// once case and punctuation are set aside ("Die FURCHE", "LAOLA1.at"). A site named
/// after a person ("janeroe.com", "Jane Roe Foundation") does not make her a site.
pub(super) fn names_the_site(byline: &str, sites: &[String]) -> bool {
    let lower = byline.to_lowercase();
    if lower.contains("www.") || lower.contains("http") {
        return true;
    }
    let b = compact(byline);
    sites.iter().any(|site| {
        let site = site.trim_start_matches('@');
        // A host is compared by its name: `www.townpost.co.uk` by `townpost`.
        let name = if site.contains('.') && !site.contains(' ') {
            site.split('.').find(|l| *l != "www").unwrap_or(site)
        } else {
            site
        };
        let s = compact(name);
        s.chars().count() >= MIN_SITE_CHARS && b.contains(&s)
    })
}

/// Openings of a credit line inside the article text, lowercased, longest first.
const TEXT_MARKERS: &[&str] = &[
    "ein gastbeitrag von",
    "blog beitrag von",
    "ein beitrag von",
    "gastbeitrag von",
    "beitrag von",
    "geschrieben von",
    "verfasst von",
    "written by",
    "posted by",
    "escrito por",
    "publicado por",
    "écrit par",
    "scritto da",
    "autorin:",
    "autor:",
    "auteur :",
    "auteur:",
    "author:",
    "text:",
    "von:",
    "by:",
    "von",
    "by",
    "par",
    "por",
    "door",
];

/// Paragraphs at each end of the text searched for a credit line.
const TEXT_EDGE_PARAGRAPHS: usize = 4;
/// Longest credit line: a marker, a name and perhaps a date.
const MAX_CREDIT_CHARS: usize = 80;

/// A credit line at the start or end of the article text ("Von Claudia Lindner",
/// "Auteur : Kossivi Tiassou", a "Von:" paragraph with the name in the next), for pages
/// whose markup names no author. The name must look like a person's.
pub(super) fn in_text(body: &str) -> Option<String> {
    let paragraphs: Vec<&str> = body.split("\n\n").map(str::trim).collect();
    let n = paragraphs.len();
    let edges = (0..n.min(TEXT_EDGE_PARAGRAPHS)).chain(
        n.saturating_sub(TEXT_EDGE_PARAGRAPHS)
            .max(TEXT_EDGE_PARAGRAPHS)..n,
    );
    edges.into_iter().find_map(|i| {
        let p = paragraphs[i];
        if p.chars().count() > MAX_CREDIT_CHARS {
            return None;
        }
        let rest = TEXT_MARKERS.iter().find_map(|m| strip_marker(p, m))?;
        // The marker alone: the name is the next paragraph.
        let rest = if rest.trim().is_empty() {
            *paragraphs.get(i + 1)?
        } else {
            rest
        };
        let name = cut_at_date(rest.trim().trim_end_matches(['.', ',', ';']));
        let name = name
            .split([',', '|', '('])
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        looks_like_person(&name).then_some(name)
    })
}

/// The rest of `p` after `marker` (lowercase) and a space or the end, in any case.
fn strip_marker<'a>(p: &'a str, marker: &str) -> Option<&'a str> {
    strip_prefix_any_case(p, marker)
        .filter(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
}

/// Two to five words, capitalised but for particles ("Ludwig van Beethoven", the quote
/// finder's list, with Spanish "y"), with no
/// label mark or digit: the shape of a person's name, not "Veröffentlicht am" or "CSP".
fn looks_like_person(s: &str) -> bool {
    let is_particle = |w: &str| w == "y" || crate::article::quotes::lexicon::is_particle(w);
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && !s.contains([':', '|', '/'])
        && !s.chars().any(|c| c.is_ascii_digit())
        && words
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words
            .last()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) || is_particle(w))
}

/// The author's name as the page shows it.
fn visible(doc: &Html) -> Option<String> {
    SELECTORS
        .iter()
        .flat_map(|css| select(doc, css))
        .filter(|el| !in_comments(*el))
        .find_map(|el| {
            let text = squash(&el.text().collect::<Vec<_>>().join(" "));
            if text.chars().count() > 100 {
                return None;
            }
            clean_byline(&cut_at_date(&text)).filter(|b| looks_like_name(b))
        })
        .or_else(|| after_headline(doc))
}

/// "By Jane Roe", "Von Hans Muster | 3. März" in the lines after the first `<h1>`.
fn after_headline(doc: &Html) -> Option<String> {
    let h1 = select(doc, "h1").into_iter().next()?;
    let mut text = String::new();
    let after = std::iter::once(h1)
        .chain(h1.ancestors().filter_map(ElementRef::wrap))
        .flat_map(|a| a.next_siblings())
        .flat_map(|s| s.descendants());
    for node in after {
        if let Some(t) = node.value().as_text() {
            text.push_str(t);
            text.push(' ');
            if text.len() > AFTER_HEADLINE_CHARS {
                break;
            }
        }
    }
    name_after_marker(&squash(&text))
}

/// The capitalised words after the first byline marker in `text`.
fn name_after_marker(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let bare = w.trim_end_matches(':').to_lowercase();
        if !MARKERS.contains(&bare.as_str()) {
            continue;
        }
        let name: Vec<&str> = words[i + 1..]
            .iter()
            .take(4)
            .take_while(|n| n.starts_with(|c: char| c.is_uppercase()))
            .copied()
            .collect();
        let joined = name.join(" ");
        let cut = cut_at_date(joined.trim_end_matches([',', '|', '·']));
        // One word is a name only after a colon or a verb of writing ("Posted by Konstantin").
        let credited = i > 0 && WRITING_VERBS.contains(&words[i - 1].to_lowercase().as_str());
        if !cut.is_empty()
            && looks_like_name(&cut)
            && (name.len() >= 2 || w.ends_with(':') || credited)
        {
            return Some(cut);
        }
    }
    None
}

/// Words before "by"/"von" that make it a credit of the text's writer.
const WRITING_VERBS: &[&str] = &[
    "posted",
    "written",
    "geschrieben",
    "verfasst",
    "erstellt",
    "publié",
    "écrit",
    "escrito",
    "publicado",
    "scritto",
];

/// Words of navigation and page furniture that a byline box may hold instead of a name.
const NOT_NAME_WORDS: &[&str] = &[
    "comment",
    "kommentar",
    "share",
    "teilen",
    "login",
    "anmelden",
    "artikel",
    "übersicht",
    "archiv",
    "beitrag",
    "articles",
    "posts",
    "profil",
    "veröffentlicht",
    "geändert",
    "aktualisiert",
];

/// One to six words, mostly letters: a name, not a sentence or a share button.
fn looks_like_name(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let lower = s.to_lowercase();
    (1..=6).contains(&words)
        && letters * 2 > s.chars().count()
        && !s.chars().any(|c| c.is_ascii_digit())
        && !NOT_NAME_WORDS.iter().any(|w| lower.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_the_page_shows() {
        let cases = [
            (
                r#"<h1>T</h1><div class="entry-author">Von <a href="/a/x">Hans Muster</a></div>"#,
                Some("Hans Muster"),
            ),
            (
                r#"<h1>T</h1><span class="autor">Text: Anna Beispiel</span>"#,
                Some("Anna Beispiel"),
            ),
            (
                "<h1>Bridge closed</h1><p>By Jane Roe | March 3, 2021</p><p>Text.</p>",
                Some("Jane Roe"),
            ),
            (
                "<h1>Bridge closed</h1><p>Par Marie Curie, le 3 mars 2021</p>",
                Some("Marie Curie"),
            ),
            (
                r#"<h1>T</h1><p>Story text by the river.</p><div class="comment-author">Troll</div>"#,
                None,
            ),
            // A link to the author's page, when nothing else names one.
            (
                r#"<h1>T</h1><div class="teaser_meta"><a href="/autor/roe_j">Jane Roe</a> / 22.04.2020</div>"#,
                Some("Jane Roe"),
            ),
            // A count is not a name.
            (r#"<h1>T</h1><a href="/author/jroe/">9 articles</a>"#, None),
            // One word after "Posted by" is the writer's name.
            (
                r#"<h1>T</h1><span class="category">Posted by Konstantin @ 12:00 am</span>"#,
                Some("Konstantin"),
            ),
            // Navigation in an author box is not a name; the name after it is.
            (
                r#"<h1>T</h1><div class="author"><a href="/a">Zur Artikelübersicht</a></div><div class="author"><a href="/b">Jane Roe</a></div>"#,
                Some("Jane Roe"),
            ),
        ];
        for (html, want) in cases {
            let doc = Html::parse_document(html);
            assert_eq!(visible(&doc).as_deref(), want, "{html}");
        }
    }

    #[test]
    fn credit_lines_at_the_ends_of_the_text() {
        let cases = [
            (
                "Von Claudia Lindner\n\nDie Stadt ehrt die Sozialreformerin.",
                Some("Claudia Lindner"),
            ),
            (
                "The council voted.\n\nAuteur : Kossivi Tiassou",
                Some("Kossivi Tiassou"),
            ),
            (
                "Blog Beitrag von Margarita Koreneva\n\nText.",
                Some("Margarita Koreneva"),
            ),
            ("Text.\n\nVon:\n\nGötz Warnke", Some("Götz Warnke")),
            ("By Jane Roe, March 3, 2021\n\nText.", Some("Jane Roe")),
            // Prose that opens with the same word, or a name-less credit, is not a byline.
            ("By the river the council met on Tuesday.\n\nText.", None),
            ("Von Anfang an war klar, dass es teuer wird.", None),
            ("Text: dpa", None),
        ];
        for (body, want) in cases {
            assert_eq!(in_text(body).as_deref(), want, "{body}");
        }
    }

    #[test]
    fn a_site_named_as_author_gives_way_to_the_person_shown() {
        let sites = ["Town Post".to_string(), "townpost.com".to_string()];
        let page =
            r#"<h1>Bridge closed</h1><div class="author">Von <a href="/a/x">Hans Muster</a></div>"#;
        let bare = "<h1>Bridge closed</h1><p>The council voted.</p>";
        let cases = [
            (page, "Town Post", Some("Hans Muster")),
            (page, "TOWNPOST.com", Some("Hans Muster")),
            (
                page,
                "Town Post Media (www.townpost.com)",
                Some("Hans Muster"),
            ),
            // A person the site is named after is not the site.
            (page, "Town", Some("Town")),
            // A person declared by the page is kept.
            (page, "Jane Roe", Some("Jane Roe")),
            // The site stays when the page shows no one else, or only a label.
            (bare, "Town Post", Some("Town Post")),
            (
                r#"<h1>T</h1><div class="author">Veröffentlicht am</div>"#,
                "Town Post",
                Some("Town Post"),
            ),
        ];
        for (html, declared, want) in cases {
            let doc = Html::parse_document(html);
            let got = choose(&doc, Some(declared.to_string()), &sites);
            assert_eq!(got.as_deref(), want, "{declared}");
        }
    }
}
