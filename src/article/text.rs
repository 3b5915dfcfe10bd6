//! Plain-text articles: the seed format, `Key: value` header blocks, "headline / By NAME / body".
//!
//! Three layouts are recognised, tried in this order:
//! 1. **Seed**: a ` date YYYY-MM-DD POSTER` line, the headline (a repeat is dropped), a
//!    byline line that may end in a relative age (`Abraham Mahshie 2 hrs ago`), then the body.
//! 2. **Header block** (netnews / e-mail): `Key: value` lines up to the first blank line.
//!    `Title`/`Subject`/`Headline`, `By`/`Author`/`From`/`Byline`, `Date`, `Source`,
//!    `URL`/`Link`, `Id` are used; other keys are ignored. E-mail addresses are stripped
//!    from names. In the body, `>` reply lines and the "X writes:" line above them are
//!    dropped, and so is everything after a `-- ` signature line.
//! 3. **Plain**: the first line is the headline (unless it opens with a wire dateline, in
//!    which case the first sentence stands in); an optional `By NAME` / `NAME, Reuters` /
//!    `NAME 2 hrs ago` line; an optional line holding only a date; then the body.
//!    A trailing wire-agency name on a byline (`, Reuters`) is moved to `source`.
//!
//! A dateline's `March 3` has no year, so it never sets the date on its own; the date falls
//! back to one in the path (`/2021/03/03/`). Paragraphs are blank-line separated blocks
//! (hard-wrapped lines joined) or, when the body has no blank line, single lines; they are
//! joined with `\n\n`. An all-capital line inside an otherwise mixed-case body is a
//! related-story link and is dropped.

use jiff::civil::Date;

use super::dates::{date_in_path, parse_date};
use super::{derived_id, quotes, Article, ParseError};

/// Parses one plain-text article.
pub fn parse(text: &str, path: &str) -> Result<Article, ParseError> {
    let lines: Vec<&str> = text.lines().skip_while(|l| l.trim().is_empty()).collect();
    let first = lines.first().ok_or(ParseError::Empty)?;
    let mut article = Article {
        id: derived_id(path, None),
        path: path.to_string(),
        ..Article::default()
    };
    let body_lines: Vec<&str> = if let Some((date, poster)) = seed_date_line(first) {
        article.date = Some(date);
        article.posted_by = (!poster.is_empty()).then(|| poster.to_string());
        parse_headed(lines.get(1..).unwrap_or_default(), &mut article)
    } else if let Some(n) = header_block_len(&lines) {
        let rest = lines.get(n..).unwrap_or_default();
        apply_headers(lines.get(..n).unwrap_or_default(), &mut article);
        if article.headline.is_empty() {
            parse_headed(rest, &mut article)
        } else {
            netnews_body(rest)
        }
    } else {
        parse_headed(&lines, &mut article)
    };
    let mut paragraphs = paragraphs(&body_lines);
    drop_related_links(&mut paragraphs);
    if article.headline.is_empty() {
        article.headline = paragraphs
            .first()
            .map(|p| headline_from_lead(p))
            .unwrap_or_default();
    }
    article.body = paragraphs.join("\n\n");
    if article.date.is_none() {
        article.date = date_in_path(path);
    }
    let context = quotes::Context {
        headline: Some(&article.headline),
        byline: article.byline.as_deref(),
    };
    article.quotes = quotes::extract_with_context(&article.body, &context);
    Ok(article)
}

/// ` date 2021-03-03 khansaheeb` → the date and the poster.
fn seed_date_line(line: &str) -> Option<(Date, &str)> {
    let rest = line.trim_start().strip_prefix("date ")?.trim_start();
    let (date, poster) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    Some((parse_date(date)?, poster.trim()))
}

/// Headline, optional repeat, optional byline and date lines; returns the body lines.
fn parse_headed<'a>(lines: &[&'a str], article: &mut Article) -> Vec<&'a str> {
    let mut rest = lines
        .iter()
        .copied()
        .skip_while(|l| l.trim().is_empty())
        .peekable();
    let Some(first) = rest.peek().map(|l| l.trim()) else {
        return Vec::new();
    };
    if starts_with_dateline(first) {
        return rest.collect();
    }
    if article.headline.is_empty() {
        article.headline = first.to_string();
        rest.next();
    }
    let mut rest: Vec<&str> = rest.collect();
    let next_nonblank = |v: &Vec<&str>| v.iter().position(|l| !l.trim().is_empty());
    // A repeated headline.
    if let Some(i) = next_nonblank(&rest) {
        if rest.get(i).map(|l| l.trim()) == Some(article.headline.as_str()) {
            rest.drain(..=i);
        }
    }
    // Byline and date lines, in either order.
    for _ in 0..2 {
        let Some(i) = next_nonblank(&rest) else { break };
        let line = rest.get(i).map(|l| l.trim()).unwrap_or_default();
        if article.byline.is_none() {
            if let Some((name, source)) = byline_line(line) {
                article.byline = Some(name);
                if article.source.is_none() {
                    article.source = source;
                }
                rest.drain(..=i);
                continue;
            }
        }
        if let Some(date) = parse_date(
            line.strip_prefix("Published")
                .unwrap_or(line)
                .trim_start_matches(':'),
        ) {
            if article.date.is_none() {
                article.date = Some(date);
            }
            rest.drain(..=i);
            continue;
        }
        break;
    }
    rest
}

