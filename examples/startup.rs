//! Where the time before the first frame goes, for the embedded report at
//! 80×24 (or another size: `-- 200 60`): `cargo run --release --example
//! startup`. Each stage is run 50 times from nothing; the table gives the
//! median. The session's layout is the first lines its view shows
//! (`Layout::prefix`); the rest, laid out after the first frame, is the
//! last row, outside the total.

use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use report_explorer::app::{nav, update, Action, App, Settings};
use report_explorer::colors::ColorDepth;
use report_explorer::content::{self, embedded};
use report_explorer::data::ReportData;
use report_explorer::keymap::Keymap;
use report_explorer::screen::{Caps, Writer};
use report_explorer::ui;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Result<(), String> {
    let args: Vec<u16> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (w, h) = match args[..] {
        [w, h] => (w, h),
        _ => (80, 24),
    };
    let mut stages: Vec<(&str, Vec<Duration>)> = vec![
        ("parse + validate (load_embedded)", Vec::new()),
        ("shared data (document, outline)", Vec::new()),
        ("session: layout", Vec::new()),
        ("first frame: render (ui::draw)", Vec::new()),
        ("first frame: write (screen::Writer)", Vec::new()),
        ("after it: the rest of the layout", Vec::new()),
    ];
    let _ = embedded::LABEL;
    for _ in 0..50 {
        let t = Instant::now();
        let report = content::load_embedded().map_err(|e| format!("{e:?}"))?;
        stages[0].1.push(t.elapsed());
        let t = Instant::now();
        let data = std::sync::Arc::new(ReportData::new(report));
        stages[1].1.push(t.elapsed());
        let t = Instant::now();
        let mut app = App::open(data, Settings::default());
        update(&mut app, Action::Resize(w, h));
        stages[2].1.push(t.elapsed());
        let t = Instant::now();
        let mut buf = Buffer::empty(app.area);
        ui::draw(&app, &Keymap::default(), app.area, &mut buf);
        stages[3].1.push(t.elapsed());
        let t = Instant::now();
        let bytes = Writer::new(ColorDepth::Ansi256, Caps::default()).frame(&buf, &[]);
        std::hint::black_box(bytes);
        stages[4].1.push(t.elapsed());
        let t = Instant::now();
        nav::complete_layout(&mut app);
        stages[5].1.push(t.elapsed());
    }
    println!("At {w}×{h}:\n\n| stage | median |\n| --- | --- |");
    let mut total = Duration::ZERO;
    let after = stages.pop();
    for (name, times) in stages {
        let m = median(times);
        total += m;
        println!("| {name} | {:.2} ms |", m.as_secs_f64() * 1e3);
    }
    println!(
        "| total to the first frame | {:.2} ms |",
        total.as_secs_f64() * 1e3
    );
    if let Some((name, times)) = after {
        println!("| {name} | {:.2} ms |", median(times).as_secs_f64() * 1e3);
    }
    Ok(())
}
