//! Steps through the last search, as in less and vim: `n` and `N` go to
//! the next and previous hit in reading order, wrapping around with a
//! message; the reader marks every hit in view, the current one apart.
//!
//! The hits are found once, when the palette jumps, and kept as typed
//! spans (block id + characters), so they stay right across resizes and
//! the script switch. On a large report they are found on a thread of
//! their own (one per jump, stopped by a newer one or when the session
//! goes): the hit jumped to is known at once, the others are installed on
//! a tick, and `n`/`N` meanwhile step through what is known.

use std::ops::Range;
use std::time::Duration;

pub mod finding;

pub use finding::Finding;
use finding::{in_reading_order, Found};

use super::action::{Effect, Pane};
use super::history;
use super::nav::{focus, in_view, show_range};
use super::state::{App, SearchState};
use crate::document::TextSpan;

/// How often a session whose hits are found off its thread wants to be
/// woken, to install them soon after they are there.
pub const FIND_TICK: Duration = Duration::from_millis(10);

/// Remember `query` as the last search after a jump to `jumped`, one of
/// its hits: every hit, in reading order, with `jumped` the current one.
/// Where hits overlap (a sentence and a quantity in it), the first is
/// kept, except that the one jumped to always is.
///
/// On a large report the hits are found off this thread: meanwhile the
/// one jumped to is the only one known, and [`tick`] installs them all.
pub fn remember(app: &mut App, query: &str, jumped: &TextSpan) {
    if app.data.searches_off_thread() {
        if let Some(finding) = Finding::start(app.index(), app.shown.clone(), query, jumped) {
            app.last_search = Some(SearchState {
                query: query.to_string(),
                hits: vec![jumped.clone()],
                current: 0,
                marked: true,
                finding: Some(finding),
            });
            return;
        }
    }
    let (hits, current) = every_hit(app, query, jumped);
    app.last_search = Some(SearchState {
        query: query.to_string(),
        hits,
        current,
        marked: true,
        finding: None,
    });
}

/// Every hit of `query` in reading order, with `jumped` among them, no
/// two overlapping, and where `jumped` is: what `n` and `N` step through,
/// found on this thread.
pub fn every_hit(app: &App, query: &str, jumped: &TextSpan) -> (Vec<TextSpan>, usize) {
    let index = app.index();
    let hits = index.search(query, usize::MAX);
    in_reading_order(&index, app.doc(), &hits, jumped)
}

/// Whether every hit of the last search is still being found.
pub fn finding(app: &App) -> bool {
    app.last_search
        .as_ref()
        .is_some_and(|s| s.finding.is_some())
}

/// How long the session may sleep before [`tick`] has hits to install.
pub fn wants_tick(app: &App) -> Option<Duration> {
    finding(app).then_some(FIND_TICK)
}

/// Time passed without input: install every hit of the last search once
/// they are found, the current one the hit jumped to. The message saying
/// they were being found becomes the count.
pub fn tick(app: &mut App) -> Effect {
    if !install(app) {
        return Effect::None;
    }
    if let Some(s) = app.last_search.as_ref() {
        if app.message.as_deref() == Some(finding_message(&s.query).as_str()) {
            app.message = Some(counted(&s.query, s.current, s.hits.len(), None));
        }
    }
    Effect::Redraw
}

/// Install the hits being found if they are there: true when the last
/// search changed (its hits installed, or their thread lost).
fn install(app: &mut App) -> bool {
    let Some(s) = app.last_search.as_mut() else {
        return false;
    };
    let Some(finding) = &s.finding else {
        return false;
    };
    match finding.poll() {
        Found::Pending => return false,
        Found::Ready((hits, current)) => {
            (s.hits, s.current) = (hits, current);
        }
        // Only the hit jumped to is known, and stays the only one.
        Found::Lost => {}
    }
    s.finding = None;
    true
}

/// The status message while every hit is being found.
fn finding_message(query: &str) -> String {
    format!("Finding every hit for {query}…")
}

