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
//!   CUP, CHA, VPA, the relative moves, BS, LF (never where it would
//!   scroll), CR, or writing again the unchanged cells in between
//!   ([`moves`]);
//! - a row's blank end is erased with EL, a long blank run with ECH;
//! - a style change carries only the attributes that differ ([`pen`]), and
//!   the cells are painted in reading order or pen by pen, whichever is
//!   shorter (`paint.rs`): a frame of bordered panes sends each border's
//!   colour once instead of twice a row;
//! - nothing ends a frame that the frame does not need;
//! - when the caller says a region's content moved by whole rows
//!   ([`Scroll`]), the terminal is scrolled (DECSTBM with SU or SD; with
//!   left and right margins, DECSLRM, where the terminal has them) and
//!   only what came into view is painted, if that costs fewer bytes than
//!   the plain difference. The caller's word is a hint: the writer
//!   compares the bytes of each way and sends the fewest.
//!
//! A cluster that terminals draw at different widths (❤️: U+2764 and
//! U+FE0F; xterm draws one cell, kitty two; ⌚︎ the other way round) has
//! the cells it covers blanked first, then itself, and an absolute move
//! after it; what a wider drawing covers is painted again, and where that
//! would pass the last column, autowrap is off while it is written (no
//! wrap, no scroll), so the screen ends right either way.

pub mod grid;
pub mod moves;
mod paint;
pub mod pen;
mod scroll;
pub mod shared;

use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::colors::ColorDepth;
use grid::Grid;
use paint::{paint, paint_by_pen};
use pen::Pen;
use scroll::scroll_region;
pub use shared::SharedFrames;

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
    /// The top/bottom scroll region left set (rows, inclusive), if any.
    region: Option<(u16, u16)>,
    /// Whether `region` is sure: after a resize the terminal may have
    /// reset it, or not (the moves keep clear of both).
    region_sure: bool,
    /// DECLRMM (mode 69) set, with the margins at the full width.
    lrmm: bool,
}

/// A screen writer for one terminal.
#[derive(Debug)]
pub struct Writer {
    depth: ColorDepth,
    caps: Caps,
    state: Option<State>,
    /// DECLRMM may be set in the terminal: it is set with the first
    /// scroll between margins and stays set until [`Writer::finish`].
    lrmm: bool,
    /// States no longer needed, kept for their grids' memory: each way a
    /// frame is painted starts from a copy of the screen, made into one of
    /// these rather than a new allocation.
    spare: Vec<State>,
    /// Frames shared with other writers (the sessions of a server).
    shared: Option<Arc<SharedFrames>>,
    /// The fingerprint of `state`'s grid, when the last frame left the
    /// screen it was asked for (only then is a frame shared from it).
    grid_print: Option<u64>,
}

/// Spare states kept at most.
const SPARE: usize = 4;

impl State {
    /// A copy of `of`, made in `into`'s memory when there is one.
    fn copy(of: &State, spare: &mut Vec<State>) -> State {
        match spare.pop() {
            Some(mut s) => {
                s.grid.copy_from(&of.grid);
                s.cursor = of.cursor;
                s.pen = of.pen;
                s.region = of.region;
                s.region_sure = of.region_sure;
                s.lrmm = of.lrmm;
                s
            }
            None => of.clone(),
        }
    }
}

