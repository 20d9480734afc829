//! Whole screens on ratatui's TestBackend: insta snapshots at 80×24 and
//! 40×15 (and 132×40), and every size from 1×1 up without a panic or a
//! misaligned border.

mod common;
use common::{colour_codes, sgr_params, text_of};

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

/// The chrome's Chinese labels follow the script: the outline's title,
/// the palette's, its kind tags, the glossary's "seen in" and the
/// figures' title are simplified with the text.
#[test]
fn simplified_chrome_80x24() {
    let mut actions = vec![Action::ToggleScript];
    actions.extend(typed("jianshe"));
    let s = screen(80, 24, &actions);
    for label in ["目录", "跳转 Jump", "标题", "要点"] {
        assert!(s.contains(label), "{label}: {s}");
    }
    for traditional in ["目錄", "跳轉", "標題", "要點", "建設"] {
        assert!(!s.contains(traditional), "{traditional}: {s}");
    }
    insta::assert_snapshot!(s);
    let glossary = screen(80, 24, &[Action::ToggleScript, Action::FocusNext]);
    assert!(glossary.contains("见于 (Enter 跳转)："), "{glossary}");
    assert!(glossary.contains("名词解释"), "{glossary}");
    let figures = screen(
        80,
        24,
        &[Action::ToggleScript, Action::FocusNext, Action::FocusNext],
    );
    assert!(figures.contains("数字 Figures"), "{figures}");
    // And back: `s` again gives the traditional labels.
    let back = screen(80, 24, &[Action::ToggleScript, Action::ToggleScript]);
    assert!(back.contains("┌ 目錄 "), "{back}");
}

#[test]
fn too_small() {
    insta::assert_snapshot!(screen(19, 5, &[]));
}

/// Below 20×6 the message says the size needed first, so that a narrow
/// screen never cuts it: `need 20×6`, then the size there is if it fits.
#[test]
fn too_small_says_the_size_needed_first() {
    for (w, h, expect) in [
        (19, 5, "need 20×6 (19×5)"),
        (16, 5, "need 20×6 (16×5)"),
        (15, 24, "need 20×6"),
        (10, 3, "need 20×6"),
        (9, 1, "need 20×6"),
        (120, 5, "need 20×6 (120×5)"),
        (5, 2, "need…"),
    ] {
        let s = screen(w, h, &[]);
        let shown: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(shown, [expect], "{w}x{h}:\n{s}");
    }
    // Chinese text is gone, not cut across the message.
    assert!(!screen(19, 5, &[]).contains("望花區"));
}

