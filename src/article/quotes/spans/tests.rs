//! Tests of quoted spans, table-driven.
use super::*;

fn texts(body: &str) -> Vec<&str> {
    find_spans(body, &paragraphs(body))
        .iter()
        .filter_map(|s| body.get(s.start..s.end))
        .collect()
}

#[test]
fn spans_of_every_kind() {
    let cases: [(&str, &[&str]); 18] = [
        ("He said \"yes,\" then “no.”", &["yes,", "no."]),
        // Merged paragraphs: the quote reopening after a sentence end does not shift
        // the pairs after it.
        (
            "\"It was hard for us. \"Even if we did, we would not,\" she said. \"Fine.\"",
            &[
                "It was hard for us.",
                "Even if we did, we would not,",
                "Fine.",
            ],
        ),
        // The same with single marks (British style); an apostrophe is no reopening.
        (
            "'It was hard for us. 'Even so, we won,' she said.",
            &["It was hard for us.", "Even so, we won,"],
        ),
        (
            "'We won the players' vote. It's true,' she said.",
            &["We won the players' vote. It's true,"],
        ),
        // Single marks over paragraphs: the next paragraph reopening makes the first one
        // a quotation; a paragraph opening with an apostrophe does not.
        (
            "'We go on.\n'And win,' she said.",
            &["We go on.", "And win,"],
        ),
        ("'Tis the season.\n\nIt was cold.", &[]),
        // A quotation running over paragraphs: one span per paragraph.
        (
            "\"We will go on.\n\"And we will win.\"",
            &["We will go on.", "And we will win."],
        ),
        // A continuation paragraph without its opening mark.
        (
            "\"We will go on\nand win,\" she said.",
            &["We will go on", "and win,"],
        ),
        // A nested quotation stays inside the outer one.
        (
            "\"He told me \"no\" twice,\" she said.",
            &["He told me \"no\" twice,"],
        ),
        // Marks in markup are no marks; embedded posts are kept out.
        (
            "<tweet tweet-date=\"March 10, 2016\">\"Sad!\"</tweet> Roe said \"fine.\"",
            &["fine."],
        ),
        ("<a href=\"http://x\">link</a> \"yes\"", &["yes"]),
        ("Don't say 'the 90s' — it's 'fine'", &["the 90s", "fine"]),
        // A curly pair inside a straight-marked quotation is nested, however long.
        (
            "\"Lee defended the “Look at my friend over here!” line.\n\"He was right.\"",
            &[
                "Lee defended the “Look at my friend over here!” line.",
                "He was right.",
            ],
        ),
        // Single marks inside doubled apostrophes are a nested quotation.
        (
            "''I said, 'No boots,' and meant it,'' he said. Not 'that' one.",
            &["that"],
        ),
        // LaTeX-style marks pair with doubled apostrophes.
        ("He said ``fine,'' then left.", &["fine,"]),
        // A doubled opening mark is one mark.
        (
            "\"“If I was a donor, I’d ask,” said Lee.\n““Terror is a threat.”",
            &["If I was a donor, I’d ask,", "Terror is a threat."],
        ),
        // A closing shape opening a paragraph opens, also after an invisible format mark.
        (
            "” … the train has left,” wrote Time.\n\u{202a}”Sorry Sarah!!” posted Lee.",
            &["… the train has left,", "Sorry Sarah!!"],
        ),
        // A closing mark ending a paragraph's only quote does not open one.
        ("He was “fine” and left.\n”", &["fine"]),
    ];
    for (body, want) in cases {
        assert_eq!(texts(body), want.to_vec(), "{body}");
    }
}
