//! The day a page was published, and where it was read from.
//!
//! Sources, most trusted first: publication meta tags, JSON-LD, `<time>`-like markup, a
//! full date in the page's URL, then dates written in the page: in an element its markup
//! calls a date, byline or post meta (never inside comments), in the lines after the
//! headline, and last in the `<title>`. All-numeric dates are read in the order the page's
//! language writes them.
//!
//! Metadata stamped in UTC can name the next or previous day from the publisher's own
//! (`2020-02-25T02:25Z` for an article dated 24 February in Berlin). When the page itself
//! shows the neighbouring day, that calendar day is kept: it is the one its readers saw.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::tz::Offset;
use scraper::{ElementRef, Html};

use super::jsonld::JsonLd;
use super::meta::{select, squash};
use super::zone;
use crate::article::dates::{date_in_path, find_dates, parse_written, Clock, DayOrder, Found};
use crate::article::Provenance;

/// A publication day with the time of day its source wrote, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Dated {
    pub date: Date,
    pub clock: Option<Clock>,
    pub source: Provenance,
}

/// Meta tags naming the publication date, in order of trust.
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
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
];

/// Markup that states a publication date in an attribute (`datetime`, `content`, `title`).
const MARKUP: &[&str] = &[
    "[itemprop=datePublished]",
    "time[pubdate]",
    "article time[datetime]",
    "abbr.published[title]",
    "time[datetime]",
];

/// Elements whose class or id calls them a date, byline or post meta, in any language.
const DATE_BOXES: &str = "[class*=date], [id*=date], [class*=Date], [class*=datum], \
    [class*=fecha], [class*=publi], [class*=posted], [class*=byline], [class*=dateline], \
    [class*=meta], [class*=time], [id*=time], [class*=info], [class*=author], time";

/// How many characters of page text after the headline are searched for a date line.
const AFTER_HEADLINE_CHARS: usize = 600;
/// How much of a page's text is searched when nothing marks a date.
const PAGE_CHARS: usize = 30_000;

/// Reads the publication day of a page.
pub(super) fn find(
    doc: &Html,
    metas: &HashMap<String, String>,
    ld: &JsonLd,
    url: Option<&str>,
) -> Option<Dated> {
    let lang = page_lang(doc, metas).unwrap_or_default();
    let order = order_for(&lang);
    let mut declared: Vec<Dated> = META_KEYS
        .iter()
        .filter_map(|k| metas.get(*k))
        .filter_map(|v| written(v, Provenance::Meta))
        .collect();
    declared.extend(
        ld.date_values()
            .iter()
            .filter_map(|v| written(v, Provenance::JsonLd)),
    );
    if let Some(first) = declared.first() {
        return Some(local_day(*first, &declared, &lang, url));
    }
    markup_date(doc)
        .or_else(|| {
            url.and_then(date_in_path).map(|date| Dated {
                date,
                clock: None,
                source: Provenance::Url,
            })
        })
        .or_else(|| {
            boxed_date(doc, order)
                .or_else(|| after_headline(doc, order))
                .map(|date| Dated {
                    date,
                    clock: None,
                    source: Provenance::Text,
                })
        })
        .or_else(|| title_date(doc, order))
        .or_else(|| {
            anywhere(doc, order).map(|date| Dated {
                date,
                clock: None,
                source: Provenance::Text,
            })
        })
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
    match url.and_then(date_in_path) {
        Some(day) if (day - d.date).get_days().abs() == 1 => Dated {
            date: day,
            clock: None,
            source: Provenance::Url,
        },
        _ => d,
    }
}

/// A trusted date (the shared parser, a plausible year) with its clock.
fn written(s: &str, source: Provenance) -> Option<Dated> {
    parse_written(s)
        .filter(|w| w.date.year() >= 1800)
        .map(|w| Dated {
            date: w.date,
            clock: w.clock,
            source,
        })
}

/// A date in `<time datetime>` and similar markup, preferring one marked as publication.
fn markup_date(doc: &Html) -> Option<Dated> {
    MARKUP
        .iter()
        .flat_map(|css| select(doc, css))
        .filter(|el| !in_comments(*el))
        .find_map(|el| {
            let v = el.value();
            let s = v
                .attr("datetime")
                .or(v.attr("content"))
                .or(v.attr("title"))
                .map(str::to_string)
                .unwrap_or_else(|| text_of(el));
            written(&s, Provenance::Time)
        })
}

