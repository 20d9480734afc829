//! Painting the cells where the screen differs from the target, in one of
//! two orders: in reading order (row by row, each cell in its pen), or by
//! pen (the erases first, then every cell of one pen, then of the next),
//! which sends each pen once instead of once per run, at the price of
//! more moves. The writer tries both and keeps the shorter.

use super::grid::{Grid, Slot, UNKNOWN};
use super::moves::{self, Screen};
use super::pen::Pen;
use super::{erasing_pen, set_pen, State, ECH_MIN};
use crate::colors::ColorDepth;

/// Paint every row where the screen differs from `target`, in reading
/// order.
pub(super) fn paint(state: &mut State, target: &Grid, depth: ColorDepth, out: &mut Vec<u8>) {
    for y in 0..target.height {
        let blank_from = blank_from(target, y);
        // Once more when a cluster at the row's end disturbed cells
        // before it (see `put`): then it is known, and left alone.
        for _ in 0..2 {
            let mut again = false;
            let mut x = 0;
            while x < target.width {
                let t = target.at(x, y);
                let tw = u16::from(t.width.max(1));
                if state.grid.at(x, y).same(t) {
                    x += tw;
                } else if let Some(n) = erase_at(state, target, x, y, blank_from, depth, out) {
                    x += n;
                } else {
                    again |= put(state, target, x, y, depth, out);
                    x += tw;
                }
            }
            if !again {
                break;
            }
        }
    }
}

/// Paint by pen: the blank row ends and long blank runs erased first, as
/// [`paint`] does; then, for each pen in turn (the cheapest to change to
/// next), every cell that still differs and is drawn in it, row by row
/// (and a blank the pen draws the same where the cursor already stands);
/// then [`paint`] for whatever is left (cells after a cluster terminals
/// draw at different widths).
///
/// With `columns`, a cell of the pen alone in its row (a pane's side
/// border) is followed down by the cells below it that are alone too,
/// each a short LF and BS away, before the row goes on.
pub(super) fn paint_by_pen(
    state: &mut State,
    target: &Grid,
    depth: ColorDepth,
    columns: bool,
    out: &mut Vec<u8>,
) {
    for y in 0..target.height {
        let blank_from = blank_from(target, y);
        let mut x = 0;
        while x < target.width {
            let t = target.at(x, y);
            let tw = u16::from(t.width.max(1));
            if state.grid.at(x, y).same(t) {
                x += tw;
            } else {
                x += erase_at(state, target, x, y, blank_from, depth, out).unwrap_or(tw);
            }
        }
    }
    let mut by_pen = ByPen::of(state, target);
    let mut order = std::mem::take(&mut by_pen.order);
    let mut pens: Vec<Pen> = order.iter().map(|&k| by_pen.pens[k]).collect();
    let mut current = state.pen;
    while !pens.is_empty() {
        let i = cheapest(current, &pens, depth);
        let pen = pens.remove(i);
        let cells = &by_pen.cells[order.remove(i)];
        let pass = PenPass {
            target,
            by_pen: &by_pen,
            pen,
            depth,
            columns,
        };
        let mut next = 0;
        for y in 0..target.height {
            // The pen's cells in this row: a run of its list.
            let from = next;
            while cells.get(next).is_some_and(|&(_, cy)| cy == y) {
                next += 1;
            }
            let own = &cells[from..next];
            // A row with no cell of this pen, the cursor elsewhere: there is
            // nothing to paint in it.
            if own.is_empty() && state.cursor.is_none_or(|(_, cy)| cy != y) {
                continue;
            }
            pass.row(state, own, y, out);
        }
        current = state.pen;
    }
    paint(state, target, depth, out);
}

/// The target's cluster starts grouped by pen, for painting by pen.
struct ByPen {
    /// Every pen of the target, in the order of its first cell.
    pens: Vec<Pen>,
    /// Indices into `pens` of the pens of the cells that differ from the
    /// screen, in the order of the first such cell.
    order: Vec<usize>,
    /// For each of `pens`, its cells (x, y) in reading order.
    cells: Vec<Vec<(u16, u16)>>,
    /// For each slot of the target, row by row: whether it starts a
    /// cluster (reached from the row's start by clusters' widths).
    starts: Vec<bool>,
}

