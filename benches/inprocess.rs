//! In-process benchmarks (criterion): query parse + compile, snippet generation, and
//! single-threaded extraction throughput (MB/s) on Reuters-21578 JSON Lines and on the
//! saved news pages of `../shared/data/html/zyte/pages/`.
//!
//! Run with `cargo bench --bench inprocess`. The data benches read `../shared/data` and are
//! skipped with a message when it is absent. Whole-process timings (search as a process, index builds, peers) are in
//! `scripts/bench.py`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dateline::article::{self, Format};
use dateline::index::schema::{self, Fields};
use dateline::search::compile::Compiler;
use dateline::search::query;
use dateline::search::snippet::{self, SnippetShape};

const QUERIES: &[&str] = &[
    "cocoa",
    "bank rate cut",
    "\"interest rates\"",
    "\"crude oil\" date:1987-04",
    "oil OR gas -coal headline:opec",
    "strik*",
];

fn reuters() -> Option<Vec<u8>> {
    let candidates = [
        "../shared/data/reuters21578/reuters21578.jsonl.gz",
        "/work/shared/data/reuters21578/reuters21578.jsonl.gz",
    ];
    let found = candidates.iter().map(Path::new).find(|p| p.exists());
    match found.map(|p| article::read_source(p, article::Format::JsonLines)) {
        Some(Ok(raw)) => Some(raw),
        _ => {
            eprintln!("skipping Reuters benches: reuters21578.jsonl.gz not found");
            None
        }
    }
}

/// The decompressed bytes of every saved HTML page, with its file name.
fn html_pages() -> Option<Vec<(String, Vec<u8>)>> {
    let candidates = [
        "../shared/data/html/zyte/pages",
        "/work/shared/data/html/zyte/pages",
    ];
    let Some(dir) = candidates.iter().map(Path::new).find(|p| p.is_dir()) else {
        eprintln!("skipping HTML extraction bench: html/zyte/pages not found");
        return None;
    };
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if let Ok(raw) = article::read_source(&path, Format::Html) {
            pages.push((path.display().to_string(), raw));
        }
    }
    pages.sort();
    Some(pages)
}

fn query_compile(c: &mut Criterion) {
    let fields = match Fields::resolve(&schema::build()) {
        Ok(f) => f,
        Err(e) => panic!("schema: {e}"),
    };
    c.bench_function("query parse+compile (6 queries)", |b| {
        b.iter(|| {
            for q in QUERIES {
                let node = match query::parse(black_box(q)) {
                    Ok(n) => n,
                    Err(e) => panic!("{q}: {e}"),
                };
                let mut compiler = Compiler::new(fields);
                black_box(compiler.compile(&node, true));
            }
        })
    });
}

fn snippets(c: &mut Criterion) {
    let Some(raw) = reuters() else { return };
    let Ok(parsed) = article::parse_bytes(&raw, Format::JsonLines, "reuters.jsonl") else {
        return;
    };
    let bodies: Vec<&str> = parsed
        .articles
        .iter()
        .map(|a| a.body.as_str())
        .filter(|b| b.contains("interest rates"))
        .take(10)
        .collect();
    let fields = match Fields::resolve(&schema::build()) {
        Ok(f) => f,
        Err(e) => panic!("schema: {e}"),
    };
    let mut compiler = Compiler::new(fields);
    let node = match query::parse("\"interest rates\" bank") {
        Ok(n) => n,
        Err(e) => panic!("{e}"),
    };
    compiler.compile(&node, true);
    let hl = compiler.highlights;
    // As `search` builds them: one matcher for the page's hits.
    c.bench_function("snippets for 10 Reuters hits", |b| {
        b.iter(|| {
            let mut matcher = snippet::Matcher::new(&hl);
            for body in &bodies {
                black_box(snippet::snippet_with(
                    &mut matcher,
                    body,
                    SnippetShape::default(),
                ));
            }
        })
    });
}

fn extraction(c: &mut Criterion) {
    let Some(raw) = reuters() else { return };
    let mut g = c.benchmark_group("extraction");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(raw.len() as u64));
    g.bench_function("Reuters JSONL, single thread", |b| {
        b.iter(|| article::parse_bytes(black_box(&raw), Format::JsonLines, "reuters.jsonl"))
    });
    g.finish();
}

fn extraction_html(c: &mut Criterion) {
    let Some(pages) = html_pages() else { return };
    let bytes: usize = pages.iter().map(|(_, raw)| raw.len()).sum();
    eprintln!(
        "HTML extraction bench: {} pages, {bytes} bytes",
        pages.len()
    );
    let mut g = c.benchmark_group("extraction");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("HTML pages, single thread", |b| {
        b.iter(|| {
            for (name, raw) in &pages {
                let _ = black_box(article::parse_bytes(black_box(raw), Format::Html, name));
            }
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    query_compile,
    snippets,
    extraction,
    extraction_html
);
criterion_main!(benches);
