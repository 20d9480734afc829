//! The one keymap table: every binding with its description. Help is
//! generated from it, and conflicts are refused when the reader starts.

use super::action::{Action, Pane};
use super::mode::Mode;
use crate::input::{Key, KeyCode, Modifiers};
use crate::text::AmbiWidth;

/// Where a binding applies. Popups take keys before panes, panes before
/// the global bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    /// Any pane: the reader, the outline, the glossary.
    Pane,
    Outline,
    Figures,
    Popup,
    /// The fuzzy jump palette: characters not bound here are typed in.
    Palette,
    /// The `:` command line: characters not bound here are typed in.
    Prompt,
    Help,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Pane => "In a pane",
            Context::Outline => "In the outline",
            Context::Figures => "In the figures",
            Context::Popup => "In a footnote",
            Context::Palette => "In the jump palette (other keys type)",
            Context::Help => "In this help",
            Context::Prompt => "On the : command line (other keys type; :2.3, :part1.s2, :q, :set script=simplified)",
        }
    }
}

const fn key(code: KeyCode) -> Key {
    Key::plain(code)
}

const fn ch(c: char) -> Key {
    Key::char(c)
}

const fn ctrl(c: char) -> Key {
    Key::ctrl(c)
}

/// The key as the table stores it: Shift is part of the character for
/// characters (`G`, not Shift-g) and of the code for Shift-Tab, so it is
/// dropped there; Ctrl and Alt stay.
pub fn normalize(key: Key) -> Key {
    let shift_in_code = matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab);
    Key {
        code: key.code,
        mods: Modifiers {
            shift: key.mods.shift && !shift_in_code,
            ..key.mods
        },
    }
}

/// How a key is written in help and hints. Arrows are East-Asian
/// ambiguous, so wide mode spells them out.
pub fn label(key: &Key, ambi: AmbiWidth) -> String {
    let arrows = ambi == AmbiWidth::Narrow;
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up if arrows => "↑".into(),
        KeyCode::Down if arrows => "↓".into(),
        KeyCode::Left if arrows => "←".into(),
        KeyCode::Right if arrows => "→".into(),
        KeyCode::Up => "Up".into(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Insert => "Insert".into(),
        KeyCode::Delete => "Delete".into(),
        KeyCode::F(n) => format!("F{n}"),
    };
    let mut out = String::new();
    if key.mods.ctrl {
        out.push_str("Ctrl-");
    }
    if key.mods.alt {
        out.push_str("Alt-");
    }
    if key.mods.shift {
        out.push_str("Shift-");
    }
    if key.mods.ctrl {
        out.push_str(&name.to_uppercase());
    } else {
        out.push_str(&name);
    }
    out
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub action: Action,
    pub description: &'static str,
}

macro_rules! bindings {
    ($($ctx:ident [$($k:expr),+] $action:expr, $desc:literal;)*) => {
        vec![$(Binding { context: Context::$ctx, keys: vec![$($k),+], action: $action, description: $desc }),*]
    };
}

