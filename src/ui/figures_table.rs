//! The figures pane's table of every quantity the report states: a header
//! of its sort and filters (`figures_header.rs`), a row of column labels,
//! and a row per quantity. The columns are chosen and sized for the
//! pane's width: as many as fit, most useful first (the text as written,
//! its value in base units, the section, the dimension, then the value,
//! unit and qualifiers as written), each cell cut with the theme's "…" by
//! the one width function, never in the middle of a character.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::figures_header::header;
use super::theme::Theme;
use crate::app::figures::{filtered, rows, section_name, shown_range};
use crate::app::geometry::scroll_offset;
use crate::app::keymap::Keymap;
use crate::app::state::Same;
use crate::app::{App, Pane};
use crate::figures::export::human;
use crate::figures::{Dimension, Quantity};
use crate::text::script::convert;
use crate::text::{str_width, truncate, AmbiWidth};

/// A column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The quantity as written, qualifiers included (近300萬元).
    Text,
    /// The number as written (300).
    Value,
    /// The unit as written (萬元).
    Unit,
    /// The words that qualify it (近, 余, 以上).
    Qualifiers,
    /// The value in the dimension's base unit (3m yuan).
    Base,
    /// What it measures (money, percent change…).
    Dimension,
    /// The title of the section it stands in.
    Section,
}

impl Column {
    /// Every column, in the order they stand left to right.
    pub const ALL: [Column; 7] = [
        Column::Text,
        Column::Value,
        Column::Unit,
        Column::Qualifiers,
        Column::Base,
        Column::Dimension,
        Column::Section,
    ];

    /// Most useful first: the order in which a narrow pane keeps them.
    /// The text as written already holds the value, unit and qualifiers,
    /// so those come last.
    pub const PRIORITY: [Column; 7] = [
        Column::Text,
        Column::Base,
        Column::Section,
        Column::Dimension,
        Column::Value,
        Column::Unit,
        Column::Qualifiers,
    ];

    /// The column's label in the header: long, and short for a narrow
    /// column.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Column::Text => ("as written", "text"),
            Column::Value => ("value", "val"),
            Column::Unit => ("unit", "unit"),
            Column::Qualifiers => ("qualifiers", "qual"),
            Column::Base => ("in base units", "base"),
            Column::Dimension => ("dimension", "dim"),
            Column::Section => ("section", "section"),
        }
    }

    /// The fewest cells the column is worth showing in: a narrow pane
    /// leaves out a column it cannot give this many.
    pub fn min_width(self) -> usize {
        match self {
            Column::Text => 8,
            Column::Value => 6,
            Column::Unit | Column::Qualifiers => 4,
            Column::Base => 9,
            Column::Dimension => 10,
            Column::Section => 12,
        }
    }

    /// The cells the column reads well in (近300萬元, 12.61bn yuan,
    /// percent change, （一）堅定不移…): room is handed out up to these
    /// before any column grows past them.
    pub fn comfortable_width(self) -> usize {
        match self {
            Column::Text | Column::Dimension => 14,
            Column::Value | Column::Unit => 6,
            Column::Qualifiers => 4,
            Column::Base => 12,
            Column::Section => 16,
        }
    }

    /// Numbers line up on the right.
    fn right_aligned(self) -> bool {
        self == Column::Value
    }
}

/// Choose the columns for `width` cells and size them, given each
/// column's natural width (its widest cell): columns join in
/// [`Column::PRIORITY`] order while every one can have its minimum (a
/// cell apart). The room left is handed out a cell at a time, in the same
/// order: first up to each column's comfortable width, then to the
/// section (the one flexible column), then to any column still narrower
/// than its natural width. Returned left to right, in [`Column::ALL`]
/// order; the widths and the gaps between them never exceed `width`.
pub fn allocate(natural: impl Fn(Column) -> usize, width: usize) -> Vec<(Column, usize)> {
    let mut chosen: Vec<(Column, usize)> = Vec::new();
    let mut used = 0;
    for col in Column::PRIORITY {
        let w = col.min_width().min(natural(col).max(1));
        let gap = usize::from(!chosen.is_empty());
        if used + gap + w > width {
            break;
        }
        used += gap + w;
        chosen.push((col, w));
    }
    if chosen.is_empty() && width > 0 {
        return vec![(Column::Text, width)];
    }
    let mut spare = width - used;
    let comfortable = |c: Column| c.comfortable_width().min(natural(c));
    let section = |c: Column| if c == Column::Section { natural(c) } else { 0 };
    grow(&mut chosen, &mut spare, comfortable);
    grow(&mut chosen, &mut spare, section);
    grow(&mut chosen, &mut spare, &natural);
    chosen.sort_by_key(|(col, _)| Column::ALL.iter().position(|c| c == col));
    chosen
}

