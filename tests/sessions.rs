//! Many sessions on one shared `ReportData`: 100 sessions of different
//! sizes, scripts and ambiguous-width modes, each driven by its own stream
//! of terminal bytes through the byte parser and the one input step, four
//! threads at once and interleaved. Each must show exactly what a lone
//! session (with data of its own) shows after the same input.

mod common;
use common::text_of as text;

use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use report_explorer::app::{handle, App, Effect, Settings};
use report_explorer::content::load_embedded;
use report_explorer::data::ReportData;
use report_explorer::input::{Input, Parser};
use report_explorer::keymap::Keymap;
use report_explorer::text::script::Script;
use report_explorer::text::AmbiWidth;
use report_explorer::ui;

const SESSIONS: usize = 100;
const STEPS: usize = 60;
/// Screens are compared after every this many steps, and at the end.
const CHECK_EVERY: usize = 6;
const ESC_TIMEOUT: Duration = Duration::from_millis(20);

/// What a person might send: keys of every pane and overlay, Chinese and
/// pinyin typed into the palette, a bracketed paste, escape sequences.
const CHUNKS: &[&str] = &[
    "j",
    "k",
    " ",
    "b",
    "]",
    "[",
    "\t",
    "\x1b[Z",
    "f",
    "n",
    "\x1b",
    "/",
    "招商",
    "zsyz",
    "\r",
    "s",
    "g",
    "G",
    "#",
    "v",
    "o",
    "d",
    "c",
    "?",
    "\x0f",
    "\x7f",
    "\x06",
    "\x1b[B",
    "\x1b[A",
    "\x1b[6~",
    "\x1b[5~",
    "l",
    "h",
    "\x1b[200~新質生產力\x1b[201~",
    "29.8",
    "\x15",
    "q",
];

/// One step of a session's script: bytes, or a new size.
#[derive(Debug, Clone)]
enum Step {
    Bytes(&'static str),
    Resize(u16, u16),
}

/// A small deterministic generator (an LCG), so every run sends the same.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

const SIZES: &[(u16, u16)] = &[
    (80, 24),
    (132, 40),
    (40, 15),
    (61, 20),
    (200, 60),
    (20, 6),
    (100, 30),
    (59, 24),
    (120, 36),
    (19, 5),
];

fn settings_of(i: usize) -> Settings {
    Settings {
        ambi: if i % 7 == 3 {
            AmbiWidth::Wide
        } else {
            AmbiWidth::Narrow
        },
        color: i.is_multiple_of(2),
        script: if i % 3 == 1 {
            Script::Simplified
        } else {
            Script::Traditional
        },
        ..Settings::default()
    }
}

fn script_of(i: usize) -> Vec<Step> {
    let mut rng = Lcg(i as u64 * 7919 + 1);
    (0..STEPS)
        .map(|_| match rng.next(12) {
            0 => {
                let (w, h) = SIZES[rng.next(SIZES.len())];
                Step::Resize(w, h)
            }
            // `q` quits: rarely, so that most sessions run to the end.
            _ => match CHUNKS[rng.next(CHUNKS.len())] {
                "q" if rng.next(4) != 0 => Step::Bytes("j"),
                c => Step::Bytes(c),
            },
        })
        .collect()
}

/// One session with its front end's state: the parser and the clock.
struct Session {
    app: App,
    parser: Parser,
    clock: Instant,
    quit: bool,
    screens: Vec<Buffer>,
}

impl Session {
    fn new(app: App, size: (u16, u16), keymap: &Keymap) -> Session {
        let mut s = Session {
            app,
            parser: Parser::new(ESC_TIMEOUT),
            clock: Instant::now(),
            quit: false,
            screens: Vec::new(),
        };
        s.input(
            Input::Resize {
                width: size.0,
                height: size.1,
            },
            keymap,
        );
        s
    }

    fn input(&mut self, input: Input, keymap: &Keymap) {
        if !self.quit && handle(&mut self.app, keymap, input) == Effect::Quit {
            self.quit = true;
        }
    }

