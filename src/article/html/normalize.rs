//! Markup repairs made before the body extractor reads a page, for shapes it loses text on.
//!
//! The extractor reads blocks (`<p>`, `<li>`, headings) and drops text that sits loose in a
//! container: after an `<h2>`, after a `<ul>`, or following a `<strong>` lead-in inside a
//! `<div>`. Each run of such inline content is wrapped in its own `<p>`, as a browser lays
//! it out as its own block. Ruby annotations (`<rt>`, `<rp>`: the reading of a Japanese
//! word printed above it) are removed, so `漢字` does not come out as `漢字かんじ`. A mark
//! written right after an inline element (`<strong>Note</strong>: …`) is moved inside it,
//! because the extractor puts a space between an element and the text after it.

use ego_tree::{NodeId, NodeRef};
use scraper::node::Text;
use scraper::{Html, Node};

/// Elements laid out inline: a run of them (and text) is one paragraph.
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn",
    "em", "font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "q", "rb", "ruby", "s",
    "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
];

/// Invisible elements: neither text nor a block, so they neither start nor end a run.
const TRANSPARENT: &[&str] = &["script", "style", "noscript", "template"];

/// Containers whose loose text is wrapped when it sits beside elements. List items, cells and definitions are
/// wrapped only when they also hold blocks (the extractor reads their plain text well).
const CONTAINERS: &[&str] = &[
    "div",
    "section",
    "article",
    "main",
    "body",
    "blockquote",
    "center",
    "header",
    "footer",
    "aside",
    "figure",
    "form",
    "details",
    "fieldset",
];
const MIXED_ONLY: &[&str] = &["li", "td", "th", "dd", "dt"];

/// Marks that belong to the word before them.
const CLOSING_MARKS: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '»', '”', '’', '…', '%',
];

/// Repairs `doc` in place for the extractor (see the module header).
pub(super) fn prepare(doc: &mut Html) {
    drop_ruby_annotations(doc);
    keep_marks_with_their_word(doc);
    wrap_loose_text(doc);
}

fn element_name(node: NodeRef<'_, Node>) -> Option<&str> {
    node.value().as_element().map(|e| e.name())
}

