//! A small terminal emulator for the tests: it draws East Asian Ambiguous
//! characters two cells wide or one (as xterm `-cjk_width`, VTE's
//! "ambiguous width: wide" and CJK-locale terminals do, or not), joins
//! grapheme clusters (kitty, WezTerm, foot) or draws character by
//! character (xterm, the Linux console, tmux 3.3), and has left and right
//! margins (DECLRMM, DECSLRM) as xterm does. `vt100` has neither an
//! ambiguous-wide setting nor margins, hence this.
//!
//! It implements what the screen writers send: printing with xterm's
//! overwrite rule (a character written over either half of a wide one
//! blanks the other half), CR, LF, BS, CUP, HVP, CHA, VPA, CUU, CUD, CUF, CUB,
//! EL, ED 2, ECH, DECSTBM, SU, SD, DECSLRM, and modes 7 (autowrap: off, a
//! character that does not fit is drawn against the right edge, as VTE
//! does), 25 and 69. SGR is
//! read and ignored: this compares text and where it stands. Anything else
//! is recorded in `unknown`, so a test can insist there is none.

use report_explorer::text::{char_width, cluster_width, clusters, AmbiWidth};

/// One cell: what was printed there (a character or cluster and the
/// zero-width ones after it), or the right half of a wide one.
#[derive(Clone, PartialEq, Debug)]
pub enum Cell {
    Text(String),
    Tail,
}

fn blank() -> Cell {
    Cell::Text(" ".into())
}

/// A terminal of `cols` × `rows` cells.
pub struct Terminal {
    pub clusters: bool,
    pub cols: usize,
    pub rows: usize,
    grid: Vec<Vec<Cell>>,
    x: usize,
    y: usize,
    /// Written in the last column: the next character wraps (or, with
    /// autowrap off, is drawn against the right edge).
    pending_wrap: bool,
    /// Autowrap (DECAWM, mode 7).
    autowrap: bool,
    ambi: AmbiWidth,
    top: usize,
    bottom: usize,
    left: usize,
    right: usize,
    lrmm: bool,
    /// Sequences the emulator does not know, and writes past the edge.
    pub unknown: Vec<String>,
}

impl Terminal {
    pub fn new(cols: u16, rows: u16, ambi: AmbiWidth, clusters: bool) -> Terminal {
        let (cols, rows) = (usize::from(cols), usize::from(rows));
        Terminal {
            clusters,
            cols,
            rows,
            grid: vec![vec![blank(); cols]; rows],
            x: 0,
            y: 0,
            pending_wrap: false,
            autowrap: true,
            ambi,
            top: 0,
            bottom: rows - 1,
            left: 0,
            right: cols - 1,
            lrmm: false,
            unknown: Vec::new(),
        }
    }

