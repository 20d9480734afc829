//! What the terminal can show in colour, and what its background is: the
//! theme's inputs besides the width setting. The binary reads them from the
//! environment (`COLORTERM`, `TERM`, `COLORFGBG`) and from its flags, and
//! hands the result to a session in its settings; nothing here reads the
//! environment itself. Like `input`, this stands apart: it imports nothing
//! of the crate.

/// How many colours the terminal draws. Only the 16 ANSI colours (SGR
/// 30–37, 90–97 and their backgrounds) unless the terminal says it has more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ColorDepth {
    /// The 16 ANSI colours, which every colour terminal has.
    #[default]
    Ansi16,
    /// The xterm 256-colour palette (`38;5;n`).
    Ansi256,
    /// 24-bit colour (`38;2;r;g;b`).
    TrueColor,
}

/// The terminal's background, which the theme keeps its text readable on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Background {
    /// Light text on a dark background: the usual terminal.
    #[default]
    Dark,
    /// Dark text on a light background: no white or yellow text.
    Light,
}

/// The colour inputs of a session's theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Colors {
    pub depth: ColorDepth,
    pub background: Background,
}

impl ColorDepth {
    /// The depth a terminal announces: `COLORTERM=truecolor` or `24bit`
    /// (or a `TERM` ending in `-direct`, terminfo's name for 24-bit
    /// entries) means 24-bit colour; a `TERM` naming 256 colours
    /// (`xterm-256color`, `tmux-256color`…) means 256; anything else,
    /// `xterm-16color` and plain `xterm` included, the 16 ANSI colours.
    /// `colorterm` and `term` are the variables' values, when set.
    pub fn announced(colorterm: Option<&str>, term: Option<&str>) -> ColorDepth {
        let colorterm = colorterm.unwrap_or("").trim().to_ascii_lowercase();
        let term = term.unwrap_or("").trim().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" || term.ends_with("-direct") {
            ColorDepth::TrueColor
        } else if term.contains("256color") || term.contains("256colour") {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }
}

impl Background {
    /// The background a `COLORFGBG` value names (set by rxvt, Konsole,
    /// iTerm2 and others): `fg;bg` or `fg;default;bg`, each an ANSI colour
    /// number. As vim reads it: a background of 0–6 or 8 (black and the
    /// dark colours) is dark; 7 and 9–15 (white, grey and the bright
    /// colours) are light. None when the value says nothing usable
    /// (`default`, empty, not a number).
    pub fn from_colorfgbg(value: &str) -> Option<Background> {
        let bg = value.rsplit(';').next()?.trim();
        match bg.parse::<u8>().ok()? {
            0..=6 | 8 => Some(Background::Dark),
            7 | 9..=15 => Some(Background::Light),
            _ => None,
        }
    }
}

/// The red, green and blue an xterm shows for palette entry `index`: its
/// default 16 colours, then the 6×6×6 cube, then 24 greys. Terminals may
/// change the first 16; the rest are fixed everywhere.
pub fn xterm_rgb(index: u8) -> (u8, u8, u8) {
    const ANSI: [(u8, u8, u8); 16] = [
        (0, 0, 0),
        (205, 0, 0),
        (0, 205, 0),
        (205, 205, 0),
        (0, 0, 238),
        (205, 0, 205),
        (0, 205, 205),
        (229, 229, 229),
        (127, 127, 127),
        (255, 0, 0),
        (0, 255, 0),
        (255, 255, 0),
        (92, 92, 255),
        (255, 0, 255),
        (0, 255, 255),
        (255, 255, 255),
    ];
    const LEVEL: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match index {
        0..=15 => ANSI[usize::from(index)],
        16..=231 => {
            let i = usize::from(index - 16);
            (LEVEL[i / 36], LEVEL[(i / 6) % 6], LEVEL[i % 6])
        }
        _ => {
            let v = 8 + 10 * (index - 232);
            (v, v, v)
        }
    }
}

/// The palette entry among `candidates` nearest to `rgb` (squared
/// distance, the first of equals).
fn nearest(rgb: (u8, u8, u8), candidates: impl Iterator<Item = u8>) -> u8 {
    let d = |(r, g, b): (u8, u8, u8)| {
        let dr = i32::from(r) - i32::from(rgb.0);
        let dg = i32::from(g) - i32::from(rgb.1);
        let db = i32::from(b) - i32::from(rgb.2);
        dr * dr + dg * dg + db * db
    };
    candidates.min_by_key(|&i| d(xterm_rgb(i))).unwrap_or(0)
}

