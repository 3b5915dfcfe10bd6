//! The query language in OpenSearch's query DSL: the tree the one parser makes
//! ([`crate::search::query::Node`]) and the plan the local engine makes of it
//! ([`crate::search::plan::Plan`]) turned into `bool`, `match_phrase` (with slop),
//! `prefix`, `fuzzy`, `range` and `nested` clauses, so the cluster admits the documents the
//! local engine admits.
//!
//! Words are analysed by the cluster with the same chain as locally (see [`super::mapping`]),
//! except plain words, which the plan has already analysed (stop words dropped, stemmed):
//! they go as `term` clauses on the stems. Date filters compare the local `day` number and
//! `instant` seconds, stored beside the `date`, with the local rule: an article without an
//! instant is compared by its day.

use serde_json::{json, Value};

use crate::index::document::day_number;
use crate::index::schema::{name_analyzer, text_analyzer, tokens};
use crate::search::dates::DateRange;
use crate::search::plan::Plan;
use crate::search::query::{FieldName, Node};

/// The cluster fields an unfielded word searches, with the boost each gets when ranking
/// (the local BM25F field weights: headline 2, byline 0.5, body 1; quotes match but the
/// local ranker gives them no weight, so a small one here).
pub const DEFAULT_FIELDS: [(&str, f32); 4] = [
    ("headline", 2.0),
    ("byline", 0.5),
    ("body", 1.0),
    ("quotes.text", 0.1),
];

/// The cluster field of a query field.
pub fn field_name(f: FieldName) -> &'static str {
    match f {
        FieldName::Headline => "headline",
        FieldName::Byline => "byline",
        FieldName::Body => "body",
        FieldName::Quotes => "quotes.text",
        FieldName::Speaker => "quotes.speaker",
        FieldName::Id => "id",
        FieldName::Path => "path",
    }
}

fn targets(field: Option<FieldName>) -> Vec<&'static str> {
    match field {
        Some(f) => vec![field_name(f)],
        None => DEFAULT_FIELDS.iter().map(|(f, _)| *f).collect(),
    }
}

/// A clause that matches nothing.
fn none() -> Value {
    json!({"match_none": {}})
}

/// Any one of `clauses` (one clause stands alone).
fn any_of(mut clauses: Vec<Value>) -> Value {
    match clauses.len() {
        0 => none(),
        1 => clauses.remove(0),
        _ => json!({"bool": {"should": clauses, "minimum_should_match": 1}}),
    }
}

/// A speaker clause asks about one quotation's speaker: a nested query.
fn on_field(field: &str, clause: Value) -> Value {
    if field == "quotes.speaker" {
        json!({"nested": {"path": "quotes", "query": clause, "score_mode": "max"}})
    } else {
        clause
    }
}

/// One parsed query node as a DSL clause.
pub fn node(n: &Node) -> Value {
    match n {
        Node::Text { field, text } => words(*field, text, 0),
        Node::Phrase { field, text, slop } => words(*field, text, *slop),
        Node::Prefix { field, text } => prefix(*field, text),
        Node::Fuzzy {
            field,
            text,
            distance,
        } => fuzzy(*field, text, *distance),
        Node::Date(range) => dates(range),
        Node::And(children) => {
            let (mut must, mut must_not) = (Vec::new(), Vec::new());
            for c in children {
                match c {
                    Node::Not(inner) => must_not.push(node(inner)),
                    other => must.push(node(other)),
                }
            }
            if must.is_empty() {
                must.push(json!({"match_all": {}}));
            }
            json!({"bool": {"must": must, "must_not": must_not}})
        }
        Node::Or(children) => any_of(children.iter().map(node).collect()),
        Node::Not(inner) => {
            json!({"bool": {"must": [{"match_all": {}}], "must_not": [node(inner)]}})
        }
        Node::Required(inner) => node(inner),
    }
}

/// Words or a phrase: each field's `match_phrase` (one word is a term query), keys exact.
fn words(field: Option<FieldName>, text: &str, slop: u32) -> Value {
    if let Some(f @ (FieldName::Id | FieldName::Path)) = field {
        return json!({"term": {field_name(f): text}});
    }
    any_of(
        targets(field)
            .into_iter()
            .map(|f| {
                on_field(
                    f,
                    json!({"match_phrase": {f: {"query": text, "slop": slop}}}),
                )
            })
            .collect(),
    )
}

