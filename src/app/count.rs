//! Keys that take more than one keystroke, as in less and vim: a count
//! before a key (`5j`, `3]`, `2n`) and the letter after `m` or `'`
//! (marks). The one input step asks these before the keymap.

use super::action::{Action, Effect};
use super::history;
use super::nav::jump_to_place;
use super::state::{App, Pending};
use crate::input::{Key, KeyCode};

/// The largest count kept (more digits are ignored).
pub const MAX_COUNT: u32 = 9_999;

/// Actions a count repeats; any other takes the count as 1.
pub fn repeats(action: &Action) -> bool {
    matches!(
        action,
        Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::NextSection
            | Action::PrevSection
            | Action::NextHit
            | Action::Point
            | Action::PointBack
            | Action::PrevHit
            | Action::Back
            | Action::Forward
    )
}

/// A digit typed in a pane: part of a count. A leading 0 is no count.
/// Returns whether the key was taken.
pub fn digit(app: &mut App, key: Key) -> bool {
    let KeyCode::Char(c) = key.code else {
        return false;
    };
    if key.mods.ctrl || key.mods.alt {
        return false;
    }
    let Some(d) = c.to_digit(10) else {
        return false;
    };
    if d == 0 && app.count.is_none() {
        return false;
    }
    let n = app.count.unwrap_or(0).saturating_mul(10).saturating_add(d);
    app.count = Some(n.min(MAX_COUNT));
    app.message = app.count.map(|n| n.to_string());
    true
}

/// Apply an action as many times as the count says (once for an action a
/// count does not repeat), stopping early on a quit.
pub fn apply(app: &mut App, action: Action, update: fn(&mut App, Action) -> Effect) -> Effect {
    let n = app.count.take().unwrap_or(1);
    if !repeats(&action) || n <= 1 {
        return update(app, action);
    }
    let mut effect = Effect::None;
    for _ in 0..n {
        match update(app, action.clone()) {
            Effect::Quit => return Effect::Quit,
            Effect::Suspend => return Effect::Suspend,
            Effect::Redraw => effect = Effect::Redraw,
            Effect::None => {}
        }
    }
    effect
}

/// The key after `m` or `'`: a letter names a mark; `''` goes back to
/// before the last jump; anything else cancels.
pub fn pending(app: &mut App, pending: Pending, key: Key) -> Effect {
    let letter = match key.code {
        KeyCode::Char(c) if !key.mods.ctrl && !key.mods.alt => Some(c),
        _ => None,
    };
    match (pending, letter) {
        (Pending::SetMark, Some(c)) if c.is_alphabetic() => {
            app.marks.insert(c, app.anchor.clone());
            app.message = Some(format!("Mark {c} set"));
        }
        (Pending::GoMark, Some('\'')) => history::toggle(app),
        (Pending::GoMark, Some(c)) if c.is_alphabetic() => match app.marks.get(&c).cloned() {
            Some(place) => {
                history::record(app);
                if !jump_to_place(app, &place) {
                    app.message = Some(format!("Mark {c} is not in this report"));
                }
            }
            None => app.message = Some(format!("No mark {c}")),
        },
        _ => app.message = Some("Cancelled".to_string()),
    }
    Effect::Redraw
}
