//! The ranker on small in-memory indexes: the tiers, the lead, pruning, proximity for the
//! best, expansion, date filters, and bm25f against the reference scorer.

use super::super::*;
use super::terms;
use crate::article::Article;
use crate::index::document::from_document;

/// An in-memory index of (headline, body) articles, ids "0", "1", ….
fn store(docs: &[(&str, &str)]) -> Store {
    store_in_segments(docs, &[docs.len()])
}

/// [`store`] in segments of these sizes (never merged).
fn store_in_segments(docs: &[(&str, &str)], sizes: &[usize]) -> Store {
    let articles = docs
        .iter()
        .enumerate()
        .map(|(i, (headline, body))| Article {
            id: i.to_string(),
            headline: headline.to_string(),
            body: body.to_string(),
            ..Article::default()
        });
    crate::index::store::in_memory(articles, sizes)
}

/// (id, mode) of the ranked hits for `query`.
fn ranked(store: &Store, query: &str, limit: usize) -> Vec<(String, Mode)> {
    let reader = store.index.reader().unwrap();
    let searcher = reader.searcher();
    let req = SearchRequest {
        query: query.into(),
        limit,
        ..SearchRequest::default()
    };
    rank_page(&searcher, store, &req)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| {
            let doc: tantivy::TantivyDocument = searcher.doc(h.address).unwrap();
            (from_document(&doc, &store.fields).id, h.mode)
        })
        .collect()
}

