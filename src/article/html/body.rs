//! The article text of a page, without navigation, share buttons, related links,
//! newsletter boxes, comments or captions (what the extractor leaves of these inside the
//! text is removed by `boilerplate`).
//!
//! Extraction is delegated to a maintained crate behind the single function
//! [`extract_body`], so the engine can be swapped after measuring (see `eval.rs`).

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Extracts the main article text of an HTML page as paragraphs separated by a blank line.
///
/// `url` is the page's own address, when known (it helps the extractor resolve links and
/// recognise the site). Returns an empty string when the page holds no article text.
pub fn extract_body(html: &str, url: Option<&str>) -> String {
    extract_parsed(&mut scraper::Html::parse_document(html), url)
}

/// [`extract_body`] for a page already parsed (and not needed afterwards as it was: its
/// markup is repaired in place for the extractor, see `normalize`).
pub(super) fn extract_parsed(doc: &mut scraper::Html, url: Option<&str>) -> String {
    super::normalize::prepare(doc);
    let html = doc.html();
    // The extractor is third-party code run on untrusted input: a panic inside it must
    // not take down an indexing run, so it becomes "no text found" instead.
    let text = catch_unwind(AssertUnwindSafe(|| with_trafilatura(&html, url))).unwrap_or_default();
    super::boilerplate::drop_boilerplate(&text)
}

/// Cookie and consent banners: boxes (never `<body>`, whose classes may mention consent
/// state) that the extractor otherwise takes for text when they sit inside the article.
const PRUNE: &str = "div[id*=cookie], div[class*=cookie], div[id*=consent], div[class*=consent], \
    div[id*=gdpr], div[class*=gdpr], section[id*=cookie], section[class*=cookie], \
    section[class*=consent], aside[id*=cookie], aside[class*=cookie], aside[class*=consent]";

fn with_trafilatura(html: &str, url: Option<&str>) -> String {
    let mut opts = trafilatura::Options::default()
        .with_fallback(true)
        .with_exclude_comments(true)
        .with_deduplicate(false)
        .with_prune_selector(PRUNE);
    if let Some(u) = url.and_then(|u| url::Url::parse(u).ok()) {
        opts = opts.with_url(u);
    }
    match trafilatura::extract(html, &opts) {
        // `content_text` runs paragraphs together; the HTML keeps their boundaries.
        Ok(r) if !r.content_html.is_empty() => html_to_text(&r.content_html),
        Ok(r) => super::paragraphs(&r.content_text),
        Err(_) => String::new(),
    }
}

/// Plain text of an HTML fragment, one paragraph per block element.
fn html_to_text(fragment: &str) -> String {
    let frag = scraper::Html::parse_fragment(fragment);
    let mut out = String::new();
    push_text(*frag.root_element(), &mut out, 0);
    super::paragraphs(&out)
}

fn push_text(node: ego_tree::NodeRef<'_, scraper::Node>, out: &mut String, depth: usize) {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "tr",
        "br",
        "section",
        "article",
        "ul",
        "ol",
        "table",
        "dd",
        "dt",
        "figure",
        "hr",
    ];
    if depth > 200 {
        return;
    }
    match node.value() {
        scraper::Node::Text(t) => out.push_str(t),
        scraper::Node::Element(e) => {
            let block = BLOCKS.contains(&e.name());
            if block {
                out.push('\n');
            } else if matches!(e.name(), "td" | "th") {
                out.push(' ');
            }
            for child in node.children() {
                push_text(child, out, depth + 1);
            }
            if block {
                out.push('\n');
            }
        }
        _ => {
            for child in node.children() {
                push_text(child, out, depth + 1);
            }
        }
    }
}

#[cfg(test)]
pub(super) fn with_dom_smoothie(html: &str, url: Option<&str>) -> String {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let Ok(mut r) = dom_smoothie::Readability::new(html, url, Some(cfg)) else {
        return String::new();
    };
    match r.parse() {
        Ok(a) => super::paragraphs(&a.text_content),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_article_drops_boilerplate() {
        let html = "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>\
            <div class='share'>Share on Facebook Share on Twitter</div>\
            <article><h1>Bridge closed</h1>\
            <p>The council voted on Tuesday to close the old bridge to traffic after engineers \
            found deep cracks in two of its supports, officials said.</p>\
            <figure><img src='a.jpg'><figcaption>The bridge in 1950.</figcaption></figure>\
            <p>Repairs are expected to take most of next year, the city said in a statement, \
            and buses will be rerouted through the market district in the meantime.</p></article>\
            <aside class='newsletter'>Sign up for our newsletter</aside>\
            <div id='cookie-law-info-bar'>This website uses cookies to improve your experience. \
            We assume you are fine with this, but you can opt out if you wish.</div>\
            <footer>Copyright 2021 Town Post</footer></body></html>";
        let body = extract_body(html, Some("https://post.example/2021/03/03/bridge"));
        for want in ["engineers found deep cracks", "buses will be rerouted"] {
            assert!(body.contains(want), "{body}");
        }
        for unwanted in [
            "Share on Facebook",
            "newsletter",
            "Copyright",
            "Home World",
            "cookies",
        ] {
            assert!(!body.contains(unwanted), "{body}");
        }
        assert!(body.contains("\n\n"), "{body:?}");
    }
}