/// The first date written inside an element marked as a date, byline or post meta.
fn boxed_date(doc: &Html, order: DayOrder) -> Option<Date> {
    select(doc, DATE_BOXES)
        .into_iter()
        .filter(|el| !in_comments(*el) && !in_chrome(*el))
        .find_map(|el| {
            let text = text_of(el);
            if text.chars().count() > 200 {
                return None;
            }
            find_dates(&text, order)
                .into_iter()
                .find(|f| f.date.year() >= 1995)
                .map(|f| f.date)
        })
}

/// The first full date in the text that follows one of the page's first `<h1>`s (the
/// first is sometimes a hidden site name).
fn after_headline(doc: &Html, order: DayOrder) -> Option<Date> {
    select(doc, "h1").into_iter().take(3).find_map(|h1| {
        let after = std::iter::once(h1)
            .chain(h1.ancestors().filter_map(ElementRef::wrap))
            .flat_map(|a| a.next_siblings())
            .flat_map(|s| s.descendants());
        strong_date(&visible_text(after, AFTER_HEADLINE_CHARS), order)
    })
}

/// The first full date anywhere in the page's visible text, outside navigation,
/// sidebars, footers and comments: the last resort.
fn anywhere(doc: &Html, order: DayOrder) -> Option<Date> {
    let body = select(doc, "body").into_iter().next()?;
    let nodes = body.descendants().filter(|n| {
        n.parent()
            .and_then(ElementRef::wrap)
            .is_some_and(|p| !in_chrome(p))
    });
    strong_date(&visible_text(nodes, PAGE_CHARS), order)
}

/// The text of `nodes` outside scripts, styles and comment threads, up to about `limit`
/// bytes.
fn visible_text<'a>(
    nodes: impl Iterator<Item = ego_tree::NodeRef<'a, scraper::Node>>,
    limit: usize,
) -> String {
    let mut text = String::new();
    for node in nodes {
        let Some(t) = node.value().as_text() else {
            continue;
        };
        let hidden = node.parent().and_then(ElementRef::wrap).is_some_and(|p| {
            matches!(
                p.value().name(),
                "script" | "style" | "noscript" | "template"
            ) || in_comments(p)
        });
        if hidden {
            continue;
        }
        text.push_str(t);
        text.push(' ');
        if text.len() > limit {
            break;
        }
    }
    squash(&text)
}

/// A date in the `<title>` ("Story | 02.11.2021").
fn title_date(doc: &Html, order: DayOrder) -> Option<Dated> {
    let title = select(doc, "title").into_iter().next().map(text_of)?;
    strong_date(&title, order).map(|date| Dated {
        date,
        clock: None,
        source: Provenance::Text,
    })
}

/// The first date with a four-digit year from 1995 on.
fn strong_date(text: &str, order: DayOrder) -> Option<Date> {
    find_dates(text, order)
        .into_iter()
        .find(|f: &Found| !f.weak && f.date.year() >= 1995)
        .map(|f| f.date)
}

/// Inside a comment thread or reply (whose dates are the readers', not the article's).
pub(super) fn in_comments(el: ElementRef<'_>) -> bool {
    marked(el, &["comment", "reply", "respond", "kommentar"])
}

/// Inside the page's footer, navigation or a sidebar.
fn in_chrome(el: ElementRef<'_>) -> bool {
    let tags = el
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| matches!(a.value().name(), "footer" | "nav" | "aside"));
    // Class names are too loose here (`footerRow` holds a byline on some sites).
    tags || marked(el, &["sidebar"])
}

