//! Reading stored documents safely: the one way dateline reads an article (or any stored
//! document) back from the doc store. A document's bytes are checked against the layout
//! tantivy writes ([`layout`]) before tantivy decodes them, and the block they are read
//! from against the `.store` file's offset index and the size the block claims
//! ([`frame`]), so that damaged bytes become a [`StoredError`] — never an allocation of
//! gigabytes that aborts the process, never a panic.
//!
//! Verifying the whole `.store` file's checksum would find the same damage but reads every
//! byte of it (hundreds of MB at scale) for each search; checking the few documents read
//! costs a pass over their own bytes.

pub mod frame;
pub mod layout;

use std::cell::OnceCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use tantivy::directory::OwnedBytes;
use tantivy::index::SegmentComponent;
use tantivy::schema::document::DocumentDeserialize;
use tantivy::store::StoreReader;
use tantivy::{DocAddress, DocId, Searcher, TantivyError};

use super::document::Stored;
use super::schema::Fields;
use super::store::{self, StoreError};
use crate::article::Article;
use frame::Frame;
use layout::Shape;

/// Decompressed blocks each segment's reader keeps: the hits of one page often share
/// blocks, and a document is read from its block twice (checked, then decoded).
const CACHED_BLOCKS: usize = 16;

/// Why a stored document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StoredError {
    /// Its bytes are not what tantivy writes: the doc store is damaged.
    #[error("stored document {doc} in {file}: {damage}")]
    Damaged {
        file: String,
        doc: DocId,
        damage: String,
    },
    /// tantivy could not read or decompress its block.
    #[error(transparent)]
    Engine(#[from] TantivyError),
}

impl StoredError {
    /// The diagnosis of the index at `dir` this error shows: damaged, with the fix.
    pub fn diagnosis(&self, dir: &Path) -> StoreError {
        match self {
            StoredError::Damaged { .. } => StoreError::Damaged {
                path: dir.display().to_string(),
                reason: store::one_line(&self.to_string()),
            },
            StoredError::Engine(e) => store::damaged(dir, e),
        }
    }
}

/// For callers that report tantivy's errors: damage becomes tantivy's data corruption.
impl From<StoredError> for TantivyError {
    fn from(e: StoredError) -> TantivyError {
        match e {
            StoredError::Engine(e) => e,
            damaged => TantivyError::DataCorruption(tantivy::error::DataCorruption::comment_only(
                damaged.to_string(),
            )),
        }
    }
}

/// Stored documents of one searcher, each checked before it is decoded. Each segment's
/// store reader is opened the first time one of its documents is read.
pub struct Docs<'s> {
    searcher: &'s Searcher,
    shape: Shape,
    readers: Vec<OnceCell<SegmentStore>>,
}

/// A segment's store reader and the frame of its `.store` file, read from the same bytes:
/// the block a document is read from is checked in the frame before tantivy reads it.
struct SegmentStore {
    reader: StoreReader,
    /// The file without tantivy's footer (mapped, not copied).
    body: OwnedBytes,
    frame: Frame,
}

