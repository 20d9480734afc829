//! What a complete CSI or SS3 sequence means: keys with xterm's modifier
//! encoding, function keys in each terminal's form, focus and cursor
//! position reports, SGR mouse reports, the start of a bracketed paste.
//! `parse.rs` finds where a sequence ends; this file reads it.
//!
//! Sources: xterm's ctlseqs ("PC-Style Function Keys", "Mouse Tracking"),
//! the Linux console's console_codes(4), PuTTY's and rxvt's key tables.

use super::{Input, Key, KeyCode, Modifiers, Mouse, MouseAction, MouseButton};

/// What a sequence (or a byte) makes.
pub(super) enum Event {
    Input(Input),
    /// `ESC [ 200 ~`: the bytes that follow are pasted text.
    PasteStart,
}

/// A key as an event.
pub(super) fn key(key: Key) -> Option<Event> {
    Some(Event::Input(Input::Key(key)))
}

/// Numeric parameters, `;`-separated, empty as 0, each number up to a `:`
/// sub-parameter (kitty); None for a private marker (`<`, `=`, `>`, `?`),
/// an intermediate byte, or more than four.
pub(super) fn params(body: &[u8]) -> Option<([u16; 4], usize)> {
    let mut vals = [0u16; 4];
    if body.is_empty() {
        return Some((vals, 0));
    }
    let mut count = 0;
    for field in body.split(|&b| b == b';') {
        let number = field.split(|&b| b == b':').next().unwrap_or_default();
        let slot = vals.get_mut(count)?;
        for &digit in number {
            if !digit.is_ascii_digit() {
                return None;
            }
            *slot = slot
                .saturating_mul(10)
                .saturating_add(u16::from(digit - b'0'));
        }
        count += 1;
    }
    Some((vals, count))
}

/// xterm's modifier parameter; 0 (absent) or invalid means none.
fn xterm_mods(param: u16) -> Modifiers {
    Modifiers::from_xterm(param).unwrap_or(Modifiers::NONE)
}

/// The modifiers of a cursor or F1–F4 key: none for no parameter,
/// `CSI m A` / `SS3 m A` (old xterm), or `CSI 1 ; m A`.
fn key_mods(ps: &[u16]) -> Option<Modifiers> {
    match ps {
        [] => Some(Modifiers::NONE),
        [m] | [_, m] => Some(xterm_mods(*m)),
        _ => None,
    }
}

/// The key of a cursor, Home/End or F1–F4 final byte (xterm ctlseqs).
fn cursor_key(last: u8) -> Option<KeyCode> {
    Some(match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(last - b'P' + 1),
        _ => return None,
    })
}

/// A CSI sequence's meaning; None if it has none here.
pub(super) fn csi_event(body: &[u8], last: u8) -> Option<Event> {
    if let Some(rest) = body.strip_prefix(b"<") {
        return sgr_mouse(rest, last).map(|m| Event::Input(Input::Mouse(m)));
    }
    // A DECRQM answer for a private mode: `CSI ? mode ; value $ y`.
    if let (Some(rest), b'y') = (body.strip_prefix(b"?"), last) {
        let (vals, count) = params(rest.strip_suffix(b"$")?)?;
        return match vals[..count] {
            [mode, value] => Some(Event::Input(Input::ModeReport { mode, value })),
            _ => None,
        };
    }
    let (vals, count) = params(body)?;
    let ps = &vals[..count];
    let input = match (last, ps) {
        (b'~', [200]) => return Some(Event::PasteStart),
        (b'~', [code]) => Key::plain(tilde_key(*code)?).into(),
        (b'~', [code, m]) => Key::new(tilde_key(*code)?, xterm_mods(*m)).into(),
        (b'~', [27, m, c]) => Key::new(other_key(*c)?, xterm_mods(*m)).into(),
        // xterm's modified F3 is `CSI 1 ; m R`, the same bytes as a cursor
        // report: read as the report, as crossterm does (F3 itself comes
        // as `ESC O R`, and a bare `CSI R` as F3). A report is 1-based: an
        // empty or zero row or column is no report.
        (b'R', [row, column]) if *row >= 1 && *column >= 1 => Input::CursorPosition {
            row: *row,
            column: *column,
        },
        (b'A'..=b'D' | b'H' | b'F' | b'P' | b'Q' | b'R' | b'S', _) => {
            Key::new(cursor_key(last)?, key_mods(ps)?).into()
        }
        (b'Z', []) => Key::plain(KeyCode::BackTab).into(),
        (b'Z', [_, m]) => Key::new(KeyCode::BackTab, xterm_mods(*m)).into(),
        (b'I', []) => Input::FocusGained,
        (b'O', []) => Input::FocusLost,
        // rxvt's Shift-arrows.
        (b'a'..=b'd', []) => Key::new(rxvt_arrow(last)?, Modifiers::SHIFT).into(),
        _ => return None,
    };
    Some(Event::Input(input))
}

