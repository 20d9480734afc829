//! The mouse: the wheel scrolls what is under the pointer, a left click
//! focuses, selects and opens. Input arrives as [`Mouse`] reports (SGR,
//! 0-based cells); what lies under a cell is found with the geometry the ui
//! draws with (`hit.rs`).
//!
//! - **The wheel** scrolls the pane under the pointer without moving the
//!   focus, as in most GUIs: the reader by [`WHEEL_LINES`] lines a notch,
//!   the outline, glossary and figures lists by one entry (their
//!   selection). Over the help it scrolls the help, over the footnote
//!   popup its definition, over the palette it moves the selection. While
//!   an overlay is open the panes behind it stay still, as they do for
//!   keys.
//! - **A left click** focuses the pane under it. In the outline it selects
//!   the entry on that row (on the fold glyph it also folds or unfolds
//!   it); in the glossary, the term. A click on the entry already selected
//!   in the focused pane opens it, as Enter. In the reader a click on a
//!   footnote marker (`[12]`) opens the popup on it. In the palette a click
//!   selects a result and a click on the selected one jumps.
//! - A click outside an open overlay (or off the status row while the `:`
//!   command line is open) closes it, and does nothing else, except on a
//!   footnote marker while the popup is open: the popup shows that marker.
//!   The command line takes no wheel.
//! - Other buttons, releases, drags and motion do nothing.

mod hit;

pub use hit::{
    glossary_at, marker_at, outline_at, palette_area, palette_result_at, pane_at, popup_area,
    reader_byte_at, MarkerHit, OutlineHit, PopupArea,
};

use ratatui::layout::Position;

use super::action::{Action, Effect, Pane};
use super::mode::{mode, Mode};
use super::nav::{focus, scroll_to};
use super::state::{App, FootnotePopup, MarkerRef};
use super::update::update;
use super::{figures, help};
use crate::input::{Mouse, MouseAction, MouseButton};

/// Lines the reader, the help and a footnote scroll per notch of the wheel.
pub const WHEEL_LINES: usize = 3;

/// Apply one mouse report.
pub fn mouse(app: &mut App, m: Mouse) -> Effect {
    if app.screen().too_small {
        return Effect::None;
    }
    let at = Position::new(m.column, m.row);
    match (m.action, m.button) {
        (MouseAction::Press, MouseButton::WheelDown) => wheel(app, at, true),
        (MouseAction::Press, MouseButton::WheelUp) => wheel(app, at, false),
        (MouseAction::Press, MouseButton::Left) => click(app, at),
        _ => Effect::None,
    }
}

/// What a key does before it acts, done for a wheel notch or a click that
/// acts: the message, the mark of the last jump, a count or a mark's
/// letter still waited for all go.
fn acted(app: &mut App) -> Effect {
    app.message = None;
    app.highlight = None;
    app.count = None;
    app.pending = None;
    Effect::Redraw
}

/// `n` moved `step` lines down (or up), saturating.
fn moved(n: usize, step: usize, down: bool) -> usize {
    if down {
        n.saturating_add(step)
    } else {
        n.saturating_sub(step)
    }
}

fn wheel(app: &mut App, at: Position, down: bool) -> Effect {
    match mode(app) {
        Mode::Help => {
            if !help::area(app.area).contains(at) {
                return Effect::None;
            }
            let step = u16::try_from(WHEEL_LINES).unwrap_or(1);
            // `handle` keeps the scroll within the help's rows.
            app.help = app.help.map(|s| {
                if down {
                    s.saturating_add(step)
                } else {
                    s.saturating_sub(step)
                }
            });
        }
        Mode::Popup => {
            let Some(area) = popup_area(app).filter(|p| p.area.contains(at)) else {
                return Effect::None;
            };
            if let Some(p) = app.popup.as_mut() {
                let scroll = moved(usize::from(p.scroll), WHEEL_LINES, down);
                let scroll = scroll.min(area.max_scroll());
                p.scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
            }
        }
        Mode::Palette => {
            if !palette_area(app.area).contains(at) {
                return Effect::None;
            }
            // The selection only: ↑ on an empty query recalls, the wheel
            // does not.
            if let Some(p) = app.palette.as_mut() {
                let last = p.hits.len().saturating_sub(1);
                p.selected = moved(p.selected, 1, down).min(last);
            }
        }
        // The command line takes no wheel.
        Mode::Prompt => return Effect::None,
        Mode::Pane(_) => match pane_at(app, at) {
            None => return Effect::None,
            Some((Pane::Reader, _)) => scroll_to(app, moved(app.top, WHEEL_LINES, down)),
            Some((Pane::Outline, _)) => outline_step(app, down),
            Some((Pane::Glossary, _)) => glossary_step(app, down),
            Some((Pane::Figures, _)) => {
                figures::update(app, if down { Action::Down } else { Action::Up })
            }
        },
    }
    acted(app)
}

