//! A ratatui backend that writes colours as the terminal can take them.
//!
//! crossterm writes every named colour in the 256-colour form: ratatui's
//! `Color::DarkGray` becomes `38;5;8`, `Color::Cyan` `38;5;6`, even
//! `Color::Black` `38;5;0`, which a 16-colour terminal (`xterm-16color`,
//! the Linux console) cannot read. This backend draws cells itself: the 16
//! ANSI colours as SGR 30–37 and 90–97 (40–47, 100–107 behind), the 256
//! palette as `38;5;n` and 24-bit colour as `38;2;r;g;b`, and nothing
//! deeper than the terminal's depth: a colour beyond it becomes the
//! nearest one it has. Everything else (the cursor, clearing, the size) is
//! crossterm's, through the `CrosstermBackend` it wraps. Each frame goes
//! out in one write.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

use crate::colors::{nearest_256, nearest_ansi16, ColorDepth};
use crate::ui::colors::ansi_index;

/// A backend for `writer` that writes colours no deeper than `depth`.
#[derive(Debug)]
pub struct ColorBackend<W: Write> {
    inner: CrosstermBackend<W>,
    depth: ColorDepth,
}

impl<W: Write> ColorBackend<W> {
    /// Draw into `writer` with colours of at most `depth`.
    pub fn new(writer: W, depth: ColorDepth) -> ColorBackend<W> {
        ColorBackend {
            inner: CrosstermBackend::new(writer),
            depth,
        }
    }
}

