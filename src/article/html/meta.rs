//! Page metadata: headline, byline, date, URL and source from JSON-LD, OpenGraph,
//! `<meta>` tags and, last, the visible page (`<title>`, `<h1>`, `<time>`, byline links).
//!
//! Each field takes the first source that has a usable value, in an order chosen for
//! news pages: what the publisher declares for sharing (OpenGraph, article meta tags)
//! before structured data, and both before anything guessed from the visible page.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Selector};

use super::jsonld::JsonLd;
use super::published::{self, Dated};
use crate::article::dates::{MONTHS, WEEKDAYS};
use crate::article::Provenance;

/// What the page says about its article, before the body is extracted.
#[derive(Debug, Default)]
pub(super) struct PageMeta {
    pub headline: Option<(String, Provenance)>,
    pub byline: Option<String>,
    pub date: Option<Dated>,
    pub url: Option<String>,
    pub source: Option<String>,
    /// `articleBody` from JSON-LD, a fallback when the extractor finds too little.
    pub ld_body: Option<String>,
}

/// Reads every metadata source of a parsed page.
pub(super) fn extract(doc: &Html) -> PageMeta {
    let metas = meta_tags(doc);
    let meta = |keys: &[&str]| keys.iter().find_map(|k| metas.get(*k).cloned());
    let ld = JsonLd::from_doc(doc);
    let site_name = meta(&["og:site_name", "application-name"])
        .or_else(|| ld.publisher())
        .map(|s| host_of(&s).unwrap_or(s));

    let from = |source: Provenance| move |s: String| (s, source);
    let headline = meta(&["og:title"])
        .filter(|t| Some(t) != site_name.as_ref())
        .map(from(Provenance::Meta))
        .or_else(|| ld.text("headline").map(from(Provenance::JsonLd)))
        .or_else(|| {
            meta(&[
                "twitter:title",
                "parsely-title",
                "sailthru.title",
                "dc.title",
                "dcterms.title",
                "headline",
            ])
            .map(from(Provenance::Meta))
        })
        .or_else(|| title_fallback(doc, site_name.as_deref()));

    let byline = ld
        .authors()
        .or_else(|| {
            let keys = [
                "author",
                "byl",
                "article:author",
                "parsely-author",
                "sailthru.author",
                "dc.creator",
                "dcterms.creator",
                "creator",
            ];
            keys.iter()
                .filter_map(|k| metas.get(*k))
                .find_map(|v| clean_byline(v))
        })
        .or_else(|| page_byline(doc));

    let url = first_attr(doc, "link[rel~=canonical]", "href")
        .or_else(|| meta(&["og:url"]))
        .or_else(|| ld.text("url"))
        .filter(|u| u.starts_with("http"));
    let date = published::find(doc, &metas, &ld, url.as_deref());

    PageMeta {
        headline,
        byline,
        date,
        url,
        source: site_name,
        ld_body: ld.text("articleBody"),
    }
}

/// A site name written as an address ("https://www.newsnation.in") as its host name.
fn host_of(s: &str) -> Option<String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))?;
    let host = rest.split('/').next()?.trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_string())
}

/// All `<meta>` tags keyed by lowercased `name`/`property`/`itemprop`; the first value wins.
pub(super) fn meta_tags(doc: &Html) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for el in select(doc, "meta[content]") {
        let v = el.value();
        let content = squash(v.attr("content").unwrap_or_default());
        if content.is_empty() {
            continue;
        }
        for key in ["name", "property", "itemprop"]
            .iter()
            .filter_map(|a| v.attr(a))
        {
            // `property` may hold several space-separated names (RDFa).
            for k in key.split_whitespace() {
                out.entry(k.to_ascii_lowercase())
                    .or_insert_with(|| content.clone());
            }
        }
    }
    out
}

/// A byline written in the page itself (`rel=author`, `itemprop=author`, `.byline`).
fn page_byline(doc: &Html) -> Option<String> {
    [
        "[itemprop=author] [itemprop=name]",
        "[itemprop=author]",
        "a[rel~=author]",
        ".byline",
        ".author-name",
    ]
    .iter()
    .flat_map(|css| select(doc, css))
    .find_map(|el| {
        let text = el.text().collect::<Vec<_>>().join(" ");
        clean_byline(&cut_at_date(&text)).filter(|b| b.len() <= 100)
    })
}

/// A visible byline often runs into the dateline ("Jeff Foust Monday, November 18, 2019"):
/// keeps what comes before the first weekday, month name or number.
fn cut_at_date(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let is_date = |w: &&str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let w = w.as_str();
        // "May" is left out: it is a name as often as a month.
        WEEKDAYS.contains(&w)
            || (MONTHS.contains(&w) && w != "may")
            || matches!(w, "updated" | "published")
            || w.starts_with(|c: char| c.is_ascii_digit())
    };
    let end = words
        .iter()
        .skip(1)
        .position(is_date)
        .map_or(words.len(), |i| i + 1);
    words[..end]
        .join(" ")
        .trim_end_matches([',', '|', '-', '–', '·'])
        .trim()
        .to_string()
}

