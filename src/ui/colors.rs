//! The theme's colours: one per role, for a dark or a light background, at
//! the depth the terminal has. With 16 colours only the ANSI ones (which
//! the user's terminal theme may redefine); with 256, the palette's fixed
//! entries (16–255), the same in every terminal; with 24 bits, those
//! shades exactly. On a light background nothing is white, yellow or a
//! pale bright colour; every text colour keeps a contrast of 3 or more
//! with the background in xterm's palette (tested below).

use ratatui::style::Color;

use crate::colors::{xterm_rgb, Background, ColorDepth, Colors};

/// What a colour is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The focused pane's border and title.
    Accent,
    /// Part and section titles.
    Heading,
    /// Secondary text: unfocused borders, hints, places.
    Muted,
    /// Footnote markers, matched characters, key names.
    Marker,
    /// Quantities marked in the text.
    Figure,
    /// The text of a search hit.
    HitText,
    /// The background of a search hit.
    HitBack,
    /// The 2024 result's bars.
    Result,
    /// The 2025 target's bars.
    Target,
}

impl Role {
    /// Every role, for tests and tables.
    pub const ALL: [Role; 9] = [
        Role::Accent,
        Role::Heading,
        Role::Muted,
        Role::Marker,
        Role::Figure,
        Role::HitText,
        Role::HitBack,
        Role::Result,
        Role::Target,
    ];

    /// The roles that colour text (or bars) drawn on the background.
    pub fn on_background(self) -> bool {
        !matches!(self, Role::HitText | Role::HitBack)
    }
}

/// A role's colour: an ANSI colour and a fixed 256-palette entry.
fn entry(role: Role, background: Background) -> (Color, u8) {
    use Role::*;
    match background {
        Background::Dark => match role {
            Accent => (Color::Cyan, 38),
            Heading => (Color::LightBlue, 75),
            Muted => (Color::DarkGray, 245),
            Marker => (Color::Magenta, 170),
            Figure => (Color::Green, 78),
            HitText => (Color::Black, 16),
            HitBack => (Color::Yellow, 220),
            Result => (Color::LightBlue, 75),
            Target => (Color::Magenta, 170),
        },
        // Dark ink only: xterm's green (0,205,0) is too pale on white, so
        // figures are red there.
        Background::Light => match role {
            Accent => (Color::Blue, 25),
            Heading => (Color::Blue, 25),
            Muted => (Color::DarkGray, 242),
            Marker => (Color::Magenta, 127),
            Figure => (Color::Red, 124),
            HitText => (Color::Black, 16),
            HitBack => (Color::Yellow, 220),
            Result => (Color::Blue, 25),
            Target => (Color::Magenta, 127),
        },
    }
}

/// The colour of `role` with these colour inputs.
pub fn color(role: Role, colors: Colors) -> Color {
    let (ansi, index) = entry(role, colors.background);
    match colors.depth {
        ColorDepth::Ansi16 => ansi,
        ColorDepth::Ansi256 => Color::Indexed(index),
        ColorDepth::TrueColor => {
            let (r, g, b) = xterm_rgb(index);
            Color::Rgb(r, g, b)
        }
    }
}

/// The ANSI number (0–15) of a named colour.
pub fn ansi_index(color: Color) -> Option<u8> {
    Some(match color {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        _ => return None,
    })
}

/// The red, green and blue a colour shows in xterm's default palette
/// (None for the terminal's own default colour).
pub fn rgb_of(color: Color) -> Option<(u8, u8, u8)> {
    let index = match color {
        Color::Reset => return None,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => return Some((r, g, b)),
        named => ansi_index(named)?,
    };
    Some(xterm_rgb(index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colors::contrast;

    const DEPTHS: [ColorDepth; 3] = [
        ColorDepth::Ansi16,
        ColorDepth::Ansi256,
        ColorDepth::TrueColor,
    ];

    fn colors(depth: ColorDepth, background: Background) -> Colors {
        Colors { depth, background }
    }

    #[test]
    fn each_depth_uses_only_its_own_kind_of_colour() {
        for background in [Background::Dark, Background::Light] {
            for role in Role::ALL {
                let c16 = color(role, colors(ColorDepth::Ansi16, background));
                assert!(
                    !matches!(c16, Color::Indexed(_) | Color::Rgb(..) | Color::Reset),
                    "{role:?}: {c16:?}"
                );
                let c256 = color(role, colors(ColorDepth::Ansi256, background));
                // Fixed entries only: the first 16 follow the user's theme.
                assert!(matches!(c256, Color::Indexed(i) if i >= 16), "{c256:?}");
                let rgb = color(role, colors(ColorDepth::TrueColor, background));
                assert!(matches!(rgb, Color::Rgb(..)), "{rgb:?}");
                assert_eq!(rgb_of(c256), rgb_of(rgb));
            }
        }
    }

    #[test]
    fn every_colour_reads_on_its_background() {
        let back = |b| match b {
            Background::Dark => (0, 0, 0),
            Background::Light => (255, 255, 255),
        };
        for background in [Background::Dark, Background::Light] {
            for depth in DEPTHS {
                let c = colors(depth, background);
                for role in Role::ALL.into_iter().filter(|r| r.on_background()) {
                    let rgb = rgb_of(color(role, c)).unwrap_or((0, 0, 0));
                    let ratio = contrast(rgb, back(background));
                    assert!(
                        ratio >= 3.0,
                        "{role:?} {depth:?} {background:?}: {ratio:.2}"
                    );
                }
                let hit = contrast(
                    rgb_of(color(Role::HitText, c)).unwrap_or((0, 0, 0)),
                    rgb_of(color(Role::HitBack, c)).unwrap_or((0, 0, 0)),
                );
                assert!(hit >= 7.0, "a search hit (招商) {depth:?}: {hit:.2}");
            }
        }
    }

    #[test]
    fn the_light_theme_has_no_pale_text() {
        let pale = [
            Color::White,
            Color::Gray,
            Color::Yellow,
            Color::LightYellow,
            Color::LightCyan,
            Color::LightGreen,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightRed,
            Color::Cyan,
            Color::Green,
        ];
        for role in Role::ALL.into_iter().filter(|r| r.on_background()) {
            let c = color(role, colors(ColorDepth::Ansi16, Background::Light));
            assert!(!pale.contains(&c), "{role:?}: {c:?} on white");
        }
    }
}
