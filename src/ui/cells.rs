//! Writing text into ratatui's buffer cluster by cluster, measured by the
//! one width function ([`crate::text::cluster_width`]) that lays it out.
//!
//! ratatui's own `set_line` measures each grapheme cluster with
//! unicode-width's narrow rule, so in wide ambiguous mode it gives “ — … μ
//! one cell where the layout (and a CJK terminal) gives two, and the next
//! hanzi is drawn over. Here a cluster whose width differs from ratatui's
//! carries [`CellDiffOption::ForcedWidth`], and the cells it covers are
//! reset, as ratatui does for a hanzi, so that the diff skips them. A
//! cluster that takes no cells (a lone control or format character) is
//! not drawn, as in the layout.

use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::style::Style;
use ratatui::text::Line;
use std::num::NonZeroU16;

use crate::text::clusters::forward;
use crate::text::{cluster_width, AmbiWidth};

/// Write `s` in `style` at (x, y), at most `max` cells and never past the
/// buffer's right edge. A cluster that does not fit whole is left out, with
/// everything after it. Returns the column after the last cluster written.
pub fn put_str(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    s: &str,
    style: Style,
    max: u16,
    ambi: AmbiWidth,
) -> u16 {
    let area = buf.area;
    if y < area.y || y >= area.bottom() || x < area.x {
        return x;
    }
    let end = x.saturating_add(max).min(area.right());
    let mut x = x;
    for (_, g) in forward(s) {
        let w = cluster_width(g, ambi);
        let Ok(w16) = u16::try_from(w) else {
            break;
        };
        if w16 == 0 {
            continue;
        }
        if x.saturating_add(w16) > end {
            break;
        }
        let cell = &mut buf[(x, y)];
        cell.set_symbol(g).set_style(style);
        let option = match NonZeroU16::new(w16) {
            Some(forced) if g.cell_width() != w16 => CellDiffOption::ForcedWidth(forced),
            _ => CellDiffOption::None,
        };
        cell.set_diff_option(option);
        for hidden in x + 1..x + w16 {
            buf[(hidden, y)].reset();
        }
        x += w16;
    }
    x
}

/// Write `line` at (x, y), at most `max` cells: its spans in order, each in
/// the line's style patched with its own. Returns the column after it.
pub fn put_line(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    line: &Line<'_>,
    max: u16,
    ambi: AmbiWidth,
) -> u16 {
    let end = x.saturating_add(max);
    let mut at = x;
    for span in &line.spans {
        let style = line.style.patch(span.style);
        at = put_str(buf, at, y, &span.content, style, end - at, ambi);
        if at >= end {
            break;
        }
    }
    at
}

/// Cells taken by what `cell` holds, as the diff counts them: a forced
/// width where one is set, else the symbol's.
pub fn width_of(cell: &Cell) -> u16 {
    cell.cell_width()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn row(buf: &Buffer, y: u16) -> Vec<(String, u16)> {
        (0..buf.area.width)
            .map(|x| {
                let c = &buf[(x, y)];
                (c.symbol().to_string(), width_of(c))
            })
            .collect()
    }

    #[test]
    fn an_ambiguous_character_takes_two_cells_in_wide_mode() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        let end = put_str(&mut buf, 0, 0, "“拼”工作", Style::new(), 8, AmbiWidth::Wide);
        assert_eq!(end, 8);
        let cells = row(&buf, 0);
        let symbols: Vec<&str> = cells.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(symbols, ["“", " ", "拼", " ", "”", " ", "工", " "]);
        assert_eq!((cells[0].1, cells[4].1), (2, 2));
        // The diff from a blank screen sends “ 拼 ” 工 and nothing over
        // their right halves.
        let blank = Buffer::empty(buf.area);
        let sent: Vec<(u16, String)> = blank
            .diff(&buf)
            .into_iter()
            .map(|(x, _, c)| (x, c.symbol().to_string()))
            .collect();
        assert_eq!(
            sent,
            [
                (0, "“".into()),
                (2, "拼".into()),
                (4, "”".into()),
                (6, "工".into())
            ]
        );
        // Narrow, the same text is one cell a quote, and 作 fits.
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        put_str(
            &mut buf,
            0,
            0,
            "“拼”工作",
            Style::new(),
            8,
            AmbiWidth::Narrow,
        );
        assert_eq!(buf[(0, 0)].symbol(), "“");
        assert_eq!(buf[(1, 0)].symbol(), "拼");
        assert_eq!(buf[(6, 0)].symbol(), "作");
    }

    #[test]
    fn clusters_go_whole_into_one_cell_or_not_at_all() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 7, 1));
        let end = put_str(
            &mut buf,
            0,
            0,
            "晴☀️好👨‍👩‍👧",
            Style::new(),
            7,
            AmbiWidth::Narrow,
        );
        // 晴 ☀️ 好 take six cells; the family does not fit in the seventh.
        assert_eq!(end, 6);
        assert_eq!(buf[(2, 0)].symbol(), "☀️");
        assert_eq!(width_of(&buf[(2, 0)]), 2);
        assert_eq!(buf[(4, 0)].symbol(), "好");
        assert_eq!(buf[(6, 0)].symbol(), " ");
        // A control character is drawn as nothing, as the layout counts it.
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        assert_eq!(
            put_str(
                &mut buf,
                0,
                0,
                "望\u{1b}花",
                Style::new(),
                4,
                AmbiWidth::Narrow
            ),
            4
        );
        assert_eq!(buf[(2, 0)].symbol(), "花");
    }
}
