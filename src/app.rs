//! The application layer: turns parsed arguments into work and an exit code.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use jiff::civil::Date;

use crate::article::Article;
use crate::cli::{
    CheckArgs, Cli, ColorWhen, Command, EvalArgs, IndexArgs, QueryForm, SearchArgs, ShowArgs,
    SimilarArgs, SortBy, SpeakersArgs, StatsArgs, TimelineBy,
};
use crate::eval::{self, EvalRequest};
use crate::index::build::{self, IndexRequest};
use crate::index::{stats, store, watch};
use crate::search::dates::{parse_period, since, DateRange, Period};
use crate::search::{self, SearchRequest, SearchResults, Sort};
use crate::story::timeline::{self, Granularity};
use crate::{messages, output};

mod extract;

/// Exit status: success / hits found.
pub const EXIT_OK: u8 = 0;
/// Exit status: nothing matched (like grep).
pub const EXIT_NONE: u8 = 1;
/// Exit status: an error, or some files failed to index.
pub const EXIT_ERROR: u8 = 2;

const DEFAULT_INDEX: &str = "index";
const DEFAULT_CORPUS: &str = "corpus";

/// The global flags resolved once, before any command runs: where the index is (and
/// whether it was named), and what "today" is.
#[derive(Debug, Clone)]
pub struct Config {
    pub index_dir: PathBuf,
    /// Whether `--index` named it (else a first search may build it from ./corpus).
    pub explicit_index: bool,
    today: Option<String>,
}

impl Config {
    pub fn new(cli: &Cli) -> Config {
        Config {
            index_dir: cli
                .index
                .clone()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX)),
            explicit_index: cli.index.is_some(),
            today: cli.today.clone(),
        }
    }

    /// `--today`, else the system's date. Resolved only when a flag needs it (`--since`):
    /// reading the clock and the system time zone is start-up work most searches do not need.
    pub fn today(&self) -> anyhow::Result<Date> {
        match &self.today {
            Some(s) => s
                .parse::<Date>()
                .with_context(|| format!("invalid --today {s:?}")),
            None => Ok(jiff::ZonedDateTime::now().date()),
        }
    }
}

/// Runs the parsed command line; a panic becomes a one-line error. tantivy's decoders panic
/// on some damaged bytes: when the index's files then fail their checksums, the error is the
/// index's diagnosis ("damaged — run --rebuild"), else an internal error to report.
pub fn run_guarded(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = Config::new(&cli);
    // The default hook prints a multi-line report; the message comes back through the
    // payload instead, on the one error line.
    std::panic::set_hook(Box::new(|_| {}));
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli, &config))) {
        Ok(result) => result,
        Err(payload) => Err(after_panic(
            &config.index_dir,
            &crate::index::check::panic_text(&payload),
        )),
    }
}

/// The error for a panic while `index_dir` was in use.
fn after_panic(index_dir: &Path, text: &str) -> anyhow::Error {
    if store::exists(index_dir) {
        let problems = crate::index::integrity::verify_dir(index_dir);
        let reason = match problems.first() {
            Some(p) => Some(p.to_string()),
            None if text.contains("orrupt") => Some(store::one_line(text)),
            None => None,
        };
        if let Some(reason) = reason {
            return store::StoreError::Damaged {
                path: index_dir.display().to_string(),
                reason,
            }
            .into();
        }
    }
    anyhow::anyhow!(
        "internal error: {} — please report it (and run `dateline check` on the index)",
        store::one_line(text)
    )
}

/// Runs the parsed command line, its global flags resolved into `config`.
pub fn run(cli: Cli, config: &Config) -> anyhow::Result<ExitCode> {
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    match cli.command {
        Command::Index(args) => index(&args, config),
        Command::Search(args) => search(&args, config),
        Command::Show(args) => show(&args, config),
        Command::Stats(args) => stats_cmd(&args, config),
        Command::Speakers(args) => speakers(&args, config),
        Command::Similar(args) => similar(&args, config),
        Command::Extract(args) => extract::extract(&args),
        Command::Eval(args) => eval_cmd(&args, config),
        Command::Check(args) => check_cmd(&args, config),
        Command::Completions(args) => {
            output::completions(args.shell)?;
            Ok(ExitCode::from(EXIT_OK))
        }
        Command::Man => {
            output::man()?;
            Ok(ExitCode::from(EXIT_OK))
        }
        Command::Serve(args) => {
            crate::serve::run(&args, &config.index_dir, config.today.as_deref())
        }
        Command::Push(args) => crate::engine::commands::push(&args, &config.index_dir),
    }
}

