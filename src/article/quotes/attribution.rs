//! Who said a quotation: the cue and source in the quote's own sentence (after it:
//! `…," Kirby said`; before it: `Najib Razak said, "…`), a colon introduction, quotative
//! *like*, or continuation of the previous quote; then the source resolved to the fullest
//! name the article uses ([`super::names`]).

use super::lexicon::{is_cap, is_pronoun, lower};
use super::mentions::{cap_runs, is_verb, run_name, words, Gender, Who};
use super::names::{interviewee, Inventory};
use super::pronouns::Referents;
use super::sentences::{sentence_end, sentence_start, sentence_subject, speech_subjects};
use super::spans::{Para, Span};
use super::speech::{is_quotation, naming_cue};
use super::subjects::{appositive_name, clause_subject, subject_after, subject_before};
use super::Context;

/// A pull quote's printed name: `”—Caitlin Oakley HHS Spokesperson`, `” – Secretary Alex Azar`.
pub(super) fn dash_name(text: &str) -> Option<Who> {
    let t = text.trim_start();
    let rest = t
        .strip_prefix(['—', '–', '-'])
        .or_else(|| t.strip_prefix("--"))?;
    let ws = words(rest);
    let runs = cap_runs(&ws);
    let &(s, e) = runs.first().filter(|r| r.0 <= 1)?;
    run_name(&ws, (s, e)).map(Who::Name)
}

/// Attribution in the words after a quote: a speech verb among the first few words.
pub(super) fn after_quote(text: &str, quote_ends_sentence: bool) -> Option<Who> {
    if quote_ends_sentence {
        if let Some(who) = dash_name(text) {
            return Some(who);
        }
    }
    let ws = words(text);
    let v = ws.iter().take(12).position(is_verb)?;
    let pre = ws.get(..v).unwrap_or_default();
    if pre.iter().any(|w| {
        matches!(
            lower(w.bare).as_str(),
            "and" | "but" | "which" | "that" | "who"
        )
    }) {
        return None;
    }
    if v == 0 {
        return subject_after(ws.get(1..).unwrap_or_default());
    }
    subject_before(pre)
}

/// Attribution in the words before a quote, within its sentence: the speech verb nearest
/// the quote (or the first one, for a sentence introducing the quote with a colon).
pub(super) fn before_quote(text: &str, first_verb: bool) -> Option<Who> {
    let ws = words(text);
    // "according to X", "in the words of X", "a quote attributed to X"
    if let Some(k) = ws.windows(2).rposition(|p| {
        let (a, b) = (
            p.first().map(|w| lower(w.bare)).unwrap_or_default(),
            p.get(1).map(|w| w.bare).unwrap_or_default(),
        );
        matches!(
            (a.as_str(), b),
            ("according" | "attributed", "to") | ("words", "of")
        )
    }) {
        let source = ws.get(k + 2..).unwrap_or_default();
        return appositive_name(source).or_else(|| subject_after(source));
    }
    let v = if first_verb {
        ws.iter().position(is_verb)?
    } else {
        ws.iter().rposition(is_verb)?
    };
    // "…, saying": a participle's subject is its clause's subject, not the last name
    // mentioned before it (`X criticised Obama, saying "…"`).
    // "with Boswell stating": in an absolute construction the name right before the
    // participle is its subject.
    let named_before = {
        let before = ws.get(..v).unwrap_or_default();
        let name_start = before
            .iter()
            .rposition(|w| !(is_cap(w.bare) || is_pronoun(w.bare)) || w.breaks_after)
            .map_or(0, |i| i + 1);
        name_start < v
            && name_start > 0
            && before
                .get(name_start - 1)
                .is_some_and(|w| lower(w.bare) == "with")
    };
    if ws.get(v).is_some_and(|w| w.bare.ends_with("ing")) && v > 0 && !named_before {
        if let Some(who) = clause_subject(ws.get(..v).unwrap_or_default()) {
            return Some(who);
        }
    }
    let after = ws.get(v + 1..).unwrap_or_default();
    // "told Sky News …": the words after these verbs are the listener, not the speaker.
    let takes_object = ws.get(v).is_some_and(|w| {
        matches!(
            lower(w.bare).as_str(),
            "told" | "tells" | "telling" | "asked" | "asks"
        )
    });
    if !takes_object
        && !after.is_empty()
        && after.len() <= 6
        && after
            .first()
            .is_some_and(|w| is_cap(w.bare) || is_pronoun(w.bare))
    {
        if let Some(who) = subject_after(after) {
            return Some(who);
        }
    }
    subject_before(ws.get(..v).unwrap_or_default())
}

