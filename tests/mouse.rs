//! The mouse on the core: the wheel scrolls the pane under the pointer, a
//! click focuses, selects and opens (outline entries, glossary terms,
//! footnote markers, palette results), overlays close on a click outside;
//! the whole path from SGR bytes; and no coordinates, size or state panic.

use std::time::Instant;

use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use report_explorer::app::{handle, update, Action, App, Effect, Pane, Settings};
use report_explorer::content::load_embedded;
use report_explorer::input::{Input, Modifiers, Mouse, MouseAction, MouseButton, Parser};
use report_explorer::keymap::Keymap;
use report_explorer::text::script::Script;
use report_explorer::text::{str_width, AmbiWidth};
use report_explorer::ui;

/// The report loaded once; each test takes a clone at its size.
fn base() -> App {
    use std::sync::OnceLock;
    static BASE: OnceLock<App> = OnceLock::new();
    BASE.get_or_init(|| App::new(load_embedded().unwrap(), Settings::default()))
        .clone()
}

fn app(w: u16, h: u16) -> App {
    let mut app = base();
    update(&mut app, Action::Resize(w, h));
    app
}

fn event(action: MouseAction, button: MouseButton, column: u16, row: u16) -> Input {
    Input::Mouse(Mouse {
        action,
        button,
        column,
        row,
        mods: Modifiers::NONE,
    })
}

fn send(app: &mut App, input: Input) -> Effect {
    handle(app, &Keymap::default(), input)
}

fn wheel(app: &mut App, column: u16, row: u16, down: bool) -> Effect {
    let button = if down {
        MouseButton::WheelDown
    } else {
        MouseButton::WheelUp
    };
    send(app, event(MouseAction::Press, button, column, row))
}

/// A left click: press, then release (which does nothing).
fn click(app: &mut App, column: u16, row: u16) -> Effect {
    let effect = send(
        app,
        event(MouseAction::Press, MouseButton::Left, column, row),
    );
    let release = event(MouseAction::Release, MouseButton::Left, column, row);
    assert_eq!(send(app, release), Effect::None);
    effect
}

/// The middle cell of a rectangle.
fn middle(r: Rect) -> (u16, u16) {
    (r.x + r.width / 2, r.y + r.height / 2)
}

fn draw(app: &App) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, app.area.width, app.area.height));
    ui::draw(app, &Keymap::default(), buf.area, &mut buf);
    buf
}

/// The first cell inside `area` where `needle` is drawn, reading rows top
/// to bottom (a wide character's hidden cell is skipped).
fn find(buf: &Buffer, area: Rect, needle: &str) -> Option<(u16, u16)> {
    for y in area.y..area.bottom() {
        let mut text = String::new();
        let mut cells = Vec::new();
        let mut x = area.x;
        while x < area.right() {
            let symbol = buf[(x, y)].symbol();
            cells.push((text.len(), x));
            text.push_str(symbol);
            x += str_width(symbol, AmbiWidth::Narrow).max(1) as u16;
        }
        if let Some(at) = text.find(needle) {
            let (_, x) = cells.iter().rev().find(|(start, _)| *start <= at)?;
            return Some((*x, y));
        }
    }
    None
}

fn block_id(app: &App) -> String {
    app.doc().blocks[app.current_block()].id.to_string()
}

#[test]
fn the_wheel_scrolls_the_reader_three_lines_a_notch_without_moving_the_focus() {
    for (w, h) in [(80, 24), (132, 40)] {
        let mut a = app(w, h);
        update(&mut a, Action::FocusNext); // the outline keeps the focus
        let focus = a.focus;
        let (x, y) = middle(a.screen().reader.unwrap());
        let first = block_id(&a);
        assert_eq!(wheel(&mut a, x, y, true), Effect::Redraw);
        assert_eq!((a.top, a.focus), (3, focus), "{w}×{h}");
        wheel(&mut a, x, y, true);
        assert_eq!(a.top, 6);
        wheel(&mut a, x, y, false);
        wheel(&mut a, x, y, false);
        wheel(&mut a, x, y, false);
        assert_eq!(a.top, 0, "stops at the top");
        assert_eq!(block_id(&a), first);
        // Far enough down, the text of the first section (望花區) shows.
        for _ in 0..40 {
            wheel(&mut a, x, y, true);
        }
        let buf = draw(&a);
        assert!(a.top > 60 && a.top <= a.max_top());
        assert!(find(&buf, a.screen().reader.unwrap(), "。").is_some());
    }
}