#[test]
fn ranking_rules_on_a_small_index() {
    let s = store(&[
        (
            "Budget talks",
            "The budget talks went on; a rocket was mentioned once.",
        ),
        ("Rocket attack", "A rocket attack on the air base."),
        (
            "Weather",
            "Rain on the base, attack of the clouds, later a rocket launch.",
        ),
        ("Markets", "Stocks fell."),
    ]);
    // (query, limit, expected (id, mode) list)
    type Case<'a> = (&'a str, usize, Vec<(&'a str, Mode)>);
    let cases: Vec<Case> = vec![
        // Full matches first; the headline match and closeness put 1 above 2.
        ("rocket attack", 2, vec![("1", Mode::All), ("2", Mode::All)]),
        // Fewer full matches than asked: partial ones follow.
        (
            "rocket attack",
            3,
            vec![("1", Mode::All), ("2", Mode::All), ("0", Mode::Partial)],
        ),
        // Stop words are not required.
        ("what was the rocket attack", 1, vec![("1", Mode::All)]),
        // Operators keep their meaning: no partial fallback.
        ("\"rocket attack\"", 5, vec![("1", Mode::All)]),
        ("rocket AND stocks", 5, vec![]),
        // A sentence in capitals: AND is a word there, and the query still ranks.
        ("ROCKET AND ATTACK", 1, vec![("1", Mode::All)]),
    ];
    for (query, limit, want) in cases {
        let got = ranked(&s, query, limit);
        let want: Vec<(String, Mode)> = want.into_iter().map(|(i, m)| (i.to_string(), m)).collect();
        assert_eq!(got, want, "query {query:?} limit {limit}");
    }
}

#[test]
fn bm25f_counts_the_lead_as_the_positions_say() {
    let filler = "word ".repeat(40);
    let s = store(&[
        ("One", &format!("militia {filler}")),
        ("Two", &format!("{filler} militia")),
        ("Three", "a militia and a rocket, a militia again"),
        // 29 words, then the word at position 29 (in the lead) and at 30 (not).
        ("Four", &format!("{}militia militia", "word ".repeat(29))),
    ]);
    let words = ["militia", "rocket"];
    let no_lead = rank::Params {
        lead: 0.0,
        ..rank::Params::default()
    };
    // Both are checked, to the bit, against scores computed from body positions.
    let (total, full, without) = scored_checked(&s, &words, &no_lead);
    assert_eq!((total, full), (4, 1));
    let (_, _, with) = scored_checked(&s, &words, &rank::Params::default());
    // The article that opens with the word gains; the one that ends with it (same
    // length, same count) does not.
    assert!(without[0].score == without[1].score);
    assert!(with[0].score > without[0].score);
    assert!(with[1].score == without[1].score);
    assert!(with[2].score > without[2].score);
    assert!(with[3].score > without[3].score);
}

#[test]
fn rare_words_score_the_same_through_sorted_postings() {
    // 3 matching documents among 200: few enough postings for the sorted path.
    let mut docs: Vec<(String, String)> = (0..197)
        .map(|i| (format!("Filler {i}"), format!("nothing to see here {i}")))
        .collect();
    docs.push(("Zeppelin lands".into(), "A zeppelin and a blimp.".into()));
    docs.push((
        "Blimp".into(),
        "The blimp, then the zeppelin, then the blimp.".into(),
    ));
    docs.push(("Air".into(), "zeppelin zeppelin zeppelin".into()));
    let refs: Vec<(&str, &str)> = docs.iter().map(|(h, b)| (h.as_str(), b.as_str())).collect();
    let s = store(&refs);
    let (total, full, _) = scored_checked(&s, &["zeppelin", "blimp"], &Default::default());
    assert_eq!((total, full), (3, 2));
}

/// BM25F for `words` under `p`, sorted by address, after checking that the reference
/// scorer (one document at a time, the lead from body positions) gives every document
/// the same score to the bit; with (total, full).
fn scored_checked(
    s: &Store,
    words: &[&str],
    p: &rank::Params,
) -> (usize, usize, Vec<rank::Scored>) {
    let reader = s.index.reader().unwrap();
    let searcher = reader.searcher();
    let terms = terms::terms(words, true);
    let keep = rank::Keep::default();
    let w = rank::Weights::new(&searcher, &s.fields, &terms, p).unwrap();
    let m = rank::bm25f(&searcher, &terms, p, &w, &keep).unwrap();
    let mut scored = m.docs;
    scored.sort_by_key(|c| c.address);
    let mut exact = scored.clone();
    rank::rescore(&searcher, &s.fields, &terms, p, &w, &mut exact).unwrap();
    assert_eq!(scored, exact, "the reference scorer differs for {words:?}");
    (m.total, m.full, scored)
}

#[test]
fn expansion_adds_words_but_never_requires_them() {
    let s = store(&[
        (
            "Rocket attack",
            "Rocket attack; militia blamed; militia denies.",
        ),
        ("Militia news", "The militia paraded."),
        ("Markets", "Stocks fell."),
    ]);
    let reader = s.index.reader().unwrap();
    let searcher = reader.searcher();
    let req = SearchRequest {
        query: "rocket".into(),
        limit: 10,
        expand: Expand::Always,
        ..SearchRequest::default()
    };
    let r = rank_page(&searcher, &s, &req).unwrap();
    // "militia" comes from the feedback document, so article 1 is found, as partial.
    assert_eq!(r.hits.len(), 2);
    assert_eq!(r.hits[0].mode, Mode::All);
    assert_eq!(r.hits[1].mode, Mode::Partial);
}

#[test]
fn proximity_for_the_best_ranks_as_proximity_for_all() {
    // One article in ten says "oil" and "price" (repeated 1-4 times, close together or
    // far apart, in bodies of varying length), over three segments: the bonus reorders
    // the BM25F ranking, and the scores spread wider than the largest bonus.
    let docs: Vec<(String, String)> = (0..3000)
        .map(|i| {
            let gap = "word ".repeat(i % 9);
            let filler = "filler ".repeat(i % 37);
            let oil = "oil ".repeat(1 + i % 4);
            let body = match i % 40 {
                0 => format!("{oil}{gap}price {filler}"),
                10 => format!("{oil}price {filler}"),
                20 => format!("price {filler} {oil}"),
                30 => format!("crude {oil}{gap}barrel {filler}"),
                _ => format!("nothing {filler}"),
            };
            (format!("Report {i}"), body)
        })
        .collect();
    let refs: Vec<(&str, &str)> = docs.iter().map(|(h, b)| (h.as_str(), b.as_str())).collect();
    let s = store_in_segments(&refs, &[1000, 1200, 800]);
    let reader = s.index.reader().unwrap();
    let searcher = reader.searcher();
    // (words, n)
    let cases: &[(&[&str], usize)] = &[
        (&["oil", "price"], 1),
        (&["oil", "price"], 10),
        (&["oil", "price"], 75),
        (&["oil", "barrel"], 10),
        (&["price", "crude", "oil"], 20),
        (&["oil"], 10),
    ];
    for &(words, n) in cases {
        let p = rank::Params::default();
        let terms = terms::terms(words, true);
        let pairs = Some(terms::neighbours(words, true));
        let tier = words.len() as u32;
        let w = rank::Weights::new(&searcher, &s.fields, &terms, &p).unwrap();
        let keep = rank::Keep::default();
        let mut all = rank::bm25f(&searcher, &terms, &p, &w, &keep).unwrap().docs;
        let mut best = all.clone();
        let proximity = rank::Proximity {
            searcher: &searcher,
            fields: &s.fields,
            terms: &terms,
            pairs: pairs.as_deref(),
            params: &p,
        };
        proximity.add(&mut all).unwrap();
        rank::sort_tiered(&mut all, tier);
        let ranked = proximity.rank(&mut best, tier, n).unwrap();
        assert!(ranked >= n.min(all.len()), "{words:?}: ranked {ranked}");
        if words.len() > 1 && n < 50 {
            assert!(ranked < all.len() / 2, "{words:?}: nothing was pruned");
        }
        assert_eq!(best[..n], all[..n], "words {words:?}, n {n}");
    }
}

#[test]
fn allowed_dates_are_the_stored_days_within_the_range() {
    use crate::search::dates::DateRange;
    use jiff::civil::date;
    // Articles dated every 11 days from late 2020 on, every seventh undated, over two
    // segments (the second holds no date at all).
    let articles: Vec<Article> = (0..240)
        .map(|i| Article {
            id: i.to_string(),
            headline: format!("Report {i}"),
            body: "text".into(),
            // Every thirteenth far from the present: years 1000 to 6875, beyond what
            // a nanosecond timestamp holds.
            date: if i % 13 == 1 {
                Some(date(1000 + 25 * i as i16, 6, 15))
            } else {
                (i % 7 != 0 && i < 200)
                    .then(|| date(2020, 12, 1).checked_add(jiff::Span::new().days(11 * i)))
                    .and_then(Result::ok)
            },
            ..Article::default()
        })
        .collect();
    let s = crate::index::store::in_memory(articles, &[200, 40]);
    let reader = s.index.reader().unwrap();
    let searcher = reader.searcher();
    let d = |y, m, day| Some(date(y, m, day));
    let ranges = [
        DateRange {
            first: d(2021, 3, 1),
            last: d(2021, 3, 31),
            ..DateRange::default()
        },
        DateRange {
            first: d(2021, 3, 13),
            last: d(2021, 3, 13),
            ..DateRange::default()
        },
        DateRange {
            last: d(2021, 1, 1),
            ..DateRange::default()
        },
        DateRange {
            first: d(2026, 1, 1),
            ..DateRange::default()
        },
        DateRange {
            first: d(1900, 1, 1),
            last: d(2100, 12, 31),
            ..DateRange::default()
        },
        DateRange {
            first: d(2030, 1, 1),
            last: d(2030, 12, 31),
            ..DateRange::default()
        },
        DateRange {
            first: d(1, 1, 1),
            last: d(2000, 12, 31),
            ..DateRange::default()
        },
        DateRange {
            first: d(2300, 1, 1),
            ..DateRange::default()
        },
    ];
    let mut admitted = 0;
    for days in ranges {
        let allowed = crate::search::filter::Allowed::new(&searcher, &days, None, None).unwrap();
        let (mut got, mut want) = (Vec::new(), Vec::new());
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..seg.max_doc() {
                let address = tantivy::DocAddress::new(ord as u32, doc);
                if allowed.contains(address) {
                    got.push(address);
                }
                // The reference: the stored article's own day, compared as days.
                let stored: tantivy::TantivyDocument = searcher.doc(address).unwrap();
                let day = from_document(&stored, &s.fields).date;
                let inside = day.is_some_and(|x| {
                    days.first.is_none_or(|f| x >= f) && days.last.is_none_or(|l| x <= l)
                });
                if inside {
                    want.push(address);
                }
            }
        }
        assert_eq!(got, want, "range {days:?}");
        admitted += got.len();
    }
    assert!(
        admitted > 150,
        "the ranges admit too little to test: {admitted}"
    );
}

