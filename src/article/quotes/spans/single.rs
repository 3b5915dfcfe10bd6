//! Single-quoted spans (`'…'`, `‘…’`): which marks open and close them, told apart from
//! apostrophes, and a quotation reopening or running over paragraphs in single marks.

use super::{is_double, Para, Span};

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
pub(super) fn single_stops(chars: &[(usize, char)]) -> Vec<usize> {
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
pub(super) fn single_span(
    chars: &[(usize, char)],
    stops: &[usize],
    i: usize,
    p: &Para,
    pi: usize,
    next_reopens: bool,
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
        // A quotation reopening where a paragraph break was lost (`… for us. 'Even if …'`):
        // the first one ends there, unclosed, and the reopening mark starts the next.
        if let Some(&(r, _)) = (i + 2..k)
            .find_map(|j| reopens_single(chars, j).then(|| chars.get(j)))
            .flatten()
        {
            return Some(Span {
                start,
                end: r,
                open: pos,
                close: r,
                closed: false,
                opened: true,
                para: pi,
                single: c == '\'' || c == '‘',
            });
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
    let like = c == '‘' && introduced && capital && prev.is_some_and(char::is_whitespace);
    // A paragraph opening with the mark, the next one reopening it: a quotation running
    // over paragraphs, as sure as one in double marks.
    let over_paragraphs = capital
        && next_reopens
        && (i == 0 || (introduced && prev.is_some_and(char::is_whitespace)));
    (like || over_paragraphs).then_some(Span {
        start,
        end: p.end,
        open: pos,
        close: p.end,
        closed: false,
        opened: true,
        para: pi,
        single: !over_paragraphs,
    })
}

/// Whether `chars[j]` is a single mark opening a new sentence's quotation after a finished
/// sentence (`us. 'Even`): after a space, before a capital, the text before ending a sentence.
fn reopens_single(chars: &[(usize, char)], j: usize) -> bool {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    matches!(at(j), Some('\'' | '‘'))
        && j.checked_sub(1)
            .and_then(at)
            .is_some_and(char::is_whitespace)
        && at(j + 1).is_some_and(char::is_uppercase)
        && chars
            .get(..j)
            .unwrap_or_default()
            .iter()
            .rev()
            .map(|&(_, c)| c)
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| matches!(c, '.' | '?' | '!' | '…'))
}
