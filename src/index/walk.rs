//! Finding the files to index under the paths a user gives: recursive, skipping hidden
//! entries, the index folder itself and symlink loops, recognising formats by extension.
//!
//! **A file's identity is its real path** (symlinks resolved, `.`/`..` and root spellings
//! gone), written relative to the folder that holds the index when it lies under it, else
//! absolute. That key is the `path` every document of the file carries: a file reached
//! through a symlinked folder, a file symlink, `corpus`, `/abs/corpus` or `../x/corpus` is
//! one file with one set of documents, and the key does not depend on the directory
//! `dateline` runs from. Names that are not UTF-8 are kept exact (`\xNN` escapes) rather
//! than replaced, so two such names never collide; control characters are escaped so a path
//! always prints on one line.

use std::path::{Component, Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::article::{self, Format};

/// A file that looks like an article source.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub fs_path: PathBuf,
    /// The path as the user would see it: the root as given, joined with the relative part.
    pub display: String,
    pub format: Format,
    pub size: u64,
    pub mtime: u64,
}

/// Everything a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    pub candidates: Vec<Candidate>,
    /// Files with extensions dateline does not index.
    pub skipped: usize,
    /// Entries that could not be read (permission denied, vanished): `(path, reason)`.
    pub errors: Vec<(String, String)>,
    /// Display prefixes of the folders walked, to find files that vanished from them.
    pub roots: Vec<String>,
}

/// Normalises a path lexically: `./` components dropped, separators unified, every byte
/// kept ([`push_name`]). Relative stays relative.
pub fn display_path(p: &Path) -> String {
    // One string, built in place: this runs for every file of every walk.
    let mut out = String::with_capacity(p.as_os_str().len() + 1);
    let mut absolute = false;
    for c in p.components() {
        let part = match c {
            Component::CurDir => continue,
            Component::RootDir => {
                absolute = true;
                continue;
            }
            Component::Prefix(px) => px.as_os_str(),
            other => other.as_os_str(),
        };
        if !out.is_empty() || absolute {
            out.push('/');
        }
        push_name(&mut out, part);
    }
    match (absolute, out.is_empty()) {
        (true, true) => "/".to_string(),
        (false, true) => ".".to_string(),
        _ => out,
    }
}

