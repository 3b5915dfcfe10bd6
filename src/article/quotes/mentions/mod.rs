//! Mentions of people and organisations in running text: words with their punctuation
//! peeled off, runs of capitalised words, and the cleaning that turns a run into a name
//! (`HHS Assistant Secretary Robert Kadlec` → `Robert Kadlec`, `Roger Severino OCR` →
//! `Roger Severino`, `Cornyn's` → `Cornyn`), plus [`Who`], what a context says about a source.

use super::lexicon::{
    is_cap, is_degree, is_function_word, is_of_head, is_org_word, is_particle, is_pronoun,
    is_speech_verb, is_title, is_title_abbrev, is_voice_noun, lower,
};

/// A word of running text with its surrounding punctuation peeled off.
#[derive(Debug, Clone)]
pub(super) struct Word<'a> {
    pub bare: &'a str,
    /// Punctuation right after the word ends a phrase (`,` `;` `:` `.`).
    pub breaks_after: bool,
    /// The raw token began with a quotation mark (the word starts quoted text).
    pub opens_quote: bool,
    /// The raw token ended with a double closing mark (the word ends quoted text).
    pub closes_quote: bool,
    /// The raw token is a whole parenthesised gloss of the words before it (`(CMS)`).
    pub gloss: bool,
}

pub(super) fn words(text: &str) -> Vec<Word<'_>> {
    let mut out: Vec<Word<'_>> = Vec::new();
    for w in text.split_whitespace() {
        match word(w) {
            Some(x) => out.push(x),
            // A lone "/" or "–" separates what is around it; "&" joins.
            None => {
                if let Some(prev) = out.last_mut() {
                    prev.breaks_after |= w != "&" && w != "+";
                }
            }
        }
    }
    out
}

/// One whitespace-delimited token as a [`Word`]; `None` when nothing is left of it once its
/// punctuation is peeled off.
pub(super) fn word(w: &str) -> Option<Word<'_>> {
    let bare = w.trim_matches(|c: char| {
        !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-' && c != '.'
    });
    let bare = bare.trim_start_matches(['\'', '’', '.', '-']);
    let bare = bare.trim_end_matches(['\'', '’']);
    let bare = bare
        .strip_suffix('.')
        .filter(|b| !is_abbrev_dot(b))
        .unwrap_or(bare);
    if bare.is_empty() {
        return None;
    }
    Some(Word {
        bare,
        breaks_after: w
            .trim_end_matches(['"', '”', '’', '\'', '»'])
            .ends_with([',', ';', ':', '.', '?', '!', ')', '—', '/']),
        opens_quote: w.starts_with(['"', '“', '„', '«', '‘', '\'', '`']),
        closes_quote: w
            .trim_end_matches([',', ';', ':', '.', '?', '!', ')'])
            .ends_with(['"', '”', '»']),
        gloss: w.starts_with('(') && w.trim_end_matches([',', ';', ':', '.']).ends_with(')'),
    })
}

/// `U.S` / `J` / `Dr` keep their dot as part of the token.
pub(super) fn is_abbrev_dot(b: &str) -> bool {
    b.contains('.') || (b.chars().count() == 1 && b.chars().all(char::is_uppercase))
}

pub(super) fn is_verb(w: &Word<'_>) -> bool {
    // A capitalised word is a name (`United States`), except a sentence-opening `According`.
    if is_cap(w.bare) {
        return w.bare.eq_ignore_ascii_case("according");
    }
    let t = w.bare.trim_end_matches('.');
    if t.chars().any(char::is_uppercase) {
        is_speech_verb(&t.to_lowercase())
    } else {
        is_speech_verb(t)
    }
}

