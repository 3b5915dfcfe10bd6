//! Unit tests of the publication-day finder: each source in its turn and the rules between them.

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
        let got = find(&doc, &metas, &ld, None, *headline).map(|d| (d.date.to_string(), d.source));
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
