//! Frames shared between writers: when two terminals show the same screen
//! and are to show the same next one (the viewers of a meeting, at one
//! size, following the same presenter), the bytes between them are the
//! same, and the second writer takes the first one's instead of painting
//! them again. This is what lets a presenter's move reach hundreds of
//! viewers quickly: each still renders its own frame (its own size,
//! script and state), but the writer's search for the fewest bytes (each
//! way, each painting order) is done once per distinct pair of screens.
//!
//! A frame is found by a fingerprint of the screen before (its grid, and
//! the cursor, pen, scroll region and margins the writer left), of the
//! screen wanted, of the scrolls the caller announced, and of the
//! terminal's capabilities and colour depth. The fingerprints are 64-bit
//! hashes of every slot (`crate::fx`, with MurmurHash3's finalizer): two
//! different screens could collide, with odds of about 2⁻⁶⁴ per pair.
//! Only frames whose painting leaves exactly the screen wanted are
//! shared (not, for instance, one with a cluster terminals draw at
//! different widths, which leaves cells unknown).

use std::collections::VecDeque;
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use super::grid::Grid;
use super::pen::Pen;
use super::{Scroll, State, Writer};
use crate::fx::Fx;

/// The frames kept: the latest this many (a few per size and script in a
/// meeting; a frame is a few kilobytes).
const KEPT: usize = 64;

/// What a frame leaves besides the screen: where a writer that takes it
/// stands afterwards.
#[derive(Debug)]
pub(super) struct Made {
    pub(super) bytes: Vec<u8>,
    pub(super) cursor: Option<(u16, u16)>,
    pub(super) pen: Option<Pen>,
    pub(super) region: Option<(u16, u16)>,
    pub(super) region_sure: bool,
    pub(super) lrmm: bool,
}

/// The frames writers share: give the same `Arc` to every writer that
/// may share (every session of a server).
#[derive(Debug, Default)]
pub struct SharedFrames {
    kept: Mutex<VecDeque<(u64, Arc<Made>)>>,
    taken: AtomicUsize,
}

impl SharedFrames {
    /// None kept yet.
    pub fn new() -> Arc<SharedFrames> {
        Arc::new(SharedFrames::default())
    }

    pub(super) fn get(&self, key: u64) -> Option<Arc<Made>> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let found = kept
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, made)| Arc::clone(made));
        if found.is_some() {
            self.taken.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    /// How many frames writers took from others so far.
    pub fn taken(&self) -> usize {
        self.taken.load(Ordering::Relaxed)
    }

    pub(super) fn put(&self, key: u64, made: Made) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() == KEPT {
            kept.pop_front();
        }
        kept.push_back((key, Arc::new(made)));
    }

    /// How many frames are kept (for tests).
    pub fn len(&self) -> usize {
        self.kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a writer does with the frames it shares.
impl Writer {
    /// Share frames with the other writers given `frames`: a frame from
    /// the same screen to the same screen, in a terminal with the same
    /// capabilities and depth, is painted once.
    pub fn share(&mut self, frames: Arc<SharedFrames>) {
        self.shared = Some(frames);
    }

    /// The fingerprint of a frame from what this writer knows of the
    /// terminal to the screen printed `target`, after `scrolls`.
    fn frame_print(&self, target: (u64, u16, u16), scrolls: &[Scroll]) -> u64 {
        let (print, width, height) = target;
        let before = self
            .state
            .as_ref()
            .filter(|s| s.grid.width == width && s.grid.height == height)
            .and_then(|s| {
                let grid = self.grid_print?;
                Some((grid, s.cursor, s.pen, s.region, s.region_sure, s.lrmm))
            });
        let scrolls: Vec<_> = scrolls
            .iter()
            .map(|s| (s.area.x, s.area.y, s.area.width, s.area.height, s.rows))
            .collect();
        fingerprint(&(
            before,
            self.state.is_some(),
            print,
            scrolls,
            self.caps.margins,
            self.lrmm,
            self.depth as u8,
        ))
    }

    /// The fingerprints of the screen wanted and of the frame to it, when
    /// this writer shares frames.
    pub(super) fn shared_key(&self, target: &Grid, scrolls: &[Scroll]) -> Option<(u64, u64)> {
        self.shared.as_ref()?;
        let print = target.fingerprint();
        Some((
            print,
            self.frame_print((print, target.width, target.height), scrolls),
        ))
    }

    /// The frame another writer made for `key`, if there is one: this
    /// writer then stands where that one did, showing `target`. Else
    /// `target` back.
    pub(super) fn take_shared(
        &mut self,
        key: Option<(u64, u64)>,
        target: Grid,
    ) -> Result<Vec<u8>, Grid> {
        let (Some(shared), Some((print, key))) = (&self.shared, key) else {
            return Err(target);
        };
        let Some(made) = shared.get(key) else {
            return Err(target);
        };
        self.lrmm |= made.lrmm;
        self.state = Some(State {
            grid: target,
            cursor: made.cursor,
            pen: made.pen,
            region: made.region,
            region_sure: made.region_sure,
            lrmm: made.lrmm,
        });
        self.grid_print = Some(print);
        Ok(made.bytes.clone())
    }

    /// Offer the frame this writer made (`out`, leaving `state`) to the
    /// others, when it leaves exactly the screen wanted.
    pub(super) fn offer_shared(
        &mut self,
        key: Option<(u64, u64)>,
        out: &[u8],
        state: &State,
        target: &Grid,
    ) {
        self.grid_print = None;
        let (Some(shared), Some((print, key))) = (&self.shared, key) else {
            return;
        };
        if !state.grid.identical(target) {
            return;
        }
        self.grid_print = Some(print);
        shared.put(
            key,
            Made {
                bytes: out.to_vec(),
                cursor: state.cursor,
                pen: state.pen,
                region: state.region,
                region_sure: state.region_sure,
                lrmm: state.lrmm,
            },
        );
    }
}

/// The fingerprint of anything hashable.
pub(super) fn fingerprint(of: &impl Hash) -> u64 {
    let mut h = Fx::default();
    of.hash(&mut h);
    h.finish_mixed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_apart_what_differs_by_a_bit_or_a_place() {
        let a = fingerprint(&("望花區", 1u16, 2u16));
        assert_eq!(a, fingerprint(&("望花區", 1u16, 2u16)));
        assert_ne!(a, fingerprint(&("望花区", 1u16, 2u16)));
        assert_ne!(a, fingerprint(&("望花區", 2u16, 1u16)));
        assert_ne!(fingerprint(&[0u8; 9]), fingerprint(&[0u8; 10]));
    }

    #[test]
    fn the_latest_frames_are_kept_and_the_oldest_let_go() {
        let frames = SharedFrames::new();
        let made = |n: u8| Made {
            bytes: vec![n],
            cursor: None,
            pen: None,
            region: None,
            region_sure: true,
            lrmm: false,
        };
        for key in 0..(KEPT as u64 + 10) {
            frames.put(key, made(key as u8));
        }
        assert_eq!(frames.len(), KEPT);
        assert!(frames.get(0).is_none());
        assert_eq!(
            frames.get(KEPT as u64 + 9).unwrap().bytes,
            vec![KEPT as u8 + 9]
        );
    }
}
