//! A hasher for small integer and character keys (the Fx hash of rustc):
//! one multiply per word instead of SipHash's rounds. The keys are the
//! report's own characters and places, not input an attacker chooses to
//! collide, and a large report hashes millions of them.

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
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.add(u64::from(b));
        }
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
