//! One shell channel's task: a [`Reader`] fed with what the client types
//! and drawn into the channel, at most one frame in flight.
//!
//! Output is bounded: a frame is made only once the one before it has
//! been taken by the channel (russh's `data_bytes` waits while the
//! client's window is full, RFC 4254 §5.2). Until then inputs are applied
//! and the reader only keeps its latest state; the next frame is the
//! difference from what the client has, whatever happened in between. A
//! stalled client so holds one frame, and nobody else waits for it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use russh::server::Msg;
use russh::ChannelWriteHalf;
use tokio::sync::{mpsc, watch};
use tokio::time::{sleep_until, timeout, Instant};

use super::log;
use super::meeting::{Audience, Presenter, Viewer};
use super::session::{Reader, Start, Step};
use crate::app::keymap::Keymap;
use crate::data::ReportData;
use crate::term::FRAME;

/// What the connection passes to a shell's task.
#[derive(Debug)]
pub enum Event {
    /// Bytes the client typed.
    Input(Vec<u8>),
    /// The client's terminal is this many columns and rows now.
    Resize(u16, u16),
    /// The client closed the channel.
    Closed,
}

/// How a shell ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Quit,
    Idle,
    Shutdown,
    ClientGone,
    Panic,
}

impl End {
    /// The message shown after the terminal is restored, and the exit
    /// status sent.
    fn farewell(self, idle: Duration) -> (String, u32) {
        match self {
            End::Quit | End::ClientGone => (String::new(), 0),
            End::Idle => (
                format!(
                    "report-explorer: closed after {} without input\r\n",
                    humantime::format_duration(idle)
                ),
                0,
            ),
            End::Shutdown => ("report-explorer: the server is shutting down\r\n".into(), 0),
            End::Panic => (
                "report-explorer: this session failed (an internal error); the server goes on\r\n"
                    .into(),
                1,
            ),
        }
    }
}

/// What a shell needs besides its channel.
pub struct Shell {
    pub data: Arc<ReportData>,
    pub keymap: Arc<Keymap>,
    pub start: Start,
    pub idle: Duration,
    pub shutdown: watch::Receiver<bool>,
    /// Who, for the log.
    pub who: String,
    /// Its seat in a meeting, if the server holds one.
    pub seat: Seat,
}

/// A shell's seat in a meeting.
#[derive(Debug)]
pub enum Seat {
    /// No meeting.
    None,
    /// A presenter; whether nobody else presented when it joined (then it
    /// leads at once, from where it opens).
    Presenter(Presenter, bool),
    /// A viewer.
    Viewer(Viewer),
}

/// A following viewer's frames, when the presenter moves: at most one per
/// this long (the fan-out bound; its user's own keys draw at
/// [`FRAME`]).
pub const FOLLOW_FRAME: Duration = Duration::from_millis(50);

/// Run a shell until it ends; the channel is then closed with an exit
/// status, and the end logged with the bytes sent.
pub async fn run(shell: Shell, write: ChannelWriteHalf<Msg>, events: mpsc::Receiver<Event>) {
    let began = std::time::Instant::now();
    let who = shell.who.clone();
    let idle = shell.idle;
    let write = Arc::new(write);
    let (frames, pump_done) = pump(Arc::clone(&write));
    let (end, sent) = drive(shell, &frames, pump_done, events).await;
    drop(frames);
    let (message, status) = end.farewell(idle);
    // What is left to send is small: it may wait for the window a while,
    // not for ever.
    let _ = timeout(
        Duration::from_secs(2),
        write.data_bytes(message.into_bytes()),
    )
    .await;
    let _ = write.exit_status(status).await;
    let _ = write.eof().await;
    let _ = write.close().await;
    log::event(&format!(
        "{who} shell ended ({end:?}, status {status}) after {:.1} s, {sent} bytes sent",
        began.elapsed().as_secs_f64()
    ));
}

/// The task that writes frames, one at a time; it says when each has been
/// taken.
fn pump(write: Arc<ChannelWriteHalf<Msg>>) -> (mpsc::Sender<Bytes>, mpsc::Receiver<()>) {
    let (frames, mut next) = mpsc::channel::<Bytes>(1);
    let (done, taken) = mpsc::channel::<()>(1);
    tokio::spawn(async move {
        while let Some(frame) = next.recv().await {
            if write.data_bytes(frame).await.is_err() {
                break;
            }
            if done.send(()).await.is_err() {
                break;
            }
        }
    });
    (frames, taken)
}

