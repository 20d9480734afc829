//! The one input step every front end calls: the local terminal, the SSH
//! sessions, the tests. An input becomes an action through the keymap, in
//! the contexts of the session's mode, and `update` applies it.

use super::action::{Action, Effect};
use super::count;
use super::keymap::{contexts, Keymap};
use super::mode::{mode, Mode};
use super::state::App;
use super::update::update;
use crate::input::Input;

/// Apply one input to a session. Returns what the front end should do:
/// redraw, nothing, or end the session.
///
/// - a key goes through the keymap, in the contexts of `mode(app)`; in a
///   pane a count before it repeats it (`5j`), and the key after `m` or
///   `'` names a mark (`count.rs`);
/// - a resize lays the session out at its new size;
/// - a paste is text, never keys: typed into the jump palette at once (one
///   search for the whole text, line breaks as spaces); in a pane it opens
///   the palette with the pasted text as the query; over help or a
///   footnote it is ignored;
/// - the wheel scrolls what is under the pointer and a left click
///   focuses, selects or opens it (`mouse.rs`);
/// - focus changes and cursor reports change nothing yet.
pub fn handle(app: &mut App, keymap: &Keymap, input: Input) -> Effect {
    // Only a first frame is drawn from the first lines of a layout: any
    // input but a resize has the whole (a mouse wheel scrolls without an
    // action).
    if !matches!(input, Input::Resize { .. }) {
        super::nav::complete_layout(app);
    }
    // A following session whose user moves their own view looks away
    // (meeting mode): a resize or an answer from the terminal does not.
    let by_user = matches!(input, Input::Key(_) | Input::Mouse(_) | Input::Paste(_));
    let before = (app.follow.following && by_user).then(|| super::follow::view_of(app));
    let effect = step(app, keymap, input);
    if before.is_some_and(|b| super::follow::moved(&b, &super::follow::view_of(app))) {
        super::follow::look_away(app);
    }
    // The help scrolls as far as asked; its rows (from the keymap) say
    // how far it can go.
    if app.help.is_some() {
        super::help::clamp(app, keymap);
    }
    effect
}

fn step(app: &mut App, keymap: &Keymap, input: Input) -> Effect {
    match input {
        Input::Key(key) => {
            if let Some(p) = app.pending.take() {
                return count::pending(app, p, key);
            }
            let in_pane = matches!(mode(app), Mode::Pane(_));
            if in_pane && count::digit(app, key) {
                return Effect::Redraw;
            }
            match keymap.action(key, contexts(mode(app))) {
                Some(action) => count::apply(app, action, update),
                None => {
                    app.count = None;
                    Effect::None
                }
            }
        }
        Input::Resize { width, height } => update(app, Action::Resize(width, height)),
        Input::Paste(text) if matches!(mode(app), Mode::Palette | Mode::Prompt | Mode::Pane(_)) => {
            update(app, Action::InsertText(text))
        }
        Input::Mouse(m) => super::mouse::mouse(app, m),
        Input::Paste(_)
        | Input::CursorPosition { .. }
        | Input::ModeReport { .. }
        | Input::FocusGained
        | Input::FocusLost => Effect::None,
    }
}