/// `prefix*`: folded, not stemmed (as locally), on each field's indexed words.
fn prefix(field: Option<FieldName>, text: &str) -> Value {
    let folded: String = tokens(&mut name_analyzer(), text).concat();
    if folded.is_empty() {
        return none();
    }
    any_of(
        targets(field)
            .into_iter()
            .map(|f| on_field(f, json!({"prefix": {f: {"value": folded}}})))
            .collect(),
    )
}

/// `word~N`: the word as the field analyses it, within N edits (a transposition is one).
fn fuzzy(field: Option<FieldName>, text: &str, distance: u8) -> Value {
    let token = match field {
        Some(FieldName::Id | FieldName::Path) => Some(text.to_string()),
        Some(FieldName::Speaker) => tokens(&mut name_analyzer(), text).into_iter().next(),
        _ => tokens(&mut text_analyzer(), text).into_iter().next(),
    };
    let Some(token) = token else {
        return none();
    };
    any_of(
        targets(field)
            .into_iter()
            .map(|f| {
                on_field(
                    f,
                    json!({"fuzzy": {f: {
                        "value": token,
                        "fuzziness": distance,
                        "transpositions": true,
                        "prefix_length": 0,
                        // The cluster caps expansions (the local automaton has no cap);
                        // 1,000 stays under the default clause limit.
                        "max_expansions": 1000
                    }}}),
                )
            })
            .collect(),
    )
}

/// The local date rule: days compare the `day` number; an instant bound compares `instant`
/// where the article has one and its day where it has not; undated articles never pass.
pub fn dates(range: &DateRange) -> Value {
    let mut filter = vec![json!({"exists": {"field": "day"}})];
    let mut days = serde_json::Map::new();
    if let Some(first) = range.first {
        days.insert("gte".into(), json!(day_number(first)));
    }
    if let Some(last) = range.last {
        days.insert("lte".into(), json!(day_number(last)));
    }
    if !days.is_empty() {
        filter.push(json!({"range": {"day": days}}));
    }
    let instant_bound = |op: &str, secs: i64, day: i64| {
        json!({"bool": {"should": [
            {"range": {"instant": {op: secs}}},
            {"bool": {
                "must_not": [{"exists": {"field": "instant"}}],
                "filter": [{"range": {"day": {op: day}}}]
            }}
        ], "minimum_should_match": 1}})
    };
    if let Some(from) = range.from {
        filter.push(instant_bound("gte", from.ceil(), day_number(from.day)));
    }
    if let Some(to) = range.to {
        filter.push(instant_bound("lte", to.secs, day_number(to.day)));
    }
    json!({"bool": {"filter": filter}})
}

/// Only articles quoting `name` (a phrase within one quotation's speaker).
pub fn speaker(name: &str) -> Value {
    json!({"nested": {"path": "quotes", "query":
        {"match_phrase": {"quotes.speaker": {"query": name}}}, "score_mode": "max"}})
}

/// One analysed plain-word term in any default field, scored with the field boosts.
fn term_anywhere(term: &str, weight: f32) -> Value {
    let clauses: Vec<Value> = DEFAULT_FIELDS
        .iter()
        .map(|(f, boost)| json!({"term": {*f: {"value": term, "boost": boost * weight}}}))
        .collect();
    json!({"bool": {"should": clauses, "minimum_should_match": 1}})
}

