//! The plan of a search: the query parsed once and split into what decides which documents
//! qualify and what ranks them.
//!
//! Glossary (one name per idea):
//! - **plain words**: unfielded words at the top level of a query (`rocket attack`), the
//!   way people type into a search box. They are the *required terms* of the ranking
//!   tiers: documents holding every one rank first (`Mode::All`), then documents holding
//!   some (`Mode::Partial`), unless the query spells out `AND` (then only full matches
//!   qualify). A query read with no syntax at all (`SearchRequest::plain_words`, or a sentence
//!   typed in capitals) is plain words only.
//! - **operators**: everything else (phrases, `field:`, `OR`, `NOT`/`-`, prefixes, nested
//!   `date:`). They only decide which documents qualify ([`Plan::must`], [`Plan::must_not`]);
//!   the words inside their positive parts are scored too, but are not required terms.
//! - **filters**: the date range (`--from/--to/--since` and top-level `date:` terms, one
//!   [`DateRange`]) and `--speaker`.
//!
//! Every qualifying document is then scored by the same BM25F ranker with the same
//! bonuses (see [`super::rank`]).

use super::dates::DateRange;
use super::query::{self, FieldName, Node, QueryError};
use super::rank::terms::{self, QueryTerm};
use super::{Expand, SearchRequest};

/// What a search does, decided once from the request.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The terms BM25F scores: the plain words (required) then the words of the operators'
    /// positive parts.
    pub terms: Vec<QueryTerm>,
    /// Pairs of `terms` (indices) whose closeness earns the proximity bonus: neighbours
    /// among the plain words, and within each phrase or word of an operator.
    /// `None`: any two terms (`Params::neighbours` off).
    pub pairs: Option<Vec<(usize, usize)>>,
    /// The prefixes of the operators' positive parts (`deter*`): their indexed words are
    /// scored too, once the index is known ([`super::rank::terms::prefix_terms`]).
    pub prefixes: Vec<String>,
    /// The fuzzy words of the operators' positive parts (`gadaffi~2`) and their distances:
    /// the indexed words within reach are scored like a prefix's.
    pub fuzzy: Vec<(String, u8)>,
    /// Whether the query has plain words (then a document must hold one to qualify).
    pub has_plain_words: bool,
    /// How many required terms a document needs to rank in the first tier (0: one tier,
    /// by score alone).
    pub tier: u32,
    /// How many required terms a document needs to qualify at all: all of them after an
    /// explicit `AND`, one when operators add scored words beside plain words (a document
    /// matching only the operators' words is not a match for the plain words), else none
    /// beyond holding some scored term.
    pub least: u32,
    /// Operator parts every qualifying document matches.
    pub must: Vec<Node>,
    /// Plain words written with `+`: every qualifying document holds them (listed with the
    /// operators), but they are scored once, as plain words, so `+a +b` ranks as `a AND b`.
    pub required_words: Vec<Node>,
    /// Operator parts no qualifying document matches.
    pub must_not: Vec<Node>,
    /// The date range (flags and top-level `date:` terms).
    pub dates: DateRange,
    /// Only articles quoting this speaker.
    pub speaker: Option<String>,
    /// Whether RM3 adds words from the first pass's best documents.
    pub expand: bool,
}

impl Plan {
    /// Plans `req`: parses its query (unless it is read as plain words) and splits it.
    pub fn new(req: &SearchRequest) -> Result<Plan, QueryError> {
        let mut plan = Plan {
            dates: req.dates,
            speaker: req.speaker.clone().filter(|s| !s.trim().is_empty()),
            ..Plan::default()
        };
        let mut plain: Vec<String> = Vec::new();
        let mut explicit_and = false;
        if req.plain_words || reads_as_plain_words(&req.query) {
            plain = req.query.split_whitespace().map(str::to_string).collect();
        } else {
            let node = query::parse(&req.query)?;
            explicit_and = has_explicit_and(&req.query);
            let mut parts = Vec::new();
            conjuncts(node, &mut parts);
            for part in parts {
                match part {
                    Node::Text { field: None, text } => plain.push(text),
                    Node::Date(range) => plan.dates = plan.dates.intersect(range),
                    Node::Not(inner) => plan.must_not.push(*inner),
                    Node::Required(inner) => match *inner {
                        Node::Text { field: None, text } => {
                            plain.push(text.clone());
                            plan.required_words.push(Node::Text { field: None, text });
                        }
                        other => plan.must.push(other),
                    },
                    other => plan.must.push(other),
                }
            }
        }
        let mut groups: Vec<Vec<String>> = Vec::new();
        for node in &plan.must {
            scored_words(node, &mut groups, &mut plan.prefixes);
            fuzzy_words(node, &mut plan.fuzzy);
        }
        let p = &req.ranking;
        let (terms, pairs) = terms::plan_terms(&plain, &groups, p.request_words, p.neighbours);
        let required = terms.iter().filter(|t| t.required).count() as u32;
        plan.has_plain_words = !plain.is_empty();
        plan.tier = if required as usize <= p.tier_max {
            required
        } else {
            0
        };
        let operator_words = terms.iter().any(|t| !t.required);
        plan.least = if explicit_and {
            required
        } else if plan.has_plain_words && operator_words {
            1
        } else {
            0
        };
        plan.expand = match req.expand {
            Expand::Always => true,
            Expand::Never => false,
            Expand::Auto => p.expand_over > 0 && required as usize > p.expand_over,
        };
        plan.terms = terms;
        plan.pairs = pairs;
        Ok(plan)
    }