impl<'s> Docs<'s> {
    pub fn new(searcher: &'s Searcher) -> Docs<'s> {
        let segments = searcher.segment_readers().len();
        Docs {
            searcher,
            shape: Shape::new(searcher.schema()),
            readers: (0..segments).map(|_| OnceCell::new()).collect(),
        }
    }

    /// The article stored at `address`.
    pub fn article(&self, address: DocAddress, fields: &Fields) -> Result<Article, StoredError> {
        Ok(self.stored(address)?.article(fields))
    }

    /// The values stored at `address`, decoded here when they are plain values (one pass
    /// and one look-up of the document), else checked and decoded by tantivy.
    pub fn stored(&self, address: DocAddress) -> Result<Stored, StoredError> {
        let (bytes, reader) = self.bytes(address)?;
        match layout::decode_flat(&bytes, &self.shape) {
            Ok(Some(values)) => Ok(Stored::from_values(values)),
            Ok(None) => self.decode(&bytes, reader, address),
            Err(d) => Err(self.damaged(address, d.to_string())),
        }
    }

    /// The document stored at `address`, decoded as `D`.
    pub fn get<D: DocumentDeserialize>(&self, address: DocAddress) -> Result<D, StoredError> {
        let (bytes, reader) = self.bytes(address)?;
        self.decode(&bytes, reader, address)
    }

    /// Checks `bytes` (the document at `address`, of `reader`) and has tantivy decode them.
    fn decode<D: DocumentDeserialize>(
        &self,
        bytes: &[u8],
        reader: &StoreReader,
        address: DocAddress,
    ) -> Result<D, StoredError> {
        layout::check_document(bytes, &self.shape)
            .map_err(|d| self.damaged(address, d.to_string()))?;
        // The same block again, from the reader's cache.
        catch_unwind(AssertUnwindSafe(|| reader.get::<D>(address.doc_id)))
            .map_err(|p| self.damaged(address, super::check::panic_text(&p)))?
            .map_err(StoredError::from)
    }

    /// The bytes of the document at `address` and its segment's store reader.
    fn bytes(&self, address: DocAddress) -> Result<(OwnedBytes, &StoreReader), StoredError> {
        let ord = address.segment_ord as usize;
        let (Some(segment), Some(cell)) = (
            self.searcher.segment_readers().get(ord),
            self.readers.get(ord),
        ) else {
            return Err(TantivyError::InvalidArgument(format!("no segment {ord}")).into());
        };
        let store = match cell.get() {
            Some(r) => r,
            None => {
                let opened = self.open_store(segment, address)?;
                cell.get_or_init(|| opened)
            }
        };
        let doc = address.doc_id;
        if doc >= segment.max_doc() {
            return Err(TantivyError::InvalidArgument(format!("no document {doc}")).into());
        }
        // tantivy reserves what the block's size prefix claims before decompressing it.
        store
            .frame
            .check_block(store.body.as_slice(), doc)
            .map_err(|why| self.damaged(address, why))?;
        // A block that does not decompress is damage of this file too. tantivy panics on
        // a damaged block index (offsets past the block's end).
        let bytes = catch_unwind(AssertUnwindSafe(|| store.reader.get_document_bytes(doc)))
            .map_err(|p| self.damaged(address, super::check::panic_text(&p)))?
            .map_err(|e| self.damaged(address, e.to_string()))?;
        Ok((bytes, &store.reader))
    }

    /// Opens the store of `segment` (read for the document at `address`): its frame, then
    /// tantivy's reader on the same file.
    fn open_store(
        &self,
        segment: &tantivy::SegmentReader,
        address: DocAddress,
    ) -> Result<SegmentStore, StoredError> {
        let file = segment
            .open_read(SegmentComponent::Store)
            .map_err(TantivyError::from)?;
        let body = file.read_bytes().map_err(TantivyError::from)?;
        let frame = Frame::parse(body.as_slice()).map_err(|why| self.damaged(address, why))?;
        let reader = StoreReader::open(file, CACHED_BLOCKS).map_err(TantivyError::from)?;
        Ok(SegmentStore {
            reader,
            body,
            frame,
        })
    }

    /// The error for damage found in the document at `address`.
    fn damaged(&self, address: DocAddress, damage: String) -> StoredError {
        let file = self
            .searcher
            .segment_readers()
            .get(address.segment_ord as usize)
            .map_or_else(String::new, |s| s.segment_id().uuid_string());
        StoredError::Damaged {
            file: format!("{file}.store"),
            doc: address.doc_id,
            damage,
        }
    }
}

/// The article stored at `address` of `searcher`: for a caller reading one.
pub fn article(
    searcher: &Searcher,
    address: DocAddress,
    fields: &Fields,
) -> Result<Article, StoredError> {
    Docs::new(searcher).article(address, fields)
}

#[cfg(test)]
mod tests;
