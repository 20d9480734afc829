//! The figures pane: the headline indicators as bars diverging from zero
//! (2024 result beside 2025 target), or a table of every quantity.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::hints::{join, key};
use super::outline::scroll_offset;
use super::theme::Theme;
use super::{draw_block, pane_block, put_line};
use crate::app::figures::{rows, section_of, View};
use crate::app::keymap::{Context, Keymap};
use crate::app::{Action, App, Pane};
use crate::content::report::StatedValue;
use crate::figures::export::human;
use crate::text::script::convert;
use crate::text::{fit, str_width, truncate};

/// One row of bars: its label, glyph and colour.
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
    pub label: &'a str,
    pub glyph: char,
    pub color: Color,
}

/// One bar row, at most `width` cells: `label`, then a bar from the zero
/// column (`scale` percent fills half the room), then the value; words
/// instead of a bar when the report states no number, a dash when it
/// states nothing.
pub fn bar(
    theme: &Theme,
    series: Series,
    value: Option<&StatedValue>,
    name: &str,
    scale: f64,
    width: usize,
) -> Line<'static> {
    let Series {
        label,
        glyph,
        color,
    } = series;
    let head = format!("{label} ");
    let room = width.saturating_sub(str_width(&head, theme.ambi));
    let mut spans = vec![Span::styled(head, theme.muted())];
    let Some(v) = value else {
        spans.push(Span::styled(theme.dash(), theme.muted()));
        return Line::from(spans);
    };
    let words = v.text.strip_prefix(name).unwrap_or(&v.text).to_string();
    let Some(pct) = v.change_percent else {
        spans.push(Span::raw(truncate(&words, room, theme.ambi)));
        return Line::from(spans);
    };
    // A fixed-width value column keeps the zero column aligned.
    let label = format!(
        "{:>8}",
        format!("{}{}%", if pct > 0.0 { "+" } else { "" }, human(pct))
    );
    let bar_room = room.saturating_sub(str_width(&label, theme.ambi));
    // Half the room on each side of the zero column.
    let half = bar_room.saturating_sub(1) / 2;
    let len = ((pct.abs() / scale) * half as f64).round().max(1.0) as usize;
    let len = len.min(half);
    let style = if theme.color {
        Style::new().fg(color)
    } else {
        Style::new()
    };
    let axis = theme.axis();
    if pct < 0.0 {
        spans.push(Span::raw(" ".repeat(half - len)));
        spans.push(Span::styled(glyph.to_string().repeat(len), style));
        spans.push(Span::styled(axis, theme.muted()));
        spans.push(Span::raw(" ".repeat(half)));
    } else {
        spans.push(Span::raw(" ".repeat(half)));
        spans.push(Span::styled(axis, theme.muted()));
        spans.push(Span::styled(glyph.to_string().repeat(len), style));
        spans.push(Span::raw(" ".repeat(half - len)));
    }
    spans.push(Span::raw(label));
    Line::from(spans)
}

/// A short number for a narrow column: 1.26bn, 3.0m, 12.1k.
pub fn compact(v: f64) -> String {
    let a = v.abs();
    let (n, suffix) = if a >= 1e9 {
        (v / 1e9, "bn")
    } else if a >= 1e6 {
        (v / 1e6, "m")
    } else if a >= 1e4 {
        (v / 1e3, "k")
    } else {
        return human(v);
    };
    format!("{}{suffix}", human((n * 100.0).round() / 100.0))
}

/// The chart's lines at `width` cells: first the legend (with the key
/// that switches to the table), then for each indicator its name and two
/// bars, each marked whether it belongs to the selected indicator.
fn chart(app: &App, keymap: &Keymap, theme: &Theme, width: usize) -> Vec<(Line<'static>, bool)> {
    let (g24, g25) = theme.bar_glyphs();
    let (c24, c25) = theme.bar_colors();
    let inds = &app.report().indicators;
    let scale = inds
        .iter()
        .flat_map(|i| [&i.result, &i.target])
        .filter_map(|v| v.as_ref()?.change_percent)
        .fold(1.0_f64, |m, v| m.max(v.abs()));
    let mut out = Vec::new();
    let mut legend = format!("{g24} 2024  {g25} 2025");
    if let Some(v) = key(keymap, theme, Context::Figures, Action::ToggleView) {
        legend.push_str(&format!("   {v}: table"));
    }
    out.push((
        Line::styled(truncate(&legend, width, theme.ambi), theme.muted()),
        false,
    ));
    for (k, i) in inds.iter().enumerate() {
        let selected = k == app.figures.indicator;
        let name_style = if selected && app.focus == Pane::Figures {
            theme.selected()
        } else {
            theme.term()
        };
        out.push((
            Line::styled(truncate(&i.name, width, theme.ambi), name_style),
            selected,
        ));
        out.push((
            bar(
                theme,
                Series {
                    label: "24",
                    glyph: g24,
                    color: c24,
                },
                i.result.as_ref(),
                &i.name,
                scale,
                width,
            ),
            selected,
        ));
        out.push((
            bar(
                theme,
                Series {
                    label: "25",
                    glyph: g25,
                    color: c25,
                },
                i.target.as_ref(),
                &i.name,
                scale,
                width,
            ),
            selected,
        ));
    }
    out
}

