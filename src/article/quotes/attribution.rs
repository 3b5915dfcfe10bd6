//! Who said a quotation: the cue and source in the quote's own sentence (after it:
//! `…," Kirby said`; before it: `Najib Razak said, "…`), a colon introduction, quotative
//! *like*, or continuation of the previous quote; then the source resolved to the fullest
//! name the article uses ([`super::names`]).

use super::cues::{
    after_quote, any_verb_after, before_quote, colon_intro, dash_name, quotative_like, signed_tail,
    verb_governs, Found,
};
use super::fragments;
use super::lexicon::{is_cap, lower};
use super::mentions::{is_verb, words, Gender, Who};
use super::names::{interviewee, Inventory};
use super::pronouns::Referents;
use super::sentences::{sentence_end, sentence_start, sentence_subject, speech_subjects};
use super::spans::{Para, Span};
use super::speech::{capitalised_title, credited_title, is_quotation, names_a_work, naming_cue};
use super::subjects::clause_subject;
use super::Context;

/// How far (bytes) a quote's sentence may read back past titles and terms in marks.
const LOOK_BACK: usize = 300;

/// Who said a quotation, and the words that say so.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Attribution {
    /// The fullest name of the source, when one is known.
    pub speaker: Option<String>,
    /// The cue as written (`said`, `according to`, `:`).
    pub cue: Option<String>,
    /// The source mention as written.
    pub source_text: Option<String>,
}

/// Decides which spans are quotations and who said each.
pub(crate) fn attribute(
    body: &str,
    paras: &[Para],
    spans: &[Span],
    context: &Context<'_>,
) -> Vec<(Span, Attribution)> {
    attribute_traced(body, paras, spans, context, &mut |_, _| {})
}

/// What [`attribute_traced`] reports about a span on the way (how the learned models'
/// training data is written); only the export tests read it.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) enum Trace<'a> {
    /// A `he`/`she` resolved over these people.
    Pronoun(&'a Referents, Gender),
    /// The fragment model's features of a span, and whether the rules kept it.
    Fragment([f32; fragments::N], bool),
}

