//! A problem found in a report's files, with the file, line and column that
//! point at it. Every loader and importer error ends up as one of these.

use std::fmt;
use std::path::{Path, PathBuf};

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub fn new(line: usize, col: usize) -> Pos {
        Pos { line, col }
    }

    /// The position of byte `offset` in `text`, counting columns in chars.
    /// An offset past the end, or inside a character, is clamped to what
    /// precedes it.
    pub fn of_byte(text: &str, offset: usize) -> Pos {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Pos { line, col }
    }
}

/// How serious a problem is: errors make a report unusable, warnings don't.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub pos: Pos,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn error(file: impl AsRef<Path>, pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            file: file.as_ref().to_path_buf(),
            pos,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(file: impl AsRef<Path>, pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, pos, message)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file.display(),
            self.pos.line,
            self.pos.col,
            kind,
            self.message
        )
    }
}

/// A report that could not be loaded: every problem found, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "標題: 望花區\n正文: 工業[1]升級";
        let at = text.find("[1]").unwrap();
        assert_eq!(Pos::of_byte(text, at), Pos::new(2, 7));
        assert_eq!(Pos::of_byte(text, 0), Pos::START);
        // Inside a multi-byte character: clamped to its start.
        assert_eq!(Pos::of_byte(text, 1), Pos::START);
        assert_eq!(Pos::of_byte(text, 10_000), Pos::new(2, 12));
    }

    #[test]
    fn problems_print_as_file_line_column() {
        let p = Problem::error("content/x/glossary.yaml", Pos::new(3, 9), "術語為空");
        assert_eq!(
            p.to_string(),
            "content/x/glossary.yaml:3:9: error: 術語為空"
        );
        let w = Problem::warning("a.txt", Pos::new(1, 2), "可疑的 ?");
        assert_eq!(w.to_string(), "a.txt:1:2: warning: 可疑的 ?");
    }
}