/// Move the outline's selection one shown entry, focused or not.
fn outline_step(app: &mut App, down: bool) {
    let visible = app.visible_nodes();
    let at = visible
        .iter()
        .position(|&n| n == app.tree.selected)
        .unwrap_or(0);
    let next = moved(at, 1, down).min(visible.len().saturating_sub(1));
    if let Some(&node) = visible.get(next) {
        app.tree.selected = node;
    }
}

/// Select a glossary entry (another entry's citations start again at
/// the first).
fn glossary_select(app: &mut App, i: usize) {
    if app.glossary.selected != i {
        app.glossary.selected = i;
        app.glossary.citation = 0;
    }
}

/// Move the glossary's selection one term, focused or not.
fn glossary_step(app: &mut App, down: bool) {
    let len = app
        .report()
        .glossary
        .as_ref()
        .map_or(0, |g| g.entries.len());
    if len > 0 {
        let next = moved(app.glossary.selected, 1, down).min(len - 1);
        glossary_select(app, next);
    }
}

fn click(app: &mut App, at: Position) -> Effect {
    match mode(app) {
        Mode::Help => {
            if help::area(app.area).contains(at) {
                return Effect::None;
            }
            app.help = None;
        }
        Mode::Popup => {
            if popup_area(app).is_some_and(|p| p.area.contains(at)) {
                return Effect::None;
            }
            app.popup = None;
            let marker = pane_at(app, at)
                .filter(|(pane, _)| *pane == Pane::Reader)
                .and_then(|(_, r)| marker_at(app, r, at));
            if let Some(m) = marker {
                open_marker(app, m);
            }
        }
        Mode::Palette => {
            if !palette_area(app.area).contains(at) {
                app.palette = None;
                return acted(app);
            }
            let Some(i) = palette_result_at(app, at) else {
                return Effect::None;
            };
            let Some(p) = app.palette.as_mut() else {
                return Effect::None;
            };
            if p.selected == i {
                return update(app, Action::Open);
            }
            p.selected = i;
        }
        Mode::Prompt => {
            if app.screen().status.contains(at) {
                return Effect::None;
            }
            app.prompt = None;
        }
        Mode::Pane(_) => return click_pane(app, at),
    }
    acted(app)
}

/// A click on a pane (no overlay open). What lies under the pointer is
/// found before the focus moves, in the geometry the user clicked on.
fn click_pane(app: &mut App, at: Position) -> Effect {
    let Some((pane, area)) = pane_at(app, at) else {
        return Effect::None;
    };
    let was_focused = app.focus == pane;
    match pane {
        Pane::Outline => {
            let row = outline_at(app, area, at);
            if let Some(hit) = row.filter(|h| was_focused && !h.on_fold) {
                if hit.node == app.tree.selected {
                    return update(app, Action::Open);
                }
            }
            focus_on(app, pane);
            if let Some(hit) = row {
                app.tree.selected = hit.node;
                if hit.on_fold {
                    if let Some(open) = app.tree.expanded.get_mut(hit.node) {
                        *open = !*open;
                    }
                }
            }
        }
        Pane::Glossary => {
            let entry = glossary_at(app, area, at);
            if was_focused && entry == Some(app.glossary.selected) {
                return update(app, Action::Open);
            }
            focus_on(app, pane);
            if let Some(i) = entry {
                glossary_select(app, i);
            }
        }
        Pane::Reader => {
            let marker = marker_at(app, area, at);
            focus_on(app, pane);
            if let Some(m) = marker {
                open_marker(app, m);
            }
        }
        Pane::Figures => focus_on(app, pane),
    }
    acted(app)
}

/// Focus a pane unless it has the focus already (focusing lays out
/// again, and the outline's selection follows the reading position).
fn focus_on(app: &mut App, pane: Pane) {
    if app.focus != pane {
        focus(app, pane);
    }
}

/// Open the footnote popup on a marker: the markers in view, that one
/// current, its entry selected in the glossary (as `f` does).
fn open_marker(app: &mut App, hit: MarkerHit) {
    let mut markers = app.markers_in_view();
    let current = match markers
        .iter()
        .position(|m| m.block == hit.block && m.range == hit.range)
    {
        Some(i) => i,
        // A marker that starts on a line above the view.
        None => {
            markers.insert(
                0,
                MarkerRef {
                    block: hit.block,
                    range: hit.range,
                    number: hit.number,
                },
            );
            0
        }
    };
    app.glossary.selected = usize::try_from(hit.number).unwrap_or(0).saturating_sub(1);
    app.glossary.citation = 0;
    app.popup = Some(FootnotePopup {
        markers,
        current,
        scroll: 0,
    });
}
