//! A parser from the raw bytes a terminal sends to [`Input`]s: UTF-8 text,
//! C0 controls, Alt as an ESC prefix, CSI and SS3 key sequences, SGR mouse
//! reports, focus and cursor position reports, and bracketed paste.
//!
//! Sources: xterm's ctlseqs ("PC-Style Function Keys", "Mouse Tracking",
//! "Bracketed Paste Mode"), the Linux console's console_codes(4) and keymap,
//! PuTTY's keyboard settings (ESC [ n ~ function keys), and rxvt's key
//! table. tmux sends the xterm forms.
//!
//! The parser reads no clock: each call is given `now`, and a prefix that
//! could still become a longer sequence (a lone ESC, `ESC [ 1 ;`, part of a
//! UTF-8 character) waits until [`Parser::deadline`], counted from the feed
//! that brought its first byte. Choices where terminals disagree:
//!
//! - `ESC ESC` is Alt-Esc. `ESC ESC [ A` (and any `ESC ESC` before a whole
//!   CSI or SS3 key sequence) is that key with Alt, as rxvt sends Alt-Up;
//!   before a sequence that is not a key (focus, mouse, a paste) the first
//!   ESC is a plain Esc.
//! - ESC before anything else that is not a key (an invalid UTF-8 byte) is
//!   a plain Esc, and the byte is then dropped.
//! - `ESC [` or `ESC O` straight before a byte that cannot continue a
//!   sequence is Alt-`[` or Alt-`O`, and that byte is read afresh.
//! - A CSI or SS3 sequence with a parameter byte that breaks the grammar is
//!   abandoned: the bytes read so far are dropped and the offending byte is
//!   read afresh. One that reaches 64 bytes (ESC included) without a final
//!   byte is dropped at 64 bytes, and byte 65 on is read afresh, so nothing
//!   after the limit is swallowed.
//! - Only SGR mouse reports (mode 1006) are read; `ESC [ M` (X10) is an
//!   unknown sequence and dropped.

use std::time::{Duration, Instant};

use super::paste::Paste;
use super::sequence::{csi_event, key, ss3_event, Event};
use super::{Input, Key, KeyCode, Modifiers};

const ESC: u8 = 0x1b;
/// The longest CSI or SS3 sequence read, in bytes, ESC and final included.
const MAX_SEQUENCE: usize = 64;

/// Parses terminal input bytes into [`Input`]s, keeping the bytes of an
/// unfinished sequence between calls (at most 65 bytes, plus up to 1 MiB of
/// an open bracketed paste).
#[derive(Debug, Clone)]
pub struct Parser {
    esc_timeout: Duration,
    /// The bytes of one unfinished input, waiting for more.
    pending: Vec<u8>,
    /// The `now` of the feed that brought `pending`'s first byte.
    since: Option<Instant>,
    /// An open bracketed paste.
    paste: Option<Paste>,
}

impl Default for Parser {
    /// A parser with a 50 ms Esc timeout.
    fn default() -> Parser {
        Parser::new(Duration::from_millis(50))
    }
}

impl Parser {
    /// `esc_timeout`: how long a lone ESC (or an ESC-prefixed prefix that
    /// could still become a sequence) waits before it is taken as the Esc
    /// key / Alt-key.
    pub fn new(esc_timeout: Duration) -> Parser {
        Parser {
            esc_timeout,
            pending: Vec::new(),
            since: None,
            paste: None,
        }
    }

    /// Bytes that arrived at `now`: the complete inputs they finish, in
    /// order. A prefix still pending from before is first resolved as by
    /// [`Parser::tick`] if `now` is past its deadline; bytes arriving at the
    /// deadline itself still join it.
    pub fn feed(&mut self, bytes: &[u8], now: Instant) -> Vec<Input> {
        let mut out = Vec::new();
        if self.deadline().is_some_and(|deadline| now > deadline) {
            self.resolve(&mut out);
        }
        let held = std::mem::take(&mut self.pending);
        let used = if held.is_empty() {
            let used = self.run(bytes, false, &mut out);
            self.pending.extend_from_slice(&bytes[used..]);
            used
        } else {
            let mut data = held;
            data.extend_from_slice(bytes);
            let used = self.run(&data, false, &mut out);
            data.drain(..used);
            self.pending = data;
            used
        };
        // A prefix that was waiting and still is keeps its start time.
        if self.pending.is_empty() {
            self.since = None;
        } else if used > 0 || self.since.is_none() {
            self.since = Some(now);
        }
        out
    }

