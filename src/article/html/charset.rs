//! Page bytes to text: BOMs, binary sniffing, and the charset a page declares in its
//! `<meta>` tags, honoured when the bytes are not valid UTF-8.

use encoding_rs::Encoding;

use crate::article::ParseError;

/// Turns page bytes into text: BOM first, then valid UTF-8, then the charset the page
/// declares, then the shared detector. Binary content is rejected before any of that.
pub(super) fn decode_html(raw: &[u8]) -> Result<String, ParseError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(raw) {
        let (text, _) = enc.decode_without_bom_handling(raw.get(bom_len..).unwrap_or_default());
        return Ok(text.into_owned());
    }
    if raw.starts_with(b"<\0") {
        return Ok(encoding_rs::UTF_16LE
            .decode_without_bom_handling(raw)
            .0
            .into_owned());
    }
    if raw.starts_with(b"\0<") {
        return Ok(encoding_rs::UTF_16BE
            .decode_without_bom_handling(raw)
            .0
            .into_owned());
    }
    if looks_binary(raw) {
        return Err(ParseError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(raw) {
        return Ok(text.to_string());
    }
    match declared_charset(raw) {
        // A page that says UTF-8 but is not (a truncated file cut inside a character, a
        // stray byte) keeps its text with replacement characters rather than a wrong guess.
        // A page cannot declare UTF-16 from inside ASCII-compatible bytes; HTML reads that as UTF-8.
        Some(enc) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => {
            Ok(String::from_utf8_lossy(raw).into_owned())
        }
        Some(enc) => Ok(enc.decode_without_bom_handling(raw).0.into_owned()),
        None => crate::article::decode::decode(raw),
    }
}

/// Whether bytes are a binary file (image, PDF, archive, executable) renamed `.html`.
fn looks_binary(raw: &[u8]) -> bool {
    const MAGIC: &[&[u8]] = &[
        b"%PDF",
        b"\x89PNG",
        b"GIF8",
        b"\xFF\xD8\xFF",
        b"PK\x03\x04",
        b"\x7FELF",
        b"\x1F\x8B",
        b"RIFF",
        b"\x00\x00\x01\x00",
        b"MZ",
        b"\xD0\xCF\x11\xE0",
        b"7z\xBC\xAF",
    ];
    if MAGIC.iter().any(|m| raw.starts_with(m)) {
        return true;
    }
    let sample = &raw[..raw.len().min(8192)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    sample.contains(&0) || control * 20 > sample.len()
}

/// The encoding a page declares in its first bytes (`<meta charset>` or http-equiv).
fn declared_charset(raw: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&raw[..raw.len().min(4096)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(start) = rest.find("<meta") {
        let tag = &rest[start..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let Some(pos) = tag.find("charset") {
            let value = tag[pos + "charset".len()..]
                .trim_start()
                .strip_prefix('=')
                .unwrap_or("");
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
                .unwrap_or(value.len());
            if let Some(enc) = Encoding::for_label(&value.as_bytes()[..end]) {
                return Some(enc);
            }
        }
        rest = &rest[start + 5..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_declared_charsets() {
        let cases: &[(&[u8], &str)] = &[
            (b"<meta charset=\"windows-1252\"><p>caf\xe9</p>", "caf\u{e9}"),
            (b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>na\xefve</p>", "na\u{ef}ve"),
            (b"<meta charset='koi8-r'><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>", "\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}"),
            ("<meta charset=\"windows-1252\"><p>caf\u{e9}</p>".as_bytes(), "caf\u{e9}"),
            (b"\xef\xbb\xbf<p>bom</p>", "<p>bom</p>"),
            (b"<meta charset=utf-16><p>caf\xc3\xa9 \xff</p>", "caf\u{e9} \u{fffd}"),
        ];
        for (raw, want) in cases {
            let text = decode_html(raw).unwrap();
            assert!(text.contains(want), "{text:?} lacks {want:?}");
        }
    }
}
