//! Steps through the last search (`n`, `N`), the marks of its hits, recall
//! of earlier queries and pastes, on the core without a terminal.

use ratatui::style::{Color, Modifier};
use report_explorer::app::nav::in_view;
use report_explorer::app::steps::marks_in_block;
use report_explorer::app::{handle, update, Action, App, Effect, Mode, Pane, Settings};
use report_explorer::content::load_embedded;
use report_explorer::input::{Input, Key, KeyCode};
use report_explorer::keymap::Keymap;
use report_explorer::ui::reader::line;
use report_explorer::ui::theme::Theme;

/// A session at 80×24, built once (loading the report and its index is
/// the slow part); each test takes a clone.
fn app() -> App {
    use std::sync::OnceLock;
    static BASE: OnceLock<App> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut app = App::new(load_embedded().unwrap(), Settings::default());
        update(&mut app, Action::Resize(80, 24));
        update(&mut app, Action::OpenPalette);
        update(&mut app, Action::Close);
        app
    })
    .clone()
}

fn type_query(a: &mut App, q: &str) {
    update(a, Action::OpenPalette);
    for c in q.chars() {
        update(a, Action::Input(c));
    }
}

/// Search for `q` and jump to its best hit.
fn search(a: &mut App, q: &str) {
    type_query(a, q);
    update(a, Action::Open);
    assert!(a.palette.is_none());
}

/// The hits of the last search as (block index, character range).
fn hits(a: &App) -> Vec<(usize, std::ops::Range<usize>)> {
    let s = a.last_search.as_ref().expect("a last search");
    s.hits
        .iter()
        .map(|span| (a.doc().block_of(&span.block).unwrap(), span.chars.clone()))
        .collect()
}

/// The text of the current hit, as shown.
fn current_text(a: &App) -> String {
    let s = a.last_search.as_ref().unwrap();
    let (b, r) = a.doc().locate_span(&s.hits[s.current]).unwrap();
    a.doc().blocks[b].text[r].to_string()
}

fn current_in_view(a: &App) -> bool {
    let s = a.last_search.as_ref().unwrap();
    let (b, r) = a.doc().locate_span(&s.hits[s.current]).unwrap();
    in_view(a, b, &r)
}

#[test]
fn a_jump_keeps_every_hit_in_reading_order() {
    let mut a = app();
    search(&mut a, "生產力");
    let h = hits(&a);
    assert!(h.len() >= 5, "{h:?}");
    for w in h.windows(2) {
        let ((b1, r1), (b2, r2)) = (&w[0], &w[1]);
        assert!(
            b1 < b2 || (b1 == b2 && r1.end <= r2.start),
            "in order, apart: {w:?}"
        );
    }
    // The hit jumped to is the current one, in view, and named.
    assert_eq!(current_text(&a), "生產力");
    assert!(current_in_view(&a));
    let s = a.last_search.clone().unwrap();
    assert_eq!(s.query, "生產力");
    assert_eq!(
        a.message,
        Some(format!(
            "Match {} of {} for 生產力",
            s.current + 1,
            s.hits.len()
        ))
    );
}

#[test]
fn n_and_shift_n_step_through_the_hits_and_wrap_around() {
    let mut a = app();
    search(&mut a, "生產力");
    let total = hits(&a).len();
    let start = a.last_search.as_ref().unwrap().current;
    let back = a.history.back.len();
    // Forward through every hit, back to where it started.
    for k in 1..=total {
        update(&mut a, Action::NextHit);
        let at = (start + k) % total;
        let s = a.last_search.as_ref().unwrap();
        assert_eq!(s.current, at);
        assert!(current_in_view(&a), "hit {at} in view");
        assert_eq!(current_text(&a), "生產力");
        let wrapped = at == 0;
        let m = a.message.clone().unwrap();
        assert!(
            m.starts_with(&format!("Match {} of {total} for 生產力", at + 1)),
            "{m}"
        );
        assert_eq!(
            m.ends_with("(hit the end, continuing at the top)"),
            wrapped,
            "{m}"
        );
        // The current hit is marked as a target.
        let (b, r) = a.doc().locate_span(&s.hits[at]).unwrap();
        assert_eq!(a.highlight, Some((b, r)));
    }
    // Stepping from hit to hit records nothing: Back goes to where the
    // search started.
    assert_eq!(a.history.back.len(), back);
    // Backward from the first: to the last, saying so.
    while a.last_search.as_ref().unwrap().current != 0 {
        update(&mut a, Action::PrevHit);
    }
    update(&mut a, Action::PrevHit);
    assert_eq!(a.last_search.as_ref().unwrap().current, total - 1);
    assert_eq!(
        a.message,
        Some(format!(
            "Match {total} of {total} for 生產力 (hit the top, continuing at the end)"
        ))
    );
    update(&mut a, Action::PrevHit);
    assert_eq!(a.last_search.as_ref().unwrap().current, total - 2);
    update(&mut a, Action::Back);
    assert_eq!(a.top, 0, "Back: where the search left from");
}