fn drop_ruby_annotations(doc: &mut Html) {
    let ids: Vec<NodeId> = doc
        .tree
        .root()
        .descendants()
        .filter(|n| matches!(element_name(*n), Some("rt" | "rp")))
        .map(|n| n.id())
        .collect();
    for id in ids {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// `<b>Note</b>: text` becomes `<b>Note:</b> text` (the text reads the same).
fn keep_marks_with_their_word(doc: &mut Html) {
    let moves: Vec<(NodeId, NodeId, usize)> = doc
        .tree
        .root()
        .descendants()
        .filter_map(|n| {
            let text = n.value().as_text()?;
            let prev = n.prev_sibling()?;
            let name = element_name(prev)?;
            if !INLINE.contains(&name) || matches!(name, "br" | "img" | "wbr") {
                return None;
            }
            let marks = text.len() - text.trim_start_matches(CLOSING_MARKS).len();
            let ends_in_text = prev
                .last_child()
                .and_then(|c| c.value().as_text().map(|t| t.to_string()))
                .is_some_and(|t| !t.ends_with(char::is_whitespace) && !t.is_empty());
            (marks > 0 && ends_in_text).then_some((n.id(), prev.id(), marks))
        })
        .collect();
    for (text_id, element_id, marks) in moves {
        let Some(Node::Text(t)) = doc.tree.get(text_id).map(|n| n.value().clone()) else {
            continue;
        };
        let (head, rest) = t.text.split_at(marks);
        let (head, rest) = (head.to_string(), rest.to_string());
        if let Some(mut node) = doc.tree.get_mut(text_id) {
            *node.value() = Node::Text(Text {
                text: rest.as_str().into(),
            });
        }
        if let Some(mut el) = doc.tree.get_mut(element_id) {
            el.append(Node::Text(Text {
                text: head.as_str().into(),
            }));
        }
    }
}

/// How a child node takes part in a run of inline content.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Text or an inline element with something visible in it.
    Content,
    /// Whitespace, comments, scripts: kept in a run but never start one.
    Neutral,
    Block,
}

fn role(node: NodeRef<'_, Node>) -> Role {
    match node.value() {
        Node::Text(t) if t.trim().is_empty() => Role::Neutral,
        Node::Text(_) => Role::Content,
        Node::Element(e) if TRANSPARENT.contains(&e.name()) => Role::Neutral,
        Node::Element(e) if INLINE.contains(&e.name()) && !holds_block(node) => Role::Content,
        Node::Element(_) => Role::Block,
        _ => Role::Neutral,
    }
}

/// An inline element wrapping blocks (`<a><div>…</div></a>`) is laid out as a block.
fn holds_block(node: NodeRef<'_, Node>) -> bool {
    node.descendants()
        .skip(1)
        .any(|d| element_name(d).is_some_and(|n| !INLINE.contains(&n) && !TRANSPARENT.contains(&n)))
}

fn wrap_loose_text(doc: &mut Html) {
    let Some(template) = paragraph_template() else {
        return;
    };
    let mut runs: Vec<Vec<NodeId>> = Vec::new();
    for node in doc.tree.root().descendants() {
        let Some(name) = element_name(node) else {
            continue;
        };
        let roles: Vec<(NodeId, Role)> = node.children().map(|c| (c.id(), role(c))).collect();
        let has_block = roles.iter().any(|(_, r)| *r == Role::Block);
        // Plain text alone in a container is read well; text beside elements is not.
        let mixed = has_block || node.children().any(|c| c.value().is_element());
        let wrap =
            mixed && (CONTAINERS.contains(&name) || (has_block && MIXED_ONLY.contains(&name)));
        if !wrap || !roles.iter().any(|(_, r)| *r == Role::Content) {
            continue;
        }
        let mut run: Vec<NodeId> = Vec::new();
        let mut after_block = false;
        for (id, r) in roles.into_iter().chain([(node.id(), Role::Block)]) {
            if r == Role::Block {
                if worth_wrapping(doc, &run, after_block) {
                    runs.push(std::mem::take(&mut run));
                }
                run.clear();
                after_block = id != node.id();
            } else {
                run.push(id);
            }
        }
    }
    for run in runs {
        let Some(&first) = run.first() else { continue };
        let Some(mut first_node) = doc.tree.get_mut(first) else {
            continue;
        };
        let p = first_node.insert_before(template.clone()).id();
        if let Some(mut p) = doc.tree.get_mut(p) {
            for id in run {
                p.append_id(id);
            }
        }
    }
}

/// Letters in a run below which it is a label ("Tags:", "Share"), not prose.
const MIN_RUN_CHARS: usize = 20;

/// A run is wrapped when it holds prose and the extractor would lose it: it follows a
/// block (text after an `<h2>` or a list), or it opens with an inline element that has
/// text after it (a `<strong>` lead-in).
fn worth_wrapping(doc: &Html, run: &[NodeId], after_block: bool) -> bool {
    let nodes: Vec<NodeRef<'_, Node>> = run.iter().filter_map(|id| doc.tree.get(*id)).collect();
    let text: String = nodes
        .iter()
        .flat_map(|n| n.descendants())
        .filter(|d| {
            d.parent()
                .and_then(element_name)
                .is_none_or(|p| !TRANSPARENT.contains(&p))
        })
        .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
        .collect();
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let mut content = nodes.iter().filter(|n| role(**n) == Role::Content);
    let lead_in = matches!(
        (content.next(), content.next()),
        (Some(first), Some(_)) if first.value().is_element()
    );
    chars >= MIN_RUN_CHARS && (after_block || lead_in)
}

/// A bare `<p>` element node, to be cloned for each wrapped run.
fn paragraph_template() -> Option<Node> {
    let frag = Html::parse_fragment("<p></p>");
    let found = frag
        .tree
        .root()
        .descendants()
        .find(|n| element_name(*n) == Some("p"))
        .map(|n| n.value().clone());
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(body: &str) -> String {
        let mut doc = Html::parse_document(&format!("<html><body>{body}</body></html>"));
        prepare(&mut doc);
        let html = doc.html();
        let start = html.find("<body>").map_or(0, |i| i + 6);
        let end = html.rfind("</body>").unwrap_or(html.len());
        html[start..end].to_string()
    }

    #[test]
    fn loose_text_gets_its_own_paragraph() {
        let cases = [
            // Text after a heading.
            (
                "<div><h2>Next</h2>Repairs take most of a year.<p>More.</p></div>",
                "<div><h2>Next</h2><p>Repairs take most of a year.</p><p>More.</p></div>",
            ),
            // A <strong> lead-in with its text, alone in a <div>.
            (
                "<div><strong>Note:</strong> buses are rerouted.</div>",
                "<div><p><strong>Note:</strong> buses are rerouted.</p></div>",
            ),
            // Text after a list, with a line break kept inside the run.
            (
                "<section><ul><li>a</li></ul>One line<br>and two <a href=\"x\">with a link</a></section>",
                "<section><ul><li>a</li></ul><p>One line<br>and two <a href=\"x\">with a link</a></p></section>",
            ),
            // A list item with only inline content is left alone.
            (
                "<ul><li><b>a</b> b</li></ul>",
                "<ul><li><b>a</b> b</li></ul>",
            ),
            // A link wrapping blocks is a block; whitespace alone is not wrapped.
            (
                "<div> <a href=\"x\"><div>card</div></a> </div>",
                "<div> <a href=\"x\"><div>card</div></a> </div>",
            ),
            // Plain text alone in a container, or already in paragraphs: unchanged.
            ("<div>Just text.</div>", "<div>Just text.</div>"),
            // Short labels beside blocks ("Tags:", "Share") are chrome, not prose.
            (
                "<div><h3>Tags</h3>Share<ul><li>x</li></ul></div>",
                "<div><h3>Tags</h3>Share<ul><li>x</li></ul></div>",
            ),
            // Text before the first block and not opening with an inline lead-in stays.
            (
                "<div>Home <a href=\"/\">back</a><p>One.</p></div>",
                "<div>Home <a href=\"/\">back</a><p>One.</p></div>",
            ),
            (
                "<div><p>One.</p><p>Two.</p></div>",
                "<div><p>One.</p><p>Two.</p></div>",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(prepared(input), want, "{input}");
        }
    }

    #[test]
    fn ruby_readings_are_removed() {
        assert_eq!(
            prepared("<p><ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>を読む</p>"),
            "<p><ruby>漢字</ruby>を読む</p>"
        );
    }

    #[test]
    fn marks_stay_with_their_word() {
        let cases = [
            (
                "<ul><li><strong>Leave early</strong>: the detour</li></ul>",
                "<ul><li><strong>Leave early:</strong> the detour</li></ul>",
            ),
            (
                "<p>See <a href=\"x\">the map</a>, then go.</p>",
                "<p>See <a href=\"x\">the map,</a> then go.</p>",
            ),
            // A space before the mark (French typography) is kept as written.
            (
                "<p><b>Attention</b> : fermé</p>",
                "<p><b>Attention</b> : fermé</p>",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(prepared(input), want, "{input}");
        }
    }
}
