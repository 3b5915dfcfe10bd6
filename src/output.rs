//! The only writer to stdout: terminal and JSON renderers for every command.
//!
//! Terminal output uses anstream, which strips colour when stdout is not a terminal, when
//! `NO_COLOR` is set, or with `--color never`.

use std::io::{self, Write};

use anstyle::{AnsiColor, Effects, Style};
use serde::Serialize;

use crate::article::{Article, Quote};
use crate::eval::Report;
use crate::index::build::Summary;
use crate::index::check::Report as CheckReport;
use crate::index::stats::Stats;
use crate::search::snippet::Fragment;
use crate::search::SearchResults;

const HEADLINE: Style = Style::new().effects(Effects::BOLD);
const DATE: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
const PATH: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Magenta)));
const MATCH: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .effects(Effects::BOLD);
pub(crate) const DIM: Style = Style::new().effects(Effects::DIMMED);

/// A day as `YYYY-MM-DD`, or `undated`.
fn day(a: &Article) -> String {
    a.date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".into())
}

/// Renders fragments as HTML-escaped text with matches in `<b>…</b>`, joined with `…`.
pub fn snippet_html(frags: &[Fragment]) -> String {
    render_fragments(frags, html_escape, |s| format!("<b>{}</b>", html_escape(s)))
}

fn snippet_terminal(frags: &[Fragment]) -> String {
    render_fragments(
        frags,
        |s| s.replace('\n', " "),
        |s| format!("{MATCH}{s}{MATCH:#}"),
    )
}

fn render_fragments(
    frags: &[Fragment],
    plain: impl Fn(&str) -> String,
    mark: impl Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    for (i, f) in frags.iter().enumerate() {
        if f.cut_before && (i == 0 || !out.ends_with('…')) {
            out.push_str(if i == 0 { "… " } else { " … " });
        } else if i > 0 {
            out.push(' ');
        }
        let mut at = 0;
        for h in &f.highlights {
            out.push_str(&plain(&f.text[at..h.start]));
            out.push_str(&mark(&f.text[h.clone()]));
            at = h.end;
        }
        out.push_str(&plain(&f.text[at..]));
        if f.cut_after && i + 1 == frags.len() {
            out.push_str(" …");
        }
    }
    out
}

/// Escapes text for HTML.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One hit of `search --json`; fields in the documented order.
#[derive(Serialize)]
struct HitJson<'a> {
    rank: usize,
    /// Widened from `f32`, as the JSON has always shown it (`11.2569580078125`).
    score: f64,
    mode: &'a str,
    id: &'a str,
    path: &'a str,
    headline: &'a str,
    byline: Option<&'a str>,
    date: Option<String>,
    /// The time of day and UTC offset as the article wrote them (`23:30:00-08:00`).
    time: Option<String>,
    snippet: String,
    quotes: &'a [Quote],
    /// Syndicated copies of this article among the matches, folded into it.
    copies: usize,
}

/// The whole `search --json` document.
#[derive(Serialize)]
struct SearchJson<'a> {
    query: &'a str,
    total_hits: usize,
    took_ms: f64,
    hits: Vec<HitJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<&'a [crate::story::timeline::Bar]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline_undated: Option<u64>,
    /// For a search that found nothing: each query word the index lacks → the closest
    /// indexed word.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    did_you_mean: serde_json::Map<String, serde_json::Value>,
}

