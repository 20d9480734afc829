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

/// Pieces of text as it really arrives: hanzi and punctuation, ASCII, the
/// ambiguous set (letters too), emoji with VS16, a skin tone, a ZWJ
/// sequence, a flag, combining marks (on a letter, and alone after a
/// hanzi), controls and format characters.
const PIECES: &[&str] = &[
    "望",
    "花",
    "區",
    "，",
    "。",
    "、",
    "“",
    "”",
    "（",
    "）",
    "《",
    "》",
    "1",
    "29.8%",
    "[12]",
    "年",
    "萬",
    "a",
    "Bc",
    " ",
    "μ",
    "Ⅳ",
    "—",
    "…",
    "ü",
    "ǎ",
    "α",
    "Ж",
    "─",
    "°",
    "³",
    "❤\u{fe0f}",
    "☀\u{fe0f}",
    "✔\u{fe0f}",
    "👍\u{1f3fd}",
    "👨\u{200d}👩\u{200d}👧",
    "🇨🇳",
    "e\u{301}",
    "\u{301}",
    "\u{1b}",
    "\u{7}",
    "\u{200b}",
    "\u{fe0f}",
    "\t",
    "한",
];

proptest! {
    #[test]
    fn random_real_text_keeps_every_cluster_and_the_buffer_agrees(
        idx in proptest::collection::vec(0..PIECES.len(), 0..80),
        width in 1usize..50,
        first_indent in 0usize..5,
    ) {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        use ratatui::style::Style;
        use report_explorer::text::{cluster_width, clusters};
        use report_explorer::ui::cells::{put_str, width_of};

        let text: String = idx.into_iter().map(|i| PIECES[i]).collect();
        let starts: Vec<usize> = clusters(&text).map(|(b, _)| b).collect();
        for ambi in [AmbiWidth::Narrow, AmbiWidth::Wide] {
            let opts = Wrap { width, ambi, first_indent, indent: 0 };
            let rows = wrap(&text, opts);
            // The rows give back every cluster, in order, none split.
            let joined: String = rows.iter().map(|r| &text[r.range.clone()]).collect();
            prop_assert_eq!(&joined, &text);
            for r in &rows {
                prop_assert!(
                    r.range.start == text.len() || starts.contains(&r.range.start),
                    "a row starts inside a cluster at {}: {:?}", width, &text[r.range.clone()]
                );
            }
            for r in &rows {
                let row = &text[r.range.clone()];
                let layout = str_width(row, ambi);
                let one = clusters(row).count() == 1;
                prop_assert!(
                    r.indent + layout <= width || one,
                    "{:?}: row {:?} is {} + {} cells at width {}", ambi, row, r.indent, layout, width
                );
                // Drawn into a buffer with room to spare, the row takes the
                // cells the layout counts, and every visible cluster is in
                // a cell of its own.
                let room = (r.indent + layout + 4) as u16;
                let mut buf = Buffer::empty(Rect::new(0, 0, room, 1));
                let end = put_str(&mut buf, r.indent as u16, 0, row, Style::new(), room, ambi);
                prop_assert_eq!(usize::from(end) - r.indent, layout, "{:?} {:?}", ambi, row);
                let mut drawn = Vec::new();
                let mut x = r.indent as u16;
                while x < end {
                    let cell = &buf[(x, 0)];
                    drawn.push(cell.symbol().to_string());
                    x += width_of(cell).max(1);
                }
                let visible: Vec<String> = clusters(row)
                    .filter(|(_, g)| cluster_width(g, ambi) > 0)
                    .map(|(_, g)| g.to_string())
                    .collect();
                prop_assert_eq!(drawn, visible, "{:?} {:?}", ambi, row);
            }
        }
    }
}
