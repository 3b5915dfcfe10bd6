//! Past one machine: dateline as the front end and the ingester of an OpenSearch cluster.
//!
//! - [`push`]: `dateline push --to URL` bulk-loads the local index's articles into a cluster
//!   index made by [`mapping`] (idempotent by article id; local deletions deleted there).
//! - [`translate`]: the parsed query ([`crate::search::query`], the one parser) and its plan
//!   turned into OpenSearch's query DSL.
//! - [`remote`] and [`stories`]: `search|speakers|similar|stats --engine URL` answered by
//!   the cluster, in the same result types as the local engine so the same output writers
//!   print them.
//! - [`commands`]: the application layer of those commands.
//! - [`client`]: the HTTP client (credentials and TLS from environment variables only) with
//!   retries and backoff.
//!
//! What the cluster cannot do exactly like the local engine is listed in the README,
//! "Going beyond one machine".

pub mod client;
pub mod commands;
pub mod mapping;
pub mod push;
pub mod remote;
pub mod source;
pub mod stories;
pub mod translate;

/// The cluster index name when `--index-name` is not given.
pub const DEFAULT_INDEX_NAME: &str = "dateline";

/// What went wrong talking to the cluster.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// The URL or an environment variable is unusable.
    #[error("{0}")]
    Config(String),
    /// The cluster could not be reached (after retries).
    #[error("cannot reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
    /// The cluster answered with an error status.
    #[error("{method} {path}: HTTP {status}: {reason}")]
    Status {
        method: &'static str,
        path: String,
        status: u16,
        reason: String,
    },
    /// The cluster's answer was not what its API documents.
    #[error("unexpected answer to {path}: {reason}")]
    Answer { path: String, reason: String },
    /// The index exists but was not made by this version of dateline.
    #[error("index {index:?} on the cluster {reason} — push to a new --index-name, or delete it")]
    Mapping { index: String, reason: String },
    /// The index does not exist on the cluster.
    #[error("no index {0:?} on the cluster — run: dateline push --to URL --index-name {0}")]
    NoIndex(String),
}
