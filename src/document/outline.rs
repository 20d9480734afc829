//! The outline: parts, sections and paragraph lead phrases, then the lists
//! and the glossary, as a flattened tree.

use super::{BlockKind, Document, Mark};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineNode {
    pub label: String,
    pub depth: usize,
    /// The block the node jumps to.
    pub block: usize,
    pub parent: Option<usize>,
    pub has_children: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outline {
    /// In reading order (pre-order).
    pub nodes: Vec<OutlineNode>,
}

impl Outline {
    pub fn new(doc: &Document) -> Outline {
        let mut nodes: Vec<OutlineNode> = Vec::new();
        // The open node at each depth.
        let mut open: Vec<usize> = Vec::new();
        let push = |nodes: &mut Vec<OutlineNode>,
                    open: &mut Vec<usize>,
                    label: String,
                    depth: usize,
                    block: usize| {
            open.truncate(depth);
            let parent = depth.checked_sub(1).and_then(|d| open.get(d).copied());
            if let Some(p) = parent {
                nodes[p].has_children = true;
            }
            open.push(nodes.len());
            nodes.push(OutlineNode {
                label,
                depth,
                block,
                parent,
                has_children: false,
            });
        };
        for (i, b) in doc.blocks.iter().enumerate() {
            match b.kind {
                BlockKind::Title
                | BlockKind::PartTitle
                | BlockKind::ListsTitle
                | BlockKind::GlossaryTitle => push(&mut nodes, &mut open, b.text.clone(), 0, i),
                BlockKind::SectionTitle => push(&mut nodes, &mut open, b.text.clone(), 1, i),
                BlockKind::ListIntro => push(
                    &mut nodes,
                    &mut open,
                    b.text.trim_end_matches('：').to_string(),
                    1,
                    i,
                ),
                BlockKind::Paragraph => {
                    if let Some((r, Mark::Lead)) = b.marks.first() {
                        push(&mut nodes, &mut open, b.text[r.clone()].to_string(), 2, i)
                    }
                }
                _ => {}
            }
        }
        Outline { nodes }
    }

    /// The deepest node whose block is at or before `block`.
    pub fn node_at(&self, block: usize) -> usize {
        self.nodes
            .iter()
            .rposition(|n| n.block <= block)
            .unwrap_or(0)
    }

    /// The chain of ancestors of a node, nearest first.
    pub fn ancestors(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.nodes.get(node).and_then(|n| n.parent), |&p| {
            self.nodes[p].parent
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_embedded;

    #[test]
    fn the_outline_has_parts_sections_and_leads() {
        let d = Document::new(&load_embedded().unwrap());
        let o = Outline::new(&d);
        let top: Vec<&str> = o
            .nodes
            .iter()
            .filter(|n| n.depth == 0)
            .map(|n| n.label.as_str())
            .collect();
        assert_eq!(
            top,
            [
                "望花區人民政府工作報告",
                "2024年工作回顧",
                "2025年工作安排",
                "民生實事",
                "名詞解釋"
            ]
        );
        assert_eq!(o.nodes.iter().filter(|n| n.depth == 1).count(), 12 + 2);
        assert_eq!(o.nodes.iter().filter(|n| n.depth == 2).count(), 37);
        let lead = o
            .nodes
            .iter()
            .position(|n| n.label == "工業升級賦能增效。")
            .unwrap();
        let chain: Vec<&str> = o
            .ancestors(lead)
            .map(|a| o.nodes[a].label.as_str())
            .collect();
        assert_eq!(
            chain,
            [
                "（一）堅定不移調結構、促轉型，三次產業協同發力",
                "2024年工作回顧"
            ]
        );
        assert!(o.nodes[o.ancestors(lead).next().unwrap()].has_children);
        let b = d.block_of("part1.s1.1").unwrap();
        assert_eq!(o.node_at(b + 1), lead + 1, "the next paragraph's node");
        assert_eq!(o.node_at(b), lead);
    }
}
