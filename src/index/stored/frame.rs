//! The frame of a `.store` file around its documents, checked before tantivy reads it: the
//! doc store footer, the offset index (tantivy's skip index: layers of checkpoints, each a
//! range of documents and the byte range of their compressed block) and the size each
//! compressed block says it decompresses to.
//!
//! tantivy trusts all of it. It allocates as many layers as the index's head claims, slices
//! the layers at the offsets it reads (a panic when they are out of order or past the end),
//! panics on a compressor this build cannot decode, and reserves as many bytes as a block's
//! size prefix claims before decompressing it: one flipped bit there asks for 2 GiB, and
//! where memory is limited the allocation failure aborts the process.
//!
//! To check the block a document is read from, [`Frame::check_block`] finds it as tantivy's
//! `SkipIndex::seek` does (same layers, same walk, same arithmetic), so the block checked is
//! the block tantivy reads; anything the walk cannot follow is damage.

use std::ops::Range;

use tantivy::DocId;

use super::layout::Bytes;

/// The bytes at the end of a `.store` file's body (after tantivy's own file footer is
/// taken off): doc store version (u32), offset of the offset index (u64), compressor id
/// (u8), 15 reserved bytes.
pub(super) const STORE_FOOTER: usize = 28;

/// tantivy's id of the LZ4 compressor, the one dateline writes.
const LZ4: u8 = 1;

/// LZ4 writes at least one byte for every 255 it decompresses to (a match's length runs on
/// in bytes of 255), so a block of `n` compressed bytes holds at most `255 n`.
const LZ4_MAX_RATIO: u64 = 255;

/// The most a block can decompress to: a block is closed once it passes the docstore
/// block size (4 KB), so it holds that plus one document, and the largest article dateline
/// stores comes from at most 64 MB of source (`article::MAX_JSONL_BYTES`); its stored
/// values (body, headline, the quotes again as JSON) are a few times that at most. An
/// allocation this size is one a damaged prefix may ask for without harm.
const MAX_BLOCK_BYTES: u64 = 4 * crate::article::MAX_JSONL_BYTES;

/// A `.store` file's frame, read from its body: where the blocks end, how they are
/// compressed and where each layer of the offset index lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The blocks are `body[..blocks_end]`; the offset index follows them.
    blocks_end: usize,
    compressor: u8,
    /// Each layer's bytes in the body, first (coarsest) layer first.
    layers: Vec<Range<usize>>,
}

/// A checkpoint of the offset index: documents `docs` are in the block at `bytes` of the
/// blocks (or, in an upper layer, the layer below's checkpoints at `bytes` of that layer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Checkpoint {
    pub docs: Range<DocId>,
    pub bytes: Range<usize>,
}

impl Frame {
    /// Reads the frame of `body` (a `.store` file without tantivy's footer): everything
    /// tantivy reads when it opens a store reader must be there and in order.
    pub fn parse(body: &[u8]) -> Result<Frame, String> {
        let Some(footer_at) = body.len().checked_sub(STORE_FOOTER) else {
            return Err(format!(
                "{} bytes, shorter than a doc store footer",
                body.len()
            ));
        };
        let footer = &body[footer_at..];
        let word = |at: usize| footer.get(at..at + 4).and_then(|b| b.try_into().ok());
        let version = word(0).map(u32::from_le_bytes).unwrap_or_default();
        if !(1..=2).contains(&version) {
            return Err(format!("unknown doc store version {version}"));
        }
        let offset = footer
            .get(4..12)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
            .unwrap_or(u64::MAX);
        // 0: none, 1: LZ4. (4, zstd, needs tantivy's `zstd-compression` feature, which
        // this build leaves out: tantivy panics on it.)
        let compressor = footer.get(12).copied().unwrap_or(u8::MAX);
        if !matches!(compressor, 0 | LZ4) {
            return Err(format!("unknown compressor id {compressor}"));
        }
        let Some(blocks_end) = usize::try_from(offset).ok().filter(|&o| o <= footer_at) else {
            return Err(format!(
                "the offset index starts at byte {offset}, past its end ({footer_at})"
            ));
        };
        let index = &body[blocks_end..footer_at];
        let mut r = Bytes::new(index);
        let what = "the number of offset index layers";
        let count = r.vint(what).map_err(|e| e.to_string())?;
        r.fits(what, 0, count, 1).map_err(|e| e.to_string())?;
        // Each layer's end, from the end of this list; each layer starts where the one
        // before it ends.
        let mut ends = Vec::with_capacity(count as usize);
        for _ in 0..count {
            ends.push(r.vint("a layer's end").map_err(|e| e.to_string())?);
        }
        let layers_at = blocks_end + r.at();
        let room = index.len() - r.at();
        let mut start = 0u64;
        let mut layers = Vec::with_capacity(ends.len());
        for (i, &end) in ends.iter().enumerate() {
            if end < start || end > room as u64 {
                return Err(format!(
                    "offset index layer {i} ends at byte {end}, outside {start}..={room}"
                ));
            }
            layers.push(layers_at + start as usize..layers_at + end as usize);
            start = end;
        }
        Ok(Frame {
            blocks_end,
            compressor,
            layers,
        })
    }

