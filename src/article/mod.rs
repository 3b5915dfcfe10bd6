//! The article model every format parser produces, and the dispatch from a file to its parser.
//!
//! A file yields zero or more [`Article`]s (a JSON Lines file yields many). Parsers never
//! panic on input: anything they cannot read becomes a [`ParseError`] naming the cause.

pub mod dates;
pub mod decode;
#[cfg(test)]
mod fuzz_tests;
pub mod html;
pub mod json;
pub mod lines;
pub mod markdown;
pub mod quotes;
#[cfg(test)]
mod quotes_eval;
pub mod source;
pub mod text;

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

/// One direct quotation found in an article. (Stored in the index as JSON with exactly
/// these keys; a missing key reads as empty.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Quote {
    /// The quoted words, without the quote marks.
    #[serde(default)]
    pub text: String,
    /// Who said it, resolved to the fullest name the article uses, when known.
    #[serde(default)]
    pub speaker: Option<String>,
    /// The words that attribute it, as written: the verb of saying (`said`, `according
    /// to`), `:` for a colon introduction, `—` for a name printed under a pull quote.
    /// `None` for a quote that continues the one before it.
    #[serde(default)]
    pub cue: Option<String>,
    /// The mention of the source, as written (`the Warriors chief`, `he`, `Secretary
    /// Azar`), before it is resolved to `speaker`.
    #[serde(default)]
    pub source_text: Option<String>,
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
    /// The time of day (and UTC offset) of `date`, when the source wrote one.
    #[serde(serialize_with = "dates::serialize_opt_clock")]
    pub time: Option<dates::Clock>,
    /// Where `date` was read from (HTML pages: `json-ld`, `meta`, `script`, `time`, `text`, `url`).
    pub date_source: Option<Provenance>,
    /// Where `headline` was read from (HTML pages: `meta`, `json-ld`, `title`, `h1`).
    pub headline_source: Option<Provenance>,
    /// Who posted or saved the article, when the format records it (seed format's date line).
    pub posted_by: Option<String>,
    /// Publisher or source, when the format carries one.
    pub source: Option<String>,
    /// Canonical URL, when the format carries one.
    pub url: Option<String>,
    pub body: String,
    pub quotes: Vec<Quote>,
}

/// Where in its source a field of an article was read: says why a date or headline is
/// what it is. Not stored in the index; `extract --json` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// Structured data (`<script type="application/ld+json">`).
    JsonLd,
    /// A `<meta>` tag (OpenGraph, Dublin Core, `article:published_time`, …).
    Meta,
    /// Data the page's other scripts carry for it (`"published_at": "…"`).
    Script,
    /// Markup made for machines: `<time datetime>`, `itemprop`, `abbr.published`.
    Time,
    /// Words written in the page (a date line, a byline box).
    Text,
    /// The page's own address.
    Url,
    /// The file's name or path.
    Path,
    /// The `<title>` element.
    Title,
    /// The page's main heading, `<h1>`.
    H1,
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
    #[error("file too large ({mb} MB, limit {limit} MB)")]
    TooLarge { mb: u64, limit: u64 },
    #[error("{0}")]
    Invalid(String),
}

/// What kind of file a path is, decided from its extension (and content for no extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    JsonLines,
    /// `.html`, `.htm`, `.xhtml`: metadata from JSON-LD/OpenGraph/`<meta>`, body extracted.
    Html,
    /// `.md`, `.markdown`: optional YAML/TOML front matter, Markdown reduced to text.
    Markdown,
}

/// The format a path would be read as, or `None` if dateline does not index such files.
///
/// `.gz` is looked through (`x.jsonl.gz` is JSON Lines). A file without an extension is
/// treated as text here; [`parse_file`] rejects it later if its content is binary.
pub fn format_of(path: &Path) -> Option<Format> {
    // Lossy: a name that is not UTF-8 still has its extension (`b\xff.html` is HTML).
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        None => Some(Format::Text),
        Some("txt" | "text") => Some(Format::Text),
        Some("json") => Some(Format::Json),
        Some("jsonl" | "ndjson") => Some(Format::JsonLines),
        Some("html" | "htm" | "xhtml") => Some(Format::Html),
        Some("md" | "markdown") => Some(Format::Markdown),
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
    let raw = read_source(path, format)?;
    parse_bytes(&raw, format, display_path)
}

/// The largest file (after decompression) dateline reads as one article; bigger ones are
/// reported, not read.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// JSON Lines files up to this size are read whole (and their lines parsed in parallel);
/// larger ones, which hold many articles, are read a batch of lines at a time
/// ([`lines::Lines`]) by `index` and `extract`, whatever their size.
pub const MAX_JSONL_BYTES: u64 = 64 * 1024 * 1024;

/// The size limit for a file of `format`.
pub fn max_bytes(format: Format) -> u64 {
    match format {
        Format::JsonLines => MAX_JSONL_BYTES,
        _ => MAX_FILE_BYTES,
    }
}

/// Parses bytes already read from a file of the given format.
pub fn parse_bytes(raw: &[u8], format: Format, display_path: &str) -> Result<Parsed, ParseError> {
    // HTML declares its own charset, so it decodes its bytes itself.
    let text = if format == Format::Html {
        String::new()
    } else {
        decode::decode(raw)?
    };
    match format {
        Format::Html => Ok(Parsed {
            articles: vec![html::parse(raw, display_path)?],
            record_errors: Vec::new(),
        }),
        Format::Markdown => Ok(Parsed {
            articles: vec![markdown::parse(&text, display_path)?],
            record_errors: Vec::new(),
        }),
        Format::Text => Ok(Parsed {
            articles: vec![text::parse(&text, display_path)?],
            record_errors: Vec::new(),
        }),
        Format::Json => json::parse_json(&text, display_path),
        Format::JsonLines => json::parse_jsonl(&text, display_path),
    }
}

/// Reads a file's bytes (a regular file only), decompressing gzip content, refusing files
/// (or their decompressed content) over the size limit of their format.
pub fn read_source(path: &Path, format: Format) -> Result<Vec<u8>, ParseError> {
    source::read_bounded(path, max_bytes(format))
}
