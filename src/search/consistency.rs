//! The pipeline's consistency properties, over generated queries on one small generated
//! index (three segments): operators only decide which documents qualify, and every
//! qualifying document gets the one ranker's score.
//!
//! - `a b` (its full matches), `a AND b` and `+a +b` rank identically, with identical
//!   scores;
//! - `a b -c` is `a b` without the documents containing `c`, in the same order;
//! - `a b date:1987-03` is `a b --from 1987-03 --to 1987-03`, and holds exactly the
//!   dated matches of March;
//! - with the proximity bonus off, every hit of every form (`a b`, `a AND b`, `"a b"`,
//!   `a OR b`, `headline:a b`, `(a OR b) c`, `a b -c`) scores exactly what the
//!   one-document-at-a-time reference scorer gives for the plan's terms, and `headline:a b`
//!   holds exactly the documents with `a` in the headline and `b` anywhere.

use std::collections::HashSet;
use std::sync::OnceLock;

use jiff::civil::date;
use proptest::prelude::*;
use tantivy::{DocAddress, TantivyDocument};

use super::dates::{parse_period, DateRange};
use super::plan::Plan;
use super::rank::{self, Scored};
use super::{rank_page, Mode, SearchRequest};
use crate::article::Article;
use crate::index::document::from_document;
use crate::index::schema;
use crate::index::store::Store;

const WORDS: [&str; 8] = [
    "harbour", "storm", "ferry", "council", "budget", "strike", "rail", "market",
];

/// 300 articles of words drawn from [`WORDS`] (headlines of two, bodies of 4 to 30), dated
/// over the first half of 1987 (every ninth undated), in segments of 100, 120 and 80.
fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let articles = (0..300u64).map(|i| {
            // A fixed scramble of the article number picks its words.
            let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            let mut word = || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                WORDS[(x % WORDS.len() as u64) as usize]
            };
            let headline = format!("{} {}", word(), word());
            let body: Vec<&str> = (0..4 + i % 27).map(|_| word()).collect();
            Article {
                id: i.to_string(),
                headline,
                body: body.join(" ") + ".",
                date: (i % 9 != 0).then(|| date(1987, 1 + (i % 6) as i8, 1 + (i % 28) as i8)),
                ..Article::default()
            }
        });
        crate::index::store::in_memory(articles, &[100, 120])
    })
}

/// (address, score bits, mode) of every hit of `query` within `dates`.
fn hits(query: &str, dates: DateRange, ranking: rank::Params) -> Vec<(DocAddress, u32, Mode)> {
    let s = store();
    let req = SearchRequest {
        query: query.into(),
        dates,
        limit: 1000,
        ranking,
        ..SearchRequest::default()
    };
    rank_page(&s.reader.searcher(), s, &req)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.address, h.score.to_bits(), h.mode))
        .collect()
}

fn article(address: DocAddress) -> Article {
    let s = store();
    let doc: TantivyDocument = s.reader.searcher().doc(address).unwrap();
    from_document(&doc, &s.fields)
}

/// Whether `text` holds `word` once both are analysed as article text.
fn says(text: &str, word: &str) -> bool {
    let mut a = schema::text_analyzer();
    let stem = schema::tokens(&mut a, word);
    schema::tokens(&mut a, text)
        .iter()
        .any(|t| stem.contains(t))
}

fn anywhere(a: &Article, word: &str) -> bool {
    says(&a.headline, word) || says(&a.body, word)
}

