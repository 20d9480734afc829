//! Steps through the last search, as in less and vim: `n` and `N` go to
//! the next and previous hit in reading order, wrapping around with a
//! message; the reader marks every hit in view, the current one apart.
//!
//! The hits are found once, when the palette jumps, and kept as typed
//! spans (block id + characters), so they stay right across resizes and
//! the script switch.

use std::cmp::Reverse;
use std::ops::Range;

use super::action::Pane;
use super::history;
use super::nav::{focus, in_view, show_range};
use super::state::{App, SearchState};
use crate::document::TextSpan;

/// Remember `query` as the last search after a jump to `jumped`, one of
/// its hits: every hit, in reading order, with `jumped` the current one.
/// Where hits overlap (a sentence and a quantity in it), the first is
/// kept, except that the one jumped to always is.
pub fn remember(app: &mut App, query: &str, jumped: &TextSpan) {
    let index = app.index();
    let doc = app.doc();
    let mut spans: Vec<(usize, TextSpan, bool)> = index
        .search(query, usize::MAX)
        .iter()
        .filter_map(|hit| index.matched_span(doc, hit))
        .chain(std::iter::once(jumped.clone()))
        .filter_map(|span| {
            let block = doc.block_of(&span.block)?;
            let is_jumped = span == *jumped;
            Some((block, span, is_jumped))
        })
        .collect();
    spans.sort_by_key(|(block, span, is_jumped)| {
        (
            *block,
            span.chars.start,
            Reverse(span.chars.end),
            Reverse(*is_jumped),
        )
    });
    let mut kept: Vec<(usize, TextSpan)> = Vec::new();
    let mut current = 0;
    for (block, span, is_jumped) in spans {
        let overlaps = kept
            .last()
            .is_some_and(|(b, last)| *b == block && span.chars.start < last.chars.end);
        if is_jumped {
            // Kept spans are in order and apart: only the last can reach
            // into the one jumped to.
            if overlaps {
                kept.pop();
            }
            kept.push((block, span));
            current = kept.len() - 1;
        } else if !overlaps {
            kept.push((block, span));
        }
    }
    app.last_search = Some(SearchState {
        query: query.to_string(),
        hits: kept.into_iter().map(|(_, span)| span).collect(),
        current,
        marked: true,
    });
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
    Some(counted(&s.query, s.current, s.hits.len(), None))
}

/// `n` (forward) or `N`: the next or previous hit. From the current hit
/// when it is in view; else from the reading position (the first hit at or
/// below the top line, or the last above it). Past either end it wraps,
/// and says so. Stepping from the reading position records it for Back;
/// stepping from hit to hit does not, so that Back returns to where the
/// stepping began.
pub fn step(app: &mut App, forward: bool) {
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
    app.message = Some(counted(&search.query, next, n, wrapped.then_some(forward)));
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
