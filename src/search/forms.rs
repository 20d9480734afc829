//! What a target is matched as: its folded characters (see `fold.rs`), each
//! with the original characters it came from and, for a hanzi, every
//! pinyin reading it has (heteronyms included: 行 is both xing and hang),
//! plus two small summaries that let a query skip a target at once.

use std::collections::{HashMap, HashSet};

use pinyin::ToPinyinMulti;

use super::fx::FxBuild;

/// The pinyin readings of the characters of an index, interned: many
/// characters share a set. Set 0 is "no reading".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readings {
    /// Each set's readings, as ASCII bytes.
    sets: Vec<Vec<Box<[u8]>>>,
    /// Each set's first letters, as a mask of [`letter_bit`]s.
    firsts: Vec<u32>,
    /// Each set's letters, all of them.
    all: Vec<u32>,
    /// Each set's longest reading, in letters.
    longest: Vec<usize>,
    by_char: HashMap<char, u16, FxBuild>,
    /// Every reading of the index, to tell whether typed letters can be
    /// read as whole syllables.
    syllables: HashSet<Box<[u8]>>,
}

impl Default for Readings {
    fn default() -> Readings {
        Readings {
            sets: vec![Vec::new()],
            firsts: vec![0],
            all: vec![0],
            longest: vec![0],
            by_char: HashMap::default(),
            syllables: HashSet::new(),
        }
    }
}

/// A reading as people type it: plain ASCII letters, ü as v (a query's
/// `u` matches it too).
fn typed(reading: &str) -> Box<[u8]> {
    reading
        .chars()
        .map(|c| match c {
            'ü' => 'v',
            c => c,
        })
        .filter(char::is_ascii_lowercase)
        .map(|c| c as u8)
        .collect()
}

impl Readings {
    /// The set of readings of `written` (the character as written) and
    /// `folded` (its simplified form), interned.
    pub fn set_of(&mut self, written: char, folded: char) -> u16 {
        if let Some(&id) = self.by_char.get(&written) {
            return id;
        }
        let mut set: Vec<Box<[u8]>> = Vec::new();
        for c in [written, folded] {
            for p in c.to_pinyin_multi().into_iter().flatten() {
                let r = typed(p.plain());
                if !r.is_empty() && !set.contains(&r) {
                    set.push(r);
                }
            }
        }
        let id = if set.is_empty() {
            0
        } else if let Some(i) = self.sets.iter().position(|s| *s == set) {
            i as u16
        } else if self.sets.len() < usize::from(u16::MAX) {
            let mask = |r: &[u8]| r.iter().fold(0, |m, &b| m | letter_bit(char::from(b)));
            self.firsts
                .push(set.iter().fold(0, |m, r| m | mask(&r[..1])));
            self.all.push(set.iter().fold(0, |m, r| m | mask(r)));
            self.longest
                .push(set.iter().map(|r| r.len()).max().unwrap_or(0));
            self.syllables.extend(set.iter().cloned());
            self.sets.push(set);
            (self.sets.len() - 1) as u16
        } else {
            0
        };
        self.by_char.insert(written, id);
        id
    }

    /// The readings of a set.
    pub fn get(&self, id: u16) -> &[Box<[u8]>] {
        self.sets.get(usize::from(id)).map_or(&[], |s| s.as_slice())
    }

    /// The first letters of a set's readings (a mask of [`letter_bit`]s).
    pub fn firsts(&self, id: u16) -> u32 {
        self.firsts.get(usize::from(id)).copied().unwrap_or(0)
    }

    /// The length of a set's longest reading (0 for none).
    pub fn longest(&self, id: u16) -> usize {
        self.longest.get(usize::from(id)).copied().unwrap_or(0)
    }

    /// Whether `letters` read as whole syllables of this index, one after
    /// another (`xinzhi` does, `zsyz` does not).
    pub fn whole_syllables(&self, letters: &[u8]) -> bool {
        // can[i]: the first i letters split into syllables.
        let mut can = vec![false; letters.len() + 1];
        can[0] = true;
        for i in 0..letters.len() {
            if !can[i] {
                continue;
            }
            for len in 1..=6.min(letters.len() - i) {
                if self.syllables.contains(&letters[i..i + len]) {
                    can[i + len] = true;
                }
            }
        }
        can[letters.len()]
    }
}

