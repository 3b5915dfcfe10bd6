//! `dateline extract`: each file read as `index` reads it, its articles printed as JSON
//! lines; a bad file or record is reported on one line and the next goes on.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{EXIT_ERROR, EXIT_OK};
use crate::article;
use crate::cli::ExtractArgs;
use crate::{messages, output};

pub(super) fn extract(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let read_whole = args.jsonl_read_whole.unwrap_or(article::MAX_JSONL_BYTES);
    let mut failed = false;
    let mut out = output::json_lines();
    for file in &args.files {
        let shown = crate::index::walk::display_path(file);
        let mut report = |out: &mut std::io::BufWriter<_>, reason: &dyn std::fmt::Display| {
            out.flush()?;
            messages::about(&shown, reason);
            failed = true;
            anyhow::Ok(())
        };
        if let Err(e) = extract_one(file, &shown, read_whole, &mut out, &mut report)? {
            report(&mut out, &e)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::from(if failed { EXIT_ERROR } else { EXIT_OK }))
}

/// `extract` of one file, read as `index` reads it ([`article::source`]). The outer error is
/// a failure to write (it ends the command); the inner one is about the file (reported, and
/// the next file goes on); record errors are reported as they come.
fn extract_one<W: std::io::Write>(
    file: &Path,
    shown: &str,
    read_whole: u64,
    out: &mut W,
    report: &mut dyn FnMut(&mut W, &dyn std::fmt::Display) -> anyhow::Result<()>,
) -> anyhow::Result<Result<(), article::ParseError>> {
    use article::source::Content;
    let Some(format) = article::format_of(file) else {
        return Ok(Err(article::ParseError::Invalid(
            "unsupported file type".into(),
        )));
    };
    let opened = match article::source::open(file, format, read_whole) {
        Ok(o) => o,
        Err(e) => return Ok(Err(e)),
    };
    let mut records = match opened.content {
        Content::Document(raw) => {
            let parsed = match article::parse_bytes(&raw, format, shown) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            for a in &parsed.articles {
                output::json_line(out, a)?;
            }
            for reason in &parsed.record_errors {
                report(out, reason)?;
            }
            return Ok(Ok(()));
        }
        Content::Records(r) => r,
    };
    let (mut any, mut bad) = (false, false);
    let mut last = 0;
    loop {
        let batch = match records.next_batch() {
            Ok(b) if b.is_empty() => break,
            Ok(b) => b,
            Err(e) => {
                bad = true;
                report(out, &format!("after line {last}: {e}"))?;
                break;
            }
        };
        for (n, line) in batch {
            last = n;
            let parsed = match line {
                Ok(None) => continue,
                Ok(Some(text)) => article::json::parse_jsonl_line(&text, shown, n),
                Err(reason) => Some(Err(reason)),
            };
            match parsed {
                None => {}
                Some(Ok(a)) => {
                    any = true;
                    output::json_line(out, &a)?;
                }
                Some(Err(reason)) => {
                    bad = true;
                    report(out, &reason)?;
                }
            }
        }
    }
    Ok(match (any, bad) {
        (true, _) => Ok(()),
        (false, true) => Err(article::ParseError::Json("no valid line".into())),
        (false, false) => Err(article::ParseError::Empty),
    })
}
