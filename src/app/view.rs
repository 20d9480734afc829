//! What a frame shows of the reader's text, so that a driver can tell its
//! screen writer that the text moved by whole rows between two frames (a
//! line scroll, half a page, a page with overlap, `]` within reach)
//! instead of changing: the writer then scrolls the terminal and paints
//! only the rows that came into view.

use ratatui::layout::Rect;

use super::state::App;
use crate::document::LayoutId;

/// The reader's text as a frame shows it: where, which layout, from
/// which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderView {
    /// The reader's text area on the screen; None when the pane is hidden.
    text: Option<Rect>,
    /// Which lines (a layout's first lines and the whole are the same).
    layout: LayoutId,
    top: usize,
}

/// The reader's text in the frame `app` draws now.
pub fn reader_view(app: &App) -> ReaderView {
    ReaderView {
        text: app.screen().reader.map(super::geometry::reader_text),
        layout: app.layout.id(),
        top: app.top,
    }
}

/// The rows of the screen whose content moved, and by how many rows (up
/// when positive), from the frame that showed `before` to the one that
/// shows `after`: the reader's text area, when the same layout is shown
/// there from another line less than a screen away. None otherwise.
/// Overlays drawn over the text (a popup, the palette) move with it in
/// the terminal: the writer weighs the cost of painting them again.
pub fn reader_scroll(before: &ReaderView, after: &ReaderView) -> Option<(Rect, i32)> {
    let text = after.text?;
    if before.text != Some(text) || before.layout != after.layout || before.top == after.top {
        return None;
    }
    let rows = i64::try_from(after.top).ok()? - i64::try_from(before.top).ok()?;
    let rows = i32::try_from(rows).ok()?;
    (rows.unsigned_abs() < u32::from(text.height)).then_some((text, rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{update, Action, Settings};
    use crate::content::load_embedded;

    #[test]
    fn a_line_scroll_is_one_row_of_the_reader_text() -> Result<(), String> {
        let mut app = App::new(
            load_embedded().map_err(|e| format!("{e:?}"))?,
            Settings::default(),
        );
        update(&mut app, Action::Resize(80, 24));
        let before = reader_view(&app);
        update(&mut app, Action::Down);
        let after = reader_view(&app);
        let (area, rows) = reader_scroll(&before, &after).ok_or("a scroll")?;
        assert_eq!((area, rows), (app.reader_area(), 1));
        // 望花區's text does not move on a resize: no scroll.
        update(&mut app, Action::Resize(100, 30));
        assert_eq!(reader_scroll(&after, &reader_view(&app)), None);
        Ok(())
    }
}
