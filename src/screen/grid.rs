//! What the writer believes the terminal shows: a grid of slots, each a
//! cluster with its pen and width, or the covered half of a wide one.

use ratatui::buffer::Buffer;

use super::pen::{Pen, VISIBLE_ON_BLANK};
use crate::colors::ColorDepth;
use crate::ui::cells::width_of;

/// A cluster's text as a slot holds it, `Copy`, so that a grid copies as
/// plain memory (each frame copies the screen once per way it tries):
/// inline up to 12 bytes (a hanzi is 3, with a variation selector 6, a
/// flag 8), so that a slot is 24 bytes and a screen of 80×24 45 KB, not
/// 36 and 68 KB (each frame makes one, and the first frame two: memory
/// touched for the first time costs a page fault a page, issue 13);
/// longer (many combining marks, a long ZWJ sequence) by its hash and its
/// index in the table of the grid it came from (see [`Grid::text`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sym {
    len: u8,
    bytes: [u8; Sym::INLINE],
}

impl Sym {
    const INLINE: usize = 12;
    /// `len` of a long cluster: `bytes` hold its hash, then its index.
    const LONG: u8 = u8::MAX;
    pub const SPACE: Sym = Sym::short(b" ");

    const fn short(s: &[u8]) -> Sym {
        let mut bytes = [0; Sym::INLINE];
        let mut i = 0;
        while i < s.len() && i < Sym::INLINE {
            bytes[i] = s[i];
            i += 1;
        }
        Sym {
            len: i as u8,
            bytes,
        }
    }

    /// `s` inline, or None when it is too long for that.
    pub fn inline(s: &str) -> Option<Sym> {
        (s.len() <= Sym::INLINE).then(|| Sym::short(s.as_bytes()))
    }

    /// A long cluster: its FNV-1a hash (compared) and its index in the
    /// grid's table (read).
    fn long(s: &str, index: u32) -> Sym {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in s.as_bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let mut bytes = [0; Sym::INLINE];
        bytes[..8].copy_from_slice(&hash.to_le_bytes());
        bytes[8..12].copy_from_slice(&index.to_le_bytes());
        Sym {
            len: Sym::LONG,
            bytes,
        }
    }

    /// The text, when inline.
    pub fn as_str(&self) -> Option<&str> {
        if self.len == Sym::LONG {
            return None;
        }
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).ok()
    }

    fn is_space(&self) -> bool {
        self.len == 1 && self.bytes[0] == b' '
    }

    /// Whether two hold the same text (long ones by their hashes).
    fn same_text(&self, other: &Sym) -> bool {
        if self.len == Sym::LONG || other.len == Sym::LONG {
            self.len == other.len && self.bytes[..8] == other.bytes[..8]
        } else {
            self == other
        }
    }

    fn index(&self) -> Option<usize> {
        let mut i = [0; 4];
        i.copy_from_slice(&self.bytes[8..12]);
        (self.len == Sym::LONG).then(|| u32::from_le_bytes(i) as usize)
    }
}

/// One cell of the screen.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    /// The cluster drawn here (a space when blank).
    pub symbol: Sym,
    pub pen: Pen,
    /// Cells the cluster takes: 1 or 2 (or more); 0 for a cell covered by
    /// the wide cluster to its left; [`UNKNOWN`] where the terminal may
    /// show anything (after a cluster terminals disagree on).
    pub width: u8,
}

/// The width of a slot whose content is not known.
pub const UNKNOWN: u8 = u8::MAX;

impl Slot {
    /// Erased space: what ED, EL, ECH and scrolling leave (the pen's
    /// background is the default one whenever the writer erases).
    pub const fn blank() -> Slot {
        Slot {
            symbol: Sym::SPACE,
            pen: Pen::RESET,
            width: 1,
        }
    }

    fn unknown() -> Slot {
        Slot {
            width: UNKNOWN,
            ..Slot::blank()
        }
    }

    /// Whether the slot looks like erased space.
    pub fn is_blank(&self) -> bool {
        self.width == 1 && self.symbol.is_space() && self.pen == Pen::RESET
    }

    /// Whether writing this slot's cluster in `pen` shows it as it is:
    /// its own pen, or, for a blank (a space with no attribute that
    /// shows on one), any pen with its background and no attribute that
    /// shows on a blank (the foreground of a space does not show).
    pub fn drawn_by(&self, pen: Pen) -> bool {
        self.pen == pen
            || (self.width == 1
                && self.symbol.is_space()
                && self.pen.modifier.is_empty()
                && self.pen.bg == pen.bg
                && (pen.modifier & VISIBLE_ON_BLANK).is_empty())
    }

    /// Whether two slots look the same on the screen.
    pub fn same(&self, other: &Slot) -> bool {
        self.width != UNKNOWN
            && self.width == other.width
            && self.pen == other.pen
            && (self.width == 0 || self.symbol.same_text(&other.symbol))
    }
}

