//! A problem found in a report's files, with the file, line and column that
//! point at it. Every loader and importer error ends up as one of these.
//!
//! A message is output, and it often quotes the user's data: a quoted value
//! goes through `excerpt` (escaped, and cut to its first characters), and
//! every message is escaped and bounded again when it is printed, so no
//! message carries a control character or a whole file.

use std::fmt;
use std::path::{Path, PathBuf};

use super::classes as chars;

/// How many characters of a quoted value a message shows.
pub const EXCERPT_CHARS: usize = 40;

/// The most characters a message shows; the rest is cut with "…".
pub const MAX_MESSAGE_CHARS: usize = 400;

/// `text` with every character that a terminal would act on or that would
/// not be seen written as an escape (`\u{1b}`): control characters (tab and
/// line feed included), format characters such as the bidirectional
/// controls and the zero-width ones, line and paragraph separators, and
/// noncharacters.
pub fn escape(text: &str) -> String {
    if !text.chars().any(chars::is_unprintable) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if chars::is_unprintable(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A value of the user's as a message quotes it: escaped, and when longer
/// than `EXCERPT_CHARS` characters, its first ones and "…".
pub fn excerpt(value: &str) -> String {
    cut(value, EXCERPT_CHARS)
}

/// `text` escaped, and cut to `max` characters (counted before escaping)
/// with "…".
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", escape(&text[..end])),
        None => escape(text),
    }
}

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
        let file = self.file.display().to_string();
        write!(
            f,
            "{}:{}:{}: {}: {}",
            cut(&file, MAX_MESSAGE_CHARS),
            self.pos.line,
            self.pos.col,
            kind,
            cut(&self.message, MAX_MESSAGE_CHARS)
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
    fn quoted_values_are_escaped_and_cut() {
        assert_eq!(
            excerpt("紅字\u{1b}[31m警告\u{202E}"),
            "紅字\\u{1b}[31m警告\\u{202e}"
        );
        assert_eq!(escape("甲\t乙\n丙\u{200B}"), "甲\\u{9}乙\\u{a}丙\\u{200b}");
        let long = "農田".repeat(5_000);
        assert_eq!(excerpt(&long), format!("{}…", "農田".repeat(20)));
        assert_eq!(excerpt("望花區"), "望花區");
        // A joiner is escaped even between emoji: a message shows what is there.
        assert_eq!(escape("👨\u{200D}👩"), "👨\\u{200d}👩");
    }

    #[test]
    fn printed_messages_carry_no_control_character_and_no_whole_file() {
        let p = Problem::error("報告\u{1b}/a.yaml", Pos::START, "值\u{7}".repeat(1_000));
        let shown = p.to_string();
        assert!(!shown.chars().any(chars::is_unprintable), "{shown}");
        assert!(
            shown.starts_with("報告\\u{1b}/a.yaml:1:1: error: 值\\u{7}值"),
            "{shown}"
        );
        assert!(shown.ends_with('…'));
        assert!(
            shown.chars().count() < MAX_MESSAGE_CHARS * 6,
            "{}",
            shown.len()
        );
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
