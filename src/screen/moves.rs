//! Cursor moves, the shortest of the ways a terminal offers.

use super::grid::{Grid, UNKNOWN};
use super::pen::Pen;

/// Where the cursor stands, for the moves: `(x, y)`, where `x` is the
/// screen's width after a write to the last column (the cursor waits
/// there to wrap: only CR, CHA and CUP are sure to take it somewhere).
pub type Cursor = Option<(u16, u16)>;

/// What the moves need to know of the screen.
#[derive(Debug, Clone, Copy)]
pub struct Screen<'a> {
    pub grid: &'a Grid,
    /// The terminal's pen, when known (cells in it can be written again).
    pub pen: Option<Pen>,
    /// The top/bottom scroll region left set (rows, inclusive), if any:
    /// LF scrolls at its bottom, CUU and CUD stop at its edges.
    pub region: Option<(u16, u16)>,
}

/// LF is sent at most this many times in a row (beyond, CUD is as short).
const LF_MAX: u16 = 4;

/// Append the shortest bytes that take the cursor from `from` (unknown
/// when None) to column `x`, row `y` (0-based). The candidates: CUP (`ESC
/// [ r ; c H`); a vertical move (VPA `ESC [ r d`, CUD, CUU, or LF, which
/// the terminal, with output processing off in raw mode, takes down a row
/// keeping the column; never where it would scroll) followed by a
/// horizontal one (CHA `ESC [ c G`, CUF, CUB, BS, writing again the
/// unchanged cells in between when writing them changes nothing); CR,
/// then LFs, then right. Nothing when the cursor is already there.
///
/// Each candidate is built in a [`Seq`] on the stack: this runs for every
/// cell a frame paints out of order, several times per frame.
pub fn move_to(from: Cursor, x: u16, y: u16, at: Screen, out: &mut Vec<u8>) {
    if from == Some((x, y)) {
        return;
    }
    let mut best = cup(x, y);
    let mut consider = |bytes: Seq| {
        if bytes.len() < best.len() {
            best = bytes;
        }
    };
    if let Some((cx, cy)) = from {
        if y > cy && lf_ok(cy, y, at) {
            let mut v = Seq::of(b"\r");
            v.repeat(b'\n', y - cy);
            v.append(&from_left(x, y, at));
            consider(v);
        }
        let pending = cx >= at.grid.width;
        if !pending {
            let h = horizontal(cx, x, y, at);
            for v in verticals(cy, y, at).into_iter().flatten() {
                let mut v = v;
                v.append(&h);
                consider(v);
            }
        } else if cy == y {
            // CHA, and CR, end the wait.
            consider(cha(x));
            let mut v = Seq::of(b"\r");
            v.append(&from_left(x, y, at));
            consider(v);
        }
    }
    out.extend_from_slice(best.as_slice());
}

/// A short byte sequence on the stack: a candidate move. One that would
/// not fit is as long as can be (never chosen).
#[derive(Clone, Copy)]
struct Seq {
    len: u8,
    bytes: [u8; Seq::CAP],
}

impl Seq {
    const CAP: usize = 40;
    const EMPTY: Seq = Seq {
        len: 0,
        bytes: [0; Seq::CAP],
    };
    const FULL: u8 = u8::MAX;

    fn of(s: &[u8]) -> Seq {
        let mut v = Seq::EMPTY;
        v.extend(s);
        v
    }

    fn len(&self) -> usize {
        match self.len {
            Seq::FULL => usize::MAX,
            n => usize::from(n),
        }
    }

    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len().min(Seq::CAP)]
    }

    fn push(&mut self, b: u8) {
        let n = self.len();
        match self.bytes.get_mut(n) {
            Some(slot) => {
                *slot = b;
                self.len += 1;
            }
            None => self.len = Seq::FULL,
        }
    }

    fn extend(&mut self, s: &[u8]) {
        for &b in s {
            self.push(b);
        }
    }

    fn append(&mut self, other: &Seq) {
        if other.len == Seq::FULL {
            self.len = Seq::FULL;
        } else {
            self.extend(other.as_slice());
        }
    }

    fn repeat(&mut self, b: u8, n: u16) {
        for _ in 0..n {
            self.push(b);
        }
    }

    /// `n` in decimal.
    fn number(&mut self, n: u32) {
        let mut digits = [0u8; 10];
        let mut i = digits.len();
        let mut n = n;
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.extend(&digits[i..]);
    }
}

