//! `print`: the report as plain text. A simple version: paragraphs are
//! wrapped by display width, one character at a time.

use unicode_width::UnicodeWidthChar;

use crate::content::Report;

/// Wrap `text` into rows of at most `width` display cells, never splitting
/// a character. A character wider than the width gets a row of its own.
fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row = String::from(indent);
    let mut used = indent
        .chars()
        .filter_map(UnicodeWidthChar::width)
        .sum::<usize>();
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && !row.is_empty() {
            rows.push(std::mem::take(&mut row));
            used = 0;
        }
        row.push(c);
        used += w;
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows
}

/// The whole report as plain text, wrapped to `width` cells.
pub fn render(report: &Report, width: usize) -> String {
    let mut out = Vec::new();
    let mut block = |text: &str, indent: &str| {
        out.extend(wrap(text, width, indent));
        out.push(String::new());
    };
    let m = &report.meta;
    block(&m.title, "");
    block(&format!("——{}", m.occasion), "");
    block(&format!("{} {}", m.speaker_title, m.speaker), "");
    block(&report.salutation, "");
    for p in &report.opening {
        block(&p.full_text(), "　　");
    }
    for part in &report.parts {
        block(&part.title, "");
        for p in &part.intro {
            block(&p.full_text(), "　　");
        }
        for s in &part.sections {
            block(&format!("{}{}", s.label(), s.title), "　　");
            for p in &s.paragraphs {
                block(&p.full_text(), "　　");
            }
        }
        for p in &part.closing {
            block(&p.full_text(), "　　");
        }
    }
    if let Some(lists) = &report.lists {
        block(&format!("{}：", lists.title), "");
        for list in &lists.lists {
            block(&list.intro, "　　");
            for item in &list.items {
                block(&format!("{}.{}", item.number, item.body.text), "　　");
            }
        }
    }
    if let Some(g) = &report.glossary {
        block(&format!("{}：", g.title), "");
        for e in &g.entries {
            block(
                &format!("{}.{}：{}", e.number, e.term, e.definition.text),
                "　　",
            );
        }
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn rows_never_exceed_the_width_and_keep_every_character() {
        let text = "工業升級賦能增效。實施工業技改項目45項，“三高一特”[2]產量增長23.6%。";
        for width in 1..40 {
            let rows = wrap(text, width, "");
            for r in &rows {
                assert!(r.width() <= width.max(2), "{width}: {r}");
            }
            assert_eq!(rows.concat(), text);
        }
    }
}
