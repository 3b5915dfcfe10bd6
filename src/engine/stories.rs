//! The cluster's answers beyond a page of hits: `--timeline` (date histograms),
//! `speakers` (the matches' quotations, tallied by the local code), `similar`
//! (`more_like_this`) and `stats` (aggregations), in the local result types.

use std::time::Instant;

use jiff::civil::Date;
use serde_json::{json, Value};

use super::client::Method;
use super::mapping::encode;
use super::remote::{Remote, PAGE};
use super::source::SourceDoc;
use super::translate;
use crate::index::document::{day_from_number, day_number};
use crate::index::stats::Stats;
use crate::search::highlight::Highlights;
use crate::search::plan::Plan;
use crate::search::{SearchRequest, SearchResults};
use crate::story::speakers::{Quoted, Speakers, SpeakersRequest};
use crate::story::timeline::{self, Bar, Granularity, Timeline};

impl Remote {
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
        let query = match req.search() {
            Some(search) => translate::plan_query(&Plan::new(&search)?).0,
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