#[test]
fn pruning_between_segments_keeps_exactly_the_best() {
    // 4 segments of 3,000 articles then one of 40,000 (over a scoring window), all
    // saying "oil" in bodies of varying length, every third also "price"; the second
    // and fourth segments and the second half of the last say "oil" once more, so the
    // best articles come after a cut and tie with each other across segments.
    let docs: Vec<(String, String)> = (0..52_000)
        .map(|i| {
            let price = if i % 3 == 0 { "price" } else { "" };
            let price = if i % 10_000 == 7 {
                "price tanker"
            } else {
                price
            };
            let price = if i % 50 == 1 { "price barrel" } else { price };
            let more = if i < 12_000 {
                (i / 3_000) % 2
            } else {
                usize::from(i >= 32_000)
            };
            let oil = "oil ".repeat(1 + i % 7 + more);
            let body = format!("{oil}{}{price}", "word ".repeat(i % 13));
            (format!("Report {i}"), body)
        })
        .collect();
    let refs: Vec<(&str, &str)> = docs.iter().map(|(h, b)| (h.as_str(), b.as_str())).collect();
    let s = store_in_segments(&refs, &[3_000, 3_000, 3_000, 3_000, 40_000]);
    let reader = s.index.reader().unwrap();
    let searcher = reader.searcher();
    assert_eq!(searcher.segment_readers().len(), 5);
    // "tanker" is in six articles only: the best ten must include partial matches.
    // "barrel" is in one article in fifty: narrowing marks few documents.
    for words in [
        &["oil"][..],
        &["oil", "price"],
        &["oil", "tanker"],
        &["oil", "barrel"],
        &["price", "barrel", "oil"],
    ] {
        let terms = terms::terms(words, true);
        let p = rank::Params::default();
        let w = rank::Weights::new(&searcher, &s.fields, &terms, &p).unwrap();
        let tier = words.len() as u32;
        let all = rank::bm25f(&searcher, &terms, &p, &w, &rank::Keep::default()).unwrap();
        let best = |mut docs: Vec<rank::Scored>| {
            rank::sort_tiered(&mut docs, tier);
            docs.truncate(10);
            docs
        };
        let narrows = words.len() > 1 && words != ["oil", "tanker"];
        // used 0: narrowing starts once the kept documents are all full matches;
        // used 10: from the start, when the full matches turn out to be at least ten.
        let mut scored = Vec::new();
        for used in [0, 10] {
            let keep = rank::Keep {
                allowed: None,
                best: Some((10, tier)),
                used,
                least: 0,
                slack: 0.0,
            };
            let pruned = rank::bm25f(&searcher, &terms, &p, &w, &keep).unwrap();
            assert_eq!(pruned.full, all.full);
            if narrows {
                // Documents without the rarest word are no longer scored, nor counted
                // in `total`.
                assert!(pruned.total < all.total, "nothing was narrowed");
            } else {
                assert_eq!(pruned.total, all.total);
            }
            assert!(pruned.docs.len() < all.docs.len() / 2, "nothing was pruned");
            scored.push(pruned.total);
            assert_eq!(
                best(pruned.docs),
                best(all.docs.clone()),
                "{words:?}, used {used}"
            );
        }
        if narrows {
            assert!(
                scored[1] < scored[0],
                "{words:?}: not narrowed from the start"
            );
        } else {
            assert_eq!(scored[1], scored[0]);
        }
    }
    // Ranked by score alone (tier 0, as a typed sentence is), with words far rarer than a
    // scoring window ("tanker" every 10,000 articles): once the best ten are known, whole
    // stretches are skipped while the rare word's next posting lies windows ahead.
    for words in [&["oil", "tanker"][..], &["tanker", "barrel", "oil"]] {
        let terms = terms::terms(words, true);
        let p = rank::Params::default();
        let w = rank::Weights::new(&searcher, &s.fields, &terms, &p).unwrap();
        let all = rank::bm25f(&searcher, &terms, &p, &w, &rank::Keep::default()).unwrap();
        let keep = rank::Keep {
            best: Some((10, 0)),
            used: 10,
            ..rank::Keep::default()
        };
        let pruned = rank::bm25f(&searcher, &terms, &p, &w, &keep).unwrap();
        assert_eq!((pruned.total, pruned.full), (all.total, all.full));
        assert!(pruned.docs.len() < all.docs.len() / 2, "nothing was pruned");
        let best = |mut docs: Vec<rank::Scored>| {
            rank::sort_tiered(&mut docs, 0);
            docs.truncate(10);
            docs
        };
        assert_eq!(best(pruned.docs), best(all.docs), "{words:?}");
    }
}

#[test]
fn a_prefix_scores_its_most_frequent_indexed_words() {
    // Documents holding each word, headline and body counted apart: "determined" 3,
    // "deterrence" 3 (ties go in byte order), "detail" 2, "deter" 1.
    let s = store(&[
        (
            "Determined",
            "They were determined to deter; deterrence works.",
        ),
        ("Deterrence", "Determined again, and deterrence."),
        ("Detail", "A detail."),
    ]);
    let reader = s.index.reader().unwrap();
    let searcher = reader.searcher();
    // (prefix as typed, the words it scores, most frequent first)
    let cases: &[(&str, &[&str])] = &[
        ("DÉTER", &["determin", "deterr", "deter"]),
        ("determ", &["determin"]),
        ("det", &["determin", "deterr", "detail", "deter"]),
        ("zz", &[]),
        ("!!", &[]),
    ];
    for (prefix, want) in cases {
        let got = terms::prefix_terms(&searcher, &s.fields, prefix).unwrap();
        let texts: Vec<&str> = got.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(&texts, want, "{prefix}");
        assert!(got.iter().all(|t| !t.required && t.weight == 1.0));
    }
}
