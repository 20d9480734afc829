//! `print`: the report, or one part of it, as plain text laid out by the
//! same engine as the reader, wrapped at a width or not at all. Never any
//! escape codes.

use crate::content::Report;
use crate::document::layout::PARAGRAPH_INDENT;
use crate::document::{Document, Layout};
use crate::text::{str_width, AmbiWidth};

/// The widest `print` wraps at, in cells: a width sizes the rows laid
/// out, so a larger one is refused rather than allocated.
pub const MAX_WIDTH: usize = 10_000;

/// The report (or the part named by `section`, any id in the report) as
/// plain text: wrapped at `width` cells, or with `None` (and `Some(0)`)
/// unwrapped, one line per heading, paragraph, item or entry, each
/// starting with its text: no indent, no centring, so that a line holds
/// a whole phrase for grep and starts with it. Blank lines stand between
/// blocks as in the wrapped text. Errors when no part has that id, and
/// for a width above [`MAX_WIDTH`].
pub fn render(
    report: &Report,
    width: Option<usize>,
    ambi: AmbiWidth,
    section: Option<&str>,
) -> Result<String, String> {
    if let Some(width) = width.filter(|&w| w > MAX_WIDTH) {
        return Err(format!(
            "--width {width} is too wide: at most {MAX_WIDTH} cells (0: no wrap)"
        ));
    }
    let doc = Document::new(report);
    let range = match section {
        None => 0..doc.blocks.len(),
        Some(id) => doc.range_of(id).ok_or_else(|| {
            let parts: Vec<&str> = report.parts.iter().map(|p| p.id.as_str()).collect();
            format!(
                "no part of the report has the id `{id}` (ids look like {}, part1.s2, part1.s2.1, lists, list1, glossary, glossary.12)",
                parts.join(", ")
            )
        })?,
    };
    match width.filter(|&w| w > 0) {
        Some(width) => Ok(Layout::new(&doc, range, width, ambi).plain_text(&doc)),
        None => {
            // Wide enough that no block wraps: the widest block and its
            // indent. Then each line without the indent or centring.
            let widest = doc.blocks[range.clone()]
                .iter()
                .map(|b| str_width(&b.text, ambi))
                .max()
                .unwrap_or(0);
            let text =
                Layout::new(&doc, range, widest + PARAGRAPH_INDENT + 4, ambi).plain_text(&doc);
            let mut out = String::with_capacity(text.len());
            for line in text.lines() {
                out.push_str(line.trim_start_matches(' '));
                out.push('\n');
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_embedded;
    use crate::text::str_width;

    #[test]
    fn the_whole_report_prints_within_the_width() {
        let r = load_embedded().unwrap();
        for width in [20, 41, 80] {
            let text = render(&r, Some(width), AmbiWidth::Narrow, None).unwrap();
            assert!(text
                .lines()
                .all(|l| str_width(l, AmbiWidth::Narrow) <= width));
            assert!(text.contains("名詞解釋"));
        }
    }

    #[test]
    fn a_width_past_the_most_is_refused_not_allocated() {
        let r = load_embedded().unwrap();
        let widest = render(&r, Some(MAX_WIDTH), AmbiWidth::Narrow, Some("glossary.48")).unwrap();
        assert_eq!(widest, "48.“三不腐”：即“不敢腐、不能腐、不想腐”。\n");
        for width in [MAX_WIDTH + 1, 1 << 40, usize::MAX] {
            let e = render(&r, Some(width), AmbiWidth::Narrow, None).unwrap_err();
            assert!(e.contains("at most 10000 cells"), "{e}");
        }
    }

    #[test]
    fn one_part_prints_alone() {
        let r = load_embedded().unwrap();
        let text = render(&r, Some(60), AmbiWidth::Narrow, Some("glossary.48")).unwrap();
        assert_eq!(text, "48.“三不腐”：即“不敢腐、不能腐、不想腐”。\n");
        let e = render(&r, None, AmbiWidth::Narrow, Some("part9")).unwrap_err();
        assert!(
            e.starts_with("no part of the report has the id `part9`"),
            "{e}"
        );
    }

    #[test]
    fn unwrapped_each_block_is_one_line_that_starts_with_its_text() {
        let r = load_embedded().unwrap();
        let doc = Document::new(&r);
        for width in [None, Some(0)] {
            let text = render(&r, width, AmbiWidth::Narrow, None).unwrap();
            let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
            assert_eq!(lines.len(), doc.blocks.len());
            // As the block's text, less the space that aligns " 1." with
            // "10." in a list.
            for (line, block) in lines.iter().zip(&doc.blocks) {
                assert_eq!(*line, block.text.trim_start_matches(' '));
            }
            assert!(text.contains("\n1.累計發放惠民消費券和購車補貼近300萬元；\n"));
            assert_eq!(lines[0], "望花區人民政府工作報告");
            assert!(text.lines().any(|l| l.contains("固定資產投資下降29.8%")));
            // The blank lines are those of the wrapped text.
            let wrapped = render(&r, Some(10_000), AmbiWidth::Narrow, None).unwrap();
            let blanks = |t: &str| t.lines().filter(|l| l.is_empty()).count();
            assert_eq!(blanks(&text), blanks(&wrapped));
        }
        let part = render(&r, None, AmbiWidth::Narrow, Some("part1.s1")).unwrap();
        assert!(
            part.starts_with("（一）堅定不移調結構、促轉型，三次產業協同發力\n\n"),
            "{part}"
        );
    }
}
