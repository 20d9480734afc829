//! Writing to the standard streams without ever panicking. (`println!`
//! and `eprintln!` panic when the write fails: stdout on /dev/full, stderr
//! a pipe whose reader is gone.) A reader that closed the pipe early
//! (`| head -1`) is not an error: what it did not want is not written, and
//! the command ends quietly. Another failure on stdout is the command's
//! to report, once, on stderr. A failure on stderr cannot be reported
//! anywhere and is ignored; the command's status stands.

use std::io::{self, Write};

/// How a write ended when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// All of it, flushed.
    All,
    /// The reader closed the pipe (EPIPE): stop writing, quietly.
    Closed,
}

/// Write all of `text` to `w` and flush it.
pub fn write_to(w: &mut dyn Write, text: &[u8]) -> io::Result<Written> {
    match w.write_all(text).and_then(|()| w.flush()) {
        Ok(()) => Ok(Written::All),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(Written::Closed),
        Err(e) => Err(e),
    }
}

/// Write to stdout what `write` writes, as it writes it (buffered), then
/// flush: for output too large to hold whole.
pub fn out_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<Written> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(Written::All),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(Written::Closed),
        Err(e) => Err(e),
    }
}

/// Write all of `text` to stdout, flushed.
pub fn out(text: &str) -> io::Result<Written> {
    write_to(&mut io::stdout().lock(), text.as_bytes())
}

/// Write `line` and a line break to stderr, as well as it can be: a
/// failure is ignored.
pub fn error(line: &str) {
    let mut text = String::with_capacity(line.len() + 1);
    text.push_str(line);
    text.push('\n');
    let _ = write_to(&mut io::stderr().lock(), text.as_bytes());
}

/// Write `text` (its line breaks its own) to stderr, as well as it can be.
pub fn error_text(text: &str) {
    let _ = write_to(&mut io::stderr().lock(), text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream that takes `room` bytes, then fails with `kind`.
    struct Failing {
        room: usize,
        kind: io::ErrorKind,
        got: Vec<u8>,
    }

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::from(self.kind));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_is_quiet_and_a_full_disk_is_an_error() {
        let text = "望花區人民政府工作報告\n".as_bytes();
        let mut pipe = Failing {
            room: 6,
            kind: io::ErrorKind::BrokenPipe,
            got: Vec::new(),
        };
        assert_eq!(write_to(&mut pipe, text).unwrap(), Written::Closed);
        assert_eq!(pipe.got, "望花".as_bytes());
        let mut full = Failing {
            room: 3,
            kind: io::ErrorKind::StorageFull,
            got: Vec::new(),
        };
        let e = write_to(&mut full, text).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        let mut open = Failing {
            room: usize::MAX,
            kind: io::ErrorKind::Other,
            got: Vec::new(),
        };
        assert_eq!(write_to(&mut open, text).unwrap(), Written::All);
        assert_eq!(open.got, text);
    }
}
