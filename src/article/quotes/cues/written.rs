//! The source mention of a quotation as written (`the Warriors chief`, `Secretary Azar`,
//! `he`), read back from the words around the cue once the source is known.

use super::super::lexicon::{is_cap, is_function_word, is_pronoun, is_title, lower};
use super::super::mentions::{Who, Word};

/// The words of `ws` that name `who`, nearest the cue at `v`, as written: a name with the
/// capitalised words and titles printed before it (`Secretary Azar`), a pronoun, `the
/// Secretary`, or for an unnamed source the noun phrase next to the verb (`a spokeswoman`).
pub(super) fn source_text(ws: &[Word<'_>], v: usize, who: &Who, forward: bool) -> Option<String> {
    let join = |from: usize, to: usize| {
        let t: Vec<&str> = ws
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .map(|w| w.bare)
            .collect();
        (!t.is_empty()).then(|| t.join(" "))
    };
    let nearest = |pred: &dyn Fn(&Word<'_>) -> bool| -> Option<usize> {
        let hits = ws
            .iter()
            .enumerate()
            .filter(|(_, w)| !w.opens_quote && pred(w));
        if forward {
            hits.map(|(i, _)| i).find(|&i| i >= v)
        } else {
            hits.map(|(i, _)| i).min_by_key(|&i| i.abs_diff(v))
        }
    };
    match who {
        Who::Name(n) => {
            let last = n.split_whitespace().last()?;
            let end = nearest(&|w: &Word<'_>| {
                w.bare.trim_end_matches("'s").trim_end_matches("’s") == last
            })?;
            let mut start = end;
            while start > 0 && end - start < 5 {
                let Some(p) = ws.get(start - 1) else { break };
                let attached = (is_cap(p.bare) && !is_function_word(p.bare) && !is_pronoun(p.bare))
                    || is_title(p.bare);
                if !attached || p.breaks_after {
                    break;
                }
                start -= 1;
            }
            join(start, end + 1)
        }
        Who::Pronoun(_) | Who::FirstPerson => {
            let i = nearest(&|w: &Word<'_>| is_pronoun(w.bare))?;
            join(i, i + 1)
        }
        Who::Role(title) => {
            // `the Secretary`, `the Warriors chief`: back over capitals to the article.
            let i = nearest(&|w: &Word<'_>| lower(w.bare) == *title)?;
            let mut start = i;
            while start > 0 && i - start < 5 {
                let Some(p) = ws.get(start - 1) else { break };
                let det = matches!(lower(p.bare).as_str(), "the" | "a" | "an");
                if p.breaks_after || !(det || is_cap(p.bare)) {
                    break;
                }
                start -= 1;
                if det {
                    break;
                }
            }
            join(start, i + 1)
        }
        Who::Unnamed if v > 0 => {
            // `a spokeswoman said`: the phrase before the verb, back to a break.
            let mut start = v;
            while start > 0 && v - start < 4 {
                let Some(p) = ws.get(start - 1) else { break };
                if p.breaks_after || p.opens_quote {
                    break;
                }
                start -= 1;
            }
            join(start, v)
        }
        Who::Unnamed => {
            // `said a spokeswoman`: the phrase after the verb, up to a break.
            let mut end = v + 1;
            while end < ws.len() && end - v <= 4 {
                let Some(w) = ws.get(end) else { break };
                if w.opens_quote {
                    break;
                }
                end += 1;
                if w.breaks_after {
                    break;
                }
            }
            join(v + 1, end)
        }
    }
}
