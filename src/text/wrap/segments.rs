//! Filling rows greedily, a segment of the text at a time: a paragraph of
//! any length is wrapped in memory for its rows, not for a copy of every
//! character.

use super::{break_levels, is_han, Level, Row, Unit, Wrap};
use crate::text::clusters::forward;
use crate::text::width::{cluster_width, AmbiWidth};

/// How much text is analysed at once, in bytes (a segment ends at the
/// first cut after it).
pub const SEGMENT_BYTES: usize = 64 * 1024;

/// The end of the segment that starts at byte `from`: the first place at
/// or after `from + at_least` where the text can be cut and each side
/// analysed on its own with the same breaks as the whole, or the end of
/// the text. A cut stands before the fifth of six hanzi in a row, or
/// before the first of two ASCII letters that follow a letter and a
/// space. There UAX #14 allows the break whatever came before (LB31
/// ID ÷ ID; LB18 SP ÷), no number or marker reaches it (a number's unit
/// binds at most three units after its digits), no line-start or
/// line-end rule is at stake, and both sides are clusters of one
/// character.
fn segment_end(text: &str, from: usize, at_least: usize) -> usize {
    let mut at = from.saturating_add(at_least);
    if at >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(at) {
        at += 1;
    }
    // Hanzi in a row just before, and the two characters before (the
    // nearer last; None: not seen).
    let mut hanzi_run = 0usize;
    let mut prev: [Option<char>; 2] = [None, None];
    let mut chars = text[at..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let byte = at + i;
        if is_han(c) && next.is_some_and(is_han) && hanzi_run >= 4 && byte > from {
            return byte;
        }
        let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        if letter(Some(c)) && letter(next) && prev[1] == Some(' ') && letter(prev[0]) && byte > from
        {
            return byte;
        }
        hanzi_run = if is_han(c) { hanzi_run + 1 } else { 0 };
        prev = [prev[1], Some(c)];
    }
    text.len()
}

/// The units of one segment of the text, with their widths and how good a
/// break before each is. Byte offsets are the whole text's.
#[derive(Default)]
struct Window {
    units: Vec<Unit>,
    widths: Vec<u8>,
    levels: Vec<Level>,
}

impl Window {
    /// Analyse `text[from..to]` and append it. `from` is 0 or a cut of
    /// [`segment_end`], where the break is good.
    fn extend(&mut self, text: &str, from: usize, to: usize, ambi: AmbiWidth) {
        let segment = &text[from..to];
        let first = self.units.len();
        for (byte, g) in forward(segment) {
            let c = g.chars().next().unwrap_or(' ');
            let alone = g.len() == c.len_utf8();
            let width = u8::try_from(cluster_width(g, ambi)).unwrap_or(u8::MAX);
            self.widths.push(width);
            self.units.push(Unit { byte, c, alone });
        }
        let mut levels = break_levels(&self.units[first..], segment);
        if from > 0 {
            if let Some(l) = levels.first_mut() {
                *l = Level::Good;
            }
        }
        self.levels.extend(levels);
        for u in &mut self.units[first..] {
            u.byte += from;
        }
    }

    /// Forget the units before `start`.
    fn drop_before(&mut self, start: usize) {
        self.units.drain(..start);
        self.widths.drain(..start);
        self.levels.drain(..start);
    }
}

/// [`wrap`], analysing `segment` bytes at a time (tests make it small).
pub(super) fn wrap_in_segments(text: &str, opts: Wrap, segment: usize) -> Vec<Row> {
    let mut win = Window::default();
    let mut analysed = segment_end(text, 0, segment);
    win.extend(text, 0, analysed, opts.ambi);
    if win.units.is_empty() {
        return vec![Row {
            range: 0..0,
            indent: 0,
        }];
    }
    let room = |indent: usize| if indent + 2 <= opts.width { indent } else { 0 };
    // The first good break: the segment's end is one when more follows.
    let first_run = (1..win.units.len())
        .find(|&b| win.levels[b] == Level::Good)
        .unwrap_or(win.units.len());
    let first_run_width: usize = win.widths[..first_run]
        .iter()
        .map(|&w| usize::from(w))
        .sum();
    let mut indent = room(opts.first_indent);
    if indent + first_run_width > opts.width && first_run_width <= opts.width {
        indent = 0;
    }

    let mut rows = Vec::new();
    let mut start = 0;
    let mut used = indent;
    let mut i = 0;
    loop {
        if i == win.units.len() {
            if analysed == text.len() {
                break;
            }
            win.drop_before(start);
            i -= start;
            start = 0;
            let to = segment_end(text, analysed, segment);
            win.extend(text, analysed, to, opts.ambi);
            analysed = to;
            continue;
        }
        let w = usize::from(win.widths[i]);
        if used + w <= opts.width || i == start {
            used += w;
            i += 1;
            continue;
        }
        // Char i does not fit: break at the best place in (start, i].
        let levels = &win.levels;
        let best = |level: Level| (start + 1..=i).rev().find(|&b| levels[b] <= level);
        let at = [Level::Good, Level::Soft, Level::Unit, Level::Digits]
            .into_iter()
            .find_map(best)
            .unwrap_or(i);
        rows.push(Row {
            range: win.units[start].byte..win.units[at].byte,
            indent,
        });
        // The new row starts at the break, under its own indent: measure
        // it again from there.
        start = at;
        indent = room(opts.indent);
        used = indent;
        i = at;
    }
    rows.push(Row {
        range: win.units.get(start).map_or(text.len(), |u| u.byte)..text.len(),
        indent,
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_paragraph_is_cut_only_where_the_breaks_are_the_same() {
        let sentence =
            "一年來，我們著重開展了以下六個方面工作。建成高標準農田1.81萬畝[12]，“拼搶爭實”。";
        let text = sentence.repeat(40);
        let opts = Wrap {
            width: 24,
            ambi: AmbiWidth::Narrow,
            first_indent: 4,
            indent: 0,
        };
        let whole = wrap_in_segments(&text, opts, usize::MAX);
        for segment in [1, 7, 64, 300] {
            assert_eq!(wrap_in_segments(&text, opts, segment), whole, "{segment}");
        }
        // The cuts: before the fifth of six hanzi, between Latin words.
        let cut = segment_end(sentence, 0, 1);
        assert_eq!(&sentence[..cut], "一年來，我們著重");
        assert_eq!(segment_end("ab cd 中", 0, 1), 3);
        assert_eq!(segment_end("中文", 0, 1), "中文".len());
    }

    fn piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "望",
            "花",
            "區",
            "人",
            "民",
            "政",
            "府",
            "，",
            "。",
            "（",
            "）",
            "“",
            "”",
            "2024",
            "年",
            "1.81",
            "萬",
            "畝",
            "[12]",
            "%",
            " ",
            "ab",
            "cd",
            "——",
            "…",
            "e\u{301}",
            "👨\u{200D}👩",
            "葛\u{E0100}",
            "1",
            "余",
            "元",
        ])
    }

    proptest::proptest! {
        #[test]
        fn segments_wrap_as_the_whole_text_does(
            pieces in proptest::collection::vec(piece(), 0..200),
            width in 2usize..30,
            segment in 1usize..40,
            indents in (0usize..6, 0usize..4),
        ) {
            let text: String = pieces.concat();
            let opts = Wrap { width, ambi: AmbiWidth::Narrow, first_indent: indents.0, indent: indents.1 };
            proptest::prop_assert_eq!(
                wrap_in_segments(&text, opts, segment),
                wrap_in_segments(&text, opts, usize::MAX)
            );
        }
    }
}
