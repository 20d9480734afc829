//! The report as a sequence of blocks to lay out and read: headings,
//! paragraphs, list items and glossary entries, each with its style marks
//! and its place in the report. The reader, `print` and the outline all
//! work from this one sequence.

mod build;
pub mod layout;
pub mod outline;
pub mod place;

use std::collections::HashMap;
use std::ops::Range;

pub use layout::{Layout, LayoutId, Line};
pub use outline::{Outline, OutlineNode};
pub use place::{BlockId, CharIndex, Place, TextSpan};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Title,
    Occasion,
    Speaker,
    Salutation,
    PartTitle,
    SectionTitle,
    Paragraph,
    ListsTitle,
    ListIntro,
    ListItem,
    GlossaryTitle,
    GlossaryEntry,
}

impl BlockKind {
    /// Blocks that start a part of the report for `]` and `[`.
    pub fn is_heading(self) -> bool {
        matches!(
            self,
            BlockKind::Title
                | BlockKind::PartTitle
                | BlockKind::SectionTitle
                | BlockKind::ListsTitle
                | BlockKind::GlossaryTitle
        )
    }
}

/// A styled range of a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A bold lead phrase.
    Lead,
    /// A footnote marker citing glossary entry n.
    Marker(u32),
    /// A glossary term.
    Term,
    /// The number of a list item or glossary entry.
    Number,
}

/// Where a block stands in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Front,
    Part { part: usize, section: Option<usize> },
    Lists { list: Option<usize> },
    Glossary { entry: Option<usize> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// The id of what the block shows (a paragraph's id, a section's id…).
    pub id: BlockId,
    pub text: String,
    pub marks: Vec<(Range<usize>, Mark)>,
    /// Where the block stands in the report.
    pub region: Region,
}

/// The report as blocks, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Each block's id, shared by the places that name it.
    ids: Vec<BlockId>,
    /// id → block index.
    by_id: HashMap<BlockId, usize>,
    /// Each block's characters ↔ bytes, so that a place or span in a long
    /// paragraph is found without walking the paragraph.
    chars: Vec<CharIndex>,
    /// Characters in the blocks before each block, and (last) in them
    /// all: one more entry than there are blocks.
    chars_before: Vec<usize>,
    /// Part titles, and section labels with titles, for place names.
    part_titles: Vec<String>,
    section_titles: Vec<Vec<String>>,
    lists_title: String,
    glossary_title: String,
    /// For each block, the heading of the section it stands in (the
    /// nearest section title at or before it, in the same region), found
    /// once so that a lookup does not walk back through the blocks.
    section_heads: Vec<Option<usize>>,
    /// The list intros' blocks, in order, for place names.
    list_intros: Vec<usize>,
}

impl Document {
    /// The heading block of the section block `block` stands in: None
    /// outside a section (the front, a part's intro or closing, the lists,
    /// the glossary) or for a block the document does not have. A lookup.
    pub fn section_of(&self, block: usize) -> Option<usize> {
        self.section_heads.get(block).copied().flatten()
    }

    /// The index of the block showing `id`: a map lookup.
    pub fn block_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The id of block `block` (cheap to clone).
    pub fn id_of(&self, block: usize) -> Option<&BlockId> {
        self.ids.get(block)
    }

    /// The character index of block `block` (None for a block it does not
    /// have).
    fn index_of(&self, block: usize) -> Option<(&str, &CharIndex)> {
        Some((&self.blocks.get(block)?.text, self.chars.get(block)?))
    }

    /// The characters in block `block`'s text (0 for none).
    pub fn char_count(&self, block: usize) -> usize {
        self.index_of(block).map_or(0, |(_, ix)| ix.len())
    }

    /// Characters in every block's text together.
    pub fn chars_total(&self) -> usize {
        self.chars_before.last().copied().unwrap_or(0)
    }

    /// Characters of the document before byte `byte` of block `block`:
    /// those of the blocks before it and of its text up to there (the
    /// total for a block it does not have).
    pub fn chars_through(&self, block: usize, byte: usize) -> usize {
        match (self.chars_before.get(block), self.index_of(block)) {
            (Some(before), Some((text, ix))) => {
                before + ix.char_of_byte(text, byte.min(text.len()))
            }
            _ => self.chars_total(),
        }
    }

    /// Characters `chars` of block `block`'s text → its bytes, without
    /// walking the text from its start (an offset past the end is the end).
    pub fn bytes_of(&self, block: usize, chars: &Range<usize>) -> Range<usize> {
        self.index_of(block)
            .map_or(0..0, |(text, ix)| ix.bytes_of_chars(text, chars))
    }

    /// Bytes `bytes` of block `block`'s text → its characters.
    pub fn chars_of(&self, block: usize, bytes: &Range<usize>) -> Range<usize> {
        self.index_of(block)
            .map_or(0..0, |(text, ix)| ix.chars_of_bytes(text, bytes))
    }

    /// Characters `chars` of block `block`'s text ("" for a block it does
    /// not have).
    pub fn text_of_chars(&self, block: usize, chars: &Range<usize>) -> &str {
        let bytes = self.bytes_of(block, chars);
        self.blocks
            .get(block)
            .and_then(|b| b.text.get(bytes))
            .unwrap_or("")
    }

    /// The place at byte `byte` of block `block`.
    pub fn place_at(&self, block: usize, byte: usize) -> Option<Place> {
        let (text, ix) = self.index_of(block)?;
        let offset = ix.char_of_byte(text, byte.min(text.len()));
        Some(Place::new(self.ids[block].clone(), offset))
    }

