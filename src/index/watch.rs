//! `dateline index --watch`: keep the index current as files are added, changed, removed
//! and renamed, until interrupted.
//!
//! Each batch of debounced file-system events triggers an ordinary incremental pass over
//! the same roots (cheap: unchanged files are only stat-ed), so watch mode has exactly the
//! semantics and crash safety of `dateline index`. The writer lock is held for the whole
//! session; Ctrl-C ends it between passes, never inside a commit.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use anyhow::Context;
use notify::{EventKind, RecursiveMode, Watcher};

use super::build::{self, IndexRequest, Summary};
use super::store;
use crate::messages;

/// How long the folder must be quiet before a pass runs.
pub const DEBOUNCE: Duration = Duration::from_millis(400);

enum Signal {
    Changed(Vec<PathBuf>),
    WatchError(String),
    Stop,
}

/// Makes SIGINT, SIGTERM and SIGHUP stop indexing cleanly: the first sets `stop` (the run
/// commits what it has read and ends) and calls `then`; a second one exits at once (what was
/// committed is kept either way).
pub fn on_signal(stop: Arc<AtomicBool>, then: impl Fn() + Send + 'static) -> anyhow::Result<()> {
    ctrlc::set_handler(move || {
        if stop.swap(true, Ordering::SeqCst) {
            messages::note("stopping now");
            std::process::exit(130);
        }
        messages::note("stopping after the current batch (again to stop at once)");
        then();
    })
    .context("cannot install the signal handler")
}

/// Runs an initial pass, then one pass per batch of changes, calling `report` after each,
/// until SIGINT, SIGTERM or SIGHUP. Returns the number of passes that had failures.
pub fn run(
    req: &IndexRequest,
    mut report: impl FnMut(&Summary) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let _lock = store::lock_writer(&req.index_dir)?;
    let (tx, rx) = mpsc::channel::<Signal>();
    let stop = std::sync::Mutex::new(tx.clone());
    on_signal(req.stop.clone(), move || {
        let _ = stop
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .send(Signal::Stop);
    })?;

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
    let mut roots: Vec<Root> = Vec::new();
    for path in &req.roots {
        watcher
            .watch(path, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", path.display()))?;
        roots.push(Root {
            path: path.clone(),
            identity: identity(path),
        });
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
    messages::note("watching for changes (Ctrl-C to stop)");
    loop {
        if req.stop.load(Ordering::SeqCst) {
            break;
        }
        match rx.recv_timeout(ROOT_CHECK) {
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if recheck_roots(&mut roots, &mut watcher) {
                    pass(&mut failed_passes)?;
                }
            }
            Ok(Signal::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Ok(Signal::WatchError(e)) => messages::note(format_args!("watch error: {e}")),
            Ok(Signal::Changed(mut paths)) => {
                // Debounce: wait until the folder has been quiet for a moment.
                let mut stopping = false;
                loop {
                    match rx.recv_timeout(DEBOUNCE) {
                        Ok(Signal::Changed(more)) => paths.extend(more),
                        Ok(Signal::WatchError(e)) => {
                            messages::note(format_args!("watch error: {e}"))
                        }
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
    messages::note("stopped watching");
    Ok(failed_passes)
}

/// How often the watched roots are checked for having been deleted or replaced (a watch
/// on a deleted folder sees nothing of the folder re-created at its path).
const ROOT_CHECK: Duration = Duration::from_secs(1);

/// A watched root and the identity (device, inode) of the folder watched there.
struct Root {
    path: PathBuf,
    identity: Option<(u64, u64)>,
}

fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    std::fs::metadata(path).ok().map(|_| (0, 0))
}

/// Notices roots that were deleted (warned once) or re-created (watched again). True when
/// a root came back, so a pass must run.
fn recheck_roots(roots: &mut [Root], watcher: &mut impl Watcher) -> bool {
    let mut back = false;
    for root in roots.iter_mut() {
        let now = identity(&root.path);
        if now == root.identity {
            continue;
        }
        match now {
            None => messages::note(format_args!(
                "watched folder {} is gone; its articles stay indexed until it comes back",
                root.path.display()
            )),
            Some(_) => {
                let _ = watcher.unwatch(&root.path);
                match watcher.watch(&root.path, RecursiveMode::Recursive) {
                    Ok(()) => {
                        messages::note(format_args!(
                            "{} is back; indexing it",
                            root.path.display()
                        ));
                        back = true;
                    }
                    Err(e) => {
                        messages::note(format_args!("cannot watch {}: {e}", root.path.display()));
                        continue; // tried again at the next check
                    }
                }
            }
        }
        root.identity = now;
    }
    back
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