    /// The terminal at a new size, as a resize leaves it: the cells that
    /// still fit kept, the cursor clamped, the margins reset.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        let (cols, rows) = (usize::from(cols), usize::from(rows));
        let mut grid = vec![vec![blank(); cols]; rows];
        for (y, row) in self.grid.iter().enumerate().take(rows) {
            for (x, c) in row.iter().enumerate().take(cols) {
                grid[y][x] = c.clone();
            }
            // A wide character cut by the new right edge.
            if cols > 0 && cols < self.cols && row[cols] == Cell::Tail {
                grid[y][cols - 1] = blank();
            }
        }
        self.grid = grid;
        self.cols = cols;
        self.rows = rows;
        self.x = self.x.min(cols - 1);
        self.y = self.y.min(rows - 1);
        self.top = 0;
        self.bottom = rows - 1;
        self.left = 0;
        self.right = cols - 1;
    }

    /// Blank the cell at (x, y) and the other half of a wide character
    /// it belongs to.
    fn erase(&mut self, x: usize, y: usize) {
        let row = &mut self.grid[y];
        if row[x] == Cell::Tail && x > 0 {
            row[x - 1] = blank();
        }
        if x + 1 < row.len() && row[x + 1] == Cell::Tail {
            row[x + 1] = blank();
        }
        row[x] = blank();
    }

    /// Print a run of text: cluster by cluster, or character by character.
    fn print_run(&mut self, run: &str) {
        if self.clusters {
            for (_, g) in clusters(run) {
                self.print(g, cluster_width(g, self.ambi));
            }
        } else {
            for c in run.chars() {
                match c {
                    '\r' => {
                        self.x = if self.lrmm && self.x >= self.left {
                            self.left
                        } else {
                            0
                        };
                        self.pending_wrap = false;
                    }
                    '\x08' => {
                        // (xterm: from a pending wrap too, one column
                        // left of the last; the writers never send it
                        // there.)
                        self.pending_wrap = false;
                        self.x = self.x.saturating_sub(1);
                    }
                    '\n' => {
                        self.pending_wrap = false;
                        if self.y == self.bottom {
                            self.scroll_up(1);
                        } else if self.y + 1 < self.rows {
                            self.y += 1;
                        }
                    }
                    _ => self.print(c.encode_utf8(&mut [0; 4]), char_width(c, self.ambi)),
                }
            }
        }
    }

    fn print(&mut self, c: &str, w: usize) {
        if c == "\r" || c == "\n" || c == "\r\n" || c == "\x08" {
            // (Cluster mode meets them here.)
            for ch in c.chars() {
                let saved = self.clusters;
                self.clusters = false;
                self.print_run(&ch.to_string());
                self.clusters = saved;
            }
            return;
        }
        if w == 0 {
            // A zero-width character joins the one before the cursor.
            let x = if self.pending_wrap {
                self.x
            } else {
                self.x.saturating_sub(1)
            };
            let x = if self.grid[self.y][x] == Cell::Tail && x > 0 {
                x - 1
            } else {
                x
            };
            if let Cell::Text(s) = &mut self.grid[self.y][x] {
                s.push_str(c);
            }
            return;
        }
        if self.pending_wrap && self.autowrap {
            self.unknown.push(format!("a wrap before {c:?}"));
            return;
        }
        if self.x + w > self.cols {
            if self.autowrap || w > self.cols {
                self.unknown.push(format!("past the edge: {c:?}"));
                return;
            }
            self.x = self.cols - w;
        }
        for i in 0..w {
            self.erase(self.x + i, self.y);
        }
        self.grid[self.y][self.x] = Cell::Text(c.to_string());
        if w == 2 {
            self.grid[self.y][self.x + 1] = Cell::Tail;
        }
        if self.x + w >= self.cols {
            self.x = self.cols - 1;
            self.pending_wrap = true;
        } else {
            self.x += w;
        }
    }

    /// Scroll rows top..=bottom (within the margins) up by n.
    fn scroll_up(&mut self, n: usize) {
        for _ in 0..n {
            for y in self.top..self.bottom {
                for x in self.left..=self.right {
                    self.grid[y][x] = self.grid[y + 1][x].clone();
                }
            }
            for x in self.left..=self.right {
                self.grid[self.bottom][x] = blank();
            }
        }
        self.fix_edges();
    }

    fn scroll_down(&mut self, n: usize) {
        for _ in 0..n {
            for y in (self.top + 1..=self.bottom).rev() {
                for x in self.left..=self.right {
                    self.grid[y][x] = self.grid[y - 1][x].clone();
                }
            }
            for x in self.left..=self.right {
                self.grid[self.top][x] = blank();
            }
        }
        self.fix_edges();
    }

    /// After a scroll between margins: halves of wide characters cut by
    /// the margins are blanked.
    fn fix_edges(&mut self) {
        for y in 0..self.rows {
            for x in 0..self.cols {
                let tail = self.grid[y][x] == Cell::Tail;
                let head_ok = x > 0
                    && matches!(&self.grid[y][x - 1], Cell::Text(s) if {
                        let w = if self.clusters {
                            cluster_width(s, self.ambi)
                        } else {
                            s.chars().map(|c| char_width(c, self.ambi)).sum()
                        };
                        w == 2
                    });
                if tail && !head_ok {
                    self.grid[y][x] = blank();
                }
                if let Cell::Text(s) = &self.grid[y][x] {
                    let w = if self.clusters {
                        cluster_width(s, self.ambi)
                    } else {
                        s.chars().next().map_or(1, |c| char_width(c, self.ambi))
                    };
                    if w == 2 && (x + 1 >= self.cols || self.grid[y][x + 1] != Cell::Tail) {
                        self.grid[y][x] = blank();
                    }
                }
            }
        }
    }

    fn csi(&mut self, params: &str, end: char) {
        let private = params.starts_with('?');
        let nums: Vec<usize> = params
            .trim_start_matches('?')
            .split(';')
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        let n =
            |i: usize, default: usize| nums.get(i).copied().filter(|&v| v > 0).unwrap_or(default);
        let (cols, rows) = (self.cols, self.rows);
        if !matches!(end, 'm') {
            self.pending_wrap = false;
        }
        match end {
            'H' | 'f' => {
                self.y = (n(0, 1) - 1).min(rows - 1);
                self.x = (n(1, 1) - 1).min(cols - 1);
            }
            'G' => self.x = (n(0, 1) - 1).min(cols - 1),
            'd' => self.y = (n(0, 1) - 1).min(rows - 1),
            // CUU and CUD stop at the scroll region's edge when they
            // start inside it.
            'A' if self.y >= self.top => self.y = self.y.saturating_sub(n(0, 1)).max(self.top),
            'A' => self.y = self.y.saturating_sub(n(0, 1)),
            'B' if self.y <= self.bottom => self.y = (self.y + n(0, 1)).min(self.bottom),
            'B' => self.y = (self.y + n(0, 1)).min(rows - 1),
            'C' => self.x = (self.x + n(0, 1)).min(cols - 1),
            'D' => self.x = self.x.saturating_sub(n(0, 1)),
            'm' => {}
            'h' | 'l' if private => {
                for &mode in &nums {
                    match mode {
                        7 => self.autowrap = end == 'h',
                        69 => {
                            self.lrmm = end == 'h';
                            if !self.lrmm {
                                self.left = 0;
                                self.right = cols - 1;
                            }
                        }
                        25 | 1049 | 2004 | 1000 | 1002 | 1003 | 1006 => {}
                        _ => self.unknown.push(format!("mode {mode}")),
                    }
                }
            }
            'K' => {
                let (from, to) = match nums.first().copied().unwrap_or(0) {
                    0 => (self.x, cols),
                    1 => (0, self.x + 1),
                    _ => (0, cols),
                };
                for x in from..to {
                    self.erase(x, self.y);
                }
            }
            'X' => {
                for x in self.x..(self.x + n(0, 1)).min(cols) {
                    self.erase(x, self.y);
                }
            }
            'J' if nums.first() == Some(&2) => {
                for y in 0..rows {
                    for x in 0..cols {
                        self.grid[y][x] = blank();
                    }
                }
            }
            'r' => {
                let top = n(0, 1) - 1;
                let bottom = n(1, rows) - 1;
                if top < bottom && bottom < rows {
                    self.top = top;
                    self.bottom = bottom;
                } else {
                    self.top = 0;
                    self.bottom = rows - 1;
                }
                self.x = 0;
                self.y = 0;
            }
            's' if self.lrmm => {
                let left = n(0, 1) - 1;
                let right = n(1, cols) - 1;
                if left < right && right < cols {
                    self.left = left;
                    self.right = right;
                } else {
                    self.left = 0;
                    self.right = cols - 1;
                }
                self.x = 0;
                self.y = 0;
            }
            'S' => self.scroll_up(n(0, 1)),
            'T' => self.scroll_down(n(0, 1)),
            _ => self.unknown.push(format!("CSI {params}{end}")),
        }
    }

    /// Apply the bytes a program wrote.
    pub fn feed(&mut self, bytes: &[u8]) {
        let text = String::from_utf8(bytes.to_vec()).expect("UTF-8 output");
        let mut chars = text.chars().peekable();
        let mut run = String::new();
        while let Some(c) = chars.next() {
            if c != '\x1b' {
                run.push(c);
                continue;
            }
            self.print_run(&std::mem::take(&mut run));
            match chars.next() {
                Some('[') => {
                    let mut params = String::new();
                    for c in chars.by_ref() {
                        if c.is_ascii_digit() || c == ';' || c == '?' {
                            params.push(c);
                        } else {
                            self.csi(&params, c);
                            break;
                        }
                    }
                }
                other => self.unknown.push(format!("ESC {other:?}")),
            }
        }
        self.print_run(&run);
    }

    /// Each row as its cells' text, a wide character's right half as "".
    pub fn rows(&self) -> Vec<Vec<String>> {
        self.grid
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| match c {
                        Cell::Text(s) => s.clone(),
                        Cell::Tail => String::new(),
                    })
                    .collect()
            })
            .collect()
    }

    /// The screen as text, a row per line, hidden halves dropped.
    pub fn screen(&self) -> String {
        self.rows()
            .iter()
            .map(|r| r.concat())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The buffer's rows as the same cells: what each holds, the cells a wide
/// one hides as "".
pub fn buffer_rows(buf: &ratatui::buffer::Buffer) -> Vec<Vec<String>> {
    let area = buf.area;
    (area.y..area.bottom())
        .map(|y| {
            let mut row = Vec::new();
            let mut hidden = 0;
            for x in area.x..area.right() {
                if hidden > 0 {
                    hidden -= 1;
                    row.push(String::new());
                    continue;
                }
                let cell = &buf[(x, y)];
                row.push(cell.symbol().to_string());
                hidden = report_explorer::ui::cells::width_of(cell).saturating_sub(1);
            }
            row
        })
        .collect()
}

/// Whether the terminal shows the buffer: equal cell for cell, except that
/// where the buffer's cluster covers cells a narrower drawing leaves blank
/// (❤️ on a terminal without clusters), those cells are blank.
pub fn same_screen(term: &[Vec<String>], buf: &[Vec<String>]) -> Result<(), String> {
    for (y, (t, b)) in term.iter().zip(buf).enumerate() {
        for x in 0..t.len() {
            let (ts, bs) = (&t[x], &b[x]);
            if !(ts == bs || (bs.is_empty() && ts == " ")) {
                return Err(format!(
                    "row {y}, column {x}: terminal {ts:?}, buffer {bs:?}\n terminal: {}\n buffer:   {}",
                    t.concat(),
                    b.concat()
                ));
            }
        }
    }
    Ok(())
}
