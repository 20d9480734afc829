//! A result's snippet: the text around the match, cut with an ellipsis at
//! character boundaries to fit a width in display cells.

use crate::text::width::ellipsis;
use crate::text::{char_width, str_width, AmbiWidth};

/// Pieces of a snippet, each marked as matched or not.
pub type Pieces = Vec<(String, bool)>;

/// The part of `text` to show in `width` cells, with the characters at
/// `matched` (char indices, ascending) marked. The window starts a little
/// before the first match.
pub fn snippet(text: &str, matched: &[usize], width: usize, ambi: AmbiWidth) -> Pieces {
    let chars: Vec<char> = text.chars().collect();
    let widths: Vec<usize> = chars.iter().map(|&c| char_width(c, ambi)).collect();
    let mark = ellipsis(ambi);
    let mark_w = str_width(mark, ambi);
    let n = chars.len();
    let (mut start, mut end) = (0, n);
    if widths.iter().sum::<usize>() > width {
        if width <= mark_w * 2 {
            return vec![(crate::text::truncate(text, width, ambi), false)];
        }
        // A few characters of context before the first match, fewer when
        // the width has little room, so the match itself always shows.
        let context = match width {
            0..=11 => 0,
            12..=23 => 1,
            _ => 4,
        };
        start = matched
            .first()
            .copied()
            .unwrap_or(0)
            .min(n)
            .saturating_sub(context);
        let lead = |start: usize| if start > 0 { mark_w } else { 0 };
        let mut used = lead(start);
        end = start;
        while end < n {
            let tail = if end + 1 < n { mark_w } else { 0 };
            if used + widths[end] + tail > width {
                break;
            }
            used += widths[end];
            end += 1;
        }
        // Near the end of the text: use the room left on the other side.
        while end == n && start > 0 {
            let grown = used - lead(start) + lead(start - 1) + widths[start - 1];
            if grown > width {
                break;
            }
            used = grown;
            start -= 1;
        }
    }
    let mut pieces: Pieces = Vec::new();
    if start > 0 {
        pieces.push((mark.to_string(), false));
    }
    let mut group: Option<(String, bool)> = None;
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        let hit = matched.binary_search(&i).is_ok();
        match &mut group {
            Some((s, h)) if *h == hit => s.push(c),
            _ => {
                pieces.extend(group.take());
                group = Some((c.to_string(), hit));
            }
        }
    }
    pieces.extend(group);
    if end < n {
        pieces.push((mark.to_string(), false));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(p: &Pieces) -> String {
        p.iter()
            .map(|(s, h)| if *h { format!("<{s}>") } else { s.clone() })
            .collect()
    }

    #[test]
    fn short_texts_show_whole_with_matches_marked() {
        let p = snippet("招商引資力度空前", &[0, 1, 2, 3], 40, AmbiWidth::Narrow);
        assert_eq!(flat(&p), "<招商引資>力度空前");
    }

    #[test]
    fn long_texts_are_cut_around_the_match_and_fit() {
        let text = "選派優秀干部38名，組建7個招商工作組，以超常規舉措推進招商引資。開展“走出去、請進來”140余次";
        let at = text.chars().position(|c| c == '推').unwrap();
        let matched: Vec<usize> = (at..at + 6).collect();
        for width in 8..60 {
            let p = snippet(text, &matched, width, AmbiWidth::Narrow);
            let shown: String = p.iter().map(|(s, _)| s.as_str()).collect();
            assert!(
                str_width(&shown, AmbiWidth::Narrow) <= width,
                "{width}: {shown}"
            );
        }
        // At any width the first matched character shows.
        for width in 5..40 {
            let p = snippet(text, &matched, width, AmbiWidth::Narrow);
            assert!(
                p.iter().any(|(s, hit)| *hit && s.starts_with('推')),
                "{width}: {p:?}"
            );
        }
        let p = snippet(text, &matched, 30, AmbiWidth::Narrow);
        assert_eq!(flat(&p), "…常規舉措<推進招商引資>。開展“…");
    }
}
