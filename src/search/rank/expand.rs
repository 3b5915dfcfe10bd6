//! Pseudo-relevance feedback (`--expand`): RM3 query expansion.
//!
//! The best `docs` documents of a first ranking are taken as relevant. Each yields a term
//! distribution `P(w|D) = c(w,D)/|D|` over its headline and body (stop words, numbers and
//! one-letter words left out), weighted by the document's share of the feedback scores; the
//! `terms` most likely words form the relevance model `P(w|R)`. The expanded query is
//! `λ·P(w|Q) + (1-λ)·P(w|R)` (Lavrenko & Croft 2001; Abdul-Jaleel et al. 2004), rescaled so
//! the original words keep their weight when `λ = 1`. Only the original words are required
//! for an all-words match: expansion words add score, never remove a document.

use std::collections::HashMap;

use tantivy::Searcher;

use super::bm25f::Scored;
use super::terms::QueryTerm;
use crate::index::schema::{self, Fields};
use crate::index::stored::Docs;
use crate::search::stopwords::is_stop_word;

/// RM3 settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rm3 {
    /// Feedback documents.
    pub docs: usize,
    /// Expansion terms kept.
    pub terms: usize,
    /// Weight of the original query (λ).
    pub original: f32,
}

impl Default for Rm3 {
    fn default() -> Rm3 {
        Rm3 {
            docs: 10,
            terms: 20,
            original: 0.7,
        }
    }
}

/// The expanded query for `terms`, given the first ranking `top` (best first).
pub fn rm3(
    searcher: &Searcher,
    f: &Fields,
    terms: &[QueryTerm],
    top: &[Scored],
    cfg: &Rm3,
) -> tantivy::Result<Vec<QueryTerm>> {
    let feedback: Vec<&Scored> = top.iter().take(cfg.docs).collect();
    let total: f32 = feedback.iter().map(|s| s.score.max(0.0)).sum();
    if feedback.is_empty() || total <= 0.0 {
        return Ok(terms.to_vec());
    }
    let mut fold = schema::name_analyzer();
    let mut stem = schema::text_analyzer();
    let mut model: HashMap<String, f32> = HashMap::new();
    let docs = Docs::new(searcher);
    for s in feedback {
        let a = docs.article(s.address, f)?;
        let text = format!("{}\n{}", a.headline, a.body);
        let mut counts: HashMap<String, f32> = HashMap::new();
        let mut len = 0f32;
        for w in schema::tokens(&mut fold, &text) {
            if w.len() < 2 || is_stop_word(&w) || w.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            for t in schema::tokens(&mut stem, &w) {
                *counts.entry(t).or_default() += 1.0;
                len += 1.0;
            }
        }
        if len == 0.0 {
            continue;
        }
        let doc_weight = s.score.max(0.0) / total;
        for (t, c) in counts {
            *model.entry(t).or_default() += doc_weight * c / len;
        }
    }
    let mut ranked: Vec<(String, f32)> = model.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(cfg.terms);
    let rel_total: f32 = ranked.iter().map(|(_, p)| p).sum();
    let q_total: f32 = terms.iter().map(|t| t.weight).sum();
    if rel_total <= 0.0 || q_total <= 0.0 {
        return Ok(terms.to_vec());
    }
    let mut out: Vec<QueryTerm> = terms
        .iter()
        .map(|t| QueryTerm {
            weight: cfg.original * t.weight,
            ..t.clone()
        })
        .collect();
    for (text, p) in ranked {
        let w = (1.0 - cfg.original) * q_total * p / rel_total;
        match out.iter_mut().find(|t| t.text == text) {
            Some(t) => t.weight += w,
            None => out.push(QueryTerm {
                text,
                weight: w,
                required: false,
            }),
        }
    }
    // Rescale so the original words weigh what they did before expansion.
    let scale = 1.0 / cfg.original.max(1e-3);
    for t in &mut out {
        t.weight *= scale;
    }
    Ok(out)
}
