//! Quoted spans in a body, paragraph by paragraph (a quote never spans a paragraph break).
//!
//! Double marks pair whatever their shape (`"…”` is fine); a new paragraph that reopens a
//! quote left unclosed makes each paragraph its own quote; a segment without a closing mark
//! runs to its paragraph end; a paragraph continuing an open quote *without* an opening mark
//! yields the text up to its closing mark. Single marks (`'…'`, `‘…’`) count only outside
//! double quotes and only when both marks sit at word edges (so apostrophes such as
//! `don't`, `'90s` are not marks). A short quotation inside a quotation stays part of it.

mod single;

use single::{single_span, single_stops};

/// A quoted span found in a body, with byte offsets into that body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    /// Start of the quoted text (after the opening mark and any space).
    pub start: usize,
    /// End of the quoted text (before the closing mark).
    pub end: usize,
    /// Byte offset of the opening mark, or of the paragraph start for a continuation.
    pub open: usize,
    /// Byte offset just after the closing mark, or the paragraph end when unclosed.
    pub close: usize,
    /// Whether the span had its own closing mark.
    pub closed: bool,
    /// Whether the span had its own opening mark.
    pub opened: bool,
    /// Index of the paragraph holding the span.
    pub para: usize,
    /// Whether single marks delimited it.
    pub single: bool,
}

/// A paragraph of the body: its byte range.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Para {
    pub start: usize,
    pub end: usize,
}

/// Splits a body into non-blank lines (paragraphs).
pub(crate) fn paragraphs(body: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in body.split('\n') {
        let end = start + line.len();
        if !line.trim().is_empty() {
            out.push(Para { start, end });
        }
        start = end + 1;
    }
    out
}

fn is_double(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '″')
}

/// Invisible format characters: direction marks and embeddings, zero-width spaces.
fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn is_opening_only(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}

