//! The screen as a terminal draws it, step by step: the bytes the backend
//! writes are fed to a small terminal emulator that draws East Asian
//! Ambiguous characters two cells wide (as xterm `-cjk_width`, VTE's
//! "ambiguous width: wide" and CJK-locale terminals do), or one, and that
//! knows no grapheme clusters (❤️ is ❤ and a zero-width U+FE0F, as in
//! xterm and the Linux console). After every key the emulator's screen
//! must equal the buffer, and the report's text must be on it whole.
//!
//! `vt100` has no ambiguous-wide setting, hence the emulator here: it
//! implements what the backend sends (CUP, SGR, EL, ED, printing) with the
//! overwrite rules of xterm: a character written over either half of a
//! wide one blanks the other half.

mod common;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::prelude::Backend;
use report_explorer::app::{handle, update, Action, App, Settings};
use report_explorer::colors::ColorDepth;
use report_explorer::content::{self, DirSource};
use report_explorer::input::{Input, Key, KeyCode};
use report_explorer::keymap::Keymap;
use report_explorer::term::backend::ColorBackend;
use report_explorer::text::{char_width, cluster_width, clusters, AmbiWidth};
use report_explorer::ui;
use report_explorer::ui::cells::width_of;

/// One cell of the emulator: what was printed there (a character and the
/// zero-width ones after it), or the right half of a wide one.
#[derive(Clone, PartialEq)]
enum Cell {
    Text(String),
    Tail,
}

/// A terminal that draws ambiguous characters as `ambi` says, and that
/// joins grapheme clusters (kitty, WezTerm, foot, Windows Terminal) or
/// draws character by character (xterm, the Linux console).
struct Terminal {
    clusters: bool,
    cols: usize,
    rows: usize,
    grid: Vec<Vec<Cell>>,
    x: usize,
    y: usize,
    ambi: AmbiWidth,
    /// Escape sequences seen that the emulator does not know.
    unknown: Vec<String>,
}

impl Terminal {
    fn new(cols: u16, rows: u16, ambi: AmbiWidth, clusters: bool) -> Terminal {
        let (cols, rows) = (usize::from(cols), usize::from(rows));
        Terminal {
            clusters,
            cols,
            rows,
            grid: vec![vec![Cell::Text(" ".into()); cols]; rows],
            x: 0,
            y: 0,
            ambi,
            unknown: Vec::new(),
        }
    }

    /// Blank the cell at (x, y) and the other half of a wide character
    /// it belongs to.
    fn erase(&mut self, x: usize, y: usize) {
        let row = &mut self.grid[y];
        match row[x] {
            Cell::Tail if x > 0 => row[x - 1] = Cell::Text(" ".into()),
            _ => {}
        }
        if x + 1 < self.cols && row[x + 1] == Cell::Tail {
            row[x + 1] = Cell::Text(" ".into());
        }
        row[x] = Cell::Text(" ".into());
    }

    /// Print a run of text: cluster by cluster, or character by character.
    fn print_run(&mut self, run: &str) {
        if self.clusters {
            for (_, g) in clusters(run) {
                self.print(g, cluster_width(g, self.ambi));
            }
        } else {
            for c in run.chars() {
                self.print(c.encode_utf8(&mut [0; 4]), char_width(c, self.ambi));
            }
        }
    }

    fn print(&mut self, c: &str, w: usize) {
        if w == 0 {
            // A zero-width character joins the one before the cursor.
            let x = self.x.saturating_sub(1).min(self.cols - 1);
            let x = if self.grid[self.y][x] == Cell::Tail && x > 0 {
                x - 1
            } else {
                x
            };
            if let Cell::Text(s) = &mut self.grid[self.y][x] {
                s.push_str(c);
            }
            return;
        }
        if self.x + w > self.cols {
            // The backend never writes past the edge.
            self.unknown.push(format!("past the edge: {c}"));
            return;
        }
        for i in 0..w {
            self.erase(self.x + i, self.y);
        }
        self.grid[self.y][self.x] = Cell::Text(c.to_string());
        if w == 2 {
            self.grid[self.y][self.x + 1] = Cell::Tail;
        }
        self.x += w;
    }