/// Appends a file name so that different names give different text: bytes that are not
/// UTF-8 as `\xNN`, a backslash as `\\`, control characters as `\n`, `\t`, `\u{..}`.
fn push_name(out: &mut String, name: &std::ffi::OsStr) {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(name);
    #[cfg(not(unix))]
    let lossy = name.to_string_lossy();
    #[cfg(not(unix))]
    let bytes = lossy.as_bytes();
    for chunk in bytes.utf8_chunks() {
        for ch in chunk.valid().chars() {
            match ch {
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => out.extend(c.escape_default()),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
}

/// Turns walked paths into identities ([the module's rule](self)): real paths, relative to
/// `base` (the real folder holding the index) when under it.
struct Keys {
    base: Option<PathBuf>,
    /// The last folder resolved, and its real path: files come folder by folder.
    last_dir: Option<(PathBuf, PathBuf)>,
}

impl Keys {
    fn new(index_dir: &Path) -> Keys {
        let base = index_dir
            .canonicalize()
            .ok()
            .and_then(|c| c.parent().map(Path::to_path_buf));
        Keys {
            base,
            last_dir: None,
        }
    }

    /// The real path of `path`: resolved whole when it is a symlink, else its folder's real
    /// path joined with its name (one `realpath` per folder, not per file).
    fn real(&mut self, path: &Path, is_link: bool) -> std::io::Result<PathBuf> {
        let (Some(parent), Some(name), false) = (path.parent(), path.file_name(), is_link) else {
            return path.canonicalize();
        };
        if let Some((dir, real)) = &self.last_dir {
            if dir == parent {
                return Ok(real.join(name));
            }
        }
        let parent_real = if parent.as_os_str().is_empty() {
            Path::new(".").canonicalize()?
        } else {
            parent.canonicalize()?
        };
        let out = parent_real.join(name);
        self.last_dir = Some((parent.to_path_buf(), parent_real));
        Ok(out)
    }

    /// The key of a real path.
    fn key(&self, real: &Path) -> String {
        match self.base.as_deref().and_then(|b| real.strip_prefix(b).ok()) {
            Some(rel) => display_path(rel),
            None => display_path(real),
        }
    }

    /// The key of `path` (real path when it resolves, else the path as given, so an error
    /// about a folder that cannot be resolved still names it).
    fn key_of(&mut self, path: &Path, is_link: bool) -> String {
        match self.real(path, is_link) {
            Ok(real) => self.key(&real),
            Err(_) => display_path(path),
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let n = name.to_string_lossy();
    n.starts_with('.') && n != "." && n != ".."
}

/// Walks every root. `index_dir` is never descended into. Candidates carry their identity
/// ([the module's rule](self)); a file reached twice appears once.
pub fn walk(roots: &[PathBuf], index_dir: &Path) -> Walk {
    let mut out = Walk::default();
    let mut files: Vec<(PathBuf, String, Format)> = Vec::new();
    let index_canon = index_dir.canonicalize().ok();
    let mut keys = Keys::new(index_dir);
    let mut seen = rustc_hash::FxHashSet::default();
    for root in roots {
        let root_key = match root.canonicalize() {
            Ok(real) => keys.key(&real),
            Err(_) => display_path(root),
        };
        match std::fs::metadata(root) {
            Err(e) => {
                out.errors.push((root_key, e.to_string()));
                continue;
            }
            Ok(m) if m.is_dir() => out.roots.push(root_key.clone()),
            Ok(_) => {}
        }
        let it = WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| {
                if e.depth() > 0 && is_hidden(e.file_name()) {
                    return false;
                }
                if e.file_type().is_dir() {
                    if let (Some(ix), Ok(c)) = (&index_canon, e.path().canonicalize()) {
                        return &c != ix;
                    }
                }
                true
            });
        for entry in it {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    if e.loop_ancestor().is_some() {
                        continue; // a symlink loop: skip silently, as documented
                    }
                    let path = e
                        .path()
                        .map(|p| keys.key_of(p, true))
                        .unwrap_or_else(|| root_key.clone());
                    let reason = e
                        .io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| e.to_string());
                    out.errors.push((path, reason));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let Some(format) = article::format_of(entry.path()) else {
                out.skipped += 1;
                continue;
            };
            let key = keys.key_of(entry.path(), entry.path_is_symlink());
            if seen.insert(key.clone()) {
                files.push((entry.into_path(), key, format));
            }
        }
    }
    // Size and mtime of every file, on every core: on an unchanged folder these stat
    // calls are most of a run's time.
    let stamped: Vec<Result<Candidate, (String, String)>> = files
        .into_par_iter()
        .map(|(path, display, format)| match std::fs::metadata(&path) {
            Ok(m) => Ok(Candidate {
                display,
                format,
                size: m.len(),
                mtime: m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(0),
                fs_path: path,
            }),
            Err(e) => Err((display, e.to_string())),
        })
        .collect();
    for c in stamped {
        match c {
            Ok(c) => out.candidates.push(c),
            Err(e) => out.errors.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_normalised() {
        let cases = [
            ("./corpus/a.txt", "corpus/a.txt"),
            ("corpus//b.json", "corpus/b.json"),
            ("/abs/./c.txt", "/abs/c.txt"),
            (".", "."),
            ("corpus/", "corpus"),
            ("/", "/"),
            ("/a", "/a"),
            ("a/../b.txt", "a/../b.txt"),
            ("a\\b.txt", "a\\\\b.txt"),
            ("line\nbreak.txt", "line\\nbreak.txt"),
        ];
        for (input, want) in cases {
            assert_eq!(display_path(Path::new(input)), want, "input {input:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_distinct() {
        use std::os::unix::ffi::OsStrExt;
        let names: [&[u8]; 3] = [b"a\xff.txt", b"a\xfe.txt", b"a\\xFF.txt"];
        let shown: Vec<String> = names
            .iter()
            .map(|n| display_path(Path::new(std::ffi::OsStr::from_bytes(n))))
            .collect();
        assert_eq!(shown, ["a\\xFF.txt", "a\\xFE.txt", "a\\\\xFF.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn one_file_is_one_candidate_however_it_is_reached() {
        let tmp = tempfile::TempDir::new().unwrap();
        let base = tmp.path().canonicalize().unwrap();
        let a = base.join("news/a");
        std::fs::create_dir_all(&a).unwrap();
        for n in ["x.txt", "y.txt", "z.txt"] {
            std::fs::write(a.join(n), "Headline\n\nBody text.\n").unwrap();
        }
        std::os::unix::fs::symlink(&a, base.join("news/b")).unwrap();
        std::os::unix::fs::symlink(a.join("x.txt"), base.join("news/link.txt")).unwrap();
        let index = base.join("index");
        std::fs::create_dir(&index).unwrap();
        let roots = [
            base.join("news"),
            base.join("news/../news/a"),
            base.join("./news"),
        ];
        let w = walk(&roots, &index);
        let mut keys: Vec<&str> = w.candidates.iter().map(|c| c.display.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["news/a/x.txt", "news/a/y.txt", "news/a/z.txt"]);
        assert!(
            w.roots.iter().all(|r| r.starts_with("news")),
            "{:?}",
            w.roots
        );
    }
}
