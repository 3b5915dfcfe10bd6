//! Turning a query's operators (a parsed [`Node`]) into a tantivy query over dateline's
//! fields, and collecting the terms a snippet should highlight.
//!
//! The compiled query only decides which documents qualify: [`super::filter::Allowed`]
//! lists its documents with scoring disabled, and the ranker scores them. Unfielded words
//! search headline, byline, body and quotes; all words are required unless `OR` widens.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RegexQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use super::filter::{DateCheck, DateQuery};
use super::highlight::Highlights;
use super::query::{FieldName, Node};
use super::within::Within;
use crate::index::schema::{self, Fields};

/// The fields an unfielded word searches.
pub const DEFAULT_FIELDS: [FieldName; 4] = [
    FieldName::Headline,
    FieldName::Byline,
    FieldName::Body,
    FieldName::Quotes,
];

/// Compiles queries for one index.
pub struct Compiler {
    fields: Fields,
    text: TextAnalyzer,
    name: TextAnalyzer,
    pub highlights: Highlights,
    /// The filter's documents, intersected (scoring 0) with every word's field clause.
    within: Option<Within>,
}

impl Compiler {
    /// A compiler for an index with these fields.
    pub fn new(fields: Fields) -> Compiler {
        Compiler {
            fields,
            text: schema::text_analyzer(),
            name: schema::name_analyzer(),
            highlights: Highlights::default(),
            within: None,
        }
    }

    /// From now on, every word, phrase and prefix clause is intersected with `within`
    /// (see [`super::within`]); it adds 0 to scores, so the caller still applies the
    /// filter itself and results and scores are exactly those without this.
    pub fn set_within(&mut self, within: Within) {
        self.within = Some(within);
    }

    /// `q`, limited to the filter's documents when one is set.
    fn limited(&self, q: Box<dyn Query>) -> Box<dyn Query> {
        match &self.within {
            None => q,
            Some(w) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, q),
                (
                    Occur::Must,
                    Box::new(BoostQuery::new(Box::new(w.clone()), 0.0)),
                ),
            ])),
        }
    }

    /// The field handles this compiler targets.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    fn field(&self, f: FieldName) -> Field {
        match f {
            FieldName::Headline => self.fields.headline,
            FieldName::Byline => self.fields.byline,
            FieldName::Body => self.fields.body,
            FieldName::Quotes => self.fields.quotes,
            FieldName::Speaker => self.fields.speaker,
            FieldName::Id => self.fields.id,
            FieldName::Path => self.fields.path,
        }
    }

    /// Analyses text the way the field was indexed: `(position, token)` pairs.
    fn analyse(&mut self, field: Option<FieldName>, text: &str) -> Vec<(usize, String)> {
        let analyzer = match field {
            Some(FieldName::Speaker) => &mut self.name,
            Some(FieldName::Id | FieldName::Path) => return vec![(0, text.to_string())],
            _ => &mut self.text,
        };
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            out.push((t.position, t.text.clone()));
        }
        out
    }

    /// Compiles a node; `positive` is false under a NOT (nothing there is highlighted).
    pub fn compile(&mut self, node: &Node, positive: bool) -> Box<dyn Query> {
        match node {
            Node::Text { field, text } => self.words(*field, text, 0, positive),
            Node::Phrase { field, text, slop } => self.words(*field, text, *slop, positive),
            Node::Prefix { field, text } => self.prefix(*field, text, positive),
            Node::Fuzzy {
                field,
                text,
                distance,
            } => self.fuzzy(*field, text, *distance, positive),
            Node::Date(range) => Box::new(DateQuery(DateCheck::new(range))),
            Node::And(children) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for c in children {
                    match c {
                        Node::Not(inner) => {
                            clauses.push((Occur::MustNot, self.compile(inner, !positive)))
                        }
                        other => clauses.push((Occur::Must, self.compile(other, positive))),
                    }
                }
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Or(children) => {
                let clauses = children
                    .iter()
                    .map(|c| (Occur::Should, self.compile(c, positive)))
                    .collect();
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Required(inner) => self.compile(inner, positive),
            Node::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, self.compile(inner, !positive)),
            ])),
        }
    }

    fn targets(&self, field: Option<FieldName>) -> Vec<Field> {
        match field {
            Some(f) => vec![self.field(f)],
            None => DEFAULT_FIELDS.iter().map(|f| self.field(*f)).collect(),
        }
    }

    fn words(
        &mut self,
        field: Option<FieldName>,
        text: &str,
        slop: u32,
        positive: bool,
    ) -> Box<dyn Query> {
        let tokens = self.analyse(field, text);
        if tokens.is_empty() {
            return Box::new(EmptyQuery);
        }
        if positive
            && !matches!(
                field,
                Some(FieldName::Id | FieldName::Path | FieldName::Speaker)
            )
        {
            self.highlights
                .terms
                .extend(tokens.iter().map(|(_, t)| t.clone()));
        }
        let per_field: Vec<(Occur, Box<dyn Query>)> = self
            .targets(field)
            .into_iter()
            .map(|f| {
                let q: Box<dyn Query> = if tokens.len() == 1 {
                    let term = Term::from_field_text(f, &tokens[0].1);
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                } else {
                    let terms = tokens
                        .iter()
                        .map(|(p, t)| (*p, Term::from_field_text(f, t)))
                        .collect();
                    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
                };
                (Occur::Should, self.limited(q))
            })
            .collect();
        single_or_union(per_field)
    }

    fn prefix(&mut self, field: Option<FieldName>, text: &str, positive: bool) -> Box<dyn Query> {
        // Prefixes are folded but not stemmed: `strik*` must still reach `strike`.
        let folded: String = self
            .analyse(Some(FieldName::Speaker), text)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        if folded.is_empty() {
            return Box::new(EmptyQuery);
        }
        if positive {
            self.highlights.prefixes.push(folded.clone());
        }
        let pattern = format!("{}.*", regex_escape(&folded));
        // One automaton for every field: compiling it is most of a prefix query's set-up.
        let Ok(regex) = tantivy_fst::Regex::new(&pattern).map(std::sync::Arc::new) else {
            return Box::new(EmptyQuery);
        };
        let per_field: Vec<(Occur, Box<dyn Query>)> = self
            .targets(field)
            .into_iter()
            .map(|f| {
                let q = RegexQuery::from_regex(regex.clone(), f);
                (Occur::Should, self.limited(Box::new(q)))
            })
            .collect();
        single_or_union(per_field)
    }
}

impl Compiler {
    /// `word~N`: the word as each field analyses it, matched within `distance` edits of
    /// the field's indexed terms (tantivy's Levenshtein automaton over the dictionary).
    fn fuzzy(
        &mut self,
        field: Option<FieldName>,
        text: &str,
        distance: u8,
        positive: bool,
    ) -> Box<dyn Query> {
        let Some((_, token)) = self.analyse(field, text).into_iter().next() else {
            return Box::new(EmptyQuery);
        };
        if positive {
            self.highlights.terms.insert(token.clone());
        }
        let per_field: Vec<(Occur, Box<dyn Query>)> = self
            .targets(field)
            .into_iter()
            .map(|f| {
                let term = Term::from_field_text(f, &token);
                let q = tantivy::query::FuzzyTermQuery::new(term, distance, true);
                (Occur::Should, self.limited(Box::new(q)))
            })
            .collect();
        single_or_union(per_field)
    }
}

fn single_or_union(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    match clauses.len() {
        0 => Box::new(EmptyQuery),
        1 => clauses.remove(0).1,
        _ => Box::new(BooleanQuery::new(clauses)),
    }
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
