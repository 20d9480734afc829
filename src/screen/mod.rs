//! The screen writer: from the buffer ratatui rendered to the bytes that
//! bring a terminal from the last frame to it, as few as it can.
//!
//! Rendering stays ratatui's; this replaces the step from two buffers to
//! bytes (ratatui's `Buffer::diff` and a backend's `draw`), as curses'
//! refresh does. The writer keeps what it believes the terminal shows (a
//! [`grid::Grid`]), and for each frame writes the difference:
//! - the cursor is tracked by the width the layout gave each cluster (a
//!   hanzi, or “ in wide ambiguous mode, advances it two columns), so no
//!   move goes where the cursor already is, and a move is the shortest of
//!   CUP, CHA, VPA, the relative moves, CR LF, or writing again the
//!   unchanged cells in between ([`moves`]);
//! - a row's blank end is erased with EL, a long blank run with ECH;
//! - a style change carries only the attributes that differ ([`pen`]);
//! - nothing ends a frame that the frame does not need;
//! - when the caller says a region's content moved by whole rows
//!   ([`Scroll`]), the terminal is scrolled (DECSTBM with SU or SD; with
//!   left and right margins, DECSLRM, where the terminal has them) and
//!   only what came into view is painted, if that costs fewer bytes than
//!   the plain difference. The caller's word is a hint: the writer
//!   compares the bytes of each way and sends the fewest.
//!
//! A cluster that terminals draw at different widths (❤️: U+2764 and
//! U+FE0F; xterm draws one cell, kitty two) has the cells it covers
//! blanked first, then itself, and an absolute move after it, so the
//! screen ends right either way.

pub mod grid;
pub mod moves;
pub mod pen;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::colors::ColorDepth;
use grid::{Grid, UNKNOWN};
use pen::Pen;

/// What the terminal can do beyond ECMA-48 and the VT100.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Caps {
    /// Left and right margins (DECLRMM, mode 69, and DECSLRM), as the
    /// terminal answered a DECRQM for mode 69.
    pub margins: bool,
}

/// The content of `area` moved up by `rows` rows (down when negative)
/// since the last frame: a pane scrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll {
    pub area: Rect,
    pub rows: i32,
}

/// What the writer knows of the terminal between frames.
#[derive(Debug, Clone)]
struct State {
    grid: Grid,
    /// Where the cursor is, when known (not after a write to the last
    /// column, which leaves it pending a wrap).
    cursor: Option<(u16, u16)>,
    /// The terminal's SGR state, when known.
    pen: Option<Pen>,
}

/// A screen writer for one terminal.
#[derive(Debug)]
pub struct Writer {
    depth: ColorDepth,
    caps: Caps,
    state: Option<State>,
}

/// ECH is used for a blank run of at least this many cells.
const ECH_MIN: u16 = 8;

impl Writer {
    /// A writer for a terminal of colour depth `depth` that can do `caps`,
    /// whose screen is not known: the first frame clears and paints it all.
    pub fn new(depth: ColorDepth, caps: Caps) -> Writer {
        Writer {
            depth,
            caps,
            state: None,
        }
    }

    /// What the terminal can do, learnt after the writer was made.
    pub fn set_caps(&mut self, caps: Caps) {
        self.caps = caps;
    }

    /// Forget what the terminal shows (it was resized, suspended, or
    /// written by someone else): the next frame clears and paints it all.
    pub fn invalidate(&mut self) {
        self.state = None;
    }

