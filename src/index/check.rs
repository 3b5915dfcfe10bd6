//! `dateline check`: is this index sound? Like SQLite's `PRAGMA integrity_check`, it reads
//! everything and changes nothing.
//!
//! Three passes, each reporting what it finds and going on:
//! 1. every file the last commit lists is present and matches its footer checksum
//!    ([`integrity::verify`]);
//! 2. every part of every segment decodes: the fast-field columns (the bookkeeping), each
//!    indexed field's term dictionary with its postings and positions, and every stored
//!    article;
//! 3. the bookkeeping agrees with the documents: each live document names its file and id,
//!    all documents of one file carry that file's one stamp (two stamps mean a file was added
//!    again without its old documents being removed), and no file holds one id twice.
//!
//! A decoder that panics on damaged bytes is caught and reported as damage in that part.

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use serde::Serialize;
use tantivy::postings::Postings;
use tantivy::schema::{FieldType, IndexRecordOption};
use tantivy::{DocSet, SegmentReader, TantivyDocument, TERMINATED};

use super::document::FileStamp;
use super::integrity::{self, Problem};
use super::store::{self, Store, StoreError};

/// What `check` found.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub documents: u64,
    pub segments: usize,
    /// Files whose checksums were verified.
    pub files_checked: usize,
    pub problems: Vec<Finding>,
}

/// One problem: where, what, and the fix.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub problem: String,
}

impl Report {
    pub fn sound(&self) -> bool {
        self.problems.is_empty()
    }
}

impl From<Problem> for Finding {
    fn from(p: Problem) -> Finding {
        Finding {
            file: p.file,
            problem: p.what,
        }
    }
}

/// Checks the index in `dir`. An index that cannot even be opened (a damaged commit, a
/// decoder that panics while opening) is reported like any other problem; `Err` is for an
/// index that is missing, foreign or of another version.
pub fn run_dir(dir: &Path) -> Result<Report, StoreError> {
    match catch_unwind(|| store::open(dir)) {
        Ok(Ok(store)) => Ok(run(&store)),
        Ok(Err(StoreError::Damaged { reason, .. })) => Ok(unopened(dir, &reason)),
        Ok(Err(e)) => Err(e),
        Err(p) => Ok(unopened(dir, &panic_text(&p))),
    }
}

/// The report for an index that would not open: its files' checksums when they can be
/// read, else why it would not open.
fn unopened(dir: &Path, reason: &str) -> Report {
    let problems = integrity::verify_dir(dir);
    Report {
        problems: if problems.is_empty() {
            vec![finding("index", reason)]
        } else {
            problems.into_iter().map(Finding::from).collect()
        },
        ..Report::default()
    }
}

/// One pass over a segment: `Err` says what is wrong.
type Part<'a> = dyn Fn() -> Result<(), String> + 'a;

/// Checks the index of `store`.
pub fn run(store: &Store) -> Report {
    let mut report = Report::default();
    // Segments with a file that failed its checksum: their damage is reported, and their
    // bytes are not decoded further — a flipped length can make a decoder ask for terabytes,
    // which aborts the process instead of panicking.
    let mut failed: Vec<String> = Vec::new();
    match integrity::live_files(&store.index) {
        Ok(files) => {
            report.files_checked = files.len();
            let found = integrity::verify(&store.index, &files);
            failed.extend(found.iter().map(|p| p.file.clone()));
            report.problems.extend(found.into_iter().map(Finding::from));
        }
        Err(e) => report.problems.push(finding("meta.json", &e.to_string())),
    }
    let searcher = store.reader.searcher();
    let stamps = RefCell::new(Stamps::default());
    report.segments = searcher.segment_readers().len();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let name = segment.segment_id().uuid_string();
        report.documents += u64::from(segment.num_docs());
        if failed.iter().any(|file| file.starts_with(&name)) {
            continue;
        }
        let parts: [(&str, &Part); 3] = [
            ("fast", &|| bookkeeping(segment, &stamps)),
            ("term", &|| postings(segment)),
            ("store", &|| stored(&searcher, ord as u32, segment)),
        ];
        for (ext, part) in parts {
            let outcome = catch_unwind(AssertUnwindSafe(part));
            let problem = match outcome {
                Ok(Ok(())) => continue,
                Ok(Err(e)) => e,
                Err(p) => format!("cannot be decoded ({})", panic_text(&p)),
            };
            report
                .problems
                .push(finding(&format!("{name}.{ext}"), &problem));
        }
    }
    if let Some(path) = stamps.into_inner().twice {
        let problem = format!(
            "{path} has documents of two versions of the file (added again without its old documents removed)"
        );
        report.problems.push(finding("bookkeeping", &problem));
    }
    report
}

fn finding(file: &str, problem: &str) -> Finding {
    Finding {
        file: file.to_string(),
        problem: super::store::one_line(problem),
    }
}

/// A panic payload's message.
pub fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".to_string())
}

/// Each file's stamp, gathered across segments (a file's documents can be in several): all
/// documents of one file carry one stamp, two mean the file was added again without its old
/// documents being removed. (Ids are not checked: a file may hold one id twice.)
#[derive(Default)]
struct Stamps {
    seen: HashMap<String, FileStamp>,
    /// The first file seen with two stamps.
    twice: Option<String>,
}

