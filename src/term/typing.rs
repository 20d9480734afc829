//! Keys that arrive together and type text, as one text: what both
//! drivers (the local terminal and a served session) do with a batch of
//! inputs before handing them to the core.

use crate::app::keymap::{contexts, Keymap};
use crate::app::{mode, Action, App, Mode};
use crate::input::Input;

/// Keys that arrived together and type text where the session takes text
/// (the jump palette, the `:` line) go to the core as one text, as a paste
/// does: the same characters, one search instead of one per key. `first`
/// and the keys after it that also type are taken from `rest`; with how
/// many inputs that was.
pub fn typing(
    app: &App,
    keymap: &Keymap,
    first: Input,
    rest: &mut std::iter::Peekable<impl Iterator<Item = Input>>,
) -> (Input, usize) {
    let typed = |input: &Input| {
        let Input::Key(key) = input else {
            return None;
        };
        let mode = mode(app);
        if !matches!(mode, Mode::Palette | Mode::Prompt) || app.pending.is_some() {
            return None;
        }
        match keymap.action(*key, contexts(mode)) {
            Some(Action::Input(c)) => Some(c),
            _ => None,
        }
    };
    let Some(c) = typed(&first) else {
        return (first, 1);
    };
    let mut text = String::from(c);
    while let Some(c) = rest.peek().and_then(typed) {
        text.push(c);
        rest.next();
    }
    match text.chars().count() {
        1 => (first, 1),
        n => (Input::Paste(text), n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{handle, update};
    use crate::input::{Key, KeyCode};

    /// Keys typed into the palette in one read reach the core as one text
    /// (one search); the key that ends the typing (Enter) stays a key, and
    /// in a pane every key stays a key.
    #[test]
    fn typing_that_arrives_together_is_one_text() {
        use crate::app::keymap::bindings;
        use crate::app::Settings;
        let keymap = Keymap::new(bindings()).unwrap();
        let report = crate::content::load_embedded().unwrap();
        let mut app = App::new(report, Settings::default());
        update(&mut app, Action::Resize(80, 24));
        let keys =
            |text: &str| -> Vec<Input> { text.chars().map(|c| Input::Key(Key::char(c))).collect() };
        // In the reader, `jjj` are three scrolls.
        let mut rest = keys("jjj").into_iter().peekable();
        let first = rest.next().unwrap();
        assert_eq!(typing(&app, &keymap, first.clone(), &mut rest), (first, 1));
        assert_eq!(rest.count(), 2);
        // In the palette, 生產力 then Enter: one text, then Enter.
        handle(&mut app, &keymap, Input::Key(Key::char('/')));
        let mut inputs = keys("生產力");
        inputs.push(Input::Key(Key::plain(KeyCode::Enter)));
        let mut rest = inputs.into_iter().peekable();
        let first = rest.next().unwrap();
        let (text, count) = typing(&app, &keymap, first, &mut rest);
        assert_eq!((text.clone(), count), (Input::Paste("生產力".into()), 3));
        assert_eq!(rest.next(), Some(Input::Key(Key::plain(KeyCode::Enter))));
        handle(&mut app, &keymap, text);
        let palette = app.palette.as_ref().unwrap();
        assert_eq!(palette.query, "生產力");
        assert!(palette.total >= 2, "{}", palette.total);
        // One typed character stays a key.
        let mut rest = Vec::new().into_iter().peekable();
        let one = Input::Key(Key::char('值'));
        assert_eq!(typing(&app, &keymap, one.clone(), &mut rest), (one, 1));
    }
}
