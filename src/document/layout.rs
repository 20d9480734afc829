//! The document laid out at one width: a list of screen lines, each a
//! range of one block's text after an indent, or a blank line between
//! blocks. Computed once per width; the reader scrolls through it.

use std::ops::Range;

use super::{Block, BlockKind, Document};
use crate::text::{str_width, wrap, AmbiWidth, Wrap};

/// One screen line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The block shown, or None for a blank line.
    pub block: Option<usize>,
    /// Byte range of the block's text.
    pub range: Range<usize>,
    /// Cells of space before the text (indent, or centring).
    pub indent: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: usize,
    pub ambi: AmbiWidth,
    pub lines: Vec<Line>,
    /// For each block of the document, its first line (blocks outside the
    /// laid-out range point at the nearest line).
    block_start: Vec<usize>,
    /// Whether only the first lines of the document are laid out
    /// ([`Layout::prefix`]).
    partial: bool,
    /// The blocks laid out end before this one.
    end: usize,
    /// The address of the document laid out, for [`Layout::id`].
    doc: usize,
}

/// What tells layouts with the same lines: those of one document at one
/// width and ambiguous width (one may be a [`Layout::prefix`] of the
/// other). Compared, never dereferenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutId {
    doc: usize,
    width: usize,
    ambi: AmbiWidth,
}

/// The paragraph indent: two hanzi.
pub const PARAGRAPH_INDENT: usize = 4;

fn centred(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::Title | BlockKind::Occasion | BlockKind::Speaker | BlockKind::PartTitle
    )
}

fn wrap_block(block: &Block, width: usize, ambi: AmbiWidth) -> Vec<(Range<usize>, usize)> {
    let (first_indent, indent) = match block.kind {
        BlockKind::Paragraph | BlockKind::ListIntro => (PARAGRAPH_INDENT, 0),
        // Items and entries hang under their number (" 1.").
        BlockKind::ListItem | BlockKind::GlossaryEntry => (0, 3),
        _ => (0, 0),
    };
    let opts = Wrap {
        width,
        ambi,
        first_indent,
        indent,
    };
    wrap(&block.text, opts)
        .into_iter()
        .map(|row| {
            let indent = if centred(block.kind) {
                width.saturating_sub(str_width(&block.text[row.range.clone()], ambi)) / 2
            } else {
                row.indent
            };
            (row.range, indent)
        })
        .collect()
}

impl Layout {
    /// Lay out the blocks `range` of `doc` at `width` cells.
    pub fn new(doc: &Document, range: Range<usize>, width: usize, ambi: AmbiWidth) -> Layout {
        let mut layout = Layout::empty(doc, width, ambi);
        let range = range.start.min(doc.blocks.len())..range.end.min(doc.blocks.len());
        for i in range.clone() {
            layout.push_block(doc, i, range.start);
        }
        layout.finish(range.end);
        layout
    }

    /// The first lines of the document's layout at `width`: its blocks
    /// from the first, up to `rows` lines from the line that shows byte
    /// `at.1` of block `at.0`, or to the end. These are the first lines of
    /// [`Layout::of_document`]'s, the same, so a view of them stays where
    /// it is when the whole layout replaces this one. What a first frame
    /// needs: a few blocks to lay out rather than the whole report.
    /// [`Layout::is_partial`] tells it from a whole one (a prefix that
    /// reaches the end is whole).
    pub fn prefix(
        doc: &Document,
        width: usize,
        ambi: AmbiWidth,
        at: (usize, usize),
        rows: usize,
    ) -> Layout {
        let mut layout = Layout::empty(doc, width, ambi);
        let n = doc.blocks.len();
        let mut end = n;
        for i in 0..n {
            layout.push_block(doc, i, 0);
            if i >= at.0 && layout.lines.len() >= layout.line_of(at.0, at.1) + rows {
                end = i + 1;
                break;
            }
        }
        layout.finish(end);
        layout.partial = end < n;
        layout
    }

    /// Whether the `rows` lines from the one that shows byte `at.1` of
    /// block `at.0` are laid out: always in a whole layout; in a
    /// [`Layout::prefix`], when the block is one of its blocks and the
    /// rows are there.
    pub fn covers(&self, at: (usize, usize), rows: usize) -> bool {
        !self.partial || (at.0 < self.end && self.lines.len() >= self.line_of(at.0, at.1) + rows)
    }

    fn empty(doc: &Document, width: usize, ambi: AmbiWidth) -> Layout {
        Layout {
            width,
            ambi,
            lines: Vec::new(),
            block_start: vec![0; doc.blocks.len()],
            partial: false,
            end: 0,
            doc: std::ptr::from_ref(doc) as usize,
        }
    }

    /// The same for every layout with these lines, a prefix's and the
    /// whole's alike.
    pub fn id(&self) -> LayoutId {
        LayoutId {
            doc: self.doc,
            width: self.width,
            ambi: self.ambi,
        }
    }