/// Every pane's side borders stand in their columns on every row: no wide
/// character ran over one.
fn borders_aligned(app: &App, buf: &Buffer) -> Result<(), String> {
    let s = app.screen();
    if s.too_small {
        return Ok(());
    }
    for r in [s.outline, s.reader, s.glossary, s.figures]
        .into_iter()
        .flatten()
    {
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
    let mut zoomed_palette = vec![Action::ToggleZoom];
    zoomed_palette.extend(typed("gy"));
    let states: [&[Action]; 15] = [
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
        // Zoomed: each pane with the whole body, the table and the chart
        // on a 2025 row, a popup and the palette over a zoomed pane.
        &[Action::ToggleZoom, Action::JumpTo("part1.s2.2".into())],
        &[Action::FocusPrev, Action::ToggleZoom, Action::Bottom],
        &[Action::FocusNext, Action::ToggleZoom, Action::Down],
        &[
            Action::FocusNext,
            Action::FocusNext,
            Action::ToggleView,
            Action::ToggleZoom,
            Action::Bottom,
        ],
        &[
            Action::FocusNext,
            Action::FocusNext,
            Action::ToggleZoom,
            Action::Down,
            Action::ToggleScript,
        ],
        &[
            Action::ToggleZoom,
            Action::JumpTo("part2.s5.1".into()),
            Action::Footnote,
        ],
        &zoomed_palette,
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
            ("chart", chart, "# 2024 "),
            ("table", table, "in order (o) | "),
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
        s.contains("in order (o) | all (d) | all (c) | v: chart"),
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
    assert!(s.contains("need 20x6 (19x5)"), "{s}");
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
    assert!(s.contains("in order (S) · all (u) · all · t: chart"), "{s}");
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

/// Text as it arrives (tests/fixtures/search): a hit written with
/// decomposed accents and a compatibility ideograph shows in the palette
/// in the one form the report is held in (NFC), accents included, next to
/// the Chinese.
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
    // Held in NFC since the load: the decomposed accents composed.
    assert!(s.contains("評選優秀Résumé範例"), "{s}");
    update(&mut app, Action::ClearInput);
    for a in typed("劳动") {
        update(&mut app, a);
    }
    let s = text_of(&drawn(&app, &keymap, &[]));
    // And the compatibility ideograph U+F92F as its unified 勞.
    assert!(s.contains("弘揚勞動精神"), "{s}");
}

/// What a terminal shows in each column of row `y`: the symbol that
/// starts there, or None where a wide character to the left covers it.
fn shown_row(buf: &Buffer, y: u16) -> Vec<Option<String>> {
    let area = buf.area;
    let mut out = Vec::new();
    let mut covered = 0;
    for x in area.x..area.x + area.width {
        if covered > 0 {
            covered -= 1;
            out.push(None);
            continue;
        }
        let sym = buf[(x, y)].symbol();
        covered = str_width(sym, AmbiWidth::Narrow).saturating_sub(1);
        out.push(Some(sym.to_string()));
    }
    out
}

/// The box of an overlay whose title starts with `title`: (left, top,
/// right, bottom), its border's columns and rows.
fn overlay_box(buf: &Buffer, title: &str) -> Option<(u16, u16, u16, u16)> {
    let area = buf.area;
    for y in 0..area.height {
        let row = shown_row(buf, y);
        for (x, sym) in row.iter().enumerate() {
            if sym.as_deref() != Some("┌") {
                continue;
            }
            let rest: String = row[x + 2..].iter().flatten().map(String::as_str).collect();
            if !rest.starts_with(title) {
                continue;
            }
            let right = (x + 1..row.len()).find(|&r| row[r].as_deref() == Some("┐"))?;
            let bottom = (y + 1..area.height).find(|&b| buf[(x as u16, b)].symbol() == "└")?;
            return Some((x as u16, y, right as u16, bottom));
        }
    }
    None
}

/// An overlay's box stands whole: its side borders on every row, the
/// column beside each blank, and nothing wide straddling either.
fn overlay_edges_clean(buf: &Buffer, title: &str, what: &str) -> (u16, u16, u16, u16) {
    let b @ (left, top, right, bottom) =
        overlay_box(buf, title).unwrap_or_else(|| panic!("{what}: no {title:?}\n{}", text_of(buf)));
    let width = buf.area.width;
    for y in top..=bottom {
        let row = shown_row(buf, y);
        let at = |x: u16| row[usize::from(x)].clone();
        for x in [left, right] {
            let s = at(x).unwrap_or_default();
            assert!(
                "│┌┐└┘─".contains(s.as_str()) && !s.is_empty(),
                "{what}: border at ({x},{y}) is {s:?}\n{}",
                text_of(buf)
            );
        }
        let beside = [left.checked_sub(1), Some(right + 1).filter(|&x| x < width)];
        for x in beside.into_iter().flatten() {
            assert_eq!(
                at(x).as_deref(),
                Some(" "),
                "{what}: ({x},{y}) beside the overlay\n{}",
                text_of(buf)
            );
        }
    }
    b
}

/// Whether the overlay's box and the column beside it on each side show
/// the same in both buffers.
fn same_box(a: &Buffer, b: &Buffer, (left, top, right, bottom): (u16, u16, u16, u16)) -> bool {
    let from = usize::from(left.saturating_sub(1));
    let to = usize::from(right + 2).min(usize::from(a.area.width));
    (top..=bottom).all(|y| shown_row(a, y)[from..to] == shown_row(b, y)[from..to])
}

/// Overlays clear everything under them: at every width from 20 to 140,
/// with each pane behind (the figures table's `%` and `…` run to its
/// border), nothing of the panes shows inside the palette, the footnote
/// popup or the help, nor in the column beside them, nor straddles their
/// borders.
#[test]
fn overlays_clear_the_panes_under_them_at_every_width() {
    let keymap = Keymap::default();
    let settings = Settings {
        color: false,
        ..Settings::default()
    };
    let theme = ui::theme::Theme::of(&settings);
    for h in [20, 24] {
        for w in 20..=140u16 {
            let base = app_with(w, h, settings, &[Action::JumpTo("part1.intro.2".into())]);
            let area = Rect::new(0, 0, w, h);
            let mut behind: Vec<Vec<Action>> =
                (0..4).map(|tabs| vec![Action::FocusNext; tabs]).collect();
            let mut table = to_figures(&base);
            table.push(Action::ToggleView);
            behind.push(table);
            for before in behind {
                let mut actions = before.clone();
                actions.extend(typed("招商"));
                let (app, buf) = after(&base, &keymap, &actions);
                let what = format!("palette at {w}x{h} after {before:?}");
                let b = overlay_edges_clean(&buf, "跳轉 Jump", &what);
                let mut alone = Buffer::empty(area);
                ui::palette::render(&app, &keymap, &theme, area, &mut alone);
                assert!(same_box(&buf, &alone, b), "{what}\n{}", text_of(&buf));
            }
            let (app, buf) = after(
                &base,
                &keymap,
                &[Action::JumpTo("part1.s5".into()), Action::Footnote],
            );
            let what = format!("footnote at {w}x{h}");
            let b = overlay_edges_clean(&buf, "[15] 智慧", &what);
            let mut alone = Buffer::empty(area);
            let reader = app.screen().reader.unwrap_or(area);
            ui::popup::render(&app, &keymap, &theme, reader, &mut alone);
            assert!(same_box(&buf, &alone, b), "{what}\n{}", text_of(&buf));
            // Help: the same whatever the reader shows behind it.
            let help = |at: &str| {
                after(
                    &base,
                    &keymap,
                    &[Action::JumpTo(at.into()), Action::ToggleHelp],
                )
                .1
            };
            let (one, two) = (help("part1.s1.1"), help("glossary.3"));
            let what = format!("help at {w}x{h}");
            let b = overlay_edges_clean(&one, "Keys", &what);
            assert!(same_box(&one, &two, b), "{what}\n{}", text_of(&one));
        }
    }
}

/// The bytes of the first frame of `app` at its size, as the terminal
/// driver writes them (the buffer through the screen writer).
fn frame_bytes(app: &App, depth: report_explorer::colors::ColorDepth) -> Vec<u8> {
    use report_explorer::screen::{Caps, Writer};
    let keymap = Keymap::default();
    let mut buf = ratatui::buffer::Buffer::empty(app.area);
    ui::draw(app, &keymap, app.area, &mut buf);
    Writer::new(depth, Caps::default()).frame(&buf, &[])
}

/// The frames a 16-colour test looks at: the first screen, a footnote
/// popup and the figures chart at 80×24, the palette and help too.
fn colour_states(settings: Settings) -> Vec<(&'static str, App)> {
    let base = app_with(80, 24, settings, &[]);
    let mut chart = to_figures(&base);
    chart.push(Action::Down);
    let states: Vec<(&str, Vec<Action>)> = vec![
        ("first screen", vec![]),
        (
            "footnote",
            vec![Action::JumpTo("part1.s5".into()), Action::Footnote],
        ),
        ("chart", chart),
        ("palette", typed("招商")),
        ("help", vec![Action::ToggleHelp]),
        ("hits", {
            let mut a = typed("生產力");
            a.extend([Action::Open, Action::NextHit]);
            a
        }),
        ("figures marked", vec![Action::ToggleInline]),
    ];
    states
        .into_iter()
        .map(|(name, actions)| (name, after(&base, &Keymap::default(), &actions).0))
        .collect()
}

fn colored(
    depth: report_explorer::colors::ColorDepth,
    background: report_explorer::colors::Background,
) -> Settings {
    Settings {
        color: true,
        colors: report_explorer::colors::Colors { depth, background },
        ..Settings::default()
    }
}

/// A terminal that announces 16 colours gets only the 16 ANSI codes: no
/// `38;5;` (which crossterm writes even for ratatui's DarkGray and Cyan),
/// no 24-bit colour, on a dark or a light background.
#[test]
fn a_16_colour_frame_has_no_256_colour_codes() {
    use report_explorer::colors::{Background, ColorDepth};
    for background in [Background::Dark, Background::Light] {
        for (name, app) in colour_states(colored(ColorDepth::Ansi16, background)) {
            let bytes = frame_bytes(&app, ColorDepth::Ansi16);
            let text = String::from_utf8(bytes.clone()).unwrap();
            for deep in ["38;5;", "48;5;", "38;2;", "48;2;"] {
                assert!(!text.contains(deep), "{name} {background:?}: {deep}");
            }
            let codes = colour_codes(&sgr_params(&bytes));
            assert!(codes.len() >= 2, "{name}: colour is on: {codes:?}");
            assert!(text.contains('望') || text.contains('名'), "{name}");
        }
    }
    // The same frames with more colours use them: the depth is what the
    // terminal said.
    for (depth, deep) in [
        (ColorDepth::Ansi256, "38;5;"),
        (ColorDepth::TrueColor, "38;2;"),
    ] {
        let (_, app) = colour_states(colored(depth, Background::Dark)).remove(0);
        let text = String::from_utf8(frame_bytes(&app, depth)).unwrap();
        assert!(text.contains(deep), "{depth:?}");
    }
    // Found by trying: crossterm's own backend writes DarkGray as 38;5;8
    // (it honours NO_COLOR by writing no colour at all, so only then).
    if std::env::var_os("NO_COLOR").is_none() {
        use ratatui::backend::CrosstermBackend;
        let (_, app) = colour_states(colored(ColorDepth::Ansi16, Background::Dark)).remove(0);
        let mut out = Vec::new();
        {
            let options = ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(app.area),
            };
            let mut t = Terminal::with_options(CrosstermBackend::new(&mut out), options).unwrap();
            t.draw(|f| ui::render(&app, &Keymap::default(), f)).unwrap();
        }
        assert!(String::from_utf8_lossy(&out).contains("38;5;8"));
    }
}

/// The frame a 16-colour terminal gets, read back by a terminal emulator
/// (vt100), and every SGR sequence it holds with how often: the snapshot
/// of the first screen at 80×24.
fn colour_snapshot(app: &App) -> String {
    let bytes = frame_bytes(app, report_explorer::colors::ColorDepth::Ansi16);
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut parser = vt100::Parser::new(size(app.area.height), size(app.area.width), 0);
    parser.process(&bytes);
    let mut counts = std::collections::BTreeMap::new();
    for p in sgr_params(&bytes) {
        *counts.entry(p).or_insert(0) += 1;
    }
    let mut out = parser.screen().contents();
    out.push_str("\n\n-- SGR sequences (ESC [ … m) in the bytes, with their count --\n");
    for (p, n) in counts {
        out.push_str(&format!("{p}m ×{n}\n"));
    }
    out
}

#[test]
fn colours_16_dark_80x24() {
    use report_explorer::colors::{Background, ColorDepth};
    let (_, app) = colour_states(colored(ColorDepth::Ansi16, Background::Dark)).remove(0);
    let s = colour_snapshot(&app);
    assert!(!s.contains("38;5"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn colours_16_light_footnote_80x24() {
    use report_explorer::colors::{Background, ColorDepth};
    let (_, app) = colour_states(colored(ColorDepth::Ansi16, Background::Light)).remove(1);
    let s = colour_snapshot(&app);
    assert!(s.contains("[15] 智慧就業小程序"), "{s}");
    insta::assert_snapshot!(s);
}

/// The light theme keeps contrast: in every frame, at every depth, no
/// text is white, grey, yellow or a pale bright colour, and every colour
/// drawn on the background has a contrast of 3 or more with white.
#[test]
fn the_light_theme_has_no_pale_text_on_any_screen() {
    use ratatui::style::Color;
    use report_explorer::colors::{contrast, Background, ColorDepth};
    use report_explorer::ui::colors::rgb_of;
    let pale = [
        Color::White,
        Color::Gray,
        Color::Yellow,
        Color::LightYellow,
        Color::LightCyan,
        Color::LightGreen,
    ];
    for depth in [
        ColorDepth::Ansi16,
        ColorDepth::Ansi256,
        ColorDepth::TrueColor,
    ] {
        for (name, app) in colour_states(colored(depth, Background::Light)) {
            let mut buf = Buffer::empty(app.area);
            ui::draw(&app, &Keymap::default(), app.area, &mut buf);
            for cell in buf.content() {
                if cell.symbol() == " " || cell.bg != Color::Reset {
                    continue;
                }
                assert!(
                    !pale.contains(&cell.fg),
                    "{name} {depth:?}: {:?} {cell:?}",
                    cell.fg
                );
                if let Some(rgb) = rgb_of(cell.fg) {
                    let c = contrast(rgb, (255, 255, 255));
                    assert!(c >= 3.0, "{name} {depth:?}: {cell:?} {c:.2}");
                }
            }
            assert!(text_of(&buf).contains("望花區") || text_of(&buf).contains("名詞"));
        }
    }
}
