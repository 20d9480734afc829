//! Speed of the fuzzy jump: one keystroke's query over this report and
//! over a synthetic library a hundred times its size, and building the index.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use report_explorer::content::{load_embedded, Report};
use report_explorer::document::Document;
use report_explorer::search::Index;

/// The report's parts, lists and glossary repeated `n` times.
fn library(n: usize) -> Report {
    let mut r = load_embedded().unwrap();
    let parts = r.parts.clone();
    r.parts = (0..n).flat_map(|_| parts.clone()).collect();
    if let Some(lists) = &mut r.lists {
        let l = lists.lists.clone();
        lists.lists = (0..n).flat_map(|_| l.clone()).collect();
    }
    if let Some(g) = &mut r.glossary {
        let e = g.entries.clone();
        g.entries = (0..n).flat_map(|_| e.clone()).collect();
    }
    r
}

const QUERIES: &[&str] = &["招商引资", "zsyz", "xinzhishengchanli", "29.8"];

fn queries(c: &mut Criterion) {
    for (name, n) in [("report", 1), ("library x100", 100)] {
        let doc = Document::new(&library(n));
        let index = Index::new(&doc);
        eprintln!("{name}: {} targets", index.targets.len());
        for q in QUERIES {
            c.bench_function(&format!("query {q} over the {name}"), |b| {
                b.iter(|| index.search(black_box(q), 50))
            });
        }
    }
}

fn build(c: &mut Criterion) {
    let doc = Document::new(&load_embedded().unwrap());
    c.bench_function("build the index of the report", |b| {
        b.iter(|| Index::new(black_box(&doc)))
    });
}

criterion_group!(benches, queries, build);
criterion_main!(benches);
