//! The reader's core driven by actions, without a terminal.

use report_explorer::app::{update, Action, App, Effect, Pane, Settings};
use report_explorer::content::load_embedded;

fn app(w: u16, h: u16) -> App {
    let mut app = App::new(load_embedded().unwrap(), Settings::default());
    update(&mut app, Action::Resize(w, h));
    app
}

fn block_id(app: &App) -> String {
    app.doc.blocks[app.current_block()].id.clone()
}

#[test]
fn sections_are_two_keys_away() {
    let mut a = app(80, 24);
    update(&mut a, Action::NextSection);
    assert_eq!(block_id(&a), "part1");
    update(&mut a, Action::NextSection);
    assert_eq!(block_id(&a), "part1.s1");
    for _ in 0..6 {
        update(&mut a, Action::NextSection);
    }
    assert_eq!(block_id(&a), "part2");
    update(&mut a, Action::NextSection);
    assert_eq!(block_id(&a), "part2.s1");
    update(&mut a, Action::PrevSection);
    assert_eq!(block_id(&a), "part2");
    update(&mut a, Action::Top);
    update(&mut a, Action::PrevSection);
    assert_eq!(a.message.as_deref(), Some("First section"));
}

#[test]
fn scrolling_stays_within_the_report() {
    let mut a = app(80, 24);
    update(&mut a, Action::Up);
    assert_eq!(a.top, 0);
    update(&mut a, Action::PageDown);
    assert_eq!(a.top, a.viewport() - 1);
    update(&mut a, Action::Bottom);
    assert_eq!(a.top, a.max_top());
    assert_eq!(a.percent(), 100);
    update(&mut a, Action::Down);
    assert_eq!(a.top, a.max_top());
    let last = a.layout.lines.len() - 1;
    assert_eq!(a.doc.blocks[a.layout.block_at(last)].id, "glossary.48");
    assert!(last < a.top + a.viewport());
}

#[test]
fn tab_brings_each_pane_into_view() {
    for (w, h) in [(80, 24), (40, 15), (132, 40)] {
        let mut a = app(w, h);
        assert_eq!(a.focus, Pane::Reader);
        for expected in [Pane::Glossary, Pane::Outline, Pane::Reader] {
            update(&mut a, Action::FocusNext);
            assert_eq!(a.focus, expected);
            assert!(
                a.screen().pane(expected).is_some(),
                "{w}x{h}: {expected:?} not shown"
            );
        }
        update(&mut a, Action::FocusPrev);
        assert_eq!(a.focus, Pane::Outline);
    }
}

#[test]
fn the_outline_follows_the_reading_position_and_jumps() {
    let mut a = app(80, 24);
    update(&mut a, Action::JumpTo("part2.s4.2".into()));
    let sel = &a.outline.nodes[a.tree.selected];
    assert_eq!(
        sel.label, "（四）聚焦宜居宜業優品質，繪就城鄉環境新面貌",
        "folded: the section is selected"
    );
    update(&mut a, Action::FocusPrev);
    assert_eq!(a.focus, Pane::Outline);
    update(&mut a, Action::Expand);
    update(&mut a, Action::Down);
    update(&mut a, Action::Down);
    assert_eq!(a.outline.nodes[a.tree.selected].label, "建設和美宜居鄉村。");
    update(&mut a, Action::Open);
    assert_eq!(a.focus, Pane::Reader);
    assert_eq!(block_id(&a), "part2.s4.2");
    update(&mut a, Action::FocusPrev);
    update(&mut a, Action::Collapse);
    assert_eq!(
        a.outline.nodes[a.tree.selected].label,
        "（四）聚焦宜居宜業優品質，繪就城鄉環境新面貌"
    );
    assert!(!a.tree.expanded[a.tree.selected]);
}

