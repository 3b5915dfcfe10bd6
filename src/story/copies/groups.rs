//! Groups of copies, computed from the `minhash` column after every indexing run and kept in
//! a small file beside the index ([`FILE`]) that search reads instead of recomputing.
//!
//! The file names the segments it was computed for; when the index has changed since (a run
//! that was interrupted before writing it, an index from an older build), readers compute
//! the groups afresh from the column — correct, only slower — and the next indexing run
//! writes the file again. It is derived data: deleting it loses nothing.

use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tantivy::{DocAddress, Searcher};

use super::{are_copies, bands, unpack, Signature, BANDS, DATE_WINDOW_DAYS};
use crate::index::schema::name;

/// The groups file, in the index folder.
pub const FILE: &str = ".dateline-copies.bin";
const MAGIC: &[u8; 8] = b"DLCOPY2\n";
/// Within a run of equal band keys longer than this, each member is compared with the run's
/// first only (a bucket of a thousand identical boilerplate notes stays linear).
const RUN_PAIRS: usize = 64;

/// Which live articles are copies of one another: computed in memory, or read from the
/// groups file a document at a time. A search asks only for the groups of the few dozen
/// matches it ranks, so it reads those (a million-article index has hundreds of thousands of
/// groups: loading them all cost a search 35-70 ms).
pub struct Groups(Source);

enum Source {
    Memory(Table),
    File(OnDisk),
}

/// Groups in flat arrays: per segment and document its group (or [`NO_GROUP`]), and group
/// `g`'s members at `flat[starts[g]..starts[g + 1]]`, each group in address order. The file
/// holds the same arrays.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Table {
    of: Vec<Vec<u32>>,
    starts: Vec<u32>,
    flat: Vec<DocAddress>,
}

/// A document in no group.
const NO_GROUP: u32 = u32::MAX;

impl Table {
    /// The table of `members` (groups of one are dropped), for segments of `sizes` documents.
    fn new(mut members: Vec<Vec<DocAddress>>, sizes: &[u32]) -> Table {
        members.retain(|m| m.len() > 1);
        for m in &mut members {
            m.sort();
        }
        members.sort();
        let mut of: Vec<Vec<u32>> = sizes.iter().map(|&n| vec![NO_GROUP; n as usize]).collect();
        let mut starts = vec![0u32];
        let mut flat = Vec::new();
        for (g, m) in members.iter().enumerate() {
            for &a in m {
                if let Some(slot) = of
                    .get_mut(a.segment_ord as usize)
                    .and_then(|docs| docs.get_mut(a.doc_id as usize))
                {
                    *slot = g as u32;
                }
                flat.push(a);
            }
            starts.push(flat.len() as u32);
        }
        Table { of, starts, flat }
    }
}

/// The groups file opened for reading, its sections located and its length checked.
struct OnDisk {
    file: std::fs::File,
    /// Per segment: where its documents' groups start, and its number of documents.
    segments: Vec<(u64, u32)>,
    starts_at: u64,
    flat_at: u64,
    slots: u32,
    grouped: u32,
    alive: Vec<Option<tantivy::fastfield::AliveBitSet>>,
}

impl OnDisk {
    fn u32_at(&self, at: u64) -> Option<u32> {
        let mut b = [0u8; 4];
        self.file.read_exact_at(&mut b, at).ok()?;
        Some(u32::from_le_bytes(b))
    }

    fn is_alive(&self, a: DocAddress) -> bool {
        match self.alive.get(a.segment_ord as usize) {
            Some(alive) => alive.as_ref().is_none_or(|s| s.is_alive(a.doc_id)),
            None => false,
        }
    }

    /// The whole file in memory, deleted articles left out (`None` if it cannot be read).
    fn to_table(&self) -> Option<Table> {
        let mut bytes = vec![0u8; (self.flat_at - self.starts_at) as usize];
        self.file.read_exact_at(&mut bytes, self.starts_at).ok()?;
        let starts: Vec<u32> = bytes.chunks_exact(4).map(le).collect();
        let mut bytes = vec![0u8; self.grouped as usize * 8];
        self.file.read_exact_at(&mut bytes, self.flat_at).ok()?;
        let flat: Vec<DocAddress> = bytes
            .chunks_exact(8)
            .map(|c| DocAddress::new(le(&c[..4]), le(&c[4..])))
            .collect();
        let members = starts
            .windows(2)
            .map(|w| {
                let slice = flat.get(w[0] as usize..w[1] as usize).unwrap_or(&[]);
                slice.iter().copied().filter(|&a| self.is_live(a)).collect()
            })
            .collect();
        let sizes: Vec<u32> = self.segments.iter().map(|s| s.1).collect();
        Some(Table::new(members, &sizes))
    }

