//! Where each value of a YAML file stands, so that problems found after
//! parsing (a dangling footnote, a duplicate id) can name a line and column.
//!
//! serde_yaml reports positions only for its own errors; this index comes
//! from a second, event-level parse of the same text. Paths look like
//! `sections[2].paragraphs[0].text`. The same pass finds duplicate keys,
//! which serde_yaml reports only at the start of their mapping, and what a
//! report's files may not hold at all: aliases (serde_yaml would expand
//! each one, so a small file could stand for gigabytes) and nesting deeper
//! than `limits::MAX_DEPTH`. It stops at the first of these.

mod reader;

use std::cell::OnceCell;
use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::limits::{self, MAX_DEPTH};
use super::problem::{excerpt, Pos};
use reader::Reader;

/// How a scalar was written, which decides how a character offset inside
/// its value is turned into a line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    pos: Pos,
    style: Style,
}

/// A key that stands twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub key: String,
    pub first: Pos,
    pub second: Pos,
}

/// Positions of the values of one YAML file: the text, indexed on first
/// use. Only a file with a problem to locate, or one that may hold an
/// alias, is read a second time.
#[derive(Debug)]
pub struct Locator {
    text: String,
    index: OnceCell<Index>,
}

/// What the event-level parse found.
#[derive(Debug, Default)]
struct Index {
    nodes: HashMap<String, Node>,
    lines: Vec<Vec<char>>,
    duplicates: Vec<Duplicate>,
    refusal: Option<(Pos, String)>,
}

enum Frame {
    Map {
        path: String,
        /// The key whose value comes next, and where the key stands.
        key: Option<(String, Pos)>,
        seen: HashMap<String, Pos>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

struct Collector<'a> {
    stack: Vec<Frame>,
    nodes: HashMap<String, Node>,
    duplicates: Vec<Duplicate>,
    lines: &'a [Vec<char>],
    /// What the file may not hold, where it first stands; parsing stops.
    refusal: Option<(Pos, String)>,
}

impl Collector<'_> {
    /// The path of the value about to be read, or None when the next scalar
    /// is a mapping key.
    fn value_path(&self) -> Option<String> {
        match self.stack.last() {
            None => Some(String::new()),
            Some(Frame::Map { key: None, .. }) => None,
            Some(Frame::Map {
                path,
                key: Some((k, _)),
                ..
            }) => Some(join(path, k)),
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

    /// The message for the alias that stands at `pos`, naming it.
    fn alias(&self, pos: Pos) -> String {
        let name: String = self
            .lines
            .get(pos.line - 1)
            .map(|l| l.iter().skip(pos.col - 1))
            .into_iter()
            .flatten()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
            .collect();
        format!(
            "alias `{}` is not allowed: write the value out (a report's files use no aliases)",
            excerpt(&name)
        )
    }

    fn record(&mut self, path: &str, pos: Pos, style: Style) {
        self.nodes
            .entry(path.to_string())
            .or_insert(Node { pos, style });
    }

    /// Where the value of a key at `key` would stand on the key's own line:
    /// after its `:` and one space.
    fn after_colon(&self, key: Pos) -> Pos {
        let Some(line) = self.lines.get(key.line - 1) else {
            return key;
        };
        let colon = (key.col - 1..line.len())
            .find(|&i| line[i] == ':' && line.get(i + 1).is_none_or(|c| c.is_whitespace()));
        match colon {
            Some(i) => Pos::new(key.line, i + 3),
            None => key,
        }
    }
}

fn pos_of(mark: Marker) -> Pos {
    Pos::new(mark.line(), mark.col() + 1)
}

pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl MarkedEventReceiver for Collector<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = pos_of(mark);
        match ev {
            Event::Scalar(value, style, ..) => match self.value_path() {
                None => {
                    // A key: remember it, and where it stands, under its own path.
                    let mut dup = None;
                    if let Some(Frame::Map { path, seen, .. }) = self.stack.last_mut() {
                        match seen.get(&value) {
                            Some(&first) => dup = Some(first),
                            None => {
                                seen.insert(value.clone(), pos);
                            }
                        }
                        let key_path = format!("{}#key", join(path, &value));
                        self.record(&key_path, pos, Style::Other);
                    }
                    if let Some(first) = dup {
                        self.duplicates.push(Duplicate {
                            key: value.clone(),
                            first,
                            second: pos,
                        });
                    }
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some((value, pos));
                    }
                }
                Some(path) => {
                    let style = match style {
                        TScalarStyle::Plain => Style::Plain,
                        TScalarStyle::SingleQuoted => Style::Single,
                        TScalarStyle::DoubleQuoted => Style::Double,
                        TScalarStyle::Literal => Style::Literal,
                        _ => Style::Other,
                    };
                    // An empty value (`term:`) stands where the next token
                    // does, often on the next line: point at its key's line.
                    let pos = match self.stack.last() {
                        Some(Frame::Map {
                            key: Some((_, key)),
                            ..
                        }) if value.is_empty() && style == Style::Plain && pos.line > key.line => {
                            self.after_colon(*key)
                        }
                        _ => pos,
                    };
                    self.record(&path, pos, style);
                    self.advance();
                }
            },
            Event::MappingStart(..) | Event::SequenceStart(..) if self.stack.len() >= MAX_DEPTH => {
                self.refusal = Some((pos, limits::too_deep()));
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = self.value_path().unwrap_or_default();
                self.record(&path, pos, Style::Other);
                let frame = match ev {
                    Event::MappingStart(..) => Frame::Map {
                        path,
                        key: None,
                        seen: HashMap::new(),
                    },
                    _ => Frame::Seq { path, index: 0 },
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.advance();
            }
            Event::Alias(_) => self.refusal = Some((pos, self.alias(pos))),
            _ => {}
        }
    }
}

