//! One huge text field (issue 12): the search index of a report with a
//! paragraph of about 5 MB is built off the input thread. Driven through
//! the core as a front end drives it (`handle` with keys, then the palette's
//! ticks while the core asks to be woken): `/` opens the palette at once,
//! the query typed meanwhile waits with the build's progress shown, the
//! hits come once the index is there; Esc closes the palette at once and
//! stops a build no other session waits for; sessions sharing one
//! `ReportData` share one build. Then the palette's queries, searched off
//! the input thread on such a report: each key supersedes the search still
//! running, the last hits stay shown meanwhile, only the newest query's
//! hits are ever installed (the same as the synchronous search's), Esc
//! closes at once and ends the session's one search thread. After a jump,
//! every hit for `n` and `N` is found off the input thread too: the one
//! jumped to is known at once, the others installed on a tick, the same
//! as the synchronous `steps::every_hit`'s. Behaviour only: no wall-clock time is asserted, only waited for with a generous
//! patience.

mod common;
use common::text_of;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use report_explorer::app::palette::{tick, wants_tick};
use report_explorer::app::steps::every_hit;
use report_explorer::app::{handle, App, Effect, Settings};
use report_explorer::content::{load, MemorySource, Report};
use report_explorer::data::{ReportData, INLINE_INDEX_CHARS};
use report_explorer::document::TextSpan;
use report_explorer::input::{Input, Key, KeyCode};
use report_explorer::keymap::Keymap;
use report_explorer::search::{Hit, Stopped};
use report_explorer::ui;

/// How long a build may take before a test gives up (a debug build on a
/// busy machine is slow; the test never asserts a time).
const PATIENCE: Duration = Duration::from_secs(300);

/// One clause, repeated: Chinese with commas, no full stop until the end
/// (one sentence of 5 MB), and a quantity in each (tens of thousands of
/// small targets: a single letter matches a target per clause).
const CLAUSE: &str = "推動新質生產力發展，實施工業技改項目45項，建成高標準農田，";

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
        // Typing on searches the query, off this thread on a report this
        // large; its hits come on a later tick.
        key(&mut app, '建');
        tick_until_ready(&mut [&mut app]);
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
    tick_until_ready(&mut [&mut a]);
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

/// The data with its index built (the palette's searches are what these
/// tests look at).
fn indexed() -> Arc<ReportData> {
    let data = data();
    data.index();
    data
}

/// The synchronous search a small report's palette runs at each key.
fn sync(data: &ReportData, query: &str) -> (Vec<Hit>, usize) {
    data.index().search_counted(query, 200)
}

/// The palette's query, hits and count, and whether it still searches.
fn shown(app: &App) -> (String, Vec<Hit>, usize, bool) {
    let p = app.palette.as_ref().expect("the palette is open");
    (p.query.clone(), p.hits.clone(), p.total, p.searching)
}

/// Tick until no search runs, checking at every step what a palette may
/// show: once a search is over, exactly the synchronous hits of the query
/// as typed (never a superseded query's); and one search thread at most
/// per session.
fn tick_checking(data: &ReportData, app: &mut App, sessions: usize) {
    let start = Instant::now();
    loop {
        assert!(
            data.search_threads() <= sessions,
            "{}",
            data.search_threads()
        );
        let (query, hits, total, searching) = shown(app);
        if !searching {
            assert_eq!((hits, total), sync(data, &query), "{query}");
        }
        if wants_tick(app).is_none() {
            return;
        }
        assert!(start.elapsed() < PATIENCE, "the search never ended");
        std::thread::sleep(Duration::from_millis(2));
        tick(app);
    }
}

#[test]
fn a_report_this_large_is_searched_off_the_input_thread() {
    let data = indexed();
    assert!(data.searches_off_thread());
    let mut app = session(&data);
    key(&mut app, '/');
    assert_eq!(data.search_threads(), 0, "no thread before a query");
    key(&mut app, '農');
    // The key asked; the hits come on a tick.
    assert_eq!(data.search_threads(), 1);
    tick_checking(&data, &mut app, 1);
    let (query, hits, total, searching) = shown(&app);
    assert_eq!(query, "農");
    assert!(!searching);
    assert!(total >= 1);
    assert_eq!((hits, total), sync(&data, "農"));
    // One thread for the palette, however many keys.
    key(&mut app, '田');
    tick_checking(&data, &mut app, 1);
    assert_eq!(data.search_threads(), 1);
    let index = data.index();
    let (_, hits, _, _) = shown(&app);
    assert!(index.text_of(app.doc(), &hits[0]).contains("農田"));
    // The thread ends with the palette.
    esc(&mut app);
    until_no_search_thread(&data);
}

