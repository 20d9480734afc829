//! The server's log: one line per event on stderr, each after the time
//! (RFC 3339, UTC, to the second). Connections, authentication results,
//! sessions' starts and ends (with duration and bytes sent), and refusals
//! with their reason; never the keys a client types.

use std::time::SystemTime;

use crate::term::streams;

/// Log one event.
pub fn event(text: &str) {
    streams::error(&line(SystemTime::now(), text));
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
