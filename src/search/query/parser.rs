//! The recursive-descent parser: tokens to a [`Node`] tree, nesting bounded, and the
//! values of `date:` terms.

use super::lexer::{describe, Tok};
use super::{FieldName, Node, QueryError};
use crate::search::dates::{parse_period, DateError, DateRange};

/// How deeply parentheses and NOTs may nest. Parsing, compiling and matching recurse once
/// per level, so a crafted query must not get to choose the stack depth.
const MAX_DEPTH: usize = 64;

/// The parser's position in a token list.
pub(super) struct Parser {
    pub(super) toks: Vec<(Tok, usize)>,
    i: usize,
    end: usize,
    /// Nesting depth of the term being parsed.
    depth: usize,
}

impl Parser {
    pub(super) fn new(toks: Vec<(Tok, usize)>, end: usize) -> Parser {
        Parser {
            toks,
            i: 0,
            end,
            depth: 0,
        }
    }

    pub(super) fn peek(&self) -> Option<(&Tok, usize)> {
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

    pub(super) fn or(&mut self) -> Result<Node, QueryError> {
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
        if let Some((Tok::Plus, col)) = self.peek() {
            self.i += 1;
            if matches!(
                self.peek(),
                None | Some((Tok::RParen | Tok::Or | Tok::And, _))
            ) {
                return self.err(col, "'+' needs a term after it");
            }
            return Ok(Node::Required(Box::new(self.nested(col, Parser::unary)?)));
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
    for (suffix, distance) in [("~1", 1), ("~2", 2)] {
        if let Some(text) = w
            .strip_suffix(suffix)
            .filter(|t| !t.is_empty() && !t.contains('~'))
        {
            return Node::Fuzzy {
                field,
                text: text.to_string(),
                distance,
            };
        }
    }
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