/// [`attribute`], telling `trace` about pronoun resolutions and every span's fragment
/// features.
pub(crate) fn attribute_traced(
    body: &str,
    paras: &[Para],
    spans: &[Span],
    context: &Context<'_>,
    trace: &mut dyn FnMut(&Span, Trace<'_>),
) -> Vec<(Span, Attribution)> {
    let names = Inventory::build(body);
    let interviewee = interviewee(context, &names);
    // Sentence subjects only matter to a pronoun ("he said"): found on the first one.
    let mut subjects: Option<Vec<(usize, String)>> = None;
    let mut out: Vec<(Span, Attribution)> = Vec::new();
    let mut last_speaker: Option<(usize, String)> = None;
    // Pronouns resolve against the article's people, found on the first `he`/`she`.
    let mut referents: Option<Referents> = None;
    let mut spoken: Vec<(usize, String)> = Vec::new();
    let mut prev: Option<(usize, Attribution)> = None; // (para, attribution) of previous quote
    let mut last_work: Option<usize> = None; // where the last span naming a work closed
    for (k, span) in spans.iter().enumerate() {
        let Some(para) = paras.get(span.para) else {
            continue;
        };
        // `"Museum to close," by Times' Ann Lee: "…"`: a credited headline is a title.
        if span.closed && credited_title(body, span) {
            continue;
        }
        let same_para_prev = k
            .checked_sub(1)
            .and_then(|j| spans.get(j))
            .filter(|p| p.para == span.para);
        let same_para_next = spans.get(k + 1).filter(|n| n.para == span.para);
        // The sentence reads back to the last quotation kept in this paragraph: a title
        // or term in marks before it is part of the sentence (`shared a syllabus called
        // "Basics" on his page, writing "…"`).
        // Only a little way back, so a paragraph of many marks stays linear to read.
        let prev_close = same_para_prev.map_or(para.start, |p| p.close);
        let kept_close = out
            .last()
            .filter(|(q, _)| q.para == span.para)
            .map_or(para.start, |(q, _)| q.close);
        let left_from = if prev_close.saturating_sub(kept_close) <= LOOK_BACK {
            kept_close
        } else {
            prev_close
        };
        let right_to = same_para_next.map_or(para.end, |n| n.open);
        let lead_start = sentence_start(body, left_from, span.open);
        let lead = body.get(lead_start..span.open).unwrap_or_default();
        let trail_end = sentence_end(body, span.close.min(right_to), right_to);
        let trail = body
            .get(span.close.min(trail_end)..trail_end)
            .unwrap_or_default();

        let quoted = body
            .get(span.start..span.end)
            .unwrap_or_default()
            .trim_end();
        // The title of a work (`starred in "Parks and Recreation"`), and the titles listed
        // with it (`roles in "Big," "Apollo 13," and "Splash"`), are nobody's words.
        let listed_work = same_para_prev.is_some_and(|p| {
            last_work == Some(p.close)
                && body
                    .get(p.close..span.open)
                    .is_some_and(|t| t.trim().is_empty() || is_coordination(t))
                && capitalised_title(quoted)
        });
        if span.closed && (listed_work || names_a_work(body, lead_start, span)) {
            last_work = Some(span.close);
            continue;
        }
        // `"…unhinged." Rubio called the statement "outlandish."`: after a quote that ends
        // its sentence, words running straight into the next quote (no comma handing them
        // back) introduce that quote, not this one; so does a colon introduction (`"…."
        // The Conservative leader said: "…"`, lines a single line break apart).
        let leads_next = quoted.ends_with(['.', '?', '!', '…'])
            && same_para_next.is_some()
            && trail_end >= right_to
            && !trail.trim_end().ends_with([',', ';', '.', '!', '?'])
            && !words(trail).first().is_some_and(is_verb);
        let mut who: Option<Found> = if span.closed && !leads_next {
            after_quote(trail, quoted.ends_with(['.', '?', '!', '…'])).or_else(|| {
                quoted
                    .ends_with([',', '?', '!'])
                    .then(|| any_verb_after(trail))
                    .flatten()
            })
        } else {
            None
        };
        // `Mr Brown told MPs: "We will not borrow more." He added that …`: a quotation
        // introduced by a colon and closing its sentence is the introducer's; the next
        // sentence's verb of saying starts reported speech of its own.
        if who.is_some() && quoted.ends_with(['.', '?', '!', '…']) && lead.trim_end().ends_with(':')
        {
            if let Some(intro) = before_quote(lead, false)
                .or_else(|| colon_intro(lead))
                .filter(|f| f.who != Who::Unnamed)
            {
                who = Some(intro);
            }
        }
        let n_words = body
            .get(span.start..span.end)
            .unwrap_or_default()
            .split_whitespace()
            .count();
        // After the quote an unnamed subject (`… when asked whether`) is a weak reading:
        // a named source before the quote beats it.
        let unnamed_after = who.as_ref().is_some_and(|f| f.who == Who::Unnamed);
        if who.is_none() || unnamed_after {
            let mut before = before_quote(lead, false).or_else(|| colon_intro(lead));
            // A short fragment far from its verb, or inside an embedded question
            // (`asked officials how documents stored in "approved cabinets" …`), is a term.
            if n_words <= 3 && before.is_some() && !verb_governs(lead) {
                before = None;
            }
            if !unnamed_after || before.as_ref().is_some_and(|f| f.who != Who::Unnamed) {
                who = before.or(who);
            }
        }
        if who.is_none() {
            who = quotative_like(lead);
        }
        // `"…" that Sanders can catch Clinton, said Steve Elmendorf.`: a sentence running
        // on past an unfinished quote and ending with its attribution after a comma.
        if who.is_none() && span.closed && !leads_next && !quoted.ends_with(['.', '?', '!', '…'])
        {
            who = sentence_final_attribution(trail);
        }
        // `called the sentence "dangerous" and "ideological"`: a fragment coordinated
        // with the quote before it shares its attribution.
        // A second predicate shares the first one's subject only inside one sentence
        // (`… and suggested housing them. Jeb Bush called it "…"` starts another).
        let second_predicate = |p: &Span| {
            sentence_end(body, p.close, span.open) >= span.open
                && body.get(p.close..span.open).is_some_and(shares_subject)
        };
        let coordinated = same_para_prev.is_some_and(|p| {
            out.last().is_some_and(|(q, _)| q.open == p.open)
                && (body.get(p.close..span.open).is_some_and(is_coordination)
                    || second_predicate(p))
        });
        if coordinated && same_para_prev.is_some_and(second_predicate) {
            // `thanked them "for …" and called the group "…"`: the second verb's subject is
            // the first one's, and what follows it is its object.
            who = None;
        }
        let starts_para = body
            .get(para.start..span.open)
            .is_some_and(|t| t.trim().is_empty());
        if who.is_none() && starts_para && span.para > 0 {
            if let Some(pp) = paras.get(span.para - 1) {
                let text = body.get(pp.start..pp.end).unwrap_or_default();
                // A colon inside the quotation before (`… Here they are:` ending an unclosed
                // quote) introduces its own list, not a new source.
                let quoted_colon = spans.iter().any(|s| s.para + 1 == span.para && !s.closed);
                if text.trim_end().ends_with([':', ',']) && !quoted_colon {
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
        // A pull quote signed inside its marks (`"… for her here. Rep. Jim Clyburn."`):
        // the signature names the speaker and is no part of the quotation.
        let mut kept = span.clone();
        if who.is_none() && standalone && span.closed {
            if let Some((len, found)) = signed_tail(quoted) {
                kept.end = span.start + len;
                who = Some(found);
            }
        }
        // A pull quote whose name is printed on the line under it (`"…" ¶ - Sanders.`).
        if who.is_none() && standalone && span.closed {
            let next = paras.get(span.para + 1);
            let line = next
                .and_then(|p| body.get(p.start..p.end))
                .unwrap_or_default();
            if line.len() < 120 && !line.chars().any(|c| c.is_ascii_digit()) {
                who = after_quote(line, true).filter(|f| f.cue == "—");
            }
        }
        // A quotation reopening where a paragraph break was lost (`… for us. 'Even …'`)
        // goes on with the kept, unclosed one before it: it is attributed as that one is.
        // (Double marks need no such help: an unattributed sentence in them is speech.)
        let reopened = span.single
            && same_para_prev.is_some_and(|p| {
                p.single
                    && !p.closed
                    && p.close == span.open
                    && out.last().is_some_and(|(q, _)| q.open == p.open)
            });
        let attributed = who.is_some() || coordinated || reopened;
        let by_rule = is_quotation(body, span, attributed, lead_start)
            || (standalone && n_words >= 2 && !naming_cue(body, lead_start, span.open));
        let setting = fragments::Setting {
            body,
            span,
            sentence_from: lead_start,
            who: who.as_ref(),
            coordinated,
        };
        trace(
            span,
            Trace::Fragment(fragments::features(&setting), by_rule),
        );
        if !by_rule {
            if !span.closed || !fragments::is_cited(&setting) {
                continue;
            }
            // Wording worked into a sentence about its speaker: the clause's subject.
            if who.is_none() {
                who = clause_subject(&words(lead)).map(Found::bare);
            }
        }
        let speaker = match who.as_ref().map(|f| &f.who) {
            Some(Who::Name(n)) => Some(names.resolve(n)),
            Some(&Who::Pronoun(gender)) if gender != Gender::Other => {
                // `he`/`she` with no person before it: nobody, rather than a guess.
                let refs = people(&mut referents, body, paras, spans, &names, &spoken);
                trace(span, Trace::Pronoun(refs, gender));
                // A pronoun before the quote never refers to a name later in its own clause
                // (`He told BBC Radio Five Live: "…"`): with a name between them it is
                // resolved from where it stands (just past its first letter, so its own
                // mention counts); otherwise from the quote, whose words the ranker reads.
                let at = who
                    .as_ref()
                    .and_then(|f| f.source.as_deref())
                    .and_then(|p| word_at(lead, p).map(|i| (i, p.len())))
                    .filter(|&(i, n)| {
                        lead.get(i + n..)
                            .is_some_and(|t| words(t).iter().any(|w| is_cap(w.bare)))
                    })
                    .map_or(span.open, |(i, _)| lead_start + i + 1);
                refs.resolve(at, gender)
            }
            Some(Who::Pronoun(_)) => {
                // `they`, `it`, `we`: the latest named speaker or subject of speech.
                let subjects = subjects.get_or_insert_with(|| speech_subjects(body, paras));
                let before = subjects.partition_point(|(at, _)| *at < span.open);
                let subject = before.checked_sub(1).and_then(|i| subjects.get(i));
                match (&last_speaker, subject) {
                    (Some((at, s)), Some((sat, _))) if at > sat => Some(s.clone()),
                    (_, Some((_, n))) => Some(names.resolve(n)),
                    (Some((_, s)), None) => Some(s.clone()),
                    (None, None) => names.last_person_before(span.open),
                }
            }
            // `the Warriors chief`: whoever holds the title, else the person the article
            // introduced with the same modifier (`Warriors coach Tony Smith`).
            Some(Who::Role(title)) => names.by_title(title).or_else(|| {
                who.as_ref()
                    .and_then(|f| f.source.as_deref())
                    .and_then(|s| names.by_descriptor(s))
            }),
            Some(Who::FirstPerson) if interviewee.is_some() => interviewee.clone(),
            Some(Who::FirstPerson) => None,
            // `the Chancellor said` after `Gordon Brown, the Chancellor,`.
            Some(Who::Unnamed) => who
                .as_ref()
                .and_then(|f| f.source.as_deref())
                .filter(|s| {
                    s.split_whitespace()
                        .next()
                        .is_some_and(|w| lower(w) == "the")
                })
                .and_then(|s| {
                    names
                        .by_descriptor(s)
                        .or_else(|| names.by_org_head(s, span.open))
                }),
            None if coordinated => prev.as_ref().and_then(|(_, a)| a.speaker.clone()),
            None => match &prev {
                Some((pp, a))
                    if (*pp == span.para
                        || (starts_para && only_captions_between(body, paras, *pp, span.para)))
                        && (a.speaker.is_some() || !standalone) =>
                {
                    a.speaker.clone()
                }
                // A pull quote standing alone in an interview is the interviewee's.
                _ if standalone && interviewee.is_some() => interviewee.clone(),
                // A bare quotation paragraph is by the person the paragraph before it is
                // about (`Viguerie is upbeat about … ¶ "Not only can …"`).
                _ if standalone => people(&mut referents, body, paras, spans, &names, &spoken)
                    .recent_subject(span.open, 1),
                // Someone's wording worked into a sentence about them.
                _ => sentence_subject(lead)
                    .filter(|n| {
                        n.split_whitespace()
                            .all(|w| w.chars().any(char::is_lowercase) || w.ends_with('.'))
                    })
                    .or_else(|| match clause_subject(&words(lead)) {
                        // `Roe accused the mayor of "playing games"`: the clause's subject.
                        Some(Who::Name(n)) => Some(names.resolve(&n)),
                        _ => None,
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
        let attribution = match who {
            Some(f) => Attribution {
                speaker,
                cue: Some(f.cue).filter(|c| !c.is_empty()),
                source_text: f.source,
            },
            // A continuation keeps the mention that attributed the quote before it.
            None => match &prev {
                Some((_, a)) if speaker.is_some() && a.speaker == speaker => Attribution {
                    speaker,
                    cue: None,
                    source_text: a.source_text.clone(),
                },
                _ => Attribution {
                    speaker,
                    ..Attribution::default()
                },
            },
        };
        prev = Some((span.para, attribution.clone()));
        out.push((kept, attribution));
    }
    out
}

/// The attribution closing a sentence after its last commas (`…, said Steve Elmendorf,
/// a strategist.`, `…, Clinton said.`), naming a person, group or pronoun.
fn sentence_final_attribution(trail: &str) -> Option<Found> {
    let t = trail.trim_end();
    t.rmatch_indices(',').take(3).find_map(|(i, _)| {
        let rest = t.get(i..)?;
        after_quote(rest, false).filter(|f| matches!(f.who, Who::Name(_) | Who::Pronoun(_)))
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

/// Text between two quotes that starts a second predicate of the same subject: `and`/`but`
/// and a verb of saying (`… "for their help" and called the group "…"`).
pub(super) fn shares_subject(t: &str) -> bool {
    let ws = words(t);
    let mut it = ws.iter();
    let first = it.next().map(|w| lower(w.bare));
    matches!(first.as_deref(), Some("and" | "but")) && it.next().is_some_and(is_verb)
}

/// The article's people, found once on first need, with the speakers attributed so far.
fn people<'r>(
    referents: &'r mut Option<Referents>,
    body: &str,
    paras: &[Para],
    spans: &[Span],
    names: &Inventory,
    spoken: &[(usize, String)],
) -> &'r mut Referents {
    referents.get_or_insert_with(|| {
        let mut refs = Referents::build(body, paras, spans, names);
        for (at, s) in spoken {
            refs.note_speaker(*at, s);
        }
        refs
    })
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

/// The byte offset of `word` standing as a whole word in `text`, its last occurrence (the
/// one nearest the quote).
fn word_at(text: &str, word: &str) -> Option<usize> {
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.rmatch_indices(word).map(|(i, _)| i).find(|&i| {
        edge(text.get(..i).and_then(|t| t.chars().next_back()))
            && edge(text.get(i + word.len()..).and_then(|t| t.chars().next()))
    })
}