    /// Whether `a` names a document of the segments that is still alive.
    fn is_live(&self, a: DocAddress) -> bool {
        self.segments
            .get(a.segment_ord as usize)
            .is_some_and(|s| a.doc_id < s.1)
            && self.is_alive(a)
    }

    /// The live members of slot `g` (unchecked against `slots`: the caller's).
    fn members(&self, g: u32) -> Option<Vec<DocAddress>> {
        let (a, b) = (
            self.u32_at(self.starts_at + 4 * u64::from(g))?,
            self.u32_at(self.starts_at + 4 * (u64::from(g) + 1))?,
        );
        if a > b || b > self.grouped {
            return None;
        }
        let mut bytes = vec![0u8; (b - a) as usize * 8];
        self.file
            .read_exact_at(&mut bytes, self.flat_at + 8 * u64::from(a))
            .ok()?;
        Some(
            bytes
                .chunks_exact(8)
                .map(|c| DocAddress::new(le(&c[..4]), le(&c[4..])))
                .filter(|&a| self.is_live(a))
                .collect(),
        )
    }
}

fn le(b: &[u8]) -> u32 {
    let mut four = [0u8; 4];
    four.copy_from_slice(b);
    u32::from_le_bytes(four)
}

impl Groups {
    /// The group of the article at `address`, if it has copies.
    pub fn group(&self, address: DocAddress) -> Option<u32> {
        let g = match &self.0 {
            Source::Memory(t) => *t
                .of
                .get(address.segment_ord as usize)?
                .get(address.doc_id as usize)?,
            Source::File(f) => {
                let (at, docs) = *f.segments.get(address.segment_ord as usize)?;
                if address.doc_id >= docs {
                    return None;
                }
                let g = f.u32_at(at + 4 * u64::from(address.doc_id))?;
                if g >= f.slots {
                    return None;
                }
                g
            }
        };
        (g != NO_GROUP).then_some(g)
    }

    /// The live articles of group `g`, in address order (fewer than two when the others
    /// have been deleted since the groups were computed).
    pub fn members(&self, g: u32) -> Vec<DocAddress> {
        match &self.0 {
            Source::Memory(t) => {
                let g = g as usize;
                match (t.starts.get(g), t.starts.get(g + 1)) {
                    (Some(&a), Some(&b)) => t
                        .flat
                        .get(a as usize..b as usize)
                        .map(<[DocAddress]>::to_vec)
                        .unwrap_or_default(),
                    _ => Vec::new(),
                }
            }
            Source::File(f) if g < f.slots => f.members(g).unwrap_or_default(),
            Source::File(_) => Vec::new(),
        }
    }

    /// Group ids run from 0 to this (some may have lost members since).
    pub fn slots(&self) -> u32 {
        match &self.0 {
            Source::Memory(t) => t.starts.len().saturating_sub(1) as u32,
            Source::File(f) => f.slots,
        }
    }

    /// True when no article has a copy.
    pub fn is_empty(&self) -> bool {
        self.slots() == 0
    }

    /// The same groups held in memory: for callers that walk every group (stats, push),
    /// which would otherwise read the file two small reads per group.
    pub fn in_memory(self) -> Groups {
        match &self.0 {
            Source::File(f) => f.to_table().map_or(self, |t| Groups(Source::Memory(t))),
            Source::Memory(_) => self,
        }
    }

    /// Groups that still hold two or more live articles, and the articles in them.
    pub fn live_counts(&self) -> (usize, usize) {
        let table = match &self.0 {
            Source::Memory(t) => Some(std::borrow::Cow::Borrowed(t)),
            Source::File(f) => f.to_table().map(std::borrow::Cow::Owned),
        };
        match table {
            // A table holds live articles only, in groups of two or more.
            Some(t) => (t.starts.len().saturating_sub(1), t.flat.len()),
            None => (0..self.slots())
                .map(|g| self.members(g).len())
                .filter(|&n| n > 1)
                .fold((0, 0), |(g, a), n| (g + 1, a + n)),
        }
    }