    /// The bytes that take the terminal to `next`. `scrolls` says which
    /// regions' content moved by whole rows since the last frame.
    pub fn frame(&mut self, next: &Buffer, scrolls: &[Scroll]) -> Vec<u8> {
        let target = Grid::from_buffer(next, self.depth);
        let fits = |s: &State| s.grid.width == target.width && s.grid.height == target.height;
        let Some(state) = self.state.take().filter(fits) else {
            // Unknown: hide the cursor, reset the pen and the margins, clear.
            let mut out = b"\x1b[?25l\x1b[m\x1b[r\x1b[H\x1b[2J".to_vec();
            let mut state = State {
                grid: Grid::blank(target.width, target.height),
                cursor: Some((0, 0)),
                pen: Some(Pen::RESET),
            };
            paint(&mut state, &target, self.depth, &mut out);
            self.state = Some(state);
            return out;
        };
        let mut best: Option<(Vec<u8>, State)> = None;
        let mut consider = |out: Vec<u8>, s: State| {
            if best.as_ref().is_none_or(|(b, _)| out.len() < b.len()) {
                best = Some((out, s));
            }
        };
        let mut plain = state.clone();
        let mut out = Vec::new();
        paint(&mut plain, &target, self.depth, &mut out);
        consider(out, plain);
        for scroll in scrolls {
            let mut ways = vec![false];
            if self.caps.margins && scroll.area.width < target.width {
                ways.push(true);
            }
            for margins in ways {
                let mut s = state.clone();
                let mut out = Vec::new();
                if scroll_region(&mut s, scroll, margins, self.depth, &mut out) {
                    paint(&mut s, &target, self.depth, &mut out);
                    consider(out, s);
                }
            }
        }
        // The plain difference was considered: there is a best way.
        let (out, state) = best.unwrap_or((Vec::new(), state));
        self.state = Some(state);
        out
    }

    /// The bytes that leave the terminal as the writer found it: the pen
    /// reset. (The caller shows the cursor and leaves the alternate
    /// screen.)
    pub fn finish(&mut self) -> Vec<u8> {
        let out = match self.state.as_ref().and_then(|s| s.pen) {
            Some(Pen::RESET) => Vec::new(),
            _ => b"\x1b[m".to_vec(),
        };
        self.state = None;
        out
    }
}

/// Set the pen to `to`.
fn set_pen(state: &mut State, to: Pen, depth: ColorDepth, out: &mut Vec<u8>) {
    match state.pen {
        Some(pen) => pen.change_to(to, depth, out),
        None => {
            out.extend_from_slice(b"\x1b[m");
            Pen::RESET.change_to(to, depth, out);
        }
    }
    state.pen = Some(to);
}

/// A pen that erases to the default background: the current one when it
/// does, else the reset one.
fn erasing_pen(state: &mut State, depth: ColorDepth, out: &mut Vec<u8>) {
    let ok = state
        .pen
        .is_some_and(|p| p.bg == ratatui::style::Color::Reset);
    if !ok {
        set_pen(state, Pen::RESET, depth, out);
    }
}

/// Scroll `scroll.area`'s rows (whole rows of the screen, or between
/// left and right margins when `margins`). False when the scroll is no
/// use (it moves everything out).
fn scroll_region(
    state: &mut State,
    scroll: &Scroll,
    margins: bool,
    depth: ColorDepth,
    out: &mut Vec<u8>,
) -> bool {
    let a = scroll.area;
    let grid_h = state.grid.height;
    let top = a.y.min(grid_h);
    let bottom = a.bottom().min(grid_h);
    let n = scroll.rows.unsigned_abs();
    if scroll.rows == 0 || bottom <= top || n >= u32::from(bottom - top) {
        return false;
    }
    erasing_pen(state, depth, out);
    let (left, right) = if margins {
        (a.x.min(state.grid.width), a.right().min(state.grid.width))
    } else {
        (0, state.grid.width)
    };
    if margins {
        out.extend_from_slice(format!("\x1b[?69h\x1b[{};{}s", left + 1, right).as_bytes());
    }
    let full = top == 0 && bottom == grid_h;
    if !full {
        out.extend_from_slice(format!("\x1b[{};{}r", top + 1, bottom).as_bytes());
    }
    let count = if n == 1 { String::new() } else { n.to_string() };
    if scroll.rows > 0 {
        // With no region set, SU needs the cursor nowhere in particular.
        out.extend_from_slice(format!("\x1b[{count}S").as_bytes());
    } else {
        out.extend_from_slice(format!("\x1b[{count}T").as_bytes());
    }
    if !full {
        out.extend_from_slice(b"\x1b[r");
    }
    if margins {
        out.extend_from_slice(b"\x1b[s\x1b[?69l");
    }
    state.grid.scroll(left, right, top, bottom, scroll.rows);
    state.cursor = None;
    true
}

