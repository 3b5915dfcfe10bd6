//! Every supported format through the binary, and each kind of bad input getting a
//! one-line reason while the rest of the folder is indexed.

use serde_json::Value;

use crate::util::{dateline, index_json, repo, success};

fn fixture(name: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/html").join(name)
}

#[test]
fn html_and_markdown_articles_are_indexed_with_their_metadata() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    std::fs::create_dir(&root).unwrap();
    std::fs::copy(fixture("cp1252.html"), root.join("pont.html")).unwrap();
    std::fs::write(
        root.join("2021-03-04-harbour.md"),
        "---\ntitle: Harbour reopens after storm\nauthor: [Ann Lee, Bo Kim]\ntags: [weather]\n---\n\n# Ignored heading\n\nThe harbour *reopened* on Thursday, \"It was a long wait,\" said Ann Lee.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("plain.markdown"),
        "# Quiet day\n\nNothing much happened in the **village**.\n",
    )
    .unwrap();
    let (code, v) = index_json(dir.path(), &["in"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["added"], 3);

    let hit = |q: &str| -> Value {
        let out = dateline(dir.path())
            .args(["search", q, "--json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["hits"][0].clone()
    };
    let pont = hit("pont");
    // The page's <h1> is one part of its og:title; the visible heading is the headline.
    assert_eq!(pont["headline"], "Le pont fermé");
    assert_eq!(pont["byline"], "Renée Dupré");
    assert_eq!(pont["date"], "2021-03-03");
    let harbour = hit("harbour");
    assert_eq!(harbour["headline"], "Harbour reopens after storm");
    assert_eq!(harbour["date"], "2021-03-04", "date from the file name");
    assert!(harbour["snippet"]
        .as_str()
        .unwrap()
        .contains("<b>harbour</b> reopened"));
    assert_eq!(hit("village")["headline"], "Quiet day");
}

#[test]
fn bad_inputs_each_get_one_line_and_the_run_goes_on() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("in");
    std::fs::create_dir(&root).unwrap();
    std::fs::copy(fixture("truncated.html"), root.join("truncated.html")).unwrap();
    std::fs::copy(fixture("binary.html"), root.join("binary.html")).unwrap();
    std::fs::copy(fixture("no-text.html"), root.join("no-text.html")).unwrap();
    std::fs::write(root.join("good.txt"), "Good story\n\nA body that parses.\n").unwrap();
    std::fs::write(
        root.join("bad-front.md"),
        "---\ntitle: [unclosed\n---\n\nBody text here.\n",
    )
    .unwrap();
    std::fs::write(root.join("string.json"), "\"just a string\"").unwrap();
    let big = std::fs::File::create(root.join("big.html")).unwrap();
    big.set_len(51 * 1024 * 1024).unwrap();
    let out = dateline(dir.path()).args(["index", "in"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("added 2,") && stdout.contains("failed 5"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expect = [
        ("in/binary.html", "binary"),
        ("in/no-text.html", "no article text"),
        ("in/bad-front.md", "front matter is not valid YAML"),
        ("in/string.json", "not an object or array"),
        ("in/big.html", "too large (51 MB, limit 50 MB)"),
    ];
    for (path, reason) in expect {
        let line = stderr
            .lines()
            .find(|l| l.starts_with(&format!("{path}: ")))
            .unwrap_or_else(|| panic!("{path} in {stderr}"));
        assert!(line.contains(reason), "{line}");
    }
    assert_eq!(
        stderr.lines().count(),
        5,
        "one line per failed file: {stderr}"
    );
    // The truncated page still gave its article.
    dateline(dir.path())
        .args(["search", "headline:pont"])
        .assert()
        .code(0);
}

#[test]
fn extract_prints_one_json_object_per_article_and_reports_bad_files() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("feed.jsonl"),
        "{\"title\": \"A\", \"body\": \"one\"}\n{\"title\": \"B\", \"body\": \"two\"}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.json"), "[1, 2").unwrap();
    let out = dateline(dir.path())
        .args(["extract", "--json", "feed.jsonl", "bad.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<Value> = std::str::from_utf8(&out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for (a, headline) in lines.iter().zip(["A", "B"]) {
        assert_eq!(a["headline"], headline);
        for key in [
            "id",
            "path",
            "headline",
            "byline",
            "date",
            "posted_by",
            "body",
            "quotes",
        ] {
            assert!(a.get(key).is_some(), "{key} in {a}");
        }
    }
    assert_ne!(lines[0]["id"], lines[1]["id"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("bad.json: ") && stderr.lines().count() == 1,
        "{stderr}"
    );
}

#[test]
fn extract_attributes_quotations_with_their_cue_and_source() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("story.txt"),
        "Council backs the bridge\n\n\
         Mayor Ann Lee, a former engineer, welcomed the vote on Monday. \
         Lee hailed the plan as a \"turning point\" for the town.\n\n\
         \"We waited ten years for this,\" she said.\n\n\
         Bob Roe of the Lowell Institute for Transport Studies said the cost was \"far too high.\"\n\n\
         Roe said on WXY's \"Morning Edition\" that he would appeal.\n",
    )
    .unwrap();
    let out = success(
        dateline(dir.path()).args(["extract", "--json", "story.txt"]),
        "extract",
    );
    let article: Value = serde_json::from_slice(&out.stdout).unwrap();
    let quotes: Vec<(String, Value, Value, Value)> = article["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["text"].as_str().unwrap().to_string(),
                q["speaker"].clone(),
                q["cue"].clone(),
                q["source_text"].clone(),
            )
        })
        .collect();
    // (text, speaker, cue): the fragment after a verb of judging, the pronoun, the person
    // named with an institution; the programme title is no quotation.
    let want = [
        ("turning point", "Ann Lee", Value::Null),
        (
            "We waited ten years for this,",
            "Ann Lee",
            Value::from("said"),
        ),
        ("far too high.", "Bob Roe", Value::from("said")),
    ];
    assert_eq!(quotes.len(), want.len(), "{quotes:?}");
    for ((text, speaker, cue, source), (t, s, c)) in quotes.iter().zip(want) {
        assert_eq!(text, t);
        assert_eq!(speaker, s, "{text}");
        assert_eq!(cue, &c, "{text}");
        assert!(source.is_string(), "{text}: {source}");
    }
}
