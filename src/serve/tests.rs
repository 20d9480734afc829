//! The session core without SSH: bytes in, frames out, checked on a vt100
//! emulator.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::meeting::{Audience, Lead};
use super::session::{Reader, Role, Start, Step};
use crate::app::Settings;
use crate::content::load_embedded;
use crate::data::ReportData;
use crate::keymap::{bindings, Keymap};
use crate::text::AmbiWidth;

fn reader(probe: bool, size: (u16, u16)) -> (Reader, Vec<u8>, Instant) {
    reader_as(probe, size, Role::Alone)
}

fn reader_as(probe: bool, size: (u16, u16), role: Role) -> (Reader, Vec<u8>, Instant) {
    let data = Arc::new(ReportData::new(load_embedded().unwrap()));
    let keymap = Arc::new(Keymap::new(bindings()).unwrap());
    let now = Instant::now();
    let start = Start {
        size,
        settings: Settings::default(),
        probe,
        mouse: true,
        store: None,
        role,
        frames: None,
    };
    let (r, out) = Reader::new(data, keymap, start, now);
    (r, out, now)
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

fn vt(rows: u16, cols: u16) -> vt100::Parser {
    vt100::Parser::new(nz(rows), nz(cols), 0)
}

fn screen(parser: &vt100::Parser) -> String {
    parser.screen().contents()
}

#[test]
fn a_session_is_sent_between_threads() {
    fn send<T: Send>() {}
    send::<Reader>();
}

#[test]
fn the_first_frame_waits_for_the_width_probe_and_keys_typed_meanwhile_are_kept() {
    let (mut r, start, now) = reader(true, (80, 24));
    let start = String::from_utf8(start).unwrap();
    assert!(start.starts_with("\x1b[?1049h"), "{start:?}");
    assert!(start.contains("“\x1b[6n"), "{start:?}");
    assert!(!r.wants_frame(), "no frame before the probe's answer");
    assert_eq!(r.feed(b"]", now), Step::Go);
    assert!(!r.wants_frame());
    // The terminal drew “ two cells wide: the cursor went to column 3.
    r.feed(b"\x1b[1;3R", now);
    assert_eq!(r.app().settings.ambi, AmbiWidth::Wide);
    assert!(r.wants_frame());
    let mut vt = vt(24, 80);
    vt.process(&r.frame());
    assert!(
        screen(&vt).contains("│                    2024年工作回顧")
            || screen(&vt).contains("|                    2024年工作回顧"),
        "] was applied after the probe:\n{}",
        screen(&vt)
    );
}

#[test]
fn a_terminal_that_never_answers_gets_narrow_widths_after_the_timeout() {
    let (mut r, _, now) = reader(true, (80, 24));
    assert!(r
        .deadline(now)
        .is_some_and(|d| d <= now + Duration::from_millis(150)));
    r.tick(now + Duration::from_millis(100));
    assert!(!r.wants_frame());
    r.tick(now + Duration::from_millis(151));
    assert!(r.wants_frame());
    assert_eq!(r.app().settings.ambi, AmbiWidth::Narrow);
}

#[test]
fn frames_follow_keys_and_resizes_and_quit_restores_the_terminal() {
    let (mut r, start, now) = reader(false, (80, 24));
    let mut vt = vt(24, 80);
    vt.process(&start);
    vt.process(&r.frame());
    assert!(
        screen(&vt).contains("望花區人民政府工作報告"),
        "{}",
        screen(&vt)
    );
    assert!(!r.wants_frame(), "nothing changed");
    r.feed(b"]", now);
    assert!(r.wants_frame());
    vt.process(&r.frame());
    assert!(screen(&vt).contains("2024年工作回顧"), "{}", screen(&vt));
    r.resize(40, 15);
    vt.screen_mut().set_size(nz(15), nz(40));
    vt.process(&r.frame());
    let shown = screen(&vt);
    assert!(shown
        .lines()
        .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 40));
    assert!(shown.contains("工作回顧"), "{shown}");
    assert_eq!(r.feed(b"q", now), Step::Quit);
    let (end, saved) = r.finish();
    assert!(saved.is_ok());
    vt.process(&end);
    assert!(
        !vt.screen().alternate_screen(),
        "the alternate screen was left"
    );
    assert!(!vt.screen().hide_cursor(), "the cursor is shown");
}

#[test]
fn a_notice_reaches_the_status_line() {
    let (mut r, start, _) = reader(false, (80, 24));
    let mut vt = vt(24, 80);
    vt.process(&start);
    vt.process(&r.frame());
    r.notice("閒置三十分鐘，連線將關閉");
    vt.process(&r.frame());
    assert!(screen(&vt).contains("閒置三十分鐘"), "{}", screen(&vt));
}

#[test]
fn a_viewer_lands_where_the_presenter_is_once_its_probe_is_answered() {
    let (mut presenter, start, now) = reader_as(false, (80, 24), Role::Presenter);
    let mut pv = vt(24, 80);
    pv.process(&start);
    presenter.feed(b"]]]", now);
    presenter.audience(Audience {
        viewers: 3,
        following: 2,
    });
    pv.process(&presenter.frame());
    assert!(
        screen(&pv).contains("Presenting: 3 viewing, 2 following"),
        "{}",
        screen(&pv)
    );
    let at = presenter.presented().unwrap();
    // The viewer still waits for its terminal's answer when the lead comes.
    let (mut viewer, start, now) = reader_as(true, (40, 15), Role::Viewer);
    assert!(viewer.presented().is_none(), "not laid out yet");
    viewer.follow(&Lead::By {
        name: "王小明".into(),
        at: at.clone(),
        seat: 0,
    });
    assert!(!viewer.wants_frame());
    viewer.feed(b"\x1b[1;2R", now);
    let mut vv = vt(15, 40);
    vv.process(&start);
    vv.process(&viewer.frame());
    let shown = screen(&vv);
    assert!(shown.contains("Following 王小明"), "{shown}");
    assert_eq!(viewer.presented().unwrap().top, at.top);
    // The viewer's own key: it looks away, and says where the presenter is.
    viewer.feed(b"j", now);
    assert!(!viewer.following());
    vv.process(&viewer.frame());
    assert!(screen(&vv).contains("Looking away"), "{}", screen(&vv));
    viewer.follow(&Lead::Left);
    viewer.feed(b"F", now);
    vv.process(&viewer.frame());
    assert!(
        screen(&vv).contains("No one presents now"),
        "{}",
        screen(&vv)
    );
}