#[test]
fn the_wheel_moves_the_outline_and_glossary_selections_unfocused() {
    let mut a = app(132, 40);
    assert_eq!(a.focus, Pane::Reader);
    let (x, y) = middle(a.screen().outline.unwrap());
    let visible = a.visible_nodes();
    let at = visible.iter().position(|&n| n == a.tree.selected).unwrap();
    wheel(&mut a, x, y, true);
    wheel(&mut a, x, y, true);
    assert_eq!(a.tree.selected, visible[at + 2]);
    wheel(&mut a, x, y, false);
    assert_eq!(a.tree.selected, visible[at + 1]);
    assert_eq!((a.focus, a.top), (Pane::Reader, 0), "the reader stays");
    // The outline shows the entry selected: 2024年工作回顧 is the first part.
    assert!(a.outline().nodes[a.tree.selected]
        .label
        .contains("2024年工作回顧"));

    let (x, y) = middle(a.screen().glossary.unwrap());
    wheel(&mut a, x, y, true);
    wheel(&mut a, x, y, true);
    assert_eq!((a.glossary.selected, a.focus), (2, Pane::Reader));
    let g = a.report().glossary.clone().unwrap();
    assert_eq!(g.entries[a.glossary.selected].term, "“小升規”");
    for _ in 0..100 {
        wheel(&mut a, x, y, true);
    }
    assert_eq!(a.glossary.selected, g.entries.len() - 1, "stops at the end");
    // Over the status line the wheel does nothing.
    assert_eq!(wheel(&mut a, 5, 39, true), Effect::None);
}

#[test]
fn the_wheel_over_figures_moves_its_selection() {
    let mut a = app(132, 40);
    update(&mut a, Action::FocusNext); // the glossary
    update(&mut a, Action::FocusNext); // the figures take the right
    update(&mut a, Action::FocusNext); // and keep it, the outline focused
    assert_eq!(a.focus, Pane::Outline);
    let (x, y) = middle(a.screen().figures.unwrap());
    // As ↓ with the figures focused (the chart's next row: a 2024 result
    // or a 2025 target), the focus staying on the outline.
    let mut focused = a.clone();
    update(&mut focused, Action::FocusPrev);
    assert_eq!(focused.focus, Pane::Figures);
    update(&mut focused, Action::Down);
    let before = a.figures.clone();
    wheel(&mut a, x, y, true);
    assert_ne!(a.figures, before);
    assert_eq!((&a.figures, a.focus), (&focused.figures, Pane::Outline));
}

#[test]
fn a_click_focuses_the_pane_under_it() {
    for (w, h) in [(80, 24), (132, 40)] {
        let mut a = app(w, h);
        let s = a.screen();
        let (x, y) = (s.outline.unwrap().x, s.outline.unwrap().y); // a corner
        assert_eq!(click(&mut a, x, y), Effect::Redraw);
        assert_eq!(a.focus, Pane::Outline);
        let (x, y) = middle(a.screen().reader.unwrap());
        click(&mut a, x, y);
        assert_eq!(a.focus, Pane::Reader);
        // The status line is no pane.
        assert_eq!(click(&mut a, 1, h - 1), Effect::None);
        assert_eq!(a.focus, Pane::Reader);
    }
    let mut a = app(132, 40);
    let r = a.screen().glossary.unwrap();
    click(&mut a, r.right() - 1, r.bottom() - 1);
    assert_eq!(a.focus, Pane::Glossary);
    assert_eq!(
        a.screen().glossary,
        Some(r),
        "the panes stay where they were"
    );
}

#[test]
fn click_and_click_again_opens_an_outline_entry() {
    for (w, h) in [(80, 24), (132, 40)] {
        let mut a = app(w, h);
        let area = a.screen().outline.unwrap();
        let (x, y) = find(&draw(&a), area, "（二）千方百計").expect("the section in the outline");
        click(&mut a, x, y);
        assert_eq!(a.focus, Pane::Outline);
        let node = a.tree.selected;
        assert!(a.outline().nodes[node].label.starts_with("（二）千方百計"));
        assert_eq!(a.top, 0, "one click only selects");
        click(&mut a, x, y);
        assert_eq!(a.focus, Pane::Reader, "{w}×{h}");
        assert_eq!(block_id(&a), "part1.s2");
        assert_eq!(a.tree.selected, node);
        // Back returns to the top, as after Enter.
        update(&mut a, Action::Back);
        assert_eq!(a.top, 0);
    }
}

