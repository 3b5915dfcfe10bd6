//! The cue of a quotation and its source, read from the structure of the quote's own
//! sentence: a verb of saying after the quote (`…," Kirby said`, inverted `…," said the
//! Warriors chief`), before it (`Najib Razak said, "…`, `X criticised Y, saying "…"`),
//! `according to X`, a colon introduction (`Alex Azar issued the following statement:`),
//! quotative *like*, or a name printed under a pull quote (`"…" — Caitlin Oakley`).
//! Each finding keeps the cue and the source mention as written.

use super::given_names::gender_of_given_name;
use super::lexicon::{is_cap, is_finite_verb, is_function_word, is_pronoun, is_title, lower};
use super::mentions::{
    cap_runs, cap_runs_with, is_abbrev_dot, is_verb, run_name, words, Who, Word,
};
use super::subjects::{appositive_name, clause_subject, subject_after, subject_before};

mod written;
use written::source_text;

/// What the words around a quotation say about its source.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Found {
    pub who: Who,
    /// The cue as written (`said`, `according to`, `:`).
    pub cue: String,
    /// The source mention as written (`the Warriors chief`, `he`, `Secretary Azar`).
    pub source: Option<String>,
}

impl Found {
    fn new(who: Who, cue: &str, source: Option<String>) -> Found {
        Found {
            who,
            cue: cue.to_string(),
            source,
        }
    }

    /// A source read from the clause a quote is worked into, with no cue of its own; the
    /// mention as written is the name's, when it is a name.
    pub(in crate::article::quotes) fn bare(who: Who) -> Found {
        let source = match &who {
            Who::Name(n) => Some(n.clone()),
            _ => None,
        };
        Found::new(who, "", source)
    }

