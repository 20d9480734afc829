//! crossterm's events as the project's inputs, where the driver reads
//! through crossterm (not unix; on unix it reads stdin's bytes itself).

use crossterm::event::{Event, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use crate::input::{Input, Key, KeyCode, Modifiers, Mouse, MouseAction, MouseButton};

/// A crossterm event as the project's input; None for what the core does
/// not take (key releases).
pub fn input_of(event: Event) -> Option<Input> {
    match event {
        Event::Key(k) if k.kind == KeyEventKind::Release => None,
        Event::Key(k) => key_of(&k).map(Input::Key),
        Event::Resize(width, height) => Some(Input::Resize { width, height }),
        Event::Paste(text) => Some(Input::Paste(text)),
        Event::FocusGained => Some(Input::FocusGained),
        Event::FocusLost => Some(Input::FocusLost),
        Event::Mouse(m) => {
            use crossterm::event::MouseButton as B;
            let button = |b: B| match b {
                B::Left => MouseButton::Left,
                B::Right => MouseButton::Right,
                B::Middle => MouseButton::Middle,
            };
            let (action, button) = match m.kind {
                MouseEventKind::Down(b) => (MouseAction::Press, button(b)),
                MouseEventKind::Up(b) => (MouseAction::Release, button(b)),
                MouseEventKind::Drag(b) => (MouseAction::Drag, button(b)),
                MouseEventKind::Moved => (MouseAction::Move, MouseButton::None),
                MouseEventKind::ScrollUp => (MouseAction::Press, MouseButton::WheelUp),
                MouseEventKind::ScrollDown => (MouseAction::Press, MouseButton::WheelDown),
                MouseEventKind::ScrollLeft => (MouseAction::Press, MouseButton::WheelLeft),
                MouseEventKind::ScrollRight => (MouseAction::Press, MouseButton::WheelRight),
            };
            Some(Input::Mouse(Mouse {
                action,
                button,
                column: m.column,
                row: m.row,
                mods: mods_of(m.modifiers),
            }))
        }
    }
}

fn mods_of(m: KeyModifiers) -> Modifiers {
    Modifiers {
        shift: m.contains(KeyModifiers::SHIFT),
        alt: m.contains(KeyModifiers::ALT),
        ctrl: m.contains(KeyModifiers::CONTROL),
    }
}

/// A crossterm key as the project's key; None for keys the core has no
/// name for (media keys, lone modifiers).
pub fn key_of(e: &KeyEvent) -> Option<Key> {
    use crossterm::event::KeyCode as C;
    let code = match e.code {
        C::Char(c) => KeyCode::Char(c),
        C::Enter => KeyCode::Enter,
        C::Tab => KeyCode::Tab,
        C::BackTab => KeyCode::BackTab,
        C::Backspace => KeyCode::Backspace,
        C::Esc => KeyCode::Esc,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::Insert => KeyCode::Insert,
        C::Delete => KeyCode::Delete,
        C::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let mods = mods_of(e.modifiers);
    // crossterm reads 0x08 as Ctrl-H; terminals set to send ^H for
    // Backspace send the same byte. The byte parser reads it as Backspace:
    // so does this driver, so that both front ends agree.
    if code == KeyCode::Char('h') && mods == Modifiers::CTRL {
        return Some(Key::plain(KeyCode::Backspace));
    }
    Some(Key::new(code, mods))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossterm_keys_become_the_projects_keys() {
        use crossterm::event::KeyCode as C;
        let e = KeyEvent::new(C::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            key_of(&e),
            Some(Key::new(KeyCode::Char('G'), Modifiers::SHIFT))
        );
        let e = KeyEvent::new(C::Char('望'), KeyModifiers::NONE);
        assert_eq!(key_of(&e), Some(Key::char('望')));
        let e = KeyEvent::new(C::Char('o'), KeyModifiers::CONTROL);
        assert_eq!(key_of(&e), Some(Key::ctrl('o')));
        // 0x08: Backspace, as the byte parser reads it.
        let e = KeyEvent::new(C::Char('h'), KeyModifiers::CONTROL);
        assert_eq!(key_of(&e), Some(Key::plain(KeyCode::Backspace)));
        assert_eq!(
            input_of(Event::Paste("招商引資".into())),
            Some(Input::Paste("招商引資".into()))
        );
        assert_eq!(
            input_of(Event::Resize(80, 24)),
            Some(Input::Resize {
                width: 80,
                height: 24
            })
        );
    }
}