/// A byline line: `By NAME[, Agency]`, `NAME, Agency`, or `NAME 2 hrs ago`.
fn byline_line(line: &str) -> Option<(String, Option<String>)> {
    let (line, had_by) = match line.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("by ") => {
            (line.get(3..).unwrap_or_default().trim(), true)
        }
        _ => (line, false),
    };
    let (line, aged) = match strip_relative_age(line) {
        Some(name) => (name, true),
        None => (line, false),
    };
    let (name, source) = match strip_agency(line) {
        Some((name, agency)) => (name, Some(agency.to_string())),
        None => (line, None),
    };
    let name = name.trim().trim_end_matches(',').trim();
    let words = name.split_whitespace().count();
    let looks_like_name = (1..=8).contains(&words)
        && !name.ends_with('.')
        && name
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()) || is_particle(w));
    if (had_by || aged || source.is_some()) && looks_like_name {
        Some((name.to_string(), source))
    } else {
        None
    }
}

/// A lowercase word inside a byline name: a name particle, or `and` joining two names.
fn is_particle(w: &str) -> bool {
    w == "and" || quotes::lexicon::is_particle(w)
}

/// `Abraham Mahshie 2 hrs ago` → `Abraham Mahshie`.
fn strip_relative_age(line: &str) -> Option<&str> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let n = words.len();
    if n < 3 || !words.get(n - 1)?.eq_ignore_ascii_case("ago") {
        return None;
    }
    let unit = words.get(n - 2)?.to_ascii_lowercase();
    let count = words.get(n - 3)?;
    let is_unit = [
        "sec", "min", "hr", "hour", "day", "week", "wk", "month", "mo", "year", "yr", "h", "m", "d",
    ]
    .iter()
    .any(|u| unit.trim_end_matches('s') == *u || unit == *u);
    let is_count =
        count.chars().all(|c| c.is_ascii_digit()) || matches!(*count, "a" | "an" | "one");
    if !is_unit || !is_count {
        return None;
    }
    // Cut the line just before the count word.
    let cut = line.rfind(count)?;
    line.get(..cut).map(str::trim_end).filter(|s| !s.is_empty())
}

/// `Jane Roe, Reuters` → (`Jane Roe`, `Reuters`).
fn strip_agency(line: &str) -> Option<(&str, &str)> {
    let (name, tail) = line.rsplit_once(',')?;
    let tail = tail.trim();
    quotes::lexicon::AGENCIES
        .iter()
        .find(|a| a.eq_ignore_ascii_case(tail))
        .map(|a| (name.trim(), *a))
}

/// `WASHINGTON, March 3 (Reuters) - …` or `LONDON (AP) — …`.
fn starts_with_dateline(line: &str) -> bool {
    let Some(pos) = line
        .find(" - ")
        .or_else(|| line.find(" — "))
        .or_else(|| line.find(" -- "))
    else {
        return false;
    };
    let Some(head) = line.get(..pos) else {
        return false;
    };
    if head.len() > 80 {
        return false;
    }
    let place = head.split([',', '(']).next().unwrap_or_default().trim();
    let caps = !place.is_empty()
        && place.chars().all(|c| !c.is_lowercase())
        && place.chars().any(char::is_alphabetic);
    caps && (head.contains('(') || head.contains(','))
}

/// A stand-in headline for an article that opens with a dateline: its first sentence.
fn headline_from_lead(paragraph: &str) -> String {
    let text = [" - ", " — ", " -- "]
        .iter()
        .find_map(|sep| {
            if starts_with_dateline(paragraph) {
                paragraph.split_once(sep).map(|(_, r)| r)
            } else {
                None
            }
        })
        .unwrap_or(paragraph);
    let end = text.find(". ").map(|i| i + 1).unwrap_or(text.len());
    let sentence = text.get(..end).unwrap_or(text);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() > 20 {
        format!("{}…", words.get(..20).unwrap_or_default().join(" "))
    } else {
        words.join(" ")
    }
}

