//! What is under the pointer: the same geometry the ui draws with, asked
//! for one cell. The panes come from `App::screen`; the overlays' places
//! are computed here as `ui::popup` and `ui::palette` compute them (the
//! help's comes from `app::help::area`). Every sum is checked or saturating,
//! so no cell, however far out, can overflow.

use std::ops::Range;

use ratatui::layout::{Position, Rect};

use super::super::action::Pane;
use super::super::geometry::{reader_text, scroll_offset};
use super::super::state::App;
use crate::document::Mark;
use crate::text::{cluster_width, clusters, wrap, Wrap};

/// The pane under a cell, and its rectangle.
pub fn pane_at(app: &App, at: Position) -> Option<(Pane, Rect)> {
    let screen = app.screen();
    if screen.too_small {
        return None;
    }
    Pane::CYCLE
        .into_iter()
        .find_map(|p| screen.pane(p).filter(|r| r.contains(at)).map(|r| (p, r)))
}

/// The inside of a bordered pane (as `ui::inner`).
fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// An outline row under the pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutlineHit {
    /// The node shown on that row.
    pub node: usize,
    /// Whether the pointer is on its fold glyph (▸ ▾, or + - in wide
    /// mode) and the cell after it, and the node has children to fold.
    pub on_fold: bool,
}

/// The outline node on the row under the pointer, in the outline pane at
/// `area`: rows as `ui::outline` draws them, the window starting at
/// `scroll_offset` of the selection.
pub fn outline_at(app: &App, area: Rect, at: Position) -> Option<OutlineHit> {
    let inner = inner(area);
    if !inner.contains(at) {
        return None;
    }
    let visible = app.visible_nodes();
    let selected = visible
        .iter()
        .position(|&n| n == app.tree.selected)
        .unwrap_or(0);
    let height = usize::from(inner.height);
    let offset = scroll_offset(selected, visible.len(), height);
    let node = *visible.get(offset + usize::from(at.y - inner.y))?;
    let n = app.outline().nodes.get(node)?;
    // Each row is `depth` indents of two cells, then the glyph.
    let column = usize::from(at.x - inner.x);
    let glyph = n.depth * 2;
    Some(OutlineHit {
        node,
        on_fold: n.has_children && (glyph..glyph + 2).contains(&column),
    })
}

/// The glossary entry (its index) on the row under the pointer, in the
/// glossary pane at `area`: the list takes the upper two fifths of the
/// inside (at least 3 rows), as `ui::glossary` draws it.
pub fn glossary_at(app: &App, area: Rect, at: Position) -> Option<usize> {
    let len = app.report().glossary.as_ref()?.entries.len();
    let inner = inner(area);
    if inner.height == 0 || inner.width == 0 || !inner.contains(at) {
        return None;
    }
    let list_h = u16::try_from(u32::from(inner.height) * 2 / 5)
        .unwrap_or(u16::MAX)
        .max(3)
        .min(inner.height);
    let row = at.y - inner.y;
    if row >= list_h {
        return None;
    }
    let offset = scroll_offset(app.glossary.selected, len, usize::from(list_h));
    let i = offset + usize::from(row);
    (i < len).then_some(i)
}

/// A footnote marker in the reader: its block, byte range and number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerHit {
    pub block: usize,
    pub range: Range<usize>,
    pub number: u32,
}

/// The byte of the layout's text under the pointer, in the reader pane at
/// `area`: the row is line `top + (row − text.y)`; the column is found
/// cluster by cluster from the line's indent, with the one width function.
pub fn reader_byte_at(app: &App, area: Rect, at: Position) -> Option<(usize, usize)> {
    let text = reader_text(area);
    if !text.contains(at) {
        return None;
    }
    let index = app.top.checked_add(usize::from(at.y - text.y))?;
    let line = app.layout.lines.get(index)?;
    let block = line.block?;
    let s = app.doc().blocks.get(block)?.text.get(line.range.clone())?;
    let column = usize::from(at.x - text.x);
    let mut x = line.indent;
    for (i, g) in clusters(s) {
        let w = cluster_width(g, app.settings.ambi);
        if column < x {
            return None;
        }
        if column < x + w {
            return Some((block, line.range.start + i));
        }
        x += w;
    }
    None
}

