//! The status line: where you are (part › section › lead phrase), how far
//! through the report, and the help key.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::hints::{key, keyed};
use super::put_line;
use super::theme::Theme;
use crate::app::keymap::{Context, Keymap};
use crate::app::{Action, App};
use crate::text::{str_width, truncate};

/// The most cells a presenter's name takes on the status line.
const NAME_CELLS: usize = 16;

/// The status text, exactly `width` cells wide: the place (or a message)
/// on the left; the percentage read and the help key (`? help`, left out
/// when help has no key or the line is short) on the right.
pub fn text(app: &App, keymap: &Keymap, theme: &Theme, width: usize) -> String {
    if let Some(line) = &app.prompt {
        return prompt(line, theme, width);
    }
    let help = keyed(
        key(keymap, theme, Context::Global, Action::ToggleHelp),
        "help",
    );
    let right = match help {
        Some(h) => format!(" {:>3}%  {h} ", app.percent()),
        None => format!(" {:>3}% ", app.percent()),
    };
    let place = |block: usize| app.doc().place_names(block).join(theme.separator());
    let (follow, dot) = (&app.follow, theme.dot());
    // A presenter's name (its key's comment) is cut, so that the place
    // after it shows.
    let name = |name: &str| truncate(name, NAME_CELLS, theme.ambi);
    let left = match (&app.message, &follow.leader, follow.audience) {
        (Some(m), _, _) => format!(" {m}"),
        (None, _, Some((viewers, following))) => match &follow.floor {
            Some(other) => format!(
                " {} leads{dot}{viewers} viewing, {following} following{dot}{}",
                name(other),
                place(app.current_block())
            ),
            None => format!(
                " Presenting: {viewers} viewing, {following} following{dot}{}",
                place(app.current_block())
            ),
        },
        (None, Some(leader), None) if follow.following && !follow.left => format!(
            " Following {}{dot}{}",
            name(&leader.name),
            place(app.current_block())
        ),
        (None, Some(leader), None) if !follow.left => {
            let there = app
                .doc()
                .locate(&leader.at.top)
                .map(|(block, _)| place(block))
                .unwrap_or_default();
            let rejoin = keyed(
                key(keymap, theme, Context::Global, Action::Rejoin),
                "follows",
            );
            // The key before the place: a narrow screen cuts the place.
            format!(
                " Looking away{}{dot}{} is at {there}",
                rejoin.map(|r| format!("{dot}{r}")).unwrap_or_default(),
                name(&leader.name),
            )
        }
        (None, Some(_), None) if follow.left => {
            format!(" No one presents now{dot}{}", place(app.current_block()))
        }
        (None, None, None) if follow.following => format!(
            " Waiting for a presenter{dot}{}",
            place(app.current_block())
        ),
        _ => format!(" {}", place(app.current_block())),
    };
    // In a meeting, who leads and how to follow again come before the
    // help's key on a narrow screen.
    let meeting = app.message.is_none() && (follow.leader.is_some() || follow.audience.is_some());
    let room = if meeting { 40 } else { 8 };
    let right = if str_width(&right, theme.ambi) + room > width {
        format!(" {:>3}% ", app.percent())
    } else {
        right
    };
    let right_w = str_width(&right, theme.ambi);
    if right_w >= width {
        return truncate(&right, width, theme.ambi);
    }
    let left = truncate(&left, width - right_w, theme.ambi);
    let pad = width - right_w - str_width(&left, theme.ambi);
    format!("{left}{}{right}", " ".repeat(pad))
}

/// The `:` command line, exactly `width` cells: what has been typed, its
/// end kept in view, and a cursor.
pub fn prompt(line: &str, theme: &Theme, width: usize) -> String {
    let mut shown = line.to_string();
    while str_width(&shown, theme.ambi) + 3 > width && !shown.is_empty() {
        shown.remove(0);
    }
    let text = format!(":{shown}_");
    let text = truncate(&text, width, theme.ambi);
    let pad = width.saturating_sub(str_width(&text, theme.ambi));
    format!("{text}{}", " ".repeat(pad))
}

