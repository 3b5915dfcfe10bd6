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
//! Speech verbs are matched in any regular inflection (`reason` → `reasoned`, `reasoning`).
//! Before the verb, adjunct phrases (`, of the University of NSW,`, `, in remarks to X,`)
//! and sentence adverbs (`Allegedly,`) are skipped; a participle (`…, saying "…"`) takes
//! its clause's subject; `according to X`, `in the words of X`, `attributed to X` name the
//! source, looking through appositives (`the prosecutor, Mark Tedeschi, QC`).
//!
//! Names are then resolved against the whole article: job titles and honorifics are dropped
//! (`Secretary Azar` → `Azar`, `Minister of Education X Y` → `X Y`), trailing acronyms
//! removed (`Don Rucker MD` → `Don Rucker`), institutions keep their `of`
//! (`U.S. Department of Agriculture`); a bare surname becomes the fullest name the article
//! uses for it (`Kirby` → `John Kirby`), a bare given name the one person with it
//! (`Thomas` → `Thomas Sam`), a misspelt surname the person whose surname is within edit
//! distance 2 (`Ms Bauchtman` → `Lydia Buchtmann`, surnames of 5+ letters), a role the
//! person named with that title (`the Secretary` → `Alex Azar`), a pronoun (`he`, `she`)
//! the previous speaker or the last person named before the quote, and `I`/`me` the
//! interviewee named by the headline.
//!
//! Spans that are not speech are dropped here too (see [`super::quotes`] for the rule).

use std::collections::HashMap;
use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::quotes::{Context, Para, Span};

/// Verbs of saying, calling and writing, as base forms; [`is_speech_verb`] accepts their
/// regular inflections (`-s`, `-ed`, `-ing`, with `e`-drop, `y`→`i` and doubled consonants).
const SPEECH_VERBS: &[&str] = &[
    "add",
    "affirm",
    "agree",
    "announce",
    "answer",
    "argue",
    "ask",
    "assert",
    "believe",
    "boast",
    "brand",
    "call",
    "caution",
    "claim",
    "comment",
    "complain",
    "concede",
    "conclude",
    "confirm",
    "contend",
    "continue",
    "counter",
    "criticise",
    "criticize",
    "declare",
    "deny",
    "describe",
    "dub",
    "emphasise",
    "emphasize",
    "exclaim",
    "explain",
    "insist",
    "joke",
    "label",
    "lament",
    "maintain",
    "mention",
    "note",
    "observe",
    "plead",
    "post",
    "praise",
    "predict",
    "proclaim",
    "promise",
    "quip",
    "reason",
    "recall",
    "recount",
    "reiterate",
    "remark",
    "reply",
    "report",
    "respond",
    "retort",
    "say",
    "state",
    "stress",
    "suggest",
    "testify",
    "tweet",
    "underline",
    "underscore",
    "urge",
    "vow",
    "warn",
];

/// Base forms that are also common nouns (`a state`, `the report`): only their inflected
/// forms count as verbs.
const NOUN_LIKE_BASES: &[&str] = &[
    "answer", "brand", "call", "caution", "claim", "comment", "counter", "joke", "label", "note",
    "post", "praise", "promise", "reason", "recall", "remark", "reply", "report", "state",
    "stress", "tweet", "vow",
];

/// Irregular forms and other words that introduce speech.
const SPEECH_WORDS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "telling",
    "wrote",
    "writes",
    "write",
    "writing",
    "written",
    "thinks",
    "thought",
    "read",
    "reads",
    "spoke",
    "according",
    "statement",
    // Spanish, French and German releases and wire copy.
    "dijo",
    "afirmó",
    "declaró",
    "explicó",
    "señaló",
    "agregó",
    "añadió",
    "indicó",
    "dit",
    "déclaré",
    "affirmé",
    "sagte",
    "erklärte",
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
    "associate",
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
    // Occupations printed before a name ("poet Frank Messina", "Critic Ann Lee").
    "critic",
    "biologist",
    "researcher",
    "economist",
    "historian",
    "lawyer",
    "activist",
    "expert",
    "doctor",
    "curator",
    "writer",
    "poet",
    "artist",
    "actor",
    "actress",
    "singer",
    "photographer",
    "journalist",
    "reporter",
    "official",
    "engineer",
    "psychologist",
    "physician",
    "nurse",
    "pilot",
    "novelist",
    "columnist",
    "blogger",
    "chef",
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
    "centers",
    "centre",
    "centres",
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

