//! The report as blocks: each heading, lead, paragraph, item and entry a
//! block with its marks (leads, footnote markers), in reading order, with
//! the id map and the lookups a document keeps (sections, list intros,
//! character indexes), built once.

use std::collections::HashMap;
use std::ops::Range;

use super::{Block, BlockId, BlockKind, CharIndex, Document, Mark, Region};
use crate::content::report::{Paragraph, RichText};
use crate::content::Report;

fn marker_marks(body: &RichText, offset: usize) -> Vec<(Range<usize>, Mark)> {
    body.refs
        .iter()
        .map(|r| {
            (
                r.range.start + offset..r.range.end + offset,
                Mark::Marker(r.number),
            )
        })
        .collect()
}

fn paragraph_block(p: &Paragraph, place: Region) -> Block {
    let lead = p.lead.as_deref().unwrap_or("");
    let mut marks = Vec::new();
    if !lead.is_empty() {
        marks.push((0..lead.len(), Mark::Lead));
    }
    marks.extend(marker_marks(&p.body, lead.len()));
    Block {
        kind: BlockKind::Paragraph,
        id: BlockId::new(&p.id),
        text: concat(&[lead, &p.body.text]),
        marks,
        region: place,
    }
}

fn plain(kind: BlockKind, id: &str, text: &str, place: Region) -> Block {
    Block {
        kind,
        id: BlockId::new(id),
        text: text.to_string(),
        marks: Vec::new(),
        region: place,
    }
}

/// The strings one after another, in a string of exactly their length
/// (`format!` measures nothing beforehand, and grows as it writes).
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// How many blocks [`Document::new`] makes of `report`.
fn block_count(report: &Report) -> usize {
    let parts: usize = report
        .parts
        .iter()
        .map(|p| {
            1 + p.intro.len()
                + p.closing.len()
                + p.sections
                    .iter()
                    .map(|s| 1 + s.paragraphs.len())
                    .sum::<usize>()
        })
        .sum();
    let lists = report.lists.as_ref().map_or(0, |l| {
        1 + l.lists.iter().map(|l| 1 + l.items.len()).sum::<usize>()
    });
    let glossary = report.glossary.as_ref().map_or(0, |g| 1 + g.entries.len());
    4 + report.opening.len() + parts + lists + glossary
}

impl Document {
    pub fn new(report: &Report) -> Document {
        let mut blocks = Vec::with_capacity(block_count(report));
        let m = &report.meta;
        let front = Region::Front;
        blocks.push(plain(BlockKind::Title, &m.id, &m.title, front));
        blocks.push(plain(
            BlockKind::Occasion,
            "occasion",
            &concat(&["——", &m.occasion]),
            front,
        ));
        let speaker = concat(&[&m.speaker_title, "　", &m.speaker]);
        blocks.push(plain(BlockKind::Speaker, "speaker", &speaker, front));
        blocks.push(plain(
            BlockKind::Salutation,
            "salutation",
            &report.salutation,
            front,
        ));
        blocks.extend(report.opening.iter().map(|p| paragraph_block(p, front)));
        let mut section_titles = Vec::new();
        for (pi, part) in report.parts.iter().enumerate() {
            let place = Region::Part {
                part: pi,
                section: None,
            };
            blocks.push(plain(BlockKind::PartTitle, &part.id, &part.title, place));
            blocks.extend(part.intro.iter().map(|p| paragraph_block(p, place)));
            for (si, s) in part.sections.iter().enumerate() {
                let place = Region::Part {
                    part: pi,
                    section: Some(si),
                };
                let title = concat(&[&s.label(), &s.title]);
                blocks.push(plain(BlockKind::SectionTitle, &s.id, &title, place));
                blocks.extend(s.paragraphs.iter().map(|p| paragraph_block(p, place)));
            }
            blocks.extend(part.closing.iter().map(|p| paragraph_block(p, place)));
            section_titles.push(
                part.sections
                    .iter()
                    .map(|s| concat(&[&s.label(), &s.title]))
                    .collect(),
            );
        }
        let lists_title = report
            .lists
            .as_ref()
            .map_or(String::new(), |l| l.title.clone());
        if let Some(lists) = &report.lists {
            blocks.push(plain(
                BlockKind::ListsTitle,
                "lists",
                &lists.title,
                Region::Lists { list: None },
            ));
            for (li, list) in lists.lists.iter().enumerate() {
                let place = Region::Lists { list: Some(li) };
                blocks.push(plain(BlockKind::ListIntro, &list.id, &list.intro, place));
                for item in &list.items {
                    let number = format!("{:>2}.", item.number);
                    let mut marks = vec![(0..number.len(), Mark::Number)];
                    marks.extend(marker_marks(&item.body, number.len()));
                    let text = concat(&[&number, &item.body.text]);
                    blocks.push(Block {
                        kind: BlockKind::ListItem,
                        id: BlockId::new(&item.id),
                        text,
                        marks,
                        region: place,
                    });
                }
            }
        }
        let glossary_title = report
            .glossary
            .as_ref()
            .map_or(String::new(), |g| g.title.clone());
        if let Some(g) = &report.glossary {
            blocks.push(plain(
                BlockKind::GlossaryTitle,
                "glossary",
                &g.title,
                Region::Glossary { entry: None },
            ));
            for (ei, e) in g.entries.iter().enumerate() {
                let number = format!("{:>2}.", e.number);
                let head = concat(&[&number, &e.term, "："]);
                let mut marks = vec![
                    (0..number.len(), Mark::Number),
                    (number.len()..head.len(), Mark::Term),
                ];
                marks.extend(marker_marks(&e.definition, head.len()));
                let text = concat(&[&head, &e.definition.text]);
                let place = Region::Glossary { entry: Some(ei) };
                blocks.push(Block {
                    kind: BlockKind::GlossaryEntry,
                    id: BlockId::new(&e.id),
                    text,
                    marks,
                    region: place,
                });
            }
        }
        debug_assert_eq!(blocks.len(), block_count(report));
        let ids: Vec<BlockId> = blocks.iter().map(|b| b.id.clone()).collect();
        // The first block with an id wins (ids are unique in a valid report).
        let mut by_id = HashMap::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            by_id.entry(id.clone()).or_insert(i);
        }
        let chars: Vec<CharIndex> = blocks.iter().map(|b| CharIndex::new(&b.text)).collect();
        let chars_before = std::iter::once(0)
            .chain(chars.iter().scan(0, |sum, ix| {
                *sum += ix.len();
                Some(*sum)
            }))
            .collect();
        let mut section_heads = Vec::with_capacity(blocks.len());
        let mut head: Option<usize> = None;
        for (i, b) in blocks.iter().enumerate() {
            if b.kind == BlockKind::SectionTitle {
                head = Some(i);
            }
            section_heads.push(head.filter(|&h| blocks[h].region == b.region));
        }
        let list_intros = (0..blocks.len())
            .filter(|&i| blocks[i].kind == BlockKind::ListIntro)
            .collect();
        Document {
            blocks,
            ids,
            by_id,
            chars,
            chars_before,
            part_titles: report.parts.iter().map(|p| p.title.clone()).collect(),
            section_titles,
            lists_title,
            glossary_title,
            section_heads,
            list_intros,
        }
    }
}
