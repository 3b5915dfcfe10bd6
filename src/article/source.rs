//! Reading an article source from disk, for `index` and `extract` alike: only regular files
//! are opened, what is read is bounded while reading (never trusted from `stat`), gzip is
//! looked through, and a JSON Lines file yields one record at a time, each line standing on
//! its own (its own encoding, its own error) whatever the file's size.
//!
//! A file is opened without blocking and checked on the open handle, so a FIFO or device
//! swapped in after the walk is refused instead of hanging the run, and a symlink to
//! `/dev/zero` cannot fill memory.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::lines::{self, Line, Lines};
use super::{decode, Format, ParseError, MAX_FILE_BYTES};

/// What one file holds, once opened.
pub enum Content {
    /// The bytes of a one-article-per-file format (decompressed).
    Document(Vec<u8>),
    /// The records of a JSON Lines file.
    Records(Records),
}

/// An opened source: its content hash (of the decompressed bytes) and its content.
pub struct Opened {
    pub hash: u64,
    pub content: Content,
}

/// Opens `path` for reading only if it is a regular file. The open does not block (a FIFO
/// opened for reading would wait for a writer forever).
pub fn open_regular(path: &Path) -> Result<File, ParseError> {
    let file = open_nonblocking(path)?;
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(ParseError::Invalid(format!(
            "not a regular file ({})",
            kind_name(&kind)
        )));
    }
    Ok(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

fn kind_name(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// Reads a regular file whole, decompressing gzip, refusing content over `limit` bytes.
/// The limit is enforced on the bytes actually read, before and after decompression.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ParseError> {
    let file = open_regular(path)?;
    let len = file.metadata()?.len();
    check_size(len, limit)?;
    let mut raw = Vec::with_capacity(usize::try_from(len).unwrap_or(0).min(1 << 26));
    file.take(limit.saturating_add(1)).read_to_end(&mut raw)?;
    check_size(raw.len() as u64, limit)?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .take(limit.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| ParseError::Invalid(format!("bad gzip data: {e}")))?;
        check_size(out.len() as u64, limit)?;
        return Ok(out);
    }
    Ok(raw)
}

/// Refuses content longer than `limit`.
fn check_size(len: u64, limit: u64) -> Result<(), ParseError> {
    if len > limit {
        return Err(ParseError::TooLarge {
            mb: len.div_ceil(1024 * 1024),
            limit: limit / (1024 * 1024),
        });
    }
    Ok(())
}

/// Opens a source of `format`. A JSON Lines file up to `read_whole` bytes is read into
/// memory (one read, its lines then parsed in parallel); a larger one is hashed in a first
/// streaming pass and its lines read a batch at a time, so memory stays bounded.
pub fn open(path: &Path, format: Format, read_whole: u64) -> Result<Opened, ParseError> {
    if format != Format::JsonLines {
        let raw = read_bounded(path, MAX_FILE_BYTES)?;
        return Ok(Opened {
            hash: xxhash_rust::xxh3::xxh3_64(&raw),
            content: Content::Document(raw),
        });
    }
    match read_bounded(path, read_whole) {
        Ok(raw) => Ok(Opened {
            hash: xxhash_rust::xxh3::xxh3_64(&raw),
            content: Content::Records(Records::Memory(Some(split_lines(&raw)))),
        }),
        Err(ParseError::TooLarge { .. }) => Ok(Opened {
            hash: lines::content_hash(path)?,
            content: Content::Records(Records::Stream(None, path.to_path_buf())),
        }),
        Err(e) => Err(e),
    }
}

/// The records of a JSON Lines file: in memory, or streamed from its path.
pub enum Records {
    Memory(Option<Vec<Line>>),
    /// Opened on the first batch, so a file that is unchanged is never read twice.
    Stream(Option<Lines>, PathBuf),
}

impl Records {
    /// The next lines (about [`lines::BATCH_BYTES`] of them); empty at the end.
    pub fn next_batch(&mut self) -> Result<Vec<Line>, ParseError> {
        match self {
            Records::Memory(lines) => Ok(lines.take().unwrap_or_default()),
            Records::Stream(lines, path) => {
                let open = match lines {
                    Some(l) => l,
                    None => lines.insert(Lines::open(path)?),
                };
                open.next_batch(lines::BATCH_BYTES)
            }
        }
    }
}

/// A whole JSON Lines file cut into lines, each decoded on its own (UTF-16 text, which cannot
/// be cut on `\n` bytes, is decoded first). Numbers and errors are those of [`Lines`].
fn split_lines(raw: &[u8]) -> Vec<Line> {
    if decode::is_utf16(raw) {
        return match decode::decode(raw) {
            Ok(text) => numbered(text.as_bytes()),
            Err(ParseError::Empty) => Vec::new(),
            Err(e) => vec![(1, Err(format!("line 1: {e}")))],
        };
    }
    numbered(raw)
}

