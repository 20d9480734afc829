//! Building a [`Store`]: texts pushed one after another, each character
//! folded once (a table by code point for the Basic Multilingual Plane),
//! the places written as symbols of the store's table and their origins
//! as runs, and the targets' summaries added up on the way.

use std::collections::HashMap;

use super::{bloom_bit, letter_bit, Readings, Run, Store, Summary, Symbol};
use crate::fx::FxBuild;

/// The fold of one character as written: its symbols (a range of
/// `Folds::syms`), and what they add to a target's summaries.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// A character search looks through (quotation marks, invisible
    /// ones): no symbol, and no part of the character before it.
    skip: bool,
    from: u32,
    len: u32,
    bloom: u64,
    letters: u32,
    all: u32,
}

/// The characters of the texts met so far, each folded once: most of
/// building an index is then one look-up per character, in a table by
/// code point for the Basic Multilingual Plane.
#[derive(Debug, Default)]
struct Folds {
    /// Code point → 1 + its entry (0: not met yet).
    bmp: Vec<u32>,
    astral: HashMap<char, u32, FxBuild>,
    entries: Vec<Entry>,
    syms: Vec<u32>,
    /// (folded character, readings) → symbol.
    interned: HashMap<(char, u16), u32, FxBuild>,
}

/// Characters between two calls of a build's progress callback.
pub const TICK_CHARS: usize = 1 << 16;

/// Builds a [`Store`]: texts pushed one after another.
#[derive(Debug, Default)]
pub struct StoreBuilder {
    store: Store,
    folds: Folds,
    buf: Vec<char>,
}

impl StoreBuilder {
    /// A builder with room for about `chars` folded characters of
    /// `targets` targets.
    pub fn with_capacity(chars: usize, targets: usize) -> StoreBuilder {
        let mut b = StoreBuilder::default();
        b.store.syms.reserve_exact(chars);
        b.store.runs.reserve(targets);
        b
    }

    /// The entry of `c`, folding it the first time.
    #[inline]
    fn entry(&mut self, c: char, readings: &mut Readings) -> Entry {
        let code = c as usize;
        let known = if code < 0x1_0000 {
            self.folds.bmp.get(code).copied().unwrap_or(0)
        } else {
            self.folds.astral.get(&c).copied().unwrap_or(0)
        };
        match known
            .checked_sub(1)
            .and_then(|k| self.folds.entries.get(k as usize))
        {
            Some(e) => *e,
            None => self.fold_entry(c, readings),
        }
    }

    /// Fold `c`, met for the first time, and remember its entry.
    #[cold]
    fn fold_entry(&mut self, c: char, readings: &mut Readings) -> Entry {
        let code = c as usize;
        let skip = crate::search::fold::quote(c) || crate::search::fold::ignorable(c);
        self.buf.clear();
        if !skip {
            crate::search::fold::fold_char(c, &mut self.buf);
        }
        let from = self.folds.syms.len() as u32;
        let (mut bloom, mut letters, mut all) = (0, 0, 0);
        for &f in &self.buf {
            let set = if f.is_ascii() {
                0
            } else {
                readings.set_of(c, f)
            };
            let firsts = readings.firsts(set) | letter_bit(f);
            bloom |= bloom_bit(f);
            letters |= firsts;
            all |= letter_bit(f) | readings.all.get(usize::from(set)).copied().unwrap_or(0);
            let next = self.store.table.len() as u32;
            let sym = *self.folds.interned.entry((f, set)).or_insert(next);
            if sym == next {
                self.store.table.push(Symbol { c: f, set, firsts });
            }
            self.folds.syms.push(sym);
        }
        let e = Entry {
            skip,
            from,
            len: self.folds.syms.len() as u32 - from,
            bloom,
            letters,
            all,
        };
        let k = self.folds.entries.len() as u32 + 1;
        self.folds.entries.push(e);
        if code < 0x1_0000 {
            if self.folds.bmp.is_empty() {
                self.folds.bmp = vec![0; 0x1_0000];
            }
            if let Some(slot) = self.folds.bmp.get_mut(code) {
                *slot = k;
            }
        } else {
            self.folds.astral.insert(c, k);
        }
        e
    }

    /// Add one target's text, leaving out its characters in `skip`
    /// (character ranges of the text, ascending, such as footnote
    /// markers) and its quotation marks: a phrase reads through them. A
    /// character that folds to nothing (an accent) belongs to the one
    /// before it. `tick` hears of every [`TICK_CHARS`] characters (and
    /// may stop the build). Its summary says where the keys are.
    pub fn push<E>(
        &mut self,
        text: &str,
        skip: &[std::ops::Range<usize>],
        readings: &mut Readings,
        tick: &mut dyn FnMut(usize) -> Result<(), E>,
    ) -> Result<Summary, E> {
        let start = self.store.syms.len() as u32;
        let runs = self.store.runs.len() as u32;
        let (mut bloom, mut letters, mut all_letters) = (0u64, 0u32, 0u32);
        // The origin the next folded character needs to extend the last
        // run (None: it starts a run of its own).
        let mut expect: Option<u32> = None;
        let mut skips = skip.iter().peekable();
        let mut count = 0;
        for (i, c) in text.chars().enumerate() {
            count = i + 1;
            if count % TICK_CHARS == 0 {
                tick(TICK_CHARS)?;
            }
            if !skip.is_empty() {
                while skips.next_if(|r| r.end <= i).is_some() {}
                if skips.peek().is_some_and(|r| r.start <= i) {
                    continue;
                }
            }
            let e = self.entry(c, readings);
            if e.skip {
                continue;
            }
            let i = i as u32;
            if e.len == 0 {
                // An accent: part of the folded character before it.
                let last = self.store.syms.len() as u32;
                if last > start {
                    let at = last - 1;
                    match self.store.runs.last_mut() {
                        Some(r) if r.at == at => r.end = i + 1,
                        Some(r) => {
                            let from = r.start + (at - r.at);
                            self.store.runs.push(Run {
                                at,
                                start: from,
                                end: i + 1,
                            });
                        }
                        None => {}
                    }
                    expect = None;
                }
                continue;
            }
            bloom |= e.bloom;
            letters |= e.letters;
            all_letters |= e.all;
            let (from, len) = (e.from as usize, e.len as usize);
            for &sym in self.folds.syms.get(from..from + len).unwrap_or(&[]) {
                if expect != Some(i) {
                    self.store.runs.push(Run {
                        at: self.store.syms.len() as u32,
                        start: i,
                        end: 0,
                    });
                }
                expect = Some(i + 1);
                self.store.syms.push(sym);
            }
        }
        tick(count % TICK_CHARS)?;
        Ok(Summary {
            start,
            end: self.store.syms.len() as u32,
            runs,
            bloom,
            letters,
            all_letters,
        })
    }

    /// The store built.
    pub fn finish(self) -> Store {
        let mut store = self.store;
        store.shrink();
        store
    }
}
