//! The fuzzy jump palette (with recall of earlier queries) and the script
//! switch. On a large report the query is searched off the input thread
//! (`worker.rs`): each key asks for the query as it now is, superseding
//! the search still running, and the last hits stay shown meanwhile.

pub mod worker;
pub use worker::{Answer, Poll, Worker};

use std::sync::Arc;
use std::time::Duration;

use super::action::{Action, Effect, Pane};
use super::nav::{focus, jump_to_span, relayout, resize};
use super::state::{App, Palette};
use super::{history, steps};
use crate::document::Layout;

/// Hits kept to choose from, best first; the count shown is of them all.
pub const LIMIT: usize = 200;

/// Earlier queries kept for recall, per session.
pub const RECALL: usize = 50;

/// How often a session waiting for the search index wants to be woken,
/// to show the build's progress and then the hits.
pub const TICK: Duration = Duration::from_millis(50);

/// How often a session whose query is searched off its thread wants to be
/// woken, to show the hits soon after they are found.
pub const SEARCH_TICK: Duration = Duration::from_millis(10);

pub fn open(app: &mut App) {
    // The shared index is built once, from the text as written (block
    // numbers are the same in either script), on a thread of its own: the
    // palette takes keys meanwhile and shows the progress.
    app.palette = Some(Palette {
        waiting: app.data.request_index(),
        shown_percent: app.data.index_percent(),
        ..Palette::default()
    });
}

