//! Properties of the line breaker over every text of the shipped report at
//! every width from 1 to 160, and over random Chinese-like text.

use proptest::prelude::*;
use report_explorer::content;
use report_explorer::text::wrap::{no_line_end, no_line_start};
use report_explorer::text::{str_width, wrap, AmbiWidth, Wrap};

/// Every text the reader lays out: paragraphs, headings, items, entries.
fn report_texts() -> Vec<String> {
    let r = content::load_embedded().expect("embedded report");
    let mut out: Vec<String> = r.paragraphs().map(|p| p.full_text()).collect();
    for part in &r.parts {
        out.push(part.title.clone());
        out.extend(
            part.sections
                .iter()
                .map(|s| format!("{}{}", s.label(), s.title)),
        );
    }
    out.extend(r.items().map(|i| format!("{}.{}", i.number, i.body.text)));
    let g = r.glossary.as_ref().expect("glossary");
    out.extend(
        g.entries
            .iter()
            .map(|e| format!("{}：{}", e.term, e.definition.text)),
    );
    out
}

fn is_digitish(c: char) -> bool {
    c.is_ascii_digit() || c == '.' || c == '%'
}

/// Check one wrapping; `strict` adds the line-start and line-end rules and
/// keeps numbers whole; `markers` adds that a marker never starts a row
/// (which the narrowest widths cannot always allow: 動”[14]， is 9 cells).
fn check(text: &str, opts: Wrap, strict: bool, markers: bool) -> Result<(), String> {
    let rows = wrap(text, opts);
    let joined: String = rows.iter().map(|r| &text[r.range.clone()]).collect();
    if joined != text {
        return Err(format!("rows do not give the text back at {}", opts.width));
    }
    for (k, row) in rows.iter().enumerate() {
        let r = &row.range;
        let row = &text[r.clone()];
        let w = rows[k].indent + str_width(row, opts.ambi);
        let single = row.chars().count() == 1;
        if w > opts.width && !(opts.width < 2 && single) {
            return Err(format!(
                "row {k} is {w} cells at width {}: {row}",
                opts.width
            ));
        }
        if strict {
            let first = row.chars().next();
            let last = row.chars().last();
            if k > 0 && first.is_some_and(no_line_start) {
                return Err(format!(
                    "row {k} starts with {first:?} at {}: {row}",
                    opts.width
                ));
            }
            if k + 1 < rows.len() && last.is_some_and(no_line_end) {
                return Err(format!(
                    "row {k} ends with {last:?} at {}: {row}",
                    opts.width
                ));
            }
            if markers && k > 0 && row.starts_with('[') {
                return Err(format!("a marker starts row {k} at {}: {row}", opts.width));
            }
            let before = text[..r.start].chars().last();
            if k > 0 && first.is_some_and(is_digitish) && before.is_some_and(is_digitish) {
                return Err(format!(
                    "a number is split before row {k} at {}: {row}",
                    opts.width
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn every_text_of_the_report_at_every_width() {
    let texts = report_texts();
    assert!(texts.len() >= 130, "{}", texts.len());
    for text in &texts {
        for width in 1..=160 {
            for (first_indent, indent) in [(0, 0), (4, 0)] {
                let opts = Wrap {
                    width,
                    ambi: AmbiWidth::Narrow,
                    first_indent,
                    indent,
                };
                check(text, opts, width >= 8, width >= 10).unwrap();
            }
        }
    }
}

#[test]
fn every_text_of_the_report_in_wide_ambiguous_mode() {
    for text in &report_texts() {
        for width in 1..=160 {
            let opts = Wrap {
                width,
                ambi: AmbiWidth::Wide,
                first_indent: 4,
                indent: 0,
            };
            check(text, opts, width >= 10, width >= 12).unwrap();
        }
    }
}

#[test]
fn a_row_of_80_cells_is_filled() {
    // Greedy filling: no row but the last is shorter than the width by more
    // than the rules explain (one hanzi moved down, a number kept whole).
    for text in &report_texts() {
        let opts = Wrap {
            width: 80,
            ambi: AmbiWidth::Narrow,
            first_indent: 0,
            indent: 0,
        };
        let rows = wrap(text, opts);
        for r in &rows[..rows.len() - 1] {
            let row = &text[r.range.clone()];
            let w = str_width(row, AmbiWidth::Narrow);
            assert!(w >= 70, "{w}: {row}");
        }
    }
}

const ALPHABET: &[char] = &[
    '望', '花', '區', '人', '民', '，', '。', '、', '；', '：', '“', '”', '（', '）', '《', '》',
    '1', '2', '.', '%', '[', ']', '年', '萬', '億', '—', '…', 'a', 'B', ' ', 'μ', 'Ⅳ',
];

proptest! {
    #[test]
    fn random_text_wraps_within_width(
        idx in proptest::collection::vec(0..ALPHABET.len(), 0..120),
        width in 1usize..60,
        wide in any::<bool>(),
    ) {
        let text: String = idx.into_iter().map(|i| ALPHABET[i]).collect();
        let ambi = if wide { AmbiWidth::Wide } else { AmbiWidth::Narrow };
        let opts = Wrap { width, ambi, first_indent: 4, indent: 0 };
        let result = check(&text, opts, false, false);
        prop_assert!(result.is_ok(), "{:?}", result);
    }
}
