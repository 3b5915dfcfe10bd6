//! `dateline index`: walk, decide what changed, parse in parallel, feed one writer, commit.
//!
//! Incremental by default. A file whose size and mtime match the ledger is unchanged without
//! being read; otherwise it is read and hashed, and re-parsed only when its content changed
//! (a touched file just gets its stamp refreshed). Files that vanished from a walked folder
//! have their documents deleted; files in a folder that could not be read (permission
//! denied) are reported, and keep theirs. Work is committed in batches, with the ledger
//! inside the documents, so a killed run keeps what it committed and a re-run finishes
//! the job. Before writing, files of interrupted commits are swept and the last commit's
//! files verified ([`super::integrity`]): damage stops the run instead of being built on.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::compact;
use super::document::{self, FileStamp};
use super::integrity;
use super::jsonl::JsonlRun;
use super::ledger;
use super::schema::SCHEMA_VERSION;
use super::store::{self, one_line, Store, StoreError};
use super::touched;
use super::walk::{self, Candidate};
use crate::article::source::{self, Content};
use crate::article::{self, ParseError};

/// What `dateline index` was asked to do.
#[derive(Debug, Clone)]
pub struct IndexRequest {
    pub roots: Vec<PathBuf>,
    pub index_dir: PathBuf,
    pub rebuild: bool,
    pub progress: bool,
    /// Files parsed per batch; after a batch the work is committed if `commit_every` has
    /// passed since the last commit.
    pub batch_files: usize,
    /// Least time between intermediate commits (zero: commit after every batch). Commits
    /// are costly (each writes segments), so short runs commit once, at the end.
    pub commit_every: Duration,
    /// Writer memory budget in bytes.
    pub memory_budget: usize,
    /// JSON Lines files up to this size (decompressed) are read whole; larger ones are
    /// streamed a batch of lines at a time.
    pub jsonl_read_whole: u64,
    /// Set (by a signal handler) to end the run early: what was parsed so far is committed,
    /// and the next run goes on from there.
    pub stop: Arc<AtomicBool>,
}

impl IndexRequest {
    /// A request with the default batch size and memory budget.
    pub fn new(roots: Vec<PathBuf>, index_dir: PathBuf) -> IndexRequest {
        IndexRequest {
            roots,
            index_dir,
            rebuild: false,
            progress: false,
            batch_files: 2_000,
            commit_every: Duration::from_secs(30),
            memory_budget: 192 * 1024 * 1024,
            jsonl_read_whole: article::MAX_JSONL_BYTES,
            stop: Arc::default(),
        }
    }
}

/// One file (or record) that could not be indexed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileError {
    pub path: String,
    pub reason: String,
}

/// The outcome of a run, in numbers of articles (skipped counts files).
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub failed: usize,
    pub errors: Vec<FileError>,
    pub took_ms: u64,
    /// The run was stopped (a signal) before every file was read; what it read is committed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
}

pub(super) enum Outcome {
    /// The file disappeared between the walk and the read: its old articles are removed.
    Vanished(usize),
    Added(usize),
    Updated(usize),
    /// Same content as indexed, under a new size or mtime: not parsed again; the new stamp
    /// is recorded beside the index ([`touched`]).
    Touched(usize, FileStamp),
    Skipped,
    Failed(String),
}

/// Runs an indexing pass and returns its summary. Per-file problems are in the summary;
/// an `Err` means the index itself could not be used.
pub fn run(req: &IndexRequest) -> anyhow::Result<Summary> {
    let _lock = store::lock_writer(&req.index_dir)?;
    run_locked(req)
}

/// [`run`] for a caller that already holds the writer lock (watch mode). A write that
/// fails for want of space or permission says so ([`StoreError::of_write`]).
pub fn run_locked(req: &IndexRequest) -> anyhow::Result<Summary> {
    run_writing(req).map_err(|e| match StoreError::of_write(&req.index_dir, &e) {
        Some(named) => named.into(),
        None => e,
    })
}

