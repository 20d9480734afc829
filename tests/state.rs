//! The remembered reading state (issue 10, item 1) on the core: a session's
//! place, script, pane and marks taken into a state file and applied to a
//! new session at another size; and every state that does not fit (another
//! report, a changed one, a place it lacks, a corrupt file) leaving the new
//! session at the top with a one-line message.

use std::path::{Path, PathBuf};

use report_explorer::app::restore::{content_hash, restore, state_of};
use report_explorer::app::{handle, update, Action, App, Pane, Settings};
use report_explorer::content::{self, load_embedded, DirSource};
use report_explorer::document::Place;
use report_explorer::input::{Input, Key};
use report_explorer::keymap::Keymap;
use report_explorer::saved::{Loaded, SavedPlace, Store};
use report_explorer::text::script::Script;

/// A session on the embedded report at this size.
fn app(w: u16, h: u16) -> App {
    let mut app = App::new(load_embedded().unwrap(), Settings::default());
    update(&mut app, Action::Resize(w, h));
    app
}

/// A temporary directory of this test's own, empty.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("re-state-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Type keys into a session, one character at a time.
fn keys(app: &mut App, text: &str) {
    let keymap = Keymap::default();
    for c in text.chars() {
        handle(app, &keymap, Input::Key(Key::char(c)));
    }
}

/// The id of the block on top of the reader.
fn block_on_top(app: &App) -> String {
    app.doc().blocks[app.current_block()].id.to_string()
}

/// A session moved three sections down and a few lines on, in the
/// simplified script, with marks `a` and `望`, focused on the glossary.
fn a_session_somewhere() -> App {
    let mut a = app(80, 24);
    keys(&mut a, "]]]jjjjj");
    keys(&mut a, "ma");
    keys(&mut a, "s");
    update(&mut a, Action::JumpTo(Place::new("part2.s3", 0)));
    keys(&mut a, "m望");
    update(&mut a, Action::Back);
    update(&mut a, Action::FocusNext);
    assert_eq!(a.focus, Pane::Glossary);
    a
}

#[test]
fn a_saved_session_reopens_on_the_same_paragraph_at_any_size() {
    let before = a_session_somewhere();
    assert_eq!(before.script(), Script::Simplified);
    assert_eq!(before.marks.len(), 2, "{:?}", before.marks);
    assert!(before.top > 0, "the session moved");
    let content = content_hash(&before);
    let store = Store::new(temp_dir("round-trip"));
    store.save(&state_of(&before, &content)).unwrap();

    for (w, h) in [(80, 24), (132, 40), (60, 20), (200, 60)] {
        let mut after = app(w, h);
        restore(&mut after, store.load("wanghua-2024"), &content, false);
        assert_eq!(after.message, None, "{w}×{h}");
        assert_eq!(after.anchor, before.anchor, "{w}×{h}");
        assert_eq!(block_on_top(&after), block_on_top(&before), "{w}×{h}");
        assert_eq!(after.script(), Script::Simplified, "{w}×{h}");
        // The simplified text is shown: 望花区, not 望花區.
        assert!(after.doc().blocks[0].text.contains("望花区"), "{w}×{h}");
        assert_eq!(after.focus, Pane::Glossary, "{w}×{h}");
        assert_eq!(after.marks, before.marks, "{w}×{h}");
        // The marks work: '望 goes to where it was set.
        keys(&mut after, "'望");
        assert_eq!(block_on_top(&after), "part2.s3", "{w}×{h}");
    }
    let _ = std::fs::remove_dir_all(store.dir());
}

#[test]
fn the_state_file_holds_places_not_rows() {
    let before = a_session_somewhere();
    let state = state_of(&before, &content_hash(&before));
    assert_eq!(state.report, "wanghua-2024");
    assert_eq!(state.place.block, before.anchor.block.as_str());
    assert_eq!(state.place.offset, before.anchor.offset);
    let json = serde_json::to_value(&state).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["script"], "simplified");
    assert_eq!(json["focus"], "glossary");
    assert_eq!(json["marks"]["望"]["block"], "part2.s3");
    assert!(json.get("top").is_none(), "{json}");
}

#[test]
fn an_explicit_script_wins_over_the_remembered_one() {
    let before = a_session_somewhere();
    let content = content_hash(&before);
    let mut after = app(80, 24);
    let loaded = Loaded::Found(state_of(&before, &content));
    restore(&mut after, loaded, &content, true);
    assert_eq!(after.script(), Script::Traditional);
    assert_eq!(block_on_top(&after), block_on_top(&before));
}

