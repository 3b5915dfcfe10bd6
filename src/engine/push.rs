//! `dateline push --to URL`: every live article of the local index bulk-loaded into a
//! cluster index by its own id.
//!
//! - Idempotent: each article is an `index` action keyed by its id, so a re-push replaces
//!   and never duplicates; ids on the cluster that the local index no longer holds are
//!   deleted.
//! - `--since-last`: the cluster's documents carry a fingerprint of their content; only
//!   articles whose fingerprint differs (or that are missing) are sent.
//! - Batches are cut by size in bytes; a batch the cluster refuses as a whole (429, 5xx, a
//!   lost connection) is sent again after a backoff, and so are the single actions it
//!   answers with 429 or 5xx (a shard whose node just left) — nothing is counted failed
//!   before its retries are spent.
//! - The summary is `index`'s: added, updated, removed, unchanged, failed (articles) and
//!   one `id: reason` line per failed article.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Value};
use tantivy::DocAddress;

use super::client::{retryable, Client, Method};
use super::mapping::{self, encode};
use super::source::SourceDoc;
use super::EngineError;
use crate::index::build::{FileError, Summary};
use crate::index::store::{self, Store};
use crate::index::stored::Docs;
use crate::story::copies::groups;

/// A push, resolved from the flags.
#[derive(Debug, Clone)]
pub struct PushRequest {
    pub index_name: String,
    pub since_last: bool,
    /// Bytes of NDJSON per bulk request (OpenSearch suggests 5-15 MB).
    pub batch_bytes: usize,
    pub shards: u32,
    pub replicas: u32,
    pub progress: bool,
}

impl Default for PushRequest {
    fn default() -> PushRequest {
        PushRequest {
            index_name: super::DEFAULT_INDEX_NAME.to_string(),
            since_last: false,
            batch_bytes: 5 << 20,
            shards: 3,
            replicas: 1,
            progress: false,
        }
    }
}

/// Pushes every live article of `store` to the cluster.
pub fn run(store: &Store, client: &Client, req: &PushRequest) -> anyhow::Result<Summary> {
    let start = Instant::now();
    let searcher = store.reader.searcher();
    let damaged = |e: tantivy::TantivyError| store::damaged(&store.dir, &e);
    let copies = group_keys(store).map_err(damaged)?;
    mapping::ensure(client, &req.index_name, req.shards, req.replicas)?;
    let mut remote = remote_fingerprints(client, &req.index_name)?;
    // No refreshes while loading (each one writes a small segment the cluster must merge
    // again); the default comes back afterwards, even when the push fails.
    let settings = format!("/{}/_settings", encode(&req.index_name));
    client.json(
        Method::Put,
        &settings,
        Some(&json!({"index": {"refresh_interval": "-1"}})),
    )?;
    let bar = progress_bar(req.progress, searcher.num_docs());
    let loaded = load(store, client, req, &copies, &mut remote, &bar);
    let restored = client.json(
        Method::Put,
        &settings,
        Some(&json!({"index": {"refresh_interval": null}})),
    );
    let mut summary = loaded?;
    restored?;
    client.json(
        Method::Post,
        &format!("/{}/_refresh", encode(&req.index_name)),
        None,
    )?;
    bar.finish_and_clear();
    summary.took_ms = start.elapsed().as_millis() as u64;
    Ok(summary)
}

/// Sends every article (all, or the changed ones with `--since-last`) and the deletions.
fn load(
    store: &Store,
    client: &Client,
    req: &PushRequest,
    copies: &HashMap<DocAddress, (String, u32)>,
    remote: &mut HashMap<String, String>,
    bar: &ProgressBar,
) -> anyhow::Result<Summary> {
    let searcher = store.reader.searcher();
    let mut summary = Summary::default();
    let mut batch = Batch::new(&req.index_name);
    let docs = Docs::new(&searcher);
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        for doc in seg.doc_ids_alive() {
            let address = DocAddress::new(ord as u32, doc);
            let article = docs
                .article(address, &store.fields)
                .map_err(|e| e.diagnosis(&store.dir))?;
            let (group, size) = match copies.get(&address) {
                Some((g, n)) => (g.as_str(), *n),
                None => (article.id.as_str(), 1),
            };
            let source = SourceDoc::from_article(&article, group, size);
            let known = remote.remove(&source.id);
            bar.inc(1);
            let kind = match known {
                Some(fp) if req.since_last && fp == source.fingerprint => {
                    summary.unchanged += 1;
                    continue;
                }
                Some(_) => Kind::Updated,
                None => Kind::Added,
            };
            *kind.count(&mut summary) += 1;
            batch.index(&source, kind);
            if batch.bytes >= req.batch_bytes {
                batch.send(client, &mut summary)?;
            }
        }
    }
    for id in remote.keys() {
        batch.delete(id);
        summary.removed += 1;
        if batch.bytes >= req.batch_bytes {
            batch.send(client, &mut summary)?;
        }
    }
    batch.send(client, &mut summary)?;
    Ok(summary)
}

/// For every article that has copies: its group's key (the smallest id among the copies,
/// stable whatever the segments' order) and the group's size.
fn group_keys(store: &Store) -> tantivy::Result<HashMap<DocAddress, (String, u32)>> {
    let searcher = store.reader.searcher();
    let found = groups::load(&store.dir, &searcher)?.in_memory();
    let mut out = HashMap::new();
    let docs = Docs::new(&searcher);
    for g in 0..found.slots() {
        let members = found.members(g);
        if members.len() < 2 {
            continue;
        }
        let mut ids = Vec::with_capacity(members.len());
        for &a in &members {
            ids.push(docs.article(a, &store.fields)?.id);
        }
        let Some(key) = ids.iter().min().cloned() else {
            continue;
        };
        for &a in &members {
            out.insert(a, (key.clone(), members.len() as u32));
        }
    }
    Ok(out)
}

