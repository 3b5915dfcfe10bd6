//! Ranks the people a `he`/`she` attributing a quotation may refer to with a small linear
//! model, instead of a fixed order of rules.
//!
//! Every person mentioned (or quoted) in the sentences before the quotation — at most
//! [`WINDOW`] back, the whole article before it when nobody is named there — is a
//! candidate unless their known gender contradicts the pronoun. Each candidate is described
//! by a few general features (how far back and how recently they were last named, whether
//! as a sentence's subject or only after a preposition, whether they spoke the quotation
//! just before, gender agreement, how often the article names them) and the one with the
//! highest weighted sum wins.
//!
//! The weights live in `weights.tsv` next to this file, one `feature<TAB>weight` a line.
//! They were fitted by `scripts/quotes/train_ranker.py` (a conditional logit, pure Python)
//! on part of PolNeAR's training split, from the candidates the ignored test
//! `export_pronoun_candidates` writes; no article text is stored, only the weights.

use std::sync::LazyLock;

use super::{Gender, Mention, Referents};

/// Below this probability the best candidate is left out: on PolNeAR train it drops
/// 3 of the ranker's wrong answers and none of its right ones.
const MIN_PROBABILITY: f32 = 0.3;

/// How many sentences back a pronoun's referent may be named.
pub(super) const WINDOW: usize = 8;

/// The features, in the order of a candidate's feature vector and of `weights.tsv`.
pub(crate) const FEATURES: [&str; 24] = [
    "dist0",
    "dist1",
    "dist2",
    "dist3_4",
    "dist5_plus",
    "rank0",
    "rank1",
    "rank2",
    "subject",
    "oblique_only",
    "floor",
    "last_speaker",
    "spoke_before",
    "gender_match",
    "log_mentions",
    "one_word",
    "lead",
    "same_para",
    "speech_subject",
    "log_window_mentions",
    "speech_near",
    "latest_speaks",
    "rule",
    "named_in_quote",
];

/// How many features a candidate has.
pub(crate) const N: usize = FEATURES.len();

static WEIGHTS: LazyLock<[f32; N]> = LazyLock::new(|| parse_weights(include_str!("weights.tsv")));

/// The weights of [`FEATURES`] in `text` (see [`crate::article::quotes::weights::parse`]).
pub(crate) fn parse_weights(text: &str) -> [f32; N] {
    crate::article::quotes::weights::parse(text, &FEATURES)
}

/// One person a pronoun may refer to, with what the model looks at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    /// The person's fullest name.
    pub name: String,
    pub features: [f32; N],
}

impl Candidate {
    /// The model's score: the weighted sum of the features.
    pub(crate) fn score(&self) -> f32 {
        self.features
            .iter()
            .zip(WEIGHTS.iter())
            .map(|(f, w)| f * w)
            .sum()
    }
}

/// What one candidate's mentions before the quotation add up to.
#[derive(Default)]
struct Tally {
    /// The latest mention or quotation: (offset, sentence, subject of its sentence,
    /// next to a verb of saying).
    latest: Option<(usize, usize, bool, bool)>,
    any_direct: bool,
    speaks: bool,
    /// The sentence of the latest mention next to a verb of saying.
    spoke_in: Option<usize>,
    in_window: usize,
}