/// `<title>` (or the first `<h1>`) with a trailing " | Site Name" cut off.
fn title_fallback(doc: &Html, site_name: Option<&str>) -> Option<(String, Provenance)> {
    let title = select(doc, "title")
        .first()
        .map(|el| text_of(*el))
        .filter(|t| !t.is_empty());
    let h1 = select(doc, "h1")
        .first()
        .map(|el| text_of(*el))
        .filter(|t| !t.is_empty());
    let host = first_attr(doc, "link[rel~=canonical]", "href")
        .or_else(|| first_attr(doc, "meta[property='og:url']", "content"));
    match title {
        Some(t) => Some((
            strip_site_suffix(&t, site_name, host.as_deref(), h1.as_deref()),
            Provenance::Title,
        )),
        None => h1.map(|h| (h, Provenance::H1)),
    }
}

/// Removes a site name after the last separator, when it is clearly the site's name:
/// it equals `site_name`, appears in the URL's host, or the rest equals the `<h1>`.
pub(super) fn strip_site_suffix(
    title: &str,
    site_name: Option<&str>,
    url: Option<&str>,
    h1: Option<&str>,
) -> String {
    let compact = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let host = url
        .and_then(|u| u.split('/').nth(2))
        .map(compact)
        .unwrap_or_default();
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " // "] {
        let Some((head, tail)) = title.rsplit_once(sep) else {
            continue;
        };
        let (head, tail) = (head.trim(), tail.trim());
        if head.is_empty() {
            continue;
        }
        let tail_c = compact(tail);
        let is_site = site_name.is_some_and(|s| compact(s) == tail_c)
            || (tail_c.len() >= 3 && host.contains(&tail_c))
            || h1.is_some_and(|h| compact(h) == compact(head));
        if is_site {
            // "Story | Section | Site": drop the section too when the head still ends in one.
            return strip_site_suffix(head, site_name, url, h1);
        }
    }
    title.trim().to_string()
}

/// A byline cleaned of "By " and surrounding noise; `None` for URLs and empty values.
pub(super) fn clean_byline(s: &str) -> Option<String> {
    let s = squash(s);
    let lower = s.to_ascii_lowercase();
    if s.is_empty()
        || lower.starts_with("http")
        || lower.starts_with("www.")
        || lower.starts_with('@')
    {
        return None;
    }
    // "Amy Kuperinsky | NJ Advance Media for NJ.com": the name, not the affiliation.
    let s = s.split(" | ").next().unwrap_or_default().trim().to_string();
    let lower = s.to_ascii_lowercase();
    let s = ["by ", "by: ", "von "]
        .iter()
        .find_map(|p| {
            lower
                .starts_with(p)
                .then(|| s[p.len()..].trim().to_string())
        })
        .unwrap_or(s);
    (!s.is_empty()).then_some(s)
}

/// Decodes HTML entities and drops tags that JSON-LD strings sometimes carry.
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains(['&', '<']) {
        return s.trim().to_string();
    }
    let frag = Html::parse_fragment(s);
    frag.root_element()
        .text()
        .collect::<String>()
        .trim()
        .to_string()
}

/// The elements matching a CSS selector; none when the selector does not parse.
pub(super) fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    match Selector::parse(css) {
        Ok(sel) => doc.select(&sel).collect(),
        Err(_) => Vec::new(),
    }
}

fn first_attr(doc: &Html, css: &str, attr: &str) -> Option<String> {
    select(doc, css)
        .iter()
        .find_map(|el| el.value().attr(attr))
        .map(squash)
        .filter(|s| !s.is_empty())
}

/// An element's text with whitespace collapsed.
fn text_of(el: ElementRef<'_>) -> String {
    squash(&el.text().collect::<String>())
}

pub(super) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_site_suffixes() {
        let cases = [
            (
                "Bridge closed | Town Post",
                Some("Town Post"),
                None,
                None,
                "Bridge closed",
            ),
            (
                "Bridge closed - Town Post",
                None,
                Some("https://www.townpost.com/a"),
                None,
                "Bridge closed",
            ),
            (
                "Bridge closed | News | Town Post",
                Some("Town Post"),
                None,
                None,
                "Bridge closed | News",
            ),
            (
                "Bridge closed | News | Town Post",
                Some("Town Post"),
                None,
                Some("Bridge closed"),
                "Bridge closed",
            ),
            (
                "Diet - lose 10 kg. Reviews",
                None,
                Some("https://diet.example/x"),
                None,
                "Diet - lose 10 kg. Reviews",
            ),
            ("Town Post", Some("Town Post"), None, None, "Town Post"),
            ("Q&A - the mayor", None, None, None, "Q&A - the mayor"),
        ];
        for (title, site, url, h1, want) in cases {
            assert_eq!(strip_site_suffix(title, site, url, h1), want, "{title}");
        }
    }

    #[test]
    fn cuts_bylines_at_dates() {
        let cases = [
            ("Jeff Foust Monday, November 18, 2019", "Jeff Foust"),
            ("Jane Roe | 3 hours ago", "Jane Roe"),
            ("Jane Roe, Updated 5:00 PM", "Jane Roe"),
            ("Jane Roe", "Jane Roe"),
            ("June Carter", "June Carter"),
        ];
        for (raw, want) in cases {
            assert_eq!(cut_at_date(raw), want, "{raw}");
        }
    }

    #[test]
    fn cleans_bylines() {
        let cases = [
            ("By JOHN DOE", Some("JOHN DOE")),
            ("  by  Jane   Roe ", Some("Jane Roe")),
            ("https://www.facebook.com/someone", None),
            ("@handle", None),
            ("", None),
            (
                "Analysis by Chris Cillizza",
                Some("Analysis by Chris Cillizza"),
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_byline(raw).as_deref(), want, "{raw}");
        }
    }
}
