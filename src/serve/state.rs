//! The index being served, replaced by a newer commit when another process writes one.
//!
//! The server never writes: it opens the index read-only ([`store::open`]) and compares
//! `meta.json` with the bytes it opened every few hundred milliseconds. When they differ it
//! opens the new commit (`store::open` retries when a commit races the open) and swaps it
//! in; requests in progress keep the commit they started with (an `Arc`). A commit that
//! will not open is reported once on stderr and the old one stays served.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::index::store::{self, Store};

/// `meta.json`: the file every tantivy commit replaces.
use crate::index::directory::META_FILE as META;

/// The served index and the `meta.json` it was opened from.
pub struct Shared {
    dir: PathBuf,
    current: RwLock<Served>,
}

struct Served {
    store: Arc<Store>,
    /// The `meta.json` seen when `store` was opened (or when a newer one failed to open,
    /// so a broken commit is reported once, not every tick).
    meta: Vec<u8>,
}

impl Shared {
    /// Opens the index at `dir` for serving.
    pub fn open(dir: &Path) -> Result<Shared, store::StoreError> {
        let meta = read_meta(dir);
        let store = store::open(dir)?;
        Ok(Shared {
            dir: dir.to_path_buf(),
            current: RwLock::new(Served {
                store: Arc::new(store),
                meta,
            }),
        })
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The commit to answer the next request from.
    pub fn store(&self) -> Arc<Store> {
        // A poisoned lock only means a panic elsewhere while holding it; the value inside
        // is a whole `Served` either way.
        let served = self.current.read().unwrap_or_else(|p| p.into_inner());
        served.store.clone()
    }

    /// Opens the newest commit when `meta.json` changed since the last look; true when a
    /// new commit is now served.
    pub fn refresh(&self) -> bool {
        let now = read_meta(&self.dir);
        {
            let served = self.current.read().unwrap_or_else(|p| p.into_inner());
            if served.meta == now {
                return false;
            }
        }
        let opened = store::open(&self.dir);
        let mut served = self.current.write().unwrap_or_else(|p| p.into_inner());
        served.meta = now;
        match opened {
            Ok(store) => {
                served.store = Arc::new(store);
                true
            }
            Err(e) => {
                crate::messages::note(format_args!("still serving the previous commit: {e}"));
                false
            }
        }
    }
}

/// The bytes of `meta.json`, or nothing when it cannot be read (then the next readable
/// one counts as a change).
fn read_meta(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join(META)).unwrap_or_default()
}

/// Follows new commits for as long as the server runs.
pub async fn follow(shared: Arc<Shared>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let s = shared.clone();
        // Opening reads files: off the threads that answer sockets.
        let _ = tokio::task::spawn_blocking(move || s.refresh()).await;
    }
}
