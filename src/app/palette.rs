//! The fuzzy jump palette and the script switch.

use std::sync::Arc;

use super::action::{Action, Effect, Pane};
use super::history;
use super::state::{App, Palette};
use super::update::{focus, jump_to_range, relayout, resize};
use crate::document::{Document, Layout, Outline};
use crate::search::Index;
use crate::text::script::convert_report;

/// Hits shown at most.
pub const LIMIT: usize = 50;

pub fn open(app: &mut App) {
    if app.index.is_none() {
        // Built on first use, from the text as written: block numbers are
        // the same in either script.
        app.index = Some(Arc::new(Index::new(app.original_doc())));
    }
    app.palette = Some(Palette::default());
}

fn refresh(app: &mut App) {
    let (Some(p), Some(index)) = (app.palette.as_mut(), app.index.as_ref()) else {
        return;
    };
    p.hits = index.search(&p.query, LIMIT);
    p.selected = 0;
}

/// Keys while the palette is open: it takes them all.
pub fn update(app: &mut App, action: Action) -> Effect {
    let Some(p) = app.palette.as_mut() else {
        return Effect::None;
    };
    match action {
        Action::Quit => return Effect::Quit,
        Action::Resize(w, h) => resize(app, w, h),
        Action::Close => app.palette = None,
        Action::Input(c) => {
            p.query.push(c);
            refresh(app);
        }
        Action::DeleteChar => {
            p.query.pop();
            refresh(app);
        }
        Action::ClearInput => {
            p.query.clear();
            refresh(app);
        }
        Action::Down => p.selected = (p.selected + 1).min(p.hits.len().saturating_sub(1)),
        Action::Up => p.selected = p.selected.saturating_sub(1),
        Action::PageDown => p.selected = (p.selected + 5).min(p.hits.len().saturating_sub(1)),
        Action::PageUp => p.selected = p.selected.saturating_sub(5),
        Action::Open => jump(app),
        _ => return Effect::None,
    }
    Effect::Redraw
}

/// Jump to the selected hit and mark what matched.
fn jump(app: &mut App) {
    let Some(p) = app.palette.take() else { return };
    let (Some(hit), Some(index)) = (p.hits.get(p.selected), app.index.clone()) else {
        return;
    };
    history::record(app);
    let block = index.targets[hit.target].block;
    let marked = index.matched_bytes(&app.doc, hit);
    focus(app, Pane::Reader);
    jump_to_range(app, block, marked);
}

/// Switch scripts: everything shown is converted and laid out again; the
/// reading position stays on the same character.
pub fn toggle_script(app: &mut App) {
    let (block, offset) = app.anchor;
    let char_offset = app
        .doc
        .blocks
        .get(block)
        .map_or(0, |b| b.text[..offset.min(b.text.len())].chars().count());
    app.settings.script = app.settings.script.toggled();
    app.report = convert_report(&app.original, app.settings.script);
    app.doc = Document::new(&app.report);
    app.outline = Outline::new(&app.doc);
    let text = &app.doc.blocks[block.min(app.doc.blocks.len() - 1)].text;
    let byte = text
        .char_indices()
        .nth(char_offset)
        .map_or(text.len(), |(b, _)| b);
    app.anchor = (block, byte);
    app.layout = Layout::new(&app.doc, 0..0, 0, app.settings.ambi);
    relayout(app);
}