    fn step(&mut self, step: &Step, keymap: &Keymap) {
        self.clock += Duration::from_millis(1);
        let inputs = match step {
            Step::Bytes(b) => {
                let mut inputs = self.parser.feed(b.as_bytes(), self.clock);
                // A lone Esc is told apart by the timeout: let it pass.
                if let Some(deadline) = self.parser.deadline() {
                    self.clock = deadline;
                    inputs.extend(self.parser.tick(deadline));
                }
                inputs
            }
            Step::Resize(w, h) => vec![Input::Resize {
                width: *w,
                height: *h,
            }],
        };
        for input in inputs {
            self.input(input, keymap);
        }
    }

    fn draw(&mut self, keymap: &Keymap) {
        let mut buf = Buffer::empty(Rect::new(0, 0, self.app.area.width, self.app.area.height));
        ui::draw(&self.app, keymap, buf.area, &mut buf);
        self.screens.push(buf);
    }

    fn run(&mut self, script: &[Step], from: usize, to: usize, keymap: &Keymap) {
        for (k, step) in script.iter().enumerate().take(to).skip(from) {
            self.step(step, keymap);
            if (k + 1) % CHECK_EVERY == 0 {
                self.draw(keymap);
            }
        }
    }
}

#[test]
fn a_hundred_sessions_on_shared_data_each_see_what_a_lone_session_sees() {
    let keymap = Keymap::default();
    let data = Arc::new(ReportData::new(load_embedded().unwrap()));
    let scripts: Vec<Vec<Step>> = (0..SESSIONS).map(script_of).collect();
    let mut shared: Vec<Session> = (0..SESSIONS)
        .map(|i| {
            let app = App::open(data.clone(), settings_of(i));
            Session::new(app, SIZES[i % SIZES.len()], &keymap)
        })
        .collect();
    // Four threads, each driving its sessions interleaved, a few steps of
    // each in turn.
    std::thread::scope(|scope| {
        for (t, sessions) in shared.chunks_mut(SESSIONS / 4).enumerate() {
            let (keymap, scripts) = (&keymap, &scripts);
            scope.spawn(move || {
                for from in (0..STEPS).step_by(3) {
                    for (k, s) in sessions.iter_mut().enumerate() {
                        let i = t * (SESSIONS / 4) + k;
                        s.run(&scripts[i], from, from + 3, keymap);
                    }
                }
                for s in sessions.iter_mut() {
                    s.draw(keymap);
                }
            });
        }
    });
    // The shared parts were built once: one index, one simplified report.
    assert_eq!(Arc::strong_count(&data), SESSIONS + 1);
    let simplified = data.shown(Script::Simplified);
    let mut distinct = std::collections::BTreeSet::new();
    let mut quits = 0;
    for (i, s) in shared.iter().enumerate() {
        if s.app.settings.script == Script::Simplified {
            assert!(Arc::ptr_eq(&s.app.shown, simplified), "session {i}");
        }
        let mut lone = Session::new(
            App::new(load_embedded().unwrap(), settings_of(i)),
            SIZES[i % SIZES.len()],
            &keymap,
        );
        lone.run(&scripts[i], 0, STEPS, &keymap);
        lone.draw(&keymap);
        assert_eq!(s.screens.len(), lone.screens.len());
        for (k, (a, b)) in s.screens.iter().zip(&lone.screens).enumerate() {
            assert!(
                a == b,
                "session {i}, screen {k}: the shared session differs from a lone one\n{}\n---\n{}",
                text(a),
                text(b)
            );
        }
        assert_eq!(s.app.anchor, lone.app.anchor, "session {i}");
        assert_eq!(s.app.history, lone.app.history, "session {i}");
        quits += usize::from(s.quit);
        distinct.insert(text(s.screens.last().unwrap()));
    }
    // The sessions really did different things, and most ran to the end.
    assert!(distinct.len() > SESSIONS / 2, "{} distinct", distinct.len());
    assert!(quits < SESSIONS / 4, "{quits} quit early");
    // And they show Chinese text in each script.
    let all: String = distinct.iter().cloned().collect();
    assert!(all.contains("工作報告") && all.contains("工作报告"));
}
