//! The fuzzy jump palette and the script switch.

use std::sync::Arc;

use super::action::{Action, Effect, Pane};
use super::history;
use super::nav::{focus, jump_to_span, relayout, resize};
use super::state::{App, Palette};
use crate::document::Layout;

/// Hits shown at most.
pub const LIMIT: usize = 50;

pub fn open(app: &mut App) {
    // The shared index is built on first use, from the text as written:
    // block numbers are the same in either script.
    app.data.index();
    app.palette = Some(Palette::default());
}

fn refresh(app: &mut App) {
    let index = app.index();
    let Some(p) = app.palette.as_mut() else {
        return;
    };
    p.hits = index.search(&p.query, LIMIT);
    p.selected = 0;
}

/// Text typed or pasted into the query at once: one search, not one per
/// character. Line breaks and tabs become spaces; other controls are
/// dropped.
fn insert(app: &mut App, text: &str) {
    let Some(p) = app.palette.as_mut() else {
        return;
    };
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => p.query.push(' '),
            c if c.is_control() => {}
            c => p.query.push(c),
        }
    }
    refresh(app);
}

/// Keys while the palette is open: it takes them all.
pub fn update(app: &mut App, action: Action) -> Effect {
    let Some(p) = app.palette.as_mut() else {
        return Effect::None;
    };
    match action {
        Action::Quit => return Effect::Quit,
        Action::Resize(w, h) => resize(app, w, h),
        Action::Close => app.palette = None,
        Action::Input(c) => {
            p.query.push(c);
            refresh(app);
        }
        Action::InsertText(text) => insert(app, &text),
        Action::DeleteChar => {
            p.query.pop();
            refresh(app);
        }
        Action::ClearInput => {
            p.query.clear();
            refresh(app);
        }
        Action::Down => p.selected = (p.selected + 1).min(p.hits.len().saturating_sub(1)),
        Action::Up => p.selected = p.selected.saturating_sub(1),
        Action::PageDown => p.selected = (p.selected + 5).min(p.hits.len().saturating_sub(1)),
        Action::PageUp => p.selected = p.selected.saturating_sub(5),
        Action::Open => jump(app),
        _ => return Effect::None,
    }
    Effect::Redraw
}

/// Jump to the selected hit and mark what matched.
fn jump(app: &mut App) {
    let Some(p) = app.palette.take() else { return };
    let Some(hit) = p.hits.get(p.selected) else {
        return;
    };
    let Some(span) = app.index().matched_span(app.doc(), hit) else {
        return;
    };
    history::record(app);
    focus(app, Pane::Reader);
    jump_to_span(app, &span);
}

/// Switch scripts: the session shows the shared data of the other script,
/// laid out again; the reading position (a typed place, in characters)
/// stays on the same character.
pub fn toggle_script(app: &mut App) {
    app.settings.script = app.settings.script.toggled();
    app.shown = app.data.shown(app.settings.script).clone();
    app.layout = Arc::new(Layout::new(app.doc(), 0..0, 0, app.settings.ambi));
    relayout(app);
}