/// How many lines form a `Key: value` header block (ending at a blank line), if any.
fn header_block_len(lines: &[&str]) -> Option<usize> {
    let mut known = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            return (known > 0 && i > 0).then_some(i);
        }
        if i > 0 && line.starts_with([' ', '\t']) {
            continue; // folded continuation
        }
        let (key, _) = header_pair(line)?;
        if known_key(&key).is_some() {
            known += 1;
        } else if i == 0 {
            return None;
        }
    }
    None
}

/// `Key: value` with a short single-token key.
fn header_pair(line: &str) -> Option<(String, &str)> {
    let (key, value) = line.split_once(':')?;
    let ok = !key.is_empty()
        && key.len() <= 30
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| (key.to_ascii_lowercase(), value.trim()))
}

#[derive(Clone, Copy)]
enum Key {
    Headline,
    Byline,
    Date,
    Source,
    Url,
    Id,
    Other,
}

fn known_key(key: &str) -> Option<Key> {
    Some(match key {
        "title" | "subject" | "headline" => Key::Headline,
        "by" | "author" | "from" | "byline" => Key::Byline,
        "date" | "published" => Key::Date,
        "source" => Key::Source,
        "url" | "link" => Key::Url,
        "id" | "message-id" => Key::Id,
        "license" | "newsgroups" | "organization" | "lines" | "path" | "keywords" | "summary" => {
            Key::Other
        }
        _ => return None,
    })
}

fn apply_headers(lines: &[&str], article: &mut Article) {
    let mut iter = lines.iter().peekable();
    while let Some(line) = iter.next() {
        let Some((key, value)) = header_pair(line) else {
            continue;
        };
        let mut value = value.to_string();
        while let Some(cont) = iter.peek().filter(|l| l.starts_with([' ', '\t'])) {
            value.push(' ');
            value.push_str(cont.trim());
            iter.next();
        }
        if value.is_empty() {
            continue;
        }
        match known_key(&key) {
            Some(Key::Headline) if article.headline.is_empty() => article.headline = value,
            Some(Key::Byline) if article.byline.is_none() => article.byline = strip_email(&value),
            Some(Key::Date) if article.date.is_none() => article.date = parse_date(&value),
            Some(Key::Source) => article.source = Some(value),
            Some(Key::Url) => article.url = Some(value),
            Some(Key::Id) if key == "id" => article.id = value,
            _ => {}
        }
    }
}

/// `jdoe@x.com (John Doe)` / `John Doe <jdoe@x.com>` → `John Doe`; a bare address → none.
fn strip_email(value: &str) -> Option<String> {
    if let (Some(open), Some(close)) = (value.find('('), value.rfind(')')) {
        if open < close {
            let inner = value.get(open + 1..close).unwrap_or_default().trim();
            if !inner.is_empty() && !inner.contains('@') {
                return Some(inner.to_string());
            }
        }
    }
    let words: Vec<&str> = value
        .split_whitespace()
        .filter(|w| !w.contains('@'))
        .map(|w| w.trim_matches(|c| c == '"' || c == '<' || c == '>'))
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Netnews body: no quoted replies (nor their "X writes:" line), no signature.
fn netnews_body<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if *line == "-- " || *line == "--" {
            break;
        }
        if line.trim_start().starts_with('>') {
            continue;
        }
        let t = line.trim_end();
        let introduces_reply = (t.ends_with("writes:") || t.ends_with("wrote:"))
            && lines
                .get(i + 1)
                .is_some_and(|n| n.trim_start().starts_with('>'));
        if !introduces_reply {
            out.push(line);
        }
    }
    out
}

/// Groups body lines into paragraphs (see the module docs).
fn paragraphs(lines: &[&str]) -> Vec<String> {
    let has_blank = lines
        .iter()
        .skip_while(|l| l.trim().is_empty())
        .any(|l| l.trim().is_empty());
    let mut out = Vec::new();
    if has_blank {
        let mut current: Vec<&str> = Vec::new();
        for line in lines.iter().chain(std::iter::once(&"")) {
            let t = line.trim();
            if t.is_empty() {
                if !current.is_empty() {
                    out.push(current.join(" "));
                    current.clear();
                }
            } else {
                current.push(t);
            }
        }
    } else {
        out.extend(
            lines
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .map(String::from),
        );
    }
    out
}

/// True for a paragraph written all in capitals, with at least three words.
fn is_all_caps(p: &str) -> bool {
    let letters = p.chars().filter(|c| c.is_alphabetic()).count();
    p.split_whitespace().count() >= 3 && letters >= 12 && !p.chars().any(char::is_lowercase)
}

/// Drops all-capital related-story lines, unless the whole body is in capitals.
fn drop_related_links(paragraphs: &mut Vec<String>) {
    let caps = paragraphs.iter().filter(|p| is_all_caps(p)).count();
    if caps > 0 && caps * 4 < paragraphs.len() {
        paragraphs.retain(|p| !is_all_caps(p) || p.ends_with('.'));
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fuzz;
