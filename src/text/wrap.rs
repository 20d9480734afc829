//! Line breaking for Chinese text, the way a careful typesetter does it.
//!
//! Break opportunities come from UAX #14 (unicode-linebreak), tailored with
//! the rules it lacks for Chinese:
//! - no line starts with ，。、；：？！）》」』】〕〉”’…·% (and their kin);
//! - no line ends with （《「『【〔〈“‘;
//! - curly quotes, which UAX #14 binds to both neighbours, break like the
//!   brackets they are in Chinese;
//! - a footnote marker `[12]` stays with the character before it;
//! - a number stays with its unit (2024年, 29.8%, 1.81萬畝, 8860余萬元).
//!
//! Rows are filled greedily, as full as the rules allow. Where a run allows
//! no break and is wider than the row, it is broken at the least bad place:
//! where only UAX #14 objects, then between a number and its unit, then
//! inside a number, and only failing all those against the line-start and
//! line-end rules.
//!
//! The units are grapheme clusters (UAX #29), measured by
//! [`cluster_width`]: a row never splits a cluster (❤️, 👨‍👩‍👧, e + U+0301),
//! and a wide cluster never overruns the width, except when the width is
//! under its width, where it gets a row of its own.

use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

mod segments;
pub use segments::SEGMENT_BYTES;

use super::width::AmbiWidth;

/// How to wrap: the width in cells, the ambiguous-width setting, and the
/// indent (in cells) of the first row and of the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wrap {
    pub width: usize,
    pub ambi: AmbiWidth,
    pub first_indent: usize,
    pub indent: usize,
}

impl Wrap {
    pub fn new(width: usize) -> Wrap {
        Wrap {
            width,
            ambi: AmbiWidth::Narrow,
            first_indent: 0,
            indent: 0,
        }
    }
}

/// Characters that must not begin a line.
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '”'
            | '’'
            | '…'
            | '·'
            | '%'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '％'
            | '・'
            | 'ー'
            | '〜'
            | '～'
            | '々'
    )
}

/// Characters that must not end a line.
pub fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '《' | '「' | '『' | '【' | '〔' | '〈' | '“' | '‘' | '(' | '[' | '{'
    )
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// How good a break between two characters is, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    /// Every rule allows it.
    Good,
    /// UAX #14 forbids it, but no Chinese rule does (inside a Latin word,
    /// between `]` and a digit).
    Soft,
    /// It parts a number from its unit, or a marker from its character.
    Unit,
    /// It splits the digits of a number.
    Digits,
    /// It breaks the line-start or line-end rules: only to fit.
    Forced,
}

/// One unit of text: a grapheme cluster's byte offset, the character the
/// rules look at (its first: a base and what extends it), and whether it
/// is that character alone. 16 bytes a cluster: a paragraph of millions
/// of characters is wrapped in a few times its own size.
#[derive(Debug, Clone, Copy)]
struct Unit {
    byte: usize,
    c: char,
    alone: bool,
}

impl Unit {
    /// The character, where the cluster is that one character alone: a
    /// digit with a keycap mark (1️⃣) is not a digit of a number.
    fn single(&self) -> Option<char> {
        self.alone.then_some(self.c)
    }
}