/// Three different words.
fn words() -> impl Strategy<Value = (&'static str, &'static str, &'static str)> {
    (0..WORDS.len(), 0..WORDS.len(), 0..WORDS.len())
        .prop_filter("different words", |(a, b, c)| a != b && b != c && a != c)
        .prop_map(|(a, b, c)| (WORDS[a], WORDS[b], WORDS[c]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn and_ranks_the_full_matches_of_plain_words((a, b, _) in words()) {
        let p = rank::Params::default();
        let plain = hits(&format!("{a} {b}"), DateRange::default(), p);
        let full: Vec<_> = plain.into_iter().filter(|h| h.2 == Mode::All).collect();
        prop_assert!(!full.is_empty());
        prop_assert_eq!(&hits(&format!("{a} AND {b}"), DateRange::default(), p), &full);
        prop_assert_eq!(&hits(&format!("{a} && {b}"), DateRange::default(), p), &full);
        prop_assert_eq!(&hits(&format!("+{a} +{b}"), DateRange::default(), p), &full);
    }

    #[test]
    fn not_removes_documents_and_keeps_the_order((a, b, c) in words()) {
        let p = rank::Params::default();
        let plain = hits(&format!("{a} {b}"), DateRange::default(), p);
        let without: Vec<_> = plain
            .into_iter()
            .filter(|h| !anywhere(&article(h.0), c))
            .collect();
        prop_assert_eq!(hits(&format!("{a} {b} -{c}"), DateRange::default(), p), without.clone());
        prop_assert_eq!(hits(&format!("{a} {b} NOT {c}"), DateRange::default(), p), without);
    }

    #[test]
    fn a_date_term_is_the_date_flags((a, b, _) in words(), month in 1..=6i8) {
        let p = rank::Params::default();
        let period = format!("1987-{month:02}");
        let flags = DateRange::within(parse_period(&period).unwrap());
        let in_query = hits(&format!("{a} {b} date:{period}"), DateRange::default(), p);
        prop_assert_eq!(&in_query, &hits(&format!("{a} {b}"), flags, p));
        // Exactly the dated matches of that month, in the unfiltered order.
        let all = hits(&format!("{a} {b}"), DateRange::default(), p);
        let want: Vec<_> = all
            .into_iter()
            .filter(|h| article(h.0).date.is_some_and(|d| d.year() == 1987 && d.month() == month))
            .collect();
        prop_assert_eq!(in_query, want);
    }

    #[test]
    fn every_form_is_scored_by_the_reference_bm25f((a, b, c) in words()) {
        // Without the proximity bonus a score is BM25F alone, which the reference scorer
        // recomputes one document at a time.
        let p = rank::Params { proximity: 0.0, ..rank::Params::default() };
        let forms = [
            format!("{a} {b}"),
            format!("{a} AND {b}"),
            format!("\"{a} {b}\""),
            format!("{a} OR {b}"),
            format!("headline:{a} {b}"),
            format!("({a} OR {b}) {c}"),
            format!("{a} {b} -{c}"),
        ];
        let s = store();
        let searcher = s.reader.searcher();
        for q in &forms {
            let req = SearchRequest { query: q.clone(), ranking: p, ..SearchRequest::default() };
            let plan = Plan::new(&req).unwrap();
            let got = hits(q, DateRange::default(), p);
            let w = rank::Weights::new(&searcher, &s.fields, &plan.terms, &p).unwrap();
            let mut exact: Vec<Scored> = got
                .iter()
                .map(|h| Scored { address: h.0, score: f32::NAN, matched: 0 })
                .collect();
            rank::rescore(&searcher, &s.fields, &plan.terms, &p, &w, &mut exact).unwrap();
            for (h, e) in got.iter().zip(&exact) {
                prop_assert_eq!(h.1, e.score.to_bits(), "{} at {:?}", q, h.0);
            }
        }
        // `headline:a b`: a in the headline, b anywhere; nothing else.
        let got: HashSet<DocAddress> =
            hits(&format!("headline:{a} {b}"), DateRange::default(), p).iter().map(|h| h.0).collect();
        let mut want = HashSet::new();
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..seg.max_doc() {
                let address = DocAddress::new(ord as u32, doc);
                let x = article(address);
                if says(&x.headline, a) && anywhere(&x, b) {
                    want.insert(address);
                }
            }
        }
        prop_assert_eq!(got, want);
    }
}
