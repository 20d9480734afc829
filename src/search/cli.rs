//! `search` without a terminal: one hit per line, id, where, snippet.

use super::snippet::snippet;
use super::Index;
use crate::document::Document;
use crate::text::AmbiWidth;

/// Width of the snippet column in display cells.
const SNIPPET_WIDTH: usize = 60;

/// The hits for `query`, best first, as tab-separated lines: the id of
/// the block, where it is (part › section), the kind and the snippet with
/// matched characters in 【】. `shown` is the document in the script to
/// print (the index's blocks, in either script).
pub fn lines(index: &Index, shown: &Document, query: &str, limit: usize) -> Vec<String> {
    index
        .search(query, limit)
        .iter()
        .map(|hit| {
            let t = &index.targets[hit.target];
            let block = &shown.blocks[t.block];
            let place = shown.place_names(t.block).join(" › ");
            let pieces = snippet(
                &index.text_of(shown, hit),
                &hit.matched,
                SNIPPET_WIDTH,
                AmbiWidth::Narrow,
            );
            let text: String = pieces
                .iter()
                .map(|(s, m)| if *m { format!("【{s}】") } else { s.clone() })
                .collect();
            format!("{}\t{}\t{}\t{}", block.id, place, t.kind.tag(), text)
        })
        .collect()
}