/// The ways from row `cy` to row `y`, the column kept (at most three).
fn verticals(cy: u16, y: u16, at: Screen) -> [Option<Seq>; 3] {
    if cy == y {
        return [Some(Seq::EMPTY), None, None];
    }
    let mut vpa = Seq::of(b"\x1b[");
    vpa.number(u32::from(y) + 1);
    vpa.push(b'd');
    let mut ways = [Some(vpa), None, None];
    let (top, bottom) = at.region.unwrap_or((0, at.grid.height.saturating_sub(1)));
    if y > cy {
        // CUD stops at the region's bottom when it starts above it.
        if !(cy <= bottom && y > bottom) {
            ways[1] = Some(csi_n(y - cy, b'B'));
        }
        if lf_ok(cy, y, at) {
            let mut lf = Seq::EMPTY;
            lf.repeat(b'\n', y - cy);
            ways[2] = Some(lf);
        }
    } else if !(cy >= top && y < top) {
        ways[1] = Some(csi_n(cy - y, b'A'));
    }
    ways
}

/// Whether LFs take the cursor from row `cy` down to row `y`: few enough,
/// and none from the screen's last row or the scroll region's bottom,
/// where it would scroll.
fn lf_ok(cy: u16, y: u16, at: Screen) -> bool {
    let last = at.grid.height.saturating_sub(1);
    let stop = at.region.map_or(last, |(_, bottom)| bottom);
    y - cy <= LF_MAX && y <= last && !(cy..y).any(|r| r == stop || r >= last)
}

/// The shortest way along row `y` from column `cx` to `x`.
fn horizontal(cx: u16, x: u16, y: u16, at: Screen) -> Seq {
    if cx == x {
        return Seq::EMPTY;
    }
    let mut best = cha(x);
    let mut consider = |bytes: Seq| {
        if bytes.len() < best.len() {
            best = bytes;
        }
    };
    if x > cx {
        consider(csi_n(x - cx, b'C'));
        if let Some(bytes) = rewrite(at, cx, x, y) {
            consider(bytes);
        }
    } else {
        let n = cx - x;
        consider(csi_n(n, b'D'));
        if n <= 3 {
            let mut bs = Seq::EMPTY;
            bs.repeat(0x08, n);
            consider(bs);
        }
        let mut cr = Seq::of(b"\r");
        cr.append(&from_left(x, y, at));
        consider(cr);
    }
    best
}

/// The shortest way from column 0 of row `y` to column `x`.
fn from_left(x: u16, y: u16, at: Screen) -> Seq {
    if x == 0 {
        return Seq::EMPTY;
    }
    match rewrite(at, 0, x, y) {
        Some(bytes) if bytes.len() < 4 => bytes,
        _ => csi_n(x, b'C'),
    }
}

/// CUP to column `x`, row `y` (0-based), with the defaults left out.
fn cup(x: u16, y: u16) -> Seq {
    let mut v = Seq::of(b"\x1b[");
    if (x, y) != (0, 0) {
        v.number(u32::from(y) + 1);
        if x != 0 {
            v.push(b';');
            v.number(u32::from(x) + 1);
        }
    }
    v.push(b'H');
    v
}

/// CHA to column `x` (0-based).
fn cha(x: u16) -> Seq {
    let mut v = Seq::of(b"\x1b[");
    if x != 0 {
        v.number(u32::from(x) + 1);
    }
    v.push(b'G');
    v
}

/// `ESC [ n F`, with n left out when 1.
fn csi_n(n: u16, f: u8) -> Seq {
    let mut v = Seq::of(b"\x1b[");
    if n != 1 {
        v.number(u32::from(n));
    }
    v.push(f);
    v
}

