//! What a target is matched as: its folded characters (see `fold.rs`), each
//! with the original characters it came from and, for a hanzi, every
//! pinyin reading it has (heteronyms included: 行 is both xing and hang),
//! plus two small summaries that let a query skip a target at once.

use std::collections::{HashMap, HashSet};

use pinyin::ToPinyinMulti;

use super::fold::{fold_text, fold_text_skipping, Folded};
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

/// One target as the matcher sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    pub folded: Folded,
    /// For each folded character, its set of readings (0: none).
    pub readings: Vec<u16>,
    /// A 64-bit summary of the folded characters (one bit per character's
    /// hash): a query character whose bit is missing is not there.
    pub bloom: u64,
    /// For each folded character, the letters a pinyin or Latin piece may
    /// start with there (a mask of [`letter_bit`]s).
    pub firsts: Vec<u32>,
    /// Letters a–z that a pinyin or Latin piece may start with here: Latin
    /// letters of the text and the first letters of readings.
    pub letters: u32,
    /// Every letter of the text's Latin letters and readings: a query
    /// letter missing here cannot match.
    pub all_letters: u32,
}

/// A view of one target's keys: slices of the index's store (or of an
/// owned [`Keys`]), and its summaries.
#[derive(Debug, Clone, Copy)]
pub struct KeysRef<'a> {
    pub chars: &'a [char],
    pub origin: &'a [(u32, u32)],
    pub readings: &'a [u16],
    pub firsts: &'a [u32],
    pub bloom: u64,
    pub letters: u32,
    pub all_letters: u32,
}

/// Where a target's keys stand in the store, and its summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    start: u32,
    end: u32,
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
/// walking the targets in order reads memory in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Store {
    chars: Vec<char>,
    origin: Vec<(u32, u32)>,
    readings: Vec<u16>,
    firsts: Vec<u32>,
}

impl Store {
    /// Add one target's keys; its summary says where they are.
    pub fn push(&mut self, k: Keys) -> Summary {
        let start = self.chars.len() as u32;
        self.chars.extend_from_slice(&k.folded.chars);
        self.origin.extend_from_slice(&k.folded.origin);
        self.readings.extend_from_slice(&k.readings);
        self.firsts.extend_from_slice(&k.firsts);
        Summary {
            start,
            end: self.chars.len() as u32,
            bloom: k.bloom,
            letters: k.letters,
            all_letters: k.all_letters,
        }
    }

    /// The keys of the target summarised by `s`.
    pub fn view(&self, s: &Summary) -> KeysRef<'_> {
        let r = s.start as usize..s.end as usize;
        KeysRef {
            chars: &self.chars[r.clone()],
            origin: &self.origin[r.clone()],
            readings: &self.readings[r.clone()],
            firsts: &self.firsts[r],
            bloom: s.bloom,
            letters: s.letters,
            all_letters: s.all_letters,
        }
    }
}

/// The bloom bit of a folded character.
pub fn bloom_bit(c: char) -> u64 {
    1 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
}

/// The bit of a letter in [`Keys::letters`]. `v` (ü) shares `u`'s bit:
/// a typed `u` may be either, so the summaries keep them together.
pub fn letter_bit(c: char) -> u32 {
    let c = if c == 'v' { 'u' } else { c };
    if c.is_ascii_lowercase() {
        1 << (c as u32 - 'a' as u32)
    } else {
        0
    }
}

impl Keys {
    /// The keys of a text whose characters at `skip` (character indices,
    /// such as footnote markers) search looks through.
    pub fn skipping(text: &str, skip: &dyn Fn(usize) -> bool, readings: &mut Readings) -> Keys {
        Keys::from_folded(text, fold_text_skipping(text, skip), readings)
    }

    /// A view of these keys.
    pub fn view(&self) -> KeysRef<'_> {
        KeysRef {
            chars: &self.folded.chars,
            origin: &self.folded.origin,
            readings: &self.readings,
            firsts: &self.firsts,
            bloom: self.bloom,
            letters: self.letters,
            all_letters: self.all_letters,
        }
    }

    pub fn new(text: &str, readings: &mut Readings) -> Keys {
        Keys::from_folded(text, fold_text(text), readings)
    }

    fn from_folded(text: &str, folded: Folded, readings: &mut Readings) -> Keys {
        let written: Vec<char> = text.chars().collect();
        let mut bloom = 0;
        let mut letters = 0;
        let mut all_letters = 0;
        let mut ids = Vec::with_capacity(folded.chars.len());
        let mut firsts = Vec::with_capacity(folded.chars.len());
        for (k, &c) in folded.chars.iter().enumerate() {
            bloom |= bloom_bit(c);
            letters |= letter_bit(c);
            all_letters |= letter_bit(c);
            let id = if c.is_ascii() {
                0
            } else {
                let w = written
                    .get(folded.origin[k].0 as usize)
                    .copied()
                    .unwrap_or(c);
                readings.set_of(w, c)
            };
            let first = readings.firsts(id) | letter_bit(c);
            letters |= first;
            all_letters |= readings.all.get(usize::from(id)).copied().unwrap_or(0);
            firsts.push(first);
            ids.push(id);
        }
        Keys {
            folded,
            readings: ids,
            bloom,
            firsts,
            letters,
            all_letters,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_include_heteronyms_and_fold_u_umlaut() {
        let mut r = Readings::default();
        let k = Keys::new("行綠色", &mut r);
        let xing = r.get(k.readings[0]);
        assert!(xing.iter().any(|s| &**s == b"xing"), "{xing:?}");
        assert!(xing.iter().any(|s| &**s == b"hang"), "{xing:?}");
        let lu = r.get(k.readings[1]);
        assert!(lu.iter().any(|s| &**s == b"lv"), "{lu:?}");
        assert!(r.whole_syllables(b"xinglu"));
        assert!(!r.whole_syllables(b"xgl"));
        assert_eq!(k.letters & letter_bit('x'), letter_bit('x'));
        assert_eq!(k.letters & letter_bit('q'), 0);
    }

    #[test]
    fn digits_and_latin_stay_as_written_in_chinese_text() {
        let mut r = Readings::default();
        let k = Keys::new("PM2.5濃度", &mut r);
        let s: String = k.folded.chars.iter().collect();
        assert_eq!(s, "pm2.5浓度");
        assert_eq!(k.readings[0], 0);
        assert_ne!(k.readings[5], 0);
    }
}
