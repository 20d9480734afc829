//! The body of an open bracketed paste (xterm ctlseqs, mode 2004): its
//! bytes until `ESC [ 201 ~`, at most 1 MiB kept, the end marker found
//! even when it arrives split across reads.

/// The escape byte, which may start the end marker.
const ESC: u8 = 0x1b;
/// The most bytes of a bracketed paste kept (1 MiB); the rest is dropped.
const MAX_PASTE: usize = 1 << 20;
/// Bracketed paste's end marker (xterm ctlseqs, mode 2004).
const PASTE_END: &[u8] = b"\x1b[201~";

/// The body of an open bracketed paste.
#[derive(Debug, Clone, Default)]
pub(super) struct Paste {
    /// The bytes so far, at most [`MAX_PASTE`].
    text: Vec<u8>,
    /// How many bytes of [`PASTE_END`] the last bytes matched.
    matched: usize,
    /// Whether bytes past [`MAX_PASTE`] were dropped.
    cut: bool,
}

impl Paste {
    /// Takes bytes of the paste: how many it used, and whether they ended
    /// it with the end marker (which may come split over several calls).
    pub(super) fn push(&mut self, bytes: &[u8]) -> (usize, bool) {
        let mut pos = 0;
        while pos < bytes.len() {
            if self.matched == 0 {
                // Copy up to the next ESC at once.
                let run = bytes[pos..]
                    .iter()
                    .position(|&b| b == ESC)
                    .unwrap_or(bytes.len() - pos);
                self.keep(&bytes[pos..pos + run]);
                pos += run;
                if pos == bytes.len() {
                    break;
                }
            }
            let byte = bytes[pos];
            pos += 1;
            if PASTE_END.get(self.matched) == Some(&byte) {
                self.matched += 1;
                if self.matched == PASTE_END.len() {
                    self.matched = 0;
                    return (pos, true);
                }
            } else {
                // Not the marker after all: what matched is text. The
                // marker has one ESC, at its start, so a new match can
                // only begin at this byte.
                let held = std::mem::take(&mut self.matched);
                self.keep(&PASTE_END[..held]);
                if byte == ESC {
                    self.matched = 1;
                } else {
                    self.keep(&[byte]);
                }
            }
        }
        (pos, false)
    }

    pub(super) fn keep(&mut self, bytes: &[u8]) {
        let room = MAX_PASTE.saturating_sub(self.text.len());
        self.cut |= bytes.len() > room;
        self.text.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    /// The text, invalid UTF-8 replaced with U+FFFD; a character cut at
    /// the limit is dropped.
    pub(super) fn take_text(&mut self) -> String {
        let mut bytes = std::mem::take(&mut self.text);
        if std::mem::take(&mut self.cut) {
            // The last character's first byte, within its last 4 bytes.
            let tail = bytes.len().saturating_sub(4)..bytes.len();
            if let Some(start) = tail.rev().find(|&i| bytes[i] & 0xc0 != 0x80) {
                if std::str::from_utf8(&bytes[start..]).is_err_and(|e| e.error_len().is_none()) {
                    bytes.truncate(start);
                }
            }
        }
        match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
        }
    }
}
