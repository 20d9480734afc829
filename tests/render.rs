//! Whole screens on ratatui's TestBackend: insta snapshots at 80×24 and
//! 40×15 (and 132×40), and every size from 1×1 up without a panic or a
//! misaligned border.

mod common;
use common::text_of;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::Terminal;
use report_explorer::app::{update, Action, App, Settings};
use report_explorer::content::load_embedded;
use report_explorer::keymap::Keymap;
use report_explorer::text::{str_width, AmbiWidth};
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
    let states: [&[Action]; 7] = [
        &palette,
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

#[test]
fn wide_ambiguous_mode_uses_ascii_chrome() {
    let app = app_with(
        80,
        24,
        Settings {
            ambi: AmbiWidth::Wide,
            color: false,
            ..Settings::default()
        },
        &[],
    );
    let keymap = Keymap::default();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| ui::render(&app, &keymap, f)).unwrap();
    let s = text_of(terminal.backend().buffer());
    assert!(s.contains("+ 目錄 ---"), "{s}");
    assert!(
        !s.contains('│') && !s.contains('▸') && !s.contains('›'),
        "{s}"
    );
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