/// How long the session may sleep before [`tick`] has something to show
/// (None: until the next input). Every hit of the last search being found
/// off this thread (`steps::wants_tick`) counts too.
pub fn wants_tick(app: &App) -> Option<Duration> {
    let palette = app.palette.as_ref().and_then(|p| {
        if p.waiting.is_some() {
            Some(TICK)
        } else if p.searching {
            Some(SEARCH_TICK)
        } else {
            None
        }
    });
    match (palette, steps::wants_tick(app)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Time passed without input: while the index is built, redraw when its
/// progress moved; once it is there, search the query typed meanwhile;
/// while the query is searched off this thread, show its hits once they
/// are there; and install every hit of the last search once they are
/// found (`steps::tick`).
pub fn tick(app: &mut App) -> Effect {
    let palette = tick_palette(app);
    if steps::tick(app) == Effect::Redraw {
        return Effect::Redraw;
    }
    palette
}

fn tick_palette(app: &mut App) -> Effect {
    let Some(p) = app.palette.as_mut() else {
        return Effect::None;
    };
    if p.searching && p.waiting.is_none() {
        return found(app);
    }
    if p.waiting.is_none() {
        return Effect::None;
    }
    if app.data.index_built() {
        refresh(app);
        return Effect::Redraw;
    }
    if !app.data.index_building() {
        // The build ended without an index (a panic): ask again.
        p.waiting = app.data.request_index();
    }
    let percent = app.data.index_percent();
    if percent == p.shown_percent {
        return Effect::None;
    }
    p.shown_percent = percent;
    Effect::Redraw
}

/// A paste in a pane: the palette opens with the pasted text as its query.
/// False, and nothing done, for a paste with nothing to search for.
pub fn open_with(app: &mut App, text: &str) -> bool {
    if text.chars().all(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    open(app);
    insert(app, text);
    true
}

/// The answer of the search running off this thread, once it is there:
/// its hits replace the earlier query's (and a jump asked for meanwhile is
/// made).
fn found(app: &mut App) -> Effect {
    let Some(p) = app.palette.as_mut() else {
        return Effect::None;
    };
    match p.worker.poll() {
        Poll::Pending => return Effect::None,
        Poll::Ready((hits, total)) => {
            (p.hits, p.total) = (hits, total);
        }
        Poll::Idle => {
            // A cloned session's palette: its own thread searches again.
            refresh(app);
            return Effect::None;
        }
        Poll::Lost => {
            // The search panicked: nothing to show, and no retry.
            p.worker = Worker::default();
            p.hits.clear();
            p.total = 0;
        }
    }
    p.searching = false;
    p.selected = 0;
    if std::mem::take(&mut p.jump_when_found) {
        jump(app);
    }
    Effect::Redraw
}

/// Search the query, or, while the index is built, wait for it with no
/// hits. On a large report the search runs off this thread: the hits
/// shown stay until its answer comes.
fn refresh(app: &mut App) {
    let index = app.data.try_index().cloned();
    let off_thread = app.data.searches_off_thread();
    let data = app.data.clone();
    let Some(p) = app.palette.as_mut() else {
        return;
    };
    p.jump_when_found = false;
    match index {
        Some(index) => {
            p.waiting = None;
            if off_thread
                && !p.query.trim().is_empty()
                && p.worker.ask(&data, &index, &p.query, LIMIT)
            {
                p.searching = true;
                return;
            }
            p.worker.stop();
            p.searching = false;
            p.selected = 0;
            (p.hits, p.total) = index.search_counted(&p.query, LIMIT);
        }
        None => {
            p.selected = 0;
            p.hits.clear();
            p.total = 0;
            if p.waiting.is_none() {
                p.waiting = app.data.request_index();
            }
        }
    }
}

/// Text typed or pasted into the query at once: one search, not one per
/// character. Line breaks and tabs become spaces; other controls are
/// dropped.
fn insert(app: &mut App, text: &str) {
    let Some(p) = app.palette.as_mut() else {
        return;
    };
    p.recalled = None;
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
            p.recalled = None;
            p.query.push(c);
            refresh(app);
        }
        Action::InsertText(text) => insert(app, &text),
        Action::DeleteChar => {
            p.recalled = None;
            p.query.pop();
            refresh(app);
        }
        Action::ClearInput => {
            p.recalled = None;
            p.query.clear();
            refresh(app);
        }
        // On an empty query, or while recalling, ↑ and ↓ go through the
        // earlier queries; else they choose a result.
        Action::Up if p.query.is_empty() || p.recalled.is_some() => recall(app, true),
        Action::Down if p.recalled.is_some() => recall(app, false),
        Action::Down => p.selected = (p.selected + 1).min(p.hits.len().saturating_sub(1)),
        Action::Up => p.selected = p.selected.saturating_sub(1),
        Action::PageDown => p.selected = (p.selected + 5).min(p.hits.len().saturating_sub(1)),
        Action::PageUp => p.selected = p.selected.saturating_sub(5),
        // The hits shown are an earlier query's: jump once the query's own
        // are there.
        Action::Open if p.searching => p.jump_when_found = true,
        Action::Open => jump(app),
        _ => return Effect::None,
    }
    Effect::Redraw
}

/// The query `older` (↑) or newer (↓) than the one recalled; newer than
/// the most recent is the empty query again.
fn recall(app: &mut App, older: bool) {
    let Some(p) = app.palette.as_mut() else {
        return;
    };
    let next = match (p.recalled, older) {
        (None, true) => Some(0),
        (Some(i), true) => Some(i + 1),
        (Some(0) | None, false) => None,
        (Some(i), false) => Some(i - 1),
    };
    match next {
        Some(i) if i >= app.recall.len() => {
            app.message = Some(if app.recall.is_empty() {
                "No earlier query".to_string()
            } else {
                "No earlier query: this is the oldest".to_string()
            });
            return;
        }
        Some(i) => p.query = app.recall[i].clone(),
        None => p.query.clear(),
    }
    p.recalled = next;
    refresh(app);
}

/// Keep a query for recall: most recent first, once each.
fn keep_for_recall(app: &mut App, query: &str) {
    let query = query.trim();
    if query.is_empty() {
        return;
    }
    app.recall.retain(|q| q != query);
    app.recall.insert(0, query.to_string());
    app.recall.truncate(RECALL);
}

/// Jump to the selected hit and mark what matched; the query becomes the
/// last search (for `n`, `N` and the marks) and is kept for recall.
fn jump(app: &mut App) {
    let Some(p) = app.palette.take() else { return };
    keep_for_recall(app, &p.query);
    let Some(hit) = p.hits.get(p.selected) else {
        return;
    };
    let Some(span) = app.index().matched_span(app.doc(), hit) else {
        return;
    };
    history::record(app);
    focus(app, Pane::Reader);
    jump_to_span(app, &span);
    steps::remember(app, p.query.trim(), &span);
    app.message = steps::jumped_message(app);
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