/// The query a plan asks: which documents qualify (filters, operators, plain words) and the
/// clauses that rank them. Also the clause "holds every plain word" when the plan ranks in
/// tiers, to count full matches (see [`crate::search::rank`]).
pub fn plan_query(plan: &Plan) -> (Value, Option<Value>) {
    let mut filter: Vec<Value> = Vec::new();
    if !plan.dates.is_open() {
        filter.push(dates(&plan.dates));
    }
    if let Some(name) = &plan.speaker {
        filter.push(speaker(name));
    }
    filter.extend(plan.must.iter().chain(&plan.required_words).map(node));
    let must_not: Vec<Value> = plan.must_not.iter().map(node).collect();
    let required: Vec<Value> = plan
        .terms
        .iter()
        .filter(|t| t.required)
        .map(|t| term_anywhere(&t.text, 1.0))
        .collect();
    if plan.has_plain_words {
        // The local rule: a document holds at least `least` of the plain words, and at
        // least one (a query of plain words is not a list of everything).
        let least = (plan.least as usize).clamp(1, required.len().max(1));
        filter.push(json!({"bool": {
            "should": required.clone(),
            "minimum_should_match": least,
            "_name": "plain_words"
        }}));
    }
    // Ranking: every scored term (plain words and the operators' words).
    let mut should: Vec<Value> = plan
        .terms
        .iter()
        .map(|t| term_anywhere(&t.text, t.weight))
        .collect();
    let full =
        (plan.tier > 0 && !required.is_empty()).then(|| json!({"bool": {"filter": required}}));
    if let Some(all) = &full {
        // Documents holding every plain word rank first, as the local first tier.
        should.push(json!({"constant_score": {"filter": all, "boost": 1000}}));
    }
    if filter.is_empty() {
        filter.push(json!({"match_all": {}}));
    }
    let query = json!({"bool": {
        "filter": filter,
        "must_not": must_not,
        "should": should,
        "minimum_should_match": 0
    }});
    (query, full)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;
    use crate::search::SearchRequest;

    fn q(s: &str) -> Value {
        node(&parse(s).unwrap())
    }

    #[test]
    fn operators_become_their_dsl_clauses() {
        let cases: Vec<(&str, Value)> = vec![
            (
                "headline:strike",
                json!({"match_phrase": {"headline": {"query": "strike", "slop": 0}}}),
            ),
            (
                "body:\"rocket attack\"~2",
                json!({"match_phrase": {"body": {"query": "rocket attack", "slop": 2}}}),
            ),
            ("id:abc-1", json!({"term": {"id": "abc-1"}})),
            (
                "headline:Straße*",
                json!({"prefix": {"headline": {"value": "strasse"}}}),
            ),
            (
                "speaker:kirby",
                json!({"nested": {"path": "quotes", "score_mode": "max", "query":
                    {"match_phrase": {"quotes.speaker": {"query": "kirby", "slop": 0}}}}}),
            ),
            (
                "headline:a OR headline:b",
                json!({"bool": {"minimum_should_match": 1, "should": [
                    {"match_phrase": {"headline": {"query": "a", "slop": 0}}},
                    {"match_phrase": {"headline": {"query": "b", "slop": 0}}}]}}),
            ),
            (
                "-headline:a",
                json!({"bool": {"must": [{"match_all": {}}], "must_not": [
                    {"match_phrase": {"headline": {"query": "a", "slop": 0}}}]}}),
            ),
        ];
        for (input, want) in cases {
            assert_eq!(q(input), want, "{input}");
        }
    }

    #[test]
    fn an_unfielded_word_searches_every_default_field() {
        let v = q("\"rocket attack\"");
        let should = v["bool"]["should"].as_array().unwrap();
        let fields: Vec<&str> = should
            .iter()
            .map(|c| {
                c["match_phrase"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .next()
                    .unwrap()
                    .as_str()
            })
            .collect();
        assert_eq!(fields, ["headline", "byline", "body", "quotes.text"]);
    }

    #[test]
    fn fuzzy_words_are_analysed_first() {
        let v = q("headline:Strikes~1");
        assert_eq!(v["fuzzy"]["headline"]["value"], "strike");
        assert_eq!(v["fuzzy"]["headline"]["fuzziness"], 1);
    }

    #[test]
    fn date_ranges_compare_day_numbers_and_instants() {
        let v = q("date:[1970-01-02 TO 1970-01-31]");
        assert_eq!(
            v["bool"]["filter"][1],
            json!({"range": {"day": {"gte": 1, "lte": 30}}})
        );
        let v = q("date:>=1970-01-02T00:00:00Z");
        let bound = &v["bool"]["filter"][1]["bool"]["should"];
        assert_eq!(bound[0], json!({"range": {"instant": {"gte": 86_400}}}));
        assert_eq!(
            bound[1]["bool"]["filter"][0],
            json!({"range": {"day": {"gte": 1}}})
        );
    }

    #[test]
    fn plain_words_qualify_by_the_local_rule_and_rank_in_tiers() {
        let plan = |s: &str| {
            Plan::new(&SearchRequest {
                query: s.into(),
                ..SearchRequest::default()
            })
            .unwrap()
        };
        // (query, least plain words a document must hold, whether a first tier exists)
        let cases: [(&str, u64, bool); 4] = [
            ("rocket attack", 1, true),
            ("rocket AND attack", 2, true),
            ("headline:rocket attack", 1, true),
            ("\"rocket attack\"", 0, false),
        ];
        for (input, least, tiered) in cases {
            let (query, full) = plan_query(&plan(input));
            let words = query["bool"]["filter"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["bool"]["_name"] == "plain_words")
                .and_then(|c| c["bool"]["minimum_should_match"].as_u64());
            let want = (least > 0).then_some(least);
            assert_eq!(words, want, "{input}");
            assert_eq!(full.is_some(), tiered, "{input}");
        }
    }
}
