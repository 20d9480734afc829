//! Speed of the reader: laying out the whole report, drawing one frame,
//! and everything from loading the embedded report to the first frame.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use report_explorer::app::{update, Action, App, Settings};
use report_explorer::content::load_embedded;
use report_explorer::document::{Document, Layout};
use report_explorer::keymap::Keymap;
use report_explorer::text::AmbiWidth;
use report_explorer::ui;

fn layout(c: &mut Criterion) {
    let doc = Document::new(&load_embedded().unwrap());
    c.bench_function("layout whole report at 80 columns", |b| {
        b.iter(|| Layout::of_document(black_box(&doc), 80, AmbiWidth::Narrow))
    });
}

fn frame(c: &mut Criterion) {
    let keymap = Keymap::default();
    let base = App::new(load_embedded().unwrap(), Settings::default());
    for (w, h) in [(80, 24), (200, 60)] {
        let mut app = base.clone();
        update(&mut app, Action::Resize(w, h));
        update(&mut app, Action::JumpTo("part1.s5.1".into()));
        let area = Rect::new(0, 0, w, h);
        c.bench_function(&format!("render one frame at {w}x{h}"), |b| {
            b.iter(|| {
                let mut buf = Buffer::empty(area);
                ui::draw(black_box(&app), &keymap, area, &mut buf);
                buf
            })
        });
    }
}

fn startup(c: &mut Criterion) {
    let keymap = Keymap::default();
    c.bench_function("load, lay out and draw the first frame at 80x24", |b| {
        b.iter(|| {
            let mut app = App::new(load_embedded().unwrap(), Settings::default());
            update(&mut app, Action::Resize(80, 24));
            let area = Rect::new(0, 0, 80, 24);
            let mut buf = Buffer::empty(area);
            ui::draw(&app, &keymap, area, &mut buf);
            buf
        })
    });
}

criterion_group!(benches, layout, frame, startup);
criterion_main!(benches);
