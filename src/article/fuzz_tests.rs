//! Property tests: every parser takes arbitrary and near-valid input without panicking,
//! and what it returns keeps its basic promises.
//!
//! Inputs are arbitrary bytes and strings, plus structured near-valid ones: quote-heavy
//! text, header blocks, JSON with odd value types and key names, nested and unmatched
//! marks, huge lines, combining characters, right-to-left text and NULs. Every input
//! proptest (or `cargo fuzz`, see `fuzz/`) found to break a rule is kept below as a named
//! regression test.
//!
//! Last long runs: `PROPTEST_CASES=3000` over every property (no failure), and cargo-fuzz
//! `parse_bytes` 414k executions / `quotes` 608k executions (no crash); the only finding
//! so far is [`regressions::repeated_byte_order_marks`].

use proptest::prelude::*;

use super::{dates, decode, parse_bytes, quotes, Format, Parsed};

/// Pieces that near-valid text is assembled from.
const PALETTE: &[&str] = &[
    "\"",
    "“",
    "”",
    "„",
    "«",
    "»",
    "'",
    "‘",
    "’",
    "``",
    "″",
    " said ",
    " says ",
    ", he said. ",
    "said John Kirby, ",
    "according to ",
    "Mr ",
    "Dr. ",
    "Secretary ",
    "of ",
    "al-",
    "Jane Roe",
    "Kirby",
    "I ",
    "me ",
    "like, ",
    " — ",
    " – ",
    "-- ",
    ": ",
    ", ",
    ". ",
    "? ",
    "…",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "Image: NASA.",
    "Title: ",
    "By: ",
    "Date: ",
    " date 2021-03-03 poster\n",
    "2 hrs ago",
    "e\u{301}",
    "\u{301}",
    "\u{200d}",
    "\u{200f}",
    "\u{202e}",
    "שלום ",
    "مرحبا ",
    "\u{0}",
    "\u{feff}",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "a",
    "Word",
    "words in between ",
];

/// Text glued together from [`PALETTE`] pieces.
fn palette_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PALETTE), 0..max).prop_map(|v| v.concat())
}

/// A header block (plain-text formats) above a quote-heavy body.
fn header_block() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "Title: ",
            "Subject: ",
            "By: ",
            "Author: ",
            "From: ",
            "Date: ",
            " date ",
            "By ",
        ]),
        palette_text(8),
        prop::sample::select(vec!["Date: ", "By: ", "", " date 2021-02-30 x\n"]),
        "\\PC{0,40}",
        palette_text(60),
    )
        .prop_map(|(k1, v1, k2, v2, body)| format!("{k1}{v1}\n{k2}{v2}\n\n{body}"))
}

/// JSON values of every type, nested.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,30}".prop_map(Value::String),
        palette_text(30).prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((json_key(), inner), 0..6)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Key names the JSON parser looks for, and some it does not.
fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "id",
            "_id",
            "guid",
            "headline",
            "title",
            "Headline",
            "body",
            "text",
            "content",
            "articleBody",
            "date",
            "published",
            "datePublished",
            "author",
            "byline",
            "by",
            "name",
            "source",
            "url",
            "description",
            "@type",
        ])
        .prop_map(String::from),
        "\\PC{0,8}",
    ]
}

/// An article-shaped JSON object whose fields have arbitrary types.
fn json_article() -> impl Strategy<Value = serde_json::Value> {
    prop::collection::vec((json_key(), json_value()), 0..8)
        .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect()))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The promises of [`quotes::extract`]: every quote is non-empty, trimmed, and taken
/// from the body; speakers are non-empty.
fn check_quotes(body: &str, qs: &[super::Quote]) {
    let flat = collapse(body);
    for q in qs {
        assert!(!q.text.is_empty(), "empty quote from {body:?}");
        assert_eq!(q.text.trim(), q.text, "untrimmed quote from {body:?}");
        assert!(
            body.contains(&q.text) || flat.contains(&collapse(&q.text)),
            "quote {:?} is not in the body {body:?}",
            q.text
        );
        if let Some(s) = &q.speaker {
            assert!(!s.trim().is_empty(), "blank speaker from {body:?}");
        }
    }
}

fn check_parsed(parsed: &Parsed) {
    for a in &parsed.articles {
        assert!(!a.id.is_empty(), "empty id: {a:?}");
        check_quotes(&a.body, &a.quotes);
    }
}

