//! The query language: a small lexer and recursive-descent parser turning what the user
//! typed into a [`Node`] tree, with errors that name the problem and its column.
//!
//! Grammar (all words required unless `OR` widens):
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary (["AND"] unary)*
//! unary   := ("NOT" | "-") unary | primary
//! primary := "(" or ")" | [field ":"] (word | word"*" | "\"phrase\""["~"N] | date-range)
//! ```
//! A `name:` prefix that is not a known field is read as ordinary text (so `10:30` works).

use super::dates::{parse_period, DateError, DateRange};

/// A field a query term can be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    Headline,
    Byline,
    Body,
    Quotes,
    Speaker,
    Id,
    Path,
}

impl FieldName {
    fn from_name(s: &str) -> Option<FieldName> {
        Some(match s.to_ascii_lowercase().as_str() {
            "headline" | "title" => FieldName::Headline,
            "byline" | "author" | "by" => FieldName::Byline,
            "body" | "text" => FieldName::Body,
            "quotes" | "quote" => FieldName::Quotes,
            "speaker" => FieldName::Speaker,
            "id" => FieldName::Id,
            "path" => FieldName::Path,
            _ => return None,
        })
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Words to analyse; several tokens from one word (`U.S.`) form a phrase.
    Text {
        field: Option<FieldName>,
        text: String,
    },
    Phrase {
        field: Option<FieldName>,
        text: String,
        slop: u32,
    },
    Prefix {
        field: Option<FieldName>,
        text: String,
    },
    Date(DateRange),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

/// A query that could not be parsed: what went wrong and at which column (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid query at column {column}: {message}")]
pub struct QueryError {
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Minus,
    Field(String),
    Word(String),
    Phrase(String, u32),
    Range(String),
}

/// Parses a query string.
pub fn parse(input: &str) -> Result<Node, QueryError> {
    let toks = lex(input)?;
    let mut p = Parser {
        toks,
        i: 0,
        end: input.chars().count() + 1,
        depth: 0,
    };
    if p.toks.is_empty() {
        return Err(QueryError {
            column: 1,
            message: "empty query".into(),
        });
    }
    let node = p.or()?;
    if let Some((tok, col)) = p.peek() {
        let message = match tok {
            Tok::RParen => "unmatched ')'".to_string(),
            other => format!("unexpected {}", describe(other)),
        };
        return Err(QueryError {
            column: col,
            message,
        });
    }
    Ok(node)
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::LParen => "'('".into(),
        Tok::RParen => "')'".into(),
        Tok::And => "AND".into(),
        Tok::Or => "OR".into(),
        Tok::Not => "NOT".into(),
        Tok::Minus => "'-'".into(),
        Tok::Field(f) => format!("'{f}:'"),
        Tok::Word(w) => format!("{w:?}"),
        Tok::Phrase(p, _) => format!("\"{p}\""),
        Tok::Range(r) => r.clone(),
    }
}

fn lex(input: &str) -> Result<Vec<(Tok, usize)>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |column: usize, message: String| QueryError { column, message };
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push((Tok::LParen, col));
            i += 1;
        } else if c == ')' {
            out.push((Tok::RParen, col));
            i += 1;
        } else if c == '"' || c == '“' || c == '”' {
            let close = chars[i + 1..]
                .iter()
                .position(|&q| q == '"' || q == '”' || q == '“');
            let Some(len) = close else {
                return Err(err(col, "unclosed quote".into()));
            };
            let text: String = chars[i + 1..i + 1 + len].iter().collect();
            i += len + 2;
            let mut slop = 0;
            if chars.get(i) == Some(&'~') {
                let digits: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                slop = digits
                    .parse()
                    .ok()
                    .filter(|n: &u32| *n <= 1000)
                    .ok_or_else(|| {
                        err(
                            i + 1,
                            "'~' must be followed by a number of words (0-1000)".into(),
                        )
                    })?;
                i += 1 + digits.len();
            }
            out.push((Tok::Phrase(text, slop), col));
        } else if (c == '[' || c == '{') && matches!(out.last(), Some((Tok::Field(_), _))) {
            let close = if c == '[' { ']' } else { '}' };
            let Some(len) = chars[i..]
                .iter()
                .position(|&q| q == close || q == ']' || q == '}')
            else {
                return Err(err(col, format!("unclosed range: missing '{close}'")));
            };
            out.push((Tok::Range(chars[i..=i + len].iter().collect()), col));
            i += len + 1;
        } else if (c == '-' || c == '+')
            && chars.get(i + 1).is_some_and(|n| !n.is_whitespace())
            && (i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '(')
        {
            if c == '-' {
                out.push((Tok::Minus, col));
            }
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !"()\"“”".contains(chars[i]) {
                if chars[i] == ':' && i > start {
                    let prefix: String = chars[start..i].iter().collect();
                    if prefix.eq_ignore_ascii_case("date")
                        || FieldName::from_name(&prefix).is_some()
                    {
                        break;
                    }
                }
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if chars.get(i) == Some(&':') {
                out.push((Tok::Field(word), col));
                i += 1;
                if chars.get(i).is_none_or(|c| c.is_whitespace()) {
                    return Err(err(i + 1, "field needs a value after ':'".into()));
                }
                continue;
            }
            let tok = match word.as_str() {
                "AND" | "&&" => Tok::And,
                "OR" | "||" => Tok::Or,
                "NOT" => Tok::Not,
                _ => Tok::Word(word),
            };
            out.push((tok, col));
        }
    }
    Ok(out)
}

