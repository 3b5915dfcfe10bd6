//! Groups of copies, computed from the `minhash` column after every indexing run and kept in
//! a small file beside the index ([`FILE`]) that search reads instead of recomputing.
//!
//! The file names the segments it was computed for; when the index has changed since (a run
//! that was interrupted before writing it, an index from an older build), readers compute
//! the groups afresh from the column — correct, only slower — and the next indexing run
//! writes the file again. It is derived data: deleting it loses nothing.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tantivy::{DocAddress, Searcher};

use super::{are_copies, bands, unpack, Signature, BANDS, DATE_WINDOW_DAYS};
use crate::index::schema::name;

/// The groups file, in the index folder.
pub const FILE: &str = ".dateline-copies.bin";
const MAGIC: &[u8; 8] = b"DLCOPY1\n";
/// Within a run of equal band keys longer than this, each member is compared with the run's
/// first only (a bucket of a thousand identical boilerplate notes stays linear).
const RUN_PAIRS: usize = 64;

/// Which live articles are copies of one another.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Groups {
    of: FxHashMap<DocAddress, u32>,
    members: Vec<Vec<DocAddress>>,
}

impl Groups {
    /// The group of the article at `address`, if it has copies.
    pub fn group(&self, address: DocAddress) -> Option<u32> {
        self.of.get(&address).copied()
    }

    /// The articles of group `g`, in address order.
    pub fn members(&self, g: u32) -> &[DocAddress] {
        self.members.get(g as usize).map_or(&[], Vec::as_slice)
    }

    /// Number of groups (of two or more articles).
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True when no article has a copy.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Articles that belong to a group.
    pub fn grouped(&self) -> usize {
        self.of.len()
    }

    fn from_members(mut members: Vec<Vec<DocAddress>>) -> Groups {
        members.retain(|m| m.len() > 1);
        for m in &mut members {
            m.sort();
        }
        members.sort();
        let mut of = FxHashMap::default();
        for (g, m) in members.iter().enumerate() {
            for &a in m {
                of.insert(a, g as u32);
            }
        }
        Groups { of, members }
    }
}

/// One live article with a signature.
struct Entry {
    address: DocAddress,
    sig: Signature,
    day: Option<i64>,
}

/// Groups the live articles of `searcher` by their signatures.
pub fn compute(searcher: &Searcher) -> tantivy::Result<Groups> {
    let mut entries = Vec::new();
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let fast = seg.fast_fields();
        let Some(column) = fast.column_opt::<u64>(name::MINHASH)? else {
            continue;
        };
        let days = fast.column_opt::<i64>(name::DAY)?;
        for doc in seg.doc_ids_alive() {
            if let Some(sig) = unpack(column.values_for_doc(doc)) {
                entries.push(Entry {
                    address: DocAddress::new(ord as u32, doc),
                    sig,
                    day: days.as_ref().and_then(|d| d.first(doc)),
                });
            }
        }
    }
    let mut sets = UnionFind::new(entries.iter().map(|e| e.day));
    let copies = |a: &Entry, b: &Entry| are_copies(&a.sig, &b.sig);
    let keys: Vec<[u64; BANDS]> = entries.iter().map(|e| bands(&e.sig)).collect();
    let mut bucket: Vec<(u64, u32)> = Vec::with_capacity(entries.len());
    for b in 0..BANDS {
        bucket.clear();
        bucket.extend(keys.iter().enumerate().map(|(i, k)| (k[b], i as u32)));
        bucket.sort_unstable();
        for run in bucket.chunk_by(|x, y| x.0 == y.0).filter(|r| r.len() > 1) {
            for (j, &(_, y)) in run.iter().enumerate().skip(1) {
                let earlier = if run.len() > RUN_PAIRS {
                    &run[..1]
                } else {
                    &run[..j]
                };
                for &(_, x) in earlier {
                    let (x, y) = (x as usize, y as usize);
                    if sets.find(x) != sets.find(y)
                        && sets.dates_fit(x, y)
                        && copies(&entries[x], &entries[y])
                    {
                        sets.union(x, y);
                    }
                }
            }
        }
    }
    let mut members: FxHashMap<usize, Vec<DocAddress>> = FxHashMap::default();
    for (i, e) in entries.iter().enumerate() {
        members.entry(sets.find(i)).or_default().push(e.address);
    }
    Ok(Groups::from_members(members.into_values().collect()))
}

/// Computes the groups of `searcher` and writes them to `dir` (write then rename, so a
/// reader sees the old file or the new one).
pub fn refresh(dir: &Path, searcher: &Searcher) -> anyhow::Result<Groups> {
    let groups = compute(searcher)?;
    let mut bytes = Vec::from(&MAGIC[..]);
    let segments = searcher.segment_readers();
    put(&mut bytes, segments.len() as u32);
    for seg in segments {
        bytes.extend_from_slice(seg.segment_id().uuid_string().as_bytes());
        put(&mut bytes, seg.max_doc());
    }
    put(&mut bytes, groups.grouped() as u32);
    for (g, m) in groups.members.iter().enumerate() {
        for a in m {
            put(&mut bytes, a.segment_ord);
            put(&mut bytes, a.doc_id);
            put(&mut bytes, g as u32);
        }
    }
    let tmp = dir.join(format!("{FILE}.tmp"));
    // No fsync: a file cut short by a crash fails its checks on reading and is recomputed.
    std::fs::File::create(&tmp)?.write_all(&bytes)?;
    std::fs::rename(&tmp, dir.join(FILE))?;
    Ok(groups)
}

