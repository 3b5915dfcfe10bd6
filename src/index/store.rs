//! Opening, creating and locking the on-disk index, with a diagnosis for every way it can
//! be missing, foreign, incompatible or damaged.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use fs2::FileExt;
use tantivy::directory::error::OpenReadError;
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy, TantivyError};

use super::directory::{IndexDirectory, META_FILE};
use super::schema::{self, Fields, SCHEMA_VERSION};

/// Bytes of stored articles compressed together. Showing a hit decompresses its whole block:
/// tantivy's default (16 KB) made decompression 11 % of a one-word search's instructions on
/// Reuters; 4 KB cuts it from 0.66 M to 0.19 M instructions for a doc store 10 % larger
/// (12.3 → 13.5 MB).
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// Why an index could not be opened or locked. Callers branch on these.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("no index at {0} — run: dateline index FOLDER --index {0}")]
    Missing(String),
    #[error("{0} is not a dateline index (it holds other files) — choose another --index folder")]
    Foreign(String),
    #[error(
        "index at {0} was written by an incompatible version of dateline — run: dateline index FOLDER --rebuild --index {0}"
    )]
    Incompatible(String),
    #[error("index at {path} is damaged ({reason}) — run: dateline index FOLDER --rebuild --index {path}")]
    Damaged { path: String, reason: String },
    #[error("index at {path} is being written by another process (pid {pid})")]
    Locked { path: String, pid: String },
    #[error("cannot use index folder {path}: {reason}")]
    Io { path: String, reason: String },
    #[error("cannot write the index at {path}: {reason} — searching it works; indexing needs write access to the folder")]
    ReadOnly { path: String, reason: String },
    #[error("disk full at {path} — what was committed before is kept; free some space and run the same command again")]
    DiskFull { path: String },
}

impl StoreError {
    /// The error for an I/O failure on the index folder, naming a permission problem or a
    /// full disk as such.
    pub fn io(dir: &Path, e: &std::io::Error) -> StoreError {
        if e.raw_os_error() == Some(ENOSPC) || e.kind() == std::io::ErrorKind::StorageFull {
            return StoreError::DiskFull { path: shown(dir) };
        }
        if super::directory::cannot_write(e) {
            return StoreError::ReadOnly {
                path: shown(dir),
                reason: e.to_string(),
            };
        }
        StoreError::Io {
            path: shown(dir),
            reason: e.to_string(),
        }
    }

    /// Names the cause of a failed write (full disk, no permission) found anywhere in
    /// `e`'s chain or message; `None` for other failures.
    pub fn of_write(dir: &Path, e: &anyhow::Error) -> Option<StoreError> {
        for cause in e.chain() {
            let io = cause.downcast_ref::<std::io::Error>().or_else(|| {
                match cause.downcast_ref::<TantivyError>() {
                    Some(TantivyError::IoError(io)) => Some(io.as_ref()),
                    _ => None,
                }
            });
            if let Some(io) = io {
                let named = StoreError::io(dir, io);
                if !matches!(named, StoreError::Io { .. }) {
                    return Some(named);
                }
            }
        }
        // tantivy flattens some I/O errors into text.
        let text = format!("{e:#}");
        if text.contains("os error 28") || text.contains("No space left on device") {
            return Some(StoreError::DiskFull { path: shown(dir) });
        }
        if text.contains("os error 30") || text.contains("os error 13") {
            return Some(StoreError::ReadOnly {
                path: shown(dir),
                reason: one_line(&text),
            });
        }
        None
    }
}

/// "No space left on device".
const ENOSPC: i32 = 28;

/// An open dateline index and its field handles.
pub struct Store {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
    /// A reader on the last commit, opened with the index so damage shows at once.
    pub reader: IndexReader,
    /// The copy groups of the reader's searcher, read once (a server answers many searches
    /// from one `Store`).
    pub copy_groups: crate::story::copies::groups::Cache,
}

fn shown(dir: &Path) -> String {
    dir.display().to_string()
}

/// True when `dir` holds a tantivy index (a `meta.json`).
pub fn exists(dir: &Path) -> bool {
    dir.join(META_FILE).is_file()
}

/// The parts of tantivy's `meta.json` that say whose index it is, and where its schema is.
/// Read on their own because `Index::load_metas` parses the whole schema (0.13 M
/// instructions, about 4 % of a search process).
#[derive(serde::Deserialize)]
struct MetaHead<'a> {
    #[serde(default)]
    payload: Option<String>,
    #[serde(default)]
    segments: Vec<serde::de::IgnoredAny>,
    #[serde(default, borrow)]
    schema: Option<&'a serde_json::value::RawValue>,
}