/// The line each hit of the last search starts on.
fn hit_lines(a: &App) -> Vec<usize> {
    let s = a.last_search.as_ref().unwrap();
    s.hits
        .iter()
        .map(|span| {
            let (b, r) = a.doc().locate_span(span).unwrap();
            a.layout.line_of(b, r.start)
        })
        .collect()
}

#[test]
fn out_of_view_n_steps_from_the_reading_position_and_records_it() {
    let mut a = app();
    search(&mut a, "生產力");
    // From the top of the report: the first hit in reading order.
    update(&mut a, Action::Top);
    assert!(!current_in_view(&a));
    update(&mut a, Action::NextHit);
    assert_eq!(a.last_search.as_ref().unwrap().current, 0);
    // From part 2: the first hit at or below it, and the place it left
    // is kept for Back.
    update(&mut a, Action::JumpTo("part2".into()));
    let top = a.top;
    let below = hit_lines(&a)
        .iter()
        .position(|&l| l >= top)
        .expect("a hit after part 2");
    assert!(below > 0);
    let backs = a.history.back.len();
    update(&mut a, Action::NextHit);
    assert_eq!(a.last_search.as_ref().unwrap().current, below);
    assert_eq!(a.history.back.len(), backs + 1);
    update(&mut a, Action::Back);
    assert_eq!(a.top, top);
    // N from there: the last hit above.
    update(&mut a, Action::PrevHit);
    assert_eq!(a.last_search.as_ref().unwrap().current, below - 1);
    // From the end, below every hit: n wraps to the first, and says so.
    update(&mut a, Action::Bottom);
    assert!(hit_lines(&a).iter().all(|&l| l < a.top));
    update(&mut a, Action::NextHit);
    assert_eq!(a.last_search.as_ref().unwrap().current, 0);
    let m = a.message.clone().unwrap();
    assert!(m.ends_with("(hit the end, continuing at the top)"), "{m}");
}

#[test]
fn n_from_another_pane_goes_to_the_reader() {
    let mut a = app();
    search(&mut a, "招商引資");
    update(&mut a, Action::FocusPrev);
    assert_eq!(a.focus, Pane::Outline);
    update(&mut a, Action::NextHit);
    assert_eq!(a.focus, Pane::Reader);
    assert!(current_in_view(&a));
    assert_eq!(current_text(&a), "招商引資");
}

#[test]
fn n_without_a_search_says_so_and_keys_reach_it() {
    let keymap = Keymap::default();
    let mut a = app();
    let top = a.top;
    handle(&mut a, &keymap, Input::Key(Key::char('n')));
    assert_eq!(a.message.as_deref(), Some("No previous search"));
    handle(&mut a, &keymap, Input::Key(Key::char('N')));
    assert_eq!(a.message.as_deref(), Some("No previous search"));
    assert_eq!(a.top, top);
    // A cancelled palette makes no search.
    type_query(&mut a, "生產力");
    update(&mut a, Action::Close);
    assert!(a.last_search.is_none());
    // n and N by key, after a search.
    search(&mut a, "生產力");
    let at = a.last_search.as_ref().unwrap().current;
    let total = hits(&a).len();
    handle(&mut a, &keymap, Input::Key(Key::char('n')));
    assert_eq!(a.last_search.as_ref().unwrap().current, (at + 1) % total);
    handle(&mut a, &keymap, Input::Key(Key::char('N')));
    assert_eq!(a.last_search.as_ref().unwrap().current, at);
    // In a footnote, n is still the next marker.
    update(&mut a, Action::JumpTo("part1.s1".into()));
    handle(&mut a, &keymap, Input::Key(Key::char('f')));
    assert_eq!(report_explorer::app::mode(&a), Mode::Popup);
    handle(&mut a, &keymap, Input::Key(Key::char('n')));
    assert_eq!(a.popup.as_ref().unwrap().current, 1);
    assert_eq!(a.last_search.as_ref().unwrap().current, at);
}

/// The styled pieces of the reader's lines in view, each with its block
/// and byte range.
fn pieces(a: &App, theme: &Theme) -> Vec<(usize, std::ops::Range<usize>, ratatui::style::Style)> {
    let mut out = Vec::new();
    for i in a.top..(a.top + a.viewport()).min(a.layout.lines.len()) {
        let l = &a.layout.lines[i];
        let Some(b) = l.block else { continue };
        let mut at = l.range.start;
        // The first span is the indent.
        for span in line(a, theme, i).spans.iter().skip(1) {
            let end = at + span.content.len();
            assert_eq!(&a.doc().blocks[b].text[at..end], span.content);
            out.push((b, at..end, span.style));
            at = end;
        }
    }
    out
}

