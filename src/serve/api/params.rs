//! The API's query strings read into the CLI's own argument structs (`SearchArgs`,
//! `SpeakersArgs`, `SimilarArgs`), so the app layer resolves them exactly as it resolves
//! flags. Here only what a flag parser would refuse is refused (an unknown or repeated
//! parameter, a number that is not one), plus the server's own bounds.

use std::borrow::Cow;

use super::ApiError;
use crate::cli::{DateArgs, SearchArgs, SimilarArgs, SortBy, SpeakersArgs, TimelineBy};

/// The longest query accepted, in characters: far beyond a typed one, short of making a
/// query compile into thousands of clauses.
pub const MAX_QUERY_CHARS: usize = 1000;
/// The most hits (or speakers) one answer may ask for.
pub const MAX_LIMIT: usize = 100;
/// The deepest page: ranking cost grows with `offset + limit`.
pub const MAX_OFFSET: usize = 10_000;

/// One parameter, decoded: key and value.
type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Every parameter of a query string, each one of `known` and given once.
fn pairs<'a>(query: Option<&'a str>, known: &[&str]) -> Result<Vec<Pair<'a>>, ApiError> {
    let mut seen: Vec<Pair<'a>> = Vec::new();
    for (key, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if !known.contains(&key.as_ref()) {
            return Err(ApiError::bad_request(format!(
                "unknown parameter {key:?} (expected {})",
                known.join(", ")
            )));
        }
        if seen.iter().any(|(k, _)| *k == key) {
            return Err(ApiError::bad_request(format!(
                "parameter {key:?} given twice"
            )));
        }
        seen.push((key, value));
    }
    Ok(seen)
}

/// A whole number no larger than `max`.
fn number(key: &str, value: &str, max: usize) -> Result<usize, ApiError> {
    let n: usize = value.parse().map_err(|_| {
        ApiError::bad_request(format!("{key} must be a whole number, not {value:?}"))
    })?;
    if n > max {
        return Err(ApiError::bad_request(format!(
            "{key} must be at most {max}"
        )));
    }
    Ok(n)
}

/// A text parameter: empty means not given (a form's empty date box filters nothing).
fn text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

/// The query, bounded in length.
fn query(value: &str) -> Result<Vec<String>, ApiError> {
    if value.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad_request(format!(
            "the query is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    Ok(vec![value.to_string()])
}

/// `q`, `from`, `to` or `since` (as `search` and `speakers` both read them) into its field;
/// false for any other key.
fn query_and_dates(
    key: &str,
    value: &str,
    q: &mut Vec<String>,
    dates: &mut DateArgs,
) -> Result<bool, ApiError> {
    match key {
        "q" => *q = query(value)?,
        "from" => dates.from = text(value),
        "to" => dates.to = text(value),
        "since" => dates.since = text(value),
        _ => return Ok(false),
    }
    Ok(true)
}

/// A switch: present with no value, `true` or `1` is on.
fn switch(key: &str, value: &str) -> Result<bool, ApiError> {
    match value {
        "" | "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(ApiError::bad_request(format!(
            "{key} must be true or false"
        ))),
    }
}

/// One of a clap value enum's names (`sort=newest`, `timeline=month`).
fn choice<T: clap::ValueEnum>(key: &str, value: &str) -> Result<T, ApiError> {
    T::from_str(value, false).map_err(|_| {
        let names: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        ApiError::bad_request(format!("{key} must be {}, not {value:?}", names.join(", ")))
    })
}

/// The parameters of `/api/search`, `/api/speakers` and `/api/similar/{id}` (the OpenAPI
/// description lists the same, a test checks).
const SEARCH: &[&str] = &[
    "q",
    "from",
    "to",
    "since",
    "sort",
    "limit",
    "offset",
    "speaker",
    "timeline",
    "all_copies",
    "expand",
    "no_expand",
];
const SPEAKERS: &[&str] = &["q", "from", "to", "since", "limit"];
const SIMILAR: &[&str] = &["limit"];

