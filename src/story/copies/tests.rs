//! Copies of a story written for these tests: the same text with a site's boilerplate, its
//! last paragraph trimmed, its headline in capitals, must group; another report of the same
//! event in other words must not.

use super::groups::{compute, load, refresh};
use super::*;
use crate::article::Article;

const HEADLINE: &str = "Harbour bridge closes after barge strikes pier";
const STORY: [&str; 4] = [
    "The old harbour bridge was closed to traffic on Tuesday morning after a grain barge drifted \
     off course in strong winds and struck one of its stone piers, city officials said.",
    "Engineers spent the afternoon inspecting the damaged pier from a small boat and said the \
     structure showed cracks along its eastern face but no sign of movement in the deck above.",
    "Ferry operators added extra crossings for commuters who normally walk or cycle over the \
     bridge, and the port authority asked freight traffic to wait outside the breakwater.",
    "The barge's crew of four was unhurt. The company that owns the vessel said it would \
     cooperate fully with the inquiry and had already sent its own surveyors to the site.",
];
const BOILERPLATE: &str = "Sign up for our morning newsletter. Follow us on social media for \
     the latest local news, weather and traffic updates. Comments are closed on this article.";
const OTHER: &str = "Commuters faced long queues at the ferry terminal on Tuesday as the city \
     shut its harbour bridge following a collision. A barge carrying grain hit a pier during a \
     gale, according to the port authority, which said inspections would continue all week. \
     Local shops near the bridge reported fewer customers than usual.";

fn story(paragraphs: &[&str]) -> String {
    paragraphs.join("\n\n")
}

fn sig(headline: &str, body: &str) -> Signature {
    signature(headline, body).unwrap()
}

#[test]
fn copies_resemble_and_other_reports_do_not() {
    let original = sig(HEADLINE, &story(&STORY));
    let with_boilerplate = format!("{}\n\n{BOILERPLATE}", story(&STORY));
    let copies = [
        (HEADLINE.to_uppercase(), story(&STORY)),
        (HEADLINE.into(), with_boilerplate.clone()),
        (HEADLINE.into(), story(&STORY[..3])),
        (
            format!("{} | The Daily Post", HEADLINE.to_lowercase()),
            format!("{}\n\n{BOILERPLATE}", story(&STORY[..3])),
        ),
    ];
    for (headline, body) in &copies {
        let r = resemblance(&original, &sig(headline, body));
        assert!(r >= RESEMBLANCE, "{headline}: {r}");
    }
    let other = sig("Ferry queues as harbour bridge shut", OTHER);
    let r = resemblance(&original, &other);
    assert!(r < 0.15, "another report of the same event: {r}");
}

#[test]
fn short_articles_get_no_signature_and_packing_round_trips() {
    assert_eq!(
        signature("Dividend", "Qtly div 10 cts vs 10 cts prior"),
        None
    );
    let s = sig(HEADLINE, &story(&STORY));
    let mut packed = pack(&s);
    packed.reverse();
    assert_eq!(unpack(packed.iter().copied()), Some(s));
    assert_eq!(
        unpack(packed[1..].iter().copied()),
        None,
        "a partial signature"
    );
    assert_eq!(unpack(std::iter::empty()), None);
}

fn article(id: &str, date: &str, headline: &str, body: &str) -> Article {
    Article {
        id: id.into(),
        headline: headline.into(),
        body: body.into(),
        date: date.parse().ok(),
        ..Article::default()
    }
}