/// A whole screen this wide or wider is painted by pen with its side
/// borders down their columns, without trying the other orders.
const WHOLE_COLUMNS_FROM: u16 = 60;

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
            lrmm: false,
            spare: Vec::new(),
            shared: None,
            grid_print: None,
        }
    }

    /// What the terminal can do, learnt after the writer was made.
    pub fn set_caps(&mut self, caps: Caps) {
        self.caps = caps;
    }

    /// The terminal was resized, perhaps to the size it had: it may have
    /// reset its scroll region (xterm does), or not. The next scroll sets
    /// its region again. (A new size makes the next frame a whole one.)
    pub fn resized(&mut self) {
        if let Some(state) = self.state.as_mut() {
            state.region_sure = false;
        }
    }

    /// Forget what the terminal shows (it was resized, suspended, or
    /// written by someone else): the next frame clears and paints it all.
    pub fn invalidate(&mut self) {
        self.state = None;
    }

    /// The bytes that take the terminal to `next`. `scrolls` says which
    /// regions' content moved by whole rows since the last frame. Each way
    /// (the plain difference; each scroll, with margins or without) is
    /// painted in reading order and by pen, and the shortest is sent.
    pub fn frame(&mut self, next: &Buffer, scrolls: &[Scroll]) -> Vec<u8> {
        let target = self.target_of(next);
        self.frame_to(target, scrolls)
    }

    /// The screen `next` should give on this writer's terminal: what
    /// [`Writer::frame_to`] takes. (A driver can then drop the buffer, 48
    /// bytes a cell, before the writer needs a screen's worth more.)
    pub fn target_of(&self, next: &Buffer) -> Grid {
        Grid::from_buffer(next, self.depth)
    }

    /// [`Writer::frame`], from the screen a buffer gives
    /// ([`Writer::target_of`]).
    pub fn frame_to(&mut self, target: Grid, scrolls: &[Scroll]) -> Vec<u8> {
        const BY_PEN_FROM: usize = 48;
        let key = self.shared_key(&target, scrolls);
        let target = match self.take_shared(key, target) {
            Ok(bytes) => return bytes,
            Err(target) => target,
        };
        let fits = |s: &State| s.grid.width == target.width && s.grid.height == target.height;
        let mut ways: Vec<(Vec<u8>, State)> = Vec::new();
        let mut whole = false;
        match self.state.take().filter(fits) {
            None => {
                whole = true;
                // Unknown: hide the cursor, reset the pen and the margins,
                // clear.
                let mut out = b"\x1b[?25l\x1b[m\x1b[r".to_vec();
                if self.lrmm {
                    out.extend_from_slice(b"\x1b[s");
                }
                out.extend_from_slice(b"\x1b[H\x1b[2J");
                // (DECLRMM, if set, is set again before it is relied on:
                // whoever had the terminal meanwhile may have reset it.)
                let state = State {
                    grid: Grid::blank(target.width, target.height),
                    cursor: Some((0, 0)),
                    pen: Some(Pen::RESET),
                    region: None,
                    region_sure: true,
                    lrmm: false,
                };
                ways.push((out, state));
            }
            Some(state) => {
                for scroll in scrolls {
                    let mut margins = vec![false];
                    if self.caps.margins && scroll.area.width < target.width {
                        margins.push(true);
                    }
                    for margins in margins {
                        let mut s = State::copy(&state, &mut self.spare);
                        let mut out = Vec::new();
                        if scroll_region(&mut s, scroll, margins, self.depth, &mut out) {
                            ways.push((out, s));
                        }
                    }
                }
                ways.insert(0, (Vec::new(), state));
            }
        }
        // A whole screen (the first frame, a new size) from 60 columns up
        // is painted one way: by pen, with the side borders down their
        // columns (the fewest bytes at 80×24, 132×40 and 200×60, within
        // 2% for a zoomed pane). Trying the three orders there would cost
        // start-up time for bytes known beforehand (`examples/bytes.rs`
        // prints them); a narrower one costs little to try them on.
        let mut best: Option<(Vec<u8>, State)> = None;
        if whole && target.width >= WHOLE_COLUMNS_FROM {
            // One way, one order: painted on the state itself, no copy.
            if let Some((mut out, mut state)) = ways.pop() {
                paint_by_pen(&mut state, &target, self.depth, true, &mut out);
                best = Some((out, state));
            }
        }
        for (start, state) in ways {
            // In reading order; by pen; by pen, side borders down. Painting
            // by pen saves at most what reading order spent on pens: where
            // that is little, it is not tried (a line scroll at 200×60
            // would cost three times the CPU for nothing).
            let mut sgr = usize::MAX;
            for order in [None, Some(false), Some(true)] {
                if order.is_some() && sgr < BY_PEN_FROM {
                    break;
                }
                let mut s = State::copy(&state, &mut self.spare);
                let mut out = start.clone();
                match order {
                    Some(columns) => paint_by_pen(&mut s, &target, self.depth, columns, &mut out),
                    None => {
                        paint(&mut s, &target, self.depth, &mut out);
                        sgr = sgr_bytes(&out[start.len()..]);
                    }
                }
                if best.as_ref().is_none_or(|(b, _)| out.len() < b.len()) {
                    if let Some((_, old)) = best.replace((out, s)) {
                        self.spare.push(old);
                    }
                } else {
                    self.spare.push(s);
                }
            }
            self.spare.push(state);
        }
        self.spare.truncate(SPARE);
        let Some((out, state)) = best else {
            // (There is always a way: the plain difference.)
            return Vec::new();
        };
        self.lrmm |= state.lrmm;
        self.offer_shared(key, &out, &state, &target);
        self.state = Some(state);
        out
    }

    /// Let go of the spare screens kept to save allocations between
    /// frames: for a writer that waits (an SSH session between keys), its
    /// memory is then one screen.
    pub fn trim(&mut self) {
        self.spare = Vec::new();
    }

    /// The bytes that leave the terminal as the writer found it: the pen
    /// reset, the scroll region reset (when one may be set), DECLRMM
    /// reset (when the writer set it). (The caller shows the cursor and
    /// leaves the alternate screen.)
    pub fn finish(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let state = self.state.take();
        if state.as_ref().and_then(|s| s.pen) != Some(Pen::RESET) {
            out.extend_from_slice(b"\x1b[m");
        }
        if state
            .as_ref()
            .is_none_or(|s| s.region.is_some() || !s.region_sure)
        {
            out.extend_from_slice(b"\x1b[r");
        }
        if self.lrmm {
            out.extend_from_slice(b"\x1b[?69l");
            self.lrmm = false;
        }
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
    // Not in reverse video either: vt100 keeps it on erased cells (xterm,
    // VTE and tmux keep only the colours).
    let ok = state.pen.is_some_and(|p| {
        p.bg == ratatui::style::Color::Reset
            && !p.modifier.contains(ratatui::style::Modifier::REVERSED)
    });
    if !ok {
        set_pen(state, Pen::RESET, depth, out);
    }
}

/// The bytes of the SGR sequences (`ESC [ params m`) in `out`.
fn sgr_bytes(out: &[u8]) -> usize {
    let mut total = 0;
    let mut i = 0;
    while let Some(at) = out[i..].windows(2).position(|w| w == b"\x1b[") {
        let from = i + at;
        let params = out[from + 2..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b';')
            .count();
        let end = from + 2 + params;
        if out.get(end) == Some(&b'm') {
            total += end + 1 - from;
        }
        i = end.min(out.len());
    }
    total
}

#[cfg(test)]
mod tests;
