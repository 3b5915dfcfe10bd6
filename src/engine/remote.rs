//! Searching the cluster (`search QUERY --engine URL`): the connection, one search's page
//! of hits in the local engine's [`SearchResults`] so the same output writers print them,
//! and deep pages. Timelines, speakers, similar and stats are in [`super::stories`].
//!
//! The cluster decides which articles match and ranks them (its BM25, not the local BM25F
//! with proximity and RM3); dateline still makes the snippets, from the query's words and the
//! article text the cluster returns, with the local snippet code.

use std::time::Instant;

use serde_json::{json, Value};

use super::client::{Client, Method};
use super::mapping::{self, encode};
use super::source::SourceDoc;
use super::translate;
use super::EngineError;
use crate::index::schema::{self, Fields};
use crate::search::compile::Compiler;
use crate::search::highlight::Highlights;
use crate::search::plan::Plan;
use crate::search::snippet;
use crate::search::{Hit, Mode, SearchRequest, SearchResults, Sort};

/// Matches read per request when every match is needed (speakers).
pub(super) const PAGE: usize = 2_000;
/// The cluster's default result window: `from + size` of one search stays within it.
const WINDOW: usize = 10_000;

/// One cluster index to ask.
pub struct Remote {
    pub(super) client: Client,
    pub(super) index: String,
}

impl Remote {
    /// Connects to `url` and checks that `index` was made by `dateline push`.
    pub fn connect(url: &str, index: &str) -> Result<Remote, EngineError> {
        let mut client = Client::new(url)?;
        // Someone is waiting at a terminal: a few seconds of retries, not a push's minute.
        client.backoff.retries = 3;
        mapping::check(&client, index)?;
        Ok(Remote {
            client,
            index: index.to_string(),
        })
    }

    /// One search. An answer missing some shards (a node just left and its replicas are
    /// not yet promoted) would silently drop matches: it is retried like a 503, and an
    /// error if it stays partial.
    pub(super) fn search_body(&self, body: &Value) -> Result<Value, EngineError> {
        let path = format!("/{}/_search", encode(&self.index));
        let bytes = body.to_string().into_bytes();
        let (status, answer) = self.client.with_retries(|| {
            let (status, answer) =
                self.client
                    .send(Method::Post, &path, Some(("application/json", &bytes)))?;
            let partial = answer["_shards"]["failed"].as_u64().unwrap_or(0) > 0;
            Ok((if partial && status < 400 { 503 } else { status }, answer))
        })?;
        if status >= 400 {
            let failed = &answer["_shards"]["failures"][0]["reason"];
            let reason = match failed["reason"].as_str() {
                Some(r) => format!("a shard failed: {r}"),
                None => super::client::reason(&answer),
            };
            return Err(EngineError::Status {
                method: "POST",
                path,
                status,
                reason,
            });
        }
        Ok(answer)
    }

    /// A search, paged, sorted and collapsed as `req` asks.
    pub fn search(&self, req: &SearchRequest) -> anyhow::Result<SearchResults> {
        let start = Instant::now();
        let plan = Plan::new(req)?;
        let (query, full) = translate::plan_query(&plan);
        let mut body = json!({
            "query": query,
            "from": req.offset,
            "size": req.limit,
            "track_total_hits": true,
            "track_scores": true,
            "_source": {"excludes": ["fingerprint"]},
        });
        body["sort"] = match req.sort {
            Sort::Relevance => json!(["_score", {"id": "asc"}]),
            Sort::Newest => json!([{"day": {"order": "desc", "missing": "_last"}}, "_score"]),
            Sort::Oldest => json!([{"day": {"order": "asc", "missing": "_last"}}, "_score"]),
        };
        if req.collapse {
            body["collapse"] =
                json!({"field": "group", "inner_hits": {"name": "copies", "size": 0}});
        }
        if let Some(all) = &full {
            body["aggs"] = json!({"full": {"filter": all}});
            // Names the first-tier clause so each hit says whether it holds every word.
            if let Some(should) = body["query"]["bool"]["should"].as_array_mut() {
                if let Some(last) = should.last_mut() {
                    last["constant_score"]["_name"] = json!("all_words");
                }
            }
        }
        let answer = self.paged(body, req.offset, req.limit, req.collapse)?;
        let mut total = answer["hits"]["total"]["value"].as_u64().unwrap_or(0) as usize;
        let full_count = answer["aggregations"]["full"]["doc_count"].as_u64();
        if let Some(n) = full_count.map(|n| n as usize) {
            // The local rule: when the full matches fill the page, only they count.
            if n >= req.offset.saturating_add(req.limit) {
                total = n;
            }
        }
        let highlights = highlights(&plan);
        let hits = self.hits(&answer, req.offset, &highlights, full.is_some())?;
        Ok(SearchResults {
            total_hits: total,
            took_ms: start.elapsed().as_secs_f64() * 1000.0,
            hits,
            timeline: None,
            suggestions: Vec::new(),
        })
    }