    /// While an ambiguous prefix is pending (a lone ESC, ESC [ …, a partial
    /// UTF-8 char), the instant at which `tick` would resolve it; None
    /// otherwise (and None inside a bracketed paste: a paste never times
    /// out, nor does anything if the timeout overflows `Instant`).
    pub fn deadline(&self) -> Option<Instant> {
        if self.paste.is_some() || self.pending.is_empty() {
            return None;
        }
        self.since?.checked_add(self.esc_timeout)
    }

    /// Time has passed with no more bytes: once `now` reaches the deadline,
    /// resolve the pending prefix. ESC alone → Esc; ESC ESC → Alt-Esc;
    /// `ESC [` or `ESC O` alone → Alt-`[` or Alt-`O`; a longer incomplete
    /// CSI or SS3 → dropped; ESC ESC and an incomplete sequence → Esc, then
    /// the sequence resolved alone; a partial UTF-8 char → dropped (after
    /// ESC: Esc).
    pub fn tick(&mut self, now: Instant) -> Vec<Input> {
        let mut out = Vec::new();
        if self.deadline().is_some_and(|deadline| now >= deadline) {
            self.resolve(&mut out);
        }
        out
    }

    /// Reads all of the pending bytes, knowing no more will come.
    fn resolve(&mut self, out: &mut Vec<Input>) {
        let held = std::mem::take(&mut self.pending);
        // With `eof`, every byte is read.
        self.run(&held, true, out);
        self.since = None;
    }

    /// Reads inputs from `data` into `out` until an incomplete one (none if
    /// `eof`); returns the bytes used.
    fn run(&mut self, data: &[u8], eof: bool, out: &mut Vec<Input>) -> usize {
        let mut pos = 0;
        while pos < data.len() {
            let rest = &data[pos..];
            if let Some(paste) = self.paste.as_mut() {
                let (used, ended) = paste.push(rest);
                pos += used;
                if ended {
                    out.push(Input::Paste(paste.take_text()));
                    self.paste = None;
                }
                continue;
            }
            match parse(rest, eof) {
                Step::Incomplete => break,
                Step::Done(used, event) => {
                    pos += used.max(1);
                    match event {
                        Some(Event::Input(input)) => out.push(input),
                        Some(Event::PasteStart) => self.paste = Some(Paste::default()),
                        None => {}
                    }
                }
            }
        }
        pos
    }
}

/// What the bytes at the front of the buffer make.
enum Step {
    /// More bytes could change their meaning: wait.
    Incomplete,
    /// The first `n` bytes (at least 1) make this, or nothing (dropped).
    Done(usize, Option<Event>),
}

/// A CSI or SS3 sequence read from its ESC.
enum Seq {
    Wait,
    Got(usize, Option<Event>),
    /// Not a sequence: the first `n` bytes were read before it broke off.
    Abandon(usize),
}

fn with_alt(key: Key) -> Key {
    let mods = Modifiers {
        alt: true,
        ..key.mods
    };
    Key::new(key.code, mods)
}

/// Reads one input from the front of `b`. With `eof`, no more bytes will
/// come: never [`Step::Incomplete`].
fn parse(b: &[u8], eof: bool) -> Step {
    match b.first() {
        None => Step::Incomplete,
        Some(&ESC) => parse_esc(b, eof),
        Some(_) => parse_plain(b, eof),
    }
}