    /// The finding for the verb `ws[v]` and the source it was given.
    fn at(ws: &[Word<'_>], v: usize, who: Who) -> Found {
        let cue = ws.get(v).map_or("", |w| w.bare);
        let source = source_text(ws, v, &who, false);
        Found::new(who, cue, source)
    }
}

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

/// A pull quote signed inside its own marks (`"… for her here. Rep. Jim Clyburn."`, `"…
/// must not happen. Charles Chamberlain, Democracy for America."`): how many bytes of
/// `quoted` are the quotation, and the signature's name. The signature is the last
/// sentence, of at most eight words and no verb, whose first phrase is a titled name or
/// one with a common given name.
pub(super) fn signed_tail(quoted: &str) -> Option<(usize, Found)> {
    let t = quoted.trim_end();
    let body = t.strip_suffix('.').unwrap_or(t);
    // The last sentence break: `. ` (or `? `, `! `) before a capital.
    let cut = body
        .rmatch_indices(['.', '?', '!'])
        .map(|(i, _)| i + 1)
        .find(|&i| {
            let rest = body.get(i..).unwrap_or_default();
            // Not inside the signature's own abbreviations (`S.C. Rep. Jim Clyburn`).
            let before = body.get(..i).unwrap_or_default();
            let last = before.split_whitespace().next_back().unwrap_or_default();
            let last = last.trim_end_matches('.');
            rest.starts_with(' ')
                && rest.trim_start().starts_with(char::is_uppercase)
                && !is_abbrev_dot(last)
                && !is_title(last)
        })?;
    let tail = body.get(cut..)?.trim();
    let ws = words(tail);
    if ws.is_empty() || ws.len() > 8 || words(body.get(..cut)?).len() < 4 {
        return None;
    }
    // The name's phrase runs to the first comma (abbreviation dots do not end it).
    let phrase = words(tail.split(',').next().unwrap_or_default());
    let phrase = phrase.as_slice();
    let nameish = phrase
        .iter()
        .all(|w| is_cap(w.bare) || is_title(w.bare) || is_function_word(w.bare));
    if !nameish || ws.iter().any(|w| is_verb(w) || is_finite_verb(w.bare)) {
        return None;
    }
    let runs = cap_runs(phrase);
    let &(s, e) = runs.iter().rev().find(|r| r.1 - r.0 >= 2)?;
    let titled = phrase.iter().any(|w| is_title(w.bare));
    let given = phrase
        .get(s)
        .is_some_and(|w| gender_of_given_name(w.bare).is_some());
    if !titled && !given {
        return None;
    }
    let who = run_name(phrase, (s, e)).map(Who::Name)?;
    let source = Some(tail.trim_end_matches('.').to_string());
    Some((cut, Found::new(who, "—", source)))
}

/// Attribution in the words after a quote: a speech verb among the first few words.
pub(super) fn after_quote(text: &str, quote_ends_sentence: bool) -> Option<Found> {
    if quote_ends_sentence {
        if let Some(who) = dash_name(text) {
            let source = text.trim_start().trim_start_matches(['—', '–', '-']).trim();
            let source = words(source).first().map(|_| source.to_string());
            return Some(Found::new(who, "—", source));
        }
    }
    let ws = words(text);
    // `…," Sarah Roe, legal director for the rights group, said`: an appositive after the
    // name may hold the verb further off; it closes with a comma right before the verb.
    let appositive =
        ws.first().is_some_and(|w| is_cap(w.bare)) && ws.iter().take(4).any(|w| w.breaks_after);
    let v = ws.iter().take(12).position(is_verb).or_else(|| {
        let v = ws.iter().take(30).position(is_verb)?;
        let closes = v > 0 && ws.get(v - 1).is_some_and(|w| w.breaks_after);
        (appositive && closes).then_some(v)
    })?;
    let pre = ws.get(..v).unwrap_or_default();
    // `X and Y said`, `…" that X said` are no attribution of this quote; but inside an
    // appositive closed by a comma before the verb (`Ann Roe, wearing a hat and a pin,
    // said`) such words belong to the description.
    // An appositive that opens a description or relative clause may run straight into
    // the verb (`Nate Silver, the polling guru who founded the site tweeted`).
    let described = pre
        .iter()
        .position(|w| w.breaks_after)
        .and_then(|b| pre.get(b + 1))
        .is_some_and(|w| matches!(lower(w.bare).as_str(), "who" | "the" | "a" | "an" | "whose"));
    let closed_appositive = appositive && (pre.last().is_some_and(|w| w.breaks_after) || described);
    let head = if closed_appositive {
        pre.iter().position(|w| w.breaks_after).map_or(v, |i| i + 1)
    } else {
        v
    };
    if pre.get(..head).unwrap_or_default().iter().any(|w| {
        matches!(
            lower(w.bare).as_str(),
            "and" | "but" | "which" | "that" | "who"
        )
    }) {
        return None;
    }
    // `…," noting the slowdown in Brazil`: a participle right after the quote hangs on the
    // sentence's subject before the quote; what follows it is its object.
    if v == 0
        && ws
            .first()
            .is_some_and(|w| w.bare.ends_with("ing") && !w.bare.eq_ignore_ascii_case("according"))
    {
        return None;
    }
    let who = if v == 0 {
        subject_after(ws.get(1..).unwrap_or_default())
    } else {
        subject_before(pre)
    }?;
    Some(Found::at(&ws, v, who))
}

/// `"…," Hannity pressed.`, `"…," admitted Lindsay.`: a quote ending in a comma, question
/// or exclamation mark is followed by its attribution whatever the verb, so a short
/// subject and a past-tense verb (in either order) opening the words after it are one.
pub(super) fn any_verb_after(text: &str) -> Option<Found> {
    let ws = words(text);
    let past_at = |i: usize| {
        let Some(w) = ws.get(i) else {
            return false;
        };
        let l = lower(w.bare);
        let regular = !is_cap(w.bare) && !is_function_word(&l) && l.len() > 3 && l.ends_with("ed");
        // `Trump went on`, `Sanders shot back`: an irregular past with its particle.
        let phrasal = is_finite_verb(w.bare)
            && !w.breaks_after
            && ws
                .get(i + 1)
                .is_some_and(|n| matches!(lower(n.bare).as_str(), "on" | "back" | "in" | "up"));
        regular || phrasal
    };
    if ws.first().is_some_and(|w| past_at(0) && !w.breaks_after) {
        let who = subject_after(ws.get(1..).unwrap_or_default())?;
        return Some(Found::at(&ws, 0, who));
    }
    let k = (0..ws.len().min(6)).find(|&i| past_at(i))?;
    let pre = ws.get(..k).unwrap_or_default();
    let subject_like = |w: &Word<'_>| {
        !w.breaks_after && (is_cap(w.bare) || is_pronoun(w.bare) || is_title(w.bare))
    };
    if k == 0 || !pre.iter().all(subject_like) {
        return None;
    }
    let who = subject_before(pre)?;
    Some(Found::at(&ws, k, who))
}

