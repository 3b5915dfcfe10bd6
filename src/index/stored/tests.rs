use super::*;
use crate::index::store::in_memory;

fn articles(n: usize) -> Vec<Article> {
    (0..n)
        .map(|i| Article {
            id: format!("a{i}"),
            path: format!("in/{i}.txt"),
            headline: format!("Story {i}"),
            body: format!("Body of story {i}. ").repeat(40 + i),
            ..Article::default()
        })
        .collect()
}

#[test]
fn reads_what_tantivy_reads_in_every_segment() {
    let s = in_memory(articles(12), &[5, 4]);
    let searcher = s.reader.searcher();
    assert_eq!(searcher.segment_readers().len(), 3);
    let docs = Docs::new(&searcher);
    let mut read = 0;
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in 0..segment.max_doc() {
            let address = DocAddress::new(ord as u32, doc);
            let want = searcher.doc::<Stored>(address).unwrap().article(&s.fields);
            assert_eq!(docs.article(address, &s.fields).unwrap(), want);
            let compact: tantivy::TantivyDocument = docs.get(address).unwrap();
            assert_eq!(
                crate::index::document::from_document(&compact, &s.fields),
                want
            );
            read += 1;
        }
    }
    assert_eq!(read, 12);
}

#[test]
fn an_address_past_the_index_is_an_error() {
    let s = in_memory(articles(2), &[]);
    let searcher = s.reader.searcher();
    let docs = Docs::new(&searcher);
    for address in [DocAddress::new(1, 0), DocAddress::new(0, 99)] {
        assert!(docs.article(address, &s.fields).is_err(), "{address:?}");
    }
}

#[test]
fn damage_is_diagnosed_in_one_line_naming_the_index_and_file() {
    let e = StoredError::Damaged {
        file: "abc.store".into(),
        doc: 3,
        damage: layout::Damage::Trailing { extra: 2 }.to_string(),
    };
    let shown = e.diagnosis(Path::new("ix")).to_string();
    assert!(shown.starts_with("index at ix is damaged ("), "{shown}");
    assert!(shown.contains("stored document 3 in abc.store"), "{shown}");
    assert!(shown.contains("--rebuild"), "{shown}");
    assert_eq!(shown.lines().count(), 1);
    // As tantivy's error it is data corruption, still naming the file.
    let t = TantivyError::from(e);
    assert!(matches!(t, TantivyError::DataCorruption(_)), "{t}");
    assert!(t.to_string().contains("abc.store"), "{t}");
}
