//! Navigation that several handlers share: size and focus (which recompute
//! the geometry and the layout), scrolling, and jumps to a place or a span.
//! Everything here keeps `anchor` (a typed place) and `top` (a line of the
//! current layout) in step.

use std::ops::Range;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::action::Pane;
use super::geometry::screen_with;
use super::state::App;
use crate::document::{Layout, Place, TextSpan};

/// A new terminal size.
///
/// A resize to the size the session already has (a redraw after Ctrl-Z and
/// `fg`, or a SIGWINCH that changed nothing) changes nothing: the view
/// stays on the row it shows, a blank one between paragraphs included, and
/// the outline keeps its selection.
pub fn resize(app: &mut App, w: u16, h: u16) {
    let area = Rect::new(0, 0, w, h);
    if area == app.area && !app.layout.lines.is_empty() {
        return;
    }
    app.area = area;
    relayout(app);
}

/// Recompute the geometry, lay the document out again if the reader's
/// width (or the script) changed, and put the reading position back on top.
/// The anchor is the place the user chose, so that resizing back and forth
/// does not drift.
///
/// A session's first layout (and its first in another script) is only the
/// lines its view needs ([`Layout::prefix`]) unless another session has
/// laid the whole out already: its first frame waits for a few blocks, not
/// the report. [`complete_layout`] lays out the rest; [`super::update`]
/// and [`super::handle`] do before anything but a resize, and the drivers
/// once the first frame is on its way.
pub fn relayout(app: &mut App) {
    app.geometry = super::geometry::zoomed(
        screen_with(app.area, app.focus, app.side, app.right),
        app.zoom.then_some(app.focus),
    );
    let width = usize::from(app.reader_area().width).max(1);
    let (block, byte) = app.doc().locate(&app.anchor).unwrap_or((0, 0));
    let rows = app.viewport();
    let first = app.layout.lines.is_empty() || app.layout.is_partial();
    let short = !app.layout.covers((block, byte), rows);
    let stale = width != app.layout.width
        || app.settings.ambi != app.layout.ambi
        || app.layout.lines.is_empty()
        || short;
    // A view that starts on the blank line before a block starts there
    // again (the reading position is the block's start).
    let on_blank = app
        .layout
        .lines
        .get(app.top)
        .is_some_and(|l| l.block.is_none());
    if stale {
        let (script, ambi) = (app.settings.script, app.settings.ambi);
        app.layout = match app.data.laid_out(script, width, ambi) {
            Some(whole) => whole,
            None if first => Arc::new(Layout::prefix(app.doc(), width, ambi, (block, byte), rows)),
            None => app.data.layout(script, width, ambi),
        };
    }
    let mut line = app.layout.line_of(block, byte);
    let blank_before = line
        .checked_sub(1)
        .and_then(|l| app.layout.lines.get(l))
        .is_some_and(|l| l.block.is_none());
    if on_blank && byte == 0 && blank_before {
        line -= 1;
    }
    app.top = line.min(app.max_top());
    // The reading position did not move: the outline keeps its selection
    // (a resize must not undo the user's moves there).
    if app.tree.selected >= app.outline().nodes.len() {
        follow_outline(app);
    }
}

/// Lay out the whole document where only the first lines of the view
/// are ([`Layout::prefix`]). The lines so far are the same in the whole
/// layout, so `top` and the view stay as they are.
pub fn complete_layout(app: &mut App) {
    if app.layout.is_partial() {
        let layout = &app.layout;
        app.layout = app
            .data
            .layout(app.settings.script, layout.width, layout.ambi);
    }
}

/// Scroll the reader (a move the user made): the new reading position.
pub fn scroll_to(app: &mut App, line: usize) {
    app.top = line.min(app.max_top());
    let (block, byte) = app.layout.anchor(app.top);
    if let Some(place) = app.doc().place_at(block, byte) {
        app.anchor = place;
    }
    follow_outline(app);
}

