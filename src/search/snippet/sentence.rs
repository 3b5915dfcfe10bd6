//! Sentence boundaries for snippets: the Unicode default sentence boundaries (UAX #29),
//! with a fast path for ASCII text.
//!
//! Snippets segment every paragraph that holds a match, in every search process, and
//! `unicode-segmentation` spends about 100 instructions per character on it (a table
//! search per character), a large share of a one-word search (docs/PERFORMANCE.md). For
//! ASCII text the sentence-break property of a byte is a `match`, so this module applies
//! the UAX #29 rules itself there and leaves any other text to `unicode-segmentation`.
//! The two agree on every ASCII string (tested below against the crate, by proptest).

use unicode_segmentation::UnicodeSegmentation;

/// The sentences of `text` with their byte offsets, as
/// `UnicodeSegmentation::split_sentence_bound_indices` gives them (what the tests compare).
#[cfg(test)]
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut ends = Vec::new();
    sentence_ends(text, &mut ends);
    let mut start = 0;
    ends.into_iter()
        .map(|end| {
            let s = (start, &text[start..end]);
            start = end;
            s
        })
        .collect()
}

/// Replaces `ends` with the byte offsets where the sentences of `text` end (the last one
/// is `text.len()`; none for an empty text), reusing the caller's vector: snippets segment
/// many paragraphs.
pub fn sentence_ends(text: &str, ends: &mut Vec<usize>) {
    ends.clear();
    if text.is_ascii() {
        ascii_breaks(text.as_bytes(), ends);
    } else {
        ends.extend(
            text.split_sentence_bound_indices()
                .map(|(start, s)| start + s.len()),
        );
    }
}

/// The UAX #29 sentence-break property of an ASCII byte (ASCII has no `Sep`, `OLetter`,
/// `Format` or `Extend` characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Other,
}

fn cat(b: u8) -> Cat {
    match b {
        b'\r' => Cat::Cr,
        b'\n' => Cat::Lf,
        b'\t' | 0x0B | 0x0C | b' ' => Cat::Sp,
        b'a'..=b'z' => Cat::Lower,
        b'A'..=b'Z' => Cat::Upper,
        b'0'..=b'9' => Cat::Numeric,
        b'.' => Cat::ATerm,
        b'!' | b'?' => Cat::STerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Cat::Close,
        b',' | b'-' | b':' | b';' => Cat::SContinue,
        _ => Cat::Other,
    }
}

fn is_para_sep(c: Cat) -> bool {
    matches!(c, Cat::Cr | Cat::Lf)
}

fn is_saterm(c: Cat) -> bool {
    matches!(c, Cat::ATerm | Cat::STerm)
}

/// Where the text since the last sentence terminator stands: `SATerm Close* Sp*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// Not inside such a sequence.
    None,
    /// Just after the terminator, or after it and closing punctuation.
    Close { aterm: bool },
    /// After the terminator, closing punctuation and spaces.
    Sp { aterm: bool },
}

/// Appends the end offsets of the sentences of ASCII `text` to `out` (the last one is
/// `text.len()`).
fn ascii_breaks(text: &[u8], out: &mut Vec<usize>) {
    let Some(&first) = text.first() else {
        return;
    };
    let mut before = Cat::Other; // the character before `prev`, when there is one
    let mut prev = cat(first);
    let mut tail = advance(Tail::None, prev);
    let mut i = 1;
    while i < text.len() {
        if tail == Tail::None && !is_para_sep(prev) {
            // No boundary can come before a terminator or a line break is passed (SB998):
            // skip to the next one.
            let Some(k) = text[i..].iter().position(|&b| ends_sentences(b)) else {
                break;
            };
            if k > 0 {
                i += k;
                (before, prev) = (cat(text[i - 2]), cat(text[i - 1]));
            }
        }
        let next = cat(text[i]);
        if breaks(text, i, before, prev, next, tail) {
            out.push(i);
        }
        tail = advance(tail, next);
        before = prev;
        prev = next;
        i += 1;
    }
    out.push(text.len());
}

