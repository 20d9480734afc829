//! The one place display widths are measured.
//!
//! Text is measured by *grapheme cluster* (UAX #29, unicode-segmentation),
//! as ratatui's buffer and modern terminals place it: ❤️ (U+2764 U+FE0F),
//! 👍🏽 and the ZWJ sequence 👨‍👩‍👧 are each one cluster two cells wide, and
//! é written as e + U+0301 is one cell. A cluster's width is unicode-width's
//! string width (UAX #11 with the emoji rules of UTS #51).
//!
//! East-Asian *ambiguous* characters (“ ” — … μ Ⅳ, box drawing) take one
//! cell in most terminals and two in CJK locales and some ssh clients; the
//! setting [`AmbiWidth`] says which. In wide mode every character whose
//! East_Asian_Width is `A` is two cells, letters included: unicode-width's
//! `width_cjk` keeps ambiguous *letters* (μ, α, ü, Cyrillic) narrow, but
//! terminals that draw ambiguous characters wide (xterm `-cjk_width`, VTE's
//! "ambiguous width: wide", PuTTY's CJK setting) draw them wide too.

use crate::text::clusters::forward;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How wide East-Asian ambiguous characters are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmbiWidth {
    #[default]
    Narrow,
    Wide,
}

/// Letters and modifier symbols whose East_Asian_Width is Ambiguous
/// (EastAsianWidth.txt, General_Category L* or Sk), which unicode-width's
/// `width_cjk` counts as one cell: Latin-1 and pinyin letters (é ü ǎ),
/// Greek, Cyrillic, ℓ Ω Å. Inclusive ranges, sorted.
const AMBIGUOUS_LETTERS: &[(u32, u32)] = &[
    (0x00A8, 0x00A8),
    (0x00AA, 0x00AA),
    (0x00B4, 0x00B4),
    (0x00B8, 0x00B8),
    (0x00BA, 0x00BA),
    (0x00C6, 0x00C6),
    (0x00D0, 0x00D0),
    (0x00D8, 0x00D8),
    (0x00DE, 0x00E1),
    (0x00E6, 0x00E6),
    (0x00E8, 0x00EA),
    (0x00EC, 0x00ED),
    (0x00F0, 0x00F0),
    (0x00F2, 0x00F3),
    (0x00F8, 0x00FA),
    (0x00FC, 0x00FC),
    (0x00FE, 0x00FE),
    (0x0101, 0x0101),
    (0x0111, 0x0111),
    (0x0113, 0x0113),
    (0x011B, 0x011B),
    (0x0126, 0x0127),
    (0x012B, 0x012B),
    (0x0131, 0x0133),
    (0x0138, 0x0138),
    (0x013F, 0x0142),
    (0x0144, 0x0144),
    (0x0148, 0x014B),
    (0x014D, 0x014D),
    (0x0152, 0x0153),
    (0x0166, 0x0167),
    (0x016B, 0x016B),
    (0x01CE, 0x01CE),
    (0x01D0, 0x01D0),
    (0x01D2, 0x01D2),
    (0x01D4, 0x01D4),
    (0x01D6, 0x01D6),
    (0x01D8, 0x01D8),
    (0x01DA, 0x01DA),
    (0x01DC, 0x01DC),
    (0x0251, 0x0251),
    (0x0261, 0x0261),
    (0x02C4, 0x02C4),
    (0x02C7, 0x02C7),
    (0x02C9, 0x02CB),
    (0x02CD, 0x02CD),
    (0x02D0, 0x02D0),
    (0x02D8, 0x02DB),
    (0x02DD, 0x02DD),
    (0x02DF, 0x02DF),
    (0x0391, 0x03A1),
    (0x03A3, 0x03A9),
    (0x03B1, 0x03C1),
    (0x03C3, 0x03C9),
    (0x0401, 0x0401),
    (0x0410, 0x044F),
    (0x0451, 0x0451),
    (0x207F, 0x207F),
    (0x2113, 0x2113),
    (0x2126, 0x2126),
    (0x212B, 0x212B),
];

