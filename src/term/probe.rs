//! What the driver asks the terminal: how wide it draws an ambiguous
//! character (a cursor position report after “, waited for briefly), and
//! whether it has left and right margins (a DECRQM whose answer arrives
//! later among the keys). The reader and writer are given, so that the SSH
//! sessions can ask over their channels.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use crate::input::{Input, Parser};
use crate::text::AmbiWidth;

/// How long to wait for the terminal to answer the width probe.
pub const PROBE_TIMEOUT: Duration = Duration::from_millis(150);

/// Something to read a terminal's answer from, waiting at most a while.
pub trait TimedRead {
    /// Read what is there into `buf`, waiting at most `timeout` for the
    /// first byte: Ok(0) when nothing came in time.
    fn read_timeout(&mut self, buf: &mut [u8], timeout: Duration) -> io::Result<usize>;
}

/// Ask a terminal how wide it draws an ambiguous character: print “ at the
/// start of a line and ask where the cursor went (a cursor position
/// report, `ESC [ 6 n`). None when no report comes within `timeout`.
/// `reader` and `writer` are the terminal's input and output (stdin and
/// stdout locally, a channel over SSH). Whatever else was read meanwhile
/// (keys typed as the reader starts) is in `typed`, in order, for the
/// input loop.
pub fn probe(
    reader: &mut dyn TimedRead,
    writer: &mut dyn Write,
    timeout: Duration,
    typed: &mut Vec<Input>,
) -> Option<AmbiWidth> {
    writer.write_all("\r\x1b[2K“\x1b[6n".as_bytes()).ok()?;
    writer.flush().ok()?;
    let column = read_cursor_column(reader, timeout, typed);
    // Clear the probe's line whatever happened.
    writer.write_all(b"\r\x1b[2K").ok()?;
    writer.flush().ok()?;
    column.map(ambi_width_of_column)
}

/// Asks whether the terminal has left and right margins: DECRQM for
/// private mode 69 (DECLRMM). A terminal that has them answers `ESC [ ? 69
/// ; n $ y` with n from 1 to 4, which arrives as an
/// [`Input::ModeReport`] among the keys; one that does not answers 0, or
/// nothing. Nothing waits for the answer.
pub const MARGINS_QUERY: &[u8] = b"\x1b[?69$p";

/// Whether a mode report says the terminal has left and right margins.
pub fn has_margins(input: &Input) -> bool {
    matches!(
        input,
        Input::ModeReport {
            mode: 69,
            value: 1..=4
        }
    )
}

/// The ambiguous width a cursor column after one “ at column 1 means.
pub fn ambi_width_of_column(column: u16) -> AmbiWidth {
    if column >= 3 {
        AmbiWidth::Wide
    } else {
        AmbiWidth::Narrow
    }
}

/// Read until a cursor position report arrives, or the time is up (at most
/// 64 bytes are read); the other inputs read go to `typed`.
fn read_cursor_column(
    reader: &mut dyn TimedRead,
    timeout: Duration,
    typed: &mut Vec<Input>,
) -> Option<u16> {
    let start = Instant::now();
    let deadline = start + timeout;
    let mut parser = Parser::new(timeout);
    let mut read = 0;
    let mut column = None;
    while read < 64 && column.is_none() {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            break;
        };
        let mut buf = [0u8; 16];
        let n = match reader.read_timeout(&mut buf, left) {
            Ok(n) if n > 0 => n,
            _ => break,
        };
        read += n;
        for input in parser.feed(&buf[..n], start) {
            match input {
                Input::CursorPosition { column: c, .. } if column.is_none() => column = Some(c),
                other => typed.push(other),
            }
        }
    }
    // A key left pending (a lone Esc) is what it would be after a pause.
    let later = Instant::now().checked_add(timeout + timeout);
    typed.extend(later.map(|t| parser.tick(t)).unwrap_or_default());
    column
}

/// The column of the first cursor position report (`ESC [ row ; col R`)
/// in `reply`, read by the project's input parser.
pub fn parse_cursor_report(reply: &[u8]) -> Option<u16> {
    let now = Instant::now();
    let mut parser = Parser::new(Duration::ZERO);
    parser.feed(reply, now).into_iter().find_map(|i| match i {
        Input::CursorPosition { column, .. } => Some(column),
        _ => None,
    })
}