impl Referents {
    /// The candidates a `he`/`she` (`gender`) attributing the quotation at `at` may refer to.
    pub(crate) fn candidates(&self, at: usize, gender: Gender) -> Vec<Candidate> {
        let here = self.sentence_of(at);
        let from = here.saturating_sub(WINDOW);
        let mut found = self.tally(at, gender, from);
        if found.is_empty() {
            found = self.tally(at, gender, 0);
        }
        // Entities by their latest mention, latest first, for the recency rank.
        found.sort_by_key(|(_, t)| std::cmp::Reverse(t.latest.map_or(0, |l| l.0)));
        let last_speaker = self.speakers.iter().rev().find(|m| m.at < at);
        // What the fixed rules pick (Hobbs-style: the floor, then the nearest sentence's
        // leftmost person): the model learns when to overrule it.
        let rule = self
            .resolve_within(at, gender, WINDOW)
            .or_else(|| self.resolve_within(at, gender, usize::MAX));
        let lead_end = self.sentences.get(2).copied().unwrap_or(usize::MAX);
        let para = |s: usize| self.sentence_para.get(s).copied();
        let mut out = Vec::with_capacity(found.len());
        for (rank, (name, t)) in found.into_iter().enumerate() {
            let Some((_, sentence, subject, latest_speaks)) = t.latest else {
                continue;
            };
            let d = here.saturating_sub(sentence);
            let count = self.mentions.iter().filter(|m| m.name == name).count();
            let mut f = [0.0f32; N];
            let mut set = |k: &str, v: f32| {
                if let Some(i) = FEATURES.iter().position(|n| *n == k) {
                    if let Some(slot) = f.get_mut(i) {
                        *slot = v;
                    }
                }
            };
            let dist = match d {
                0 => "dist0",
                1 => "dist1",
                2 => "dist2",
                3 | 4 => "dist3_4",
                _ => "dist5_plus",
            };
            set(dist, 1.0);
            if rank < 3 {
                set(
                    ["rank0", "rank1", "rank2"].get(rank).copied().unwrap_or(""),
                    1.0,
                );
            }
            set("subject", f32::from(u8::from(subject)));
            set("oblique_only", f32::from(u8::from(!t.any_direct)));
            let spoke = |m: &&Mention| m.name == name && m.at < at;
            set(
                "floor",
                f32::from(u8::from(
                    self.speakers
                        .iter()
                        .any(|m| spoke(&m) && m.sentence + 1 >= here),
                )),
            );
            set(
                "last_speaker",
                f32::from(u8::from(last_speaker.is_some_and(|m| m.name == name))),
            );
            set(
                "spoke_before",
                f32::from(u8::from(self.speakers.iter().any(|m| spoke(&m)))),
            );
            let known = self.genders.get(&name).is_some_and(|g| *g == gender);
            set("gender_match", f32::from(u8::from(known)));
            set("log_mentions", (1.0 + count as f32).ln());
            set(
                "one_word",
                f32::from(u8::from(!name.contains(char::is_whitespace))),
            );
            set(
                "lead",
                f32::from(u8::from(
                    self.mentions
                        .iter()
                        .any(|m| m.name == name && m.at < lead_end),
                )),
            );
            set(
                "same_para",
                f32::from(u8::from(
                    para(sentence).is_some() && para(sentence) == para(here),
                )),
            );
            set("speech_subject", f32::from(u8::from(t.speaks)));
            set("log_window_mentions", (1.0 + t.in_window as f32).ln());
            let near = t.spoke_in.is_some_and(|s| here.saturating_sub(s) <= 1);
            set("speech_near", f32::from(u8::from(near)));
            set("latest_speaks", f32::from(u8::from(latest_speaks)));
            set("rule", f32::from(u8::from(rule.as_ref() == Some(&name))));
            set(
                "named_in_quote",
                f32::from(u8::from(self.named_in_quote(at, &name))),
            );
            out.push(Candidate { name, features: f });
        }
        out
    }

    /// Each compatible person mentioned or quoted from sentence `from` up to `at`.
    fn tally(&self, at: usize, gender: Gender, from: usize) -> Vec<(String, Tally)> {
        let mut found: Vec<(String, Tally)> = Vec::new();
        let lo = self.mentions.partition_point(|m| m.sentence < from);
        let named = self.mentions.get(lo..).unwrap_or_default();
        for (m, quoted) in named
            .iter()
            .take_while(|m| m.at < at)
            .map(|m| (m, false))
            .chain(
                self.speakers
                    .iter()
                    .filter(|m| m.sentence >= from && m.at < at)
                    .map(|m| (m, true)),
            )
        {
            // `Christie and Trump`, a lowercase run: no one person.
            let one_person = m.name.chars().next().is_some_and(char::is_uppercase)
                && !m.name.split_whitespace().any(|w| w == "and");
            if !one_person || !self.compatible(&m.name, gender) {
                continue;
            }
            // The subject of a sentence: its leftmost direct mention (or its quotation's speaker).
            let subject = quoted || self.is_subject(m);
            let k = match found.iter().position(|(n, _)| *n == m.name) {
                Some(k) => k,
                None => {
                    found.push((m.name.clone(), Tally::default()));
                    found.len() - 1
                }
            };
            let Some((_, t)) = found.get_mut(k) else {
                continue;
            };
            t.in_window += 1;
            t.any_direct |= !m.oblique;
            t.speaks |= m.speaks;
            if m.speaks && t.spoke_in.is_none_or(|s| m.sentence > s) {
                t.spoke_in = Some(m.sentence);
            }
            if t.latest.is_none_or(|l| m.at > l.0) {
                t.latest = Some((m.at, m.sentence, subject, m.speaks));
            }
        }
        found
    }