/// Select the outline node of the reading position (its nearest shown
/// ancestor when it is folded away).
fn follow_outline(app: &mut App) {
    let outline = app.outline();
    let node = outline.node_at(app.current_block());
    let hidden = |n: usize| outline.ancestors(n).any(|a| !app.tree.expanded[a]);
    let mut shown = node;
    while hidden(shown) {
        match outline.nodes[shown].parent {
            Some(p) => shown = p,
            None => break,
        }
    }
    app.tree.selected = shown;
}

/// Scroll so that block `block` starts the view.
pub fn jump_to_block(app: &mut App, block: usize) {
    let line = app.layout.block_line(block);
    scroll_to(app, line);
}

/// Go to a place: its line on top (the start of its block when that is
/// in the same screenful). False for an id the report does not have.
pub fn jump_to_place(app: &mut App, place: &Place) -> bool {
    let Some((block, byte)) = app.doc().locate(place) else {
        return false;
    };
    if place.offset == 0 {
        jump_to_block(app, block);
    } else {
        let line = app.layout.line_of(block, byte);
        scroll_to(app, line);
    }
    true
}

/// Jump to a range of a block (a marker, a match, a figure) and mark it:
/// the block's start when the range is in its first screenful, else the
/// range a third of the way down the view.
pub fn jump_to_range(app: &mut App, block: usize, range: Range<usize>) {
    let start = app.layout.block_line(block);
    let line = app.layout.line_of(block, range.start);
    let third = app.viewport() / 3;
    let top = if line - start < app.viewport().saturating_sub(1) {
        start
    } else {
        line.saturating_sub(third)
    };
    scroll_to(app, top);
    app.highlight = Some((block, range));
}

/// Is a range of a block on screen in the reader, first to last byte?
pub fn in_view(app: &App, block: usize, range: &Range<usize>) -> bool {
    let first = app.layout.line_of(block, range.start);
    let last = app
        .layout
        .line_of(block, range.end.saturating_sub(1).max(range.start));
    app.top <= first && last < app.top + app.viewport()
}

/// Scroll as little as brings a range of a block all into view (its first
/// line, when it is taller than the view).
pub fn reveal(app: &mut App, block: usize, range: &Range<usize>) {
    if in_view(app, block, range) {
        return;
    }
    let first = app.layout.line_of(block, range.start);
    let last = app
        .layout
        .line_of(block, range.end.saturating_sub(1).max(range.start));
    let view = app.viewport().max(1);
    let top = if first < app.top || last - first >= view {
        first
    } else {
        last + 1 - view
    };
    scroll_to(app, top);
}

/// Mark a range of a block, scrolling only when it is not all in view
/// already (a step to the next search hit on the same screen keeps the
/// text still).
pub fn show_range(app: &mut App, block: usize, range: Range<usize>) {
    if in_view(app, block, &range) {
        app.highlight = Some((block, range));
    } else {
        jump_to_range(app, block, range);
    }
}

/// Jump to a span and mark it. False for an id the report does not have.
pub fn jump_to_span(app: &mut App, span: &TextSpan) -> bool {
    match app.doc().locate_span(span) {
        Some((block, range)) => {
            jump_to_range(app, block, range);
            true
        }
        None => false,
    }
}

/// Focus a pane, bringing it into view.
pub fn focus(app: &mut App, pane: Pane) {
    app.focus = pane;
    if pane != Pane::Reader {
        app.side = pane;
    }
    if matches!(pane, Pane::Glossary | Pane::Figures) {
        app.right = pane;
    }
    relayout(app);
}

/// Focus the pane `step` places on in the Tab order.
pub fn cycle_focus(app: &mut App, step: usize) {
    let i = Pane::CYCLE
        .iter()
        .position(|p| *p == app.focus)
        .unwrap_or(0);
    focus(app, Pane::CYCLE[(i + step) % Pane::CYCLE.len()]);
}
