//! Direct quotations in a body of text, and who said them.
//!
//! Work happens paragraph by paragraph (a quote never spans a paragraph break):
//! 1. **Spans** ([`find_spans`]): double marks pair whatever their shape (`"…”` is fine);
//!    a new paragraph that reopens a quote left unclosed makes each paragraph its own quote;
//!    a segment without a closing mark runs to its paragraph end; a paragraph continuing an
//!    open quote *without* an opening mark yields the text up to its closing mark. Single
//!    marks (`'…'`, `‘…’`) count only outside double quotes and only when both marks sit at
//!    word edges (so apostrophes such as `don't`, `'90s` are not marks).
//! 2. **Attribution** ([`super::speakers`]): a speech verb in the span's own sentence.
//!    An unambiguous opening `‘` after a comma or colon that is never closed
//!    (`I'm like, ‘Are you insane?`) runs to its paragraph end.
//! 3. **Filtering**: short spans (1–3 words) without sentence punctuation are titles, terms
//!    or scare quotes unless their sentence attributes them to someone, with the speech verb
//!    at most eight words before them and no embedded question in between (`asked how
//!    files kept in "approved cabinets" …` is a term); a short span modifying the noun after
//!    it (`the "solid" sample`) is a term; a fragment coordinated with an attributed one
//!    (`called it "dangerous" and "ideological"`) is a quote; spans introduced by naming
//!    words (`named`, `titled`, `known as`, `pronounced`, `meaning of`, `respond with`, …)
//!    and title-cased spans are terms. A quote that is its whole paragraph (a pull quote,
//!    possibly followed by `— Name`) and a long lowercase fragment worked into a sentence
//!    are quotes even without a speech verb.
//!
//! [`extract_with_context`] also takes the headline and byline: an interview's headline
//! (`Wikinews interviews X`, `X tells …`) names the interviewee, who is the speaker of
//! `I say, '…'` and of unattributed pull quotes.

use super::speakers;
use super::Quote;

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

/// What an article says about itself outside its body, used to resolve speakers: names
/// printed only in the headline or byline, and who an interview is with.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub headline: Option<&'a str>,
    pub byline: Option<&'a str>,
}

