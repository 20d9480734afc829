//! The reader's core driven by actions, without a terminal.

use report_explorer::app::{update, Action, App, Effect, Pane, Settings};
use report_explorer::content::load_embedded;

fn app(w: u16, h: u16) -> App {
    let mut app = App::new(load_embedded().unwrap(), Settings::default());
    update(&mut app, Action::Resize(w, h));
    app
}

fn block_id(app: &App) -> String {
    app.doc().blocks[app.current_block()].id.to_string()
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
    assert_eq!(a.doc().blocks[a.layout.block_at(last)].id, "glossary.48");
    assert!(last < a.top + a.viewport());
}

#[test]
fn tab_brings_each_pane_into_view() {
    for (w, h) in [(80, 24), (40, 15), (132, 40)] {
        let mut a = app(w, h);
        assert_eq!(a.focus, Pane::Reader);
        for expected in [Pane::Glossary, Pane::Figures, Pane::Outline, Pane::Reader] {
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
    let sel = &a.outline().nodes[a.tree.selected];
    assert_eq!(
        sel.label, "（四）聚焦宜居宜業優品質，繪就城鄉環境新面貌",
        "folded: the section is selected"
    );
    update(&mut a, Action::FocusPrev);
    assert_eq!(a.focus, Pane::Outline);
    update(&mut a, Action::Expand);
    update(&mut a, Action::Down);
    update(&mut a, Action::Down);
    assert_eq!(
        a.outline().nodes[a.tree.selected].label,
        "建設和美宜居鄉村。"
    );
    update(&mut a, Action::Open);
    assert_eq!(a.focus, Pane::Reader);
    assert_eq!(block_id(&a), "part2.s4.2");
    update(&mut a, Action::FocusPrev);
    update(&mut a, Action::Collapse);
    assert_eq!(
        a.outline().nodes[a.tree.selected].label,
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
    assert_eq!(a.doc().blocks[block].id, "part1.s5.1");
    assert_eq!(&a.doc().blocks[block].text[range.clone()], "[16]");
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

fn type_query(a: &mut App, q: &str) {
    update(a, Action::OpenPalette);
    for c in q.chars() {
        update(a, Action::Input(c));
    }
}

#[test]
fn the_palette_jumps_and_marks_the_match_and_back_returns() {
    let mut a = app(80, 24);
    update(&mut a, Action::JumpTo("part1.s1.2".into()));
    for _ in 0..3 {
        update(&mut a, Action::Down);
    }
    let before = (a.top, a.anchor.clone());
    type_query(&mut a, "zsyz");
    let p = a.palette.as_ref().unwrap();
    assert!(!p.hits.is_empty());
    update(&mut a, Action::Open);
    assert!(a.palette.is_none());
    assert_eq!(block_id(&a), "part1.s2.2");
    let (b, r) = a.highlight.clone().expect("the match is marked");
    assert_eq!(&a.doc().blocks[b].text[r], "招商引資");
    update(&mut a, Action::Back);
    assert_eq!(
        (a.top, a.anchor.clone()),
        before,
        "back to the exact scroll position"
    );
    update(&mut a, Action::Forward);
    assert_eq!(block_id(&a), "part1.s2.2");
    update(&mut a, Action::Forward);
    assert_eq!(a.message.as_deref(), Some("No later position"));
}

#[test]
fn typing_edits_the_query_and_esc_cancels() {
    let mut a = app(80, 24);
    type_query(&mut a, "2.3x");
    update(&mut a, Action::DeleteChar);
    assert_eq!(a.palette.as_ref().unwrap().query, "2.3");
    let hits = &a.palette.as_ref().unwrap().hits;
    let index = a.index();
    assert_eq!(
        a.doc().blocks[index.targets[hits[0].target].block].id,
        "part2.s3"
    );
    // `2.3` has one hit now that digits never scatter (52.13% no longer
    // matches): choose among the hits of 招商.
    assert_eq!(hits.len(), 1);
    update(&mut a, Action::ClearInput);
    for c in "招商".chars() {
        update(&mut a, Action::Input(c));
    }
    update(&mut a, Action::Down);
    assert_eq!(a.palette.as_ref().unwrap().selected, 1);
    update(&mut a, Action::ClearInput);
    assert!(a.palette.as_ref().unwrap().hits.is_empty());
    update(&mut a, Action::Close);
    assert!(a.palette.is_none());
    assert_eq!(a.top, 0, "cancel moves nothing");
    assert!(a.history.back.is_empty());
}

#[test]
fn every_kind_of_jump_is_recorded() {
    let mut a = app(80, 24);
    update(&mut a, Action::JumpTo("part1.s3".into()));
    // Outline.
    update(&mut a, Action::FocusPrev);
    update(&mut a, Action::Down);
    update(&mut a, Action::Open);
    // Glossary citation.
    update(&mut a, Action::FocusNext);
    update(&mut a, Action::Open);
    // Footnote to glossary.
    update(&mut a, Action::Footnote);
    update(&mut a, Action::Open);
    assert_eq!(a.history.back.len(), 4);
    for _ in 0..4 {
        update(&mut a, Action::Back);
    }
    assert_eq!(block_id(&a), "wanghua-2024");
    assert_eq!(a.history.forward.len(), 4);
}

#[test]
fn the_script_switch_converts_everything_and_keeps_the_place() {
    let mut a = app(80, 24);
    update(&mut a, Action::JumpTo("part2.s3.2".into()));
    update(&mut a, Action::Down);
    let block = a.anchor.block.clone();
    let line = a.layout.line_text(a.doc(), a.top);
    update(&mut a, Action::ToggleScript);
    assert_eq!(a.anchor.block, block);
    let simplified = a.layout.line_text(a.doc(), a.top);
    assert_eq!(
        simplified,
        report_explorer::text::script::to_simplified(&line)
    );
    assert_eq!(a.report().meta.title, "望花区人民政府工作报告");
    assert!(a
        .outline()
        .nodes
        .iter()
        .any(|n| n.label == "2024年工作回顾"));
    // The palette works in either script and shows simplified text.
    type_query(&mut a, "營商環境");
    let p = a.palette.clone().unwrap();
    let index = a.index();
    assert_eq!(index.text_of(a.doc(), &p.hits[0]), "营商环境提档升级。");
    update(&mut a, Action::Close);
    update(&mut a, Action::ToggleScript);
    assert_eq!(a.report().meta.title, "望花區人民政府工作報告");
}

#[test]
fn a_footnote_starts_its_term_at_the_first_citation() {
    let mut a = app(80, 24);
    update(&mut a, Action::FocusNext);
    update(&mut a, Action::Open);
    assert_eq!(a.glossary.citation, 1);
    update(&mut a, Action::Footnote);
    assert_eq!(a.glossary.citation, 0);
}

/// A resize to the same size (Ctrl-Z and `fg` redraw so) changes nothing:
/// not the row on top, even a blank one between paragraphs, nor the
/// outline's selection. Found by trying: `d`, Ctrl-Z, `fg` at 60×20 moved
/// 現在，我代表區人民政府向大會報告工作 up a row, and the outline's
/// highlight went back to the title.
#[test]
fn a_resize_to_the_same_size_changes_nothing() {
    let mut a = app(60, 20);
    update(&mut a, Action::HalfPageDown);
    let top = a.top;
    let blank = a.layout.lines[top].block.is_none() || a.layout.lines[top].range.is_empty();
    update(&mut a, Action::Resize(60, 20));
    assert_eq!(a.top, top, "blank on top: {blank}");
    update(&mut a, Action::FocusPrev);
    for _ in 0..3 {
        update(&mut a, Action::Down);
    }
    let selected = a.tree.selected;
    update(&mut a, Action::Resize(60, 20));
    assert_eq!(a.tree.selected, selected);
    // A resize to another width and back: the same top row, blank or not
    // (the blank line before a block stays on top), and the outline's
    // selection as the user left it.
    for (w, h) in [(80, 24), (60, 20)] {
        let mut a = app(w, h);
        for _ in 0..40 {
            update(&mut a, Action::Down);
            let top = a.top;
            update(&mut a, Action::Resize(w + 1, h));
            update(&mut a, Action::Resize(w, h));
            assert_eq!(a.top, top, "{w}×{h}: {:?}", a.layout.lines[top]);
        }
    }
    let mut a = app(80, 24);
    update(&mut a, Action::FocusPrev);
    for _ in 0..3 {
        update(&mut a, Action::Down);
    }
    let selected = a.tree.selected;
    assert!(selected > 0);
    update(&mut a, Action::Resize(81, 24));
    update(&mut a, Action::Resize(80, 24));
    assert_eq!(a.tree.selected, selected);
    // Every top row, blank or not, at several sizes.
    for (w, h) in [(60, 20), (80, 24), (200, 60)] {
        let mut a = app(w, h);
        for _ in 0..40 {
            update(&mut a, Action::Down);
            let top = a.top;
            update(&mut a, Action::Resize(w, h));
            assert_eq!(a.top, top, "{w}×{h}");
        }
    }
}
