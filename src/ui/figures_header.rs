//! The figures table's header: its sort order and filters, each with the
//! key that changes it, and the key back to the chart. On one line when it
//! fits (the settings named: `sort: in order (o) · dimension: all (d) ·
//! section: all (c) · v: chart`), else without the names, else packed on
//! two lines; a part is never cut but in its value (a long section title),
//! so the keys always show whole.

use super::hints::key;
use super::theme::Theme;
use crate::app::figures::section_name;
use crate::app::keymap::{Context, Keymap};
use crate::app::state::Sort;
use crate::app::{Action, App};
use crate::text::{str_width, truncate, AmbiWidth};

/// One part of the filters header: the setting (long and short), its
/// value and the key that changes it.
struct Part {
    long: String,
    value: String,
    key: Option<String>,
}

impl Part {
    /// The part at most `room` cells wide: `name: value (k)` in long form,
    /// `value (k)` in short; a long value (a section's title) is cut, the
    /// key kept.
    fn text(&self, long: bool, room: usize, ambi: AmbiWidth) -> String {
        let head = if long && !self.long.is_empty() {
            format!("{}: ", self.long)
        } else {
            String::new()
        };
        let tail = self
            .key
            .as_ref()
            .map_or(String::new(), |k| format!(" ({k})"));
        let fixed = str_width(&head, ambi) + str_width(&tail, ambi);
        if fixed >= room {
            return truncate(&format!("{head}{}{tail}", self.value), room, ambi);
        }
        let value = truncate(&self.value, room - fixed, ambi);
        format!("{head}{value}{tail}")
    }
}

/// The filters header at `width` cells, on one line when it fits (with
/// the settings named, else without), else its parts packed on two lines,
/// each part whole or with only its value cut.
pub fn header(app: &App, keymap: &Keymap, theme: &Theme, width: usize) -> Vec<String> {
    let f = &app.figures;
    let ambi = theme.ambi;
    let k = |action| key(keymap, theme, Context::Figures, action);
    let sort = match f.sort {
        Sort::Document => "in order",
        Sort::Largest => "largest first",
        Sort::Smallest => "smallest first",
    };
    let section = f
        .section
        .map_or("all".to_string(), |s| section_name(app, s));
    let mut parts = vec![
        Part {
            long: "sort".into(),
            value: sort.into(),
            key: k(Action::CycleSort),
        },
        Part {
            long: "dimension".into(),
            value: f.dimension.map_or("all", |d| d.name()).into(),
            key: k(Action::CycleDimension),
        },
        Part {
            long: "section".into(),
            value: section,
            key: k(Action::CycleSection),
        },
    ];
    if let Some(v) = k(Action::ToggleView) {
        parts.push(Part {
            long: String::new(),
            value: format!("{v}: chart"),
            key: None,
        });
    }
    let dot = theme.dot();
    for long in [true, false] {
        let whole: Vec<String> = parts
            .iter()
            .map(|p| p.text(long, usize::MAX, ambi))
            .collect();
        let line = whole.join(dot);
        if str_width(&line, ambi) <= width {
            return vec![line];
        }
    }
    // The short parts, each cut to the width, packed on lines; past two
    // lines, the rest is cut on the second.
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for text in parts.iter().map(|p| p.text(false, width, ambi)) {
        let joined = if current.is_empty() {
            text.clone()
        } else {
            format!("{current}{dot}{text}")
        };
        if str_width(&joined, ambi) <= width {
            current = joined;
        } else {
            lines.push(std::mem::replace(&mut current, text));
        }
    }
    lines.push(current);
    if lines.len() > 2 {
        let rest = lines.split_off(1).join(dot);
        lines.push(truncate(&rest, width, ambi));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_keeps_its_key_and_cuts_only_its_value() {
        let n = AmbiWidth::Narrow;
        let part = Part {
            long: "section".into(),
            value: "（一）堅定不移調結構、促轉型".into(),
            key: Some("c".into()),
        };
        assert_eq!(
            part.text(true, usize::MAX, n),
            "section: （一）堅定不移調結構、促轉型 (c)"
        );
        assert_eq!(part.text(false, 16, n), "（一）堅定… (c)");
        assert_eq!(part.text(true, 22, n), "section: （一）堅… (c)");
        for room in 0..40 {
            assert!(str_width(&part.text(false, room, n), n) <= room, "{room}");
        }
    }
}
