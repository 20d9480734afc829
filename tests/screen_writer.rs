//! The screen writer, checked against terminals: after every step of a
//! random walk of keys and resizes, in every layout, the bytes the writer
//! sent, applied to `vt100` (narrow ambiguous width, colours compared too)
//! and to the emulator of `common::emulator` (both ambiguous widths, with
//! and without left and right margins), give a screen equal to the buffer
//! that was rendered, cell for cell. The byte counts of the common keys
//! have upper bounds (bytes are deterministic; this is not a timing test).

mod common;
use common::emulator::{buffer_rows, same_screen, Terminal};

use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use report_explorer::app::view::{reader_scroll, reader_view};
use report_explorer::app::{handle, update, Action, App, Settings};
use report_explorer::colors::ColorDepth;
use report_explorer::content::load_embedded;
use report_explorer::input::{Input, Key, KeyCode};
use report_explorer::keymap::Keymap;
use report_explorer::screen::pen::fit_depth;
use report_explorer::screen::{Caps, Scroll, SharedFrames, Writer};
use report_explorer::text::AmbiWidth;
use report_explorer::ui;
use report_explorer::ui::cells::width_of;
use report_explorer::ui::colors::ansi_index;
use std::sync::Arc;

/// One step of a walk.
#[derive(Debug, Clone)]
enum Step {
    Key(Key),
    Resize(u16, u16),
}

const SIZES: &[(u16, u16)] = &[
    (80, 24),
    (200, 60),
    (60, 20),
    (120, 36),
    (40, 12),
    (100, 30),
];

fn keys() -> Vec<Key> {
    let mut keys: Vec<Key> = "jjjjkkk  bdu][GggzTn?fs/三保"
        .chars()
        .map(Key::char)
        .collect();
    for code in [
        KeyCode::Tab,
        KeyCode::Esc,
        KeyCode::Enter,
        KeyCode::Down,
        KeyCode::Up,
        KeyCode::PageDown,
        KeyCode::PageUp,
    ] {
        keys.push(Key::plain(code));
    }
    keys
}

fn step() -> impl Strategy<Value = Step> {
    let keys = keys();
    prop_oneof![
        12 => (0..keys.len()).prop_map(move |i| Step::Key(keys[i])),
        1 => (0..SIZES.len()).prop_map(|i| Step::Resize(SIZES[i].0, SIZES[i].1)),
    ]
}

/// A session driven through the writer into one or more terminals.
struct Run {
    app: App,
    keymap: Keymap,
    writer: Writer,
    last: Buffer,
    /// Bytes of the last frame.
    bytes: Vec<u8>,
}

impl Run {
    fn new(w: u16, h: u16, ambi: AmbiWidth, caps: Caps) -> Run {
        Run::sharing(w, h, ambi, caps, None)
    }

    /// A run whose writer shares frames with the others given `shared`.
    fn sharing(
        w: u16,
        h: u16,
        ambi: AmbiWidth,
        caps: Caps,
        shared: Option<&Arc<SharedFrames>>,
    ) -> Run {
        let settings = Settings {
            ambi,
            color: true,
            ..Settings::default()
        };
        let mut app = App::new(load_embedded().expect("the embedded report"), settings);
        update(&mut app, Action::Resize(w, h));
        let mut writer = Writer::new(ColorDepth::Ansi256, caps);
        if let Some(shared) = shared {
            writer.share(Arc::clone(shared));
        }
        let mut run = Run {
            app,
            keymap: Keymap::default(),
            writer,
            last: Buffer::empty(Rect::new(0, 0, w, h)),
            bytes: Vec::new(),
        };
        run.draw(&[]);
        run
    }

    fn draw(&mut self, scrolls: &[Scroll]) {
        let area = self.app.area;
        let mut buf = Buffer::empty(area);
        ui::draw(&self.app, &self.keymap, area, &mut buf);
        self.bytes = self.writer.frame(&buf, scrolls);
        self.last = buf;
    }

