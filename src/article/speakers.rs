//! Who said a quotation: attribution from the surrounding sentence, and name resolution.
//!
//! For each quoted span we look, in order, at:
//! 1. the text right after it, up to its sentence end or the next quote (`…," Kirby said`,
//!    `…" said Roger Severino OCR director`, `…," he told reporters`), with a speech verb
//!    among its first words;
//! 2. the text before it in the same sentence (`Najib Razak said, "…`, `According to X, "…`,
//!    `Jeff Rathke, the State Department Spokesperson, said, "…`);
//! 3. a sentence ending with a colon just before it (`Alex Azar issued the following statement:`);
//! 4. continuation: an unattributed quote in the same paragraph as the previous quote, or
//!    opening the paragraph after it, is by the same speaker.
//!
//! Names are then resolved against the whole article: job titles and honorifics are dropped
//! (`Secretary Azar` → `Azar`), trailing acronyms removed (`Don Rucker MD` → `Don Rucker`),
//! a bare surname becomes the fullest name the article uses for it (`Kirby` → `John Kirby`),
//! a pronoun (`he`, `she`) the previous speaker, or the last person named before the quote.
//!
//! Spans that are not speech are dropped here too (see [`super::quotes`] for the rule).

use super::quotes::{Para, Span};

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "asked",
    "asks",
    "explained",
    "explains",
    "noted",
    "notes",
    "stated",
    "states",
    "wrote",
    "writes",
    "commented",
    "comments",
    "continued",
    "replied",
    "responded",
    "remarked",
    "argued",
    "argues",
    "claimed",
    "claims",
    "insisted",
    "warned",
    "warns",
    "announced",
    "declared",
    "tweeted",
    "posted",
    "according",
    "recalled",
    "recalls",
    "concluded",
    "emphasized",
    "emphasised",
    "observed",
    "acknowledged",
    "admitted",
    "suggested",
    "urged",
    "described",
    "testified",
    "cautioned",
    "predicted",
    "mentioned",
    "joked",
    "quipped",
    "called",
    "calls",
    "dubbed",
    "described",
    "added",
    "agreed",
    "believes",
    "believed",
    "thinks",
    "thought",
    "insists",
    "stressed",
    "reported",
    "wrote",
    "promised",
    "promising",
    "vowed",
    "saying",
    "telling",
    "adding",
    "calling",
    "describing",
    "stating",
    "writing",
    "announcing",
    "reads",
    "read",
    "statement",
    "labelled",
    "labeled",
    "branded",
    "criticized",
    "criticised",
    "praised",
];

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "secretary",
    "sen",
    "senator",
    "rep",
    "representative",
    "president",
    "ambassador",
    "justice",
    "judge",
    "gov",
    "governor",
    "mayor",
    "chancellor",
    "minister",
    "premier",
    "commissioner",
    "administrator",
    "director",
    "deputy",
    "chief",
    "general",
    "gen",
    "col",
    "colonel",
    "capt",
    "captain",
    "sgt",
    "sergeant",
    "lt",
    "officer",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "sir",
    "dame",
    "lord",
    "lady",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "father",
    "rev",
    "reverend",
    "bishop",
    "archbishop",
    "detective",
    "inspector",
    "constable",
    "superintendent",
    "coach",
    "manager",
    "founder",
    "co-founder",
    "editor",
    "correspondent",
    "surgeon",
    "major",
    "admiral",
    "member",
    "coordinator",
    "adviser",
    "advisor",
    "counsel",
    "attorney",
    "vice",
    "assistant",
    "acting",
    "principal",
    "head",
    "leader",
    "author",
    "owner",
    "analyst",
    "physicist",
    "scientist",
    "astronaut",
];

