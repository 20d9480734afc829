//! The search index built off the input thread: one build for every
//! session that asks, its progress, the claims of the sessions waiting for
//! it, and the flag that stops it when none waits any more.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use super::{ReportData, INLINE_INDEX_CHARS};
use crate::search::Index;

/// A build of the search index stopped because no session waits for it.
#[derive(Debug)]
pub(super) struct Stopped;

/// The search index's build: whether one runs and how many sessions wait
/// for it, its progress, and the flag that asks it to stop.
#[derive(Debug, Default)]
pub(super) struct IndexBuild {
    state: Mutex<BuildState>,
    /// Told when a build is over.
    done: Condvar,
    /// How far the build has come, in thousandths.
    progress: AtomicU32,
    /// Set when the last waiting session stops waiting; the build checks it
    /// every 65,536 characters or so.
    cancel: AtomicBool,
    started: AtomicUsize,
}

#[derive(Debug, Default)]
struct BuildState {
    running: bool,
    /// Sessions (and threads) waiting for the index.
    waiting: usize,
}

impl IndexBuild {
    fn lock(&self) -> std::sync::MutexGuard<'_, BuildState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Marks a build over when dropped (at its end, or in a panic), unless
/// it said so itself when it stopped (`released`: a later build may be
/// running by then).
struct Over<'a> {
    build: &'a IndexBuild,
    released: &'a Cell<bool>,
}

impl Drop for Over<'_> {
    fn drop(&mut self) {
        if !self.released.get() {
            self.build.lock().running = false;
        }
        self.build.done.notify_all();
    }
}

/// A session's claim on the search index while it waits for the build:
/// cloned with the session, dropped when the session no longer waits (the
/// index is there, the palette closed, the session ended). When the last
/// claim goes before the index is built, the build stops.
pub struct IndexWait {
    data: Arc<ReportData>,
}

impl Clone for IndexWait {
    fn clone(&self) -> IndexWait {
        self.data.build.lock().waiting += 1;
        IndexWait {
            data: self.data.clone(),
        }
    }
}

impl Drop for IndexWait {
    fn drop(&mut self) {
        let build = &self.data.build;
        let mut state = build.lock();
        state.waiting = state.waiting.saturating_sub(1);
        if state.waiting == 0 && state.running {
            build.cancel.store(true, Ordering::SeqCst);
        }
    }
}

impl PartialEq for IndexWait {
    fn eq(&self, other: &IndexWait) -> bool {
        Arc::ptr_eq(&self.data, &other.data)
    }
}

impl Eq for IndexWait {}

impl std::fmt::Debug for IndexWait {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IndexWait({}%)", self.data.index_percent())
    }
}

impl ReportData {
    /// The search index, built here if no thread is building it, else
    /// when that build is done (for the commands, the tests and the
    /// benchmarks; a session asks with [`ReportData::request_index`]
    /// instead, and never waits).
    pub fn index(&self) -> &Arc<Index> {
        loop {
            if let Some(index) = self.index.get() {
                return index;
            }
            let mut state = self.build.lock();
            if state.running {
                // Wait for that build; as a waiter, it is not cancelled.
                state.waiting += 1;
                self.build.cancel.store(false, Ordering::SeqCst);
                while state.running {
                    state = self
                        .build
                        .done
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                state.waiting -= 1;
                continue;
            }
            state.running = true;
            state.waiting += 1;
            drop(state);
            self.build.started.fetch_add(1, Ordering::SeqCst);
            self.run_build();
            self.build.lock().waiting -= 1;
        }
    }

    /// Ask for the search index without waiting for it: None when it is
    /// built (or small enough to be built here at once, below
    /// [`INLINE_INDEX_CHARS`]); else a ticket that says this session waits for it, and a
    /// build on a thread of its own unless one is running (one build for
    /// every session). When the last ticket is dropped before the index is
    /// there, the build stops; the next request starts it again.
    pub fn request_index(self: &Arc<Self>) -> Option<IndexWait> {
        if self.index_built() {
            return None;
        }
        if self.chars < INLINE_INDEX_CHARS {
            // Less than a frame's work: built at once.
            self.index();
            return None;
        }
        let mut state = self.build.lock();
        state.waiting += 1;
        self.build.cancel.store(false, Ordering::SeqCst);
        let wait = IndexWait { data: self.clone() };
        if state.running || self.index_built() {
            return Some(wait);
        }
        state.running = true;
        drop(state);
        self.build.started.fetch_add(1, Ordering::SeqCst);
        let data = self.clone();
        let spawned = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || data.run_build());
        if spawned.is_err() {
            // No thread to be had: built here, as the commands do.
            self.run_build();
        }
        Some(wait)
    }

    /// How far the search index's build has come, in percent (100 once it
    /// is built).
    pub fn index_percent(&self) -> u32 {
        if self.index_built() {
            return 100;
        }
        (self.build.progress.load(Ordering::Relaxed) / 10).min(99)
    }

    /// Whether a build of the search index is running.
    pub fn index_building(&self) -> bool {
        self.build.lock().running
    }

    /// How many builds of the search index have started (finished,
    /// stopped or running): one, however many sessions asked.
    pub fn index_builds(&self) -> usize {
        self.build.started.load(Ordering::SeqCst)
    }

    /// Build the index (the caller has marked a build as running), telling
    /// its progress; stop when no session waits for it any more.
    fn run_build(&self) {
        self.build.progress.store(0, Ordering::Relaxed);
        // Whatever happens, even a panic, the build is over at the end.
        let released = Cell::new(false);
        let _over = Over {
            build: &self.build,
            released: &released,
        };
        let built = Index::build(&self.written.doc, self.quantities(), &mut |permille| {
            self.build.progress.store(permille, Ordering::Relaxed);
            if !self.build.cancel.load(Ordering::SeqCst) {
                return Ok(());
            }
            // Decided with the lock held: a session that asks again at
            // this moment either keeps this build or starts the next.
            let mut state = self.build.lock();
            if state.waiting > 0 {
                self.build.cancel.store(false, Ordering::SeqCst);
                return Ok(());
            }
            state.running = false;
            released.set(true);
            Err(Stopped)
        });
        if let Ok(index) = built {
            let _ = self.index.set(Arc::new(index));
        }
    }
}