    /// Lay out block `i` after the lines so far (`first`: the first block
    /// laid out, with no blank line before it). List items in a row stand
    /// without blank lines between them.
    fn push_block(&mut self, doc: &Document, i: usize, first: usize) {
        let block = &doc.blocks[i];
        let tight = block.kind == BlockKind::ListItem
            && i > first
            && doc.blocks[i - 1].kind == BlockKind::ListItem;
        if i > first && !tight {
            self.lines.push(Line {
                block: None,
                range: 0..0,
                indent: 0,
            });
        }
        self.block_start[i] = self.lines.len();
        for (r, indent) in wrap_block(block, self.width, self.ambi) {
            self.lines.push(Line {
                block: Some(i),
                range: r,
                indent,
            });
        }
    }

    /// Blocks from `end` on, not laid out, point at the last line.
    fn finish(&mut self, end: usize) {
        self.end = end;
        let last = self.lines.len().saturating_sub(1);
        for start in self.block_start.iter_mut().skip(end) {
            *start = last;
        }
    }

    /// Whether only the first lines of the document are laid out
    /// ([`Layout::prefix`]): those of a view, not those after it.
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// Lay out the whole document.
    pub fn of_document(doc: &Document, width: usize, ambi: AmbiWidth) -> Layout {
        Layout::new(doc, 0..doc.blocks.len(), width, ambi)
    }

    /// The first line of a block.
    pub fn block_line(&self, block: usize) -> usize {
        self.block_start.get(block).copied().unwrap_or(0)
    }

    /// The line that shows byte `offset` of block `block`: its last line
    /// starting at or before `offset`, found by binary search (a block's
    /// lines stand together, in order of their ranges).
    pub fn line_of(&self, block: usize, offset: usize) -> usize {
        let start = self.block_line(block);
        let rest = self.lines.get(start..).unwrap_or_default();
        let before = rest.partition_point(|l| l.block == Some(block) && l.range.start <= offset);
        start + before.saturating_sub(1)
    }

    /// The block and offset a line shows, to find it again at another
    /// width. A blank line answers for the block after it.
    pub fn anchor(&self, line: usize) -> (usize, usize) {
        let found = self
            .lines
            .iter()
            .skip(line)
            .find_map(|l| l.block.map(|b| (b, l.range.start)));
        found
            .or_else(|| {
                self.lines
                    .iter()
                    .rev()
                    .find_map(|l| l.block.map(|b| (b, l.range.start)))
            })
            .unwrap_or((0, 0))
    }

    /// The block shown at or after `line`.
    pub fn block_at(&self, line: usize) -> usize {
        self.anchor(line).0
    }

    /// The text of a line, with its indent as spaces.
    pub fn line_text(&self, doc: &Document, line: usize) -> String {
        let Some(l) = self.lines.get(line) else {
            return String::new();
        };
        match l.block {
            Some(b) => format!(
                "{}{}",
                " ".repeat(l.indent),
                &doc.blocks[b].text[l.range.clone()]
            ),
            None => String::new(),
        }
    }

