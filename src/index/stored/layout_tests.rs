//! The layout checks on real bytes: documents written by tantivy, intact and with their
//! lengths, counts, type codes and field ids damaged.

use super::*;
use crate::article::{Article, Quote};
use crate::index::schema;

fn article(id: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        path: format!("in/{id}.txt"),
        headline: "Oil prices rise".into(),
        byline: Some("Jane Roe".into()),
        date: Some("1987-02-26".parse().unwrap()),
        body: body.into(),
        quotes: vec![Quote {
            text: "We will not cut output".into(),
            speaker: Some("A minister".into()),
            ..Quote::default()
        }],
        ..Article::default()
    }
}

/// The stored bytes of each article, as tantivy wrote them into an index.
fn stored_bytes(articles: Vec<Article>) -> (Vec<Vec<u8>>, Shape) {
    let n = articles.len() as u32;
    let s = crate::index::store::in_memory(articles, &[]);
    let searcher = s.reader.searcher();
    let reader = searcher.segment_reader(0).get_store_reader(0).unwrap();
    let docs = (0..n)
        .map(|d| reader.get_document_bytes(d).unwrap().as_slice().to_vec())
        .collect();
    (docs, Shape::new(&schema::build()))
}

/// Where `needle` starts in `hay`.
fn find(hay: &[u8], needle: &str) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap()
}

#[test]
fn every_real_document_passes() {
    let long = "A long body. ".repeat(2000);
    let (docs, shape) = stored_bytes(vec![
        article("a1", "Short."),
        article("a2", &long),
        Article::default(),
    ]);
    for (i, doc) in docs.iter().enumerate() {
        assert_eq!(check_document(doc, &shape), Ok(()), "document {i}");
    }
}

#[test]
fn damaged_lengths_counts_codes_and_ids_are_refused() {
    let body = "Saudi output rose again in February.";
    let (docs, shape) = stored_bytes(vec![article("x7", body)]);
    let doc = &docs[0];
    // The layout: the number of values (one byte here), then each value: field id (4),
    // type code (1), and for text a length before the text.
    let id_text = find(doc, "x7");
    let body_text = find(doc, body);
    let first_field = 1;
    let first_code = first_field + 4;
    // (what, the damaged bytes, the damage expected)
    type Edit = Box<dyn Fn(&mut Vec<u8>)>;
    type Expected = fn(&Damage) -> bool;
    let cases: Vec<(&str, Edit, Expected)> = vec![
        (
            "a string's length runs on into its text (no stop bit): a huge length",
            Box::new(move |d| d[body_text - 1] &= 0x7f),
            |e| matches!(e, Damage::TooLong { .. }),
        ),
        (
            "a string's length one more than its text",
            Box::new(move |d| d[id_text - 1] += 1),
            |e| !matches!(e, Damage::Trailing { .. }),
        ),
        (
            "the number of values runs on (no stop bit)",
            Box::new(|d| d[0] &= 0x7f),
            |e| matches!(e, Damage::TooLong { .. } | Damage::UnknownField { .. }),
        ),
        (
            "the number of values larger than the bytes could hold",
            Box::new(|d| d[0] = 0x80 | 0x7f),
            |e| matches!(e, Damage::TooLong { .. }),
        ),
        (
            "the number of values smaller: bytes left over",
            Box::new(|d| d[0] -= 1),
            |e| matches!(e, Damage::Trailing { .. }),
        ),
        (
            "a length of ten bytes without a stop bit",
            Box::new(move |d| d[body_text - 1..body_text + 10].fill(0x7f)),
            |e| matches!(e, Damage::TooLong { .. }),
        ),
        (
            "an unknown type code",
            Box::new(move |d| d[first_code] = 42),
            |e| matches!(e, Damage::UnknownType { code: 42, .. }),
        ),
        (
            "a number's type code on a text field",
            Box::new(move |d| d[first_code] = code::U64),
            |e| matches!(e, Damage::WrongType { .. }),
        ),
        (
            "an array whose count is more than the bytes left",
            Box::new(move |d| d[first_code] = code::ARRAY),
            |e| !matches!(e, Damage::Trailing { .. }),
        ),
        (
            "a field id past the schema",
            Box::new(move |d| d[first_field + 2] = 1),
            |e| matches!(e, Damage::UnknownField { .. }),
        ),
        (
            "cut short by a byte",
            Box::new(|d| {
                d.pop();
            }),
            |e| matches!(e, Damage::Truncated { .. } | Damage::TooLong { .. }),
        ),
        (
            "cut short inside a field id",
            Box::new(move |d| d.truncate(first_field + 2)),
            |e| matches!(e, Damage::Truncated { .. } | Damage::TooLong { .. }),
        ),
        ("a byte too many", Box::new(|d| d.push(0)), |e| {
            matches!(e, Damage::Trailing { extra: 1 })
        }),
        ("empty", Box::new(|d| d.clear()), |e| {
            matches!(e, Damage::Truncated { .. })
        }),
    ];
    assert_eq!(check_document(doc, &shape), Ok(()));
    assert!(matches!(decode_flat(doc, &shape), Ok(Some(_))));
    for (what, edit, expected) in cases {
        let mut damaged = doc.clone();
        edit(&mut damaged);
        match check_document(&damaged, &shape) {
            Err(e) => assert!(expected(&e), "{what}: {e}"),
            Ok(()) => panic!("{what}: passed"),
        }
        // The one-pass decoder refuses it too, or leaves it to the check above.
        let flat = decode_flat(&damaged, &shape);
        assert!(!matches!(flat, Ok(Some(_))), "{what}: decoded {flat:?}");
    }
    // Text that is not UTF-8: tantivy's decoder refuses it, and so does the one-pass one.
    let mut bad_text = doc.clone();
    bad_text[body_text] = 0xff;
    assert_eq!(check_document(&bad_text, &shape), Ok(()));
    assert!(matches!(
        decode_flat(&bad_text, &shape),
        Err(Damage::NotText { .. })
    ));
}

