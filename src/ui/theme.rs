//! Styles and chrome glyphs. Readable with 16 colours and on a projector
//! (structure comes from bold, underline and reverse video, colour only
//! adds to it), and with no colour at all.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::text::AmbiWidth;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ambi: AmbiWidth,
}

/// Borders in ASCII, for terminals that draw box drawing two cells wide.
const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    pub fn new(color: bool, ambi: AmbiWidth) -> Theme {
        Theme { color, ambi }
    }

    fn fg(&self, style: Style, color: Color) -> Style {
        if self.color {
            style.fg(color)
        } else {
            style
        }
    }

    pub fn border_set(&self) -> border::Set<'static> {
        match self.ambi {
            AmbiWidth::Narrow => border::PLAIN,
            AmbiWidth::Wide => ASCII_BORDER,
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
        } else {
            self.fg(Style::new(), Color::DarkGray)
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if focused {
            self.fg(s, Color::Cyan)
        } else {
            s
        }
    }

    pub fn report_title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn part_title(&self) -> Style {
        self.fg(
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Color::Blue,
        )
    }

    pub fn section_title(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Blue)
    }

    pub fn lead(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn marker(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Magenta)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    /// A quantity marked in the text.
    pub fn figure(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn term(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        self.fg(Style::new(), Color::DarkGray)
    }

    /// Text being pointed at: the footnote shown, a jump's target.
    pub fn target(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The selected row of a focused list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The selected row of a list without focus.
    pub fn selected_unfocused(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn status(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Fold markers in the outline.
    pub fn fold_glyphs(&self) -> (&'static str, &'static str) {
        match self.ambi {
            AmbiWidth::Narrow => ("▸", "▾"),
            AmbiWidth::Wide => ("+", "-"),
        }
    }

    /// The separator of place names.
    pub fn separator(&self) -> &'static str {
        match self.ambi {
            AmbiWidth::Narrow => " › ",
            AmbiWidth::Wide => " > ",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::char_width;

    #[test]
    fn wide_mode_chrome_has_no_ambiguous_glyphs() {
        let t = Theme::new(true, AmbiWidth::Wide);
        let b = t.border_set();
        let (closed, open) = t.fold_glyphs();
        let glyphs = [
            b.top_left,
            b.horizontal_top,
            b.vertical_left,
            closed,
            open,
            t.separator(),
        ];
        for g in glyphs {
            for c in g.chars() {
                assert_eq!(
                    char_width(c, AmbiWidth::Narrow),
                    char_width(c, AmbiWidth::Wide),
                    "{c}"
                );
            }
        }
        assert_eq!(crate::text::width::ellipsis(AmbiWidth::Wide), "...");
    }

    #[test]
    fn without_colour_styles_have_no_colour() {
        let t = Theme::new(false, AmbiWidth::Narrow);
        for s in [
            t.border(true),
            t.part_title(),
            t.section_title(),
            t.marker(),
            t.muted(),
            t.title(true),
        ] {
            assert_eq!((s.fg, s.bg), (None, None));
        }
        assert!(t.marker().add_modifier.contains(Modifier::UNDERLINED));
    }
}