impl ByPen {
    /// One pass over the target (and the screen, for what differs).
    fn of(state: &State, target: &Grid) -> ByPen {
        let mut by_pen = ByPen {
            pens: Vec::new(),
            order: Vec::new(),
            cells: Vec::new(),
            starts: vec![false; usize::from(target.width) * usize::from(target.height)],
        };
        let mut listed: Vec<bool> = Vec::new();
        // (A pen's cells come in runs: the last one found is tried first.)
        let mut last = 0;
        for y in 0..target.height {
            let mut x = 0;
            while x < target.width {
                let t = target.at(x, y);
                let k = if by_pen.pens.get(last) == Some(&t.pen) {
                    last
                } else if let Some(k) = by_pen.pens.iter().position(|p| *p == t.pen) {
                    k
                } else {
                    by_pen.pens.push(t.pen);
                    by_pen.cells.push(Vec::new());
                    listed.push(false);
                    by_pen.pens.len() - 1
                };
                last = k;
                by_pen.cells[k].push((x, y));
                by_pen.starts[usize::from(y) * usize::from(target.width) + usize::from(x)] = true;
                if !listed[k] && !state.grid.at(x, y).same(t) {
                    listed[k] = true;
                    by_pen.order.push(k);
                }
                x += u16::from(t.width.max(1));
            }
        }
        by_pen
    }

    fn starts_at(&self, target: &Grid, x: u16, y: u16) -> bool {
        x < target.width && self.starts[usize::from(y) * usize::from(target.width) + usize::from(x)]
    }
}

/// One pen's turn in [`paint_by_pen`].
struct PenPass<'a> {
    target: &'a Grid,
    by_pen: &'a ByPen,
    pen: Pen,
    depth: ColorDepth,
    /// Whether a cell alone in its row is followed down its column.
    columns: bool,
}

impl PenPass<'_> {
    /// Paint row `y`: each of the pen's cells there that differs (`own`,
    /// in order), and each blank it draws the same where the cursor
    /// stands, as a scan of the row's clusters from its start (from the
    /// pen's first cell, the cursor elsewhere) would find them. Only
    /// those two kinds of cell are visited, the pen's next one and the
    /// cursor's while it is ahead in the row; the scan ends when neither
    /// is left.
    fn row(&self, state: &mut State, own: &[(u16, u16)], y: u16, out: &mut Vec<u8>) {
        let (target, pen) = (self.target, self.pen);
        let cursor_here = state.cursor.is_some_and(|(_, cy)| cy == y);
        let mut x = match own.first() {
            Some(&(first, _)) if !cursor_here => first,
            _ => 0,
        };
        let mut next = 0;
        loop {
            while own.get(next).is_some_and(|&(ox, _)| ox < x) {
                next += 1;
            }
            let mine = own.get(next).map(|&(ox, _)| ox);
            let cursor = state
                .cursor
                .filter(|&(cx, cy)| cy == y && cx >= x && self.by_pen.starts_at(target, cx, y))
                .map(|(cx, _)| cx);
            let at = match (mine, cursor) {
                (Some(m), Some(c)) => m.min(c),
                (Some(at), None) | (None, Some(at)) => at,
                (None, None) => break,
            };
            let t = target.at(at, y);
            let here = mine == Some(at) || (state.cursor == Some((at, y)) && t.drawn_by(pen));
            if here && !state.grid.at(at, y).same(t) {
                let down = self.columns && alone(state, target, pen, at, y);
                // (What `put` may disturb before it, the last `paint`
                // paints.)
                put(state, target, at, y, self.depth, out);
                let mut below = y + 1;
                while down && below < target.height && alone(state, target, pen, at, below) {
                    put(state, target, at, below, self.depth, out);
                    below += 1;
                }
            }
            x = at + u16::from(t.width.max(1));
        }
    }
}

/// Whether (x, y) is a cell of `pen` that differs, with no such cell
/// either side of it.
fn alone(state: &State, target: &Grid, pen: Pen, x: u16, y: u16) -> bool {
    let wants = |x: u16| {
        let t = target.at(x, y);
        t.width != 0 && t.pen == pen && !state.grid.at(x, y).same(t)
    };
    let end = x + u16::from(target.at(x, y).width.max(1));
    let before = (x > 0).then(|| {
        let mut head = x - 1;
        while head > 0 && target.at(head, y).width == 0 {
            head -= 1;
        }
        head
    });
    // (The cell after first: in a run of text it is wanted, and settles it.)
    wants(x) && (end >= target.width || !wants(end)) && !before.is_some_and(wants)
}

