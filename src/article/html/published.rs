//! The day a page was published, and where it was read from.
//!
//! Sources, most trusted first: publication meta tags and JSON-LD; a full date in the
//! page's URL; `<time>`-like markup (not in teasers for other stories); a date box just
//! above or below the headline; the loose `date` meta tags that often hold the day a page
//! was last saved; a publication date in the page's other scripts (`script_dates`); other
//! dates written in the page (`date_text`), with a date in the page's
//! description before the last resorts, any date in its text and then in its footer.
//! All-numeric dates are
//! read in the order the page's language writes them.
//!
//! Metadata stamped in UTC can name the next or previous day from the publisher's own
//! (`2020-02-25T02:25Z` for an article dated 24 February in Berlin). When the page itself
//! shows the neighbouring day, that calendar day is kept: it is the one its readers saw.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::tz::Offset;
use scraper::Html;

use super::date_text::{self, in_comments, text_of};
use super::jsonld::JsonLd;
use super::meta::select;
use super::script_dates;
use super::zone;
use crate::article::dates::{date_in_path, parse_written, Clock, DayOrder};
use crate::article::Provenance;

/// A publication day with the time of day its source wrote, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Dated {
    pub date: Date,
    pub clock: Option<Clock>,
    pub source: Provenance,
}

/// Meta tags that name the publication date, in order of trust.
const META_KEYS: &[&str] = &[
    "article:published_time",
    "article:published",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "publication_date",
    "publication-date",
    "date_published",
    "published_date",
    "published-date",
    "article:post_date",
    "article_date_original",
    "originalpublicationdate",
    "citation_publication_date",
    "citation_date",
    "shareaholic:article_published_time",
    "rnews:datepublished",
    "bt:pubdate",
    "cxenseparse:recs:publishtime",
    "cxenseparse:publishtime",
    "published_time",
    "og:pubdate",
    "publicationdate",
    "prism.publicationdate",
    "vr:published_time",
    "vr:published-time",
    "dc.date.issued",
    "dcterms.issued",
];

/// Meta tags that name *a* date of the page, not always its publication: content
/// management systems fill `date` and Dublin Core's `dc.date` with the day the page was
/// last saved. Visible markup outranks them.
const LOOSE_META_KEYS: &[&str] = &[
    "date",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "dcterms:created",
    "dc:date.created",
];

/// Markup that states a publication date in an attribute (`datetime`, `content`, `title`).
const MARKUP: &[&str] = &[
    "[itemprop=datePublished]",
    "time[pubdate]",
    "article time[datetime]",
    "abbr.published[title]",
    "time[datetime]",
];

/// Reads the publication day of a page.
pub(super) fn find(
    doc: &Html,
    metas: &HashMap<String, String>,
    ld: &JsonLd,
    url: Option<&str>,
    headline: Option<&str>,
) -> Option<Dated> {
    let lang = page_lang(doc, metas).unwrap_or_default();
    let order = order_for(&lang);
    let from_meta = |keys: &[&str]| -> Vec<Dated> {
        keys.iter()
            .filter_map(|k| metas.get(*k))
            .filter_map(|v| written(v, Provenance::Meta))
            .collect()
    };
    let mut declared = from_meta(META_KEYS);
    declared.extend(
        ld.date_values()
            .iter()
            .filter_map(|v| written(v, Provenance::JsonLd)),
    );
    if let Some(first) = declared.first() {
        return Some(local_day(*first, &declared, &lang, url));
    }
    let text = |date: Date| Dated {
        date,
        clock: None,
        source: Provenance::Text,
    };
    let loose = from_meta(LOOSE_META_KEYS);
    url.and_then(url_day)
        .map(|date| Dated {
            date,
            clock: None,
            source: Provenance::Url,
        })
        .or_else(|| markup_date(doc))
        .or_else(|| date_text::box_after_headline(doc, order, headline).map(text))
        .or_else(|| loose.first().map(|d| local_day(*d, &loose, &lang, url)))
        .or_else(|| {
            script_dates::values(doc)
                .iter()
                .find_map(|v| written(v, Provenance::Script))
        })
        .or_else(|| {
            date_text::boxed_date(doc, order)
                .or_else(|| date_text::after_headline(doc, order, headline))
                .map(text)
        })
        .or_else(|| date_text::title_date(doc, order).map(text))
        .or_else(|| {
            // "Story summary (News of 14 January 2020)": some sites date only the summary.
            ["description", "og:description", "twitter:description"]
                .iter()
                .filter_map(|k| metas.get(*k))
                .find_map(|d| date_text::strong_date(d, order))
                .map(|date| Dated {
                    date,
                    clock: None,
                    source: Provenance::Meta,
                })
        })
        .or_else(|| date_text::anywhere(doc, order).map(text))
        .or_else(|| date_text::in_footer(doc, order).map(text))
        .or_else(|| from_meta(UPDATED_KEYS).into_iter().next())
        .filter(|d| d.date <= date_text::latest_day())
}