/// A C0 control, DEL, or a UTF-8 character; an invalid byte is dropped.
fn parse_plain(b: &[u8], eof: bool) -> Step {
    let Some(&first) = b.first() else {
        return Step::Incomplete;
    };
    if let Some(k) = control(first) {
        return Step::Done(1, key(k));
    }
    let width = match first {
        0x20..=0x7e => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Done(1, None),
    };
    let seen = &b[..width.min(b.len())];
    match std::str::from_utf8(seen) {
        Ok(s) => match s.chars().next() {
            Some(c) => Step::Done(width, key(Key::char(c))),
            None => Step::Done(1, None),
        },
        // A valid start of a character: wait for the rest.
        Err(err) if err.error_len().is_none() => {
            if eof {
                Step::Done(seen.len(), None)
            } else {
                Step::Incomplete
            }
        }
        // The lead byte only: what follows is read afresh.
        Err(_) => Step::Done(1, None),
    }
}

/// The key of a C0 control byte or DEL, as xterm and crossterm read them
/// (but 0x08, below).
fn control(byte: u8) -> Option<Key> {
    let code = match byte {
        0x0d => KeyCode::Enter,
        0x09 => KeyCode::Tab,
        // 0x08 is Ctrl-H to crossterm, but terminals set to send ^H for
        // Backspace send it too, and the two cannot be told apart: read as
        // Backspace here and by the local driver alike.
        0x08 | 0x7f => KeyCode::Backspace,
        ESC => KeyCode::Esc,
        0x00 => return Some(Key::ctrl(' ')),
        0x01..=0x1a => return Some(Key::ctrl(char::from(b'a' + byte - 1))),
        0x1c..=0x1f => return Some(Key::ctrl(char::from(b'4' + byte - 0x1c))),
        _ => return None,
    };
    Some(Key::plain(code))
}

/// Bytes from an ESC: a sequence, an Alt key, or Esc.
fn parse_esc(b: &[u8], eof: bool) -> Step {
    let esc = Key::plain(KeyCode::Esc);
    match b.get(1) {
        None if eof => Step::Done(1, key(esc)),
        None => Step::Incomplete,
        Some(&intro @ (b'[' | b'O')) => match sequence(b, eof) {
            Seq::Wait => Step::Incomplete,
            Seq::Got(n, event) => Step::Done(n, event),
            Seq::Abandon(2) => Step::Done(2, key(Key::alt(char::from(intro)))),
            Seq::Abandon(n) => Step::Done(n, None),
        },
        Some(&ESC) => match b.get(2) {
            None if eof => Step::Done(2, key(with_alt(esc))),
            None => Step::Incomplete,
            Some(b'[' | b'O') => match sequence(&b[1..], eof) {
                Seq::Wait => Step::Incomplete,
                Seq::Got(n, Some(Event::Input(Input::Key(k)))) => {
                    Step::Done(n + 1, key(with_alt(k)))
                }
                _ => Step::Done(1, key(esc)),
            },
            Some(_) => Step::Done(2, key(with_alt(esc))),
        },
        Some(_) => match parse_plain(&b[1..], eof) {
            Step::Incomplete => Step::Incomplete,
            Step::Done(n, Some(Event::Input(Input::Key(k)))) => Step::Done(n + 1, key(with_alt(k))),
            Step::Done(..) => Step::Done(1, key(esc)),
        },
    }
}

/// A CSI (`ESC [`) or SS3 (`ESC O`) sequence: parameter bytes 0x30–0x3F,
/// intermediate bytes 0x20–0x2F, a final byte 0x40–0x7E (ECMA-48).
fn sequence(b: &[u8], eof: bool) -> Seq {
    let csi = b.get(1) == Some(&b'[');
    if csi && b.get(2) == Some(&b'[') {
        return linux_function_key(b, eof);
    }
    let mut pos = 2;
    let mut intermediate = false;
    let last = loop {
        if pos >= MAX_SEQUENCE {
            return Seq::Abandon(MAX_SEQUENCE);
        }
        match b.get(pos) {
            None if eof => return Seq::Abandon(pos),
            None => return Seq::Wait,
            Some(0x30..=0x3f) if !intermediate => {}
            Some(0x20..=0x2f) => intermediate = true,
            Some(&last @ 0x40..=0x7e) => break last,
            Some(_) => return Seq::Abandon(pos),
        }
        pos += 1;
    };
    let body = &b[2..pos];
    let event = if csi {
        csi_event(body, last)
    } else {
        ss3_event(body, last)
    };
    Seq::Got(pos + 1, event)
}