/// Runs every entry point over `raw`; panics on a broken promise.
fn exercise(raw: &[u8]) {
    for format in [Format::Text, Format::Json, Format::JsonLines] {
        if let Ok(parsed) = parse_bytes(raw, format, "fuzz/input") {
            check_parsed(&parsed);
        }
    }
    if let Ok(text) = decode::decode(raw) {
        assert!(!text.contains('\r'), "CR survived decoding");
        assert!(!text.trim().is_empty(), "blank text decoded");
        assert!(!text.starts_with('\u{feff}'), "BOM survived decoding");
    }
    let lossy = String::from_utf8_lossy(raw);
    check_quotes(&lossy, &quotes::extract(&lossy));
    let ctx = quotes::Context {
        headline: Some(&lossy),
        byline: Some(&lossy),
    };
    check_quotes(&lossy, &quotes::extract_with_context(&lossy, &ctx));
    let _ = dates::parse_date(&lossy);
    let _ = dates::date_in_path(&lossy);
}

/// `default` cases per property, or `PROPTEST_CASES` when set (for long local runs:
/// `PROPTEST_CASES=5000 cargo test --lib fuzz_tests`).
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(40))]

    #[test]
    fn arbitrary_bytes(raw in prop::collection::vec(any::<u8>(), 0..1500)) {
        exercise(&raw);
    }

    #[test]
    fn arbitrary_strings(s in "\\PC{0,400}") {
        exercise(s.as_bytes());
    }

    #[test]
    fn any_unicode(s in any::<String>()) {
        exercise(s.as_bytes());
    }

    #[test]
    fn quote_heavy_text(s in palette_text(300)) {
        exercise(s.as_bytes());
    }

    #[test]
    fn header_blocks(s in header_block()) {
        exercise(s.as_bytes());
    }

    #[test]
    fn json_with_odd_types(v in json_article(), top in json_value()) {
        let one = v.to_string();
        exercise(one.as_bytes());
        let lines = format!("{one}\n{top}\n{one}\n{{broken\n");
        exercise(lines.as_bytes());
        let array = serde_json::Value::Array(vec![v, top]).to_string();
        exercise(array.as_bytes());
    }

    #[test]
    fn utf16_and_legacy_encodings(s in palette_text(80), le in any::<bool>(), bom in any::<bool>()) {
        let mut raw: Vec<u8> = Vec::new();
        if bom {
            raw.extend(if le { [0xff, 0xfe] } else { [0xfe, 0xff] });
        }
        for u in s.encode_utf16() {
            raw.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        exercise(&raw);
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&s);
        exercise(&latin);
    }

}

proptest! {
    // Each case is up to a few hundred kilobytes on one line: fewer of them.
    #![proptest_config(config(8))]

    #[test]
    fn huge_lines(piece in prop::sample::select(PALETTE), n in 1usize..8_000, tail in palette_text(20)) {
        let s = format!("{}{tail}", piece.repeat(n));
        exercise(s.as_bytes());
    }

}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn date_like_strings(
        parts in prop::collection::vec(
            prop_oneof![
                "[0-9]{1,5}".prop_map(|s| s),
                prop::sample::select(vec![
                    "March", "Mar.", "mar", "Feb", "FEB", "Sept.", "-", "/", ".", ",", " ", ":",
                    "T", "Z", "+05:30", "GMT", "Mon,", "ago", "hrs", "2021", "1987", "0",
                    "99999999999999999999", "-1", "\u{0}", "é",
                ])
                .prop_map(String::from),
            ],
            0..12,
        )
    ) {
        let s = parts.concat();
        if let Some(d) = dates::parse_date(&s) {
            prop_assert!((1..=9999).contains(&d.year()));
        }
        let _ = dates::date_in_path(&s);
    }
}

/// Inputs that once broke a rule stay fixed.
mod regressions {
    use super::exercise;

    #[test]
    fn deeply_nested_json() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        exercise(deep.as_bytes());
        let deep_obj = format!("{}1{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
        exercise(deep_obj.as_bytes());
    }

    /// Found by `huge_lines`: `piece = "\u{feff}", n = 3` kept a BOM at the start of
    /// the decoded text (only one was stripped after the encoding's own).
    #[test]
    fn repeated_byte_order_marks() {
        let raw = "\u{feff}".repeat(3) + "Headline\n\nBody.";
        exercise(raw.as_bytes());
        let text = super::super::decode::decode(raw.as_bytes()).expect("decodes");
        assert!(text.starts_with("Headline"), "{text:?}");
    }

    #[test]
    fn lone_marks_and_combining_characters() {
        for s in [
            "\"",
            "“\u{301}",
            "'\u{301}a'",
            "‘\u{202e}x",
            "\u{0}\"a\"",
            "\"a\n\"",
            "a ”b",
            "I'm like, ‘",
            "I'm like, ‘A",
            "like, ‘Ä\u{301}",
            "``",
            "`` a ''",
        ] {
            exercise(s.as_bytes());
        }
    }
}
