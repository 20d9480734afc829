//! The jump palette: the query, then each result as its kind and a
//! snippet with the matched characters marked, and where it stands.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::outline::scroll_offset;
use super::popup::{centred, guard_edges};
use super::theme::Theme;
use super::{draw_block, pane_block, put_line};
use crate::app::keymap::{Context, Keymap};
use crate::app::{Action, App};
use crate::search::snippet::snippet;
use crate::text::{str_width, truncate};

/// The two lines of one result, `width` cells at most.
pub fn result_lines(app: &App, theme: &Theme, hit_no: usize, width: usize) -> [Line<'static>; 2] {
    let Some(p) = &app.palette else {
        return [Line::default(), Line::default()];
    };
    let index = app.index();
    let hit = &p.hits[hit_no];
    let t = &index.targets[hit.target];
    let selected = hit_no == p.selected;
    let tag = format!("{} ", super::labels::kind(t.kind, app.script()));
    let room = width.saturating_sub(str_width(&tag, theme.ambi));
    let text = index.text_of(app.doc(), hit);
    let mut spans = vec![Span::styled(tag, theme.muted())];
    for (s, matched) in snippet(&text, &hit.matched, room, theme.ambi) {
        let style = if matched {
            theme.marker().patch(theme.lead())
        } else {
            Style::new()
        };
        spans.push(Span::styled(s, style));
    }
    let mut first = Line::from(spans);
    if selected {
        first = first.patch_style(theme.selected());
    }
    let place = app.doc().place_names(t.block).join(theme.separator());
    let second = Line::styled(
        format!(
            "   {}",
            truncate(&place, width.saturating_sub(3), theme.ambi)
        ),
        theme.muted(),
    );
    [first, second]
}

/// The count line while the search index is built: `Indexing… 37% · Esc
/// cancel` (`...` where `…` would be drawn wide).
pub fn indexing(app: &App, keymap: &Keymap, theme: &Theme) -> String {
    let what = format!(
        "Indexing{} {}%",
        crate::text::width::ellipsis(theme.ambi),
        app.data.index_percent()
    );
    let close = super::hints::key(keymap, theme, Context::Palette, Action::Close);
    super::hints::join(theme, [Some(what), super::hints::keyed(close, "cancel")])
}

/// The count line while the query is searched off the input thread, the
/// earlier query's hits still shown: `Searching… · 12 results · ↑↓ choose
/// · Enter jump · Esc cancel`, or `Searching… · Esc cancel` when they were
/// none.
pub fn searching(app: &App, keymap: &Keymap, theme: &Theme) -> String {
    let what = format!("Searching{}", crate::text::width::ellipsis(theme.ambi));
    let rest = match &app.palette {
        Some(p) if p.total > 0 => Some(super::hints::palette(
            keymap,
            theme,
            p.total,
            p.recalled.is_some(),
        )),
        _ => {
            let close = super::hints::key(keymap, theme, Context::Palette, Action::Close);
            super::hints::keyed(close, "cancel")
        }
    };
    super::hints::join(theme, [Some(what), rest])
}

