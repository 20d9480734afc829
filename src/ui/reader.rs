//! The reading pane: the laid-out document, one screen line per row, with
//! headings, lead phrases and footnote markers styled.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::{draw_block, pane_block, put_line};
use crate::app::{App, Pane};
use crate::document::{BlockKind, Mark};

/// The style a block's text has where no mark says otherwise.
fn base_style(kind: BlockKind, theme: &Theme) -> Style {
    match kind {
        BlockKind::Title | BlockKind::ListsTitle | BlockKind::GlossaryTitle => theme.report_title(),
        BlockKind::PartTitle => theme.part_title(),
        BlockKind::SectionTitle => theme.section_title(),
        BlockKind::Occasion | BlockKind::Speaker => theme.muted(),
        _ => Style::new(),
    }
}

fn mark_style(mark: Mark, theme: &Theme) -> Style {
    match mark {
        Mark::Lead => theme.lead(),
        Mark::Marker(_) => theme.marker(),
        Mark::Term => theme.term(),
        Mark::Number => theme.muted(),
    }
}

/// The quantities that stand on a row of block `block` (bytes `row` of
/// its shown text), as byte ranges of the shown text. Found by binary
/// search, not by a pass over every quantity: they are in reading order,
/// by block and then by place in the block, and those of one block do not
/// overlap, so that their starts and their ends both grow.
fn quantities_on(app: &App, block: usize, row: &Range<usize>) -> Vec<Range<usize>> {
    let all = app.quantities();
    let first = all.partition_point(|q| q.block < block);
    let rest = &all[first..];
    let here = &rest[..rest.partition_point(|q| q.block == block)];
    let chars = app.doc().chars_of(block, row);
    let from = here.partition_point(|q| q.span.chars.end <= chars.start);
    let to = here.partition_point(|q| q.span.chars.start < chars.end);
    here[from..to.max(from)]
        .iter()
        .map(|q| crate::app::figures::shown_range(app, q))
        .collect()
}

/// Line `index` of the layout as styled spans: marks (lead phrases,
/// footnote markers, terms), quantities when they are shown, every hit of
/// the last search (the current one as a target), and the targets: the
/// text a jump marked and the marker whose footnote is open.
pub fn line(app: &App, theme: &Theme, index: usize) -> Line<'static> {
    let Some(l) = app.layout.lines.get(index) else {
        return Line::default();
    };
    let Some(b) = l.block else {
        return Line::default();
    };
    let block = &app.doc().blocks[b];
    let base = base_style(block.kind, theme);
    let mut targets = Vec::new();
    let mut hits = Vec::new();
    for (r, current) in crate::app::steps::marks_in_block(app, b) {
        if current {
            targets.push(r);
        } else {
            hits.push(r);
        }
    }
    if let Some((hb, r)) = &app.highlight {
        if *hb == b {
            targets.push(r.clone());
        }
    }
    if let Some(p) = &app.popup {
        let m = &p.markers[p.current];
        if m.block == b {
            targets.push(m.range.clone());
        }
    }
    let figures = if app.figures.inline {
        quantities_on(app, b, &l.range)
    } else {
        Vec::new()
    };
    // Cut the row at every mark and target boundary inside it.
    let mut cuts = vec![l.range.start, l.range.end];
    for r in block
        .marks
        .iter()
        .map(|(r, _)| r)
        .chain(targets.iter())
        .chain(hits.iter())
        .chain(figures.iter())
    {
        for at in [r.start, r.end] {
            if l.range.start < at && at < l.range.end {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans = vec![Span::raw(" ".repeat(l.indent))];
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        let mut style = base;
        for (r, m) in &block.marks {
            if r.start <= s && e <= r.end {
                style = style.patch(mark_style(*m, theme));
            }
        }
        if figures.iter().any(|r| r.start <= s && e <= r.end) {
            style = style.patch(theme.figure());
        }
        if hits.iter().any(|r| r.start <= s && e <= r.end) {
            style = style.patch(theme.search_hit());
        }
        if targets.iter().any(|r| r.start <= s && e <= r.end) {
            style = style.patch(theme.target());
        }
        spans.push(Span::styled(block.text[s..e].to_string(), style));
    }
    Line::from(spans)
}

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let title = app.report().meta.title.clone();
    draw_block(
        pane_block(theme, &title, app.focus == Pane::Reader, area.width),
        area,
        buf,
    );
    let text = crate::app::geometry::reader_text(area);
    for row in 0..text.height {
        let index = app.top + usize::from(row);
        if index >= app.layout.lines.len() {
            break;
        }
        put_line(
            buf,
            text.x,
            text.y + row,
            &line(app, theme, index),
            text.width,
            theme.ambi,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{update, Action, Settings};
    use crate::content::load_embedded;
    use crate::text::script::Script;
    use ratatui::style::Modifier;

    fn app() -> App {
        let mut app = App::new(load_embedded().unwrap(), Settings::default());
        update(&mut app, Action::Resize(80, 24));
        app
    }

    #[test]
    fn lead_phrases_are_bold_and_markers_distinct() {
        let mut app = app();
        update(&mut app, Action::JumpTo("part1.s1.1".into()));
        let theme = Theme::new(true, app.settings.ambi);
        let l = line(&app, &theme, app.top);
        assert_eq!(l.spans[0].content, "    ");
        assert_eq!(l.spans[1].content, "工業升級賦能增效。");
        assert!(l.spans[1].style.add_modifier.contains(Modifier::BOLD));
        let all: Vec<Line> = (app.top..app.top + 4)
            .map(|i| line(&app, &theme, i))
            .collect();
        let marker = all
            .iter()
            .flat_map(|l| &l.spans)
            .find(|s| s.content == "[1]")
            .unwrap();
        assert_eq!(marker.style, theme.marker());
    }

    #[test]
    fn a_blank_line_is_empty() {
        let app = app();
        let theme = Theme::new(false, app.settings.ambi);
        let blank = app
            .layout
            .lines
            .iter()
            .position(|l| l.block.is_none())
            .unwrap();
        assert_eq!(line(&app, &theme, blank), Line::default());
    }

    #[test]
    fn the_quantities_on_a_row_are_those_of_its_block_that_touch_it() {
        // As by a pass over every quantity: 建成高標準農田1.81萬畝 and the
        // rest, in either script, at a width that splits some of them.
        for script in [Script::Traditional, Script::Simplified] {
            let settings = Settings {
                script,
                ..Settings::default()
            };
            let mut app = App::new(load_embedded().unwrap(), settings);
            update(&mut app, Action::Resize(60, 24));
            crate::app::nav::complete_layout(&mut app);
            let mut found = 0;
            for l in &app.layout.lines {
                let Some(b) = l.block else { continue };
                let all: Vec<Range<usize>> = app
                    .quantities()
                    .iter()
                    .filter(|q| q.block == b)
                    .map(|q| crate::app::figures::shown_range(&app, q))
                    .filter(|r| r.start < l.range.end && l.range.start < r.end)
                    .collect();
                assert_eq!(quantities_on(&app, b, &l.range), all, "{script:?} {b}");
                found += all.len();
            }
            assert!(found > 188, "{found}: some quantities span two rows");
        }
    }
}
