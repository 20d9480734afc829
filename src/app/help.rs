//! The help overlay's layout, in the core: where it goes, its rows at a
//! width (generated from the keymap table, the focused pane's keys first),
//! and how far it can scroll, so that paging stops at the last page. The
//! ui draws these rows; it does not lay them out again.

use ratatui::layout::Rect;

use super::keymap::{Context, Keymap};
use super::state::App;
use super::Pane;
use crate::text::{fit, wrap, AmbiWidth, Wrap};

/// One row of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    /// A context's title ("In a pane").
    Title(Context),
    Blank,
    /// A binding: its keys (padded to the key column, on its first row
    /// only) and one row of its wrapped description.
    Binding {
        keys: Option<String>,
        text: String,
    },
}

/// The widest the help overlay gets, in cells.
pub const WIDTH: u16 = 86;

/// Where the help overlay goes on a screen: centred, at most [`WIDTH`]
/// wide, two rows shorter than the screen.
pub fn area(screen: Rect) -> Rect {
    let w = WIDTH.min(screen.width);
    let h = screen.height.saturating_sub(2);
    Rect {
        x: screen.x + (screen.width - w) / 2,
        y: screen.y + (screen.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The text area inside the overlay: its width and how many rows show.
pub fn inner(screen: Rect) -> (usize, usize) {
    let a = area(screen);
    (
        usize::from(a.width.saturating_sub(4)),
        usize::from(a.height.saturating_sub(2)),
    )
}

/// The key column's width at `width` cells: room for `Space, PgDn,
/// Ctrl-F`, at most a third of the width.
pub fn key_width(width: usize) -> usize {
    20.min(width / 3)
}

/// The context of the focused pane, whose keys the help shows first.
pub fn first_context(app: &App) -> Context {
    match app.focus {
        Pane::Outline => Context::Outline,
        Pane::Figures => Context::Figures,
        Pane::Reader | Pane::Glossary => Context::Pane,
    }
}

/// The help's rows at `width` cells, the contexts in the keymap's order
/// but `first` first.
pub fn rows(keymap: &Keymap, ambi: AmbiWidth, width: usize, first: Context) -> Vec<HelpRow> {
    let mut contexts = keymap.help(ambi);
    if let Some(i) = contexts.iter().position(|(c, _)| *c == first) {
        let c = contexts.remove(i);
        contexts.insert(0, c);
    }
    let key_w = key_width(width);
    let mut out = Vec::new();
    for (ctx, bindings) in contexts {
        if !out.is_empty() {
            out.push(HelpRow::Blank);
        }
        out.push(HelpRow::Title(ctx));
        for (keys, desc) in bindings {
            let keys = format!("  {} ", fit(&keys, key_w, ambi));
            let opts = Wrap {
                width: width.saturating_sub(key_w + 3).max(1),
                ambi,
                first_indent: 0,
                indent: 0,
            };
            for (i, row) in wrap(desc, opts).into_iter().enumerate() {
                out.push(HelpRow::Binding {
                    keys: (i == 0).then(|| keys.clone()),
                    text: desc[row.range].to_string(),
                });
            }
        }
    }
    out
}

/// The largest scroll that still fills the overlay.
pub fn max_scroll(app: &App, keymap: &Keymap) -> usize {
    let (w, h) = inner(app.area);
    let n = rows(keymap, app.settings.ambi, w, first_context(app)).len();
    n.saturating_sub(h)
}

/// Keep the help's scroll within its rows (after a key moved it).
pub fn clamp(app: &mut App, keymap: &Keymap) {
    if let Some(s) = app.help {
        let most = u16::try_from(max_scroll(app, keymap)).unwrap_or(u16::MAX);
        app.help = Some(s.min(most));
    }
}

/// Rows of the help that show at once.
pub fn page(app: &App) -> u16 {
    u16::try_from(inner(app.area).1.max(1)).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_focused_panes_keys_come_first_and_rows_wrap() {
        let k = Keymap::default();
        let rows = rows(&k, AmbiWidth::Narrow, 60, Context::Figures);
        assert_eq!(rows[0], HelpRow::Title(Context::Figures));
        assert!(rows.len() > 60);
        // The palette's long description (它 names 2.3 for 第三) wraps.
        let all: String = rows
            .iter()
            .filter_map(|r| match r {
                HelpRow::Binding { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(all.contains("(三)"));
        assert_eq!(area(Rect::new(0, 0, 80, 24)), Rect::new(0, 1, 80, 22));
        assert_eq!(area(Rect::new(0, 0, 132, 40)).width, WIDTH);
    }
}
