//! Meeting mode on the core: a presenter's place, published as places,
//! laid out by viewers at their own size, script and ambiguous width.

use std::sync::Arc;

use report_explorer::app::follow::{presented, Follow};
use report_explorer::app::state::{FootnotePopup, MarkerRef};
use report_explorer::app::{handle, update, Action, App, Settings};
use report_explorer::content::load_embedded;
use report_explorer::data::ReportData;
use report_explorer::document::{Mark, Place};
use report_explorer::input::{Input, Key};
use report_explorer::keymap::{bindings, Keymap};
use report_explorer::text::script::Script;
use report_explorer::text::AmbiWidth;

fn session(data: &Arc<ReportData>, w: u16, h: u16, script: Script, ambi: AmbiWidth) -> App {
    let settings = Settings {
        script,
        ambi,
        ..Settings::default()
    };
    let mut app = App::open(Arc::clone(data), settings);
    update(&mut app, Action::Resize(w, h));
    app
}

/// The id of the block the reader shows on top.
fn top_block(app: &App) -> String {
    app.doc().blocks[app.layout.block_at(app.top)]
        .id
        .to_string()
}

fn publish(presenter: &App, viewers: &mut [App]) {
    for v in viewers {
        update(v, Action::Presented("王小明".into(), presented(presenter)));
    }
}

/// The presenter at 80×24, viewers at 132×40 simplified, 40×15, and
/// 80×24 with wide ambiguous characters.
fn meeting() -> (App, Vec<App>) {
    let data = Arc::new(ReportData::new(load_embedded().unwrap()));
    let presenter = session(&data, 80, 24, Script::Traditional, AmbiWidth::Narrow);
    let mut viewers = vec![
        session(&data, 132, 40, Script::Simplified, AmbiWidth::Narrow),
        session(&data, 40, 15, Script::Traditional, AmbiWidth::Narrow),
        session(&data, 80, 24, Script::Traditional, AmbiWidth::Wide),
    ];
    for v in &mut viewers {
        v.follow = Follow::viewer();
    }
    (presenter, viewers)
}

#[test]
fn viewers_show_the_presenters_paragraph_footnote_and_mark_at_their_own_size() {
    let (mut presenter, mut viewers) = meeting();
    // 2.3: the third section of the second part, then a few lines into it.
    update(&mut presenter, Action::JumpTo(Place::start_of("part2.s3")));
    publish(&presenter, &mut viewers);
    for v in &viewers {
        assert_eq!(top_block(v), "part2.s3");
    }
    for _ in 0..9 {
        update(&mut presenter, Action::Down);
    }
    publish(&presenter, &mut viewers);
    let paragraph = top_block(&presenter);
    assert_ne!(
        paragraph, "part2.s3",
        "the presenter scrolled into the text"
    );
    for v in &viewers {
        assert_eq!(
            top_block(v),
            paragraph,
            "{}×{}",
            v.area.width,
            v.area.height
        );
    }

    // 29.8%, marked by a jump from the palette.
    update(&mut presenter, Action::OpenPalette);
    update(&mut presenter, Action::InsertText("29.8%".into()));
    update(&mut presenter, Action::Open);
    let shown = presented(&presenter);
    let mark = shown.mark.clone().expect("the jump marks its target");
    publish(&presenter, &mut viewers);
    for v in &viewers {
        assert_eq!(presented(v).mark.as_ref(), Some(&mark));
        let (block, range) = v.highlight.clone().unwrap();
        assert!(v.doc().blocks[block].text[range].contains("29.8%"));
        assert_eq!(top_block(v), top_block(&presenter));
    }

    // Footnote [27], in the presenter's popup.
    let doc = presenter.doc();
    let (block, range) = doc
        .blocks
        .iter()
        .enumerate()
        .find_map(|(b, blk)| {
            blk.marks
                .iter()
                .find_map(|(r, m)| (matches!(m, Mark::Marker(27))).then(|| (b, r.clone())))
        })
        .expect("the report cites [27]");
    let id = doc.blocks[block].id.to_string();
    update(&mut presenter, Action::JumpTo(Place::start_of(id.as_str())));
    presenter.popup = Some(FootnotePopup {
        markers: vec![MarkerRef {
            block,
            range,
            number: 27,
        }],
        current: 0,
        scroll: 0,
    });
    publish(&presenter, &mut viewers);
    for v in &viewers {
        let popup = v.popup.as_ref().expect("the viewer's popup");
        assert_eq!(popup.markers[popup.current].number, 27);
        assert_eq!(top_block(v), id);
    }
}