#[test]
fn a_click_on_the_fold_glyph_folds_and_unfolds() {
    let mut a = app(132, 40);
    let area = a.screen().outline.unwrap();
    let (x, y) = find(&draw(&a), area, "2024年工作回顧").unwrap();
    let shown = a.visible_nodes().len();
    // The glyph is two cells left of the label: `▾ 2024年…`.
    click(&mut a, x - 2, y);
    assert!(a.visible_nodes().len() < shown, "folded");
    assert!(a.outline().nodes[a.tree.selected]
        .label
        .contains("2024年工作回顧"));
    click(&mut a, x - 2, y);
    assert_eq!(a.visible_nodes().len(), shown, "unfolded");
    assert_eq!(a.top, 0);
}

#[test]
fn click_and_click_again_goes_to_where_a_term_is_cited() {
    let mut a = app(132, 40);
    let area = a.screen().glossary.unwrap();
    let (x, y) = find(&draw(&a), area, "跨境電商").expect("term 4 in the list");
    click(&mut a, x, y);
    assert_eq!((a.focus, a.glossary.selected), (Pane::Glossary, 3));
    click(&mut a, x, y);
    assert_eq!(a.focus, Pane::Reader);
    let (block, range) = a.highlight.clone().expect("the marker marked");
    assert_eq!(&a.doc().blocks[block].text[range], "[4]");
    let cited = &a.report().glossary.as_ref().unwrap().entries[3].cited_in[0];
    assert_eq!(a.doc().blocks[block].id.to_string(), *cited);
}

/// Part 1 section (一) item 1 on screen, scrolled until its `[1]` shows,
/// and the cell where that marker starts.
fn at_marker_one(w: u16, h: u16) -> (App, (u16, u16)) {
    let mut a = app(w, h);
    update(&mut a, Action::JumpTo("part1.s1.1".into()));
    let text = report_explorer::app::geometry::reader_text(a.screen().reader.unwrap());
    for _ in 0..20 {
        if let Some(cell) = find(&draw(&a), text, "[1]") {
            return (a, cell);
        }
        update(&mut a, Action::Down);
    }
    panic!("[1] of 焦炭反應性… never on screen at {w}×{h}");
}

#[test]
fn a_click_on_a_footnote_marker_opens_its_popup() {
    for (w, h) in [(80, 24), (132, 40)] {
        for dx in 0..3 {
            let (mut a, (x, y)) = at_marker_one(w, h);
            click(&mut a, x + dx, y);
            let p = a.popup.as_ref().expect("the popup");
            assert_eq!(p.markers[p.current].number, 1, "{w}×{h} +{dx}");
            assert_eq!(a.glossary.selected, 0);
            let text = draw(&a);
            // The popup shows the term: 焦炭反應性反應后強度自動化檢測系統.
            assert!(find(&text, a.area, "即自動完成對焦炭").is_some());
        }
        // The character before the marker (系統) opens nothing.
        let (mut a, (x, y)) = at_marker_one(w, h);
        click(&mut a, x - 1, y);
        assert!(a.popup.is_none());
    }
}

#[test]
fn a_zoomed_reader_opens_its_markers_and_its_outline_is_gone() {
    let mut a = app(80, 24);
    update(&mut a, Action::ToggleZoom);
    update(&mut a, Action::JumpTo("part1.s1.1".into()));
    let reader = a.screen().reader.unwrap();
    assert_eq!(reader.width, 80, "the whole body");
    let text = report_explorer::app::geometry::reader_text(reader);
    let (x, y) = find(&draw(&a), text, "[1]").expect("[1] after 焦炭…檢測系統");
    // Where the outline stood unzoomed is the reader now.
    click(&mut a, 1, 5);
    assert_eq!(a.focus, Pane::Reader);
    click(&mut a, x + 1, y);
    let p = a.popup.as_ref().expect("the popup");
    assert_eq!(p.markers[p.current].number, 1);
}

/// Whether `r`'s corners are drawn as a frame's corners.
fn framed(buf: &Buffer, r: Rect) -> bool {
    let corner = |x, y| buf[(x, y)].symbol().to_string();
    corner(r.x, r.y) == "┌"
        && corner(r.right() - 1, r.y) == "┐"
        && corner(r.x, r.bottom() - 1) == "└"
        && corner(r.right() - 1, r.bottom() - 1) == "┘"
}

