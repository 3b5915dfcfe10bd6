//! Fixture tests of the page conventions the publication-day finder must read on sites
//! we have not seen: CJK dates, month names in many languages, ordinals and weekdays,
//! labelled bylines, `<time>` with and without a zone, microdata, URL shapes, and the
//! dates it must refuse. Each page here is a small one written for the case.

use scraper::Html;

use super::super::jsonld::JsonLd;
use super::super::meta::meta_tags;
use super::find;
use crate::article::Provenance;

fn dated(html: &str, url: Option<&str>) -> Option<(String, Provenance)> {
    let doc = Html::parse_document(html);
    let metas = meta_tags(&doc);
    let ld = JsonLd::from_doc(&doc);
    find(&doc, &metas, &ld, url, None).map(|d| (d.date.to_string(), d.source))
}

/// A page in `lang` whose only date is `line`, written in a byline box under the headline.
fn byline_page(lang: &str, line: &str) -> String {
    format!(
        r#"<html lang="{lang}"><body><h1>Headline</h1><div class="byline">{line}</div>
        <p>The article's text, long enough to be a paragraph of its own.</p></body></html>"#
    )
}

/// A page in `lang` whose only date is `line`, in a plain paragraph after the headline.
fn plain_page(lang: &str, line: &str) -> String {
    format!(
        r#"<html lang="{lang}"><body><h1>Headline</h1><p>{line}</p>
        <p>The article's text, long enough to be a paragraph of its own.</p></body></html>"#
    )
}

fn check(cases: &[(&str, &str, &str)]) {
    for (lang, line, want) in cases {
        for page in [byline_page(lang, line), plain_page(lang, line)] {
            let got = dated(&page, None).map(|(d, _)| d);
            assert_eq!(got.as_deref(), Some(*want), "{lang}: {line}");
        }
    }
}

#[test]
fn cjk_dates_with_marks_dots_and_slashes() {
    check(&[
        ("zh", "2020年3月5日 10:20", "2020-03-05"),
        ("ja", "2020年03月05日（木）", "2020-03-05"),
        ("ko", "2020년 3월 5일", "2020-03-05"),
        ("zh-CN", "发布时间：2020.03.05", "2020-03-05"),
        ("ja", "2020/3/5 12:00", "2020-03-05"),
        ("zh-TW", "2020-3-5", "2020-03-05"),
    ]);
}

#[test]
fn month_names_in_slavic_nordic_turkish_and_finnish() {
    check(&[
        ("ru", "5 марта 2020 г.", "2020-03-05"),
        ("ru", "12 декабря 2019, 14:00", "2019-12-12"),
        ("pl", "7 października 2019", "2019-10-07"),
        ("pl", "3 maja 2021 r.", "2021-05-03"),
        ("cs", "7. října 2019", "2019-10-07"),
        ("cs", "24. července 2018", "2018-07-24"),
        ("tr", "7 Ekim 2019 Pazartesi", "2019-10-07"),
        ("tr", "18 Ağustos 2020", "2020-08-18"),
        ("sv", "7 oktober 2019", "2019-10-07"),
        ("sv", "den 3 maj 2021", "2021-05-03"),
        ("da", "7. oktober 2019", "2019-10-07"),
        ("da", "3. marts 2020", "2020-03-03"),
        ("nb", "3. mars 2020", "2020-03-03"),
        ("no", "17. mai 2020", "2020-05-17"),
        ("fi", "7. lokakuuta 2019", "2019-10-07"),
        ("fi", "3.3.2020 klo 10.00", "2020-03-03"),
    ]);
}

#[test]
fn ordinals_and_weekdays_around_the_date() {
    check(&[
        ("en", "Tuesday, March 3rd, 2020", "2020-03-03"),
        ("en-GB", "3rd March 2020", "2020-03-03"),
        ("en", "Posted on the 21st of April, 2020", "2020-04-21"),
        ("fr", "Publié le mardi 3 mars 2020", "2020-03-03"),
        ("fr", "le 1er mars 2020", "2020-03-01"),
        ("de", "Dienstag, 3. März 2020", "2020-03-03"),
        ("es", "martes, 3 de marzo de 2020", "2020-03-03"),
        ("ru", "вторник, 3 марта 2020", "2020-03-03"),
    ]);
}