/// Lines cut on `\n` (a final newline does not start another line), numbered from 1.
fn numbered(raw: &[u8]) -> Vec<Line> {
    let body = raw.strip_suffix(b"\n").unwrap_or(raw);
    if body.is_empty() {
        return Vec::new();
    }
    body.split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, l)| (i + 1, lines::decode_line(i + 1, l)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(records: &mut Records) -> Vec<Line> {
        let mut out = Vec::new();
        loop {
            let b = records.next_batch().unwrap();
            if b.is_empty() {
                return out;
            }
            out.extend(b);
        }
    }

    #[test]
    fn every_line_stands_on_its_own_read_whole_or_streamed() {
        let dir = tempfile::TempDir::new().unwrap();
        // (content, line texts or error fragments)
        type Want<'a> = Vec<Result<Option<&'a str>, &'a str>>;
        let cases: Vec<(&[u8], Want)> = vec![
            // A NUL byte spoils its line only.
            (
                b"{\"a\":1}\n{\"b\":\"\x00\"}\n{\"c\":3}\n",
                vec![
                    Ok(Some("{\"a\":1}")),
                    Err("line 2: binary"),
                    Ok(Some("{\"c\":3}")),
                ],
            ),
            // A Latin-1 line among UTF-8 ones is decoded on its own.
            (
                "{\"a\":\"Café\"}\n".as_bytes(),
                vec![Ok(Some("{\"a\":\"Café\"}"))],
            ),
            (
                b"{\"a\":\"Caf\xc3\xa9\"}\n{\"b\":\"Caf\xe9\"}\n",
                vec![Ok(Some("{\"a\":\"Café\"}")), Ok(Some("{\"b\":\"Café\"}"))],
            ),
            (b"\n\n", vec![Ok(None), Ok(None)]),
        ];
        for (i, (content, want)) in cases.into_iter().enumerate() {
            let path = dir.path().join(format!("{i}.jsonl"));
            std::fs::write(&path, content).unwrap();
            for read_whole in [u64::MAX, 0] {
                let opened = open(&path, Format::JsonLines, read_whole).unwrap();
                assert_eq!(opened.hash, xxhash_rust::xxh3::xxh3_64(content));
                let Content::Records(mut r) = opened.content else {
                    panic!("records expected")
                };
                let got = all(&mut r);
                assert_eq!(got.len(), want.len(), "case {i} whole {read_whole}");
                for (j, ((n, line), w)) in got.iter().zip(&want).enumerate() {
                    assert_eq!(*n, j + 1);
                    match (line, w) {
                        (Ok(t), Ok(w)) => assert_eq!(t.as_deref(), *w, "case {i}"),
                        (Err(e), Err(w)) => assert!(e.starts_with(w), "{e}"),
                        _ => panic!("case {i} line {n}: {line:?} vs {w:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn an_overlong_line_is_refused_whole_or_streamed() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("long.jsonl");
        let mut content = b"{\"a\":1}\n\"".to_vec();
        content.extend(std::iter::repeat_n(b'x', lines::MAX_LINE_BYTES));
        content.extend_from_slice(b"\"\n{\"c\":3}\n");
        std::fs::write(&path, &content).unwrap();
        for read_whole in [u64::MAX, 0] {
            let Content::Records(mut r) =
                open(&path, Format::JsonLines, read_whole).unwrap().content
            else {
                panic!("records expected")
            };
            let got = all(&mut r);
            assert_eq!(got.len(), 3, "whole {read_whole}");
            assert!(got[1].1.as_ref().is_err_and(|e| e.contains("longer than")));
            assert_eq!(got[2].1, Ok(Some("{\"c\":3}".to_string())));
        }
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::TempDir::new().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let zero = dir.path().join("zero.txt");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        for (path, want) in [(&fifo, "a FIFO"), (&zero, "a device")] {
            let e = read_bounded(path, 1 << 20).unwrap_err().to_string();
            assert!(e.contains(want), "{e}");
        }
        let e = read_bounded(dir.path(), 1 << 20).unwrap_err().to_string();
        assert!(e.contains("folder"), "{e}");
    }

    #[test]
    fn limits_hold_on_what_is_read_and_what_is_inflated() {
        let dir = tempfile::TempDir::new().unwrap();
        let plain = dir.path().join("a.txt");
        std::fs::write(&plain, vec![b'a'; 2048]).unwrap();
        assert!(matches!(
            read_bounded(&plain, 1024),
            Err(ParseError::TooLarge { .. })
        ));
        assert_eq!(read_bounded(&plain, 4096).unwrap().len(), 2048);
        let bomb = dir.path().join("b.txt.gz");
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut e, &vec![b'x'; 1 << 20]).unwrap();
        std::fs::write(&bomb, e.finish().unwrap()).unwrap();
        assert!(matches!(
            read_bounded(&bomb, 64 * 1024),
            Err(ParseError::TooLarge { .. })
        ));
    }
}
