//! Bytes sent to the terminal per key, through the screen writer, against
//! ratatui's own difference written by its crossterm backend (about what
//! the reader sent before the writer): `cargo run --release --example bytes`.
//!
//! Each row is one key after a short setup, at 80×24 and 200×60, in each
//! layout: one pane (the reader zoomed), the reader with a side pane (the
//! default below 120 columns), three panes (the default at 200×60), with
//! and without left/right margins (DECSLRM) in the terminal.
//!
//! `--dump WxH` writes the first frame's bytes at that size to stdout
//! instead, to look at what they are.

use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use report_explorer::app::view::{reader_scroll, reader_view};
use report_explorer::app::{handle, update, Action, App, Settings};
use report_explorer::colors::ColorDepth;
use report_explorer::content::load_embedded;
use report_explorer::input::{Input, Key, KeyCode};
use report_explorer::keymap::Keymap;
use report_explorer::screen::{Caps, Scroll, Writer};
use report_explorer::ui;

struct Run {
    app: App,
    keymap: Keymap,
    writer: Writer,
    last: Buffer,
    /// Bytes of the last frame: the writer's, and ratatui's difference.
    ours: usize,
    theirs: usize,
    /// The writer's bytes of the last frame.
    frame: Vec<u8>,
}

impl Run {
    fn new(w: u16, h: u16, caps: Caps) -> Result<Run, String> {
        Run::with_depth(w, h, caps, ColorDepth::Ansi16)
    }

    /// A run whose theme is drawn for a `depth`-colour terminal (the
    /// table's rows are 16-colour; xterm-256color gets 256).
    fn with_depth(w: u16, h: u16, caps: Caps, depth: ColorDepth) -> Result<Run, String> {
        let report = load_embedded().map_err(|e| format!("{e:?}"))?;
        let mut settings = Settings::default();
        settings.colors.depth = depth;
        let mut app = App::new(report, settings);
        update(&mut app, Action::Resize(w, h));
        let area = app.area;
        let mut run = Run {
            app,
            keymap: Keymap::default(),
            writer: Writer::new(ColorDepth::Ansi256, caps),
            last: Buffer::empty(area),
            ours: 0,
            theirs: 0,
            frame: Vec::new(),
        };
        run.draw(&[]);
        Ok(run)
    }

    fn draw(&mut self, scrolls: &[Scroll]) {
        let area = self.app.area;
        let mut buf = Buffer::empty(area);
        ui::draw(&self.app, &self.keymap, area, &mut buf);
        self.frame = self.writer.frame(&buf, scrolls);
        self.ours = self.frame.len();
        let mut bytes = Vec::new();
        let prev = if self.last.area == area {
            self.last.clone()
        } else {
            Buffer::empty(area)
        };
        let mut backend = CrosstermBackend::new(&mut bytes);
        // Writing to memory cannot fail.
        let _ = backend.draw(prev.diff(&buf).into_iter());
        self.theirs = bytes.len();
        self.last = buf;
    }

    fn input(&mut self, input: Input) {
        let before = reader_view(&self.app);
        handle(&mut self.app, &self.keymap, input);
        let scrolls: Vec<Scroll> = reader_scroll(&before, &reader_view(&self.app))
            .map(|(area, rows)| Scroll { area, rows })
            .into_iter()
            .collect();
        self.draw(&scrolls);
    }
}

/// `--dump WxH [KEYS [margins]]`: the first frame's bytes at that size,
/// or, with KEYS, the last frame's after the setup of the table (`]`, `]`,
/// `j`) and those keys (each a character; `z` zooms).
fn dump(args: &[String]) -> Result<(), String> {
    use std::io::Write;
    let (w, h) = args
        .first()
        .and_then(|s| s.split_once(['x', '×']))
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .ok_or("--dump WxH [KEYS [margins]]")?;
    let margins = args.get(2).is_some_and(|m| m == "margins");
    let mut run = Run::new(w, h, Caps { margins })?;
    if let Some(keys) = args.get(1) {
        for c in "]]j".chars().chain(keys.chars()) {
            run.input(Input::Key(Key::char(c)));
        }
    }
    std::io::stdout()
        .write_all(&run.frame)
        .map_err(|e| e.to_string())
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).is_some_and(|a| a == "--dump") {
        return dump(&args[2..]);
    }
    let ch = Key::char;
    let keys: Vec<(&str, Vec<Input>)> = vec![
        ("j", vec![Input::Key(ch('j'))]),
        ("k", vec![Input::Key(ch('k'))]),
        ("Space", vec![Input::Key(ch(' '))]),
        ("b", vec![Input::Key(ch('b'))]),
        ("]", vec![Input::Key(ch(']'))]),
        ("G", vec![Input::Key(ch('G'))]),
        ("/ (open)", vec![Input::Key(ch('/'))]),
        (
            "Esc (close)",
            vec![Input::Key(ch('/')), Input::Key(Key::plain(KeyCode::Esc))],
        ),
        ("f (popup)", vec![Input::Key(ch('f'))]),
        (
            "resize →132×40",
            vec![Input::Resize {
                width: 132,
                height: 40,
            }],
        ),
    ];
    println!(
        "| layout | size | margins | key | writer bytes | ratatui diff bytes |\n| --- | --- | --- | --- | --- | --- |"
    );
    for (layout, zoom) in [("one pane", true), ("default", false)] {
        for (w, h) in [(80u16, 24u16), (200, 60)] {
            let name = match (zoom, w) {
                (true, _) => "one pane (zoomed)",
                (false, 80) => "reader + side pane",
                _ => "three panes",
            };
            let _ = layout;
            for margins in [false, true] {
                if zoom && margins {
                    continue;
                }
                for (label, inputs) in &keys {
                    let mut run = Run::new(w, h, Caps { margins })?;
                    // From a place in the middle, where every key moves.
                    run.input(Input::Key(ch(']')));
                    run.input(Input::Key(ch(']')));
                    run.input(Input::Key(ch('j')));
                    if zoom {
                        run.input(Input::Key(ch('z')));
                    }
                    let (mut ours, mut theirs) = (0, 0);
                    for input in inputs {
                        run.input(input.clone());
                        ours = run.ours;
                        theirs = run.theirs;
                    }
                    println!(
                        "| {name} | {w}×{h} | {} | {label} | {ours} | {theirs} |",
                        if margins { "yes" } else { "no" }
                    );
                }
            }
        }
    }
    // The first frame, in each theme.
    for (depth, name) in [(ColorDepth::Ansi16, "16"), (ColorDepth::Ansi256, "256")] {
        for (w, h) in [(80u16, 24u16), (200, 60)] {
            let run = Run::with_depth(w, h, Caps::default(), depth)?;
            println!(
                "| first frame, {name} colours | {w}×{h} | no | — | {} | {} |",
                run.ours, run.theirs
            );
        }
    }
    Ok(())
}
