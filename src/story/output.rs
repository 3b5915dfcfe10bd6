//! Terminal renderers for the story commands (timeline, speakers), called by
//! [`crate::output`], which owns stdout.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::timeline::Timeline;
use crate::output::DIM;

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