/// Finds every quoted span in the body, paragraph by paragraph.
pub(crate) fn find_spans(body: &str, paras: &[Para]) -> Vec<Span> {
    let markup = markup(body);
    let mut spans = Vec::new();
    let mut open_at_end = false;
    for (pi, p) in paras.iter().enumerate() {
        let Some(text) = body.get(p.start..p.end) else {
            continue;
        };
        // Only a double mark, a backtick or an opening single mark starts a span, and only
        // a double mark continues one from the paragraph before: most paragraphs have none.
        let may_quote = |c: char| is_double(c) || matches!(c, '`' | '\'' | '‘');
        if !open_at_end && !text.contains(may_quote) {
            continue;
        }
        // Marks inside markup (`<tweet tweet-date="March 10, 2016">`) quote attribute
        // values, not words: they read as spaces.
        let chars: Vec<(usize, char)> = text
            .char_indices()
            .map(|(i, c)| {
                let at = i + p.start;
                let in_tag = markup.in_tag(at);
                // Invisible format characters (`U+202A` before a pasted post) read as spaces.
                let blank = (in_tag && c != '<' && c != '>') || is_format(c);
                (at, if blank { ' ' } else { c })
            })
            .collect();
        let mut i = 0;
        let first = chars
            .iter()
            .find(|(_, c)| !c.is_whitespace())
            .map(|&(_, c)| c);
        // A paragraph continuing an open quote without reopening it.
        if open_at_end && first.is_some_and(|c| !is_double(c) && c != '`') {
            if let Some(k) = chars.iter().position(|&(_, c)| is_double(c)) {
                let (pos, c) = chars.get(k).copied().unwrap_or((p.end, ' '));
                let next = chars.get(k + 1).map(|&(_, c)| c);
                if !is_opening_only(c) && next.is_none_or(|n| !n.is_alphanumeric()) {
                    spans.push(Span {
                        start: p.start,
                        end: pos,
                        open: p.start,
                        close: pos + c.len_utf8(),
                        closed: true,
                        opened: false,
                        para: pi,
                        single: false,
                    });
                    i = k + 1;
                }
            }
        }
        open_at_end = false;
        let last_double = chars.iter().rposition(|&(_, c)| is_double(c));
        let stops = single_stops(&chars);
        // The next paragraph opening with a single mark: a single-quoted paragraph left
        // unclosed goes on there (British style for a quotation over paragraphs).
        let next_reopens = paras
            .get(pi + 1)
            .and_then(|n| body.get(n.start..n.end))
            .is_some_and(|t| t.trim_start().starts_with(['\'', '‘']));
        let mut current: Option<(usize, usize)> = None; // (open mark offset, text start)
        while let Some(&(pos, c)) = chars.get(i) {
            let prev = i.checked_sub(1).and_then(|k| chars.get(k)).map(|&(_, c)| c);
            let char_at = |k: usize| chars.get(k).map(|&(_, c)| c);
            let backticks = c == '`' && char_at(i + 1) == Some('`');
            // Two apostrophes close a quotation opened with backticks (``…'', TeX style).
            // They open none: PolNeAR's archive articles printed in `''…''` carry no
            // quotations in its labels, so pairing them costs more than it finds there.
            let apostrophes = c == '\''
                && char_at(i + 1) == Some('\'')
                && current.is_some_and(|(o, _)| body.get(o..).is_some_and(|t| t.starts_with('`')));
            // `"“If …` and `““Radical …`: a doubled opening mark is one mark.
            let doubled_open = current.is_none()
                && is_double(c)
                && char_at(i + 1).is_some_and(|n| is_double(n) && !matches!(n, '”' | '»'))
                && char_at(i + 2).is_some_and(|n| !n.is_whitespace());
            let mark_len = if backticks || apostrophes || doubled_open {
                2
            } else {
                1
            };
            let after = chars.get(i + mark_len).map_or(p.end, |&(o, _)| o);
            let next = char_at(i + mark_len);
            match current {
                None if is_double(c) || backticks => {
                    let reversed = matches!(c, '”' | '»');
                    let word_edge = prev.is_none_or(|c| c.is_whitespace() || c == '(');
                    // A closing shape opening a paragraph (`” … in the case of`), with a
                    // mark to close it later, opens.
                    let para_start = chars
                        .get(..i)
                        .is_some_and(|b| b.iter().all(|&(_, c)| c.is_whitespace()))
                        && last_double.is_some_and(|l| l > i);
                    if !reversed
                        || para_start
                        || (word_edge && next.is_some_and(|n| !n.is_whitespace()))
                    {
                        current = Some((pos, after));
                    }
                }
                None if matches!(c, '\'' | '‘') => {
                    if let Some(span) = single_span(&chars, &stops, i, p, pi, next_reopens) {
                        i += chars
                            .get(i..)
                            .unwrap_or_default()
                            .iter()
                            .position(|&(o, _)| o >= span.close)
                            .unwrap_or(chars.len());
                        spans.push(span);
                        continue;
                    }
                }
                Some((open, start)) if is_double(c) || backticks || apostrophes => {
                    // A curly pair inside a quotation opened with a straight mark is a
                    // quotation inside it, however long (`"… defended Trump's “Look at
                    // my …!” line …`): the house style marks the nesting.
                    let straight_outer = body.get(open..).is_some_and(|t| t.starts_with('"'));
                    if straight_outer && c == '“' {
                        if let Some(k) = curly_close(&chars, i + 1) {
                            i = k + 1;
                            continue;
                        }
                    }
                    let opener_like = prev.is_none_or(char::is_whitespace)
                        && next.is_some_and(|n| n.is_alphanumeric())
                        && !matches!(c, '”' | '»');
                    if opener_like {
                        if let Some(k) = nested_close(&chars, i + mark_len, last_double) {
                            // A short quotation inside the quotation: stays part of it.
                            i = k + 1;
                            continue;
                        }
                    }
                    // A straight mark after a space and before a word opens, it does not
                    // close: a quotation reopening where a paragraph break was lost
                    // (`… for us. "Even if …`) must not pair with the open one and shift
                    // every later pair by one mark.
                    let after_sentence = body
                        .get(start..pos)
                        .is_some_and(|t| t.trim_end().ends_with(['.', '?', '!', '…']));
                    let reopens =
                        (is_opening_only(c) || backticks || (opener_like && after_sentence))
                            && prev.is_none_or(char::is_whitespace);
                    if reopens {
                        // An unclosed quote running into its attribution: cut before "said".
                        if let Some(cut) = attribution_cut(body, start, pos) {
                            spans.push(Span {
                                start,
                                end: cut,
                                open,
                                close: cut,
                                closed: true,
                                opened: true,
                                para: pi,
                                single: false,
                            });
                            current = Some((pos, after));
                            i += mark_len;
                            continue;
                        }
                    }
                    spans.push(Span {
                        start,
                        end: pos,
                        open,
                        close: if reopens { pos } else { after },
                        closed: !reopens,
                        opened: true,
                        para: pi,
                        single: false,
                    });
                    current = reopens.then_some((pos, after));
                }
                _ => {}
            }
            i += mark_len;
        }
        if let Some((open, start)) = current {
            spans.push(Span {
                start,
                end: p.end,
                open,
                close: p.end,
                closed: false,
                opened: true,
                para: pi,
                single: false,
            });
            open_at_end = true;
        }
    }
    // Single marks inside a doubled-apostrophe quotation (`''I said, 'No,' '' he
    // recalled`, the typewriter style of some archives) are a quotation inside it.
    spans.retain(|s| !s.single || !inside_doubled_apostrophes(body, paras, s));
    for s in &mut spans {
        trim_span(body, s);
    }
    // An embedded post (`<tweet>…</tweet>`, `<blockquote>`) is the page's furniture, not
    // the article's quotation.
    spans.retain(|s| {
        s.end > s.start
            && !markup
                .embeds
                .iter()
                .any(|&(a, b)| a <= s.start && s.start < b)
    });
    spans
}

/// Markup left in a body: tags, and elements that embed other content.
#[derive(Debug, Default)]
struct Markup {
    /// Byte ranges of tags (`<a href="…">`, `</tweet>`).
    tags: Vec<(usize, usize)>,
    /// Byte ranges of embedded elements, from their opening tag to their closing one.
    embeds: Vec<(usize, usize)>,
}

