//! Speed of the jump palette's search: one keystroke's query (the best 200
//! hits and the count of all, as the palette asks) over this
//! report and over a synthetic library a hundred times its size (aims: 2 ms
//! and 8 ms for the worst query of the set), and building the index.

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

/// The benchmark set: hanzi in either script, initials, long full pinyin,
/// a number, terms, mixed input, a single letter (the first keystroke),
/// and nonsense that finds nothing.
const QUERIES: &[&str] = &[
    "招商引资",
    "zsyz",
    "xinzhishengchanli",
    "yingshanghuanjingtidangshengji",
    "29.8",
    "gao xiao",
    "新zhi生產力",
    "营商 环境 提档",
    "x",
    "nosuchthing",
];

fn queries(c: &mut Criterion) {
    for (name, n) in [("report", 1), ("library x100", 100)] {
        let doc = Document::new(&library(n));
        let index = Index::new(&doc);
        eprintln!("{name}: {} targets", index.targets.len());
        for q in QUERIES {
            c.bench_function(&format!("query {q} over the {name}"), |b| {
                b.iter(|| index.search_counted(black_box(q), 200))
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
