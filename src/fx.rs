//! A hasher for small integer and character keys (the Fx hash of rustc):
//! one multiply per word instead of SipHash's rounds. The keys are the
//! report's own characters and places, or the screens it draws, not input
//! an attacker chooses to collide; a large report hashes millions of them,
//! and a server's screen writers a screen a frame (`screen::shared`).
//! Imports nothing of the crate.

use std::hash::{BuildHasherDefault, Hasher};

/// The hasher: one rotate, xor and multiply per word.
#[derive(Default)]
pub struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    /// Eight bytes a word, the last word with the count of its bytes.
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0; 8];
        word[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    /// The hash with MurmurHash3's finalizer applied: every bit of the
    /// input moves the result (Fx alone leaves the low bits of its last
    /// words weak), for a hash used as a fingerprint rather than a bucket.
    pub fn finish_mixed(&self) -> u64 {
        let mut h = self.finish();
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A `HashMap`'s hasher for these keys.
pub type FxBuild = BuildHasherDefault<Fx>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn places_and_hanzi_hash_apart() {
        let mut m: HashMap<(usize, u32, u32), &str, FxBuild> = HashMap::default();
        m.insert((3, 10, 14), "營商環境");
        m.insert((3, 14, 10), "境環商營");
        m.insert((4, 10, 14), "招商引資");
        assert_eq!(m.len(), 3);
        assert_eq!(m.get(&(3, 10, 14)), Some(&"營商環境"));
        let chars: HashMap<char, usize, FxBuild> = "新質生產力".chars().zip(0..).collect();
        assert_eq!(chars.get(&'產'), Some(&3));
    }
}
