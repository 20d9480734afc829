//! The figures pane: the headline indicators as bars diverging from zero
//! (2024 result beside 2025 target), or a table of every quantity.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::figures_table::table;
use super::hints::key;
use super::outline::scroll_offset;
use super::theme::Theme;
use super::{draw_block, pane_block, put_line};
use crate::app::figures::View;
use crate::app::keymap::{Context, Keymap};
use crate::app::{Action, App, Pane};
use crate::content::report::StatedValue;
use crate::figures::export::human;
use crate::text::{str_width, truncate};

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
    let label = format!("{:>8}", percent_label(pct));
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

/// A change in percent as the chart shows it (`+5.7%`, `-3.2%`): in
/// scientific form from ±1,000,000% (`+1.0e308%`), and `?%` for a number
/// that is not finite, so that a label never outgrows its column and
/// pushes the bars out. (`check` refuses such numbers; this is for any
/// that come another way.)
pub fn percent_label(pct: f64) -> String {
    let sign = if pct > 0.0 { "+" } else { "" };
    if !pct.is_finite() {
        "?%".to_string()
    } else if pct.abs() >= 1e6 {
        format!("{sign}{pct:.1e}%")
    } else {
        format!("{sign}{}%", human(pct))
    }
}

/// The chart's lines at `width` cells: first the legend (with the key
/// that switches to the table), then for each indicator its name and two
/// bars (the 2024 result and the 2025 target), each marked whether it
/// belongs to the selected indicator. The selected row has a cursor
/// before it and its label marked; Enter jumps to its sentence.
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
    // The legend with the key to the table, closer set when narrow, the
    // key left out (never cut) when even that does not fit.
    let bare = format!("{g24} 2024  {g25} 2025");
    let legend = match key(keymap, theme, Context::Figures, Action::ToggleView) {
        Some(v) => [
            format!("{bare}   {v}: table"),
            format!("{g24} 2024 {g25} 2025 {v}: table"),
        ]
        .into_iter()
        .find(|l| str_width(l, theme.ambi) <= width)
        .unwrap_or(bare),
        None => bare,
    };
    out.push((
        Line::styled(truncate(&legend, width, theme.ambi), theme.muted()),
        false,
    ));
    let focused = app.focus == Pane::Figures;
    let cursor = theme.cursor();
    let blank = " ".repeat(str_width(cursor, theme.ambi));
    let room = width.saturating_sub(blank.len());
    for (k, i) in inds.iter().enumerate() {
        let this = k == app.figures.indicator;
        out.push((
            Line::styled(truncate(&i.name, width, theme.ambi), theme.term()),
            this,
        ));
        let rows = [
            ("24", g24, c24, i.result.as_ref(), false),
            ("25", g25, c25, i.target.as_ref(), true),
        ];
        for (label, glyph, color, value, target) in rows {
            let series = Series {
                label,
                glyph,
                color,
            };
            let mut line = bar(theme, series, value, &i.name, scale, room);
            // The selected row: a cursor before it, its label marked.
            let selected = this && app.figures.target == target;
            let mark = if selected { cursor } else { &blank };
            if selected {
                if let Some(head) = line.spans.first_mut() {
                    head.style = if focused {
                        theme.selected()
                    } else {
                        theme.selected_unfocused()
                    };
                }
            }
            line.spans
                .insert(0, Span::styled(mark.to_string(), theme.muted()));
            out.push((line, this));
        }
    }
    out
}

/// Draw the figures pane into `area`: the chart or the table, whichever
/// view is on, its first line fixed and the rest scrolled to the selection.
pub fn render(app: &App, keymap: &Keymap, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Pane::Figures;
    let title = super::labels::label(super::labels::FIGURES, app.script());
    draw_block(pane_block(theme, &title, focused, area.width), area, buf);
    let inner = super::inner(area);
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let width = usize::from(inner.width);
    let (fixed, lines) = match app.figures.view {
        View::Chart => {
            let mut l = chart(app, keymap, theme, width);
            let legend = l.remove(0).0;
            (vec![legend], l)
        }
        // Only the rows in view: already scrolled to the selection.
        View::Table => table(app, keymap, theme, width, usize::from(inner.height)),
    };
    let fixed_h = fixed.len().min(usize::from(inner.height));
    for (row, line) in fixed.iter().take(fixed_h).enumerate() {
        put_line(
            buf,
            inner.x,
            inner.y + row as u16,
            line,
            inner.width,
            theme.ambi,
        );
    }
    let height = usize::from(inner.height) - fixed_h;
    let top = inner.y + fixed_h as u16;
    let selected = lines.iter().position(|(_, s)| *s).unwrap_or(0);
    let offset = scroll_offset(selected, lines.len(), height);
    for (row, (line, _)) in lines.iter().skip(offset).take(height).enumerate() {
        put_line(
            buf,
            inner.x,
            top + row as u16,
            line,
            inner.width,
            theme.ambi,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::percent_label;

    #[test]
    fn percent_labels_stay_short() {
        // 增長 5.7%; a 309-digit change or NaN would push the bars out.
        assert_eq!(percent_label(5.7), "+5.7%");
        assert_eq!(percent_label(-3.2), "-3.2%");
        assert_eq!(percent_label(1e308), "+1.0e308%");
        assert_eq!(percent_label(f64::NAN), "?%");
        assert_eq!(percent_label(f64::NEG_INFINITY), "?%");
        assert!(percent_label(-999_999.99).chars().count() <= 12);
    }
}
