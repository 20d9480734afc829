//! Every character's pinyin readings as people type them, from a table
//! baked into the binary: `assets/pinyin-readings.bin`, written by `cargo
//! run --example readings` from the `pinyin` crate's data (its plain
//! readings, heteronyms included: 行 is both xing and hang) and kept equal
//! to it, character for character, by the test
//! `every_character_reads_as_the_pinyin_crate_says`.
//!
//! Why not the crate at run time: its tables are slices of strings, so
//! they hold pointers, and a position-independent binary has every one of
//! them relocated when it starts, whether or not a search is made. They
//! were 4,800 of the binary's 9,800 relocations and 20 pages copied on
//! write before `main` (issue 13, start-up). This table is plain numbers:
//! nothing to relocate, and its pages are read only when a search needs
//! them.
//!
//! The format (all numbers little-endian):
//! - a header of eight `u32`: the magic `RXPY` (as bytes), the version
//!   (1), then the counts of ranges, characters, sets, set items,
//!   syllables and syllable bytes;
//! - ranges: (first, last, base) as `u32`s, sorted: the characters from
//!   `first` to `last` (scalar values) have their sets at `base +
//!   (c - first)` in the next section;
//! - each such character's set, a `u16` (0: no reading);
//! - where each set's syllables start in the next section, a `u32` per set
//!   and one more for the end (set 0 is empty);
//! - the sets' syllables, a `u16` each, a syllable's number;
//! - where each syllable's letters start in the next section, a `u32` per
//!   syllable and one more;
//! - the syllables' letters, ASCII, one after another.

/// The table, as `examples/readings.rs` writes it.
static TABLE: &[u8] = include_bytes!("../../assets/pinyin-readings.bin");

/// Where the sections start, in bytes, and how many entries each has:
/// read from the header when the binary is compiled, which fails if the
/// table is not whole.
const LAYOUT: Layout = Layout::of(TABLE);

/// The magic at the table's start.
pub const MAGIC: [u8; 4] = *b"RXPY";
/// The table's format version.
pub const VERSION: u32 = 1;

struct Layout {
    ranges: usize,
    n_ranges: usize,
    sets: usize,
    set_start: usize,
    set_items: usize,
    syllable_start: usize,
    letters: usize,
}

const fn u32_in(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

const fn u16_in(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

impl Layout {
    /// The sections of `table`. Panics (at compile time, for [`LAYOUT`])
    /// when its magic, version or length are not a table's.
    const fn of(table: &[u8]) -> Layout {
        assert!(table.len() >= 32, "the pinyin table has no header");
        assert!(
            table[0] == MAGIC[0]
                && table[1] == MAGIC[1]
                && table[2] == MAGIC[2]
                && table[3] == MAGIC[3],
            "the pinyin table has no magic"
        );
        assert!(u32_in(table, 4) == VERSION, "the pinyin table's version");
        let n_ranges = u32_in(table, 8) as usize;
        let n_chars = u32_in(table, 12) as usize;
        let n_sets = u32_in(table, 16) as usize;
        let n_items = u32_in(table, 20) as usize;
        let n_syllables = u32_in(table, 24) as usize;
        let n_letters = u32_in(table, 28) as usize;
        let ranges = 32;
        let sets = ranges + 12 * n_ranges;
        let set_start = sets + 2 * n_chars;
        let set_items = set_start + 4 * (n_sets + 1);
        let syllable_start = set_items + 2 * n_items;
        let letters = syllable_start + 4 * (n_syllables + 1);
        assert!(
            letters + n_letters == table.len(),
            "the pinyin table's length is not its header's"
        );
        Layout {
            ranges,
            n_ranges,
            sets,
            set_start,
            set_items,
            syllable_start,
            letters,
        }
    }
}

/// The set of `c`'s readings: 0 for none.
fn set_of(c: char) -> u16 {
    let c = u32::from(c);
    let range = |i: usize| {
        let at = LAYOUT.ranges + 12 * i;
        (
            u32_in(TABLE, at),
            u32_in(TABLE, at + 4),
            u32_in(TABLE, at + 8),
        )
    };
    // The last range that starts at or before c.
    let (mut lo, mut hi) = (0, LAYOUT.n_ranges);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if range(mid).0 <= c {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if lo == 0 {
        return 0;
    }
    let (first, last, base) = range(lo - 1);
    if c > last {
        return 0;
    }
    u16_in(TABLE, LAYOUT.sets + 2 * (base + (c - first)) as usize)
}

/// The readings of `c` as people type them (see [`typed`]), each once, in
/// the `pinyin` crate's order (the most common first); none for a
/// character with no reading.
pub fn readings(c: char) -> impl Iterator<Item = &'static [u8]> {
    let set = usize::from(set_of(c));
    let start = |s: usize| u32_in(TABLE, LAYOUT.set_start + 4 * s) as usize;
    (start(set)..start(set + 1)).map(|item| {
        let syllable = usize::from(u16_in(TABLE, LAYOUT.set_items + 2 * item));
        let at = |y: usize| LAYOUT.letters + u32_in(TABLE, LAYOUT.syllable_start + 4 * y) as usize;
        &TABLE[at(syllable)..at(syllable + 1)]
    })
}

/// A reading as people type it: plain ASCII letters, ü as v (a query's
/// `u` matches it too); anything else in it dropped.
pub fn typed(reading: &str) -> Vec<u8> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use pinyin::ToPinyinMulti;

    /// What the `pinyin` crate says `c` reads, typed, each once.
    fn crate_readings(c: char) -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = Vec::new();
        for p in c.to_pinyin_multi().into_iter().flatten() {
            let r = typed(p.plain());
            if !r.is_empty() && !out.contains(&r) {
                out.push(r);
            }
        }
        out
    }

    #[test]
    fn every_character_reads_as_the_pinyin_crate_says() {
        let mut with = 0;
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let ours: Vec<Vec<u8>> = readings(c).map(<[u8]>::to_vec).collect();
            assert_eq!(
                ours,
                crate_readings(c),
                "U+{:04X} {c}: assets/pinyin-readings.bin is not the pinyin crate's: \
                 run `cargo run --example readings`",
                u32::from(c)
            );
            with += usize::from(!ours.is_empty());
        }
        // The CJK blocks, in the tens of thousands.
        assert!(with > 20_000, "{with} characters with readings");
    }

    #[test]
    fn heteronyms_and_u_umlaut_are_kept() {
        let of = |c: char| -> Vec<&str> {
            readings(c)
                .map(|r| std::str::from_utf8(r).unwrap())
                .collect()
        };
        assert_eq!(of('望'), ["wang"]);
        assert!(of('行').contains(&"xing") && of('行').contains(&"hang"));
        // 綠 lǜ: ü typed as v.
        assert!(of('綠').contains(&"lv"), "{:?}", of('綠'));
        assert!(of('a').is_empty() && of('。').is_empty());
        assert!(of('\u{10FFFF}').is_empty());
    }

    #[test]
    fn typed_keeps_ascii_letters_and_u_umlaut_as_v() {
        assert_eq!(typed("lü"), b"lv");
        assert_eq!(typed("hang"), b"hang");
        assert_eq!(typed("lü3"), b"lv");
    }
}
