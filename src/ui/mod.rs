//! Rendering: reads the state, never changes it. One file per pane or
//! popup.

pub mod cells;
pub mod colors;
pub mod figures;
pub mod figures_header;
pub mod figures_table;
pub mod glossary;
pub mod help;
pub mod hints;
pub mod labels;
pub mod outline;
pub mod palette;
pub mod popup;
pub mod reader;
pub mod status;
pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Widget};

use crate::text::AmbiWidth;
use ratatui::Frame;

use crate::app::geometry::{self, screen_with};
use crate::app::keymap::Keymap;
use crate::app::{App, Pane};
use crate::text::{str_width, truncate};
use theme::Theme;

/// Draw the whole screen.
pub fn render(app: &App, keymap: &Keymap, frame: &mut Frame) {
    let area = frame.area();
    draw(app, keymap, area, frame.buffer_mut());
}

/// Draw into a buffer (what `render` does, without a frame).
pub fn draw(app: &App, keymap: &Keymap, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(&app.settings);
    // The geometry the core computed at the last resize; for the one frame
    // a terminal may draw at a new size before its resize event arrives,
    // the geometry of that size.
    let screen = if area == app.area {
        app.screen()
    } else {
        let panes = screen_with(area, app.focus, app.side, app.right);
        geometry::zoomed(panes, app.zoom.then_some(app.focus))
    };
    if screen.too_small {
        too_small(&theme, area, buf);
        return;
    }
    for pane in Pane::CYCLE {
        if let Some(r) = screen.pane(pane) {
            draw_pane(pane, app, keymap, &theme, r, buf);
        }
    }
    if app.zoom {
        if let Some(r) = screen.pane(app.focus) {
            zoom_badge(&hints::zoomed(keymap, &theme), &theme, r, buf);
        }
    }
    status::render(app, keymap, &theme, screen.status, buf);
    if app.popup.is_some() {
        popup::render(app, keymap, &theme, screen.reader.unwrap_or(area), buf);
    }
    if app.palette.is_some() {
        palette::render(app, keymap, &theme, area, buf);
    }
    if app.help.is_some() {
        help::render_app(app, keymap, &theme, area, buf);
    }
}

/// Draw one pane into its rectangle: where a new pane's look is added.
fn draw_pane(pane: Pane, app: &App, keymap: &Keymap, theme: &Theme, r: Rect, buf: &mut Buffer) {
    match pane {
        Pane::Outline => outline::render(app, theme, r, buf),
        Pane::Reader => reader::render(app, theme, r, buf),
        Pane::Glossary => glossary::render(app, keymap, theme, r, buf),
        Pane::Figures => figures::render(app, keymap, theme, r, buf),
    }
}

/// Write `badge` (`zoomed (z)`) on the right of a pane's top border, where
/// the border is bare: past the pane's title, a cell of border kept on
/// each side. Left out when it does not fit.
fn zoom_badge(badge: &str, theme: &Theme, r: Rect, buf: &mut Buffer) {
    let text = format!(" {badge} ");
    let w = str_width(&text, theme.ambi) as u16;
    let Some(x) = r.right().checked_sub(2 + w) else {
        return;
    };
    // The title ends where the bare border begins: every cell from one
    // before the badge to the corner must be border.
    let border = theme.border_set().horizontal_top;
    let bare = (x.saturating_sub(1)..r.right() - 1).all(|c| buf[(c, r.y)].symbol() == border);
    if x <= r.x + 1 || !bare {
        return;
    }
    cells::put_str(buf, x, r.y, &text, theme.title(true), w, theme.ambi);
}

/// The message on a screen below the smallest size: the size needed
/// first, so that a narrow screen still shows it (`need 20×6 (19×5)`,
/// else `need 20×6`, else as much of that as fits).
pub fn too_small_message(theme: &Theme, width: u16, height: u16) -> String {
    let x = theme.times();
    let need = format!("need {}{x}{}", geometry::MIN_WIDTH, geometry::MIN_HEIGHT);
    let full = format!("{need} ({width}{x}{height})");
    let room = usize::from(width);
    if str_width(&full, theme.ambi) <= room {
        full
    } else if str_width(&need, theme.ambi) <= room {
        need
    } else {
        truncate(&need, room, theme.ambi)
    }
}

fn too_small(theme: &Theme, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let msg = too_small_message(theme, area.width, area.height);
    let x = area.x + (area.width - str_width(&msg, theme.ambi) as u16) / 2;
    let y = area.y + area.height / 2;
    cells::put_str(buf, x, y, &msg, theme.title(false), area.width, theme.ambi);
}

/// A pane's frame: borders, a title on the top border cut to fit, and
/// perhaps a hint on the bottom border at the right. Its text is drawn by
/// [`cells`], measured as the layout measures, not by ratatui's `Block`.
pub struct PaneFrame<'a> {
    block: Block<'static>,
    title: Line<'a>,
    bottom: Option<Line<'a>>,
    ambi: AmbiWidth,
}

impl<'a> PaneFrame<'a> {
    /// The same frame with `hint` on the bottom border, at the right.
    pub fn title_bottom(self, hint: Line<'a>) -> PaneFrame<'a> {
        PaneFrame {
            bottom: Some(hint),
            ..self
        }
    }
}

/// A pane's frame for a pane `width` cells wide: borders and a title cut
/// to fit.
pub fn pane_block(theme: &Theme, title: &str, focused: bool, width: u16) -> PaneFrame<'static> {
    let room = usize::from(width).saturating_sub(4);
    let title = truncate(title, room.saturating_sub(2), theme.ambi);
    PaneFrame {
        block: Block::new()
            .borders(Borders::ALL)
            .border_set(theme.border_set())
            .border_style(theme.border(focused)),
        title: Line::styled(format!(" {title} "), theme.title(focused)),
        bottom: None,
        ambi: theme.ambi,
    }
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// Draw a frame into `area`: the borders, the title from the second
/// column of the top border, the hint ending a cell before the bottom
/// right corner.
pub fn draw_block(frame: PaneFrame<'_>, area: Rect, buf: &mut Buffer) {
    frame.block.render(area, buf);
    if area.width < 3 || area.height < 2 {
        return;
    }
    let room = area.width - 2;
    cells::put_line(buf, area.x + 1, area.y, &frame.title, room, frame.ambi);
    if let Some(hint) = &frame.bottom {
        let w = (str_width(&hint.to_string(), frame.ambi) as u16).min(room);
        let x = area.right() - 1 - w;
        cells::put_line(buf, x, area.bottom() - 1, hint, w, frame.ambi);
    }
}

/// Draw one line at (x, y), at most `width` cells, cluster by cluster as
/// the layout measures them ([`cells::put_line`]).
pub fn put_line(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, width: u16, ambi: AmbiWidth) {
    cells::put_line(buf, x, y, line, width, ambi);
}
