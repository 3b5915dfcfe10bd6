//! The headline of a page: the words its publisher declares (OpenGraph, JSON-LD,
//! `<title>`) checked against the heading readers see (`<h1>`), without the site's name.
//!
//! Declared titles often carry the site ("Story | Site", "Site » Blog Archive » Story")
//! while the `<h1>` is the story alone. So: a declared title that agrees with an `<h1>`
//! (same words, or the `<h1>` plus a site part behind a separator) gives the `<h1>`'s text;
//! otherwise the first declared title loses parts naming the site (its `og:site_name`,
//! its host, a part every declared title repeats); a page declaring nothing falls back to
//! its first `<h1>`.

use scraper::{ElementRef, Html};

use super::meta::{compact, select, squash};
use crate::article::Provenance;

/// Separators between a story and its site in a title, widest first.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " // ", " » ", " › ", " ⋆ ", " • ", " : ", " / ",
];

/// An `<h1>` shorter than this (after compacting) is a logo or a section name, not a story.
const MIN_H1: usize = 8;

/// Chooses the headline from the declared titles (most trusted first, with their source).
pub(super) fn choose(
    doc: &Html,
    declared: &[(String, Provenance)],
    site_name: Option<&str>,
    url: Option<&str>,
) -> Option<(String, Provenance)> {
    let h1s: Vec<String> = select(doc, "h1")
        .into_iter()
        .filter(|h| !links_home(*h))
        .take(5)
        .map(text_of)
        .filter(|t| !t.is_empty() && t.chars().count() <= 300)
        .collect();
    let host = url
        .and_then(|u| u.split('/').nth(2))
        .map(compact)
        .unwrap_or_default();
    let site = site_name.map(compact).unwrap_or_default();
    let is_h1 = |c: &str| h1s.iter().any(|h| compact(h) == c);
    // The most trusted declared title, or a run of its parts, that is the <h1>: kept as
    // the publisher declared it (its dashes and quotes), the rest being the site's name.
    if let Some((title, source)) = declared.first() {
        let found = runs(title).into_iter().find(|p| {
            let c = compact(p);
            c.chars().count() >= MIN_H1 && c != site && !host.contains(&c) && is_h1(&c)
        });
        if let Some(part) = found {
            return Some((part, *source));
        }
    }
    // Another declared title that is the <h1> (og:title worded otherwise is a teaser).
    if let Some((title, source)) = declared.iter().skip(1).find(|(t, _)| is_h1(&compact(t))) {
        return Some((title.clone(), *source));
    }
    let Some((first, source)) = declared.first() else {
        return h1s.first().map(|h| (h.clone(), Provenance::H1));
    };
    let others: Vec<&str> = declared.iter().skip(1).map(|(t, _)| t.as_str()).collect();
    let stripped = strip_site(first, site_name, url, &others);
    if stripped.is_empty() {
        return h1s.first().map(|h| (h.clone(), Provenance::H1));
    }
    Some((stripped, *source))
}

/// The whole title, each of its parts, and its leading and trailing runs of parts
/// ("A - B - Site": "A", "B", "Site", "A - B", "B - Site").
fn runs(title: &str) -> Vec<String> {
    let Some(sep) = SEPARATORS.iter().find(|sep| title.contains(*sep)) else {
        return vec![title.trim().to_string()];
    };
    let parts: Vec<&str> = title.split(sep).map(str::trim).collect();
    let mut out = vec![title.trim().to_string()];
    out.extend(parts.iter().map(|p| p.to_string()));
    for k in 2..parts.len() {
        out.push(parts[..k].join(sep));
        out.push(parts[parts.len() - k..].join(sep));
    }
    out
}

