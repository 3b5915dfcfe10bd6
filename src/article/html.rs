//! HTML articles: a web page saved to disk, turned into one [`Article`].
//!
//! This module owns the whole path from bytes to article: binary sniffing and charset
//! decoding (`charset`: a `<meta charset>` is honoured when the bytes are not UTF-8), a
//! guard against pathological nesting (`depth`), metadata from JSON-LD (`jsonld`),
//! OpenGraph and `<meta>` tags (`meta`), and the article text with the page's
//! boilerplate removed (`body`). A truncated page still yields what it holds; a page
//! with no article text is an error, never an empty article.

mod body;
mod boilerplate;
mod byline;
mod charset;
mod date_text;
mod depth;
#[cfg(test)]
mod eval;
#[cfg(test)]
mod eval_web;
mod headline;
mod jsonld;
mod lede;
mod meta;
mod normalize;
mod published;
mod script_dates;
mod zone;

use super::dates::date_in_path;
use super::{derived_id, quotes, Article, ParseError, Provenance};
use charset::decode_html;
use depth::{approx_depth, dom_depth, MAX_EXTRACTOR_DEPTH, MAX_MARKUP_DEPTH};

pub use body::extract_body;

/// Fewer words than this is a menu, a login wall or an error page, not an article.
const MIN_BODY_WORDS: usize = 8;

/// Parses one HTML page (raw bytes, any declared charset) into an article.
pub fn parse(raw: &[u8], path: &str) -> Result<Article, ParseError> {
    let text = decode_html(raw)?;
    if approx_depth(&text) > MAX_MARKUP_DEPTH {
        return Err(ParseError::Invalid(format!(
            "markup nested too deeply (over {MAX_MARKUP_DEPTH} levels)"
        )));
    }
    let mut doc = scraper::Html::parse_document(&text);
    let meta = meta::extract(&doc);
    let url = meta.url.clone();
    let mut body = if dom_depth(&doc) > MAX_EXTRACTOR_DEPTH {
        // The extractor recurses through the tree; on a freakishly deep page it could
        // exhaust the stack, so such a page gets all its text instead.
        paragraphs(&doc.root_element().text().collect::<Vec<_>>().join("\n"))
    } else {
        let text = body::extract_parsed(&mut doc, url.as_deref());
        lede::with_lede(&doc, &text)
    };
    let (headline, headline_source) = meta.headline.unzip();
    body = drop_leading_headline(&body, headline.as_deref());
    if let Some(ld_body) = meta.ld_body.as_deref() {
        // A page whose markup defeats the extractor often still ships its text in JSON-LD.
        if word_count(ld_body) > 2 * word_count(&body) {
            body = paragraphs(ld_body);
        }
    }
    if word_count(&body) < MIN_BODY_WORDS {
        return Err(ParseError::Invalid("no article text found".into()));
    }
    let (date, time, date_source) = match meta.date {
        Some(d) => (Some(d.date), d.clock, Some(d.source)),
        None => match date_in_path(path) {
            Some(d) => (Some(d), None, Some(Provenance::Path)),
            None => (None, None, None),
        },
    };
    // A credit line in the text names the writer where the markup names no one, or only
    // the site.
    let byline = match meta.byline {
        Some(b) if !meta.byline_names_site => Some(b),
        declared => byline::in_text(&body).or(declared),
    };
    let mut article = Article {
        id: derived_id(path, None),
        path: path.to_string(),
        headline: headline.unwrap_or_default(),
        byline,
        date,
        time,
        date_source,
        headline_source,
        posted_by: None,
        source: meta.source,
        url,
        quotes: Vec::new(),
        body,
    };
    article.quotes = quotes::extract_with_context(&article.body, &quotes::Context::of(&article));
    Ok(article)
}

/// Removes the headline when the extractor kept it as the body's first paragraph.
fn drop_leading_headline(body: &str, headline: Option<&str>) -> String {
    let compact = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let Some(headline) = headline.map(compact).filter(|h| !h.is_empty()) else {
        return body.to_string();
    };
    match body.split_once("\n\n") {
        Some((first, rest)) if compact(first) == headline => rest.to_string(),
        _ => body.to_string(),
    }
}

/// Counts words: a cheap size measure for comparing candidate bodies. Chinese and Japanese
/// put no spaces between words, so there each ideograph or kana counts as one word (a
/// fair proxy: their words are one to two characters long).
fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .map(|w| {
            let cjk = w.chars().filter(|c| is_cjk(*c)).count();
            let rest = w.chars().any(|c| c.is_alphanumeric() && !is_cjk(c));
            cjk + usize::from(rest || cjk == 0)
        })
        .sum()
}