/// Every document id on the cluster index with its fingerprint, read in id order with
/// `search_after` (no scroll context to leak).
fn remote_fingerprints(
    client: &Client,
    index: &str,
) -> Result<HashMap<String, String>, EngineError> {
    let index = encode(index);
    client.json(Method::Post, &format!("/{index}/_refresh"), None)?;
    let mut out = HashMap::new();
    let mut after: Option<Value> = None;
    loop {
        let mut body = json!({
            "size": 10_000,
            "_source": false,
            "track_total_hits": false,
            "docvalue_fields": ["fingerprint"],
            "sort": [{"id": "asc"}]
        });
        if let Some(a) = &after {
            body["search_after"] = a.clone();
        }
        let answer = client.json(Method::Post, &format!("/{index}/_search"), Some(&body))?;
        let hits = answer["hits"]["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if hits.is_empty() {
            return Ok(out);
        }
        for h in &hits {
            let Some(id) = h["_id"].as_str() else {
                continue;
            };
            let fp = h["fields"]["fingerprint"][0].as_str().unwrap_or_default();
            out.insert(id.to_string(), fp.to_string());
        }
        after = hits.last().map(|h| h["sort"].clone());
    }
}

/// One bulk request being filled: its actions, kept apart so single ones can be re-sent.
struct Batch {
    index: String,
    actions: Vec<Action>,
    bytes: usize,
}

/// One action: the article id, its NDJSON lines, and the summary count it went to.
struct Action {
    id: String,
    lines: String,
    kind: Kind,
}

/// Which count of the summary an action adds to (and takes back from if it fails).
#[derive(Debug, Clone, Copy)]
enum Kind {
    Added,
    Updated,
    Removed,
}

impl Kind {
    fn count(self, s: &mut Summary) -> &mut usize {
        match self {
            Kind::Added => &mut s.added,
            Kind::Updated => &mut s.updated,
            Kind::Removed => &mut s.removed,
        }
    }
}

impl Batch {
    fn new(index: &str) -> Batch {
        Batch {
            index: index.to_string(),
            actions: Vec::new(),
            bytes: 0,
        }
    }

    fn index(&mut self, doc: &SourceDoc, kind: Kind) {
        let meta = json!({"index": {"_index": self.index, "_id": doc.id}});
        // Serialising strings and numbers cannot fail.
        let body = serde_json::to_string(doc).unwrap_or_default();
        self.push(&doc.id, format!("{meta}\n{body}\n"), kind);
    }

    fn delete(&mut self, id: &str) {
        let meta = json!({"delete": {"_index": self.index, "_id": id}});
        self.push(id, format!("{meta}\n"), Kind::Removed);
    }

    fn push(&mut self, id: &str, lines: String, kind: Kind) {
        self.bytes += lines.len();
        self.actions.push(Action {
            id: id.to_string(),
            lines,
            kind,
        });
    }

    /// Sends the batch; actions the cluster answers with 429/5xx are sent again after a
    /// backoff until the client's retries are spent, then counted failed.
    fn send(&mut self, client: &Client, summary: &mut Summary) -> Result<(), EngineError> {
        let mut pending = std::mem::take(&mut self.actions);
        self.bytes = 0;
        let mut round = 0;
        while !pending.is_empty() {
            let body: String = pending.iter().map(|a| a.lines.as_str()).collect();
            let (status, answer) = client.with_retries(|| {
                client.send(
                    Method::Post,
                    "/_bulk",
                    Some(("application/x-ndjson", body.as_bytes())),
                )
            })?;
            if status >= 400 {
                return Err(EngineError::Status {
                    method: "POST",
                    path: "/_bulk".into(),
                    status,
                    reason: super::client::reason(&answer),
                });
            }
            let items = answer["items"].as_array().cloned().unwrap_or_default();
            if items.len() != pending.len() {
                return Err(EngineError::Answer {
                    path: "/_bulk".into(),
                    reason: format!("{} items for {} actions", items.len(), pending.len()),
                });
            }
            let mut again = Vec::new();
            for (action, item) in pending.into_iter().zip(items) {
                let result = item
                    .as_object()
                    .and_then(|o| o.values().next())
                    .cloned()
                    .unwrap_or_default();
                let status = result["status"].as_u64().unwrap_or(0) as u16;
                // A delete of a document already gone is what we wanted.
                let gone = status == 404 && matches!(action.kind, Kind::Removed);
                if (200..300).contains(&status) || gone {
                    continue;
                }
                if retryable(status) && round < client.backoff.retries {
                    again.push(action);
                } else {
                    *action.kind.count(summary) -= 1;
                    summary.failed += 1;
                    summary.errors.push(FileError {
                        path: action.id,
                        reason: format!("HTTP {status}: {}", super::client::reason(&result)),
                    });
                }
            }
            if !again.is_empty() {
                std::thread::sleep(client.backoff.wait(round));
                round += 1;
            }
            pending = again;
        }
        Ok(())
    }
}

fn progress_bar(enabled: bool, len: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} pushing {pos}/{len} articles [{bar:30}] {per_sec} ETA {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
