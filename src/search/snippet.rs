//! A result's snippet: the text around the match, cut with an ellipsis at
//! grapheme cluster boundaries to fit a width in display cells.

use crate::text::width::ellipsis;
use crate::text::{cluster_width, clusters, str_width, AmbiWidth};

/// Pieces of a snippet, each marked as matched or not.
pub type Pieces = Vec<(String, bool)>;

/// One grapheme cluster of the text: its first character's index, its
/// text and its width.
struct Unit<'a> {
    first: usize,
    text: &'a str,
    width: usize,
}

/// The part of `text` to show in `width` cells, with the characters at
/// `matched` (char indices, ascending) marked; a cluster is marked when
/// any of its characters is. The window starts a little before the first
/// match. Only the clusters near the match are looked at closely, so a
/// snippet of a sentence of a million characters costs one pass over its
/// characters.
pub fn snippet(text: &str, matched: &[usize], width: usize, ambi: AmbiWidth) -> Pieces {
    let mark = ellipsis(ambi);
    let mark_w = str_width(mark, ambi);
    let first = matched.first().copied().unwrap_or(0);
    // No window holds more clusters than it has cells, but for clusters
    // of no width (which `check` refuses): keep those within reach.
    let reach = 2 * width + 8;
    let low = first.saturating_sub(reach);
    let high = first.saturating_add(reach);
    let mut units: Vec<Unit<'_>> = Vec::new();
    let (mut head_cut, mut tail_cut) = (false, false);
    let mut ci = 0;
    for (_, g) in clusters(text) {
        let n = g.chars().count();
        if ci + n <= low {
            head_cut = true;
        } else if ci > high {
            tail_cut = true;
            break;
        } else {
            units.push(Unit {
                first: ci,
                text: g,
                width: cluster_width(g, ambi),
            });
        }
        ci += n;
    }
    let n = units.len();
    let (mut start, mut end) = (0, n);
    let too_wide = head_cut || tail_cut || units.iter().map(|u| u.width).sum::<usize>() > width;
    if too_wide {
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
        let at = units.partition_point(|u| u.first + u.text.chars().count() <= first);
        start = at.min(n).saturating_sub(context);
        let before = |start: usize| start > 0 || head_cut;
        let lead = |start: usize| if before(start) { mark_w } else { 0 };
        let mut used = lead(start);
        end = start;
        while end < n {
            let tail = if end + 1 < n || tail_cut { mark_w } else { 0 };
            if used + units[end].width + tail > width {
                break;
            }
            used += units[end].width;
            end += 1;
        }
        // Near the end of the text: use the room left on the other side.
        while end == n && !tail_cut && start > 0 {
            let grown = used - lead(start) + lead(start - 1) + units[start - 1].width;
            if grown > width {
                break;
            }
            used = grown;
            start -= 1;
        }
    }
    let hit = |u: &Unit<'_>| {
        let k = matched.partition_point(|&i| i < u.first);
        matched
            .get(k)
            .is_some_and(|&i| i < u.first + u.text.chars().count())
    };
    let mut pieces: Pieces = Vec::new();
    if start > 0 || (too_wide && head_cut) {
        pieces.push((mark.to_string(), false));
    }
    let mut group: Option<(String, bool)> = None;
    for u in &units[start..end] {
        let h = hit(u);
        match &mut group {
            Some((s, gh)) if *gh == h => s.push_str(u.text),
            _ => {
                pieces.extend(group.take());
                group = Some((u.text.to_string(), h));
            }
        }
    }
    pieces.extend(group);
    if end < n || (too_wide && tail_cut) {
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

    #[test]
    fn clusters_are_kept_whole_and_measured_whole() {
        // ❤️ is two cells: at 12 cells the snippet holds 心情❤️好 and no
        // half of the emoji.
        let text = "今天心情❤️很好，天氣☀️晴朗，一切順利";
        let at = text.chars().position(|c| c == '很').unwrap_or(0);
        for width in 6..30 {
            let p = snippet(text, &[at], width, AmbiWidth::Narrow);
            let shown: String = p.iter().map(|(s, _)| s.as_str()).collect();
            assert!(
                str_width(&shown, AmbiWidth::Narrow) <= width,
                "{width}: {shown}"
            );
            assert!(
                !shown.contains("❤…") && !shown.starts_with('\u{fe0f}'),
                "{shown:?}"
            );
        }
        // A match on the variation selector marks the whole cluster.
        let vs = text.chars().position(|c| c == '\u{fe0f}').unwrap_or(0);
        let p = snippet(text, &[vs], 40, AmbiWidth::Narrow);
        assert_eq!(flat(&p), "今天心情<❤️>很好，天氣☀️晴朗，一切順利");
    }

    #[test]
    fn a_match_deep_in_a_long_sentence_is_found_and_cut_around() {
        let clause = "推動新質生產力發展，";
        let text = clause.repeat(20_000) + "完成引用目標。";
        let at = text.chars().count() - 7;
        let p = snippet(&text, &[at, at + 1], 30, AmbiWidth::Narrow);
        assert_eq!(flat(&p), "…質生產力發展，<完成>引用目標。");
        let p = snippet(&text, &[10], 20, AmbiWidth::Narrow);
        assert_eq!(flat(&p), "…，<推>動新質生產力發…");
    }
}
