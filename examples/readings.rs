//! Write `assets/pinyin-readings.bin`, every character's pinyin readings
//! from the `pinyin` crate, typed (ASCII, ü as v), in the table format
//! `src/search/pinyin_table.rs` describes: `cargo run --example readings`
//! after updating the crate (the test
//! `every_character_reads_as_the_pinyin_crate_says` says when).

use std::collections::HashMap;

use pinyin::ToPinyinMulti;
use report_explorer::search::pinyin_table::{typed, MAGIC, VERSION};

/// Characters with no reading between two that have one are kept in one
/// range (as set 0) when the gap is shorter than this.
const GAP: u32 = 64;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Every character's typed readings, each once, in the crate's order.
    let mut by_char: Vec<(u32, Vec<Vec<u8>>)> = Vec::new();
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        let mut readings: Vec<Vec<u8>> = Vec::new();
        for p in c.to_pinyin_multi().into_iter().flatten() {
            let r = typed(p.plain());
            if !r.is_empty() && !readings.contains(&r) {
                readings.push(r);
            }
        }
        if !readings.is_empty() {
            by_char.push((u32::from(c), readings));
        }
    }
    // Syllables and sets, numbered in order of first appearance; set 0
    // is the empty one.
    let mut syllables: Vec<Vec<u8>> = Vec::new();
    let mut syllable_of: HashMap<Vec<u8>, u16> = HashMap::new();
    let mut sets: Vec<Vec<u16>> = vec![Vec::new()];
    let mut set_of: HashMap<Vec<u16>, u16> = HashMap::new();
    let mut chars: Vec<(u32, u16)> = Vec::new();
    for (c, readings) in &by_char {
        let mut set = Vec::new();
        for r in readings {
            let id = *syllable_of.entry(r.clone()).or_insert_with(|| {
                syllables.push(r.clone());
                u16::try_from(syllables.len() - 1).expect("syllables fit a u16")
            });
            set.push(id);
        }
        let id = *set_of.entry(set.clone()).or_insert_with(|| {
            sets.push(set);
            u16::try_from(sets.len() - 1).expect("sets fit a u16")
        });
        chars.push((*c, id));
    }
    // Ranges of characters, gaps shorter than GAP filled with set 0.
    let mut ranges: Vec<(u32, u32, u32)> = Vec::new();
    let mut set_column: Vec<u16> = Vec::new();
    for &(c, set) in &chars {
        match ranges.last_mut() {
            Some((_, last, _)) if c - *last < GAP => {
                set_column.extend(std::iter::repeat_n(0, (c - *last - 1) as usize));
                *last = c;
            }
            _ => ranges.push((c, c, u32::try_from(set_column.len())?)),
        }
        set_column.push(set);
    }
    let items: usize = sets.iter().map(Vec::len).sum();
    let letters: usize = syllables.iter().map(Vec::len).sum();

    let mut out: Vec<u8> = Vec::new();
    let word = |out: &mut Vec<u8>, n: usize| -> Result<(), std::num::TryFromIntError> {
        out.extend_from_slice(&u32::try_from(n)?.to_le_bytes());
        Ok(())
    };
    out.extend_from_slice(&MAGIC);
    word(&mut out, VERSION as usize)?;
    for n in [
        ranges.len(),
        set_column.len(),
        sets.len(),
        items,
        syllables.len(),
        letters,
    ] {
        word(&mut out, n)?;
    }
    for &(first, last, base) in &ranges {
        for n in [first, last, base] {
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
    for set in &set_column {
        out.extend_from_slice(&set.to_le_bytes());
    }
    let sets: Vec<Vec<u8>> = sets
        .iter()
        .map(|set| set.iter().flat_map(|y| y.to_le_bytes()).collect())
        .collect();
    for (lists, unit) in [(&sets, 2), (&syllables, 1)] {
        // Where each list starts (in entries of `unit` bytes), one more for
        // the end; then the lists.
        let mut at = 0;
        for list in lists {
            word(&mut out, at)?;
            at += list.len() / unit;
        }
        word(&mut out, at)?;
        for list in lists {
            out.extend_from_slice(list);
        }
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/pinyin-readings.bin");
    std::fs::write(&path, &out)?;
    println!(
        "wrote {} ({} bytes: {} characters with readings in {} ranges, {} sets, {} syllables)",
        path.display(),
        out.len(),
        chars.len(),
        ranges.len(),
        sets.len(),
        syllables.len()
    );
    Ok(())
}