/// Every binding of the reader. `/` and Ctrl-P are kept free for the
/// fuzzy jump.
pub fn bindings() -> Vec<Binding> {
    use KeyCode::*;
    bindings! {
        Global [ch('q'), ctrl('c')] Action::Quit, "Quit";
        Global [ch('?')] Action::ToggleHelp, "Show or hide this help";
        Global [key(Tab)] Action::FocusNext, "Focus the next pane, bringing it into view";
        Global [key(BackTab)] Action::FocusPrev, "Focus the previous pane";
        Global [ch('z')] Action::ToggleZoom, "Zoom: the focused pane fills the screen, or unzoom";
        Global [ch('F')] Action::Rejoin, "Follow the presenter again (a meeting over serve)";
        Global [ch(']')] Action::NextSection, "Next section";
        Global [ch('[')] Action::PrevSection, "Previous section";
        Global [ch('f')] Action::Footnote, "Open the footnote of a marker on screen";
        Global [key(Esc)] Action::Close, "Close a popup";
        Global [ch('/'), ctrl('p')] Action::OpenPalette, "Jump to anything: hanzi in either script, pinyin, initials, a number, or 2.3 for part 2 section (三)";
        Global [ctrl('o'), key(Backspace), Key::new(Left, Modifiers::ALT)] Action::Back, "Back to where the last jump came from";
        Global [Key::new(Right, Modifiers::ALT)] Action::Forward, "Forward again (undo Back), as in a browser";
        Global [ctrl('z')] Action::Suspend, "Suspend (fg in the shell resumes)";
        Global [ch('s')] Action::ToggleScript, "Switch between traditional and simplified characters";
        Pane [ch('j'), key(Down)] Action::Down, "Scroll or move down";
        Pane [ch('k'), key(Up)] Action::Up, "Scroll or move up";
        Pane [ch(' '), key(PageDown), ctrl('f')] Action::PageDown, "Page down";
        Pane [ch('b'), key(PageUp), ctrl('b')] Action::PageUp, "Page up";
        Pane [ch('d'), ctrl('d')] Action::HalfPageDown, "Half a page down";
        Pane [ch('u'), ctrl('u')] Action::HalfPageUp, "Half a page up";
        Pane [ch('='), ctrl('g')] Action::WhereAmI, "Say where you are: section, paragraph, line and percentage";
        Pane [ch(':')] Action::OpenPrompt, "Open the command line: :2.3 or a block id jumps there, :q quits, :set script=simplified";
        Pane [ch('m')] Action::SetMark, "Set a mark: m and a letter";
        Pane [ch('\'')] Action::GoMark, "Go to a mark: ' and its letter; '' goes back to before the last jump";
        Pane [ch('g'), key(Home)] Action::Top, "Go to the top";
        Pane [ch('G'), key(End)] Action::Bottom, "Go to the end";
        Pane [key(Enter)] Action::Open, "Open: in the outline, jump there; in the glossary, go to where the term is cited; in the reader, show the footnotes on screen";
        Pane [ch('n')] Action::NextHit, "Next hit of the last search, in reading order (wraps around)";
        Pane [ch('N')] Action::PrevHit, "Previous hit of the last search";
        Pane [ch('.')] Action::Point, "Point at the next sentence (presenting: marked on every follower's screen)";
        Pane [ch(',')] Action::PointBack, "Point at the sentence before";
        Pane [key(Esc)] Action::HideHits, "Hide the marks of the last search (n and N show them again)";
        Outline [ch('l'), key(Right)] Action::Expand, "Unfold the entry";
        Outline [ch('h'), key(Left)] Action::Collapse, "Fold the entry (or its parent)";
        Global [ch('#')] Action::ToggleInline, "Mark every quantity in the reader, or stop";
        Figures [ch('v')] Action::ToggleView, "Switch between the indicator chart and the table of every quantity";
        Figures [ch('o')] Action::CycleSort, "Sort the table: in order, largest first, smallest first";
        Figures [ch('d')] Action::CycleDimension, "Show one dimension (money, percent change, area and more), then all";
        Figures [ch('c')] Action::CycleSection, "Show one section's quantities, then all";
        Popup [ch('f'), ch('n')] Action::Footnote, "Next marker on screen";
        Popup [ch('N'), ch('p')] Action::PrevMarker, "Previous marker on screen";
        Popup [ch('j'), key(Down)] Action::Down, "Scroll the definition down";
        Popup [ch('k'), key(Up)] Action::Up, "Scroll the definition up";
        Popup [key(Enter)] Action::Open, "Show the term in the glossary";
        Popup [key(Esc), ch('q')] Action::Close, "Close the footnote";
        Palette [key(Enter)] Action::Open, "Jump to the selected result";
        Palette [key(Esc)] Action::Close, "Cancel";
        Palette [key(Down), ctrl('n')] Action::Down, "Next result (while recalling: a more recent query)";
        Palette [key(Up), ctrl('p')] Action::Up, "Previous result; on an empty query, recall earlier queries";
        Palette [key(PageDown)] Action::PageDown, "Five results down";
        Palette [key(PageUp)] Action::PageUp, "Five results up";
        Palette [key(Backspace)] Action::DeleteChar, "Delete the last character";
        Palette [ctrl('u')] Action::ClearInput, "Clear the query";
        Prompt [key(Enter)] Action::Open, "Run the command";
        Prompt [key(Esc)] Action::Close, "Close the command line";
        Prompt [key(Backspace)] Action::DeleteChar, "Delete the last character";
        Prompt [ctrl('u')] Action::ClearInput, "Clear the command line";
        Help [ch('j'), key(Down)] Action::Down, "Scroll down";
        Help [ch('k'), key(Up)] Action::Up, "Scroll up";
        Help [key(Esc), ch('?'), ch('q')] Action::Close, "Close the help";
    }
}

