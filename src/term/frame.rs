//! The step every driver draws with: the app rendered into a buffer of
//! the terminal's size, and the screen writer's bytes for it, told when
//! the reader's text scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::keymap::Keymap;
use crate::app::view::{reader_scroll, reader_view, ReaderView};
use crate::app::App;
use crate::screen::{Scroll, Writer};
use crate::ui;

/// A frame of `app` at `size` (columns, rows), rendered and turned by
/// `writer` into the bytes that take the terminal there from the last
/// frame; `view` is the reader's text as the last frame showed it (None:
/// unknown), updated, so that the writer is told when it scrolled. Every
/// driver draws through this: the local terminal and the SSH sessions.
pub fn frame_bytes(
    app: &App,
    keymap: &Keymap,
    (width, height): (u16, u16),
    writer: &mut Writer,
    view: &mut Option<ReaderView>,
) -> Vec<u8> {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    ui::draw(app, keymap, area, &mut buf);
    let target = writer.target_of(&buf);
    // Freed before the writer takes its copy of the screen, which then
    // reuses the memory (at start, fewer pages touched for the first time).
    drop(buf);
    let now = reader_view(app);
    let scrolls: Vec<Scroll> = view
        .as_ref()
        .and_then(|before| reader_scroll(before, &now))
        .map(|(area, rows)| Scroll { area, rows })
        .into_iter()
        .collect();
    let bytes = writer.frame_to(target, &scrolls);
    *view = Some(now);
    bytes
}