/// One distinct folded character with its readings: what a place of the
/// store holds (as a number into the store's table of symbols).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbol {
    /// The folded character.
    pub c: char,
    /// Its set of readings (0: none).
    pub set: u16,
    /// The letters a pinyin or Latin piece may start with here (a mask of
    /// [`letter_bit`]s): the readings' first letters, and the character's
    /// own letter.
    pub firsts: u32,
}

/// Where a run of folded characters came from: folded character `at` (of
/// the whole store) and those after it, up to the next run, stand for
/// characters `start`, `start + 1`… of their target's text, one each; a
/// run with an `end` is one folded character standing for `start..end`
/// (a letter and its accents). Every target starts a run of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    at: u32,
    start: u32,
    end: u32,
}

/// A view of one target's keys: its places in the store (each a symbol),
/// and its summaries.
#[derive(Debug, Clone, Copy)]
pub struct KeysRef<'a> {
    syms: &'a [u32],
    table: &'a [Symbol],
    /// The store's runs from this target's first, and where this target
    /// starts.
    runs: &'a [Run],
    base: u32,
    pub bloom: u64,
    pub letters: u32,
    pub all_letters: u32,
}

/// The symbol of a character that is not there: matches nothing.
const NOTHING: Symbol = Symbol {
    c: '\0',
    set: 0,
    firsts: 0,
};

impl<'a> KeysRef<'a> {
    /// Folded characters in the target.
    pub fn len(&self) -> usize {
        self.syms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.syms.is_empty()
    }

    /// Where the target starts in the store (its first folded character).
    pub fn base(&self) -> u32 {
        self.base
    }

    fn symbol(&self, j: usize) -> &'a Symbol {
        self.syms
            .get(j)
            .and_then(|&s| self.table.get(s as usize))
            .unwrap_or(&NOTHING)
    }

    /// The folded character at `j`.
    pub fn char_at(&self, j: usize) -> char {
        self.symbol(j).c
    }

    /// The set of readings at `j` (0: none).
    pub fn set_at(&self, j: usize) -> u16 {
        self.symbol(j).set
    }

    /// The letters a piece may start with at `j` (0 past the end).
    pub fn firsts_at(&self, j: usize) -> u32 {
        self.symbol(j).firsts
    }

    /// Whether the folded characters from `j` are `word`.
    pub fn chars_are(&self, j: usize, word: &[char]) -> bool {
        j + word.len() <= self.len()
            && word
                .iter()
                .enumerate()
                .all(|(n, &c)| self.char_at(j + n) == c)
    }

    /// The range of the target's characters (as written) that folded
    /// character `j` stands for.
    pub fn origin(&self, j: usize) -> (u32, u32) {
        let at = self.base.saturating_add(j as u32);
        // The target's runs come first: most targets have one or two.
        let mut reach = 1;
        while self.runs.get(reach).is_some_and(|r| r.at <= at) {
            reach *= 2;
        }
        let within = self.runs.get(..reach).unwrap_or(self.runs);
        let k = within.partition_point(|r| r.at <= at);
        let Some(r) = k.checked_sub(1).and_then(|k| self.runs.get(k)) else {
            return (0, 0);
        };
        let start = r.start + (at - r.at);
        (start, if r.end != 0 { r.end } else { start + 1 })
    }
}

/// Where a target's keys stand in the store, and its summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub start: u32,
    pub end: u32,
    /// The target's first run of origins.
    runs: u32,
    pub bloom: u64,
    pub letters: u32,
    pub all_letters: u32,
}

impl Summary {
    /// Folded characters in the target.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// Every target's keys, one after another in target order, so that a query
/// walking the targets in order reads memory in order: one number (a
/// symbol) per folded character, four bytes, and the origins as runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Store {
    syms: Vec<u32>,
    table: Vec<Symbol>,
    runs: Vec<Run>,
}