/// The SGR parameters of a colour, `fg` or behind (`bg`), once brought
/// down to `depth`.
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
        Color::Indexed(i) if i >= 16 => crate::colors::xterm_rgb(i),
        other => return other,
    };
    match (depth, color) {
        (ColorDepth::TrueColor, _) | (ColorDepth::Ansi256, Color::Indexed(_)) => color,
        (ColorDepth::Ansi256, _) => Color::Indexed(nearest_256(rgb)),
        (ColorDepth::Ansi16, _) => Color::Indexed(nearest_ansi16(rgb)),
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

/// The style the terminal is in while a frame is written.
#[derive(Clone, Copy, PartialEq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Pen {
    const RESET: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };

    /// One SGR sequence that takes the terminal from `self` to `to`: a
    /// reset first when an attribute goes away, then what differs.
    fn change_to(self, to: Pen, depth: ColorDepth, out: &mut Vec<u8>) {
        let mut params = Vec::new();
        let from = if self.modifier - to.modifier == Modifier::empty() {
            modifier_params(to.modifier - self.modifier, &mut params);
            self
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

/// Move the cursor to column `x`, row `y` (0-based): CUP.
fn move_to(out: &mut Vec<u8>, x: u16, y: u16) {
    out.extend_from_slice(format!("\x1b[{};{}H", y + 1, x + 1).as_bytes());
}

/// Whether terminals disagree on how wide `symbol` is drawn: a cluster of
/// several characters whose widths, summed one by one as a terminal
/// without grapheme support does (xterm, the Linux console, `vt100`), do
/// not give the cluster's width (VS16 emoji, ZWJ sequences, flags).
fn width_is_unsure(symbol: &str) -> bool {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let mut chars = symbol.chars();
    chars.next();
    !chars.as_str().is_empty()
        && symbol
            .chars()
            .map(|c| c.width().unwrap_or(0))
            .sum::<usize>()
            != symbol.width()
}

impl<W: Write> Write for ColorBackend<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for ColorBackend<W> {
    type Error = io::Error;

    /// The cells, each after a cursor move unless the cursor is already
    /// there, and a style change when it differs.
    ///
    /// The cursor is tracked by the cell's width as the layout measured it
    /// (a hanzi, or “ in wide ambiguous mode, advances it two columns), so
    /// no move is sent after a wide character. A cluster whose width
    /// terminals disagree on (❤️ is U+2764, one cell, and U+FE0F: xterm
    /// draws it one cell wide, kitty two) gets its hidden cells blanked
    /// first, then itself, and a move after it: either way the screen ends
    /// right. Cells a wide cluster hides are never written: a blank there
    /// would erase it.
    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut out = Vec::new();
        let mut pen = Pen::RESET;
        // Where the terminal's cursor is, when known.
        let mut cursor: Option<(u16, u16)> = None;
        // The row and the end of the last wide cluster written.
        let mut hidden: Option<(u16, u16)> = None;
        for (x, y, cell) in content {
            if hidden.is_some_and(|(hy, end)| hy == y && x < end) {
                continue;
            }
            let width = crate::ui::cells::width_of(cell).max(1);
            let unsure = width > 1 && width_is_unsure(cell.symbol());
            let want = Pen {
                fg: cell.fg,
                bg: cell.bg,
                modifier: cell.modifier,
            };
            if want != pen {
                pen.change_to(want, self.depth, &mut out);
                pen = want;
            }
            if unsure {
                move_to(&mut out, x + 1, y);
                out.extend(std::iter::repeat_n(b' ', usize::from(width - 1)));
                cursor = None;
            }
            if cursor != Some((x, y)) {
                move_to(&mut out, x, y);
            }
            out.extend_from_slice(cell.symbol().as_bytes());
            cursor = (!unsure).then_some((x.saturating_add(width), y));
            hidden = (width > 1).then_some((y, x.saturating_add(width)));
        }
        if pen != Pen::RESET {
            out.extend_from_slice(b"\x1b[0m");
        }
        self.inner.write_all(&out)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    /// The bytes of one frame of `buf` drawn from a blank screen.
    fn bytes(buf: &Buffer, depth: ColorDepth) -> String {
        let mut out = Vec::new();
        let mut backend = ColorBackend::new(&mut out, depth);
        let blank = Buffer::empty(buf.area);
        backend.draw(blank.diff(buf).into_iter()).unwrap();
        String::from_utf8(out).unwrap()
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

    #[test]
    fn wide_clusters_move_the_cursor_by_their_width() {
        use crate::text::AmbiWidth;
        use crate::ui::cells::put_str;
        // Wide ambiguous mode: “ and ” advance two columns, and nothing is
        // written over their right halves.
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        put_str(
            &mut buf,
            0,
            0,
            "牢“拼搶”工",
            Style::new(),
            12,
            AmbiWidth::Wide,
        );
        assert_eq!(bytes(&buf, ColorDepth::Ansi16), "\x1b[1;1H牢“拼搶”工");
        // An emoji with VS16: its hidden cell blanked first, then the
        // emoji, then a move, whatever width the terminal gives it.
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        put_str(&mut buf, 0, 0, "晴❤️好", Style::new(), 8, AmbiWidth::Narrow);
        assert_eq!(
            bytes(&buf, ColorDepth::Ansi16),
            "\x1b[1;1H晴\x1b[1;4H \x1b[1;3H❤\u{fe0f}\x1b[1;5H好"
        );
    }

    #[test]
    fn a_frame_sets_each_style_once_and_resets_at_the_end() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 2));
        let cyan = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
        buf.set_string(0, 0, "望花區", cyan);
        buf.set_string(6, 0, "29.8%", Style::new().fg(Color::Indexed(245)));
        buf.set_string(0, 1, "工作", Style::new().add_modifier(Modifier::REVERSED));
        let out = bytes(&buf, ColorDepth::Ansi16);
        // No move after a hanzi: the cursor is already past it.
        assert_eq!(
            out,
            "\x1b[1;36m\x1b[1;1H望花區\x1b[0;90m29.8%\
             \x1b[7;39m\x1b[2;1H工作\x1b[0m"
        );
        assert!(!out.contains("38;5;"));
        assert!(bytes(&buf, ColorDepth::Ansi256).contains("\x1b[0;38;5;245m29.8%"));
    }
}