    /// The number of required terms.
    pub fn required(&self) -> u32 {
        self.terms.iter().filter(|t| t.required).count() as u32
    }

    /// Whether operators restrict the documents (beyond dates and the speaker).
    pub fn has_operators(&self) -> bool {
        !self.must.is_empty() || !self.must_not.is_empty() || !self.required_words.is_empty()
    }
}

/// The parts of `node` that must all hold: nested `AND`s (`(a AND b) AND c`) are one
/// conjunction.
fn conjuncts(node: Node, out: &mut Vec<Node>) {
    match node {
        Node::And(children) => children.into_iter().for_each(|c| conjuncts(c, out)),
        other => out.push(other),
    }
}

/// Validates a query as a search would read it (a sentence typed in capitals has no syntax
/// to check), without an index.
pub fn validate(query: &str) -> Result<(), QueryError> {
    if !reads_as_plain_words(query) {
        query::parse(query)?;
    }
    Ok(())
}

/// The words of `node`'s positive parts that BM25F scores, one group per word or phrase
/// (proximity pairs stay within a group), and its prefixes. Words under a NOT, and the
/// `speaker`, `id` and `path` fields (names and keys, not text) are not scored.
fn scored_words(node: &Node, groups: &mut Vec<Vec<String>>, prefixes: &mut Vec<String>) {
    let scored = |field: &Option<FieldName>| {
        !matches!(
            field,
            Some(FieldName::Speaker | FieldName::Id | FieldName::Path)
        )
    };
    match node {
        Node::Text { field, text } | Node::Phrase { field, text, .. } if scored(field) => {
            groups.push(text.split_whitespace().map(str::to_string).collect());
        }
        Node::Prefix { field, text } if scored(field) => prefixes.push(text.clone()),
        Node::And(children) | Node::Or(children) => {
            for c in children {
                scored_words(c, groups, prefixes);
            }
        }
        Node::Required(inner) => scored_words(inner, groups, prefixes),
        _ => {}
    }
}

/// The fuzzy words of `node` outside any NOT.
fn fuzzy_words(node: &Node, out: &mut Vec<(String, u8)>) {
    match node {
        Node::Fuzzy {
            field,
            text,
            distance,
        } if field
            .is_none_or(|f| !matches!(f, FieldName::Speaker | FieldName::Id | FieldName::Path)) =>
        {
            out.push((text.clone(), *distance))
        }
        Node::And(children) | Node::Or(children) => {
            children.iter().for_each(|c| fuzzy_words(c, out))
        }
        _ => {}
    }
}

/// True when a query of five or more words typed entirely in capitals uses no operator but
/// the words AND, OR and NOT: such a query is a pasted sentence in capitals (`EFFECTS OF
/// SANCTIONS AND TARIFFS ON TRADE`), so it is read as plain words and those three are
/// ordinary (stop) words. Shorter queries (`KIRBY NOT AUSTIN`) keep their operators.
pub fn reads_as_plain_words(query: &str) -> bool {
    if query.split_whitespace().count() < 5 {
        return false;
    }
    let has_letters = query.chars().any(char::is_alphabetic);
    let has_lower = query.chars().any(char::is_lowercase);
    let syntax = query.contains(['"', '“', '”', '(', ')', '*', ':', '~'])
        || query
            .split_whitespace()
            .any(|w| w.starts_with('-') || w == "&&" || w == "||");
    has_letters && !has_lower && !syntax
}

