//! The server's log: one line per event on stderr, each after the time
//! (RFC 3339, UTC, to the second). Connections, authentication results,
//! sessions' starts and ends (with duration and bytes sent), and refusals
//! with their reason; never the keys a client types.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::SystemTime;

use crate::term::streams;

/// Where the log goes instead of stderr (`serve --present`, whose stderr
/// is the presenter's terminal).
static FILE: OnceLock<Mutex<File>> = OnceLock::new();

/// Log one event.
pub fn event(text: &str) {
    let line = line(SystemTime::now(), text);
    match FILE.get() {
        Some(file) => {
            let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
            // A log that cannot be written loses the line, nothing else.
            let _ = writeln!(file, "{line}");
        }
        None => streams::error(&line),
    }
}

/// From now on, log to the end of the file at `path` (made, mode 0600,
/// if missing) instead of stderr. Errors: the file cannot be opened; the
/// log stays on stderr then. Once set, the file is kept for the process.
pub fn to_file(path: &Path) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    let _ = FILE.set(Mutex::new(file));
    Ok(())
}

/// The log line for `text` at `at`.
pub fn line(at: SystemTime, text: &str) -> String {
    format!("{} {text}", humantime::format_rfc3339_seconds(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_starts_with_the_time() {
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        assert_eq!(
            line(at, "127.0.0.1:40000 連線"),
            "2023-11-14T22:13:20Z 127.0.0.1:40000 連線"
        );
    }
}
