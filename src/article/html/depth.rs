//! How deeply a page nests, so pathological markup is refused or handled without the
//! recursive extractor (a stack overflow would abort the whole run, not just this file).

/// Nesting beyond this is refused before parsing: the HTML parser's work grows with the
/// square of the depth, so such a page would stall a run (no real page comes close).
pub(super) const MAX_MARKUP_DEPTH: usize = 5000;

/// Beyond this depth the body extractor is not used (it recurses through the tree).
pub(super) const MAX_EXTRACTOR_DEPTH: usize = 400;

/// A cheap upper estimate of how deeply a page's tags nest, from one scan of the text.
/// Void elements and elements whose end tag may be omitted (`p`, `li`, …) are not counted.
///
/// An end tag closes only an element that is open, as in the HTML parser: `</x>` with no
/// open `x` is ignored, and `</div>` closes every element opened since the last `<div>`.
/// (Counting any end tag as a close let `<div></x>` repeated nest 100,000 deep unseen.)
/// The open elements are kept as a stack with a count per name, so the scan stays linear.
pub(super) fn approx_depth(html: &str) -> usize {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option", "!doctype",
    ];
    let lower = html.to_ascii_lowercase();
    let (mut max, mut rest) = (0usize, lower.as_str());
    let mut open: Vec<&str> = Vec::new();
    let mut open_count: std::collections::HashMap<&str, usize> = Default::default();
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
            if open_count.get(name).is_some_and(|n| *n > 0) {
                while let Some(top) = open.pop() {
                    if let Some(n) = open_count.get_mut(top) {
                        *n -= 1;
                    }
                    if top == name {
                        break;
                    }
                }
            }
        } else if !rest[..tag_end].ends_with('/') {
            if name == "script" || name == "style" {
                let close = format!("</{name}");
                rest = rest.find(&close).map_or("", |j| &rest[j..]);
                continue;
            }
            open.push(name);
            *open_count.entry(name).or_insert(0) += 1;
            max = max.max(open.len());
        }
    }
    max
}

/// How deeply the parsed page's elements nest (counted without recursion).
pub(super) fn dom_depth(doc: &scraper::Html) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

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
            // End tags of elements that are not open close nothing.
            ("<div></x><div></x><div></x>", 3),
            // An end tag closes everything opened since its element.
            ("<div><span><b></div><i>", 3),
            ("<section><div></section><div>", 2),
        ];
        for (html, want) in cases {
            assert_eq!(approx_depth(html), want, "{html}");
        }
    }
}