/// `/api/search`: the flags of `search --json`.
pub fn search_args(query_string: Option<&str>) -> Result<SearchArgs, ApiError> {
    let mut args = SearchArgs {
        query: Vec::new(),
        dates: DateArgs::default(),
        sort: SortBy::Relevance,
        limit: 10,
        offset: 0,
        speaker: None,
        json: true,
        expand: false,
        no_expand: false,
        ranking: None,
        all_copies: false,
        timeline: None,
        remote: crate::cli::EngineArgs::default(),
    };
    for (key, value) in pairs(query_string, SEARCH)? {
        if query_and_dates(&key, &value, &mut args.query, &mut args.dates)? {
            continue;
        }
        match key.as_ref() {
            "speaker" => args.speaker = text(&value),
            "sort" => args.sort = choice("sort", &value)?,
            "limit" => args.limit = number("limit", &value, MAX_LIMIT)?,
            "offset" => args.offset = number("offset", &value, MAX_OFFSET)?,
            // `--timeline` alone is the default period; so is `timeline=` alone.
            "timeline" if value.is_empty() => args.timeline = Some(TimelineBy::Auto),
            "timeline" => args.timeline = Some(choice("timeline", &value)?),
            "all_copies" => args.all_copies = switch(&key, &value)?,
            "expand" => args.expand = switch(&key, &value)?,
            _ => args.no_expand = switch(&key, &value)?,
        }
    }
    if args.query.iter().all(|q| q.trim().is_empty()) {
        return Err(ApiError::bad_request("the query is empty: give q"));
    }
    if args.expand && args.no_expand {
        return Err(ApiError::bad_request(
            "expand and no_expand exclude each other",
        ));
    }
    Ok(args)
}

/// `/api/speakers`: the flags of `speakers --json` (no query: every article).
pub fn speakers_args(query_string: Option<&str>) -> Result<SpeakersArgs, ApiError> {
    let mut args = SpeakersArgs {
        query: Vec::new(),
        dates: DateArgs::default(),
        limit: 20,
        json: true,
        remote: crate::cli::EngineArgs::default(),
    };
    for (key, value) in pairs(query_string, SPEAKERS)? {
        if !query_and_dates(&key, &value, &mut args.query, &mut args.dates)? {
            args.limit = number("limit", &value, MAX_LIMIT)?;
        }
    }
    Ok(args)
}

