//! Command-line definitions (clap derive). Doc comments here are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Search engine for folders of news articles.
#[derive(Debug, Parser)]
#[command(name = "dateline", version, about, propagate_version = true)]
pub struct Cli {
    /// Index folder [default: ./index].
    #[arg(long, global = true, env = "DATELINE_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// When to use colour: auto follows the terminal and NO_COLOR.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Today's date for `--since` (for reproducible runs and tests).
    #[arg(long, global = true, hide = true, env = "DATELINE_TODAY")]
    pub today: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// The subcommands.
// Each one's arguments are built only when it is the one invoked (`defer`): a search
// process does not build the other five (~70 k instructions). The argument structs carry
// no doc comment: a deferred struct's doc would replace the subcommand's help line.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Index folders and files of articles (incremental; --rebuild starts fresh).
    Index(IndexArgs),
    /// Search the index: words (all required), "phrases", OR, -word, field:term, date:...
    #[command(visible_alias = "query")]
    Search(SearchArgs),
    /// Show one whole article by id.
    Show(ShowArgs),
    /// Documents, date range, undated articles, articles per year/month, index size.
    Stats(StatsArgs),
    /// Who is quoted in the matching articles: quotations, articles, first and last date.
    Speakers(SpeakersArgs),
    /// The articles most like one article (its copies left out), ranked as search ranks.
    Similar(SimilarArgs),
    /// Print what would be indexed from files, without indexing (one JSON object per article).
    Extract(ExtractArgs),
    /// Measure ranking quality: nDCG@10, MAP, P@10, R@100 over queries with judgments.
    Eval(EvalArgs),
    /// Verify the index: every file against its checksum, every part decoded, the
    /// bookkeeping against the documents. Changes nothing.
    Check(CheckArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), generated from the same definitions as --help.
    Man,
    /// Serve a search page and a read-only JSON API over the index (loopback by default).
    Serve(ServeArgs),
    /// Copy the index's articles into an OpenSearch cluster (by id; local deletions too).
    Push(PushArgs),
}

// `dateline push` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The cluster's URL (credentials and TLS come from DATELINE_ENGINE_USER,
    /// DATELINE_ENGINE_PASSWORD and DATELINE_ENGINE_CA_CERT, never from flags).
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// The index on the cluster.
    #[arg(long, default_value = crate::engine::DEFAULT_INDEX_NAME, value_name = "NAME")]
    pub index_name: String,
    /// Send only the articles that changed since the previous push (deletions still go).
    #[arg(long)]
    pub since_last: bool,
    /// Primary shards of a new cluster index.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub shards: u32,
    /// Replicas of each shard of a new cluster index.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub replicas: u32,
    /// Bytes per bulk request.
    #[arg(long, default_value_t = 5 << 20, value_name = "BYTES", hide = true)]
    pub batch_bytes: usize,
    /// Print the summary as JSON (the keys of `index --json`).
    #[arg(long)]
    pub json: bool,
}

/// Where a command is answered: the local index, or an OpenSearch cluster that
/// `dateline push` filled.
#[derive(Debug, Args, Default, Clone)]
pub struct EngineArgs {
    /// Answer from the OpenSearch cluster at URL instead of the local index (credentials
    /// and TLS from DATELINE_ENGINE_USER, DATELINE_ENGINE_PASSWORD, DATELINE_ENGINE_CA_CERT).
    #[arg(long, value_name = "URL")]
    pub engine: Option<String>,
    /// The index on the cluster (with --engine).
    #[arg(long, default_value = crate::engine::DEFAULT_INDEX_NAME, value_name = "NAME", requires = "engine")]
    pub index_name: String,
}

// `dateline completions` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

// `dateline serve` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on; a non-loopback address shares the index with the
    /// network.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR:PORT")]
    pub listen: std::net::SocketAddr,
}

// `dateline check` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

// `dateline index` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders to index [default: ./corpus].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Start from an empty index.
    #[arg(long)]
    pub rebuild: bool,
    /// Print the summary as JSON (one line per pass in watch mode).
    #[arg(long)]
    pub json: bool,
    /// Keep watching the paths and re-index as files change, until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
    /// Commit after every N files (for tests of interrupted runs; by default a long run
    /// commits every 30 seconds).
    #[arg(long, value_name = "N", hide = true)]
    pub batch_files: Option<usize>,
    /// JSON Lines files up to BYTES are read whole, larger ones streamed (for tests of
    /// streaming; the default is 64 MiB).
    #[arg(long, value_name = "BYTES", hide = true)]
    pub jsonl_read_whole: Option<u64>,
}

