//! The words attribution and the text formats know: verbs of saying, titles, function
//! words, organisation head words, name particles, wire agencies.
//!
//! One place for every word list, so a list grows once and is shared (`text.rs` uses the
//! particles and agencies for bylines). Lists are written as space-separated words and
//! looked up through hash sets: they are consulted for nearly every word of every article
//! with a quotation, where a linear scan of a hundred strings shows in profiles.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::mentions::Gender;

/// Verbs of saying, calling and writing, as base forms; [`is_speech_verb`] accepts their
/// regular inflections (`-s`, `-ed`, `-ing`, with `e`-drop, `y`→`i` and doubled consonants).
const SPEECH_VERBS: &str = "\
    add affirm agree announce answer argue ask assert believe boast brand call caution claim \
    comment complain concede conclude confirm contend continue counter criticise criticize \
    declare deny describe dub emphasise emphasize exclaim explain insist joke label lament \
    maintain mention note observe plead post praise predict proclaim promise quip reason \
    recall recount reiterate remark reply report respond retort say state stress suggest \
    testify tweet underline underscore urge vow warn \
";

/// Verbs that frame someone's words without being verbs of saying: judging, thanking,
/// accusing (`accused the governor of being "utterly reckless"`, `hailed the budget
/// as a "turning point"`). A quoted fragment after one is likely the subject's wording.
const STANCE_VERBS: &str = "\
    accuse acknowledge admit applaud attack bash berate blame blast cast characterise \
    characterize charge chide cite condemn credit decry deem defend demand denounce deride \
    dismiss disparage embrace endorse hail insult lash mock pledge portray question ridicule \
    reject scold slam tout thank threaten vilify welcome \
";

/// Base forms that are also common nouns (`a state`, `the report`): only their inflected
/// forms count as verbs.
const NOUN_LIKE_BASES: &str = "\
    answer brand call caution claim comment counter joke label note post praise promise reason \
    recall remark reply report state stress tweet vow \
";

/// Irregular forms and other words that introduce speech.
const SPEECH_WORDS: &str = "\
    said says told tells telling wrote writes write writing written thinks thought read reads \
    spoke according statement dijo afirmó declaró explicó señaló agregó añadió indicó dit \
    déclaré affirmé sagte erklärte \
";

/// Titles, offices and occupations printed before a name (`Secretary Azar`, `poet
/// Frank Messina`); dropped from speakers' names.
const TITLES: &str = "\
    former mr mrs ms miss dr prof professor secretary sen senator rep representative president \
    ambassador justice judge gov governor mayor chancellor minister premier commissioner \
    administrator director deputy chief general gen col colonel capt captain sgt sergeant lt \
    officer spokesman spokeswoman spokesperson chairman chairwoman chair ceo sir dame lord \
    lady king queen prince princess pope father rev reverend bishop archbishop detective \
    inspector constable superintendent coach manager founder co-founder editor correspondent \
    surgeon major admiral member coordinator adviser advisor counsel attorney vice assistant \
    associate acting principal head leader author owner analyst physicist scientist astronaut \
    poet critic biologist researcher economist historian lawyer \
    activist expert doctor curator writer poet artist actor actress singer photographer \
    journalist reporter official engineer psychologist physician nurse pilot novelist \
    columnist blogger chef \
";

/// Capitalised words that begin sentences but are not names.
const FUNCTION_WORDS: &str = "\
    the a an but and or in on at for when while after before yesterday today tomorrow however \
    also this that these those it he she we they his her their our its if as according during \
    since with from by to of last next on meanwhile earlier later then now so speaking asked \
    in i my us there here what who why how where both all some many most one two several \
    between among unlike like against about through despite without within although \
    though because unless whereas until \
";

/// Head words of organisations: a name ending in one is an institution, not a person.
const ORG_WORDS: &str = "\
    agency office department ministry times news herald post council committee association \
    institute university commission service services center centers centre centres foundation \
    inc corp company group organization organisation party court government police \
    administration journal bank network board house force \
";

/// Pronouns that can be the subject of a verb of saying.
const PRONOUNS: &str = "he she they it we i me";

/// Lowercase words that never start a name but may be capitalised at a sentence start.
const NOT_NOUNS_AFTER_QUOTE: &str = "\
    a an the and or but nor so yet that which who whom whose when where while because if than \
    as to of in on at by for from with without into about over under after before since until \
    is are was were be been being has have had do does did will would can could should may \
    might must not it he she they we i you this these those his her their its our my your \
    yesterday today tomorrow now then again also too instead said says etc \
";

/// Small words that stay lowercase in a title (`Scientology vs. the Internet`).
const TITLE_SMALL_WORDS: &str = "a an the of and or for from with in on at to by into as vs";