/// Hand out `spare` cells a cell at a time, in the columns' order, to
/// those narrower than `target`.
fn grow(chosen: &mut [(Column, usize)], spare: &mut usize, target: impl Fn(Column) -> usize) {
    loop {
        let mut gave = false;
        for (col, w) in chosen.iter_mut() {
            if *spare > 0 && *w < target(*col) {
                *w += 1;
                *spare -= 1;
                gave = true;
            }
        }
        if !gave {
            return;
        }
    }
}

/// A short number for a narrow column: 1.26bn, 3.0m, 12.1k; beyond a
/// trillion in scientific form (1.0e308), `?` when not finite.
pub fn compact(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() {
        return "?".to_string();
    }
    if a >= 1e12 {
        return format!("{v:.1e}");
    }
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

/// One cell's text, before it is cut to its column.
fn cell(app: &App, theme: &Theme, q: &Quantity, col: Column) -> String {
    let script = app.settings.script;
    match col {
        // The quantity as the reader shows it: its span of the shown
        // document, already in the session's script.
        Column::Text => app.doc().blocks[q.block].text[shown_range(app, q)].to_string(),
        Column::Value => human(q.value),
        Column::Unit => convert(&q.unit, script),
        Column::Qualifiers => convert(&q.qualifiers.join(" "), script),
        Column::Base => {
            let unit = theme.plain(q.dimension.base_unit());
            format!("{} {unit}", compact(q.normalized))
                .trim_end()
                .to_string()
        }
        Column::Dimension => q.dimension.name().to_string(),
        Column::Section => section_name(app, q.block),
    }
}

/// A dimension's name for a column narrower than it: a shorter name
/// where there is one (`% change` for percent change), else the name.
fn short_dimension(d: Dimension) -> &'static str {
    match d {
        Dimension::PercentChange => "% change",
        Dimension::PercentagePoints => "% points",
        Dimension::Concentration => "concentr.",
        d => d.name(),
    }
}

/// `s` cut to `width` cells and padded to exactly that, on the left for
/// a right-aligned column.
fn pad(s: &str, width: usize, right: bool, ambi: AmbiWidth) -> String {
    let cut = truncate(s, width, ambi);
    let fill = " ".repeat(width.saturating_sub(str_width(&cut, ambi)));
    if right {
        format!("{fill}{cut}")
    } else {
        format!("{cut}{fill}")
    }
}

/// The label of a column `width` cells wide: its long label when it fits,
/// else its short one, cut if need be.
fn label(col: Column, width: usize, ambi: AmbiWidth) -> String {
    let (long, short) = col.labels();
    let text = if str_width(long, ambi) <= width {
        long
    } else {
        short
    };
    pad(text, width, col.right_aligned(), ambi)
}

/// Each column's natural width (its widest cell, or its short label when
/// wider), in [`Column::ALL`] order, over every row that passes the
/// filters. Measured when the filters, the script, the ambiguous width or
/// the data change, and kept in the session: a keystroke that only moves
/// the selection measures nothing.
fn natural_widths(app: &App, theme: &Theme) -> [usize; 7] {
    let f = &app.figures;
    let key = (
        Same::of(&app.data),
        Same::of(&app.shown),
        f.dimension,
        f.section,
        app.settings.script,
        theme.ambi,
    );
    f.widths_memo
        .get_or(key, || measure_widths(app, theme, &filtered(app)))
}

/// The natural widths over `shown` (in reading order), measured.
fn measure_widths(app: &App, theme: &Theme, shown: &[usize]) -> [usize; 7] {
    let ambi = theme.ambi;
    let quantities = app.quantities();
    let doc = app.doc();
    let mut widest = Column::ALL.map(|col| str_width(col.labels().1, ambi));
    // A section's name is the same for every block of its region: named
    // once per run of rows in one region.
    let mut region = None;
    for &i in shown {
        let q = &quantities[i];
        for (k, col) in Column::ALL.into_iter().enumerate() {
            if col == Column::Section {
                let here = doc.blocks.get(q.block).map(|b| b.region);
                if here.is_some() && here == region {
                    continue;
                }
                region = here;
            }
            widest[k] = widest[k].max(str_width(&cell(app, theme, q, col), ambi));
        }
    }
    widest
}

