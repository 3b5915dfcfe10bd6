//! Dates written in the visible page rather than declared for machines: in an element its
//! markup calls a date, byline or post meta, in the lines after the headline, in the
//! `<title>`, anywhere in the text. Comment threads, related-story teasers, navigation,
//! sidebars and footers are skipped: the dates there belong to other texts.

use jiff::civil::Date;
use scraper::{ElementRef, Html};

use super::meta::{select, squash};
use crate::article::dates::{find_dates, DayOrder, Found};

/// Elements whose class or id calls them a date, byline or post meta, in any language.
const DATE_BOXES: &str = "[class*=date], [id*=date], [class*=Date], [class*=datum], \
    [class*=fecha], [class*=publi], [class*=posted], [class*=byline], [class*=dateline], \
    [class*=meta], [class*=time], [id*=time], [class*=info], [class*=author], time";

/// How many characters of page text after the headline are searched for a date line.
const AFTER_HEADLINE_CHARS: usize = 600;
/// How much of a page's text is searched when nothing marks a date.
const PAGE_CHARS: usize = 30_000;

/// The first date written inside an element marked as a date, byline or post meta.
pub(super) fn boxed_date(doc: &Html, order: DayOrder) -> Option<Date> {
    select(doc, DATE_BOXES)
        .into_iter()
        .filter(|el| !in_comments(*el) && !in_chrome(*el) && !in_teaser(*el))
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
pub(super) fn after_headline(doc: &Html, order: DayOrder) -> Option<Date> {
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
pub(super) fn anywhere(doc: &Html, order: DayOrder) -> Option<Date> {
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
pub(super) fn title_date(doc: &Html, order: DayOrder) -> Option<Date> {
    let title = select(doc, "title").into_iter().next().map(text_of)?;
    strong_date(&title, order)
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
pub(super) fn in_chrome(el: ElementRef<'_>) -> bool {
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

/// Every full date the reader sees in the page's text (outside chrome and comments).
pub(super) fn shown_dates(doc: &Html, order: DayOrder) -> Vec<Date> {
    let Some(body) = select(doc, "body").into_iter().next() else {
        return Vec::new();
    };
    let nodes = body.descendants().filter(|n| {
        n.parent()
            .and_then(ElementRef::wrap)
            .is_some_and(|p| !in_chrome(p))
    });
    find_dates(&visible_text(nodes, PAGE_CHARS), order)
        .into_iter()
        .filter(|f| !f.weak)
        .map(|f| f.date)
        .collect()
}

/// Inside a teaser for another story ("related posts", "more from"), whose dates are
/// those stories'.
pub(super) fn in_teaser(el: ElementRef<'_>) -> bool {
    marked(el, &["related", "teaser", "recommend"])
}

pub(super) fn text_of(el: ElementRef<'_>) -> String {
    squash(&el.text().collect::<Vec<_>>().join(" "))
}
