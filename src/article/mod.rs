//! The article model every format parser produces, and the dispatch from a file to its parser.
//!
//! A file yields zero or more [`Article`]s (a JSON Lines file yields many). Parsers never
//! panic on input: anything they cannot read becomes a [`ParseError`] naming the cause.

pub mod dates;
pub mod decode;
#[cfg(test)]
mod fuzz_tests;
pub mod json;
pub mod quotes;
#[cfg(test)]
mod quotes_eval;
mod speakers;
pub mod text;

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

/// One direct quotation found in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The quoted words, without the quote marks.
    pub text: String,
    /// Who said it, resolved to the fullest name the article uses, when known.
    pub speaker: Option<String>,
}

/// One article, whatever format it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    /// The article's own id when its format carries one, else a stable id from path (+ line).
    pub id: String,
    /// The path as given to `index` (relative stays relative).
    pub path: String,
    pub headline: String,
    pub byline: Option<String>,
    /// Publication day; `None` when the article carries no date we trust.
    #[serde(serialize_with = "dates::serialize_opt_date")]
    pub date: Option<Date>,
    /// Who posted or saved the article, when the format records it (seed format's date line).
    pub posted_by: Option<String>,
    /// Publisher or source, when the format carries one.
    pub source: Option<String>,
    /// Canonical URL, when the format carries one.
    pub url: Option<String>,
    pub body: String,
    pub quotes: Vec<Quote>,
}

/// Why a file could not be turned into articles. Callers count these as failures.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    #[error("binary content, not text")]
    Binary,
    #[error("empty file")]
    Empty,
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("{0}")]
    Invalid(String),
}

/// What kind of file a path is, decided from its extension (and content for no extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    JsonLines,
}

/// The format a path would be read as, or `None` if dateline does not index such files.
///
/// `.gz` is looked through (`x.jsonl.gz` is JSON Lines). A file without an extension is
/// treated as text here; [`parse_file`] rejects it later if its content is binary.
pub fn format_of(path: &Path) -> Option<Format> {
    let name = path
        .file_name()?
        .to_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        None => Some(Format::Text),
        Some("txt" | "text") => Some(Format::Text),
        Some("json") => Some(Format::Json),
        Some("jsonl" | "ndjson") => Some(Format::JsonLines),
        Some(_) => None,
    }
}

/// A stable id for an article without its own, derived from its path (and line in JSONL).
pub fn derived_id(path: &str, line: Option<usize>) -> String {
    let key = match line {
        Some(n) => format!("{path}:{n}"),
        None => path.to_string(),
    };
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// The outcome of reading one file: its articles, plus per-record errors that did not
/// stop the rest of the file (a JSONL file with one broken line).
#[derive(Debug, Default)]
pub struct Parsed {
    pub articles: Vec<Article>,
    pub record_errors: Vec<String>,
}

/// Reads and parses one file. `display_path` is the path stored in each article.
pub fn parse_file(path: &Path, display_path: &str) -> Result<Parsed, ParseError> {
    let format =
        format_of(path).ok_or_else(|| ParseError::Invalid("unsupported file type".into()))?;
    let raw = read_maybe_gz(path)?;
    parse_bytes(&raw, format, display_path)
}

/// Parses bytes already read from a file of the given format.
pub fn parse_bytes(raw: &[u8], format: Format, display_path: &str) -> Result<Parsed, ParseError> {
    let text = decode::decode(raw)?;
    match format {
        Format::Text => Ok(Parsed {
            articles: vec![text::parse(&text, display_path)?],
            record_errors: Vec::new(),
        }),
        Format::Json => json::parse_json(&text, display_path),
        Format::JsonLines => json::parse_jsonl(&text, display_path),
    }
}

/// Reads a file's bytes, decompressing gzip content.
pub fn read_maybe_gz(path: &Path) -> Result<Vec<u8>, ParseError> {
    let raw = std::fs::read(path)?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| ParseError::Invalid(format!("bad gzip data: {e}")))?;
        return Ok(out);
    }
    Ok(raw)
}