/// Meta tags that name the day a page was last updated: a page dated nowhere else was
/// published on or before it, and most are updated the day they appear.
const UPDATED_KEYS: &[&str] = &["og:updated_time", "article:modified_time", "datemodified"];

/// The day in a page's URL, when it is one a web page can have been published on: ids
/// such as `/19850314/` and far-future days are not publication days.
fn url_day(url: &str) -> Option<Date> {
    date_in_path(url).filter(|d| d.year() >= 1990 && *d <= date_text::latest_day())
}

/// A date stamped in UTC names the UTC day, which is not always the publisher's. In
/// turn: another declared value for the same instant written with the publisher's own
/// offset; the offset of the region the page's language is written in, when one zone
/// dominates it; the day in the page's URL, when it is the next or previous one.
fn local_day(d: Dated, declared: &[Dated], lang: &str, url: Option<&str>) -> Dated {
    let instant = |x: &Dated| x.clock.and_then(|c| c.instant(x.date));
    let is_utc = |x: &Dated| x.clock.is_some_and(|c| c.offset == Some(Offset::UTC));
    let Some(at) = instant(&d).filter(|_| is_utc(&d)) else {
        return d;
    };
    let same_instant = declared.iter().find(|x| {
        !is_utc(x) && instant(x).is_some_and(|t| (t.as_second() - at.as_second()).abs() < 60)
    });
    if let Some(x) = same_instant {
        return *x;
    }
    if let Some(offset) = zone::offset_at(lang, at) {
        let local = offset.to_datetime(at);
        return Dated {
            date: local.date(),
            clock: Some(Clock {
                time: local.time(),
                offset: Some(offset),
            }),
            source: d.source,
        };
    }
    match url.and_then(url_day) {
        Some(day) if (day - d.date).get_days().abs() == 1 => Dated {
            date: day,
            clock: None,
            source: Provenance::Url,
        },
        _ => d,
    }
}

/// A trusted date (the shared parser, a plausible year, not in the future) with its clock.
fn written(s: &str, source: Provenance) -> Option<Dated> {
    parse_written(s)
        .filter(|w| w.date.year() >= 1800 && w.date <= date_text::latest_day())
        .map(|w| Dated {
            date: w.date,
            clock: w.clock,
            source,
        })
}

/// A date in `<time datetime>` and similar markup, preferring one marked as publication
/// and passing over one marked or labelled as an update while another is there.
fn markup_date(doc: &Html) -> Option<Dated> {
    let found: Vec<(Dated, bool)> = MARKUP
        .iter()
        .flat_map(|css| select(doc, css))
        .filter(|el| !in_comments(*el) && !date_text::in_teaser(*el))
        .filter_map(|el| {
            let v = el.value();
            let s = v
                .attr("datetime")
                .or(v.attr("content"))
                .or(v.attr("title"))
                .map(str::to_string)
                .unwrap_or_else(|| text_of(el));
            written(&s, Provenance::Time).map(|d| (d, marked_update(el)))
        })
        .collect();
    found
        .iter()
        .find(|(_, update)| !update)
        .or(found.first())
        .map(|(d, _)| *d)
}

/// Markup whose class or `itemprop` says it holds the day of an update
/// (`<time class="updated">`), or whose text just before says so ("Updated <time>").
fn marked_update(el: scraper::ElementRef<'_>) -> bool {
    let v = el.value();
    let names = format!(
        "{} {}",
        v.attr("class").unwrap_or_default(),
        v.attr("itemprop").unwrap_or_default()
    )
    .to_ascii_lowercase();
    let before = el
        .prev_sibling()
        .and_then(|n| n.value().as_text().map(|t| t.to_string()))
        .unwrap_or_default();
    names.contains("updated") || names.contains("modified") || date_text::labelled_update(&before)
}

/// The page's declared language (`<html lang>`, `og:locale`, `Content-Language`).
fn page_lang(doc: &Html, metas: &HashMap<String, String>) -> Option<String> {
    select(doc, "html[lang]")
        .first()
        .and_then(|el| el.value().attr("lang"))
        .map(str::to_string)
        .or_else(|| metas.get("og:locale").cloned())
        .or_else(|| metas.get("language").cloned())
        .or_else(|| {
            select(doc, "meta[http-equiv]")
                .iter()
                .find(|el| {
                    el.value()
                        .attr("http-equiv")
                        .is_some_and(|h| h.eq_ignore_ascii_case("content-language"))
                })
                .and_then(|el| el.value().attr("content"))
                .map(str::to_string)
        })
}

/// Day-first or month-first for a language tag (`en-US`, `de_AT`, `fr`): US English writes
/// the month first, bare English is left undecided, every other language the day first.
fn order_for(lang: &str) -> DayOrder {
    let lang = lang.trim().to_ascii_lowercase().replace('_', "-");
    match lang.split('-').collect::<Vec<_>>().as_slice() {
        [""] => DayOrder::Unknown,
        ["en", "us", ..] => DayOrder::MonthFirst,
        ["en"] => DayOrder::Unknown,
        _ => DayOrder::DayFirst,
    }
}

#[cfg(test)]
#[path = "published_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "published_cases.rs"]
mod cases;