/// The table's header (its sort and filters with their keys, and the key
/// back to the chart) and rows at `width` cells, each row marked whether
/// it is selected.
fn table(
    app: &App,
    keymap: &Keymap,
    theme: &Theme,
    width: usize,
) -> (Line<'static>, Vec<(Line<'static>, bool)>) {
    let f = &app.figures;
    let section = f.section.map_or("all".to_string(), |s| {
        let t = &app.doc().blocks[s].text;
        t.chars().take(4).collect::<String>()
    });
    // `sort order (o)`: a setting, then the key that changes it.
    let setting = |name: &str, action: Action| match key(keymap, theme, Context::Figures, action) {
        Some(k) => format!("{name} ({k})"),
        None => name.to_string(),
    };
    let chart_key = key(keymap, theme, Context::Figures, Action::ToggleView);
    let filters = join(
        theme,
        [
            Some(setting(
                &format!("sort {}", f.sort.name()),
                Action::CycleSort,
            )),
            Some(setting(
                f.dimension.map_or("all", |d| d.name()),
                Action::CycleDimension,
            )),
            Some(setting(&section, Action::CycleSection)),
            chart_key.map(|v| format!("{v}: chart")),
        ],
    );
    let header = Line::styled(truncate(&filters, width, theme.ambi), theme.muted());
    let text_w = (width * 3 / 10).clamp(8, 20);
    let value_w = (width * 4 / 10).clamp(10, 22);
    let mut out = Vec::new();
    for (k, &i) in rows(app).iter().enumerate() {
        let q = &app.quantities()[i];
        let shown = convert(&q.text, app.settings.script);
        let text = format!("{} ", fit(&shown, text_w, theme.ambi));
        let unit = theme.plain(q.dimension.base_unit());
        let value = format!("{} {unit}", compact(q.normalized));
        let value = format!("{} ", fit(value.trim(), value_w, theme.ambi));
        let place =
            section_of(app, q.block).map_or(q.id.clone(), |s| app.doc().blocks[s].text.clone());
        let room = width.saturating_sub(text_w + value_w + 2);
        let selected = k == f.row;
        let style = if selected && app.focus == Pane::Figures {
            theme.selected()
        } else {
            Style::new()
        };
        let line = Line::from(vec![
            Span::styled(text, style.patch(theme.lead())),
            Span::styled(value, style),
            Span::styled(
                truncate(&place, room, theme.ambi),
                style.patch(theme.muted()),
            ),
        ]);
        out.push((line, selected));
    }
    (header, out)
}

/// Draw the figures pane into `area`: the chart or the table, whichever
/// view is on, its first line fixed and the rest scrolled to the selection.
pub fn render(app: &App, keymap: &Keymap, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Pane::Figures;
    draw_block(
        pane_block(theme, "數字 Figures", focused, area.width),
        area,
        buf,
    );
    let inner = super::inner(area);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let width = usize::from(inner.width);
    let (fixed, lines) = match app.figures.view {
        View::Chart => {
            let mut l = chart(app, keymap, theme, width);
            let legend = l.remove(0).0;
            (legend, l)
        }
        View::Table => table(app, keymap, theme, width),
    };
    put_line(buf, inner.x, inner.y, &fixed, inner.width);
    let height = usize::from(inner.height - 1);
    let selected = lines.iter().position(|(_, s)| *s).unwrap_or(0);
    let offset = scroll_offset(selected, lines.len(), height);
    for (row, (line, _)) in lines.iter().skip(offset).take(height).enumerate() {
        put_line(buf, inner.x, inner.y + 1 + row as u16, line, inner.width);
    }
}