    fn csi(&mut self, params: &str, end: char) {
        let nums: Vec<usize> = params
            .trim_start_matches('?')
            .split(';')
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        let n =
            |i: usize, default: usize| nums.get(i).copied().filter(|&v| v > 0).unwrap_or(default);
        match end {
            'H' | 'f' => {
                self.y = (n(0, 1) - 1).min(self.rows - 1);
                self.x = (n(1, 1) - 1).min(self.cols - 1);
            }
            'm' | 'h' | 'l' => {}
            'K' => {
                let from = match nums.first().copied().unwrap_or(0) {
                    0 => self.x,
                    _ => 0,
                };
                for x in from..self.cols {
                    self.erase(x, self.y);
                }
            }
            'J' if nums.first() == Some(&2) => {
                for y in 0..self.rows {
                    for x in 0..self.cols {
                        self.grid[y][x] = Cell::Text(" ".into());
                    }
                }
            }
            _ => self.unknown.push(format!("CSI {params}{end}")),
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        let text = String::from_utf8(bytes.to_vec()).expect("the backend writes UTF-8");
        let mut chars = text.chars().peekable();
        let mut run = String::new();
        while let Some(c) = chars.next() {
            if c != '\x1b' {
                run.push(c);
                continue;
            }
            self.print_run(&std::mem::take(&mut run));
            match chars.next() {
                Some('[') => {
                    let mut params = String::new();
                    for c in chars.by_ref() {
                        if c.is_ascii_digit() || c == ';' || c == '?' {
                            params.push(c);
                        } else {
                            self.csi(&params, c);
                            break;
                        }
                    }
                }
                other => self.unknown.push(format!("ESC {other:?}")),
            }
        }
        self.print_run(&run);
    }

    /// Each row as its cells' text, a wide character's right half as "".
    fn rows(&self) -> Vec<Vec<String>> {
        self.grid
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| match c {
                        Cell::Text(s) => s.clone(),
                        Cell::Tail => String::new(),
                    })
                    .collect()
            })
            .collect()
    }
}

/// The buffer's rows as the same cells: what each holds, the cells a wide
/// one hides as "".
fn buffer_rows(buf: &Buffer) -> Vec<Vec<String>> {
    let area = buf.area;
    (area.y..area.bottom())
        .map(|y| {
            let mut row = Vec::new();
            let mut hidden = 0;
            for x in area.x..area.right() {
                if hidden > 0 {
                    hidden -= 1;
                    row.push(String::new());
                    continue;
                }
                let cell = &buf[(x, y)];
                row.push(cell.symbol().to_string());
                hidden = width_of(cell).saturating_sub(1);
            }
            row
        })
        .collect()
}

/// A cluster-aware buffer row set against a terminal that draws a cluster
/// of several characters by their own widths (❤️ one cell, then the blank
/// the backend wrote first): equal where both agree on every cell that
/// holds text.
fn same_screen(term: &[Vec<String>], buf: &[Vec<String>]) -> Result<(), String> {
    for (y, (t, b)) in term.iter().zip(buf).enumerate() {
        let mut x = 0;
        while x < t.len() {
            let (ts, bs) = (&t[x], &b[x]);
            let ok = ts == bs
                // A cluster drawn narrower than the buffer places it: the
                // cell after it is blank on the terminal, hidden in the
                // buffer.
                || (bs.is_empty() && ts == " ");
            if !ok {
                return Err(format!(
                    "row {y}, column {x}: terminal {ts:?}, buffer {bs:?}\n terminal: {}\n buffer:   {}",
                    t.concat(),
                    b.concat()
                ));
            }
            x += 1;
        }
    }
    Ok(())
}

/// A session on the report in `dir`, with its screen, its backend's
/// terminal and the buffer of the last frame.
struct Session {
    app: App,
    keymap: Keymap,
    term: Terminal,
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
            last: Buffer::empty(area),
        };
        s.frame("the first frame");
        s
    }

    /// Draw a frame, send the difference through the backend to the
    /// terminal, and compare.
    fn frame(&mut self, step: &str) {
        let mut buf = Buffer::empty(self.last.area);
        ui::draw(&self.app, &self.keymap, buf.area, &mut buf);
        let mut bytes = Vec::new();
        let mut backend = ColorBackend::new(&mut bytes, ColorDepth::Ansi16);
        backend
            .draw(self.last.diff(&buf).into_iter())
            .expect("writing to memory");
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
        self.term
            .rows()
            .iter()
            .map(|r| r.concat())
            .collect::<Vec<_>>()
            .join("\n")
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