/// The table at `width` cells and `height` lines: the fixed lines (the
/// filters header and the column labels) and the rows that fit below
/// them, scrolled to the selection, each marked whether it is selected.
/// Only the rows drawn are written; the columns are sized by the natural
/// widths of all of them.
pub fn table(
    app: &App,
    keymap: &Keymap,
    theme: &Theme,
    width: usize,
    height: usize,
) -> (Vec<Line<'static>>, Vec<(Line<'static>, bool)>) {
    let ambi = theme.ambi;
    let f = &app.figures;
    let shown = rows(app);
    let quantities = app.quantities();
    let widths = natural_widths(app, theme);
    let index = |col: Column| Column::ALL.iter().position(|c| *c == col).unwrap_or(0);
    let columns = allocate(|col| widths[index(col)], width);
    let mut fixed: Vec<Line<'static>> = header(app, keymap, theme, width)
        .into_iter()
        .map(|l| Line::styled(l, theme.muted()))
        .collect();
    let labels: Vec<String> = columns
        .iter()
        .map(|&(col, w)| label(col, w, ambi))
        .collect();
    fixed.push(Line::styled(
        labels.join(" "),
        theme.muted().patch(theme.lead()),
    ));
    // The rows in view: as many as fit under the fixed lines, the
    // selection a third of the way down once the table is scrolled (the
    // first row when the selection is past the end).
    let room = height.saturating_sub(fixed.len());
    let selection = if f.row < shown.len() { f.row } else { 0 };
    let offset = scroll_offset(selection, shown.len(), room);
    let mut out = Vec::new();
    for (k, &i) in shown.iter().enumerate().skip(offset).take(room) {
        let q = &quantities[i];
        let selected = k == f.row;
        let style = if selected && app.focus == Pane::Figures {
            theme.selected()
        } else {
            Style::new()
        };
        let mut spans = Vec::new();
        for (n, &(col, w)) in columns.iter().enumerate() {
            if n > 0 {
                spans.push(Span::styled(" ", style));
            }
            let look = match col {
                Column::Text => theme.lead(),
                Column::Section | Column::Dimension => theme.muted(),
                _ => Style::new(),
            };
            let full = cell(app, theme, q, col);
            let text = match col {
                Column::Dimension if str_width(&full, ambi) > w => short_dimension(q.dimension),
                _ => &full,
            };
            let text = pad(text, w, col.right_aligned(), ambi);
            spans.push(Span::styled(text, style.patch(look)));
        }
        out.push((Line::from(spans), selected));
    }
    (fixed, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn natural(col: Column) -> usize {
        match col {
            Column::Text => 14,
            Column::Value => 6,
            Column::Unit => 8,
            Column::Qualifiers => 6,
            Column::Base => 12,
            Column::Dimension => 17,
            Column::Section => 40,
        }
    }

    fn total(cols: &[(Column, usize)]) -> usize {
        cols.iter().map(|(_, w)| w).sum::<usize>() + cols.len().saturating_sub(1)
    }

    #[test]
    fn a_wide_table_has_every_column_in_order() {
        let cols = allocate(natural, 78);
        let names: Vec<Column> = cols.iter().map(|(c, _)| *c).collect();
        assert_eq!(names, Column::ALL);
        assert_eq!(total(&cols), 78);
        for (c, w) in &cols {
            assert!(*w >= c.min_width().min(natural(*c)), "{c:?} {w}");
        }
    }

    #[test]
    fn a_narrow_table_keeps_the_most_useful_columns() {
        let names = |w| -> Vec<Column> { allocate(natural, w).iter().map(|(c, _)| *c).collect() };
        assert_eq!(names(22), [Column::Text, Column::Base]);
        assert_eq!(names(32), [Column::Text, Column::Base, Column::Section]);
        let four = [
            Column::Text,
            Column::Base,
            Column::Dimension,
            Column::Section,
        ];
        assert_eq!(names(46), four);
        // At 78 cells, the usual columns whole, the section in 16 cells.
        let widths: Vec<usize> = allocate(natural, 78).iter().map(|(_, w)| *w).collect();
        assert_eq!(widths, [14, 6, 6, 4, 12, 14, 16]);
        assert_eq!(names(5), [Column::Text]);
        for w in 0..120 {
            let cols = allocate(natural, w);
            assert!(total(&cols) <= w, "{w}: {cols:?}");
        }
        // Everything at its natural width, and room to spare.
        let cols = allocate(natural, 200);
        assert!(cols.iter().all(|&(c, w)| w == natural(c)));
    }

    #[test]
    fn cells_are_cut_at_characters_with_the_ellipsis() {
        let n = AmbiWidth::Narrow;
        assert_eq!(pad("近300萬元", 8, false, n), "近300萬…");
        assert_eq!(pad("（二）千方百計提質量", 9, false, n), "（二）千…");
        // No hanzi is cut in half: a cell of padding instead.
        assert_eq!(pad("（二）千方百計提質量", 10, false, n), "（二）千… ");
        assert_eq!(pad("-29.8", 7, true, n), "  -29.8");
        assert_eq!(label(Column::Base, 13, n), "in base units");
        assert_eq!(label(Column::Base, 8, n), "base    ");
        assert_eq!(label(Column::Qualifiers, 3, n), "qu…");
        // A narrow dimension column says less rather than cut a word.
        for d in Dimension::ALL {
            assert!(short_dimension(d).len() <= 9, "{d:?}");
        }
        assert_eq!(short_dimension(Dimension::PercentChange), "% change");
        assert_eq!(short_dimension(Dimension::Money), "money");
    }
}
