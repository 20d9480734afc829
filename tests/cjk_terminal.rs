//! The screen as a terminal draws it, step by step: the bytes the backend
//! writes are fed to a small terminal emulator that draws East Asian
//! Ambiguous characters two cells wide (as xterm `-cjk_width`, VTE's
//! "ambiguous width: wide" and CJK-locale terminals do), or one, and that
//! knows no grapheme clusters (❤️ is ❤ and a zero-width U+FE0F, as in
//! xterm and the Linux console). After every key the emulator's screen
//! must equal the buffer, and the report's text must be on it whole.
//!
//! `vt100` has no ambiguous-wide setting, hence the emulator of
//! `common::emulator`.

mod common;
use common::emulator::{buffer_rows, same_screen, Terminal};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use report_explorer::app::{handle, update, Action, App, Settings};
use report_explorer::colors::ColorDepth;
use report_explorer::content::{self, DirSource};
use report_explorer::input::{Input, Key, KeyCode};
use report_explorer::keymap::Keymap;
use report_explorer::screen::{Caps, Writer};
use report_explorer::text::AmbiWidth;
use report_explorer::ui;

/// A session on the report in `dir`, with its screen, its backend's
/// terminal and the buffer of the last frame.
struct Session {
    app: App,
    keymap: Keymap,
    term: Terminal,
    writer: Writer,
    last: Buffer,
}

impl Session {
    fn open(dir: &str, w: u16, h: u16, ambi: AmbiWidth, clusters: bool) -> Session {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let report = content::load(&DirSource::new(root.join(dir))).expect("the fixture loads");
        let settings = Settings {
            ambi,
            color: true,
            ..Settings::default()
        };
        let mut app = App::new(report, settings);
        update(&mut app, Action::Resize(w, h));
        let area = Rect::new(0, 0, w, h);
        let mut s = Session {
            app,
            keymap: Keymap::default(),
            term: Terminal::new(w, h, ambi, clusters),
            writer: Writer::new(ColorDepth::Ansi16, Caps::default()),
            last: Buffer::empty(area),
        };
        s.frame("the first frame");
        s
    }

    /// Draw a frame, write it through the screen writer to the terminal,
    /// and compare.
    fn frame(&mut self, step: &str) {
        let mut buf = Buffer::empty(self.last.area);
        ui::draw(&self.app, &self.keymap, buf.area, &mut buf);
        let bytes = self.writer.frame(&buf, &[]);
        self.term.feed(&bytes);
        assert!(
            self.term.unknown.is_empty(),
            "{step}: {:?}",
            self.term.unknown
        );
        if let Err(e) = same_screen(&self.term.rows(), &buffer_rows(&buf)) {
            panic!("after {step}: {e}");
        }
        self.last = buf;
    }

    fn key(&mut self, key: Key, step: &str) {
        handle(&mut self.app, &self.keymap, Input::Key(key));
        self.frame(step);
    }

    /// The terminal's screen as text, rows joined, hidden halves dropped.
    fn screen(&self) -> String {
        self.term.screen()
    }
}

/// The keys of a reading session: scrolling by lines and pages, sections,
/// panes, the outline, a search typed and left, the help.
fn keys() -> Vec<(Key, &'static str)> {
    let c = Key::char;
    let mut keys = vec![
        (c('j'), "j"),
        (c('j'), "j j"),
        (c('j'), "j j j"),
        (c('k'), "k"),
        (c(' '), "Space"),
        (c('b'), "b"),
        (c(']'), "]"),
        (c('['), "["),
        (c('G'), "G"),
        (c('g'), "g"),
        (c('g'), "g g"),
        (Key::plain(KeyCode::Tab), "Tab"),
        (c('j'), "j in the outline"),
        (Key::plain(KeyCode::Enter), "Enter in the outline"),
        (c('z'), "z"),
        (c('j'), "j zoomed"),
        (c('z'), "z again"),
        (c('/'), "/"),
    ];
    for (ch, step) in [('三', "/三"), ('保', "/三保")] {
        keys.push((c(ch), step));
    }
    keys.push((Key::plain(KeyCode::Down), "Down in the palette"));
    keys.push((Key::plain(KeyCode::Enter), "Enter on a hit"));
    keys.push((c('?'), "?"));
    keys.push((Key::plain(KeyCode::Esc), "Esc"));
    keys
}

fn run_session(dir: &str, w: u16, h: u16, ambi: AmbiWidth, clusters: bool) -> Session {
    let mut s = Session::open(dir, w, h, ambi, clusters);
    for (key, step) in keys() {
        s.key(key, &format!("{step} at {w}×{h} {ambi:?}"));
    }
    s
}

