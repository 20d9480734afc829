//! Which mode a session is in: the one answer that both the keymap (which
//! bindings apply) and `update` (which handler takes an action) use.

use super::action::Pane;
use super::state::App;

/// What takes the keys now. Overlays stack help › footnote popup › jump
/// palette › command line; without one, the focused pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Help,
    Popup,
    Palette,
    /// The `:` command line.
    Prompt,
    Pane(Pane),
}

/// The session's mode.
pub fn mode(app: &App) -> Mode {
    if app.help.is_some() {
        Mode::Help
    } else if app.popup.is_some() {
        Mode::Popup
    } else if app.palette.is_some() {
        Mode::Palette
    } else if app.prompt.is_some() {
        Mode::Prompt
    } else {
        Mode::Pane(app.focus)
    }
}
