//! The one place state changes: `update` applies an action in the mode the
//! session is in (`mode::mode`, the same function the keymap asks).

use super::action::{Action, Effect, Pane};
use super::mode::{mode, Mode};
use super::nav::{
    complete_layout, cycle_focus, focus, jump_to_block, jump_to_place, jump_to_range, resize,
    scroll_to,
};
use super::state::{App, FootnotePopup, Pending};
use super::{figures, follow, history, palette, steps};

/// Apply one action.
pub fn update(app: &mut App, action: Action) -> Effect {
    // Only a first frame is drawn from the first lines of a layout: any
    // action but a resize has the whole.
    if !matches!(action, Action::Resize(..)) {
        complete_layout(app);
    }
    // A presenter's moves reach a session whatever it has open; one that
    // looks away keeps its own message and marks.
    match action {
        Action::Presented(name, at) => {
            follow::presented_by(app, name, at);
            return Effect::Redraw;
        }
        Action::PresentersLeft => {
            follow::presenters_left(app);
            return Effect::Redraw;
        }
        _ => {}
    }
    app.message = None;
    // The pointer steps from the sentence it marked.
    if !matches!(
        action,
        Action::Resize(..) | Action::Point | Action::PointBack
    ) {
        app.highlight = None;
    }
    // Ctrl-Z suspends from anywhere, overlays included.
    if action == Action::Suspend {
        return Effect::Suspend;
    }
    // F follows again whatever the session has open.
    if action == Action::Rejoin {
        follow::rejoin(app);
        return Effect::Redraw;
    }
    match mode(app) {
        Mode::Help => return help(app, action),
        Mode::Popup => return popup(app, action),
        Mode::Palette => return palette::update(app, action),
        Mode::Prompt => return super::prompt::update(app, action),
        Mode::Pane(_) => {}
    }
    match action {
        Action::Quit => return Effect::Quit,
        Action::Resize(w, h) => resize(app, w, h),
        Action::ToggleHelp => app.help = Some(0),
        Action::FocusNext => cycle_focus(app, 1),
        Action::FocusPrev => cycle_focus(app, Pane::CYCLE.len() - 1),
        Action::NextSection => next_section(app, true),
        Action::PrevSection => next_section(app, false),
        Action::Footnote => open_footnote(app),
        Action::OpenPalette => palette::open(app),
        Action::Back => history::back(app),
        Action::Forward => history::forward(app),
        Action::ToggleScript => palette::toggle_script(app),
        Action::ToggleInline => app.figures.inline = !app.figures.inline,
        Action::JumpTo(place) => {
            if app.doc().block_of(&place.block).is_some() {
                history::record(app);
                jump_to_place(app, &place);
            } else {
                app.message = Some(format!("No part of the report has the id {}", place.block));
            }
        }
        Action::InsertText(text) => {
            if !palette::open_with(app, &text) {
                return Effect::None;
            }
        }
        Action::Point => super::point::point(app, true),
        Action::PointBack => super::point::point(app, false),
        Action::NextHit => steps::step(app, true),
        Action::PrevHit => steps::step(app, false),
        Action::HideHits => steps::hide(app),
        Action::Close | Action::PrevMarker => {}
        Action::WhereAmI => app.message = Some(where_am_i(app)),
        Action::ToggleZoom => {
            app.zoom = !app.zoom;
            super::nav::relayout(app);
        }
        Action::OpenPrompt => app.prompt = Some(String::new()),
        Action::SetMark => {
            app.pending = Some(Pending::SetMark);
            app.message = Some("Mark: type a letter".to_string());
        }
        Action::GoMark => {
            app.pending = Some(Pending::GoMark);
            app.message = Some("Go to mark: type its letter (' for the last jump)".to_string());
        }
        // Half a page is a page in the lists (outline, glossary, figures).
        Action::HalfPageDown if app.focus != Pane::Reader => return update(app, Action::PageDown),
        Action::HalfPageUp if app.focus != Pane::Reader => return update(app, Action::PageUp),
        a => match app.focus {
            Pane::Reader => reader(app, a),
            Pane::Outline => outline(app, a),
            Pane::Glossary => glossary(app, a),
            Pane::Figures => figures::update(app, a),
        },
    }
    Effect::Redraw
}