/// Paint every row where the screen differs from `target`.
fn paint(state: &mut State, target: &Grid, depth: ColorDepth, out: &mut Vec<u8>) {
    for y in 0..target.height {
        paint_row(state, target, y, depth, out);
    }
}

/// Whether `symbol` is a cluster terminals draw at different widths:
/// several characters whose widths one by one (as a terminal without
/// grapheme clusters adds them: xterm, the Linux console, tmux 3.3) do not
/// give the cluster's. Returns that naive width when so.
fn naive_width(symbol: &str) -> Option<usize> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let mut chars = symbol.chars();
    chars.next();
    if chars.as_str().is_empty() {
        return None;
    }
    let naive: usize = symbol.chars().map(|c| c.width().unwrap_or(0)).sum();
    (naive != symbol.width()).then_some(naive)
}

fn paint_row(state: &mut State, target: &Grid, y: u16, depth: ColorDepth, out: &mut Vec<u8>) {
    let w = target.width;
    let mut x = 0;
    while x < w {
        let t = target.at(x, y);
        let tw = u16::from(t.width.max(1));
        if state.grid.at(x, y).same(t) {
            x += tw;
            continue;
        }
        // The rest of the row blank: erase it.
        if t.is_blank() && (x..w).all(|i| target.at(i, y).is_blank()) {
            moves::move_to(state.cursor, x, y, &state.grid, state.pen, out);
            erasing_pen(state, depth, out);
            out.extend_from_slice(b"\x1b[K");
            state.grid.erase(x, w, y);
            state.cursor = Some((x, y));
            return;
        }
        // A long blank run: erase it where it stands.
        if t.is_blank() {
            let run = (x..w).take_while(|&i| target.at(i, y).is_blank()).count() as u16;
            if run >= ECH_MIN {
                moves::move_to(state.cursor, x, y, &state.grid, state.pen, out);
                erasing_pen(state, depth, out);
                out.extend_from_slice(format!("\x1b[{run}X").as_bytes());
                state.grid.erase(x, x + run, y);
                state.cursor = Some((x, y));
                x += run;
                continue;
            }
        }
        put(state, target, x, y, depth, out);
        x += tw;
    }
}

/// Write the target's cluster at (x, y).
fn put(state: &mut State, target: &Grid, x: u16, y: u16, depth: ColorDepth, out: &mut Vec<u8>) {
    let t = target.at(x, y);
    let tw = u16::from(t.width.max(1));
    let symbol = t.symbol.symbol();
    let naive = if tw > 1 { naive_width(symbol) } else { None };
    set_pen(state, t.pen, depth, out);
    if naive.is_some() {
        // The cells it covers blanked first, in its pen: a terminal that
        // draws it narrower leaves them so.
        moves::move_to(state.cursor, x + 1, y, &state.grid, state.pen, out);
        out.extend(std::iter::repeat_n(b' ', usize::from(tw - 1)));
        // Spaces are one cell everywhere; past the last column the cursor
        // waits to wrap.
        state.cursor = (x + tw < target.width).then_some((x + tw, y));
    }
    moves::move_to(state.cursor, x, y, &state.grid, state.pen, out);
    out.extend_from_slice(symbol.as_bytes());
    state.grid.put(x, y, t);
    let end = x + tw;
    state.cursor = (naive.is_none() && end < target.width).then_some((end, y));
    if let Some(naive) = naive {
        // A terminal that adds the characters' widths drew over what
        // follows: paint it again.
        let over = u16::try_from(naive).unwrap_or(u16::MAX);
        if over > tw {
            state.grid.forget(end, x.saturating_add(over), y);
        }
    }
    debug_assert!(t.width != UNKNOWN);
}

#[cfg(test)]
mod tests;