/// Whether `c` is an ambiguous letter that unicode-width narrows even in
/// its CJK mode (see [`AMBIGUOUS_LETTERS`]).
fn is_ambiguous_letter(c: char) -> bool {
    let c = c as u32;
    AMBIGUOUS_LETTERS
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether `c` is a control character (C0, DEL, C1): drawn as nothing.
fn is_control(c: char) -> bool {
    c.is_control()
}

/// Display cells taken by the one character `c` on its own: 0, 1 or 2
/// (unicode-width gives U+17D8 three). Control characters take none.
/// Text is measured by cluster ([`cluster_width`]); this is for a
/// character known to stand alone, such as a glyph of the chrome.
pub fn char_width(c: char, ambi: AmbiWidth) -> usize {
    // Hanzi and printable ASCII, most of a report: the same in either
    // mode, without a table.
    match c as u32 {
        0x4E00..=0x9FFF => return 2,
        0x20..=0x7E => return 1,
        _ => {}
    }
    if is_control(c) {
        return 0;
    }
    match ambi {
        AmbiWidth::Narrow => c.width().unwrap_or(0),
        AmbiWidth::Wide if is_ambiguous_letter(c) => 2,
        AmbiWidth::Wide => c.width_cjk().unwrap_or(0),
    }
}

/// Display cells taken by one grapheme cluster `g` (as given by
/// [`clusters`]): unicode-width's string width, with the ambiguous rule of
/// `ambi`. A cluster holding a control character takes none: it is drawn
/// as nothing (ratatui drops it too).
pub fn cluster_width(g: &str, ambi: AmbiWidth) -> usize {
    let mut chars = g.chars();
    let Some(first) = chars.next() else {
        return 0;
    };
    if chars.as_str().is_empty() {
        return char_width(first, ambi);
    }
    if g.chars().any(is_control) {
        return 0;
    }
    match ambi {
        AmbiWidth::Narrow => g.width(),
        // μ + a combining mark: the base is drawn wide.
        AmbiWidth::Wide if is_ambiguous_letter(first) => g.width_cjk() + 1,
        AmbiWidth::Wide => g.width_cjk(),
    }
}

/// The grapheme clusters of `s` (extended, UAX #29) with their byte
/// offsets: the units that are measured, wrapped and drawn.
pub fn clusters(s: &str) -> impl DoubleEndedIterator<Item = (usize, &str)> + '_ {
    s.grapheme_indices(true)
}

/// Display cells taken by `s`: the sum of its clusters' widths.
pub fn str_width(s: &str, ambi: AmbiWidth) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    // The project's cluster walk: the same clusters as
    // unicode-segmentation's (a property test), without its state machine
    // on hanzi and ASCII (rendering measures every title it fits).
    forward(s).map(|(_, g)| cluster_width(g, ambi)).sum()
}

/// The ellipsis that marks cut text: `…`, or `...` where `…` would be
/// ambiguous in width.
pub fn ellipsis(ambi: AmbiWidth) -> &'static str {
    match ambi {
        AmbiWidth::Narrow => "…",
        AmbiWidth::Wide => "...",
    }
}