/// The fast-field columns of one segment decode for every document; their stamps go to
/// `stamps`.
fn bookkeeping(segment: &SegmentReader, stamps: &RefCell<Stamps>) -> Result<(), String> {
    let ff = segment.fast_fields();
    let err = |e: tantivy::TantivyError| e.to_string();
    let paths = ff.str("path").map_err(err)?.ok_or("no path column")?;
    let size = ff.u64("file_size").map_err(err)?;
    let mtime = ff.u64("file_mtime").map_err(err)?;
    let hash = ff.u64("file_hash").map_err(err)?;
    let mut buf = String::new();
    for doc in segment.doc_ids_alive() {
        let ord = paths.ords().first(doc).ok_or("a document without a path")?;
        buf.clear();
        paths.ord_to_str(ord, &mut buf).map_err(|e| e.to_string())?;
        let stamp = FileStamp {
            size: size.first(doc).unwrap_or(0),
            mtime: mtime.first(doc).unwrap_or(0),
            hash: hash.first(doc).unwrap_or(0),
        };
        let mut stamps = stamps.borrow_mut();
        match stamps.seen.insert(buf.clone(), stamp) {
            Some(prev) if prev != stamp && stamps.twice.is_none() => {
                stamps.twice = Some(buf.clone());
            }
            _ => {}
        }
    }
    Ok(())
}

/// Every term of every indexed field, with its postings (and positions where kept).
fn postings(segment: &SegmentReader) -> Result<(), String> {
    let schema = segment.schema();
    for (field, entry) in schema.fields() {
        let FieldType::Str(options) = entry.field_type() else {
            continue;
        };
        let Some(indexing) = options.get_indexing_options() else {
            continue;
        };
        let with_positions = indexing.index_option() == IndexRecordOption::WithFreqsAndPositions;
        let inverted = segment.inverted_index(field).map_err(|e| e.to_string())?;
        let mut terms = inverted.terms().stream().map_err(|e| e.to_string())?;
        let mut positions = Vec::new();
        while terms.advance() {
            let info = terms.value().clone();
            let option = if with_positions {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::Basic
            };
            let mut docs = inverted
                .read_postings_from_terminfo(&info, option)
                .map_err(|e| e.to_string())?;
            while docs.doc() != TERMINATED {
                if docs.doc() >= segment.max_doc() {
                    return Err(format!(
                        "a posting past the last document ({})",
                        entry.name()
                    ));
                }
                if with_positions {
                    docs.positions(&mut positions);
                }
                docs.advance();
            }
        }
    }
    Ok(())
}

/// Every stored article of the segment decompresses and decodes.
fn stored(searcher: &tantivy::Searcher, ord: u32, segment: &SegmentReader) -> Result<(), String> {
    let docs = super::stored::Docs::new(searcher);
    for doc in segment.doc_ids_alive() {
        let address = tantivy::DocAddress::new(ord, doc);
        docs.get::<TantivyDocument>(address)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::index::document::to_document;
    use tantivy::indexer::NoMergePolicy;
    use tantivy::IndexWriter;

    /// Articles as `(path, content hash)`, one segment each.
    type Files<'a> = &'a [(&'a str, u64)];

    /// An index on disk with one segment per `(path, hash)` article.
    fn index_of(files: Files) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = store::open_or_create(dir.path()).unwrap();
        let mut writer: IndexWriter<TantivyDocument> =
            s.index.writer_with_num_threads(1, 15 << 20).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for (i, (path, hash)) in files.iter().enumerate() {
            let a = Article {
                id: format!("a{i}"),
                path: path.to_string(),
                headline: "Oil".into(),
                body: "Oil prices rose.".into(),
                ..Article::default()
            };
            let stamp = FileStamp {
                size: 10,
                mtime: 1,
                hash: *hash,
            };
            writer
                .add_document(to_document(&a, &s.fields, stamp))
                .unwrap();
            let mut commit = writer.prepare_commit().unwrap();
            commit.set_payload(crate::index::schema::SCHEMA_VERSION);
            commit.commit().unwrap();
        }
        drop(writer);
        let s = store::open(dir.path()).unwrap();
        (dir, s)
    }

    #[test]
    fn a_file_with_documents_of_two_versions_is_found_across_segments() {
        let cases: [(Files, Option<&str>); 4] = [
            (&[("a.txt", 1)], None),
            (&[("a.txt", 1), ("a.txt", 1)], None),
            (&[("a.txt", 1), ("b.txt", 2)], None),
            (&[("a.txt", 1), ("b.txt", 2), ("a.txt", 3)], Some("a.txt")),
        ];
        for (files, twice) in cases {
            let (_dir, s) = index_of(files);
            let report = run(&s);
            assert_eq!(report.segments, files.len(), "{files:?}");
            assert!(report.files_checked > 0, "{files:?}");
            let found: Vec<&Finding> = report
                .problems
                .iter()
                .filter(|f| f.file == "bookkeeping")
                .collect();
            match twice {
                None => assert!(
                    report.problems.is_empty(),
                    "{files:?}: {:?}",
                    report.problems
                ),
                Some(path) => {
                    assert_eq!(found.len(), 1, "{files:?}");
                    assert!(found[0].problem.starts_with(path), "{}", found[0].problem);
                }
            }
        }
    }
}