impl<'a> MetaHead<'a> {
    fn read(dir: &Path) -> Result<Vec<u8>, StoreError> {
        std::fs::read(dir.join(META_FILE))
            .map_err(|e| meta_damaged(dir, &format!("cannot read {META_FILE}: {e}")))
    }

    fn parse(dir: &Path, bytes: &'a [u8]) -> Result<MetaHead<'a>, StoreError> {
        serde_json::from_slice(bytes).map_err(|e| meta_damaged(dir, &format!("{META_FILE}: {e}")))
    }

    /// `bytes` (the text this was parsed from) with an empty schema. tantivy parses
    /// `meta.json` twice when it opens an index for reading, once for the index (schema
    /// included) and once more for the reader, which takes only the segment list from it:
    /// served this copy, the reader skips parsing the schema again.
    fn without_schema(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        let schema = self.schema?.get();
        let start = (schema.as_ptr() as usize).checked_sub(bytes.as_ptr() as usize)?;
        let end = start + schema.len();
        if bytes.get(start..end) != Some(schema.as_bytes()) {
            return None;
        }
        Some([&bytes[..start], b"[]", &bytes[end..]].concat())
    }
}

fn meta_damaged(dir: &Path, reason: &str) -> StoreError {
    StoreError::Damaged {
        path: shown(dir),
        reason: one_line(reason),
    }
}

/// How many times opening is tried again when a commit replaced the files being opened.
const OPEN_ATTEMPTS: usize = 8;

/// Opens an existing dateline index, diagnosing every way it can fail.
///
/// `meta.json` is read before the files it lists are opened; a commit in another process
/// can replace it and delete those files in between. A file found missing while
/// `meta.json` has changed is that race, not damage: the open is tried again on the new
/// commit.
pub fn open(dir: &Path) -> Result<Store, StoreError> {
    let mut attempt = 0;
    loop {
        if !exists(dir) {
            return Err(StoreError::Missing(shown(dir)));
        }
        // Read once, for tantivy (which would read it again) and for the checks below.
        let meta = MetaHead::read(dir)?;
        // Some damaged files make tantivy panic while it opens them: that is damage too.
        let opened = std::panic::catch_unwind(|| open_once(dir, &meta)).unwrap_or_else(|p| {
            Err(meta_damaged(
                dir,
                &format!("cannot be opened: {}", super::check::panic_text(&p)),
            ))
        });
        match opened {
            Err(StoreError::Damaged { .. })
                if attempt + 1 < OPEN_ATTEMPTS
                    && MetaHead::read(dir).is_ok_and(|now| now != meta) =>
            {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(5 << attempt.min(4)));
            }
            other => return other,
        }
    }
}

fn open_once(dir: &Path, meta: &[u8]) -> Result<Store, StoreError> {
    let damaged = |e: TantivyError| damaged(dir, &e);
    let directory = IndexDirectory::open(dir).map_err(|e| damaged(e.into()))?;
    let meta = meta.to_vec();
    let index = directory
        .serving_meta(meta.clone(), || Index::open(directory.clone()))
        .map_err(damaged)?;
    let head = MetaHead::parse(dir, &meta)?;
    // A freshly created index has no payload until its first commit (a run killed in
    // between leaves one); it is ours when it is empty and has our schema.
    let fresh = head.payload.is_none() && head.segments.is_empty();
    let ours = head.payload.as_deref() == Some(SCHEMA_VERSION) || fresh;
    if !ours || index.schema() != schema::build() {
        return Err(StoreError::Incompatible(shown(dir)));
    }
    let for_reader = head.without_schema(&meta).map(|m| (&directory, m));
    finish(index, dir, for_reader)
}

/// Opens the index at `dir`, creating it (and the folder) when absent.
pub fn open_or_create(dir: &Path) -> Result<Store, StoreError> {
    if exists(dir) {
        return open(dir);
    }
    let io = |e: std::io::Error| StoreError::Io {
        path: shown(dir),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    if is_foreign(dir).map_err(io)? {
        return Err(StoreError::Foreign(shown(dir)));
    }
    let settings = IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    };
    let fail = |e: TantivyError| StoreError::Io {
        path: shown(dir),
        reason: one_line(&e.to_string()),
    };
    let directory = IndexDirectory::open(dir).map_err(|e| fail(e.into()))?;
    let index = Index::builder()
        .schema(schema::build())
        .settings(settings)
        .open_or_create(directory)
        .map_err(fail)?;
    finish(index, dir, None)
}

