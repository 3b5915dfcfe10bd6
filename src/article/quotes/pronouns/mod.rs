//! Who `he` or `she` refers to when it is the source of a quotation (`"…," he said`).
//!
//! A simplified Hobbs-style search over the article's people: walk back sentence by sentence
//! from the quotation (at most [`WINDOW`] sentences) and take, in the nearest sentence that
//! has one, the leftmost person of a compatible gender — a subject is usually leftmost, and
//! objects of prepositions and possessives (`in Trump's campaign`) only count when nothing
//! else does. Quoted text is skipped (people named inside a quotation are not what a
//! narrator's pronoun points at), and the speakers of earlier quotations count as mentions
//! where their quotation stands (`"…," he said. "…," he added` keeps one speaker).
//!
//! People are the article's names that behave like people: a name of two or three words
//! with no institution word, all-capital word or place-like use, backed by some evidence —
//! its surname used alone elsewhere, a title or age before it, a verb after it — or any
//! name that is the subject of a verb of saying. Gender comes from titles and gendered
//! nouns next to a mention (`Mrs`, `spokeswoman`) and from the pronouns that follow a
//! mention in sentences naming only that person; unknown gender matches either pronoun.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::given_names::gender_of_given_name;
use super::lexicon::{
    gender_of_word, is_cap, is_finite_verb, is_function_word, is_of_head, is_org_word, is_pronoun,
    is_title, lower,
};
use super::mentions::{bares, is_verb, modifies_next_name, Gender, Word};
use super::names::Inventory;
use super::sentences::sentence_end;
use super::spans::{Para, Span};

mod ranker;

/// One mention of a person outside quotations.
#[derive(Debug, Clone)]
struct Mention {
    at: usize,
    sentence: usize,
    /// The fullest name of the person.
    name: String,
    /// Object of a preposition or a possessive: a weaker antecedent.
    oblique: bool,
    /// Next to a verb of saying (`Kirby said`, `said Kirby`).
    speaks: bool,
    /// Opens its sentence (after function words and titles only): its subject.
    opens: bool,
}

/// The people of an article and where each is mentioned, for resolving pronouns.
pub(super) struct Referents {
    /// Start offset of every sentence, in body order.
    sentences: Vec<usize>,
    /// The paragraph of each sentence.
    sentence_para: Vec<usize>,
    mentions: Vec<Mention>,
    /// Speakers of quotations already attributed, as mentions at their quotation.
    speakers: Vec<Mention>,
    genders: HashMap<String, Gender>,
    /// The capitalised words inside each quoted span, by the span's opening offset: a
    /// person named inside a quotation is seldom the one saying it.
    quote_caps: Vec<(usize, usize, Vec<String>)>,
}

/// Whether an offset lies inside one of the quoted spans (sorted by start).
fn quoted(spans: &[Span], at: usize) -> bool {
    let k = spans.partition_point(|s| s.start <= at);
    k.checked_sub(1)
        .and_then(|i| spans.get(i))
        .is_some_and(|s| at < s.end)
}

/// Words that make the capitalised run after them the object of a preposition.
fn is_preposition(w: &str) -> bool {
    matches!(
        lower(w).as_str(),
        "in" | "at"
            | "to"
            | "with"
            | "by"
            | "for"
            | "from"
            | "of"
            | "on"
            | "about"
            | "against"
            | "over"
            | "than"
            | "like"
            | "between"
            | "into"
            | "toward"
            | "towards"
            | "under"
            | "via"
    )
}

/// Prepositions of place: a name after them is a place more often than a person.
fn is_locative(w: &str) -> bool {
    matches!(
        lower(w).as_str(),
        "in" | "at" | "from" | "across" | "near" | "outside" | "throughout" | "inside"
    )
}

/// A word after a name that makes the name a subject (`Rubio co-sponsored`, `Lee will`).
fn verb_like(w: &str) -> bool {
    is_finite_verb(w) || matches!(w, "will" | "would" | "can" | "could" | "also" | "who")
}

/// Whether a resolved name looks like a person's: one to three words, none of them an
/// institution word, an all-capital word (`GOP`, `WASHINGTON`) or a title.
fn person_shaped(name: &str) -> bool {
    let parts: Vec<&str> = name.split_whitespace().collect();
    (1..=3).contains(&parts.len())
        && parts.iter().all(|w| {
            w.chars().any(char::is_lowercase)
                && !is_org_word(w)
                && !is_of_head(w)
                && !is_title(w)
                && !w.ends_with("-based")
                && *w != "of"
        })
}

