//! The one place display widths are measured.
//!
//! East-Asian *ambiguous* characters (“ ” — … μ Ⅳ, box drawing) take one
//! cell in most terminals and two in CJK locales and some ssh clients; the
//! setting [`AmbiWidth`] says which.

use unicode_width::UnicodeWidthChar;

/// How wide East-Asian ambiguous characters are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmbiWidth {
    #[default]
    Narrow,
    Wide,
}

/// Display cells taken by `c`. Control characters take none.
pub fn char_width(c: char, ambi: AmbiWidth) -> usize {
    let w = match ambi {
        AmbiWidth::Narrow => c.width(),
        AmbiWidth::Wide => c.width_cjk(),
    };
    w.unwrap_or(0)
}

/// Display cells taken by `s`.
pub fn str_width(s: &str, ambi: AmbiWidth) -> usize {
    s.chars().map(|c| char_width(c, ambi)).sum()
}

/// The ellipsis that marks cut text: `…`, or `...` where `…` would be
/// ambiguous in width.
pub fn ellipsis(ambi: AmbiWidth) -> &'static str {
    match ambi {
        AmbiWidth::Narrow => "…",
        AmbiWidth::Wide => "...",
    }
}

/// `s` cut to at most `max` cells at a character boundary, with an
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
    for c in s.chars() {
        let w = char_width(c, ambi);
        if used + w + mark_width > max {
            break;
        }
        out.push(c);
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
    }
}
