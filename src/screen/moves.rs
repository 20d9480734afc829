//! Cursor moves, the shortest of the ways a terminal offers.

use super::grid::{Grid, UNKNOWN};
use super::pen::Pen;

/// Append the shortest bytes that take the cursor from `from` (unknown
/// when None) to column `x`, row `y` (0-based), on a screen showing
/// `grid` with the pen at `pen`. The candidates: CUP (`ESC [ r ; c H`);
/// on the same row CHA (`ESC [ c G`), CUF and CUB, CR, or writing again
/// the cells in between when they are all drawn in the current pen; on
/// the same column VPA (`ESC [ r d`), CUD and CUU; CR LF to the start of
/// the next row. Nothing when the cursor is already there.
pub fn move_to(
    from: Option<(u16, u16)>,
    x: u16,
    y: u16,
    grid: &Grid,
    pen: Option<Pen>,
    out: &mut Vec<u8>,
) {
    if from == Some((x, y)) {
        return;
    }
    let mut best = cup(x, y);
    let mut consider = |bytes: Vec<u8>| {
        if bytes.len() < best.len() {
            best = bytes;
        }
    };
    if let Some((cx, cy)) = from {
        if cy == y {
            consider(format!("\x1b[{}G", x + 1).into_bytes());
            if x > cx {
                consider(csi_n(x - cx, b'C'));
                if let Some(bytes) = rewrite(grid, cx, x, y, pen) {
                    consider(bytes);
                }
            } else {
                consider(csi_n(cx - x, b'D'));
                let mut cr = b"\r".to_vec();
                if x > 0 {
                    match rewrite(grid, 0, x, y, pen) {
                        Some(bytes) if bytes.len() < 4 => cr.extend(bytes),
                        _ => cr.extend(csi_n(x, b'C')),
                    }
                }
                consider(cr);
            }
        } else if cx == x {
            consider(format!("\x1b[{}d", y + 1).into_bytes());
            if y > cy {
                consider(csi_n(y - cy, b'B'));
            } else {
                consider(csi_n(cy - y, b'A'));
            }
        }
        if x == 0 && y == cy + 1 && y < grid.height {
            consider(b"\r\n".to_vec());
        }
    }
    out.extend_from_slice(&best);
}

/// CUP to column `x`, row `y` (0-based), with the defaults left out.
fn cup(x: u16, y: u16) -> Vec<u8> {
    match (x, y) {
        (0, 0) => b"\x1b[H".to_vec(),
        (0, _) => format!("\x1b[{}H", y + 1).into_bytes(),
        _ => format!("\x1b[{};{}H", y + 1, x + 1).into_bytes(),
    }
}

/// `ESC [ n F`, with n left out when 1.
fn csi_n(n: u16, f: u8) -> Vec<u8> {
    let mut v = if n == 1 {
        b"\x1b[".to_vec()
    } else {
        format!("\x1b[{n}").into_bytes()
    };
    v.push(f);
    v
}

/// The bytes of the cells from column `from` to `to` of row `y` as the
/// screen shows them, when writing them again changes nothing: each a
/// whole cluster in the current pen, known, one character wide as any
/// terminal draws it, or a hanzi.
fn rewrite(grid: &Grid, from: u16, to: u16, y: u16, pen: Option<Pen>) -> Option<Vec<u8>> {
    let pen = pen?;
    let mut out = Vec::new();
    let mut x = from;
    while x < to {
        let slot = grid.at(x, y);
        if slot.width == 0 || slot.width == UNKNOWN || slot.pen != pen {
            return None;
        }
        let symbol = slot.symbol.symbol();
        if symbol.chars().count() != 1 {
            return None;
        }
        out.extend_from_slice(symbol.as_bytes());
        x += u16::from(slot.width);
        if out.len() > 8 {
            return None;
        }
    }
    (x == to).then_some(out)
}