impl Markup {
    /// Whether byte `at` lies inside a tag (tags are sorted and disjoint).
    fn in_tag(&self, at: usize) -> bool {
        let k = self.tags.partition_point(|&(a, _)| a <= at);
        k.checked_sub(1)
            .and_then(|i| self.tags.get(i))
            .is_some_and(|&(_, b)| at < b)
    }
}

/// Elements whose content is embedded from elsewhere.
const EMBEDS: &[&str] = &["tweet", "blockquote", "embed", "iframe", "script", "style"];

/// Finds the tags of a body: `<` then a letter or `/`, up to `>` within the line.
fn markup(body: &str) -> Markup {
    let mut m = Markup::default();
    if !body.contains('<') {
        return m;
    }
    let mut open_embed: Option<(usize, &str)> = None;
    for (at, _) in body.match_indices('<') {
        let rest = body.get(at + 1..).unwrap_or_default();
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            continue;
        }
        let Some(len) = rest
            .find(['>', '\n'])
            .filter(|&k| rest.get(k..).is_some_and(|r| r.starts_with('>')))
        else {
            continue;
        };
        let end = at + 1 + len + 1;
        if m.tags.last().is_some_and(|&(_, b)| b > at) {
            continue;
        }
        m.tags.push((at, end));
        let tag = rest.get(..len).unwrap_or_default();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        let Some(&known) = EMBEDS.iter().find(|e| **e == name) else {
            continue;
        };
        if tag.starts_with('/') {
            if let Some((from, n)) = open_embed.take() {
                if n == known {
                    m.embeds.push((from, end));
                }
            }
        } else if tag.ends_with('/') {
            m.embeds.push((at, end));
        } else {
            open_embed = Some((at, known));
        }
    }
    m
}

/// Index of the closing mark of a nested quotation starting at `from`: a double mark
/// within a few words, followed later in the paragraph by another double mark (the outer close).
/// `last_double` is the index of the paragraph's last double mark.
fn nested_close(chars: &[(usize, char)], from: usize, last_double: Option<usize>) -> Option<usize> {
    let mut words = 0;
    let mut k = from;
    while let Some(&(_, c)) = chars.get(k) {
        if is_double(c) {
            let rest_has_mark = last_double.is_some_and(|l| l > k);
            let next = chars.get(k + 1).map(|&(_, c)| c);
            let closes = next.is_none_or(|n| !n.is_alphanumeric());
            return (closes && rest_has_mark).then_some(k);
        }
        if c.is_whitespace() {
            words += 1;
            if words > 4 {
                return None;
            }
        }
        k += 1;
    }
    None
}

/// Index of the `”` closing a curly quotation opened just before `from`, if it comes
/// before any other double mark of the paragraph.
fn curly_close(chars: &[(usize, char)], from: usize) -> Option<usize> {
    let rest = chars.get(from..)?;
    let k = rest.iter().position(|&(_, c)| is_double(c))?;
    rest.get(k)
        .is_some_and(|&(_, c)| c == '”')
        .then_some(from + k)
}

/// Whether a single-quoted span opens inside a pair of doubled apostrophes (`''…''`) of its
/// paragraph: runs of two or more `'` alternate opening and closing.
fn inside_doubled_apostrophes(body: &str, paras: &[Para], s: &Span) -> bool {
    let Some(p) = paras.get(s.para) else {
        return false;
    };
    let Some(text) = body.get(p.start..s.open) else {
        return false;
    };
    if !text.contains("''") {
        return false;
    }
    // Count the runs of two or more apostrophes before the span's opening mark.
    let mut runs = 0usize;
    let mut run = 0usize;
    for c in text.chars() {
        if c == '\'' {
            run += 1;
        } else {
            if run >= 2 {
                runs += 1;
            }
            run = 0;
        }
    }
    // A run ending right at the opening mark (`'''Word`) opens the outer pair too.
    if run >= 1 {
        runs += 1;
    }
    runs % 2 == 1
}

/// Where an unclosed quotation meets its attribution (`… interoperability said Dr. X`).
fn attribution_cut(body: &str, start: usize, end: usize) -> Option<usize> {
    let text = body.get(start..end)?;
    for verb in [" said ", " says "] {
        if let Some(i) = text.rfind(verb) {
            let after = text.get(i + verb.len()..).unwrap_or_default();
            if after.starts_with(char::is_uppercase) && after.split_whitespace().count() <= 12 {
                return Some(start + i);
            }
        }
    }
    None
}

/// Drops whitespace just inside the marks.
fn trim_span(body: &str, s: &mut Span) {
    if let Some(t) = body.get(s.start..s.end) {
        let lead = t.len() - t.trim_start().len();
        let trail = t.len() - t.trim_end().len();
        s.start += lead;
        s.end = s.end.saturating_sub(trail).max(s.start);
    }
}

#[cfg(test)]
mod tests;
