//! The remembered reading state (`crate::saved`) read from a session and
//! applied to one: the reading position and the marks as places, the
//! script and the focused pane. A state is applied only to the report it
//! was taken from, unchanged: the same id and the same content hash, every
//! place naming a block the report has. Anything else leaves the session
//! at the top with a one-line message saying why.

use std::collections::BTreeMap;

use super::action::Pane;
use super::nav;
use super::palette::toggle_script;
use super::state::App;
use crate::document::Place;
use crate::saved::{self, Loaded, PaneName, SavedPlace, ScriptName, State};
use crate::text::script::Script;

/// The hash of the report a session reads
/// ([`crate::data::ReportData::content_hash`]).
pub fn content_hash(app: &App) -> String {
    app.data.content_hash().to_string()
}

/// The state to remember of a session; `content` is its report's
/// `content_hash`.
pub fn state_of(app: &App, content: &str) -> State {
    State {
        version: saved::VERSION,
        report: app.data.report().meta.id.clone(),
        content: content.to_string(),
        place: saved_place(&app.anchor),
        script: match app.settings.script {
            Script::Traditional => ScriptName::Traditional,
            Script::Simplified => ScriptName::Simplified,
        },
        focus: match app.focus {
            Pane::Outline => PaneName::Outline,
            Pane::Reader => PaneName::Reader,
            Pane::Glossary => PaneName::Glossary,
            Pane::Figures => PaneName::Figures,
        },
        marks: app
            .marks
            .iter()
            .map(|(c, p)| (*c, saved_place(p)))
            .collect(),
    }
}

/// Apply what was read from the state file to a session that has had its
/// first resize (so the position lands on its paragraph at this size).
/// A state that cannot be used leaves the session as it is, with a
/// message; no file leaves it as it is, silently. `keep_script`: the
/// session keeps its script (one the user asked for) whatever the state
/// says.
pub fn restore(app: &mut App, loaded: Loaded, content: &str, keep_script: bool) {
    let message = match loaded {
        Loaded::Nothing => return,
        Loaded::Unusable(problem) => format!("Saved place not used: {problem}"),
        Loaded::Found(state) => match apply(app, &state, content, keep_script) {
            Ok(()) => return,
            Err(why) => why,
        },
    };
    app.message = Some(message);
}

/// Apply a state (the script too unless `keep_script`), or say why it
/// does not fit this report.
pub fn apply(app: &mut App, state: &State, content: &str, keep_script: bool) -> Result<(), String> {
    let id = &app.data.report().meta.id;
    if state.report != *id {
        return Err(format!(
            "Saved place not used: it is for the report {}, not {id}",
            state.report
        ));
    }
    if state.content != content {
        return Err("The report changed since it was last read: starting at the top".into());
    }
    let place = place_in(app, &state.place)?;
    let marks = state
        .marks
        .iter()
        .map(|(c, p)| Ok((*c, place_in(app, p)?)))
        .collect::<Result<BTreeMap<char, Place>, String>>()?;
    let script = match state.script {
        ScriptName::Traditional => Script::Traditional,
        ScriptName::Simplified => Script::Simplified,
    };
    if !keep_script && app.settings.script != script {
        toggle_script(app);
    }
    let pane = match state.focus {
        PaneName::Outline => Pane::Outline,
        PaneName::Reader => Pane::Reader,
        PaneName::Glossary => Pane::Glossary,
        PaneName::Figures => Pane::Figures,
    };
    nav::focus(app, pane);
    app.anchor = place;
    nav::relayout(app);
    app.marks = marks;
    Ok(())
}

/// A stored place as a place of this report, if it names one of its
/// blocks and an offset within its text.
fn place_in(app: &App, saved: &SavedPlace) -> Result<Place, String> {
    let doc = app.original_doc();
    let fits = doc
        .block_of(&saved.block)
        .is_some_and(|b| saved.offset <= doc.blocks[b].text.chars().count());
    if fits {
        Ok(Place::new(saved.block.as_str(), saved.offset))
    } else {
        Err(format!(
            "Saved place not used: the report has no place {} {}",
            saved.block, saved.offset
        ))
    }
}

fn saved_place(place: &Place) -> SavedPlace {
    SavedPlace {
        block: place.block.to_string(),
        offset: place.offset,
    }
}