/// Apply a session's state, as changed by `change`, to a new session,
/// which must stay at the top as it started; the message it shows.
fn refused(change: impl Fn(&mut report_explorer::saved::State)) -> String {
    let before = a_session_somewhere();
    let content = content_hash(&before);
    let mut state = state_of(&before, &content);
    change(&mut state);
    let mut after = app(80, 24);
    restore(&mut after, Loaded::Found(state), &content, false);
    assert_eq!(after.top, 0, "not at the top");
    assert_eq!(after.script(), Script::Traditional);
    assert_eq!(after.focus, Pane::Reader);
    assert!(after.marks.is_empty());
    after.message.expect("a message says why")
}

#[test]
fn a_state_that_does_not_fit_leaves_the_top_with_a_message() {
    let changed = refused(|s| s.content = "0".repeat(64));
    assert!(changed.contains("report changed"), "{changed}");
    let other = refused(|s| s.report = "fushun-2025".into());
    assert!(other.contains("fushun-2025"), "{other}");
    let lacks = refused(|s| {
        s.place = SavedPlace {
            block: "part9.s9.9".into(),
            offset: 0,
        }
    });
    assert!(lacks.contains("part9.s9.9"), "{lacks}");
    let mark = refused(|s| {
        s.marks.insert(
            'z',
            SavedPlace {
                block: "glossary.99".into(),
                offset: 0,
            },
        );
    });
    assert!(mark.contains("glossary.99"), "{mark}");
    let past_the_end = refused(|s| s.place.offset = 100_000);
    assert!(past_the_end.contains("100000"), "{past_the_end}");
    // Each fits on one line of the status bar.
    for m in [changed, other, lacks, mark, past_the_end] {
        assert!(!m.contains('\n') && m.chars().count() < 100, "{m}");
    }
}

#[test]
fn a_corrupt_or_other_version_file_is_a_message_never_a_crash() {
    let store = Store::new(temp_dir("corrupt"));
    std::fs::create_dir_all(store.dir()).unwrap();
    let path = store.path("wanghua-2024");
    for (bytes, says) in [
        (&b"\x00\xff{{{ not json"[..], "corrupt"),
        (
            "{\"version\": 1, \"report\": \"望花區\"".as_bytes(),
            "corrupt",
        ),
        (
            "{\"version\": 9, \"place\": \"第三段\"}".as_bytes(),
            "version 9",
        ),
    ] {
        std::fs::write(&path, bytes).unwrap();
        let mut a = app(80, 24);
        let content = content_hash(&a);
        restore(&mut a, store.load("wanghua-2024"), &content, false);
        let message = a.message.clone().expect("a message");
        assert!(message.contains(says), "{message}");
        assert_eq!(a.top, 0);
        // The session goes on.
        keys(&mut a, "]]");
        assert_eq!(block_on_top(&a), "part1.s1");
    }
    // No file: no message.
    std::fs::remove_file(&path).unwrap();
    let mut a = app(80, 24);
    let content = content_hash(&a);
    restore(&mut a, store.load("wanghua-2024"), &content, false);
    assert_eq!(a.message, None);
    let _ = std::fs::remove_dir_all(store.dir());
}

/// Copy a report directory.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn the_content_hash_changes_when_a_text_changes_and_only_then() {
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
    let dir = temp_dir("hash");
    copy_dir(&good, &dir);
    let hash_of = |dir: &Path| {
        let report = content::load(&DirSource::new(dir)).unwrap();
        content_hash(&App::new(report, Settings::default()))
    };
    let first = hash_of(&dir);
    assert_eq!(first, hash_of(&good));
    assert_ne!(first, content_hash(&app(80, 24)), "another report");
    // A comment is not content.
    let part = dir.join("part-1.yaml");
    let text = std::fs::read_to_string(&part).unwrap();
    std::fs::write(&part, format!("# 註：僅為註釋\n{text}")).unwrap();
    assert_eq!(hash_of(&dir), first);
    // One character of one paragraph is.
    let edited = text.replace("總投資126.1億元", "總投資126.2億元");
    assert_ne!(edited, text);
    std::fs::write(&part, edited).unwrap();
    assert_ne!(hash_of(&dir), first);
    let _ = std::fs::remove_dir_all(&dir);
}
