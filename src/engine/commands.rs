//! The application layer of the cluster commands: `push`, and `search`, `speakers`,
//! `similar`, `stats` when `--engine URL` is given. Flags are resolved as for the local
//! commands (the same request builders); answers go through the same output writers.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use jiff::civil::Date;

use super::client::Client;
use super::push::{self, PushRequest};
use super::remote::Remote;
use crate::app::{self, EXIT_ERROR, EXIT_NONE, EXIT_OK};
use crate::cli::{PushArgs, SearchArgs, SimilarArgs, SpeakersArgs, StatsArgs};
use crate::index::store;
use crate::output;

fn exit(found: bool) -> ExitCode {
    ExitCode::from(if found { EXIT_OK } else { EXIT_NONE })
}

/// `dateline push --to URL`.
pub fn push(args: &PushArgs, index_dir: &Path) -> anyhow::Result<ExitCode> {
    let store = store::open(index_dir)?;
    let client = Client::new(&args.to)?;
    let req = PushRequest {
        index_name: args.index_name.clone(),
        since_last: args.since_last,
        batch_bytes: args.batch_bytes.max(1),
        shards: args.shards.max(1),
        replicas: args.replicas,
        progress: !args.json && std::io::stderr().is_terminal(),
    };
    let summary = push::run(&store, &client, &req)?;
    output::index_summary(&summary, args.json)?;
    Ok(ExitCode::from(if summary.failed > 0 {
        EXIT_ERROR
    } else {
        EXIT_OK
    }))
}

/// `dateline search QUERY --engine URL [--timeline]`.
pub fn search(
    args: &SearchArgs,
    url: &str,
    today: &dyn Fn() -> anyhow::Result<Date>,
) -> anyhow::Result<ExitCode> {
    let req = app::search_request(args, today)?;
    let remote = Remote::connect(url, &args.remote.index_name)?;
    let mut results = remote.search(&req)?;
    if let Some(by) = args.timeline {
        let start = std::time::Instant::now();
        results.timeline = Some(remote.timeline(&req, app::timeline_period(by))?);
        results.took_ms += start.elapsed().as_secs_f64() * 1000.0;
    }
    output::search(&req.query, &results, args.json)?;
    Ok(exit(results.total_hits > 0))
}

/// `dateline speakers [QUERY] --engine URL`.
pub fn speakers(
    args: &SpeakersArgs,
    url: &str,
    today: &dyn Fn() -> anyhow::Result<Date>,
) -> anyhow::Result<ExitCode> {
    let req = app::speakers_request(args, today)?;
    let remote = Remote::connect(url, &args.remote.index_name)?;
    let found = remote.speakers(&req)?;
    output::speakers(&found, args.json)?;
    Ok(exit(!found.speakers.is_empty()))
}

/// `dateline similar ID --engine URL`.
pub fn similar(args: &SimilarArgs, url: &str) -> anyhow::Result<ExitCode> {
    let remote = Remote::connect(url, &args.remote.index_name)?;
    let Some(found) = remote.similar(&args.id, args.limit)? else {
        anyhow::bail!("no article with id {:?}", args.id);
    };
    output::search(&app::similar_label(&args.id), &found, args.json)?;
    Ok(exit(!found.hits.is_empty()))
}

/// `dateline stats --engine URL`.
pub fn stats(args: &StatsArgs, url: &str) -> anyhow::Result<ExitCode> {
    let remote = Remote::connect(url, &args.remote.index_name)?;
    output::stats(&remote.stats()?, args.json)?;
    Ok(ExitCode::from(EXIT_OK))
}
