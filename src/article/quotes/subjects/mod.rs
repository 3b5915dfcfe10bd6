//! The source of a verb of saying, read from the sentence's structure: the subject
//! before the verb (`…, Jane Roe said`), after an inverted verb (`said John Kirby`,
//! `according to X`), in an appositive (`the prosecutor, Mark Tedeschi, QC`), or the
//! subject of the clause a participle hangs on (`X criticised Y, saying "…"`).

use super::lexicon::{
    is_cap, is_finite_verb, is_function_word, is_org_word, is_pronoun, is_title, is_title_abbrev,
    lower,
};
use super::mentions::{
    bares, cap_runs, clean_name, descriptor, is_abbrev_dot, is_party_gloss, modifies_next_name,
    person_tail, pronoun_who, run_name, Who, Word,
};

/// The subject of a speech verb from the words before it (`…, Jane Roe said`).
///
/// The words split into comma phrases; a phrase that is nothing but a name (`Jeff Rathke`
/// in `Jeff Rathke, the State Department Spokesperson, said`) beats an appositive
/// (`Panama coach`); two-word names beat one-word ones; later beats earlier.
pub(super) fn subject_before(ws: &[Word<'_>]) -> Option<Who> {
    let mut phrases: Vec<&[Word<'_>]> = Vec::new();
    let mut start = 0;
    for (i, w) in ws.iter().enumerate() {
        if w.breaks_after && !is_abbrev_dot(w.bare) && !is_title_abbrev(w.bare) {
            phrases.push(ws.get(start..=i).unwrap_or_default());
            start = i + 1;
        }
    }
    phrases.push(ws.get(start..).unwrap_or_default());
    phrases.retain(|p| !p.is_empty());
    // Adjuncts and relative clauses between a subject and its verb (`Mu Li, of the
    // University of NSW, said`; `X, in remarks to Y, said`) and sentence adverbs
    // (`Allegedly,`) do not hold the subject.
    let adjunct = |p: &&[Word<'_>]| {
        let first = p.first().map(|w| w.bare).unwrap_or_default();
        let starts = matches!(
            lower(first).as_str(),
            "in" | "at"
                | "on"
                | "to"
                | "during"
                | "after"
                | "before"
                | "with"
                | "from"
                | "for"
                | "of"
                | "who"
                | "which"
                | "whose"
                | "while"
                | "when"
                | "speaking"
                | "writing"
        );
        let adverb = p.len() == 1
            && !is_pronoun(first)
            && (is_function_word(first) || (first.len() >= 6 && lower(first).ends_with("ly")));
        starts || adverb
    };
    if phrases.len() > 1 {
        let kept: Vec<&[Word<'_>]> = phrases.iter().copied().filter(|p| !adjunct(p)).collect();
        if !kept.is_empty() {
            phrases = kept;
        }
    }
    // `Jan Roe, an early supporter of Tom Lee, said`: an indefinite description after
    // a named phrase describes it; the name inside it is no subject.
    let indefinite = |p: &&[Word<'_>]| {
        p.first()
            .is_some_and(|w| matches!(lower(w.bare).as_str(), "a" | "an" | "another"))
    };
    if phrases.len() > 1 && phrases.first().is_some_and(|p| !cap_runs(p).is_empty()) {
        let kept: Vec<&[Word<'_>]> = phrases
            .iter()
            .enumerate()
            .filter(|(k, p)| *k == 0 || !indefinite(p))
            .map(|(_, p)| *p)
            .collect();
        phrases = kept;
    }
    let last = phrases.last()?;
    // "…, he said" / "he said"
    if last.len() <= 2
        && last.iter().any(|w| is_pronoun(w.bare))
        && !last.iter().any(|w| is_cap(w.bare) && !is_pronoun(w.bare))
    {
        return Some(pronoun_who(last));
    }
    // `… as she angrily said`, `which he described`, `he's said`: a pronoun right before
    // the verb (past adverbs) is its subject.
    if let Some(who) = pronoun_right_before(last) {
        return Some(who);
    }
    let pure = |p: &&[Word<'_>]| -> Option<String> {
        let runs = cap_runs(p);
        let &(s, e) = runs.first()?;
        let lead_ok = p
            .get(..s)
            .unwrap_or_default()
            .iter()
            .all(|w| is_cap(w.bare) && is_function_word(w.bare));
        // A party and state in brackets may follow the name (`Sen. Ted Cruz (R-Texas),`).
        let rest_glossed = p.get(e..).unwrap_or_default().iter().all(is_party_gloss);
        (runs.len() == 1 && rest_glossed && lead_ok)
            .then(|| run_name(p, (s, e)))
            .flatten()
    };
    let pures: Vec<String> = phrases.iter().filter_map(pure).collect();
    if let Some(n) = pures
        .iter()
        .rev()
        .find(|n| n.contains(' '))
        .or(pures.last())
    {
        if phrases.len() > 1 || pures.len() == 1 {
            return Some(Who::Name(n.clone()));
        }
    }
    let runs = cap_runs(last);
    if let Some(&(s, e)) = runs.last() {
        // `Tom Ash of The Daily Ledger dubbed`: a person named with where they
        // work is the subject, not the institution.
        if let Some(who) = person_of_institution(last, &runs) {
            return Some(who);
        }
        if let Some(who) = descriptor(last, (s, e)) {
            return Some(who);
        }
        // A name far from the verb, after a verb of its own, is an object (`She noted
        // that Sanders criticised the president … and called him "weak"`): the subject
        // is the clause's.
        if e + 2 < last.len() || (e < last.len() && last.len() > 6) {
            if let Some(who) = clause_subject(last) {
                return Some(who);
            }
        }
        if let Some(name) = run_name(last, (s, e)) {
            return Some(Who::Name(name));
        }
    }
    if last.len() <= 3 && last.iter().any(|w| is_pronoun(w.bare)) {
        return Some(pronoun_who(last));
    }
    // `He praised those who left but said`, `he looked up, furrowed his brow and said`:
    // a predicate coordinated with an earlier one shares its subject, found in this
    // phrase or, when this one opens with its verb, in the phrase before.
    if let Some(who) = clause_subject(last) {
        return Some(who);
    }
    let verb_led = last
        .first()
        .is_some_and(|w| is_finite_verb(w.bare) && !is_function_word(w.bare));
    if verb_led && phrases.len() > 1 {
        if let Some(who) = phrases
            .get(phrases.len() - 2)
            .and_then(|p| clause_subject(p))
        {
            return Some(who);
        }
    }
    Some(Who::Unnamed)
}

/// The pronoun ending `ws`, past trailing adverbs (`she angrily`, `he later`), or a
/// contracted pronoun there (`he's`, `she'd`): the subject of the verb that follows.
fn pronoun_right_before(ws: &[Word<'_>]) -> Option<Who> {
    let adverb = |w: &Word<'_>| {
        let l = lower(w.bare);
        !w.breaks_after
            && (matches!(
                l.as_str(),
                "also" | "then" | "later" | "again" | "never" | "once" | "often" | "just"
            ) || (l.len() > 4 && l.ends_with("ly")))
    };
    let k = ws.iter().rposition(|w| !adverb(w))?;
    let w = ws.get(k)?;
    if w.breaks_after {
        return None;
    }
    let bare = lower(w.bare);
    let stem = ["'s", "’s", "'d", "’d", "'ve", "’ve", "'ll", "’ll"]
        .iter()
        .find_map(|suffix| bare.strip_suffix(suffix))
        .unwrap_or(&bare);
    let word = Word {
        bare: stem,
        breaks_after: false,
        opens_quote: false,
        closes_quote: false,
        gloss: false,
    };
    matches!(stem, "he" | "she" | "they" | "we" | "i").then(|| pronoun_who(&[word]))
}

/// Where the words after an appositive or relative clause starting at `from` resume
/// (`a Lee supporter,`, `who was elected in 2010,`), if one starts there.
fn appositive_end(ws: &[Word<'_>], from: usize) -> Option<usize> {
    let first = lower(ws.get(from)?.bare);
    let opens = matches!(
        first.as_str(),
        "a" | "an" | "another" | "the" | "who" | "whose" | "himself" | "herself"
    ) || (first.ends_with("ing") && first.len() > 4);
    if !opens {
        return None;
    }
    let rest = ws.get(from..)?;
    let k = rest.iter().take(20).position(|w| w.breaks_after)?;
    Some(from + k + 1)
}

/// `Jeff Lowe of the Martin Center`, `Ann Roe at Acme Corp`: the two- or three-word name
/// opening the phrase, before a preposition that attaches an institution to it.
fn person_of_institution(ws: &[Word<'_>], runs: &[(usize, usize)]) -> Option<Who> {
    // The last name an institution's name is attached to (which may take several runs:
    // `the James Center for Policy Studies`).
    runs.windows(2).rev().find_map(|pair| {
        let [(ps, pe), (s, _)] = pair else {
            return None;
        };
        let between = ws.get(*pe..*s).unwrap_or_default();
        let attaches = match between {
            [p] | [p, _] => {
                matches!(lower(p.bare).as_str(), "of" | "at" | "from" | "with")
                    && between.get(1).is_none_or(|d| lower(d.bare) == "the")
            }
            _ => false,
        };
        // `Dave Roe's Atlas of …`: a possessive opens a description, not a person.
        let possessive = ws
            .get(*ps..*pe)
            .unwrap_or_default()
            .iter()
            .any(|w| w.bare.ends_with("'s") || w.bare.ends_with("’s"));
        if !attaches || possessive || ws.get(pe - 1).is_some_and(|w| w.breaks_after) {
            return None;
        }
        let name = run_name(ws, (*ps, *pe))?;
        let n = name.split_whitespace().count();
        let person = (2..=3).contains(&n) && !name.split_whitespace().any(is_org_word);
        person.then_some(Who::Name(name))
    })
}

/// The subject after an inverted speech verb (`said John Kirby`, `according to X`,
/// `said Assistant Secretary for Health Brett P. Giroir M.D.`).
pub(super) fn subject_after(ws: &[Word<'_>]) -> Option<Who> {
    // The subject is named outside the quotation marks (`say, "Well, …"` has none).
    let quoted = ws.iter().position(|w| w.opens_quote).unwrap_or(ws.len());
    let mut ws = ws.get(..quoted).unwrap_or_default();
    if ws.first().is_some_and(|w| w.bare == "to") {
        ws = ws.get(1..).unwrap_or_default();
    }
    let first = ws.first()?;
    if is_pronoun(first.bare) {
        return Some(pronoun_who(ws.get(..1).unwrap_or_default()));
    }
    // `said Rubio's deputy campaign manager, Rich Beeson`: a possessive opens a
    // description, and the person is the name in apposition to it (or nobody named).
    let possessive = |w: &Word<'_>| w.bare.ends_with("'s") || w.bare.ends_with("’s");
    if let Some(&(_, e)) = cap_runs(ws).first().filter(|r| r.0 == 0) {
        let described = ws
            .get(e - 1)
            .is_some_and(|w| possessive(w) && !w.breaks_after)
            && ws.get(e).is_some_and(|w| !is_cap(w.bare));
        if described {
            let rest = ws.get(e..).unwrap_or_default();
            return Some(
                rest.iter()
                    .position(|w| w.breaks_after)
                    .and_then(|b| appositive_name(rest.get(b + 1..).unwrap_or_default()))
                    .unwrap_or(Who::Unnamed),
            );
        }
    }
    // Stop at the first phrase break: the subject sits before any comma. An office's
    // acronym in brackets is no break: `Centers for Medicare & Medicaid Services (CMS)
    // Administrator Seema Verma`.
    let end = ws
        .iter()
        .position(|w| {
            w.breaks_after && !w.gloss && !is_abbrev_dot(w.bare) && !is_title_abbrev(w.bare)
        })
        .map_or(ws.len(), |i| i + 1)
        .min(14);
    let ws = ws.get(..end).unwrap_or_default();
    let mut complement = false;
    let mut prev_end = 0;
    // Words joining the parts of an office or institution: `Secretary for Preparedness and
    // Response`, `Centers for Medicare & Medicaid Services`.
    let connects = |from: usize, to: usize| {
        ws.get(from..to)
            .unwrap_or_default()
            .iter()
            .all(|w| matches!(lower(w.bare).as_str(), "for" | "of" | "and" | "the" | "at"))
    };
    let runs = cap_runs(ws);
    for (k, &(s, e)) in runs.iter().enumerate() {
        if prev_end > 0 && !connects(prev_end, s) {
            complement = false;
        }
        prev_end = e;
        let toks = bares(ws, s, e);
        // An institution joined to more capitals starts an office, and the person comes
        // after it: a lone head word (`Centers for …`, `Bank of England Governor …`), or a
        // name glossed with its acronym (`Medicaid Services (CMS) Administrator …`).
        let glossed = ws.get(e.wrapping_sub(1)).is_some_and(|w| w.gloss)
            && toks.iter().any(|t| is_org_word(t));
        let institution = (glossed || matches!(toks.as_slice(), [t] if is_org_word(t)))
            && runs.get(k + 1).is_some_and(|&(ns, _)| connects(e, ns));
        if institution {
            complement = true;
            continue;
        }
        // `said Ohio State University professor Paul Beck`: an institution and a role
        // in lower case describe the person named right after them.
        if let Some(&(ns, ne)) = runs.get(k + 1) {
            let role = ws.get(e..ns).unwrap_or_default();
            let described = (1..=3).contains(&role.len())
                && role.iter().all(|w| {
                    w.bare.chars().all(char::is_lowercase)
                        && !is_function_word(w.bare)
                        && !w.breaks_after
                })
                && !ws.get(e - 1).is_some_and(|w| w.breaks_after);
            if described {
                if let Some(name) = clean_name(&bares(ws, ns, ne)) {
                    if name.split_whitespace().count() >= 2 {
                        return Some(Who::Name(name));
                    }
                }
            }
        }
        if modifies_next_name(ws, e) {
            continue;
        }
        if let Some(who) = descriptor(ws, (s, e)) {
            return Some(who);
        }
        let has_title = toks.iter().any(|t| is_title(t));
        let Some(name) = clean_name(&toks) else {
            complement = has_title;
            continue;
        };
        if complement {
            // "Secretary for Preparedness and Response Robert Kadlec": drop the office's words.
            let mut parts: Vec<String> = name.split_whitespace().map(String::from).collect();
            if parts.len() < 2 {
                continue;
            }
            person_tail(&mut parts, 2);
            return Some(Who::Name(parts.join(" ")));
        }
        if s > 4 {
            return Some(Who::Unnamed);
        }
        return Some(Who::Name(name));
    }
    None
}

/// A source named in an appositive: `the Crown prosecutor, Mark Tedeschi, QC` → the
/// first comma phrase that is nothing but a two- or three-word name.
pub(super) fn appositive_name(ws: &[Word<'_>]) -> Option<Who> {
    let mut start = 0;
    for (i, w) in ws.iter().enumerate() {
        if w.opens_quote {
            break;
        }
        let end_of_phrase = (w.breaks_after && !is_title_abbrev(w.bare) && !is_abbrev_dot(w.bare))
            || i + 1 == ws.len();
        if end_of_phrase {
            let phrase = ws.get(start..=i).unwrap_or_default();
            let runs = cap_runs(phrase);
            if let [(s, e)] = runs.as_slice() {
                if *e == phrase.len() {
                    if let Some(name) = run_name(phrase, (*s, *e)) {
                        if (2..=3).contains(&name.split_whitespace().count()) {
                            return Some(Who::Name(name));
                        }
                    }
                }
            }
            start = i + 1;
        }
    }
    None
}

/// The subject of the clause a participle hangs on: the first name, pronoun or
/// `the <Title>` directly followed by a finite verb (`the Secretary expressed …`).
pub(super) fn clause_subject(ws: &[Word<'_>]) -> Option<Who> {
    // A finite verb, possibly after an adverb (`Roy also spoke`, `Lee later called`).
    let finite_at = |i: usize| {
        let at = |k: usize| ws.get(k).is_some_and(|w| is_finite_verb(w.bare));
        at(i)
            || (ws.get(i).is_some_and(|w| {
                let l = lower(w.bare);
                !w.breaks_after
                    && (matches!(
                        l.as_str(),
                        "also" | "then" | "later" | "again" | "previously" | "once" | "often"
                    ) || (l.len() > 4 && l.ends_with("ly")))
            }) && at(i + 1))
    };
    let runs = cap_runs(ws);
    let mut i = 0;
    while i < ws.len() {
        let w = ws.get(i)?;
        // A subject pronoun is followed by its verb whatever the verb's form (`he cut`,
        // `she put`): a lowercase word that is no function word.
        let subject_case = matches!(lower(w.bare).as_str(), "he" | "she" | "they" | "we");
        let verb_next = ws.get(i + 1).is_some_and(|n| {
            n.bare.starts_with(char::is_lowercase) && !w.breaks_after && !is_function_word(n.bare)
        });
        if is_pronoun(w.bare) && (finite_at(i + 1) || (subject_case && verb_next)) {
            return Some(pronoun_who(ws.get(i..=i).unwrap_or_default()));
        }
        if lower(w.bare) == "the"
            && ws
                .get(i + 1)
                .is_some_and(|t| is_cap(t.bare) && is_title(t.bare))
            && finite_at(i + 2)
        {
            return ws.get(i + 1).map(|t| Who::Role(lower(t.bare)));
        }
        if let Some(&(s, e)) = runs.iter().find(|r| r.0 == i) {
            // `After the Lyon floods`: a name after a preposition and a determiner
            // modifies the noun of an adjunct.
            let modifier = i > 1
                && ws
                    .get(i - 1)
                    .is_some_and(|w| matches!(lower(w.bare).as_str(), "the" | "a" | "an"))
                && ws.get(i - 2).is_some_and(|w| {
                    matches!(
                        lower(w.bare).as_str(),
                        "after" | "before" | "in" | "at" | "on" | "since" | "during" | "of" | "for"
                    )
                });
            let comma = ws.get(e - 1).is_some_and(|w| w.breaks_after);
            // `Jan Roe, an early supporter of Tom Lee, calls`: the verb follows an
            // appositive or relative clause closed by a comma.
            let after_appositive = comma && appositive_end(ws, e).is_some_and(&finite_at);
            if !modifier && ((finite_at(e) && !comma) || after_appositive) {
                if let Some(name) = run_name(ws, (s, e)) {
                    return Some(Who::Name(name));
                }
            }
            i = e;
            continue;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests;