/// Whether a boundary may follow this byte, at once or after closing punctuation and
/// spaces: a sentence terminator or a paragraph separator.
fn ends_sentences(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | b'\r' | b'\n')
}

fn advance(tail: Tail, c: Cat) -> Tail {
    match c {
        Cat::ATerm => Tail::Close { aterm: true },
        Cat::STerm => Tail::Close { aterm: false },
        Cat::Close => match tail {
            Tail::Close { aterm } => Tail::Close { aterm },
            _ => Tail::None,
        },
        Cat::Sp => match tail {
            Tail::Close { aterm } | Tail::Sp { aterm } => Tail::Sp { aterm },
            Tail::None => Tail::None,
        },
        _ => Tail::None,
    }
}

/// Whether UAX #29 puts a sentence boundary before `text[i]`, whose category is `next`;
/// `prev` and `before` are the categories of the two characters before it.
fn breaks(text: &[u8], i: usize, before: Cat, prev: Cat, next: Cat, tail: Tail) -> bool {
    // SB3, SB4: CR × LF; a paragraph separator ends the sentence.
    if prev == Cat::Cr && next == Cat::Lf {
        return false;
    }
    if is_para_sep(prev) {
        return true;
    }
    // SB6: ATerm × Numeric. SB7: (Upper | Lower) ATerm × Upper.
    if prev == Cat::ATerm
        && (next == Cat::Numeric || next == Cat::Upper && matches!(before, Cat::Upper | Cat::Lower))
    {
        return false;
    }
    let aterm = match tail {
        Tail::None => return false, // SB998
        Tail::Close { aterm } | Tail::Sp { aterm } => aterm,
    };
    // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower
    if aterm {
        for &b in &text[i..] {
            match cat(b) {
                Cat::Lower => return false,
                Cat::Upper | Cat::Cr | Cat::Lf | Cat::ATerm | Cat::STerm => break,
                _ => {}
            }
        }
    }
    // SB8a: SATerm Close* Sp* × (SContinue | SATerm)
    if next == Cat::SContinue || is_saterm(next) {
        return false;
    }
    // SB9: SATerm Close* × (Close | Sp | ParaSep)
    if matches!(tail, Tail::Close { .. })
        && (next == Cat::Close || next == Cat::Sp || is_para_sep(next))
    {
        return false;
    }
    // SB10: SATerm Close* Sp* × (Sp | ParaSep)
    if next == Cat::Sp || is_para_sep(next) {
        return false;
    }
    // SB11: SATerm Close* Sp* ParaSep? ÷
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn crate_sentences(text: &str) -> Vec<(usize, &str)> {
        text.split_sentence_bound_indices().collect()
    }

    #[test]
    fn agrees_with_unicode_segmentation_on_examples() {
        let cases = [
            "",
            "One.",
            "He said so. Then he left.",
            "Mr. Smith went to Washington. He said \"no.\" Then: nothing!",
            "Rates rose 2.5 pct. (Analysts expected it.) Next year?  Maybe.",
            "etc. and so on. U.S. Treasury yields fell.",
            "Line one\nline two.\r\nLine three.\r\rfour",
            "Wait... what?! Yes. 'Quoted.' [Done.] {x}. a.b.c. A.B.C.",
            "He left.  she stayed.\tThe end -- or not.",
        ];
        for text in cases {
            assert_eq!(sentences(text), crate_sentences(text), "text {text:?}");
        }
    }

    #[test]
    fn non_ascii_text_goes_to_the_crate() {
        let text = "Ünïcödé “quoted” — text. Second sentence.";
        assert_eq!(sentences(text), crate_sentences(text));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_unicode_segmentation(text in "[aZ1 .!?\"')(\\]\\[{},;:\\-\t\r\n\x0b\x0c#_x]{0,40}") {
            prop_assert_eq!(sentences(&text), crate_sentences(&text));
        }

        #[test]
        fn agrees_on_any_ascii(text in "[\\x00-\\x7f]{0,60}") {
            prop_assert_eq!(sentences(&text), crate_sentences(&text));
        }
    }
}
