//! `dateline index --watch`: keep the index current as files are added, changed, removed
//! and renamed, until interrupted.
//!
//! Each batch of debounced file-system events triggers an ordinary incremental pass over
//! the same roots (cheap: unchanged files are only stat-ed), so watch mode has exactly the
//! semantics and crash safety of `dateline index`. The writer lock is held for the whole
//! session; Ctrl-C ends it between passes, never inside a commit.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use notify::{EventKind, RecursiveMode, Watcher};

use super::build::{self, IndexRequest, Summary};
use super::store;

/// How long the folder must be quiet before a pass runs.
pub const DEBOUNCE: Duration = Duration::from_millis(400);

enum Signal {
    Changed(Vec<PathBuf>),
    WatchError(String),
    Stop,
}

/// Runs an initial pass, then one pass per batch of changes, calling `report` after each,
/// until Ctrl-C (or SIGTERM). Returns the number of passes that had failures.
pub fn run(
    req: &IndexRequest,
    mut report: impl FnMut(&Summary) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let _lock = store::lock_writer(&req.index_dir)?;
    let (tx, rx) = mpsc::channel::<Signal>();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    })
    .context("cannot install the Ctrl-C handler")?;

    let events = tx.clone();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let signal = match res {
            // Reads (ours included) are not changes; everything else may be.
            Ok(ev) if matches!(ev.kind, EventKind::Access(_)) => return,
            Ok(ev) => Signal::Changed(ev.paths),
            Err(e) => Signal::WatchError(e.to_string()),
        };
        let _ = events.send(signal);
    })
    .context("cannot start watching files")?;
    for root in &req.roots {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
    }
    let index_canon = req.index_dir.canonicalize().ok();

    let mut failed_passes = 0;
    let mut first = true;
    let mut pass = |failed: &mut usize| -> anyhow::Result<()> {
        let summary = build::run_locked(req)?;
        if summary.failed > 0 {
            *failed += 1;
        }
        let changed = summary.added + summary.updated + summary.removed + summary.failed > 0;
        if first || changed {
            report(&summary)?;
        }
        first = false;
        Ok(())
    };
    pass(&mut failed_passes)?;
    eprintln!("dateline: watching for changes (Ctrl-C to stop)");
    loop {
        match rx.recv() {
            Ok(Signal::Stop) | Err(_) => break,
            Ok(Signal::WatchError(e)) => eprintln!("dateline: watch error: {e}"),
            Ok(Signal::Changed(mut paths)) => {
                // Debounce: wait until the folder has been quiet for a moment.
                let mut stopping = false;
                loop {
                    match rx.recv_timeout(DEBOUNCE) {
                        Ok(Signal::Changed(more)) => paths.extend(more),
                        Ok(Signal::WatchError(e)) => eprintln!("dateline: watch error: {e}"),
                        Ok(Signal::Stop) => {
                            stopping = true;
                            break;
                        }
                        Err(_) => break,
                    }
                }
                if stopping {
                    break;
                }
                if paths.iter().any(|p| !inside(p, index_canon.as_deref())) {
                    pass(&mut failed_passes)?;
                }
            }
        }
    }
    eprintln!("dateline: stopped watching");
    Ok(failed_passes)
}

/// True when `path` lies inside the index folder (our own commits are not changes).
fn inside(path: &std::path::Path, index: Option<&std::path::Path>) -> bool {
    let Some(index) = index else { return false };
    let probe = path.canonicalize().or_else(|_| {
        path.parent()
            .map_or(Err(()), |p| p.canonicalize().map_err(|_| ()))
    });
    probe.is_ok_and(|c| c.starts_with(index))
}
