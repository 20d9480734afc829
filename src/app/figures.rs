//! The figures pane: the indicator chart and the quantity table, with its
//! sort and filters, and jumps back to the text.

use std::ops::Range;

use super::action::{Action, Pane};
use super::history;
use super::nav::{focus, jump_to_span};
use super::state::App;
pub use super::state::{FiguresState, Sort, View};
use crate::figures::{Dimension, Quantity};

/// The section (its heading block) a block belongs to.
pub fn section_of(app: &App, block: usize) -> Option<usize> {
    let blocks = &app.doc().blocks;
    (0..=block)
        .rev()
        .find(|&b| blocks[b].kind == crate::document::BlockKind::SectionTitle)
        .filter(|&s| blocks[s].region == blocks[block].region)
}

/// The table's rows: indices into `app.quantities()`, filtered and sorted.
pub fn rows(app: &App) -> Vec<usize> {
    let f = &app.figures;
    let quantities = app.quantities();
    let mut rows: Vec<usize> = (0..quantities.len())
        .filter(|&i| {
            let q = &quantities[i];
            f.dimension.is_none_or(|d| q.dimension == d)
                && f.section
                    .is_none_or(|s| section_of(app, q.block) == Some(s))
        })
        .collect();
    // Values compare only within a dimension: sorted tables group by
    // dimension first (money, then percent change, …).
    let dim = |i: &usize| quantities[*i].dimension;
    let key = |i: &usize| quantities[*i].normalized;
    match f.sort {
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

/// Cycle an optional choice: None, then each in turn.
fn cycle<T: PartialEq + Copy>(current: Option<T>, all: &[T]) -> Option<T> {
    match current.and_then(|c| all.iter().position(|x| *x == c)) {
        None => all.first().copied(),
        Some(i) => all.get(i + 1).copied(),
    }
}

pub fn update(app: &mut App, action: Action) {
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

/// Enter: jump to the indicator's words or the quantity, marked. Both are
/// found as typed spans (block id and characters), so the jump is the same
/// in either script.
fn open(app: &mut App) {
    let target = match app.figures.view {
        View::Chart => app
            .report()
            .indicators
            .get(app.figures.indicator)
            .and_then(|i| {
                let v = i.result.as_ref().or(i.target.as_ref())?;
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
