//! The footnote popup: the glossary entry of a marker on screen, over the
//! reader. Guards its edges against wide characters cut in half.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Widget};

use super::theme::Theme;
use super::{draw_block, pane_block, put_line};
use crate::app::keymap::Keymap;
use crate::app::App;
use crate::text::{str_width, wrap, Wrap};

/// Clear the cell left of `area` where it holds a wide character whose
/// right half the popup covers (ratatui #2526): the terminal would draw it
/// over the popup's border.
pub fn guard_edges(area: Rect, buf: &mut Buffer) {
    if area.x == 0 {
        return;
    }
    for y in area.y..area.y + area.height {
        if let Some(cell) = buf.cell_mut((area.x - 1, y)) {
            if str_width(cell.symbol(), crate::text::AmbiWidth::Narrow) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
}

/// A centred rectangle of at most `w`×`h` inside `outer`.
pub fn centred(outer: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(outer.width);
    let h = h.min(outer.height);
    Rect {
        x: outer.x + (outer.width - w) / 2,
        y: outer.y + (outer.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Where the popup goes: below the marker's row when it fits there, else
/// above it, so that the marker stays in sight; centred otherwise.
fn beside_marker(app: &App, over: Rect, width: u16, height: u16) -> Rect {
    let centre = centred(over, width, height);
    let Some(p) = &app.popup else { return centre };
    let m = &p.markers[p.current];
    let line = app.layout.line_of(m.block, m.range.start);
    let text = crate::app::geometry::reader_text(over);
    // Only a marker still in view (a resize may have moved it out), and in
    // this pane: a frame drawn at a new size before its resize arrives has
    // a smaller pane than the session's viewport.
    let rows = app.viewport().min(usize::from(text.height));
    let Some(row) = line.checked_sub(app.top).filter(|&r| r < rows) else {
        return centre;
    };
    let row = text.y + row as u16;
    let (top, bottom) = (over.y + 1, over.y + over.height.saturating_sub(1));
    if row + 1 + height <= bottom {
        Rect {
            y: row + 1,
            ..centre
        }
    } else if row >= top + height {
        Rect {
            y: row - height,
            ..centre
        }
    } else {
        centre
    }
}

/// Draw the footnote popup over `over` (the reader pane), beside its
/// marker, with the marker count and keys on its bottom border.
pub fn render(app: &App, keymap: &Keymap, theme: &Theme, over: Rect, buf: &mut Buffer) {
    let Some(p) = &app.popup else { return };
    let Some(g) = &app.report().glossary else {
        return;
    };
    let m = &p.markers[p.current];
    let Some(entry) = g.entry(m.number) else {
        return;
    };
    let width = over.width.saturating_sub(4).clamp(10, 64);
    let text_w = usize::from(width.saturating_sub(4));
    let def = &entry.definition.text;
    let rows: Vec<Line> = wrap(
        def,
        Wrap {
            width: text_w.max(1),
            ambi: theme.ambi,
            first_indent: 0,
            indent: 0,
        },
    )
    .into_iter()
    .map(|r| Line::raw(def[r.range].to_string()))
    .collect();
    let height = (rows.len() as u16 + 2)
        .min(over.height.saturating_sub(2))
        .max(3);
    let area = beside_marker(app, over, width, height);
    Clear.render(area, buf);
    guard_edges(area, buf);
    let title = format!("[{}] {}", entry.number, entry.term);
    let block = pane_block(theme, &title, true, area.width);
    let hint = super::hints::popup(keymap, theme, p.current + 1, p.markers.len());
    let block = if str_width(&hint, theme.ambi) + 4 <= usize::from(area.width) {
        block.title_bottom(Line::styled(hint, theme.muted()).right_aligned())
    } else {
        block
    };
    draw_block(block, area, buf);
    let inner_h = area.height.saturating_sub(2);
    let scroll = usize::from(p.scroll).min(rows.len().saturating_sub(usize::from(inner_h)));
    for (i, line) in rows
        .iter()
        .skip(scroll)
        .take(usize::from(inner_h))
        .enumerate()
    {
        put_line(
            buf,
            area.x + 2,
            area.y + 1 + i as u16,
            line,
            area.width.saturating_sub(4),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_character_cut_by_the_popup_edge_is_cleared() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "望花區人民", ratatui::style::Style::new());
        // A popup starting at x=3 covers the right half of 花 (cells 2-3).
        guard_edges(Rect::new(3, 0, 4, 1), &mut buf);
        assert_eq!(buf[(2, 0)].symbol(), " ");
        assert_eq!(buf[(0, 0)].symbol(), "望");
        // At an even edge nothing is cut, nothing cleared.
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "望花區人民", ratatui::style::Style::new());
        guard_edges(Rect::new(4, 0, 4, 1), &mut buf);
        assert_eq!(buf[(2, 0)].symbol(), "花");
    }
}