/// Opens the index for writing: files of interrupted commits swept, every file of the
/// last commit verified against its checksum. Damage stops the run (it would otherwise be
/// built on and written over); with `rebuild`, a damaged index is recreated.
fn open_for_writing(req: &IndexRequest) -> anyhow::Result<Store> {
    let dir = &req.index_dir;
    let opened = store::open_or_create(dir).and_then(|s| {
        // One reading of the commit's file list serves the sweep and the verification.
        let live = integrity::live_files(&s.index).map_err(|e| store::damaged(dir, &e))?;
        integrity::sweep_orphans(dir, &live).map_err(|e| StoreError::io(dir, &e))?;
        let problems = integrity::verify(&s.index, &live);
        match problems.first() {
            None => Ok(s),
            Some(p) => Err(StoreError::Damaged {
                path: dir.display().to_string(),
                reason: match problems.len() {
                    1 => p.to_string(),
                    n => format!("{p}, and {} more", n - 1),
                },
            }),
        }
    });
    match opened {
        Ok(s) => Ok(s),
        // A healthy index is emptied inside the writer's first commit (crash-safe); a
        // damaged or incompatible one is wiped and created anew.
        Err(StoreError::Damaged { .. } | StoreError::Incompatible(_)) if req.rebuild => {
            Ok(store::recreate(dir)?)
        }
        Err(e) => Err(e.into()),
    }
}

fn run_writing(req: &IndexRequest) -> anyhow::Result<Summary> {
    let start = Instant::now();
    let store = open_for_writing(req)?;
    let mut writer: IndexWriter<TantivyDocument> = store.index.writer(req.memory_budget)?;
    writer.set_merge_policy(Box::new(merge_policy()));
    let mut touches = touched::Touches::read(&req.index_dir);
    let known = if req.rebuild {
        writer.delete_all_documents()?;
        touches = touched::Touches::default();
        Default::default()
    } else {
        let mut known = ledger::read(&store.reader.searcher())
            .map_err(|e| store::damaged(&req.index_dir, &e))?;
        touches.apply(&mut known);
        known
    };

    // One candidate per file, however many roots or links reach it.
    let walked = walk::walk(&req.roots, &req.index_dir);
    let mut summary = Summary {
        skipped: walked.skipped,
        ..Summary::default()
    };
    // Files that vanished from a walked folder. A file the walk could not see because a
    // folder (or the file) could not be read has not vanished: its documents stay.
    let seen: rustc_hash::FxHashSet<&str> = walked
        .candidates
        .iter()
        .map(|c| c.display.as_str())
        .collect();
    for (path, entry) in &known {
        let under_root = walked.roots.iter().any(|r| is_under(path, r));
        let unreadable = walked.errors.iter().any(|(e, _)| is_under(path, e));
        if under_root && !unreadable && !seen.contains(path.as_str()) {
            writer.delete_term(Term::from_field_text(store.fields.path, path));
            touches.forget(path);
            summary.removed += entry.articles;
        }
    }

    for (path, reason) in walked.errors {
        summary.failed += 1;
        summary.errors.push(FileError { path, reason });
    }

    // Files whose size and mtime are unchanged are not read at all.
    let mut todo: Vec<&Candidate> = Vec::new();
    for c in &walked.candidates {
        match known.get(&c.display) {
            Some(e) if e.stamp.size == c.size && e.stamp.mtime == c.mtime => {
                summary.unchanged += e.articles
            }
            _ => todo.push(c),
        }
    }

    let bar = progress_bar(req.progress, todo.len());
    let errors = Mutex::new(Vec::new());
    let touched_now = Mutex::new(Vec::new());
    // added, updated, unchanged, skipped, removed
    let counts = [(); 5].map(|_| AtomicUsize::new(0));
    let mut last_commit = Instant::now();
    // Files of the batches run to the end (a stop skips the rest).
    let mut done = 0;
    for batch in todo.chunks(req.batch_files.max(1)) {
        batch.par_iter().for_each(|c| {
            let prior = known.get(&c.display).copied();
            let outcome = index_file(&store, &writer, c, prior, &errors, req.jsonl_read_whole);
            match outcome {
                Outcome::Added(n) => counts[0].fetch_add(n, Ordering::Relaxed),
                Outcome::Updated(n) => counts[1].fetch_add(n, Ordering::Relaxed),
                Outcome::Touched(n, stamp) => {
                    let mut t = touched_now.lock().unwrap_or_else(|p| p.into_inner());
                    t.push((c.display.as_str(), stamp));
                    counts[2].fetch_add(n, Ordering::Relaxed)
                }
                Outcome::Skipped => counts[3].fetch_add(1, Ordering::Relaxed),
                Outcome::Vanished(n) => counts[4].fetch_add(n, Ordering::Relaxed),
                Outcome::Failed(reason) => {
                    push_error(&errors, &c.display, reason);
                    0
                }
            };
            bar.inc(1);
        });
        done += batch.len();
        if req.stop.load(Ordering::SeqCst) {
            summary.interrupted = true;
            break;
        }
        if last_commit.elapsed() >= req.commit_every {
            commit(&mut writer)?;
            last_commit = Instant::now();
        }
    }
    commit(&mut writer)?;
    bar.finish_and_clear();
    // Every file read this run was rewritten, removed or touched: only the touches of this
    // run stand for them.
    let touched_now = touched_now.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut kept = rustc_hash::FxHashSet::default();
    for (path, stamp) in &touched_now {
        if let Some(e) = known.get(*path) {
            touches.record(path, e.stamp, *stamp);
            kept.insert(*path);
        }
    }
    // Files of batches a stop skipped were not read: their documents and touches stand.
    for c in todo[..done]
        .iter()
        .filter(|c| !kept.contains(c.display.as_str()))
    {
        touches.forget(&c.display);
    }
    if let Err(e) = touches.write(&req.index_dir) {
        // Only a cost: those files are hashed again next time.
        log::warn!("cannot record touched files: {e}");
    }
    writer.wait_merging_threads()?;
    // The reader's maps of the segments about to be merged would keep them all resident.
    let Store { index, reader, .. } = store;
    drop(reader);
    if !summary.interrupted {
        compact::compact(&index, &req.index_dir, &spinner(req.progress))
            .context("every article is committed, but merging the index's segments failed")?;
    }
    // Segments merged away are left for a later garbage collection: reclaim them now.
    let swept = integrity::live_files(&index)
        .map_err(std::io::Error::other)
        .and_then(|live| integrity::sweep_orphans(&req.index_dir, &live));
    if let Err(e) = swept {
        log::warn!("cannot remove unused index files: {e}");
    }
    // Syndicated copies are grouped over the whole index as it now stands.
    let grouped = crate::story::copies::enabled()
        .then(|| crate::story::copies::groups::refresh_index(&req.index_dir, &index));
    if let Some(Err(e)) = grouped {
        log::warn!("cannot record groups of copies (search computes them): {e:#}");
    }

    summary.added += counts[0].load(Ordering::Relaxed);
    summary.updated += counts[1].load(Ordering::Relaxed);
    summary.unchanged += counts[2].load(Ordering::Relaxed);
    summary.skipped += counts[3].load(Ordering::Relaxed);
    summary.removed += counts[4].load(Ordering::Relaxed);
    let mut errors = errors.into_inner().unwrap_or_else(|p| p.into_inner());
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    summary.failed += errors.len();
    summary.errors.extend(errors);
    summary.took_ms = start.elapsed().as_millis() as u64;
    Ok(summary)
}

