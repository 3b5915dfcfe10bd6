//! `dateline eval`: ranking quality on a test collection. Reads queries (`id<TAB>text`) and
//! TREC relevance judgments (`qid 0 docid grade`), ranks each query through the same code as
//! `search` (read as plain words, no query syntax, or rewritten into an operator [`Form`]),
//! and scores the ranked ids with [`metrics`]. Queries with no relevant document in the
//! judgments are skipped and counted.

pub mod metrics;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use tantivy::{DocAddress, Searcher};

use crate::index::store::Store;
use crate::index::stored::Docs;
use crate::search::{self, SearchRequest};
use metrics::Scores;

/// One evaluated query.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QueryScores {
    pub id: String,
    #[serde(flatten)]
    pub scores: Scores,
}

/// The result of an evaluation run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    /// Queries scored (those with at least one relevant document).
    pub queries: usize,
    /// Queries skipped because their judgments hold no relevant document.
    pub skipped: usize,
    pub mean: Scores,
    pub per_query: Vec<QueryScores>,
    pub took_ms: u64,
}

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct EvalRequest<'a> {
    pub queries: &'a Path,
    pub qrels: &'a Path,
    /// Ranked list length per query (trec_eval's usual 1,000).
    pub depth: usize,
    pub expand: search::Expand,
    pub ranking: search::rank::Params,
    /// Where to write the ranking in TREC run format, if anywhere.
    pub run: Option<&'a Path>,
    /// How each query is written.
    pub form: Form,
}

/// How a test query is written: as plain words, or in an operator form built from its
/// words, to measure that operators change which documents qualify, not how they rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Form {
    #[default]
    Plain,
    /// Every content word, joined by `OR`.
    Or,
    /// The two rarest content words, joined by `AND`.
    And,
    /// The words, with the two rarest as a phrase within 10 words (`"w1 w2"~10`).
    Phrase,
}

/// `text` written in `form`; `None` when the form needs two content words and the query
/// has fewer (the plain query is used then).
fn rewrite(searcher: &Searcher, store: &Store, text: &str, form: Form) -> Option<String> {
    // Words as the query language reads them: letters and digits only, no syntax.
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "AND" | "OR" | "NOT"))
        .map(str::to_string)
        .collect();
    let mut analyzer = crate::index::schema::text_analyzer();
    // Content words with their document frequency in the body (the rarest first).
    let mut content: Vec<(u64, usize)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let lower = w.to_lowercase();
        if search::stopwords::is_query_stop_word(&lower) {
            continue;
        }
        let df = crate::index::schema::tokens(&mut analyzer, w)
            .iter()
            .map(|t| {
                let term = tantivy::Term::from_field_text(store.fields.body, t);
                searcher.doc_freq(&term).unwrap_or(0)
            })
            .max()?;
        content.push((df, i));
    }
    content.sort_unstable();
    let rare: Vec<&str> = content
        .iter()
        .take(2)
        .map(|&(_, i)| words[i].as_str())
        .collect();
    match (form, rare.as_slice()) {
        (Form::Plain, _) => None,
        (Form::Or, _) => {
            let all: Vec<&str> = content.iter().map(|&(_, i)| words[i].as_str()).collect();
            (all.len() >= 2).then(|| all.join(" OR "))
        }
        (Form::And, [a, b]) => Some(format!("{a} AND {b}")),
        (Form::Phrase, [a, b]) => {
            let rest: Vec<&str> = words
                .iter()
                .map(String::as_str)
                .filter(|w| w != a && w != b)
                .collect();
            Some(format!("{} \"{a} {b}\"~10", rest.join(" ")))
        }
        _ => None,
    }
}

/// Reads `id<TAB>text` lines (blank lines ignored).
pub fn read_queries(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read queries {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (id, q) = line
            .split_once('\t')
            .with_context(|| format!("{}: line {}: expected id<TAB>text", path.display(), n + 1))?;
        out.push((id.trim().to_string(), q.trim().to_string()));
    }
    Ok(out)
}

/// Reads TREC qrels (`qid iter docid grade`) into query → doc → grade.
pub fn read_qrels(path: &Path) -> anyhow::Result<HashMap<String, HashMap<String, i32>>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read qrels {}", path.display()))?;
    let mut out: HashMap<String, HashMap<String, i32>> = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() {
            continue;
        }
        let bad = || {
            format!(
                "{}: line {}: expected qid 0 docid grade",
                path.display(),
                n + 1
            )
        };
        if cols.len() != 4 {
            anyhow::bail!(bad());
        }
        let grade: i32 = cols[3].parse().with_context(bad)?;
        out.entry(cols[0].to_string())
            .or_default()
            .insert(cols[2].to_string(), grade);
    }
    Ok(out)
}

/// Maps every live document to its article id (stored field), once per evaluation.
fn id_table(searcher: &Searcher, store: &Store) -> anyhow::Result<HashMap<DocAddress, String>> {
    let mut ids = HashMap::new();
    let docs = Docs::new(searcher);
    for (seg_ord, seg) in searcher.segment_readers().iter().enumerate() {
        for doc in seg.doc_ids_alive() {
            let address = DocAddress::new(seg_ord as u32, doc);
            let id = docs
                .article(address, &store.fields)
                .map_err(|e| e.diagnosis(&store.dir))?
                .id;
            ids.insert(address, id);
        }
    }
    Ok(ids)
}

/// Runs every query and scores it.
pub fn run(store: &Store, req: &EvalRequest) -> anyhow::Result<Report> {
    let start = Instant::now();
    let queries = read_queries(req.queries)?;
    let qrels = read_qrels(req.qrels)?;
    let searcher = store.reader.searcher();
    let ids = id_table(&searcher, store)?;
    let mut run_out = match req.run {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        )),
        None => None,
    };
    let mut per_query = Vec::new();
    let mut skipped = 0;
    let empty = HashMap::new();
    for (qid, text) in &queries {
        let rewritten = rewrite(&searcher, store, text, req.form);
        let sreq = SearchRequest {
            plain_words: rewritten.is_none(),
            query: rewritten.unwrap_or_else(|| text.clone()),
            limit: req.depth,
            expand: req.expand,
            ranking: req.ranking,
            ..SearchRequest::default()
        };
        let ranking = search::rank_page(&searcher, store, &sreq)?;
        let ranked: Vec<String> = ranking
            .hits
            .iter()
            .filter_map(|h| ids.get(&h.address).cloned())
            .collect();
        if let Some(out) = run_out.as_mut() {
            // The score column is the reverse rank, so that trec_eval (which re-sorts by
            // score) keeps our order: partial hits stay below full ones whatever their score.
            for (i, id) in ranked.iter().enumerate() {
                writeln!(out, "{qid} Q0 {id} {} {} dateline", i + 1, ranked.len() - i)?;
            }
        }
        match metrics::score(&ranked, qrels.get(qid).unwrap_or(&empty)) {
            Some(scores) => per_query.push(QueryScores {
                id: qid.clone(),
                scores,
            }),
            None => skipped += 1,
        }
    }
    if let Some(mut out) = run_out {
        out.flush()?;
    }
    let all: Vec<Scores> = per_query.iter().map(|q| q.scores).collect();
    Ok(Report {
        queries: per_query.len(),
        skipped,
        mean: Scores::mean(&all),
        per_query,
        took_ms: start.elapsed().as_millis() as u64,
    })
}