#[test]
fn a_cjk_terminal_shows_the_buffer_after_every_key_in_wide_mode() {
    for (w, h) in [(80, 24), (60, 20), (100, 30), (40, 12)] {
        for clusters in [true, false] {
            run_session(
                "tests/fixtures/text/ambiwide",
                w,
                h,
                AmbiWidth::Wide,
                clusters,
            );
        }
        run_session("tests/fixtures/text/vs16", w, h, AmbiWidth::Wide, true);
    }
}

#[test]
fn a_terminal_shows_the_buffer_after_every_key_in_narrow_mode() {
    for (w, h) in [(80, 24), (60, 20), (40, 12)] {
        for clusters in [true, false] {
            run_session(
                "tests/fixtures/text/ambiwide",
                w,
                h,
                AmbiWidth::Narrow,
                clusters,
            );
        }
        run_session("tests/fixtures/text/vs16", w, h, AmbiWidth::Narrow, true);
    }
}

#[test]
fn an_emoji_with_vs16_is_right_on_a_terminal_without_clusters() {
    // xterm draws ❤️ one cell wide: the blank the backend writes first
    // stands beside it, and nothing after it moves.
    for (w, h) in [(80, 24), (50, 16), (30, 10)] {
        for ambi in [AmbiWidth::Narrow, AmbiWidth::Wide] {
            run_session("tests/fixtures/text/vs16-only", w, h, ambi, false);
        }
    }
}

/// The reader's rows on the terminal, from its left border to its right
/// one, joined: the paragraphs' text as it reads.
fn reader_text(s: &Session) -> String {
    s.screen()
        .lines()
        .filter_map(|l| {
            let l = l.trim_end();
            let inner = l.strip_prefix('│').or_else(|| l.strip_prefix('|'))?;
            let inner = inner.trim_end_matches(['│', '|']).trim_end();
            Some(inner.trim_start().to_string())
        })
        .collect()
}

#[test]
fn the_text_after_an_ambiguous_character_is_not_erased() {
    // The fault: `樹牢“拼搶爭實”工作理念` showed as `樹牢“ 搶爭實” 作理念`.
    for ambi in [AmbiWidth::Wide, AmbiWidth::Narrow] {
        let mut s = Session::open("tests/fixtures/text/ambiwide", 80, 24, ambi, true);
        s.key(Key::char('z'), "z");
        let text = reader_text(&s);
        for phrase in [
            "樹牢“拼搶爭實”工作理念",
            "守牢“三保”底線——確保μg/m³濃度下降……完成目標。",
        ] {
            assert!(
                text.contains(phrase),
                "{ambi:?}: {phrase} not in\n{}",
                s.screen()
            );
        }
    }
}

#[test]
fn no_character_of_an_emoji_paragraph_is_lost() {
    // The fault: at 80×24 the row holding 滿意 ended `…群眾滿 │` and 意
    // was never drawn; at 60×20 ✔️ was lost.
    for (w, h) in [(80, 24), (100, 30), (60, 20), (44, 14)] {
        let mut s = Session::open("tests/fixtures/text/vs16", w, h, AmbiWidth::Narrow, true);
        s.key(Key::char('z'), "z");
        s.key(Key::char(']'), "]");
        let text: String = reader_text(&s).chars().filter(|c| *c != ' ').collect();
        for phrase in [
            "天氣晴☀️，溫度適宜❤️，項目進展✔️順利完成，群眾滿意度持續提升",
            "各項指標穩中有進，發展態勢良好向好。",
        ] {
            assert!(
                text.contains(phrase),
                "{w}×{h}: {phrase} not in\n{}",
                s.screen()
            );
        }
    }
}

#[test]
fn print_rows_are_never_wider_than_asked() {
    use report_explorer::text::str_width;
    for width in [30, 31, 17, 80] {
        let w = width.to_string();
        for ambi in ["narrow", "wide"] {
            let (code, out, err) = common::run(&[
                "print",
                "tests/fixtures/text/vs16",
                "--width",
                &w,
                "--ambiwidth",
                ambi,
            ]);
            assert_eq!(code, 0, "{err}");
            let a = if ambi == "wide" {
                AmbiWidth::Wide
            } else {
                AmbiWidth::Narrow
            };
            for line in out.lines() {
                assert!(
                    str_width(line, a) <= width,
                    "{width} {ambi}: {line:?} is {}",
                    str_width(line, a)
                );
            }
            let all: String = out.split_whitespace().collect();
            assert!(all.contains("群眾滿意度持續提升"), "{width}: {out}");
            assert!(all.contains("心情❤️❤️❤️愉快"), "{width}: {out}");
        }
    }
}