/// The subject of a sentence that introduces a quote with a colon (or a comma after a
/// speech verb): `Alex Azar issued the following statement:`, `Rathbun stated,`.
pub(super) fn colon_intro(text: &str) -> Option<Who> {
    let t = text.trim_end();
    if !t.ends_with(':') && !t.ends_with(',') {
        return None;
    }
    if let Some(who) = before_quote(t, true) {
        return Some(who);
    }
    if !t.ends_with(':') {
        return None;
    }
    let ws = words(t);
    let &(s, e) = cap_runs(&ws).first()?;
    run_name(&ws, (s, e)).map(Who::Name)
}

/// Decides which spans are quotations and who said each.
pub(crate) fn attribute(
    body: &str,
    paras: &[Para],
    spans: &[Span],
    context: &Context<'_>,
) -> Vec<(Span, Option<String>)> {
    let names = Inventory::build(body);
    let interviewee = interviewee(context, &names);
    // Sentence subjects only matter to a pronoun ("he said"): found on the first one.
    let mut subjects: Option<Vec<(usize, String)>> = None;
    let mut out: Vec<(Span, Option<String>)> = Vec::new();
    let mut last_speaker: Option<(usize, String)> = None;
    // Pronouns resolve against the article's people, found on the first `he`/`she`.
    let mut referents: Option<Referents> = None;
    let mut spoken: Vec<(usize, String)> = Vec::new();
    let mut prev: Option<(usize, Option<String>)> = None; // (para, speaker) of previous quote
    for (k, span) in spans.iter().enumerate() {
        let Some(para) = paras.get(span.para) else {
            continue;
        };
        let same_para_prev = k
            .checked_sub(1)
            .and_then(|j| spans.get(j))
            .filter(|p| p.para == span.para);
        let same_para_next = spans.get(k + 1).filter(|n| n.para == span.para);
        let left_from = same_para_prev.map_or(para.start, |p| p.close);
        let right_to = same_para_next.map_or(para.end, |n| n.open);
        let lead_start = sentence_start(body, left_from, span.open);
        let lead = body.get(lead_start..span.open).unwrap_or_default();
        let trail_end = sentence_end(body, span.close.min(right_to), right_to);
        let trail = body
            .get(span.close.min(trail_end)..trail_end)
            .unwrap_or_default();

        let mut who = if span.closed {
            let quoted = body
                .get(span.start..span.end)
                .unwrap_or_default()
                .trim_end();
            after_quote(trail, quoted.ends_with(['.', '?', '!', '…']))
        } else {
            None
        };
        let n_words = body
            .get(span.start..span.end)
            .unwrap_or_default()
            .split_whitespace()
            .count();
        if who.is_none() {
            who = before_quote(lead, false).or_else(|| colon_intro(lead));
            // A short fragment far from its verb, or inside an embedded question
            // (`asked officials how documents stored in "approved cabinets" …`), is a term.
            if n_words <= 3 && who.is_some() && !verb_governs(lead) {
                who = None;
            }
        }
        if who.is_none() {
            who = quotative_like(lead);
        }
        // `called the sentence "dangerous" and "ideological"`: a fragment coordinated
        // with the quote before it shares its attribution.
        let coordinated = same_para_prev.is_some_and(|p| {
            out.last().is_some_and(|(q, _)| q.open == p.open)
                && body.get(p.close..span.open).is_some_and(is_coordination)
        });
        let starts_para = body
            .get(para.start..span.open)
            .is_some_and(|t| t.trim().is_empty());
        if who.is_none() && starts_para && span.para > 0 {
            if let Some(pp) = paras.get(span.para - 1) {
                let text = body.get(pp.start..pp.end).unwrap_or_default();
                if text.trim_end().ends_with([':', ',']) {
                    let s = sentence_start(body, pp.start, pp.end);
                    who = colon_intro(body.get(s..pp.end).unwrap_or_default());
                }
            }
        }
        // A quote that is its whole paragraph (a pull quote), possibly with the speaker's
        // name after a dash; a dash followed by a date is a source list's citation.
        let standalone = starts_para
            && body.get(span.close..para.end).is_some_and(|t| {
                t.trim().is_empty()
                    || (dash_name(t).is_some() && !t.chars().any(|c| c.is_ascii_digit()))
            });
        let attributed = who.is_some() || coordinated;
        if !(is_quotation(body, span, attributed, lead_start)
            || (standalone && n_words >= 2 && !naming_cue(body, lead_start, span.open)))
        {
            continue;
        }
        let speaker = match who {
            Some(Who::Name(n)) => Some(names.resolve(&n)),
            Some(Who::Pronoun(gender)) => {
                let subjects = subjects.get_or_insert_with(|| speech_subjects(body, paras));
                let resolved = if gender == Gender::Other {
                    None
                } else {
                    let refs = referents.get_or_insert_with(|| {
                        let named = subjects.iter().map(|(_, n)| names.resolve(n)).collect();
                        let mut refs = Referents::build(body, paras, spans, &names, &named);
                        for (at, s) in &spoken {
                            refs.note_speaker(*at, s);
                        }
                        refs
                    });
                    refs.resolve(span.open, gender)
                };
                resolved.or_else(|| {
                    let before = subjects.partition_point(|(at, _)| *at < span.open);
                    let subject = before.checked_sub(1).and_then(|i| subjects.get(i));
                    match (&last_speaker, subject) {
                        (Some((at, s)), Some((sat, _))) if at > sat => Some(s.clone()),
                        (_, Some((_, n))) => Some(names.resolve(n)),
                        (Some((_, s)), None) => Some(s.clone()),
                        (None, None) => names.last_person_before(span.open),
                    }
                })
            }
            Some(Who::Role(title)) => names.by_title(&title),
            Some(Who::FirstPerson) if interviewee.is_some() => interviewee.clone(),
            Some(Who::FirstPerson) => None,
            Some(Who::Unnamed) => None,
            None if coordinated => prev.as_ref().and_then(|(_, s)| s.clone()),
            None => match &prev {
                Some((pp, s))
                    if (*pp == span.para
                        || (starts_para && only_captions_between(body, paras, *pp, span.para)))
                        && (s.is_some() || !standalone) =>
                {
                    s.clone()
                }
                // A pull quote standing alone in an interview is the interviewee's.
                _ if standalone => interviewee.clone(),
                // Someone's wording worked into a sentence about them.
                _ => sentence_subject(lead).filter(|n| {
                    n.split_whitespace()
                        .all(|w| w.chars().any(char::is_lowercase) || w.ends_with('.'))
                }),
            },
        };
        if let Some(s) = &speaker {
            last_speaker = Some((span.open, s.clone()));
            spoken.push((span.open, s.clone()));
            if let Some(refs) = referents.as_mut() {
                refs.note_speaker(span.open, s);
            }
        }
        prev = Some((span.para, speaker.clone()));
        out.push((span.clone(), speaker));
    }
    out
}