impl Referents {
    /// Finds the people of `body` outside the quoted `spans`.
    pub(super) fn build(
        body: &str,
        paras: &[Para],
        spans: &[Span],
        names: &Inventory,
    ) -> Referents {
        let mut sentences = Vec::new();
        let mut sentence_para = Vec::new();
        for (k, p) in paras.iter().enumerate() {
            let mut from = p.start;
            while from < p.end {
                sentences.push(from);
                sentence_para.push(k);
                let end = sentence_end(body, from, p.end).max(from + 1);
                from = end;
                while from < p.end && !body.is_char_boundary(from) {
                    from += 1;
                }
            }
        }
        let aligned = &names.aligned;
        let only = &names.only;
        let runs = &names.plain;
        // Surnames the article uses on their own (`Rubio`): people are called that way,
        // places and organisations rarely by their last word.
        let singles: HashSet<&str> = runs
            .iter()
            .filter(|(s, e, _)| e - s == 1)
            .filter_map(|&(s, _, _)| only.get(s))
            .map(|w| w.bare.trim_end_matches("'s").trim_end_matches("’s"))
            .collect();
        let mut mentions = Vec::new();
        let mut votes: HashMap<String, i32> = HashMap::default();
        // (mentions after a locative preposition, all mentions) of each name.
        let mut places: HashMap<String, (usize, usize)> = HashMap::default();
        for (s, e, clean) in runs {
            let (s, e) = (*s, *e);
            let Some(&(at, _)) = aligned.get(s) else {
                continue;
            };
            // Most one-word runs are a capitalised sentence opener (`The`, `But`): no name.
            let lone_opener = e - s == 1 && only.get(s).is_some_and(|w| is_function_word(w.bare));
            if lone_opener || quoted(spans, at) || modifies_next_name(only, e) {
                continue;
            }
            let toks = bares(only, s, e);
            // A person's name takes no article: `the Tories`, `The Guardian` are groups and
            // titles (`the Rev. Jesse Jackson` keeps its title); after `a` or a possessive
            // the words modify a noun (`a June Trump campaign event`, `her New Year speech`).
            let the = |w: &str| lower(w) == "the";
            let determiner = |w: &str| {
                matches!(
                    lower(w).as_str(),
                    "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our" | "my" | "your"
                )
            };
            let article = s
                .checked_sub(1)
                .and_then(|i| only.get(i))
                .is_some_and(|p| determiner(p.bare) && !p.breaks_after)
                || toks.first().is_some_and(|t| the(t));
            if article && !toks.iter().any(|t| is_title(t)) {
                continue;
            }
            let Some(clean) = clean else {
                continue;
            };
            let name = names.resolve(clean);
            if !person_shaped(&name) {
                continue;
            }
            let prev = s.checked_sub(1).and_then(|i| only.get(i));
            let tally = places.entry(name.clone()).or_default();
            tally.1 += 1;
            if prev.is_some_and(|p| is_locative(p.bare))
                || toks.first().is_some_and(|t| is_locative(t))
            {
                tally.0 += 1;
            }
            let next = only.get(e);
            let n_words = name.split_whitespace().count();
            let surname_used = name
                .split_whitespace()
                .last()
                .is_some_and(|l| singles.contains(l));
            let titled = toks.iter().any(|t| is_title(t))
                || prev.is_some_and(|p| p.bare.ends_with("-year-old") || is_title(p.bare));
            let followed_by_verb = next.is_some_and(|n| verb_like(n.bare));
            // `Kirby said`, `said Kirby`: whoever speaks is somebody. After a verb with its
            // subject before it (`Kennedy wrote Linick`, `he told Hewitt`) a name is the
            // object, spoken to rather than speaking.
            // A verb ending the sentence before (`… Priebus said. Chris Christie`) takes no
            // object there.
            let object = prev.is_some_and(|p| is_verb(p) && !p.breaks_after)
                && s.checked_sub(2).and_then(|i| only.get(i)).is_some_and(|w| {
                    !w.breaks_after && !w.closes_quote && (is_cap(w.bare) || is_pronoun(w.bare))
                });
            let speaks = next.is_some_and(is_verb) || (prev.is_some_and(is_verb) && !object);
            let sentence = sentences.partition_point(|&st| st <= at).saturating_sub(1);
            // A name opening its sentence is its subject (`Harry Kane won the award.`).
            let opens_sentence = sentences.get(sentence).is_some_and(|&st| {
                body.get(st..at).is_some_and(|t| {
                    t.split_whitespace()
                        .all(|w| is_function_word(w.trim_matches(|c: char| !c.is_alphanumeric())))
                })
            });
            let evidence = speaks
                || (n_words >= 2 && (surname_used || titled || followed_by_verb || opens_sentence));
            if !evidence {
                continue;
            }
            let possessive = toks
                .last()
                .is_some_and(|t| t.ends_with("'s") || t.ends_with("’s"));
            // `Of Sanders, …`: a capitalised preposition opens the run itself.
            let oblique = possessive
                || object
                || prev.is_some_and(|p| is_preposition(p.bare))
                || toks.first().is_some_and(|t| is_preposition(t));
            // A given name marks its bearer's gender (`Hillary Clinton`, not `Bill Clinton`).
            if n_words >= 2 {
                match name
                    .split_whitespace()
                    .next()
                    .and_then(gender_of_given_name)
                {
                    Some(Gender::Male) => *votes.entry(name.clone()).or_default() += 3,
                    Some(Gender::Female) => *votes.entry(name.clone()).or_default() -= 3,
                    _ => {}
                }
            }
            // Gendered titles and nouns inside or just before the mention.
            let before = s.saturating_sub(2);
            for w in only.get(before..e).unwrap_or_default() {
                match gender_of_word(w.bare) {
                    Some(Gender::Male) => *votes.entry(name.clone()).or_default() += 2,
                    Some(Gender::Female) => *votes.entry(name.clone()).or_default() -= 2,
                    _ => {}
                }
            }
            mentions.push(Mention {
                at,
                sentence,
                name,
                oblique,
                speaks,
                opens: opens_sentence,
            });
        }
        // A name mostly written after `in`, `at`, `from` is a place (`in Clarkston`).
        mentions.retain(|m| places.get(&m.name).is_none_or(|&(loc, all)| loc * 2 <= all));
        vote_pronouns(aligned, spans, &sentences, &mentions, &mut votes);
        let genders = votes
            .into_iter()
            .filter(|(_, v)| *v != 0)
            .map(|(n, v)| (n, if v > 0 { Gender::Male } else { Gender::Female }))
            .collect();
        let quote_caps = spans
            .iter()
            .map(|sp| {
                let text = body.get(sp.start..sp.end).unwrap_or_default();
                let caps = text
                    .split_whitespace()
                    .map(|w| {
                        w.trim_matches(|c: char| !c.is_alphanumeric())
                            .trim_end_matches("'s")
                            .trim_end_matches("’s")
                    })
                    .filter(|w| w.starts_with(char::is_uppercase))
                    .map(str::to_string)
                    .collect();
                (sp.open, sp.end, caps)
            })
            .collect();
        Referents {
            sentences,
            sentence_para,
            mentions,
            speakers: Vec::new(),
            genders,
            quote_caps,
        }
    }