/// `/api/similar/{id}`: the flags of `similar ID --json`.
pub fn similar_args(id: String, query_string: Option<&str>) -> Result<SimilarArgs, ApiError> {
    let mut args = SimilarArgs {
        id,
        limit: 10,
        json: true,
        remote: crate::cli::EngineArgs::default(),
    };
    for (_, value) in pairs(query_string, SIMILAR)? {
        args.limit = number("limit", &value, MAX_LIMIT)?;
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[test]
    fn search_args_read_like_the_cli_flags() {
        let a = search_args(Some(
            "q=oil+price&from=1987&to=1987-06&sort=newest&limit=5&offset=10&speaker=Baker&timeline=month&all_copies",
        ))
        .unwrap();
        assert_eq!(a.query, vec!["oil price".to_string()]);
        assert_eq!(a.dates.from.as_deref(), Some("1987"));
        assert_eq!(a.dates.to.as_deref(), Some("1987-06"));
        assert_eq!(a.sort, SortBy::Newest);
        assert_eq!((a.limit, a.offset), (5, 10));
        assert_eq!(a.speaker.as_deref(), Some("Baker"));
        assert_eq!(a.timeline, Some(TimelineBy::Month));
        assert!(a.all_copies);
        let bare = search_args(Some("q=oil&timeline")).unwrap();
        assert_eq!(bare.timeline, Some(TimelineBy::Auto));
        assert_eq!(search_args(Some("q=oil")).unwrap().timeline, None);
    }

    #[test]
    fn every_endpoint_refuses_what_its_command_would_refuse_and_what_is_too_big() {
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        let refused: &[(&str, &[&str])] = &[
            (
                "search",
                &[
                    "",
                    "q=+",
                    "q=a&limit=101",
                    "q=a&limit=-1",
                    "q=a&offset=10001",
                    "q=a&sort=random",
                    "q=a&q=b",
                    "q=a&color=red",
                    "q=a&expand=1&no_expand=1",
                    "q=a&timeline=fortnight",
                    "q=a&all_copies=maybe",
                    &long,
                ],
            ),
            (
                "speakers",
                &["limit=101", "limit=x", "q=a&q=a", "speaker=x", &long],
            ),
            ("similar", &["limit=101", "limit=", "q=a"]),
        ];
        for (endpoint, queries) in refused {
            for query in *queries {
                let refusal = match *endpoint {
                    "search" => search_args(Some(query)).err(),
                    "speakers" => speakers_args(Some(query)).err(),
                    _ => similar_args("x".into(), Some(query)).err(),
                };
                let e = refusal.unwrap_or_else(|| panic!("{endpoint} accepted {query:?}"));
                assert_eq!(e.status, StatusCode::BAD_REQUEST, "{query}: {}", e.message);
            }
        }
    }

    #[test]
    fn refusals_name_the_choices() {
        let cases: &[(&str, &str)] = &[
            ("q=a&sort=random", "relevance, newest, oldest"),
            ("q=a&timeline=fortnight", "auto, day, week, month, year"),
            (
                "q=a&color=red",
                "unknown parameter \"color\" (expected q, from",
            ),
        ];
        for (query, words) in cases {
            let e = search_args(Some(query)).expect_err(query);
            assert!(e.message.contains(words), "{query}: {}", e.message);
        }
    }

    #[test]
    fn empty_parameters_mean_no_filter_and_defaults_are_the_cli_defaults() {
        let a = search_args(Some("q=a&from=&to=&since=&speaker=")).unwrap();
        let d = &a.dates;
        assert!(d.from.is_none() && d.to.is_none() && d.since.is_none() && a.speaker.is_none());
        let s = speakers_args(None).unwrap();
        assert!(s.query.is_empty() && s.dates.from.is_none());
        assert_eq!(s.limit, 20);
        let s = speakers_args(Some("q=oil&from=1987-03&limit=5")).unwrap();
        assert_eq!(
            (s.query, s.dates.from, s.limit),
            (vec!["oil".to_string()], Some("1987-03".into()), 5)
        );
        assert_eq!(similar_args("x".into(), None).unwrap().limit, 10);
        assert_eq!(similar_args("x".into(), Some("limit=3")).unwrap().limit, 3);
    }

    #[test]
    fn defaults_are_the_command_lines_defaults() {
        use crate::cli::{Cli, Command};
        use clap::Parser;
        let parse = |argv: &[&str]| Cli::try_parse_from(argv).unwrap().command;
        let (Command::Search(cli), api) = (
            parse(&["dateline", "search", "a"]),
            search_args(Some("q=a")).unwrap(),
        ) else {
            panic!("not a search")
        };
        assert_eq!(
            (
                cli.limit,
                cli.offset,
                cli.sort,
                cli.timeline,
                cli.all_copies
            ),
            (
                api.limit,
                api.offset,
                api.sort,
                api.timeline,
                api.all_copies
            )
        );
        let (Command::Speakers(cli), api) = (
            parse(&["dateline", "speakers"]),
            speakers_args(None).unwrap(),
        ) else {
            panic!("not speakers")
        };
        assert_eq!(cli.limit, api.limit);
        let (Command::Similar(cli), api) = (
            parse(&["dateline", "similar", "x"]),
            similar_args("x".into(), None).unwrap(),
        ) else {
            panic!("not similar")
        };
        assert_eq!(cli.limit, api.limit);
    }

    #[test]
    fn the_openapi_description_lists_exactly_the_parameters_read() {
        let spec: serde_json::Value =
            serde_json::from_str(include_str!("../assets/openapi.json")).unwrap();
        for (path, known) in [
            ("/api/search", SEARCH),
            ("/api/speakers", SPEAKERS),
            ("/api/similar/{id}", SIMILAR),
        ] {
            let mut described: Vec<&str> = spec["paths"][path]["get"]["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["in"] == "query")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            let mut read = known.to_vec();
            described.sort_unstable();
            read.sort_unstable();
            assert_eq!(described, read, "{path}");
        }
    }
}