    /// Whether `m` is the leftmost direct mention of its sentence.
    fn is_subject(&self, m: &Mention) -> bool {
        if m.oblique {
            return false;
        }
        let lo = self.mentions.partition_point(|x| x.sentence < m.sentence);
        self.mentions
            .get(lo..)
            .unwrap_or_default()
            .iter()
            .take_while(|x| x.sentence == m.sentence)
            .find(|x| !x.oblique)
            .is_some_and(|x| x.at == m.at)
    }

    /// The best-scoring candidate for a `he`/`she` at `at`, unless the model gives it less
    /// than [`MIN_PROBABILITY`]: no speaker beats a wrong one.
    pub(super) fn rank(&self, at: usize, gender: Gender) -> Option<String> {
        let cands = self.candidates(at, gender);
        let scores: Vec<f32> = cands.iter().map(Candidate::score).collect();
        let top = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let z: f32 = scores.iter().map(|s| (s - top).exp()).sum();
        let best = scores.iter().position(|s| *s == top)?;
        // The winner's softmax probability is exp(0) / z.
        if z.recip() < MIN_PROBABILITY {
            return None;
        }
        cands.into_iter().nth(best).map(|c| c.name)
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::names::Inventory;
    use super::super::super::spans::{find_spans, paragraphs};
    use super::*;

    /// The candidates for the `gender` pronoun of the quotation starting with `quote`.
    fn candidates(body: &str, quote: &str, gender: Gender) -> Vec<Candidate> {
        let paras = paragraphs(body);
        let spans = find_spans(body, &paras);
        let names = Inventory::build(body);
        let refs = Referents::build(body, &paras, &spans, &names);
        refs.candidates(body.find(quote).unwrap_or(body.len()), gender)
    }

    fn feature(c: &Candidate, name: &str) -> f32 {
        let i = FEATURES.iter().position(|f| *f == name).unwrap_or(N);
        c.features.get(i).copied().unwrap_or(f32::NAN)
    }

    #[test]
    fn candidates_carry_their_evidence() {
        // (body, quote, pronoun, [(candidate, feature, value)], candidates expected)
        type Case<'a> = (
            &'a str,
            &'a str,
            Gender,
            &'a [(&'a str, &'a str, f32)],
            usize,
        );
        let cases: [Case; 4] = [
            // The man is ruled out by gender; the woman was the subject one sentence back.
            (
                "Mrs Ann Lee met Mr Bob Roe. Lee spoke first.\n\"We agree,\" she said.",
                "We agree",
                Gender::Female,
                &[
                    ("Ann Lee", "dist1", 1.0),
                    ("Ann Lee", "subject", 1.0),
                    ("Ann Lee", "rank0", 1.0),
                ],
                1,
            ),
            // A person only named after a preposition is an oblique mention.
            (
                "Voters in Ohio wrote to Mr Bob Roe about it.\n\"No,\" he said.",
                "No",
                Gender::Male,
                &[
                    ("Bob Roe", "oblique_only", 1.0),
                    ("Bob Roe", "subject", 0.0),
                ],
                1,
            ),
            // A person named inside the quotation is seldom its speaker.
            (
                "Mr Bob Roe met Mr Tom Ash. Roe and Ash spoke.\n\"Ash is wrong,\" he said.",
                "Ash is wrong",
                Gender::Male,
                &[
                    ("Tom Ash", "named_in_quote", 1.0),
                    ("Bob Roe", "named_in_quote", 0.0),
                ],
                2,
            ),
            // Nobody named before the quotation: no candidate at all.
            (
                "\"Fine,\" she said of Ann Lee.",
                "Fine",
                Gender::Female,
                &[],
                0,
            ),
        ];
        for (body, quote, gender, want, n) in cases {
            let got = candidates(body, quote, gender);
            assert_eq!(got.len(), n, "{body}: {got:?}");
            for (name, f, v) in want {
                let c = got.iter().find(|c| c.name == *name);
                assert_eq!(c.map(|c| feature(c, f)), Some(*v), "{body}: {name} {f}");
            }
        }
    }

    #[test]
    fn weights_file_names_every_feature() {
        let text = include_str!("weights.tsv");
        for f in FEATURES {
            assert!(
                text.lines().any(|l| l.split_whitespace().next() == Some(f)),
                "weights.tsv lacks {f}"
            );
        }
        let w = parse_weights("# c\nfloor\t2.5\nnonsense 9\nrank0 x\n\nsubject -1\n");
        let at = |k: &str| FEATURES.iter().position(|f| *f == k).map(|i| w[i]);
        assert_eq!(at("floor"), Some(2.5));
        assert_eq!(at("subject"), Some(-1.0));
        assert_eq!(at("rank0"), Some(0.0));
    }
}
