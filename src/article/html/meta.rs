//! Page metadata: headline, byline, date, URL and source from JSON-LD, OpenGraph,
//! `<meta>` tags and, last, the visible page (`<title>`, `<h1>`, `<time>`, byline links).
//!
//! Each field takes the first source that has a usable value, in an order chosen for
//! news pages: what the publisher declares for sharing (OpenGraph, article meta tags)
//! before structured data, and both before anything guessed from the visible page.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Selector};

use super::byline;
use super::headline;
use super::jsonld::JsonLd;
use super::published::{self, Dated};
use crate::article::dates::{MONTHS, WEEKDAYS};
use crate::article::Provenance;

/// What the page says about its article, before the body is extracted.
#[derive(Debug, Default)]
pub(super) struct PageMeta {
    pub headline: Option<(String, Provenance)>,
    pub byline: Option<String>,
    /// The byline is only the site's or publisher's name (a person named in the text wins).
    pub byline_names_site: bool,
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

    let url = first_attr(doc, "link[rel~=canonical]", "href")
        .or_else(|| meta(&["og:url"]))
        .or_else(|| ld.text("url"))
        .filter(|u| u.starts_with("http"));
    let headline = headline::choose(
        doc,
        &declared_titles(doc, &metas, &ld, site_name.as_deref()),
        site_name.as_deref(),
        url.as_deref(),
    );

    let declared = ld.authors().or_else(|| {
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
    });
    let site_names: Vec<String> = [
        meta(&["og:site_name"]),
        meta(&["application-name"]),
        meta(&["twitter:site"]),
        ld.publisher(),
        url.as_deref().and_then(host_of),
    ]
    .into_iter()
    .flatten()
    .collect();
    let byline = byline::choose(doc, declared, &site_names);
    let byline_names_site = byline
        .as_deref()
        .is_some_and(|b| byline::names_the_site(b, &site_names));

    let date = published::find(
        doc,
        &metas,
        &ld,
        url.as_deref(),
        headline.as_ref().map(|(h, _)| h.as_str()),
    );

    PageMeta {
        headline,
        byline,
        byline_names_site,
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

/// A visible byline often runs into the dateline ("Jeff Foust Monday, November 18, 2019"):
/// keeps what comes before the first weekday, month name or number.
pub(super) fn cut_at_date(s: &str) -> String {
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

/// The titles a page declares for its story, most trusted first: OpenGraph (unless it
/// is only the site's name), JSON-LD `headline`, other title meta tags, `<title>`.
fn declared_titles(
    doc: &Html,
    metas: &HashMap<String, String>,
    ld: &JsonLd,
    site_name: Option<&str>,
) -> Vec<(String, Provenance)> {
    let mut out = Vec::new();
    let mut push = |t: Option<String>, source: Provenance| {
        if let Some(t) = t.map(|t| squash(&t)).filter(|t| !t.is_empty()) {
            if Some(t.as_str()) != site_name && !out.iter().any(|(o, _)| *o == t) {
                out.push((t, source));
            }
        }
    };
    push(metas.get("og:title").cloned(), Provenance::Meta);
    push(ld.text("headline"), Provenance::JsonLd);
    for key in [
        "twitter:title",
        "parsely-title",
        "sailthru.title",
        "dc.title",
        "dcterms.title",
        "headline",
    ] {
        push(metas.get(key).cloned(), Provenance::Meta);
    }
    let title = select(doc, "title").first().map(|el| text_of(*el));
    push(title, Provenance::Title);
    out
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
    let s = [
        "by ",
        "by: ",
        "von ",
        "von: ",
        "text: ",
        "text von ",
        "autor: ",
        "autorin: ",
        "author: ",
        "posted by ",
        "written by ",
        "geschrieben von ",
        "erstellt von ",
        "verfasst von ",
        "par ",
        "por ",
        "door ",
    ]
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

/// Letters and digits only, lowercased: for comparing text written differently across
/// markup ("L-MAG" and "lmag", a title and its `<h1>`).
pub(super) fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The rest of `p` after `prefix` when `p` opens with it, in any case.
pub(super) fn strip_prefix_any_case<'a>(p: &'a str, prefix: &str) -> Option<&'a str> {
    let mut chars = p.char_indices();
    for want in prefix.chars() {
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