/// How `eval` writes each test query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryForm {
    Plain,
    Or,
    And,
    Phrase,
}

/// How to order hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    Relevance,
    Newest,
    Oldest,
}

/// The date flags of `search` and `speakers`.
#[derive(Debug, Args, Default, Clone)]
pub struct DateArgs {
    /// Only articles dated on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only articles dated on or before DATE (a partial date includes its whole period).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only articles from the last SPAN (7d, 3w, 6m, 1y), today included.
    #[arg(long, value_name = "SPAN")]
    pub since: Option<String>,
}

// `dateline search` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (several arguments are joined with spaces).
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub dates: DateArgs,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortBy::Relevance)]
    pub sort: SortBy,
    /// Number of hits to show.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Number of hits to skip (for paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Only articles with a quotation attributed to NAME.
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Expand every plain-word query with words from the best hits (RM3 pseudo-relevance
    /// feedback); by default only typed sentences are expanded.
    #[arg(long, conflicts_with = "no_expand")]
    pub expand: bool,
    /// Never expand queries, not even typed sentences.
    #[arg(long)]
    pub no_expand: bool,
    /// Ranking parameter overrides for experiments (k1=1.2,hw=2,...).
    #[arg(long, hide = true, env = "DATELINE_RANKING", value_name = "SPEC")]
    pub ranking: Option<String>,
    /// Show every syndicated copy (by default one article per group of copies: the
    /// best-ranked, with the number of copies it stands for).
    #[arg(long)]
    pub all_copies: bool,
    /// Also count every matching article per period, with its share of all articles of
    /// the period (default period: 10-60 bars over the matches).
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "auto", value_name = "PERIOD")]
    pub timeline: Option<TimelineBy>,
    #[command(flatten)]
    pub remote: EngineArgs,
}

/// The period of a timeline's bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineBy {
    Auto,
    Day,
    Week,
    Month,
    Year,
}

// `dateline similar` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The article id, as printed by search.
    pub id: String,
    /// Number of articles to show.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Print one JSON object (the shape of `search --json`).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub remote: EngineArgs,
}

// `dateline speakers` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct SpeakersArgs {
    /// Only articles matching this query (search syntax); every article without one.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub dates: DateArgs,
    /// Number of speakers to list (the most quoted).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub remote: EngineArgs,
}

// `dateline eval` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Queries, one `id<TAB>text` per line (read as plain words, no query syntax).
    #[arg(long, value_name = "FILE")]
    pub queries: PathBuf,
    /// Relevance judgments in TREC format: `qid 0 docid grade`.
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,
    /// Also print the figures of every query.
    #[arg(long)]
    pub per_query: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Expand every query with RM3 pseudo-relevance feedback, as `search --expand`.
    #[arg(long, conflicts_with = "no_expand")]
    pub expand: bool,
    /// Never expand queries, as `search --no-expand`.
    #[arg(long)]
    pub no_expand: bool,
    /// Write the rankings to FILE in TREC run format (`qid Q0 docid rank score tag`).
    #[arg(long, value_name = "FILE")]
    pub run: Option<PathBuf>,
    /// Ranked list length per query.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub depth: usize,
    /// How each query is written: as plain words, or in an operator form built from its
    /// words (`or`: all of them joined by OR; `and`: its two rarest words joined by AND;
    /// `phrase`: its words with the two rarest as a phrase within 10 words).
    #[arg(long, value_enum, default_value_t = QueryForm::Plain)]
    pub form: QueryForm,
    /// Ranking parameter overrides for experiments (k1=1.2,hw=2,...).
    #[arg(long, hide = true, env = "DATELINE_RANKING", value_name = "SPEC")]
    pub ranking: Option<String>,
}

// `dateline show` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article id, as printed by search.
    pub id: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

// `dateline stats` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub remote: EngineArgs,
}

// `dateline extract` (a plain comment, see `Command`).
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files to extract articles from.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print JSON Lines (the only output format; accepted for symmetry).
    #[arg(long)]
    pub json: bool,
    /// As `index --jsonl-read-whole`.
    #[arg(long, value_name = "BYTES", hide = true)]
    pub jsonl_read_whole: Option<u64>,
}