/// Writes search results.
pub fn search(query: &str, r: &SearchResults, as_json: bool) -> io::Result<()> {
    if as_json {
        // JSON has no colour to strip: write it straight to stdout, not through anstream's
        // escape-sequence filter (a few % of a whole search process in a profile), from
        // borrowed structs rather than a `serde_json::Value` tree, in one buffered write.
        let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
        write_search_json(&mut out, query, r)?;
        return out.flush();
    }
    let mut out = anstream::stdout().lock();
    for h in &r.hits {
        let a = &h.article;
        write!(
            out,
            "{DIM}{:>3}.{DIM:#} {HEADLINE}{}{HEADLINE:#}",
            h.rank, a.headline
        )?;
        write!(out, "  {DATE}{}{DATE:#}", day(a))?;
        if let Some(b) = &a.byline {
            write!(out, " · {b}")?;
        }
        match h.copies {
            0 => {}
            1 => write!(out, "  {DIM}+1 copy{DIM:#}")?,
            n => write!(out, "  {DIM}+{n} copies{DIM:#}")?,
        }
        writeln!(out)?;
        writeln!(out, "     {PATH}{}{PATH:#}  {DIM}{}{DIM:#}", a.path, a.id)?;
        if !h.snippet.is_empty() {
            writeln!(out, "     {}", snippet_terminal(&h.snippet))?;
        }
        for q in &h.quotes {
            let who = q.speaker.as_deref().unwrap_or("unattributed");
            writeln!(out, "     {DIM}“{}” — {who}{DIM:#}", shorten(&q.text, 160))?;
        }
        writeln!(out)?;
    }
    if let Some(t) = &r.timeline {
        crate::story::output::timeline(&mut out, t)?;
    }
    let shown = r.hits.len();
    let first = r.hits.first().map_or(0, |h| h.rank);
    if shown > 0 {
        writeln!(
            out,
            "{DIM}hits {first}–{} of {} ({:.1} ms){DIM:#}",
            first + shown - 1,
            r.total_hits,
            r.took_ms
        )?;
    } else {
        writeln!(
            out,
            "{DIM}no hits (of {} matching) ({:.1} ms){DIM:#}",
            r.total_hits, r.took_ms
        )?;
    }
    if !r.suggestions.is_empty() {
        let words: Vec<String> = r.suggestions.iter().map(|(_, s)| s.clone()).collect();
        writeln!(out, "did you mean {}?", words.join(", "))?;
    }
    out.flush()
}

/// Writes the `search --json` document (and a newline) to `out`; `dateline serve`'s
/// `/api/search` answers with the same bytes.
pub fn write_search_json(out: &mut impl Write, query: &str, r: &SearchResults) -> io::Result<()> {
    let hits: Vec<HitJson<'_>> = r
        .hits
        .iter()
        .map(|h| HitJson {
            rank: h.rank,
            score: f64::from(h.score),
            mode: h.mode.as_str(),
            id: &h.article.id,
            path: &h.article.path,
            headline: &h.article.headline,
            byline: h.article.byline.as_deref(),
            date: h.article.date.map(|d| d.to_string()),
            time: h.article.time.map(|t| t.to_string()),
            snippet: snippet_html(&h.snippet),
            quotes: &h.quotes,
            copies: h.copies,
        })
        .collect();
    let doc = SearchJson {
        query,
        total_hits: r.total_hits,
        took_ms: r.took_ms,
        hits,
        timeline: r.timeline.as_ref().map(|t| t.bars.as_slice()),
        timeline_undated: r.timeline.as_ref().map(|t| t.undated),
        did_you_mean: r
            .suggestions
            .iter()
            .map(|(w, s)| (w.clone(), serde_json::Value::from(s.as_str())))
            .collect(),
    };
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}

/// Writes the speakers of a story: JSON, or one line per speaker and an example quotation.
pub fn speakers(r: &crate::story::speakers::Speakers, as_json: bool) -> io::Result<()> {
    if as_json {
        let mut out = io::BufWriter::new(io::stdout().lock());
        write_speakers_json(&mut out, r)?;
        return out.flush();
    }
    let mut out = anstream::stdout().lock();
    crate::story::output::speakers(&mut out, r)?;
    out.flush()
}

/// Writes the `speakers --json` document (and a newline) to `out`; `dateline serve`'s
/// `/api/speakers` answers with the same bytes.
pub fn write_speakers_json(
    out: &mut impl Write,
    r: &crate::story::speakers::Speakers,
) -> io::Result<()> {
    json_line(out, r)
}

pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut} …")
}

