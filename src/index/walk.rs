//! Finding the files to index under the paths a user gives: recursive, skipping hidden
//! entries, the index folder itself and symlink loops, recognising formats by extension.

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

/// Normalises a path lexically as the key under which its documents are stored: `./`
/// components dropped, separators unified. Relative stays relative.
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
            Component::Prefix(px) => px.as_os_str().to_string_lossy(),
            other => other.as_os_str().to_string_lossy(),
        };
        if !out.is_empty() || absolute {
            out.push('/');
        }
        out.push_str(&part);
    }
    match (absolute, out.is_empty()) {
        (true, true) => "/".to_string(),
        (false, true) => ".".to_string(),
        _ => out,
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let n = name.to_string_lossy();
    n.starts_with('.') && n != "." && n != ".."
}

/// Walks every root. `index_dir` is never descended into.
pub fn walk(roots: &[PathBuf], index_dir: &Path) -> Walk {
    let mut out = Walk::default();
    let mut files: Vec<(PathBuf, Format)> = Vec::new();
    let index_canon = index_dir.canonicalize().ok();
    for root in roots {
        let root_display = display_path(root);
        match std::fs::metadata(root) {
            Err(e) => {
                out.errors.push((root_display, e.to_string()));
                continue;
            }
            Ok(m) if m.is_dir() => out.roots.push(root_display.clone()),
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
                        .map(display_path)
                        .unwrap_or_else(|| root_display.clone());
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
            match article::format_of(entry.path()) {
                Some(format) => files.push((entry.into_path(), format)),
                None => out.skipped += 1,
            }
        }
    }
    // Size and mtime of every file, on every core: on an unchanged folder these stat
    // calls are most of a run's time.
    let stamped: Vec<Result<Candidate, (String, String)>> = files
        .into_par_iter()
        .map(|(path, format)| {
            let display = display_path(&path);
            match std::fs::metadata(&path) {
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
            }
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
        ];
        for (input, want) in cases {
            assert_eq!(display_path(Path::new(input)), want, "input {input:?}");
        }
    }
}
