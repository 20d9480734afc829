//! Key hints, written from the keymap table so that a rebinding changes
//! them: each names the context and action it describes, and a hint whose
//! action has no key is left out rather than wrong.

use super::theme::Theme;
use crate::app::keymap::{Context, Keymap};
use crate::app::Action;
use crate::input::Key;

/// The label of the first key bound to `action` in `context` (`?`, `Esc`,
/// `↑`, or `Up` in wide mode); None when nothing is bound.
pub fn key(keymap: &Keymap, theme: &Theme, context: Context, action: Action) -> Option<String> {
    keymap.hint(context, &action, theme.ambi)
}

/// As [`key`], naming `preferred` when it is bound to the action.
pub fn key_preferring(
    keymap: &Keymap,
    theme: &Theme,
    context: Context,
    action: Action,
    preferred: Key,
) -> Option<String> {
    keymap.hint_preferring(context, &action, preferred, theme.ambi)
}

/// `word` after the key (`? help`, `Enter jump`); None without a key.
pub fn keyed(key: Option<String>, word: &str) -> Option<String> {
    key.map(|k| format!("{k} {word}"))
}

/// The parts that are there, joined by the theme's dot (` · `).
pub fn join(theme: &Theme, parts: impl IntoIterator<Item = Option<String>>) -> String {
    parts
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(theme.dot())
}

/// The palette's count line once a query has results:
/// `12 results · ↑↓ choose · Enter jump · Esc cancel`; while an earlier
/// query is recalled, `↑↓ history` instead of `↑↓ choose`.
pub fn palette(keymap: &Keymap, theme: &Theme, results: usize, recalling: bool) -> String {
    let ctx = Context::Palette;
    let choose = match (
        key(keymap, theme, ctx, Action::Up),
        key(keymap, theme, ctx, Action::Down),
    ) {
        (Some(up), Some(down)) => Some(theme.key_pair(&up, &down)),
        (one, other) => one.or(other),
    };
    let word = if recalling { "history" } else { "choose" };
    join(
        theme,
        [
            Some(match results {
                1 => "1 result".to_string(),
                n => format!("{n} results"),
            }),
            keyed(choose, word),
            keyed(key(keymap, theme, ctx, Action::Open), "jump"),
            keyed(key(keymap, theme, ctx, Action::Close), "cancel"),
        ],
    )
}

/// The palette's line before anything is typed: what a query may be,
/// and, once there are earlier queries, the key that recalls them
/// (`… · ↑ history`).
pub fn palette_empty(keymap: &Keymap, theme: &Theme, can_recall: bool) -> String {
    let what = "hanzi (either script), pinyin, initials, 29.8, or 2.3".to_string();
    let recall = if can_recall {
        keyed(key(keymap, theme, Context::Palette, Action::Up), "history")
    } else {
        None
    };
    join(theme, [Some(what), recall])
}

/// What a zoomed pane says of itself, with the key that gives the other
/// panes back: `zoomed (z)`, or `zoomed` when nothing is bound.
pub fn zoomed(keymap: &Keymap, theme: &Theme) -> String {
    match key(keymap, theme, Context::Global, Action::ToggleZoom) {
        Some(k) => format!("zoomed ({k})"),
        None => "zoomed".to_string(),
    }
}

/// The footnote popup's footer: which marker of how many (1-based), the
/// next-marker key and the close key, ` 1/5 · n · Esc ` with its margins.
pub fn popup(keymap: &Keymap, theme: &Theme, at: usize, of: usize) -> String {
    let ctx = Context::Popup;
    let next = key_preferring(keymap, theme, ctx, Action::Footnote, Key::char('n'));
    let parts = [
        Some(format!("{at}/{of}")),
        next,
        key(keymap, theme, ctx, Action::Close),
    ];
    format!(" {} ", join(theme, parts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::bindings;
    use crate::text::AmbiWidth;

    #[test]
    fn default_keys_give_todays_hints_and_wide_mode_spells_them() {
        let k = Keymap::default();
        let narrow = Theme::new(false, AmbiWidth::Narrow);
        let wide = Theme::new(false, AmbiWidth::Wide);
        assert_eq!(
            palette(&k, &narrow, 12, false),
            "12 results · ↑↓ choose · Enter jump · Esc cancel"
        );
        assert_eq!(
            palette(&k, &wide, 12, false),
            "12 results | Up/Down choose | Enter jump | Esc cancel"
        );
        assert_eq!(
            palette(&k, &narrow, 3, true),
            "3 results · ↑↓ history · Enter jump · Esc cancel"
        );
        let what = "hanzi (either script), pinyin, initials, 29.8, or 2.3";
        assert_eq!(palette_empty(&k, &narrow, false), what);
        assert_eq!(
            palette_empty(&k, &narrow, true),
            format!("{what} · ↑ history")
        );
        assert_eq!(
            palette_empty(&k, &wide, true),
            format!("{what} | Up history")
        );
        assert_eq!(popup(&k, &narrow, 1, 5), " 1/5 · n · Esc ");
        assert_eq!(zoomed(&k, &narrow), "zoomed (z)");
        assert_eq!(popup(&k, &wide, 1, 5), " 1/5 | n | Esc ");
    }

    #[test]
    fn an_unbound_action_leaves_its_hint_out() {
        let b: Vec<_> = bindings()
            .into_iter()
            .filter(|b| !(b.context == Context::Palette && b.action == Action::Up))
            .filter(|b| !(b.context == Context::Popup && b.action == Action::Close))
            .collect();
        let k = Keymap::new(b).unwrap();
        let t = Theme::new(false, AmbiWidth::Narrow);
        assert_eq!(
            palette(&k, &t, 3, false),
            "3 results · ↓ choose · Enter jump · Esc cancel"
        );
        assert_eq!(popup(&k, &t, 2, 5), " 2/5 · n ");
        let b: Vec<_> = bindings()
            .into_iter()
            .filter(|b| b.action != Action::ToggleZoom)
            .collect();
        assert_eq!(zoomed(&Keymap::new(b).unwrap(), &t), "zoomed");
    }
}