/// Writes the summary of an indexing run. Failed files go to stderr as `path: reason`.
pub fn index_summary(s: &Summary, as_json: bool) -> io::Result<()> {
    let mut out = anstream::stdout().lock();
    if as_json {
        json_line(&mut out, s)?;
        return out.flush();
    }
    writeln!(
        out,
        "added {}, updated {}, removed {}, unchanged {}, skipped {}, failed {} ({:.2} s)",
        s.added,
        s.updated,
        s.removed,
        s.unchanged,
        s.skipped,
        s.failed,
        s.took_ms as f64 / 1000.0
    )?;
    out.flush()?;
    let mut err = anstream::stderr().lock();
    for e in &s.errors {
        writeln!(err, "{}: {}", e.path, e.reason)?;
    }
    Ok(())
}

/// Writes one whole article.
pub fn article(a: &Article, as_json: bool) -> io::Result<()> {
    let mut out = anstream::stdout().lock();
    if as_json {
        json_line(&mut out, a)?;
        return out.flush();
    }
    let label = |k: &str| format!("{DIM}{k:>9}:{DIM:#}");
    writeln!(
        out,
        "{} {HEADLINE}{}{HEADLINE:#}",
        label("headline"),
        a.headline
    )?;
    writeln!(out, "{} {}", label("id"), a.id)?;
    writeln!(out, "{} {PATH}{}{PATH:#}", label("path"), a.path)?;
    let when = match a.time {
        Some(t) if a.date.is_some() => format!("{} {t}", day(a)),
        _ => day(a),
    };
    writeln!(out, "{} {DATE}{when}{DATE:#}", label("date"))?;
    for (k, v) in [
        ("byline", &a.byline),
        ("posted by", &a.posted_by),
        ("source", &a.source),
        ("url", &a.url),
    ] {
        if let Some(v) = v {
            writeln!(out, "{} {v}", label(k))?;
        }
    }
    for q in &a.quotes {
        let who = q.speaker.as_deref().unwrap_or("unattributed");
        writeln!(out, "{} “{}” — {who}", label("quote"), q.text)?;
    }
    writeln!(out)?;
    writeln!(out, "{}", a.body)?;
    out.flush()
}

/// Writes an article (as [`article`]) and the syndicated copies of it the index holds:
/// a `copies` list in JSON, one line per copy on the terminal.
pub fn article_with_copies(
    a: &Article,
    copies: &[crate::story::copies::Copy],
    as_json: bool,
) -> io::Result<()> {
    if !as_json {
        article(a, false)?;
        return crate::story::output::copies(&mut anstream::stdout().lock(), copies);
    }
    let mut out = io::stdout().lock();
    write_article_json(&mut out, a, copies)?;
    out.flush()
}

/// Writes the `show --json` document (and a newline) to `out`; `dateline serve`'s
/// `/api/show/{id}` answers with the same bytes.
pub fn write_article_json(
    out: &mut impl Write,
    a: &Article,
    copies: &[crate::story::copies::Copy],
) -> io::Result<()> {
    #[derive(Serialize)]
    struct WithCopies<'a> {
        #[serde(flatten)]
        article: &'a Article,
        copies: &'a [crate::story::copies::Copy],
    }
    json_line(out, &WithCopies { article: a, copies })
}

/// Standard output, buffered, for a stream of [`json_line`]s (`extract`'s articles); the
/// caller flushes it before a message goes to stderr, so the two stay in order.
pub fn json_lines() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// Writes one value as a line of JSON (`extract` writes one per article).
pub fn json_line(out: &mut impl Write, v: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, v).map_err(io::Error::other)?;
    writeln!(out)
}

