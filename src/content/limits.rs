//! The bounds on what a report's files can make the loader hold or do, in
//! one place: the size of a file, how deep its YAML nests, and how large a
//! number may be. Aliases are refused outright (see `locate`), so nothing
//! is ever expanded.
//!
//! Deep flow nesting (`title: [[[[…]]]]`) is found here by a cheap scan of
//! the text, before any YAML parser sees it: both parsers keep a list per
//! open bracket and walk it for every token, so their time grows with the
//! square of the depth.

use super::problem::Pos;

/// The most bytes one file of a report may have (64 MiB). A file is read
/// through a reader that stops one byte past this, so a larger file, or a
/// device that never ends, costs at most this much memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The deepest a value may nest in a file: mappings and sequences, in
/// block or flow style. A report's files nest 5 deep.
pub const MAX_DEPTH: usize = 64;

/// The largest change in percent an indicator may state, either way.
pub const MAX_PERCENT: f64 = 1e6;

/// The message for a file larger than `MAX_FILE_BYTES`.
pub fn too_large() -> String {
    format!(
        "larger than {} MiB, the most a report's file may be",
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// The message for nesting deeper than `MAX_DEPTH`.
pub fn too_deep() -> String {
    format!("nested deeper than {MAX_DEPTH} levels, the most a report's file may nest")
}

/// Where a flow collection (`[` or `{`) opens deeper than `MAX_DEPTH`, if
/// one does. One pass over the text, following YAML far enough to skip
/// comments, quoted scalars and block scalars; where it cannot tell, it
/// takes a bracket for a collection, so it errs towards refusing.
pub fn flow_too_deep(text: &str) -> Option<Pos> {
    // Deeper than MAX_DEPTH needs more brackets than that.
    let brackets = memchr::memchr2_iter(b'[', b'{', text.as_bytes()).count();
    if brackets <= MAX_DEPTH {
        return None;
    }
    let mut scan = Scan::default();
    for (i, line) in text.split('\n').enumerate() {
        if let Some(col) = scan.line(line) {
            return Some(Pos::new(i + 1, col + 1));
        }
    }
    None
}

#[derive(Default)]
struct Scan {
    /// Open flow collections.
    depth: usize,
    /// Inside a quoted scalar that spans lines: its quote.
    quote: Option<char>,
    /// After a block scalar's header: the indentation of its line, and
    /// that of its content once known.
    block: Option<(usize, Option<usize>)>,
}

fn blank(c: Option<&char>) -> bool {
    matches!(c, None | Some(' ' | '\t' | '\r'))
}

impl Scan {
    /// Scan one line; the column (0-based, in chars) of a bracket that
    /// opens too deep.
    fn line(&mut self, line: &str) -> Option<usize> {
        let chars: Vec<char> = line.chars().collect();
        let indent = chars.iter().take_while(|&&c| c == ' ').count();
        let empty = chars[indent..].iter().all(|c| c.is_whitespace());
        if let Some((parent, content)) = self.block {
            if empty {
                return None;
            }
            match content {
                None if indent > parent => {
                    self.block = Some((parent, Some(indent)));
                    return None;
                }
                Some(c) if indent >= c => return None,
                _ => self.block = None,
            }
        }
        let mut i = if self.quote.is_some() || self.depth > 0 {
            0
        } else {
            indent
        };
        // Whether a node may start here (a quote, a bracket, an indicator).
        let mut start = true;
        // Whether the char before was blank (a `#` after one is a comment).
        let mut after_blank = true;
        if self.depth == 0 && self.quote.is_none() {
            let head: String = chars.iter().take(3).collect();
            if (head == "---" || head == "...") && blank(chars.get(3)) {
                i = 3;
            } else if chars.first() == Some(&'%') {
                return None;
            }
        }
        while i < chars.len() {
            let c = chars[i];
            if let Some(q) = self.quote {
                match c {
                    '\\' if q == '"' => i += 1,
                    '\'' if q == '\'' && chars.get(i + 1) == Some(&'\'') => i += 1,
                    _ if c == q => {
                        self.quote = None;
                        start = false;
                    }
                    _ => {}
                }
                i += 1;
                after_blank = false;
                continue;
            }
            if c == ' ' || c == '\t' || c == '\r' {
                after_blank = true;
                i += 1;
                continue;
            }
            if c == '#' && after_blank {
                break;
            }
            after_blank = false;
            if self.depth > 0 {
                // In a flow collection every bracket is one.
                match c {
                    '[' | '{' => {
                        self.depth += 1;
                        if self.depth > MAX_DEPTH {
                            return Some(i);
                        }
                        start = true;
                    }
                    ']' | '}' => {
                        self.depth -= 1;
                        start = false;
                    }
                    ',' | ':' | '?' => start = true,
                    '"' | '\'' if start => self.quote = Some(c),
                    '&' | '!' if start => {
                        while i + 1 < chars.len() && !blank(chars.get(i + 1)) {
                            i += 1;
                        }
                    }
                    _ => start = false,
                }
                i += 1;
                continue;
            }
            // Block context.
            match c {
                '[' | '{' => {
                    // Taken for a collection wherever it stands: a bracket
                    // inside a plain scalar then counts too, which errs
                    // towards refusing.
                    self.depth = 1;
                    start = true;
                }
                '-' | '?' | ':' if blank(chars.get(i + 1)) => start = true,
                '"' | '\'' if start => self.quote = Some(c),
                '|' | '>' if start => {
                    self.block = Some((indent, None));
                    return None;
                }
                '&' | '!' if start => {
                    while i + 1 < chars.len() && !blank(chars.get(i + 1)) {
                        i += 1;
                    }
                }
                _ => start = false,
            }
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!(
            "id: p1\ntitle: {}工作{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        )
    }

    #[test]
    fn flow_nesting_is_refused_at_the_bracket_past_the_limit() {
        assert_eq!(flow_too_deep(&nested(MAX_DEPTH)), None);
        assert_eq!(
            flow_too_deep(&nested(MAX_DEPTH + 1)),
            Some(Pos::new(2, 8 + MAX_DEPTH))
        );
        assert_eq!(
            flow_too_deep(&nested(80_000)),
            Some(Pos::new(2, 8 + MAX_DEPTH))
        );
        let spread = format!("a: {{b: [\n{}\n", "  [ 工,\n".repeat(70));
        assert_eq!(flow_too_deep(&spread), Some(Pos::new(64, 3)));
    }

    #[test]
    fn brackets_in_quotes_comments_and_block_scalars_do_not_count() {
        let many = "[".repeat(200);
        for text in [
            format!("title: \"{many}\"\n"),
            format!("title: '{many}''{many}'\n"),
            format!("title: 工作 # {many}\n"),
            format!("text: |\n  {many}\n\n  {many}\nid: p1\n"),
            format!("list: [ \"{many}\", '{many}' ]\n"),
            format!("title: \"第一行\n  {many}\"\nid: p1\n"),
        ] {
            assert_eq!(flow_too_deep(&text), None, "{text}");
        }
        // Footnote markers close what they open.
        let text = format!("text: {}\n", "推動[1]就業[12]，".repeat(500));
        assert_eq!(flow_too_deep(&text), None);
    }

    #[test]
    fn a_block_scalar_ends_where_its_indentation_does() {
        let text = format!("a: |\n    文字\n  b: {}\n", "[".repeat(70));
        assert_eq!(flow_too_deep(&text), Some(Pos::new(3, 6 + MAX_DEPTH)));
    }
}