/// Runs of capitalised words (names), as word index ranges. `and` joins two capitalised
/// words (`Health and Human Services`); a comma or sentence punctuation ends a run.
pub(super) fn cap_runs(ws: &[Word<'_>]) -> Vec<(usize, usize)> {
    cap_runs_with(ws, true)
}

/// A bracketed party and state after a name: `(D-Mo.)`, `(R-TX)`, `(Tex.)`, `(R)`.
pub(super) fn is_party_gloss(w: &Word<'_>) -> bool {
    w.gloss
        && (w.bare.chars().any(char::is_lowercase)
            || w.bare.contains('-')
            || matches!(w.bare, "R" | "D" | "I"))
}

/// [`cap_runs`], optionally without joining on `and`.
pub(super) fn cap_runs_with(ws: &[Word<'_>], join_and: bool) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let starts = ws
            .get(i)
            .is_some_and(|w| is_cap(w.bare) && !is_pronoun(w.bare) && !is_party_gloss(w));
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        while let Some(w) = ws.get(i) {
            // "Department of Agriculture", "University of Helsinki": `of` after an
            // institution's head word continues its name.
            let of_org = w.bare == "of" && ws.get(i - 1).is_some_and(|p| is_of_head(p.bare));
            let joins = i > start
                && (is_particle(w.bare) || (join_and && w.bare == "and") || of_org)
                && ws.get(i + 1).is_some_and(|n| is_cap(n.bare))
                && !ws.get(i - 1).is_some_and(|p| p.breaks_after);
            // A bracketed party and state (`(D-Mo.)`, `(R-TX)`, `(R)`) is not part of the
            // name; an acronym in brackets (`(CMS)`) may be.
            let party_gloss = i > start && is_party_gloss(w);
            // Nor does a run go on into quoted words (`ABC’s “Good Morning America”`).
            let into_quote = i > start && w.opens_quote;
            if !(is_cap(w.bare) || joins) || party_gloss || into_quote {
                break;
            }
            i += 1;
            if w.breaks_after && !(is_abbrev_dot(w.bare) || is_title_abbrev(w.bare)) {
                break;
            }
            // `“Good Morning America” Tuesday`: a title in marks ends at its closing mark.
            if w.closes_quote {
                break;
            }
        }
        runs.push((start, i));
    }
    runs
}

/// Keeps the last two words of a long person name (three with a middle initial).
pub(super) fn person_tail(toks: &mut Vec<String>, max: usize) {
    let institution = toks.iter().any(|t| t == "of");
    if toks.len() > max && !institution && !toks.last().is_some_and(|t| is_org_word(t)) {
        let keep = if toks
            .get(toks.len() - 2)
            .is_some_and(|t| t.ends_with('.') || t.chars().count() == 1)
        {
            3
        } else {
            2
        };
        toks.drain(..toks.len() - keep);
    }
}

/// Cleans a run of capitalised words into a name: no leading function words or titles,
/// no trailing acronyms or possessive; long person runs keep their last two words.
pub(super) fn clean_name(ws: &[&str]) -> Option<String> {
    // `Breitbart's Joel Pollak`, `Times' Ben Sisario`: a possessive before a full name is
    // where the person works, not part of the name.
    let owner = ws
        .iter()
        .rposition(|w| ["'s", "’s", "s'", "s’"].iter().any(|p| w.ends_with(p)) && w.len() > 2);
    let ws = match owner {
        Some(k) if ws.len() >= k + 3 => ws.get(k + 1..).unwrap_or_default(),
        _ => ws,
    };
    let mut toks: Vec<String> = ws
        .iter()
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s").to_string())
        .collect();
    // Adjectives (`Newport-based`, `Texas-born`) describe the name after them; a dateline
    // or a shouted word (`WASHINGTON`, `VOTERS`: all capitals, five letters or more) is no
    // name — acronyms that are names (`CNN`, `KCNA`) are shorter.
    if let Some(k) = toks.iter().rposition(|t| {
        t.contains('-')
            && ["-based", "-born", "-bred", "-owned", "-run", "-led"]
                .iter()
                .any(|suf| {
                    t.len()
                        .checked_sub(suf.len())
                        .and_then(|i| t.get(i..))
                        .is_some_and(|end| end.eq_ignore_ascii_case(suf))
                })
    }) {
        toks.drain(..=k);
    }
    toks.retain(|t| {
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        letters < 5 || t.chars().any(char::is_lowercase)
    });
    while toks.first().is_some_and(|t| is_function_word(t)) {
        toks.remove(0);
    }
    let is_acronym = |t: &String| {
        t.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !t.chars().any(char::is_lowercase)
    };
    // "Ed Simcox Chief Technology Officer": a trailing office cuts the name at its first title.
    if toks.len() > 1 && toks.last().is_some_and(|t| is_title(t)) {
        let first_name = toks.iter().position(|t| !is_title(t) && !is_acronym(t));
        if let Some(cut) =
            first_name.and_then(|f| toks.iter().skip(f).position(|t| is_title(t)).map(|i| i + f))
        {
            toks.truncate(cut);
            if toks.iter().all(is_acronym) {
                return None;
            }
        }
    }
    // "HHS Assistant Secretary": an office, not a name.
    if toks.len() > 1
        && toks.last().is_some_and(|t| is_title(t))
        && toks.iter().all(|t| is_title(t) || is_acronym(t))
    {
        return None;
    }
    loop {
        let before = toks.len();
        while toks.len() > 1
            && toks
                .last()
                .is_some_and(|t| is_acronym(t) || is_title(t) || is_degree(t))
            && toks.get(toks.len() - 2).is_some_and(|t| t != "of")
        {
            toks.pop();
        }
        if let Some(last_title) = toks.iter().rposition(|t| is_title(t)) {
            if last_title + 1 < toks.len() {
                toks.drain(..=last_title);
            }
        }
        // "HHS Assistant Secretary Robert Kadlec" loses "HHS"; "U.S. Department of
        // Agriculture" keeps its country.
        let institution = toks.iter().any(|t| t == "of" || is_of_head(t));
        if toks.len() > 2
            && toks.first().is_some_and(is_acronym)
            && !(institution && toks.first().is_some_and(|t| t.contains('.')))
        {
            toks.remove(0);
        }
        if toks.len() == before {
            break;
        }
    }
    person_tail(&mut toks, 3);
    if toks.is_empty() || toks.iter().all(|t| is_title(t)) {
        return None;
    }
    Some(toks.join(" "))
}

/// Whether the capitalised run ending before `e` only modifies a descriptor that leads to a
/// name (`GOP strategist Keith Nahigian`, `Environment Canada spokeswoman Sujata
/// Raisinghani`, `Republican presidential candidate Donald Trump`): one to three lowercase
/// words that are not function words, verbs or adverbs, then a capitalised word.
pub(super) fn modifies_next_name(ws: &[Word<'_>], e: usize) -> bool {
    if e == 0 || ws.get(e - 1).is_none_or(|w| w.breaks_after) {
        return false;
    }
    for k in 0..3 {
        let Some(w) = ws.get(e + k) else {
            return false;
        };
        if is_cap(w.bare) {
            return k > 0 && !is_pronoun(w.bare) && !is_function_word(w.bare);
        }
        let l = lower(w.bare);
        let descriptor = !is_function_word(&l)
            && !is_particle(&l)
            && !is_speech_verb(&l)
            && (!l.ends_with("ly") || matches!(l.as_str(), "ally" | "family"))
            && !l.ends_with("ed")
            && !l.chars().any(|c| c.is_ascii_digit())
            && !w.breaks_after
            && !w.opens_quote;
        if !descriptor {
            return false;
        }
    }
    ws.get(e + 3)
        .is_some_and(|w| is_cap(w.bare) && !is_pronoun(w.bare) && !is_function_word(w.bare))
}

/// A descriptor whose capitalised words only modify a lowercase head noun (`the Warriors
/// chief`, `the Home Office letter`): a person's role is never the modifier's name —
/// `Role(head)` when the head is a title a person is named with, else `Unnamed` — while an
/// organisation's voice (its statement, letter, spokeswoman) is the organisation.
pub(super) fn descriptor(ws: &[Word<'_>], (s, e): (usize, usize)) -> Option<Who> {
    let head = ws.get(e).filter(|w| {
        let l = lower(w.bare);
        !is_cap(w.bare)
            && !is_function_word(&l)
            && !is_particle(&l)
            && !is_speech_verb(&l)
            && !l.ends_with("ly")
            && !w.opens_quote
    })?;
    let after = ws.get(e + 1);
    let head_ends =
        head.breaks_after || after.is_none_or(|n| !is_cap(n.bare) || is_pronoun(n.bare));
    let determiner =
        s.checked_sub(1).and_then(|i| ws.get(i)).is_some_and(|w| {
            matches!(lower(w.bare).as_str(), "the" | "a" | "an" | "its" | "their")
        }) || ws
            .get(s)
            .is_some_and(|w| matches!(lower(w.bare).as_str(), "the" | "a" | "an"));
    (head_ends && determiner && !ws.get(e.wrapping_sub(1)).is_some_and(|w| w.breaks_after)).then(
        || {
            if is_voice_noun(head.bare) {
                let toks = bares(ws, s, e);
                clean_name(&toks).map_or(Who::Unnamed, Who::Name)
            } else if is_title(head.bare) {
                Who::Role(lower(head.bare))
            } else {
                Who::Unnamed
            }
        },
    )
}

/// The bare words `ws[s..e]`.
pub(super) fn bares<'a>(ws: &[Word<'a>], s: usize, e: usize) -> Vec<&'a str> {
    ws.get(s..e)
        .unwrap_or_default()
        .iter()
        .map(|w| w.bare)
        .collect()
}

