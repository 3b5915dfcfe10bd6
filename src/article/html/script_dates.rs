//! Publication dates in a page's inline scripts that are not JSON-LD: the data a
//! JavaScript front end or a shop system ships for the page (`"published_at":"2019-03-02T06:22:28+01:00"`,
//! `"datePublished":"…"` in a Next.js payload). Read only when nothing the page declares
//! or shows dates it, since a script may also carry data for other stories.

use scraper::Html;

use super::meta::select;

/// Keys that name a publication time in script data, most specific first.
const KEYS: &[&str] = &[
    "datePublished",
    "published_at",
    "publishedAt",
    "publishDate",
    "publish_date",
    "first_published_at",
    "publicationDate",
    "publication_date",
];

/// The values of the first key of [`KEYS`] found in the page's non-JSON-LD scripts, in
/// the order written.
pub(super) fn values(doc: &Html) -> Vec<String> {
    let scripts: Vec<String> = select(doc, "script")
        .into_iter()
        .filter(|el| {
            !el.value()
                .attr("type")
                .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
        })
        .map(|el| el.text().collect::<String>())
        .collect();
    KEYS.iter()
        .map(|key| {
            scripts
                .iter()
                .flat_map(|s| values_of(s, key))
                .collect::<Vec<_>>()
        })
        .find(|found| !found.is_empty())
        .unwrap_or_default()
}

/// Every string value of `"key": "value"` in `text` (JSON's `\/` unescaped).
fn values_of(text: &str, key: &str) -> Vec<String> {
    let quoted = format!("\"{key}\"");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(&quoted) {
        rest = &rest[i + quoted.len()..];
        let Some(after_colon) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let Some(value) = after_colon.trim_start().strip_prefix('"') else {
            continue;
        };
        let Some(end) = value.find('"').filter(|e| *e <= 40) else {
            continue;
        };
        out.push(value[..end].replace("\\/", "/"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_script_data() {
        let cases: &[(&str, &[&str])] = &[
            (
                r#"<script>var meta = {"product":{"published_at":"2019-03-02T06:22:28+01:00","created_at":"2019-03-01"}};</script>"#,
                &["2019-03-02T06:22:28+01:00"],
            ),
            (
                r#"<script>window.__DATA__ = {"post_date": "x", "datePublished" : "2018\/01\/29"}</script>"#,
                &["2018/01/29"],
            ),
            // JSON-LD is read elsewhere; a key without a string value is skipped.
            (
                r#"<script type="application/ld+json">{"datePublished":"2020-01-01"}</script><script>{"publishDate": 1583020800}</script>"#,
                &[],
            ),
        ];
        for (html, want) in cases {
            let doc = Html::parse_document(html);
            assert_eq!(values(&doc), *want, "{html}");
        }
    }
}
