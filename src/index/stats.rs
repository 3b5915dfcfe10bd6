//! What an index holds: documents, date range, undated articles, articles per year and
//! month, and its size on disk. Read from fast-field columns, not stored documents.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::document::day_from_number;
use super::schema::name;
use super::store::Store;

/// Figures about an index.
#[derive(Debug, Default, Serialize)]
pub struct Stats {
    pub documents: u64,
    pub files: u64,
    pub dated: u64,
    pub undated: u64,
    #[serde(serialize_with = "crate::article::dates::serialize_opt_date")]
    pub first_date: Option<Date>,
    #[serde(serialize_with = "crate::article::dates::serialize_opt_date")]
    pub last_date: Option<Date>,
    pub per_year: BTreeMap<String, u64>,
    pub per_month: BTreeMap<String, u64>,
    pub index_bytes: u64,
    /// Groups of syndicated copies, and the articles in them.
    pub copy_groups: u64,
    pub grouped_articles: u64,
}

/// Computes the figures of an open index.
pub fn compute(store: &Store) -> tantivy::Result<Stats> {
    let searcher = store.reader.searcher();
    let mut s = Stats::default();
    for segment in searcher.segment_readers() {
        let days = segment.fast_fields().i64(name::DAY)?;
        for doc in segment.doc_ids_alive() {
            s.documents += 1;
            match days.first(doc).and_then(day_from_number) {
                Some(day) => {
                    s.dated += 1;
                    s.first_date = Some(s.first_date.map_or(day, |f| f.min(day)));
                    s.last_date = Some(s.last_date.map_or(day, |l| l.max(day)));
                    *s.per_year.entry(format!("{:04}", day.year())).or_default() += 1;
                    *s.per_month
                        .entry(format!("{:04}-{:02}", day.year(), day.month()))
                        .or_default() += 1;
                }
                None => s.undated += 1,
            }
        }
    }
    s.files = super::ledger::read(&searcher)?.len() as u64;
    s.index_bytes = dir_size(&store.dir);
    let groups = store.copy_groups.get(&store.dir, &searcher)?;
    let (groups, articles) = groups.live_counts();
    s.copy_groups = groups as u64;
    s.grouped_articles = articles as u64;
    Ok(s)
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
