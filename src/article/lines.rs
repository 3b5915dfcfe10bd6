//! Reading a JSON Lines file of any size in bounded memory: its content hash in one
//! streaming pass, then its lines a batch at a time (`.gz` decompressed on the fly).
//!
//! Files up to [`super::MAX_JSONL_BYTES`] are read whole (`read_source`); bigger ones come
//! through here, so a dump of several gigabytes is indexed with the memory of one batch.
//! Each line is decoded on its own with [`super::decode::decode`] — the rules a whole file
//! gets (BOM, legacy 8-bit guess, binary detection), applied per line — and numbered from 1
//! exactly as `str::lines` numbers a whole file, so ids derived from `path:line` and
//! `line N:` errors do not depend on how the file was read.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::{decode, ParseError, MAX_FILE_BYTES};

/// Bytes of lines handed out per batch.
pub const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// The longest line read; a longer one is skipped and reported (one record is one article,
/// and no article is this big).
pub const MAX_LINE_BYTES: usize = MAX_FILE_BYTES as usize;

const READ_BUFFER: usize = 256 * 1024;

/// An open file, decompressed when it is gzip (by its magic bytes, as `read_source` does).
struct Source {
    reader: Box<dyn BufRead + Send>,
    gzip: bool,
}

impl Source {
    fn open(path: &Path) -> Result<Source, ParseError> {
        let mut file = BufReader::with_capacity(READ_BUFFER, super::source::open_regular(path)?);
        let head = file.fill_buf()?;
        let gzip = head.starts_with(&[0x1f, 0x8b]);
        let reader: Box<dyn BufRead + Send> = if gzip {
            Box::new(BufReader::with_capacity(
                READ_BUFFER,
                flate2::read::MultiGzDecoder::new(file),
            ))
        } else {
            Box::new(file)
        };
        Ok(Source { reader, gzip })
    }

    /// A read error, worded like `read_source`'s for bad gzip data.
    fn error(&self, e: std::io::Error) -> ParseError {
        read_error(self.gzip, e)
    }
}

fn read_error(gzip: bool, e: std::io::Error) -> ParseError {
    if gzip {
        ParseError::Invalid(format!("bad gzip data: {e}"))
    } else {
        ParseError::Io(e)
    }
}

/// The xxh3 hash of a file's content (decompressed), in one streaming pass: the same value
/// as hashing what `read_source` returns, so a file's stamp does not depend on its size.
pub fn content_hash(path: &Path) -> Result<u64, ParseError> {
    let mut source = Source::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; READ_BUFFER];
    loop {
        match source.reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(buf.get(..n).unwrap_or_default()),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(source.error(e)),
        }
    }
    Ok(hasher.digest())
}

/// One line of a batch: its number (from 1) and its text, `None` when blank, or why it
/// cannot be read (`line N: …`).
pub type Line = (usize, Result<Option<String>, String>);

/// Decodes line `n` on its own (without its `\n`): its text, `None` when blank, or why it
/// cannot be read. A line longer than [`MAX_LINE_BYTES`] is refused whatever the file's size.
pub fn decode_line(n: usize, bytes: &[u8]) -> Result<Option<String>, String> {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if bytes.len() > MAX_LINE_BYTES {
        let mb = MAX_LINE_BYTES / (1024 * 1024);
        return Err(format!("line {n}: record longer than {mb} MB"));
    }
    match decode::decode(bytes) {
        Ok(text) => Ok(Some(text)),
        Err(ParseError::Empty) => Ok(None),
        Err(e) => Err(format!("line {n}: {e}")),
    }
}

/// The lines of a JSON Lines file, a batch at a time.
pub struct Lines {
    source: Source,
    line_no: usize,
    done: bool,
}

