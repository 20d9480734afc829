//! Where each value of a YAML file stands, so that problems found after
//! parsing (a dangling footnote, a duplicate id) can name a line and column.
//!
//! serde_yaml reports positions only for its own errors; this index comes
//! from a second, event-level parse of the same text. Paths look like
//! `sections[2].paragraphs[0].text`.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::problem::Pos;

/// How a scalar was written, which decides whether a character offset
/// inside its value can be turned into a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Quoted,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    pos: Pos,
    style: Style,
}

/// Positions of the values of one YAML file.
#[derive(Debug, Default)]
pub struct Locator {
    nodes: HashMap<String, Node>,
    lines: Vec<String>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

struct Collector {
    stack: Vec<Frame>,
    nodes: HashMap<String, Node>,
}

impl Collector {
    /// The path of the value about to be read, or None when the next scalar
    /// is a mapping key.
    fn value_path(&self) -> Option<String> {
        match self.stack.last() {
            None => Some(String::new()),
            Some(Frame::Map { key: None, .. }) => None,
            Some(Frame::Map { path, key: Some(k) }) => Some(join(path, k)),
            Some(Frame::Seq { path, index }) => Some(format!("{path}[{index}]")),
        }
    }

    /// After a value is complete, the parent moves on.
    fn advance(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }

    fn record(&mut self, path: &str, mark: Marker, style: Style) {
        let pos = Pos::new(mark.line(), mark.col() + 1);
        self.nodes
            .entry(path.to_string())
            .or_insert(Node { pos, style });
    }
}

pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl MarkedEventReceiver for Collector {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, style, ..) => match self.value_path() {
                None => {
                    // A key: remember it, and where it stands, under its own path.
                    if let Some(Frame::Map { path, .. }) = self.stack.last() {
                        let key_path = format!("{}#key", join(path, &value));
                        self.record(&key_path, mark, Style::Other);
                    }
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(value);
                    }
                }
                Some(path) => {
                    let style = match style {
                        TScalarStyle::Plain => Style::Plain,
                        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => Style::Quoted,
                        _ => Style::Other,
                    };
                    self.record(&path, mark, style);
                    self.advance();
                }
            },
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = self.value_path().unwrap_or_default();
                self.record(&path, mark, Style::Other);
                let frame = match ev {
                    Event::MappingStart(..) => Frame::Map { path, key: None },
                    _ => Frame::Seq { path, index: 0 },
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.advance();
            }
            Event::Alias(_) => self.advance(),
            _ => {}
        }
    }
}

impl Locator {
    /// Index a YAML text. A text that does not parse gives an index that
    /// knows nothing (serde_yaml reports the syntax error itself).
    pub fn new(text: &str) -> Locator {
        let mut collector = Collector {
            stack: Vec::new(),
            nodes: HashMap::new(),
        };
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut collector, false).is_err() {
            collector.nodes.clear();
        }
        Locator {
            nodes: collector.nodes,
            lines: text.lines().map(str::to_string).collect(),
        }
    }

    /// Where the value at `path` starts. Falls back to the nearest enclosing
    /// value that is known, and to the start of the file.
    /// The root's own fields have paths without a prefix (`title`).
    pub fn pos(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(node) = self.nodes.get(p) {
                return node.pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return Pos::START,
            }
        }
    }

    /// Where the key of the mapping entry at `path` stands (`id:` rather than
    /// its value), or the value's position when the key is unknown.
    pub fn key_pos(&self, path: &str) -> Pos {
        match self.nodes.get(&format!("{path}#key")) {
            Some(node) => node.pos,
            None => self.pos(path),
        }
    }

    /// Where the character `char_offset` of the string value at `path`
    /// stands. Exact for one-line plain and quoted scalars whose source
    /// reads as the value; otherwise the start of the value.
    pub fn pos_in(&self, path: &str, value: &str, char_offset: usize) -> Pos {
        let Some(node) = self.nodes.get(path) else {
            return self.pos(path);
        };
        let skip = match node.style {
            Style::Plain => 0,
            Style::Quoted => 1,
            Style::Other => return node.pos,
        };
        let Some(line) = self.lines.get(node.pos.line - 1) else {
            return node.pos;
        };
        let source = line.chars().skip(node.pos.col - 1 + skip);
        let prefix = value.chars().take(char_offset);
        if source.take(char_offset).eq(prefix) {
            Pos::new(node.pos.line, node.pos.col + skip + char_offset)
        } else {
            node.pos
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
title: 2024年工作回顧
sections:
- id: part1.s1
  paragraphs:
  - id: part1.s1.1
    lead: 工業升級賦能增效。
    text: 新鋼鐵國內首套檢測系統[1]投入使用
  - id: part1.s1.2
    text: \"消費活力[2]充分釋放\"
";

    #[test]
    fn values_are_found_by_path() {
        let l = Locator::new(DOC);
        assert_eq!(l.pos("title"), Pos::new(1, 8));
        assert_eq!(l.pos("sections[0].id"), Pos::new(3, 7));
        assert_eq!(l.pos("sections[0].paragraphs[1].id"), Pos::new(8, 9));
        assert_eq!(l.key_pos("sections[0].paragraphs[0].lead"), Pos::new(6, 5));
    }

    #[test]
    fn unknown_paths_fall_back_to_the_nearest_parent() {
        let l = Locator::new(DOC);
        assert_eq!(
            l.pos("sections[0].paragraphs[7].text"),
            l.pos("sections[0].paragraphs")
        );
        assert_eq!(l.pos("nowhere"), Pos::START);
    }

    #[test]
    fn offsets_inside_one_line_scalars_become_columns() {
        let l = Locator::new(DOC);
        let text = "新鋼鐵國內首套檢測系統[1]投入使用";
        assert_eq!(
            l.pos_in("sections[0].paragraphs[0].text", text, 11),
            Pos::new(7, 22)
        );
        // Quoted: one more column for the quote.
        assert_eq!(
            l.pos_in("sections[0].paragraphs[1].text", "消費活力[2]充分釋放", 4),
            Pos::new(9, 16)
        );
        // A value that does not read as the source falls back to its start.
        assert_eq!(
            l.pos_in("sections[0].paragraphs[0].text", "別的文字", 2),
            Pos::new(7, 11)
        );
    }

    #[test]
    fn broken_yaml_gives_an_empty_index() {
        let l = Locator::new("title: [未閉合\n");
        assert_eq!(l.pos("title"), Pos::START);
    }
}