#[test]
fn the_one_pass_decoder_reads_what_tantivy_reads() {
    let articles = vec![
        article("a1", "Short."),
        article("a2", &"Longer body text. ".repeat(500)),
        Article::default(),
    ];
    let n = articles.len() as u32;
    let s = crate::index::store::in_memory(articles, &[]);
    let searcher = s.reader.searcher();
    let shape = Shape::new(searcher.schema());
    let reader = searcher.segment_reader(0).get_store_reader(0).unwrap();
    for d in 0..n {
        let bytes = reader.get_document_bytes(d).unwrap();
        let ours = decode_flat(bytes.as_slice(), &shape).unwrap().unwrap();
        let theirs: crate::index::document::Stored =
            searcher.doc(tantivy::DocAddress::new(0, d)).unwrap();
        let ours = crate::index::document::Stored::from_values(ours);
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "document {d}");
    }
}

/// A document of one value of `field` made of `value` (type code and what follows).
fn one_value(field: u32, value: &[u8]) -> Vec<u8> {
    let mut d = vec![0x81];
    d.extend(field.to_le_bytes());
    d.extend(value);
    d
}

#[test]
fn nested_values_are_walked_and_bounded() {
    let shape = Shape::new(&schema::build());
    let f = schema::Fields::resolve(&schema::build()).unwrap();
    let body = f.body.field_id();
    // An array of a string and a null; an object of one key and a u64.
    let array = [&[code::ARRAY, 0x82, code::TEXT, 0x81, b'a', code::NULL][..]].concat();
    let object = [
        &[code::OBJECT, 0x82, code::TEXT, 0x81, b'k', code::U64][..],
        &7u64.to_le_bytes(),
    ]
    .concat();
    let tokenized = [&[code::EXT, code::EXT_TOKENIZED, 0x82][..], b"{}"].concat();
    let mut deep = [code::ARRAY, 0x81].repeat(MAX_DEPTH + 1);
    deep.push(code::NULL);
    let mut shallow = [code::ARRAY, 0x81].repeat(MAX_DEPTH);
    shallow.push(code::NULL);
    // An object of a key and no value; of a u64 where its key should be.
    let odd = [
        &[code::OBJECT, 0x83, code::TEXT, 0x81, b'k', code::U64][..],
        &7u64.to_le_bytes(),
        &[code::NULL],
    ]
    .concat();
    let lone_key = [code::OBJECT, 0x81, code::TEXT, 0x81, b'k'];
    let number_key = [
        &[code::OBJECT, 0x82, code::U64][..],
        &7u64.to_le_bytes(),
        &[code::NULL],
    ]
    .concat();
    type Expected = Result<(), fn(&Damage) -> bool>;
    let cases: [(&str, &[u8], Expected); 10] = [
        ("array", &array, Ok(())),
        ("object", &object, Ok(())),
        ("pre-tokenized text", &tokenized, Ok(())),
        ("nested to the limit", &shallow, Ok(())),
        (
            "nested past the limit",
            &deep,
            Err(|e| matches!(e, Damage::TooDeep { .. })),
        ),
        (
            "an unknown extended code",
            &[code::EXT, 9],
            Err(|e| matches!(e, Damage::UnknownType { code: 9, .. })),
        ),
        (
            "an object of three elements",
            &odd,
            Err(|e| matches!(e, Damage::OddObject { count: 3, .. })),
        ),
        (
            "an object of a key and no value",
            &lone_key,
            Err(|e| matches!(e, Damage::OddObject { count: 1, .. })),
        ),
        (
            "an object whose key is a number",
            &number_key,
            Err(|e| {
                matches!(
                    e,
                    Damage::NotAKey {
                        code: code::U64,
                        ..
                    }
                )
            }),
        ),
        (
            "an array claiming more elements than bytes",
            &[code::ARRAY, 0xff],
            Err(|e| matches!(e, Damage::TooLong { .. })),
        ),
    ];
    for (what, value, expected) in cases {
        let got = check_document(&one_value(body, value), &shape);
        match (expected, got) {
            (Ok(()), got) => assert_eq!(got, Ok(()), "{what}"),
            (Err(want), Err(e)) => assert!(want(&e), "{what}: {e}"),
            (Err(_), Ok(())) => panic!("{what}: passed"),
        }
    }
}
