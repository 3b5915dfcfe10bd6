//! HTML articles: a web page saved to disk, turned into one [`Article`].
//!
//! This module owns the whole path from bytes to article: binary sniffing, charset
//! decoding (a `<meta charset>` is honoured when the bytes are not UTF-8), metadata from
//! JSON-LD, OpenGraph and `<meta>` tags ([`meta`]), and the article text with the page's
//! boilerplate removed ([`body`]). A truncated page still yields what it holds; a page
//! with no article text is an error, never an empty article.

mod body;
#[cfg(test)]
mod eval;
mod meta;

use encoding_rs::Encoding;

use super::{derived_id, quotes, Article, ParseError};

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
    let doc = scraper::Html::parse_document(&text);
    let meta = meta::extract(&doc);
    let url = meta.url.clone();
    let mut body = if dom_depth(&doc) > MAX_EXTRACTOR_DEPTH {
        // The extractor recurses through the tree; on a freakishly deep page it could
        // exhaust the stack, so such a page gets all its text instead.
        paragraphs(&doc.root_element().text().collect::<Vec<_>>().join("\n"))
    } else {
        extract_body(&text, url.as_deref())
    };
    body = drop_leading_headline(&body, meta.headline.as_deref());
    if let Some(ld_body) = meta.ld_body.as_deref() {
        // A page whose markup defeats the extractor often still ships its text in JSON-LD.
        if word_count(ld_body) > 2 * word_count(&body) {
            body = paragraphs(ld_body);
        }
    }
    if word_count(&body) < MIN_BODY_WORDS {
        return Err(ParseError::Invalid("no article text found".into()));
    }
    let date = meta
        .date
        .or_else(|| url.as_deref().and_then(date_in_url))
        .or_else(|| date_in_url(path));
    Ok(Article {
        id: derived_id(path, None),
        path: path.to_string(),
        headline: meta.headline.unwrap_or_default(),
        byline: meta.byline,
        date,
        posted_by: None,
        source: meta.source,
        url,
        quotes: quotes::extract(&body),
        body,
    })
}

/// Nesting beyond this is refused before parsing: the HTML parser's work grows with the
/// square of the depth, so such a page would stall a run (no real page comes close).
const MAX_MARKUP_DEPTH: usize = 5000;

/// Beyond this depth the body extractor is not used (it recurses through the tree).
const MAX_EXTRACTOR_DEPTH: usize = 400;

/// A cheap upper estimate of how deeply a page's tags nest, from one scan of the text.
/// Void elements and elements whose end tag may be omitted (`p`, `li`, …) are not counted.
fn approx_depth(html: &str) -> usize {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option", "!doctype",
    ];
    let lower = html.to_ascii_lowercase();
    let (mut depth, mut max, mut rest) = (0usize, 0usize, lower.as_str());
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |j| &after[j + 3..]);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_part = rest.trim_start_matches('/');
        let end = name_part
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(name_part.len());
        let name = &name_part[..end];
        if name.is_empty()
            || !name.starts_with(|c: char| c.is_ascii_alphabetic())
            || FLAT.contains(&name)
        {
            continue;
        }
        let tag_end = rest.find('>').unwrap_or(rest.len());
        if closing {
            depth = depth.saturating_sub(1);
        } else if !rest[..tag_end].ends_with('/') {
            if name == "script" || name == "style" {
                let close = format!("</{name}");
                rest = rest.find(&close).map_or("", |j| &rest[j..]);
                continue;
            }
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// How deeply the parsed page's elements nest (counted without recursion).
fn dom_depth(doc: &scraper::Html) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for edge in doc.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(_) => {
                depth += 1;
                max = max.max(depth);
            }
            ego_tree::iter::Edge::Close(_) => depth = depth.saturating_sub(1),
        }
    }
    max
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

