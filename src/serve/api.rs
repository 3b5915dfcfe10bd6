//! The JSON API: the CLI's commands as `GET` endpoints, answering the same JSON.
//!
//! `/api/search` takes the search flags as query parameters and answers exactly what
//! `search --json` prints, through the same functions (`app::search_request`,
//! `search::run`, `output::write_search_json`). Every error is `{"error": "…"}`: 400 for
//! the caller's mistakes (with the CLI's own message), 404 for what is not there, 500 for
//! a damaged index, 501 for what another issue brings — never a stack dump.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use jiff::civil::Date;

use super::state::Shared;
use crate::cli::{SearchArgs, SortBy};
use crate::index::stats;
use crate::search::{self, SearchError};

/// The longest query accepted, in characters: far beyond a typed one, short of making a
/// query compile into thousands of clauses.
pub const MAX_QUERY_CHARS: usize = 1000;
/// The most hits one page may ask for.
pub const MAX_LIMIT: usize = 100;
/// The deepest page: ranking cost grows with `offset + limit`.
pub const MAX_OFFSET: usize = 10_000;
/// The longest article id accepted (ids are short hashes; anything longer is not one).
const MAX_ID_CHARS: usize = 200;

/// What the handlers share.
#[derive(Clone)]
pub struct Context {
    pub shared: Arc<Shared>,
    /// A fixed "today" for `since` (tests); `None` reads the clock per request.
    pub today: Option<Date>,
}

/// The API's routes.
pub fn routes(ctx: Context) -> Router {
    Router::new()
        .route("/api/search", get(search_handler))
        .route("/api/show/{id}", get(show_handler))
        .route("/api/stats", get(stats_handler))
        .route("/api/openapi.json", get(openapi))
        // Issue 18 ("Follow a story") brings `speakers` and `similar` to the library; these
        // routes then call them as the CLI will. Until then they say so, and the page hides
        // the panels that would show them.
        .route("/api/speakers", get(not_yet))
        .route("/api/similar/{id}", get(not_yet))
        .with_state(ctx)
}

/// An error answer: `{"error": "…"}` with its status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": crate::index::store::one_line(&self.message) });
        json_bytes(self.status, body.to_string().into_bytes())
    }
}

/// A response of JSON bytes already serialised.
fn json_bytes(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// Runs CPU-bound work off the threads that read sockets; a panic in it is a 500 whose
/// message says only that (the payload may hold internals).
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| {
        Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error while answering — run `dateline check` on the index",
        ))
    })
}

/// The search flags read from a query string, refusing what the CLI would refuse.
fn search_args(query: Option<&str>) -> Result<SearchArgs, ApiError> {
    let mut args = SearchArgs {
        query: Vec::new(),
        from: None,
        to: None,
        since: None,
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
    let mut seen = Vec::new();
    for (key, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if seen.contains(&key) {
            return Err(ApiError::bad_request(format!(
                "parameter {key:?} given twice"
            )));
        }
        let number = |what: &str, max: usize| -> Result<usize, ApiError> {
            let n: usize = value.parse().map_err(|_| {
                ApiError::bad_request(format!("{what} must be a whole number, not {value:?}"))
            })?;
            if n > max {
                return Err(ApiError::bad_request(format!(
                    "{what} must be at most {max}"
                )));
            }
            Ok(n)
        };
        let text = || (!value.is_empty()).then(|| value.to_string());
        match key.as_ref() {
            "q" => {
                if value.chars().count() > MAX_QUERY_CHARS {
                    return Err(ApiError::bad_request(format!(
                        "the query is longer than {MAX_QUERY_CHARS} characters"
                    )));
                }
                args.query = vec![value.to_string()];
            }
            "from" => args.from = text(),
            "to" => args.to = text(),
            "since" => args.since = text(),
            "speaker" => args.speaker = text(),
            "sort" => {
                args.sort = <SortBy as clap::ValueEnum>::from_str(&value, false).map_err(|_| {
                    ApiError::bad_request(format!(
                        "sort must be relevance, newest or oldest, not {value:?}"
                    ))
                })?;
            }
            "limit" => args.limit = number("limit", MAX_LIMIT)?,
            "offset" => args.offset = number("offset", MAX_OFFSET)?,
            "expand" | "no_expand" => {
                let on = match value.as_ref() {
                    "" | "true" | "1" => true,
                    "false" | "0" => false,
                    _ => return Err(ApiError::bad_request(format!("{key} must be true or false"))),
                };
                if key == "expand" {
                    args.expand = on;
                } else {
                    args.no_expand = on;
                }
            }
            "timeline" => {
                return Err(ApiError::new(
                    StatusCode::NOT_IMPLEMENTED,
                    "timeline is not available yet (it comes with `search --timeline`)",
                ))
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {other:?} (expected q, from, to, since, sort, limit, offset, speaker, expand, no_expand)"
                )))
            }
        }
        seen.push(key);
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

