//! Compaction: after an indexing run leaves many segments, merge the smaller ones into a
//! few large ones, each merge small enough to keep the process under its memory budget.
//!
//! A search opens every segment (six files each, their footers, term dictionaries and
//! field norms) and looks every query term up in each: about 0.5 ms and 25 page faults a
//! segment. The build's own merge policy stops at 25k-document segments because a merge
//! reads its sources through mmap and those pages count in resident memory while the
//! writer's buffers are still allocated (see `build::MAX_DOCS_BEFORE_MERGE`); a 1M-article
//! build ends with 14 segments. Here the writer is gone, so one merge may read up to
//! [`MAX_GROUP_BYTES`] of segments.
//!
//! Merges are tantivy's: atomic, recorded in `meta.json` only when complete, and they keep
//! the commit payload. A run interrupted here leaves the index as the build committed it.

use std::collections::HashMap;
use std::path::Path;

use indicatif::ProgressBar;
use tantivy::index::SegmentId;
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument};

/// Compaction starts when a run leaves more segments than this.
pub const MAX_SEGMENTS: usize = 8;

/// Segments this large (bytes on disk) or larger are left as they are: rewriting them would
/// make every incremental run after a large build as slow as the build.
pub const LARGE_SEGMENT_BYTES: u64 = 160 << 20;

/// The most bytes of segments merged at once. Their pages are resident while the merge
/// reads them: measured peak RSS of the 1M-article compaction is in docs/PERFORMANCE.md.
pub const MAX_GROUP_BYTES: u64 = 512 << 20;

/// Merges the index's smaller segments into groups of at most [`MAX_GROUP_BYTES`] when it
/// has more than [`MAX_SEGMENTS`] segments, showing what it does on `progress` (a hidden
/// bar shows nothing). Returns how many segments were merged away.
pub fn compact(index: &Index, dir: &Path, progress: &ProgressBar) -> anyhow::Result<usize> {
    // Only ids are kept: a live `SegmentMeta` protects its files from garbage collection.
    let ids: Vec<SegmentId> = index
        .searchable_segment_metas()?
        .iter()
        .map(|m| m.id())
        .collect();
    if ids.len() <= MAX_SEGMENTS {
        return Ok(0);
    }
    let sizes = segment_bytes(dir)?;
    let sized = ids
        .into_iter()
        .map(|id| (id, sizes.get(&id.uuid_string()).copied().unwrap_or(0)))
        .collect();
    let groups = plan(sized);
    if groups.is_empty() {
        return Ok(0);
    }
    // The smallest budget tantivy allows: a merge does not use the indexing arena.
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, 15 << 20)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let segments: usize = groups.iter().map(Vec::len).sum();
    progress.set_message(format!(
        "merging {segments} segments into {} (a large index is searched faster in few)",
        groups.len()
    ));
    progress.enable_steady_tick(std::time::Duration::from_millis(120));
    let mut merged = 0;
    for group in &groups {
        writer.merge(group).wait()?;
        merged += group.len() - 1;
    }
    progress.finish_and_clear();
    // Delete the merged segments' files now rather than at the next run's commit.
    writer.garbage_collect_files().wait()?;
    writer.wait_merging_threads()?;
    Ok(merged)
}

/// Groups of segments to merge: segments under [`LARGE_SEGMENT_BYTES`], smallest first,
/// packed into groups of at most [`MAX_GROUP_BYTES`]; a group of one is no merge.
fn plan(mut sized: Vec<(SegmentId, u64)>) -> Vec<Vec<SegmentId>> {
    sized.retain(|(_, bytes)| *bytes < LARGE_SEGMENT_BYTES);
    sized.sort_by_key(|(_, bytes)| *bytes);
    let mut groups: Vec<Vec<SegmentId>> = Vec::new();
    let mut group: Vec<SegmentId> = Vec::new();
    let mut group_bytes = 0u64;
    for (id, bytes) in sized {
        if !group.is_empty() && group_bytes + bytes > MAX_GROUP_BYTES {
            groups.push(std::mem::take(&mut group));
            group_bytes = 0;
        }
        group.push(id);
        group_bytes += bytes;
    }
    groups.push(group);
    groups.retain(|g| g.len() > 1);
    groups
}

/// Bytes on disk of each segment in `dir`, by segment id (a segment's files are named
/// `<id>.<component>`).
fn segment_bytes(dir: &Path) -> std::io::Result<HashMap<String, u64>> {
    let mut sizes: HashMap<String, u64> = HashMap::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some((id, _)) = name.to_str().and_then(|n| n.split_once('.')) else {
            continue;
        };
        if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            *sizes.entry(id.to_string()).or_default() += entry.metadata()?.len();
        }
    }
    Ok(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1 << 20;

    #[test]
    fn plans_groups_of_small_segments() {
        let ids: Vec<SegmentId> = (0..6).map(|_| SegmentId::generate_random()).collect();
        // (segment sizes in MB, expected groups as indexes into `ids`)
        let cases: Vec<(Vec<u64>, Vec<Vec<usize>>)> = vec![
            // 4 × 120 MB fit a group; the fifth is alone, so it stays as it is.
            (vec![120, 120, 120, 120, 120], vec![vec![0, 1, 2, 3]]),
            // Smallest first; the large segment is never rewritten.
            (vec![300, 10, 20, 200, 30], vec![vec![1, 2, 4]]),
            (vec![500, 400, 10], vec![]),
            (
                vec![100, 100, 100, 100, 100, 100],
                vec![vec![0, 1, 2, 3, 4], vec![5]],
            ),
        ];
        for (sizes, want) in cases {
            let sized: Vec<(SegmentId, u64)> = sizes
                .iter()
                .enumerate()
                .map(|(i, s)| (ids[i], s * MB))
                .collect();
            let want: Vec<Vec<SegmentId>> = want
                .into_iter()
                .filter(|g| g.len() > 1)
                .map(|g| g.into_iter().map(|i| ids[i]).collect())
                .collect();
            assert_eq!(plan(sized), want, "sizes {sizes:?}");
        }
    }

    #[test]
    fn merges_many_segments_keeping_every_article_and_the_payload() {
        use crate::article::Article;
        use crate::index::store;

        let dir = tempfile::tempdir().unwrap();
        let s = store::open_or_create(dir.path()).unwrap();
        let mut writer: IndexWriter<TantivyDocument> =
            s.index.writer_with_num_threads(1, 15 << 20).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for i in 0..MAX_SEGMENTS + 2 {
            let a = Article {
                id: i.to_string(),
                headline: format!("Report {i}"),
                body: "Oil prices rose.".into(),
                ..Article::default()
            };
            store::commit_article(&mut writer, &s.fields, &a);
        }
        drop(writer);
        let files_before = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(
            s.index.searchable_segment_metas().unwrap().len(),
            MAX_SEGMENTS + 2
        );

        let hidden = ProgressBar::hidden();
        assert_eq!(
            compact(&s.index, dir.path(), &hidden).unwrap(),
            MAX_SEGMENTS + 1
        );

        drop(s);
        let s = store::open(dir.path()).unwrap();
        let searcher = s.reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        assert_eq!(searcher.num_docs(), (MAX_SEGMENTS + 2) as u64);
        let files_after = std::fs::read_dir(dir.path()).unwrap().count();
        assert!(
            files_after < files_before,
            "{files_after} files, {files_before} before"
        );
        // Few segments: nothing to do.
        assert_eq!(compact(&s.index, dir.path(), &hidden).unwrap(), 0);
    }
}
