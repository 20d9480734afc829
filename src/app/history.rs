//! Jumps and the way back: every jump records where it came from;
//! Back returns to the exact scroll position, Forward undoes a Back.

use super::nav::focus;
use super::state::{App, Spot};

/// Most spots kept each way.
const DEPTH: usize = 100;

fn here(app: &App) -> Spot {
    Spot {
        anchor: app.anchor.clone(),
        focus: app.focus,
    }
}

/// Call before a jump: remember where it leaves from.
pub fn record(app: &mut App) {
    let spot = here(app);
    if app.history.back.last() != Some(&spot) {
        app.history.back.push(spot);
        if app.history.back.len() > DEPTH {
            app.history.back.remove(0);
        }
    }
    app.history.forward.clear();
}

fn go(app: &mut App, spot: Spot) {
    app.anchor = spot.anchor;
    // Focusing lays out again from the anchor.
    focus(app, spot.focus);
}

/// `''`: back to before the last jump, and `''` again returns (vim's
/// last-jump mark).
pub fn toggle(app: &mut App) {
    match app.history.back.pop() {
        Some(spot) => {
            let now = here(app);
            app.history.back.push(now);
            go(app, spot);
        }
        None => app.message = Some("No earlier position".to_string()),
    }
}

pub fn back(app: &mut App) {
    match app.history.back.pop() {
        Some(spot) => {
            app.history.forward.push(here(app));
            go(app, spot);
        }
        None => app.message = Some("No earlier position".to_string()),
    }
}

pub fn forward(app: &mut App) {
    match app.history.forward.pop() {
        Some(spot) => {
            app.history.back.push(here(app));
            go(app, spot);
        }
        None => app.message = Some("No later position".to_string()),
    }
}
