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
    url.and_then(date_in_path)
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
        .filter(|el| !in_comments(*el) && !date_text::in_teaser(*el))
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
mod tests {
    use super::*;

    fn dated(html: &str, url: Option<&str>) -> Option<(String, Provenance)> {
        let doc = Html::parse_document(html);
        let metas = super::super::meta::meta_tags(&doc);
        let ld = JsonLd::from_doc(&doc);
        find(&doc, &metas, &ld, url, None).map(|d| (d.date.to_string(), d.source))
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
            // Publication meta tags under other common names.
            (
                r#"<meta name="publication_date" content="2022-02-08T14:00:00"><p>Closes on 28. Februar 2022.</p>"#,
                None,
                Some(("2022-02-08", Meta)),
            ),
            (
                r#"<meta name="citation_publication_date" content="2017/05/01">"#,
                None,
                Some(("2017-05-01", Meta)),
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
            (
                r#"<meta name="description" content="Bears had a record year (Notizia del 14 Gennaio 2020)"><h1>Bears</h1><p>No date.</p>"#,
                None,
                Some(("2020-01-14", Meta)),
            ),
            (
                "<h1>Title</h1><p>Undated text.</p><footer><p>Copyright © 19.12.2019 - 12:14 h</p></footer>",
                None,
                Some(("2019-12-19", Text)),
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
    fn visible_markup_outranks_loose_date_meta() {
        // CMSs fill `<meta name="date">` with the day the page was last saved.
        let html = r#"<meta name="date" content="2022-01-26T14:32:06+02:00">
            <h1>Boots on test</h1><p class="meta"><time datetime="2022-01-21">21.01.2022</time></p>"#;
        assert_eq!(
            dated(html, None),
            Some(("2022-01-21".into(), Provenance::Time))
        );
        let html = r#"<meta name="date" content="2022-01-26"><h1>T</h1><p>No date shown.</p>"#;
        assert_eq!(
            dated(html, None),
            Some(("2022-01-26".into(), Provenance::Meta))
        );
    }

    #[test]
    fn the_date_box_under_the_headline_is_the_articles() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            // Today's date in the masthead and an events list below do not count.
            (
                r#"<meta name="date" content="2021-12-20"><span class="today">Mittwoch, 26.02.2020</span>
                <h1>Riesling posts win</h1><div class="row"><span class="date">27.01.2022</span>
                <p>Text.</p></div><ul><li class="event-date">29.02.2020</li></ul>"#,
                None,
                "2022-01-27",
            ),
            // A date line just above the headline, in the same container.
            (
                r#"<meta name="date" content="2020-02-12"><div class="news-item">
                <div class="news-timedata">05.02.2020 - Redaktion</div><h1>Fair supply chains</h1>
                <p>Text.</p></div>"#,
                None,
                "2020-02-05",
            ),
            // The headline is an <h6>: found by the chosen headline's text.
            (
                r#"<div class="menu"><span class="newsitem-time">21.11.2021</span></div>
                <h6>Energy prices: your rights</h6><h5>Von Lea Holl</h5>
                <p class="info">(21. November 2022) Prices keep rising.</p>"#,
                Some("Energy prices: your rights"),
                "2022-11-21",
            ),
        ];
        for (html, headline, want) in cases {
            let doc = Html::parse_document(html);
            let metas = super::super::meta::meta_tags(&doc);
            let ld = JsonLd::from_doc(&doc);
            let got =
                find(&doc, &metas, &ld, None, *headline).map(|d| (d.date.to_string(), d.source));
            assert_eq!(got, Some((want.to_string(), Provenance::Text)), "{html}");
        }
    }

    #[test]
    fn script_data_dates_a_page_that_shows_none() {
        let html = r#"<script>var p = {"published_at":"2019-03-02T06:22:28+01:00"};</script>
            <h1>Sidamo beans</h1><p>Grown at 2000 metres.</p>"#;
        assert_eq!(
            dated(html, None),
            Some(("2019-03-02".into(), Provenance::Script))
        );
    }

    #[test]
    fn teaser_dates_belong_to_other_stories() {
        let html = r#"<h1>Desoldering</h1><p>How to desolder old boards.</p>
            <ul class="related-posts"><li><time datetime="2009-04-11">11 April 2009</time></li></ul>
            <span class="published">22. Oktober 2019</span>"#;
        assert_eq!(
            dated(html, None),
            Some(("2019-10-22".into(), Provenance::Text))
        );
    }

    #[test]
    fn url_day_outranks_time_markup() {
        let html = r#"<h1>T</h1><p><time datetime="2009-04-11">11 April 2009</time></p>"#;
        let url = Some("https://blog.example/2019/10/22/slug/");
        assert_eq!(
            dated(html, url),
            Some(("2019-10-22".into(), Provenance::Url))
        );
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
