//! The help overlay, generated from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::hints::key;
use super::popup::{centred, guard_edges};
use super::theme::Theme;
use super::{draw_block, pane_block, put_line};
use crate::app::keymap::{Context, Keymap};
use crate::app::Action;
use crate::text::{fit, wrap, Wrap};

/// The help lines at `width` cells: for each context its title, then one
/// row per binding (its keys, its description wrapped beside them).
pub fn lines(keymap: &Keymap, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let key_w = 18.min(width / 3);
    for (ctx, rows) in keymap.help(theme.ambi) {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::styled(ctx.title().to_string(), theme.term()));
        for (keys, desc) in rows {
            let keys = format!("{} ", fit(&keys, key_w, theme.ambi));
            let room = width.saturating_sub(key_w + 3).max(1);
            let opts = Wrap {
                width: room,
                ambi: theme.ambi,
                first_indent: 0,
                indent: 0,
            };
            // `area…` in a description is `area...` in wide mode.
            let desc = theme.plain(desc);
            for (i, row) in wrap(&desc, opts).into_iter().enumerate() {
                let lead = if i == 0 {
                    format!("  {keys}")
                } else {
                    " ".repeat(key_w + 3)
                };
                out.push(Line::from(vec![
                    Span::styled(lead, theme.marker()),
                    Span::raw(desc[row.range].to_string()),
                ]));
            }
        }
    }
    out
}

/// Draw the help overlay centred on `screen`, its lines from `scroll`
/// (rows; kept so that the last page stays full); its title names the key
/// that closes it (`Keys (Esc closes)`).
pub fn render(keymap: &Keymap, theme: &Theme, scroll: u16, screen: Rect, buf: &mut Buffer) {
    let area = centred(screen, 86, screen.height.saturating_sub(2));
    Clear.render(area, buf);
    guard_edges(area, buf);
    let title = match key(keymap, theme, Context::Help, Action::Close) {
        Some(k) => format!("Keys ({k} closes)"),
        None => "Keys".to_string(),
    };
    draw_block(pane_block(theme, &title, true, area.width), area, buf);
    let inner_w = area.width.saturating_sub(4);
    let inner_h = usize::from(area.height.saturating_sub(2));
    let all = lines(keymap, theme, usize::from(inner_w));
    let scroll = usize::from(scroll).min(all.len().saturating_sub(inner_h));
    for (i, line) in all.iter().skip(scroll).take(inner_h).enumerate() {
        put_line(buf, area.x + 2, area.y + 1 + i as u16, line, inner_w);
    }
}
