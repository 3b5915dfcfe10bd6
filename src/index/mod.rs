//! The index: schema and tokenizers, opening and locking, walking folders, the incremental
//! bookkeeping, and the indexing run itself.

pub mod build;
pub mod document;
pub mod ledger;
pub mod schema;
pub mod stats;
pub mod stem;
pub mod store;
pub mod walk;
pub mod watch;