#[test]
fn the_core_finds_the_overlays_where_the_ui_draws_them() {
    use report_explorer::app::mouse::{palette_area, popup_area};
    for (w, h) in [(24, 8), (40, 12), (60, 20), (80, 24), (132, 40), (200, 60)] {
        // The popup below its marker, above it (the marker low on the
        // screen), or centred.
        let (mut a, (x, y)) = at_marker_one(w, h);
        let rows = usize::from(y) - 1;
        click(&mut a, x, y);
        let area = popup_area(&a).expect("the popup of [1] 焦炭…").area;
        assert!(framed(&draw(&a), area), "{w}×{h}: {area:?}");
        update(&mut a, Action::Close);
        for _ in 0..rows {
            update(&mut a, Action::Up);
        }
        let low = find(&draw(&a), a.screen().reader.unwrap(), "[1]");
        if let Some((x, y)) = low {
            click(&mut a, x, y);
            let area = popup_area(&a).unwrap().area;
            assert!(framed(&draw(&a), area), "{w}×{h} low: {area:?}");
            update(&mut a, Action::Close);
        }
        update(&mut a, Action::OpenPalette);
        update(&mut a, Action::Input('招'));
        assert!(a.palette.is_some());
        let area = palette_area(a.area);
        assert!(framed(&draw(&a), area), "{w}×{h}: palette {area:?}");
    }
}

#[test]
fn over_the_popup_the_wheel_scrolls_and_a_click_outside_closes_it() {
    // One narrow pane: 8 hanzi a row, a popup shorter than its text.
    let (mut a, (x, y)) = at_marker_one(24, 8);
    click(&mut a, x, y);
    let area = report_explorer::app::mouse::popup_area(&a).unwrap();
    assert!(area.max_scroll() > 0, "{area:?}");
    let (px, py) = middle(area.area);
    for _ in 0..10 {
        wheel(&mut a, px, py, true);
    }
    let p = a.popup.as_ref().unwrap();
    assert_eq!(
        usize::from(p.scroll),
        area.max_scroll(),
        "kept within its text"
    );
    wheel(&mut a, px, py, false);
    assert_eq!(
        usize::from(a.popup.as_ref().unwrap().scroll),
        area.max_scroll().saturating_sub(3)
    );
    // Clicks inside keep it; the wheel outside moves nothing.
    assert_eq!(click(&mut a, px, py), Effect::None);
    let top = a.top;
    assert_eq!(wheel(&mut a, 0, 0, true), Effect::None);
    assert_eq!(a.top, top);
    assert!(a.popup.is_some());
    // A click on the reader outside it closes it.
    let outside = match area.area.y {
        0 => area.area.bottom(),
        y => y - 1,
    };
    click(&mut a, px, outside);
    assert!(a.popup.is_none());
}

#[test]
fn over_the_help_the_wheel_scrolls_and_a_click_outside_closes_it() {
    let mut a = app(80, 24);
    update(&mut a, Action::ToggleHelp);
    wheel(&mut a, 40, 12, true);
    assert_eq!(a.help, Some(3));
    wheel(&mut a, 40, 12, false);
    assert_eq!(a.help, Some(0));
    for _ in 0..200 {
        wheel(&mut a, 40, 12, true);
    }
    let most = a.help.unwrap();
    wheel(&mut a, 40, 12, true);
    assert_eq!(a.help, Some(most), "stops at the last page");
    // Help takes rows 1 to 22 at 80×24: row 0 is outside it.
    click(&mut a, 40, 12);
    assert!(a.help.is_some());
    click(&mut a, 40, 0);
    assert!(a.help.is_none());
    assert_eq!(a.top, 0);
}

#[test]
fn in_the_palette_a_click_selects_a_result_and_a_second_jumps() {
    let mut a = app(80, 24);
    update(&mut a, Action::OpenPalette);
    for c in "招商".chars() {
        update(&mut a, Action::Input(c));
    }
    let p = a.palette.as_ref().unwrap();
    assert!(p.hits.len() > 3);
    let area = report_explorer::app::mouse::palette_area(a.area);
    // Results start on the palette's fourth row, two rows each.
    let (x, y) = (area.x + 4, area.y + 1 + 2 + 2);
    assert_eq!(
        report_explorer::app::mouse::palette_result_at(&a, (x, y).into()),
        Some(1)
    );
    wheel(&mut a, x, y, true);
    wheel(&mut a, x, y, true);
    assert_eq!(a.palette.as_ref().unwrap().selected, 2);
    click(&mut a, x, y);
    assert_eq!(a.palette.as_ref().unwrap().selected, 1);
    let hit = a.palette.as_ref().unwrap().hits[1].clone();
    click(&mut a, x, y);
    assert!(a.palette.is_none(), "jumped");
    let index = a.index();
    let (block, _) = a.highlight.clone().expect("the match marked");
    assert_eq!(block, index.targets[hit.target].block);
    assert!(index.text_of(a.doc(), &hit).contains("招商"));
    // Opened again, a click outside closes it.
    update(&mut a, Action::OpenPalette);
    click(&mut a, 0, 0);
    assert!(a.palette.is_none());
}