/// Segments with more documents than this are not merged further.
///
/// Merging reads its source segments through mmap, and those pages count in the process's
/// resident memory: on a 1M-article build the default policy merged eight ~75k-document
/// segments into one (700 MB of stored text) and peak RSS reached 1.5 GB. With this cap a
/// merge's output stays under about 8 × 25k documents, so memory is bounded by the writer
/// budget plus one bounded merge, whatever the corpus size; small segments from frequent
/// commits (incremental runs, folders of small files) are still merged.
const MAX_DOCS_BEFORE_MERGE: usize = 25_000;

fn merge_policy() -> tantivy::indexer::LogMergePolicy {
    let mut policy = tantivy::indexer::LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_DOCS_BEFORE_MERGE);
    policy
}

pub(super) fn push_error(errors: &Mutex<Vec<FileError>>, path: &str, reason: String) {
    let e = FileError {
        path: path.to_string(),
        reason: one_line(&reason),
    };
    errors.lock().unwrap_or_else(|p| p.into_inner()).push(e);
}

fn commit(writer: &mut IndexWriter<TantivyDocument>) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(SCHEMA_VERSION);
    prepared.commit()?;
    Ok(())
}

/// True when `path` is `root` or inside it.
fn is_under(path: &str, root: &str) -> bool {
    if root == "." {
        return !path.starts_with('/') && !path.starts_with("../");
    }
    path == root
        || path
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
        || root.ends_with('/') && path.starts_with(root)
}

