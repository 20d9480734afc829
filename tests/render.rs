//! Whole screens on ratatui's TestBackend: insta snapshots at 80×24 and
//! 40×15 (and 132×40), and every size from 1×1 up without a panic or a
//! misaligned border.

mod common;
use common::text_of;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::Terminal;
use report_explorer::app::{update, Action, App, Pane, Settings};
use report_explorer::content::load_embedded;
use report_explorer::figures::Dimension;
use report_explorer::input::{Key, KeyCode};
use report_explorer::keymap::{bindings, Binding, Context, Keymap};
use report_explorer::text::{char_width, str_width, AmbiWidth};
use report_explorer::ui;

/// The app before any action, built once per settings (loading and
/// validating the report is the slow part).
fn fresh(settings: Settings) -> App {
    use std::sync::OnceLock;
    static BASE: OnceLock<App> = OnceLock::new();
    let mut app = BASE
        .get_or_init(|| {
            let mut app = App::new(load_embedded().unwrap(), Settings::default());
            // Build the search index once; clones share it.
            update(&mut app, Action::OpenPalette);
            update(&mut app, Action::Close);
            app
        })
        .clone();
    app.settings = settings;
    app
}

fn app_with(w: u16, h: u16, settings: Settings, actions: &[Action]) -> App {
    let mut app = fresh(settings);
    update(&mut app, Action::Resize(w, h));
    for a in actions {
        update(&mut app, a.clone());
    }
    app
}

fn screen(w: u16, h: u16, actions: &[Action]) -> String {
    let app = app_with(
        w,
        h,
        Settings {
            ambi: AmbiWidth::Narrow,
            color: false,
            ..Settings::default()
        },
        actions,
    );
    let keymap = Keymap::default();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(&app, &keymap, f)).unwrap();
    let text = text_of(terminal.backend().buffer());
    for line in text.lines() {
        assert_eq!(str_width(line, AmbiWidth::Narrow), usize::from(w), "{line}");
    }
    text
}

#[test]
fn first_screen_80x24() {
    insta::assert_snapshot!(screen(80, 24, &[]));
}

