//! The glossary pane: the terms, the selected definition, and every place
//! the term is cited (Enter jumps there).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::hints::key;
use super::outline::scroll_offset;
use super::theme::Theme;
use super::{draw_block, pane_block, put_line};
use crate::app::keymap::{Context, Keymap};
use crate::app::{Action, App, Pane};
use crate::text::{fit, truncate, wrap, Wrap};

/// The lines of the selected entry's details at `width` cells: term,
/// definition, then the places that cite it under a heading that names the
/// key jumping there (`見於 (Enter 跳轉)：`, in the session's script).
pub fn details(app: &App, keymap: &Keymap, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let Some(g) = &app.report().glossary else {
        return Vec::new();
    };
    let Some(e) = g.entries.get(app.glossary.selected) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let opts = Wrap {
        width,
        ambi: theme.ambi,
        first_indent: 0,
        indent: 0,
    };
    let head = format!("{}. {}", e.number, e.term);
    for r in wrap(&head, opts) {
        out.push(Line::styled(head[r.range].to_string(), theme.term()));
    }
    let def = &e.definition.text;
    for r in wrap(def, opts) {
        out.push(Line::raw(def[r.range].to_string()));
    }
    out.push(Line::default());
    let open = key(keymap, theme, Context::Pane, Action::Open);
    let heading = super::labels::cited_in(open.as_deref(), app.script());
    out.push(Line::styled(
        truncate(&heading, width, theme.ambi),
        theme.muted(),
    ));
    for id in &e.cited_in {
        let Some(b) = app.doc().block_of(id) else {
            continue;
        };
        // The most specific names say the most in a narrow pane.
        let names = app.doc().place_names(b);
        let keep = if width >= 40 { 2 } else { 1 };
        let place = names[names.len().saturating_sub(keep)..].join(theme.separator());
        out.push(Line::raw(truncate(
            &format!("{}{place}", theme.bullet()),
            width,
            theme.ambi,
        )));
    }
    out
}

/// Draw the glossary pane into `area`: the terms above, a rule, the
/// selected entry's details below.
pub fn render(app: &App, keymap: &Keymap, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(g) = &app.report().glossary else {
        return;
    };
    let focused = app.focus == Pane::Glossary;
    draw_block(pane_block(theme, &g.title, focused, area.width), area, buf);
    let inner = super::inner(area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = usize::from(inner.width);
    // The list takes the upper part, the details the rest.
    let list_h = ((u32::from(inner.height) * 2 / 5) as u16)
        .max(3)
        .min(inner.height);
    let offset = scroll_offset(app.glossary.selected, g.entries.len(), usize::from(list_h));
    for (row, (i, e)) in g
        .entries
        .iter()
        .enumerate()
        .skip(offset)
        .take(usize::from(list_h))
        .enumerate()
    {
        let head = format!("{:>2} ", e.number);
        let room = width.saturating_sub(head.len());
        let term = fit(&e.term, room, theme.ambi);
        let style = match (i == app.glossary.selected, focused) {
            (true, true) => theme.selected(),
            (true, false) => theme.selected_unfocused(),
            _ => Style::new(),
        };
        let line = Line::from(vec![
            Span::styled(head, theme.muted()),
            Span::styled(term, style),
        ]);
        put_line(
            buf,
            inner.x,
            inner.y + row as u16,
            &line,
            inner.width,
            theme.ambi,
        );
    }
    if inner.height <= list_h + 1 {
        return;
    }
    let rule_y = inner.y + list_h;
    let rule = Line::styled(theme.rule().repeat(width), theme.muted());
    put_line(buf, inner.x, rule_y, &rule, inner.width, theme.ambi);
    let room = inner.height - list_h - 1;
    let text_w = inner.width.saturating_sub(2);
    let lines = details(app, keymap, theme, usize::from(text_w));
    for (row, line) in lines.into_iter().take(usize::from(room)).enumerate() {
        put_line(
            buf,
            inner.x + 1,
            rule_y + 1 + row as u16,
            &line,
            text_w,
            theme.ambi,
        );
    }
}