/// The nearest of the 16 ANSI colours (0–15) to `rgb`, for a terminal
/// that has no more.
pub fn nearest_ansi16(rgb: (u8, u8, u8)) -> u8 {
    nearest(rgb, 0..16)
}

/// The nearest fixed entry of the 256-colour palette (16–255, the ones no
/// theme changes) to `rgb`.
pub fn nearest_256(rgb: (u8, u8, u8)) -> u8 {
    nearest(rgb, 16..=255)
}

/// The contrast ratio of two colours as WCAG 2 defines it: from 1 (the
/// same) to 21 (black on white). Text wants 4.5, large or bold text and
/// lines 3.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    let lum =
        |(r, g, b): (u8, u8, u8)| 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    let (la, lb) = (lum(a), lum(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_names_the_background_by_its_last_field() {
        // Dark text (0) on white (15): the light theme, as in 望花區's
        // projector room.
        assert_eq!(Background::from_colorfgbg("0;15"), Some(Background::Light));
        assert_eq!(Background::from_colorfgbg("15;0"), Some(Background::Dark));
        // rxvt's three fields.
        assert_eq!(
            Background::from_colorfgbg("15;default;0"),
            Some(Background::Dark)
        );
        assert_eq!(
            Background::from_colorfgbg("0;default;15"),
            Some(Background::Light)
        );
        assert_eq!(Background::from_colorfgbg("0;7"), Some(Background::Light));
        assert_eq!(Background::from_colorfgbg("7;8"), Some(Background::Dark));
        assert_eq!(Background::from_colorfgbg("12;4"), Some(Background::Dark));
        assert_eq!(
            Background::from_colorfgbg(" 0 ; 11 "),
            Some(Background::Light)
        );
        for nothing in ["", "default;default", "0;", "15;16", "黑;白", "0;-1"] {
            assert_eq!(Background::from_colorfgbg(nothing), None, "{nothing:?}");
        }
    }

    #[test]
    fn the_depth_is_16_colours_unless_the_terminal_says_more() {
        use ColorDepth::*;
        let d = |ct: Option<&str>, t: Option<&str>| ColorDepth::announced(ct, t);
        assert_eq!(d(None, None), Ansi16);
        assert_eq!(d(None, Some("xterm-16color")), Ansi16);
        assert_eq!(d(None, Some("xterm")), Ansi16);
        assert_eq!(d(None, Some("linux")), Ansi16);
        assert_eq!(d(None, Some("xterm-256color")), Ansi256);
        assert_eq!(d(None, Some("tmux-256color")), Ansi256);
        assert_eq!(d(Some(""), Some("screen.xterm-256color")), Ansi256);
        assert_eq!(d(Some("truecolor"), Some("xterm-16color")), TrueColor);
        assert_eq!(d(Some("24bit"), None), TrueColor);
        assert_eq!(d(Some("TrueColor"), Some("xterm")), TrueColor);
        assert_eq!(d(None, Some("xterm-direct")), TrueColor);
        // Anything else in COLORTERM (`yes`, `rxvt-xpm`) says no more.
        assert_eq!(d(Some("yes"), Some("xterm")), Ansi16);
    }

    #[test]
    fn the_palette_and_its_nearest_entries() {
        assert_eq!(xterm_rgb(1), (205, 0, 0));
        assert_eq!(xterm_rgb(16), (0, 0, 0));
        assert_eq!(xterm_rgb(25), (0, 95, 175));
        assert_eq!(xterm_rgb(231), (255, 255, 255));
        assert_eq!(xterm_rgb(232), (8, 8, 8));
        assert_eq!(xterm_rgb(255), (238, 238, 238));
        for i in 16..=255 {
            assert_eq!(nearest_256(xterm_rgb(i)), i);
        }
        assert_eq!(nearest_ansi16((0, 95, 175)), 4);
        assert_eq!(nearest_ansi16((138, 138, 138)), 8);
        assert_eq!(nearest_ansi16((250, 250, 250)), 15);
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast((0, 0, 238), (0, 0, 238)) - 1.0).abs() < 1e-9);
        // xterm's blue on black is hard to read (望花區 in SGR 34): under 3.
        assert!(contrast(xterm_rgb(4), (0, 0, 0)) < 3.0);
    }

    #[test]
    fn defaults_are_16_colours_on_a_dark_background() {
        assert_eq!(
            Colors::default(),
            Colors {
                depth: ColorDepth::Ansi16,
                background: Background::Dark
            }
        );
    }
}
