//! Turning a file's bytes into text: BOMs, UTF-16, legacy 8-bit encodings, binary detection.
//!
//! The order of decisions matters and is deliberate:
//! 1. a byte-order mark wins (UTF-8, UTF-16LE, UTF-16BE);
//! 2. UTF-16 without a mark is accepted when the NUL pattern is unmistakable
//!    (nearly every other byte is NUL, always on the same side);
//! 3. any other NUL byte means binary content;
//! 4. valid UTF-8 is taken as is;
//! 5. anything else is guessed with `chardetng` and decoded with `encoding_rs`
//!    (so Windows-1252 curly quotes `0x93`/`0x94` become `“ ”`).
//!
//! After decoding, text with many control characters is rejected as binary, text with
//! nothing but whitespace is [`ParseError::Empty`], and line ends are normalised to `\n`.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::ParseError;

/// Share of control characters (other than tab, newline, carriage return, form feed)
/// above which decoded text is treated as binary.
const MAX_CONTROL_RATIO: f64 = 0.05;

/// Decodes raw bytes to text with `\n` line ends, rejecting binary and empty content.
pub fn decode(raw: &[u8]) -> Result<String, ParseError> {
    if raw.is_empty() {
        return Err(ParseError::Empty);
    }
    let text = match bom_encoding(raw) {
        Some((enc, bom_len)) => decode_with(enc, raw.get(bom_len..).unwrap_or_default()),
        None => match utf16_without_bom(raw) {
            Some(enc) => decode_with(enc, raw),
            None if raw.contains(&0) => return Err(ParseError::Binary),
            None => match std::str::from_utf8(raw) {
                Ok(s) => s.to_string(),
                Err(_) => decode_with(guess_legacy(raw), raw),
            },
        },
    };
    if looks_binary(&text) {
        return Err(ParseError::Binary);
    }
    // Every leading mark goes (files concatenated with their BOMs start with several).
    let text = normalise_newlines(text.trim_start_matches('\u{feff}'));
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    Ok(text)
}

/// True when `raw` is UTF-16 text (by its mark, or by its NUL pattern): such text cannot be
/// split into lines on `\n` bytes before it is decoded.
pub fn is_utf16(raw: &[u8]) -> bool {
    match bom_encoding(raw) {
        Some((enc, _)) => enc != UTF_8,
        None => utf16_without_bom(raw).is_some(),
    }
}

/// The encoding announced by a byte-order mark, and the mark's length.
fn bom_encoding(raw: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(raw)
}

/// Decodes without BOM sniffing (the caller already handled it), replacing bad sequences.
fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> String {
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// Recognises BOM-less UTF-16: at least 4 bytes, even length, and NULs on one side of
/// most code units (ASCII-heavy text) but almost never on the other.
fn utf16_without_bom(raw: &[u8]) -> Option<&'static Encoding> {
    if raw.len() < 4 || !raw.len().is_multiple_of(2) {
        return None;
    }
    let units = raw.len() / 2;
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for (i, b) in raw.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even_nul += 1;
            } else {
                odd_nul += 1;
            }
        }
    }
    let clearly = |many: usize, few: usize| many * 10 >= units * 6 && few * 50 <= units;
    if clearly(odd_nul, even_nul) {
        Some(UTF_16LE)
    } else if clearly(even_nul, odd_nul) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Guesses a legacy encoding for bytes that are not UTF-8.
fn guess_legacy(raw: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(raw, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    // Never hand back UTF-8 for bytes that already failed UTF-8 validation.
    if enc == UTF_8 {
        encoding_rs::WINDOWS_1252
    } else {
        enc
    }
}

/// True when the text has too many control characters to be prose.
fn looks_binary(text: &str) -> bool {
    let (mut total, mut control) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') {
            control += 1;
        }
    }
    total > 0 && (control as f64) / (total as f64) > MAX_CONTROL_RATIO
}

/// `\r\n` and lone `\r` become `\n`.
fn normalise_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    fn utf16be(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFE, 0xFF] } else { Vec::new() };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        v
    }

    #[test]
    fn decodes_supported_encodings() {
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("plain utf-8", "Héllo “x”".as_bytes().to_vec(), "Héllo “x”"),
            ("utf-8 bom", b"\xEF\xBB\xBFHello".to_vec(), "Hello"),
            ("utf-16le bom", utf16le("Hé “q”", true), "Hé “q”"),
            ("utf-16be bom", utf16be("Hé “q”", true), "Hé “q”"),
            (
                "utf-16le no bom",
                utf16le("Hello there, world", false),
                "Hello there, world",
            ),
            (
                "utf-16be no bom",
                utf16be("Hello there, world", false),
                "Hello there, world",
            ),
            (
                "windows-1252 curly quotes",
                b"He said \x93yes\x94 and left \x96 caf\xe9.".to_vec(),
                "He said “yes” and left – café.",
            ),
            ("crlf", b"a\r\nb\rc\n".to_vec(), "a\nb\nc\n"),
        ];
        for (name, raw, want) in cases {
            assert_eq!(decode(&raw).ok().as_deref(), Some(want), "{name}");
        }
    }

    #[test]
    fn rejects_bad_input() {
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty", vec![], "empty"),
            ("whitespace", b" \n\t\r\n ".to_vec(), "empty"),
            ("nul bytes", b"PK\x03\x04\x00\x00abc\x00".to_vec(), "binary"),
            (
                "control soup",
                b"\x01\x02\x03\x04abc\x05\x06\x07\x08".to_vec(),
                "binary",
            ),
            (
                "png header",
                b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(),
                "binary",
            ),
        ];
        for (name, raw, want) in cases {
            let got = match decode(&raw) {
                Err(ParseError::Empty) => "empty",
                Err(ParseError::Binary) => "binary",
                _ => "other",
            };
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn invalid_utf8_is_decoded_not_mangled() {
        // Latin-1 "café" is invalid UTF-8; it must come out as the right character.
        let got = decode(b"Le caf\xe9 est ouvert.").ok();
        assert_eq!(got.as_deref(), Some("Le café est ouvert."));
    }

    #[test]
    fn byte_soup_never_panics() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state >> 24) as u8
                })
                .collect();
            let _ = decode(&bytes);
        }
    }
}