fn next_section(app: &mut App, forward: bool) {
    let heading = |l: &crate::document::Line| {
        l.block
            .is_some_and(|b| app.doc().blocks[b].kind.is_heading())
    };
    let lines = &app.layout.lines;
    let target = if forward {
        (app.top + 1..lines.len())
            .find(|&i| heading(&lines[i]) && (i == 0 || !heading(&lines[i - 1])))
    } else {
        (0..app.top)
            .rev()
            .find(|&i| heading(&lines[i]) && (i == 0 || !heading(&lines[i - 1])))
    };
    match target {
        Some(line) => scroll_to(app, line),
        None => {
            app.message = Some(
                if forward {
                    "Last section"
                } else {
                    "First section"
                }
                .to_string(),
            )
        }
    }
}

fn open_footnote(app: &mut App) {
    let markers = app.markers_in_view();
    match markers.first() {
        None => app.message = Some("No footnote marker on screen".to_string()),
        Some(first) => {
            app.glossary.selected = first.number as usize - 1;
            app.glossary.citation = 0;
            app.popup = Some(FootnotePopup {
                markers,
                current: 0,
                scroll: 0,
            });
        }
    }
}

fn reader(app: &mut App, action: Action) {
    let page = app.viewport().saturating_sub(1).max(1);
    match action {
        Action::Down => scroll_to(app, app.top + 1),
        Action::Up => scroll_to(app, app.top.saturating_sub(1)),
        Action::PageDown => scroll_to(app, app.top + page),
        Action::PageUp => scroll_to(app, app.top.saturating_sub(page)),
        Action::HalfPageDown => scroll_to(app, app.top + (page / 2).max(1)),
        Action::HalfPageUp => scroll_to(app, app.top.saturating_sub((page / 2).max(1))),
        Action::Top => scroll_to(app, 0),
        Action::Bottom => scroll_to(app, app.max_top()),
        Action::Open => open_footnote(app),
        _ => {}
    }
}

/// Where the reading position is, as less's `=` says it: the place, the
/// paragraph among its section's, the line and how far through.
pub fn where_am_i(app: &App) -> String {
    let doc = app.doc();
    let b = app.current_block();
    let separator = match app.settings.ambi {
        crate::text::AmbiWidth::Narrow => " › ",
        crate::text::AmbiWidth::Wide => " > ",
    };
    let mut parts = vec![doc.place_names(b).join(separator)];
    if let Some(block) = doc.blocks.get(b) {
        let kind = block.kind;
        let same: Vec<usize> = (0..doc.blocks.len())
            .filter(|&i| doc.blocks[i].kind == kind && doc.blocks[i].region == block.region)
            .collect();
        let noun = match kind {
            crate::document::BlockKind::Paragraph => Some("paragraph"),
            crate::document::BlockKind::ListItem => Some("item"),
            crate::document::BlockKind::GlossaryEntry => Some("entry"),
            _ => None,
        };
        if let (Some(noun), Some(k)) = (noun, same.iter().position(|&i| i == b)) {
            parts.push(format!("{noun} {} of {}", k + 1, same.len()));
        }
    }
    let total = app.layout.lines.len().max(1);
    parts.push(format!("line {} of {total}", (app.top + 1).min(total)));
    parts.push(format!("{}%", app.percent()));
    parts.join(" · ")
}

fn outline(app: &mut App, action: Action) {
    let visible = app.visible_nodes();
    let outline = app.shown.outline.clone();
    let at = visible
        .iter()
        .position(|&n| n == app.tree.selected)
        .unwrap_or(0);
    let page = usize::from(
        app.screen()
            .outline
            .map_or(10, |r| r.height.saturating_sub(3)),
    )
    .max(1);
    let select = |app: &mut App, i: usize| app.tree.selected = visible[i.min(visible.len() - 1)];
    match action {
        Action::Down => select(app, at + 1),
        Action::Up => select(app, at.saturating_sub(1)),
        Action::PageDown => select(app, at + page),
        Action::PageUp => select(app, at.saturating_sub(page)),
        Action::Top => select(app, 0),
        Action::Bottom => select(app, visible.len() - 1),
        Action::Expand => {
            let n = app.tree.selected;
            if outline.nodes[n].has_children {
                app.tree.expanded[n] = true;
            }
        }
        Action::Collapse => {
            let n = app.tree.selected;
            if outline.nodes[n].has_children && app.tree.expanded[n] {
                app.tree.expanded[n] = false;
            } else if let Some(p) = outline.nodes[n].parent {
                app.tree.expanded[p] = false;
                app.tree.selected = p;
            }
        }
        Action::Open => {
            let node = app.tree.selected;
            let block = outline.nodes[node].block;
            history::record(app);
            focus(app, Pane::Reader);
            jump_to_block(app, block);
            app.tree.selected = node;
        }
        _ => {}
    }
}

