//! Files whose content is unchanged but whose size or mtime moved (touched, copied without
//! keeping times): their new stamp, kept beside the index so the next run does not read them
//! again.
//!
//! The ledger lives in the documents ([`super::ledger`]); rewriting a file's documents only
//! to refresh its mtime would mean parsing it again (minutes for a large JSON Lines dump).
//! Instead each such file gets an entry here naming the stamp its documents carry (`was`)
//! and the size and mtime it has now. An entry counts only while the documents still carry
//! `was`, so a stale or lost file is harmless: at worst the file is read and hashed again.
//! The file is written after the run's last commit (write to a temporary file, rename).

use std::path::Path;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::document::FileStamp;
use super::ledger::Entry;

/// The file in the index folder.
pub const FILE: &str = ".dateline-touched.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Touch {
    /// Size, mtime and hash the file's documents carry.
    was: (u64, u64, u64),
    size: u64,
    mtime: u64,
}

/// The touched files of an index, by path.
#[derive(Debug, Default)]
pub struct Touches {
    map: FxHashMap<String, Touch>,
}

fn triple(s: FileStamp) -> (u64, u64, u64) {
    (s.size, s.mtime, s.hash)
}

impl Touches {
    /// Reads the file in `dir`; absent or unreadable means no touches.
    pub fn read(dir: &Path) -> Touches {
        let map = std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Touches { map }
    }

    /// Gives every ledger entry whose documents carry a touch's `was` stamp that touch's size
    /// and mtime; forgets the touches that no longer apply.
    pub fn apply(&mut self, known: &mut FxHashMap<String, Entry>) {
        self.map.retain(|path, t| match known.get_mut(path) {
            Some(e) if triple(e.stamp) == t.was => {
                e.stamp.size = t.size;
                e.stamp.mtime = t.mtime;
                true
            }
            _ => false,
        });
    }

    /// Records that `path`, whose ledger stamp is `current` (as [`Touches::apply`] left it),
    /// now has the size and mtime of `now` with the same content.
    pub fn record(&mut self, path: &str, current: FileStamp, now: FileStamp) {
        let was = self.map.get(path).map_or(triple(current), |t| t.was);
        self.map.insert(
            path.to_string(),
            Touch {
                was,
                size: now.size,
                mtime: now.mtime,
            },
        );
    }

    /// Forgets `path` (its documents were rewritten or removed).
    pub fn forget(&mut self, path: &str) {
        self.map.remove(path);
    }

    /// Writes the touches to `dir` (removes the file when there are none).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let path = dir.join(FILE);
        if self.map.is_empty() {
            return match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        }
        let tmp = dir.join(format!("{FILE}.tmp"));
        let bytes = serde_json::to_vec(&self.map).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(size: u64, mtime: u64, hash: u64) -> FileStamp {
        FileStamp { size, mtime, hash }
    }

    #[test]
    fn a_touch_applies_only_while_the_documents_carry_its_stamp() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut t = Touches::default();
        t.record("a.jsonl", stamp(10, 1, 7), stamp(10, 2, 7));
        t.record("b.jsonl", stamp(5, 1, 9), stamp(5, 3, 9));
        t.write(dir.path()).unwrap();

        let mut known = FxHashMap::default();
        // a: documents still carry the old stamp; b: rewritten since (another hash).
        known.insert(
            "a.jsonl".to_string(),
            Entry {
                stamp: stamp(10, 1, 7),
                articles: 4,
            },
        );
        known.insert(
            "b.jsonl".to_string(),
            Entry {
                stamp: stamp(6, 4, 8),
                articles: 1,
            },
        );
        let mut back = Touches::read(dir.path());
        back.apply(&mut known);
        assert_eq!(known["a.jsonl"].stamp, stamp(10, 2, 7));
        assert_eq!(known["b.jsonl"].stamp, stamp(6, 4, 8));
        assert_eq!(back.map.len(), 1);

        // Touched again: `was` stays the documents' stamp.
        back.record("a.jsonl", known["a.jsonl"].stamp, stamp(10, 5, 7));
        assert_eq!(back.map["a.jsonl"].was, (10, 1, 7));
        back.forget("a.jsonl");
        back.write(dir.path()).unwrap();
        assert!(!dir.path().join(FILE).exists());
    }

    #[test]
    fn a_damaged_file_means_no_touches() {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::write(dir.path().join(FILE), b"{not json").unwrap();
        assert!(Touches::read(dir.path()).map.is_empty());
    }
}
