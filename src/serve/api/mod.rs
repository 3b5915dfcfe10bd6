//! The JSON API: the CLI's commands as `GET` endpoints, answering the same JSON.
//!
//! Each endpoint reads its query string into the command's own arguments ([`params`]),
//! then calls the same app-layer functions as the command (`app::search_request` and
//! `app::search_results` for `/api/search`, `app::speakers_request` for `/api/speakers`,
//! `story::similar` for `/api/similar/{id}`, `app::find_article` for `/api/show/{id}`,
//! `stats::compute` for `/api/stats`) and writes the answer with the command's own JSON
//! writer in `output`: the bytes are `--json`'s. Every error is `{"error": "…"}`: 400 for
//! the caller's mistakes (with the CLI's own message), 404 for what is not there, 500 for
//! a damaged index — never a stack dump.

mod params;

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use jiff::civil::Date;

use super::state::Shared;
use crate::index::stats;
use crate::output;
use crate::search::SearchError;
use crate::story::similar::SimilarError;

/// The longest article id accepted (ids are short hashes; anything longer is not one).
const MAX_ID_CHARS: usize = 200;

/// What the handlers share.
#[derive(Clone)]
pub struct Context {
    pub shared: Arc<Shared>,
    /// A fixed "today" for `since` (tests); `None` reads the clock per request.
    pub today: Option<Date>,
}

impl Context {
    /// "Today" for `since`, as the CLI's `--today` or the clock gives it.
    fn today(&self) -> impl Fn() -> anyhow::Result<Date> {
        let fixed = self.today;
        move || Ok(fixed.unwrap_or_else(|| jiff::ZonedDateTime::now().date()))
    }
}

/// The API's routes.
pub fn routes(ctx: Context) -> Router {
    Router::new()
        .route("/api/search", get(search_handler))
        .route("/api/show/{id}", get(show_handler))
        .route("/api/stats", get(stats_handler))
        .route("/api/speakers", get(speakers_handler))
        .route("/api/similar/{id}", get(similar_handler))
        .route("/api/openapi.json", get(openapi))
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

    fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    fn internal(message: impl std::fmt::Display) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message.to_string())
    }

    /// The caller's mistake as the app layer words it (its whole context on one line).
    fn refused(e: anyhow::Error) -> ApiError {
        ApiError::bad_request(format!("{e:#}"))
    }
}

impl From<SearchError> for ApiError {
    /// A query the engine refuses is the caller's; anything else is the index's.
    fn from(e: SearchError) -> ApiError {
        match e {
            SearchError::Query(q) => ApiError::bad_request(q.to_string()),
            other => ApiError::internal(other),
        }
    }
}

impl From<SimilarError> for ApiError {
    fn from(e: SimilarError) -> ApiError {
        match e {
            SimilarError::UnknownId(_) => ApiError::not_found(e.to_string()),
            SimilarError::Search(s) => s.into(),
            other => ApiError::internal(other),
        }
    }
}

impl From<std::io::Error> for ApiError {
    /// Writing JSON into memory fails only on a value serde cannot write.
    fn from(e: std::io::Error) -> ApiError {
        ApiError::internal(e)
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

/// Every endpoint's answer: `work` (reading the parameters, asking the index, writing the
/// JSON) runs off the threads that read sockets; its bytes are a 200, its error the error's
/// status. A panic in it is a 500 whose message says only that (the payload may hold
/// internals).
async fn answer(work: impl FnOnce() -> Result<Vec<u8>, ApiError> + Send + 'static) -> Response {
    let done = tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| {
        Err(ApiError::internal(
            "internal error while answering — run `dateline check` on the index",
        ))
    });
    match done {
        Ok(body) => json_bytes(StatusCode::OK, body),
        Err(e) => e.into_response(),
    }
}

/// An article id from the path: never a path itself, only a term to look up.
fn article_id(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    let Path(id) = id.map_err(|_| ApiError::bad_request("the id is not valid UTF-8"))?;
    if id.chars().count() > MAX_ID_CHARS {
        return Err(ApiError::not_found("no article with that id"));
    }
    Ok(id)
}

/// `GET /api/search`: the same JSON as `search --json` (with `timeline=`, as
/// `search --timeline --json`).
async fn search_handler(State(ctx): State<Context>, RawQuery(query): RawQuery) -> Response {
    answer(move || {
        let args = params::search_args(query.as_deref())?;
        let req = crate::app::search_request(&args, &ctx.today()).map_err(ApiError::refused)?;
        let store = ctx.shared.store();
        let results = crate::app::search_results(&store, &req, args.timeline)?;
        let mut body = Vec::with_capacity(4096);
        output::write_search_json(&mut body, &req.query, &results)?;
        Ok(body)
    })
    .await
}

/// `GET /api/show/{id}`: the article as `show --json` prints it.
async fn show_handler(
    State(ctx): State<Context>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    answer(move || {
        let id = article_id(id)?;
        let store = ctx.shared.store();
        let (article, copies) = crate::app::find_article(&store, &id)
            .map_err(ApiError::internal)?
            .ok_or_else(|| ApiError::not_found(format!("no article with id {id:?}")))?;
        let mut body = Vec::new();
        output::write_article_json(&mut body, &article, &copies)?;
        Ok(body)
    })
    .await
}

/// `GET /api/speakers`: who is quoted, as `speakers --json` prints it.
async fn speakers_handler(State(ctx): State<Context>, RawQuery(query): RawQuery) -> Response {
    answer(move || {
        let args = params::speakers_args(query.as_deref())?;
        let req = crate::app::speakers_request(&args, &ctx.today()).map_err(ApiError::refused)?;
        let store = ctx.shared.store();
        let found = crate::story::speakers::compute(&store, &req)?;
        let mut body = Vec::with_capacity(4096);
        output::write_speakers_json(&mut body, &found)?;
        Ok(body)
    })
    .await
}

/// `GET /api/similar/{id}`: the related articles, as `similar ID --json` prints them.
async fn similar_handler(
    State(ctx): State<Context>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(move || {
        let args = params::similar_args(article_id(id)?, query.as_deref())?;
        let store = ctx.shared.store();
        let found = crate::story::similar::similar(&store, &args.id, args.limit)?;
        let mut body = Vec::with_capacity(4096);
        output::write_search_json(&mut body, &crate::app::similar_label(&args.id), &found)?;
        Ok(body)
    })
    .await
}

/// `GET /api/stats`: the figures of `stats --json`.
async fn stats_handler(State(ctx): State<Context>) -> Response {
    answer(move || {
        let store = ctx.shared.store();
        let figures = stats::compute(&store)
            .map_err(|e| ApiError::internal(crate::index::store::damaged(&store.dir, &e)))?;
        serde_json::to_vec(&figures).map_err(ApiError::internal)
    })
    .await
}

/// `GET /api/openapi.json`: the description of this API.
async fn openapi() -> Response {
    json_bytes(
        StatusCode::OK,
        include_str!("../assets/openapi.json").as_bytes().to_vec(),
    )
}

/// Any other path.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such page or endpoint")
}

/// A method other than GET (or HEAD): nothing here writes.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "only GET is served: the server is read-only",
    )
}