/// Whether the last speech verb of `lead` governs a quote right after it: at most eight
/// words between them, none of them opening an embedded question or clause.
pub(super) fn verb_governs(lead: &str) -> bool {
    let ws = words(lead);
    let Some(v) = ws.iter().rposition(|w| is_verb(w) || lower(w.bare) == "to") else {
        return true; // a colon introduction or a pronoun-only lead
    };
    let between = ws.get(v + 1..).unwrap_or_default();
    between.len() <= 8
        && !between.iter().any(|w| {
            matches!(
                lower(w.bare).as_str(),
                "how" | "why" | "where" | "whether" | "what" | "which" | "who"
            )
        })
}

/// `I'm like, ‘Are you insane?`, `it's sort of like, "Hmmm …"`: quotative *like*.
pub(super) fn quotative_like(lead: &str) -> Option<Who> {
    let t = lead.trim_end().strip_suffix([',', ':'])?;
    let ws = words(t);
    let (last, rest) = ws.split_last()?;
    if lower(last.bare) != "like" {
        return None;
    }
    let first_person = rest
        .last()
        .is_some_and(|w| matches!(lower(w.bare).as_str(), "i" | "i'm" | "i’m"));
    Some(if first_person {
        Who::FirstPerson
    } else {
        Who::Unnamed
    })
}

