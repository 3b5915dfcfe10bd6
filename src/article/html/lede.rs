//! The lede (standfirst, teaser text, intro) printed between the headline and the article
//! text, which the body extractor drops: it sits in the page header or in an element
//! classed like a teaser, and teasers elsewhere on a page link to other stories.
//!
//! Only an element between the first `<h1>` and the start of the extracted text is taken,
//! when its class or id names it a lede, it holds a sentence or more of prose, it is not
//! a link, and the text does not already hold it.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use super::meta::{compact, squash};

/// Class or id words of a lede, lowercase ("article-teaser", "lead", "c-intro").
const LEDE_WORDS: &[&str] = &[
    "lead",
    "lede",
    "intro",
    "teaser",
    "standfirst",
    "summary",
    "subtitle",
    "subline",
    "dek",
    "deck",
    "abstract",
    "vorspann",
    "chapo",
    "bajada",
    "entradilla",
    "sumario",
    "sottotitolo",
];

/// Words a class holding one of [`LEDE_WORDS`] may not hold: a list of teasers, a leader
/// board or a "lead image" is not a lede.
const NOT_LEDE_WORDS: &[&str] = &[
    "list", "image", "img", "media", "photo", "video", "link", "item", "board", "more",
];

/// Fewest words of a lede: a sentence, not a label.
const MIN_WORDS: usize = 8;
/// Most characters of a lede: a paragraph or two.
const MAX_CHARS: usize = 800;
/// Elements after the `<h1>` searched before giving up.
const MAX_ELEMENTS: usize = 400;
/// Characters of the text's first paragraph used to find where it starts in the page.
const START_PROBE_CHARS: usize = 40;

/// `body` with the page's lede as its first paragraph, when the extractor dropped it.
pub(super) fn with_lede(doc: &Html, body: &str) -> String {
    match find(doc, body) {
        Some(lede) if !body.is_empty() => format!("{lede}\n\n{body}"),
        _ => body.to_string(),
    }
}

fn find(doc: &Html, body: &str) -> Option<String> {
    let body_compact = compact(body);
    let start: String = compact(body.split("\n\n").next().unwrap_or_default())
        .chars()
        .take(START_PROBE_CHARS)
        .collect();
    let mut after_h1 = doc
        .tree
        .root()
        .descendants()
        .filter_map(ElementRef::wrap)
        .skip_while(|e| e.value().name() != "h1")
        .skip(1)
        .take(MAX_ELEMENTS);
    after_h1.find_map(|el| {
        // Text is gathered only for paragraphs and lede candidates: a page's containers
        // hold all of its text, and there are hundreds of them.
        let is_p = el.value().name() == "p";
        let candidate = is_lede_element(el);
        if !is_p && !candidate {
            return None;
        }
        let text = squash(&el.text().collect::<String>());
        if is_p && !start.is_empty() && compact(&text).starts_with(&start) {
            // The extracted text begins here: no lede before it.
            return Some(None);
        }
        (candidate && is_prose(&text) && !body_compact.contains(&compact(&text)))
            .then_some(Some(text))
    })?
}

/// Classed or named as a lede, and neither a link nor inside one.
fn is_lede_element(el: ElementRef<'_>) -> bool {
    let v = el.value();
    let names = format!(
        "{} {}",
        v.attr("class").unwrap_or_default(),
        v.id().unwrap_or_default()
    )
    .to_lowercase();
    let lede = names.split_whitespace().any(|name| {
        let parts: Vec<&str> = name.split(['-', '_']).collect();
        parts.iter().any(|p| LEDE_WORDS.contains(p))
            && !parts.iter().any(|p| NOT_LEDE_WORDS.contains(p))
    });
    lede && !in_link(*el)
        && !el
            .descendants()
            .any(|d| is_link(d) && holds_all_text(d, el))
        && !in_other_block(el)
        && !holds_block_of_its_own(el)
}

/// Inside an aside, a footer, navigation, a list, a figure, or a block of related stories:
/// a card, a bio or a caption, not the story's lede.
fn in_other_block(el: ElementRef<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        matches!(
            a.value().name(),
            "aside" | "footer" | "nav" | "li" | "figure"
        ) || a
            .value()
            .attr("class")
            .is_some_and(|c| c.to_lowercase().contains("related"))
    })
}

/// Elements that make a block a teaser card or a figure rather than a lede.
const BLOCKS_OF_ITS_OWN: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "time", "figure", "img", "picture", "video",
];