#[test]
fn a_viewer_that_looks_away_stays_until_f_and_back_follows_the_presenters_jumps() {
    let (mut presenter, mut viewers) = meeting();
    let keymap = Keymap::new(bindings()).unwrap();
    update(&mut presenter, Action::JumpTo(Place::start_of("part1.s2")));
    publish(&presenter, &mut viewers);
    update(&mut presenter, Action::JumpTo(Place::start_of("part2.s1")));
    publish(&presenter, &mut viewers);
    assert_eq!(top_block(&viewers[0]), "part2.s1");

    // A key that moves the viewer's own view: it looks away.
    let v = &mut viewers[0];
    handle(v, &keymap, Input::Key(Key::char('j')));
    assert!(!v.follow.following);
    let away = top_block(v);
    update(&mut presenter, Action::JumpTo(Place::start_of("part2.s4")));
    publish(&presenter, &mut viewers);
    assert_eq!(top_block(&viewers[0]), away, "it stays where it looked");
    assert_eq!(top_block(&viewers[1]), "part2.s4", "the others follow");
    // A key that does not move the view (the help) leaves it following.
    handle(&mut viewers[1], &keymap, Input::Key(Key::char('?')));
    assert!(viewers[1].follow.following);

    // Rejoin: the presenter's place now.
    update(&mut viewers[0], Action::Rejoin);
    assert!(viewers[0].follow.following);
    assert_eq!(top_block(&viewers[0]), "part2.s4");
    // Back retraces the presenter's jumps.
    update(&mut viewers[2], Action::Back);
    assert_eq!(top_block(&viewers[2]), "part2.s1");
}

#[test]
fn when_every_presenter_leaves_viewers_stay_and_one_who_returns_leads() {
    let (mut presenter, mut viewers) = meeting();
    update(&mut presenter, Action::JumpTo(Place::start_of("part1.s3")));
    publish(&presenter, &mut viewers);
    for v in &mut viewers {
        update(v, Action::PresentersLeft);
        assert!(v.follow.left);
        assert_eq!(top_block(v), "part1.s3");
        assert!(v.message.as_deref().is_some_and(|m| m.contains("left")));
    }
    update(&mut presenter, Action::JumpTo(Place::start_of("list1")));
    publish(&presenter, &mut viewers);
    for v in &viewers {
        assert!(!v.follow.left);
        assert_eq!(top_block(v), "list1");
        assert_eq!(v.follow.leader.as_ref().unwrap().name, "王小明");
    }
}

#[test]
fn the_presenters_pointer_marks_the_same_sentence_on_every_followers_screen() {
    let (mut presenter, mut viewers) = meeting();
    update(&mut presenter, Action::JumpTo(Place::start_of("part1.s2")));
    // The first sentence on screen is the heading; the next two are the
    // paragraph's first sentences.
    update(&mut presenter, Action::Point);
    update(&mut presenter, Action::Point);
    let second = presenter.highlight.clone().expect("a sentence is marked");
    update(&mut presenter, Action::Point);
    let (block, range) = presenter.highlight.clone().expect("a sentence is marked");
    let sentence = presenter.doc().blocks[block].text[range].to_string();
    assert!(sentence.ends_with('。'), "{sentence}");
    publish(&presenter, &mut viewers);
    let mark = presented(&presenter).mark.expect("the mark is published");
    for v in &viewers {
        assert_eq!(presented(v).mark.as_ref(), Some(&mark));
        let (b, r) = v.highlight.clone().expect("the viewer marks it");
        let text = &v.doc().blocks[b].text[r];
        assert_eq!(text.chars().count(), sentence.chars().count(), "{text}");
        assert!(text.ends_with('。'), "{text}");
    }
    // Back one sentence, then the next key that moves the view clears it
    // for everyone.
    update(&mut presenter, Action::PointBack);
    assert_eq!(presenter.highlight, Some(second));
    assert_ne!(presented(&presenter).mark, Some(mark));
    update(&mut presenter, Action::Down);
    publish(&presenter, &mut viewers);
    for v in &viewers {
        assert!(v.highlight.is_none());
    }
}

#[test]
fn a_line_up_onto_a_blank_line_looks_away_and_the_other_script_does_not() {
    let (mut presenter, mut viewers) = meeting();
    let keymap = Keymap::new(bindings()).unwrap();
    update(&mut presenter, Action::JumpTo(Place::start_of("part1.s2")));
    publish(&presenter, &mut viewers);
    let v = &mut viewers[0];
    let top = v.top;
    // The other script lays the report out again: the same place on top,
    // still following.
    handle(v, &keymap, Input::Key(Key::char('s')));
    assert!(v.follow.following, "a new script is not a move");
    assert_eq!(top_block(v), "part1.s2");
    handle(v, &keymap, Input::Key(Key::char('s')));
    // One line up: the blank line above the heading, which stands for the
    // heading's place; the view moved all the same.
    let anchor = v.anchor.clone();
    handle(v, &keymap, Input::Key(Key::char('k')));
    assert_eq!(v.top + 1, top);
    assert_eq!(
        v.anchor, anchor,
        "a blank line answers for the block under it"
    );
    assert!(!v.follow.following, "the viewer moved its own view");
}