/// Removes leading and trailing parts of a title that name the site: its declared name,
/// a part of its host name, "Blog Archive", or a part the other declared titles repeat
/// without the rest ("Story - Site" beside "Story" in `og:title`).
pub(super) fn strip_site(
    title: &str,
    site_name: Option<&str>,
    url: Option<&str>,
    others: &[&str],
) -> String {
    let host = url
        .and_then(|u| u.split('/').nth(2))
        .map(compact)
        .unwrap_or_default();
    let site = site_name.map(compact).unwrap_or_default();
    let is_site = |part: &str| {
        let p = compact(part);
        !p.is_empty()
            && (p == site
                || (!site.is_empty() && site.len() >= 4 && p.contains(&site))
                || (p.len() >= 3 && host.contains(&p))
                || matches!(p.as_str(), "blogarchive" | "blogarchiv" | "home"))
    };
    let mut current = title.trim().to_string();
    // WordPress: "Site » Blog Archive » Story".
    for marker in [" » Blog Archive » ", " » Blog Archiv » "] {
        if let Some((_, story)) = current.split_once(marker) {
            current = story.trim().to_string();
        }
    }
    // A shorter declared title that the title starts or ends with is the story itself.
    for other in others {
        let o = other.trim();
        if o.len() >= 8 && o.len() < current.len() {
            for sep in SEPARATORS {
                if current.starts_with(&format!("{o}{}", sep.trim_end()))
                    || current.ends_with(&format!("{}{o}", sep.trim_start()))
                {
                    return o.to_string();
                }
            }
        }
    }
    for _ in 0..4 {
        let mut changed = false;
        for sep in SEPARATORS {
            if let Some((head, tail)) = current.rsplit_once(sep) {
                if !head.trim().is_empty() && is_site(tail) {
                    current = head.trim().to_string();
                    changed = true;
                    break;
                }
            }
            if let Some((head, tail)) = current.split_once(sep) {
                if !tail.trim().is_empty() && is_site(head) {
                    current = tail.trim().to_string();
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            break;
        }
    }
    current
}

/// An `<h1>` that links to the site's front page is the site's name (a blog's banner).
pub(super) fn links_home(h1: ElementRef<'_>) -> bool {
    h1.descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "a")
        .filter_map(|a| a.value().attr("href"))
        .any(|href| {
            let href = href.trim();
            let path = href
                .strip_prefix("https://")
                .or_else(|| href.strip_prefix("http://"))
                .map(|rest| rest.split_once('/').map_or("", |(_, p)| p))
                .unwrap_or(href.trim_start_matches('/'));
            matches!(path, "" | "index.html" | "index.php")
        })
}

fn text_of(el: ElementRef<'_>) -> String {
    squash(&el.text().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(head: &str, body: &str, site: Option<&str>) -> Option<(String, Provenance)> {
        let doc = Html::parse_document(&format!(
            "<html><head>{head}</head><body>{body}</body></html>"
        ));
        let declared: Vec<(String, Provenance)> = select(&doc, "meta[property='og:title'], title")
            .into_iter()
            .map(|el| {
                let is_title = el.value().name() == "title";
                let text = if is_title {
                    text_of(el)
                } else {
                    el.value().attr("content").unwrap_or_default().to_string()
                };
                (
                    text,
                    if is_title {
                        Provenance::Title
                    } else {
                        Provenance::Meta
                    },
                )
            })
            .collect();
        choose(
            &doc,
            &declared,
            site,
            Some("https://www.townpost.example/a"),
        )
    }

    type Expected = Option<(&'static str, Provenance)>;

    #[test]
    fn headline_from_declared_titles_and_h1() {
        use Provenance::*;
        // (head, body, og:site_name, expected headline and its source)
        let cases: &[(&str, &str, Option<&str>, Expected)] = &[
            // The <h1> agrees with og:title but for letter case: og:title as written.
            (
                r#"<meta property="og:title" content="Bridge Closed For Repairs">"#,
                "<h1>BRIDGE CLOSED FOR REPAIRS</h1>",
                None,
                Some(("Bridge Closed For Repairs", Meta)),
            ),
            // The <h1> is one part of the title: that part, as the title writes it.
            (
                "<title>Blog » Blog Archive » Bridge closed for repairs</title>",
                "<h1>Bridge closed for repairs</h1>",
                None,
                Some(("Bridge closed for repairs", Title)),
            ),
            // No agreeing <h1>: the site's name goes, before or after the story.
            (
                r#"<meta property="og:title" content="Bridge closed for repairs - Town Post">"#,
                "<h1>Town Post</h1>",
                Some("Town Post"),
                Some(("Bridge closed for repairs", Meta)),
            ),
            (
                r#"<meta property="og:title" content="TOWNPOST | Bridge closed for repairs">"#,
                "",
                None,
                Some(("Bridge closed for repairs", Meta)),
            ),
            // A title that repeats og:title plus the site keeps og:title.
            (
                r#"<meta property="og:title" content="Bridge closed"><title>Bridge closed | Our Paper</title>"#,
                "",
                None,
                Some(("Bridge closed", Meta)),
            ),
            // A blog's banner <h1> links home: it is the site, not the story.
            (
                "<title>Four Rooms » Blog Archive » Small integers</title>",
                r#"<h1><a href="https://www.townpost.example/">Four Rooms</a></h1><h2>Small integers</h2>"#,
                None,
                Some(("Small integers", Title)),
            ),
            // An <h1> that is the whole title, separator and all.
            (
                r#"<meta property="og:title" content="Q&A - the mayor on the bridge">"#,
                "<h1>Q&amp;A – the mayor on the bridge</h1>",
                None,
                Some(("Q&A - the mayor on the bridge", Meta)),
            ),
            // A separator inside the story stays.
            (
                r#"<meta property="og:title" content="Q&A - the mayor on the bridge">"#,
                "",
                None,
                Some(("Q&A - the mayor on the bridge", Meta)),
            ),
            (
                "",
                "<h1>Bridge closed for repairs</h1>",
                None,
                Some(("Bridge closed for repairs", H1)),
            ),
        ];
        for (head, body, site, want) in cases {
            let want = want.map(|(h, s)| (h.to_string(), s));
            assert_eq!(pick(head, body, *site), want, "{head} {body}");
        }
    }
}
