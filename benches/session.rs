//! What one more session costs on report data that is already loaded: the
//! time to open it and lay it out at 80×24, and the memory it adds (aims:
//! under 1 ms and under 256 KiB). For comparison, the time to build the
//! shared data itself, which every session paid before it was shared.
//!
//! Memory is counted by a global allocator that keeps the bytes live; the
//! figures are printed before the timings.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use report_explorer::app::{handle, App, Settings};
use report_explorer::content::load_embedded;
use report_explorer::data::ReportData;
use report_explorer::input::Input;
use report_explorer::keymap::Keymap;
use report_explorer::text::script::Script;

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

const SIZE: Input = Input::Resize {
    width: 80,
    height: 24,
};

fn open(data: &Arc<ReportData>, keymap: &Keymap, settings: Settings) -> App {
    let mut app = App::open(data.clone(), settings);
    handle(&mut app, keymap, SIZE);
    app
}

fn kib(bytes: isize) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// The memory figures, printed once.
fn memory(keymap: &Keymap) {
    let before = live();
    let data = Arc::new(ReportData::new(load_embedded().unwrap()));
    let shared = live() - before;
    // The first session at 80×24 also lays the document out, into the
    // shared cache.
    let at = live();
    let first = open(&data, keymap, Settings::default());
    let first_cost = live() - at;
    let at = live();
    let sessions: Vec<App> = (0..100)
        .map(|_| open(&data, keymap, Settings::default()))
        .collect();
    let each = (live() - at) / 100;
    let at = live();
    let simplified = open(
        &data,
        keymap,
        Settings {
            script: Script::Simplified,
            ..Settings::default()
        },
    );
    let simplified_cost = live() - at;
    eprintln!("memory (bytes live, counted by the allocator):");
    eprintln!(
        "  shared data (report, document, outline, quantities)  {}",
        kib(shared)
    );
    eprintln!(
        "  first session at 80x24 (lays out into the cache)     {}",
        kib(first_cost)
    );
    eprintln!(
        "  each further session at 80x24 (mean of 100)          {}",
        kib(each)
    );
    eprintln!(
        "  first simplified session (converts the report once)  {}",
        kib(simplified_cost)
    );
    black_box((first, sessions, simplified));
}

fn sessions(c: &mut Criterion) {
    let keymap = Keymap::default();
    memory(&keymap);
    let data = Arc::new(ReportData::new(load_embedded().unwrap()));
    black_box(open(&data, &keymap, Settings::default()));
    c.bench_function("open a session on loaded data at 80x24", |b| {
        b.iter(|| open(black_box(&data), &keymap, Settings::default()))
    });
    c.bench_function(
        "open the first session at 80x24 (layout not cached yet)",
        |b| {
            b.iter_batched(
                || Arc::new(ReportData::new(load_embedded().unwrap())),
                |data| open(&data, &keymap, Settings::default()),
                BatchSize::LargeInput,
            )
        },
    );
    let report = load_embedded().unwrap();
    c.bench_function("build the shared data (what every App::new paid)", |b| {
        b.iter_batched(|| report.clone(), ReportData::new, BatchSize::LargeInput)
    });
}

criterion_group!(benches, sessions);
criterion_main!(benches);