/// A headline, a timestamp or a picture inside: a teaser card of another story,
/// or the lead image with its caption.
fn holds_block_of_its_own(el: ElementRef<'_>) -> bool {
    el.descendants().skip(1).any(|d| {
        d.value()
            .as_element()
            .is_some_and(|e| BLOCKS_OF_ITS_OWN.contains(&e.name()))
    })
}

fn is_link(n: NodeRef<'_, Node>) -> bool {
    n.value().as_element().is_some_and(|e| e.name() == "a")
}

fn in_link(n: NodeRef<'_, Node>) -> bool {
    n.ancestors().any(|a| is_link(a))
}

/// The link `a` carries all of `el`'s text (a teaser card, not a paragraph with a link).
fn holds_all_text(a: NodeRef<'_, Node>, el: ElementRef<'_>) -> bool {
    let text = |n: NodeRef<'_, Node>| -> usize {
        n.descendants()
            .filter_map(|d| d.value().as_text().map(|t| t.trim().len()))
            .sum()
    };
    text(a) * 10 >= text(*el) * 9
}

/// A sentence or more: enough words, ending as a sentence does.
fn is_prose(text: &str) -> bool {
    text.chars().count() <= MAX_CHARS
        && text.split_whitespace().count() >= MIN_WORDS
        && text.ends_with(['.', '!', '?', '…', '"', '“', '”', '»', '«', ')'])
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "The council voted on Tuesday to close the old bridge to traffic.\n\n\
        Repairs are expected to take most of next year.";

    fn page(between: &str) -> String {
        format!(
            "<html><body><header><h1>Bridge closed</h1>{between}</header><article>\
            <p>The council voted on Tuesday to close the old bridge to traffic.</p>\
            <p>Repairs are expected to take most of next year.</p></article></body></html>"
        )
    }

    #[test]
    fn the_lede_under_the_headline_opens_the_text() {
        let lede = "Engineers found deep cracks in two supports, and buses will be rerouted.";
        let cases = [
            (format!(r#"<p class="lead">{lede}</p>"#), true),
            (
                format!(r#"<div class="teaser-text"><p>{lede}</p></div>"#),
                true,
            ),
            (format!(r#"<div class="article__intro">{lede}</div>"#), true),
            // A teaser that links to another story, a label, or an unclassed line: no.
            (
                format!(r#"<div class="teaser"><a href="/x">{lede}</a></div>"#),
                false,
            ),
            (r#"<p class="lead">Updated daily</p>"#.to_string(), false),
            (format!("<p>{lede}</p>"), false),
            (
                format!(r#"<ul class="teaser-list"><li>{lede}</li></ul>"#),
                false,
            ),
            // A card of another story: a headline inside, or in an aside or footer.
            (
                format!(r#"<div class="m-teaser"><h2><a href="/x">Other</a></h2>{lede}</div>"#),
                false,
            ),
            (
                format!(r#"<aside><p class="lead">{lede}</p></aside>"#),
                false,
            ),
            // The lead image's caption.
            (
                format!(
                    r#"<div class="article-lead"><figure><img src="a.jpg"><div>{lede}</div></figure></div>"#
                ),
                false,
            ),
            (
                format!(r#"<div class="related-posts"><p class="lead">{lede}</p></div>"#),
                false,
            ),
        ];
        for (between, want) in cases {
            let doc = Html::parse_document(&page(&between));
            let got = with_lede(&doc, BODY);
            let expected = if want {
                format!("{lede}\n\n{BODY}")
            } else {
                BODY.to_string()
            };
            assert_eq!(got, expected, "{between}");
        }
    }

    #[test]
    fn a_lede_already_in_the_text_or_after_its_start_is_left() {
        let doc = Html::parse_document(&page(
            r#"<p class="lead">The council voted on Tuesday to close the old bridge to traffic.</p>"#,
        ));
        assert_eq!(with_lede(&doc, BODY), BODY);
        // Text classed "summary" after the article's first paragraph is not a lede.
        let late = "<html><body><h1>Bridge closed</h1><article>\
            <p>The council voted on Tuesday to close the old bridge to traffic.</p>\
            <div class=\"summary\">In short: the bridge is closed until next year, buses rerouted.</div>\
            </article></body></html>";
        assert_eq!(with_lede(&Html::parse_document(late), BODY), BODY);
    }
}