/// For each unit index i (1..n), how allowed a break before unit i is.
fn break_levels(units: &[Unit], text: &str) -> Vec<Level> {
    let n = units.len();
    let mut uax = vec![false; n + 1];
    // Break positions come in byte order: walk the units alongside. A
    // position inside a cluster is no break.
    let mut i = 0;
    for (byte, op) in linebreaks(text) {
        while i < n && units[i].byte < byte {
            i += 1;
        }
        if i < n && units[i].byte == byte && op == BreakOpportunity::Allowed {
            uax[i] = true;
        }
    }
    let digit = |i: usize| units.get(i).and_then(Unit::single).is_some_and(is_digit);
    let single = |i: usize| units.get(i).and_then(Unit::single);
    let mut levels = vec![Level::Forced; n];
    // Spans inside which a break parts a number from its unit or a marker
    // from its character (Unit), or splits a number's digits (Digits).
    let mut glued: Vec<Option<Level>> = vec![None; n + 1];
    let mut i = 0;
    while i < n {
        if single(i) == Some('[') {
            let digits = (i + 1..n).take_while(|&j| digit(j)).count();
            if digits > 0 && single(i + 1 + digits) == Some(']') {
                // Parting the marker from its character is bad; splitting
                // the marker itself is worse.
                glued[i] = Some(Level::Unit);
                for g in &mut glued[i + 1..=i + 1 + digits] {
                    *g = Some(Level::Digits);
                }
                i += digits + 2;
                continue;
            }
        }
        if digit(i) {
            let mut j = i;
            let continues = |j: usize| {
                digit(j)
                    || (matches!(single(j), Some('.' | ',')) && digit(j + 1))
                    || matches!(single(j), Some('%' | '％'))
            };
            while j < n && continues(j) {
                j += 1;
            }
            for g in &mut glued[i + 1..j] {
                *g = Some(Level::Digits);
            }
            let digits_end = j;
            if single(j).is_some_and(|c| "余多".contains(c)) {
                j += 1;
            }
            if single(j).is_some_and(|c| "萬億千百万亿".contains(c)) {
                j += 1;
            }
            if single(j).is_some_and(is_han) {
                j += 1;
            }
            for g in &mut glued[digits_end..j] {
                *g = Some(Level::Unit);
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    for i in 1..n {
        let prev = units[i - 1].c;
        let next = units[i].c;
        let kinsoku_ok = !no_line_start(next) && !no_line_end(prev);
        // UAX #14 binds quotation marks to both sides; in Chinese, “ opens
        // and ” closes like a bracket.
        let quote_ok = (matches!(next, '“' | '‘') || matches!(prev, '”' | '’'))
            && (is_han(prev) || is_han(next) || no_line_start(prev) || no_line_end(next));
        let same_dash = prev == next && matches!(prev, '—' | '…');
        levels[i] = match glued[i] {
            _ if !kinsoku_ok || same_dash => Level::Forced,
            Some(level) => level,
            None if uax[i] || quote_ok => Level::Good,
            None => Level::Soft,
        };
    }
    levels
}

/// One row of wrapped text: a byte range of the text, after `indent` cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub range: Range<usize>,
    pub indent: usize,
}

/// Wrap `text` into rows. Concatenated, the rows give the text back.
///
/// An indent is dropped where it would leave no room for a wide character,
/// and the first row's indent where the text's first unbreakable run would
/// fit the row only without it.
///
/// Memory stays bounded on a paragraph of any length: the text is analysed
/// a segment of about [`SEGMENT_BYTES`] at a time (cut where the breaks
/// are the same as in the whole: `segments.rs`),
/// and what lies before the current row is dropped.
pub fn wrap(text: &str, opts: Wrap) -> Vec<Row> {
    segments::wrap_in_segments(text, opts, SEGMENT_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width::str_width;

    fn rows(text: &str, width: usize) -> Vec<&str> {
        wrap(text, Wrap::new(width))
            .into_iter()
            .map(|r| &text[r.range])
            .collect()
    }

    #[test]
    fn hanzi_fill_rows_greedily() {
        assert_eq!(
            rows("望花區人民政府工作報告", 8),
            ["望花區人", "民政府工", "作報告"]
        );
        assert_eq!(
            rows("望花區人民政府工作報告", 9),
            ["望花區人", "民政府工", "作報告"]
        );
        assert_eq!(rows("", 10), [""]);
    }

    #[test]
    fn no_row_starts_with_closing_punctuation() {
        // 「，」 would start the second row: the hanzi before it moves down.
        assert_eq!(rows("現在我代表，區政府", 10), ["現在我代", "表，區政府"]);
        assert_eq!(
            rows("工業升級賦能增效。鼓勵", 16),
            ["工業升級賦能增", "效。鼓勵"]
        );
    }

    #[test]
    fn no_row_ends_with_opening_punctuation() {
        // A row may not end with “: it moves down with what it opens.
        assert_eq!(rows("樹牢拼搶“爭實”", 10), ["樹牢拼搶", "“爭實”"]);
        assert_eq!(rows("出國（境）費用", 6), ["出國", "（境）", "費用"]);
    }

    #[test]
    fn quotes_break_like_brackets() {
        // UAX #14 alone would allow no break before “: the row would be 完.
        assert_eq!(rows("完成“小升規”7戶", 5), ["完成", "“小升", "規”", "7戶"]);
    }

    #[test]
    fn footnote_markers_stay_with_the_character_before() {
        assert_eq!(
            rows("投入使用檢測系統[1]投入", 16),
            ["投入使用檢測系", "統[1]投入"]
        );
    }

    #[test]
    fn numbers_stay_with_their_units() {
        assert_eq!(
            rows("建成高標準農田1.81萬畝糧食", 18),
            ["建成高標準農田", "1.81萬畝糧食"]
        );
        assert_eq!(
            rows("固定資產投資下降29.8%，降幅", 20),
            ["固定資產投資下降", "29.8%，降幅"]
        );
        assert_eq!(
            rows("發放資金8860余萬元。", 16),
            ["發放資金", "8860余萬元。"]
        );
        assert_eq!(
            rows("即將過去的2024年工作", 12),
            ["即將過去的", "2024年工作"]
        );
    }

    #[test]
    fn dashes_and_ellipses_are_not_split() {
        let r = rows("甲乙丙——丁", 7);
        assert!(
            r.iter().all(|r| !r.ends_with('—') || r.ends_with("——")),
            "{r:?}"
        );
        assert!(rows("說……好", 5).iter().all(|r| !r.starts_with('…')));
    }

    #[test]
    fn an_unbreakable_run_wider_than_the_row_still_fits() {
        let text = "濃度下降到36μg/m3。";
        for width in 2..20 {
            for r in rows(text, width) {
                assert!(str_width(r, AmbiWidth::Narrow) <= width, "{width}: {r}");
            }
        }
    }

    #[test]
    fn narrow_widths_never_split_a_character() {
        assert_eq!(rows("望花", 1), ["望", "花"]);
        assert_eq!(rows("望花", 2), ["望", "花"]);
        assert_eq!(rows("望花", 3), ["望", "花"]);
        assert_eq!(rows("a望", 2), ["a", "望"]);
    }

    #[test]
    fn indents_take_room_on_their_rows() {
        let opts = Wrap {
            width: 10,
            ambi: AmbiWidth::Narrow,
            first_indent: 4,
            indent: 0,
        };
        let text = "望花區人民政府工作";
        let r = wrap(text, opts);
        let texts: Vec<&str> = r.iter().map(|r| &text[r.range.clone()]).collect();
        assert_eq!(texts, ["望花區", "人民政府工", "作"]);
        assert_eq!((r[0].indent, r[1].indent), (4, 0));
        // The first row's indent goes where the first run fits only without it.
        let opts = Wrap {
            width: 8,
            first_indent: 4,
            ..opts
        };
        let text = "（一）堅定";
        let r = wrap(text, opts);
        assert_eq!((&text[r[0].range.clone()], r[0].indent), ("（一）堅", 0));
    }

    #[test]
    fn a_deeper_indent_on_later_rows_is_measured() {
        let opts = Wrap {
            width: 10,
            ambi: AmbiWidth::Narrow,
            first_indent: 0,
            indent: 4,
        };
        for text in ["a bcdefghij", "望花 區人民政府工作報告"] {
            let rows = wrap(text, opts);
            for r in &rows {
                assert!(
                    r.indent + str_width(&text[r.range.clone()], AmbiWidth::Narrow) <= 10,
                    "{r:?}"
                );
            }
            assert_eq!(
                rows.iter()
                    .map(|r| &text[r.range.clone()])
                    .collect::<String>(),
                text
            );
        }
    }

    #[test]
    fn clusters_are_never_split_and_measured_whole() {
        // ❤️ is two cells: 宜❤️， fills a row of 7 but for one cell, and 滿 moves down
        // instead of being lost past the row's end.
        assert_eq!(rows("溫度適宜❤️，滿意", 7), ["溫度適", "宜❤️，", "滿意"]);
        let family = "家庭👨\u{200d}👩\u{200d}👧幸福";
        assert_eq!(rows(family, 6), ["家庭👨\u{200d}👩\u{200d}👧", "幸福"]);
        assert_eq!(rows("讚👍🏽好", 4), ["讚👍🏽", "好"]);
        // A combining accent stays on its letter at any width.
        let cafe = "cafe\u{301}咖啡";
        for width in 1..10 {
            for r in rows(cafe, width) {
                assert!(!r.starts_with('\u{301}'), "{width}: {r:?}");
                assert!(
                    str_width(r, AmbiWidth::Narrow) <= width.max(2),
                    "{width}: {r:?}"
                );
            }
        }
    }

    #[test]
    fn ambiguous_width_counts_in_wide_mode() {
        let opts = Wrap {
            width: 8,
            ambi: AmbiWidth::Wide,
            first_indent: 0,
            indent: 0,
        };
        let text = "“三保”底線";
        let r: Vec<&str> = wrap(text, opts)
            .into_iter()
            .map(|r| &text[r.range])
            .collect();
        assert_eq!(r, ["“三保”", "底線"]);
        // μ is ambiguous too: wide, it takes two cells.
        let text = "確保μg下降";
        let r: Vec<&str> = wrap(text, opts)
            .into_iter()
            .map(|r| &text[r.range])
            .collect();
        assert_eq!(r, ["確保μg", "下降"]);
    }
}
