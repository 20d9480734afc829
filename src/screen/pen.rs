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
        // Written in place, parameters separated by `;` (no strings made:
        // the writer asks what each pen costs, for every pen of a frame).
        let mut params = Params::new(out);
        let from = if (self.modifier - to.modifier).is_empty() {
            modifier_params(to.modifier - self.modifier, &mut params);
            self
        } else if to == Pen::RESET {
            params.out.extend_from_slice(b"\x1b[m");
            return;
        } else {
            params.push(b"0");
            modifier_params(to.modifier, &mut params);
            Pen::RESET
        };
        if to.fg != from.fg {
            params.color(to.fg, depth, false);
        }
        if to.bg != from.bg {
            params.color(to.bg, depth, true);
        }
        params.finish();
    }
}

/// An SGR sequence being written: `ESC [`, the parameters, `m`; nothing
/// at all if there is no parameter.
struct Params<'a> {
    out: &'a mut Vec<u8>,
    any: bool,
}

impl<'a> Params<'a> {
    fn new(out: &'a mut Vec<u8>) -> Params<'a> {
        Params { out, any: false }
    }

    fn separate(&mut self) {
        self.out
            .extend_from_slice(if self.any { b";" } else { b"\x1b[" });
        self.any = true;
    }

    fn push(&mut self, param: &[u8]) {
        self.separate();
        self.out.extend_from_slice(param);
    }

    fn number(&mut self, n: u8) {
        self.separate();
        push_decimal(self.out, n);
    }

    fn color(&mut self, color: Color, depth: ColorDepth, background: bool) {
        self.separate();
        push_color(self.out, color, depth, background);
    }

    fn finish(self) {
        if self.any {
            self.out.push(b'm');
        }
    }
}

fn push_decimal(out: &mut Vec<u8>, n: u8) {
    if n >= 100 {
        out.push(b'0' + n / 100);
    }
    if n >= 10 {
        out.push(b'0' + n / 10 % 10);
    }
    out.push(b'0' + n % 10);
}

/// The SGR parameters that set `m` (after a reset).
fn modifier_params(m: Modifier, params: &mut Params) {
    let codes = [
        (Modifier::BOLD, 1),
        (Modifier::DIM, 2),
        (Modifier::ITALIC, 3),
        (Modifier::UNDERLINED, 4),
        (Modifier::SLOW_BLINK, 5),
        (Modifier::RAPID_BLINK, 6),
        (Modifier::REVERSED, 7),
        (Modifier::HIDDEN, 8),
        (Modifier::CROSSED_OUT, 9),
    ];
    for (flag, code) in codes {
        if m.contains(flag) {
            params.number(code);
        }
    }
}

/// The SGR parameters of a colour, `fg` or behind (`bg`), once brought
/// down to `depth`: the 16 ANSI colours as 30–37 and 90–97 (40–47 and
/// 100–107 behind), the 256 palette as `38;5;n`, 24-bit as `38;2;r;g;b`.
pub fn color_params(color: Color, depth: ColorDepth, background: bool) -> String {
    let mut out = Vec::new();
    push_color(&mut out, color, depth, background);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`color_params`], written at the end of `out`.
fn push_color(out: &mut Vec<u8>, color: Color, depth: ColorDepth, background: bool) {
    let color = fit_depth(color, depth);
    let (base, bright, extended) = if background {
        (40, 100, 48)
    } else {
        (30, 90, 38)
    };
    let ansi = |out: &mut Vec<u8>, i: u8| {
        push_decimal(out, if i < 8 { base + i } else { bright + i - 8 });
    };
    match color {
        Color::Reset => push_decimal(out, base + 9),
        Color::Indexed(i) if i < 16 => ansi(out, i),
        Color::Indexed(i) => {
            push_decimal(out, extended);
            out.extend_from_slice(b";5;");
            push_decimal(out, i);
        }
        Color::Rgb(r, g, b) => {
            push_decimal(out, extended);
            out.extend_from_slice(b";2;");
            for (k, c) in [r, g, b].into_iter().enumerate() {
                if k > 0 {
                    out.push(b';');
                }
                push_decimal(out, c);
            }
        }
        named => ansi(out, ansi_index(named).unwrap_or(0)),
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

    /// The SGR as parameters joined by `;`: how it was written before it
    /// was written in place (an oracle).
    fn sgr_by_strings(from: Pen, to: Pen, depth: ColorDepth) -> String {
        if from == to {
            return String::new();
        }
        let names = |m: Modifier| -> Vec<String> {
            [
                Modifier::BOLD,
                Modifier::DIM,
                Modifier::ITALIC,
                Modifier::UNDERLINED,
                Modifier::SLOW_BLINK,
                Modifier::RAPID_BLINK,
                Modifier::REVERSED,
                Modifier::HIDDEN,
                Modifier::CROSSED_OUT,
            ]
            .iter()
            .enumerate()
            .filter(|(_, f)| m.contains(**f))
            .map(|(i, _)| (i + 1).to_string())
            .collect()
        };
        let mut params = Vec::new();
        let base = if (from.modifier - to.modifier).is_empty() {
            params.extend(names(to.modifier - from.modifier));
            from
        } else if to == Pen::RESET {
            return "\x1b[m".to_string();
        } else {
            params.push("0".to_string());
            params.extend(names(to.modifier));
            Pen::RESET
        };
        if to.fg != base.fg {
            params.push(color_params(to.fg, depth, false));
        }
        if to.bg != base.bg {
            params.push(color_params(to.bg, depth, true));
        }
        if params.is_empty() {
            String::new()
        } else {
            format!("\x1b[{}m", params.join(";"))
        }
    }

    #[test]
    fn every_change_is_the_parameters_joined() {
        let colors = [
            Color::Reset,
            Color::Cyan,
            Color::LightYellow,
            Color::Indexed(3),
            Color::Indexed(245),
            Color::Rgb(0, 175, 215),
            Color::Rgb(255, 5, 100),
        ];
        let modifiers = [
            Modifier::empty(),
            Modifier::BOLD,
            Modifier::BOLD | Modifier::UNDERLINED | Modifier::REVERSED,
            Modifier::ITALIC | Modifier::CROSSED_OUT,
        ];
        let mut pens = Vec::new();
        for fg in colors {
            for bg in [Color::Reset, Color::Indexed(236), Color::Rgb(10, 20, 30)] {
                for modifier in modifiers {
                    pens.push(Pen { fg, bg, modifier });
                }
            }
        }
        for depth in [
            ColorDepth::Ansi16,
            ColorDepth::Ansi256,
            ColorDepth::TrueColor,
        ] {
            for &from in &pens {
                for &to in &pens {
                    let mut out = b"\xe6\x9c\x9b".to_vec(); // 望, before it
                    from.change_to(to, depth, &mut out);
                    assert_eq!(&out[..3], "望".as_bytes());
                    let got = String::from_utf8(out[3..].to_vec()).unwrap();
                    assert_eq!(got, sgr_by_strings(from, to, depth), "{from:?} -> {to:?}");
                }
            }
        }
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