/// Capitalised words that begin sentences but are not names.
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "but",
    "and",
    "or",
    "in",
    "on",
    "at",
    "for",
    "when",
    "while",
    "after",
    "before",
    "yesterday",
    "today",
    "tomorrow",
    "however",
    "also",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "we",
    "they",
    "his",
    "her",
    "their",
    "our",
    "its",
    "if",
    "as",
    "according",
    "during",
    "since",
    "with",
    "from",
    "by",
    "to",
    "of",
    "last",
    "next",
    "on",
    "meanwhile",
    "earlier",
    "later",
    "then",
    "now",
    "so",
    "speaking",
    "asked",
    "in",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "i",
    "my",
    "us",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "where",
    "both",
    "all",
    "some",
    "many",
    "most",
    "one",
    "two",
    "several",
];

const ORG_WORDS: &[&str] = &[
    "agency",
    "office",
    "department",
    "ministry",
    "times",
    "news",
    "herald",
    "post",
    "council",
    "committee",
    "association",
    "institute",
    "university",
    "commission",
    "service",
    "services",
    "center",
    "centre",
    "foundation",
    "inc",
    "corp",
    "company",
    "group",
    "organization",
    "organisation",
    "party",
    "court",
    "government",
    "police",
    "administration",
    "journal",
    "bank",
    "network",
    "board",
    "house",
    "force",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "me"];

const NAMING_CUES: &[&str] = &[
    "named",
    "titled",
    "entitled",
    "nicknamed",
    "dubbed",
    "word",
    "words",
    "term",
    "phrase",
    "so-called",
    "hashtag",
    "slogan",
    "motto",
    "label",
    "known as",
    "called",
    "reading",
    "read",
    "status",
    "as",
];

/// A word of running text with its surrounding punctuation peeled off.
#[derive(Debug, Clone)]
struct Word<'a> {
    bare: &'a str,
    /// Punctuation right after the word ends a phrase (`,` `;` `:` `.`).
    breaks_after: bool,
}

fn words(text: &str) -> Vec<Word<'_>> {
    text.split_whitespace()
        .filter_map(|w| {
            let bare = w.trim_matches(|c: char| {
                !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-' && c != '.'
            });
            let bare = bare.trim_start_matches(['\'', '’', '.', '-']);
            let bare = bare.trim_end_matches(['\'', '’']);
            let bare = bare
                .strip_suffix('.')
                .filter(|b| !is_abbrev_dot(b))
                .unwrap_or(bare);
            let breaks_after = w.ends_with([',', ';', ':', '.', '?', '!', ')', '—']);
            (!bare.is_empty()).then_some(Word { bare, breaks_after })
        })
        .collect()
}

/// `U.S` / `J` / `Dr` keep their dot as part of the token.
fn is_abbrev_dot(b: &str) -> bool {
    b.contains('.') || (b.chars().count() == 1 && b.chars().all(char::is_uppercase))
}

fn lower(w: &str) -> String {
    w.trim_end_matches('.').to_lowercase()
}

fn is_verb(w: &Word<'_>) -> bool {
    SPEECH_VERBS.contains(&lower(w.bare).as_str())
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_pronoun(w: &str) -> bool {
    PRONOUNS.contains(&lower(w).as_str())
}

fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "van"
            | "von"
            | "der"
            | "da"
            | "di"
            | "la"
            | "le"
            | "del"
            | "bin"
            | "al"
            | "el"
            | "du"
    )
}

