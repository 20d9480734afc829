//! The palette's searches off the input thread, on a large report: one
//! thread per open palette runs the newest query asked of it. A newer
//! query stops the search running (its stop flag, read inside the
//! search's passes) and only the newest query's answer is handed back;
//! the thread ends when the palette closes (the worker is dropped).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use crate::data::ReportData;
use crate::search::{Hit, Index};

/// A query's best hits and how many there are in all.
pub type Answer = (Vec<Hit>, usize);

/// What became of the last query asked.
#[derive(Debug, PartialEq, Eq)]
pub enum Poll {
    /// Its answer (handed over once).
    Ready(Answer),
    /// Still searched.
    Pending,
    /// Nothing was asked of this worker (a cloned palette's).
    Idle,
    /// Its thread ended in a panic: no answer will come.
    Lost,
}

/// A palette's search thread, started by the first query asked: cheap to
/// hold while none is (a small report's palette never starts one).
#[derive(Default)]
pub struct Worker {
    shared: Option<Arc<Shared>>,
    /// The number of the last query asked.
    asked: u64,
}

struct Shared {
    slot: Mutex<Slot>,
    /// Told when a query is asked or the palette closes.
    wake: Condvar,
}

#[derive(Default)]
struct Slot {
    /// The newest query asked and its number, until the thread takes it.
    asked: Option<(u64, String)>,
    /// The stop flag of the search running.
    running: Option<Arc<AtomicBool>>,
    /// The last search finished, with its query's number.
    done: Option<(u64, Answer)>,
    /// The palette closed: the thread ends.
    closed: bool,
    /// The thread has ended.
    gone: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Slot> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Worker {
    /// Search `query` (its best `limit` hits) on this worker's thread,
    /// started here if there is none, stopping the search running: at most
    /// one runs at a time. False when no thread could be started (the
    /// caller searches itself).
    pub fn ask(
        &mut self,
        data: &Arc<ReportData>,
        index: &Arc<Index>,
        query: &str,
        limit: usize,
    ) -> bool {
        if self.shared.as_ref().is_some_and(|s| s.lock().gone) {
            self.shared = None;
        }
        let shared = match &self.shared {
            Some(shared) => shared.clone(),
            None => match spawn(data, index, limit) {
                Some(shared) => {
                    self.shared = Some(shared.clone());
                    shared
                }
                None => return false,
            },
        };
        self.asked += 1;
        let mut slot = shared.lock();
        if let Some(stop) = &slot.running {
            stop.store(true, Ordering::SeqCst);
        }
        slot.asked = Some((self.asked, query.to_string()));
        slot.done = None;
        shared.wake.notify_one();
        true
    }

    /// The answer to the last query asked, if it is there.
    pub fn poll(&mut self) -> Poll {
        let Some(shared) = &self.shared else {
            return Poll::Idle;
        };
        let mut slot = shared.lock();
        match slot.done.take() {
            Some((n, answer)) if n == self.asked => Poll::Ready(answer),
            _ if slot.gone => Poll::Lost,
            _ => Poll::Pending,
        }
    }

    /// Stop the search running, if any, and forget what was asked (the
    /// caller answers the query itself); the thread waits for the next.
    pub fn stop(&mut self) {
        let Some(shared) = &self.shared else { return };
        self.asked += 1;
        let mut slot = shared.lock();
        if let Some(stop) = &slot.running {
            stop.store(true, Ordering::SeqCst);
        }
        slot.asked = None;
        slot.done = None;
    }
}

impl Drop for Worker {
    /// The palette closed: the search running stops and the thread ends,
    /// without waiting for either.
    fn drop(&mut self) {
        let Some(shared) = &self.shared else { return };
        let mut slot = shared.lock();
        slot.closed = true;
        slot.asked = None;
        if let Some(stop) = &slot.running {
            stop.store(true, Ordering::SeqCst);
        }
        shared.wake.notify_all();
    }
}

impl Clone for Worker {
    /// A cloned session's palette starts its own thread when it asks: a
    /// copy has none (its palette asks again on its next tick).
    fn clone(&self) -> Worker {
        Worker::default()
    }
}

impl PartialEq for Worker {
    /// Workers are not part of what a palette shows: any two are equal.
    fn eq(&self, _: &Worker) -> bool {
        true
    }
}

impl Eq for Worker {}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = if self.shared.is_some() {
            "thread"
        } else {
            "idle"
        };
        write!(f, "Worker({state}, asked {})", self.asked)
    }
}

/// Start a thread that searches the queries asked through the slot it
/// shares with the worker.
fn spawn(data: &Arc<ReportData>, index: &Arc<Index>, limit: usize) -> Option<Arc<Shared>> {
    let shared = Arc::new(Shared {
        slot: Mutex::new(Slot::default()),
        wake: Condvar::new(),
    });
    let (theirs, index) = (shared.clone(), index.clone());
    data.count_search_thread(true);
    let counted = data.clone();
    let spawned = std::thread::Builder::new()
        .name("palette-search".into())
        .spawn(move || {
            let _ended = Ended {
                shared: &theirs,
                data: &counted,
            };
            serve(&theirs, &index, limit);
        });
    if spawned.is_err() {
        data.count_search_thread(false);
        return None;
    }
    Some(shared)
}

/// Marks the thread ended, however it ends (a panic too).
struct Ended<'a> {
    shared: &'a Shared,
    data: &'a ReportData,
}

impl Drop for Ended<'_> {
    fn drop(&mut self) {
        let mut slot = self.shared.lock();
        slot.gone = true;
        slot.running = None;
        drop(slot);
        self.data.count_search_thread(false);
    }
}

/// The thread: search each query asked, newest only, until the palette
/// closes. A stopped search gives no answer.
fn serve(shared: &Shared, index: &Index, limit: usize) {
    loop {
        let (n, query, stop) = {
            let mut slot = shared.lock();
            let (n, query) = loop {
                if slot.closed {
                    return;
                }
                if let Some(asked) = slot.asked.take() {
                    break asked;
                }
                slot = shared
                    .wake
                    .wait(slot)
                    .unwrap_or_else(PoisonError::into_inner);
            };
            let stop = Arc::new(AtomicBool::new(false));
            slot.running = Some(stop.clone());
            (n, query, stop)
        };
        let answer = index.search_until(&query, limit, &stop);
        let mut slot = shared.lock();
        slot.running = None;
        if let Ok(answer) = answer {
            slot.done = Some((n, answer));
        }
    }
}
