//! Fault injection, for the chaos suite: `DATELINE_FAULT=ACTION:SUFFIX[:N]` makes the N-th
//! (default first) index file whose name ends with SUFFIX fail as the action says, at the
//! moment it is opened for writing (`meta.json`: when it is replaced):
//!
//! - `abort` — the process dies there (as `kill -9` would, at that exact point);
//! - `abort-after` — for `meta.json`: dies just after the new commit point is written;
//! - `full` — the write fails with "No space left on device" (the file is left behind, as
//!   a real full disk leaves it).
//!
//! Examples: `abort:.del` (kill during an incremental commit, when its first deletes file
//! appears), `abort:meta.json:2` (kill at the second commit), `full:.store`. Unset, this
//! costs one check per file written.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The environment variable that names the fault.
pub const VAR: &str = "DATELINE_FAULT";

/// What happens at the fault point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Abort,
    AbortAfter,
    Full,
}

/// A fault armed by the environment.
#[derive(Debug)]
pub struct Fault {
    action: Action,
    suffix: String,
    nth: usize,
    seen: AtomicUsize,
}

impl Fault {
    /// Parses `ACTION:SUFFIX[:N]`; `None` when the text is not a fault.
    pub fn parse(spec: &str) -> Option<Fault> {
        let mut parts = spec.splitn(3, ':');
        let action = match parts.next()? {
            "abort" => Action::Abort,
            "abort-after" => Action::AbortAfter,
            "full" => Action::Full,
            _ => return None,
        };
        let suffix = parts.next().filter(|s| !s.is_empty())?.to_string();
        let nth = match parts.next() {
            Some(n) => n.parse().ok().filter(|n| *n > 0)?,
            None => 1,
        };
        Some(Fault {
            action,
            suffix,
            nth,
            seen: AtomicUsize::new(0),
        })
    }

    /// The action to take for a write of `path`, when this is the fault's moment.
    pub fn hit(&self, path: &Path) -> Option<Action> {
        let name = path.file_name()?.to_string_lossy();
        if !name.ends_with(self.suffix.as_str()) {
            return None;
        }
        let n = self.seen.fetch_add(1, Ordering::SeqCst) + 1;
        (n == self.nth).then_some(self.action)
    }
}

/// The fault armed for this process, if any.
pub fn armed() -> Option<&'static Fault> {
    static FAULT: OnceLock<Option<Fault>> = OnceLock::new();
    FAULT
        .get_or_init(|| std::env::var(VAR).ok().and_then(|s| Fault::parse(&s)))
        .as_ref()
}

/// The action for a write of `path` under the armed fault.
pub fn at(path: &Path) -> Option<Action> {
    armed().and_then(|f| f.hit(path))
}

/// The error a full disk gives.
pub fn no_space() -> std::io::Error {
    std::io::Error::from_raw_os_error(28)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_and_fire_once_at_their_count() {
        let f = Fault::parse("abort:.del:2").unwrap();
        let del = Path::new("0123.5.del");
        assert_eq!(f.hit(Path::new("x.idx")), None);
        assert_eq!(f.hit(del), None);
        assert_eq!(f.hit(del), Some(Action::Abort));
        assert_eq!(f.hit(del), None);
        assert_eq!(
            Fault::parse("full:.store")
                .unwrap()
                .hit(Path::new("a.store")),
            Some(Action::Full)
        );
        for bad in [
            "",
            "abort",
            "abort:",
            "boom:.del",
            "abort:.del:0",
            "abort:.del:x",
        ] {
            assert!(Fault::parse(bad).is_none(), "{bad}");
        }
    }
}
