//! Every hit of the last search found on a thread of its own, for a large
//! report: the handle a session keeps (and its clones share) while the
//! thread runs, and the hits in reading order once found. Imports nothing
//! of the session's state, which holds the handle.

use std::cmp::Reverse;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::data::Shown;
use crate::document::{Document, TextSpan};
use crate::search::{Hit, Index};

/// The spans `hits` matched, in reading order, with `jumped` among them,
/// no two overlapping; and where `jumped` is.
pub fn in_reading_order(
    index: &Index,
    doc: &Document,
    hits: &[Hit],
    jumped: &TextSpan,
) -> (Vec<TextSpan>, usize) {
    let mut spans: Vec<(usize, TextSpan, bool)> = hits
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
    (kept.into_iter().map(|(_, span)| span).collect(), current)
}

/// Every hit of the last search, found on a thread of its own (a large
/// report): shared by a session and its clones; when the last of them
/// drops it (a newer jump, the session closed) the search stops.
#[derive(Clone)]
pub struct Finding(Arc<Job>);

struct Job {
    stop: Arc<AtomicBool>,
    slot: Arc<Mutex<Slot>>,
}

#[derive(Default)]
struct Slot {
    /// Every hit in reading order, and where the one jumped to is.
    found: Option<(Vec<TextSpan>, usize)>,
    /// The thread has ended (with or without the hits).
    gone: bool,
}

/// What became of the hits being found.
pub enum Found {
    Ready((Vec<TextSpan>, usize)),
    Pending,
    /// The thread ended without them (a panic): none will come.
    Lost,
}

fn lock(slot: &Mutex<Slot>) -> MutexGuard<'_, Slot> {
    slot.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Finding {
    /// Start finding every hit of `query` in reading order, with `jumped`
    /// the current one. None when no thread could be started.
    pub fn start(
        index: Arc<Index>,
        shown: Arc<Shown>,
        query: &str,
        jumped: &TextSpan,
    ) -> Option<Finding> {
        let stop = Arc::new(AtomicBool::new(false));
        let slot = Arc::new(Mutex::new(Slot::default()));
        let (their_stop, their_slot) = (stop.clone(), slot.clone());
        let (query, jumped) = (query.to_string(), jumped.clone());
        std::thread::Builder::new()
            .name("search-hits".into())
            .spawn(move || {
                let _ended = Ended(&their_slot);
                let Ok((hits, _)) = index.search_until(&query, usize::MAX, &their_stop) else {
                    return;
                };
                if their_stop.load(Ordering::SeqCst) {
                    return;
                }
                let found = in_reading_order(&index, &shown.doc, &hits, &jumped);
                if !their_stop.load(Ordering::SeqCst) {
                    lock(&their_slot).found = Some(found);
                }
            })
            .ok()?;
        Some(Finding(Arc::new(Job { stop, slot })))
    }

    /// The hits, once found: taken when no clone shares them, else copied.
    pub fn poll(&self) -> Found {
        let shared = Arc::strong_count(&self.0) > 1;
        let mut slot = lock(&self.0.slot);
        let found = match shared {
            true => slot.found.clone(),
            false => slot.found.take(),
        };
        match found {
            Some(found) => Found::Ready(found),
            None if slot.gone => Found::Lost,
            None => Found::Pending,
        }
    }
}

/// Marks the thread ended, however it ends (a panic too).
struct Ended<'a>(&'a Mutex<Slot>);

impl Drop for Ended<'_> {
    fn drop(&mut self) {
        lock(self.0).gone = true;
    }
}

impl Drop for Job {
    /// No session waits for the hits any more: the search stops.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

impl PartialEq for Finding {
    /// Not part of what a session shows: any two are equal.
    fn eq(&self, _: &Finding) -> bool {
        true
    }
}

impl Eq for Finding {}

impl std::fmt::Debug for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Finding")
    }
}
