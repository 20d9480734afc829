//! Random sequences of actions and resizes, drawn after every step: no
//! panic, whatever the order.

use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use report_explorer::app::{update, Action, App, Settings};
use report_explorer::content::load_embedded;
use report_explorer::keymap::Keymap;
use report_explorer::text::AmbiWidth;
use report_explorer::ui;

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (1u16..220, 1u16..80).prop_map(|(w, h)| Action::Resize(w, h)),
        Just(Action::Down),
        Just(Action::Up),
        Just(Action::PageDown),
        Just(Action::PageUp),
        Just(Action::Top),
        Just(Action::Bottom),
        Just(Action::NextSection),
        Just(Action::PrevSection),
        Just(Action::FocusNext),
        Just(Action::FocusPrev),
        Just(Action::Open),
        Just(Action::Close),
        Just(Action::Footnote),
        Just(Action::PrevMarker),
        Just(Action::Expand),
        Just(Action::Collapse),
        Just(Action::ToggleHelp),
        Just(Action::OpenPalette),
        prop::sample::select(vec!['z', 's', '招', '商', '2', '.', '3', 'x'])
            .prop_map(Action::Input),
        Just(Action::DeleteChar),
        Just(Action::Back),
        Just(Action::Forward),
        Just(Action::ToggleScript),
        Just(Action::ToggleView),
        Just(Action::CycleSort),
        Just(Action::CycleDimension),
        Just(Action::CycleSection),
        Just(Action::ToggleInline),
        Just(Action::NextHit),
        Just(Action::PrevHit),
        Just(Action::HideHits),
        prop::sample::select(vec!["生產力\n總值 q", " ", "gao xiao", "\"營商\""])
            .prop_map(|t| Action::InsertText(t.to_string())),
    ]
}

fn base() -> App {
    use std::sync::OnceLock;
    static BASE: OnceLock<App> = OnceLock::new();
    BASE.get_or_init(|| App::new(load_embedded().unwrap(), Settings::default()))
        .clone()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn any_sequence_draws_without_panic(
        start in (1u16..200, 1u16..60),
        wide in any::<bool>(),
        actions in prop::collection::vec(action(), 1..60),
    ) {
        let keymap = Keymap::default();
        let mut app = base();
        app.settings.ambi = if wide { AmbiWidth::Wide } else { AmbiWidth::Narrow };
        update(&mut app, Action::Resize(start.0, start.1));
        for a in actions {
            update(&mut app, a);
            let area = app.area;
            let mut buf = Buffer::empty(Rect::new(0, 0, area.width, area.height));
            ui::draw(&app, &keymap, buf.area, &mut buf);
        }
    }
}
