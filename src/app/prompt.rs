//! The `:` command line, as in less and vim: type a command, Enter runs
//! it, Esc closes it.
//!
//! Commands: a place (`:2.3` for part 2 section (三), `:2` for part 2, or
//! any block id such as `:part1.s2.1` or `:glossary.27`) jumps there; `:q`
//! or `:quit` quits; `:set script=simplified` (or `traditional`, `s`, `t`)
//! switches the script; `:noh` hides the last search's marks.

use super::action::{Action, Effect};
use super::history;
use super::nav::jump_to_place;
use super::palette::toggle_script;
use super::state::App;
use crate::document::{BlockKind, Place, Region};
use crate::text::script::Script;

/// Keys while the command line is open: it takes them all.
pub fn update(app: &mut App, action: Action) -> Effect {
    let Some(line) = app.prompt.as_mut() else {
        return Effect::None;
    };
    match action {
        Action::Quit => return Effect::Quit,
        Action::Input(c) => line.push(c),
        Action::InsertText(t) => line.extend(t.chars().filter(|c| !c.is_control())),
        Action::DeleteChar => {
            if line.pop().is_none() {
                // Backspace on an empty line closes it, as in vim.
                app.prompt = None;
            }
        }
        Action::ClearInput => line.clear(),
        Action::Close => app.prompt = None,
        Action::Open => {
            let command = app.prompt.take().unwrap_or_default();
            return run(app, command.trim());
        }
        Action::Resize(w, h) => super::nav::resize(app, w, h),
        _ => return Effect::None,
    }
    Effect::Redraw
}

/// Run one command.
pub fn run(app: &mut App, command: &str) -> Effect {
    match command {
        "" => {}
        "q" | "q!" | "quit" | "qa" => return Effect::Quit,
        "noh" | "nohlsearch" => super::steps::hide(app),
        c if c.starts_with("set ") => set(app, c["set ".len()..].trim()),
        c => match place_of(app, c) {
            Some(place) => {
                history::record(app);
                jump_to_place(app, &place);
            }
            None => app.message = Some(format!("Not a command or a place: {c}")),
        },
    }
    Effect::Redraw
}

/// `:set name=value`.
fn set(app: &mut App, setting: &str) {
    let (name, value) = setting.split_once('=').unwrap_or((setting, ""));
    let want = match (name.trim(), value.trim()) {
        ("script", "simplified" | "s" | "简" | "簡") => Some(Script::Simplified),
        ("script", "traditional" | "t" | "繁") => Some(Script::Traditional),
        _ => None,
    };
    match want {
        Some(script) => {
            if app.settings.script != script {
                toggle_script(app);
            }
        }
        None => {
            app.message = Some(format!(
                "Unknown setting: {setting} (try script=simplified or script=traditional)"
            ))
        }
    }
}

/// The place a command names: an outline position (`2.3`, `2`) or a block
/// id.
fn place_of(app: &App, command: &str) -> Option<Place> {
    let doc = app.doc();
    if doc.block_of(command).is_some() {
        return Some(Place::start_of(command));
    }
    let (part, section) = match command.split_once('.') {
        Some((p, s)) => (p.parse::<usize>().ok()?, Some(s.parse::<usize>().ok()?)),
        None => (command.parse::<usize>().ok()?, None),
    };
    let (part, section) = (part.checked_sub(1)?, section.map(|s| s.checked_sub(1)));
    let section = match section {
        Some(Some(s)) => Some(s),
        Some(None) => return None,
        None => None,
    };
    let heading = doc.blocks.iter().position(|b| {
        let kind = if section.is_some() {
            BlockKind::SectionTitle
        } else {
            BlockKind::PartTitle
        };
        b.kind == kind && b.region == Region::Part { part, section }
    })?;
    doc.id_of(heading).map(|id| Place::start_of(id.clone()))
}