/// A word list as a hash set: the lists are consulted for nearly every word of every
/// article with a quotation, where a linear scan of a hundred strings shows in profiles.
type WordSet = LazyLock<FxHashSet<&'static str>>;

static SPEECH_VERB_SET: WordSet = LazyLock::new(|| SPEECH_VERBS.iter().copied().collect());
static NOUN_LIKE_BASE_SET: WordSet = LazyLock::new(|| NOUN_LIKE_BASES.iter().copied().collect());
static SPEECH_WORD_SET: WordSet = LazyLock::new(|| SPEECH_WORDS.iter().copied().collect());
static TITLE_SET: WordSet = LazyLock::new(|| TITLES.iter().copied().collect());
/// Function words, and weekday names (`Monday Kirby said`), from [`super::dates::WEEKDAYS`].
static FUNCTION_WORD_SET: WordSet = LazyLock::new(|| {
    FUNCTION_WORDS
        .iter()
        .chain(super::dates::WEEKDAYS.iter())
        .copied()
        .collect()
});
static ORG_WORD_SET: WordSet = LazyLock::new(|| ORG_WORDS.iter().copied().collect());

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
    "name",
    "pronounced",
    "meaning of",
    "definition of",
    "define",
    "respond with",
    "responded with",
    "reply with",
    "replied with",
    "answer with",
];

/// A word of running text with its surrounding punctuation peeled off.
#[derive(Debug, Clone)]
struct Word<'a> {
    bare: &'a str,
    /// Punctuation right after the word ends a phrase (`,` `;` `:` `.`).
    breaks_after: bool,
    /// The raw token began with a quotation mark (the word starts quoted text).
    opens_quote: bool,
    /// The raw token is a whole parenthesised gloss of the words before it (`(CMS)`).
    gloss: bool,
}

fn words(text: &str) -> Vec<Word<'_>> {
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
fn word(w: &str) -> Option<Word<'_>> {
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
        gloss: w.starts_with('(') && w.ends_with(')'),
    })
}

/// `U.S` / `J` / `Dr` keep their dot as part of the token.
fn is_abbrev_dot(b: &str) -> bool {
    b.contains('.') || (b.chars().count() == 1 && b.chars().all(char::is_uppercase))
}

fn lower(w: &str) -> String {
    w.trim_end_matches('.').to_lowercase()
}

fn is_verb(w: &Word<'_>) -> bool {
    // A capitalised word is a name (`United States`), except a sentence-opening `According`.
    let l = lower(w.bare);
    (!is_cap(w.bare) || l == "according") && is_speech_verb(&l)
}

/// Whether a lowercase word is a verb of saying (any regular inflection of [`SPEECH_VERBS`]).
fn is_speech_verb(w: &str) -> bool {
    if SPEECH_WORD_SET.contains(&w) {
        return true;
    }
    let base = |b: &str| SPEECH_VERB_SET.contains(&b);
    if base(w) {
        return !NOUN_LIKE_BASE_SET.contains(&w);
    }
    let undouble = |stem: &str| -> Option<String> {
        let mut cs = stem.chars().rev();
        let (a, b) = (cs.next()?, cs.next()?);
        (a == b).then(|| stem.get(..stem.len() - a.len_utf8()).map(String::from))?
    };
    for suffix in ["s", "es", "ed", "d", "ing"] {
        let Some(stem) = w.strip_suffix(suffix) else {
            continue;
        };
        if stem.len() < 2 {
            continue;
        }
        let plural_noun = matches!(suffix, "s" | "es")
            && !matches!(w, "notes" | "states" | "calls" | "claims" | "comments");
        let verb_base = |b: &str| base(b) && !(plural_noun && NOUN_LIKE_BASE_SET.contains(&b));
        if verb_base(stem) || verb_base(&format!("{stem}e")) {
            return true;
        }
        if matches!(suffix, "es" | "ed") && stem.ends_with('i') {
            let y = format!("{}y", stem.get(..stem.len() - 1).unwrap_or_default());
            if base(&y) {
                return true;
            }
        }
        if matches!(suffix, "ed" | "ing") && undouble(stem).is_some_and(|u| base(&u)) {
            return true;
        }
    }
    false
}

