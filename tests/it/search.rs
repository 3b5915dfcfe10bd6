//! Searching the bundled corpus plus the seed article: keywords, phrases, stemming, fields,
//! date-filter boundaries, sorting, paging, the JSON shape, colour and exit codes.

use serde_json::Value;

use crate::util::{dateline, hit_field, hit_paths, search_json, shared_index};

const SEED: &str = "articles/000_24afad68f8b2c3de.txt";

fn finds_seed(args: &[&str]) -> bool {
    let (_, v) = search_json(args);
    hit_paths(&v).iter().any(|p| p == SEED)
}

#[test]
fn keyword_query_ranks_the_seed_first_and_exits_0() {
    let (code, v) = search_json(&["iranian militias"]);
    assert_eq!(code, 0);
    assert_eq!(hit_paths(&v)[0], SEED);
}

#[test]
fn phrase_matches_in_order_only() {
    assert!(finds_seed(&["\"rocket attack\""]));
    assert!(!finds_seed(&["\"attack rocket\""]));
    assert!(
        finds_seed(&["\"attack rocket\"~2"]),
        "slop allows a transposition"
    );
}

#[test]
fn stemming_and_folding_in_search() {
    assert!(finds_seed(&["strikes"]));
    assert!(finds_seed(&["STRIKING"]) || finds_seed(&["striked"]));
    assert!(finds_seed(&["KIRBY"]));
    assert!(finds_seed(&["deter*"]));
}

#[test]
fn field_queries_restrict_to_their_field() {
    assert!(finds_seed(&["headline:militias"]));
    assert!(
        !finds_seed(&["headline:contractor"]),
        "contractor is only in the body"
    );
    assert!(finds_seed(&["body:contractor"]));
    assert!(finds_seed(&["byline:mahshie"]));
    assert!(finds_seed(&["speaker:kirby"]));
    assert!(finds_seed(&["rocket", "--speaker", "John Kirby"]));
    assert!(!finds_seed(&["rocket", "--speaker", "Alex Azar"]));
}

#[test]
fn boolean_operators() {
    assert!(finds_seed(&["rocket OR nonexistentword"]));
    assert!(
        !finds_seed(&["rocket AND nonexistentword"]),
        "an explicit AND requires both words"
    );
    assert!(!finds_seed(&["rocket -kirby"]));
    assert!(!finds_seed(&["rocket NOT kirby"]));
    assert!(finds_seed(&["(rocket OR missile) AND pentagon"]));
}

#[test]
fn date_filter_boundaries() {
    // The seed is dated 2021-03-03.
    let cases: [(&[&str], bool); 14] = [
        (&["--from", "2021-03-02"], true),
        (&["--from", "2021-03-03"], true),
        (&["--from", "2021-03-04"], false),
        (&["--to", "2021-03-02"], false),
        (&["--to", "2021-03-03"], true),
        (&["--to", "2021-03-04"], true),
        (&["--from", "2021-03", "--to", "2021-03"], true),
        (&["--to", "2021-02"], false),
        (&["--from", "2021-04"], false),
        (&["--from", "2021", "--to", "2021"], true),
        (&["--from", "2021-03-03T00:00:00Z"], true),
        (&["--since", "7d"], true),  // today is fixed at 2021-03-10
        (&["--since", "6d"], false), // 2021-03-04 onwards
        (&["--since", "1m"], true),
    ];
    for (flags, want) in cases {
        let mut args = vec!["rocket"];
        args.extend_from_slice(flags);
        assert_eq!(finds_seed(&args), want, "flags {flags:?}");
    }
    let queries = [
        ("rocket date:2021-03", true),
        ("rocket date:2021-03-04", false),
        ("rocket date:>=2021-03-03", true),
        ("rocket date:>2021-03-03", false),
        ("rocket date:<2021-03-04", true),
        ("rocket date:[2021-01-01 TO 2021-03-02]", false),
        ("rocket date:[2021-01-01 TO 2021-03-03]", true),
    ];
    for (q, want) in queries {
        assert_eq!(finds_seed(&[q]), want, "query {q}");
    }
}

fn dates(v: &Value) -> Vec<String> {
    hit_field(v, "date")
        .iter()
        .map(|d| d.as_str().expect("dated hit").to_string())
        .collect()
}

#[test]
fn sorting_by_date() {
    let (_, newest) = search_json(&["health", "--sort", "newest", "--limit", "60"]);
    let d = dates(&newest);
    assert!(d.len() > 20, "enough hits to test sorting");
    assert!(d.windows(2).all(|w| w[0] >= w[1]), "newest first: {d:?}");
    let (_, oldest) = search_json(&["health", "--sort", "oldest", "--limit", "60"]);
    let d = dates(&oldest);
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "oldest first: {d:?}");
}