/// Which of `pens` is cheapest to change to from `from` (the first of
/// those that cost the same).
fn cheapest(from: Option<Pen>, pens: &[Pen], depth: ColorDepth) -> usize {
    let mut out = Vec::with_capacity(64);
    let mut cost = |to: Pen| {
        out.clear();
        from.unwrap_or(Pen::RESET).change_to(to, depth, &mut out);
        out.len()
    };
    let mut best = (0, usize::MAX);
    for (i, &pen) in pens.iter().enumerate() {
        let c = cost(pen);
        if c < best.1 {
            best = (i, c);
        }
    }
    best.0
}

/// The first column of row `y` from which the target is blank to the end.
fn blank_from(target: &Grid, y: u16) -> u16 {
    (0..target.width)
        .rev()
        .find(|&x| !target.at(x, y).is_blank())
        .map_or(0, |x| x + 1)
}

/// Erase from (x, y), a cell that differs, if the target is blank there:
/// to the row's end with EL when the rest of the row is blank (`x` at or
/// past `blank_from`), a long run with ECH. Returns how many cells.
fn erase_at(
    state: &mut State,
    target: &Grid,
    x: u16,
    y: u16,
    blank_from: u16,
    depth: ColorDepth,
    out: &mut Vec<u8>,
) -> Option<u16> {
    let w = target.width;
    if !target.at(x, y).is_blank() {
        return None;
    }
    if x >= blank_from {
        go(state, x, y, out);
        erasing_pen(state, depth, out);
        out.extend_from_slice(b"\x1b[K");
        state.grid.erase(x, w, y);
        state.cursor = Some((x, y));
        return Some(w - x);
    }
    let run = (x..w).take_while(|&i| target.at(i, y).is_blank()).count() as u16;
    if run < ECH_MIN {
        return None;
    }
    go(state, x, y, out);
    erasing_pen(state, depth, out);
    out.extend_from_slice(format!("\x1b[{run}X").as_bytes());
    state.grid.erase(x, x + run, y);
    state.cursor = Some((x, y));
    Some(run)
}

/// Move the cursor to (x, y) by the shortest way.
fn go(state: &mut State, x: u16, y: u16, out: &mut Vec<u8>) {
    let at = Screen {
        grid: &state.grid,
        pen: state.pen,
        region: state.region,
    };
    moves::move_to(state.cursor, x, y, at, out);
    state.cursor = Some((x, y));
}

/// How wide terminals that add up the widths of a cluster's characters
/// one by one (xterm, the Linux console, tmux 3.3) may draw `symbol`: the
/// least and the most, ambiguous characters narrow or wide. None for a
/// single character.
fn naive_widths(symbol: &str) -> Option<(u16, u16)> {
    use unicode_width::UnicodeWidthChar;
    let mut chars = symbol.chars();
    chars.next();
    if chars.as_str().is_empty() {
        return None;
    }
    let narrow: usize = symbol.chars().map(|c| c.width().unwrap_or(0)).sum();
    let wide: usize = symbol.chars().map(|c| c.width_cjk().unwrap_or(0)).sum();
    let fit = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    Some((fit(narrow.min(wide)), fit(narrow.max(wide))))
}