#[test]
fn every_hit_in_view_is_marked_and_the_current_one_apart() {
    let mut a = app();
    search(&mut a, "生產力");
    // The glossary entry of 新質生產力: several hits on one screen.
    let s = a.last_search.clone().unwrap();
    let in_glossary = s
        .hits
        .iter()
        .position(|h| h.block == "glossary.27")
        .unwrap();
    while a.last_search.as_ref().unwrap().current != in_glossary {
        update(&mut a, Action::NextHit);
    }
    // Any action (Close does nothing in a pane) clears the jump's own mark;
    // the hits' marks stay.
    update(&mut a, Action::Close);
    assert!(a.highlight.is_none());
    let theme = Theme::new(true, a.settings.ambi);
    let marks: Vec<_> = (0..a.doc().blocks.len())
        .flat_map(|b| marks_in_block(&a, b).into_iter().map(move |m| (b, m)))
        .filter(|(b, (r, _))| in_view(&a, *b, r))
        .collect();
    assert!(marks.len() >= 3, "{marks:?}");
    assert_eq!(marks.iter().filter(|(_, (_, cur))| *cur).count(), 1);
    let pieces = pieces(&a, &theme);
    for (b, (range, current)) in &marks {
        let covering: Vec<_> = pieces
            .iter()
            .filter(|(pb, r, _)| pb == b && range.start <= r.start && r.end <= range.end)
            .collect();
        let text: String = covering
            .iter()
            .map(|(pb, r, _)| &a.doc().blocks[*pb].text[r.clone()])
            .collect();
        assert_eq!(text, "生產力");
        for (_, _, style) in covering {
            if *current {
                assert!(style.add_modifier.contains(Modifier::REVERSED));
                assert_ne!(style.bg, Some(Color::Yellow));
            } else {
                assert_eq!(style.bg, Some(Color::Yellow), "{b} {range:?}");
                assert!(!style.add_modifier.contains(Modifier::REVERSED));
            }
        }
    }
    // Nothing else is marked.
    for (b, r, style) in &pieces {
        let hit = marks
            .iter()
            .any(|(mb, (mr, _))| mb == b && mr.start <= r.start && r.end <= mr.end);
        if !hit {
            assert_ne!(style.bg, Some(Color::Yellow));
            assert!(!style.add_modifier.contains(Modifier::REVERSED));
        }
    }
    // Esc in a pane hides the marks; n shows them again.
    let keymap = Keymap::default();
    handle(&mut a, &keymap, Input::Key(Key::plain(KeyCode::Esc)));
    assert!(marks_in_block(&a, marks[0].0).is_empty());
    assert!(unmarked(&a, &theme));
    update(&mut a, Action::NextHit);
    assert!(!unmarked(&a, &theme));
}

/// No piece in view is marked as a hit.
fn unmarked(a: &App, theme: &Theme) -> bool {
    pieces(a, theme).iter().all(|(_, _, s)| {
        s.bg != Some(Color::Yellow) && !s.add_modifier.contains(Modifier::REVERSED)
    })
}

#[test]
fn the_marks_follow_the_script_switch() {
    let mut a = app();
    search(&mut a, "營商環境");
    update(&mut a, Action::ToggleScript);
    let s = a.last_search.clone().unwrap();
    let b = a.doc().block_of(&s.hits[s.current].block).unwrap();
    let marks = marks_in_block(&a, b);
    let (r, _) = marks.iter().find(|(_, cur)| *cur).unwrap();
    assert_eq!(&a.doc().blocks[b].text[r.clone()], "营商环境");
    update(&mut a, Action::NextHit);
    assert!(current_in_view(&a));
    assert_eq!(current_text(&a), "营商环境");
}

/// 25 different queries, most of them found (Chinese, pinyin, numbers).
const QUERIES: [&str; 25] = [
    "生產力",
    "招商引資",
    "營商環境",
    "xzscl",
    "zsyz",
    "29.8",
    "2.3",
    "高標準農田",
    "民生實事",
    "新質",
    "望花",
    "消費券",
    "跨境電商",
    "綠色",
    "gaoxiao",
    "產業",
    "科技創新",
    "就業",
    "養老",
    "教育",
    "醫療",
    "農業",
    "文旅",
    "老字號",
    "焦炭",
];

