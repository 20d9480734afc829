//! The terminal driver: the only code that touches crossterm's global
//! functions. Raw mode and the alternate screen through ratatui's
//! init/restore, which also restores the terminal on panic.

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};

use crate::app::{update, Action, App, Effect};
use crate::keymap::{contexts, Key, Keymap};
use crate::text::AmbiWidth;
use crate::ui;

/// How long to wait for the terminal to answer the width probe.
pub const PROBE_TIMEOUT: Duration = Duration::from_millis(150);

/// Run the reader until the user quits. The terminal is restored on every
/// way out, panics included.
pub fn run(mut app: App, keymap: &Keymap, probe_ambiwidth: bool) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let result = (|| -> io::Result<()> {
        if probe_ambiwidth {
            // (Not terminal.clear(): it asks for the cursor position and
            // waits up to two seconds for a terminal that may never answer.)
            app.settings.ambi = probe().unwrap_or(AmbiWidth::Narrow);
        }
        let size = terminal.size()?;
        update(&mut app, Action::Resize(size.width, size.height));
        let mut redraw = true;
        loop {
            if redraw {
                terminal.draw(|frame| ui::render(&app, keymap, frame))?;
                // For the end-to-end test that the terminal is restored on a panic.
                if std::env::var_os("REPORT_EXPLORER_TEST_PANIC").is_some() {
                    panic!("a test panic after the first frame");
                }
            }
            let effect = match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    match keymap.action(Key::from_event(&k), &contexts(&app)) {
                        Some(action) => update(&mut app, action),
                        None => Effect::None,
                    }
                }
                Event::Resize(w, h) => update(&mut app, Action::Resize(w, h)),
                _ => Effect::None,
            };
            match effect {
                Effect::Quit => return Ok(()),
                Effect::Redraw => redraw = true,
                Effect::None => redraw = false,
            }
        }
    })();
    ratatui::restore();
    result
}

/// Ask the terminal how wide it draws an ambiguous character: print “ at
/// the start of a line and ask where the cursor went (a cursor position
/// report). No answer within [`PROBE_TIMEOUT`]: None.
#[cfg(unix)]
pub fn probe() -> Option<AmbiWidth> {
    let mut out = io::stdout();
    write!(out, "\r\x1b[2K“\x1b[6n").ok()?;
    out.flush().ok()?;
    let reply = read_reply(PROBE_TIMEOUT)?;
    write!(out, "\r\x1b[2K").ok()?;
    out.flush().ok()?;
    parse_cursor_report(&reply).map(|col| {
        if col >= 3 {
            AmbiWidth::Wide
        } else {
            AmbiWidth::Narrow
        }
    })
}

#[cfg(not(unix))]
pub fn probe() -> Option<AmbiWidth> {
    None
}

/// Read from the terminal until a cursor position report ends (`R`) or the
/// time is up.
#[cfg(unix)]
fn read_reply(timeout: Duration) -> Option<Vec<u8>> {
    use std::time::Instant;
    let deadline = Instant::now() + timeout;
    let mut reply = Vec::new();
    while !reply.ends_with(b"R") {
        let left = deadline.checked_duration_since(Instant::now())?;
        let mut fds = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = libc::c_int::try_from(left.as_millis())
            .unwrap_or(libc::c_int::MAX)
            .max(1);
        // SAFETY: one valid pollfd, and its count.
        let ready = unsafe { libc::poll(&mut fds, 1, ms) };
        if ready <= 0 {
            return None;
        }
        let mut byte = [0u8; 1];
        // SAFETY: reading one byte into a one-byte buffer.
        let n = unsafe { libc::read(libc::STDIN_FILENO, byte.as_mut_ptr().cast(), 1) };
        if n != 1 {
            return None;
        }
        reply.push(byte[0]);
        if reply.len() > 32 {
            return None;
        }
    }
    Some(reply)
}

/// The column of a cursor position report `ESC [ row ; col R`.
pub fn parse_cursor_report(reply: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(reply).ok()?;
    let start = text.rfind("\x1b[")?;
    let body = text[start + 2..].strip_suffix('R')?;
    let (_, col) = body.split_once(';')?;
    col.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_reports_are_parsed() {
        assert_eq!(parse_cursor_report(b"\x1b[1;3R"), Some(3));
        assert_eq!(parse_cursor_report(b"junk\x1b[24;2R"), Some(2));
        assert_eq!(parse_cursor_report(b"\x1b[1;R"), None);
        assert_eq!(parse_cursor_report(b"\x1b[13"), None);
    }
}