/// The lead changing, for a viewer or a presenter (never, alone).
async fn lead_changed(seat: &mut Seat) -> Result<(), watch::error::RecvError> {
    match seat {
        Seat::Viewer(viewer) => viewer.lead().changed().await,
        Seat::Presenter(presenter, _) => presenter.lead().changed().await,
        Seat::None => std::future::pending().await,
    }
}

/// A presenter's audience changing (never, for other seats).
async fn audience_changed(
    audience: &mut Option<watch::Receiver<Audience>>,
) -> Result<(), watch::error::RecvError> {
    match audience {
        Some(a) => a.changed().await,
        None => std::future::pending().await,
    }
}

/// Run `f` on the reader; a panic in it ends the session, not the server.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

async fn drive(
    shell: Shell,
    frames: &mpsc::Sender<Bytes>,
    mut taken: mpsc::Receiver<()>,
    mut events: mpsc::Receiver<Event>,
) -> (End, u64) {
    let Shell {
        data,
        keymap,
        start,
        idle,
        mut shutdown,
        mut seat,
        ..
    } = shell;
    let mouse = start.mouse;
    let mut sent = 0u64;
    let Some((mut reader, first)) =
        guarded(|| Reader::new(data, keymap, start, std::time::Instant::now()))
    else {
        return (End::Panic, sent);
    };
    sent += first.len() as u64;
    if frames.send(Bytes::from(first)).await.is_err() {
        return (End::ClientGone, sent);
    }
    let mut in_flight = true;
    // For the end-to-end test that a panic ends only its session (the
    // local reader has the same hook).
    let test_panic = std::env::var_os("REPORT_EXPLORER_TEST_PANIC").is_some();
    let mut idle_at = Instant::now() + idle;
    let mut last_frame: Option<Instant> = None;
    // Whether what is to draw came only from the presenter (then frames
    // are FOLLOW_FRAME apart).
    let mut led_only = false;
    let mut audience = match &seat {
        Seat::Presenter(p, _) => Some(p.audience()),
        _ => None,
    };
    if let Some(counts) = audience.as_mut().map(|a| *a.borrow_and_update()) {
        reader.audience(counts);
    }
    match &mut seat {
        Seat::Viewer(viewer) => {
            let lead = viewer.lead().borrow_and_update().clone();
            if guarded(|| reader.follow(&lead)).is_none() {
                return (End::Panic, sent);
            }
        }
        Seat::Presenter(presenter, _) => {
            let lead = presenter.lead().borrow_and_update().clone();
            reader.floor(presenter.floor(&lead));
        }
        Seat::None => {}
    }
    // A presenter that joins while another leads takes the lead only when
    // it moves: what it shows first is only noted.
    let mut noted = false;
    let end = loop {
        match &mut seat {
            Seat::Presenter(p, alone) => {
                if let Some(at) = reader.presented() {
                    if !noted && !*alone {
                        p.note(&at);
                    } else {
                        p.publish(&at);
                    }
                    noted = true;
                }
            }
            Seat::Viewer(v) => v.set_following(reader.following()),
            Seat::None => {}
        }
        let now = Instant::now();
        let gap = if led_only { FOLLOW_FRAME } else { FRAME };
        let next_frame = last_frame.map_or(now, |t| t + gap);
        if !in_flight && reader.wants_frame() && now >= next_frame {
            let Some(bytes) = guarded(|| reader.frame()) else {
                break End::Panic;
            };
            last_frame = Some(now);
            led_only = false;
            if test_panic && guarded(|| panic!("a test panic after the first frame")).is_none() {
                break End::Panic;
            }
            if !bytes.is_empty() {
                sent += bytes.len() as u64;
                if frames.send(Bytes::from(bytes)).await.is_err() {
                    break End::ClientGone;
                }
                in_flight = true;
                // A first frame may be drawn from the first lines of the
                // layout alone: the rest now, while the frame travels.
                if guarded(|| reader.complete_layout()).is_none() {
                    break End::Panic;
                }
            }
        }
        let std_now = std::time::Instant::now();
        let mut wake = idle_at;
        if let Some(d) = reader.deadline(std_now) {
            wake = wake.min(now + d.saturating_duration_since(std_now));
        }
        if !in_flight && reader.wants_frame() {
            wake = wake.min(next_frame);
        }
        let step = tokio::select! {
            event = events.recv() => match event {
                Some(Event::Input(bytes)) => {
                    idle_at = Instant::now() + idle;
                    led_only = false;
                    guarded(|| reader.feed(&bytes, std::time::Instant::now()))
                }
                Some(Event::Resize(width, height)) => {
                    led_only = false;
                    guarded(|| reader.resize(width, height))
                }
                Some(Event::Closed) | None => break End::ClientGone,
            },
            done = taken.recv() => match done {
                Some(()) => {
                    in_flight = false;
                    // Waiting for the client now: one screen held, not five.
                    if !reader.wants_frame() {
                        reader.trim();
                    }
                    Some(Step::Go)
                }
                None => break End::ClientGone,
            },
            () = sleep_until(wake) => {
                if Instant::now() >= idle_at {
                    break End::Idle;
                }
                guarded(|| reader.tick(std::time::Instant::now()))
            }
            _ = shutdown.changed() => break End::Shutdown,
            Ok(()) = lead_changed(&mut seat) => {
                // Following a meeting is not idleness.
                if reader.following() {
                    idle_at = Instant::now() + idle;
                }
                led_only = !reader.wants_frame() || led_only;
                match &mut seat {
                    Seat::Viewer(viewer) => {
                        let lead = viewer.lead().borrow_and_update().clone();
                        guarded(|| reader.follow(&lead)).map(|()| Step::Go)
                    }
                    Seat::Presenter(presenter, _) => {
                        let lead = presenter.lead().borrow_and_update().clone();
                        reader.floor(presenter.floor(&lead));
                        Some(Step::Go)
                    }
                    Seat::None => Some(Step::Go),
                }
            }
            Ok(()) = audience_changed(&mut audience) => {
                if let Some(counts) = audience.as_mut().map(|a| *a.borrow_and_update()) {
                    reader.audience(counts);
                }
                Some(Step::Go)
            }
        };
        match step {
            None => break End::Panic,
            Some(Step::Quit) => break End::Quit,
            Some(Step::Go) => {}
        }
    };
    if end == End::ClientGone {
        return (end, sent);
    }
    // The frame in flight first, then what restores the terminal: the
    // reader's own ending (its place remembered), or after a panic the
    // modes undone without it.
    if in_flight {
        let _ = timeout(Duration::from_secs(2), taken.recv()).await;
    }
    let finished = if end == End::Panic {
        None
    } else {
        guarded(|| reader.finish())
    };
    let bytes = match finished {
        None => restore_only(mouse),
        Some((bytes, saved)) => {
            if let Err(e) = saved {
                log::event(&format!("could not remember a place: {e}"));
            }
            bytes
        }
    };
    sent += bytes.len() as u64;
    if frames.send(Bytes::from(bytes)).await.is_ok() {
        let _ = timeout(Duration::from_secs(2), taken.recv()).await;
    }
    (end, sent)
}