/// Writes index statistics.
pub fn stats(s: &Stats, as_json: bool) -> io::Result<()> {
    let mut out = anstream::stdout().lock();
    if as_json {
        json_line(&mut out, s)?;
        return out.flush();
    }
    let range = match (s.first_date, s.last_date) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "none".into(),
    };
    writeln!(out, "documents   {}", s.documents)?;
    writeln!(out, "files       {}", s.files)?;
    writeln!(out, "date range  {range}")?;
    writeln!(
        out,
        "undated     {} (excluded by any date filter)",
        s.undated
    )?;
    writeln!(
        out,
        "index size  {:.1} MB",
        s.index_bytes as f64 / 1_048_576.0
    )?;
    writeln!(
        out,
        "copies      {} groups of syndicated copies ({} articles)",
        s.copy_groups, s.grouped_articles
    )?;
    writeln!(out, "per year:")?;
    for (year, n) in &s.per_year {
        let months: Vec<String> = s
            .per_month
            .iter()
            .filter(|(m, _)| m.starts_with(year.as_str()))
            .map(|(m, n)| format!("{}:{n}", &m[5..]))
            .collect();
        writeln!(out, "  {year}  {n:>7}   {DIM}{}{DIM:#}", months.join(" "))?;
    }
    out.flush()
}

/// Writes what `dateline check` found about the index at `dir`: one summary line when it is
/// sound, else one line per problem with the fix.
pub fn check(dir: &str, r: &CheckReport, as_json: bool) -> io::Result<()> {
    let mut out = anstream::stdout().lock();
    let fix = format!("run: dateline index FOLDER --rebuild --index {dir}");
    if as_json {
        #[derive(serde::Serialize)]
        struct Json<'a> {
            index: &'a str,
            sound: bool,
            #[serde(flatten)]
            report: &'a CheckReport,
            fix: Option<&'a str>,
        }
        let sound = r.sound();
        let fix = (!sound).then_some(fix.as_str());
        json_line(
            &mut out,
            &Json {
                index: dir,
                sound,
                report: r,
                fix,
            },
        )?;
        return out.flush();
    }
    if r.sound() {
        writeln!(
            out,
            "index at {dir} is sound: {} documents in {} segments, {} files match their checksums",
            r.documents, r.segments, r.files_checked
        )?;
    }
    for p in &r.problems {
        writeln!(out, "{}: {} — {fix}", p.file, p.problem)?;
    }
    out.flush()
}

/// Writes the completion script for `shell`, generated from the clap definitions.
pub fn completions(shell: clap_complete::Shell) -> io::Result<()> {
    let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut out = io::stdout().lock();
    clap_complete::generate(shell, &mut cmd, "dateline", &mut out);
    out.flush()
}

/// Writes the manual page (roff), generated from the clap definitions.
pub fn man() -> io::Result<()> {
    let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut out = io::stdout().lock();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    out.flush()
}

/// Writes an evaluation report: mean figures (and per query), or one JSON object.
pub fn eval(r: &Report, per_query: bool, as_json: bool) -> io::Result<()> {
    let mut out = anstream::stdout().lock();
    if as_json {
        let mut v = serde_json::to_value(r).map_err(io::Error::other)?;
        if !per_query {
            if let Some(o) = v.as_object_mut() {
                o.remove("per_query");
            }
        }
        writeln!(out, "{v}")?;
        return out.flush();
    }
    writeln!(out, "query      nDCG@10     MAP    P@10   R@100")?;
    if per_query {
        for q in &r.per_query {
            let s = q.scores;
            writeln!(
                out,
                "{:<8} {:>9.4} {:>7.4} {:>7.4} {:>7.4}",
                q.id, s.ndcg_10, s.map, s.p_10, s.r_100
            )?;
        }
    }
    let m = r.mean;
    writeln!(
        out,
        "{HEADLINE}{:<8} {:>9.4} {:>7.4} {:>7.4} {:>7.4}{HEADLINE:#}",
        "mean", m.ndcg_10, m.map, m.p_10, m.r_100
    )?;
    writeln!(
        out,
        "{DIM}{} queries scored; {} skipped (no relevant document in the judgments); {:.2} s{DIM:#}",
        r.queries,
        r.skipped,
        r.took_ms as f64 / 1000.0
    )?;
    out.flush()
}
