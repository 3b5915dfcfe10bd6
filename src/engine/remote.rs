//! Searching the cluster: `search`, `--timeline`, `speakers`, `similar` and `stats` with
//! `--engine URL`, answered in the local engine's result types ([`SearchResults`],
//! [`Timeline`], [`Speakers`], [`Stats`]) so the same output writers print them.
//!
//! The cluster decides which articles match and ranks them (its BM25, not the local BM25F
//! with proximity and RM3); dateline still makes the snippets, from the query's words and the
//! article text the cluster returns, with the local snippet code.

use std::time::Instant;

use jiff::civil::Date;
use serde_json::{json, Value};

use super::client::{Client, Method};
use super::mapping::{self, encode};
use super::source::SourceDoc;
use super::translate;
use super::EngineError;
use crate::index::document::{day_from_number, day_number};
use crate::index::schema::{self, Fields};
use crate::index::stats::Stats;
use crate::search::compile::Compiler;
use crate::search::highlight::Highlights;
use crate::search::plan::Plan;
use crate::search::snippet::{self, SnippetShape};
use crate::search::{Hit, Mode, SearchRequest, SearchResults, Sort};
use crate::story::speakers::{Quoted, Speakers, SpeakersRequest};
use crate::story::timeline::{self, Bar, Granularity, Timeline};

/// Matches read per request when every match is needed (speakers).
const PAGE: usize = 2_000;
/// The cluster's default result window: `from + size` of one search stays within it.
const WINDOW: usize = 10_000;