/// The key of `CSI n ~` (xterm, the Linux console, PuTTY, rxvt).
pub(super) fn tilde_key(code: u16) -> Option<KeyCode> {
    Some(match code {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        // 11–14 are PuTTY's and rxvt's F1–F4; then F5 15, F6–F10 17–21,
        // F11–F14 23–26, F15–F16 28–29, F17–F20 31–34.
        11..=15 => KeyCode::F(code as u8 - 10),
        17..=21 => KeyCode::F(code as u8 - 11),
        23..=26 => KeyCode::F(code as u8 - 12),
        28 | 29 => KeyCode::F(code as u8 - 13),
        31..=34 => KeyCode::F(code as u8 - 14),
        _ => return None,
    })
}

/// The key of xterm's modifyOtherKeys form `CSI 27 ; m ; code ~`.
fn other_key(code: u16) -> Option<KeyCode> {
    Some(match code {
        0x0d => KeyCode::Enter,
        0x09 => KeyCode::Tab,
        0x1b => KeyCode::Esc,
        0x08 | 0x7f => KeyCode::Backspace,
        _ => KeyCode::Char(char::from_u32(code.into()).filter(|c| !c.is_control())?),
    })
}

/// rxvt's `a`–`d` finals: Up, Down, Right, Left.
fn rxvt_arrow(last: u8) -> Option<KeyCode> {
    cursor_key(last.to_ascii_uppercase()).filter(|_| matches!(last, b'a'..=b'd'))
}

/// The application keypad's keys from SS3 `j` to `y`.
const KEYPAD: &[u8; 16] = b"*+,-./0123456789";

/// An SS3 sequence: `ESC O A`…`D`, `H`, `F`, `P`…`S` (xterm application
/// mode and F1–F4), optionally with a modifier (`ESC O 5 A`, `ESC O 1;5A`);
/// rxvt's Ctrl-arrows `ESC O a`…`d`; the application keypad's Enter
/// (`ESC O M`), `=` (`X`) and `*+,-./0`…`9` (`j`…`y`).
pub(super) fn ss3_event(body: &[u8], last: u8) -> Option<Event> {
    let (vals, count) = params(body)?;
    let mods = key_mods(&vals[..count])?;
    let code = match last {
        b'a'..=b'd' => return key(Key::new(rxvt_arrow(last)?, Modifiers::CTRL)),
        b'M' => KeyCode::Enter,
        b'X' => KeyCode::Char('='),
        b'j'..=b'y' => KeyCode::Char(char::from(*KEYPAD.get(usize::from(last - b'j'))?)),
        _ => cursor_key(last)?,
    };
    key(Key::new(code, mods))
}

/// An SGR mouse report, `ESC [ < b ; x ; y M` (press, motion) or `m`
/// (release), xterm mode 1006: b's low two bits are the button (left,
/// middle, right, none), +4 shift, +8 alt, +16 ctrl, +32 motion, +64 wheel
/// (up, down, left, right). x and y count from 1; `Mouse` from 0.
fn sgr_mouse(body: &[u8], last: u8) -> Option<Mouse> {
    let (vals, count) = params(body)?;
    let [b, x, y] = vals[..count] else {
        return None;
    };
    let release = match last {
        b'M' => false,
        b'm' => true,
        _ => return None,
    };
    let low = b & 3;
    let motion = b & 32 != 0;
    let (button, action) = if b & 64 != 0 {
        if release || motion {
            return None;
        }
        let wheel = [
            MouseButton::WheelUp,
            MouseButton::WheelDown,
            MouseButton::WheelLeft,
            MouseButton::WheelRight,
        ];
        (wheel[usize::from(low)], MouseAction::Press)
    } else if b & 128 != 0 {
        return None; // Buttons 8–11.
    } else {
        let buttons = [
            MouseButton::Left,
            MouseButton::Middle,
            MouseButton::Right,
            MouseButton::None,
        ];
        let button = buttons[usize::from(low)];
        let action = match (motion, release, button) {
            (true, _, MouseButton::None) => MouseAction::Move,
            (true, ..) => MouseAction::Drag,
            (false, true, _) | (false, false, MouseButton::None) => MouseAction::Release,
            (false, false, _) => MouseAction::Press,
        };
        (button, action)
    };
    Some(Mouse {
        action,
        button,
        column: x.saturating_sub(1),
        row: y.saturating_sub(1),
        mods: Modifiers {
            shift: b & 4 != 0,
            alt: b & 8 != 0,
            ctrl: b & 16 != 0,
        },
    })
}