    /// A place as (block index, byte offset) in this document; None for an
    /// id it does not have. An offset past the end is the end.
    pub fn locate(&self, place: &Place) -> Option<(usize, usize)> {
        let block = self.block_of(&place.block)?;
        let (text, ix) = self.index_of(block)?;
        Some((block, ix.byte_of_char(text, place.offset)))
    }

    /// A span as (block index, byte range) in this document.
    pub fn locate_span(&self, span: &TextSpan) -> Option<(usize, Range<usize>)> {
        let block = self.block_of(&span.block)?;
        let (text, ix) = self.index_of(block)?;
        Some((block, ix.bytes_of_chars(text, &span.chars)))
    }

    /// The span of bytes `bytes` of block `block`.
    pub fn span_at(&self, block: usize, bytes: &Range<usize>) -> Option<TextSpan> {
        let (text, ix) = self.index_of(block)?;
        let chars = ix.chars_of_bytes(text, bytes);
        Some(TextSpan::new(self.ids[block].clone(), chars))
    }

    /// The blocks that make up what `id` names: a whole part or section
    /// from its heading, the lists or the glossary, or one block.
    pub fn range_of(&self, id: &str) -> Option<Range<usize>> {
        let start = self.block_of(id)?;
        let kind = self.blocks[start].kind;
        let ends = |b: &Block| match kind {
            BlockKind::Title => false,
            BlockKind::PartTitle => matches!(
                b.kind,
                BlockKind::PartTitle | BlockKind::ListsTitle | BlockKind::GlossaryTitle
            ),
            BlockKind::SectionTitle => {
                b.kind.is_heading()
                    || !matches!(
                        b.region,
                        Region::Part {
                            section: Some(_),
                            ..
                        }
                    )
            }
            BlockKind::ListsTitle => b.kind == BlockKind::GlossaryTitle,
            BlockKind::GlossaryTitle => false,
            BlockKind::ListIntro => b.kind != BlockKind::ListItem,
            _ => true,
        };
        let end = self.blocks[start + 1..]
            .iter()
            .position(ends)
            .map_or(self.blocks.len(), |i| start + 1 + i);
        Some(start..end)
    }

    /// Where a block stands, as a reader would say it: part › section ›
    /// lead phrase.
    pub fn place_names(&self, block: usize) -> Vec<String> {
        let Some(b) = self.blocks.get(block) else {
            return Vec::new();
        };
        let mut names = Vec::new();
        match b.region {
            Region::Front => names.push(self.blocks[0].text.clone()),
            Region::Part { part, section } => {
                names.extend(self.part_titles.get(part).cloned());
                if let Some(s) = section {
                    names.extend(
                        self.section_titles
                            .get(part)
                            .and_then(|t| t.get(s))
                            .cloned(),
                    );
                }
            }
            Region::Lists { list } => {
                names.push(self.lists_title.clone());
                if let Some(l) = list {
                    let intro = self.list_intros.get(l).map(|&i| &self.blocks[i]);
                    names.extend(intro.map(|b| b.text.trim_end_matches('：').to_string()));
                }
            }
            Region::Glossary { .. } => names.push(self.glossary_title.clone()),
        }
        if b.kind == BlockKind::Paragraph {
            if let Some((r, Mark::Lead)) = b.marks.first() {
                names.push(b.text[r.clone()].to_string());
            }
        }
        names
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
    fn blocks_follow_the_report() {
        let d = doc();
        assert_eq!(d.blocks[0].text, "望花區人民政府工作報告");
        assert_eq!(
            d.blocks[1].text,
            "——2024年12月28日在望花區第十九屆人民代表大會第四次會議上"
        );
        let first = &d.blocks[d.block_of("part1.s1.1").unwrap()];
        assert!(first.text.starts_with("工業升級賦能增效。鼓勵企業"));
        assert_eq!(first.marks[0], (0..27, Mark::Lead));
        let (r, m) = first.marks[1].clone();
        assert_eq!((&first.text[r], m), ("[1]", Mark::Marker(1)));
        let item = &d.blocks[d.block_of("list2.10").unwrap()];
        assert_eq!(
            item.text,
            "10.建設農副產品快檢站16處，嚴把“菜籃子”質量安全關。"
        );
        let entry = &d.blocks[d.block_of("glossary.2").unwrap()];
        assert!(entry.text.starts_with(" 2.“三高一特”：即高溫合金鋼"));
    }

    #[test]
    fn places_are_named_part_section_lead() {
        let d = doc();
        let b = d.block_of("part2.s3.2").unwrap();
        assert_eq!(
            d.place_names(b),
            [
                "2025年工作安排",
                "（三）聚焦深化改革釋活力，厚植區域發展新優勢",
                "打造優質營商環境。"
            ]
        );
        assert_eq!(
            d.place_names(d.block_of("list1.3").unwrap()),
            ["民生實事", "2024年，我們承諾的10件民生實事已經全部兌現"]
        );
        assert_eq!(d.place_names(0), ["望花區人民政府工作報告"]);
    }

    #[test]
    fn ids_name_ranges_of_blocks() {
        let d = doc();
        let part = d.range_of("part1").unwrap();
        assert_eq!(d.blocks[part.end].id, "part2");
        let s = d.range_of("part1.s6").unwrap();
        assert_eq!(d.blocks[s.end - 1].id, "part1.s6.3");
        let lists = d.range_of("lists").unwrap();
        assert_eq!(lists.len(), 1 + 2 + 20);
        assert_eq!(d.range_of("list1").unwrap().len(), 11);
        assert_eq!(d.range_of("glossary").unwrap().len(), 49);
        assert_eq!(d.range_of("part1.s1.2").unwrap().len(), 1);
        assert_eq!(d.range_of("nothing"), None);
    }
}