    /// Apply a step and draw, telling the writer what scrolled.
    fn step(&mut self, step: &Step) {
        let before = reader_view(&self.app);
        match step {
            Step::Key(k) => {
                handle(&mut self.app, &self.keymap, Input::Key(*k));
            }
            Step::Resize(w, h) => {
                // As the driver does on every resize.
                self.writer.resized();
                handle(
                    &mut self.app,
                    &self.keymap,
                    Input::Resize {
                        width: *w,
                        height: *h,
                    },
                );
            }
        }
        let after = reader_view(&self.app);
        let scrolls: Vec<Scroll> = reader_scroll(&before, &after)
            .map(|(area, rows)| Scroll { area, rows })
            .into_iter()
            .collect();
        self.draw(&scrolls);
    }
}

/// The colour a vt100 cell should have for a buffer colour.
fn vt_color(c: Color) -> vt100::Color {
    match fit_depth(c, ColorDepth::Ansi256) {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        named => vt100::Color::Idx(ansi_index(named).unwrap_or(0)),
    }
}

/// The vt100 screen equals the buffer, cell for cell: text, and the
/// colours and attributes of every cell that is not blank (a blank's
/// background too).
fn same_as_vt100(screen: &vt100::Screen, buf: &Buffer) -> Result<(), String> {
    let area = buf.area;
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let cell = &buf[(x, y)];
            let w = width_of(cell).max(1);
            let vt = screen.cell(y, x).ok_or("a cell")?;
            let row = || screen.contents_between(y, 0, y, area.width);
            if vt.contents() != cell.symbol().trim_end_matches('\u{0}')
                && !(cell.symbol() == " " && vt.contents().is_empty())
            {
                return Err(format!(
                    "row {y}, column {x}: vt100 {:?}, buffer {:?}\n vt100: {}",
                    vt.contents(),
                    cell.symbol(),
                    row()
                ));
            }
            if vt.bgcolor() != vt_color(cell.bg) {
                return Err(format!(
                    "row {y}, column {x}: background {:?} vs {:?}",
                    vt.bgcolor(),
                    cell.bg
                ));
            }
            if cell.symbol() != " " {
                let m = cell.modifier;
                let want = (
                    vt_color(cell.fg),
                    m.contains(Modifier::BOLD),
                    m.contains(Modifier::ITALIC),
                    m.contains(Modifier::UNDERLINED),
                    m.contains(Modifier::REVERSED),
                );
                let got = (
                    vt.fgcolor(),
                    vt.bold(),
                    vt.italic(),
                    vt.underline(),
                    vt.inverse(),
                );
                if want != got {
                    return Err(format!(
                        "row {y}, column {x} {:?}: {got:?} vs {want:?}",
                        cell.symbol()
                    ));
                }
            }
            x += w;
        }
    }
    Ok(())
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a size above zero")
}

