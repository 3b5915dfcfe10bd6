//! `dateline serve`: a search page and a read-only JSON API over the index, in one process.
//!
//! The server only exists for this subcommand: the tokio runtime, the listener and the
//! router are built inside [`run`], so `dateline search` pays nothing for carrying it.
//! The JSON API ([`api`]) calls the same app-layer functions and JSON writers as the CLI's
//! search, show, stats, speakers and similar commands; the page ([`page`]) is embedded in
//! the binary and works offline; [`state`] follows new commits of another process's
//! `dateline index`.
//!
//! Bounds: at most [`MAX_IN_FLIGHT`] requests are handled at once (more wait), searches
//! run on one thread per core ([`search_threads`]), a request body may not exceed
//! [`MAX_BODY_BYTES`] (no endpoint takes one), a request taking more than [`TIMEOUT`] is
//! answered 408, and the API's own checks bound the query, `limit` and `offset`.

mod api;
mod page;
mod state;

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use jiff::civil::Date;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::cli::ServeArgs;
use state::Shared;

/// Requests handled at once; more wait for a turn instead of piling up threads.
pub const MAX_IN_FLIGHT: usize = 64;
/// Threads that answer API requests (CPU-bound work kept off the threads that read
/// sockets): one per core. More do not answer sooner, they preempt one another mid-search:
/// with 8 on 2 cores the 99th percentile at 16 connections was about half again as long as
/// with 2 (README, "Serve").
pub fn search_threads() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
}
/// The largest request body accepted: no endpoint reads one.
pub const MAX_BODY_BYTES: usize = 1024;
/// The longest a request may take before it is answered 408.
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// How often `meta.json` is compared with the commit being served.
const RELOAD_EVERY: Duration = Duration::from_millis(250);

/// The page may load only its own script and style and talk only to its own server; no
/// frame may embed it.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Runs the server until SIGINT or SIGTERM.
pub fn run(args: &ServeArgs, index_dir: &Path, today: Option<&str>) -> anyhow::Result<ExitCode> {
    // A fixed "today" (`--today`, for tests) is checked once; otherwise `since` reads the
    // clock on each request, as a long-running server must.
    let today = today
        .map(|s| {
            s.parse::<Date>()
                .with_context(|| format!("invalid --today {s:?}"))
        })
        .transpose()?;
    // Opened before binding, so a missing or damaged index is an error at start-up, not
    // a page of 500s.
    let shared = Arc::new(Shared::open(index_dir)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(search_threads())
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(serve(args.listen, shared, today))?;
    Ok(ExitCode::from(crate::app::EXIT_OK))
}

async fn serve(listen: SocketAddr, shared: Arc<Shared>, today: Option<Date>) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let stop = stop_signal()?;
    let local = listener.local_addr()?;
    let loopback = if local.ip().is_loopback() {
        ""
    } else {
        " (not loopback: reachable from the network)"
    };
    crate::messages::note(format_args!(
        "serving {} at http://{local}/{loopback} — Ctrl-C to stop",
        shared.dir().display()
    ));
    tokio::spawn(state::follow(shared.clone(), RELOAD_EVERY));
    let app = router(api::Context { shared, today });
    axum::serve(listener, app)
        .with_graceful_shutdown(stop)
        .await
        .context("the server stopped")?;
    crate::messages::note("stopped");
    Ok(())
}

/// Every route, with the limits and the security headers on every answer. No CORS layer:
/// other origins' pages get no `Access-Control-Allow-Origin` and cannot read the answers.
fn router(ctx: api::Context) -> Router {
    let header = |name, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .merge(api::routes(ctx))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(
            tower::ServiceBuilder::new()
                .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
                .layer(header(header::REFERRER_POLICY, "no-referrer"))
                .layer(header(header::X_FRAME_OPTIONS, "DENY"))
                .layer(tower_http::limit::RequestBodyLimitLayer::new(
                    MAX_BODY_BYTES,
                ))
                .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    TIMEOUT,
                ))
                .layer(tower::limit::ConcurrencyLimitLayer::new(MAX_IN_FLIGHT)),
        )
}

/// A future resolving on SIGINT (Ctrl-C) or SIGTERM: requests in progress finish, then the
/// process exits. The handlers are installed here, before the server says it listens, so a
/// signal sent as soon as it does is not the default (an abrupt end).
#[cfg(unix)]
fn stop_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot handle SIGINT")?;
    let mut terminate = signal(SignalKind::terminate()).context("cannot handle SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