#[test]
fn labelled_bylines_prefer_published_over_updated() {
    check(&[
        (
            "en",
            "Updated: March 5, 2020 · Published: March 3, 2020",
            "2020-03-03",
        ),
        (
            "en",
            "Last modified 5 March 2020. First published 3 March 2020",
            "2020-03-03",
        ),
        (
            "de",
            "Aktualisiert am 05.03.2020, veröffentlicht am 03.03.2020",
            "2020-03-03",
        ),
        (
            "fr",
            "Mis à jour le 5 mars 2020, publié le 3 mars 2020",
            "2020-03-03",
        ),
        (
            "es",
            "Actualizado 05/03/2020 — Publicado 03/03/2020",
            "2020-03-03",
        ),
        (
            "en",
            "Published: March 3, 2020 Updated: March 5, 2020",
            "2020-03-03",
        ),
    ]);
}

#[test]
fn time_element_keeps_the_day_written_with_or_without_a_zone() {
    let cases = [
        r#"<time datetime="2020-03-03T23:30:00">late</time>"#,
        r#"<time datetime="2020-03-03T23:30:00-05:00">late</time>"#,
        r#"<time datetime="2020-03-03T00:30:00+09:00">early</time>"#,
        r#"<time datetime="2020-03-03">3 March</time>"#,
    ];
    for time in cases {
        let html = format!("<h1>Headline</h1><p>By Ann Lee, {time}</p><p>Text.</p>");
        assert_eq!(
            dated(&html, None),
            Some(("2020-03-03".into(), Provenance::Time)),
            "{time}"
        );
    }
}

#[test]
fn microdata_date_published_as_well_as_json_ld() {
    use Provenance::*;
    let cases: &[(&str, (&str, Provenance))] = &[
        (
            r#"<article itemscope itemtype="https://schema.org/NewsArticle"><h1 itemprop="headline">H</h1>
            <meta itemprop="dateModified" content="2020-03-09"><meta itemprop="datePublished" content="2020-03-03T08:00:00+01:00">
            <p>Text.</p></article>"#,
            ("2020-03-03", Meta),
        ),
        (
            r#"<h1>H</h1><span itemprop="datePublished">3 March 2020</span><p>Text, 9 March 2020.</p>"#,
            ("2020-03-03", Time),
        ),
        (
            r#"<script type="application/ld+json">{"@graph":[{"@type":"WebPage","dateModified":"2020-03-09"},
            {"@type":"NewsArticle","datePublished":"2020-03-03T08:00:00+01:00","dateModified":"2020-03-09"}]}</script><h1>H</h1>"#,
            ("2020-03-03", JsonLd),
        ),
        (
            r#"<meta property="article:modified_time" content="2020-03-09T10:00:00+00:00">
            <meta property="article:published_time" content="2020-03-03T10:00:00+00:00"><h1>H</h1>"#,
            ("2020-03-03", Meta),
        ),
    ];
    for (html, (day, source)) in cases {
        assert_eq!(
            dated(html, None),
            Some((day.to_string(), *source)),
            "{html}"
        );
    }
}

#[test]
fn updated_time_meta_only_as_a_last_resort() {
    // A visible date line outranks the day the page was last updated.
    let html = r#"<meta property="og:updated_time" content="2021-06-01T10:00:00+00:00">
        <h1>H</h1><p class="date">3 March 2020</p><p>Text.</p>"#;
    assert_eq!(
        dated(html, None),
        Some(("2020-03-03".into(), Provenance::Text))
    );
    // Nothing else dates the page: the update day is better than none.
    let html = r#"<meta property="og:updated_time" content="2021-06-01T10:00:00+00:00">
        <h1>H</h1><p>Undated text.</p>"#;
    assert_eq!(dated(html, None).map(|(d, _)| d), Some("2021-06-01".into()));
}

#[test]
fn url_paths_with_a_day() {
    let page = "<h1>H</h1><p>Undated text.</p>";
    let cases = [
        ("https://news.example/2021/03/03/slug/", "2021-03-03"),
        (
            "https://news.example/world/20210303/slug.html",
            "2021-03-03",
        ),
        ("https://news.example/slug-2021-03-03-more", "2021-03-03"),
        ("https://news.example/2021-03-03/slug", "2021-03-03"),
        (
            "https://news.example/articles/slug_03-03-2021.html",
            "2021-03-03",
        ),
    ];
    for (url, want) in cases {
        assert_eq!(
            dated(page, Some(url)),
            Some((want.into(), Provenance::Url)),
            "{url}"
        );
    }
}