impl<'a> Context<'a> {
    /// The context an article's own headline and byline give.
    pub fn of(article: &'a super::Article) -> Context<'a> {
        Context {
            headline: Some(article.headline.as_str()).filter(|h| !h.is_empty()),
            byline: article.byline.as_deref(),
        }
    }
}

/// Extracts the direct quotations of an article body.
pub fn extract(body: &str) -> Vec<Quote> {
    extract_with_context(body, &Context::default())
}

/// Extracts the direct quotations of an article body, using its headline and byline to
/// resolve speakers.
pub fn extract_with_context(body: &str, context: &Context<'_>) -> Vec<Quote> {
    let paras = paragraphs(body);
    let spans = find_spans(body, &paras);
    if spans.is_empty() {
        // Nothing to attribute: skip the name inventory of the whole body.
        return Vec::new();
    }
    speakers::attribute(body, &paras, &spans, context)
        .into_iter()
        .filter_map(|(span, speaker)| {
            let text = body.get(span.start..span.end)?.trim();
            (!text.is_empty()).then(|| Quote {
                text: text.to_string(),
                speaker,
            })
        })
        .collect()
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

fn is_opening_only(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}

/// Finds every quoted span in the body, paragraph by paragraph.
pub(crate) fn find_spans(body: &str, paras: &[Para]) -> Vec<Span> {
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
        let chars: Vec<(usize, char)> =
            text.char_indices().map(|(i, c)| (i + p.start, c)).collect();
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
        let mut current: Option<(usize, usize)> = None; // (open mark offset, text start)
        while let Some(&(pos, c)) = chars.get(i) {
            let backticks = c == '`' && chars.get(i + 1).is_some_and(|&(_, n)| n == '`');
            let mark_len = if backticks { 2 } else { 1 };
            let after = chars.get(i + mark_len).map_or(p.end, |&(o, _)| o);
            let prev = i.checked_sub(1).and_then(|k| chars.get(k)).map(|&(_, c)| c);
            let next = chars.get(i + mark_len).map(|&(_, c)| c);
            match current {
                None if is_double(c) || backticks => {
                    let reversed = matches!(c, '”' | '»');
                    if !reversed
                        || (prev.is_none_or(char::is_whitespace)
                            && next.is_some_and(|n| !n.is_whitespace()))
                    {
                        current = Some((pos, after));
                    }
                }
                None if matches!(c, '\'' | '‘') => {
                    if let Some(span) = single_span(&chars, &stops, i, p, pi) {
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
                Some((open, start)) if is_double(c) || backticks => {
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
                    let reopens =
                        (is_opening_only(c) || backticks) && prev.is_none_or(char::is_whitespace);
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
    for s in &mut spans {
        trim_span(body, s);
    }
    spans.retain(|s| s.end > s.start);
    spans
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

/// Whether `chars[k]` can close a single-quoted span: `'`/`’` after a non-space and
/// before a non-letter, and not a plural possessive (`players' union`).
fn closes_single(chars: &[(usize, char)], k: usize) -> bool {
    let Some(&(_, d)) = chars.get(k) else {
        return false;
    };
    if !matches!(d, '\'' | '’') {
        return false;
    }
    let Some(before) = k.checked_sub(1).and_then(|j| chars.get(j)).map(|&(_, c)| c) else {
        return false;
    };
    let after = chars.get(k + 1).map(|&(_, c)| c);
    let closes = !before.is_whitespace() && after.is_none_or(|a| !a.is_alphanumeric());
    let possessive = before == 's'
        && after == Some(' ')
        && chars.get(k + 2).is_some_and(|&(_, c)| c.is_lowercase());
    closes && !possessive
}

/// For each index, the first index at or after it holding a double mark or a mark that
/// can close a single-quoted span (`chars.len()` when none): one backward pass, so
/// matching single marks stays linear however many apostrophes a line holds.
fn single_stops(chars: &[(usize, char)]) -> Vec<usize> {
    let mut stops = vec![chars.len(); chars.len() + 1];
    for k in (0..chars.len()).rev() {
        let here = chars.get(k).is_some_and(|&(_, c)| is_double(c)) || closes_single(chars, k);
        let v = if here {
            k
        } else {
            stops.get(k + 1).copied().unwrap_or(chars.len())
        };
        if let Some(s) = stops.get_mut(k) {
            *s = v;
        }
    }
    stops
}

/// A single-quoted span starting at `chars[i]`, if a matching closing mark follows.
fn single_span(
    chars: &[(usize, char)],
    stops: &[usize],
    i: usize,
    p: &Para,
    pi: usize,
) -> Option<Span> {
    let &(pos, c) = chars.get(i)?;
    let prev = i.checked_sub(1).and_then(|k| chars.get(k)).map(|&(_, c)| c);
    let next = chars.get(i + 1).map(|&(_, c)| c)?;
    let opens = prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '-' | ':'));
    if !opens || !next.is_alphabetic() {
        return None;
    }
    let start = chars.get(i + 1)?.0;
    let k = stops.get(i + 2).copied().unwrap_or(chars.len());
    if let Some(&(o, d)) = chars.get(k) {
        if is_double(d) {
            return None;
        }
        let close = chars.get(k + 1).map_or(p.end, |&(o, _)| o);
        return Some(Span {
            start,
            end: o,
            open: pos,
            close,
            closed: true,
            opened: true,
            para: pi,
            single: c == '\'' || c == '‘',
        });
    }
    // `I'm like, ‘Are you insane?` — an unambiguous opening mark after a comma or colon,
    // never closed: the quotation runs to the paragraph end.
    let introduced = chars
        .get(..i)
        .unwrap_or_default()
        .iter()
        .rev()
        .map(|&(_, c)| c)
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| matches!(c, ',' | ':'));
    let capital = next.is_uppercase();
    (c == '‘' && introduced && capital && prev.is_some_and(char::is_whitespace)).then_some(Span {
        start,
        end: p.end,
        open: pos,
        close: p.end,
        closed: false,
        opened: true,
        para: pi,
        single: true,
    })
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
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<(String, Option<String>)> {
        extract(body)
            .into_iter()
            .map(|q| (q.text, q.speaker))
            .collect()
    }

    #[test]
    fn spans_and_speakers() {
        let kirby = Some("John Kirby".to_string());
        type Case<'a> = (&'a str, Vec<(&'a str, Option<String>)>);
        let cases: Vec<Case> = vec![
            (
                "Pentagon press secretary John Kirby spoke.\n\"We can confirm the attack,” Kirby said.",
                vec![("We can confirm the attack,", kirby.clone())],
            ),
            (
                "John Kirby spoke.\n“This was designed to do two things,” he said, “to remove that compound.”",
                vec![("This was designed to do two things,", kirby.clone()), ("to remove that compound.", kirby.clone())],
            ),
            (
                "“Patients expect doctors not film crews” said Roger Severino OCR director. “Hospitals must ask.”",
                vec![
                    ("Patients expect doctors not film crews", Some("Roger Severino".into())),
                    ("Hospitals must ask.", Some("Roger Severino".into())),
                ],
            ),
            (
                "Jane Roe said: “We will go on.\n“And we will win.”",
                vec![("We will go on.", Some("Jane Roe".into())), ("And we will win.", Some("Jane Roe".into()))],
            ),
            ("The robot, named \"Robogee\", won.", vec![]),
            // A name followed by degrees, then the next quotation (no comma between).
            (
                "“These programs connect us” said HRSA Administrator George Sigounas MS Ph.D. “In addition we help.”",
                vec![
                    ("These programs connect us", Some("George Sigounas".into())),
                    ("In addition we help.", Some("George Sigounas".into())),
                ],
            ),
            // A pull quote standing alone, then continuation across a picture caption.
            (
                "Mayor Ann Lee spoke.\n\"We will rebuild.\" Lee said.\n\nThe bridge. Image: City.\n\n\"It will take years.\"",
                vec![("We will rebuild.", Some("Ann Lee".into())), ("It will take years.", Some("Ann Lee".into()))],
            ),
            // Coordinated fragments share the attribution; a modifier in marks is a term.
            (
                "Critic Ann Lee has called the plan \"reckless\" and \"cruel\". The \"smart\" meters stay.",
                vec![("reckless", Some("Ann Lee".into())), ("cruel", Some("Ann Lee".into()))],
            ),
            // A misspelt surname resolves to the person the article names.
            (
                "Lydia Buchtmann is a spokeswoman.\n\"We are ready,\" Ms Bauchtman said.",
                vec![("We are ready,", Some("Lydia Buchtmann".into()))],
            ),
            // A short fragment far from the verb, inside an embedded question, is a term.
            (
                "Jo Bloggs asked officials how files that should be kept in \"approved cabinets\" got out.",
                vec![],
            ),
            // A participle's subject is its clause's subject; a role resolves to its holder.
            (
                "Secretary Ann Lee flew in. Later the Secretary met Bob Roe at the UN saying \"we agree.\"",
                vec![("we agree.", Some("Ann Lee".into()))],
            ),
            (
                "Ann Lee criticised Bob Roe, saying \"he is wrong.\"",
                vec![("he is wrong.", Some("Ann Lee".into()))],
            ),
            // Attribution phrases with an appositive.
            (
                "In the words of the prosecutor, Mark Tedeschi, QC, \"she cried for months.\"",
                vec![("she cried for months.", Some("Mark Tedeschi".into()))],
            ),
            (
                "A quote attributed to Einstein — \"If we knew, it wouldn't be research.\"",
                vec![("If we knew, it wouldn't be research.", Some("Einstein".into()))],
            ),
            // Quotative "like" with an unclosed opening mark.
            ("He said no. I'm like, ‘Are you insane?", vec![("Are you insane?", None)]),
            ("He doesn't like 'the 90s' at all, it's said.", vec![]),
        ];
        for (body, want) in cases {
            let want: Vec<(String, Option<String>)> =
                want.into_iter().map(|(t, s)| (t.to_string(), s)).collect();
            assert_eq!(texts(body), want, "{body}");
        }
    }

    #[test]
    fn interview_first_person_is_the_interviewee() {
        let context = Context {
            headline: Some("Wikinews interviews poet Frank Messina"),
            byline: None,
        };
        let body = "Frank Messina writes poems.\n\nI say, 'Hey John, my name is Frank.'";
        let got = extract_with_context(body, &context);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].speaker.as_deref(), Some("Frank Messina"));
        // Without the headline nobody is named.
        assert_eq!(extract(body)[0].speaker, None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let inputs = [
            "\"",
            "“",
            "”x",
            "'",
            "‘’",
            "\"\"",
            "a \" b “ c ” d ' e",
            "``",
            "\n\n\"\n\"",
            "é\"ü”ö",
        ];
        for input in inputs {
            let _ = extract(input);
        }
    }
}