/// What a context says about who spoke.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Who {
    Name(String),
    /// `he`, `she`, `they`, `it`, `we`: resolved from the people named before.
    Pronoun(Gender),
    /// `I` / `me`: in an interview, the interviewee.
    FirstPerson,
    /// `the Secretary`: whoever the article names with that title.
    Role(String),
    /// A speech verb with a subject we cannot name (`officials said`).
    Unnamed,
}

pub(super) fn run_name(ws: &[Word<'_>], (s, e): (usize, usize)) -> Option<String> {
    let toks = bares(ws, s, e);
    let name = clean_name(&toks)?;
    // "Minister of Education Stefania Giannini": the office's domain is not the name.
    let of_title = s >= 2
        && ws
            .get(s - 1)
            .is_some_and(|w| matches!(w.bare, "of" | "for"))
        && ws.get(s - 2).is_some_and(|w| is_title(w.bare));
    if of_title && name.split_whitespace().count() >= 3 {
        let mut parts: Vec<String> = name.split_whitespace().skip(1).map(String::from).collect();
        person_tail(&mut parts, 3);
        return Some(parts.join(" "));
    }
    Some(name)
}

/// The grammatical gender and number a pronoun or a person's mentions carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gender {
    Male,
    Female,
    /// `they`, `it`, `we`: a group, an organisation, or unknown.
    Other,
}

impl Gender {
    /// The gender a third-person pronoun (any case) marks, if it marks one.
    pub(super) fn of_pronoun(w: &str) -> Option<Gender> {
        if w.len() > 7 {
            return None;
        }
        match lower(w).as_str() {
            "he" | "him" | "his" | "himself" => Some(Gender::Male),
            "she" | "her" | "hers" | "herself" => Some(Gender::Female),
            "they" | "it" | "we" | "them" | "its" | "their" => Some(Gender::Other),
            _ => None,
        }
    }
}

/// [`Who::FirstPerson`] when the pronoun among `ws` is `I`/`me`, else [`Who::Pronoun`].
pub(super) fn pronoun_who(ws: &[Word<'_>]) -> Who {
    let pronoun = ws.iter().find(|w| is_pronoun(w.bare)).map(|w| w.bare);
    if pronoun.is_some_and(|p| matches!(lower(p).as_str(), "i" | "me")) {
        return Who::FirstPerson;
    }
    Who::Pronoun(
        pronoun
            .and_then(Gender::of_pronoun)
            .unwrap_or(Gender::Other),
    )
}

#[cfg(test)]
mod tests;
