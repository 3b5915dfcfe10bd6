//! The names an article uses, and the resolution of a source to the fullest of them:
//! surnames (`Kirby` → `John Kirby`), given names, misspelt surnames, acronyms (`KCNA`),
//! roles (`the Secretary` → the person named with that title), the last person named
//! before a position, and the interviewee a headline names.

use rustc_hash::FxHashMap as HashMap;

use super::lexicon::{is_cap, is_function_word, is_of_head, is_org_word, is_title, lower};
use super::mentions::{
    bares, cap_runs_with, clean_name, modifies_next_name, person_tail, run_name, word, words, Word,
};
use super::Context;

/// The person an interview is with, from a headline such as `Wikinews interviews X`,
/// `X tells Wikinews about …`, `X: An interview with …`, `Interview with founder X`.
pub(super) fn interviewee(context: &Context<'_>, names: &Inventory<'_>) -> Option<String> {
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

/// The names an article uses, for resolving surnames and pronouns.
pub(super) struct Inventory<'a> {
    /// Every word of the body with the byte offset of its bare form.
    pub aligned: Vec<(usize, Word<'a>)>,
    /// The same words without their offsets.
    pub only: Vec<Word<'a>>,
    /// Runs of capitalised words not joined on `and` (word index ranges), with the name
    /// each one cleans to.
    pub plain: Vec<(usize, usize, Option<String>)>,
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
pub(super) fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
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

impl<'a> Inventory<'a> {
    pub(super) fn build(body: &'a str) -> Self {
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
                // The word's own offset, past any opening mark (`"Bob` is inside the quote).
                Some(x) => aligned.push((x.bare.as_ptr() as usize - body.as_ptr() as usize, x)),
                None => {
                    if let Some((_, prev)) = aligned.last_mut() {
                        prev.breaks_after = true;
                    }
                }
            }
        }
        let only: Vec<Word<'_>> = aligned.iter().map(|(_, w)| w.clone()).collect();
        let plain_runs = cap_runs_with(&only, false);
        let mut runs = cap_runs_with(&only, true);
        runs.extend(plain_runs.iter().copied());
        runs.sort_unstable();
        runs.dedup();
        let mut plain: Vec<(usize, usize, Option<String>)> =
            plain_runs.into_iter().map(|(s, e)| (s, e, None)).collect();
        let mut titled = Vec::new();
        for (s, e) in runs {
            let toks = bares(&only, s, e);
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
                if let Ok(k) = plain.binary_search_by(|p| (p.0, p.1).cmp(&(s, e))) {
                    if let Some(p) = plain.get_mut(k) {
                        p.2 = Some(name.clone());
                    }
                }
                mentions.push((at, name));
            }
        }
        let mut counts: HashMap<String, usize> = HashMap::default();
        let mut distinct = Vec::new();
        for (_, m) in &mentions {
            let c = counts.entry(m.clone()).or_default();
            if *c == 0 {
                distinct.push(m.clone());
            }
            *c += 1;
        }
        Inventory {
            aligned,
            only,
            plain,
            mentions,
            counts,
            distinct,
            titled,
            memo: std::cell::RefCell::new(HashMap::default()),
        }
    }

    /// The fullest name whose last word (or whole) matches `name`'s last word.
    pub(super) fn resolve(&self, name: &str) -> String {
        if let Some(done) = self.memo.borrow().get(name) {
            return done.clone();
        }
        let resolved = self.resolve_uncached(name);
        self.memo
            .borrow_mut()
            .insert(name.to_string(), resolved.clone());
        resolved
    }

    pub(super) fn resolve_uncached(&self, name: &str) -> String {
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
        let is_org = is_org_word(last);
        if is_org {
            return name.to_string();
        }
        // A capitalised verb before a surname (`Stated Stone.`, `Following Sanders`) is
        // no given name: such a run still resolves by its surname.
        let distinct_person = n_words >= 2
            && name.split_whitespace().next().is_some_and(|first| {
                let l = lower(first);
                !(l.len() > 4 && (l.ends_with("ed") || l.ends_with("ing")))
            });
        let mut best: Option<(usize, usize, &str)> = None; // (words, count, name)
        for m in &self.distinct {
            let mw: Vec<&str> = m.split_whitespace().collect();
            if mw.len() < n_words || mw.len() > 3 || mw.last() != Some(&last) {
                continue;
            }
            // `Christie and Trump` names two people, neither of them fully.
            if mw.iter().any(|w| is_org_word(w) || *w == "and") {
                continue;
            }
            // `Bill Clinton` is not `Hillary Clinton`: a name of two words or more
            // resolves only to a fuller form holding all its words in order
            // (`Donald J. Trump`).
            if distinct_person && !is_subsequence(name.split_whitespace(), &mw) {
                continue;
            }
            // `Republican Donald Trump` once against `Donald Trump` often: the longer
            // form only adds a description.
            let count = self.count(m);
            let described = mw.len() == 3
                && mw
                    .get(1..)
                    .map(|t| t.join(" "))
                    .is_some_and(|shorter| self.count(&shorter) >= count);
            if described {
                continue;
            }
            let cand = (mw.len(), count, m.as_str());
            if best.is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
                best = Some(cand);
            }
        }
        if let Some(b) = best.filter(|b| b.0 > n_words || n_words > 1) {
            return b.2.to_string();
        }
        // A full name with no fuller form is its own (`Brett P. Giroir` is not the
        // `P. Giroir` a run cut elsewhere).
        if distinct_person {
            return name.to_string();
        }
        self.by_first_name(name, n_words)
            .or_else(|| self.by_similar_surname(last))
            .unwrap_or_else(|| name.to_string())
    }

    /// The person the article most often names with `title` (`the Secretary` → the
    /// `Secretary Azar` of the article), resolved to the fullest name.
    pub(super) fn by_title(&self, title: &str) -> Option<String> {
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

    /// `the board`, `the Foundation`: the one organisation named before `before` whose
    /// name holds that head word (`Illinois Board of Elections`).
    pub(super) fn by_org_head(&self, source: &str, before: usize) -> Option<String> {
        let mut ws = source.split_whitespace();
        if ws.next().map(lower).as_deref() != Some("the") {
            return None;
        }
        let head = ws.next().map(lower).filter(|h| is_org_word(h))?;
        if ws.next().is_some() {
            return None;
        }
        let mut found = TheOne::default();
        for (s, _, clean) in &self.plain {
            if self.aligned.get(*s).is_none_or(|(at, _)| *at >= before) {
                break;
            }
            let Some(name) = clean.as_deref() else {
                continue;
            };
            let words: Vec<&str> = name.split_whitespace().collect();
            if words.len() < 2 || !words.iter().any(|w| lower(w) == head) {
                continue;
            }
            if !found.add(self.resolve(name)) {
                return None;
            }
        }
        found.0
    }

    pub(super) fn by_descriptor(&self, source: &str) -> Option<String> {
        self.by_modifier(source)
            .or_else(|| self.by_apposition(source))
            .or_else(|| self.by_role_words(source))
    }

    /// The one person the article names right before the descriptor, in apposition
    /// (`Gordon Brown, the Chancellor,` for `the Chancellor`).
    fn by_apposition(&self, source: &str) -> Option<String> {
        let want: Vec<String> = source.split_whitespace().map(lower).collect();
        let (first, n) = (want.first()?, want.len());
        let mut found = TheOne::default();
        for (i, w) in self.only.iter().enumerate() {
            if lower(w.bare) != *first || i == 0 {
                continue;
            }
            let same = self.only.get(i..i + n).is_some_and(|ws| {
                ws.iter()
                    .zip(&want)
                    .all(|(w, x)| lower(w.bare.trim_end_matches([',', '.'])) == *x)
            });
            let after_comma = self.only.get(i - 1).is_some_and(|p| p.breaks_after);
            if !(same && after_comma) {
                continue;
            }
            let k = self.plain.partition_point(|p| p.1 < i);
            let Some(name) = self
                .plain
                .get(k)
                .filter(|p| p.1 == i)
                .and_then(|p| p.2.as_deref())
                .filter(|n| (2..=3).contains(&n.split_whitespace().count()))
            else {
                continue;
            };
            if !found.add(self.resolve(name)) {
                return None;
            }
        }
        found.0
    }

    /// The one person the article introduces with the capitalised modifier of a descriptor
    /// (`the Warriors chief` → `Warriors coach Tony Smith`, `Microsoft Chairman Bill
    /// Gates`): a two- or three-word name at most four words after the modifier, with
    /// only descriptor words between. Two different people: nobody.
    fn by_modifier(&self, source: &str) -> Option<String> {
        let mut found = TheOne::default();
        let modifiers = source
            .split_whitespace()
            // A sentence-opening `The` is no modifier.
            .filter(|w| is_cap(w) && !is_function_word(&lower(w)) && !is_title(w));
        for m in modifiers {
            for (i, w) in self.only.iter().enumerate() {
                if w.bare != m {
                    continue;
                }
                let from = self.plain.partition_point(|p| p.0 < i);
                let runs = self.plain.get(from..).unwrap_or_default();
                for (s, e, name) in runs.iter().take_while(|p| p.0 <= i + 4) {
                    let Some(name) = name.as_deref().filter(|n| !n.contains(m)) else {
                        continue;
                    };
                    // The modifier opens the run (`Microsoft Chief Executive …`) or only
                    // descriptor words lie between (`Warriors coach Tony Smith`).
                    let introduced = *s == i || (*s > i && modifies_next_name(&self.only, i + 1));
                    let n = name.split_whitespace().count();
                    let person = (2..=3).contains(&n) && !name.split_whitespace().any(is_org_word);
                    if !(introduced && person) || *e <= *s {
                        continue;
                    }
                    if !found.add(self.resolve(name)) {
                        return None;
                    }
                    break;
                }
            }
        }
        found.0
    }

    /// How often the article uses exactly this name.
    pub(super) fn count(&self, name: &str) -> usize {
        self.counts.get(name).copied().unwrap_or(0)
    }

    /// People named in the article: two- or three-word names without institution words.
    pub(super) fn people(&self) -> impl Iterator<Item = &str> {
        self.distinct.iter().map(String::as_str).filter(|m| {
            let n = m.split_whitespace().count();
            (2..=3).contains(&n)
                && !m
                    .split_whitespace()
                    .any(|w| is_org_word(w) || is_of_head(w) || w == "of")
        })
    }

    /// A bare given name (`Thomas`) standing for the one person the article names with it.
    pub(super) fn by_first_name(&self, name: &str, n_words: usize) -> Option<String> {
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
    pub(super) fn by_similar_surname(&self, last: &str) -> Option<String> {
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
    pub(super) fn last_person_before(&self, pos: usize) -> Option<String> {
        let end = self.mentions.partition_point(|(at, _)| *at < pos);
        self.mentions
            .get(..end)
            .unwrap_or_default()
            .iter()
            .rev()
            .filter(|(_, m)| (2..=3).contains(&m.split_whitespace().count()))
            .find(|(_, m)| !m.split_whitespace().any(is_org_word))
            .map(|(_, m)| self.resolve(m))
    }
}

/// The one entity every name found so far resolves to.
#[derive(Default)]
struct TheOne(Option<String>);

impl TheOne {
    /// Records `full`; false when it differs from an earlier one (then there is no one).
    fn add(&mut self, full: String) -> bool {
        if self.0.as_ref().is_some_and(|f| *f != full) {
            return false;
        }
        self.0 = Some(full);
        true
    }
}

/// Whether every word of `part` occurs in `whole`, in order.
fn is_subsequence<'a>(part: impl Iterator<Item = &'a str>, whole: &[&str]) -> bool {
    let mut rest = whole.iter();
    let mut part = part;
    part.all(|w| rest.any(|m| *m == w))
}

mod roles;
#[cfg(test)]
mod tests;