/// The screen: `width` × `height` slots, row by row, and the text of the
/// long clusters its slots name (a grid made from a buffer).
#[derive(Debug, Clone)]
pub struct Grid {
    pub width: u16,
    pub height: u16,
    slots: Vec<Slot>,
    long: Vec<Box<str>>,
}

impl Grid {
    /// A screen of erased space.
    pub fn blank(width: u16, height: u16) -> Grid {
        Grid {
            width,
            height,
            slots: vec![Slot::blank(); usize::from(width) * usize::from(height)],
            long: Vec::new(),
        }
    }

    /// The text of `slot`, a slot of this grid (a long cluster's from the
    /// table; "" for one this grid did not make).
    pub fn text<'a>(&'a self, slot: &'a Slot) -> &'a str {
        match slot.symbol.index() {
            Some(i) => self.long.get(i).map_or("", |s| s),
            None => slot.symbol.as_str().unwrap_or(""),
        }
    }

    /// The fingerprint of what the grid shows (see `shared.rs`): the
    /// size, and each slot's width, pen and text.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::fx::Fx::default();
        (self.width, self.height).hash(&mut h);
        for slot in &self.slots {
            h.write_u8(slot.width);
            slot.pen.hash(&mut h);
            h.write(self.text(slot).as_bytes());
        }
        h.finish_mixed()
    }

    /// Whether `other` shows exactly what this grid shows, slot by slot
    /// (a slot of unknown content differs from any other).
    pub fn identical(&self, other: &Grid) -> bool {
        self.width == other.width
            && self.height == other.height
            && self.slots.iter().zip(&other.slots).all(|(a, b)| {
                // (A long cluster by its hash, as `Slot::same` compares
                // it: a screen's slots may name another grid's table.)
                a.width != UNKNOWN
                    && a.width == b.width
                    && a.pen == b.pen
                    && a.symbol.same_text(&b.symbol)
            })
    }

    /// Become a copy of `other`, in this grid's memory.
    pub fn copy_from(&mut self, other: &Grid) {
        self.width = other.width;
        self.height = other.height;
        self.slots.clone_from(&other.slots);
        self.long.clone_from(&other.long);
    }

    /// The screen a rendered buffer should give, in a `depth`-colour
    /// terminal. A blank's foreground and its attributes that do not show
    /// on a blank are dropped (it looks the same without them); a wide
    /// cluster that would overrun the right edge becomes a blank.
    pub fn from_buffer(buf: &Buffer, depth: ColorDepth) -> Grid {
        let area = buf.area;
        let mut slots = Vec::with_capacity(usize::from(area.width) * usize::from(area.height));
        let mut long: Vec<Box<str>> = Vec::new();
        for y in 0..area.height {
            let mut x = 0;
            while x < area.width {
                let cell = &buf[(area.x + x, area.y + y)];
                let symbol = cell.symbol();
                // One byte: ASCII, one cell (what most of a screen holds).
                let w = if symbol.len() == 1 {
                    1
                } else {
                    width_of(cell).max(1)
                };
                let mut pen = Pen::of(cell).fitted(depth);
                let slot = if x + w > area.width || symbol.chars().any(char::is_control) {
                    Slot::blank()
                } else {
                    if symbol == " " {
                        pen.fg = ratatui::style::Color::Reset;
                        pen.modifier &= VISIBLE_ON_BLANK;
                    }
                    let symbol = Sym::inline(symbol).unwrap_or_else(|| {
                        let index = u32::try_from(long.len()).unwrap_or(u32::MAX);
                        long.push(symbol.into());
                        Sym::long(symbol, index)
                    });
                    Slot {
                        symbol,
                        pen,
                        width: u8::try_from(w).unwrap_or(1),
                    }
                };
                let w = u16::from(slot.width);
                slots.push(slot);
                for _ in x + 1..x + w {
                    slots.push(Slot {
                        width: 0,
                        ..Slot::blank()
                    });
                }
                x += w;
            }
        }
        Grid {
            width: area.width,
            height: area.height,
            slots,
            long,
        }
    }

    fn index(&self, x: u16, y: u16) -> usize {
        usize::from(y) * usize::from(self.width) + usize::from(x)
    }

    /// The slot at (x, y).
    pub fn at(&self, x: u16, y: u16) -> &Slot {
        &self.slots[self.index(x, y)]
    }

    /// Erase cells `from..to` of row `y`. The part of a wide cluster cut
    /// by either end that lies outside becomes unknown: terminals blank it,
    /// but some keep its colours (vt100, and xterm with its background), so
    /// it is painted again if the frame wants anything there.
    pub fn erase(&mut self, from: u16, to: u16, y: u16) {
        let to = to.min(self.width);
        if from >= to {
            return;
        }
        self.cut_ends(from, to, y);
        for x in from..to {
            let i = self.index(x, y);
            self.slots[i] = Slot::blank();
        }
    }

    /// Make unknown the parts outside `from..to` (of row `y`, `from` <
    /// `to` <= width) of the wide clusters either end cuts.
    fn cut_ends(&mut self, from: u16, to: u16, y: u16) {
        // The head of a cluster cut at the left end stands before `from`.
        let mut head = from;
        while head > 0 && self.at(head, y).width == 0 {
            head -= 1;
        }
        for x in head..from {
            let i = self.index(x, y);
            self.slots[i] = Slot::unknown();
        }
        // The tail of a cluster starting before `to` and reaching past it.
        let mut x = to;
        while x < self.width && self.at(x, y).width == 0 {
            let i = self.index(x, y);
            self.slots[i] = Slot::unknown();
            x += 1;
        }
    }

    /// Draw `slot` at (x, y), as a terminal does: the rest of whatever it
    /// overwrites half of is erased (and unknown, see [`Grid::erase`]).
    pub fn put(&mut self, x: u16, y: u16, slot: &Slot) {
        let w = u16::from(slot.width.max(1));
        // Only what either end cuts: the cells between are written below.
        if x < self.width {
            self.cut_ends(x, (x + w).min(self.width), y);
        }
        let at = self.index(x, y);
        self.slots[at] = *slot;
        for hidden in x + 1..(x + w).min(self.width) {
            let i = self.index(hidden, y);
            self.slots[i] = Slot {
                width: 0,
                ..Slot::blank()
            };
        }
    }

    /// Mark cells `from..to` of row `y` as not known, with the whole of
    /// any wide cluster either end cuts: a head kept known before a
    /// forgotten tail would be taken for the cluster and the tail never
    /// painted.
    pub fn forget(&mut self, from: u16, to: u16, y: u16) {
        let mut from = from.min(self.width);
        let mut to = to.min(self.width);
        if from >= to {
            return;
        }
        while from > 0 && self.at(from, y).width == 0 {
            from -= 1;
        }
        while to < self.width && self.at(to, y).width == 0 {
            to += 1;
        }
        for x in from..to {
            let i = self.index(x, y);
            self.slots[i] = Slot::unknown();
        }
    }

    /// Forget the cluster or clusters that straddle the edge between
    /// columns `edge - 1` and `edge` of row `y`, if any: a head on one side
    /// with its tail on the other.
    fn cut_at(&mut self, edge: u16, y: u16) {
        if edge == 0 || edge >= self.width {
            return;
        }
        let before = self.at(edge - 1, y).width;
        if self.at(edge, y).width == 0 || (before != UNKNOWN && before > 1) {
            self.forget(edge - 1, edge + 1, y);
        }
    }

    /// Move rows `top..bottom` (exclusive), columns `left..right`, up by
    /// `rows` (down when negative), as a scroll of that region does: the
    /// rows that come in are erased. A wide cluster cut by the region's
    /// side edges is forgotten.
    pub fn scroll(&mut self, left: u16, right: u16, top: u16, bottom: u16, rows: i32) {
        let height = i32::from(bottom) - i32::from(top);
        if height <= 0 || rows == 0 {
            return;
        }
        let n = rows.unsigned_abs().min(height.unsigned_abs()) as u16;
        let order: Vec<u16> = if rows > 0 {
            (top..bottom).collect()
        } else {
            (top..bottom).rev().collect()
        };
        for y in order {
            let from = if rows > 0 {
                y.checked_add(n).filter(|&s| s < bottom)
            } else {
                y.checked_sub(n).filter(|&s| s >= top)
            };
            for x in left..right {
                let slot = match from {
                    Some(src) => *self.at(x, src),
                    None => Slot::blank(),
                };
                let i = self.index(x, y);
                self.slots[i] = slot;
            }
            // Wide clusters cut by the edges: a head moved in whose tail
            // stayed out, a tail moved in whose head stayed out, and a
            // head left out whose tail was moved away (or erased).
            self.cut_at(left, y);
            self.cut_at(right, y);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_24_bytes_and_long_clusters_read_back() {
        assert_eq!(std::mem::size_of::<Slot>(), 24);
        // 望 inline; a family (ZWJ, 25 bytes) and 字 with five combining
        // marks (13 bytes) by hash and index.
        let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
        let marked = "字\u{301}\u{302}\u{303}\u{304}\u{305}";
        assert!(Sym::inline("望").is_some() && Sym::inline(family).is_none());
        assert!(Sym::inline(marked).is_none());
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 10, 1));
        buf[(0, 0)].set_symbol("望");
        buf[(2, 0)].set_symbol(marked);
        buf[(4, 0)].set_symbol(family);
        let grid = Grid::from_buffer(&buf, ColorDepth::TrueColor);
        assert_eq!(grid.text(grid.at(0, 0)), "望");
        assert_eq!(grid.text(grid.at(2, 0)), marked);
        assert_eq!(grid.text(grid.at(4, 0)), family);
        assert!(!grid.at(2, 0).same(grid.at(4, 0)));
        assert!(grid
            .at(2, 0)
            .same(Grid::from_buffer(&buf, ColorDepth::TrueColor).at(2, 0)));
    }
}
