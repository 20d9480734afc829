//! `search` without a terminal: the hits as tab-separated lines (id,
//! where, kind, snippet), or as one JSON document for scripts.

use std::ops::Range;

use serde::Serialize;

use super::snippet::{snippet, Pieces};
use super::Index;
use crate::document::Document;
use crate::text::AmbiWidth;

/// Width of the snippet column in display cells.
const SNIPPET_WIDTH: usize = 60;

/// One hit as `search` prints it, with every text in the script of the
/// document it was taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The id of the block (`part1.s2.2`, `glossary.12`…).
    pub id: String,
    /// Where the block is: part › section (or list, glossary), joined by
    /// ` › `.
    pub place: String,
    /// The kind's tag (標題, 要點, 正文…).
    pub kind: &'static str,
    /// The text around the match, at most 60 cells, matched pieces marked.
    pub snippet: Pieces,
    /// The whole target: a heading, lead phrase, sentence, item, term,
    /// definition or quantity.
    pub text: String,
    /// The target's character range in the block's text.
    pub target: Range<usize>,
    /// The matched characters as ascending, disjoint character ranges in
    /// the block's text (consecutive characters merged into one range);
    /// empty for an outline position such as `2.3`.
    pub matched: Vec<Range<usize>>,
}

/// Ascending character indices as ranges, consecutive ones merged:
/// [3, 4, 5, 9] → [3..6, 9..10].
fn ranges(indices: &[usize]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for &i in indices {
        match out.last_mut() {
            Some(r) if r.end == i => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// The hits for `query`, best first, at most `limit`. `shown` is the
/// document in the script to print (the index's blocks, in either script:
/// both have the same characters at the same indices).
pub fn found(index: &Index, shown: &Document, query: &str, limit: usize) -> Vec<Found> {
    index
        .search(query, limit)
        .iter()
        .map(|hit| {
            let t = &index.targets[hit.target];
            let text = index.text_of(shown, hit);
            let in_block: Vec<usize> = hit.matched.iter().map(|&i| t.chars.start + i).collect();
            Found {
                id: shown.blocks[t.block].id.to_string(),
                place: shown.place_names(t.block).join(" › "),
                kind: t.kind.tag(),
                snippet: snippet(&text, &hit.matched, SNIPPET_WIDTH, AmbiWidth::Narrow),
                text,
                target: t.chars.clone(),
                matched: ranges(&in_block),
            }
        })
        .collect()
}

impl Found {
    /// The hit as one tab-separated line: id, place, kind, and the snippet
    /// with matched characters in 【】.
    pub fn line(&self) -> String {
        let snippet: String = self
            .snippet
            .iter()
            .map(|(s, m)| if *m { format!("【{s}】") } else { s.clone() })
            .collect();
        format!("{}\t{}\t{}\t{}", self.id, self.place, self.kind, snippet)
    }
}

/// The hits for `query`, best first, as tab-separated lines (see
/// [`Found::line`]).
pub fn lines(index: &Index, shown: &Document, query: &str, limit: usize) -> Vec<String> {
    found(index, shown, query, limit)
        .iter()
        .map(Found::line)
        .collect()
}

/// One hit in `search --json`. Ranges are `[start, end]` in characters
/// (Unicode scalar values), end excluded, into the block's text.
#[derive(Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    place: &'a str,
    kind: &'a str,
    /// The snippet's text, without marks.
    snippet: String,
    text: &'a str,
    target: [usize; 2],
    matched: Vec<[usize; 2]>,
}

/// The hits as one JSON document: an array, best first, of objects
/// `{id, place, kind, snippet, text, target: [start, end], matched:
/// [[start, end], …]}`, ranges in characters of the block's text, end
/// excluded (so `text` is the block's characters `target`, and a matched
/// range `[s, e]` is `text`'s characters `s - target[0] .. e - target[0]`).
/// One hit to a line, with a final newline.
pub fn json(found: &[Found]) -> String {
    let hits: Vec<String> = found
        .iter()
        .map(|f| {
            let hit = JsonHit {
                id: &f.id,
                place: &f.place,
                kind: f.kind,
                snippet: f.snippet.iter().map(|(s, _)| s.as_str()).collect(),
                text: &f.text,
                target: [f.target.start, f.target.end],
                matched: f.matched.iter().map(|r| [r.start, r.end]).collect(),
            };
            // Strings and numbers only: serialising cannot fail.
            serde_json::to_string(&hit).unwrap_or_default()
        })
        .collect();
    if hits.is_empty() {
        return "[]\n".to_string();
    }
    format!("[\n{}\n]\n", hits.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_indices_merge_into_ranges() {
        assert_eq!(ranges(&[3, 4, 5, 9]), [3..6, 9..10]);
        assert_eq!(ranges(&[0]), [Range { start: 0, end: 1 }]);
        assert!(ranges(&[]).is_empty());
    }

    #[test]
    fn json_gives_block_ranges_that_slice_the_text() {
        let found = Found {
            id: "part1.s2.2".into(),
            place: "2024年工作回顧 › （二）千方百計提質效".into(),
            kind: "要點",
            snippet: vec![
                ("招商".into(), true),
                ("引資".into(), false),
                ("力度".into(), true),
                ("空前。".into(), false),
            ],
            text: "招商引資力度空前。".into(),
            target: 0..9,
            matched: vec![0..2, 4..6],
        };
        let v: serde_json::Value = serde_json::from_str(&json(&[found])).expect("JSON");
        assert_eq!(v[0]["id"], "part1.s2.2");
        assert_eq!(v[0]["kind"], "要點");
        assert_eq!(v[0]["snippet"], "招商引資力度空前。");
        assert_eq!(v[0]["target"], serde_json::json!([0, 9]));
        assert_eq!(v[0]["matched"], serde_json::json!([[0, 2], [4, 6]]));
    }
}