/// The element or an ancestor below `<body>` has a class or id containing one of `words`.
/// (`<body>` classes describe the whole page: `has-sidebar`, `comments-open`.)
fn marked(el: ElementRef<'_>, words: &[&str]) -> bool {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .take_while(|a| !matches!(a.value().name(), "body" | "html"))
        .any(|a| {
            let v = a.value();
            let names = format!(
                "{} {}",
                v.attr("class").unwrap_or_default(),
                v.attr("id").unwrap_or_default()
            )
            .to_ascii_lowercase();
            words.iter().any(|w| names.contains(w))
        })
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

fn text_of(el: ElementRef<'_>) -> String {
    squash(&el.text().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dated(html: &str, url: Option<&str>) -> Option<(String, Provenance)> {
        let doc = Html::parse_document(html);
        let metas = super::super::meta::meta_tags(&doc);
        let ld = JsonLd::from_doc(&doc);
        find(&doc, &metas, &ld, url).map(|d| (d.date.to_string(), d.source))
    }

    type Expected = Option<(&'static str, Provenance)>;

    #[test]
    fn each_source_in_turn() {
        use Provenance::*;
        // (page, its URL, expected day and source)
        let cases: &[(&str, Option<&str>, Expected)] = &[
            (
                r#"<meta property="article:published_time" content="2021-03-03T10:00:00+01:00">"#,
                None,
                Some(("2021-03-03", Meta)),
            ),
            (
                r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-05-06"}</script>"#,
                None,
                Some(("2020-05-06", JsonLd)),
            ),
            (
                r#"<h1>Title</h1><p>By Ann <time datetime="2019-11-18T09:00">Monday</time></p>"#,
                None,
                Some(("2019-11-18", Time)),
            ),
            (
                "<h1>Title</h1><p>Some text.</p>",
                Some("https://x.example/2018/07/09/slug"),
                Some(("2018-07-09", Url)),
            ),
            (
                r#"<h1>Title</h1><div class="entry-meta">Posted on 13. Januar 2014 by Ann</div>"#,
                None,
                Some(("2014-01-13", Text)),
            ),
            (
                "<h1>Top 10</h1><p>January 22, 2014</p><p>A myth.</p>",
                None,
                Some(("2014-01-22", Text)),
            ),
            (
                "<title>Story | 02.11.2021</title><h1>Story</h1><p>Text without a date.</p>",
                None,
                Some(("2021-11-02", Text)),
            ),
            ("<h1>Title</h1><p>Nothing dated here.</p>", None, None),
        ];
        for (html, url, want) in cases {
            let got = dated(html, *url);
            let want = want.map(|(d, s)| (d.to_string(), s));
            assert_eq!(got, want, "{html}");
        }
    }

    #[test]
    fn comment_dates_are_not_the_articles() {
        let html = r#"<h1>Title</h1><div class="entry">Long text with no date at all in it.</div>
            <div class="comments"><span class="comment-date">8. Dezember 2010</span></div>"#;
        assert_eq!(dated(html, None), None);
    }

    #[test]
    fn numeric_dates_follow_the_page_language() {
        let page = |lang: &str| {
            format!(
                r#"<html lang="{lang}"><body><h1>T</h1><span class="date">03/04/2021</span></body></html>"#
            )
        };
        let cases = [
            ("en-US", Some("2021-03-04")),
            ("en-GB", Some("2021-04-03")),
            ("fr", Some("2021-04-03")),
            ("en", None),
        ];
        for (lang, want) in cases {
            let got = dated(&page(lang), None).map(|(d, _)| d);
            assert_eq!(got.as_deref(), want, "{lang}");
        }
    }

    #[test]
    fn utc_stamp_yields_to_the_publishers_own_offset() {
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-02-24T21:25:00-05:00"}</script>"#;
        let cases = [
            // The same instant, written in UTC and in New York time: New York's day.
            (
                format!(
                    r#"<meta property="article:published_time" content="2020-02-25T02:25:00Z">{ld}"#
                ),
                ("2020-02-24", Provenance::JsonLd),
            ),
            // Another instant: the first declared value stands.
            (
                format!(
                    r#"<meta property="article:published_time" content="2020-02-25T09:00:00Z">{ld}"#
                ),
                ("2020-02-25", Provenance::Meta),
            ),
            // Already local: it stands.
            (
                format!(
                    r#"<meta property="article:published_time" content="2020-02-25T02:25:00+01:00">{ld}"#
                ),
                ("2020-02-25", Provenance::Meta),
            ),
        ];
        for (html, (day, source)) in cases {
            assert_eq!(dated(&html, None), Some((day.into(), source)), "{html}");
        }
    }
}