/// How deeply parentheses and NOTs may nest. Parsing, compiling and matching recurse once
/// per level, so a crafted query must not get to choose the stack depth.
const MAX_DEPTH: usize = 64;

struct Parser {
    toks: Vec<(Tok, usize)>,
    i: usize,
    end: usize,
    /// Nesting depth of the term being parsed.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<(&Tok, usize)> {
        self.toks.get(self.i).map(|(t, c)| (t, *c))
    }

    fn err<T>(&self, column: usize, message: impl Into<String>) -> Result<T, QueryError> {
        Err(QueryError {
            column,
            message: message.into(),
        })
    }

    /// Parses one nested level with `inner`, refusing to go deeper than [`MAX_DEPTH`].
    fn nested(
        &mut self,
        col: usize,
        inner: fn(&mut Parser) -> Result<Node, QueryError>,
    ) -> Result<Node, QueryError> {
        if self.depth >= MAX_DEPTH {
            return self.err(
                col,
                format!("query nested too deeply (over {MAX_DEPTH} levels)"),
            );
        }
        self.depth += 1;
        let node = inner(self);
        self.depth -= 1;
        node
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        let mut parts = vec![self.and()?];
        while let Some((Tok::Or, _)) = self.peek() {
            self.i += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Node::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Node, QueryError> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                None | Some((Tok::RParen | Tok::Or, _)) => break,
                Some((Tok::And, col)) => {
                    if parts.is_empty() {
                        return self.err(col, "AND needs a term on its left");
                    }
                    self.i += 1;
                    match self.peek() {
                        None => return self.err(self.end, "AND needs a term on its right"),
                        Some((Tok::RParen | Tok::Or | Tok::And, c)) => {
                            return self.err(c, "AND needs a term on its right")
                        }
                        _ => {}
                    }
                }
                _ => parts.push(self.unary()?),
            }
        }
        match parts.len() {
            0 => {
                let col = self.peek().map_or(self.end, |(_, c)| c);
                self.err(col, "expected a search term")
            }
            1 => Ok(parts.remove(0)),
            _ => Ok(Node::And(parts)),
        }
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        if let Some((Tok::Not | Tok::Minus, col)) = self.peek() {
            self.i += 1;
            if matches!(
                self.peek(),
                None | Some((Tok::RParen | Tok::Or | Tok::And, _))
            ) {
                return self.err(col, "NOT/'-' needs a term after it");
            }
            return Ok(Node::Not(Box::new(self.nested(col, Parser::unary)?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Node, QueryError> {
        let Some((tok, col)) = self.peek() else {
            return self.err(self.end, "expected a search term");
        };
        let tok = tok.clone();
        self.i += 1;
        match tok {
            Tok::LParen => {
                if let Some((Tok::RParen, c)) = self.peek() {
                    return self.err(c, "empty parentheses");
                }
                if self.peek().is_none() {
                    return self.err(self.end, "expected a search term after '('");
                }
                let inner = self.nested(col, Parser::or)?;
                match self.peek() {
                    Some((Tok::RParen, _)) => {
                        self.i += 1;
                        Ok(inner)
                    }
                    _ => self.err(col, "unclosed '('"),
                }
            }
            Tok::Field(name) => self.field_value(&name, col),
            Tok::Word(w) => Ok(word(None, w)),
            Tok::Phrase(text, slop) => Ok(Node::Phrase {
                field: None,
                text,
                slop,
            }),
            other => self.err(col, format!("unexpected {}", describe(&other))),
        }
    }

    fn field_value(&mut self, name: &str, col: usize) -> Result<Node, QueryError> {
        let Some((tok, vcol)) = self.peek() else {
            return self.err(col, format!("{name}: needs a value"));
        };
        let tok = tok.clone();
        self.i += 1;
        if name.eq_ignore_ascii_case("date") {
            let text = match tok {
                Tok::Word(w) | Tok::Range(w) => w,
                _ => return self.err(vcol, "date: needs a date, a comparison or a [A TO B] range"),
            };
            return date_value(&text)
                .map(Node::Date)
                .map_err(|message| QueryError {
                    column: vcol,
                    message,
                });
        }
        let field = FieldName::from_name(name);
        match tok {
            Tok::Word(w) => Ok(word(field, w)),
            Tok::Phrase(text, slop) => Ok(Node::Phrase { field, text, slop }),
            other => self.err(vcol, format!("{name}: cannot take {}", describe(&other))),
        }
    }
}

fn word(field: Option<FieldName>, w: String) -> Node {
    match w.strip_suffix('*') {
        Some(stem) if !stem.is_empty() && !stem.contains('*') => Node::Prefix {
            field,
            text: stem.to_string(),
        },
        _ => Node::Text { field, text: w },
    }
}

fn date_value(text: &str) -> Result<DateRange, String> {
    let period = |s: &str| parse_period(s).map_err(|e| e.to_string());
    let said = |e: DateError| e.to_string();
    if let Some(rest) = text.strip_prefix(">=") {
        return Ok(DateRange::starting(period(rest)?));
    }
    if let Some(rest) = text.strip_prefix("<=") {
        return Ok(DateRange::ending(period(rest)?));
    }
    if let Some(rest) = text.strip_prefix('>') {
        return DateRange::after(period(rest)?).map_err(said);
    }
    if let Some(rest) = text.strip_prefix('<') {
        return DateRange::before(period(rest)?).map_err(said);
    }
    if text.starts_with('[') || text.starts_with('{') {
        let inclusive_lo = text.starts_with('[');
        let inclusive_hi = text.ends_with(']');
        let inner = &text[1..text.len().saturating_sub(1).max(1)];
        let Some((lo, hi)) = inner.split_once(" TO ") else {
            return Err("a date range looks like [2021-01-01 TO 2021-06-30]".into());
        };
        let (lo, hi) = (lo.trim(), hi.trim());
        let from = match lo {
            "*" => DateRange::default(),
            s if inclusive_lo => DateRange::starting(period(s)?),
            s => DateRange::after(period(s)?).map_err(said)?,
        };
        let to = match hi {
            "*" => DateRange::default(),
            s if inclusive_hi => DateRange::ending(period(s)?),
            s => DateRange::before(period(s)?).map_err(said)?,
        };
        return Ok(from.intersect(to));
    }
    Ok(DateRange::within(period(text)?))
}

#[cfg(test)]
mod tests {
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
}
