//! The terminal the driver draws on: the screen writer, stdout
//! unbuffered, the bytes that go before the next frame, the size just
//! asked for.

use std::io::{self, Write};

use crate::app::keymap::Keymap;
use crate::app::view::ReaderView;
use crate::app::App;
use crate::screen::{Caps, Writer};

use super::frame::frame_bytes;

/// The terminal the reader draws on: each frame rendered into a buffer
/// and written by the screen writer, told when the reader's text scrolled.
pub(super) struct Screen {
    pub(super) writer: Writer,
    out: Box<dyn Write>,
    /// Bytes to send before the next frame, in the same write (the modes
    /// and the margins question, at start).
    pub(super) before: Vec<u8>,
    /// The size just asked for (at start, and after a resize), which the
    /// next frame takes instead of asking again.
    known_size: Option<(u16, u16)>,
    /// The reader's text as the last frame showed it.
    view: Option<ReaderView>,
}

/// Stdout, unbuffered where it can be (a duplicate of its descriptor):
/// `io::Stdout` is line-buffered, and would split a frame into a write up
/// to its last line feed and one of the rest.
fn frame_out() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(io::stdout())
}

/// The terminal's size in cells, (columns, rows): asked of stdout, where
/// the frames go, when it is a terminal (TIOCGWINSZ, as `stty size`
/// does); otherwise as crossterm asks, of the controlling terminal
/// (`/dev/tty`, opened and closed for each ask: about 8 µs at start, and
/// the first frame waits for it). Errors: neither answers.
pub(super) fn window_size() -> io::Result<(u16, u16)> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(size) = rustix::termios::tcgetwinsize(io::stdout().as_fd()) {
            return Ok((size.ws_col, size.ws_row));
        }
    }
    crossterm::terminal::size()
}

impl Screen {
    pub(super) fn new(depth: crate::colors::ColorDepth, caps: Caps) -> Screen {
        Screen {
            writer: Writer::new(depth, caps),
            out: frame_out(),
            before: Vec::new(),
            known_size: None,
            view: None,
        }
    }

    /// The terminal's size in cells.
    pub(super) fn size(&mut self) -> io::Result<(u16, u16)> {
        let size = window_size()?;
        self.known_size = Some(size);
        Ok(size)
    }

    /// Send what waits to go before the next frame, now.
    pub(super) fn send_before(&mut self) -> io::Result<()> {
        let before = std::mem::take(&mut self.before);
        self.out.write_all(&before)?;
        self.out.flush()
    }

    /// Draw a frame at the terminal's size and send what changed.
    pub(super) fn draw(&mut self, app: &App, keymap: &Keymap) -> io::Result<()> {
        let size = match self.known_size.take() {
            Some(size) => size,
            None => window_size().unwrap_or((app.area.width, app.area.height)),
        };
        let bytes = frame_bytes(app, keymap, size, &mut self.writer, &mut self.view);
        let mut all = std::mem::take(&mut self.before);
        all.extend_from_slice(&bytes);
        self.out.write_all(&all)?;
        self.out.flush()
    }

    /// Forget the screen: the next frame is a whole one.
    pub(super) fn invalidate(&mut self) {
        self.writer.invalidate();
        self.view = None;
    }

    /// Leave the pen as the writer found it.
    pub(super) fn finish(&mut self) {
        let bytes = self.writer.finish();
        let _ = self.out.write_all(&bytes).and_then(|()| self.out.flush());
    }
}
