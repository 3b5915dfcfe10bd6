//! Dates written in the visible page rather than declared for machines: in an element its
//! markup calls a date, byline or post meta, in the lines after the headline, in the
//! `<title>`, anywhere in the text. Comment threads, related-story teasers, navigation,
//! sidebars and footers are skipped: the dates there belong to other texts. The footer's
//! own date (when the page was last revised) is read last, for pages dated nowhere else.

use jiff::civil::Date;
use scraper::{ElementRef, Html, Selector};

use super::headline::links_home;
use super::meta::{compact, select, squash};
use crate::article::dates::{find_dates, DayOrder, Found};

/// Elements whose class or id calls them a date, byline or post meta, in any language.
const DATE_BOXES: &str = "[class*=date], [id*=date], [class*=Date], [class*=datum], \
    [class*=fecha], [class*=publi], [class*=posted], [class*=byline], [class*=dateline], \
    [class*=meta], [class*=time], [id*=time], [class*=info], [class*=author], time";

/// How many characters of page text after the headline are searched for a date line.
const AFTER_HEADLINE_CHARS: usize = 600;
/// How many characters of page text after the headline may come before its date box.
const NEAR_HEADLINE_CHARS: usize = 1_500;
/// How much of a footer's text is searched for the day the page was last revised.
const FOOTER_CHARS: usize = 3_000;
/// How much of a page's text is searched when nothing marks a date.
const PAGE_CHARS: usize = 30_000;

/// The first date written inside an element marked as a date, byline or post meta.
pub(super) fn boxed_date(doc: &Html, order: DayOrder) -> Option<Date> {
    select(doc, DATE_BOXES)
        .into_iter()
        .filter(|el| !in_comments(*el) && !in_chrome(*el) && !in_teaser(*el))
        .find_map(|el| box_date(el, order))
}

/// The first plausible date (1995 or later) written in a date box of at most 200 characters.
fn box_date(el: ElementRef<'_>, order: DayOrder) -> Option<Date> {
    let text = text_of(el);
    if text.chars().count() > 200 {
        return None;
    }
    choose(
        &text,
        find_dates(&text, order)
            .into_iter()
            .filter(|f| f.date.year() >= 1995),
    )
}

/// The elements that may head the article: the heading (`<h1>`…`<h6>`) whose text is the
/// chosen headline, when there is one, then the page's first `<h1>`s that are not the
/// site's name linking home (the first is sometimes a hidden site name).
fn headings<'a>(doc: &'a Html, headline: Option<&str>) -> Vec<ElementRef<'a>> {
    let wanted = headline.map(compact).filter(|h| !h.is_empty());
    let mut out: Vec<ElementRef<'a>> = wanted
        .and_then(|w| {
            select(doc, "h1, h2, h3, h4, h5, h6")
                .into_iter()
                .find(|h| compact(&text_of(*h)) == w)
        })
        .into_iter()
        .collect();
    out.extend(
        select(doc, "h1")
            .into_iter()
            .filter(|h| !links_home(*h))
            .take(3),
    );
    out
}

/// The nodes that follow `el` in document order (its later siblings and theirs of its
/// ancestors, with their descendants).
fn after<'a>(el: ElementRef<'a>) -> impl Iterator<Item = ego_tree::NodeRef<'a, scraper::Node>> {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .flat_map(|a| a.next_siblings())
        .flat_map(|s| s.descendants())
}

/// The first full date in the text that follows the headline.
pub(super) fn after_headline(doc: &Html, order: DayOrder, headline: Option<&str>) -> Option<Date> {
    headings(doc, headline)
        .into_iter()
        .find_map(|h| strong_date(&visible_text(after(h), AFTER_HEADLINE_CHARS), order))
}

