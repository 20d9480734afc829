//! The writer's model of the screen: what a write, an erase or a scroll
//! leaves of a wide cluster, a long cluster, the pen an erase runs in.

use super::super::*;
use super::{buffer, text};
use crate::text::AmbiWidth;

#[test]
fn the_rest_of_a_hanzi_cut_by_a_write_or_an_erase_is_unknown() {
    // 積 over columns 1–2; a write on its right half leaves its left half
    // blank on some terminals and in its old colours on others (vt100).
    let wide = grid::Slot {
        symbol: grid::Sym::inline("積").unwrap_or(grid::Sym::SPACE),
        pen: Pen::RESET,
        width: 2,
    };
    let bar = grid::Slot {
        symbol: grid::Sym::inline("│").unwrap_or(grid::Sym::SPACE),
        pen: Pen::RESET,
        width: 1,
    };
    let mut g = Grid::blank(5, 1);
    g.put(1, 0, &wide);
    g.put(2, 0, &bar);
    assert_eq!(g.at(1, 0).width, grid::UNKNOWN);
    assert!(g.at(2, 0).same(&bar));
    // An erase of its left half: the right half is unknown.
    let mut g = Grid::blank(5, 1);
    g.put(1, 0, &wide);
    g.erase(0, 2, 0);
    assert!(g.at(1, 0).is_blank());
    assert_eq!(g.at(2, 0).width, grid::UNKNOWN);
}

#[test]
fn a_scroll_between_margins_forgets_every_hanzi_its_edges_cut() {
    // Columns 3..9 scroll; rows alternate between hanzi that straddle both
    // edges (人 over 2–3, 報 over 8–9) and hanzi that do not.
    let straddling = "望人政府工報告";
    let aligned = "│花區民代表";
    let buf = buffer(
        12,
        4,
        &[straddling, aligned, straddling, aligned],
        AmbiWidth::Narrow,
    );
    let mut g = Grid::from_buffer(&buf, ColorDepth::Ansi16);
    assert_eq!(g.at(2, 0).width, 2);
    assert_eq!(g.at(8, 0).width, 2);
    g.scroll(3, 9, 0, 4, 1);
    for y in 0..4 {
        // Whatever the row held at an edge, no cluster there is trusted:
        // a head outside whose tail moved away (row 0 at 2: 人's tail
        // replaced by 民), a tail moved in (row 1 at 3), a head moved in
        // whose tail stayed out (row 1 at 8: 報).
        for edge in [3, 9] {
            let (before, at) = (g.at(edge - 1, y).width, g.at(edge, y).width);
            let head_across = before != grid::UNKNOWN && before > 1;
            let tail_across = at == 0 && before != grid::UNKNOWN;
            assert!(
                !head_across && !tail_across,
                "row {y}, edge {edge}: {before} then {at}"
            );
        }
    }
    // Forgetting a hanzi's tail forgets its head too: a known head would be
    // taken for the whole hanzi, and its tail never painted.
    let mut g = Grid::from_buffer(&buf, ColorDepth::Ansi16);
    g.forget(3, 4, 0);
    assert_eq!(g.at(2, 0).width, grid::UNKNOWN);
    g.forget(1, 2, 1);
    assert_eq!(g.at(2, 1).width, grid::UNKNOWN);
}

#[test]
fn an_erase_never_runs_in_reverse_video() {
    // vt100 keeps reverse video on the cells it erases (xterm keeps only
    // the colours): the pen is reset first.
    let mut state = State {
        grid: Grid::blank(4, 1),
        cursor: None,
        pen: Some(Pen {
            modifier: ratatui::style::Modifier::REVERSED,
            ..Pen::RESET
        }),
        region: None,
        region_sure: true,
        lrmm: false,
    };
    let mut out = Vec::new();
    erasing_pen(&mut state, ColorDepth::Ansi256, &mut out);
    assert_eq!(state.pen, Some(Pen::RESET));
    assert!(!out.is_empty());
}

#[test]
fn a_cluster_too_long_to_hold_inline_is_written_and_then_left_alone() {
    // A family of four (25 bytes) between hanzi: held by its hash.
    let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
    assert!(family.len() > 23);
    let row = format!("望{family}區");
    let mut w = Writer::new(ColorDepth::Ansi16, Caps::default());
    let first = w.frame(&buffer(12, 1, &[&row], AmbiWidth::Narrow), &[]);
    assert!(text(&first).contains(family) && text(&first).contains('區'));
    assert_eq!(
        text(&w.frame(&buffer(12, 1, &[&row], AmbiWidth::Narrow), &[])),
        ""
    );
    // Another long cluster in its place is written.
    let other = "👩\u{200D}👩\u{200D}👧\u{200D}👦";
    let next = format!("望{other}區");
    let out = w.frame(&buffer(12, 1, &[&next], AmbiWidth::Narrow), &[]);
    assert!(text(&out).contains(other), "{:?}", text(&out));
}