#[test]
fn a_smaller_viewer_scrolls_to_what_the_presenter_marks_and_f_brings_back_the_reader() {
    use report_explorer::app::action::Pane;
    use report_explorer::app::nav::in_view;
    let (mut presenter, mut viewers) = meeting();
    update(&mut presenter, Action::JumpTo(Place::start_of("part1.s2")));
    // Sentences down the presenter's 80×24 page: below a 40×15 screen.
    for _ in 0..8 {
        update(&mut presenter, Action::Point);
    }
    let (block, range) = presenter.highlight.clone().unwrap();
    assert!(in_view(&presenter, block, &range));
    publish(&presenter, &mut viewers);
    for v in &viewers {
        let (b, r) = v.highlight.clone().expect("marked");
        assert!(
            in_view(v, b, &r),
            "the mark is on the {}×{} screen",
            v.area.width,
            v.area.height
        );
    }
    let small = &viewers[1];
    assert!(
        small.top
            > small
                .layout
                .block_line(small.doc().block_of("part1.s2").unwrap()),
        "the small screen scrolled past the heading to show the mark"
    );
    // A narrow viewer tabs to another pane (still following); F brings
    // the reader back.
    let keymap = Keymap::new(bindings()).unwrap();
    let v = &mut viewers[1];
    handle(
        v,
        &keymap,
        Input::Key(Key::plain(report_explorer::input::KeyCode::Tab)),
    );
    assert_ne!(v.focus, Pane::Reader);
    update(v, Action::Rejoin);
    assert_eq!(v.focus, Pane::Reader);
}

#[test]
fn the_glossary_entry_the_presenter_has_open_is_the_viewers_entry_too() {
    use report_explorer::app::action::Pane;
    use report_explorer::app::nav::focus;
    let (mut presenter, mut viewers) = meeting();
    focus(&mut presenter, Pane::Glossary);
    for _ in 0..11 {
        update(&mut presenter, Action::Down);
    }
    assert_eq!(presenter.glossary.selected, 11);
    assert_eq!(presented(&presenter).glossary, Some(12));
    publish(&presenter, &mut viewers);
    for v in &viewers {
        assert_eq!(v.glossary.selected, 11, "term [12] for every viewer");
        assert!(v.follow.following);
    }
    // Back in the reader, the presenter shows no glossary entry.
    focus(&mut presenter, Pane::Reader);
    assert_eq!(presented(&presenter).glossary, None);
}

#[test]
fn a_viewer_looking_away_keeps_its_own_marks_and_messages_when_the_presenter_moves() {
    let (mut presenter, mut viewers) = meeting();
    let keymap = Keymap::new(bindings()).unwrap();
    let v = &mut viewers[0];
    handle(v, &keymap, Input::Key(Key::char('j')));
    assert!(!v.follow.following);
    // Its own jump to 29.8%, marked, and a message of its own.
    update(v, Action::OpenPalette);
    update(v, Action::InsertText("29.8%".into()));
    update(v, Action::Open);
    v.message = Some("第 1 處，共 3 處".into());
    let mark = v.highlight.clone();
    let message = v.message.clone();
    assert!(mark.is_some() && message.is_some());
    update(&mut presenter, Action::JumpTo(Place::start_of("part2.s2")));
    publish(&presenter, &mut viewers);
    assert_eq!(viewers[0].highlight, mark, "its own mark stays");
    assert_eq!(viewers[0].message, message, "its own message stays");
    assert_eq!(top_block(&viewers[1]), "part2.s2", "the others follow");
}

#[test]
fn f_tells_a_presenter_who_leads_and_follows_nobody() {
    let data = Arc::new(ReportData::new(load_embedded().unwrap()));
    let mut li = session(&data, 80, 24, Script::Traditional, AmbiWidth::Narrow);
    li.follow.audience = Some((2, 2));
    li.follow.floor = Some("王小明".into());
    update(&mut li, Action::Rejoin);
    assert!(!li.follow.following, "a presenter does not follow");
    let message = li.message.clone().unwrap_or_default();
    assert!(message.starts_with("王小明 leads"), "{message}");
    li.follow.floor = None;
    update(&mut li, Action::Rejoin);
    assert!(li
        .message
        .as_deref()
        .is_some_and(|m| m.starts_with("You are presenting")));
}