/// The bytes of the cells from column `from` to `to` of row `y` as the
/// screen shows them, when writing them again in the current pen changes
/// nothing: each a whole cluster, known, one character wide as any
/// terminal draws it, or a hanzi; drawn in that pen, or a blank the pen
/// draws the same (see [`super::grid::Slot::drawn_by`]).
fn rewrite(at: Screen, from: u16, to: u16, y: u16) -> Option<Seq> {
    let pen = at.pen?;
    let mut out = Seq::EMPTY;
    let mut x = from;
    while x < to {
        let slot = at.grid.at(x, y);
        if slot.width == 0 || slot.width == UNKNOWN || !slot.drawn_by(pen) {
            return None;
        }
        let symbol = slot.symbol.as_str()?;
        let mut chars = symbol.chars();
        if chars.next().is_none() || chars.next().is_some() {
            return None;
        }
        out.extend(symbol.as_bytes());
        x += u16::from(slot.width);
        if out.len() > 8 {
            return None;
        }
    }
    (x == to).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colors::ColorDepth;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    fn grid(rows: &[&str], w: u16, h: u16) -> Grid {
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        for (y, row) in rows.iter().enumerate() {
            buf.set_string(0, y as u16, row, Style::new().fg(Color::Cyan));
        }
        Grid::from_buffer(&buf, ColorDepth::Ansi16)
    }

    fn go(from: Cursor, x: u16, y: u16, at: Screen) -> String {
        let mut out = Vec::new();
        move_to(from, x, y, at, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    fn screen(g: &Grid) -> Screen<'_> {
        Screen {
            grid: g,
            pen: None,
            region: None,
        }
    }

    #[test]
    fn one_or_two_columns_left_are_backspaces() {
        let g = grid(&["望花區人民政府"], 20, 4);
        assert_eq!(go(Some((6, 0)), 5, 0, screen(&g)), "\x08");
        assert_eq!(go(Some((6, 0)), 4, 0, screen(&g)), "\x08\x08");
        // Far left: CHA (or CR, then right: as long).
        assert_eq!(go(Some((12, 0)), 1, 0, screen(&g)), "\x1b[2G");
        assert_eq!(go(Some((12, 0)), 0, 0, screen(&g)), "\r");
    }

    #[test]
    fn a_row_or_two_down_are_line_feeds_with_a_horizontal_move() {
        let g = grid(&["望花區", "人民政府", "工作報告"], 20, 4);
        // Down one, the column kept: LF.
        assert_eq!(go(Some((4, 0)), 4, 1, screen(&g)), "\n");
        // Down one and back one (a border below a border): BS LF.
        assert_eq!(go(Some((5, 0)), 4, 1, screen(&g)), "\n\x08");
        // Down two, to the start: CR LF LF.
        assert_eq!(go(Some((9, 0)), 0, 2, screen(&g)), "\r\n\n");
        // Down to the last row: LFs from the rows above it.
        assert_eq!(go(Some((2, 1)), 2, 3, screen(&g)), "\n\n");
    }

    #[test]
    fn no_line_feed_from_a_scroll_regions_bottom_nor_cud_out_of_it() {
        let g = grid(&["望花區", "人民政府"], 20, 6);
        let at = Screen {
            region: Some((1, 2)),
            ..screen(&g)
        };
        // From row 2 (the region's bottom) to row 3: LF would scroll, CUD
        // would stop at row 2.
        let m = go(Some((4, 2)), 4, 3, at);
        assert!(!m.contains('\n') && !m.contains('B'), "{m:?}");
        // From row 1 up to row 0: CUU would stop at the region's top.
        let m = go(Some((4, 1)), 4, 0, at);
        assert!(!m.ends_with('A'), "{m:?}");
        // Within the region: LF.
        assert_eq!(go(Some((4, 1)), 4, 2, at), "\n");
    }

    #[test]
    fn after_the_last_column_only_cr_cha_and_cup() {
        let g = grid(&["望花區", "人民政府"], 10, 4);
        // The cursor waits to wrap after column 9 of row 0.
        assert_eq!(go(Some((10, 0)), 0, 1, screen(&g)), "\r\n");
        assert_eq!(go(Some((10, 0)), 3, 0, screen(&g)), "\x1b[4G");
        assert_eq!(go(Some((10, 0)), 8, 1, screen(&g)), "\x1b[2;9H");
    }

    #[test]
    fn blanks_are_written_again_in_a_pen_that_draws_them_the_same() {
        let g = grid(&["望 花"], 10, 2);
        let cyan = Pen {
            fg: Color::Cyan,
            ..Pen::RESET
        };
        let at = Screen {
            pen: Some(cyan),
            ..screen(&g)
        };
        // From after 望 to 花: the blank written again, in cyan.
        assert_eq!(go(Some((2, 0)), 3, 0, at), " ");
        // A pen with a background does not draw a blank the same.
        let behind = Screen {
            pen: Some(Pen {
                bg: Color::Blue,
                ..cyan
            }),
            ..at
        };
        assert_eq!(go(Some((2, 0)), 3, 0, behind), "\x1b[C");
    }
}
