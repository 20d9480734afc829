//! Scrolling a region of the terminal (the writer's way for a pane whose
//! text moved by whole rows): a top/bottom scroll region (DECSTBM) and SU
//! or SD, between left and right margins (DECLRMM and DECSLRM, mode 69)
//! where the terminal has them; the writer's copy of the screen moved to
//! match.

use super::{erasing_pen, Scroll, State};
use crate::colors::ColorDepth;

/// Scroll `scroll.area`'s rows (whole rows of the screen, or between
/// left and right margins when `margins`). False when the scroll is no
/// use (it moves everything out).
pub(super) fn scroll_region(
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
    let (left, right) = if margins {
        (a.x.min(state.grid.width), a.right().min(state.grid.width))
    } else {
        (0, state.grid.width)
    };
    // DECSLRM wants the left margin before the right one: a terminal
    // ignores it for one column, and SU would scroll the whole width.
    if margins && right < left + 2 {
        return false;
    }
    erasing_pen(state, depth, out);
    if margins {
        // DECLRMM is set once, and stays set until `finish`.
        if !state.lrmm {
            out.extend_from_slice(b"\x1b[?69h");
            state.lrmm = true;
        }
        out.extend_from_slice(format!("\x1b[{};{}s", left + 1, right).as_bytes());
    }
    // The top/bottom region is left set between frames (the moves keep
    // clear of its edges; `finish` resets it): the next scroll of the
    // same pane sends none.
    let region = (top > 0 || bottom < grid_h).then_some((top, bottom - 1));
    if state.region != region || !state.region_sure {
        match region {
            Some((t, b)) => out.extend_from_slice(format!("\x1b[{};{}r", t + 1, b + 1).as_bytes()),
            None => out.extend_from_slice(b"\x1b[r"),
        }
        state.region = region;
        state.region_sure = true;
    }
    let count = if n == 1 { String::new() } else { n.to_string() };
    // SU and SD scroll the region wherever the cursor is.
    if scroll.rows > 0 {
        out.extend_from_slice(format!("\x1b[{count}S").as_bytes());
    } else {
        out.extend_from_slice(format!("\x1b[{count}T").as_bytes());
    }
    if margins {
        // With DECLRMM set, DECSLRM without parameters: the full width.
        out.extend_from_slice(b"\x1b[s");
    }
    state.grid.scroll(left, right, top, bottom, scroll.rows);
    state.cursor = None;
    true
}