fn glossary(app: &mut App, action: Action) {
    let shown = app.shown.clone();
    let Some(g) = shown.report.glossary.as_ref() else {
        return;
    };
    let len = g.entries.len();
    if len == 0 {
        return;
    }
    let page = usize::from(app.screen().glossary.map_or(10, |r| r.height / 2)).max(1);
    let before = app.glossary.selected;
    let sel = &mut app.glossary.selected;
    match action {
        Action::Down => *sel = (*sel + 1).min(len - 1),
        Action::Up => *sel = sel.saturating_sub(1),
        Action::PageDown => *sel = (*sel + page).min(len - 1),
        Action::PageUp => *sel = sel.saturating_sub(page),
        Action::Top => *sel = 0,
        Action::Bottom => *sel = len - 1,
        Action::Open => {
            let entry = &g.entries[*sel];
            if entry.cited_in.is_empty() {
                app.message = Some(format!("{} is not cited in the text", entry.term));
                return;
            }
            let k = app.glossary.citation % entry.cited_in.len();
            let id = entry.cited_in[k].clone();
            let number = entry.number;
            let count = entry.cited_in.len();
            app.glossary.citation = k + 1;
            if let Some(block) = shown.doc.block_of(&id) {
                let range = shown.doc.blocks[block]
                    .marks
                    .iter()
                    .find(|(_, m)| *m == crate::document::Mark::Marker(number))
                    .map(|(r, _)| r.clone())
                    .unwrap_or(0..0);
                history::record(app);
                focus(app, Pane::Reader);
                jump_to_range(app, block, range);
                if count > 1 {
                    app.message = Some(format!(
                        "Citation {} of {count}: Enter in the glossary for the next",
                        k + 1
                    ));
                }
            }
            return;
        }
        _ => {}
    }
    if app.glossary.selected != before {
        app.glossary.citation = 0;
    }
}

fn popup(app: &mut App, action: Action) -> Effect {
    let Some(p) = app.popup.as_mut() else {
        return Effect::None;
    };
    let n = p.markers.len();
    match action {
        Action::Quit => return Effect::Quit,
        Action::Resize(w, h) => resize(app, w, h),
        Action::Close => app.popup = None,
        Action::Footnote => {
            p.current = (p.current + 1) % n;
            p.scroll = 0;
        }
        Action::PrevMarker => {
            p.current = (p.current + n - 1) % n;
            p.scroll = 0;
        }
        Action::Down => p.scroll = p.scroll.saturating_add(1),
        Action::Up => p.scroll = p.scroll.saturating_sub(1),
        Action::Open => {
            app.popup = None;
            history::record(app);
            focus(app, Pane::Glossary);
            return Effect::Redraw;
        }
        Action::ToggleHelp => app.help = Some(0),
        _ => return Effect::None,
    }
    if let Some(p) = &app.popup {
        app.glossary.selected = p.markers[p.current].number as usize - 1;
        app.glossary.citation = 0;
    }
    Effect::Redraw
}

fn help(app: &mut App, action: Action) -> Effect {
    let page = super::help::page(app).saturating_sub(1).max(1);
    match action {
        Action::Quit => return Effect::Quit,
        Action::Resize(w, h) => resize(app, w, h),
        Action::Close | Action::ToggleHelp => app.help = None,
        // Scrolled as far as asked; `handle` keeps it within the rows.
        Action::Down => app.help = app.help.map(|s| s.saturating_add(1)),
        Action::Up => app.help = app.help.map(|s| s.saturating_sub(1)),
        Action::PageDown => app.help = app.help.map(|s| s.saturating_add(page)),
        Action::PageUp => app.help = app.help.map(|s| s.saturating_sub(page)),
        Action::HalfPageDown => app.help = app.help.map(|s| s.saturating_add(page / 2)),
        Action::HalfPageUp => app.help = app.help.map(|s| s.saturating_sub(page / 2)),
        Action::Top => app.help = Some(0),
        Action::Bottom => app.help = Some(u16::MAX),
        _ => return Effect::None,
    }
    Effect::Redraw
}