/// The keymap, checked for conflicts.
#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Keymap {
    /// Refuses a table in which one key means two things in one context.
    pub fn new(bindings: Vec<Binding>) -> Result<Keymap, String> {
        for (i, a) in bindings.iter().enumerate() {
            for b in &bindings[i + 1..] {
                if a.context != b.context {
                    continue;
                }
                if let Some(k) = a.keys.iter().find(|k| b.keys.contains(k)) {
                    return Err(format!(
                        "key {} is bound twice in {:?}: \"{}\" and \"{}\"",
                        label(k, AmbiWidth::Narrow),
                        a.context,
                        a.description,
                        b.description
                    ));
                }
            }
        }
        Ok(Keymap { bindings })
    }

    /// The action for a key, looking through `contexts` in order. In the
    /// palette, a character with no binding there is typed in.
    /// A key with Shift or Alt that has no binding of its own acts as the
    /// key without them (Shift-Down as Down, Alt-j as j), as before the
    /// project had its own key type; Ctrl always counts.
    pub fn action(&self, key: Key, contexts: &[Context]) -> Option<Action> {
        let key = normalize(key);
        let bare = Key::new(
            key.code,
            Modifiers {
                ctrl: key.mods.ctrl,
                ..Modifiers::NONE
            },
        );
        contexts.iter().find_map(|ctx| {
            let find = |k: &Key| {
                self.bindings
                    .iter()
                    .find(|b| b.context == *ctx && b.keys.contains(k))
            };
            let bound = find(&key).or_else(|| find(&bare));
            let typed = !key.mods.ctrl;
            match (bound, key.code) {
                (Some(b), _) => Some(b.action.clone()),
                (None, KeyCode::Char(c))
                    if matches!(*ctx, Context::Palette | Context::Prompt) && typed =>
                {
                    Some(Action::Input(c))
                }
                _ => None,
            }
        })
    }

    /// The keys bound to `action` in `context`, in the table's order.
    pub fn keys_for(&self, context: Context, action: &Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.action == *action)
            .flat_map(|b| b.keys.iter().copied())
            .collect()
    }

    /// The first key bound to `action` in `context`, as a hint shows it
    /// (`?`, `Esc`); None when nothing is bound, so a hint is left out
    /// rather than wrong.
    pub fn hint(&self, context: Context, action: &Action, ambi: AmbiWidth) -> Option<String> {
        self.keys_for(context, action)
            .first()
            .map(|k| label(k, ambi))
    }

    /// Like [`Keymap::hint`], but names `preferred` when it is one of the
    /// keys bound to `action` in `context` (a mnemonic, such as `n` for the
    /// next footnote, that is not the first key); else the first key; None
    /// when nothing is bound.
    pub fn hint_preferring(
        &self,
        context: Context,
        action: &Action,
        preferred: Key,
        ambi: AmbiWidth,
    ) -> Option<String> {
        let keys = self.keys_for(context, action);
        keys.iter()
            .find(|&&k| k == preferred)
            .or(keys.first())
            .map(|k| label(k, ambi))
    }

    /// Help text: for each context, its bindings as (keys, description).
    pub fn help(&self, ambi: AmbiWidth) -> Vec<(Context, Vec<(String, &'static str)>)> {
        let order = [
            Context::Global,
            Context::Pane,
            Context::Outline,
            Context::Figures,
            Context::Popup,
            Context::Palette,
            Context::Prompt,
            Context::Help,
        ];
        order
            .into_iter()
            .map(|ctx| {
                let rows = self
                    .bindings
                    .iter()
                    .filter(|b| b.context == ctx)
                    .map(|b| {
                        let keys: Vec<String> = b.keys.iter().map(|k| label(k, ambi)).collect();
                        // Commas, not slashes: `/` is a key.
                        (keys.join(", "), b.description)
                    })
                    .collect();
                (ctx, rows)
            })
            .collect()
    }
}