/// Walk `steps` from 80×24 and check every frame on every terminal.
fn walk(steps: &[Step]) -> Result<(), String> {
    let (w, h) = (80, 24);
    // vt100, narrow.
    let mut run = Run::new(w, h, AmbiWidth::Narrow, Caps::default());
    let mut vt = vt100::Parser::new(nz(h), nz(w), 0);
    vt.process(&run.bytes);
    same_as_vt100(vt.screen(), &run.last).map_err(|e| format!("first frame: {e}"))?;
    for (i, s) in steps.iter().enumerate() {
        if let Step::Resize(w, h) = s {
            vt.screen_mut().set_size(nz(*h), nz(*w));
        }
        run.step(s);
        vt.process(&run.bytes);
        same_as_vt100(vt.screen(), &run.last).map_err(|e| format!("vt100, step {i} {s:?}: {e}"))?;
    }
    // The emulator: both widths, with and without margins.
    for ambi in [AmbiWidth::Narrow, AmbiWidth::Wide] {
        for margins in [false, true] {
            let mut run = Run::new(w, h, ambi, Caps { margins });
            let mut term = Terminal::new(w, h, ambi, true);
            term.feed(&run.bytes);
            for (i, s) in steps.iter().enumerate() {
                if let Step::Resize(w, h) = s {
                    term.resize(*w, *h);
                }
                run.step(s);
                term.feed(&run.bytes);
                if !term.unknown.is_empty() {
                    return Err(format!(
                        "{ambi:?} margins {margins}, step {i}: {:?}",
                        term.unknown
                    ));
                }
                same_screen(&term.rows(), &buffer_rows(&run.last))
                    .map_err(|e| format!("{ambi:?} margins {margins}, step {i} {s:?}: {e}"))?;
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn every_frame_on_every_terminal_equals_the_buffer(steps in proptest::collection::vec(step(), 1..60)) {
        let result = walk(&steps);
        prop_assert!(result.is_ok(), "{}", result.err().unwrap_or_default());
    }
}

/// Three writers share frames: A walks `common` then `a`, B `common` then
/// `b`, C as A. A fourth, D, walks as A alone. Every frame of each equals
/// its buffer on vt100, and C, which takes A's frames, sends byte for
/// byte what D works out for itself. How many frames were taken.
fn walk_sharing(common: &[Step], a: &[Step], b: &[Step]) -> Result<usize, String> {
    let shared = SharedFrames::new();
    let new = |shared: Option<&Arc<SharedFrames>>| {
        let run = Run::sharing(80, 24, AmbiWidth::Narrow, Caps::default(), shared);
        let mut vt = vt100::Parser::new(nz(24), nz(80), 0);
        vt.process(&run.bytes);
        (run, vt)
    };
    let mut runs = [
        new(Some(&shared)),
        new(Some(&shared)),
        new(Some(&shared)),
        new(None),
    ];
    let walks: Vec<Vec<Step>> = [a, b, a, a]
        .iter()
        .map(|tail| common.iter().chain(tail.iter()).cloned().collect())
        .collect();
    let longest = walks.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..longest {
        for (n, ((run, vt), walk)) in runs.iter_mut().zip(&walks).enumerate() {
            let Some(s) = walk.get(i) else { continue };
            if let Step::Resize(w, h) = s {
                vt.screen_mut().set_size(nz(*h), nz(*w));
            }
            run.step(s);
            vt.process(&run.bytes);
            same_as_vt100(vt.screen(), &run.last)
                .map_err(|e| format!("writer {n}, step {i} {s:?}: {e}"))?;
        }
        if i < walks[0].len() && runs[2].0.bytes != runs[3].0.bytes {
            return Err(format!("step {i}: a shared frame differs from its own"));
        }
    }
    Ok(shared.taken())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]
    #[test]
    fn writers_that_share_frames_each_show_their_own_buffer(
        common in proptest::collection::vec(step(), 0..20),
        a in proptest::collection::vec(step(), 0..20),
        b in proptest::collection::vec(step(), 0..20),
    ) {
        let result = walk_sharing(&common, &a, &b);
        prop_assert!(result.is_ok(), "{}", result.err().unwrap_or_default());
    }
}

#[test]
fn a_writer_takes_a_frame_another_painted_and_a_different_history_does_not() {
    let j = Step::Key(Key::char('j'));
    let page = Step::Key(Key::char(' '));
    let s = Step::Key(Key::char('s'));
    // C takes A's first frame and its four steps; B takes the first frame
    // and the two common steps, then reads in simplified characters: its
    // screens are its own from there.
    let taken = walk_sharing(
        &[page.clone(), j.clone()],
        &[j.clone(), page.clone()],
        &[s, j, page],
    );
    assert_eq!(taken, Ok(8));
}

#[test]
fn a_long_walk_of_every_key_at_every_size() -> Result<(), String> {
    let mut steps = Vec::new();
    for &(w, h) in SIZES {
        steps.push(Step::Resize(w, h));
        for k in keys() {
            steps.push(Step::Key(k));
            steps.push(Step::Key(Key::char('j')));
        }
        steps.push(Step::Key(Key::char('z')));
        for _ in 0..5 {
            steps.push(Step::Key(Key::char('j')));
        }
        steps.push(Step::Key(Key::char('z')));
    }
    walk(&steps)
}

/// Bytes for `key` after `setup`, at `w`×`h`, narrow.
fn bytes_for(w: u16, h: u16, setup: &[Key], key: Key) -> usize {
    let mut run = Run::new(w, h, AmbiWidth::Narrow, Caps::default());
    for k in setup {
        run.step(&Step::Key(*k));
    }
    run.step(&Step::Key(key));
    run.bytes.len()
}

#[test]
fn the_common_keys_cost_few_bytes() {
    let j = Key::char('j');
    let zoom = [Key::char('z')];
    // One line in a full-width pane (zoomed): a scroll, a row, the status.
    let b = bytes_for(80, 24, &zoom, j);
    assert!(b <= 260, "j zoomed at 80×24: {b} bytes");
    // Beside another pane, without margins: less than the plain
    // difference ever was (1,800 bytes).
    let b = bytes_for(80, 24, &[], j);
    assert!(b <= 1_000, "j at 80×24: {b} bytes");
    let b = bytes_for(200, 60, &zoom, j);
    assert!(b <= 400, "j zoomed at 200×60: {b} bytes");
    // Beside another pane, where the terminal has left and right margins
    // (DECLRMM is set once, with the first such scroll; the region is
    // left set): at most 1.5× less's 76 bytes.
    let mut run = Run::new(80, 24, AmbiWidth::Narrow, Caps { margins: true });
    for k in [Key::char(']'), Key::char(']'), j] {
        run.step(&Step::Key(k));
    }
    run.step(&Step::Key(j));
    let b = run.bytes.len();
    assert!(
        b <= 114,
        "j beside the outline with margins at 80×24: {b} bytes"
    );
    assert!(!String::from_utf8_lossy(&run.bytes).contains("?69"));
    // The same frame again: nothing at all.
    let mut run = Run::new(80, 24, AmbiWidth::Narrow, Caps::default());
    run.draw(&[]);
    assert_eq!(run.bytes.len(), 0);
}

/// The first frame at 80×24 in the theme an xterm-256color terminal gets:
/// at most 2× less's 1,462 bytes with the driver's own 63 (the modes it
/// sets, the margins query), painted pen by pen, side borders down their
/// columns.
#[test]
fn the_first_frame_costs_at_most_twice_less() {
    let mut settings = Settings::default();
    settings.colors.depth = ColorDepth::Ansi256;
    let mut app = App::new(load_embedded().expect("the embedded report"), settings);
    update(&mut app, Action::Resize(80, 24));
    let mut buf = Buffer::empty(app.area);
    ui::draw(&app, &Keymap::default(), app.area, &mut buf);
    let mut writer = Writer::new(ColorDepth::Ansi256, Caps::default());
    let bytes = writer.frame(&buf, &[]);
    // (2,753 bytes when this was written: 2,853 pen by pen, 3,751 in
    // reading order alone.)
    assert!(
        bytes.len() + 63 <= 2 * 1_462 && bytes.len() <= 2_770,
        "first frame at 80×24: {} bytes",
        bytes.len()
    );
    let mut vt = vt100::Parser::new(nz(24), nz(80), 0);
    vt.process(&bytes);
    same_as_vt100(vt.screen(), &buf).expect("the first frame shows the buffer");
}

/// A buffer of `w`×`h` with `rows` written from column 0, narrow.
fn rows_buffer(w: u16, h: u16, rows: &[&str]) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    for (y, row) in rows.iter().enumerate() {
        ui::cells::put_str(
            &mut buf,
            0,
            y as u16,
            row,
            ratatui::style::Style::new(),
            w,
            AmbiWidth::Narrow,
        );
    }
    buf
}

/// A scroll between left and right margins moves the halves of hanzi
/// that straddle a margin apart: the head left outside (whose tail moved
/// away) is painted again, as are a tail moved in and a head moved in.
#[test]
fn a_hanzi_straddling_a_margin_is_painted_again_after_a_scroll_between_margins() {
    let (w, h) = (30, 16);
    // Even rows: 人 over columns 2–3, across the margin at 3; odd rows:
    // 花 over 1–2, a hanzi from 3, nothing across it. The right margin,
    // after column 12, is crossed by a hanzi over 12–13 in the even rows.
    let text: Vec<char> = "即將過去的一年面對諸多超預期困難和挑戰區政府在市委市政府和區委的堅強領導下團結帶領全區人民"
        .chars()
        .collect();
    let rows: Vec<String> = (0..usize::from(h))
        .map(|y| {
            let rest: String = text.iter().cycle().skip(y * 3).take(14).collect();
            if y % 2 == 0 {
                format!("望人{rest}")
            } else {
                format!("│花{rest}")
            }
        })
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let before = rows_buffer(w, h, &rows);
    // Columns 3–12 moved up a row (the cells copied as they are), the
    // last row's new.
    let mut after = before.clone();
    for y in 0..h {
        for x in 3..13 {
            after[(x, y)] = if y + 1 < h {
                before[(x, y + 1)].clone()
            } else {
                ratatui::buffer::Cell::EMPTY
            };
        }
    }
    ui::cells::put_str(
        &mut after,
        3,
        h - 1,
        "區政協委",
        ratatui::style::Style::new(),
        10,
        AmbiWidth::Narrow,
    );
    let mut writer = Writer::new(ColorDepth::Ansi256, Caps { margins: true });
    let mut term = Terminal::new(w, h, AmbiWidth::Narrow, true);
    term.feed(&writer.frame(&before, &[]));
    same_screen(&term.rows(), &buffer_rows(&before)).expect("the first frame");
    let area = Rect::new(3, 0, 10, h);
    let bytes = writer.frame(&after, &[Scroll { area, rows: 1 }]);
    let sent = String::from_utf8_lossy(&bytes).into_owned();
    assert!(sent.contains("\x1b[4;13s\x1b[S"), "not scrolled: {sent:?}");
    term.feed(&bytes);
    assert!(term.unknown.is_empty(), "{:?}", term.unknown);
    if let Err(e) = same_screen(&term.rows(), &buffer_rows(&after)) {
        panic!("{e}\n{sent:?}");
    }
}

/// A cluster that terminals without grapheme clusters (xterm, the Linux
/// console, tmux 3.3) draw wider than the layout (⌚︎, one cell as laid
/// out, two there; a family of three, two cells, six there) is followed
/// by an absolute move, what it drew over is painted again, and at the
/// right edge it is written with autowrap off: nothing wraps into the
/// next row, and the last row never scrolls the screen. Only its own cells
/// differ on such a terminal; on one with clusters, none.
#[test]
fn a_cluster_drawn_wider_on_some_terminals_never_wraps_nor_shifts_the_row() {
    let family = "👨\u{200d}👩\u{200d}👧";
    let watch = "⌚\u{fe0e}";
    let (w, h) = (12, 3);
    let rows = [
        format!("望{watch}花區人民"),
        format!("人民政府工a{watch}"),
        format!("望花區人民{family}"),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let buf = rows_buffer(w, h, &rows);
    // The cells the cluster takes as laid out.
    let own = [(0, 2), (1, 11), (2, 10), (2, 11)];
    for clusters in [true, false] {
        let mut writer = Writer::new(ColorDepth::Ansi256, Caps::default());
        let mut term = Terminal::new(w, h, AmbiWidth::Narrow, clusters);
        let bytes = writer.frame(&buf, &[]);
        term.feed(&bytes);
        let sent = String::from_utf8_lossy(&bytes).into_owned();
        assert!(term.unknown.is_empty(), "{:?}\n{sent:?}", term.unknown);
        let (shown, want) = (term.rows(), buffer_rows(&buf));
        if clusters {
            if let Err(e) = same_screen(&shown, &want) {
                panic!("{e}\n{sent:?}");
            }
            continue;
        }
        for (y, (s, b)) in shown.iter().zip(&want).enumerate() {
            for x in 0..usize::from(w) {
                if !own.contains(&(y, x)) {
                    assert_eq!(s[x], b[x], "row {y}, column {x}\n{s:?}\n{sent:?}");
                }
            }
        }
    }
}
