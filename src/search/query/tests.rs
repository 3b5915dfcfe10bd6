//! The query language: what each syntax parses to, and the errors with their columns.

use super::*;

fn t(s: &str) -> Node {
    Node::Text {
        field: None,
        text: s.into(),
    }
}

fn d(s: &str) -> Option<jiff::civil::Date> {
    Some(s.parse().unwrap())
}

#[test]
fn parses_the_documented_syntax() {
    let cases: Vec<(&str, Node)> = vec![
        ("rocket", t("rocket")),
        ("rocket attack", Node::And(vec![t("rocket"), t("attack")])),
        (
            "rocket AND attack",
            Node::And(vec![t("rocket"), t("attack")]),
        ),
        (
            "rocket OR missile",
            Node::Or(vec![t("rocket"), t("missile")]),
        ),
        (
            "\"rocket attack\"",
            Node::Phrase {
                field: None,
                text: "rocket attack".into(),
                slop: 0,
            },
        ),
        (
            "\"rocket base\"~3",
            Node::Phrase {
                field: None,
                text: "rocket base".into(),
                slop: 3,
            },
        ),
        ("-iran", Node::Not(Box::new(t("iran")))),
        ("+iran", Node::Required(Box::new(t("iran")))),
        (
            "+iran oil",
            Node::And(vec![Node::Required(Box::new(t("iran"))), t("oil")]),
        ),
        (
            "strike NOT iran",
            Node::And(vec![t("strike"), Node::Not(Box::new(t("iran")))]),
        ),
        (
            "strik*",
            Node::Prefix {
                field: None,
                text: "strik".into(),
            },
        ),
        (
            "gadaffi~2",
            Node::Fuzzy {
                field: None,
                text: "gadaffi".into(),
                distance: 2,
            },
        ),
        (
            "headline:kirbby~1",
            Node::Fuzzy {
                field: Some(FieldName::Headline),
                text: "kirbby".into(),
                distance: 1,
            },
        ),
        ("word~3", t("word~3")),
        (
            "headline:militias",
            Node::Text {
                field: Some(FieldName::Headline),
                text: "militias".into(),
            },
        ),
        (
            "speaker:\"John Kirby\"",
            Node::Phrase {
                field: Some(FieldName::Speaker),
                text: "John Kirby".into(),
                slop: 0,
            },
        ),
        (
            "(a OR b) c",
            Node::And(vec![Node::Or(vec![t("a"), t("b")]), t("c")]),
        ),
        ("10:30", t("10:30")),
        ("co-operate", t("co-operate")),
        (
            "date:2021-03",
            Node::Date(DateRange {
                first: d("2021-03-01"),
                last: d("2021-03-31"),
                ..DateRange::default()
            }),
        ),
        (
            "date:>=2021-03-01",
            Node::Date(DateRange {
                first: d("2021-03-01"),
                last: None,
                ..DateRange::default()
            }),
        ),
        (
            "date:<2021",
            Node::Date(DateRange {
                first: None,
                last: d("2020-12-31"),
                ..DateRange::default()
            }),
        ),
        (
            "date:[2021-01-01 TO 2021-06-30]",
            Node::Date(DateRange {
                first: d("2021-01-01"),
                last: d("2021-06-30"),
                ..DateRange::default()
            }),
        ),
        (
            "date:[2021-01 TO *]",
            Node::Date(DateRange {
                first: d("2021-01-01"),
                last: None,
                ..DateRange::default()
            }),
        ),
        (
            "date:{2021-01-01 TO 2021-01-03}",
            Node::Date(DateRange {
                first: d("2021-01-02"),
                last: d("2021-01-02"),
                ..DateRange::default()
            }),
        ),
    ];
    for (input, want) in cases {
        assert_eq!(parse(input), Ok(want), "input {input:?}");
    }
    // Nesting up to the limit is fine.
    let deep = format!("{}x{}", "(".repeat(64), ")".repeat(64));
    assert_eq!(parse(&deep), Ok(t("x")));
}

#[test]
fn malformed_queries_name_problem_and_column() {
    let cases = [
        ("\"unclosed", 1, "unclosed quote"),
        ("AND (", 1, "AND needs a term on its left"),
        ("a AND (", 8, "expected a search term"),
        ("a AND", 6, "AND needs a term on its right"),
        ("(a b", 1, "unclosed '('"),
        ("a b)", 4, "unmatched ')'"),
        ("()", 2, "empty parentheses"),
        ("date:2021-13-45", 6, "invalid date"),
        ("date:10000", 6, "invalid date \"10000\""),
        ("date:>=0000", 6, "invalid date"),
        (
            "date:>9999-12-31",
            6,
            "no date of years 1-9999 is after 9999-12-31",
        ),
        ("date:2021-03-03T10:00", 6, "invalid date"),
        ("date:[2021 TO", 6, "unclosed range"),
        ("a NOT", 3, "needs a term after it"),
        ("a +)", 3, "'+' needs a term after it"),
        ("\"x\"~y", 4, "'~' must be followed"),
        ("", 1, "empty query"),
        ("   ", 1, "empty query"),
        ("headline:", 10, "field needs a value"),
    ];
    let deep_parens = format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000));
    let deep_nots = format!("{}x", "NOT ".repeat(10_000));
    let cases = cases.into_iter().chain([
        (deep_parens.as_str(), 65, "nested too deeply"),
        (deep_nots.as_str(), 257, "nested too deeply"),
    ]);
    for (input, column, needle) in cases {
        let e = parse(input).expect_err(input);
        assert_eq!(e.column, column, "column for {input:?}: {e}");
        assert!(e.message.contains(needle), "message for {input:?}: {e}");
    }
}