impl Locator {
    /// Keep `text`, to index when a position, a duplicate or a refusal is
    /// first asked for (what the index holds: the module's docs).
    pub fn new(text: impl Into<String>) -> Locator {
        Locator {
            text: text.into(),
            index: OnceCell::new(),
        }
    }

    /// The text it locates in.
    pub fn text(&self) -> &str {
        &self.text
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::new(&self.text))
    }

    /// Whether the text may hold an alias: every alias starts with `*`.
    pub fn may_hold_alias(&self) -> bool {
        self.text.contains('*')
    }

    /// What the file may not hold (an alias, nesting deeper than
    /// `limits::MAX_DEPTH`), where it first stands, and the message.
    pub fn refusal(&self) -> Option<&(Pos, String)> {
        self.index().refusal.as_ref()
    }

    /// The keys that stand twice in one mapping, in file order.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.index().duplicates
    }

    /// Where the value at `path` starts. Falls back to the nearest enclosing
    /// value that is known, and to the start of the file.
    /// The root's own fields have paths without a prefix (`title`).
    pub fn pos(&self, path: &str) -> Pos {
        self.index().pos(path)
    }

    /// Where the key of the mapping entry at `path` stands (`id:` rather than
    /// its value), or the value's position when the key is unknown.
    pub fn key_pos(&self, path: &str) -> Pos {
        let index = self.index();
        match index.nodes.get(&format!("{path}#key")) {
            Some(node) => node.pos,
            None => index.pos(path),
        }
    }

    /// Where the character `char_offset` of the string value at `path`
    /// stands. Plain, single- and double-quoted scalars (escapes and folded
    /// lines included) and literal blocks are followed through their
    /// source; a character that came from an escape stands at its `\`.
    /// When the source does not read as the value, the start of the value.
    pub fn pos_in(&self, path: &str, value: &str, char_offset: usize) -> Pos {
        self.positions_in(path, value, &[char_offset])
            .first()
            .copied()
            .unwrap_or_else(|| self.pos(path))
    }

    /// `pos_in` for several char offsets at once, in one pass over the
    /// source (so a long text with many problems costs its length once).
    pub fn positions_in(&self, path: &str, value: &str, char_offsets: &[usize]) -> Vec<Pos> {
        self.index().positions_in(path, value, char_offsets)
    }

    /// Whether the text has been indexed (tests).
    #[cfg(test)]
    pub(crate) fn indexed(&self) -> bool {
        self.index.get().is_some()
    }

    /// Index the text now (tests).
    #[cfg(test)]
    fn index_now(text: &str) -> Locator {
        let l = Locator::new(text);
        l.index();
        l
    }
}

impl Index {
    /// Index a YAML text. A text that does not parse gives an index that
    /// knows nothing (serde_yaml reports the syntax error itself). Its
    /// first document is read, as serde_yaml reads one; reading stops at
    /// the first alias or nesting too deep (see `refusal`).
    ///
    /// Flow nesting must have been bounded first (`limits::flow_too_deep`):
    /// the parser looks ahead over a whole flow collection before its first
    /// event, in time that grows with the square of its depth.
    fn new(text: &str) -> Index {
        let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        let mut collector = Collector {
            stack: Vec::new(),
            nodes: HashMap::new(),
            duplicates: Vec::new(),
            lines: &lines,
            refusal: None,
        };
        let mut parser = Parser::new_from_str(text);
        loop {
            match parser.next_token() {
                Ok((Event::StreamEnd | Event::DocumentEnd, _)) => break,
                Ok((ev, mark)) => {
                    collector.on_event(ev, mark);
                    if collector.refusal.is_some() {
                        break;
                    }
                }
                Err(_) => {
                    collector.nodes.clear();
                    collector.duplicates.clear();
                    break;
                }
            }
        }
        let (nodes, duplicates, refusal) =
            (collector.nodes, collector.duplicates, collector.refusal);
        Index {
            nodes,
            lines,
            duplicates,
            refusal,
        }
    }