fn index_file(
    store: &Store,
    writer: &IndexWriter<TantivyDocument>,
    c: &Candidate,
    prior_entry: Option<ledger::Entry>,
    errors: &Mutex<Vec<FileError>>,
    jsonl_read_whole: u64,
) -> Outcome {
    let prior = prior_entry.map(|e| e.stamp);
    let vanished = || {
        writer.delete_term(Term::from_field_text(store.fields.path, &c.display));
        Outcome::Vanished(prior_entry.map_or(0, |e| e.articles))
    };
    // A file that cannot be read now (permission, a FIFO swapped in, too large) keeps the
    // documents it had: the failure is reported, nothing is lost.
    let opened = match source::open(&c.fs_path, c.format, jsonl_read_whole) {
        Ok(o) => o,
        Err(ParseError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return vanished(),
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let stamp = FileStamp {
        size: c.size,
        mtime: c.mtime,
        hash: opened.hash,
    };
    // Same content under a new stamp (touched, copied): nothing to parse again.
    if let Some(entry) = prior_entry.filter(|e| e.stamp.hash == stamp.hash) {
        return Outcome::Touched(entry.articles, stamp);
    }
    let raw = match opened.content {
        Content::Document(raw) => raw,
        Content::Records(records) => {
            let mut run = JsonlRun::new(store, writer, c, prior);
            run.stamp = stamp;
            return run.records(records, errors);
        }
    };
    let parsed = match article::parse_bytes(&raw, c.format, &c.display) {
        Ok(p) => p,
        Err(ParseError::Binary) if c.fs_path.extension().is_none() => return Outcome::Skipped,
        Err(e) => {
            // A file that no longer parses loses its old documents: the index mirrors the folder.
            if prior.is_some() {
                writer.delete_term(Term::from_field_text(store.fields.path, &c.display));
            }
            return Outcome::Failed(e.to_string());
        }
    };
    for reason in parsed.record_errors {
        push_error(errors, &c.display, reason);
    }
    if prior.is_some() {
        writer.delete_term(Term::from_field_text(store.fields.path, &c.display));
    }
    let n = parsed.articles.len();
    for a in &parsed.articles {
        if let Err(e) = writer.add_document(document::to_document(a, &store.fields, stamp)) {
            return Outcome::Failed(format!("index writer: {e}"));
        }
    }
    match prior {
        None => Outcome::Added(n),
        Some(_) => Outcome::Updated(n),
    }
}

fn progress_bar(enabled: bool, len: usize) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} indexing {pos}/{len} files [{bar:30}] {per_sec} ETA {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// A spinner with a message on stderr, or a hidden bar.
fn spinner(enabled: bool) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_under_matches_folders_not_prefixes() {
        let cases = [
            ("corpus/a.txt", "corpus", true),
            ("corpus2/a.txt", "corpus", false),
            ("corpus", "corpus", true),
            ("a/b/c.json", "a/b", true),
            ("x.txt", ".", true),
            ("/abs/x.txt", ".", false),
        ];
        for (path, root, want) in cases {
            assert_eq!(is_under(path, root), want, "{path} under {root}");
        }
    }
}

#[cfg(test)]
mod file_tests {
    use super::*;

    #[test]
    fn a_file_that_vanishes_after_the_walk_is_removed_not_failed() {
        let dir = tempfile::TempDir::new().unwrap();
        let store = store::open_or_create(&dir.path().join("ix")).unwrap();
        let writer: IndexWriter<TantivyDocument> = store.index.writer(15_000_000).unwrap();
        let c = Candidate {
            fs_path: dir.path().join("gone.txt"),
            display: "gone.txt".into(),
            format: crate::article::Format::Text,
            size: 10,
            mtime: 1,
        };
        let prior = ledger::Entry {
            stamp: FileStamp {
                size: 5,
                mtime: 0,
                hash: 1,
            },
            articles: 3,
        };
        let errors = Mutex::new(Vec::new());
        let outcome = index_file(&store, &writer, &c, Some(prior), &errors, u64::MAX);
        assert!(matches!(outcome, Outcome::Vanished(3)));
        let outcome = index_file(&store, &writer, &c, None, &errors, u64::MAX);
        assert!(matches!(outcome, Outcome::Vanished(0)));
    }
}
