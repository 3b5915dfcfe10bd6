//! Whether an index can be trusted: every file its last commit lists is present and matches
//! the checksum tantivy wrote in its footer; and the files no commit lists (left by a run
//! killed mid-commit, or by a full disk) are swept before the next write builds on them.
//!
//! `index` verifies before it writes (damage stops the run instead of being written over),
//! `check` verifies and then reads everything ([`super::check`]), and a search that panics
//! on damaged data is diagnosed here after the fact.

use std::path::{Path, PathBuf};

use tantivy::index::{SegmentComponent, SegmentMeta};
use tantivy::Index;

use super::directory::META_FILE;

/// One thing wrong with an index file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file's name inside the index folder.
    pub file: String,
    /// What is wrong with it, in a few words.
    pub what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.what)
    }
}

/// The components every segment has.
const COMPONENTS: [SegmentComponent; 6] = [
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::Terms,
    SegmentComponent::Store,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
];

/// The files a segment of the last commit consists of.
fn segment_files(meta: &SegmentMeta) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = COMPONENTS
        .iter()
        .map(|c| meta.relative_path(c.clone()))
        .collect();
    if meta.delete_opstamp().is_some() {
        files.push(meta.relative_path(SegmentComponent::Delete));
    }
    files
}

/// The files the last commit of `index` lists.
pub fn live_files(index: &Index) -> tantivy::Result<Vec<PathBuf>> {
    Ok(index
        .searchable_segment_metas()?
        .iter()
        .flat_map(segment_files)
        .collect())
}

/// Checks that every file in `live` (the last commit's, from [`live_files`]) exists and
/// matches its checksum. An empty list means the files are sound (what they say is checked
/// by [`super::check`]).
pub fn verify(index: &Index, live: &[PathBuf]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for file in live {
        let name = file.display().to_string();
        // A footer too damaged to parse can make tantivy panic: that is damage too.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            index.directory().validate_checksum(file)
        }));
        let what = match outcome {
            Ok(Ok(true)) => continue,
            Ok(Ok(false)) => "checksum mismatch".to_string(),
            Ok(Err(tantivy::directory::error::OpenReadError::FileDoesNotExist(_))) => {
                "missing".to_string()
            }
            Ok(Err(e)) => format!("unreadable ({})", super::store::one_line(&e.to_string())),
            Err(_) => "footer unreadable".to_string(),
        };
        problems.push(Problem { file: name, what });
    }
    problems
}

/// [`verify`] of the index in `dir`, opened bare (no reader, no schema check), for an index
/// that would not open or that made tantivy panic; empty when even that cannot be read.
pub fn verify_dir(dir: &Path) -> Vec<Problem> {
    std::panic::catch_unwind(|| {
        let directory = super::directory::IndexDirectory::open(dir).ok()?;
        let index = Index::open(directory).ok()?;
        Some(verify(&index, &live_files(&index).ok()?))
    })
    .ok()
    .flatten()
    .unwrap_or_default()
}

/// True for a file name tantivy gives segment data: `<32 hex>.<ext>` or
/// `<32 hex>.<opstamp>.del`.
fn is_segment_file(name: &str) -> bool {
    let Some((id, ext)) = name.split_once('.') else {
        return false;
    };
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) && !ext.is_empty()
}

/// Deletes the segment files of `dir` that the last commit does not list, and temporary
/// files of interrupted atomic writes. Runs only under the writer lock, before writing:
/// such files belong to no commit, so no reader can need them, and a new run would
/// otherwise trip over them (`FileAlreadyExists` for a `.del` of the same opstamp) or be
/// kept from the disk space they hold. `live` is the last commit's list ([`live_files`]).
/// Returns the names removed.
pub fn sweep_orphans(dir: &Path, live: &[PathBuf]) -> std::io::Result<Vec<String>> {
    let live: rustc_hash::FxHashSet<String> =
        live.iter().map(|p| p.display().to_string()).collect();
    let mut removed = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let orphan = is_segment_file(&name) && !live.contains(&name);
        let temp = name.starts_with(".tmp") || name.ends_with(".json.tmp");
        if (orphan || temp) && name != META_FILE {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => removed.push(name),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_file_names_are_recognised() {
        let cases = [
            ("0123456789abcdef0123456789abcdef.idx", true),
            ("0123456789abcdef0123456789abcdef.12.del", true),
            ("0123456789abcdef0123456789abcdef", false),
            ("meta.json", false),
            (".managed.json", false),
            ("README.md", false),
            ("0123456789abcdef0123456789abcdeg.idx", false),
        ];
        for (name, want) in cases {
            assert_eq!(is_segment_file(name), want, "{name}");
        }
    }
}
