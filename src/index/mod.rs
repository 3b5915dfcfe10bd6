//! The index: schema and tokenizers, opening and locking, walking folders, the incremental
//! bookkeeping, the indexing run itself and the compaction after it.

pub mod build;
pub mod check;
pub mod compact;
pub mod directory;
pub mod document;
pub mod fault;
pub mod integrity;
mod jsonl;
pub mod ledger;
pub mod schema;
pub mod stats;
pub mod stem;
pub mod store;
pub mod stored;
pub mod touched;
pub mod walk;
pub mod watch;