#[test]
fn paging_neither_repeats_nor_skips() {
    for sort in ["relevance", "newest", "oldest"] {
        let (_, all) = search_json(&["health", "--sort", sort, "--limit", "1000"]);
        let total = all["total_hits"].as_u64().unwrap() as usize;
        let ids: Vec<Value> = hit_field(&all, "id").into_iter().cloned().collect();
        assert_eq!(ids.len(), total);
        let mut paged = Vec::new();
        let mut offset = 0;
        while offset < total {
            let (_, page) = search_json(&[
                "health",
                "--sort",
                sort,
                "--limit",
                "7",
                "--offset",
                &offset.to_string(),
            ]);
            let ranks: Vec<u64> = hit_field(&page, "rank")
                .iter()
                .map(|r| r.as_u64().unwrap())
                .collect();
            assert_eq!(ranks.first().copied(), Some(offset as u64 + 1));
            paged.extend(hit_field(&page, "id").into_iter().cloned());
            offset += 7;
        }
        assert_eq!(paged, ids, "sort {sort}");
    }
}

#[test]
fn json_shape_has_every_documented_key() {
    let (code, v) = search_json(&["rocket attack", "--limit", "3"]);
    assert_eq!(code, 0);
    assert_eq!(v["query"], "rocket attack");
    assert!(v["total_hits"].is_u64());
    assert!(v["took_ms"].is_f64() || v["took_ms"].is_u64());
    // Exactly these keys, in this order (the JSON is written from structs, not a map).
    let keys = |o: &Value| -> Vec<String> { o.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&v), ["query", "total_hits", "took_ms", "hits"]);
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3);
    for (i, h) in hits.iter().enumerate() {
        assert_eq!(
            keys(h),
            [
                "rank", "score", "mode", "id", "path", "headline", "byline", "date", "time",
                "snippet", "quotes", "copies"
            ]
        );
        assert_eq!(h["rank"], i as u64 + 1);
        assert!(h["score"].is_number());
        for key in ["id", "path", "headline", "snippet"] {
            assert!(h[key].is_string(), "{key} in {h}");
        }
        for key in ["byline", "date", "time"] {
            assert!(h[key].is_string() || h[key].is_null(), "{key} in {h}");
        }
        if let Some(date) = h["date"].as_str() {
            assert!(
                date.parse::<jiff::civil::Date>().is_ok() && date.len() == 10,
                "{date}"
            );
        }
        assert!(h["quotes"].is_array());
    }
    let seed = hits.iter().find(|h| h["path"] == SEED).expect("seed hit");
    let snippet = seed["snippet"].as_str().unwrap();
    assert!(snippet.contains("<b>rocket</b> <b>attack</b>"), "{snippet}");
    assert!(
        !snippet.contains('<') || snippet.contains("<b>"),
        "escaped: {snippet}"
    );
    let quotes = seed["quotes"].as_array().unwrap();
    assert!(quotes
        .iter()
        .any(|q| q["speaker"] == "John Kirby"
            && q["text"].as_str().unwrap().contains("rocket attack")));
}