#[test]
fn groups_hold_copies_across_segments_and_keep_other_stories_apart() {
    let full = story(&STORY);
    let articles = vec![
        article("a", "2021-03-02", HEADLINE, &full),
        article(
            "b",
            "2021-03-03",
            &HEADLINE.to_uppercase(),
            &format!("{full}\n\n{BOILERPLATE}"),
        ),
        article("c", "2021-03-02", HEADLINE, &story(&STORY[..3])),
        article(
            "d",
            "2021-03-02",
            "Ferry queues as harbour bridge shut",
            OTHER,
        ),
        // The same text a year later: a new story (an anniversary reprint), not a copy.
        article("e", "2022-03-02", HEADLINE, &full),
        article("f", "", HEADLINE, &full),
        article("g", "2021-03-02", "Dividend", "Qtly div 10 cts"),
    ];
    let s = crate::index::store::in_memory(articles, &[2, 3]);
    let searcher = s.reader.searcher();
    let groups = compute(&searcher).unwrap();
    let ids = |g: u32| -> Vec<String> {
        let mut v: Vec<String> = groups
            .members(g)
            .iter()
            .map(|&a| {
                searcher
                    .doc::<crate::index::document::Stored>(a)
                    .unwrap()
                    .article(&s.fields)
                    .id
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(groups.live().len(), 1);
    // The undated copy joins (no date to contradict it); the year-later reprint does not.
    assert_eq!(ids(0), vec!["a", "b", "c", "f"]);
    // The file round-trips, and a missing file means computing afresh.
    let dir = tempfile::TempDir::new().unwrap();
    assert_eq!(load(dir.path(), &searcher).unwrap().live(), groups.live());
    let written = refresh(dir.path(), &searcher).unwrap();
    let read = load(dir.path(), &searcher).unwrap();
    assert_eq!(read.live(), written.live());
    // Counted from the file or in memory, the same groups and articles.
    assert_eq!(read.live_counts(), (1, 4));
    assert_eq!(groups.live_counts(), (1, 4));
    assert_eq!(
        load(dir.path(), &searcher).unwrap().in_memory().live(),
        groups.live()
    );
    // Read back a document at a time, the file answers as the computed groups do.
    for ord in 0..searcher.segment_readers().len() as u32 {
        for doc in 0..searcher.segment_reader(ord).max_doc() {
            let a = tantivy::DocAddress::new(ord, doc);
            assert_eq!(read.group(a), groups.group(a), "{a:?}");
        }
    }
    // A file of the first format (an index built by an earlier version) is still read.
    let mut v1 = b"DLCOPY1\n".to_vec();
    let segments = searcher.segment_readers();
    v1.extend((segments.len() as u32).to_le_bytes());
    for seg in segments {
        v1.extend(seg.segment_id().uuid_string().as_bytes());
        v1.extend(seg.max_doc().to_le_bytes());
    }
    // Only two of the group's four: what is read is the file, not a recomputation.
    let live = vec![groups.live()[0][..2].to_vec()];
    v1.extend((live.iter().map(Vec::len).sum::<usize>() as u32).to_le_bytes());
    for (g, members) in live.iter().enumerate() {
        for a in members {
            for v in [a.segment_ord, a.doc_id, g as u32] {
                v1.extend(v.to_le_bytes());
            }
        }
    }
    let bytes = std::fs::read(dir.path().join(groups::FILE)).unwrap();
    std::fs::write(dir.path().join(groups::FILE), &v1).unwrap();
    assert_eq!(load(dir.path(), &searcher).unwrap().live(), live);
    for damaged in [&b"DLCOPY2\n\x01"[..], &bytes[..bytes.len() - 1]] {
        std::fs::write(dir.path().join(groups::FILE), damaged).unwrap();
        assert_eq!(
            load(dir.path(), &searcher).unwrap().live(),
            groups.live(),
            "a damaged file is ignored"
        );
    }
}

/// Made-up one-line notices of one template, one per company, and made-up figures.
const COMPANIES: [&str; 6] = [
    "Harbor State Bank",
    "Pinecrest Savings",
    "First Meridian Trust Co",
    "Coastal Union Bancorp",
    "Northgate Financial Corp",
    "Valley Farmers Bank",
];

fn notices(company: &str, i: usize) -> [(String, String); 3] {
    let ticker = format!("<{}>", &company[..3].to_uppercase());
    [
        (
            format!(
                "{} {ticker} raises prime rate to 8-1/4 pct",
                company.to_uppercase()
            ),
            format!(
                "{company} said it is raising its prime lending rate to 8-1/4 pct from 8 pct, \
                 effective tomorrow."
            ),
        ),
        (
            format!(
                "{} {ticker} sets quarterly dividend",
                company.to_uppercase()
            ),
            format!(
                "{company} said its board declared a quarterly dividend of {} cts a share, \
                 payable April 15 to holders of record March 31.",
                10 + i
            ),
        ),
        (
            format!("{} {ticker} first quarter net", company.to_uppercase()),
            format!(
                "Shr {}.{} dlrs vs 1.05 dlrs. Net {}.2 mln vs 10.1 mln. Revs 300.4 mln vs \
                 {}.0 mln. {company} said results include a gain on a sale.",
                1 + i,
                20 + i,
                12 + i,
                280 + 3 * i
            ),
        ),
    ]
}

#[test]
fn short_notices_of_different_companies_stay_apart_and_their_copies_group() {
    let signed = |h: &str, b: &str| signature(h, b).expect("a notice has enough words");
    let mut worst_apart = 0f64;
    for t in 0..3 {
        for (i, a) in COMPANIES.iter().enumerate() {
            for (j, b) in COMPANIES.iter().enumerate().skip(i + 1) {
                let (ha, ba) = &notices(a, i)[t];
                let (hb, bb) = &notices(b, j)[t];
                let (sa, sb) = (signed(ha, ba), signed(hb, bb));
                worst_apart = worst_apart.max(resemblance(&sa, &sb));
                assert!(
                    !are_copies(&sa, &sb),
                    "{ha} / {hb}: {}",
                    resemblance(&sa, &sb)
                );
            }
        }
    }
    // Copies of one notice: the same text under another site's hands.
    for t in 0..3 {
        for (i, company) in COMPANIES.iter().enumerate() {
            let (h, b) = &notices(company, i)[t];
            let original = signed(h, b);
            let copies = [
                (h.to_lowercase(), b.clone()),
                (h.clone(), format!("{b}\n\nReporting by the business desk.")),
                (format!("{h} - Daily Ledger"), b.clone()),
                (
                    h.clone(),
                    format!("{b}\n\nMore company news at our markets page. All rights reserved."),
                ),
            ];
            for (hc, bc) in &copies {
                let copy = signed(hc, bc);
                assert!(
                    are_copies(&original, &copy),
                    "{hc} / {bc}: {}",
                    resemblance(&original, &copy)
                );
            }
        }
    }
    assert!(
        worst_apart > RESEMBLANCE,
        "the template alone would group them: {worst_apart}"
    );
    // Two lines: a name at the start changes one shingle; only the same text groups.
    let flash = |who: &str| {
        let body =
            format!("{who} raises crude postings 50 cts effective today, sour to 17.50 dlrs");
        signed("", &body)
    };
    assert!(flash("Sunbelt").shingles < EXACT_SHINGLES);
    assert!(!are_copies(&flash("Sunbelt"), &flash("Gulfway")));
    assert!(are_copies(&flash("Sunbelt"), &flash("SUNBELT")));
}

#[test]
fn resemblance_counts_only_bins_either_text_filled() {
    // Two texts sharing most shingles: the estimate over filled bins is near the true
    // Jaccard of their shingle sets.
    let words: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
    let a = words.join(" ");
    let b = words[..30].join(" ");
    // Shingles: a has 37, b has 27, all of b's in a: Jaccard 27/37 = 0.73.
    let (sa, sb) = (sig("", &a), sig("", &b));
    assert_eq!((sa.shingles, sb.shingles), (37, 27));
    let r = resemblance(&sa, &sb);
    assert!((0.55..=0.9).contains(&r), "{r}");
    assert!(are_copies(&sa, &sb), "b is contained in a");
    let legacy = |s: Signature| Signature {
        filled: 0,
        shingles: 0,
        ..s
    };
    assert!(resemblance(&legacy(sa), &legacy(sb)) > 0.0);
}

#[test]
fn the_cache_reads_groups_once_per_searcher_and_again_after_a_new_commit() {
    use crate::index::document::{to_document, FileStamp};
    let full = story(&STORY);
    let s = crate::index::store::in_memory(
        vec![
            article("a", "2021-03-02", HEADLINE, &full),
            article("d", "2021-03-02", "Ferry queues", OTHER),
        ],
        &[],
    );
    // No groups file in an empty folder: the groups are computed from the index.
    let dir = tempfile::TempDir::new().unwrap();
    let first = s.copy_groups.get(dir.path(), &s.reader.searcher()).unwrap();
    assert!(first.is_empty());
    let again = s.copy_groups.get(dir.path(), &s.reader.searcher()).unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again), "read once");
    let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> =
        s.index.writer_with_num_threads(1, 15_000_000).unwrap();
    let copy = article("b", "2021-03-03", HEADLINE, &full);
    writer
        .add_document(to_document(&copy, &s.fields, FileStamp::default()))
        .unwrap();
    writer.commit().unwrap();
    s.reader.reload().unwrap();
    let after = s.copy_groups.get(dir.path(), &s.reader.searcher()).unwrap();
    assert_eq!(after.live().len(), 1, "the new commit's copy is grouped");
    // With a groups file: the first search reads it a hit at a time, the second on the same
    // commit loads it into memory once, later ones share that.
    let fresh = groups::Cache::default();
    refresh(dir.path(), &s.reader.searcher()).unwrap();
    let searcher = s.reader.searcher();
    let from_file = fresh.get(dir.path(), &searcher).unwrap();
    let in_memory = fresh.get(dir.path(), &searcher).unwrap();
    let shared = fresh.get(dir.path(), &searcher).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&from_file, &in_memory));
    assert!(std::sync::Arc::ptr_eq(&in_memory, &shared));
    assert_eq!(from_file.live(), in_memory.live());
    assert_eq!(from_file.live(), after.live());
}
