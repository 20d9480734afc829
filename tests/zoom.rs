//! Zoom (`z`): the focused pane takes the whole body, all of the screen
//! but the status line, and `z` again gives the other panes back; driven
//! through the keymap as a terminal would.

mod common;
use common::text_of;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use report_explorer::app::{handle, update, Action, App, Pane, Settings};
use report_explorer::content::load_embedded;
use report_explorer::input::{Input, Key};
use report_explorer::keymap::Keymap;
use report_explorer::text::AmbiWidth;
use report_explorer::ui;

fn app(w: u16, h: u16) -> App {
    let settings = Settings {
        ambi: AmbiWidth::Narrow,
        color: false,
        ..Settings::default()
    };
    let mut app = App::new(load_embedded().unwrap(), settings);
    update(&mut app, Action::Resize(w, h));
    app
}

fn press(app: &mut App, c: char) {
    handle(app, &Keymap::default(), Input::Key(Key::char(c)));
}

fn focus(app: &mut App, pane: Pane) {
    for _ in 0..Pane::CYCLE.len() {
        if app.focus == pane {
            return;
        }
        update(app, Action::FocusNext);
    }
    assert_eq!(app.focus, pane);
}

fn drawn(app: &App) -> String {
    let mut buf = Buffer::empty(app.area);
    ui::draw(app, &Keymap::default(), app.area, &mut buf);
    text_of(&buf)
}

#[test]
fn z_zooms_and_unzooms_each_pane_at_each_size() {
    for (w, h) in [(80, 24), (40, 15), (132, 40)] {
        for pane in Pane::CYCLE {
            let mut a = app(w, h);
            focus(&mut a, pane);
            let before = a.screen();
            press(&mut a, 'z');
            assert!(a.zoom, "{w}x{h} {pane:?}");
            let body = Rect::new(0, 0, w, h - 1);
            for other in Pane::CYCLE {
                let expect = (other == pane).then_some(body);
                assert_eq!(a.screen().pane(other), expect, "{w}x{h} {pane:?}");
            }
            assert_eq!(a.screen().status, Rect::new(0, h - 1, w, 1));
            // The zoomed pane says so, with the key that gives the others
            // back, beside its Chinese title.
            let s = drawn(&a);
            let top = s.lines().next().unwrap_or_default();
            if w >= 40 {
                assert!(top.contains(" zoomed (z) "), "{w}x{h} {pane:?}\n{s}");
            }
            assert!(
                ["目錄", "望花區", "名詞解釋", "數字"]
                    .iter()
                    .any(|t| top.contains(t)),
                "{s}"
            );
            press(&mut a, 'z');
            assert!(!a.zoom);
            assert_eq!(a.screen(), before, "{w}x{h} {pane:?}");
        }
    }
}

#[test]
fn the_reader_relays_out_at_its_zoomed_width_and_keeps_its_place() {
    let mut a = app(132, 40);
    update(&mut a, Action::JumpTo("part1.s2.2".into()));
    let narrow = a.layout.width;
    let block = a.current_block();
    assert_eq!(a.doc().blocks[block].id, "part1.s2.2");
    press(&mut a, 'z');
    // The whole width, up to the widest measure (39 hanzi).
    assert_eq!(a.layout.width, 78);
    assert!(a.layout.width > narrow);
    assert_eq!(a.doc().blocks[a.current_block()].id, "part1.s2.2");
    let s = drawn(&a);
    assert!(s.contains("招商引資力度空前。"), "{s}");
    press(&mut a, 'z');
    assert_eq!(a.layout.width, narrow);
    assert_eq!(a.doc().blocks[a.current_block()].id, "part1.s2.2");
}

#[test]
fn zoom_follows_focus_and_survives_a_resize() {
    let mut a = app(80, 24);
    press(&mut a, 'z');
    assert_eq!(a.screen().reader, Some(Rect::new(0, 0, 80, 23)));
    // Tab while zoomed: the next pane has the whole body.
    update(&mut a, Action::FocusNext);
    assert_eq!(a.focus, Pane::Glossary);
    assert_eq!(a.screen().glossary, Some(Rect::new(0, 0, 80, 23)));
    assert_eq!(a.screen().reader, None);
    let s = drawn(&a);
    assert!(
        s.contains("名詞解釋") && s.contains("見於 (Enter 跳轉)："),
        "{s}"
    );
    update(&mut a, Action::Resize(132, 40));
    assert_eq!(a.screen().glossary, Some(Rect::new(0, 0, 132, 39)));
    assert_eq!((a.screen().outline, a.screen().reader), (None, None));
    // Enter jumps to the reader, which then has the whole body.
    update(&mut a, Action::Open);
    assert_eq!(a.focus, Pane::Reader);
    assert_eq!(a.screen().reader, Some(Rect::new(0, 0, 132, 39)));
    // z in the palette is typed, not a zoom.
    update(&mut a, Action::OpenPalette);
    press(&mut a, 'z');
    assert!(a.zoom);
    assert_eq!(a.palette.as_ref().map(|p| p.query.as_str()), Some("z"));
    // Too small for panes: the message, zoomed or not.
    update(&mut a, Action::Close);
    update(&mut a, Action::Resize(19, 5));
    assert!(a.screen().too_small);
    assert!(drawn(&a).contains("need 20×6"));
}

#[test]
fn a_frame_drawn_before_its_resize_keeps_the_zoom() {
    let mut a = app(80, 24);
    focus(&mut a, Pane::Figures);
    press(&mut a, 'z');
    // The terminal draws at 100×30 before the session hears of it.
    let area = Rect::new(0, 0, 100, 30);
    let mut buf = Buffer::empty(area);
    ui::draw(&a, &Keymap::default(), area, &mut buf);
    let s = text_of(&buf);
    let top = s.lines().next().unwrap_or_default();
    assert!(
        top.starts_with("┌ 數字 Figures ") && top.ends_with("┐"),
        "{s}"
    );
    assert!(top.contains("zoomed (z)"), "{s}");
}
