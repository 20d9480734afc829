//! The pointer: `.` marks a sentence in the reader, the first on screen and
//! then the next; `,` the one before. In a meeting it is the presenter's
//! "point" key: the mark is part of what the presenter shows
//! (`Presented::mark`), so every follower sees the same sentence marked at
//! their own width and script.
//!
//! A sentence ends after 。！？ (full or half width), with the closing
//! quotes and brackets that follow; text after the last end is a sentence
//! too (a heading, a list item). The spaces that open a sentence are not
//! part of it.

use std::ops::Range;

use super::action::Pane;
use super::nav::{focus, in_view, show_range};
use super::state::App;

/// The sentences of `text`, as byte ranges, in order.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut ended = false;
    for (i, c) in text.char_indices() {
        let closing = matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》' | '"');
        if ended && !closing {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            ended = false;
        }
        if start.is_none() && !c.is_whitespace() {
            start = Some(i);
        }
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            ended = start.is_some();
        }
    }
    if let Some(s) = start {
        let end = text.trim_end().len();
        if end > s {
            out.push(s..end);
        }
    }
    out
}

/// Mark the next sentence (`forward`) or the one before: after or before
/// the one marked, when it is on screen; else the first sentence that
/// starts on screen (the last, going back). The reader scrolls only when
/// the sentence is not all in view. Nothing further at either end of the
/// report: the mark stays.
pub fn point(app: &mut App, forward: bool) {
    if app.focus != Pane::Reader {
        focus(app, Pane::Reader);
    }
    let previous = app.highlight.take();
    let marked = previous.clone().filter(|(b, r)| in_view(app, *b, r));
    let found = match (marked, forward) {
        (Some((b, r)), true) => after(app, b, r.end),
        (Some((b, r)), false) => before(app, b, r.start),
        (None, true) => first_on_screen(app),
        (None, false) => last_on_screen(app),
    };
    match found {
        Some((block, range)) => show_range(app, block, range),
        None => {
            app.highlight = previous;
            app.message = Some(if forward {
                "No sentence after this one".into()
            } else {
                "No sentence before this one".into()
            });
        }
    }
}

/// The first sentence that starts at or after byte `from` of `block`, in
/// reading order.
fn after(app: &App, block: usize, from: usize) -> Option<(usize, Range<usize>)> {
    let blocks = &app.doc().blocks;
    (block..blocks.len()).find_map(|b| {
        let min = if b == block { from } else { 0 };
        sentences(&blocks[b].text)
            .into_iter()
            .find(|r| r.start >= min)
            .map(|r| (b, r))
    })
}

/// The last sentence that ends at or before byte `to` of `block`.
fn before(app: &App, block: usize, to: usize) -> Option<(usize, Range<usize>)> {
    let blocks = &app.doc().blocks;
    (0..=block.min(blocks.len().checked_sub(1)?))
        .rev()
        .find_map(|b| {
            let max = if b == block { to } else { usize::MAX };
            sentences(&blocks[b].text)
                .into_iter()
                .rev()
                .find(|r| r.end <= max)
                .map(|r| (b, r))
        })
}

/// The first sentence whose start is on screen.
fn first_on_screen(app: &App) -> Option<(usize, Range<usize>)> {
    let block = app.layout.block_at(app.top);
    let blocks = &app.doc().blocks;
    let bottom = app.top + app.viewport();
    (block..blocks.len())
        .flat_map(|b| sentences(&blocks[b].text).into_iter().map(move |r| (b, r)))
        .map(|(b, r)| (app.layout.line_of(b, r.start), b, r))
        .skip_while(|(line, _, _)| *line < app.top)
        .take_while(|(line, _, _)| *line < bottom)
        .map(|(_, b, r)| (b, r))
        .next()
}

/// The last sentence whose start is on screen.
fn last_on_screen(app: &App) -> Option<(usize, Range<usize>)> {
    let bottom = app.top + app.viewport();
    let last = app.layout.block_at(bottom.saturating_sub(1));
    let blocks = &app.doc().blocks;
    (0..=last.min(blocks.len().checked_sub(1)?))
        .rev()
        .flat_map(|b| {
            sentences(&blocks[b].text)
                .into_iter()
                .rev()
                .map(move |r| (b, r))
        })
        .map(|(b, r)| (app.layout.line_of(b, r.start), b, r))
        .skip_while(|(line, _, _)| *line >= bottom)
        .take_while(|(line, _, _)| *line >= app.top)
        .map(|(_, b, r)| (b, r))
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_end_after_their_stop_and_the_quotes_that_close_them() {
        assert_eq!(
            texts("    項目建設支撐有力。全年實現開復工項目89個！跑出了“望花速度。”積極搶抓機遇"),
            vec![
                "項目建設支撐有力。",
                "全年實現開復工項目89個！",
                "跑出了“望花速度。”",
                "積極搶抓機遇"
            ]
        );
        assert_eq!(
            texts("（二）千方百計提質量、擴增量"),
            vec!["（二）千方百計提質量、擴增量"]
        );
        assert_eq!(texts("好嗎？ 好。  "), vec!["好嗎？", "好。"]);
        assert!(texts("   ").is_empty());
    }
}
