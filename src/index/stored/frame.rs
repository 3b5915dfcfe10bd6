//! The frame of a `.store` file around its documents, checked before tantivy reads it: the
//! doc store footer and the head of the offset index (tantivy's skip index: layers of
//! checkpoints, each a range of documents and the byte range of their compressed block).
//!
//! tantivy trusts all of it when it opens a store reader: it allocates as many layers as
//! the index's head claims, slices the layers at the offsets it reads (a panic when they
//! are out of order or past the end), and panics on a version or a compressor this build
//! cannot decode.

use super::layout::Bytes;

/// The bytes at the end of a `.store` file's body (after tantivy's own file footer is
/// taken off): doc store version (u32), offset of the offset index (u64), compressor id
/// (u8), 15 reserved bytes.
pub(super) const STORE_FOOTER: usize = 28;

/// Checks the frame of a `.store` file's body (the file without tantivy's footer):
/// everything tantivy reads when it opens a store reader must be there and in order.
pub fn check_store_body(body: &[u8]) -> Result<(), String> {
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
    if !matches!(compressor, 0 | 1) {
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
    let room = index.len() - r.at();
    let mut start = 0u64;
    for (i, &end) in ends.iter().enumerate() {
        if end < start || end > room as u64 {
            return Err(format!(
                "offset index layer {i} ends at byte {end}, outside {start}..={room}"
            ));
        }
        start = end;
    }
    Ok(())
}

#[cfg(test)]
#[path = "frame_tests.rs"]
mod tests;