/// Counts whitespace-separated words: a cheap size measure for comparing candidate bodies.
fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Normalises extracted text to trimmed paragraphs separated by one blank line.
fn paragraphs(s: &str) -> String {
    s.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Turns page bytes into text: BOM first, then valid UTF-8, then the charset the page
/// declares, then the shared detector. Binary content is rejected before any of that.
fn decode_html(raw: &[u8]) -> Result<String, ParseError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(raw) {
        let (text, _) = enc.decode_without_bom_handling(raw.get(bom_len..).unwrap_or_default());
        return Ok(text.into_owned());
    }
    if raw.starts_with(b"<\0") {
        return Ok(encoding_rs::UTF_16LE
            .decode_without_bom_handling(raw)
            .0
            .into_owned());
    }
    if raw.starts_with(b"\0<") {
        return Ok(encoding_rs::UTF_16BE
            .decode_without_bom_handling(raw)
            .0
            .into_owned());
    }
    if looks_binary(raw) {
        return Err(ParseError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(raw) {
        return Ok(text.to_string());
    }
    match declared_charset(raw) {
        // A page that says UTF-8 but is not (a truncated file cut inside a character, a
        // stray byte) keeps its text with replacement characters rather than a wrong guess.
        // A page cannot declare UTF-16 from inside ASCII-compatible bytes; HTML reads that as UTF-8.
        Some(enc) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => {
            Ok(String::from_utf8_lossy(raw).into_owned())
        }
        Some(enc) => Ok(enc.decode_without_bom_handling(raw).0.into_owned()),
        None => super::decode::decode(raw),
    }
}

/// Whether bytes are a binary file (image, PDF, archive, executable) renamed `.html`.
fn looks_binary(raw: &[u8]) -> bool {
    const MAGIC: &[&[u8]] = &[
        b"%PDF",
        b"\x89PNG",
        b"GIF8",
        b"\xFF\xD8\xFF",
        b"PK\x03\x04",
        b"\x7FELF",
        b"\x1F\x8B",
        b"RIFF",
        b"\x00\x00\x01\x00",
        b"MZ",
        b"\xD0\xCF\x11\xE0",
        b"7z\xBC\xAF",
    ];
    if MAGIC.iter().any(|m| raw.starts_with(m)) {
        return true;
    }
    let sample = &raw[..raw.len().min(8192)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    sample.contains(&0) || control * 20 > sample.len()
}

/// The encoding a page declares in its first bytes (`<meta charset>` or http-equiv).
fn declared_charset(raw: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&raw[..raw.len().min(4096)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(start) = rest.find("<meta") {
        let tag = &rest[start..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let Some(pos) = tag.find("charset") {
            let value = tag[pos + "charset".len()..]
                .trim_start()
                .strip_prefix('=')
                .unwrap_or("");
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
                .unwrap_or(value.len());
            if let Some(enc) = Encoding::for_label(&value.as_bytes()[..end]) {
                return Some(enc);
            }
        }
        rest = &rest[start + 5..];
    }
    None
}

/// A publication day written into a URL or path: `/2021/03/03/` or `/2021-03-03-slug`.
pub(crate) fn date_in_url(url: &str) -> Option<jiff::civil::Date> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = url.split(['/', '-', '_', '.']).collect();
    parts.windows(3).find_map(|w| {
        if !(digits(w[0], 4) && digits(w[1], 2) && digits(w[2], 2)) {
            return None;
        }
        let year: i16 = w[0].parse().ok()?;
        if !(1900..=2100).contains(&year) {
            return None;
        }
        jiff::civil::Date::new(year, w[1].parse().ok()?, w[2].parse().ok()?).ok()
    })
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
    fn decodes_declared_charsets() {
        let cases: &[(&[u8], &str)] = &[
            (b"<meta charset=\"windows-1252\"><p>caf\xe9</p>", "caf\u{e9}"),
            (b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>na\xefve</p>", "na\u{ef}ve"),
            (b"<meta charset='koi8-r'><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>", "\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}"),
            ("<meta charset=\"windows-1252\"><p>caf\u{e9}</p>".as_bytes(), "caf\u{e9}"),
            (b"\xef\xbb\xbf<p>bom</p>", "<p>bom</p>"),
            (b"<meta charset=utf-16><p>caf\xc3\xa9 \xff</p>", "caf\u{e9} \u{fffd}"),
        ];
        for (raw, want) in cases {
            let text = decode_html(raw).unwrap();
            assert!(text.contains(want), "{text:?} lacks {want:?}");
        }
    }

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
    fn truncated_page_yields_what_it_has() {
        let full = page("<title>Bridge closed | Town Post</title><meta property=\"og:site_name\" content=\"Town Post\">", ARTICLE_TEXT);
        let cut = &full[..full.len() - 120];
        let a = parse(cut.as_bytes(), "cut.html").unwrap();
        assert_eq!(a.headline, "Bridge closed");
        assert!(a.body.contains("engineers found deep cracks"));
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
                    "Le pont fermé – travaux d’un an",
                    "Renée Dupré",
                    "2021-03-03",
                    "« Nous n’avions pas le choix »",
                )),
            ),
            (
                "truncated.html",
                Ok((
                    "Le pont fermé – travaux d’un an",
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
    fn estimates_depth() {
        let cases = [
            ("<html><body><div><p>a<p>b</div></body></html>", 3),
            ("<div><br><img src=x><hr/><span/></div>", 1),
            (
                "<div><!-- <div><div> --><script>if (a<b) {'<div>'}</script></div>",
                1,
            ),
            ("<a><b><c>", 3),
            ("</div></div><div>", 1),
            ("< div>3 < 4 <", 0),
        ];
        for (html, want) in cases {
            assert_eq!(approx_depth(html), want, "{html}");
        }
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
                date_in_url(url).map(|d| d.to_string()).as_deref(),
                want,
                "{url}"
            );
        }
    }
}
