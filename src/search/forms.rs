//! What a target is matched as: its folded characters (see `fold.rs`), each
//! with the original characters it came from and, for a hanzi, every
//! pinyin reading it has (heteronyms included: 行 is both xing and hang),
//! plus two small summaries that let a query skip a target at once.

mod build;
mod readings;

pub use build::{StoreBuilder, TICK_CHARS};
pub use readings::Readings;

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