/// The footnote marker (`[12]`) under the pointer in the reader pane at
/// `area`, if any.
pub fn marker_at(app: &App, area: Rect, at: Position) -> Option<MarkerHit> {
    let (block, byte) = reader_byte_at(app, area, at)?;
    app.doc().blocks[block]
        .marks
        .iter()
        .find_map(|(range, mark)| match mark {
            Mark::Marker(number) if range.contains(&byte) => Some(MarkerHit {
                block,
                range: range.clone(),
                number: *number,
            }),
            _ => None,
        })
}

/// A centred rectangle of at most `w`×`h` inside `outer` (as
/// `ui::popup::centred`).
fn centred(outer: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(outer.width);
    let h = h.min(outer.height);
    Rect {
        x: outer.x.saturating_add((outer.width - w) / 2),
        y: outer.y.saturating_add((outer.height - h) / 2),
        width: w,
        height: h,
    }
}

/// Where the footnote popup is and how its text scrolls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PopupArea {
    /// The popup, borders included.
    pub area: Rect,
    /// Rows of the definition's text, all told.
    pub rows: usize,
}

impl PopupArea {
    /// The largest scroll that still fills the popup.
    pub fn max_scroll(&self) -> usize {
        self.rows
            .saturating_sub(usize::from(self.area.height.saturating_sub(2)))
    }
}

/// The open footnote popup's place, as `ui::popup::render` puts it over
/// the reader: at most 64 cells wide, as tall as its text, below the
/// marker's row when it fits, else above, else centred.
pub fn popup_area(app: &App) -> Option<PopupArea> {
    let p = app.popup.as_ref()?;
    let m = p.markers.get(p.current)?;
    let entry = app.report().glossary.as_ref()?.entry(m.number)?;
    let over = app.screen().reader.unwrap_or(app.area);
    let width = over.width.saturating_sub(4).clamp(10, 64);
    let opts = Wrap {
        width: usize::from(width.saturating_sub(4)).max(1),
        ambi: app.settings.ambi,
        first_indent: 0,
        indent: 0,
    };
    let rows = wrap(&entry.definition.text, opts).len();
    let height = u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(over.height.saturating_sub(2))
        .max(3);
    let centre = centred(over, width, height);
    let line = app.layout.line_of(m.block, m.range.start);
    let text = reader_text(over);
    let shown = app.viewport().min(usize::from(text.height));
    let area = match line.checked_sub(app.top).filter(|&r| r < shown) {
        None => centre,
        Some(r) => {
            // r < text.height: it fits in u16.
            let row = text.y.saturating_add(u16::try_from(r).unwrap_or(u16::MAX));
            let (top, bottom) = (
                over.y.saturating_add(1),
                over.y.saturating_add(over.height.saturating_sub(1)),
            );
            if u32::from(row) + 1 + u32::from(height) <= u32::from(bottom) {
                Rect {
                    y: row + 1,
                    ..centre
                }
            } else if u32::from(row) >= u32::from(top) + u32::from(height) {
                Rect {
                    y: row - height,
                    ..centre
                }
            } else {
                centre
            }
        }
    };
    Some(PopupArea { area, rows })
}

/// Where the jump palette is on a screen (as `ui::palette::render` puts
/// it): centred above the status row, at most 100×30.
pub fn palette_area(screen: Rect) -> Rect {
    let main = Rect {
        height: screen.height.saturating_sub(1),
        ..screen
    };
    centred(
        main,
        screen.width.saturating_sub(4).min(100),
        main.height.saturating_sub(2).min(30),
    )
}

/// The palette result (its index in the hits) under the pointer: results
/// take two rows each, below the query and count rows, the window starting
/// at `scroll_offset` of the selection.
pub fn palette_result_at(app: &App, at: Position) -> Option<usize> {
    let p = app.palette.as_ref()?;
    let area = palette_area(app.area);
    let inner = Rect {
        x: area.x.saturating_add(2),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    };
    if inner.height == 0 || inner.width < 4 || !inner.contains(at) {
        return None;
    }
    let rows = usize::from(inner.height.saturating_sub(2)) / 2;
    let row = usize::from(at.y - inner.y).checked_sub(2)? / 2;
    if row >= rows {
        return None;
    }
    let i = scroll_offset(p.selected, p.hits.len(), rows) + row;
    (i < p.hits.len()).then_some(i)
}