    /// Records that the quotation opening at `at` is by `name`.
    pub(super) fn note_speaker(&mut self, at: usize, name: &str) {
        let sentence = self.sentence_of(at);
        self.speakers.push(Mention {
            at,
            sentence,
            name: name.to_string(),
            oblique: false,
            speaks: true,
            opens: false,
        });
    }

    fn sentence_of(&self, at: usize) -> usize {
        self.sentences
            .partition_point(|&st| st <= at)
            .saturating_sub(1)
    }

    /// Whether the quotation at `at` (its opening mark or inside it) names `name` (its
    /// last word) inside it.
    fn named_in_quote(&self, at: usize, name: &str) -> bool {
        let Some(last) = name.split_whitespace().last() else {
            return false;
        };
        let k = self.quote_caps.partition_point(|(open, _, _)| *open <= at);
        k.checked_sub(1)
            .and_then(|i| self.quote_caps.get(i))
            .filter(|(_, end, _)| at < *end)
            .is_some_and(|(_, _, caps)| caps.iter().any(|c| c == last))
    }

    fn compatible(&self, name: &str, gender: Gender) -> bool {
        if gender == Gender::Other {
            return true;
        }
        match self.genders.get(name) {
            Some(g) => *g == gender,
            None => true,
        }
    }

    /// The person a `he`/`she` (`gender`) attributing the quotation at `at` refers to.
    pub(super) fn resolve(&self, at: usize, gender: Gender) -> Option<String> {
        // `Christie acknowledged it even as he defended her, saying "…"`: a pronoun inside
        // a sentence whose subject opened it refers to that subject.
        let here = self.sentence_of(at);
        let lo = self.mentions.partition_point(|m| m.sentence < here);
        let subject = self
            .mentions
            .get(lo..)
            .unwrap_or_default()
            .iter()
            .take_while(|m| m.sentence == here && m.at < at)
            .find(|m| m.opens && !m.oblique);
        if let Some(m) = subject.filter(|m| self.compatible(&m.name, gender)) {
            return Some(m.name.clone());
        }
        self.rank(at, gender)
    }

