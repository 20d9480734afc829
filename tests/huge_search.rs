//! One huge text field (issue 12): the search index of a report with a
//! paragraph of about 5 MB is built off the input thread. Driven through
//! the core as a front end drives it (`handle` with keys, then the palette's
//! ticks while the core asks to be woken): `/` opens the palette at once,
//! the query typed meanwhile waits with the build's progress shown, the
//! hits come once the index is there; Esc closes the palette at once and
//! stops a build no other session waits for; sessions sharing one
//! `ReportData` share one build. Behaviour only: no wall-clock time is
//! asserted, only waited for with a generous patience.

mod common;
use common::text_of;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use report_explorer::app::palette::{tick, wants_tick};
use report_explorer::app::{handle, App, Effect, Settings};
use report_explorer::content::{load, MemorySource, Report};
use report_explorer::data::{ReportData, INLINE_INDEX_CHARS};
use report_explorer::input::{Input, Key, KeyCode};
use report_explorer::keymap::Keymap;
use report_explorer::ui;

/// How long a build may take before a test gives up (a debug build on a
/// busy machine is slow; the test never asserts a time).
const PATIENCE: Duration = Duration::from_secs(300);

/// One clause, repeated: Chinese with commas, no full stop until the end.
const CLAUSE: &str = "推動新質生產力發展，建設高標準農田，";

/// A report whose one paragraph is about 5 MB (well above the size the
/// index is built at once for), loaded once for every test.
fn report() -> Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT
        .get_or_init(|| {
            let long = format!(
                "{}完成全年目標任務。",
                CLAUSE.repeat(5_000_000 / CLAUSE.len())
            );
            let part = format!(
                "id: p1\nnumber: 1\ntitle: 2024年工作回顧\nsections:\n\
                 - id: p1.s1\n  number: 1\n  title: 堅定不移調結構、促轉型\n  paragraphs:\n\
                 \x20 - id: p1.s1.1\n    lead: 長段落。\n    text: {long}\n\
                 \x20 - id: p1.s1.2\n    text: 招商引資力度空前，營商環境持續優化。\n"
            );
            let report = "id: huge\ntitle: 大報告\noccasion: 2024年12月28日在會議上\n\
                 speaker: 某人\nspeaker_title: 區長\ndate: 2024-12-28\n\
                 salutation: 各位代表：\nparts: [part-1.yaml]\n";
            let source = MemorySource {
                label: PathBuf::from("huge"),
                files: vec![
                    ("report.yaml".into(), report.as_bytes().to_vec()),
                    ("part-1.yaml".into(), part.into_bytes()),
                ],
            };
            load(&source).expect("the huge report loads")
        })
        .clone()
}

fn data() -> Arc<ReportData> {
    Arc::new(ReportData::new(report()))
}

fn session(data: &Arc<ReportData>) -> App {
    let mut app = App::open(data.clone(), Settings::default());
    handle(
        &mut app,
        &Keymap::default(),
        Input::Resize {
            width: 100,
            height: 30,
        },
    );
    app
}

fn key(app: &mut App, c: char) -> Effect {
    handle(app, &Keymap::default(), Input::Key(Key::char(c)))
}

fn esc(app: &mut App) -> Effect {
    handle(
        app,
        &Keymap::default(),
        Input::Key(Key::plain(KeyCode::Esc)),
    )
}

fn screen(app: &App) -> String {
    let area = Rect::new(0, 0, 100, 30);
    let mut buf = Buffer::empty(area);
    ui::draw(app, &Keymap::default(), area, &mut buf);
    text_of(&buf)
}

/// Tick the sessions, as a driver does when they ask to be woken, until
/// none asks any more.
fn tick_until_ready(apps: &mut [&mut App]) {
    let start = Instant::now();
    while apps.iter().any(|a| wants_tick(a).is_some()) {
        assert!(start.elapsed() < PATIENCE, "the index never came");
        std::thread::sleep(Duration::from_millis(20));
        for app in apps.iter_mut() {
            tick(app);
        }
    }
}

