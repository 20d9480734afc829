//! The figures pane: the indicator chart and the quantity table, with its
//! sort and filters, and jumps back to the text.

use std::ops::Range;
use std::sync::Arc;

use super::action::{Action, Pane};
use super::history;
use super::nav::{focus, jump_to_span};
use super::state::App;
use super::state::Same;
pub use super::state::{FiguresState, Sort, View};
use crate::figures::{Dimension, Quantity};

/// The section (its heading block) a block belongs to: a lookup in the
/// document.
pub fn section_of(app: &App, block: usize) -> Option<usize> {
    app.doc().section_of(block)
}

/// Whether quantity `q` passes the table's dimension and section filters.
fn passes(app: &App, q: &Quantity) -> bool {
    let f = &app.figures;
    f.dimension.is_none_or(|d| q.dimension == d)
        && f.section
            .is_none_or(|s| section_of(app, q.block) == Some(s))
}

/// The quantities that pass the table's filters, in reading order:
/// indices into `app.quantities()`.
pub fn filtered(app: &App) -> Vec<usize> {
    let quantities = app.quantities();
    (0..quantities.len())
        .filter(|&i| passes(app, &quantities[i]))
        .collect()
}

/// The table's rows: indices into `app.quantities()`, filtered and sorted.
/// Computed when the filters or the sort change, and kept in the session
/// (a keystroke that only moves the selection costs nothing here).
pub fn rows(app: &App) -> Arc<[usize]> {
    let f = &app.figures;
    let key = (Same::of(&app.data), f.dimension, f.section, f.sort);
    f.rows_memo.get_or(key, || sorted_rows(app).into())
}

/// The table's rows, computed.
fn sorted_rows(app: &App) -> Vec<usize> {
    let quantities = app.quantities();
    let mut rows = filtered(app);
    // Values compare only within a dimension: sorted tables group by
    // dimension first (money, then percent change, …).
    let dim = |i: &usize| quantities[*i].dimension;
    let key = |i: &usize| quantities[*i].normalized;
    match app.figures.sort {
        Sort::Document => {}
        Sort::Largest => rows.sort_by(|a, b| {
            dim(a)
                .cmp(&dim(b))
                .then(key(b).total_cmp(&key(a)))
                .then(a.cmp(b))
        }),
        Sort::Smallest => rows.sort_by(|a, b| {
            dim(a)
                .cmp(&dim(b))
                .then(key(a).total_cmp(&key(b)))
                .then(a.cmp(b))
        }),
    }
    rows
}

/// A range of the original text's block, in the text shown now (the
/// scripts have the same characters, not always the same bytes).
pub fn shown_range(app: &App, q: &Quantity) -> Range<usize> {
    app.doc()
        .locate_span(&q.span)
        .map_or(0..0, |(_, bytes)| bytes)
}

fn dimensions_present(app: &App) -> Vec<Dimension> {
    Dimension::ALL
        .into_iter()
        .filter(|d| app.quantities().iter().any(|q| q.dimension == *d))
        .collect()
}

fn sections(app: &App) -> Vec<usize> {
    let mut s: Vec<usize> = app
        .quantities()
        .iter()
        .filter_map(|q| section_of(app, q.block))
        .collect();
    s.dedup();
    s
}

/// The chart's rows that can be selected, in order: for each indicator,
/// its 2024 result and its 2025 target, as `(indicator, target)`, each
/// only when the report states it (a row drawn as a dash is skipped).
pub fn chart_rows(app: &App) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    for (k, i) in app.report().indicators.iter().enumerate() {
        if i.result.is_some() {
            out.push((k, false));
        }
        if i.target.is_some() {
            out.push((k, true));
        }
    }
    out
}

/// Where the chart's selection is among [`chart_rows`]: its row, or the
/// first row of its indicator (or the one before) when that row is not
/// there.
fn chart_position(app: &App, rows: &[(usize, bool)]) -> usize {
    let f = &app.figures;
    rows.iter()
        .position(|&r| r == (f.indicator, f.target))
        .or_else(|| rows.iter().rposition(|&(i, _)| i <= f.indicator))
        .unwrap_or(0)
}

/// Move the chart's selection `by` rows (down when positive), stopping at
/// either end.
fn move_chart(app: &mut App, by: isize) {
    let rows = chart_rows(app);
    let Some(last) = rows.len().checked_sub(1) else {
        return;
    };
    let at = chart_position(app, &rows)
        .saturating_add_signed(by)
        .min(last);
    (app.figures.indicator, app.figures.target) = rows[at];
}