impl Lines {
    /// Opens `path`. A UTF-16 file is refused: its lines cannot be split on `\n` bytes.
    pub fn open(path: &Path) -> Result<Lines, ParseError> {
        let mut source = Source::open(path)?;
        let head = match source.reader.fill_buf() {
            Ok(head) => head,
            Err(e) => return Err(source.error(e)),
        };
        if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
            return Err(ParseError::Invalid(
                "UTF-16 JSON Lines too large to read whole; convert it to UTF-8".into(),
            ));
        }
        Ok(Lines {
            source,
            line_no: 0,
            done: false,
        })
    }

    /// The next lines, about `bytes` of them (at least one line unless the file is done);
    /// empty at the end of the file.
    pub fn next_batch(&mut self, bytes: usize) -> Result<Vec<Line>, ParseError> {
        let mut out = Vec::new();
        let mut taken = 0;
        let mut buf = Vec::new();
        while !self.done && taken < bytes {
            buf.clear();
            let complete = self.read_line(&mut buf)?;
            if buf.is_empty() && !complete {
                self.done = true;
                break;
            }
            taken += buf.len();
            self.line_no += 1;
            let n = self.line_no;
            if !complete {
                // Longer than MAX_LINE_BYTES: the rest of the line was skipped.
                let mb = MAX_LINE_BYTES / (1024 * 1024);
                out.push((n, Err(format!("line {n}: record longer than {mb} MB"))));
                continue;
            }
            if buf.last() == Some(&b'\n') {
                buf.pop();
            }
            out.push((n, decode_line(n, &buf)));
        }
        Ok(out)
    }

    /// Reads one line (with its `\n`) into `buf`. Returns whether the line was read whole:
    /// `false` with an empty `buf` at the end of the file, `false` with a full `buf` when the
    /// line was longer than [`MAX_LINE_BYTES`] (its rest is then skipped).
    fn read_line(&mut self, buf: &mut Vec<u8>) -> Result<bool, ParseError> {
        let limit = MAX_LINE_BYTES as u64 + 1;
        let read = (&mut self.source.reader).take(limit).read_until(b'\n', buf);
        let n = read.map_err(|e| self.source.error(e))?;
        if n == 0 {
            return Ok(false);
        }
        if buf.last() == Some(&b'\n') || n as u64 <= MAX_LINE_BYTES as u64 {
            // A last line without `\n` is whole too.
            return Ok(true);
        }
        // Too long: skip to the end of the line without keeping it.
        loop {
            let gzip = self.source.gzip;
            let chunk = self
                .source
                .reader
                .fill_buf()
                .map_err(|e| read_error(gzip, e))?;
            if chunk.is_empty() {
                break;
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.source.reader.consume(i + 1);
                    break;
                }
                None => {
                    let len = chunk.len();
                    self.source.reader.consume(len);
                }
            }
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn all_lines(path: &Path, batch: usize) -> Vec<Line> {
        let mut lines = Lines::open(path).unwrap();
        let mut out = Vec::new();
        loop {
            let b = lines.next_batch(batch).unwrap();
            if b.is_empty() {
                return out;
            }
            out.extend(b);
        }
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn lines_are_numbered_and_decoded_like_a_whole_file() {
        let dir = tempfile::TempDir::new().unwrap();
        // (content, expected (line, text or error fragment)); `None` text = blank line.
        type Case<'a> = (&'a [u8], Vec<(usize, Result<Option<&'a str>, &'a str>)>);
        let cases: Vec<Case> = vec![
            (
                b"{\"a\":1}\n\n{\"b\":2}\n",
                vec![
                    (1, Ok(Some("{\"a\":1}"))),
                    (2, Ok(None)),
                    (3, Ok(Some("{\"b\":2}"))),
                ],
            ),
            // CRLF, a UTF-8 BOM, no final newline.
            (
                b"\xef\xbb\xbf{\"a\":1}\r\n{\"b\":2}",
                vec![(1, Ok(Some("{\"a\":1}"))), (2, Ok(Some("{\"b\":2}")))],
            ),
            // A Windows-1252 line among UTF-8 ones; a line with NUL bytes.
            (
                b"{\"q\":\"\x93hi\x94 caf\xe9\"}\n{\"x\":\"\x00\x01\"}\n",
                vec![
                    (1, Ok(Some("{\"q\":\"\u{201c}hi\u{201d} caf\u{e9}\"}"))),
                    (2, Err("line 2: binary")),
                ],
            ),
        ];
        for (i, (content, want)) in cases.into_iter().enumerate() {
            for (gz, bytes) in [(false, content.to_vec()), (true, gzip(content))] {
                let path = dir.path().join(format!("{i}-{gz}.jsonl"));
                std::fs::write(&path, &bytes).unwrap();
                for batch in [1, 5, BATCH_BYTES] {
                    let got = all_lines(&path, batch);
                    assert_eq!(got.len(), want.len(), "case {i} gz {gz} batch {batch}");
                    for ((n, line), (wn, wline)) in got.iter().zip(&want) {
                        assert_eq!(n, wn);
                        match (line, wline) {
                            (Ok(t), Ok(w)) => assert_eq!(t.as_deref(), *w),
                            (Err(e), Err(w)) => assert!(e.starts_with(w), "{e}"),
                            _ => panic!("case {i} line {n}: {line:?} vs {wline:?}"),
                        }
                    }
                }
                // The streamed hash is the hash of the whole decompressed content.
                let whole =
                    super::super::read_source(&path, super::super::Format::JsonLines).unwrap();
                assert_eq!(
                    content_hash(&path).unwrap(),
                    xxhash_rust::xxh3::xxh3_64(&whole)
                );
            }
        }
    }

    #[test]
    fn an_overlong_line_is_skipped_and_reported() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("long.jsonl");
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(b"{\"a\":1}\n\"").unwrap();
        f.write_all(&vec![b'x'; MAX_LINE_BYTES + 10]).unwrap();
        f.write_all(b"\"\n{\"c\":3}\n").unwrap();
        drop(f);
        let got = all_lines(&path, BATCH_BYTES);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].1, Ok(Some("{\"a\":1}".to_string())));
        assert!(got[1]
            .1
            .as_ref()
            .is_err_and(|e| e.starts_with("line 2: record longer")));
        assert_eq!(got[2], (3, Ok(Some("{\"c\":3}".to_string()))));
    }

    #[test]
    fn utf16_and_bad_gzip_are_refused_with_a_reason() {
        let dir = tempfile::TempDir::new().unwrap();
        let utf16 = dir.path().join("u16.jsonl");
        std::fs::write(&utf16, b"\xff\xfe{\x00}\x00").unwrap();
        assert!(Lines::open(&utf16)
            .err()
            .is_some_and(|e| e.to_string().contains("UTF-16")));
        let bad = dir.path().join("bad.jsonl.gz");
        let mut bytes = gzip(b"{\"a\":1}\n");
        bytes.truncate(bytes.len() / 2);
        std::fs::write(&bad, &bytes).unwrap();
        assert!(content_hash(&bad)
            .err()
            .is_some_and(|e| e.to_string().contains("gzip")));
    }
}
