//! `print`: the report, or one part of it, as wrapped plain text, laid out
//! by the same engine as the reader. Never any escape codes.

use crate::content::Report;
use crate::document::{Document, Layout};
use crate::text::AmbiWidth;

/// The report (or the part named by `section`, any id in the report) as
/// plain text at `width` cells. Errors when no part has that id.
pub fn render(
    report: &Report,
    width: usize,
    ambi: AmbiWidth,
    section: Option<&str>,
) -> Result<String, String> {
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
    Ok(Layout::new(&doc, range, width.max(1), ambi).plain_text(&doc))
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
            let text = render(&r, width, AmbiWidth::Narrow, None).unwrap();
            assert!(text
                .lines()
                .all(|l| str_width(l, AmbiWidth::Narrow) <= width));
            assert!(text.contains("名詞解釋"));
        }
    }

    #[test]
    fn one_part_prints_alone() {
        let r = load_embedded().unwrap();
        let text = render(&r, 60, AmbiWidth::Narrow, Some("glossary.48")).unwrap();
        assert_eq!(text, "48.“三不腐”：即“不敢腐、不能腐、不想腐”。\n");
        let e = render(&r, 60, AmbiWidth::Narrow, Some("part9")).unwrap_err();
        assert!(
            e.starts_with("no part of the report has the id `part9`"),
            "{e}"
        );
    }
}