/// Runs of capitalised words (names), as word index ranges.
fn cap_runs(ws: &[Word<'_>]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if ws.get(i).is_some_and(|w| is_cap(w.bare)) {
            let start = i;
            while let Some(w) = ws.get(i) {
                let inside = is_cap(w.bare) || (i > start && is_particle(w.bare));
                if !inside {
                    break;
                }
                i += 1;
                if w.breaks_after && !w.bare.ends_with('.') {
                    break;
                }
                if w.breaks_after && !is_abbrev_dot(w.bare) {
                    break;
                }
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    runs
}

/// Cleans a run of capitalised words into a name: no leading function words or titles,
/// no trailing acronyms or possessive; long person runs keep their last two words.
fn clean_name(ws: &[&str]) -> Option<String> {
    let mut toks: Vec<String> = ws
        .iter()
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s").to_string())
        .collect();
    while toks
        .first()
        .is_some_and(|t| FUNCTION_WORDS.contains(&lower(t).as_str()))
    {
        toks.remove(0);
    }
    if let Some(last_title) = toks
        .iter()
        .rposition(|t| TITLES.contains(&lower(t).as_str()))
    {
        if last_title + 1 < toks.len() {
            toks.drain(..=last_title);
        }
    }
    let is_acronym = |t: &String| {
        t.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !t.chars().any(char::is_lowercase)
    };
    while toks.len() > 1
        && toks
            .last()
            .is_some_and(|t| is_acronym(t) || t == "M.D" || t == "PhD" || t == "Jr")
    {
        toks.pop();
    }
    while toks.len() > 1 && toks.first().is_some_and(is_acronym) && toks.len() > 2 {
        toks.remove(0);
    }
    let org = toks
        .last()
        .is_some_and(|t| ORG_WORDS.contains(&lower(t).as_str()));
    if toks.len() > 3 && !org {
        let keep = if toks.get(toks.len() - 2).is_some_and(|t| t.ends_with('.')) {
            3
        } else {
            2
        };
        toks.drain(..toks.len() - keep);
    }
    if toks.is_empty() || toks.iter().all(|t| TITLES.contains(&lower(t).as_str())) {
        return None;
    }
    Some(toks.join(" "))
}

/// What a context says about who spoke.
#[derive(Debug, Clone, PartialEq)]
enum Who {
    Name(String),
    Pronoun,
    /// A speech verb with a subject we cannot name (`officials said`).
    Unnamed,
}

/// The subject of a speech verb from the words before it (`…, Jane Roe said`).
fn subject_before(ws: &[Word<'_>]) -> Option<Who> {
    // Split into comma phrases; drop appositives that start with an article.
    let mut phrases: Vec<&[Word<'_>]> = Vec::new();
    let mut start = 0;
    for (i, w) in ws.iter().enumerate() {
        if w.breaks_after {
            phrases.push(ws.get(start..=i).unwrap_or_default());
            start = i + 1;
        }
    }
    phrases.push(ws.get(start..).unwrap_or_default());
    for phrase in phrases.iter().rev() {
        let Some(first) = phrase.first() else {
            continue;
        };
        if matches!(first.bare, "the" | "a" | "an")
            || phrase
                .iter()
                .all(|w| !is_cap(w.bare) && !is_pronoun(w.bare))
        {
            continue;
        }
        if phrase.len() <= 3 {
            if let Some(p) = phrase.iter().rev().find(|w| is_pronoun(w.bare)) {
                let after_cap = phrase
                    .iter()
                    .rev()
                    .take_while(|w| w.bare != p.bare)
                    .any(|w| is_cap(w.bare));
                if !after_cap {
                    return Some(Who::Pronoun);
                }
            }
        }
        if let Some(&(s, e)) = cap_runs(phrase).last() {
            let toks: Vec<&str> = phrase
                .get(s..e)
                .unwrap_or_default()
                .iter()
                .map(|w| w.bare)
                .collect();
            if let Some(name) = clean_name(&toks) {
                return Some(Who::Name(name));
            }
        }
        return Some(Who::Unnamed);
    }
    None
}

/// The subject after an inverted speech verb (`said John Kirby`, `according to X`).
fn subject_after(ws: &[Word<'_>]) -> Option<Who> {
    let mut ws = ws;
    if ws.first().is_some_and(|w| w.bare == "to") {
        ws = ws.get(1..).unwrap_or_default();
    }
    let first = ws.first()?;
    if is_pronoun(first.bare) {
        return Some(Who::Pronoun);
    }
    let runs = cap_runs(ws);
    let &(s, e) = runs.first()?;
    if s > 4 {
        return Some(Who::Unnamed);
    }
    let toks: Vec<&str> = ws
        .get(s..e)
        .unwrap_or_default()
        .iter()
        .map(|w| w.bare)
        .collect();
    clean_name(&toks).map(Who::Name)
}

/// Attribution in the words after a quote: a speech verb among the first few words.
fn after_quote(text: &str) -> Option<Who> {
    let ws = words(text);
    let v = ws.iter().take(8).position(is_verb)?;
    if ws.get(..v).is_some_and(|pre| {
        pre.iter()
            .any(|w| lower(w.bare) == "and" || lower(w.bare) == "but")
    }) {
        return None;
    }
    if v == 0 {
        return subject_after(ws.get(1..).unwrap_or_default());
    }
    let pre = ws.get(..v).unwrap_or_default();
    // "…," he told reporters / "…," Pentagon press secretary John Kirby said
    if let Some(p) = pre.iter().find(|w| is_pronoun(w.bare)) {
        if !pre.iter().any(|w| is_cap(w.bare) && w.bare != p.bare) {
            return Some(Who::Pronoun);
        }
    }
    let runs = cap_runs(pre);
    if let Some(&(s, e)) = runs.last() {
        let toks: Vec<&str> = pre
            .get(s..e)
            .unwrap_or_default()
            .iter()
            .map(|w| w.bare)
            .collect();
        return clean_name(&toks).map(Who::Name).or(Some(Who::Unnamed));
    }
    Some(Who::Unnamed)
}

/// Attribution in the words before a quote, within its sentence.
fn before_quote(text: &str) -> Option<Who> {
    let ws = words(text);
    if let Some(k) = ws.windows(2).rposition(|p| {
        p.first().is_some_and(|a| lower(a.bare) == "according")
            && p.get(1).is_some_and(|b| b.bare == "to")
    }) {
        return subject_after(ws.get(k + 2..).unwrap_or_default());
    }
    let v = ws.iter().rposition(is_verb)?;
    let after = ws.get(v + 1..).unwrap_or_default();
    if !after.is_empty()
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

/// The subject of a sentence that introduces a quote with a colon and no speech verb.
fn colon_intro(text: &str) -> Option<Who> {
    let t = text.trim_end();
    if !t.ends_with(':') {
        return None;
    }
    if let Some(who) = before_quote(t) {
        return Some(who);
    }
    let ws = words(t);
    let &(s, e) = cap_runs(&ws).first()?;
    let toks: Vec<&str> = ws
        .get(s..e)
        .unwrap_or_default()
        .iter()
        .map(|w| w.bare)
        .collect();
    clean_name(&toks).map(Who::Name)
}

/// Byte offset where the sentence holding `end` begins, searching back from `end` to `from`.
fn sentence_start(body: &str, from: usize, end: usize) -> usize {
    let Some(seg) = body.get(from..end) else {
        return from;
    };
    let mut cut = from;
    for (i, c) in seg.char_indices() {
        if matches!(c, '.' | '?' | '!') && is_sentence_end(seg, i) {
            cut = from + i + 1;
        }
    }
    cut
}

/// Byte offset where the sentence starting at `from` ends (exclusive), at most `limit`.
fn sentence_end(body: &str, from: usize, limit: usize) -> usize {
    let Some(seg) = body.get(from..limit) else {
        return limit;
    };
    for (i, c) in seg.char_indices() {
        if matches!(c, '.' | '?' | '!') && is_sentence_end(seg, i) {
            return from + i + 1;
        }
    }
    limit
}

/// A `.`/`?`/`!` at byte `i` of `s` ends a sentence: followed by a space and a capital,
/// and not after an abbreviation or an initial.
fn is_sentence_end(s: &str, i: usize) -> bool {
    let rest = s.get(i + 1..).unwrap_or_default();
    let next = rest.trim_start_matches(|c: char| c == '"' || c == '”' || c == '’' || c == ')');
    let spaced = next.starts_with(char::is_whitespace);
    let capital = next
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic());
    if !spaced || !capital {
        return false;
    }
    let before = s.get(..i).unwrap_or_default();
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default();
    let word_l = word.to_lowercase();
    let abbrev = matches!(
        word_l.as_str(),
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "st"
            | "jr"
            | "sr"
            | "gen"
            | "sen"
            | "rep"
            | "gov"
            | "prof"
            | "lt"
            | "col"
            | "capt"
            | "sgt"
            | "mt"
            | "vs"
            | "no"
            | "inc"
            | "corp"
            | "co"
            | "feb"
            | "jan"
            | "aug"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
            | "u.s"
            | "u.n"
            | "u.k"
            | "d.c"
            | "a.m"
            | "p.m"
    );
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    !(abbrev || initial)
}

/// True when the words right before the quote mark name or label rather than cite.
fn naming_cue(body: &str, from: usize, open: usize) -> bool {
    let before = body.get(from..open).unwrap_or_default().trim_end();
    let before = before
        .trim_end_matches([',', ':'])
        .trim_end()
        .to_lowercase();
    NAMING_CUES.iter().any(|cue| {
        before.ends_with(cue)
            && before
                .get(..before.len() - cue.len())
                .is_some_and(|b| b.is_empty() || b.ends_with(|c: char| !c.is_alphanumeric()))
    })
}

/// Decides which spans are quotations and who said each.
pub(crate) fn attribute(body: &str, paras: &[Para], spans: &[Span]) -> Vec<(Span, Option<String>)> {
    let names = Inventory::build(body);
    let mut out: Vec<(Span, Option<String>)> = Vec::new();
    let mut last_speaker: Option<String> = None;
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
            after_quote(trail)
        } else {
            None
        };
        if who.is_none() {
            who = before_quote(lead).or_else(|| colon_intro(lead));
        }
        let starts_para = body
            .get(para.start..span.open)
            .is_some_and(|t| t.trim().is_empty());
        if who.is_none() && starts_para && span.para > 0 {
            if let Some(pp) = paras.get(span.para - 1) {
                let text = body.get(pp.start..pp.end).unwrap_or_default();
                if text.trim_end().ends_with(':') {
                    let s = sentence_start(body, pp.start, pp.end);
                    who = colon_intro(body.get(s..pp.end).unwrap_or_default());
                }
            }
        }
        let attributed = who.is_some();
        if !is_quotation(body, span, attributed, lead_start) {
            continue;
        }
        let speaker = match who {
            Some(Who::Name(n)) => Some(names.resolve(&n)),
            Some(Who::Pronoun) => last_speaker
                .clone()
                .or_else(|| names.last_person_before(span.open)),
            Some(Who::Unnamed) => None,
            None => match &prev {
                Some((pp, s)) if *pp == span.para || (*pp + 1 == span.para && starts_para) => {
                    s.clone()
                }
                _ => None,
            },
        };
        if speaker.is_some() {
            last_speaker.clone_from(&speaker);
        }
        prev = Some((span.para, speaker.clone()));
        out.push((span.clone(), speaker));
    }
    out
}

/// Whether a span is a quotation rather than a title, term or scare quote.
fn is_quotation(body: &str, span: &Span, attributed: bool, sentence_from: usize) -> bool {
    let text = body.get(span.start..span.end).unwrap_or_default();
    let ws: Vec<&str> = text.split_whitespace().collect();
    if !span.opened || !span.closed {
        return !ws.is_empty();
    }
    if naming_cue(body, sentence_from, span.open) {
        return false;
    }
    let sentence_punct = text
        .trim_end_matches(['"', '”', '’', '\''])
        .ends_with(['.', '?', '!', ',', '…'])
        && ws.len() > 1;
    let title_case = ws.len() <= 10
        && ws
            .iter()
            .filter(|w| w.chars().count() > 3)
            .all(|w| is_cap(w))
        && !text.ends_with(['.', '?', '!']);
    if ws.len() <= 3 {
        return attributed && !title_case || (sentence_punct && attributed);
    }
    if title_case {
        return attributed;
    }
    if span.single {
        return attributed;
    }
    true
}

/// The names an article uses, for resolving surnames and pronouns.
struct Inventory {
    /// (byte offset, cleaned name) of every multi-word name run.
    mentions: Vec<(usize, String)>,
}

impl Inventory {
    fn build(body: &str) -> Self {
        let mut mentions = Vec::new();
        let mut offset = 0;
        let ws_offsets: Vec<(usize, &str)> = body
            .split_whitespace()
            .map(|w| {
                let at = body
                    .get(offset..)
                    .and_then(|rest| rest.find(w))
                    .map_or(offset, |i| offset + i);
                offset = at + w.len();
                (at, w)
            })
            .collect();
        // One entry per whitespace token that still has a word after peeling punctuation.
        let aligned: Vec<(usize, Word<'_>)> = ws_offsets
            .iter()
            .filter_map(|(at, w)| words(w).into_iter().next().map(|x| (*at, x)))
            .collect();
        let only: Vec<Word<'_>> = aligned.iter().map(|(_, w)| w.clone()).collect();
        for (s, e) in cap_runs(&only) {
            let toks: Vec<&str> = only
                .get(s..e)
                .unwrap_or_default()
                .iter()
                .map(|w| w.bare)
                .collect();
            if let Some(name) = clean_name(&toks) {
                let at = aligned.get(s).map_or(0, |(a, _)| *a);
                mentions.push((at, name));
            }
        }
        Inventory { mentions }
    }

    /// The fullest name whose last word (or whole) matches `name`'s last word.
    fn resolve(&self, name: &str) -> String {
        let n_words = name.split_whitespace().count();
        let Some(last) = name.split_whitespace().last() else {
            return name.to_string();
        };
        let is_org = ORG_WORDS.contains(&lower(last).as_str());
        if is_org {
            return name.to_string();
        }
        let mut best: Option<(usize, usize, &str)> = None; // (words, count, name)
        for (_, m) in &self.mentions {
            let mw: Vec<&str> = m.split_whitespace().collect();
            if mw.len() < n_words || mw.len() > 3 || mw.last() != Some(&last) {
                continue;
            }
            if mw.iter().any(|w| ORG_WORDS.contains(&lower(w).as_str())) {
                continue;
            }
            let count = self.mentions.iter().filter(|(_, o)| o == m).count();
            let cand = (mw.len(), count, m.as_str());
            if best.is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
                best = Some(cand);
            }
        }
        best.map_or_else(|| name.to_string(), |b| b.2.to_string())
    }

    /// The last two- or three-word name mentioned before `pos`, resolved.
    fn last_person_before(&self, pos: usize) -> Option<String> {
        self.mentions
            .iter()
            .rev()
            .filter(|(at, m)| *at < pos && (2..=3).contains(&m.split_whitespace().count()))
            .find(|(_, m)| {
                !m.split_whitespace()
                    .any(|w| ORG_WORDS.contains(&lower(w).as_str()))
            })
            .map(|(_, m)| self.resolve(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_names() {
        let cases = [
            (vec!["Secretary", "Alex", "Azar"], Some("Alex Azar")),
            (vec!["Roger", "Severino", "OCR"], Some("Roger Severino")),
            (vec!["The", "Straits", "Times"], Some("Straits Times")),
            (
                vec!["United", "States", "Hamdullah", "Mohib"],
                Some("Hamdullah Mohib"),
            ),
            (
                vec!["Korean", "Central", "News", "Agency"],
                Some("Korean Central News Agency"),
            ),
            (vec!["Cornyn's"], Some("Cornyn")),
            (vec!["Secretary"], None),
        ];
        for (input, want) in cases {
            assert_eq!(clean_name(&input).as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn attributions() {
        let cases = [
            (", Kirby said.", true, Some(Who::Name("Kirby".into()))),
            (
                " said Roger Severino OCR director.",
                true,
                Some(Who::Name("Roger Severino".into())),
            ),
            (", he told reporters.", true, Some(Who::Pronoun)),
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
        ];
        for (text, after, want) in cases {
            let got = if after {
                after_quote(text)
            } else {
                before_quote(text)
            };
            assert_eq!(got, want, "{text}");
        }
    }
}