    /// Every group of two or more live articles, in slot order (for tests: two ways of
    /// getting the groups compare equal when they hold the same articles).
    #[cfg(test)]
    pub fn live(&self) -> Vec<Vec<DocAddress>> {
        (0..self.slots())
            .map(|g| self.members(g))
            .filter(|m| m.len() > 1)
            .collect()
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
    Ok(Groups(Source::Memory(table(searcher)?)))
}

fn table(searcher: &Searcher) -> tantivy::Result<Table> {
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
    let sizes: Vec<u32> = searcher
        .segment_readers()
        .iter()
        .map(|s| s.max_doc())
        .collect();
    Ok(Table::new(members.into_values().collect(), &sizes))
}

/// Computes the groups of `searcher` and writes them to `dir` (write then rename, so a
/// reader sees the old file or the new one).
pub fn refresh(dir: &Path, searcher: &Searcher) -> anyhow::Result<Groups> {
    let table = table(searcher)?;
    let mut bytes = Vec::from(&MAGIC[..]);
    let segments = searcher.segment_readers();
    put(&mut bytes, segments.len() as u32);
    for seg in segments {
        bytes.extend_from_slice(seg.segment_id().uuid_string().as_bytes());
        put(&mut bytes, seg.max_doc());
    }
    put(&mut bytes, table.starts.len().saturating_sub(1) as u32);
    put(&mut bytes, table.flat.len() as u32);
    for docs in &table.of {
        docs.iter().for_each(|&g| put(&mut bytes, g));
    }
    table.starts.iter().for_each(|&v| put(&mut bytes, v));
    for a in &table.flat {
        put(&mut bytes, a.segment_ord);
        put(&mut bytes, a.doc_id);
    }
    let tmp = dir.join(format!("{FILE}.tmp"));
    // No fsync: a file cut short by a crash fails its checks on reading and is recomputed.
    std::fs::File::create(&tmp)?.write_all(&bytes)?;
    std::fs::rename(&tmp, dir.join(FILE))?;
    Ok(Groups(Source::Memory(table)))
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
/// searcher. A process that searches once (the CLI) reads only its hits' groups from the
/// file; one that asks again on the same commit (`dateline serve`, thousands of searches)
/// then reads the whole file into memory, once, and looks groups up without a system call.
#[derive(Default)]
pub struct Cache(Mutex<Option<(u64, Arc<Groups>)>>);

impl Cache {
    /// The groups of `searcher` (see [`load`]), read once per searcher generation.
    pub fn get(&self, dir: &Path, searcher: &Searcher) -> tantivy::Result<Arc<Groups>> {
        let generation = searcher.generation().generation_id();
        // Held while loading, so concurrent first searches read the file once. A poisoned
        // lock only means a panic elsewhere while holding it; the value is whole either way.
        let mut kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((g, groups)) = &mut *kept {
            if *g == generation {
                if let Source::File(f) = &groups.0 {
                    if let Some(table) = f.to_table() {
                        *groups = Arc::new(Groups(Source::Memory(table)));
                    }
                }
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
    match read_file(dir, searcher).or_else(|| read_v1(dir, searcher)) {
        Some(groups) => Ok(groups),
        None => compute(searcher),
    }
}

/// The file's groups, if it exists, is whole (its length is the one its header implies),
/// and names exactly `searcher`'s segments. Only the header is read here; articles deleted
/// since it was written are left out as members are read.
fn read_file(dir: &Path, searcher: &Searcher) -> Option<Groups> {
    let file = std::fs::File::open(dir.join(FILE)).ok()?;
    let len = file.metadata().ok()?.len();
    let segments = searcher.segment_readers();
    let header_len = MAGIC.len() + 4 + segments.len() * 36 + 8;
    let mut header = vec![0u8; header_len];
    file.read_exact_at(&mut header, 0).ok()?;
    let mut r = header.strip_prefix(&MAGIC[..])?;
    if take(&mut r)? as usize != segments.len() {
        return None;
    }
    let mut at = header_len as u64;
    let mut located = Vec::with_capacity(segments.len());
    for seg in segments {
        let (id, rest) = r.split_at_checked(32)?;
        r = rest;
        if id != seg.segment_id().uuid_string().as_bytes() || take(&mut r)? != seg.max_doc() {
            return None;
        }
        located.push((at, seg.max_doc()));
        at += 4 * u64::from(seg.max_doc());
    }
    let (slots, grouped) = (take(&mut r)?, take(&mut r)?);
    let starts_at = at;
    let flat_at = starts_at + 4 * (u64::from(slots) + 1);
    if flat_at + 8 * u64::from(grouped) != len {
        return None;
    }
    Some(Groups(Source::File(OnDisk {
        file,
        segments: located,
        starts_at,
        flat_at,
        slots,
        grouped,
        alive: segments.iter().map(|s| s.alive_bitset().cloned()).collect(),
    })))
}

/// A groups file of the first format (`DLCOPY1`: one (segment, document, group) triple per
/// member), read whole into memory, so an index built by an earlier version is not
/// regrouped on every search before its next indexing run rewrites the file.
fn read_v1(dir: &Path, searcher: &Searcher) -> Option<Groups> {
    let bytes = std::fs::read(dir.join(FILE)).ok()?;
    let mut r = bytes.strip_prefix(&b"DLCOPY1\n"[..])?;
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
    let sizes: Vec<u32> = segments.iter().map(|s| s.max_doc()).collect();
    r.is_empty()
        .then(|| Groups(Source::Memory(Table::new(members, &sizes))))
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