#[test]
fn footnotes_open_in_place_and_cycle() {
    let mut a = app(80, 24);
    update(&mut a, Action::JumpTo("part1.s1".into()));
    update(&mut a, Action::Footnote);
    let p = a.popup.clone().expect("a popup");
    let numbers: Vec<u32> = p.markers.iter().map(|m| m.number).collect();
    assert_eq!(&numbers[..3], [1, 2, 3]);
    assert_eq!(a.glossary.selected, 0, "the glossary follows");
    update(&mut a, Action::Footnote);
    assert_eq!(a.glossary.selected, 1);
    update(&mut a, Action::PrevMarker);
    update(&mut a, Action::PrevMarker);
    assert_eq!(a.popup.as_ref().unwrap().current, numbers.len() - 1);
    // Modal: Tab does nothing while the popup is open.
    assert_eq!(update(&mut a, Action::FocusNext), Effect::None);
    update(&mut a, Action::Close);
    assert!(a.popup.is_none());
    // Enter in the reader opens it too; Enter in the popup shows the term.
    update(&mut a, Action::Open);
    update(&mut a, Action::Open);
    assert!(a.popup.is_none());
    assert_eq!(a.focus, Pane::Glossary);
    assert_eq!(a.glossary.selected, 0);
}

#[test]
fn no_marker_in_view_says_so() {
    let mut a = app(80, 24);
    update(&mut a, Action::Footnote);
    assert!(a.popup.is_none());
    assert_eq!(a.message.as_deref(), Some("No footnote marker on screen"));
}

#[test]
fn a_glossary_entry_jumps_to_where_it_is_cited() {
    let mut a = app(80, 24);
    update(&mut a, Action::FocusNext);
    assert_eq!(a.focus, Pane::Glossary);
    for _ in 0..15 {
        update(&mut a, Action::Down);
    }
    assert_eq!(a.glossary.selected, 15);
    update(&mut a, Action::Open);
    assert_eq!(a.focus, Pane::Reader);
    let (block, range) = a.highlight.clone().expect("the marker is marked");
    assert_eq!(a.doc.blocks[block].id, "part1.s5.1");
    assert_eq!(&a.doc.blocks[block].text[range.clone()], "[16]");
    let line = a.layout.line_of(block, range.start);
    assert!(
        a.top <= line && line < a.top + a.viewport(),
        "the marker is in view"
    );
    update(&mut a, Action::Down);
    assert!(a.highlight.is_none(), "the mark lasts until the next key");
}

#[test]
fn resizing_keeps_the_reading_position() {
    let mut a = app(80, 24);
    update(&mut a, Action::JumpTo("part2.s2.3".into()));
    for _ in 0..3 {
        update(&mut a, Action::Down);
    }
    let (block, offset) = a.layout.anchor(a.top);
    for (w, h) in [(132, 40), (40, 15), (200, 60), (61, 20), (80, 24)] {
        update(&mut a, Action::Resize(w, h));
        let (b, _) = a.layout.anchor(a.top);
        assert_eq!(b, block, "{w}x{h}");
        let line = &a.layout.lines[a.top];
        assert!(
            line.range.start <= offset && offset < line.range.end,
            "{w}x{h}"
        );
    }
}

#[test]
fn help_is_modal_and_quit_works_everywhere() {
    let mut a = app(80, 24);
    update(&mut a, Action::ToggleHelp);
    assert_eq!(a.help, Some(0));
    update(&mut a, Action::Down);
    assert_eq!(a.help, Some(1));
    assert_eq!(update(&mut a, Action::NextSection), Effect::None);
    update(&mut a, Action::Close);
    assert_eq!(a.help, None);
    assert_eq!(update(&mut a, Action::Quit), Effect::Quit);
    update(&mut a, Action::ToggleHelp);
    assert_eq!(update(&mut a, Action::Quit), Effect::Quit);
}

#[test]
fn the_status_percentage_grows_through_the_report() {
    let mut a = app(80, 24);
    let first = a.percent();
    update(&mut a, Action::JumpTo("part2".into()));
    let middle = a.percent();
    update(&mut a, Action::Bottom);
    assert!(first < middle && middle < 100, "{first} {middle}");
    assert_eq!(a.percent(), 100);
}