    /// The laid-out text, one line per row.
    pub fn plain_text(&self, doc: &Document) -> String {
        let mut out = String::new();
        for i in 0..self.lines.len() {
            out.push_str(self.line_text(doc, i).trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_embedded;

    fn doc() -> Document {
        Document::new(&load_embedded().unwrap())
    }

    #[test]
    fn headings_are_centred_and_paragraphs_indented() {
        let d = doc();
        let l = Layout::of_document(&d, 40, AmbiWidth::Narrow);
        assert_eq!(l.line_text(&d, 0), "         望花區人民政府工作報告");
        let p = l.block_line(d.block_of("opening.1").unwrap());
        assert!(
            l.line_text(&d, p).starts_with("    現在，我代表"),
            "{}",
            l.line_text(&d, p)
        );
        assert!(
            l.lines[p - 1].block.is_none(),
            "a blank line before a paragraph"
        );
    }

    #[test]
    fn a_prefix_is_the_first_lines_of_the_whole_and_covers_its_view() {
        // 望花區's report in both ambiguous widths, from a width that
        // breaks every few hanzi to one wider than any paragraph, with the
        // place in a heading, a paragraph's middle, a list and the glossary.
        let d = doc();
        let n = d.blocks.len();
        for ambi in [AmbiWidth::Narrow, AmbiWidth::Wide] {
            for width in [6, 17, 40, 56, 78, 300] {
                let whole = Layout::of_document(&d, width, ambi);
                assert!(!whole.is_partial());
                for block in (0..n).step_by(23).chain([n - 1]) {
                    let offset = d.blocks[block].text.len() / 2;
                    let offset = (0..=offset)
                        .rev()
                        .find(|&o| d.blocks[block].text.is_char_boundary(o))
                        .unwrap_or(0);
                    for rows in [1, 13, 58] {
                        let prefix = Layout::prefix(&d, width, ambi, (block, offset), rows);
                        let len = prefix.lines.len();
                        let at = whole.line_of(block, offset);
                        let case = format!("{ambi:?} width {width}, block {block}, {rows} rows");
                        assert_eq!(prefix.lines[..], whole.lines[..len], "{case}");
                        assert_eq!(prefix.line_of(block, offset), at, "{case}");
                        assert!(len >= (at + rows).min(whole.lines.len()), "{case}");
                        assert_eq!(prefix.is_partial(), len < whole.lines.len(), "{case}");
                        assert_eq!(prefix.id(), whole.id(), "{case}");
                        assert!(prefix.covers((block, offset), rows), "{case}");
                        assert!(whole.covers((n - 1, 0), rows), "{case}");
                        // A place past its blocks, even on a one-row view.
                        if prefix.is_partial() {
                            assert!(!prefix.covers((n - 1, 0), 1), "{case}");
                        }
                        // Not a block more than the view needs: the last
                        // starts within it (after a blank line at most).
                        let last = prefix.lines[len - 1].block.unwrap_or(0);
                        if last > block {
                            assert!(prefix.block_line(last) <= at + rows, "{case}");
                        }
                    }
                }
            }
        }
        assert_ne!(
            Layout::of_document(&d, 40, AmbiWidth::Narrow).id(),
            Layout::of_document(&d, 41, AmbiWidth::Narrow).id()
        );
    }

    #[test]
    fn list_items_are_tight_and_hang_under_their_number() {
        let d = doc();
        let l = Layout::of_document(&d, 30, AmbiWidth::Narrow);
        let first = l.block_line(d.block_of("list2.3").unwrap());
        assert_eq!(l.line_text(&d, first), " 3.實現53個封閉式物業小區電動");
        assert_eq!(l.line_text(&d, first + 1), "   自行車充電車棚全覆蓋，源頭");
        let next = l.block_line(d.block_of("list2.4").unwrap());
        assert!(
            l.lines[next - 1].block.is_some(),
            "no blank line between items"
        );
    }

    #[test]
    fn anchors_find_the_same_text_at_another_width() {
        let d = doc();
        let narrow = Layout::of_document(&d, 40, AmbiWidth::Narrow);
        let wide = Layout::of_document(&d, 100, AmbiWidth::Narrow);
        let block = d.block_of("part1.s5.1").unwrap();
        let line = narrow.block_line(block) + 3;
        let (b, offset) = narrow.anchor(line);
        assert_eq!(b, block);
        let again = wide.line_of(b, offset);
        let text = &d.blocks[b].text;
        let l = &wide.lines[again];
        assert!(
            l.range.start <= offset && offset < l.range.end.max(offset + 1),
            "{}",
            &text[l.range.clone()]
        );
    }

    #[test]
    fn a_section_alone_lays_out_from_its_heading() {
        let d = doc();
        let range = d.range_of("part2.s6").unwrap();
        let l = Layout::new(&d, range, 80, AmbiWidth::Narrow);
        let text = l.plain_text(&d);
        assert!(
            text.starts_with("（六）聚焦自身建設抓落實，展現實干擔當新形象\n\n    做到絕對忠誠。"),
            "{text}"
        );
        assert!(
            text.trim_end().ends_with("換取人民群眾的好日子。"),
            "{text}"
        );
    }

    #[test]
    fn the_line_of_an_offset_is_found_as_by_walking_the_block() {
        // The walk the binary search replaces: the last line of the block
        // starting at or before the offset, else the block's first line.
        fn walked(l: &Layout, block: usize, offset: usize) -> usize {
            let start = l.block_line(block);
            let mut line = start;
            for (i, row) in l.lines.iter().enumerate().skip(start) {
                if row.block != Some(block) {
                    break;
                }
                if row.range.start <= offset {
                    line = i;
                }
            }
            line
        }
        let d = doc();
        let s3 = d.range_of("part1.s3").unwrap();
        for layout in [
            Layout::of_document(&d, 30, AmbiWidth::Narrow),
            Layout::of_document(&d, 7, AmbiWidth::Wide),
            // Blocks outside the range laid out point at its edges.
            Layout::new(&d, s3, 40, AmbiWidth::Narrow),
        ] {
            for (b, block) in d.blocks.iter().enumerate() {
                let len = block.text.len();
                for offset in (0..len + 3).step_by(5).chain([len, len + 1]) {
                    assert_eq!(
                        layout.line_of(b, offset),
                        walked(&layout, b, offset),
                        "{} 「{}」 {offset}",
                        block.id,
                        block.text.chars().take(8).collect::<String>()
                    );
                }
            }
        }
    }
}
