//! Indexing one JSON Lines file for `dateline index`: its records a batch at a time, each
//! batch parsed on every core and handed to the one writer as it is parsed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::build::{push_error, FileError, Outcome};
use super::document::{self, FileStamp};
use super::store::Store;
use super::walk::Candidate;
use crate::article::source::Records;
use crate::article::{self, ParseError};

/// Indexing one JSON Lines file: its lines are parsed on every core, each article handed
/// to the writer as soon as it is parsed. A big JSONL file (Reuters is one 20 MB file) would
/// otherwise be parsed whole on one core before the writer saw its first document.
///
/// Each line goes through [`article::json::parse_jsonl_line`], the same function
/// `parse_jsonl` uses, so ids and `line N:` errors are those of `extract`, whether the file
/// was read whole or streamed ([`JsonlRun::stream`]).
pub(super) struct JsonlRun<'a> {
    store: &'a Store,
    writer: &'a IndexWriter<TantivyDocument>,
    c: &'a Candidate,
    prior: Option<FileStamp>,
    pub(super) stamp: FileStamp,
    added: AtomicUsize,
    line_errors: Mutex<Vec<(usize, String)>>,
    writer_error: Mutex<Option<String>>,
}

impl<'a> JsonlRun<'a> {
    pub(super) fn new(
        store: &'a Store,
        writer: &'a IndexWriter<TantivyDocument>,
        c: &'a Candidate,
        prior: Option<FileStamp>,
    ) -> JsonlRun<'a> {
        JsonlRun {
            store,
            writer,
            c,
            prior,
            stamp: FileStamp {
                size: c.size,
                mtime: c.mtime,
                hash: 0,
            },
            added: AtomicUsize::new(0),
            line_errors: Mutex::new(Vec::new()),
            writer_error: Mutex::new(None),
        }
    }

    /// Deletes the file's documents: those of the last run, and any this run added so far
    /// (a delete applies to every document added before it).
    fn delete_prior(&self) {
        self.writer.delete_term(Term::from_field_text(
            self.store.fields.path,
            &self.c.display,
        ));
    }

    /// The file failed as a whole. A file that no longer parses loses its old documents:
    /// the index mirrors the folder.
    fn fail(&self, reason: String) -> Outcome {
        if self.prior.is_some() || self.added.load(Ordering::Relaxed) > 0 {
            self.delete_prior();
        }
        Outcome::Failed(reason)
    }

    /// Parses and indexes `lines` (line number, text) on every core.
    fn lines(&self, lines: &[(usize, &str)]) {
        lines.par_chunks(64).for_each(|chunk| {
            for &(n, line) in chunk {
                match article::json::parse_jsonl_line(line, &self.c.display, n) {
                    None => {}
                    Some(Ok(a)) => self.add(&a),
                    Some(Err(reason)) => self.line_error(n, reason),
                }
            }
        });
    }

    fn add(&self, a: &article::Article) {
        let doc = document::to_document(a, &self.store.fields, self.stamp);
        match self.writer.add_document(doc) {
            Ok(_) => {
                self.added.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                let mut slot = self.writer_error.lock().unwrap_or_else(|p| p.into_inner());
                slot.get_or_insert_with(|| format!("index writer: {e}"));
            }
        }
    }

    fn line_error(&self, n: usize, reason: String) {
        self.line_errors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((n, reason));
    }

    /// Indexes every record of the file, a batch at a time. A read error part-way (a gzip
    /// stream cut short) is reported as a record error: the lines before it are kept.
    pub(super) fn records(self, mut records: Records, errors: &Mutex<Vec<FileError>>) -> Outcome {
        self.delete_prior();
        let mut last = 0;
        loop {
            let batch = match records.next_batch() {
                Ok(b) if b.is_empty() => break,
                Ok(b) => b,
                Err(ParseError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                    self.delete_prior();
                    return Outcome::Vanished(0);
                }
                Err(e) => {
                    self.line_error(last + 1, format!("after line {last}: {e}"));
                    break;
                }
            };
            let mut readable = Vec::with_capacity(batch.len());
            for (n, line) in &batch {
                last = *n;
                match line {
                    Ok(Some(text)) => readable.push((*n, text.as_str())),
                    Ok(None) => {}
                    Err(reason) => self.line_error(*n, reason.clone()),
                }
            }
            self.lines(&readable);
        }
        self.finish(errors)
    }

    /// The outcome once every line was read; line errors are reported in line order.
    fn finish(self, errors: &Mutex<Vec<FileError>>) -> Outcome {
        let writer_error = self
            .writer_error
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(e) = writer_error {
            return Outcome::Failed(e);
        }
        let mut line_errors =
            std::mem::take(&mut *self.line_errors.lock().unwrap_or_else(|p| p.into_inner()));
        line_errors.sort_by_key(|(n, _)| *n);
        let n = self.added.load(Ordering::Relaxed);
        if n == 0 {
            return self.fail(match line_errors.first() {
                Some((_, first)) => {
                    ParseError::Json(format!("no valid line ({first})")).to_string()
                }
                None => ParseError::Empty.to_string(),
            });
        }
        for (_, reason) in line_errors {
            push_error(errors, &self.c.display, reason);
        }
        match self.prior {
            None => Outcome::Added(n),
            Some(_) => Outcome::Updated(n),
        }
    }
}