/// The first date in an element marked as a date, byline or post meta that sits just
/// above the headline or follows it closely: the article's own date line, where boxes before the headline hold
/// today's date and boxes further down list events or other stories.
pub(super) fn box_after_headline(
    doc: &Html,
    order: DayOrder,
    headline: Option<&str>,
) -> Option<Date> {
    let boxes = Selector::parse(DATE_BOXES).ok()?;
    let dated_box = |el: ElementRef<'_>| -> Option<Date> {
        if !boxes.matches(&el) || in_comments(el) || in_teaser(el) {
            return None;
        }
        box_date(el, order)
    };
    headings(doc, headline).into_iter().find_map(|h| {
        // A date line set just above the headline, beside it in the same container.
        let above = h
            .prev_siblings()
            .filter_map(ElementRef::wrap)
            .take(2)
            .find_map(dated_box);
        if above.is_some() {
            return above;
        }
        let mut seen = 0;
        for node in after(h) {
            if let Some(t) = node.value().as_text() {
                seen += t.trim().len();
                if seen > NEAR_HEADLINE_CHARS {
                    return None;
                }
                continue;
            }
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            if let Some(date) = dated_box(el) {
                return Some(date);
            }
        }
        None
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

/// A full date in the page's footer ("Copyright © 19.12.2019 - 12:14 h", "Stand:
/// 03.03.2021"): the day the page was last generated or revised, for a page that dates
/// itself nowhere else.
pub(super) fn in_footer(doc: &Html, order: DayOrder) -> Option<Date> {
    select(doc, "footer")
        .into_iter()
        .filter(|el| !in_comments(*el))
        .find_map(|el| strong_date(&visible_text(el.descendants(), FOOTER_CHARS), order))
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
pub(super) fn strong_date(text: &str, order: DayOrder) -> Option<Date> {
    choose(
        text,
        find_dates(text, order)
            .into_iter()
            .filter(|f: &Found| !f.weak && f.date.year() >= 1995),
    )
}

/// Words that label the day a text was revised rather than first published.
const UPDATE_LABELS: &[&str] = &[
    "updated",
    "update",
    "modified",
    "revised",
    "edited",
    "aktualisiert",
    "geändert",
    "mis à jour",
    "modifié",
    "actualizado",
    "actualizada",
    "atualizado",
    "atualizada",
    "aggiornato",
    "aggiornamento",
    "bijgewerkt",
    "gewijzigd",
    "обновлено",
    "zaktualizowano",
    "aktualizacja",
    "aktualizováno",
    "güncellendi",
    "güncelleme",
    "uppdaterad",
    "opdateret",
    "oppdatert",
    "päivitetty",
];

/// How far before a date (in characters) its label is looked for.
const LABEL_REACH: usize = 24;

/// The first of `found` (dates in `text`) that is not in the future and not labelled as an
/// update ("Updated: 5 March · Published: 3 March"); an update's day only when the text
/// gives no other.
fn choose(text: &str, found: impl Iterator<Item = Found>) -> Option<Date> {
    let latest = latest_day();
    let candidates: Vec<Found> = found.filter(|f| f.date <= latest).collect();
    let updated = |f: &Found| labelled_update(text.get(..f.start).unwrap_or_default());
    candidates
        .iter()
        .find(|f| !updated(f))
        .or(candidates.first())
        .map(|f| f.date)
}

/// Whether the text just before a date (`before` ends where it starts) labels it as the
/// day of an update.
pub(super) fn labelled_update(before: &str) -> bool {
    let start = before
        .char_indices()
        .rev()
        .nth(LABEL_REACH - 1)
        .map_or(0, |(i, _)| i);
    // Only the words since the previous date count: its label is not this one's.
    let label = before[start..].to_lowercase();
    let label = label.rsplit(char::is_numeric).next().unwrap_or_default();
    UPDATE_LABELS.iter().any(|w| label.contains(w))
}

/// The latest day a page can have been published: tomorrow in UTC (no publisher's zone is
/// a day ahead of it). Later days are events or placeholders. UTC, not the system's zone:
/// extraction then never reads the zone database, and gives the same answer everywhere.
pub(super) fn latest_day() -> Date {
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    today.tomorrow().unwrap_or(today)
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

/// Inside a teaser for another story ("related posts", "more from"), whose dates are
/// those stories'.
pub(super) fn in_teaser(el: ElementRef<'_>) -> bool {
    marked(el, &["related", "teaser", "recommend"])
}

pub(super) fn text_of(el: ElementRef<'_>) -> String {
    squash(&el.text().collect::<Vec<_>>().join(" "))
}
