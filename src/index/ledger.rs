//! The bookkeeping of incremental indexing: which files the index holds, with the stamp
//! (size, mtime, content hash) they had and how many articles each produced.
//!
//! It is read from fast-field columns of the documents themselves, so it is committed
//! atomically with them: after any crash the index and its bookkeeping agree.

use rustc_hash::FxHashMap;

use tantivy::Searcher;

use super::document::FileStamp;

/// What the index holds for one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub stamp: FileStamp,
    pub articles: usize,
}

/// Reads the ledger of every live document in the index.
pub fn read(searcher: &Searcher) -> tantivy::Result<FxHashMap<String, Entry>> {
    let mut out: FxHashMap<String, Entry> = FxHashMap::default();
    out.reserve(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let Some(paths) = ff.str("path")? else {
            continue;
        };
        // Decode the segment's path dictionary once, in order, instead of a lookup per doc.
        let dict = paths.dictionary();
        let mut names: Vec<String> = Vec::with_capacity(dict.num_terms());
        let mut stream = dict.stream()?;
        while stream.advance() {
            names.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        let size = ff.u64("file_size")?;
        let mtime = ff.u64("file_mtime")?;
        let hash = ff.u64("file_hash")?;
        for doc in segment.doc_ids_alive() {
            let Some(path) = paths.ords().first(doc).and_then(|o| names.get(o as usize)) else {
                continue;
            };
            let stamp = FileStamp {
                size: size.first(doc).unwrap_or(0),
                mtime: mtime.first(doc).unwrap_or(0),
                hash: hash.first(doc).unwrap_or(0),
            };
            match out.get_mut(path.as_str()) {
                Some(e) => e.articles += 1,
                None => {
                    out.insert(path.clone(), Entry { stamp, articles: 1 });
                }
            }
        }
    }
    Ok(out)
}