/// True when the query spells out `AND` (or `&&`): every plain word is then required.
pub fn has_explicit_and(query: &str) -> bool {
    query.split_whitespace().any(|w| w == "AND" || w == "&&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(q: &str) -> Plan {
        let req = SearchRequest {
            query: q.into(),
            ..SearchRequest::default()
        };
        Plan::new(&req).unwrap()
    }

    /// (text, required) of a plan's terms.
    fn terms(p: &Plan) -> Vec<(&str, bool)> {
        p.terms
            .iter()
            .map(|t| (t.text.as_str(), t.required))
            .collect()
    }

    #[test]
    fn plain_words_are_required_terms_and_operators_only_qualify() {
        // (query, terms, tier, least, must, must_not)
        type Case<'a> = (&'a str, Vec<(&'a str, bool)>, u32, u32, usize, usize);
        let cases: Vec<Case> = vec![
            (
                "rocket attack",
                vec![("rocket", true), ("attack", true)],
                2,
                0,
                0,
                0,
            ),
            (
                "rocket AND attack",
                vec![("rocket", true), ("attack", true)],
                2,
                2,
                0,
                0,
            ),
            (
                "rocket attack -drill",
                vec![("rocket", true), ("attack", true)],
                2,
                0,
                0,
                1,
            ),
            (
                "rocket attack date:2021",
                vec![("rocket", true), ("attack", true)],
                2,
                0,
                0,
                0,
            ),
            (
                "headline:rocket attack",
                vec![("attack", true), ("rocket", false)],
                1,
                1,
                1,
                0,
            ),
            (
                "\"rocket attack\"",
                vec![("rocket", false), ("attack", false)],
                0,
                0,
                1,
                0,
            ),
            (
                "rocket OR missile",
                vec![("rocket", false), ("missil", false)],
                0,
                0,
                1,
                0,
            ),
            ("deter* speaker:kirby -(drill)", vec![], 0, 0, 2, 1),
            (
                "+rocket attack",
                vec![("rocket", true), ("attack", true)],
                2,
                0,
                0,
                0,
            ),
            ("the rocket", vec![("rocket", true)], 1, 0, 0, 0),
            (
                "EFFECTS OF SANCTIONS AND TARIFFS",
                vec![("effect", true), ("sanction", true), ("tariff", true)],
                3,
                0,
                0,
                0,
            ),
        ];
        for (q, want, tier, least, must, must_not) in cases {
            let p = plan(q);
            assert_eq!(terms(&p), want, "{q}");
            assert_eq!((p.tier, p.least), (tier, least), "{q}");
            assert_eq!((p.must.len(), p.must_not.len()), (must, must_not), "{q}");
        }
    }

    #[test]
    fn a_top_level_date_term_is_the_date_filter() {
        let from_query = plan("rocket date:1987-03");
        let flags = Plan::new(&SearchRequest {
            query: "rocket".into(),
            dates: DateRange::within(crate::search::dates::parse_period("1987-03").unwrap()),
            ..SearchRequest::default()
        })
        .unwrap();
        assert_eq!(from_query.dates, flags.dates);
        assert!(!from_query.has_operators());
        // Nested under OR it stays an operator; under parentheses it is still the filter.
        assert!(plan("rocket OR date:1987").has_operators());
        let nested = plan("(rocket AND attack) AND date:1987-03");
        assert!(!nested.has_operators());
        assert_eq!(nested.dates, from_query.dates);
        assert_eq!(nested.least, 2);
    }

    #[test]
    fn sentences_in_capitals_and_explicit_and() {
        let cases = [
            ("EFFECTS OF SANCTIONS AND TARIFFS ON TRADE", true),
            ("EFFECTS OF SANCTIONS AND TARIFFS", true),
            ("KIRBY NOT AUSTIN", false),
            ("IRAN OR IRAQ", false),
            ("U.S . POLICY TOWARD THE NEW REGIME", true),
            ("\"ROCKET ATTACK\"", false),
            ("HEADLINE:ROCKET", false),
            ("ROCKET -DRILL", false),
            ("Rocket AND attack", false),
            ("1987", false),
        ];
        for (q, plain) in cases {
            assert_eq!(reads_as_plain_words(q), plain, "{q}");
        }
        assert!(has_explicit_and("rocket AND attack"));
        assert!(!has_explicit_and("rocket and attack"));
    }
}
