//! Grapheme clusters (UAX #29) from the front, fast on Chinese text.
//!
//! unicode-segmentation's iterator runs its full state machine for every
//! character. Between two characters that each have Grapheme_Cluster_Break
//! `Other`, are not Extended_Pictographic and take no part in an Indic
//! conjunct, every rule of UAX #29 §3.1.1 gives a boundary (GB999): only
//! GB9–GB9c (what follows extends), GB11 (a ZWJ before) and GB12/13
//! (regional indicators) join characters, and none of them applies. Most
//! of a Chinese report is such pairs (hanzi, CJK and general punctuation,
//! full-width forms, printable ASCII), so [`forward`] steps over them one
//! character at a time and asks unicode-segmentation only elsewhere. The
//! clusters are the library's, always (a property test checks it).

use unicode_segmentation::GraphemeCursor;

/// Whether `c` forms a cluster boundary with any other such character on
/// either side: Grapheme_Cluster_Break `Other`, not Extended_Pictographic,
/// not an Indic conjunct letter (GraphemeBreakProperty.txt, emoji-data.txt,
/// DerivedCoreProperties.txt of Unicode 15.1). 〰 (U+3030) and 〽 (U+303D)
/// are pictographic and U+302A–U+302F extend, so the CJK symbols stop at
/// U+3029; U+2028/U+2029 are controls, so general punctuation stops at
/// U+2027.
fn simple(c: char) -> bool {
    matches!(
        c as u32,
        0x20..=0x7E
            | 0x2010..=0x2027
            | 0x3000..=0x3029
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xFF01..=0xFF60
    )
}

/// The grapheme clusters of `s` (extended) with their byte offsets, front
/// to back: the same as `s.grapheme_indices(true)`.
pub fn forward(s: &str) -> Forward<'_> {
    Forward { s, pos: 0 }
}

/// The iterator of [`forward`].
#[derive(Debug, Clone)]
pub struct Forward<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Iterator for Forward<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = self.pos;
        let rest = self.s.get(start..)?;
        let mut chars = rest.chars();
        let c = chars.next()?;
        let after = start + c.len_utf8();
        let end = if simple(c) && chars.next().is_none_or(simple) {
            after
        } else {
            // `start` is a boundary and the whole text is the chunk, so the
            // cursor never asks for context.
            let mut cursor = GraphemeCursor::new(start, self.s.len(), true);
            match cursor.next_boundary(self.s, 0) {
                Ok(Some(end)) if end > start => end,
                _ => self.s.len(),
            }
        };
        self.pos = end;
        Some((start, &self.s[start..end]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn same(s: &str) {
        let fast: Vec<_> = forward(s).collect();
        let lib: Vec<_> = s.grapheme_indices(true).collect();
        assert_eq!(fast, lib, "{s:?}");
    }

    #[test]
    fn chinese_text_and_what_joins_it() {
        same("望花區人民政府工作報告，2024年。");
        // A variation selector, a combining mark, a ZWJ sequence, flags,
        // Hangul, a prepended mark and a conjunct, between hanzi.
        same("葛\u{E0100}城e\u{301}區👨\u{200D}👩\u{200D}👧好🇨🇳🇹🇼호\u{1100}\u{1161}字\u{600}1क\u{94D}ष");
        same("〰〽\u{302A}中\u{2028}文\r\n。");
        same("");
    }

    fn piece() -> impl Strategy<Value = char> {
        prop_oneof![
            3 => proptest::char::range('\u{4E00}', '\u{4E10}'),
            2 => proptest::char::range(' ', '~'),
            1 => prop::sample::select(vec![
                '\u{300}', '\u{200D}', '\u{FE0F}', '\u{E0100}', '\u{1F1E8}', '\u{1F1F3}',
                '\u{1F468}', '\u{2764}', '\u{1100}', '\u{1161}', '\u{11A8}', '\u{AC00}',
                '\u{600}', '\u{915}', '\u{94D}', '\u{937}', '\r', '\n', '\u{3030}', '\u{302A}',
                '\u{3001}', '\u{FF0C}', '\u{2014}', '\u{2028}', '\u{20E3}', '\u{1F3FD}',
            ]),
        ]
    }

    proptest! {
        #[test]
        fn the_same_clusters_as_unicode_segmentation(s in prop::collection::vec(piece(), 0..40)) {
            same(&s.into_iter().collect::<String>());
        }
    }
}
