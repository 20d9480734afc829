//! How matches rank and which count: the score of a match, one hit per
//! place, the characters a hit marks, and the pass over the postings (on
//! every core for a large library).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;

use super::query::{Match, Query};
use super::{stop_at, Index, Kind, Scored, Target, PARALLEL_FROM, PHRASE_BONUS};
use crate::fx::FxBuild;

impl Index {
    /// One hit per place: a quantity and the sentence holding it match the
    /// same characters of the same block; the better one stays (and the
    /// target of an outline position is not listed twice). Only a quantity
    /// can share its place with another target (the others do not
    /// overlap), so only blocks with a quantity hit are looked at. Once
    /// `stop` is set, it returns nothing.
    pub(super) fn distinct(
        &self,
        mut scored: Vec<Scored>,
        skip: Option<usize>,
        stop: &AtomicBool,
    ) -> Vec<Scored> {
        let rank = |(s, i, _): &Scored| (std::cmp::Reverse(*s), self.targets[*i as usize].kind, *i);
        let place = |(_, i, ends): &Scored| -> Option<(usize, u32, u32)> {
            let t = &self.targets[*i as usize];
            let keys = self.store.view(&t.keys);
            let (a, b) = (*ends)?;
            let (a, b) = (a as usize, b as usize);
            let start = t.chars.start as u32;
            Some((t.block, start + keys.origin(a).0, start + keys.origin(b).1))
        };
        // Decided in place (a single letter can have tens of thousands of
        // hits): which hits go, marked, then removed in one pass.
        let mut drop = vec![false; scored.len()];
        // Each quantity hit's place → its hit (a later one at the same
        // place replaces an earlier).
        let mut figures: HashMap<(usize, u32, u32), usize, FxBuild> = HashMap::default();
        for (n, hit) in scored.iter().enumerate() {
            if stop_at(stop, n) {
                return Vec::new();
            }
            if Some(hit.1 as usize) == skip {
                drop[n] = true;
                continue;
            }
            if self.targets[hit.1 as usize].kind != Kind::Figure {
                continue;
            }
            if let Some(key) = place(hit) {
                if let Some(before) = figures.insert(key, n) {
                    drop[before] = true;
                }
            }
        }
        let blocks: HashSet<usize, FxBuild> = figures.keys().map(|k| k.0).collect();
        for (n, hit) in scored.iter().enumerate() {
            if stop_at(stop, n) {
                return Vec::new();
            }
            if drop[n]
                || (self.targets[hit.1 as usize].kind == Kind::Figure && place(hit).is_some())
                || !blocks.contains(&self.targets[hit.1 as usize].block)
            {
                continue;
            }
            // The first other hit at a quantity's place meets it; the
            // better of the two stays.
            let Some((_, f)) = place(hit).and_then(|key| figures.remove_entry(&key)) else {
                continue;
            };
            if rank(&scored[f]) < rank(hit) {
                drop[n] = true;
            } else {
                drop[f] = true;
            }
        }
        let mut n = 0;
        scored.retain(|_| {
            n += 1;
            !drop[n - 1]
        });
        scored
    }

    /// Target `i`'s match again, as the pass over the postings made it:
    /// its driver term tried from the places of `starts` in the target.
    pub(super) fn rematch(
        &self,
        query: &Query,
        driver: usize,
        starts: &[u32],
        i: usize,
        stop: &AtomicBool,
    ) -> Option<Match> {
        let begin = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        let end = *self.ends.get(i)?;
        let from = starts.partition_point(|&p| p < begin);
        let to = starts.partition_point(|&p| p < end);
        let keys = self.store.view(&self.targets[i].keys);
        query.match_at(&keys, &self.readings, driver, &starts[from..to], stop)
    }