/// The Linux console's F1–F5: `ESC [ [ A` … `ESC [ [ E` (console_codes(4)).
/// Another final byte is consumed and dropped.
fn linux_function_key(b: &[u8], eof: bool) -> Seq {
    match b.get(3) {
        None if eof => Seq::Abandon(3),
        None => Seq::Wait,
        Some(&c @ b'A'..=b'E') => Seq::Got(4, key(Key::plain(KeyCode::F(c - b'A' + 1)))),
        Some(0x40..=0x7e) => Seq::Got(4, None),
        Some(_) => Seq::Abandon(3),
    }
}

#[cfg(test)]
mod tests {
    use super::super::sequence::{params, tilde_key};
    use super::*;

    fn all(bytes: &[u8]) -> Vec<Input> {
        let now = Instant::now();
        let mut parser = Parser::default();
        let mut out = parser.feed(bytes, now);
        out.extend(parser.tick(now + Duration::from_secs(1)));
        out
    }

    #[test]
    fn params_read_numbers_and_reject_markers() {
        assert_eq!(params(b""), Some(([0; 4], 0)));
        assert_eq!(params(b"1;5"), Some(([1, 5, 0, 0], 2)));
        assert_eq!(params(b";5:1"), Some(([0, 5, 0, 0], 2)));
        assert_eq!(params(b"99999999"), Some(([u16::MAX, 0, 0, 0], 1)));
        assert_eq!(params(b"?1049"), None);
        assert_eq!(params(b"1;2;3;4;5"), None);
    }

    #[test]
    fn a_mode_report_is_read_and_typing_around_it_kept() {
        // xterm answers the margins question (DECRQM 69) with 2: there,
        // reset; the 望 typed around it stays a key.
        let got = all("望\x1b[?69;2$y花".as_bytes());
        assert_eq!(
            got,
            [
                Input::Key(Key::char('望')),
                Input::ModeReport { mode: 69, value: 2 },
                Input::Key(Key::char('花')),
            ]
        );
        assert_eq!(
            all(b"\x1b[?69;0$y"),
            [Input::ModeReport { mode: 69, value: 0 }]
        );
        // Without the `$`, or with three numbers, it is nothing.
        assert_eq!(all(b"\x1b[?69;2y"), []);
        assert_eq!(all(b"\x1b[?69;2;1$y"), []);
    }

    #[test]
    fn every_function_key_code() {
        let codes = [11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24];
        let codes = codes.into_iter().chain([25, 26, 28, 29, 31, 32, 33, 34]);
        for (n, code) in codes.enumerate() {
            assert_eq!(tilde_key(code), Some(KeyCode::F(n as u8 + 1)), "{code}");
        }
        assert_eq!(tilde_key(16), None);
        assert_eq!(tilde_key(22), None);
    }

    #[test]
    fn controls_and_text() {
        assert_eq!(
            all("\x00\x1c\x1f\x0a望".as_bytes()),
            [
                Key::ctrl(' '),
                Key::ctrl('4'),
                Key::ctrl('7'),
                Key::ctrl('j'),
                Key::char('望')
            ]
            .map(Input::Key)
        );
    }

    #[test]
    fn paste_end_marker_prefix_is_text() {
        let got = all("\x1b[200~望\x1b[20\x1b[201x\x1b[201~".as_bytes());
        assert_eq!(got, [Input::Paste("望\x1b[20\x1b[201x".into())]);
    }

    #[test]
    fn long_sequence_is_cut_at_the_limit() {
        let mut bytes = b"\x1b[".to_vec();
        bytes.extend([b'1'; MAX_SEQUENCE]);
        bytes.extend("望".as_bytes());
        let got = all(&bytes);
        let mut want = vec![Input::Key(Key::char('1')); 2];
        want.push(Input::Key(Key::char('望')));
        assert_eq!(got, want);
    }
}
