//! The pinyin readings of an index's characters, interned: each hanzi's
//! every reading (heteronyms included: 行 is both xing and hang), as typed
//! (ü as v), with the letters each set starts with and holds, and every
//! syllable the index knows.

use std::collections::{HashMap, HashSet};

use super::letter_bit;
use crate::fx::FxBuild;
use crate::search::pinyin_table;

/// The pinyin readings of the characters of an index, interned: many
/// characters share a set. Set 0 is "no reading".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readings {
    /// Each set's readings, as ASCII bytes.
    sets: Vec<Vec<Box<[u8]>>>,
    /// Each set's first letters, as a mask of [`letter_bit`]s.
    firsts: Vec<u32>,
    /// Each set's letters, all of them.
    pub(super) all: Vec<u32>,
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

impl Readings {
    /// The set of readings of `written` (the character as written) and
    /// `folded` (its simplified form), interned.
    pub fn set_of(&mut self, written: char, folded: char) -> u16 {
        if let Some(&id) = self.by_char.get(&written) {
            return id;
        }
        let mut set: Vec<Box<[u8]>> = Vec::new();
        for c in [written, folded] {
            for r in pinyin_table::readings(c) {
                if !set.iter().any(|s| **s == *r) {
                    set.push(r.into());
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