/// The name of the section a block stands in, for the table's section
/// column: the section's title (（二）千方百計…), else the part's
/// (2024年工作回顧) for an intro, the list's intro for a list item, the
/// glossary's title for an entry; never an id. Empty for a block the
/// document does not have.
pub fn section_name(app: &App, block: usize) -> String {
    let doc = app.doc();
    let mut names = doc.place_names(block);
    // A paragraph's lead phrase is its own name, not its section's.
    let lead = doc.blocks.get(block).and_then(|b| match b.marks.first() {
        Some((r, crate::document::Mark::Lead))
            if b.kind == crate::document::BlockKind::Paragraph =>
        {
            Some(b.text[r.clone()].to_string())
        }
        _ => None,
    });
    if lead.is_some() && names.last() == lead.as_ref() {
        names.pop();
    }
    names.pop().unwrap_or_default()
}

/// Cycle an optional choice: None, then each in turn.
fn cycle<T: PartialEq + Copy>(current: Option<T>, all: &[T]) -> Option<T> {
    match current.and_then(|c| all.iter().position(|x| *x == c)) {
        None => all.first().copied(),
        Some(i) => all.get(i + 1).copied(),
    }
}

/// The figures pane's keys: move through the chart's rows (each
/// indicator's result, then its target) or the table's, switch the view,
/// sort and filter the table, and Enter to jump to the text.
pub fn update(app: &mut App, action: Action) {
    if app.figures.view == View::Chart {
        let moved = match action {
            Action::Down => Some(1),
            Action::Up => Some(-1),
            Action::PageDown => Some(10),
            Action::PageUp => Some(-10),
            Action::Top => Some(isize::MIN / 2),
            Action::Bottom => Some(isize::MAX / 2),
            _ => None,
        };
        if let Some(by) = moved {
            move_chart(app, by);
            return;
        }
    }
    let count = match app.figures.view {
        View::Chart => app.report().indicators.len(),
        View::Table => rows(app).len(),
    };
    let last = count.saturating_sub(1);
    let sel = match app.figures.view {
        View::Chart => &mut app.figures.indicator,
        View::Table => &mut app.figures.row,
    };
    match action {
        Action::Down => *sel = (*sel + 1).min(last),
        Action::Up => *sel = sel.saturating_sub(1),
        Action::PageDown => *sel = (*sel + 10).min(last),
        Action::PageUp => *sel = sel.saturating_sub(10),
        Action::Top => *sel = 0,
        Action::Bottom => *sel = last,
        Action::ToggleView => {
            app.figures.view = match app.figures.view {
                View::Chart => View::Table,
                View::Table => View::Chart,
            }
        }
        Action::CycleSort => {
            app.figures.sort = match app.figures.sort {
                Sort::Document => Sort::Largest,
                Sort::Largest => Sort::Smallest,
                Sort::Smallest => Sort::Document,
            };
            app.figures.row = 0;
        }
        Action::CycleDimension => {
            app.figures.dimension = cycle(app.figures.dimension, &dimensions_present(app));
            app.figures.row = 0;
        }
        Action::CycleSection => {
            app.figures.section = cycle(app.figures.section, &sections(app));
            app.figures.row = 0;
        }
        Action::Open => open(app),
        _ => {}
    }
}

/// Enter: jump to the selected row's words (the 2024 result or the 2025
/// target) or the quantity, marked. Both are
/// found as typed spans (block id and characters), so the jump is the same
/// in either script.
fn open(app: &mut App) {
    let target = match app.figures.view {
        View::Chart => app
            .report()
            .indicators
            .get(app.figures.indicator)
            .and_then(|i| {
                // The row selected: the target on a 2025 row, else the
                // result (or the target when there is no result).
                let v = if app.figures.target {
                    i.target.as_ref().or(i.result.as_ref())?
                } else {
                    i.result.as_ref().or(i.target.as_ref())?
                };
                let doc = app.doc();
                let block = doc.block_of(&v.source)?;
                let at = doc.blocks[block].text.find(&v.text)?;
                doc.span_at(block, &(at..at + v.text.len()))
            }),
        View::Table => rows(app)
            .get(app.figures.row)
            .map(|&i| app.quantities()[i].span.clone()),
    };
    if let Some(span) = target {
        history::record(app);
        focus(app, Pane::Reader);
        jump_to_span(app, &span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_choices_cycle_through_none() {
        let all = [1, 2, 3];
        assert_eq!(cycle(None, &all), Some(1));
        assert_eq!(cycle(Some(1), &all), Some(2));
        assert_eq!(cycle(Some(3), &all), None);
    }
}
