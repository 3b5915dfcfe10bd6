//! In-process benchmarks (criterion): query parse + compile, snippet generation, and
//! single-threaded extraction throughput (MB/s) on Reuters-21578 JSON Lines.
//!
//! Run with `cargo bench --bench inprocess`. The Reuters benches read
//! `../shared/data/reuters21578/reuters21578.jsonl.gz` and are skipped with a message when
//! it is absent. Whole-process timings (search as a process, index builds, peers) are in
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
    let mut analyzer = schema::text_analyzer();
    c.bench_function("snippets for 10 Reuters hits", |b| {
        b.iter(|| {
            for body in &bodies {
                black_box(snippet::snippet(
                    &mut analyzer,
                    body,
                    &hl,
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

criterion_group!(benches, query_compile, snippets, extraction);
criterion_main!(benches);