/// `s` cut to at most `max` cells at a cluster boundary, with an
/// ellipsis when anything was cut. Never wider than `max`.
pub fn truncate(s: &str, max: usize, ambi: AmbiWidth) -> String {
    if str_width(s, ambi) <= max {
        return s.to_string();
    }
    let mark = ellipsis(ambi);
    let mark_width = str_width(mark, ambi);
    if max < mark_width {
        return ".".repeat(max);
    }
    let mut out = String::new();
    let mut used = 0;
    for (_, g) in forward(s) {
        let w = cluster_width(g, ambi);
        if used + w + mark_width > max {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push_str(mark);
    out
}

/// `s` cut to at most `width` cells (as [`truncate`]) and padded with
/// spaces to exactly `width`: a cell of a column.
pub fn fit(s: &str, width: usize, ambi: AmbiWidth) -> String {
    let cut = truncate(s, width, ambi);
    let pad = width.saturating_sub(str_width(&cut, ambi));
    format!("{cut}{}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hanzi_are_two_cells_and_ambiguous_ones_depend() {
        assert_eq!(str_width("望花區", AmbiWidth::Narrow), 6);
        assert_eq!(str_width("“三保”", AmbiWidth::Narrow), 6);
        assert_eq!(str_width("“三保”", AmbiWidth::Wide), 8);
        assert_eq!(str_width("Ⅳ類", AmbiWidth::Wide), 4);
        assert_eq!(str_width("Ⅳ類", AmbiWidth::Narrow), 3);
        assert_eq!(char_width('\u{7}', AmbiWidth::Narrow), 0);
    }

    #[test]
    fn clusters_are_measured_whole() {
        // An emoji with VS16, a skin tone, a ZWJ family: one cluster, two
        // cells each, as ratatui's buffer places them.
        for (s, w) in [
            ("晴☀️", 4),
            ("適宜❤️", 6),
            ("👍🏽", 2),
            ("👨\u{200d}👩\u{200d}👧好", 4),
            ("e\u{301}望", 3),
            ("🇨🇳", 2),
        ] {
            for ambi in [AmbiWidth::Narrow, AmbiWidth::Wide] {
                assert_eq!(str_width(s, ambi), w, "{s:?} {ambi:?}");
            }
        }
        assert_eq!(clusters("天❤️氣").count(), 3);
        // A control character is drawn as nothing.
        assert_eq!(str_width("望\u{1b}花", AmbiWidth::Narrow), 4);
        assert_eq!(cluster_width("\r\n", AmbiWidth::Wide), 0);
    }

    #[test]
    fn every_ambiguous_character_is_wide_in_wide_mode() {
        // Letters too: μ in μg/m³, pinyin's ǎ, Greek and Cyrillic, which
        // unicode-width's CJK mode keeps narrow but CJK terminals do not.
        for c in [
            '“', '”', '—', '…', 'μ', 'ǎ', 'ü', 'Ω', 'Ж', '³', 'Ⅳ', '─', '°',
        ] {
            assert_eq!(char_width(c, AmbiWidth::Narrow), 1, "{c}");
            assert_eq!(char_width(c, AmbiWidth::Wide), 2, "{c}");
        }
        assert_eq!(str_width("μg/m³濃度", AmbiWidth::Wide), 11);
        assert_eq!(str_width("μ\u{301}", AmbiWidth::Wide), 2);
        for c in ['a', 'g', '1', 'ℤ', 'ő'] {
            assert_eq!(char_width(c, AmbiWidth::Wide), 1, "{c}");
        }
    }

    #[test]
    fn truncation_cuts_at_characters_and_measures_the_ellipsis() {
        let s = "堅定不移調結構、促轉型";
        assert_eq!(truncate(s, 9, AmbiWidth::Narrow), "堅定不移…");
        assert_eq!(truncate(s, 10, AmbiWidth::Narrow), "堅定不移…");
        assert_eq!(truncate(s, 11, AmbiWidth::Narrow), "堅定不移調…");
        assert_eq!(truncate(s, 22, AmbiWidth::Narrow), s);
        assert_eq!(truncate(s, 9, AmbiWidth::Wide), "堅定不...");
        assert_eq!(fit(s, 11, AmbiWidth::Narrow), "堅定不移調…");
        assert_eq!(fit("三保", 7, AmbiWidth::Narrow), "三保   ");
        for max in 0..25 {
            for ambi in [AmbiWidth::Narrow, AmbiWidth::Wide] {
                assert!(str_width(&truncate(s, max, ambi), ambi) <= max);
            }
        }
        // A cluster is never cut.
        assert_eq!(truncate("心情❤️很好", 7, AmbiWidth::Narrow), "心情❤️…");
        assert_eq!(truncate("心情❤️很好", 6, AmbiWidth::Narrow), "心情…");
    }
}
