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

/// Clear what surrounds an overlay at `area` (already cleared itself) on
/// its rows: the column on each side, so that no text of the panes behind
/// touches its borders (`…│`, `%│` read as part of it), and any wide
/// character cut by those columns (ratatui #2526: the terminal would draw
/// a character whose right half the overlay covers over its border).
pub fn guard_edges(area: Rect, buf: &mut Buffer) {
    let screen = buf.area;
    let left = area.x.saturating_sub(1).max(screen.x);
    let right = (area.right() + 1).min(screen.right());
    let bottom = area.bottom().min(screen.bottom());
    for y in area.y.max(screen.y)..bottom {
        for x in [left, area.right()] {
            if x >= screen.x && x < right && !(area.x..area.right()).contains(&x) {
                buf[(x, y)].reset();
            }
        }
        // A wide character left of the cleared columns that reaches into
        // them. (One whose left half was cleared leaves its right half a
        // plain blank, as ratatui resets the cells a wide one hides.)
        let mut x = left;
        while x > screen.x {
            x -= 1;
            let width = str_width(buf[(x, y)].symbol(), crate::text::AmbiWidth::Narrow);
            if usize::from(left - x) < width {
                buf[(x, y)].reset();
            }
            if usize::from(left - x) >= 2 {
                break;
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
            theme.ambi,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_character_cut_by_the_popup_edge_is_cleared() {
        let style = ratatui::style::Style::new();
        // An overlay at x=4 clears x=3, the right half of 花 (cells 2-3).
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "望花區人民", style);
        guard_edges(Rect::new(4, 0, 4, 1), &mut buf);
        assert_eq!(buf[(2, 0)].symbol(), " ");
        assert_eq!(buf[(3, 0)].symbol(), " ");
        assert_eq!(buf[(0, 0)].symbol(), "望");
        // At x=5, the column cleared is x=4, the left half of 區: 花
        // stays whole.
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "望花區人民", style);
        guard_edges(Rect::new(5, 0, 3, 1), &mut buf);
        assert_eq!(buf[(2, 0)].symbol(), "花");
        assert_eq!(buf[(4, 0)].symbol(), " ");
        // The right side: the column after the overlay is cleared too.
        assert_eq!(buf[(8, 0)].symbol(), " ");
        assert_eq!(buf[(9, 0)].symbol(), " ");
    }

    #[test]
    fn text_beside_an_overlay_is_cleared_but_not_beyond() {
        let style = ratatui::style::Style::new();
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 2));
        buf.set_string(0, 0, "│29.8%增長│", style);
        buf.set_string(0, 1, "│abcdefghi│", style);
        let area = Rect::new(3, 0, 4, 2);
        Clear.render(area, &mut buf);
        guard_edges(area, &mut buf);
        let row = |y| -> String { (0..12).map(|x| buf[(x, y)].symbol().to_string()).collect() };
        // 增 (cells 6-7) went with the overlay, x=2 and x=7 beside it.
        assert_eq!(row(0), "│2      長 │ ");
        assert_eq!(row(1), "│a      hi│ ");
        // At the screen's edges there is nothing to clear.
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "望花區", style);
        guard_edges(Rect::new(0, 0, 6, 1), &mut buf);
        assert_eq!(buf[(0, 0)].symbol(), "望");
    }
}