/// Words before a quotation mark that introduce a name or a label, not speech.
pub(crate) const NAMING_CUES: &[&str] = &[
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

/// Wire agencies printed after a byline (`Jane Roe, Reuters`).
pub(crate) const AGENCIES: &[&str] = &[
    "Reuters",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "UPI",
    "Bloomberg",
];

/// Titles and nouns next to a name that say a person is a man or a woman.
const MALE_WORDS: &str = "\
    mr sir lord king prince duke spokesman chairman congressman businessman husband father \
    son brother grandfather uncle nephew widower boyfriend man boy gentleman \
";
const FEMALE_WORDS: &str = "\
    mrs ms miss madam dame lady queen princess duchess spokeswoman chairwoman congresswoman \
    businesswoman actress wife mother daughter sister grandmother aunt niece widow \
    girlfriend woman girl \
";

/// Nouns for an organisation's voice: its documents and its unnamed spokespeople.
const VOICE_NOUNS: &str = "\
    statement statements letter report release memo document filing communique \
    announcement email website tweet post account spokesman spokeswoman spokesperson \
    spokespeople representative campaign office \
";

/// Irregular finite verbs that follow a subject (`Trump told`, `Clinton was`).
const IRREGULAR_FINITE: &str = "\
    said told made gave took went came met spoke wrote saw held left sent found thought felt \
    kept put led stood began won lost heard knew brought did had was were is are has \
";

type WordSet = LazyLock<FxHashSet<&'static str>>;

fn set(words: &'static str) -> FxHashSet<&'static str> {
    words.split_whitespace().collect()
}

static SPEECH_VERB_SET: WordSet = LazyLock::new(|| set(SPEECH_VERBS));
static STANCE_VERB_SET: WordSet = LazyLock::new(|| set(STANCE_VERBS));
static NOUN_LIKE_BASE_SET: WordSet = LazyLock::new(|| set(NOUN_LIKE_BASES));
static SPEECH_WORD_SET: WordSet = LazyLock::new(|| set(SPEECH_WORDS));
static TITLE_SET: WordSet = LazyLock::new(|| set(TITLES));
/// Function words, and weekday names (`Monday Kirby said`), from [`super::super::dates::WEEKDAYS`].
static FUNCTION_WORD_SET: WordSet = LazyLock::new(|| {
    let mut s = set(FUNCTION_WORDS);
    s.extend(super::super::dates::WEEKDAYS.iter().copied());
    s
});
static ORG_WORD_SET: WordSet = LazyLock::new(|| set(ORG_WORDS));
static MALE_WORD_SET: WordSet = LazyLock::new(|| set(MALE_WORDS));
static FEMALE_WORD_SET: WordSet = LazyLock::new(|| set(FEMALE_WORDS));
static VOICE_NOUN_SET: WordSet = LazyLock::new(|| set(VOICE_NOUNS));
static IRREGULAR_FINITE_SET: WordSet = LazyLock::new(|| set(IRREGULAR_FINITE));
static PRONOUN_SET: WordSet = LazyLock::new(|| set(PRONOUNS));
static NOT_NOUN_SET: WordSet = LazyLock::new(|| set(NOT_NOUNS_AFTER_QUOTE));
static TITLE_SMALL_SET: WordSet = LazyLock::new(|| set(TITLE_SMALL_WORDS));

/// Whether `w`, lowercased and without a trailing dot, is in `set`; words already in lower
/// case (most of running text) are looked up without allocating.
fn in_set(set: &FxHashSet<&'static str>, w: &str) -> bool {
    let t = w.trim_end_matches('.');
    if !t.chars().any(char::is_uppercase) {
        return set.contains(t);
    }
    // Capitalised ASCII words (names, sentence openers) are lowered on the stack.
    let mut buf = [0u8; 24];
    if t.is_ascii() {
        if let Some(dst) = buf.get_mut(..t.len()) {
            dst.copy_from_slice(t.as_bytes());
            dst.make_ascii_lowercase();
            return std::str::from_utf8(dst).is_ok_and(|l| set.contains(l));
        }
    }
    set.contains(t.to_lowercase().as_str())
}

/// A word in lower case, without a trailing abbreviation dot.
pub(crate) fn lower(w: &str) -> String {
    w.trim_end_matches('.').to_lowercase()
}

/// Whether a lowercase word is a verb of saying (any regular inflection of [`SPEECH_VERBS`]).
pub(crate) fn is_speech_verb(w: &str) -> bool {
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

/// Whether a lowercase word is an inflection of one of [`STANCE_VERBS`] (`accused`,
/// `hails`, `dismissing`). Base forms do not count: many are also nouns (`a question`,
/// `the attack`, `a charge`).
pub(crate) fn is_stance_verb(w: &str) -> bool {
    ["s", "es", "d", "ed", "ing"].iter().any(|suffix| {
        w.strip_suffix(suffix).is_some_and(|stem| {
            stem.len() >= 3
                && (STANCE_VERB_SET.contains(stem)
                    || STANCE_VERB_SET.contains(format!("{stem}e").as_str())
                    || (stem.ends_with('i')
                        && STANCE_VERB_SET.contains(
                            format!("{}y", stem.get(..stem.len() - 1).unwrap_or_default()).as_str(),
                        )))
        })
    })
}

/// Whether a word is capitalised like a name, counting Arabic and other particles joined
/// by a hyphen (`al-Amr`, `el-Sisi`, `bin-Salman`).
pub(crate) fn is_cap(w: &str) -> bool {
    if w.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    w.split_once('-').is_some_and(|(p, rest)| {
        matches!(
            p,
            "al" | "el" | "ad" | "ar" | "as" | "bin" | "ibn" | "abu" | "ben"
        ) && rest.chars().next().is_some_and(char::is_uppercase)
    })
}

pub(crate) fn is_pronoun(w: &str) -> bool {
    in_set(&PRONOUN_SET, w)
}

/// Lowercase particles inside a name (`Ursula von der Leyen`, `Mohammed bin Salman`).
pub(crate) fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "van"
            | "von"
            | "der"
            | "den"
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
pub(crate) fn is_title_abbrev(w: &str) -> bool {
    if w.len() > 5 {
        return false;
    }
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

/// Institution words that take an `of` complement as part of their name.
pub(crate) fn is_of_head(t: &str) -> bool {
    if t.len() < 4 || t.len() > 14 {
        return false;
    }
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

pub(crate) fn is_title(t: &str) -> bool {
    in_set(&TITLE_SET, t)
}

/// A degree printed after a name in mixed case (`Ph.D.`, `PhD`, `Dr.P.H.`, `Pharm.D.`);
/// upper-case ones (`MD`, `M.D.`, `MPH`) are acronyms already.
pub(crate) fn is_degree(t: &str) -> bool {
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

pub(crate) fn is_org_word(t: &str) -> bool {
    in_set(&ORG_WORD_SET, t)
}

/// Capitalised words that open sentences but are not names (`However`, `Monday`).
pub(crate) fn is_function_word(t: &str) -> bool {
    in_set(&FUNCTION_WORD_SET, t)
}

/// The gender a title or a noun next to a name gives its holder (`Mrs`, `spokeswoman`).
pub(super) fn gender_of_word(w: &str) -> Option<Gender> {
    if in_set(&MALE_WORD_SET, w) {
        Some(Gender::Male)
    } else if in_set(&FEMALE_WORD_SET, w) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// A noun for an organisation's voice (`statement`, `spokeswoman`): `the Home Office letter`
/// is the Home Office speaking.
pub(crate) fn is_voice_noun(t: &str) -> bool {
    in_set(&VOICE_NOUN_SET, t)
}

/// A lowercase word that reads as a finite verb after its subject: `-ed`, a third-person
/// `-s`, or an irregular form (`Rubio co-sponsored`, `the Secretary expressed`, `X told`).
pub(crate) fn is_finite_verb(w: &str) -> bool {
    !is_cap(w)
        && (w.ends_with("ed")
            || (w.ends_with('s') && !w.ends_with("ss"))
            || IRREGULAR_FINITE_SET.contains(w))
}

/// A lowercase word that cannot be a noun modified by the quoted words before it.
pub(crate) fn is_not_noun(t: &str) -> bool {
    NOT_NOUN_SET.contains(t)
}

/// A word a title leaves in lower case.
pub(crate) fn is_title_small_word(t: &str) -> bool {
    in_set(&TITLE_SMALL_SET, t)
}
#[cfg(test)]
mod tests {
    use super::{is_speech_verb, is_title};

    #[test]
    fn titles_are_offices_not_names() {
        for (w, want) in [
            ("critic", true),
            ("Poet", true),
            ("Secretary", true),
            ("Frank", false),
            ("Ann", false),
            ("Lee", false),
            ("Messina", false),
        ] {
            assert_eq!(is_title(w), want, "{w}");
        }
    }

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

    #[test]
    fn stance_verbs_and_their_inflections() {
        use super::is_stance_verb;
        for w in [
            "accused",
            "hails",
            "dismissing",
            "decried",
            "characterized",
            "casting",
        ] {
            assert!(is_stance_verb(w), "{w}");
        }
        // Base forms are often nouns (`a question`); other words are not verbs of judging.
        for w in ["accusation", "said", "the", "question", "castle"] {
            assert!(!is_stance_verb(w), "{w}");
        }
    }

    #[test]
    fn words_that_describe_people_and_organisations() {
        use super::{gender_of_word, is_voice_noun, Gender};
        let gendered = [
            ("Mrs", Some(Gender::Female)),
            ("spokeswoman", Some(Gender::Female)),
            ("Mr.", Some(Gender::Male)),
            ("chairman", Some(Gender::Male)),
            ("senator", None),
        ];
        for (w, want) in gendered {
            assert_eq!(gender_of_word(w), want, "{w}");
        }
        for (w, want) in [("statement", true), ("spokesman", true), ("chief", false)] {
            assert_eq!(is_voice_noun(w), want, "{w}");
        }
    }
}