/// What leaves the client's terminal as it was without the reader: the pen
/// and the scroll region reset, the modes off, the alternate screen left,
/// the cursor shown.
fn restore_only(mouse: bool) -> Vec<u8> {
    let mut out = b"\x1b[m\x1b[r\x1b[?69l".to_vec();
    out.extend_from_slice(crate::term::modes::leave_sequences(mouse).as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Settings;
    use crate::content::load_embedded;
    use crate::keymap::bindings;
    use crate::text::AmbiWidth;

    fn shell(shutdown: watch::Receiver<bool>) -> Shell {
        Shell {
            data: Arc::new(ReportData::new(load_embedded().unwrap())),
            keymap: Arc::new(Keymap::new(bindings()).unwrap()),
            start: Start {
                size: (200, 60),
                settings: Settings {
                    ambi: AmbiWidth::Narrow,
                    ..Settings::default()
                },
                probe: false,
                mouse: true,
                store: None,
                role: super::super::session::Role::Alone,
                frames: None,
            },
            idle: Duration::from_secs(600),
            shutdown,
            who: "測試".into(),
            seat: Seat::None,
        }
    }

    /// The screen the frames so far make, at 200×60.
    fn screen(frames: &[Bytes]) -> String {
        let n = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let mut vt = vt100::Parser::new(n(60), n(200), 0);
        frames.iter().for_each(|f| vt.process(f));
        vt.screen().contents()
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_of_presenter_moves_gives_a_viewer_a_frame_per_50_ms_at_most_ending_at_the_latest(
    ) {
        use crate::app::follow::presented;
        use crate::app::{update, Action, App};
        use crate::serve::meeting::Meeting;
        use crate::serve::session::Role;
        let (_stop, shutdown) = watch::channel(false);
        let meeting = Meeting::new();
        let (mut wang, _) = meeting.present("王小明");
        let mut viewer = shell(shutdown);
        viewer.start.role = Role::Viewer;
        viewer.seat = Seat::Viewer(meeting.view());
        let (frames, mut out) = mpsc::channel::<Bytes>(1000);
        let (took, taken) = mpsc::channel::<()>(1);
        let (events, rx) = mpsc::channel(16);
        let task = tokio::spawn(async move { drive(viewer, &frames, taken, rx).await });
        // A client that takes every frame at once, noting when.
        let client = tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(frame) = out.recv().await {
                got.push((Instant::now(), frame));
                if took.send(()).await.is_err() {
                    break;
                }
            }
            got
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        // The presenter, at the viewer's size: a hundred lines down, one a
        // millisecond.
        let data = Arc::new(ReportData::new(load_embedded().unwrap()));
        let settings = Settings {
            ambi: AmbiWidth::Narrow,
            ..Settings::default()
        };
        let mut app = App::open(data, settings);
        update(&mut app, Action::Resize(200, 60));
        let began = Instant::now();
        for _ in 0..100 {
            update(&mut app, Action::Down);
            wang.publish(&presented(&app));
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let ended = Instant::now();
        tokio::time::sleep(Duration::from_millis(200)).await;
        events.send(Event::Input(b"q".to_vec())).await.unwrap();
        assert_eq!(task.await.unwrap().0, End::Quit);
        let got = client.await.unwrap();
        let during: Vec<Instant> = got
            .iter()
            .map(|(at, _)| *at)
            .filter(|at| *at >= began)
            .collect();
        // 100 ms of moves, then the last: at most one frame per 50 ms.
        let burst = (ended - began).as_millis() as usize;
        assert!(
            during.len() <= burst / 50 + 3,
            "{} frames in {burst} ms",
            during.len()
        );
        for pair in during.windows(2) {
            assert!(pair[1] - pair[0] >= FOLLOW_FRAME, "{during:?}");
        }
        // The last frame shows where the presenter is now.
        let all: Vec<Bytes> = got.into_iter().map(|(_, f)| f).collect();
        let shown = screen(&all[..all.len() - 1]);
        let top = app.layout.line_text(app.doc(), app.top);
        let row = shown.lines().nth(1).unwrap_or_default();
        assert!(row.contains(top.trim()), "{top:?} on top of\n{shown}");
        assert!(shown.contains("Following 王小明"), "{shown}");
    }

    #[tokio::test]
    async fn while_a_frame_is_in_flight_no_other_is_made_and_the_next_is_the_latest_state() {
        let (_stop, shutdown) = watch::channel(false);
        let (frames, mut out) = mpsc::channel::<Bytes>(1000);
        let (took, taken) = mpsc::channel::<()>(1);
        let (events, rx) = mpsc::channel(4096);
        let task = tokio::spawn(async move { drive(shell(shutdown), &frames, taken, rx).await });
        let start = out.recv().await.unwrap();
        took.send(()).await.unwrap();
        let first = out.recv().await.unwrap();
        assert!(screen(&[start.clone(), first.clone()]).contains("望花區人民政府工作報告"));
        // The client stops taking frames: two thousand whole pages typed,
        // and the end of the report.
        for i in 0..2000 {
            let key = if i % 2 == 0 { " " } else { "b" };
            events.send(Event::Input(key.into())).await.unwrap();
            if i % 100 == 99 {
                // Time for frames, were they made.
                tokio::time::sleep(FRAME * 2).await;
            }
        }
        events.send(Event::Input(b"G".to_vec())).await.unwrap();
        while events.capacity() < events.max_capacity() {
            tokio::task::yield_now().await;
        }
        tokio::task::yield_now().await;
        assert!(out.try_recv().is_err(), "no frame while one is in flight");
        // Taken at last: one frame, to the latest state.
        took.send(()).await.unwrap();
        let latest = out.recv().await.unwrap();
        let shown = screen(&[start, first, latest]);
        assert!(shown.contains("不敢腐、不能腐、不想腐"), "{shown}");
        events.send(Event::Input(b"q".to_vec())).await.unwrap();
        took.send(()).await.unwrap();
        let (end, _) = task.await.unwrap();
        assert_eq!(end, End::Quit);
    }
}