impl Store {
    /// The keys of the target summarised by `s`.
    pub fn view(&self, s: &Summary) -> KeysRef<'_> {
        let r = s.start as usize..s.end as usize;
        KeysRef {
            syms: self.syms.get(r).unwrap_or(&[]),
            table: &self.table,
            runs: self.runs.get(s.runs as usize..).unwrap_or(&[]),
            base: s.start,
            bloom: s.bloom,
            letters: s.letters,
            all_letters: s.all_letters,
        }
    }

    /// Folded characters in all.
    pub fn len(&self) -> usize {
        self.syms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.syms.is_empty()
    }

    /// Every place's symbol, in order.
    pub fn syms(&self) -> &[u32] {
        &self.syms
    }

    /// The table of symbols.
    pub fn table(&self) -> &[Symbol] {
        &self.table
    }

    /// Give back what the vectors hold beyond their length.
    pub fn shrink(&mut self) {
        self.syms.shrink_to_fit();
        self.table.shrink_to_fit();
        self.runs.shrink_to_fit();
    }
}

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
        let skip = super::fold::quote(c) || super::fold::ignorable(c);
        self.buf.clear();
        if !skip {
            super::fold::fold_char(c, &mut self.buf);
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

/// The bloom bit of a folded character.
pub fn bloom_bit(c: char) -> u64 {
    1 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
}

/// The bit of a letter in [`Summary::letters`]. `v` (ü) shares `u`'s bit:
/// a typed `u` may be either, so the summaries keep them together.
pub fn letter_bit(c: char) -> u32 {
    let c = if c == 'v' { 'u' } else { c };
    if c.is_ascii_lowercase() {
        1 << (c as u32 - 'a' as u32)
    } else {
        0
    }
}

/// The keys of one text on their own (a store of one target), for tests
/// of the matcher.
#[cfg(test)]
#[derive(Debug)]
pub struct Keys {
    store: Store,
    summary: Summary,
}

#[cfg(test)]
impl Keys {
    pub fn new(text: &str, readings: &mut Readings) -> Keys {
        let mut b = StoreBuilder::default();
        let Ok(summary) = b.push(text, &[], readings, &mut |_| {
            Ok::<(), std::convert::Infallible>(())
        });
        Keys {
            store: b.finish(),
            summary,
        }
    }

    /// A view of these keys.
    pub fn view(&self) -> KeysRef<'_> {
        self.store.view(&self.summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_include_heteronyms_and_fold_u_umlaut() {
        let mut r = Readings::default();
        let keys = Keys::new("行綠色", &mut r);
        let k = keys.view();
        let xing = r.get(k.set_at(0));
        assert!(xing.iter().any(|s| &**s == b"xing"), "{xing:?}");
        assert!(xing.iter().any(|s| &**s == b"hang"), "{xing:?}");
        let lu = r.get(k.set_at(1));
        assert!(lu.iter().any(|s| &**s == b"lv"), "{lu:?}");
        assert!(r.whole_syllables(b"xinglu"));
        assert!(!r.whole_syllables(b"xgl"));
        assert_eq!(k.letters & letter_bit('x'), letter_bit('x'));
        assert_eq!(k.letters & letter_bit('q'), 0);
    }

    #[test]
    fn digits_and_latin_stay_as_written_in_chinese_text() {
        let mut r = Readings::default();
        let keys = Keys::new("PM2.5濃度", &mut r);
        let k = keys.view();
        let s: String = (0..k.len()).map(|j| k.char_at(j)).collect();
        assert_eq!(s, "pm2.5浓度");
        assert_eq!(k.set_at(0), 0);
        assert_ne!(k.set_at(5), 0);
    }

    #[test]
    fn the_store_keeps_what_the_fold_gives_and_where_it_came_from() {
        // Accents (decomposed), an expansion (㍿ is 株式会社), quotation
        // marks, an invisible character and a marker looked through, in
        // Chinese text; two targets one after the other.
        let texts = [
            "推動“高效辦成”[4]一件事，Re\u{301}sume\u{301}和㍿\u{200B}望花",
            "「新質生產力」ＰＭ２．５濃度e\u{301}\u{302}",
        ];
        let mut r = Readings::default();
        let mut b = StoreBuilder::default();
        // The marker [4]: characters 8 to 10.
        let marker: Vec<std::ops::Range<usize>> = std::iter::once(8..11).collect();
        let mut summaries = Vec::new();
        for (n, text) in texts.iter().enumerate() {
            let skip: &[std::ops::Range<usize>] = if n == 0 { &marker } else { &[] };
            let Ok(s) = b.push(text, skip, &mut r, &mut |_| {
                Ok::<(), std::convert::Infallible>(())
            });
            summaries.push(s);
        }
        let store = b.finish();
        for (n, text) in texts.iter().enumerate() {
            let want =
                super::super::fold::fold_text_skipping(text, &|i| n == 0 && (8..11).contains(&i));
            let k = store.view(&summaries[n]);
            let chars: Vec<char> = (0..k.len()).map(|j| k.char_at(j)).collect();
            let origin: Vec<(u32, u32)> = (0..k.len()).map(|j| k.origin(j)).collect();
            assert_eq!(chars, want.chars, "{text}");
            assert_eq!(origin, want.origin, "{text}");
        }
    }
}