fn index(args: &IndexArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let index_dir = config.index_dir.as_path();
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        args.paths.clone()
    };
    let mut req = IndexRequest::new(roots, index_dir.to_path_buf());
    req.rebuild = args.rebuild;
    req.progress = !args.json && std::io::stderr().is_terminal();
    if let Some(n) = args.batch_files {
        req.batch_files = n.max(1);
        req.commit_every = std::time::Duration::ZERO;
    }
    if let Some(n) = args.jsonl_read_whole {
        req.jsonl_read_whole = n;
    }
    if args.watch {
        req.progress = false;
        let failed_passes = watch::run(&req, |s| Ok(output::index_summary(s, args.json)?))?;
        return Ok(ExitCode::from(if failed_passes > 0 {
            EXIT_ERROR
        } else {
            EXIT_OK
        }));
    }
    watch::on_signal(req.stop.clone(), || {})?;
    let summary = build::run(&req)?;
    output::index_summary(&summary, args.json)?;
    if summary.interrupted {
        messages::note(
            "stopped early; what was read is committed — run the same command to finish",
        );
    }
    Ok(ExitCode::from(
        if summary.failed > 0 || summary.interrupted {
            EXIT_ERROR
        } else {
            EXIT_OK
        },
    ))
}

/// Opens the index for reading; on a newcomer's first search, builds it from ./corpus.
fn open_for_search(index_dir: &Path, explicit_index: bool) -> anyhow::Result<store::Store> {
    let corpus = Path::new(DEFAULT_CORPUS);
    if !explicit_index && !store::exists(index_dir) && corpus.is_dir() {
        messages::note(format_args!(
            "no index yet — indexing ./{DEFAULT_CORPUS} into ./{DEFAULT_INDEX} first"
        ));
        let mut req = IndexRequest::new(vec![corpus.to_path_buf()], index_dir.to_path_buf());
        req.progress = std::io::stderr().is_terminal();
        let s = build::run(&req)?;
        messages::note(format_args!(
            "indexed {} articles ({} failed) in {:.2} s",
            s.added,
            s.failed,
            s.took_ms as f64 / 1000.0
        ));
        for e in &s.errors {
            messages::about(&e.path, &e.reason);
        }
    }
    Ok(store::open(index_dir)?)
}

/// `--from`, `--to` and `--since` as one date range (the same rule as `date:` in a query).
pub(crate) fn date_filter(
    dates: &crate::cli::DateArgs,
    today: &dyn Fn() -> anyhow::Result<Date>,
) -> anyhow::Result<DateRange> {
    let (from, to, span) = (&dates.from, &dates.to, &dates.since);
    let mut range = DateRange::default();
    if let Some(from) = from {
        range = range.intersect(DateRange::starting(parse_period(from).context("--from")?));
    }
    if let Some(to) = to {
        range = range.intersect(DateRange::ending(parse_period(to).context("--to")?));
    }
    if let Some(span) = span {
        let first = since(span, today()?).context("--since")?;
        range = range.intersect(DateRange::starting(Period::Days(first, first)));
    }
    if let (Some(a), Some(b)) = (range.first, range.last) {
        if a > b {
            bail!("the date filter is empty: {a} is after {b}");
        }
    }
    Ok(range)
}

fn similar(args: &SimilarArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let index_dir = config.index_dir.as_path();
    if let Some(url) = &args.remote.engine {
        return crate::engine::commands::similar(args, url);
    }
    let store = store::open(index_dir)?;
    let found = crate::story::similar::similar(&store, &args.id, args.limit)?;
    output::search(&similar_label(&args.id), &found, args.json)?;
    Ok(ExitCode::from(if found.hits.is_empty() {
        EXIT_NONE
    } else {
        EXIT_OK
    }))
}