/// One cluster index to ask.
pub struct Remote {
    client: Client,
    index: String,
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
    fn search_body(&self, body: &Value) -> Result<Value, EngineError> {
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
    fn hits(
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
            let snippet =
                snippet::snippet_with(&mut matcher, &article.body, SnippetShape::default());
            let quotes = article
                .quotes
                .iter()
                .filter(|q| !matcher.find(&q.text).is_empty())
                .cloned()
                .collect();
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

    /// Every match of `req` counted per period (date histograms of the matches and of the
    /// whole index over the same periods, for the shares).
    pub fn timeline(
        &self,
        req: &SearchRequest,
        granularity: Option<Granularity>,
    ) -> anyhow::Result<Timeline> {
        let plan = Plan::new(req)?;
        let (query, _) = translate::plan_query(&plan);
        let span = self.search_body(&json!({
            "query": query, "size": 0, "track_total_hits": true,
            "aggs": {
                "first": {"min": {"field": "day"}},
                "last": {"max": {"field": "day"}},
                "undated": {"missing": {"field": "day"}}
            }
        }))?;
        let aggs = &span["aggregations"];
        let undated = aggs["undated"]["doc_count"].as_u64().unwrap_or(0);
        let (Some(first), Some(last)) = (
            aggs["first"]["value"].as_f64(),
            aggs["last"]["value"].as_f64(),
        ) else {
            return Ok(Timeline {
                granularity: granularity.unwrap_or(Granularity::Day),
                bars: Vec::new(),
                undated,
            });
        };
        let (first, last) = (first as i64, last as i64);
        let g = granularity.unwrap_or_else(|| Granularity::fitting(first, last));
        let interval = match g {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Year => "year",
        };
        // Wide enough to hold the first and last periods whole.
        let margin = match g {
            Granularity::Day => 0,
            Granularity::Week => 7,
            Granularity::Month => 31,
            Granularity::Year => 366,
        };
        let histogram = json!({"date_histogram": {
            "field": "date", "calendar_interval": interval, "min_doc_count": 1,
            "format": "strict_date"
        }});
        let answer = self.search_body(&json!({
            "query": query, "size": 0,
            "aggs": {
                "bars": histogram,
                "all": {"global": {}, "aggs": {"near": {
                    "filter": {"range": {"day": {"gte": first - margin, "lte": last + margin}}},
                    "aggs": {"bars": histogram}
                }}}
            }
        }))?;
        let aggs = &answer["aggregations"];
        let (from, to) = (g.key(first), g.key(last));
        let counts = period_counts(&aggs["bars"], g);
        let indexed = period_counts(&aggs["all"]["near"]["bars"], g);
        let bars = (from..=to)
            .map(|key| {
                let count = counts.get(&key).copied().unwrap_or(0);
                let all = indexed.get(&key).copied().unwrap_or(0);
                Bar {
                    period: g.label(key),
                    count,
                    share: timeline::share(count, all),
                }
            })
            .collect();
        Ok(Timeline {
            granularity: g,
            bars,
            undated,
        })
    }

    /// Who is quoted in the matching articles. The quotations of every match are read
    /// (`search_after` pages) and tallied by the local code, so spellings merge alike.
    pub fn speakers(&self, req: &SpeakersRequest) -> anyhow::Result<Speakers> {
        let start = Instant::now();
        let query = match req.query.as_deref().filter(|q| !q.trim().is_empty()) {
            Some(q) => {
                let search = SearchRequest {
                    query: q.to_string(),
                    dates: req.dates,
                    limit: 10,
                    ..SearchRequest::default()
                };
                translate::plan_query(&Plan::new(&search)?).0
            }
            None if req.dates.is_open() => json!({"match_all": {}}),
            None => translate::dates(&req.dates),
        };
        let mut quoted = Quoted::default();
        let mut n = 0;
        let mut after: Option<Value> = None;
        loop {
            let mut body = json!({
                "query": query, "size": PAGE, "track_total_hits": false,
                "_source": ["quotes", "day"], "sort": [{"id": "asc"}]
            });
            if let Some(a) = &after {
                body["search_after"] = a.clone();
            }
            let answer = self.search_body(&body)?;
            let page = answer["hits"]["hits"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if page.is_empty() {
                break;
            }
            for h in &page {
                let mut source = h["_source"].clone();
                for key in ["id", "path", "headline", "body"] {
                    source[key] = json!("");
                }
                let doc: SourceDoc = serde_json::from_value(source).unwrap_or_default();
                quoted.add(n, &doc.into_article());
                n += 1;
            }
            after = page.last().map(|h| h["sort"].clone());
        }
        Ok(quoted.finish(n, req.limit, start))
    }

    /// The articles most like article `id` (OpenSearch's `more_like_this` over headline
    /// and body), its copies left out, one per group of copies. `None`: no such id.
    pub fn similar(&self, id: &str, limit: usize) -> anyhow::Result<Option<SearchResults>> {
        let start = Instant::now();
        let path = format!("/{}/_doc/{}", encode(&self.index), encode(id));
        let (status, doc) = self
            .client
            .with_retries(|| self.client.send(Method::Get, &path, None))?;
        if status == 404 || doc["found"] == json!(false) {
            return Ok(None);
        }
        let group = doc["_source"]["group"].as_str().unwrap_or(id).to_string();
        let body = json!({
            "size": limit,
            "track_total_hits": true,
            "_source": {"excludes": ["fingerprint"]},
            "query": {"bool": {
                "must": [{"more_like_this": {
                    "fields": ["headline", "body"],
                    "like": [{"_index": self.index, "_id": id}],
                    "min_term_freq": 1,
                    "min_doc_freq": 2,
                    "max_query_terms": crate::story::similar::TERMS,
                    "minimum_should_match": "1"
                }}],
                "must_not": [{"term": {"group": group}}, {"term": {"id": id}}]
            }},
            "collapse": {"field": "group", "inner_hits": {"name": "copies", "size": 0}}
        });
        let answer = self.search_body(&body)?;
        let hits = self.hits(&answer, 0, &Highlights::default(), false)?;
        Ok(Some(SearchResults {
            total_hits: answer["hits"]["total"]["value"].as_u64().unwrap_or(0) as usize,
            took_ms: start.elapsed().as_secs_f64() * 1000.0,
            hits,
            timeline: None,
            suggestions: Vec::new(),
        }))
    }

    /// The figures of `dateline stats`, from aggregations (`files` is a cardinality count:
    /// exact below 40,000 distinct paths, an estimate above).
    pub fn stats(&self) -> anyhow::Result<Stats> {
        let answer = self.search_body(&json!({
            "size": 0, "track_total_hits": true,
            "aggs": {
                "dated": {"filter": {"exists": {"field": "day"}}},
                "first": {"min": {"field": "day"}},
                "last": {"max": {"field": "day"}},
                "files": {"cardinality": {"field": "path", "precision_threshold": 40000}},
                "per_year": {"date_histogram": {"field": "date", "calendar_interval": "year", "format": "yyyy", "min_doc_count": 1}},
                "per_month": {"date_histogram": {"field": "date", "calendar_interval": "month", "format": "yyyy-MM", "min_doc_count": 1}},
                "groups": {"filter": {"bool": {"filter": [
                    {"term": {"group_first": true}}, {"range": {"group_size": {"gt": 1}}}]}}},
                "grouped": {"filter": {"range": {"group_size": {"gt": 1}}}}
            }
        }))?;
        let a = &answer["aggregations"];
        let count = |v: &Value| v.as_u64().unwrap_or(0);
        let documents = count(&answer["hits"]["total"]["value"]);
        let dated = count(&a["dated"]["doc_count"]);
        let day = |v: &Value| v.as_f64().and_then(|d| day_from_number(d as i64));
        let buckets = |v: &Value| {
            v["buckets"]
                .as_array()
                .map(|b| {
                    b.iter()
                        .filter_map(|x| {
                            Some((
                                x["key_as_string"].as_str()?.to_string(),
                                count(&x["doc_count"]),
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let sizes = self.client.json(
            Method::Get,
            &format!("/{}/_stats/store", encode(&self.index)),
            None,
        )?;
        Ok(Stats {
            documents,
            files: count(&a["files"]["value"]),
            dated,
            undated: documents.saturating_sub(dated),
            first_date: day(&a["first"]["value"]),
            last_date: day(&a["last"]["value"]),
            per_year: buckets(&a["per_year"]),
            per_month: buckets(&a["per_month"]),
            index_bytes: count(&sizes["_all"]["primaries"]["store"]["size_in_bytes"]),
            copy_groups: count(&a["groups"]["doc_count"]),
            grouped_articles: count(&a["grouped"]["doc_count"]),
        })
    }
}

/// A date histogram's buckets summed per period of `g` (keys are period ordinals).
fn period_counts(agg: &Value, g: Granularity) -> std::collections::HashMap<i64, u64> {
    let mut out = std::collections::HashMap::new();
    for b in agg["buckets"].as_array().into_iter().flatten() {
        let day = b["key_as_string"]
            .as_str()
            .and_then(|s| s.parse::<Date>().ok());
        if let Some(day) = day {
            *out.entry(g.key(day_number(day))).or_default() += b["doc_count"].as_u64().unwrap_or(0);
        }
    }
    out
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