/// `GET /api/search`: the same JSON as `search --json`.
async fn search_handler(State(ctx): State<Context>, RawQuery(query): RawQuery) -> Response {
    let answer = async {
        let args = search_args(query.as_deref())?;
        let today = ctx.today;
        let req = crate::app::search_request(&args, &|| {
            Ok(today.unwrap_or_else(|| jiff::ZonedDateTime::now().date()))
        })
        .map_err(|e| ApiError::bad_request(format!("{e:#}")))?;
        let store = ctx.shared.store();
        blocking(move || {
            let results = search::run(&store, &req).map_err(|e| match e {
                SearchError::Query(q) => ApiError::bad_request(q.to_string()),
                other => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
            })?;
            let mut body = Vec::with_capacity(4096);
            crate::output::write_search_json(&mut body, &req.query, &results)
                .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
            Ok(body)
        })
        .await
    };
    match answer.await {
        Ok(body) => json_bytes(StatusCode::OK, body),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/show/{id}`: the article as `show --json` prints it. The id is a term looked
/// up in the index, never a path.
async fn show_handler(
    State(ctx): State<Context>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let answer = async {
        let Path(id) = id.map_err(|_| ApiError::bad_request("the id is not valid UTF-8"))?;
        if id.chars().count() > MAX_ID_CHARS {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "no article with that id",
            ));
        }
        let store = ctx.shared.store();
        blocking(move || {
            let (article, copies) = crate::app::find_article(&store, &id)
                .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
                .ok_or_else(|| {
                    ApiError::new(StatusCode::NOT_FOUND, format!("no article with id {id:?}"))
                })?;
            let mut body = Vec::new();
            crate::output::write_article_json(&mut body, &article, &copies)
                .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
            Ok(body)
        })
        .await
    };
    match answer.await {
        Ok(body) => json_bytes(StatusCode::OK, body),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/stats`: the figures of `stats --json`.
async fn stats_handler(State(ctx): State<Context>) -> Response {
    let store = ctx.shared.store();
    let answer = blocking(move || {
        let figures = stats::compute(&store).map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                crate::index::store::damaged(&store.dir, &e).to_string(),
            )
        })?;
        serde_json::to_vec(&figures)
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
    })
    .await;
    match answer {
        Ok(body) => json_bytes(StatusCode::OK, body),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/openapi.json`: the description of this API.
async fn openapi() -> Response {
    json_bytes(
        StatusCode::OK,
        include_str!("assets/openapi.json").as_bytes().to_vec(),
    )
}

/// Endpoints whose library functions arrive with issue 18.
async fn not_yet() -> ApiError {
    ApiError::new(
        StatusCode::NOT_IMPLEMENTED,
        "not available yet: speakers and similar arrive with the \"Follow a story\" commands",
    )
}

/// Any other path.
pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such page or endpoint")
}

/// A method other than GET (or HEAD): nothing here writes.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "only GET is served: the server is read-only",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_args_read_like_the_cli_flags() {
        let a = search_args(Some(
            "q=oil+price&from=1987&to=1987-06&sort=newest&limit=5&offset=10&speaker=Baker",
        ))
        .unwrap();
        assert_eq!(a.query, vec!["oil price".to_string()]);
        assert_eq!(a.from.as_deref(), Some("1987"));
        assert_eq!(a.to.as_deref(), Some("1987-06"));
        assert_eq!(a.sort, SortBy::Newest);
        assert_eq!((a.limit, a.offset), (5, 10));
        assert_eq!(a.speaker.as_deref(), Some("Baker"));
    }

    #[test]
    fn search_args_refuse_what_the_cli_refuses_and_what_is_too_big() {
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        let cases: &[(&str, StatusCode)] = &[
            ("", StatusCode::BAD_REQUEST),
            ("q=+", StatusCode::BAD_REQUEST),
            ("q=a&limit=101", StatusCode::BAD_REQUEST),
            ("q=a&limit=-1", StatusCode::BAD_REQUEST),
            ("q=a&offset=10001", StatusCode::BAD_REQUEST),
            ("q=a&sort=random", StatusCode::BAD_REQUEST),
            ("q=a&q=b", StatusCode::BAD_REQUEST),
            ("q=a&color=red", StatusCode::BAD_REQUEST),
            ("q=a&expand=1&no_expand=1", StatusCode::BAD_REQUEST),
            ("q=a&timeline=month", StatusCode::NOT_IMPLEMENTED),
            (long.as_str(), StatusCode::BAD_REQUEST),
        ];
        for (query, status) in cases {
            let e = search_args(Some(query)).expect_err(query);
            assert_eq!(e.status, *status, "{query}: {}", e.message);
        }
    }

    #[test]
    fn empty_date_parameters_mean_no_filter() {
        let a = search_args(Some("q=a&from=&to=&since=&speaker=")).unwrap();
        assert!(a.from.is_none() && a.to.is_none() && a.since.is_none() && a.speaker.is_none());
    }
}
