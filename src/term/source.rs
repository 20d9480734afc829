//! Where the reader's inputs come from, a batch at a time: every input
//! already parsed from the bytes that are ready, and the signals that
//! arrived, so that the loop applies them all and draws one frame.
//!
//! On unix the driver reads stdin's bytes itself: poll(2) on stdin and the
//! signals' self-pipe, then every byte that is ready (read after read while
//! poll says more is there, up to [`MAX_BATCH`]), fed to the project's own
//! parser (`crate::input::Parser`, the one the SSH sessions use). The
//! parser's deadline is the poll's timeout, so a lone Esc resolves without
//! another key. (crossterm's reader took 1,024 bytes at a time and did not
//! come back for the rest until the next key: a long paste stalled.)
//! stdin is never made non-blocking: that flag would be shared with the
//! shell. Elsewhere, crossterm's events, drained the same way.

use std::io;
use std::time::{Duration, Instant};

use crate::input::Input;

/// The most bytes read before the loop applies what they hold and draws:
/// a flood of input still gets frames.
pub const MAX_BATCH: usize = 256 * 1024;

/// How long a lone Esc (or an Esc-prefixed prefix) waits for the rest of
/// a sequence.
pub const ESC_TIMEOUT: Duration = Duration::from_millis(50);

/// What arrived while the reader waited.
#[derive(Debug, Default)]
pub struct Batch {
    /// The inputs, in the order they came.
    pub inputs: Vec<Input>,
    /// SIGTERM, SIGHUP or SIGINT: end with 128 + this.
    pub end: Option<i32>,
    /// SIGTSTP from outside: suspend.
    pub stop: bool,
    /// SIGCONT: take the terminal again and redraw it all.
    pub cont: bool,
    /// The terminal was resized (SIGWINCH): its size is to be asked.
    pub resize: bool,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty() && self.end.is_none() && !self.stop && !self.cont && !self.resize
    }
}

#[cfg(unix)]
pub use unix::Source;

#[cfg(unix)]
mod unix {
    use super::*;
    use crate::input::Parser;
    use crate::term::signals::Signals;

    /// stdin and the signals.
    #[derive(Debug)]
    pub struct Source {
        parser: Parser,
        signals: Signals,
        /// What stdin gave in the last read, in a buffer of [`READ_BUF`]
        /// bytes that is never zeroed: a page is touched only once a read
        /// reaches it (not 16 before the first frame).
        buf: Vec<u8>,
    }

    /// The most one read takes from stdin, in bytes.
    const READ_BUF: usize = 64 * 1024;

    impl Source {
        /// Install the signal handlers: from here on TERM, HUP, INT, TSTP,
        /// CONT and WINCH only set flags for [`Source::wait`].
        pub fn new() -> io::Result<Source> {
            Ok(Source {
                parser: Parser::new(ESC_TIMEOUT),
                signals: Signals::install()?,
                buf: Vec::with_capacity(READ_BUF),
            })
        }

        /// An ending signal that arrived and was not yet reported.
        pub fn ending(&self) -> Option<i32> {
            self.signals.ending()
        }

        /// Forget the SIGCONT that ends a stop the reader asked for.
        pub fn forget_cont(&self) {
            self.signals.forget_cont();
        }

        /// Wait for input or a signal, until `until` at the latest (None:
        /// as long as it takes); then everything that is ready. An empty
        /// batch only when `until` passed.
        pub fn wait(&mut self, until: Option<Instant>) -> io::Result<Batch> {
            let mut batch = Batch::default();
            loop {
                let now = Instant::now();
                let wake = match (self.parser.deadline(), until) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                let timeout = wake.map(|w| w.saturating_duration_since(now));
                let (input, signal) = poll(self.signals.fd(), timeout)?;
                if signal {
                    let p = self.signals.take();
                    batch.end = batch.end.or(p.end);
                    batch.stop |= p.stop;
                    batch.cont |= p.cont;
                    batch.resize |= p.resize;
                }
                if input {
                    self.read_ready(&mut batch)?;
                }
                batch.inputs.extend(self.parser.tick(Instant::now()));
                if !batch.is_empty() || until.is_some_and(|u| Instant::now() >= u) {
                    return Ok(batch);
                }
            }
        }