/// Han ideographs, kana and Hangul syllables.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Normalises extracted text to trimmed paragraphs separated by one blank line.
fn paragraphs(s: &str) -> String {
    s.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str, body: &str) -> String {
        format!("<!doctype html><html><head>{head}</head><body>{body}</body></html>")
    }

    const ARTICLE_TEXT: &str = "<article><p>The council voted on Tuesday to close the old bridge \
        to traffic after engineers found deep cracks in two of its supports.</p>\
        <p>Repairs are expected to take most of next year, the city said in a statement, \
        and buses will be rerouted through the market district in the meantime.</p>\
        <p>Residents who rely on the crossing said the closure would add half an hour to \
        their daily commute, and shop owners worried about losing passing trade.</p></article>";

    #[test]
    fn rejects_bad_input() {
        let big_binary: Vec<u8> = (0..4096u32).map(|i| (i % 251) as u8).collect();
        let cases: &[(&[u8], &str)] = &[
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary content, not text"),
            (b"%PDF-1.4\n%\xe2\xe3", "binary content, not text"),
            (&big_binary, "binary content, not text"),
            (b"", "empty file"),
            (b"  \n ", "empty file"),
            (b"<html><head><title>Home</title></head><body><nav><a href=/>Home</a></nav></body></html>", "no article text found"),
        ];
        for (raw, want) in cases {
            let err = parse(raw, "x.html").unwrap_err();
            assert_eq!(err.to_string(), *want);
        }
    }

    #[test]
    fn words_are_counted_without_spaces_in_chinese_and_japanese() {
        let cases = [
            ("The bridge closed on Tuesday.", 5),
            ("桥梁周二关闭", 6),
            ("東京で 新しい 法律", 8),
            ("Covid-19 新冠", 3),
            ("", 0),
        ];
        for (text, want) in cases {
            assert_eq!(word_count(text), want, "{text}");
        }
        let chinese = page(
            "<title>新闻</title>",
            "<article><p>河北省人民政府今天召开新闻发布会，介绍全省农业生产情况和下一步工作安排。</p></article>",
        );
        assert!(parse(chinese.as_bytes(), "zh.html").is_ok());
    }

    #[test]
    fn truncated_page_yields_what_it_has() {
        let full = page("<title>Bridge closed | Town Post</title><meta property=\"og:site_name\" content=\"Town Post\">", ARTICLE_TEXT);
        let cut = &full[..full.len() - 120];
        let a = parse(cut.as_bytes(), "cut.html").unwrap();
        assert_eq!(a.headline, "Bridge closed");
        assert!(a.body.contains("engineers found deep cracks"));
    }

    #[test]
    fn a_credit_line_in_the_text_names_the_writer() {
        let credited = ARTICLE_TEXT.replace("<article>", "<article><p>Von Jane Roe</p>");
        let cases = [
            // No author in the markup.
            ("<title>Bridge closed</title>", Some("Jane Roe")),
            // The declared author is only the site.
            (
                r#"<meta property="og:site_name" content="Town Post"><meta name="author" content="Town Post Verlag">"#,
                Some("Jane Roe"),
            ),
            // A person declared by the page wins over the text.
            (r#"<meta name="author" content="Ann Lee">"#, Some("Ann Lee")),
        ];
        for (head, want) in cases {
            let a = parse(page(head, &credited).as_bytes(), "a.html").unwrap();
            assert_eq!(a.byline.as_deref(), want, "{head}");
        }
    }

    #[test]
    fn fields_from_page() {
        let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
            // head, headline, byline, date
            (
                r#"<meta property="og:title" content="Bridge closed"><meta property="article:published_time" content="2021-03-03T10:00:00-05:00"><meta name="author" content="Jane Roe">"#,
                "Bridge closed",
                Some("Jane Roe"),
                Some("2021-03-03"),
            ),
            (
                r#"<title>Bridge closed - Town Post</title><link rel="canonical" href="https://townpost.example/2020/05/06/bridge"><meta name="byl" content="By JOHN DOE">"#,
                "Bridge closed",
                Some("JOHN DOE"),
                Some("2020-05-06"),
            ),
            (
                r##"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"],"headline":"Caf&eacute; closes","datePublished":"2019-11-18","author":[{"@id":"#p1"},"Ann Lee"]},{"@type":"Person","@id":"#p1","name":"Bo Chan"}]}</script>"##,
                "Café closes",
                Some("Bo Chan, Ann Lee"),
                Some("2019-11-18"),
            ),
        ];
        for (head, headline, byline, date) in cases {
            let a = parse(page(head, ARTICLE_TEXT).as_bytes(), "a.html").unwrap();
            assert_eq!(a.headline, *headline);
            assert_eq!(a.byline.as_deref(), *byline);
            assert_eq!(a.date.map(|d| d.to_string()).as_deref(), *date);
            assert!(a.body.starts_with("The council voted"), "{}", a.body);
        }
    }

    /// Expected headline, byline, date and a body excerpt, or the error message.
    type Expected = Result<(&'static str, &'static str, &'static str, &'static str), &'static str>;

    #[test]
    fn fixture_files() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html");
        // (file, Ok(headline, byline, date, body excerpt) or Err(message))
        let cases: &[(&str, Expected)] = &[
            (
                "cp1252.html",
                Ok((
                    "Le pont fermé",
                    "Renée Dupré",
                    "2021-03-03",
                    "« Nous n’avions pas le choix »",
                )),
            ),
            (
                "truncated.html",
                Ok((
                    "Le pont fermé",
                    "Renée Dupré",
                    "2021-03-03",
                    "Les bus seront détournés",
                )),
            ),
            ("binary.html", Err("binary content, not text")),
            ("no-text.html", Err("no article text found")),
        ];
        for (file, want) in cases {
            let got = crate::article::parse_file(&dir.join(file), file);
            match (got, want) {
                (Ok(parsed), Ok((headline, byline, date, excerpt))) => {
                    let a = &parsed.articles[0];
                    assert_eq!(a.headline, *headline, "{file}");
                    assert_eq!(a.byline.as_deref(), Some(*byline), "{file}");
                    assert_eq!(
                        a.date.map(|d| d.to_string()).as_deref(),
                        Some(*date),
                        "{file}"
                    );
                    assert_eq!(
                        a.url.as_deref(),
                        Some("https://gazette.example/2021/03/03/pont-ferme"),
                        "{file}"
                    );
                    assert_eq!(a.source.as_deref(), Some("La Gazette"), "{file}");
                    assert!(a.body.contains(excerpt), "{file}: {}", a.body);
                    for boilerplate in ["Accueil", "lire aussi", "newsletter", "©"] {
                        assert!(
                            !a.body.contains(boilerplate),
                            "{file}: {boilerplate} in {}",
                            a.body
                        );
                    }
                }
                (Err(e), Err(msg)) => assert_eq!(e.to_string(), *msg, "{file}"),
                (got, _) => panic!("{file}: unexpected {got:?}"),
            }
        }
    }

    #[test]
    fn oversized_files_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.html");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(crate::article::MAX_FILE_BYTES + 5 * 1024 * 1024)
            .unwrap();
        let err = crate::article::parse_file(&path, "huge.html").unwrap_err();
        assert_eq!(err.to_string(), "file too large (55 MB, limit 50 MB)");
    }

    #[test]
    fn formats_by_extension() {
        use crate::article::{format_of, Format};
        let cases = [
            ("a.html", Some(Format::Html)),
            ("a.HTM", Some(Format::Html)),
            ("a.xhtml", Some(Format::Html)),
            ("a.html.gz", Some(Format::Html)),
            ("a.md", Some(Format::Markdown)),
            ("a.markdown", Some(Format::Markdown)),
            ("a.png", None),
        ];
        for (name, want) in cases {
            assert_eq!(format_of(std::path::Path::new(name)), want, "{name}");
        }
    }

    #[test]
    fn survives_hostile_markup() {
        let words = "word ".repeat(40);
        let cases = [
            format!(
                "<html><body>{}<p>{words}</p>{}</body></html>",
                "<div>".repeat(100_000),
                "</div>".repeat(100_000)
            ),
            format!("<html><body>{}{words}", "<b><i>".repeat(50_000)),
            format!(
                "<script type=\"application/ld+json\">{}</script><p>{words}</p>",
                "[".repeat(100_000)
            ),
            "<<<>>><!--<p>&#xFFFFFFFF;&#0;&bogus;</p>\u{0}".repeat(1000),
        ];
        for html in cases {
            // Any outcome but a panic or a crash is acceptable here.
            let _ = parse(html.as_bytes(), "hostile.html");
        }
        // Deep but not absurd: the extractor is bypassed and the text still comes through.
        let deep = format!(
            "<html><body>{}<p>{words}</p>{}</body></html>",
            "<div>".repeat(1000),
            "</div>".repeat(1000)
        );
        assert!(parse(deep.as_bytes(), "deep.html")
            .unwrap()
            .body
            .starts_with("word word"));
    }

    #[test]
    fn dates_in_urls() {
        let cases = [
            ("https://x.example/2021/03/03/slug", Some("2021-03-03")),
            ("/news/2019-11-20-bridge.html", Some("2019-11-20")),
            ("https://x.example/a/1234/56/78", None),
            ("https://x.example/story", None),
        ];
        for (url, want) in cases {
            assert_eq!(
                date_in_path(url).map(|d| d.to_string()).as_deref(),
                want,
                "{url}"
            );
        }
    }
}