#[test]
fn up_on_an_empty_query_recalls_twenty_and_more_queries() {
    let mut a = app();
    for q in QUERIES {
        search(&mut a, q);
    }
    assert_eq!(a.recall.len(), 25);
    // `/` opens on an empty prompt.
    update(&mut a, Action::OpenPalette);
    assert_eq!(a.palette.as_ref().unwrap().query, "");
    // ↑ goes back, most recent first, to the oldest.
    for q in QUERIES.iter().rev() {
        update(&mut a, Action::Up);
        let p = a.palette.as_ref().unwrap();
        assert_eq!(p.query, *q);
    }
    // The recalled query's results are shown.
    assert!(!a.palette.as_ref().unwrap().hits.is_empty());
    update(&mut a, Action::Up);
    assert_eq!(a.palette.as_ref().unwrap().query, "生產力");
    assert_eq!(
        a.message.as_deref(),
        Some("No earlier query: this is the oldest")
    );
    // ↓ comes forward again, and past the most recent to the empty query.
    for q in QUERIES.iter().skip(1) {
        update(&mut a, Action::Down);
        assert_eq!(a.palette.as_ref().unwrap().query, *q);
    }
    update(&mut a, Action::Down);
    assert_eq!(a.palette.as_ref().unwrap().query, "");
    assert_eq!(a.palette.as_ref().unwrap().recalled, None);
    // Typing edits a recalled query; then ↑ and ↓ choose results again.
    update(&mut a, Action::Up);
    update(&mut a, Action::Up);
    assert_eq!(a.palette.as_ref().unwrap().query, "老字號");
    update(&mut a, Action::DeleteChar);
    update(&mut a, Action::DeleteChar);
    update(&mut a, Action::Input('鄉'));
    let p = a.palette.clone().unwrap();
    assert_eq!((p.query.as_str(), p.recalled), ("老鄉", None));
    update(&mut a, Action::ClearInput);
    for c in "產業".chars() {
        update(&mut a, Action::Input(c));
    }
    update(&mut a, Action::Down);
    update(&mut a, Action::Down);
    update(&mut a, Action::Up);
    let p = a.palette.clone().unwrap();
    assert_eq!((p.query.as_str(), p.selected), ("產業", 1));
    // Enter keeps it; a query searched again moves to the front, once.
    update(&mut a, Action::Open);
    assert_eq!(a.recall[0], "產業");
    assert_eq!(a.recall.iter().filter(|q| *q == "產業").count(), 1);
    assert_eq!(a.recall.len(), 25);
}

#[test]
fn recall_keeps_fifty_queries_and_starts_empty() {
    let mut a = app();
    update(&mut a, Action::OpenPalette);
    update(&mut a, Action::Up);
    assert_eq!(a.palette.as_ref().unwrap().query, "");
    assert_eq!(a.message.as_deref(), Some("No earlier query"));
    update(&mut a, Action::Close);
    for i in 0..60 {
        search(&mut a, &format!("望花{i}"));
    }
    assert_eq!(a.recall.len(), 50);
    assert_eq!(a.recall[0], "望花59");
    assert_eq!(a.recall[49], "望花10");
    // A query found nothing: still kept for recall, but no last search
    // to step through unless one was made.
    search(&mut a, "ζωζω");
    assert_eq!(a.recall[0], "ζωζω");
}

#[test]
fn a_paste_is_typed_into_the_palette_and_never_runs_keys() {
    let keymap = Keymap::default();
    let mut a = app();
    update(&mut a, Action::JumpTo("part1.s2".into()));
    let top = a.top;
    update(&mut a, Action::OpenPalette);
    let e = handle(&mut a, &keymap, Input::Paste("生產力\n總值 q".into()));
    assert_eq!(e, Effect::Redraw);
    let p = a.palette.clone().expect("the palette stays open");
    assert_eq!(p.query, "生產力 總值 q");
    assert_eq!(a.top, top, "no jump");
    assert!(a.history.back.len() <= 1);
    assert!(a.last_search.is_none());
    // CR LF and tabs are spaces too; the query goes on after what was typed.
    handle(&mut a, &keymap, Input::Paste("\r\n招商\t引資".into()));
    assert_eq!(
        a.palette.as_ref().unwrap().query,
        "生產力 總值 q  招商 引資"
    );
}

#[test]
fn a_paste_in_a_pane_opens_the_palette_with_it() {
    let keymap = Keymap::default();
    let mut a = app();
    let e = handle(&mut a, &keymap, Input::Paste("生產力\nq".into()));
    assert_ne!(e, Effect::Quit);
    let p = a.palette.clone().expect("the palette opened");
    assert_eq!(p.query, "生產力 q");
    assert_eq!(a.top, 0);
    update(&mut a, Action::Close);
    // Nothing to search for: nothing happens.
    assert_eq!(
        handle(&mut a, &keymap, Input::Paste(" \n\t".into())),
        Effect::None
    );
    assert!(a.palette.is_none());
    // Over help, a paste is ignored.
    update(&mut a, Action::ToggleHelp);
    assert_eq!(
        handle(&mut a, &keymap, Input::Paste("生產力".into())),
        Effect::None
    );
    assert!(a.palette.is_none());
}