#[test]
fn implausible_dates_are_refused() {
    let page = "<h1>H</h1><p>Undated text.</p>";
    // Ids that look like days from before the web, and days far in the future.
    let refused = [
        "https://news.example/story/19850314/slug",
        "https://news.example/id/1975/01/02/item",
        "https://news.example/2091/03/03/slug",
        "https://news.example/p/20910303",
    ];
    for url in refused {
        assert_eq!(dated(page, Some(url)), None, "{url}");
    }
    // A future day in the text is an event, not the publication.
    let html = "<h1>H</h1><p class=\"date\">Concert on 3 March 2091</p><p>Text.</p>";
    assert_eq!(dated(html, None), None);
    // A future day in metadata is a typo or a placeholder.
    let html = r#"<meta property="article:published_time" content="2099-01-01"><h1>H</h1>
        <p class="date">3 March 2020</p>"#;
    assert_eq!(
        dated(html, None),
        Some(("2020-03-03".into(), Provenance::Text))
    );
}

#[test]
fn month_names_in_more_european_and_asian_languages() {
    check(&[
        ("ro", "3 martie 2020", "2020-03-03"),
        ("ro", "17 noiembrie 2019", "2019-11-17"),
        ("uk", "3 березня 2020", "2020-03-03"),
        ("uk", "17 листопада 2019", "2019-11-17"),
        ("bg", "3 март 2020", "2020-03-03"),
        ("el", "3 Μαρτίου 2020", "2020-03-03"),
        ("el", "17 Νοεμβρίου 2019", "2019-11-17"),
        ("hr", "3. ožujka 2020.", "2020-03-03"),
        ("hr", "17. studenoga 2019.", "2019-11-17"),
        ("sl", "17. novembra 2019", "2019-11-17"),
        ("sk", "17. novembra 2019", "2019-11-17"),
        ("id", "3 Maret 2020", "2020-03-03"),
        ("id", "17 Agustus 2019", "2019-08-17"),
        ("ca", "3 de març de 2020", "2020-03-03"),
        ("et", "3. märts 2020", "2020-03-03"),
    ]);
}

#[test]
fn abbreviated_months_with_dots() {
    check(&[
        ("en-US", "Sept. 3, 2020", "2020-09-03"),
        ("en", "Dec. 24, 2019 at 5:00 p.m.", "2019-12-24"),
        ("de", "3. Okt. 2019", "2019-10-03"),
        ("de", "24. Dez. 2019", "2019-12-24"),
        ("fr", "24 déc. 2019", "2019-12-24"),
        ("fr", "3 janv. 2020", "2020-01-03"),
        ("es", "3 sept. 2020", "2020-09-03"),
        ("nl", "3 okt. 2019", "2019-10-03"),
    ]);
}

#[test]
fn full_width_digits_and_spaced_year_first_dates() {
    check(&[
        ("ja", "２０２０年３月５日", "2020-03-05"),
        ("ja", "公開日：２０２０／０３／０５", "2020-03-05"),
        ("ko", "입력 2020. 3. 5. 오후 2:00", "2020-03-05"),
        ("ko", "2020.03.05 14:00", "2020-03-05"),
    ]);
}

#[test]
fn time_markup_marked_updated_yields_to_the_published_one() {
    let html = r#"<h1>H</h1><div class="entry-meta">
        <time class="updated" datetime="2020-03-09T10:00:00+01:00">9 March</time>
        <time class="entry-date published" datetime="2020-03-03T10:00:00+01:00">3 March</time>
        </div><p>Text.</p>"#;
    assert_eq!(
        dated(html, None),
        Some(("2020-03-03".into(), Provenance::Time))
    );
    let html = r#"<h1>H</h1><p>Updated <time datetime="2020-03-09">9 March</time>,
        published <time datetime="2020-03-03">3 March</time></p><p>Text.</p>"#;
    assert_eq!(
        dated(html, None),
        Some(("2020-03-03".into(), Provenance::Time))
    );
}

#[test]
fn arabic_month_names_and_digits() {
    check(&[
        ("ar", "3 مارس 2020", "2020-03-03"),
        ("ar", "٣ مارس ٢٠٢٠", "2020-03-03"),
        ("ar", "الثلاثاء 17 نيسان 2019", "2019-04-17"),
        ("ar", "٢٠٢٠/٠٣/٠٥", "2020-03-05"),
    ]);
}
