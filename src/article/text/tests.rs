//! Unit tests of the plain-text parser: headers, bylines, datelines, the seed article.

use super::*;

const SEED: &str = include_str!("../../../tests/fixtures/000_24afad68f8b2c3de.txt");

#[test]
fn seed_article_yields_every_expected_field() {
    let a = parse(SEED, "000_24afad68f8b2c3de.txt").unwrap();
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2021-03-03"));
    assert_eq!(a.posted_by.as_deref(), Some("khansaheeb"));
    assert_eq!(
        a.headline,
        "Iranian-backed militias flout deterrence and appear to strike at Americans again"
    );
    assert_eq!(a.byline.as_deref(), Some("Abraham Mahshie"));
    assert!(a
        .body
        .starts_with("A U.S. strike on Iranian-backed militias in Syria last week"));
    assert!(a
        .body
        .ends_with("when Kirby addresses Pentagon journalists Wednesday afternoon."));
    for bad in [
        "2 hrs ago",
        "date 2021-03-03",
        "PENTAGON INSISTS SYRIA STRIKE",
    ] {
        assert!(!a.body.contains(bad), "body contains {bad}");
    }
    assert!(a
        .body
        .contains("the Pentagon reported.\n\n\"We can confirm"));
    let want = [
        "We can confirm that early this morning the air base at al Asad",
        "One of the things we were certainly hoping to achieve",
        "This was really designed to do two things",
        "to remove that compound from their utilization of it",
    ];
    assert_eq!(a.quotes.len(), want.len(), "{:#?}", a.quotes);
    for (q, w) in a.quotes.iter().zip(want) {
        assert!(q.text.starts_with(w), "{} vs {w}", q.text);
        assert_eq!(q.speaker.as_deref(), Some("John Kirby"), "{}", q.text);
    }
}

#[test]
fn header_block_articles() {
    let input = "Subject: Rocket attack on base\nFrom: jdoe@example.com (John Doe)\nDate: Wed, 3 Mar 2021 10:00:00 +0000\nSource: Example Wire\nURL: http://ex.com/a\nId: abc-1\nNewsgroups: alt.news\n\nFirst paragraph\ncontinues here.\n\nIn article <x@y>, bob@z.com writes:\n> quoted \"not this\" text\n\n\"We are ready,\" John Doe said.\n\n-- \nJohn Doe, sig\n";
    let a = parse(input, "n.txt").unwrap();
    assert_eq!(a.headline, "Rocket attack on base");
    assert_eq!(a.byline.as_deref(), Some("John Doe"));
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2021-03-03"));
    assert_eq!(a.source.as_deref(), Some("Example Wire"));
    assert_eq!(a.url.as_deref(), Some("http://ex.com/a"));
    assert_eq!(a.id, "abc-1");
    assert_eq!(
        a.body,
        "First paragraph continues here.\n\n\"We are ready,\" John Doe said."
    );
    assert_eq!(a.quotes.len(), 1);
    assert_eq!(a.quotes[0].speaker.as_deref(), Some("John Doe"));
}

#[test]
fn plain_layouts() {
    // (input, headline, byline, source, date, body start)
    let cases = [
        (
            "Markets rally\nBy Jane Roe, Reuters\n\nNEW YORK, March 3 (Reuters) - Stocks rose.\n\nMore.",
            "Markets rally",
            Some("Jane Roe"),
            Some("Reuters"),
            None,
            "NEW YORK, March 3 (Reuters) - Stocks rose.",
        ),
        (
            "Markets rally\nJane Roe, Reuters\nMarch 3, 2021\nStocks rose.",
            "Markets rally",
            Some("Jane Roe"),
            Some("Reuters"),
            Some("2021-03-03"),
            "Stocks rose.",
        ),
        ("Markets rally\n\nStocks rose.\nThen fell.", "Markets rally", None, None, None, "Stocks rose."),
        (
            "WASHINGTON, March 3 (Reuters) - The Pentagon said on Wednesday. It added more.",
            "The Pentagon said on Wednesday.",
            None,
            None,
            None,
            "WASHINGTON, March 3 (Reuters) - The Pentagon",
        ),
    ];
    for (input, h, by, src, date, body) in cases {
        let a = parse(input, "x.txt").unwrap();
        assert_eq!(a.headline, h, "{input}");
        assert_eq!(a.byline.as_deref(), by, "{input}");
        assert_eq!(a.source.as_deref(), src, "{input}");
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), date, "{input}");
        assert!(a.body.starts_with(body), "{input}: {}", a.body);
    }
    let a = parse("Title line\nBody.", "news/2020/01/02/x.txt").unwrap();
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2020-01-02"));
}

#[test]
fn byline_lines() {
    let cases = [
        ("Abraham Mahshie 2 hrs ago", Some("Abraham Mahshie")),
        ("By Jane Roe", Some("Jane Roe")),
        ("BY JANE ROE, AP", Some("JANE ROE")),
        ("The market rose 2 hrs ago", None),
        ("By the way, this is body text.", None),
    ];
    for (line, want) in cases {
        assert_eq!(byline_line(line).map(|(n, _)| n).as_deref(), want, "{line}");
    }
}
