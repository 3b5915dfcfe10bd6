//! Terminal renderers for the story commands (timeline, speakers), called by
//! [`crate::output`], which owns stdout.

use std::io::{self, Write};

use anstyle::{AnsiColor, Effects, Style};

use super::speakers::Speakers;
use super::timeline::Timeline;
use crate::output::{shorten, DIM};

const NAME: Style = Style::new().effects(Effects::BOLD);
const BAR: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
/// The longest bar, in characters.
const BAR_WIDTH: u64 = 40;

/// One line per period: its name, a bar scaled to the largest count, the count and the
/// share of the period's articles; then the undated matches on a line of their own.
pub fn timeline(out: &mut impl Write, t: &Timeline) -> io::Result<()> {
    let largest = t.bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let label = t
        .bars
        .iter()
        .map(|b| b.period.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let digits = largest.to_string().len();
    writeln!(
        out,
        "{DIM}timeline (articles per period, share of the period's articles){DIM:#}"
    )?;
    for b in &t.bars {
        // A non-zero count always shows at least one block.
        let width = (b.count * BAR_WIDTH).div_ceil(largest) as usize;
        writeln!(
            out,
            "{:<label$}  {BAR}{:<w$}{BAR:#}  {:>digits$}  {:>5.1}%",
            b.period,
            "█".repeat(width),
            b.count,
            b.share * 100.0,
            w = BAR_WIDTH as usize,
        )?;
    }
    if t.undated > 0 {
        writeln!(out, "{:<label$}  {}", "undated", t.undated)?;
    }
    writeln!(out)
}

/// One block per speaker: the name, quotations, articles and dates, then the example.
pub fn speakers(out: &mut impl Write, r: &Speakers) -> io::Result<()> {
    let day = |d: Option<jiff::civil::Date>| d.map_or_else(|| "undated".into(), |d| d.to_string());
    for s in &r.speakers {
        writeln!(
            out,
            "{NAME}{}{NAME:#}  {} quotation{} in {} article{}  {DIM}{} – {}{DIM:#}",
            s.speaker,
            s.quotations,
            plural(s.quotations),
            s.articles,
            plural(s.articles),
            day(s.first_date),
            day(s.last_date),
        )?;
        writeln!(out, "     {DIM}“{}”{DIM:#}", shorten(&s.example, 160))?;
    }
    writeln!(
        out,
        "{DIM}{} of {} speakers in {} articles ({:.1} ms){DIM:#}",
        r.speakers.len(),
        r.total_speakers,
        r.articles,
        r.took_ms
    )
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The copies of an article `show` found, one line each (nothing when there are none).
pub fn copies(out: &mut impl Write, copies: &[crate::story::copies::Copy]) -> io::Result<()> {
    if copies.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{DIM}{} syndicated cop{}:{DIM:#}",
        copies.len(),
        if copies.len() == 1 { "y" } else { "ies" }
    )?;
    for c in copies {
        let day = c.date.map_or_else(|| "undated".into(), |d| d.to_string());
        writeln!(
            out,
            "  {}  {day}  {}  {DIM}{}{DIM:#}",
            c.id, c.path, c.headline
        )?;
    }
    out.flush()
}