    /// The answer to `body` for hits `offset..offset + limit`. Within the cluster's result
    /// window (`from + size` up to [`WINDOW`]) that is one request; past it, the hits are
    /// read in `search_after` pages (by the body's sort, ties broken by id) and the
    /// answer's hit list replaced by the requested slice. Collapsed results cannot be paged
    /// that way.
    fn paged(
        &self,
        mut body: Value,
        offset: usize,
        limit: usize,
        collapse: bool,
    ) -> Result<Value, EngineError> {
        let end = offset.saturating_add(limit);
        if end <= WINDOW {
            return self.search_body(&body);
        }
        if collapse {
            return Err(EngineError::Config(format!(
                "the cluster pages one hit per group of copies only up to hit {WINDOW}; \
                 add --all-copies to read further"
            )));
        }
        if let Some(sort) = body["sort"].as_array_mut() {
            if !sort.iter().any(|k| k.get("id").is_some()) {
                sort.push(json!({"id": "asc"}));
            }
        }
        body["from"] = json!(0);
        body["size"] = json!(WINDOW);
        let mut first: Option<Value> = None;
        let mut hits: Vec<Value> = Vec::new();
        loop {
            let answer = self.search_body(&body)?;
            let page = answer["hits"]["hits"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let done = page.len() < WINDOW;
            if let Some(last) = page.last() {
                body["search_after"] = last["sort"].clone();
            }
            hits.extend(page);
            if first.is_none() {
                first = Some(answer);
                // Aggregations are computed once.
                if let Some(b) = body.as_object_mut() {
                    b.remove("aggs");
                    b.insert("track_total_hits".into(), json!(false));
                }
            }
            if done || hits.len() >= end {
                break;
            }
        }
        let mut answer = first.unwrap_or_default();
        let slice: Vec<Value> = hits.into_iter().skip(offset).take(limit).collect();
        answer["hits"]["hits"] = Value::Array(slice);
        Ok(answer)
    }

    /// The hits of a search answer in the local shape, snippets made here.
    pub(super) fn hits(
        &self,
        answer: &Value,
        offset: usize,
        highlights: &Highlights,
        tiered: bool,
    ) -> Result<Vec<Hit>, EngineError> {
        let mut matcher = snippet::Matcher::new(highlights);
        let empty = Vec::new();
        let raw = answer["hits"]["hits"].as_array().unwrap_or(&empty);
        let mut hits = Vec::with_capacity(raw.len());
        for (i, h) in raw.iter().enumerate() {
            let doc: SourceDoc =
                serde_json::from_value(h["_source"].clone()).map_err(|e| EngineError::Answer {
                    path: "_search".into(),
                    reason: format!("a hit's _source: {e}"),
                })?;
            let article = doc.into_article();
            let (snippet, quotes) = snippet::body_and_quotes(&mut matcher, &article);
            let in_group = h["inner_hits"]["copies"]["hits"]["total"]["value"]
                .as_u64()
                .unwrap_or(1);
            let all_words = h["matched_queries"]
                .as_array()
                .is_some_and(|m| m.iter().any(|q| q == "all_words"));
            hits.push(Hit {
                rank: offset + i + 1,
                score: h["_score"].as_f64().unwrap_or(0.0) as f32,
                mode: if !tiered || all_words {
                    Mode::All
                } else {
                    Mode::Partial
                },
                article,
                snippet,
                quotes,
                copies: in_group.saturating_sub(1) as usize,
            });
        }
        Ok(hits)
    }
}

/// The words a snippet highlights for `plan`: the operators' positive words (as the local
/// compiler collects them) and the scored terms.
fn highlights(plan: &Plan) -> Highlights {
    let Ok(fields) = Fields::resolve(&schema::build()) else {
        return Highlights::default();
    };
    let mut compiler = Compiler::new(fields);
    for n in plan.must.iter().chain(&plan.required_words) {
        let _ = compiler.compile(n, true);
    }
    let mut h = compiler.highlights;
    h.terms.extend(plan.terms.iter().map(|t| t.text.clone()));
    h
}