/// Attribution in the words before a quote, within its sentence: the speech verb nearest
/// the quote (or the first one, for a sentence introducing the quote with a colon).
pub(super) fn before_quote(text: &str, first_verb: bool) -> Option<Found> {
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
        let who = appositive_name(source).or_else(|| subject_after(source))?;
        let cue = ws
            .get(k..k + 2)
            .unwrap_or_default()
            .iter()
            .map(|w| w.bare)
            .collect::<Vec<_>>()
            .join(" ");
        let text = source_text(source, 0, &who, true);
        return Some(Found::new(who, &cue, text));
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
    let before_verb = ws.get(..v).unwrap_or_default();
    let name_start = before_verb
        .iter()
        .rposition(|w| !(is_cap(w.bare) || is_pronoun(w.bare)) || w.breaks_after)
        .map_or(0, |i| i + 1);
    let named_before = name_start < v
        && name_start > 0
        && before_verb
            .get(name_start - 1)
            .is_some_and(|w| lower(w.bare) == "with");
    // The absolute's own subject (`…, with Maria Ortiz tweeting that …`) is the source,
    // not the main clause's (`Republicans were quick to chime in`).
    if named_before && ws.get(v).is_some_and(|w| w.bare.ends_with("ing")) {
        let name = ws.get(name_start..v).unwrap_or_default();
        if let Some(who) = subject_before(name) {
            return Some(Found::at(&ws, v, who));
        }
    }
    if ws.get(v).is_some_and(|w| w.bare.ends_with("ing")) && v > 0 && !named_before {
        if let Some(who) = clause_subject(ws.get(..v).unwrap_or_default()) {
            return Some(Found::at(&ws, v, who));
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
    let before = subject_before(ws.get(..v).unwrap_or_default());
    // `X said he wanted "…"`, `Trump called Iowa voters "stupid"`: with a subject before
    // the verb, the words after it are its object or a reported clause, not an inverted
    // subject.
    // A comma before the verb still lets it invert when the name after it ends its phrase
    // (`…shells fell", said KCNA.`), but not into an object (`Ann Lowe, speaking on
    // local radio, called Mr Grant a "bully"`).
    let named = matches!(before, Some(Who::Name(_) | Who::Pronoun(_)));
    let comma_before = v > 0 && ws.get(v - 1).is_some_and(|w| w.breaks_after);
    let name_ends_phrase = cap_runs(after)
        .first()
        .filter(|r| r.0 == 0)
        .is_some_and(|&(_, e)| after.get(e - 1).is_some_and(|w| w.breaks_after));
    if !takes_object
        && !after.is_empty()
        && after.len() <= 6
        && after.first().is_some_and(|w| {
            (is_cap(w.bare) && (!named || (comma_before && name_ends_phrase)))
                || (is_pronoun(w.bare) && !named)
        })
    {
        if let Some(who) = subject_after(after) {
            return Some(Found::at(&ws, v, who));
        }
    }
    let who = before?;
    Some(Found::at(&ws, v, who))
}

/// The subject of a sentence that introduces a quote with a colon (or a comma after a
/// speech verb): `Alex Azar issued the following statement:`, `Rathbun stated,`.
pub(super) fn colon_intro(text: &str) -> Option<Found> {
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
    // `HEADLINE IN CAPITALS - Jane Roe and Ann Lee:`: a name right before the colon is the
    // source; otherwise the sentence's first name (`Alex Azar issued the following …`).
    let runs = cap_runs_with(&ws, false);
    // Not the object of a verb or preposition (`He told BBC Radio Five Live:`): the one
    // told is no source.
    let governed = |s: usize| {
        s.checked_sub(1).and_then(|i| ws.get(i)).is_some_and(|w| {
            is_verb(w)
                || matches!(
                    lower(w.bare).as_str(),
                    "to" | "on" | "with" | "from" | "for"
                )
        })
    };
    let last = runs
        .last()
        .filter(|r| r.1 == ws.len() && r.1 - r.0 >= 2 && !governed(r.0));
    // `He then listed the qualities of a Republican nominee:`: the clause's subject speaks,
    // not a name further on in its predicate.
    // A pronoun subject counts only before any name (`Axelrod said … and that she has
    // learned her lesson:` is Axelrod's).
    let pronoun_at = ws.iter().position(|w| is_pronoun(w.bare));
    let first_run = runs.first().map_or(usize::MAX, |r| r.0);
    if let (None, Some(p)) = (last, pronoun_at.filter(|&p| p < first_run)) {
        if let Some(who @ Who::Pronoun(_)) = clause_subject(&ws) {
            let source = ws.get(p).map(|w| w.bare.to_string());
            return Some(Found::new(who, ":", source));
        }
    }
    let &(s, e) = last.or(runs.first())?;
    let who = run_name(&ws, (s, e)).map(Who::Name)?;
    let text = source_text(&ws, s, &who, true);
    Some(Found::new(who, ":", text))
}

/// Whether the last speech verb of `lead` governs a quote right after it: at most twelve
/// words between them (`said that CNN, a fellow network, has done an "awful" job`), none
/// of them opening an embedded question or clause.
pub(super) fn verb_governs(lead: &str) -> bool {
    let ws = words(lead);
    let Some(v) = ws.iter().rposition(|w| is_verb(w) || lower(w.bare) == "to") else {
        return true; // a colon introduction or a pronoun-only lead
    };
    let between = ws.get(v + 1..).unwrap_or_default();
    between.len() <= 12
        && !between.iter().any(|w| {
            matches!(
                lower(w.bare).as_str(),
                "how" | "why" | "where" | "whether" | "what" | "which" | "who"
            )
        })
}

/// `I'm like, ‘Are you insane?`, `it's sort of like, "Hmmm …"`: quotative *like*.
pub(super) fn quotative_like(lead: &str) -> Option<Found> {
    let t = lead.trim_end().strip_suffix([',', ':'])?;
    let ws = words(t);
    let (last, rest) = ws.split_last()?;
    if lower(last.bare) != "like" {
        return None;
    }
    let first_person = rest
        .last()
        .is_some_and(|w| matches!(lower(w.bare).as_str(), "i" | "i'm" | "i’m"));
    let who = if first_person {
        Who::FirstPerson
    } else {
        Who::Unnamed
    };
    Some(Found::at(&ws, ws.len() - 1, who))
}

#[cfg(test)]
mod tests;
