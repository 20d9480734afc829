//! Styles and chrome glyphs. Readable with 16 colours and on a projector
//! (structure comes from bold, underline and reverse video, colour only
//! adds to it), and with no colour at all. Which colour each style takes,
//! for the terminal's depth and background, is in `colors.rs`.

use std::borrow::Cow;

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use super::colors::{color, Role};
use crate::app::Settings;
use crate::colors::Colors;
use crate::text::AmbiWidth;

/// How a session draws: with colour or not, with which colours, and how
/// wide ambiguous characters are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ambi: AmbiWidth,
    /// The terminal's colour depth and background (used when `color`).
    pub colors: Colors,
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
    /// A theme with 16 colours (or none) for a dark background.
    pub fn new(color: bool, ambi: AmbiWidth) -> Theme {
        Theme {
            color,
            ambi,
            colors: Colors::default(),
        }
    }

    /// This theme with the terminal's colour depth and background.
    pub fn with_colors(self, colors: Colors) -> Theme {
        Theme { colors, ..self }
    }

    /// A session's theme, from its settings.
    pub fn of(settings: &Settings) -> Theme {
        Theme::new(settings.color, settings.ambi).with_colors(settings.colors)
    }

    /// The colour of a role here (whether colour is on or not).
    pub fn color_of(&self, role: Role) -> Color {
        color(role, self.colors)
    }

    fn fg(&self, style: Style, role: Role) -> Style {
        if self.color {
            style.fg(self.color_of(role))
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
            self.fg(Style::new().add_modifier(Modifier::BOLD), Role::Accent)
        } else {
            self.fg(Style::new(), Role::Muted)
        }
    }

    pub fn title(&self, focused: bool) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if focused {
            self.fg(s, Role::Accent)
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
            Role::Heading,
        )
    }

    pub fn section_title(&self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Role::Heading)
    }

    pub fn lead(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn marker(&self) -> Style {
        if self.color {
            Style::new().fg(self.color_of(Role::Marker))
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    /// A quantity marked in the text.
    pub fn figure(&self) -> Style {
        if self.color {
            Style::new()
                .fg(self.color_of(Role::Figure))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn term(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        self.fg(Style::new(), Role::Muted)
    }

    /// Text being pointed at: the footnote shown, a jump's target.
    pub fn target(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A hit of the last search that is not the current one (the current
    /// one is a [`Theme::target`]): black on yellow, as less and vim mark
    /// matches; without colour, bold and underlined.
    pub fn search_hit(&self) -> Style {
        if self.color {
            Style::new()
                .fg(self.color_of(Role::HitText))
                .bg(self.color_of(Role::HitBack))
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
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

    /// Fold markers in the outline, 1 cell each: (closed, open).
    pub fn fold_glyphs(&self) -> (&'static str, &'static str) {
        match self.ambi {
            AmbiWidth::Narrow => ("▸", "▾"),
            AmbiWidth::Wide => ("+", "-"),
        }
    }

    /// The separator of place names: `" › "`, 3 cells.
    pub fn separator(&self) -> &'static str {
        self.pick(" › ", " > ")
    }

    /// The separator of the parts of a hint or header
    /// (`12 results · ↑↓ choose`): `" · "`, 3 cells.
    pub fn dot(&self) -> &'static str {
        self.pick(" · ", " | ")
    }

    /// What stands before each item of a short list (the places a term is
    /// cited): `"· "`, 2 cells.
    pub fn bullet(&self) -> &'static str {
        self.pick("· ", "- ")
    }

    /// A dash standing for a value the report does not state: 1 cell.
    pub fn dash(&self) -> &'static str {
        self.pick("—", "-")
    }

    /// One cell of a horizontal rule between the parts of a pane.
    pub fn rule(&self) -> &'static str {
        self.pick("─", "-")
    }

    /// One cell of a chart's vertical axis (the zero column).
    pub fn axis(&self) -> &'static str {
        self.pick("│", "|")
    }

    /// The colours of the figures chart's bars: the 2024 result and the
    /// 2025 target (drawn only with colour on).
    pub fn bar_colors(&self) -> (Color, Color) {
        (self.color_of(Role::Result), self.color_of(Role::Target))
    }

    /// The bar glyphs of the figures chart, one cell each: the 2024 result
    /// and the 2025 target, which differ without colour too.
    pub fn bar_glyphs(&self) -> (char, char) {
        match self.ambi {
            AmbiWidth::Narrow => ('█', '░'),
            AmbiWidth::Wide => ('#', '='),
        }
    }

    /// The cursor before a list's selected row where the row itself is
    /// not reversed (the chart's bars): 1 cell.
    pub fn cursor(&self) -> &'static str {
        self.pick("▸", ">")
    }

    /// The sign between two dimensions (`80×24`): 1 cell.
    pub fn times(&self) -> &'static str {
        self.pick("×", "x")
    }

    /// Two key labels that mean a pair (up and down) in a hint: `↑↓` when
    /// both are one symbol, else `Up/Down`.
    pub fn key_pair(&self, first: &str, second: &str) -> String {
        let symbol = |s: &str| {
            let mut c = s.chars();
            matches!((c.next(), c.next()), (Some(c), None) if !c.is_ascii_alphanumeric())
        };
        if symbol(first) && symbol(second) {
            format!("{first}{second}")
        } else {
            format!("{first}/{second}")
        }
    }

    /// Chrome text that is not the report's (a unit, a key's description)
    /// as this width setting can draw it: in wide mode the East-Asian
    /// ambiguous signs it may hold become ASCII (`m²` → `m2`, `×` → `x`,
    /// `…` → `...`); narrow mode keeps it as it is.
    pub fn plain<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if self.ambi == AmbiWidth::Narrow || s.is_ascii() {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '×' => out.push('x'),
                '²' => out.push('2'),
                '³' => out.push('3'),
                'μ' | 'µ' => out.push('u'),
                '…' => out.push_str("..."),
                '—' | '–' | '─' => out.push('-'),
                '·' => out.push('.'),
                '“' | '”' => out.push('"'),
                '‘' | '’' => out.push('\''),
                c => out.push(c),
            }
        }
        Cow::Owned(out)
    }

    fn pick(&self, narrow: &'static str, wide: &'static str) -> &'static str {
        match self.ambi {
            AmbiWidth::Narrow => narrow,
            AmbiWidth::Wide => wide,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{char_width, str_width};

    #[test]
    fn wide_mode_chrome_has_no_ambiguous_glyphs() {
        let t = Theme::new(true, AmbiWidth::Wide);
        let b = t.border_set();
        let (closed, open) = t.fold_glyphs();
        let (g24, g25) = t.bar_glyphs();
        let (g24, g25) = (g24.to_string(), g25.to_string());
        let plain = t.plain("μg/m³ m² × 區域…—·“名詞”");
        let glyphs = [
            b.top_left,
            b.horizontal_top,
            b.vertical_left,
            closed,
            open,
            t.separator(),
            t.dot(),
            t.bullet(),
            t.dash(),
            t.rule(),
            t.axis(),
            t.times(),
            t.cursor(),
            &g24,
            &g25,
            &plain,
        ];
        for g in glyphs {
            for c in g.chars() {
                assert_eq!(
                    char_width(c, AmbiWidth::Narrow),
                    char_width(c, AmbiWidth::Wide),
                    "{c} in {g:?}"
                );
            }
        }
        assert_eq!(plain, "ug/m3 m2 x 區域...-.\"名詞\"");
        assert_eq!(crate::text::width::ellipsis(AmbiWidth::Wide), "...");
    }

    #[test]
    fn narrow_mode_keeps_its_glyphs_and_each_has_the_width_it_claims() {
        let t = Theme::new(false, AmbiWidth::Narrow);
        assert_eq!(t.dot(), " · ");
        assert_eq!(t.bullet(), "· ");
        assert_eq!(t.bar_glyphs(), ('█', '░'));
        assert_eq!(t.plain("m² 區"), "m² 區");
        for ambi in [AmbiWidth::Narrow, AmbiWidth::Wide] {
            let t = Theme::new(false, ambi);
            let one = [t.dash(), t.rule(), t.axis(), t.times(), t.cursor()];
            for g in one {
                assert_eq!(str_width(g, ambi), 1, "{g}");
            }
            assert_eq!(str_width(t.dot(), ambi), 3);
            assert_eq!(str_width(t.separator(), ambi), 3);
            assert_eq!(str_width(t.bullet(), ambi), 2);
        }
    }

    #[test]
    fn a_pair_of_arrows_is_joined_and_words_are_slashed() {
        let narrow = Theme::new(false, AmbiWidth::Narrow);
        assert_eq!(narrow.key_pair("↑", "↓"), "↑↓");
        assert_eq!(narrow.key_pair("Up", "Down"), "Up/Down");
        assert_eq!(narrow.key_pair("k", "j"), "k/j");
        assert_eq!(narrow.key_pair("Ctrl-K", "Ctrl-J"), "Ctrl-K/Ctrl-J");
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
            t.search_hit(),
        ] {
            assert_eq!((s.fg, s.bg), (None, None));
        }
        assert!(t.marker().add_modifier.contains(Modifier::UNDERLINED));
        // A search hit and the current one differ without colour too.
        assert_ne!(t.search_hit(), t.target());
    }
}