#[test]
fn snippets_escape_html() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(
        dir.path().join("in/a.txt"),
        "Tags <b> & markup\n\nThe <script> tag & the rocket launch.\n",
    )
    .unwrap();
    dateline(dir.path())
        .args(["index", "in"])
        .assert()
        .success();
    let out = dateline(dir.path())
        .args(["search", "rocket", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let snippet = v["hits"][0]["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("&lt;script&gt; tag &amp; the <b>rocket</b>"),
        "{snippet}"
    );
}

#[test]
fn no_hits_exits_1() {
    let (code, v) = search_json(&["zzyzxnotaword"]);
    assert_eq!(code, 1);
    assert_eq!(v["total_hits"], 0);
    assert_eq!(v["hits"].as_array().unwrap().len(), 0);
}

#[test]
fn terminal_output_and_colour_rules() {
    let dir = shared_index();
    let plain = dateline(dir)
        .args(["search", "rocket attack"])
        .output()
        .unwrap();
    let text = String::from_utf8(plain.stdout).unwrap();
    assert!(text.contains("Iranian-backed militias flout deterrence"));
    assert!(text.contains("2021-03-03") && text.contains("Abraham Mahshie") && text.contains(SEED));
    assert!(!text.contains('\u{1b}'), "no colour when piped");
    let forced = dateline(dir)
        .args(["--color", "always", "search", "rocket attack"])
        .output()
        .unwrap();
    assert!(String::from_utf8(forced.stdout).unwrap().contains('\u{1b}'));
    let never = dateline(dir)
        .args(["--color", "never", "search", "rocket"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(never.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn query_alias_and_multiword_arguments() {
    let dir = shared_index();
    let out = dateline(dir)
        .args(["query", "rocket", "attack", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["query"], "rocket attack");
}

#[test]
fn stemming_and_accents_on_a_small_folder() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(
        dir.path().join("in/a.txt"),
        "Drone strike reported\n\nOne strike hit the KIRBY depot near the café.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("in/b.txt"),
        "Unrelated story\n\nNothing to see here at all.\n",
    )
    .unwrap();
    dateline(dir.path())
        .args(["index", "in"])
        .assert()
        .success();
    for q in ["strikes", "Kirby", "cafe", "CAFÉ", "\"strike hit\""] {
        let out = dateline(dir.path())
            .args(["search", q, "--json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(hit_paths(&v), vec!["in/a.txt".to_string()], "query {q}");
    }
    dateline(dir.path())
        .args(["search", "\"hit strike\""])
        .assert()
        .code(1);
}

#[test]
fn stats_reports_documents_dates_and_undated() {
    let out = dateline(shared_index())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"], 265);
    assert_eq!(v["undated"], 0);
    assert!(v["first_date"].as_str().unwrap() < v["last_date"].as_str().unwrap());
    assert_eq!(v["per_year"]["2021"], 1);
    let total: u64 = v["per_year"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(total, 265);
    let text = dateline(shared_index()).arg("stats").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("undated") && text.contains("265"));
}

/// The mode of the hit whose path is `path`, if it is among the hits.
fn mode_of(v: &Value, path: &str) -> Option<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["path"] == path)
        .map(|h| h["mode"].as_str().unwrap().to_string())
}

#[test]
fn plain_words_fall_back_to_partial_matches_ranked_below_full_ones() {
    // Every word present: an all-words hit.
    let (code, v) = search_json(&["rocket attack"]);
    assert_eq!(code, 0);
    assert_eq!(mode_of(&v, SEED).as_deref(), Some("all"));
    // A word no article contains: the all-words rule finds nothing, so documents with
    // some of the words follow, marked partial.
    let (code, v) = search_json(&["rocket nonexistentword"]);
    assert_eq!(code, 0);
    assert_eq!(mode_of(&v, SEED).as_deref(), Some("partial"));
    assert!(hit_field(&v, "mode").iter().all(|m| *m == "partial"));
    // Full matches come first, then partial ones.
    let (_, v) = search_json(&["rocket pentagon", "--limit", "100"]);
    let modes: Vec<&str> = hit_field(&v, "mode")
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let first_partial = modes.iter().position(|m| *m == "partial");
    if let Some(i) = first_partial {
        assert!(modes[i..].iter().all(|m| *m == "partial"), "{modes:?}");
        assert!(i > 0, "some article has both words: {modes:?}");
    }
    // Enough full matches: no partial ones are added.
    let (_, v) = search_json(&["health", "--limit", "3"]);
    assert!(hit_field(&v, "mode").iter().all(|m| *m == "all"));
}

#[test]
fn typed_sentences_drop_stop_words_but_phrases_and_fields_keep_their_meaning() {
    let (_, v) = search_json(&["What were the ROCKET ATTACKS on the air base?"]);
    assert_eq!(hit_paths(&v)[0], SEED);
    assert_eq!(mode_of(&v, SEED).as_deref(), Some("all"));
    // A word the article lacks: still first, as a partial match.
    let (_, v) = search_json(&["What are the effects of the ROCKET ATTACKS on the air base?"]);
    assert_eq!(hit_paths(&v)[0], SEED);
    assert_eq!(mode_of(&v, SEED).as_deref(), Some("partial"));
    // A sentence typed in capitals: AND, OR and NOT are words there, not operators.
    let (_, v) = search_json(&["ROCKET ATTACKS AND MILITIAS OR NOT"]);
    assert_eq!(hit_paths(&v)[0], SEED);
    // A phrase keeps its stop words and its order.
    assert!(finds_seed(&["\"came under rocket attack\""]));
    assert!(!finds_seed(&["\"came over rocket attack\""]));
    // Phrase and field queries never fall back to partial matches.
    let (code, _) = search_json(&["\"rocket nonexistentword\""]);
    assert_eq!(code, 1);
    let (code, _) = search_json(&["headline:militias headline:nonexistentword"]);
    assert_eq!(code, 1);
}

#[test]
fn expand_keeps_the_best_hit_and_marks_modes() {
    let (code, v) = search_json(&["iranian militias", "--expand"]);
    assert_eq!(code, 0);
    assert_eq!(hit_paths(&v)[0], SEED);
    assert!(hit_field(&v, "mode")
        .iter()
        .all(|m| *m == "all" || *m == "partial"));
}

#[test]
fn typed_sentences_are_expanded_by_default_and_keywords_are_not() {
    let total = |args: &[&str]| {
        let (code, v) = search_json(args);
        assert!(code == 0 || code == 1, "{args:?}: exit {code}");
        let ids: Vec<String> = hit_field(&v, "id").iter().map(|i| i.to_string()).collect();
        (v["total_hits"].as_u64().unwrap(), ids)
    };
    let sentence = "what did the pentagon say about rocket attacks on american troops in iraq";
    let (auto, auto_ids) = total(&[sentence]);
    let (never, _) = total(&[sentence, "--no-expand"]);
    let (always, always_ids) = total(&[sentence, "--expand"]);
    // More than four words: expanded, as with --expand; expansion only adds candidates.
    assert_eq!((auto, &auto_ids), (always, &always_ids));
    assert!(auto > never, "expansion adds candidates: {auto} vs {never}");
    // Up to four words: not expanded unless asked.
    let keywords = ["iranian militias", "--limit", "50"];
    assert_eq!(
        total(&keywords),
        total(&[&keywords[..], &["--no-expand"]].concat())
    );
}

#[test]
fn expand_and_no_expand_together_are_a_usage_error() {
    let out = dateline(crate::util::shared_index())
        .args(["search", "militias", "--expand", "--no-expand"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--no-expand"), "{err}");
}

/// (id, score) of the dated hits of a search in the index of `dir`, best first.
fn dated_hits(dir: &std::path::Path, args: &[&str]) -> Vec<(String, f64)> {
    let out = dateline(dir)
        .arg("search")
        .args(args)
        .args(["--json", "--limit", "300"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| !h["date"].is_null())
        .map(|h| {
            let id = h["id"].as_str().unwrap().to_string();
            (id, h["score"].as_f64().unwrap())
        })
        .collect()
}

/// A date filter that admits every dated hit, given with `--from/--to` or as a `date:`
/// clause of the query, leaves the hits, their order and their scores as they are without
/// it (tantivy used to score a date range 1 in some segments and 0 in others, which
/// reordered hits).
fn assert_the_filter_only_filters(dir: &std::path::Path, queries: &[&str]) {
    for query in queries {
        let all = dated_hits(dir, &[query]);
        assert!(all.len() >= 5, "{query}: too few hits to compare");
        let filtered = dated_hits(dir, &["--from", "1900", "--to", "2100", query]);
        assert_eq!(filtered, all, "{query}");
        // A `date:` term is the same filter: beside plain words it keeps them plain.
        let operators = query.contains('"') || query.contains(" AND ") || query.contains(" OR ");
        let in_query = if operators {
            format!("({query}) AND date:[1900-01-01 TO 2100-12-31]")
        } else {
            format!("{query} date:[1900-01-01 TO 2100-12-31]")
        };
        assert_eq!(dated_hits(dir, &[&in_query]), all, "{in_query}");
    }
}

#[test]
fn a_date_filter_changes_no_order_and_no_score_on_the_corpus() {
    // Many segments: a commit every 40 files.
    let dir = crate::util::corpus_with_seed();
    dateline(dir.path())
        .args(["index", "articles", "--batch-files", "40"])
        .assert()
        .success();
    assert_the_filter_only_filters(
        dir.path(),
        &[
            "health insurance",
            "\"health insurance\"",
            "health AND insurance",
            "\"health insurance\" OR medicare",
        ],
    );
}

#[test]
fn a_date_filter_changes_no_order_and_no_score_on_reuters() {
    let Some(reuters) = crate::util::reuters() else {
        return;
    };
    let dir = tempfile::TempDir::new().unwrap();
    dateline(dir.path())
        .arg("index")
        .arg(&reuters)
        .assert()
        .code(2); // one line of the file has no headline or body
    assert_the_filter_only_filters(
        dir.path(),
        &[
            "\"interest rates\"",
            "oil AND prices",
            "\"crude oil\" OR opec",
            "cocoa",
        ],
    );
}