        /// Read what stdin has, read after read while more is ready, and
        /// parse it.
        fn read_ready(&mut self, batch: &mut Batch) -> io::Result<()> {
            let mut total = 0;
            loop {
                self.buf.clear();
                let spare = self.buf.spare_capacity_mut();
                // SAFETY: reading into the buffer's spare capacity, which
                // lives, at most its length.
                let n = unsafe {
                    libc::read(libc::STDIN_FILENO, spare.as_mut_ptr().cast(), spare.len())
                };
                let n = match usize::try_from(n) {
                    Ok(0) => {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "the terminal closed its input",
                        ))
                    }
                    Ok(n) => n,
                    Err(_) => {
                        let e = io::Error::last_os_error();
                        match e.kind() {
                            io::ErrorKind::Interrupted => continue,
                            io::ErrorKind::WouldBlock => return Ok(()),
                            _ => return Err(e),
                        }
                    }
                };
                // SAFETY: read(2) wrote the first n bytes, n at most the
                // capacity.
                unsafe { self.buf.set_len(n.min(self.buf.capacity())) };
                let bytes = &self.buf[..];
                batch.inputs.extend(self.parser.feed(bytes, Instant::now()));
                total += n;
                if total >= MAX_BATCH || !poll(-1, Some(Duration::ZERO))?.0 {
                    return Ok(());
                }
            }
        }
    }

    /// Wait until stdin or `signal` (unless negative) is readable, or
    /// `timeout` passes: which of them are. A signal that interrupts the
    /// wait makes its pipe readable, seen on the next call.
    fn poll(signal: i32, timeout: Option<Duration>) -> io::Result<(bool, bool)> {
        let mut fds = [
            libc::pollfd {
                fd: libc::STDIN_FILENO,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: signal,
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let ms = match timeout {
            None => -1,
            // Rounded up, so that a deadline is never polled for early
            // again and again.
            Some(t) => {
                let ms = t.as_micros().div_ceil(1000);
                libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX)
            }
        };
        let count = if signal < 0 { 1 } else { 2 };
        // SAFETY: `count` valid pollfds in a live array.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), count, ms) };
        if ready < 0 {
            let e = io::Error::last_os_error();
            return match e.kind() {
                io::ErrorKind::Interrupted => Ok((false, false)),
                _ => Err(e),
            };
        }
        // Hang-up and errors count as ready: the read says what they are.
        let seen =
            |fd: &libc::pollfd| fd.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0;
        Ok((seen(&fds[0]), signal >= 0 && seen(&fds[1])))
    }
}

#[cfg(not(unix))]
pub use other::Source;

#[cfg(not(unix))]
mod other {
    use super::*;
    use crossterm::event;

    /// crossterm's events.
    #[derive(Debug)]
    pub struct Source;

    impl Source {
        pub fn new() -> io::Result<Source> {
            Ok(Source)
        }

        pub fn ending(&self) -> Option<i32> {
            None
        }

        pub fn forget_cont(&self) {}

        /// Wait for an event, until `until` at the latest; then every
        /// event that is ready.
        pub fn wait(&mut self, until: Option<Instant>) -> io::Result<Batch> {
            let mut batch = Batch::default();
            // (No poll without a time limit: crossterm adds it to now.)
            let ready = match until {
                Some(u) => event::poll(u.saturating_duration_since(Instant::now()))?,
                None => true,
            };
            if !ready {
                return Ok(batch);
            }
            loop {
                match crate::term::input_of(event::read()?) {
                    Some(Input::Resize { .. }) => batch.resize = true,
                    Some(input) => batch.inputs.push(input),
                    None => {}
                }
                if !event::poll(Duration::ZERO)? {
                    return Ok(batch);
                }
            }
        }
    }
}