fn is_cap(w: &str) -> bool {
    if w.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    // Arabic and other name particles joined by a hyphen: `al-Amr`, `el-Sisi`, `bin-Salman`.
    w.split_once('-').is_some_and(|(p, rest)| {
        matches!(
            p,
            "al" | "el" | "ad" | "ar" | "as" | "bin" | "ibn" | "abu" | "ben"
        ) && rest.chars().next().is_some_and(char::is_uppercase)
    })
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

/// Title abbreviations whose dot does not end a name run (`Dr. John Sedor`).
fn is_title_abbrev(w: &str) -> bool {
    matches!(
        lower(w).as_str(),
        "dr" | "mr"
            | "mrs"
            | "ms"
            | "st"
            | "gen"
            | "sen"
            | "rep"
            | "gov"
            | "prof"
            | "lt"
            | "col"
            | "capt"
            | "sgt"
            | "rev"
            | "jr"
            | "sr"
    )
}

/// Runs of capitalised words (names), as word index ranges. `and` joins two capitalised
/// words (`Health and Human Services`); a comma or sentence punctuation ends a run.
fn cap_runs(ws: &[Word<'_>]) -> Vec<(usize, usize)> {
    cap_runs_with(ws, true)
}

/// [`cap_runs`], optionally without joining on `and`.
fn cap_runs_with(ws: &[Word<'_>], join_and: bool) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !ws
            .get(i)
            .is_some_and(|w| is_cap(w.bare) && !is_pronoun(w.bare))
        {
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
            if !(is_cap(w.bare) || joins) {
                break;
            }
            i += 1;
            if w.breaks_after && !(is_abbrev_dot(w.bare) || is_title_abbrev(w.bare)) {
                break;
            }
        }
        runs.push((start, i));
    }
    runs
}

/// Institution words that take an `of` complement as part of their name.
fn is_of_head(t: &str) -> bool {
    matches!(
        lower(t).as_str(),
        "department"
            | "ministry"
            | "office"
            | "university"
            | "institute"
            | "bureau"
            | "museum"
            | "municipality"
            | "college"
            | "academy"
            | "society"
            | "council"
            | "commission"
            | "board"
            | "church"
            | "bank"
            | "city"
            | "federation"
            | "union"
            | "league"
    )
}

fn is_title(t: &str) -> bool {
    TITLE_SET.contains(&lower(t).as_str())
}

/// A degree printed after a name in mixed case (`Ph.D.`, `PhD`, `Dr.P.H.`, `Pharm.D.`);
/// upper-case ones (`MD`, `M.D.`, `MPH`) are acronyms already.
fn is_degree(t: &str) -> bool {
    let letters: String = t
        .chars()
        .filter(|c| *c != '.')
        .collect::<String>()
        .to_lowercase();
    matches!(
        letters.as_str(),
        "phd" | "drph" | "edd" | "pharmd" | "psyd" | "scd" | "dphil" | "mphil" | "msc" | "bsc"
    )
}

fn is_org_word(t: &str) -> bool {
    ORG_WORD_SET.contains(&lower(t).as_str())
}

/// Keeps the last two words of a long person name (three with a middle initial).
fn person_tail(toks: &mut Vec<String>, max: usize) {
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
fn clean_name(ws: &[&str]) -> Option<String> {
    let mut toks: Vec<String> = ws
        .iter()
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s").to_string())
        .collect();
    while toks
        .first()
        .is_some_and(|t| FUNCTION_WORD_SET.contains(&lower(t).as_str()))
    {
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

/// What a context says about who spoke.
#[derive(Debug, Clone, PartialEq)]
enum Who {
    Name(String),
    Pronoun,
    /// `I` / `me`: in an interview, the interviewee.
    FirstPerson,
    /// `the Secretary`: whoever the article names with that title.
    Role(String),
    /// A speech verb with a subject we cannot name (`officials said`).
    Unnamed,
}

fn run_name(ws: &[Word<'_>], (s, e): (usize, usize)) -> Option<String> {
    let toks: Vec<&str> = ws
        .get(s..e)
        .unwrap_or_default()
        .iter()
        .map(|w| w.bare)
        .collect();
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

/// The subject of a speech verb from the words before it (`…, Jane Roe said`).
///
/// The words split into comma phrases; a phrase that is nothing but a name (`Jeff Rathke`
/// in `Jeff Rathke, the State Department Spokesperson, said`) beats an appositive
/// (`Panama coach`); two-word names beat one-word ones; later beats earlier.
fn subject_before(ws: &[Word<'_>]) -> Option<Who> {
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
            && (FUNCTION_WORD_SET.contains(&lower(first).as_str())
                || (first.len() >= 6 && lower(first).ends_with("ly")));
        starts || adverb
    };
    if phrases.len() > 1 {
        let kept: Vec<&[Word<'_>]> = phrases.iter().copied().filter(|p| !adjunct(p)).collect();
        if !kept.is_empty() {
            phrases = kept;
        }
    }
    let last = phrases.last()?;
    // "…, he said" / "he said"
    if last.len() <= 2
        && last.iter().any(|w| is_pronoun(w.bare))
        && !last.iter().any(|w| is_cap(w.bare) && !is_pronoun(w.bare))
    {
        return Some(pronoun_who(last));
    }
    let pure = |p: &&[Word<'_>]| -> Option<String> {
        let runs = cap_runs(p);
        let &(s, e) = runs.first()?;
        let lead_ok = p
            .get(..s)
            .unwrap_or_default()
            .iter()
            .all(|w| is_cap(w.bare) && FUNCTION_WORD_SET.contains(&lower(w.bare).as_str()));
        (runs.len() == 1 && e == p.len() && lead_ok)
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
    if let Some(&(s, e)) = cap_runs(last).last() {
        if let Some(name) = run_name(last, (s, e)) {
            return Some(Who::Name(name));
        }
    }
    if last.len() <= 3 && last.iter().any(|w| is_pronoun(w.bare)) {
        return Some(pronoun_who(last));
    }
    Some(Who::Unnamed)
}

/// [`Who::FirstPerson`] when the pronoun among `ws` is `I`/`me`, else [`Who::Pronoun`].
fn pronoun_who(ws: &[Word<'_>]) -> Who {
    let first_person = ws
        .iter()
        .find(|w| is_pronoun(w.bare))
        .is_some_and(|w| matches!(lower(w.bare).as_str(), "i" | "me"));
    if first_person {
        Who::FirstPerson
    } else {
        Who::Pronoun
    }
}

/// The subject after an inverted speech verb (`said John Kirby`, `according to X`,
/// `said Assistant Secretary for Health Brett P. Giroir M.D.`).
fn subject_after(ws: &[Word<'_>]) -> Option<Who> {
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
        let toks: Vec<&str> = ws
            .get(s..e)
            .unwrap_or_default()
            .iter()
            .map(|w| w.bare)
            .collect();
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

/// A pull quote's printed name: `”—Caitlin Oakley HHS Spokesperson`, `” – Secretary Alex Azar`.
fn dash_name(text: &str) -> Option<Who> {
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
fn after_quote(text: &str, quote_ends_sentence: bool) -> Option<Who> {
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
fn before_quote(text: &str, first_verb: bool) -> Option<Who> {
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

/// A source named in an appositive: `the Crown prosecutor, Mark Tedeschi, QC` → the
/// first comma phrase that is nothing but a two- or three-word name.
fn appositive_name(ws: &[Word<'_>]) -> Option<Who> {
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
fn clause_subject(ws: &[Word<'_>]) -> Option<Who> {
    let finite = |w: Option<&Word<'_>>| {
        w.is_some_and(|w| {
            let l = w.bare;
            !is_cap(l)
                && (l.ends_with("ed")
                    || (l.ends_with('s') && !l.ends_with("ss"))
                    || matches!(
                        l,
                        "said"
                            | "told"
                            | "made"
                            | "gave"
                            | "took"
                            | "went"
                            | "came"
                            | "met"
                            | "spoke"
                            | "wrote"
                            | "saw"
                            | "held"
                            | "left"
                            | "sent"
                            | "found"
                            | "thought"
                            | "felt"
                            | "kept"
                            | "put"
                            | "led"
                            | "stood"
                            | "began"
                            | "won"
                            | "lost"
                            | "heard"
                            | "knew"
                            | "brought"
                            | "did"
                            | "had"
                            | "was"
                            | "were"
                            | "is"
                            | "are"
                    ))
        })
    };
    let runs = cap_runs(ws);
    let mut i = 0;
    while i < ws.len() {
        let w = ws.get(i)?;
        if is_pronoun(w.bare) && finite(ws.get(i + 1)) {
            return Some(pronoun_who(ws.get(i..=i).unwrap_or_default()));
        }
        if lower(w.bare) == "the"
            && ws
                .get(i + 1)
                .is_some_and(|t| is_cap(t.bare) && is_title(t.bare))
            && finite(ws.get(i + 2))
        {
            return ws.get(i + 1).map(|t| Who::Role(lower(t.bare)));
        }
        if let Some(&(s, e)) = runs.iter().find(|r| r.0 == i) {
            if finite(ws.get(e)) && !ws.get(e - 1).is_some_and(|w| w.breaks_after) {
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

/// The subject of a sentence that introduces a quote with a colon (or a comma after a
/// speech verb): `Alex Azar issued the following statement:`, `Rathbun stated,`.
fn colon_intro(text: &str) -> Option<Who> {
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
    let next = rest.trim_start_matches(['"', '”', '’', ')']);
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
    let abbrev = is_title_abbrev(word)
        || matches!(
            word_l.as_str(),
            "mt" | "vs"
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
        .trim_end_matches([',', ':', ';'])
        .trim_end()
        .to_lowercase();
    NAMING_CUES.iter().any(|cue| {
        before.ends_with(cue)
            && before
                .get(..before.len() - cue.len())
                .is_some_and(|b| b.is_empty() || b.ends_with(|c: char| !c.is_alphanumeric()))
    })
}

/// Named subjects of speech verbs, sentence by sentence: (sentence start, name).
/// A pronoun resolves to the latest of these or of the previous quote's speaker.
fn speech_subjects(body: &str, paras: &[Para]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for p in paras {
        let mut from = p.start;
        while from < p.end {
            let end = sentence_end(body, from, p.end).max(from + 1);
            let sentence = body.get(from..end).unwrap_or_default();
            if let Some(Who::Name(n)) = before_quote(sentence, true) {
                out.push((from, n));
            } else if let Some(n) = sentence_subject(sentence) {
                out.push((from, n));
            }
            from = end;
            while body
                .get(from..)
                .is_some_and(|r| r.starts_with(char::is_whitespace))
            {
                from += 1;
            }
            while from < p.end && !body.is_char_boundary(from) {
                from += 1;
            }
        }
    }
    out
}

/// A two- or three-word person name opening a sentence (`Harry Kane won the award.`).
fn sentence_subject(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    let &(s, e) = cap_runs(&ws).first().filter(|r| r.0 == 0)?;
    let name = run_name(&ws, (s, e))?;
    let n = name.split_whitespace().count();
    let person = (2..=3).contains(&n)
        && !name.split_whitespace().any(is_org_word)
        && !ws.get(e).is_some_and(|w| is_cap(w.bare));
    person.then_some(name)
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
            Some(Who::Pronoun) => {
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
        }
        prev = Some((span.para, speaker.clone()));
        out.push((span.clone(), speaker));
    }
    out
}

/// Whether the last speech verb of `lead` governs a quote right after it: at most eight
/// words between them, none of them opening an embedded question or clause.
fn verb_governs(lead: &str) -> bool {
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
fn quotative_like(lead: &str) -> Option<Who> {
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
fn is_coordination(t: &str) -> bool {
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
fn only_captions_between(body: &str, paras: &[Para], from: usize, to: usize) -> bool {
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

/// The person an interview is with, from a headline such as `Wikinews interviews X`,
/// `X tells Wikinews about …`, `X: An interview with …`, `Interview with founder X`.
fn interviewee(context: &Context<'_>, names: &Inventory) -> Option<String> {
    let headline = context.headline?;
    let l = headline.to_lowercase();
    if ![
        "interview",
        " tells ",
        " talks to ",
        " speaks to ",
        " speaks with ",
    ]
    .iter()
    .any(|c| l.contains(c))
    {
        return None;
    }
    let ws = words(headline);
    cap_runs_with(&ws, false).into_iter().find_map(|r| {
        let mut name = run_name(&ws, r)?;
        // "Biologist Nick Bos": the body's fullest name with that surname.
        if let Some(last) = name.split_whitespace().last() {
            let full = names.resolve(last);
            if full.split_whitespace().count() >= 2 && name.ends_with(&full) {
                name = full;
            }
        }
        let parts: Vec<&str> = name.split_whitespace().collect();
        let person = (2..=3).contains(&parts.len())
            && !parts.iter().any(|w| {
                is_org_word(w) || is_of_head(w) || lower(w).contains("interview") || *w == "of"
            })
            && parts.iter().all(|w| w.chars().any(char::is_lowercase));
        person.then(|| names.resolve(&name))
    })
}

/// Whether the word right after a closing mark is a noun the quoted words modify: a
/// lowercase word that is not a function word, verb of saying or adverb.
fn modifies_next_noun(body: &str, close: usize) -> bool {
    let rest = body.get(close..).unwrap_or_default();
    if !rest.starts_with(' ') {
        return false;
    }
    let Some(next) = rest.split_whitespace().next() else {
        return false;
    };
    let bare = next.trim_end_matches(|c: char| !c.is_alphanumeric());
    if bare.is_empty() || !bare.chars().all(|c| c.is_lowercase() || c == '-') {
        return false;
    }
    let function = matches!(
        bare,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "but"
            | "nor"
            | "so"
            | "yet"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "when"
            | "where"
            | "while"
            | "because"
            | "if"
            | "than"
            | "as"
            | "to"
            | "of"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "from"
            | "with"
            | "without"
            | "into"
            | "about"
            | "over"
            | "under"
            | "after"
            | "before"
            | "since"
            | "until"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "has"
            | "have"
            | "had"
            | "do"
            | "does"
            | "did"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "may"
            | "might"
            | "must"
            | "not"
            | "it"
            | "he"
            | "she"
            | "they"
            | "we"
            | "i"
            | "you"
            | "this"
            | "these"
            | "those"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "yesterday"
            | "today"
            | "tomorrow"
            | "now"
            | "then"
            | "again"
            | "also"
            | "too"
            | "instead"
            | "said"
            | "says"
            | "etc"
    );
    !function && !bare.ends_with("ly") && !is_speech_verb(bare)
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
    let small = |w: &&&str| {
        matches!(
            lower(w).as_str(),
            "a" | "an"
                | "the"
                | "of"
                | "and"
                | "or"
                | "for"
                | "from"
                | "with"
                | "in"
                | "on"
                | "at"
                | "to"
                | "by"
                | "into"
                | "as"
                | "vs"
        )
    };
    let big: Vec<&&str> = ws.iter().filter(|w| !small(w)).collect();
    let title_case = ws.len() <= 12
        && big.len() >= 2
        && big.iter().all(|w| is_cap(w))
        && !text.contains(',')
        && (text.contains(':') || !text.ends_with(['.', '?', '!']) || ws.len() <= 4);
    // A fragment worked into the sentence modifying the noun after it (`the "solid" sample
    // return mission`, `the “re-circulate” setting`) is a term or scare quote.
    if ws.len() <= 3 && !sentence_punct && modifies_next_noun(body, span.close) {
        return false;
    }
    // A long lowercase fragment worked into running text is someone's wording
    // (`studies "the amazing adaptations social insects have evolved …"`).
    let lowercase_start = text.chars().next().is_some_and(char::is_lowercase);
    if !attributed && ws.len() >= 8 && lowercase_start && !title_case {
        return true;
    }
    // Unattributed words that do not even end like speech: a saying, a list entry, a label.
    if !attributed
        && !text
            .trim_end()
            .ends_with(['.', '?', '!', ',', '…', ';', ':', '-', '—'])
    {
        return false;
    }
    if ws.len() <= 3 {
        return attributed && (!title_case || sentence_punct);
    }
    if title_case {
        return false;
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
    /// How many times each cleaned name occurs.
    counts: HashMap<String, usize>,
    /// Each cleaned name once, in order of first mention.
    distinct: Vec<String>,
    /// (title, name) for every name printed after a title (`Secretary Azar`).
    titled: Vec<(String, String)>,
    /// Names already resolved (resolution scans `distinct`; quotes repeat speakers).
    memo: std::cell::RefCell<HashMap<String, String>>,
}

/// Levenshtein distance between two short words, if it is at most `max`.
fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    if a.len().abs_diff(b.len()) > max || a.len() > 40 || b.len() > 40 {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(c0) = cur.first_mut() {
            *c0 = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(c) = cur.get_mut(j + 1) {
                *c = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().filter(|&d| d <= max)
}

impl Inventory {
    fn build(body: &str) -> Self {
        let mut mentions = Vec::new();
        // Each token is a slice of `body`: its offset is where it starts in memory.
        let ws_offsets: Vec<(usize, &str)> = body
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - body.as_ptr() as usize, w))
            .collect();
        // One entry per whitespace token that still has a word after peeling punctuation.
        let mut aligned: Vec<(usize, Word<'_>)> = Vec::new();
        let mut prev_end = 0;
        for (at, w) in &ws_offsets {
            // A name never runs across a line break.
            if body
                .get(prev_end..*at)
                .is_some_and(|gap| gap.contains('\n'))
            {
                if let Some((_, prev)) = aligned.last_mut() {
                    prev.breaks_after = true;
                }
            }
            prev_end = at + w.len();
            match word(w) {
                Some(x) => aligned.push((*at, x)),
                None => {
                    if let Some((_, prev)) = aligned.last_mut() {
                        prev.breaks_after = true;
                    }
                }
            }
        }
        let only: Vec<Word<'_>> = aligned.iter().map(|(_, w)| w.clone()).collect();
        let mut runs = cap_runs_with(&only, true);
        runs.extend(cap_runs_with(&only, false));
        runs.sort_unstable();
        runs.dedup();
        let mut titled = Vec::new();
        for (s, e) in runs {
            let toks: Vec<&str> = only
                .get(s..e)
                .unwrap_or_default()
                .iter()
                .map(|w| w.bare)
                .collect();
            if let Some(mut name) = clean_name(&toks) {
                // "Governor of Washington Chris Gregoire": the office's place is not the name.
                let of_title = s >= 2
                    && only
                        .get(s - 1)
                        .is_some_and(|w| matches!(w.bare, "of" | "for"))
                    && only.get(s - 2).is_some_and(|w| is_title(w.bare));
                if of_title && name.split_whitespace().count() >= 3 {
                    let mut parts: Vec<String> =
                        name.split_whitespace().skip(1).map(String::from).collect();
                    person_tail(&mut parts, 3);
                    name = parts.join(" ");
                }
                // "Secretary Alex Azar": remember who holds which title.
                let last_title = toks.iter().rposition(|t| is_title(t));
                if let Some(t) = last_title.and_then(|i| toks.get(i)) {
                    if last_title.is_some_and(|i| i + 1 < toks.len()) {
                        titled.push((lower(t), name.clone()));
                    }
                }
                let at = aligned.get(s).map_or(0, |(a, _)| *a);
                mentions.push((at, name));
            }
        }
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut distinct = Vec::new();
        for (_, m) in &mentions {
            let c = counts.entry(m.clone()).or_default();
            if *c == 0 {
                distinct.push(m.clone());
            }
            *c += 1;
        }
        Inventory {
            mentions,
            counts,
            distinct,
            titled,
            memo: std::cell::RefCell::new(HashMap::new()),
        }
    }

    /// The fullest name whose last word (or whole) matches `name`'s last word.
    fn resolve(&self, name: &str) -> String {
        if let Some(done) = self.memo.borrow().get(name) {
            return done.clone();
        }
        let resolved = self.resolve_uncached(name);
        self.memo
            .borrow_mut()
            .insert(name.to_string(), resolved.clone());
        resolved
    }

    fn resolve_uncached(&self, name: &str) -> String {
        let n_words = name.split_whitespace().count();
        let Some(last) = name.split_whitespace().last() else {
            return name.to_string();
        };
        if n_words == 1
            && (2..=6).contains(&name.len())
            && name.chars().all(|c| c.is_ascii_uppercase())
        {
            // "KCNA" → "Korean Central News Agency"
            let expanded = self.distinct.iter().find(|m| {
                let initials: String = m
                    .split_whitespace()
                    .filter_map(|w| w.chars().next())
                    .collect();
                initials == name && m.split_whitespace().count() == name.len()
            });
            if let Some(m) = expanded {
                return m.clone();
            }
        }
        let is_org = ORG_WORD_SET.contains(&lower(last).as_str());
        if is_org {
            return name.to_string();
        }
        let mut best: Option<(usize, usize, &str)> = None; // (words, count, name)
        for m in &self.distinct {
            let mw: Vec<&str> = m.split_whitespace().collect();
            if mw.len() < n_words || mw.len() > 3 || mw.last() != Some(&last) {
                continue;
            }
            if mw.iter().any(|w| ORG_WORD_SET.contains(&lower(w).as_str())) {
                continue;
            }
            let count = self.count(m);
            let cand = (mw.len(), count, m.as_str());
            if best.is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
                best = Some(cand);
            }
        }
        if let Some(b) = best.filter(|b| b.0 > n_words || n_words > 1) {
            return b.2.to_string();
        }
        self.by_first_name(name, n_words)
            .or_else(|| self.by_similar_surname(last))
            .unwrap_or_else(|| name.to_string())
    }

    /// The person the article most often names with `title` (`the Secretary` → the
    /// `Secretary Azar` of the article), resolved to the fullest name.
    fn by_title(&self, title: &str) -> Option<String> {
        let mut tally: Vec<(String, usize)> = Vec::new();
        for (t, n) in &self.titled {
            if t != title {
                continue;
            }
            let full = self.resolve(n);
            match tally.iter_mut().find(|(m, _)| *m == full) {
                Some((_, c)) => *c += 1,
                None => tally.push((full, 1)),
            }
        }
        let mut best: Option<(String, usize)> = None;
        for (m, c) in tally {
            if best.as_ref().is_none_or(|b| c > b.1) {
                best = Some((m, c));
            }
        }
        best.map(|b| b.0)
    }

    /// How often the article uses exactly this name.
    fn count(&self, name: &str) -> usize {
        self.counts.get(name).copied().unwrap_or(0)
    }

    /// People named in the article: two- or three-word names without institution words.
    fn people(&self) -> impl Iterator<Item = &str> {
        self.distinct.iter().map(String::as_str).filter(|m| {
            let n = m.split_whitespace().count();
            (2..=3).contains(&n)
                && !m
                    .split_whitespace()
                    .any(|w| is_org_word(w) || is_of_head(w) || w == "of")
        })
    }

    /// A bare given name (`Thomas`) standing for the one person the article names with it.
    fn by_first_name(&self, name: &str, n_words: usize) -> Option<String> {
        if n_words != 1 {
            return None;
        }
        let mut found: Option<&str> = None;
        for m in self.people() {
            if m.split_whitespace().next() == Some(name) && found != Some(m) {
                if found.is_some_and(|f| f.split_whitespace().last() != m.split_whitespace().last())
                {
                    return None; // two different people share the given name
                }
                if found.is_none_or(|f| self.count(m) > self.count(f)) {
                    found = Some(m);
                }
            }
        }
        found
            .filter(|f| self.count(f) >= self.count(name))
            .map(String::from)
    }

    /// A misspelt surname (`Ms Bauchtman` for Lydia Buchtmann): a person whose surname is
    /// within edit distance 2 of it (surnames of five letters or more, same initial).
    fn by_similar_surname(&self, last: &str) -> Option<String> {
        if last.chars().count() < 5 || !is_cap(last) {
            return None;
        }
        let mut best: Option<(usize, usize, &str)> = None; // (distance, -count, name)
        for m in self.people() {
            let Some(ml) = m.split_whitespace().last() else {
                continue;
            };
            if ml.chars().count() < 5 || ml.chars().next() != last.chars().next() {
                continue;
            }
            let Some(d) = edit_distance_within(ml, last, 2) else {
                continue;
            };
            let cand = (d, usize::MAX - self.count(m), m);
            if best.is_none_or(|b| (cand.0, cand.1) < (b.0, b.1)) {
                best = Some(cand);
            }
        }
        best.map(|b| b.2.to_string())
    }

    /// The last two- or three-word name mentioned before `pos`, resolved.
    fn last_person_before(&self, pos: usize) -> Option<String> {
        let end = self.mentions.partition_point(|(at, _)| *at < pos);
        self.mentions
            .get(..end)
            .unwrap_or_default()
            .iter()
            .rev()
            .filter(|(_, m)| (2..=3).contains(&m.split_whitespace().count()))
            .find(|(_, m)| {
                !m.split_whitespace()
                    .any(|w| ORG_WORD_SET.contains(&lower(w).as_str()))
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
            // Degrees after a name, in any spelling, are not part of it.
            (vec!["Rick", "Bright", "Ph.D."], Some("Rick Bright")),
            (
                vec!["George", "Sigounas", "MS", "Ph.D."],
                Some("George Sigounas"),
            ),
            (vec!["Jane", "Roe", "PhD"], Some("Jane Roe")),
            (vec!["Ann", "Lee", "M.D.", "Dr.P.H."], Some("Ann Lee")),
            (vec!["Luis", "Padilla", "M.D."], Some("Luis Padilla")),
            (vec!["HRSA", "Associate", "Administrator"], None),
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

#[cfg(test)]
mod verb_tests {
    use super::is_speech_verb;

    #[test]
    fn inflections_of_speech_verbs() {
        for w in [
            "said",
            "says",
            "added",
            "adding",
            "replied",
            "replies",
            "quipped",
            "labelled",
            "argued",
            "reasoned",
            "testified",
            "dubbed",
            "notes",
            "continued",
            "explains",
        ] {
            assert!(is_speech_verb(w), "{w}");
        }
        for w in [
            "state", "report", "reports", "posts", "the", "sad", "ad", "seed",
        ] {
            assert!(!is_speech_verb(w), "{w}");
        }
    }
}
