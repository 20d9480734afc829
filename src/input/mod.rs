//! The project's own key and input types, and a parser from the raw bytes a
//! terminal sends (`parse.rs`). The core takes only these: the local driver
//! converts crossterm's events into them, and an SSH session parses the
//! bytes of its channel. Nothing here depends on a terminal library.

pub mod parse;
mod paste;
mod sequence;

pub use parse::Parser;

/// A key, as a terminal can report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    /// A character: letters keep their case (`G` is `Char('G')`), and Ctrl
    /// combinations are reported as the lower-case letter with `ctrl`.
    Char(char),
    Enter,
    Tab,
    /// Shift-Tab (`ESC [ Z`).
    BackTab,
    Backspace,
    Esc,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Insert,
    Delete,
    /// A function key, F1 to F20.
    F(u8),
}

/// The modifiers held with a key or a mouse event, as xterm encodes them
/// (parameter = 1 + shift·1 + alt·2 + ctrl·4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Modifiers {
    pub shift: bool,
    pub alt: bool,
    pub ctrl: bool,
}

impl Modifiers {
    pub const NONE: Modifiers = Modifiers {
        shift: false,
        alt: false,
        ctrl: false,
    };
    pub const SHIFT: Modifiers = Modifiers {
        shift: true,
        alt: false,
        ctrl: false,
    };
    pub const ALT: Modifiers = Modifiers {
        shift: false,
        alt: true,
        ctrl: false,
    };
    pub const CTRL: Modifiers = Modifiers {
        shift: false,
        alt: false,
        ctrl: true,
    };

    /// From xterm's modifier parameter (`CSI 1 ; 5 A` is Ctrl-Up): 1 + a
    /// bit mask of shift 1, alt 2, ctrl 4 (meta 8 counts as alt). None for
    /// a parameter below 1.
    pub fn from_xterm(param: u16) -> Option<Modifiers> {
        let bits = param.checked_sub(1)?;
        Some(Modifiers {
            shift: bits & 1 != 0,
            alt: bits & 2 != 0 || bits & 8 != 0,
            ctrl: bits & 4 != 0,
        })
    }
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: Modifiers,
}

impl Key {
    pub const fn new(code: KeyCode, mods: Modifiers) -> Key {
        Key { code, mods }
    }

    /// A key with no modifier.
    pub const fn plain(code: KeyCode) -> Key {
        Key::new(code, Modifiers::NONE)
    }

    /// A character with no modifier.
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// Ctrl and a (lower-case) letter.
    pub const fn ctrl(c: char) -> Key {
        Key::new(KeyCode::Char(c), Modifiers::CTRL)
    }

    /// Alt and a character.
    pub const fn alt(c: char) -> Key {
        Key::new(KeyCode::Char(c), Modifiers::ALT)
    }
}

/// Which mouse button, or the wheel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MouseButton {
    Left,
    Middle,
    Right,
    WheelUp,
    WheelDown,
    WheelLeft,
    WheelRight,
    /// Motion with no button held.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MouseAction {
    Press,
    Release,
    /// Motion with a button held.
    Drag,
    /// Motion with no button held.
    Move,
}

/// A mouse event: SGR mouse reports (`ESC [ < b ; x ; y M` or `m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mouse {
    pub action: MouseAction,
    pub button: MouseButton,
    /// Cell column, from 0 at the left.
    pub column: u16,
    /// Cell row, from 0 at the top.
    pub row: u16,
    pub mods: Modifiers,
}

/// One input to the core, from any front end.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    Key(Key),
    /// Text pasted while bracketed paste was on (`ESC [ 200 ~ … ESC [ 201 ~`).
    Paste(String),
    Mouse(Mouse),
    /// The terminal's new size in cells (SIGWINCH, an SSH window-change).
    Resize {
        width: u16,
        height: u16,
    },
    /// A cursor position report (`ESC [ row ; column R`), 1-based as the
    /// terminal sends it: the width probe's answer.
    CursorPosition {
        row: u16,
        column: u16,
    },
    /// A DECRQM answer (`ESC [ ? mode ; value $ y`): whether a private
    /// mode is there and set (0 not recognised, 1 set, 2 reset, 3
    /// permanently set, 4 permanently reset). The driver's question about
    /// left and right margins (mode 69) is answered so.
    ModeReport {
        mode: u16,
        value: u16,
    },
    /// Focus reports (`ESC [ I`, `ESC [ O`).
    FocusGained,
    FocusLost,
}

impl From<Key> for Input {
    fn from(key: Key) -> Input {
        Input::Key(key)
    }
}