/// Write the target's cluster at (x, y): in the current pen when that
/// draws it the same (a blank), else in its own. True when cells before
/// `x` may have been disturbed (and are forgotten): the row is to be
/// painted again.
///
/// A cluster terminals draw at different widths (❤️: xterm one cell,
/// kitty two; ⌚︎ the other way round) has the cells a narrower drawing
/// leaves blanked first, and an absolute move after it; what a wider
/// drawing covers is forgotten, and painted again. Where a wider drawing
/// would pass the last column, autowrap (DECAWM) is off while it is
/// written: no wrap into the next row, no scroll; such a terminal draws
/// its last character against the right edge, over a cell before `x`
/// perhaps (VTE moves it back).
fn put(
    state: &mut State,
    target: &Grid,
    x: u16,
    y: u16,
    depth: ColorDepth,
    out: &mut Vec<u8>,
) -> bool {
    let t: &Slot = target.at(x, y);
    let tw = u16::from(t.width.max(1));
    let w = target.width;
    let symbol = target.text(t);
    let naive = naive_widths(symbol).filter(|&(least, most)| least != tw || most != tw);
    if !state.pen.is_some_and(|pen| t.drawn_by(pen)) {
        set_pen(state, t.pen, depth, out);
    }
    if naive.is_some_and(|(least, _)| least < tw) && tw > 1 {
        // The cells it covers blanked first, in its pen: a terminal that
        // draws it narrower leaves them so.
        go(state, x + 1, y, out);
        out.extend(std::iter::repeat_n(b' ', usize::from(tw - 1)));
        // Spaces are one cell everywhere; past the last column the cursor
        // waits to wrap.
        state.cursor = Some(((x + tw).min(w), y));
    }
    go(state, x, y, out);
    let most = naive.map_or(tw, |(_, most)| most);
    let past_edge = x.saturating_add(most) > w;
    if past_edge {
        out.extend_from_slice(b"\x1b[?7l");
    }
    out.extend_from_slice(symbol.as_bytes());
    if past_edge {
        out.extend_from_slice(b"\x1b[?7h");
    }
    state.grid.put(x, y, t);
    let end = x + tw;
    // After the last column the cursor waits to wrap (`end` is the width).
    state.cursor = naive.is_none().then_some((end.min(w), y));
    if most > tw {
        // A terminal that adds the characters' widths drew over what
        // follows: paint it again.
        state.grid.forget(end, x.saturating_add(most), y);
    }
    debug_assert!(t.width != UNKNOWN);
    let back = w.saturating_sub(most.min(2));
    if past_edge && back < x {
        state.grid.forget(back, x, y);
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    /// Painting by pen as it was before it visited only each pen's own
    /// cells and the cursor's: every row with a cell of the pen (or the
    /// cursor) scanned from its first column to its last, comparing each
    /// cell's pen. An oracle.
    fn paint_by_pen_whole_rows(
        state: &mut State,
        target: &Grid,
        depth: ColorDepth,
        columns: bool,
        out: &mut Vec<u8>,
    ) {
        for y in 0..target.height {
            let blank_from = blank_from(target, y);
            let mut x = 0;
            while x < target.width {
                let t = target.at(x, y);
                let tw = u16::from(t.width.max(1));
                if state.grid.at(x, y).same(t) {
                    x += tw;
                } else {
                    x += erase_at(state, target, x, y, blank_from, depth, out).unwrap_or(tw);
                }
            }
        }
        let mut pens = pens(state, target);
        let mut rows: Vec<Vec<bool>> = spans_of(target, &pens)
            .into_iter()
            .map(|row| row.iter().map(Option::is_some).collect())
            .collect();
        let mut current = state.pen;
        while !pens.is_empty() {
            let i = cheapest(current, &pens, depth);
            let pen = pens.remove(i);
            let has = rows.remove(i);
            for y in 0..target.height {
                if !has[usize::from(y)] && state.cursor.is_none_or(|(_, cy)| cy != y) {
                    continue;
                }
                let mut x = 0;
                while x < target.width {
                    let t = target.at(x, y);
                    let tw = u16::from(t.width.max(1));
                    let here = t.pen == pen || (state.cursor == Some((x, y)) && t.drawn_by(pen));
                    if here && !state.grid.at(x, y).same(t) {
                        let down = columns && alone(state, target, pen, x, y);
                        put(state, target, x, y, depth, out);
                        let mut below = y + 1;
                        while down && below < target.height && alone(state, target, pen, x, below) {
                            put(state, target, x, below, depth, out);
                            below += 1;
                        }
                    }
                    x += tw;
                }
            }
            current = state.pen;
        }
        paint(state, target, depth, out);
    }

    /// For each of `pens`, where its cells lie in each row of `target`: from
    /// the first one's column to the end of the last one (None: no cell of
    /// it in the row).
    fn spans_of(target: &Grid, pens: &[Pen]) -> Vec<Vec<Option<(u16, u16)>>> {
        let mut rows = vec![vec![None; usize::from(target.height)]; pens.len()];
        for y in 0..target.height {
            let mut x = 0;
            // (A pen's cells come in runs: the last one found is tried first.)
            let mut last = 0;
            while x < target.width {
                let t = target.at(x, y);
                let tw = u16::from(t.width.max(1));
                let found = if pens.get(last) == Some(&t.pen) {
                    Some(last)
                } else {
                    pens.iter().position(|p| *p == t.pen)
                };
                if let Some(i) = found {
                    last = i;
                    let span: &mut Option<(u16, u16)> = &mut rows[i][usize::from(y)];
                    *span = Some((span.map_or(x, |(first, _)| first), x + tw));
                }
                x += tw;
            }
        }
        rows
    }

    /// The pens of the cells that differ, in the order they first appear.
    fn pens(state: &State, target: &Grid) -> Vec<Pen> {
        let mut pens: Vec<Pen> = Vec::new();
        for y in 0..target.height {
            let mut x = 0;
            while x < target.width {
                let t = target.at(x, y);
                if !state.grid.at(x, y).same(t) && !pens.contains(&t.pen) {
                    pens.push(t.pen);
                }
                x += u16::from(t.width.max(1));
            }
        }
        pens
    }

    /// A screen of `w`×`h` from `cells`: each a cluster (hanzi, ASCII,
    /// blank, a border) and its colours, in reading order.
    fn screen(w: u16, h: u16, cells: &[(usize, usize, usize)]) -> Grid {
        const CLUSTERS: [&str; 7] = ["望", "花", "區", " ", "a", "│", "，"];
        const COLORS: [Color; 4] = [
            Color::Reset,
            Color::Cyan,
            Color::Indexed(236),
            Color::Yellow,
        ];
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        let mut cells = cells.iter().cycle();
        for y in 0..h {
            let mut x = 0;
            while x < w {
                let Some(&(c, fg, bg)) = cells.next() else {
                    break;
                };
                let style = Style::new().fg(COLORS[fg % 4]).bg(COLORS[bg % 4]);
                x = crate::ui::cells::put_str(
                    &mut buf,
                    x,
                    y,
                    CLUSTERS[c % 7],
                    style,
                    w - x,
                    crate::text::AmbiWidth::Narrow,
                )
                .max(x + 1);
            }
        }
        Grid::from_buffer(&buf, ColorDepth::Ansi256)
    }

    proptest! {
        // Many small cases: a run going on from the cursor before a pen's
        // first cell is rare (about one case in 5,000 tells it).
        #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]

        /// Visiting each pen's own cells writes the same bytes, and leaves
        /// the same screen and cursor, as scanning whole rows: from a blank
        /// screen or another one, the cursor anywhere, with and without the
        /// side borders followed down.
        #[test]
        fn painting_each_pens_own_cells_is_painting_whole_rows(
            w in 1u16..30,
            h in 1u16..8,
            before in proptest::collection::vec((0usize..7, 0usize..4, 0usize..4), 1..80),
            after in proptest::collection::vec((0usize..7, 0usize..4, 0usize..4), 1..80),
            blank in any::<bool>(),
            cursor in proptest::option::of((0u16..31, 0u16..8)),
            columns in any::<bool>(),
        ) {
            let target = screen(w, h, &after);
            let grid = if blank { Grid::blank(w, h) } else { screen(w, h, &before) };
            let state = State {
                grid,
                cursor: cursor.map(|(x, y)| (x.min(w), y.min(h - 1))),
                pen: Some(Pen::RESET),
                region: None,
                region_sure: true,
                lrmm: false,
            };
            let (mut a, mut b) = (state.clone(), state);
            let (mut out_a, mut out_b) = (Vec::new(), Vec::new());
            paint_by_pen(&mut a, &target, ColorDepth::Ansi256, columns, &mut out_a);
            paint_by_pen_whole_rows(&mut b, &target, ColorDepth::Ansi256, columns, &mut out_b);
            prop_assert_eq!(String::from_utf8_lossy(&out_a), String::from_utf8_lossy(&out_b));
            prop_assert_eq!(a.cursor, b.cursor);
            prop_assert!(a.grid.identical(&b.grid));
        }
    }
}
