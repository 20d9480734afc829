//! Following a presenter (meeting mode): what a presenter shows, as places
//! rather than rows, and a viewer's state of following it.
//!
//! A presenter's session publishes a [`Presented`]: the place at the top
//! of its reader, the footnote open in its popup, and the text it marked
//! (a quantity, a search hit, a jump's target). Each is a block id and
//! character offsets, so a viewer at another width, in the other script
//! or ambiguous-width mode, lays the same paragraph out on top, opens the
//! same footnote and marks the same characters. The follow state is part
//! of the App and changes only through actions (`Action::Presented`,
//! `Action::PresentersLeft`, `Action::Rejoin`): the server, the tests and
//! any later front end drive it alike.

use super::action::Pane;
use super::history;
use super::nav::{focus, reveal, scroll_to};
pub use super::presented::{Follow, Leader, Presented};
use super::state::{App, FootnotePopup, MarkerRef};
use std::sync::Arc;

use crate::document::{Layout, Mark, Place};

/// A front end's seat at a meeting as a presenter, for a driver that is
/// not a server's session: `serve --present`'s own terminal. The driver
/// publishes what its App shows after every batch of inputs, and shows
/// the audience on the status line.
pub trait Stage: std::fmt::Debug + Send {
    /// The presenter shows `at` now (a place it already showed is not a
    /// move). Never waits on any viewer.
    fn publish(&mut self, at: &Presented);
    /// How many viewers there are, and how many of them follow.
    fn audience(&self) -> (usize, usize);
    /// Another presenter who leads now: its name.
    fn floor(&self) -> Option<String>;
}

/// A presenter's App after its inputs: `stage` is told what it shows, and
/// the App the audience. Whether the status line changed.
pub fn present(app: &mut App, stage: &mut dyn Stage) -> bool {
    stage.publish(&presented(app));
    let audience = Some(stage.audience());
    let floor = stage.floor();
    let changed = app.follow.audience != audience || app.follow.floor != floor;
    app.follow.audience = audience;
    app.follow.floor = floor;
    changed
}

/// What `app` shows, for its followers.
pub fn presented(app: &App) -> Presented {
    let doc = app.doc();
    let footnote = app
        .popup
        .as_ref()
        .and_then(|p| p.markers.get(p.current))
        .and_then(|m| doc.place_at(m.block, m.range.start));
    let mark = app
        .highlight
        .as_ref()
        .and_then(|(block, range)| doc.span_at(*block, range));
    let glossary = (app.focus == Pane::Glossary)
        .then(|| u32::try_from(app.glossary.selected + 1).ok())
        .flatten();
    Presented {
        top: app.anchor.clone(),
        footnote,
        mark,
        glossary,
    }
}

/// A presenter moved: `name` leads now, showing `at`; a following session
/// goes there.
pub fn presented_by(app: &mut App, name: String, at: Presented) {
    app.follow.left = false;
    app.follow.leader = Some(Leader { name, at });
    if app.follow.following {
        app.message = None;
        go_to_leader(app);
    }
}

/// Every presenter left: the session stays where it is, and is told.
pub fn presenters_left(app: &mut App) {
    app.follow.left = true;
    app.message = Some("The presenter has left; you stay where you are".into());
}

/// Follow again (`F`): to the leader's place at once, in the reader. A
/// presenter follows nobody: it is told who leads.
pub fn rejoin(app: &mut App) {
    if app.follow.audience.is_some() {
        app.message = Some(match &app.follow.floor {
            Some(other) => format!("{other} leads; presenters do not follow (F is for viewers)"),
            None => "You are presenting: viewers follow you".to_string(),
        });
        return;
    }
    app.follow.following = true;
    if app.focus != Pane::Reader {
        focus(app, Pane::Reader);
    }
    if app.follow.leader.is_some() {
        go_to_leader(app);
    } else {
        app.message = Some("Nobody is presenting yet".into());
    }
}

/// The user moved their own view: they look away, until `F`.
pub fn look_away(app: &mut App) {
    app.follow.following = false;
}

/// What a following session compares before and after a user's input,
/// to tell whether its user moved their own view.
#[derive(Debug, Clone)]
pub struct View {
    anchor: Place,
    popup: Option<FootnotePopup>,
    top: usize,
    layout: Arc<Layout>,
}

/// The view of `app` now.
pub fn view_of(app: &App) -> View {
    View {
        anchor: app.anchor.clone(),
        popup: app.popup.clone(),
        top: app.top,
        layout: Arc::clone(&app.layout),
    }
}

/// Whether the view moved from `before` to `after`: another place on top
/// or another popup; or, in the same layout, another line on top (a
/// blank line and the paragraph under it are one place, yet scrolling
/// between them moves the view). A new layout (the other script, a zoom)
/// keeps the place and moves nothing.
pub fn moved(before: &View, after: &View) -> bool {
    before.anchor != after.anchor
        || before.popup != after.popup
        || (before.layout.id() == after.layout.id() && before.top != after.top)
}

/// Show what the leader shows: its place on top (a jump to another block
/// is recorded in the history, as the session's own jumps are), its
/// footnote, its mark.
fn go_to_leader(app: &mut App) {
    let Some(at) = app.follow.leader.as_ref().map(|l| l.at.clone()) else {
        return;
    };
    let doc = app.doc();
    let Some((block, byte)) = doc.locate(&at.top) else {
        return;
    };
    if doc.locate(&app.anchor).map(|(b, _)| b) != Some(block) {
        history::record(app);
    }
    let line = if byte == 0 {
        app.layout.block_line(block)
    } else {
        app.layout.line_of(block, byte)
    };
    scroll_to(app, line);
    // The presenter's own place, not the start of the row it falls in.
    app.anchor = at.top.clone();
    app.popup = at
        .footnote
        .as_ref()
        .and_then(|place| footnote_at(app, place));
    if let Some(m) = app.popup.as_ref().and_then(|p| p.markers.first()) {
        // The glossary follows the footnote, as when the session opens it.
        app.glossary.selected = (m.number as usize).saturating_sub(1);
        app.glossary.citation = 0;
    }
    if let Some(n) = at.glossary {
        app.glossary.selected = (n as usize).saturating_sub(1);
        app.glossary.citation = 0;
    }
    app.highlight = at
        .mark
        .as_ref()
        .and_then(|span| app.doc().locate_span(span));
    // What the presenter marked, or the marker of its footnote, may lie
    // below a smaller screen's last line: scrolled into view.
    let shown = app.highlight.clone().or_else(|| {
        let marker = app.popup.as_ref()?.markers.first()?;
        Some((marker.block, marker.range.clone()))
    });
    if let Some((block, range)) = shown {
        reveal(app, block, &range);
    }
}

/// The popup of the footnote marker at `place`.
fn footnote_at(app: &App, place: &Place) -> Option<FootnotePopup> {
    let (block, byte) = app.doc().locate(place)?;
    let marker = app.doc().blocks[block]
        .marks
        .iter()
        .find_map(|(range, mark)| match mark {
            Mark::Marker(number) if range.start == byte => Some(MarkerRef {
                block,
                range: range.clone(),
                number: *number,
            }),
            _ => None,
        })?;
    Some(FootnotePopup {
        markers: vec![marker],
        current: 0,
        scroll: 0,
    })
}