/// Creates a fresh index, replacing an old one only if it is dateline's (or damaged).
pub fn recreate(dir: &Path) -> Result<Store, StoreError> {
    let io = |e: std::io::Error| StoreError::Io {
        path: shown(dir),
        reason: e.to_string(),
    };
    if dir.exists() {
        if is_foreign(dir).map_err(io)? && !exists(dir) {
            return Err(StoreError::Foreign(shown(dir)));
        }
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if is_index_file(&name) && name != LOCK_FILE {
                std::fs::remove_file(entry.path()).map_err(io)?;
            }
        }
    }
    open_or_create(dir)
}

/// Registers the analyzers and opens a reader; `for_reader`: a `meta.json` without its
/// schema, for the directory to serve while the reader opens (see
/// `MetaHead::without_schema`; only then, so a writer always reads the whole file).
fn finish(
    index: Index,
    dir: &Path,
    for_reader: Option<(&IndexDirectory, Vec<u8>)>,
) -> Result<Store, StoreError> {
    schema::register_tokenizers(&index);
    let fields =
        Fields::resolve(&index.schema()).map_err(|_| StoreError::Incompatible(shown(dir)))?;
    let open_reader = || {
        index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
    };
    let reader = match for_reader {
        Some((directory, meta)) => directory.serving_meta(meta, open_reader),
        None => open_reader(),
    }
    .map_err(|e| damaged(dir, &e))?;
    Ok(Store {
        index,
        fields,
        dir: dir.to_path_buf(),
        reader,
        copy_groups: Default::default(),
    })
}

/// The diagnosis for an index whose files cannot be read: a short cause, and the fix.
pub fn damaged(dir: &Path, e: &TantivyError) -> StoreError {
    let file = |p: &Path| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let reason = match e {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(p)) => {
            format!("missing file {}", file(p))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            let cause = io_error.to_string();
            let cause = cause.split(". ").next().unwrap_or_default().to_string();
            format!("cannot read {}: {cause}", file(filepath))
        }
        TantivyError::DataCorruption(c) => one_line(&format!("{c:?}")),
        other => one_line(&other.to_string()),
    };
    let reason: String = if reason.chars().count() > 160 {
        reason.chars().take(157).chain("...".chars()).collect()
    } else {
        reason
    };
    StoreError::Damaged {
        path: shown(dir),
        reason,
    }
}

/// Files that belong to an index: tantivy's and ours. Anything else makes a folder foreign.
fn is_index_file(name: &str) -> bool {
    name == META_FILE
        || name == ".managed.json"
        || name.starts_with(".tantivy")
        || name.starts_with(".dateline")
        || name.starts_with(".tmp")
        || name.ends_with(".idx")
        || name.ends_with(".pos")
        || name.ends_with(".term")
        || name.ends_with(".store")
        || name.ends_with(".fast")
        || name.ends_with(".fieldnorm")
        || name.ends_with(".del")
        || name.ends_with(".lock")
}