    /// Checks the block tantivy reads document `doc` from (in `body`, the bytes this frame
    /// was parsed from): it must lie among the blocks, and an LZ4 block's size prefix must
    /// be one its compressed bytes can decompress to.
    pub fn check_block(&self, body: &[u8], doc: DocId) -> Result<(), String> {
        let block = self.seek(body, doc)?;
        let bytes = &block.bytes;
        let Some(compressed) = body
            .get(bytes.clone())
            .filter(|_| bytes.end <= self.blocks_end)
        else {
            return Err(format!(
                "the block of document {doc} at bytes {bytes:?} is outside the blocks (0..{})",
                self.blocks_end
            ));
        };
        if self.compressor != LZ4 {
            return Ok(());
        }
        // Shorter than a prefix: tantivy refuses it without allocating.
        let Some(prefix) = compressed.get(..4).and_then(|b| b.try_into().ok()) else {
            return Ok(());
        };
        let claimed = u64::from(u32::from_le_bytes(prefix));
        let held = compressed.len() - 4;
        let why = if claimed > held as u64 * LZ4_MAX_RATIO {
            format!("more than its {held} compressed bytes can hold")
        } else if claimed > MAX_BLOCK_BYTES {
            format!("more than any block dateline writes ({MAX_BLOCK_BYTES})")
        } else {
            return Ok(());
        };
        Err(format!(
            "the block at byte {} claims {claimed} bytes decompressed, {why}",
            bytes.start
        ))
    }

    /// The checkpoint of the block holding `doc`, found as tantivy's `SkipIndex::seek`
    /// finds it: from the first layer down, each layer read from the checkpoint the layer
    /// above found, the first checkpoint whose documents end past `doc`.
    pub(super) fn seek(&self, body: &[u8], doc: DocId) -> Result<Checkpoint, String> {
        let first_len = self.layers.first().map_or(0, |l| l.len());
        let mut found = Checkpoint {
            docs: 0..1,
            bytes: 0..first_len,
        };
        for (i, layer) in self.layers.iter().enumerate() {
            let data = &body[layer.clone()];
            found = seek_in_layer(data, found.bytes.start, doc)
                .map_err(|why| format!("offset index layer {i}: {why}"))?;
        }
        Ok(found)
    }
}

/// The first checkpoint of `layer`, read from byte `from`, whose documents end past `doc`.
/// The layer is a run of checkpoint blocks: a count, the first document and byte offset,
/// then each checkpoint's document count and byte length. As in tantivy, a block is read
/// whole before its checkpoints are looked at.
fn seek_in_layer(layer: &[u8], from: usize, doc: DocId) -> Result<Checkpoint, String> {
    let Some(rest) = layer.get(from..) else {
        return Err(format!(
            "starts at byte {from}, past its end ({})",
            layer.len()
        ));
    };
    let mut r = Bytes::new(rest);
    while r.left() > 0 {
        let count = u32_vint(&mut r)?;
        if count == 0 {
            return Err("an empty checkpoint block".into());
        }
        let mut first_doc = u32_vint(&mut r)?;
        let mut start = r.vint("a block's offset").map_err(|e| e.to_string())?;
        let mut found = None;
        for _ in 0..count {
            let docs = u32_vint(&mut r)?;
            let len = u32_vint(&mut r)?;
            let (Some(end_doc), Some(end)) = (
                first_doc.checked_add(docs),
                start.checked_add(u64::from(len)),
            ) else {
                return Err("a checkpoint past the largest document or offset".into());
            };
            if found.is_none() && end_doc > doc {
                let (Ok(s), Ok(e)) = (usize::try_from(start), usize::try_from(end)) else {
                    return Err(format!("an offset past the address space ({end})"));
                };
                found = Some(Checkpoint {
                    docs: first_doc..end_doc,
                    bytes: s..e,
                });
            }
            first_doc = end_doc;
            start = end;
        }
        if let Some(found) = found {
            return Ok(found);
        }
    }
    Err(format!("no checkpoint holds document {doc}"))
}

/// tantivy's `read_u32_vint`: up to 5 bytes, the last with its high bit set. A value past
/// `u32` (whose high bits tantivy drops) is damage.
fn u32_vint(r: &mut Bytes) -> Result<u32, String> {
    let at = r.at();
    let mut value = 0u64;
    for shift in (0..35).step_by(7) {
        let b = r.byte("a checkpoint").map_err(|e| e.to_string())?;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 != 0 {
            return u32::try_from(value).map_err(|_| format!("a number at byte {at} past u32"));
        }
    }
    Err(format!("a number at byte {at} runs on past 5 bytes"))
}

/// Checks the frame of a `.store` file's body before tantivy opens a reader on it (see
/// [`Frame::parse`]).
pub fn check_store_body(body: &[u8]) -> Result<(), String> {
    Frame::parse(body).map(|_| ())
}

#[cfg(test)]
#[path = "frame_tests.rs"]
mod tests;