/// The process's standard input, read with a timeout through poll(2).
pub struct Stdin;

#[cfg(unix)]
impl TimedRead for Stdin {
    fn read_timeout(&mut self, buf: &mut [u8], timeout: Duration) -> io::Result<usize> {
        let mut fds = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        let now = Instant::now();
        // A time past what Instant can hold: a day is as good as forever.
        let deadline = now
            .checked_add(timeout)
            .or_else(|| now.checked_add(Duration::from_secs(86_400)))
            .unwrap_or(now);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let ms = libc::c_int::try_from(left.as_millis())
                .unwrap_or(libc::c_int::MAX)
                .max(1);
            // SAFETY: one valid pollfd, and its count.
            let ready = unsafe { libc::poll(&mut fds, 1, ms) };
            // A signal (a resize) cuts the wait short: wait on.
            let interrupted = ready < 0
                && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted
                && Instant::now() < deadline;
            if ready > 0 {
                break;
            }
            if !interrupted {
                return Ok(0);
            }
        }
        // One byte, unbuffered: what follows the report is the user's
        // typing, and must stay in the terminal for the input loop (std's
        // stdin would buffer it, the report's tail included, out of reach).
        let Some(first) = buf.first_mut() else {
            return Ok(0);
        };
        // SAFETY: reading one byte into a one-byte buffer that lives.
        let n = unsafe { libc::read(libc::STDIN_FILENO, (first as *mut u8).cast(), 1) };
        usize::try_from(n).map_err(|_| io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
impl TimedRead for Stdin {
    fn read_timeout(&mut self, _buf: &mut [u8], _timeout: Duration) -> io::Result<usize> {
        Ok(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A terminal that answers with fixed bytes, or never.
    struct Answer(Vec<u8>);

    impl TimedRead for Answer {
        fn read_timeout(&mut self, buf: &mut [u8], _timeout: Duration) -> io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(3);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0.drain(..n);
            Ok(n)
        }
    }

    #[test]
    fn cursor_reports_are_parsed() {
        assert_eq!(parse_cursor_report(b"\x1b[1;3R"), Some(3));
        assert_eq!(parse_cursor_report(b"junk\x1b[24;2R"), Some(2));
        assert_eq!(parse_cursor_report(b"\x1b[1;R"), None);
        assert_eq!(parse_cursor_report(b"\x1b[13"), None);
    }

    #[test]
    fn the_probe_writes_its_question_and_reads_the_answer() {
        let mut out = Vec::new();
        let mut typed = Vec::new();
        let wide = probe(
            &mut Answer(b"\x1b[24;3R".to_vec()),
            &mut out,
            PROBE_TIMEOUT,
            &mut typed,
        );
        assert_eq!(wide, Some(AmbiWidth::Wide));
        assert_eq!(out, "\r\x1b[2K“\x1b[6n\r\x1b[2K".as_bytes());
        let narrow = probe(
            &mut Answer(b"\x1b[1;2R".to_vec()),
            &mut Vec::new(),
            PROBE_TIMEOUT,
            &mut typed,
        );
        assert_eq!(narrow, Some(AmbiWidth::Narrow));
        assert!(typed.is_empty());
        // Typing before the answer (望, a hanzi, and `]`) does not hide it,
        // and is kept for the input loop, in order.
        let keys = "望]\x1b[5;3R".as_bytes().to_vec();
        assert_eq!(
            probe(
                &mut Answer(keys),
                &mut Vec::new(),
                PROBE_TIMEOUT,
                &mut typed
            ),
            Some(AmbiWidth::Wide)
        );
        assert_eq!(
            typed,
            vec![
                Input::Key(crate::input::Key::char('望')),
                Input::Key(crate::input::Key::char(']'))
            ]
        );
        // No answer: the keys typed (j, then Esc alone) are still kept.
        typed.clear();
        assert_eq!(
            probe(
                &mut Answer(b"j\x1b".to_vec()),
                &mut Vec::new(),
                PROBE_TIMEOUT,
                &mut typed
            ),
            None
        );
        assert_eq!(
            typed,
            vec![
                Input::Key(crate::input::Key::char('j')),
                Input::Key(crate::input::Key::plain(crate::input::KeyCode::Esc))
            ]
        );
    }
}