    /// The characters of target `i` that a match took, as written (a
    /// character folded away, such as an accent, goes with its letter).
    pub(super) fn matched_chars(&self, i: usize, m: &Match) -> Vec<usize> {
        let keys = self.store.view(&self.targets[i].keys);
        let mut out: Vec<usize> = m
            .positions
            .iter()
            .flat_map(|&p| {
                let (a, b) = keys.origin(p);
                a as usize..b as usize
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The score of a match: every term contiguous first; then more units
    /// and whole ones (characters, syllables) over initials, fewer gaps, a
    /// match at the target's start or covering it; then the kind of target
    /// and its length.
    pub(super) fn score(&self, t: &Target, m: &Match) -> i64 {
        let mut s = if m.contiguous { PHRASE_BONUS } else { 0 };
        let partial = m.units.saturating_sub(m.whole) as i64;
        s += 30 * m.whole as i64 - 10 * partial - 10 * m.gaps as i64 - 20 * m.rare as i64;
        if m.at_start {
            s += 15;
        }
        if m.positions.len() == t.keys.len() {
            s += 40;
        }
        // Long targets pay a little: on a tie the shorter one wins.
        s + t.kind.bonus() - (t.chars.len() as i64 / 20).min(20)
    }

    /// Every target that matches, with its score and match. Only the
    /// targets where the query's rarest first token can start are tried,
    /// from those places (on every core for a large library). Once `stop`
    /// is set, it returns what it has (the caller throws it away).
    pub(super) fn score_pass(&self, query: &Query, stop: &AtomicBool) -> Vec<Scored> {
        let Some((driver, starts)) = query.driver(&self.postings) else {
            return Vec::new();
        };
        let run = |part: &[u32]| -> Vec<Scored> {
            self.groups(part)
                .enumerate()
                .take_while(|&(n, _)| !stop_at(stop, n))
                .filter_map(|(_, (i, js))| {
                    let t = &self.targets[i];
                    let keys = self.store.view(&t.keys);
                    let m = query.match_at(&keys, &self.readings, driver, js, stop)?;
                    let ends = m.positions.first().zip(m.positions.last());
                    // Store places and target indices are u32 (the postings).
                    let ends = ends.map(|(a, b)| (*a as u32, *b as u32));
                    Some((self.score(t, &m), i as u32, ends))
                })
                .collect()
        };
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .min(8);
        if starts.len() < PARALLEL_FROM || threads < 2 {
            return run(&starts);
        }
        // One part of the places per thread, each ending where a target
        // does, so that no target is tried in two parts.
        let mut parts = Vec::with_capacity(threads);
        let mut rest: &[u32] = &starts;
        for k in (1..=threads).rev() {
            let mut cut = rest.len().div_ceil(k).min(rest.len());
            if let Some(&at) = rest.get(cut.saturating_sub(1)) {
                let t = self.ends.partition_point(|&e| e <= at);
                let end = self.ends.get(t).copied().unwrap_or(u32::MAX);
                cut = rest.partition_point(|&p| p < end);
            }
            let (part, after) = rest.split_at(cut);
            parts.push(part);
            rest = after;
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = parts
                .into_iter()
                .map(|part| scope.spawn(move || run(part)))
                .collect();
            // A thread that panicked gives nothing rather than a crash.
            let mut all: Vec<Scored> = Vec::new();
            for h in handles {
                all.append(&mut h.join().unwrap_or_default());
            }
            all
        })
    }

    /// The places of `starts` (ascending), one group (a slice) per target:
    /// the targets hold the store's places in order, so each group's
    /// target is found from the last one on, galloping (hits are often
    /// near).
    fn groups<'s>(&'s self, starts: &'s [u32]) -> impl Iterator<Item = (usize, &'s [u32])> + 's {
        let mut rest = starts;
        let mut t = 0;
        std::iter::from_fn(move || {
            let &at = rest.first()?;
            let ends = self.ends.get(t..).unwrap_or(&[]);
            let mut reach = 1;
            while ends.get(reach).is_some_and(|&e| e <= at) {
                reach *= 2;
            }
            t += ends
                .get(..reach)
                .unwrap_or(ends)
                .partition_point(|&e| e <= at);
            let &end = self.ends.get(t)?;
            let len = rest.partition_point(|&p| p < end);
            let (group, after) = rest.split_at(len.max(1));
            rest = after;
            Some((t, group))
        })
    }
}
