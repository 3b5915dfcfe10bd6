//! The query lexer: characters to tokens (words, `field:` prefixes, quoted phrases with
//! their slop, date ranges, parentheses and the operators), each with its column.

use super::{FieldName, QueryError};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Minus,
    Plus,
    Field(String),
    Word(String),
    Phrase(String, u32),
    Range(String),
}

/// How a token is named in an error message.
pub(super) fn describe(t: &Tok) -> String {
    match t {
        Tok::LParen => "'('".into(),
        Tok::RParen => "')'".into(),
        Tok::And => "AND".into(),
        Tok::Or => "OR".into(),
        Tok::Not => "NOT".into(),
        Tok::Minus => "'-'".into(),
        Tok::Plus => "'+'".into(),
        Tok::Field(f) => format!("'{f}:'"),
        Tok::Word(w) => format!("{w:?}"),
        Tok::Phrase(p, _) => format!("\"{p}\""),
        Tok::Range(r) => r.clone(),
    }
}

/// The tokens of `input`, each with its 1-based column.
pub(super) fn lex(input: &str) -> Result<Vec<(Tok, usize)>, QueryError> {
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
            out.push((if c == '-' { Tok::Minus } else { Tok::Plus }, col));
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