/// Draw the status line into the first row of `area`.
pub fn render(app: &App, keymap: &Keymap, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let line = Line::styled(
        text(app, keymap, theme, usize::from(area.width)),
        theme.status(),
    );
    put_line(buf, area.x, area.y, &line, area.width, theme.ambi);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{update, Action, Settings};
    use crate::content::load_embedded;

    #[test]
    fn a_meeting_shows_who_leads_and_how_to_follow_again() {
        use crate::app::follow::{presented, Follow};
        let keymap = crate::keymap::Keymap::new(crate::keymap::bindings()).unwrap();
        let theme = Theme::new(true, crate::text::AmbiWidth::Narrow);
        let mut presenter = App::new(load_embedded().unwrap(), Settings::default());
        update(&mut presenter, Action::Resize(80, 24));
        update(&mut presenter, Action::NextSection);
        update(&mut presenter, Action::NextSection);
        let mut viewer = presenter.clone();
        viewer.follow = Follow::viewer();
        update(
            &mut viewer,
            Action::Presented("王小明".into(), presented(&presenter)),
        );
        let line = text(&viewer, &keymap, &theme, 80);
        assert!(
            line.starts_with(" Following 王小明 · 2024年工作回顧"),
            "{line}"
        );
        update(&mut viewer, Action::Down);
        crate::app::follow::look_away(&mut viewer);
        let line = text(&viewer, &keymap, &theme, 120);
        assert!(
            line.starts_with(" Looking away · F follows · 王小明 is at 2024年工作回顧"),
            "{line}"
        );
        // A long name is cut: where the presenter is still shows.
        viewer.follow.leader.as_mut().unwrap().name = "非常長的名字".repeat(10);
        let line = text(&viewer, &keymap, &theme, 120);
        assert!(line.contains("… is at 2024年工作回顧"), "{line}");
        viewer.follow.leader.as_mut().unwrap().name = "王小明".into();
        // At 40 columns the key to follow again is still there.
        let line = text(&viewer, &keymap, &theme, 40);
        assert!(
            line.starts_with(" Looking away · F follows · 王小"),
            "{line}"
        );
        // Nobody presents: a viewer is told it waits, and, once they have
        // all left, that no one presents.
        let mut waiting = App::new(load_embedded().unwrap(), Settings::default());
        update(&mut waiting, Action::Resize(80, 24));
        waiting.follow = Follow::viewer();
        let line = text(&waiting, &keymap, &theme, 80);
        assert!(line.starts_with(" Waiting for a presenter · "), "{line}");
        update(&mut viewer, Action::PresentersLeft);
        update(&mut viewer, Action::Rejoin);
        update(&mut viewer, Action::Down);
        let line = text(&viewer, &keymap, &theme, 80);
        assert!(line.starts_with(" No one presents now · "), "{line}");
        presenter.follow.audience = Some((3, 2));
        let line = text(&presenter, &keymap, &theme, 80);
        assert!(
            line.starts_with(" Presenting: 3 viewing, 2 following"),
            "{line}"
        );
        // Another presenter has the floor.
        presenter.follow.floor = Some("李華".into());
        let line = text(&presenter, &keymap, &theme, 80);
        assert!(
            line.starts_with(" 李華 leads · 3 viewing, 2 following · "),
            "{line}"
        );
    }

    #[test]
    fn the_status_names_the_place_and_fits_any_width() {
        let mut app = App::new(load_embedded().unwrap(), Settings::default());
        update(&mut app, Action::Resize(80, 24));
        update(&mut app, Action::JumpTo("part1.s2.2".into()));
        let theme = Theme::new(true, app.settings.ambi);
        let keymap = Keymap::default();
        let s = text(&app, &keymap, &theme, 80);
        assert!(
            s.starts_with(" 2024年工作回顧 › （二）千方百計提質量"),
            "{s}"
        );
        assert!(s.ends_with("%  ? help "), "{s}");
        // With no key for help, the hint is left out.
        let bindings = crate::app::keymap::bindings()
            .into_iter()
            .filter(|b| b.action != Action::ToggleHelp)
            .collect();
        let bare = Keymap::new(bindings).unwrap();
        let s = text(&app, &bare, &theme, 80);
        assert!(s.starts_with(" 2024年工作回顧 › （二）"), "{s}");
        assert!(s.ends_with("% ") && !s.contains("help"), "{s}");
        for w in 0..120 {
            let s = text(&app, &keymap, &theme, w);
            assert_eq!(str_width(&s, theme.ambi), w, "{w}");
        }
    }
}