/// Text between two quotes that only coordinates them: `and`/`or` and commas, around
/// parenthesised asides such as a language marker (`"dangerous" (it) and "ideological"`).
pub(super) fn is_coordination(t: &str) -> bool {
    if t.len() > 80 {
        return false;
    }
    let mut depth = 0usize;
    let outside: String = t
        .chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect();
    let mut saw_word = false;
    for w in outside.split(|c: char| c.is_whitespace() || matches!(c, ',' | '/')) {
        match w {
            "" => {}
            "and" | "or" => saw_word = true,
            _ => return false,
        }
    }
    saw_word
}

/// Whether only picture captions (`… Image: NASA.`) lie between paragraphs `from` and `to`.
pub(super) fn only_captions_between(body: &str, paras: &[Para], from: usize, to: usize) -> bool {
    if to <= from {
        return false;
    }
    (from + 1..to).all(|i| {
        paras.get(i).is_some_and(|p| {
            let t = body.get(p.start..p.end).unwrap_or_default();
            t.len() < 300
                && ["Image:", "Photo:", "Picture:", "Credit:", "Photograph:"]
                    .iter()
                    .any(|c| t.contains(c))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::quotes::mentions::Who;

    #[test]
    fn attributions() {
        let cases = [
            (", Kirby said.", true, Some(Who::Name("Kirby".into()))),
            (
                " said Roger Severino OCR director.",
                true,
                Some(Who::Name("Roger Severino".into())),
            ),
            (
                ", he told reporters.",
                true,
                Some(Who::Pronoun(Gender::Male)),
            ),
            (
                ", Pentagon press secretary John Kirby said in a statement.",
                true,
                Some(Who::Name("John Kirby".into())),
            ),
            (
                "Najib Razak said, ",
                false,
                Some(Who::Name("Najib Razak".into())),
            ),
            (
                "Jeff Rathke, the State Department Spokesperson, said, ",
                false,
                Some(Who::Name("Jeff Rathke".into())),
            ),
            (
                "According to Jane Roe, ",
                false,
                Some(Who::Name("Jane Roe".into())),
            ),
            (" and the crowd cheered.", true, None),
            // An office named by its institution: the person follows it.
            (
                " said Centers for Medicare & Medicaid Services (CMS) Administrator Seema Verma.",
                true,
                Some(Who::Name("Seema Verma".into())),
            ),
            (
                " said Bank of England Governor Mark Carney.",
                true,
                Some(Who::Name("Mark Carney".into())),
            ),
            // An office with a modifier before the institution's part; degrees after.
            (
                " said HRSA’s Associate Administrator for Health Workforce Luis Padilla M.D. “In",
                true,
                Some(Who::Name("Luis Padilla".into())),
            ),
            (
                " said HRSA Administrator George Sigounas MS Ph.D. “In addition",
                true,
                Some(Who::Name("George Sigounas".into())),
            ),
            // A person named with an institution after them keeps their name.
            (
                " said Emily Post of the Times.",
                true,
                Some(Who::Name("Emily Post".into())),
            ),
        ];
        for (text, after, want) in cases {
            let got = if after {
                after_quote(text, true)
            } else {
                before_quote(text, false)
            };
            assert_eq!(got, want, "{text}");
        }
    }
}