/// Wait until no build runs.
fn until_no_build(data: &ReportData) {
    let start = Instant::now();
    while data.index_building() {
        assert!(start.elapsed() < PATIENCE, "the build never ended");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_report_is_large_enough_to_index_off_the_input_thread() {
    let data = data();
    let chars: usize = report()
        .paragraphs()
        .map(|p| p.full_text().chars().count())
        .sum();
    assert!(chars > INLINE_INDEX_CHARS, "{chars}");
    assert!(!data.index_built());
}

/// Tries of a scenario that needs the build to be still running when a
/// key comes: the build (a thread) could outrun the test's thread on a
/// busy machine, so a scenario is tried again on fresh data.
const TRIES: usize = 3;

#[test]
fn a_query_typed_while_the_index_is_built_shows_progress_then_its_hits() {
    let mut progress_seen = false;
    for _ in 0..TRIES {
        let data = data();
        let mut app = session(&data);
        assert_eq!(key(&mut app, '/'), Effect::Redraw);
        // The palette is open at once; the session asks to be woken to
        // show how far the build has come.
        assert!(app.palette.is_some());
        assert!(wants_tick(&app).is_some() || data.index_built());
        key(&mut app, '農');
        key(&mut app, '田');
        let p = app.palette.as_ref().expect("the palette stays open");
        assert_eq!(p.query, "農田");
        let shown = screen(&app);
        if p.waiting.is_some() {
            // Nothing searched yet: no hits, the progress instead.
            assert_eq!(p.total, 0);
            assert!(shown.contains("Indexing"), "{shown}");
            assert!(shown.contains("% · Esc cancel"), "{shown}");
            assert!(shown.contains("/ 農田"), "{shown}");
            progress_seen = true;
        }
        tick_until_ready(&mut [&mut app]);
        assert!(data.index_built());
        assert_eq!(data.index_builds(), 1);
        let p = app.palette.as_ref().expect("the palette stays open");
        assert!(p.waiting.is_none());
        assert!(p.total >= 1, "{}", p.total);
        let index = data.index();
        assert!(index.text_of(app.doc(), &p.hits[0]).contains("農田"));
        let shown = screen(&app);
        assert!(!shown.contains("Indexing"), "{shown}");
        assert!(shown.contains("result"), "{shown}");
        // Typing on searches at once.
        key(&mut app, '建');
        let (_, total) = index.search_counted("農田建", 200);
        assert_eq!(app.palette.as_ref().map(|p| p.total), Some(total));
        assert!(wants_tick(&app).is_none());
        if progress_seen {
            return;
        }
    }
    panic!("the build always outran the keys");
}

#[test]
fn esc_during_the_build_closes_the_palette_at_once_and_stops_the_build() {
    for _ in 0..TRIES {
        let data = data();
        let mut app = session(&data);
        key(&mut app, '/');
        key(&mut app, '營');
        assert_eq!(esc(&mut app), Effect::Redraw);
        assert!(app.palette.is_none());
        assert!(wants_tick(&app).is_none());
        until_no_build(&data);
        assert_eq!(data.index_builds(), 1);
        if data.index_built() {
            continue;
        }
        // No session waited: the build stopped without an index. A later
        // `/` starts it again, and the query finds its hit.
        key(&mut app, '/');
        for c in "營商環境".chars() {
            key(&mut app, c);
        }
        tick_until_ready(&mut [&mut app]);
        assert_eq!(data.index_builds(), 2);
        let p = app.palette.as_ref().expect("the palette is open");
        assert_eq!(p.total, 1);
        return;
    }
    panic!("the build always outran Esc");
}

#[test]
fn sessions_on_one_report_share_one_build() {
    let data = data();
    let mut a = session(&data);
    let mut b = session(&data);
    key(&mut a, '/');
    key(&mut b, '/');
    key(&mut a, '農');
    key(&mut b, '招');
    assert_eq!(data.index_builds(), 1);
    // One session leaves the palette: the other still waits, so the build
    // goes on.
    esc(&mut a);
    assert!(a.palette.is_none());
    tick_until_ready(&mut [&mut b]);
    assert!(data.index_built());
    assert_eq!(data.index_builds(), 1);
    let p = b.palette.as_ref().expect("the palette is open");
    assert_eq!(p.query, "招");
    assert!(p.total >= 1);
    // The first session opens the palette again: the index is there.
    key(&mut a, '/');
    assert!(wants_tick(&a).is_none());
    key(&mut a, '農');
    assert!(a.palette.as_ref().is_some_and(|p| p.total >= 1));
    assert_eq!(data.index_builds(), 1);
}

#[test]
fn a_command_asking_for_the_index_during_a_build_waits_for_that_build() {
    let data = data();
    let mut app = session(&data);
    key(&mut app, '/');
    key(&mut app, '農');
    // The synchronous index (the commands' way) joins the running build.
    let hits = data.index().search("農田", 5);
    assert!(!hits.is_empty());
    assert_eq!(data.index_builds(), 1);
    tick_until_ready(&mut [&mut app]);
    assert_eq!(data.index_builds(), 1);
}

#[test]
fn a_cloned_session_waits_with_the_first_and_the_build_stops_when_both_leave() {
    let data = data();
    let mut app = session(&data);
    key(&mut app, '/');
    key(&mut app, '田');
    let mut copy = app.clone();
    esc(&mut app);
    // The copy still waits.
    assert!(wants_tick(&copy).is_some());
    assert!(data.index_building() || data.index_built());
    esc(&mut copy);
    until_no_build(&data);
    assert_eq!(data.index_builds(), 1);
}