    /// The subject of the sentences just before `at` (at most `window` back), whatever
    /// its gender: who a bare quotation paragraph after them is by.
    pub(super) fn recent_subject(&self, at: usize, window: usize) -> Option<String> {
        self.resolve_within(at, Gender::Other, window)
    }

    fn resolve_within(&self, at: usize, gender: Gender, window: usize) -> Option<String> {
        let here = self.sentence_of(at);
        // The speaker of a quotation in this sentence or the one before keeps the floor
        // (`"…," Kirby said. "…," he added`), ahead of people merely named there.
        let floor = self
            .speakers
            .iter()
            .rev()
            .find(|m| m.at < at && m.sentence + 1 >= here && self.compatible(&m.name, gender));
        if let Some(m) = floor {
            return Some(m.name.clone());
        }
        for k in (here.saturating_sub(window)..=here).rev() {
            let in_sentence =
                |m: &&Mention| m.sentence == k && m.at < at && self.compatible(&m.name, gender);
            let lo = self.mentions.partition_point(|m| m.sentence < k);
            let named = self.mentions.get(lo..).unwrap_or_default();
            let mut cands: Vec<&Mention> = named
                .iter()
                .take_while(|m| m.sentence == k)
                .filter(in_sentence)
                .chain(self.speakers.iter().filter(in_sentence))
                .collect();
            if cands.is_empty() {
                continue;
            }
            cands.sort_by_key(|m| (m.oblique, m.at));
            return cands.first().map(|m| m.name.clone());
        }
        None
    }
}

/// Votes for each person's gender from the pronouns that follow the subject of a sentence
/// (its leftmost direct mention) in the rest of that sentence and at the start of the next
/// (`Sanders said his …`, `Sanders spoke. He …`): a subject is what a later pronoun most
/// often refers to, so the majority over an article is a fair guess.
fn vote_pronouns(
    aligned: &[(usize, Word<'_>)],
    spans: &[Span],
    sentences: &[usize],
    mentions: &[Mention],
    votes: &mut HashMap<String, i32>,
) {
    let mut k = 0;
    while k < mentions.len() {
        let Some(first) = mentions.get(k) else {
            break;
        };
        let same: Vec<&Mention> = mentions
            .get(k..)
            .unwrap_or_default()
            .iter()
            .take_while(|m| m.sentence == first.sentence)
            .collect();
        k += same.len().max(1);
        let Some(subject) = same.iter().find(|m| !m.oblique) else {
            continue;
        };
        // Pronouns after another person's mention may be theirs: stop there.
        let stop = same
            .iter()
            .find(|m| m.at > subject.at && m.name != subject.name)
            .map_or(usize::MAX, |m| m.at);
        let end = sentences
            .get(subject.sentence + 1)
            .copied()
            .unwrap_or(usize::MAX);
        let from = aligned.partition_point(|(at, _)| *at <= subject.at);
        for (at, w) in aligned.get(from..).unwrap_or_default() {
            if *at >= stop && *at < end {
                continue;
            }
            let opens_next = *at >= end;
            if !quoted(spans, *at) {
                match Gender::of_pronoun(w.bare) {
                    Some(Gender::Male) => *votes.entry(subject.name.clone()).or_default() += 1,
                    Some(Gender::Female) => *votes.entry(subject.name.clone()).or_default() -= 1,
                    _ => {}
                }
            }
            if opens_next {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests;