/// The `query` that `similar --json` (and `/api/similar/{id}`) reports for article `id`.
pub fn similar_label(id: &str) -> String {
    format!("similar:{id}")
}

fn speakers(args: &SpeakersArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let (index_dir, today) = (config.index_dir.as_path(), &|| config.today());
    if let Some(url) = &args.remote.engine {
        return crate::engine::commands::speakers(args, url, today);
    }
    let req = speakers_request(args, today)?;
    let store = store::open(index_dir)?;
    let found = crate::story::speakers::compute(&store, &req)?;
    output::speakers(&found, args.json)?;
    Ok(ExitCode::from(if found.speakers.is_empty() {
        EXIT_NONE
    } else {
        EXIT_OK
    }))
}

/// The speakers flags resolved into a request, the query's syntax checked. Shared by
/// `dateline speakers` and `dateline serve`'s `/api/speakers`; every error is the caller's.
pub fn speakers_request(
    args: &SpeakersArgs,
    today: &dyn Fn() -> anyhow::Result<Date>,
) -> anyhow::Result<crate::story::speakers::SpeakersRequest> {
    let query = args.query.join(" ");
    let dates = date_filter(&args.dates, today)?;
    if !query.trim().is_empty() {
        search::plan::validate(&query)?;
    }
    Ok(crate::story::speakers::SpeakersRequest {
        query: Some(query),
        dates,
        limit: args.limit,
    })
}

fn search(args: &SearchArgs, config: &Config) -> anyhow::Result<ExitCode> {
    if let Some(url) = &args.remote.engine {
        return crate::engine::commands::search(args, url, &|| config.today());
    }
    let req = search_request(args, &|| config.today())?;
    let store = open_for_search(&config.index_dir, config.explicit_index)?;
    let results = search_results(&store, &req, args.timeline)?;
    output::search(&req.query, &results, args.json)?;
    // The process ends here: let the kernel drop the index's memory maps at exit instead
    // of unmapping a dozen files one by one (read-only, nothing left to flush).
    std::mem::forget(store);
    Ok(ExitCode::from(if results.total_hits > 0 {
        EXIT_OK
    } else {
        EXIT_NONE
    }))
}

/// The search flags resolved into a request: the date filter, the sort and the ranking, with
/// the query's syntax checked. Shared by `dateline search` and `dateline serve`'s
/// `/api/search`, so both accept and refuse exactly the same things; every error is the
/// caller's (a bad flag or query), none comes from the index.
pub fn search_request(
    args: &SearchArgs,
    today: &dyn Fn() -> anyhow::Result<Date>,
) -> anyhow::Result<SearchRequest> {
    let query = args.query.join(" ");
    let dates = date_filter(&args.dates, today)?;
    // Validate the query before touching the index, so a typo never triggers indexing.
    // (A sentence typed in capitals is read as plain words, so it has no syntax to check.)
    search::plan::validate(&query)?;
    Ok(SearchRequest {
        query,
        dates,
        speaker: args.speaker.clone(),
        sort: match args.sort {
            SortBy::Relevance => Sort::Relevance,
            SortBy::Newest => Sort::Newest,
            SortBy::Oldest => Sort::Oldest,
        },
        limit: args.limit,
        offset: args.offset,
        expand: expand_mode(args.expand, args.no_expand),
        plain_words: false,
        ranking: ranking_params(args.ranking.as_deref())?,
        collapse: !args.all_copies,
    })
}