#[test]
fn footnote_popup_over_chinese_text_80x24() {
    let s = screen(
        80,
        24,
        &[Action::JumpTo("part1.s5".into()), Action::Footnote],
    );
    assert!(s.contains("[15] 智慧就業小程序"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn glossary_focused_80x24() {
    let s = screen(80, 24, &[Action::FocusNext, Action::Down, Action::Down]);
    assert!(s.contains("“小升規”"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn help_80x24() {
    insta::assert_snapshot!(screen(80, 24, &[Action::ToggleHelp]));
}

#[test]
fn reader_40x15() {
    insta::assert_snapshot!(screen(40, 15, &[Action::JumpTo("part2.s1.2".into())]));
}

#[test]
fn footnote_popup_40x15() {
    insta::assert_snapshot!(screen(
        40,
        15,
        &[
            Action::JumpTo("part1.s1.1".into()),
            Action::Footnote,
            Action::Footnote
        ]
    ));
}

#[test]
fn outline_40x15() {
    insta::assert_snapshot!(screen(
        40,
        15,
        &[Action::JumpTo("part1.s3.2".into()), Action::FocusPrev]
    ));
}

#[test]
fn three_panes_132x40() {
    insta::assert_snapshot!(screen(132, 40, &[Action::JumpTo("part1.s4.3".into())]));
}

fn typed(q: &str) -> Vec<Action> {
    let mut a = vec![Action::OpenPalette];
    a.extend(q.chars().map(Action::Input));
    a
}

#[test]
fn palette_80x24() {
    let s = screen(80, 24, &typed("xzscl"));
    assert!(s.contains("/ xzscl"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn palette_40x15() {
    insta::assert_snapshot!(screen(40, 15, &typed("招商引资")));
}

#[test]
fn simplified_80x24() {
    insta::assert_snapshot!(screen(
        80,
        24,
        &[Action::ToggleScript, Action::JumpTo("part1.s3.2".into())]
    ));
}

#[test]
fn too_small() {
    insta::assert_snapshot!(screen(19, 5, &[]));
}

/// Every pane's side borders stand in their columns on every row: no wide
/// character ran over one.
fn borders_aligned(app: &App, buf: &Buffer) -> Result<(), String> {
    let s = app.screen();
    if s.too_small {
        return Ok(());
    }
    for r in [s.outline, s.reader, s.glossary].into_iter().flatten() {
        for y in r.y + 1..r.y + r.height.saturating_sub(1) {
            for x in [r.x, r.x + r.width - 1] {
                let sym = buf[(x, y)].symbol();
                if sym != "│" && sym != "|" {
                    return Err(format!(
                        "{}x{}: border at ({x},{y}) is {sym:?}",
                        s.area.width, s.area.height
                    ));
                }
            }
        }
    }
    Ok(())
}

fn draw_all_states(w: u16, h: u16, ambi: AmbiWidth) {
    let keymap = Keymap::default();
    let settings = Settings {
        ambi,
        color: true,
        ..Settings::default()
    };
    let sized = app_with(w, h, settings, &[]);
    let palette = typed("zsyz");
    let mut steps = typed("生產力");
    steps.extend([Action::Open, Action::NextHit, Action::NextHit]);
    let states: [&[Action]; 8] = [
        &palette,
        &steps,
        &[
            Action::FocusNext,
            Action::FocusNext,
            Action::Down,
            Action::Down,
        ],
        &[
            Action::FocusNext,
            Action::FocusNext,
            Action::ToggleView,
            Action::CycleSort,
            Action::ToggleInline,
        ],
        &[Action::JumpTo("part1.s1.1".into())],
        &[Action::JumpTo("part2.s5.1".into()), Action::Footnote],
        &[Action::FocusNext, Action::Bottom],
        &[Action::ToggleHelp, Action::PageDown],
    ];
    for actions in states {
        let mut app = sized.clone();
        for a in actions {
            update(&mut app, a.clone());
        }
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        ui::draw(&app, &keymap, area, &mut buf);
        if app.help.is_none() && app.popup.is_none() && app.palette.is_none() {
            borders_aligned(&app, &buf).unwrap();
        }
    }
}

#[test]
fn every_size_draws_without_panic_or_misalignment() {
    for w in (1..=200).chain([239, 240, 320, 500]) {
        for h in [1, 5, 6, 7, 15, 24] {
            draw_all_states(w, h, AmbiWidth::Narrow);
        }
    }
    for (w, h) in [(500, 200), (1, 200), (80, 200), (300, 60)] {
        draw_all_states(w, h, AmbiWidth::Narrow);
        draw_all_states(w, h, AmbiWidth::Wide);
    }
    for w in [20, 41, 59, 60, 61, 80, 119, 120, 121] {
        draw_all_states(w, 24, AmbiWidth::Wide);
    }
}

#[test]
fn resizing_through_every_width_keeps_borders_aligned() {
    let keymap = Keymap::default();
    let mut app = app_with(
        80,
        24,
        Settings::default(),
        &[Action::JumpTo("part1.s6.2".into())],
    );
    for w in (1..=160).chain((1..=160).rev()) {
        update(&mut app, Action::Resize(w, 24));
        let area = Rect::new(0, 0, w, 24);
        let mut buf = Buffer::empty(area);
        ui::draw(&app, &keymap, area, &mut buf);
        borders_aligned(&app, &buf).unwrap();
    }
}

/// `app` after `actions`, and it drawn with `keymap` into a buffer of its
/// size.
fn after(app: &App, keymap: &Keymap, actions: &[Action]) -> (App, Buffer) {
    let mut app = app.clone();
    for a in actions {
        update(&mut app, a.clone());
    }
    let mut buf = Buffer::empty(app.area);
    ui::draw(&app, keymap, app.area, &mut buf);
    (app, buf)
}

fn drawn(app: &App, keymap: &Keymap, actions: &[Action]) -> Buffer {
    after(app, keymap, actions).1
}

/// Tab until the figures pane has focus (at most once round the panes).
fn to_figures(app: &App) -> Vec<Action> {
    let mut probe = app.clone();
    let mut out = Vec::new();
    while probe.focus != Pane::Figures && out.len() < 6 {
        update(&mut probe, Action::FocusNext);
        out.push(Action::FocusNext);
    }
    assert_eq!(probe.focus, Pane::Figures);
    out
}

/// The table, filtered to `dim` (cycling the dimension filter to it).
fn table_of(app: &App, dim: Dimension) -> Vec<Action> {
    let mut actions = to_figures(app);
    actions.push(Action::ToggleView);
    let mut probe = app.clone();
    for a in &actions {
        update(&mut probe, a.clone());
    }
    while probe.figures.dimension != Some(dim) && actions.len() < 40 {
        update(&mut probe, Action::CycleDimension);
        actions.push(Action::CycleDimension);
    }
    assert_eq!(probe.figures.dimension, Some(dim));
    actions
}

/// Characters that take one cell or two depending on the terminal.
fn ambiguous(c: char) -> bool {
    char_width(c, AmbiWidth::Narrow) != char_width(c, AmbiWidth::Wide)
}

/// Every character of the report's own text: its files, and its blocks as
/// the document shows them (the occasion after its ——).
fn report_chars(app: &App) -> std::collections::HashSet<char> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/content/wanghua-2024");
    let mut out: std::collections::HashSet<char> = app
        .doc()
        .blocks
        .iter()
        .flat_map(|b| b.text.chars())
        .collect();
    for entry in std::fs::read_dir(dir).unwrap() {
        out.extend(
            std::fs::read_to_string(entry.unwrap().path())
                .unwrap()
                .chars(),
        );
    }
    out
}

#[test]
fn wide_ambiguous_mode_uses_ascii_chrome() {
    let keymap = Keymap::default();
    let settings = Settings {
        ambi: AmbiWidth::Wide,
        color: false,
        ..Settings::default()
    };
    let report = report_chars(&app_with(80, 24, settings, &[]));
    // The chrome's own glyphs. The report's text holds none of them but
    // the —— the document sets before the occasion (in the reader only).
    let chrome = "·─│┌┐└┘█░↑↓←→›▸▾…×²³";
    for c in chrome.chars() {
        assert!(!report.contains(&c), "the report holds {c}");
    }
    // 59 columns: one pane at a time, wide enough for every hint whole.
    for (w, h) in [(80, 24), (132, 40), (59, 24)] {
        let app = app_with(w, h, settings, &[]);
        let footnote = [Action::JumpTo("part1.s5".into()), Action::Footnote];
        // Help a page further down each time, to its end.
        let help = |pages: usize| {
            let mut a = vec![Action::ToggleHelp];
            a.extend(std::iter::repeat_n(Action::PageDown, pages));
            a
        };
        let mut chart = to_figures(&app);
        chart.push(Action::Down);
        let mut table = to_figures(&app);
        table.push(Action::ToggleView);
        let states: Vec<(&str, Vec<Action>, &str)> = vec![
            ("first screen", vec![], "望花區人民政府工作報告 ---"),
            ("palette", typed("招商"), " results | Up/Down choose | "),
            ("footnote", footnote.to_vec(), " | n | Esc "),
            ("glossary", vec![Action::FocusNext], "見於 (Enter 跳轉)："),
            (
                "glossary list",
                vec![Action::FocusNext, Action::Down, Action::Down],
                "- ",
            ),
            ("chart", chart, "# 2024  = 2025"),
            ("table", table, "sort order (o) | "),
            ("area", table_of(&app, Dimension::Area), " m2 "),
            ("multiple", table_of(&app, Dimension::Multiple), " x "),
            (
                "concentration",
                table_of(&app, Dimension::Concentration),
                "ug/m3",
            ),
            ("help", help(0), "Keys (Esc closes)"),
            ("help 1", help(1), "Keys (Esc closes)"),
            ("help 2", help(2), "Keys (Esc closes)"),
            ("help 3", help(3), "Keys (Esc closes)"),
            ("help 4", help(4), "Keys (Esc closes)"),
            ("help 5", help(5), "Keys (Esc closes)"),
            ("help end", help(8), "In this help"),
        ];
        let mut seen = String::new();
        for (name, actions, expect) in states {
            let (after, buf) = after(&app, &keymap, &actions);
            let s = text_of(&buf);
            seen.push_str(&s);
            assert!(s.contains(expect), "{name} at {w}x{h}: no {expect:?}\n{s}");
            // Chinese is on every screen, chrome or text.
            assert!(s.contains("望花區") || s.contains("名詞"), "{name}\n{s}");
            let reader = after.screen().reader.filter(|_| after.help.is_none());
            for (i, cell) in buf.content().iter().enumerate() {
                let (x, y) = buf.pos_of(i);
                let in_reader = reader.is_some_and(|r| r.contains((x, y).into()));
                for c in cell.symbol().chars() {
                    let text = report.contains(&c) && (c != '—' || in_reader);
                    assert!(
                        !chrome.contains(c) && (!ambiguous(c) || text),
                        "{name} at {w}x{h}: {c:?} at ({x},{y}) in the chrome\n{s}"
                    );
                }
            }
        }
        // Descriptions are plain enough for either width.
        assert!(seen.contains("Show one dimension"), "{w}x{h}");
    }
    // One pane at a time, the figures' hints show whole, with the wide dot.
    let app = app_with(59, 24, settings, &[]);
    let mut table = to_figures(&app);
    let s = text_of(&drawn(&app, &keymap, &table));
    assert!(s.contains("# 2024  = 2025   v: table"), "{s}");
    table.push(Action::ToggleView);
    let s = text_of(&drawn(&app, &keymap, &table));
    assert!(
        s.contains("sort order (o) | all (d) | all (c) | v: chart"),
        "{s}"
    );
    assert!(s.contains("數字 Figures"), "{s}");
    let app = app_with(80, 24, settings, &[]);
    let s = text_of(&drawn(&app, &keymap, &typed("招商")));
    assert!(
        s.contains("/ 招商") && s.contains(" results | Up/Down choose | Enter jump | Esc cancel"),
        "{s}"
    );
    let small = app_with(19, 5, settings, &[]);
    let s = text_of(&drawn(&small, &keymap, &[]));
    assert!(s.contains("Too small (19x5)"), "{s}");
}

/// The built-in table with `action`'s keys in `context` replaced (none:
/// the action is left unbound).
fn rebind(bindings: &mut Vec<Binding>, context: Context, action: Action, keys: &[Key]) {
    let at = bindings
        .iter()
        .position(|b| b.context == context && b.action == action)
        .unwrap();
    if keys.is_empty() {
        bindings.remove(at);
    } else {
        bindings[at].keys = keys.to_vec();
    }
}

#[test]
fn hints_follow_a_rebinding() {
    let mut b = bindings();
    rebind(
        &mut b,
        Context::Global,
        Action::ToggleHelp,
        &[Key::plain(KeyCode::F(1))],
    );
    rebind(&mut b, Context::Help, Action::Close, &[Key::char('x')]);
    rebind(&mut b, Context::Pane, Action::Open, &[Key::char('e')]);
    rebind(&mut b, Context::Palette, Action::Up, &[Key::ctrl('k')]);
    rebind(&mut b, Context::Palette, Action::Down, &[Key::ctrl('j')]);
    rebind(
        &mut b,
        Context::Palette,
        Action::Open,
        &[Key::plain(KeyCode::Tab)],
    );
    rebind(&mut b, Context::Palette, Action::Close, &[Key::ctrl('g')]);
    rebind(&mut b, Context::Popup, Action::Footnote, &[Key::char('m')]);
    rebind(&mut b, Context::Popup, Action::Close, &[Key::char('x')]);
    rebind(
        &mut b,
        Context::Figures,
        Action::ToggleView,
        &[Key::char('t')],
    );
    rebind(
        &mut b,
        Context::Figures,
        Action::CycleSort,
        &[Key::char('S')],
    );
    rebind(
        &mut b,
        Context::Figures,
        Action::CycleDimension,
        &[Key::char('u')],
    );
    rebind(&mut b, Context::Figures, Action::CycleSection, &[]);
    let keymap = Keymap::new(b).unwrap();
    let app = app_with(
        80,
        24,
        Settings {
            ambi: AmbiWidth::Narrow,
            color: false,
            ..Settings::default()
        },
        &[],
    );
    let screen = |actions: &[Action]| text_of(&drawn(&app, &keymap, actions));

    let s = screen(&[]);
    let status = s.lines().last().unwrap();
    assert!(status.ends_with("  F1 help "), "{status}");
    assert!(status.contains("望花區人民政府工作報告"), "{status}");
    assert!(!s.contains("? help"), "{s}");

    let s = screen(&typed("招商"));
    assert!(s.contains("/ 招商"), "{s}");
    assert!(
        s.contains(" results · Ctrl-K/Ctrl-J choose · Tab jump · Ctrl-G cancel"),
        "{s}"
    );

    let s = screen(&[Action::JumpTo("part1.s5".into()), Action::Footnote]);
    assert!(s.contains("[15] 智慧就業小程序"), "{s}");
    assert!(s.contains(" · m · x "), "{s}");
    assert!(!s.contains(" · n · Esc "), "{s}");

    let s = screen(&[Action::FocusNext]);
    assert!(s.contains("見於 (e 跳轉)："), "{s}");

    // One pane at a time: the figures' hints show whole.
    let app = app_with(
        59,
        24,
        Settings {
            ambi: AmbiWidth::Narrow,
            color: false,
            ..Settings::default()
        },
        &[],
    );
    let screen = |actions: &[Action]| text_of(&drawn(&app, &keymap, actions));
    let figures = to_figures(&app);
    let s = screen(&figures);
    assert!(s.contains("█ 2024  ░ 2025   t: table"), "{s}");
    assert!(s.contains("固定資產投資"), "{s}");
    let mut table = figures;
    table.push(Action::ToggleView);
    let s = screen(&table);
    // CycleSection has no key now: its hint is left out, never wrong.
    assert!(
        s.contains("sort order (S) · all (u) · all · t: chart"),
        "{s}"
    );
    assert!(s.contains("數字 Figures"), "{s}");

    // The focused pane's keys come first: F1 is on the help's second page.
    let s = screen(&[Action::ToggleHelp, Action::PageDown]);
    assert!(s.contains("Keys (x closes)"), "{s}");
    assert!(s.contains("F1  ") && s.contains("望花區"), "{s}");
}

#[test]
fn a_popup_survives_resizes_that_move_its_marker_out_of_view() {
    let keymap = Keymap::default();
    for (w, h) in [(80, 12), (40, 15), (20, 6), (132, 8), (61, 30)] {
        let mut app = app_with(
            80,
            60,
            Settings::default(),
            &[Action::JumpTo("part1.s5".into())],
        );
        for _ in 0..3 {
            update(&mut app, Action::Footnote);
        }
        assert!(app.popup.is_some());
        update(&mut app, Action::Resize(w, h));
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        ui::draw(&app, &keymap, area, &mut buf);
    }
}

/// A terminal may draw a frame at its new size before the resize event
/// reaches the session (ratatui resizes its buffer on draw): every overlay
/// must then stay inside the smaller or larger buffer. Found by trying: a
/// footnote popup low on a 100×60 screen was drawn below an 80×24 buffer.
#[test]
fn a_frame_at_a_size_the_session_was_not_told_draws_inside_it() {
    let keymap = Keymap::default();
    let scrolled: Vec<Action> = std::iter::once(Action::JumpTo("part1.s5".into()))
        .chain(std::iter::repeat_n(Action::Down, 25))
        .collect();
    let with_popup: Vec<Action> = scrolled.iter().cloned().chain([Action::Footnote]).collect();
    let palette = typed("招商");
    let states: [&[Action]; 5] = [
        &with_popup,
        &palette,
        &[Action::ToggleHelp, Action::PageDown],
        &[Action::FocusNext, Action::FocusNext, Action::ToggleView],
        &scrolled,
    ];
    for (w, h) in [(100, 60), (132, 40), (80, 24), (40, 15)] {
        for ambi in [AmbiWidth::Narrow, AmbiWidth::Wide] {
            let settings = Settings {
                ambi,
                ..Settings::default()
            };
            for actions in states {
                let app = app_with(w, h, settings, actions);
                for (bw, bh) in [(80, 24), (61, 12), (20, 6), (1, 1), (200, 60), (100, 59)] {
                    let area = Rect::new(0, 0, bw, bh);
                    let mut buf = Buffer::empty(area);
                    ui::draw(&app, &keymap, area, &mut buf);
                }
            }
        }
    }
    // The popup really was low on the big screen, and its Chinese shows.
    let app = app_with(100, 60, Settings::default(), &with_popup);
    assert!(app.popup.is_some());
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    ui::draw(&app, &keymap, area, &mut buf);
    assert!(text_of(&buf).contains("望花區人民政府工作報告"));
}

/// Text as it arrives (tests/fixtures/search): the palette shows a hit in
/// decomposed accents and a compatibility ideograph with every character
/// it has, accents included, next to the Chinese.
#[test]
fn the_palette_shows_hits_with_every_character_as_written() {
    let source = report_explorer::content::DirSource::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/search"
    ));
    let report = report_explorer::content::load(&source).unwrap();
    let keymap = Keymap::default();
    let settings = Settings {
        ambi: AmbiWidth::Narrow,
        color: false,
        ..Settings::default()
    };
    let mut app = App::new(report, settings);
    update(&mut app, Action::Resize(80, 24));
    for a in typed("resume") {
        update(&mut app, a);
    }
    let buf = drawn(&app, &keymap, &[]);
    let s = text_of(&buf);
    assert!(s.contains("1 result ·"), "{s}");
    assert!(s.contains("評選優秀Re\u{301}sume\u{301}範例"), "{s}");
    update(&mut app, Action::ClearInput);
    for a in typed("劳动") {
        update(&mut app, a);
    }
    let s = text_of(&drawn(&app, &keymap, &[]));
    assert!(s.contains("弘揚\u{F92F}動精神"), "{s}");
}