/// Wait until no palette's search thread is alive.
fn until_no_search_thread(data: &ReportData) {
    let start = Instant::now();
    while data.search_threads() > 0 {
        assert!(start.elapsed() < PATIENCE, "a search thread never ended");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn keys_typed_quickly_end_with_the_hits_of_the_whole_query() {
    let data = indexed();
    // `x` matches a target per clause (新, 項): the slowest search here,
    // superseded by the next key while it most likely still runs.
    for typed in ["x 45", "xm 45項", "農田 x"] {
        let mut app = session(&data);
        key(&mut app, '/');
        for c in typed.chars() {
            key(&mut app, c);
            assert!(data.search_threads() <= 1);
        }
        tick_checking(&data, &mut app, 1);
        let (query, hits, total, searching) = shown(&app);
        assert_eq!(query, typed);
        assert!(!searching);
        assert!(total >= 1, "{typed}");
        assert_eq!((hits, total), sync(&data, typed), "{typed}");
        // The thread ends soon after the palette closes (not at once: its
        // search stops at its next look at the flag).
        esc(&mut app);
        until_no_search_thread(&data);
    }
}

#[test]
fn the_last_hits_stay_shown_while_the_next_query_is_searched() {
    let data = indexed();
    let mut app = session(&data);
    key(&mut app, '/');
    key(&mut app, '4');
    tick_checking(&data, &mut app, 1);
    let (_, before, total, _) = shown(&app);
    assert!(total >= 1);
    // Each key keeps the hits shown until its own come, and every tick
    // shows either those or the whole query's (checked by tick_checking).
    key(&mut app, '5');
    let (query, hits, _, searching) = shown(&app);
    assert_eq!(query, "45");
    if searching {
        assert_eq!(hits, before);
        let screen = screen(&app);
        assert!(screen.contains("Searching… · "), "{screen}");
        assert!(screen.contains(&format!("{total} result")), "{screen}");
        assert!(screen.contains("/ 45"), "{screen}");
    }
    tick_checking(&data, &mut app, 1);
    let screen = screen(&app);
    assert!(!screen.contains("Searching"), "{screen}");
}

#[test]
fn the_count_line_says_a_search_runs_and_keeps_the_earlier_count() {
    // Drawn from the state alone, so whatever the timing.
    let data = indexed();
    let mut app = session(&data);
    key(&mut app, '/');
    key(&mut app, '農');
    tick_checking(&data, &mut app, 1);
    let total = shown(&app).2;
    if let Some(p) = app.palette.as_mut() {
        p.query.push('田');
        p.searching = true;
    }
    let drawn = screen(&app);
    let count = match total {
        1 => "1 result".to_string(),
        n => format!("{n} results"),
    };
    assert!(
        drawn.contains(&format!("Searching… · {count} · ↑↓ choose")),
        "{drawn}"
    );
    assert!(drawn.contains("/ 農田"), "{drawn}");
    // Nothing found before: only the search and the way out.
    if let Some(p) = app.palette.as_mut() {
        p.hits.clear();
        p.total = 0;
    }
    let drawn = screen(&app);
    assert!(drawn.contains("Searching… · Esc cancel"), "{drawn}");
    assert!(!drawn.contains("No match"), "{drawn}");
}

#[test]
fn esc_during_a_search_closes_at_once_and_no_hits_come_later() {
    let data = indexed();
    for _ in 0..TRIES {
        let mut app = session(&data);
        key(&mut app, '/');
        key(&mut app, 'x');
        let searching = shown(&app).3;
        assert_eq!(esc(&mut app), Effect::Redraw);
        assert!(app.palette.is_none());
        assert!(wants_tick(&app).is_none());
        // Ticks after: nothing arrives, nothing opens.
        for _ in 0..20 {
            assert_eq!(tick(&mut app), Effect::None);
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(app.palette.is_none());
        until_no_search_thread(&data);
        if searching {
            return;
        }
    }
    panic!("the search always ended before Esc");
}

#[test]
fn enter_during_a_search_jumps_to_the_best_hit_of_the_query_as_typed() {
    let data = indexed();
    let mut app = session(&data);
    key(&mut app, '/');
    for c in "營商".chars() {
        key(&mut app, c);
    }
    handle(
        &mut app,
        &Keymap::default(),
        Input::Key(Key::plain(KeyCode::Enter)),
    );
    let start = Instant::now();
    while app.palette.is_some() {
        assert!(start.elapsed() < PATIENCE, "the jump never came");
        std::thread::sleep(Duration::from_millis(2));
        tick(&mut app);
    }
    let last = app
        .last_search
        .as_ref()
        .expect("the query is the last search");
    assert_eq!(last.query, "營商");
    let jumped = &last.hits[last.current];
    assert_eq!(jumped.block, "p1.s1.2");
}

#[test]
fn a_cloned_session_searches_on_its_own_thread() {
    let data = indexed();
    let mut app = session(&data);
    key(&mut app, '/');
    key(&mut app, '農');
    let mut copy = app.clone();
    esc(&mut app);
    // The first session's thread ends at its search's next look at the
    // flag: on a busy machine, not always before the copy's starts.
    until_no_search_thread(&data);
    tick_checking(&data, &mut copy, 1);
    let (query, hits, total, _) = shown(&copy);
    assert_eq!(query, "農");
    assert_eq!((hits, total), sync(&data, "農"));
    esc(&mut copy);
    until_no_search_thread(&data);
}

#[test]
fn two_sessions_each_have_one_search_thread_at_most() {
    let data = indexed();
    let mut a = session(&data);
    let mut b = session(&data);
    key(&mut a, '/');
    key(&mut b, '/');
    for (ca, cb) in "x 45".chars().zip("農田 t".chars()) {
        key(&mut a, ca);
        key(&mut b, cb);
        assert!(data.search_threads() <= 2);
    }
    tick_checking(&data, &mut a, 2);
    tick_checking(&data, &mut b, 2);
    assert_eq!(shown(&a).0, "x 45");
    assert_eq!(shown(&b).0, "農田 t");
    esc(&mut a);
    esc(&mut b);
    until_no_search_thread(&data);
}

#[test]
fn a_stopped_search_gives_nothing_never_a_partial_answer() {
    let data = indexed();
    let index = data.index();
    let set = AtomicBool::new(true);
    assert_eq!(index.search_until("x", 200, &set), Err(Stopped));
    let unset = AtomicBool::new(false);
    for q in ["x", "45", "x 45", "農田"] {
        assert_eq!(
            index.search_until(q, 200, &unset),
            Ok(index.search_counted(q, 200))
        );
    }
    // Stopped from another thread at some point of its passes: the whole
    // answer or none.
    let whole = index.search_counted("x", 200);
    let mut stopped = 0;
    for wait in [0u64, 1, 2, 4, 8, 16] {
        let stop = AtomicBool::new(false);
        let answer = std::thread::scope(|scope| {
            scope.spawn(|| {
                std::thread::sleep(Duration::from_millis(wait));
                stop.store(true, Ordering::SeqCst);
            });
            index.search_until("x", 200, &stop)
        });
        match answer {
            Ok(answer) => assert_eq!(answer, whole),
            Err(Stopped) => stopped += 1,
        }
    }
    assert!(stopped >= 1, "no search was stopped");
}

/// A broad query: a quantity in every clause (tens of thousands of hits).
const BROAD: &str = "45項";

fn enter(app: &mut App) -> Effect {
    handle(
        app,
        &Keymap::default(),
        Input::Key(Key::plain(KeyCode::Enter)),
    )
}

/// Open the palette, type `query`, wait for its hits and jump to the best:
/// the span jumped to.
fn jump_to(app: &mut App, query: &str) -> TextSpan {
    key(app, '/');
    for c in query.chars() {
        key(app, c);
    }
    let start = Instant::now();
    while app.palette.as_ref().is_some_and(|p| p.searching) {
        assert!(start.elapsed() < PATIENCE, "the search never ended");
        std::thread::sleep(Duration::from_millis(2));
        tick(app);
    }
    enter(app);
    assert!(app.palette.is_none(), "Enter jumped");
    let last = app.last_search.as_ref().expect("the query is remembered");
    assert_eq!(last.query, query);
    last.hits[last.current].clone()
}

/// Tick until the session no longer asks to be woken.
fn tick_until_quiet(app: &mut App) {
    let start = Instant::now();
    while wants_tick(app).is_some() {
        assert!(start.elapsed() < PATIENCE, "the hits never came");
        std::thread::sleep(Duration::from_millis(2));
        tick(app);
    }
}

/// The hits remembered and the current one.
fn remembered(app: &App) -> (Vec<TextSpan>, usize) {
    let last = app.last_search.as_ref().expect("a last search");
    (last.hits.clone(), last.current)
}

#[test]
fn after_a_jump_every_hit_is_found_off_the_input_thread() {
    let data = indexed();
    let mut app = session(&data);
    let jumped = jump_to(&mut app, BROAD);
    // Only the hit jumped to is known; the others are found meanwhile.
    let last = app.last_search.as_ref().expect("remembered");
    assert!(last.finding.is_some());
    assert_eq!(last.hits, vec![jumped.clone()]);
    assert_eq!(last.current, 0);
    assert!(wants_tick(&app).is_some());
    let message = app.message.clone().unwrap_or_default();
    assert!(message.starts_with("Finding every hit"), "{message}");
    // n acts on what is known, never waits, and says the hits are found
    // (unless they came meanwhile: then it steps through them all).
    key(&mut app, 'n');
    let last = app.last_search.as_ref().expect("remembered");
    let message = app.message.clone().unwrap_or_default();
    if last.finding.is_some() {
        assert_eq!(last.hits, vec![jumped.clone()]);
        assert!(message.starts_with("Finding every hit"), "{message}");
        assert!(wants_tick(&app).is_some());
    } else {
        assert!(message.starts_with("Match "), "{message}");
    }
    tick_until_quiet(&mut app);
    let (expected, at) = every_hit(&app, BROAD, &jumped);
    assert!(expected.len() > 1_000, "{}", expected.len());
    assert_eq!(expected[at], jumped);
    let (hits, current) = remembered(&app);
    assert_eq!(hits, expected);
    // The current hit is the one jumped to, or one step on from it if
    // the n above came after the hits.
    assert!(current == at || current == at + 1, "{current} {at}");
    assert!(app
        .last_search
        .as_ref()
        .is_some_and(|s| s.finding.is_none()));
}

#[test]
fn once_found_n_and_n_back_step_through_the_synchronous_hits() {
    let data = indexed();
    let mut app = session(&data);
    let jumped = jump_to(&mut app, BROAD);
    tick_until_quiet(&mut app);
    let (expected, at) = every_hit(&app, BROAD, &jumped);
    assert_eq!(remembered(&app), (expected.clone(), at));
    // The message said the hits were being found: it now counts them.
    let message = app.message.clone().unwrap_or_default();
    assert_eq!(
        message,
        format!("Match {} of {} for {BROAD}", at + 1, expected.len())
    );
    let total = expected.len();
    for step in 1..=3 {
        key(&mut app, 'n');
        let (_, current) = remembered(&app);
        assert_eq!(current, (at + step) % total);
        assert_eq!(
            app.message.as_deref(),
            Some(format!("Match {} of {total} for {BROAD}", current + 1).as_str())
        );
    }
    for step in (0..3).rev() {
        key(&mut app, 'N');
        let (_, current) = remembered(&app);
        assert_eq!(current, (at + step) % total);
    }
    assert_eq!(remembered(&app).0, expected);
}

#[test]
fn a_newer_jump_supersedes_the_hits_being_found() {
    let data = indexed();
    let mut app = session(&data);
    jump_to(&mut app, BROAD);
    let jumped = jump_to(&mut app, "營商");
    tick_until_quiet(&mut app);
    let last = app.last_search.as_ref().expect("remembered");
    assert_eq!(last.query, "營商");
    assert_eq!(remembered(&app), every_hit(&app, "營商", &jumped));
    assert_eq!(jumped.block, "p1.s1.2");
}

#[test]
fn a_cloned_session_gets_the_hits_too_and_dropping_one_is_safe() {
    let data = indexed();
    let mut app = session(&data);
    let jumped = jump_to(&mut app, BROAD);
    let mut copy = app.clone();
    let mut other = app.clone();
    drop(app);
    assert!(wants_tick(&copy).is_some());
    tick_until_quiet(&mut copy);
    tick_until_quiet(&mut other);
    let expected = every_hit(&copy, BROAD, &jumped);
    assert_eq!(remembered(&copy), expected);
    assert_eq!(remembered(&other), expected);
    // A session dropped while its hits are found: the search stops, and
    // nothing is left waiting.
    let jumped = jump_to(&mut copy, "農田");
    drop(copy);
    assert_eq!(jumped.block, "p1.s1.1");
}