/// A search's results as `search` prints them: the page of hits, the timeline when one is
/// asked for, and for a search that found nothing the nearest indexed words. Shared by
/// `dateline search` and `dateline serve`'s `/api/search`. A query error is the caller's;
/// any other is the index's.
pub fn search_results(
    store: &store::Store,
    req: &SearchRequest,
    timeline: Option<TimelineBy>,
) -> Result<SearchResults, search::SearchError> {
    let mut results = search::run(store, req)?;
    if let Some(by) = timeline {
        let start = std::time::Instant::now();
        results.timeline = Some(timeline::compute(store, req, timeline_period(by))?);
        results.took_ms += start.elapsed().as_secs_f64() * 1000.0;
    }
    if results.total_hits == 0 {
        let searcher = store.reader.searcher();
        results.suggestions = crate::story::typos::suggest(&searcher, &store.fields, &req.query)
            .map_err(|e| store::damaged(&store.dir, &e))?;
    }
    Ok(results)
}

/// The granularity `--timeline` asks for (`None`: the default fit).
pub(crate) fn timeline_period(by: TimelineBy) -> Option<Granularity> {
    match by {
        TimelineBy::Auto => None,
        TimelineBy::Day => Some(Granularity::Day),
        TimelineBy::Week => Some(Granularity::Week),
        TimelineBy::Month => Some(Granularity::Month),
        TimelineBy::Year => Some(Granularity::Year),
    }
}

/// `--expand` / `--no-expand` / neither.
fn expand_mode(always: bool, never: bool) -> search::Expand {
    match (always, never) {
        (true, _) => search::Expand::Always,
        (_, true) => search::Expand::Never,
        _ => search::Expand::Auto,
    }
}

/// The default ranking parameters with any experimental overrides applied.
fn ranking_params(spec: Option<&str>) -> anyhow::Result<search::rank::Params> {
    let base = search::rank::Params::default();
    match spec {
        Some(s) => base.with_overrides(s).map_err(anyhow::Error::msg),
        None => Ok(base),
    }
}

fn eval_cmd(args: &EvalArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let index_dir = config.index_dir.as_path();
    let store = store::open(index_dir)?;
    let req = EvalRequest {
        queries: &args.queries,
        qrels: &args.qrels,
        depth: args.depth.max(1),
        expand: expand_mode(args.expand, args.no_expand),
        ranking: ranking_params(args.ranking.as_deref())?,
        run: args.run.as_deref(),
        form: match args.form {
            QueryForm::Plain => eval::Form::Plain,
            QueryForm::Or => eval::Form::Or,
            QueryForm::And => eval::Form::And,
            QueryForm::Phrase => eval::Form::Phrase,
        },
    };
    let report = eval::run(&store, &req)?;
    output::eval(&report, args.per_query, args.json)?;
    Ok(ExitCode::from(EXIT_OK))
}

fn show(args: &ShowArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let index_dir = config.index_dir.as_path();
    let store = store::open(index_dir)?;
    let Some((article, copies)) = search::lookup::find_article(&store, &args.id)? else {
        messages::note(format_args!("no article with id {:?}", args.id));
        return Ok(ExitCode::from(EXIT_NONE));
    };
    output::article_with_copies(&article, &copies, args.json)?;
    Ok(ExitCode::from(EXIT_OK))
}

/// The article whose id is `id` with its copies, or `None`. Shared by `dateline show` and
/// `dateline serve`'s `/api/show/{id}`; the look-up itself is [`search::lookup`]'s.
#[allow(clippy::type_complexity)]
pub fn find_article(
    store: &store::Store,
    id: &str,
) -> Result<Option<(Article, Vec<crate::story::copies::Copy>)>, store::StoreError> {
    search::lookup::find_article(store, id)
}

fn stats_cmd(args: &StatsArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let index_dir = config.index_dir.as_path();
    if let Some(url) = &args.remote.engine {
        return crate::engine::commands::stats(args, url);
    }
    let store = store::open(index_dir)?;
    let figures = stats::compute(&store).map_err(|e| store::damaged(index_dir, &e))?;
    output::stats(&figures, args.json)?;
    Ok(ExitCode::from(EXIT_OK))
}

fn check_cmd(args: &CheckArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let index_dir = config.index_dir.as_path();
    let report = crate::index::check::run_dir(index_dir)?;
    output::check(&index_dir.display().to_string(), &report, args.json)?;
    Ok(ExitCode::from(if report.sound() {
        EXIT_OK
    } else {
        EXIT_ERROR
    }))
}
