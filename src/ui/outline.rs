//! The outline pane: parts, sections and lead phrases as a folding tree.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::{draw_block, pane_block, put_line};
pub use crate::app::geometry::scroll_offset;
use crate::app::{App, Pane};
use crate::text::{fit, str_width};

/// One outline row, `width` cells at most.
pub fn row(app: &App, theme: &Theme, node: usize, width: usize) -> Line<'static> {
    let n = &app.outline().nodes[node];
    let (closed, open) = theme.fold_glyphs();
    let fold = if !n.has_children {
        " "
    } else if app.tree.expanded[node] {
        open
    } else {
        closed
    };
    let head = format!("{}{fold} ", "  ".repeat(n.depth));
    let room = width.saturating_sub(str_width(&head, theme.ambi));
    let selected = node == app.tree.selected;
    let style = match (selected, app.focus == Pane::Outline) {
        (true, true) => theme.selected(),
        (true, false) => theme.selected_unfocused(),
        _ if n.depth == 0 => theme.term(),
        _ => Style::new(),
    };
    Line::from(vec![
        Span::styled(head, theme.muted()),
        Span::styled(fit(&n.label, room, theme.ambi), style),
    ])
}

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Pane::Outline;
    let title = super::labels::label(super::labels::OUTLINE, app.script());
    draw_block(pane_block(theme, &title, focused, area.width), area, buf);
    let inner = super::inner(area);
    let visible = app.visible_nodes();
    let at = visible
        .iter()
        .position(|&n| n == app.tree.selected)
        .unwrap_or(0);
    let height = usize::from(inner.height);
    let offset = scroll_offset(at, visible.len(), height);
    for (row_no, &node) in visible.iter().skip(offset).take(height).enumerate() {
        let line = row(app, theme, node, usize::from(inner.width));
        put_line(
            buf,
            inner.x,
            inner.y + row_no as u16,
            &line,
            inner.width,
            theme.ambi,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_stays_in_view() {
        assert_eq!(scroll_offset(0, 5, 10), 0);
        assert_eq!(scroll_offset(30, 40, 9), 27);
        assert_eq!(scroll_offset(39, 40, 9), 31);
        for sel in 0..40 {
            let off = scroll_offset(sel, 40, 9);
            assert!(off <= sel && sel < off + 9);
        }
    }
}
