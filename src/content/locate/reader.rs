//! A scalar's value read back out of its source, char by char, each with
//! the position it came from: YAML's line folding and escapes followed far
//! enough for a position inside a value (a control character written as
//! `\e`, a marker in a folded line) to name its line and column.

use super::{Node, Style};
use crate::content::problem::Pos;

/// Reads a scalar's value back out of its source, char by char, each with
/// the position it came from. Follows YAML's line folding and escapes far
/// enough to check itself against the value serde_yaml gave.
pub(super) struct Reader<'a> {
    lines: &'a [Vec<char>],
    style: Style,
    line: usize,
    col: usize,
    /// Whitespace read but not yet given: dropped if the line ends.
    pending: Vec<(char, Pos)>,
    /// Chars decided but not yet given (a fold's line breaks).
    ready: std::collections::VecDeque<(char, Pos)>,
    /// The indentation of a literal block, once known.
    indent: Option<usize>,
    done: bool,
}

impl<'a> Reader<'a> {
    pub(super) fn new(lines: &'a [Vec<char>], node: Node) -> Reader<'a> {
        let skip = match node.style {
            Style::Single | Style::Double => 1,
            _ => 0,
        };
        let mut r = Reader {
            lines,
            style: node.style,
            line: node.pos.line - 1,
            col: node.pos.col - 1 + skip,
            pending: Vec::new(),
            ready: Default::default(),
            indent: None,
            done: node.style == Style::Other,
        };
        if node.style == Style::Literal {
            // The mark stands at the `|`, or at the block's first line.
            if r.at(r.line, r.col) == Some('|') {
                r.line += 1;
            }
            r.col = 0;
        }
        r
    }

    fn at(&self, line: usize, col: usize) -> Option<char> {
        self.lines.get(line)?.get(col).copied()
    }

    fn here(&self) -> Pos {
        Pos::new(self.line + 1, self.col + 1)
    }

    fn literal_next(&mut self) -> Option<(char, Pos)> {
        let line = self.lines.get(self.line)?;
        let indent = match self.indent {
            Some(i) => i,
            None => {
                let i = line.iter().take_while(|&&c| c == ' ').count();
                if i == 0 {
                    return None;
                }
                self.indent = Some(i);
                self.col = i;
                i
            }
        };
        if self.col < indent {
            self.col = indent;
        }
        match line.get(self.col) {
            Some(&c) => {
                let pos = self.here();
                self.col += 1;
                Some((c, pos))
            }
            None => {
                let pos = self.here();
                self.line += 1;
                self.col = 0;
                Some(('\n', pos))
            }
        }
    }

    /// At the end of a line inside a flow scalar: fold the line break into
    /// a space, or into the line breaks of the empty lines that follow.
    fn fold(&mut self, escaped: bool) {
        let at = self.here();
        self.pending.clear();
        let mut empty = 0;
        self.line += 1;
        while self.line < self.lines.len()
            && self.lines[self.line].iter().all(|c| c.is_whitespace())
        {
            empty += 1;
            self.line += 1;
        }
        if self.line >= self.lines.len() {
            self.done = true;
            return;
        }
        let line = &self.lines[self.line];
        self.col = line
            .iter()
            .take_while(|c| **c == ' ' || **c == '\t')
            .count();
        if escaped {
            return;
        }
        if empty == 0 {
            self.ready.push_back((' ', at));
        } else {
            self.ready.extend(std::iter::repeat_n(('\n', at), empty));
        }
    }

    /// The char an escape stands for, reading after the `\`.
    fn escape(&mut self) -> Option<char> {
        let c = self.at(self.line, self.col)?;
        self.col += 1;
        let hex = |r: &mut Reader, n: usize| -> Option<char> {
            let digits: String = (0..n).filter_map(|i| r.at(r.line, r.col + i)).collect();
            if digits.chars().count() != n {
                return None;
            }
            r.col += n;
            char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
        };
        Some(match c {
            '0' => '\0',
            'a' => '\u{07}',
            'b' => '\u{08}',
            't' | '\t' => '\t',
            'n' => '\n',
            'v' => '\u{0B}',
            'f' => '\u{0C}',
            'r' => '\r',
            'e' => '\u{1B}',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u{85}',
            '_' => '\u{A0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            'x' => hex(self, 2)?,
            'u' => hex(self, 4)?,
            'U' => hex(self, 8)?,
            _ => return None,
        })
    }
}

impl Iterator for Reader<'_> {
    type Item = (char, Pos);

    fn next(&mut self) -> Option<(char, Pos)> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            if self.style == Style::Literal {
                return self.literal_next();
            }
            let pos = self.here();
            let Some(c) = self.at(self.line, self.col) else {
                if self.line >= self.lines.len() {
                    return None;
                }
                self.fold(false);
                continue;
            };
            self.col += 1;
            let given = match (self.style, c) {
                (_, ' ' | '\t') => {
                    self.pending.push((c, pos));
                    continue;
                }
                (Style::Single, '\'') => {
                    if self.at(self.line, self.col) == Some('\'') {
                        self.col += 1;
                        '\''
                    } else {
                        self.done = true;
                        continue;
                    }
                }
                (Style::Double, '"') => {
                    self.done = true;
                    continue;
                }
                (Style::Double, '\\') => {
                    if self.at(self.line, self.col).is_none() {
                        // An escaped line break: whitespace before it stays.
                        self.ready.extend(self.pending.drain(..));
                        self.fold(true);
                        continue;
                    }
                    match self.escape() {
                        Some(e) => e,
                        None => {
                            self.done = true;
                            continue;
                        }
                    }
                }
                _ => c,
            };
            self.ready.extend(self.pending.drain(..));
            self.ready.push_back((given, pos));
        }
    }
}