/// Draw the palette centred over `screen` (the whole screen; it keeps off
/// the status row): the query, a count line with the keys, the results.
pub fn render(app: &App, keymap: &Keymap, theme: &Theme, screen: Rect, buf: &mut Buffer) {
    let Some(p) = &app.palette else { return };
    let main = Rect {
        height: screen.height.saturating_sub(1),
        ..screen
    };
    let area = centred(
        main,
        screen.width.saturating_sub(4).min(100),
        main.height.saturating_sub(2).min(30),
    );
    Clear.render(area, buf);
    guard_edges(area, buf);
    let title = super::labels::label(super::labels::JUMP, app.script());
    draw_block(pane_block(theme, &title, true, area.width), area, buf);
    let inner = Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    };
    if inner.height == 0 || inner.width < 4 {
        return;
    }
    let width = usize::from(inner.width);
    // The query, its end kept in view (the clusters from the end that
    // fit, however long the query), and a cursor.
    let room = width.saturating_sub(3);
    let mut used = 0;
    let mut from = p.query.len();
    for (at, g) in crate::text::clusters(&p.query).rev() {
        used += crate::text::cluster_width(g, theme.ambi);
        if used > room {
            break;
        }
        from = at;
    }
    let query = p.query[from..].to_string();
    let prompt = Line::from(vec![
        Span::styled("/ ", theme.muted()),
        Span::styled(query, theme.lead()),
        Span::styled(" ", theme.selected()),
    ]);
    put_line(buf, inner.x, inner.y, &prompt, inner.width, theme.ambi);
    if inner.height < 2 {
        return;
    }
    let count = match (p.query.trim().is_empty(), p.total) {
        _ if p.waiting.is_some() => indexing(app, keymap, theme),
        _ if p.searching => searching(app, keymap, theme),
        (true, _) => super::hints::palette_empty(keymap, theme, !app.recall.is_empty()),
        (false, 0) => "No match".to_string(),
        (false, n) => super::hints::palette(keymap, theme, n, p.recalled.is_some()),
    };
    put_line(
        buf,
        inner.x,
        inner.y + 1,
        &Line::styled(truncate(&count, width, theme.ambi), theme.muted()),
        inner.width,
        theme.ambi,
    );
    let free = usize::from(inner.height.saturating_sub(2));
    if free == 1 {
        // Room for one row only (a screen of 8 rows): the selected
        // result's first line, so that what Enter jumps to shows.
        if p.selected < p.hits.len() {
            let [a, _] = result_lines(app, theme, p.selected, width);
            put_line(buf, inner.x, inner.y + 2, &a, inner.width, theme.ambi);
        }
        return;
    }
    let rows = free / 2;
    if rows == 0 {
        return;
    }
    let offset = scroll_offset(p.selected, p.hits.len(), rows);
    for (row, hit_no) in (offset..p.hits.len()).take(rows).enumerate() {
        let y = inner.y + 2 + (row as u16) * 2;
        let [a, b] = result_lines(app, theme, hit_no, width);
        put_line(buf, inner.x, y, &a, inner.width, theme.ambi);
        put_line(buf, inner.x, y + 1, &b, inner.width, theme.ambi);
    }
}

#[cfg(test)]
mod tests {
    use crate::app::{update, Action, App, Settings};
    use crate::content::load_embedded;
    use crate::keymap::Keymap;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    #[test]
    fn one_free_row_shows_the_selected_result() -> Result<(), String> {
        // Found by trying: at 80×8 the palette said "5 results" and
        // showed none.
        let report = load_embedded().map_err(|e| format!("{e:?}"))?;
        let mut app = App::new(report, Settings::default());
        update(&mut app, Action::Resize(80, 8));
        update(&mut app, Action::OpenPalette);
        update(&mut app, Action::InsertText("跨境電商".to_string()));
        let area = Rect::new(0, 0, 80, 8);
        let mut buf = Buffer::empty(area);
        crate::ui::draw(&app, &Keymap::default(), area, &mut buf);
        let screen: String = (0..8)
            .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(screen.contains("result"), "{screen}");
        // The query's line and the result's both hold the phrase.
        assert_eq!(screen.matches("跨 境 電 商").count(), 2, "{screen}");
        Ok(())
    }

    #[test]
    fn a_long_query_shows_its_end() -> Result<(), String> {
        // A paste of 10,000 hanzi: the prompt keeps the last ones in view.
        let report = load_embedded().map_err(|e| format!("{e:?}"))?;
        let mut app = App::new(report, Settings::default());
        update(&mut app, Action::Resize(80, 24));
        update(&mut app, Action::OpenPalette);
        let query: String = (0..10_000u32)
            .map(|i| char::from_u32(0x4e00 + i % 2000).unwrap_or('一'))
            .chain("招商引資".chars())
            .collect();
        update(&mut app, Action::InsertText(query));
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        crate::ui::draw(&app, &Keymap::default(), area, &mut buf);
        let screen: String = (0..24)
            .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(screen.contains("招 商 引 資"), "{screen}");
        Ok(())
    }
}