    fn pos(&self, path: &str) -> Pos {
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

    fn positions_in(&self, path: &str, value: &str, char_offsets: &[usize]) -> Vec<Pos> {
        let Some(node) = self.nodes.get(path) else {
            return vec![self.pos(path); char_offsets.len()];
        };
        let mut order: Vec<usize> = (0..char_offsets.len()).collect();
        order.sort_by_key(|&i| char_offsets[i]);
        let mut out = vec![node.pos; char_offsets.len()];
        let mut reader = Reader::new(&self.lines, *node);
        let mut expected = value.chars();
        let mut at = 0;
        let mut current = None;
        for i in order {
            let wanted = char_offsets[i];
            // Read up to and including the char at `wanted`.
            while at <= wanted {
                match reader.next() {
                    Some((c, pos)) if expected.next() == Some(c) => {
                        current = Some(pos);
                        at += 1;
                    }
                    // The source does not read as the value: the rest
                    // stand at the start of the value.
                    _ => return out,
                }
            }
            if let Some(pos) = current {
                out[i] = pos;
            }
        }
        out
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
        let l = Locator::index_now(DOC);
        assert_eq!(l.pos("title"), Pos::new(1, 8));
        assert_eq!(l.pos("sections[0].id"), Pos::new(3, 7));
        assert_eq!(l.pos("sections[0].paragraphs[1].id"), Pos::new(8, 9));
        assert_eq!(l.key_pos("sections[0].paragraphs[0].lead"), Pos::new(6, 5));
    }

    #[test]
    fn unknown_paths_fall_back_to_the_nearest_parent() {
        let l = Locator::index_now(DOC);
        assert_eq!(
            l.pos("sections[0].paragraphs[7].text"),
            l.pos("sections[0].paragraphs")
        );
        assert_eq!(l.pos("nowhere"), Pos::START);
    }

    #[test]
    fn offsets_inside_one_line_scalars_become_columns() {
        let l = Locator::index_now(DOC);
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
        let l = Locator::index_now("title: [未閉合\n");
        assert_eq!(l.pos("title"), Pos::START);
    }

    #[test]
    fn escapes_and_folded_lines_are_followed_to_their_source() {
        let doc = "a: \"工業\\e升級\\u2028完成\"\nb: 'it''s 推動\n  勞動'\nc: 推動\n  勞動\u{1B}就業\nd: |\n  第一行\n  第二\t行\n";
        let l = Locator::index_now(doc);
        // "\e" decodes to ESC, which stands at its backslash.
        assert_eq!(
            l.pos_in("a", "工業\u{1B}升級\u{2028}完成", 2),
            Pos::new(1, 7)
        );
        assert_eq!(
            l.pos_in("a", "工業\u{1B}升級\u{2028}完成", 5),
            Pos::new(1, 11)
        );
        assert_eq!(
            l.pos_in("a", "工業\u{1B}升級\u{2028}完成", 6),
            Pos::new(1, 17)
        );
        // '' is one quote; a folded line break is one space.
        assert_eq!(l.pos_in("b", "it's 推動 勞動", 3), Pos::new(2, 9));
        assert_eq!(l.pos_in("b", "it's 推動 勞動", 8), Pos::new(3, 3));
        assert_eq!(l.pos_in("c", "推動 勞動\u{1B}就業", 5), Pos::new(5, 5));
        assert_eq!(l.pos_in("d", "第一行\n第二\t行\n", 6), Pos::new(8, 5));
    }

    #[test]
    fn several_offsets_are_found_in_one_pass_in_any_order() {
        let l = Locator::index_now(DOC);
        let text = "新鋼鐵國內首套檢測系統[1]投入使用";
        assert_eq!(
            l.positions_in("sections[0].paragraphs[0].text", text, &[11, 0, 11, 14]),
            vec![
                Pos::new(7, 22),
                Pos::new(7, 11),
                Pos::new(7, 22),
                Pos::new(7, 25)
            ]
        );
        // Past the end of the value: the start of the value.
        assert_eq!(
            l.positions_in("sections[0].paragraphs[0].text", text, &[2, 99]),
            vec![Pos::new(7, 13), Pos::new(7, 11)]
        );
    }

    #[test]
    fn duplicate_keys_are_found_where_they_stand() {
        let l = Locator::index_now(
            "id: t\ntitle: 甲\nparts:\n- id: p\n  text: 乙\n  text: 丙\ntitle: 丁\n",
        );
        let d = l.duplicates();
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].key.as_str(), d[0].first, d[0].second),
            ("text", Pos::new(5, 3), Pos::new(6, 3))
        );
        assert_eq!(
            (d[1].key.as_str(), d[1].first, d[1].second),
            ("title", Pos::new(2, 1), Pos::new(7, 1))
        );
    }

    #[test]
    fn an_empty_value_stands_on_its_key_s_line() {
        let l = Locator::index_now("entries:\n- id: g.1\n  term:\n  definition: 定義\n");
        assert_eq!(l.pos("entries[0].term"), Pos::new(3, 9));
        assert_eq!(l.pos("entries[0].definition"), Pos::new(4, 15));
    }
}