/// The contexts that take keys in a mode, most specific first.
pub fn contexts(mode: Mode) -> &'static [Context] {
    match mode {
        // Help pages with the reader's keys.
        Mode::Help => &[Context::Help, Context::Pane, Context::Global],
        Mode::Palette => &[Context::Palette, Context::Global],
        Mode::Prompt => &[Context::Prompt, Context::Global],
        Mode::Popup => &[Context::Popup, Context::Global],
        Mode::Pane(Pane::Outline) => &[Context::Outline, Context::Pane, Context::Global],
        Mode::Pane(Pane::Figures) => &[Context::Figures, Context::Pane, Context::Global],
        Mode::Pane(Pane::Reader | Pane::Glossary) => &[Context::Pane, Context::Global],
    }
}

impl Default for Keymap {
    /// The built-in table, through the same conflict check as
    /// [`Keymap::new`]. A conflict in it is a bug the tests catch
    /// (`the_default_table_has_no_conflicts`), so it panics with the two
    /// bindings named.
    fn default() -> Keymap {
        match Keymap::new(bindings()) {
            Ok(k) => k,
            Err(e) => panic!("the built-in keymap has a conflict: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_table_has_no_conflicts() {
        assert!(Keymap::new(bindings()).is_ok());
    }

    #[test]
    fn a_conflict_is_refused() {
        let mut b = bindings();
        b.push(Binding {
            context: Context::Global,
            keys: vec![ch('q')],
            action: Action::Top,
            description: "Top",
        });
        let e = Keymap::new(b).unwrap_err();
        assert_eq!(e, "key q is bound twice in Global: \"Quit\" and \"Top\"");
    }

    #[test]
    fn shift_and_alt_fall_back_to_the_bare_key() {
        let k = Keymap::default();
        let pane = [Context::Pane, Context::Global];
        let shift_down = Key::new(KeyCode::Down, Modifiers::SHIFT);
        assert_eq!(k.action(shift_down, &pane), Some(Action::Down));
        assert_eq!(k.action(Key::alt('j'), &pane), Some(Action::Down));
        let alt_pgdn = Key::new(KeyCode::PageDown, Modifiers::ALT);
        assert_eq!(k.action(alt_pgdn, &pane), Some(Action::PageDown));
        // Ctrl always counts: Ctrl-J is not j.
        assert_eq!(k.action(ctrl('j'), &pane), None);
        // Shift-G from crossterm is G (the end), not g.
        let shift_g = Key::new(KeyCode::Char('G'), Modifiers::SHIFT);
        assert_eq!(k.action(shift_g, &pane), Some(Action::Bottom));
        // In the palette, Alt with a character is typed, hanzi too.
        let palette = [Context::Palette, Context::Global];
        assert_eq!(
            k.action(Key::alt('招'), &palette),
            Some(Action::Input('招'))
        );
    }

    #[test]
    fn popups_take_keys_before_panes_and_panes_before_global() {
        let k = Keymap::default();
        assert_eq!(
            k.action(ch('f'), &[Context::Pane, Context::Global]),
            Some(Action::Footnote)
        );
        assert_eq!(
            k.action(key(KeyCode::Esc), &[Context::Popup, Context::Global]),
            Some(Action::Close)
        );
        // n and N step through the last search in a pane, and through the
        // markers in a footnote.
        let pane = [Context::Pane, Context::Global];
        assert_eq!(k.action(ch('n'), &pane), Some(Action::NextHit));
        assert_eq!(k.action(ch('N'), &pane), Some(Action::PrevHit));
        assert_eq!(k.action(key(KeyCode::Esc), &pane), Some(Action::HideHits));
        let popup = [Context::Popup, Context::Global];
        assert_eq!(k.action(ch('n'), &popup), Some(Action::Footnote));
        assert_eq!(k.action(ch('N'), &popup), Some(Action::PrevMarker));
        assert_eq!(
            k.action(ctrl('c'), &[Context::Help, Context::Global]),
            Some(Action::Quit)
        );
        assert_eq!(
            k.action(ch('/'), &[Context::Pane, Context::Global]),
            Some(Action::OpenPalette)
        );
        assert_eq!(
            k.action(ctrl('p'), &[Context::Pane, Context::Global]),
            Some(Action::OpenPalette)
        );
        // In the palette, letters are typed, even bound ones; Ctrl-C still quits.
        let palette = [Context::Palette, Context::Global];
        assert_eq!(k.action(ch('q'), &palette), Some(Action::Input('q')));
        assert_eq!(k.action(ch('招'), &palette), Some(Action::Input('招')));
        assert_eq!(k.action(ctrl('p'), &palette), Some(Action::Up));
        assert_eq!(k.action(ctrl('c'), &palette), Some(Action::Quit));
        assert_eq!(
            k.action(key(KeyCode::Backspace), &palette),
            Some(Action::DeleteChar)
        );
        // Forward is not Ctrl-I, which terminals send as Tab, nor Ctrl-F,
        // which less users press for a page: Alt-Right, as in a browser.
        let pane = [Context::Pane, Context::Global];
        assert_eq!(k.action(ctrl('f'), &pane), Some(Action::PageDown));
        let alt_right = Key::new(KeyCode::Right, Modifiers::ALT);
        assert_eq!(k.action(alt_right, &pane), Some(Action::Forward));
        // q closes the innermost overlay; Ctrl-C quits from anywhere.
        let help = [Context::Help, Context::Pane, Context::Global];
        assert_eq!(k.action(ch('q'), &help), Some(Action::Close));
        assert_eq!(
            k.action(ch('q'), &[Context::Popup, Context::Global]),
            Some(Action::Close)
        );
        assert_eq!(k.action(ctrl('c'), &help), Some(Action::Quit));
        // The help pages with the reader's keys.
        assert_eq!(k.action(ch(' '), &help), Some(Action::PageDown));
        assert_eq!(k.action(ch('G'), &help), Some(Action::Bottom));
    }

    #[test]
    fn a_hint_names_a_bound_key_or_nothing() {
        let k = Keymap::default();
        let narrow = AmbiWidth::Narrow;
        assert_eq!(
            k.hint(Context::Global, &Action::ToggleHelp, narrow),
            Some("?".into())
        );
        assert_eq!(
            k.hint(Context::Palette, &Action::Up, AmbiWidth::Wide),
            Some("Up".into())
        );
        let next = Action::Footnote;
        assert_eq!(
            k.hint_preferring(Context::Popup, &next, ch('n'), narrow),
            Some("n".into())
        );
        // A preferred key that is not bound is never named.
        assert_eq!(
            k.hint_preferring(Context::Popup, &next, ch('x'), narrow),
            Some("f".into())
        );
        assert_eq!(
            k.hint_preferring(Context::Popup, &Action::Quit, ch('q'), narrow),
            None
        );
    }

    #[test]
    fn help_lists_every_binding() {
        let k = Keymap::default();
        let help = k.help(AmbiWidth::Narrow);
        let rows: usize = help.iter().map(|(_, r)| r.len()).sum();
        assert_eq!(rows, k.bindings.len());
        assert!(help[1]
            .1
            .contains(&("j, ↓".to_string(), "Scroll or move down")));
        let wide = k.help(AmbiWidth::Wide);
        assert!(wide[1]
            .1
            .contains(&("j, Down".to_string(), "Scroll or move down")));
        assert_eq!(help[0].1[0].0, "q, Ctrl-C");
    }
}