/// A folder is foreign when it holds files that are neither index files nor a README.
fn is_foreign(dir: &Path) -> std::io::Result<bool> {
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        let readme = name.eq_ignore_ascii_case("readme.md") || name == ".gitkeep";
        if !readme && !is_index_file(&name) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The file whose exclusive lock marks the one process allowed to write the index.
const LOCK_FILE: &str = ".dateline-writer.lock";

/// Holds the writer lock of an index for as long as it lives; records our pid in it.
pub struct WriterLock {
    _file: File,
}

/// Takes the exclusive writer lock of the index folder, or says who holds it.
pub fn lock_writer(dir: &Path) -> Result<WriterLock, StoreError> {
    let path = dir.join(LOCK_FILE);
    let io = |e: std::io::Error| StoreError::io(dir, &e);
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    if file.try_lock_exclusive().is_err() {
        // The winner of a race writes its pid just after taking the lock: wait for it.
        let mut pid = String::new();
        for _ in 0..50 {
            pid.clear();
            let _ = file.seek(SeekFrom::Start(0));
            let _ = file.read_to_string(&mut pid);
            if !pid.trim().is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let pid = pid.trim();
        return Err(StoreError::Locked {
            path: shown(dir),
            pid: if pid.is_empty() {
                "unknown".into()
            } else {
                pid.to_string()
            },
        });
    }
    file.set_len(0).map_err(io)?;
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    write!(file, "{}", std::process::id()).map_err(io)?;
    file.flush().map_err(io)?;
    Ok(WriterLock { _file: file })
}

/// Collapses a multi-line message onto one line.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For tests: adds `a` through `writer` and commits it as indexing does (with our payload).
#[cfg(test)]
pub fn commit_article(
    writer: &mut tantivy::IndexWriter<tantivy::TantivyDocument>,
    fields: &Fields,
    a: &crate::article::Article,
) {
    use super::document::{to_document, FileStamp};
    writer
        .add_document(to_document(a, fields, FileStamp::default()))
        .unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload(SCHEMA_VERSION);
    commit.commit().unwrap();
}

/// For tests: an in-memory index of `articles`, committed in segments of `sizes` articles
/// (the rest in a last one) and never merged.
#[cfg(test)]
pub fn in_memory(
    articles: impl IntoIterator<Item = crate::article::Article>,
    sizes: &[usize],
) -> Store {
    use super::document::{to_document, FileStamp};
    let index = Index::create_in_ram(schema::build());
    schema::register_tokenizers(&index);
    let fields = Fields::resolve(&index.schema()).unwrap();
    let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> =
        index.writer_with_num_threads(1, 200_000_000).unwrap();
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    let mut cuts = sizes.iter().scan(0, |end, n| {
        *end += n;
        Some(*end)
    });
    let mut cut = cuts.next();
    for (i, a) in articles.into_iter().enumerate() {
        if cut == Some(i) {
            writer.commit().unwrap();
            cut = cuts.next();
        }
        writer
            .add_document(to_document(&a, &fields, FileStamp::default()))
            .unwrap();
    }
    writer.commit().unwrap();
    let reader = index.reader().unwrap();
    Store {
        index,
        fields,
        dir: PathBuf::new(),
        reader,
        copy_groups: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;

    /// Adds one article to the index at `dir` (opened as indexing opens it) and commits.
    fn add(dir: &Path, id: &str) {
        let s = open_or_create(dir).unwrap();
        let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> =
            s.index.writer_with_num_threads(1, 15 << 20).unwrap();
        let a = Article {
            id: id.into(),
            body: "Oil prices rose.".into(),
            ..Article::default()
        };
        commit_article(&mut writer, &s.fields, &a);
    }

    fn meta(dir: &Path) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join(META_FILE)).unwrap()).unwrap()
    }

    #[test]
    fn the_reader_gets_meta_without_schema_and_writers_the_whole_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("ix");
        add(&dir, "a1");
        let full = meta(&dir);
        assert!(full["schema"].as_array().is_some_and(|f| f.len() > 10));

        let bytes = MetaHead::read(&dir).unwrap();
        let head = MetaHead::parse(&dir, &bytes).unwrap();
        let lean = head.without_schema(&bytes).unwrap();
        let mut lean: serde_json::Value = serde_json::from_slice(&lean).unwrap();
        assert_eq!(lean["schema"], serde_json::json!([]));
        lean["schema"] = full["schema"].clone();
        assert_eq!(lean, full, "only the schema differs");

        // A store opened for searching sees the committed article through its reader...
        let s = open(&dir).unwrap();
        assert_eq!(s.reader.searcher().num_docs(), 1);
        assert_eq!(s.index.schema(), schema::build());
        drop(s);
        // ... and one opened for indexing commits the whole schema again.
        add(&dir, "a2");
        assert_eq!(meta(&dir)["schema"], full["schema"]);
        let s = open(&dir).unwrap();
        assert_eq!(s.reader.searcher().num_docs(), 2);
    }

    #[test]
    fn meta_without_a_schema_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        // No schema, or a null one: nothing to leave out, so the reader reads the file.
        for text in [r#"{"segments": [], "opstamp": 0}"#, r#"{"schema": null}"#] {
            let head = MetaHead::parse(tmp.path(), text.as_bytes()).unwrap();
            assert_eq!(head.without_schema(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn the_directory_serves_meta_only_inside_serving_meta() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("ix");
        add(&dir, "a1");
        let directory = IndexDirectory::open(&dir).unwrap();
        let clone = directory.clone();
        let on_disk = std::fs::read(dir.join(META_FILE)).unwrap();
        let read = |d: &IndexDirectory| {
            tantivy::directory::Directory::atomic_read(d, Path::new(META_FILE)).unwrap()
        };
        let inside = directory.serving_meta(b"{}".to_vec(), || (read(&directory), read(&clone)));
        assert_eq!(inside, (b"{}".to_vec(), b"{}".to_vec()));
        assert_eq!(read(&directory), on_disk);
        assert_eq!(read(&clone), on_disk);
    }
}