/// [`refresh`] for an index just written: reads its last commit. A file written for the
/// same segments stands (deletions since only remove members, which reading leaves out).
pub fn refresh_index(dir: &Path, index: &tantivy::Index) -> anyhow::Result<()> {
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    if read_file(dir, &searcher).is_none() {
        refresh(dir, &searcher)?;
    }
    Ok(())
}

/// The groups of the searcher last asked about, kept for the next search on the same
/// searcher: `dateline serve` answers thousands of searches from one commit, and reading
/// and indexing the file for each was a tenth of a single-word search's time.
#[derive(Default)]
pub struct Cache(Mutex<Option<(u64, Arc<Groups>)>>);

impl Cache {
    /// The groups of `searcher` (see [`load`]), read once per searcher generation.
    pub fn get(&self, dir: &Path, searcher: &Searcher) -> tantivy::Result<Arc<Groups>> {
        let generation = searcher.generation().generation_id();
        // Held while loading, so concurrent first searches read the file once. A poisoned
        // lock only means a panic elsewhere while holding it; the value is whole either way.
        let mut kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((g, groups)) = &*kept {
            if *g == generation {
                return Ok(groups.clone());
            }
        }
        let groups = Arc::new(load(dir, searcher)?);
        *kept = Some((generation, groups.clone()));
        Ok(groups)
    }
}

/// The groups of `searcher`: from the file in `dir` when it was written for these segments,
/// else computed afresh.
pub fn load(dir: &Path, searcher: &Searcher) -> tantivy::Result<Groups> {
    match read_file(dir, searcher) {
        Some(groups) => Ok(groups),
        None => compute(searcher),
    }
}

/// The file's groups, if it exists, is whole, and names exactly `searcher`'s segments. Dead
/// articles are left out (a file may have been removed since).
fn read_file(dir: &Path, searcher: &Searcher) -> Option<Groups> {
    let mut bytes = Vec::new();
    std::fs::File::open(dir.join(FILE))
        .ok()?
        .read_to_end(&mut bytes)
        .ok()?;
    let mut r = bytes.strip_prefix(&MAGIC[..])?;
    let segments = searcher.segment_readers();
    if take(&mut r)? as usize != segments.len() {
        return None;
    }
    for seg in segments {
        let (id, rest) = r.split_at_checked(32)?;
        r = rest;
        if id != seg.segment_id().uuid_string().as_bytes() || take(&mut r)? != seg.max_doc() {
            return None;
        }
    }
    let n = take(&mut r)? as usize;
    let mut members: Vec<Vec<DocAddress>> = Vec::new();
    for _ in 0..n {
        let (ord, doc, g) = (take(&mut r)?, take(&mut r)?, take(&mut r)? as usize);
        let seg = segments.get(ord as usize)?;
        if doc >= seg.max_doc() || g > n {
            return None;
        }
        if seg.alive_bitset().is_none_or(|a| a.is_alive(doc)) {
            if members.len() <= g {
                members.resize(g + 1, Vec::new());
            }
            members[g].push(DocAddress::new(ord, doc));
        }
    }
    r.is_empty().then(|| Groups::from_members(members))
}

fn put(bytes: &mut Vec<u8>, v: u32) {
    bytes.extend_from_slice(&v.to_le_bytes());
}

fn take(r: &mut &[u8]) -> Option<u32> {
    let (head, rest) = r.split_first_chunk::<4>()?;
    *r = rest;
    Some(u32::from_le_bytes(*head))
}

/// Disjoint sets with path halving and union by size, each set with its first and last
/// day: a group's dated articles span at most [`DATE_WINDOW_DAYS`], so no chain of look-alikes
/// (an undated copy between a story and its reprint a year later, a weekly notice) grows
/// into one group.
struct UnionFind {
    parent: Vec<usize>,
    size: Vec<u32>,
    days: Vec<Option<(i64, i64)>>,
}

impl UnionFind {
    fn new(days: impl Iterator<Item = Option<i64>>) -> UnionFind {
        let days: Vec<Option<(i64, i64)>> = days.map(|d| d.map(|d| (d, d))).collect();
        UnionFind {
            parent: (0..days.len()).collect(),
            size: vec![1; days.len()],
            days,
        }
    }

    /// The first and last day of the union of the sets of `a` and `b`.
    fn span(&mut self, a: usize, b: usize) -> Option<(i64, i64)> {
        let (a, b) = (self.find(a), self.find(b));
        match (self.days[a], self.days[b]) {
            (Some((lo, hi)), Some((l, h))) => Some((lo.min(l), hi.max(h))),
            (x, y) => x.or(y),
        }
    }

    /// Whether joining the sets of `a` and `b` keeps their dates within the window.
    fn dates_fit(&mut self, a: usize, b: usize) -> bool {
        self.span(a, b)
            .is_none_or(|(lo, hi)| hi - lo <= DATE_WINDOW_DAYS)
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.days[a] = self.span(a, b);
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}