/// The status message for being on hit `at` of `of`.
fn counted(query: &str, at: usize, of: usize, wrapped: Option<bool>) -> String {
    if of == 1 {
        return format!("The only match for {query}");
    }
    let base = format!("Match {} of {of} for {query}", at + 1);
    match wrapped {
        Some(true) => format!("{base} (hit the end, continuing at the top)"),
        Some(false) => format!("{base} (hit the top, continuing at the end)"),
        None => base,
    }
}

/// The message after a palette jump: which hit of how many.
pub fn jumped_message(app: &App) -> Option<String> {
    let s = app.last_search.as_ref()?;
    if s.finding.is_some() {
        return Some(finding_message(&s.query));
    }
    Some(counted(&s.query, s.current, s.hits.len(), None))
}

/// `n` (forward) or `N`: the next or previous hit. From the current hit
/// when it is in view; else from the reading position (the first hit at or
/// below the top line, or the last above it). Past either end it wraps,
/// and says so. Stepping from the reading position records it for Back;
/// stepping from hit to hit does not, so that Back returns to where the
/// stepping began. While every hit is still being found (a large
/// report), it steps through those known and says they are being found.
pub fn step(app: &mut App, forward: bool) {
    install(app);
    let Some(search) = app.last_search.clone() else {
        app.message = Some("No previous search".to_string());
        return;
    };
    let n = search.hits.len();
    if n == 0 {
        app.message = Some(format!("Pattern not found: {}", search.query));
        return;
    }
    if app.focus != Pane::Reader {
        focus(app, Pane::Reader);
    }
    // Located one at a time, when needed: a library may have many hits.
    let locate = |i: usize| app.doc().locate_span(search.hits.get(i)?);
    let current_in_view = locate(search.current).is_some_and(|(b, r)| in_view(app, b, &r));
    let (next, wrapped) = if current_in_view {
        match forward {
            true if search.current + 1 < n => (search.current + 1, false),
            true => (0, true),
            false if search.current > 0 => (search.current - 1, false),
            false => (n - 1, true),
        }
    } else {
        // Hits in reading order are on lines in order: the first one on
        // or below the top line, by bisection.
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let line = locate(mid).map_or(0, |(b, r)| app.layout.line_of(b, r.start));
            if line < app.top {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        match forward {
            true if lo < n => (lo, false),
            true => (0, true),
            false if lo > 0 => (lo - 1, false),
            false => (n - 1, true),
        }
    };
    if !current_in_view {
        history::record(app);
    }
    if let Some(s) = app.last_search.as_mut() {
        s.current = next;
        s.marked = true;
    }
    if let Some((block, range)) = search.hits.get(next).and_then(|s| app.doc().locate_span(s)) {
        show_range(app, block, range);
    }
    app.message = Some(match search.finding {
        Some(_) => finding_message(&search.query),
        None => counted(&search.query, next, n, wrapped.then_some(forward)),
    });
}

/// Hide the marks of the last search (Esc in a pane); the search stays
/// for `n` and `N`, which show them again.
pub fn hide(app: &mut App) {
    if let Some(s) = app.last_search.as_mut() {
        s.marked = false;
    }
}

/// The marked hits in block `block` of the shown document: byte ranges,
/// each with whether it is the current hit. Empty when the marks are
/// hidden.
pub fn marks_in_block(app: &App, block: usize) -> Vec<(Range<usize>, bool)> {
    let Some(s) = app.last_search.as_ref().filter(|s| s.marked) else {
        return Vec::new();
    };
    let doc = app.doc();
    let Some(id) = doc.id_of(block) else {
        return Vec::new();
    };
    let block_of = |span: &TextSpan| doc.block_of(&span.block).unwrap_or(usize::MAX);
    let first = s.hits.partition_point(|span| block_of(span) < block);
    s.hits[first..]
        .iter()
        .enumerate()
        .take_while(|(_, span)| span.block == *id)
        .filter_map(|(i, span)| {
            let (_, bytes) = doc.locate_span(span)?;
            Some((bytes, first + i == s.current))
        })
        .collect()
}
