//! The terminal's drawing state (SGR): colours and attributes, and the
//! shortest sequence from one state to another.

use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};

use crate::colors::{nearest_256, nearest_ansi16, xterm_rgb, ColorDepth};
use crate::ui::colors::ansi_index;

/// Attributes that show on a blank cell: a blank with them is not erased
/// space.
pub const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT);

/// Colours and attributes, as SGR sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pen {
    pub fg: Color,
    pub bg: Color,
    pub modifier: Modifier,
}

impl Pen {
    /// What SGR 0 leaves: default colours, no attributes.
    pub const RESET: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };

    /// The pen a cell is drawn with.
    pub fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier,
        }
    }

    /// The same pen, for drawing in a `depth`-colour terminal: colours the
    /// terminal lacks become the nearest it has, so that two pens that
    /// draw the same compare equal.
    pub fn fitted(self, depth: ColorDepth) -> Pen {
        Pen {
            fg: fit_depth(self.fg, depth),
            bg: fit_depth(self.bg, depth),
            modifier: self.modifier,
        }
    }

    /// The shortest SGR that takes the terminal from `self` to `to`
    /// (nothing when they are equal): a reset first only when an attribute
    /// goes away, then only what differs.
    pub fn change_to(self, to: Pen, depth: ColorDepth, out: &mut Vec<u8>) {
        if self == to {
            return;
        }
        let mut params: Vec<String> = Vec::new();
        let from = if (self.modifier - to.modifier).is_empty() {
            modifier_params(to.modifier - self.modifier, &mut params);
            self
        } else if to == Pen::RESET {
            out.extend_from_slice(b"\x1b[m");
            return;
        } else {
            params.push("0".to_string());
            modifier_params(to.modifier, &mut params);
            Pen::RESET
        };
        if to.fg != from.fg {
            params.push(color_params(to.fg, depth, false));
        }
        if to.bg != from.bg {
            params.push(color_params(to.bg, depth, true));
        }
        if !params.is_empty() {
            out.extend_from_slice(format!("\x1b[{}m", params.join(";")).as_bytes());
        }
    }
}

/// The SGR parameters that set `m` (after a reset).
fn modifier_params(m: Modifier, out: &mut Vec<String>) {
    let codes = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    for (flag, code) in codes {
        if m.contains(flag) {
            out.push(code.to_string());
        }
    }
}

/// The SGR parameters of a colour, `fg` or behind (`bg`), once brought
/// down to `depth`: the 16 ANSI colours as 30–37 and 90–97 (40–47 and
/// 100–107 behind), the 256 palette as `38;5;n`, 24-bit as `38;2;r;g;b`.
pub fn color_params(color: Color, depth: ColorDepth, background: bool) -> String {
    let color = fit_depth(color, depth);
    let (base, bright, extended) = if background {
        (40, 100, 48)
    } else {
        (30, 90, 38)
    };
    let ansi = |i: u8| {
        if i < 8 {
            (base + i).to_string()
        } else {
            (bright + i - 8).to_string()
        }
    };
    match color {
        Color::Reset => (base + 9).to_string(),
        Color::Indexed(i) if i < 16 => ansi(i),
        Color::Indexed(i) => format!("{extended};5;{i}"),
        Color::Rgb(r, g, b) => format!("{extended};2;{r};{g};{b}"),
        named => ansi(ansi_index(named).unwrap_or(0)),
    }
}

/// A colour the terminal has: 24-bit colour becomes the nearest fixed
/// palette entry on a 256-colour terminal, and any colour beyond the 16
/// the nearest of those on a 16-colour one.
pub fn fit_depth(color: Color, depth: ColorDepth) -> Color {
    let rgb = match color {
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) if i >= 16 => xterm_rgb(i),
        other => return other,
    };
    match (depth, color) {
        (ColorDepth::TrueColor, _) | (ColorDepth::Ansi256, Color::Indexed(_)) => color,
        (ColorDepth::Ansi256, _) => Color::Indexed(nearest_256(rgb)),
        (ColorDepth::Ansi16, _) => Color::Indexed(nearest_ansi16(rgb)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sgr(from: Pen, to: Pen) -> String {
        let mut out = Vec::new();
        from.change_to(to, ColorDepth::Ansi256, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn only_what_differs_is_sent() {
        let cyan = Pen {
            fg: Color::Cyan,
            ..Pen::RESET
        };
        let bold_cyan = Pen {
            modifier: Modifier::BOLD,
            ..cyan
        };
        assert_eq!(sgr(Pen::RESET, Pen::RESET), "");
        assert_eq!(sgr(Pen::RESET, cyan), "\x1b[36m");
        assert_eq!(sgr(cyan, bold_cyan), "\x1b[1m");
        // An attribute going away needs a reset, then what stays.
        assert_eq!(sgr(bold_cyan, cyan), "\x1b[0;36m");
        assert_eq!(sgr(bold_cyan, Pen::RESET), "\x1b[m");
        assert_eq!(
            sgr(
                cyan,
                Pen {
                    bg: Color::Indexed(245),
                    ..cyan
                }
            ),
            "\x1b[48;5;245m"
        );
    }

    #[test]
    fn named_colours_are_the_16_ansi_codes() {
        let named = [
            (Color::Black, "30"),
            (Color::Red, "31"),
            (Color::Green, "32"),
            (Color::Yellow, "33"),
            (Color::Blue, "34"),
            (Color::Magenta, "35"),
            (Color::Cyan, "36"),
            (Color::Gray, "37"),
            (Color::DarkGray, "90"),
            (Color::LightRed, "91"),
            (Color::LightGreen, "92"),
            (Color::LightYellow, "93"),
            (Color::LightBlue, "94"),
            (Color::LightMagenta, "95"),
            (Color::LightCyan, "96"),
            (Color::White, "97"),
            (Color::Reset, "39"),
        ];
        for depth in [
            ColorDepth::Ansi16,
            ColorDepth::Ansi256,
            ColorDepth::TrueColor,
        ] {
            for (color, code) in named {
                assert_eq!(color_params(color, depth, false), code, "{color:?}");
                let bg = (code.parse::<u8>().unwrap() + 10).to_string();
                assert_eq!(color_params(color, depth, true), bg, "{color:?}");
            }
        }
    }

    #[test]
    fn deeper_colours_come_down_to_the_terminals_depth() {
        let teal = Color::Rgb(0, 175, 215);
        assert_eq!(
            color_params(teal, ColorDepth::TrueColor, false),
            "38;2;0;175;215"
        );
        assert_eq!(color_params(teal, ColorDepth::Ansi256, false), "38;5;38");
        assert_eq!(color_params(teal, ColorDepth::Ansi16, false), "36");
        let grey = Color::Indexed(245);
        assert_eq!(color_params(grey, ColorDepth::Ansi256, true), "48;5;245");
        assert_eq!(color_params(grey, ColorDepth::Ansi16, true), "100");
        assert_eq!(
            color_params(Color::Indexed(3), ColorDepth::Ansi16, false),
            "33"
        );
    }
}
