//! The help overlay, generated from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::hints::key;
use super::popup::guard_edges;
use super::theme::Theme;
use super::{draw_block, pane_block, put_line};
use crate::app::help::{self, first_context, rows, HelpRow};
use crate::app::keymap::{Context, Keymap};
use crate::app::{Action, App};
use crate::text::str_width;

/// The help's lines at `width` cells, the keys of `first` first: the core's
/// rows (`app::help::rows`), styled.
pub fn lines(keymap: &Keymap, theme: &Theme, width: usize, first: Context) -> Vec<Line<'static>> {
    rows(keymap, theme.ambi, width, first)
        .into_iter()
        .map(|row| match row {
            HelpRow::Title(ctx) => Line::styled(ctx.title().to_string(), theme.term()),
            HelpRow::Blank => Line::default(),
            HelpRow::Binding { keys, text } => {
                let lead = keys.unwrap_or_else(|| " ".repeat(help::key_width(width) + 3));
                Line::from(vec![
                    Span::styled(lead, theme.marker()),
                    Span::raw(theme.plain(&text).into_owned()),
                ])
            }
        })
        .collect()
}

/// Draw the help overlay of a session: its focused pane's keys first.
pub fn render_app(app: &App, keymap: &Keymap, theme: &Theme, screen: Rect, buf: &mut Buffer) {
    let scroll = app.help.unwrap_or(0);
    draw(keymap, theme, scroll, first_context(app), screen, buf);
}

/// Draw the help overlay on `screen`, its lines from `scroll` (rows; kept
/// so that the last page stays full). Its title names the key that closes
/// it (`Keys (Esc closes)`); its bottom border says which rows show and
/// the key for more.
fn draw(
    keymap: &Keymap,
    theme: &Theme,
    scroll: u16,
    first: Context,
    screen: Rect,
    buf: &mut Buffer,
) {
    let area = help::area(screen);
    Clear.render(area, buf);
    guard_edges(area, buf);
    let title = match key(keymap, theme, Context::Help, Action::Close) {
        Some(k) => format!("Keys ({k} closes)"),
        None => "Keys".to_string(),
    };
    let (inner_w, inner_h) = help::inner(screen);
    let all = lines(keymap, theme, inner_w, first);
    let scroll = usize::from(scroll).min(all.len().saturating_sub(inner_h));
    let shown = inner_h.min(all.len().saturating_sub(scroll));
    let mut block = pane_block(theme, &title, true, area.width);
    if shown < all.len() {
        // Where you are in it, and the key for more (`13-34/71 · Space`).
        let more = key(keymap, theme, Context::Pane, Action::PageDown);
        let at = format!("{}-{}/{}", scroll + 1, scroll + shown, all.len());
        let hint = match more {
            Some(k) if scroll + shown < all.len() => format!(" {at}{}{k} more ", theme.dot()),
            _ => format!(" {at} "),
        };
        if str_width(&hint, theme.ambi) + 4 <= usize::from(area.width) {
            block = block.title_bottom(Line::styled(hint, theme.muted()).right_aligned());
        }
    }
    draw_block(block, area, buf);
    for (i, line) in all.iter().skip(scroll).take(inner_h).enumerate() {
        put_line(
            buf,
            area.x + 2,
            area.y + 1 + i as u16,
            line,
            inner_w as u16,
            theme.ambi,
        );
    }
}