#[test]
fn sgr_bytes_scroll_and_click_through_the_parser() {
    let mut a = app(80, 24);
    let mut parser = Parser::default();
    let r = a.screen().reader.unwrap();
    let (x, y) = middle(r);
    // Wheel down (64 + 1) over the reader, 1-based.
    let bytes = format!("\x1b[<65;{};{}M", x + 1, y + 1);
    for input in parser.feed(bytes.as_bytes(), Instant::now()) {
        send(&mut a, input);
    }
    assert_eq!(a.top, 3);
    // A click (press M, release m) on 2024年工作回顧 in the outline.
    let o = a.screen().outline.unwrap();
    let (x, y) = find(&draw(&a), o, "2024年工作回顧").unwrap();
    let bytes = format!("\x1b[<0;{c};{r}M\x1b[<0;{c};{r}m", c = x + 1, r = y + 1);
    let inputs = parser.feed(bytes.as_bytes(), Instant::now());
    assert_eq!(inputs.len(), 2);
    for input in inputs {
        send(&mut a, input);
    }
    assert_eq!(a.focus, Pane::Outline);
    assert!(a.outline().nodes[a.tree.selected]
        .label
        .contains("2024年工作回顧"));
}

#[test]
fn mouse_events_at_the_extremes_do_nothing_wrong() {
    let far = [0, 1, 79, 80, 200, u16::MAX - 1, u16::MAX];
    let sizes = [
        (1, 1),
        (19, 5),
        (20, 6),
        (59, 20),
        (80, 24),
        (u16::MAX, 3),
        (u16::MAX, 30),
        (300, u16::MAX),
    ];
    for (w, h) in sizes {
        let mut a = app(w, h);
        for &x in &far {
            for &y in &far {
                wheel(&mut a, x, y, true);
                click(&mut a, x, y);
                wheel(&mut a, x, y, false);
            }
        }
    }
    // Before any resize nothing is laid out: the mouse is ignored.
    let mut a = base();
    assert_eq!(click(&mut a, 0, 0), Effect::None);
}

fn mouse_input() -> impl Strategy<Value = Input> {
    let coord = prop_oneof![0u16..140, Just(u16::MAX), Just(u16::MAX - 1)];
    let button = prop::sample::select(vec![
        MouseButton::Left,
        MouseButton::Left,
        MouseButton::Right,
        MouseButton::Middle,
        MouseButton::WheelUp,
        MouseButton::WheelDown,
        MouseButton::WheelLeft,
        MouseButton::None,
    ]);
    let action = prop::sample::select(vec![
        MouseAction::Press,
        MouseAction::Press,
        MouseAction::Release,
        MouseAction::Drag,
        MouseAction::Move,
    ]);
    (action, button, coord.clone(), coord).prop_map(|(a, b, x, y)| event(a, b, x, y))
}

/// Mouse reports mixed with what opens overlays, folds, switches the
/// script and resizes, down to 1×1.
fn input() -> impl Strategy<Value = Input> {
    use report_explorer::input::{Key, KeyCode};
    prop_oneof![
        6 => mouse_input(),
        1 => prop::sample::select(vec![
            Key::char('?'),
            Key::char('f'),
            Key::char('/'),
            Key::char(':'),
            Key::char('s'),
            Key::char('h'),
            Key::char('l'),
            Key::char('招'),
            Key::char('n'),
            Key::char('z'),
            Key::plain(KeyCode::Tab),
            Key::plain(KeyCode::Esc),
            Key::plain(KeyCode::Enter),
        ])
        .prop_map(Input::Key),
        1 => prop_oneof![(1u16..140, 1u16..50), Just((1, 1)), Just((20, 6))]
            .prop_map(|(width, height)| Input::Resize { width, height }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
    #[test]
    fn random_mouse_events_never_panic(
        start in (1u16..140, 1u16..50),
        wide in any::<bool>(),
        simplified in any::<bool>(),
        inputs in prop::collection::vec(input(), 1..40),
    ) {
        let mut a = base();
        a.settings.ambi = if wide { AmbiWidth::Wide } else { AmbiWidth::Narrow };
        if simplified {
            update(&mut a, Action::ToggleScript);
            prop_assert_eq!(a.script(), Script::Simplified);
        }
        update(&mut a, Action::Resize(start.0, start.1));
        for input in inputs {
            send(&mut a, input);
            draw(&a);
            prop_assert!(a.top <= a.max_top());
        }
    }
}
