//! The local terminal driver: the only code that touches crossterm's global
//! functions (raw mode, the alternate screen, the terminal's size) and the
//! only code that names crossterm's types. On unix it reads stdin's bytes
//! itself and parses them with the project's parser (`source.rs`); elsewhere
//! crossterm's events become the project's `Input`s. Either way they go
//! through the one input step, `app::handle`, a batch at a time: every
//! input that is ready is applied, then one frame is drawn (at most one
//! per [`FRAME`] while input floods in).
//!
//! The terminal's modes (raw mode, the alternate screen, bracketed paste,
//! mouse reporting) are set in `modes.rs` and undone on every way out: a
//! quit, an error, a panic, Ctrl-Z, and SIGTERM, SIGHUP or SIGINT
//! (`signals.rs`), after which the reader exits with 128 + the signal. The
//! remembered state is read after the first resize and written on quit, on
//! suspend and on those signals (`memory.rs`). Frames are rendered into a
//! buffer and written by the screen writer (`crate::screen`), which sends
//! only what changed, scrolls where the reader's text scrolled, and colours
//! as deep as the terminal has and no deeper; `frames.rs` can log them for
//! tests.

pub mod events;
pub mod frame;
pub mod frames;
pub mod memory;
pub mod modes;
pub mod probe;
mod screen;
#[cfg(unix)]
pub mod signals;
pub mod source;
pub mod streams;
pub mod typing;

use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::app::follow::{present, Stage};
use crate::app::keymap::Keymap;
use crate::app::{handle, nav, palette, update, Action, App, Effect};
use crate::input::Input;
use crate::screen::Caps;
use crate::text::AmbiWidth;
pub use events::{input_of, key_of};
pub use frame::frame_bytes;
use frames::Frames;
use memory::Memory;
use probe::{has_margins, Stdin, MARGINS_QUERY, PROBE_TIMEOUT};
pub use probe::{parse_cursor_report, TimedRead};
use screen::Screen;
use source::{Batch, Source};
pub use typing::typing;

/// The shortest time between two frames while input floods in (about 60
/// a second); a frame after a quiet spell is drawn at once.
pub const FRAME: Duration = Duration::from_millis(16);

/// How long the rest of the layout waits after a first frame drawn from
/// its first lines, unless input comes first: the terminal reads and
/// shows the frame meanwhile. Laid out at once, it kept a core busy for
/// 0.4 ms just when the kernel hands the frame to the terminal, 2 KB at a
/// time: the last part of a first frame at 80×24 (2,816 bytes) came 0.4
/// to 0.7 ms late in about half of the starts (issue 13).
pub const REST_OF_LAYOUT_AFTER: Duration = Duration::from_millis(5);

/// The terminal's size in cells (columns, rows), if stdout is one.
pub fn size() -> Option<(u16, u16)> {
    screen::window_size().ok()
}

/// How the reader runs in this terminal.
#[derive(Debug, Clone)]
pub struct Options {
    /// Ask the terminal how wide it draws ambiguous characters.
    pub probe_ambiwidth: bool,
    /// Turn mouse reporting on (`--mouse on`, the default).
    pub mouse: bool,
    /// Where the reading state is remembered.
    pub memory: Memory,
    /// Presenting to a meeting (`serve --present`): what the reader shows
    /// is published after every batch of inputs, and the audience is
    /// looked at every [`AUDIENCE_POLL`].
    pub stage: Option<Arc<Mutex<dyn Stage>>>,
    /// A message for the status line of the first frame (`serve
    /// --present`: how viewers connect).
    pub notice: Option<String>,
}

/// How often a presenting reader looks at its audience's counts.
pub const AUDIENCE_POLL: Duration = Duration::from_millis(250);

/// How a reading session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// This signal (SIGTERM, SIGHUP, SIGINT) ended it: exit with 128 + it.
    Signal(i32),
}

impl Ending {
    /// The process's exit status for this ending.
    pub fn status(self) -> u8 {
        match self {
            Ending::Quit => 0,
            Ending::Signal(n) => u8::try_from(128 + n).unwrap_or(u8::MAX),
        }
    }
}

/// Run the reader until the user quits or a signal ends it. The terminal is
/// restored on every way out, panics included; the state is saved on quit
/// and on an ending signal (a failure to save is reported on stderr once
/// the terminal is restored).
pub fn run(mut app: App, keymap: &Keymap, options: &Options) -> io::Result<Ending> {
    // The handlers before the modes: a signal from here on finds them.
    let mut source = Source::new()?;
    modes::leave_on_panic(options.mouse);
    reset_on_panic();
    // On unix the modes' sequences go out with the first frame (`session`);
    // elsewhere crossterm sets them, by the console's API where it must.
    #[cfg(unix)]
    let entered = modes::enter_raw();
    #[cfg(not(unix))]
    let entered = modes::enter(options.mouse);
    let result = entered.and_then(|()| session(&mut app, keymap, options, &mut source));
    modes::leave(options.mouse);
    // A terminal that hung up fails the write before its SIGHUP is read:
    // the signal is the ending.
    let ending = match (result, source.ending()) {
        (Ok(ending), _) => ending,
        (Err(_), Some(signal)) => Ending::Signal(signal),
        (Err(e), None) => return Err(e),
    };
    if let Err(e) = options.memory.save(&app) {
        streams::error(&format!(
            "report-explorer: could not remember the reading position: {e}"
        ));
    }
    Ok(ending)
}

/// On a panic, first (before the modes are left): what the screen writer
/// may have left set between frames, reset (the scroll region, with the
/// cursor saved around it, since DECSTBM moves it; DECLRMM); on any other
/// way out `Writer::finish` does it.
fn reset_on_panic() {
    let hook = std::panic::take_hook();
    let driver = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == driver {
            let mut out = io::stdout();
            let reset = b"\x1b7\x1b[r\x1b8\x1b[?69l";
            let _ = out.write_all(reset).and_then(|()| out.flush());
        }
        hook(info);
    }));
}

/// The reader's loop: the first frame; then a batch of inputs at a time,
/// all applied before the next frame, until the user quits or a signal
/// ends it.
fn session(
    app: &mut App,
    keymap: &Keymap,
    options: &Options,
    source: &mut Source,
) -> io::Result<Ending> {
    let mut terminal = Screen::new(app.settings.colors.depth, Caps::default());
    // The alternate screen, bracketed paste and the mouse: sent with the
    // first frame, or before the width is asked.
    if cfg!(unix) {
        terminal.before = modes::enter_sequences(options.mouse).into_bytes();
    }
    // Keys typed while the terminal is asked, for the loop's first batch.
    let mut typed = Vec::new();
    if options.probe_ambiwidth {
        terminal.send_before()?;
        // (Not ratatui's Terminal::clear: it asks for the cursor position
        // and waits up to two seconds for a terminal that may never answer.)
        let width = probe::probe(&mut Stdin, &mut io::stdout(), PROBE_TIMEOUT, &mut typed);
        app.settings.ambi = width.unwrap_or(AmbiWidth::Narrow);
    }
    // Margins are asked for now and used once the answer comes, if ever.
    terminal.before.extend_from_slice(MARGINS_QUERY);
    let ending = frames_loop(app, keymap, options, &mut terminal, source, typed);
    if !terminal.before.is_empty() {
        // No frame was drawn (an error first): the modes are entered
        // anyway, so that leaving them (and resetting the pen and region)
        // happens on the alternate screen, not over the shell's lines.
        let _ = terminal.send_before();
    }
    terminal.finish();
    ending
}

/// The loop of [`session`], drawing on `terminal`; `typed`, what was
/// typed before it (while the terminal was asked its width), is its
/// first batch after the first frame.
fn frames_loop(
    app: &mut App,
    keymap: &Keymap,
    options: &Options,
    terminal: &mut Screen,
    source: &mut Source,
    typed: Vec<Input>,
) -> io::Result<Ending> {
    let mut typed = (!typed.is_empty()).then(|| Batch {
        inputs: typed,
        ..Batch::default()
    });
    let (width, height) = terminal.size()?;
    update(app, Action::Resize(width, height));
    // After the first resize, so that the place lands on its paragraph.
    options.memory.restore(app);
    // The notice stays until the user's first input (a resize would
    // clear a message).
    let mut notice = options.notice.clone();
    app.message = notice.clone().or(app.message.take());
    let mut frames = Frames::from_env();
    let mut dirty = true;
    let mut last_frame: Option<Instant> = None;
    // When the rest of the layout is due, if the frame was drawn from its
    // first lines alone.
    let mut rest_of_layout: Option<Instant> = None;
    loop {
        let next = last_frame.map(|t| t + FRAME);
        if dirty && next.is_none_or(|next| Instant::now() >= next) {
            terminal.draw(app, keymap)?;
            // A first frame may be drawn from the first lines of the
            // layout alone: the rest a moment later, or before the first
            // input (`handle` and `update` complete it first).
            rest_of_layout = app
                .layout
                .is_partial()
                .then(|| Instant::now() + REST_OF_LAYOUT_AFTER);
            frames.drawn(app);
            last_frame = Some(Instant::now());
            dirty = false;
            // For the end-to-end test that the terminal is restored on a panic.
            if std::env::var_os("REPORT_EXPLORER_TEST_PANIC").is_some() {
                panic!("a test panic after the first frame");
            }
            continue;
        }
        // While a frame waits for its turn, gather more input until then;
        // while the core waits for work done off this thread (the search
        // index), until it wants to look again.
        if let Some(stage) = &options.stage {
            let mut stage = stage.lock().unwrap_or_else(PoisonError::into_inner);
            dirty |= present(app, &mut *stage);
        }
        let poll = options
            .stage
            .is_some()
            .then(|| Instant::now() + AUDIENCE_POLL);
        let tick = palette::wants_tick(app).map(|d| Instant::now() + d);
        let until = [if dirty { next } else { None }, tick, poll, rest_of_layout]
            .into_iter()
            .flatten()
            .min();
        let batch = match typed.take() {
            Some(batch) => batch,
            None => source.wait(until)?,
        };
        if rest_of_layout
            .take_if(|due| Instant::now() >= *due)
            .is_some()
        {
            nav::complete_layout(app);
        }
        let by_user = batch
            .inputs
            .iter()
            .any(|i| matches!(i, Input::Key(_) | Input::Mouse(_) | Input::Paste(_)));
        match apply(app, keymap, options, terminal, source, &mut frames, batch)? {
            Step::End(ending) => return Ok(ending),
            Step::Redraw => dirty = true,
            Step::Nothing => {}
        }
        if by_user {
            notice = None;
        } else if app.message.is_none() && notice.is_some() {
            app.message = notice.clone();
            dirty = true;
        }
        if tick.is_some_and(|t| Instant::now() >= t) && palette::tick(app) == Effect::Redraw {
            dirty = true;
        }
    }
}

/// What a batch asks of the loop.
enum Step {
    End(Ending),
    Redraw,
    Nothing,
}

/// Apply a batch: an ending signal first (nothing else then); the new
/// size; every input in order; then a stop or a continue from outside.
fn apply(
    app: &mut App,
    keymap: &Keymap,
    options: &Options,
    terminal: &mut Screen,
    source: &mut Source,
    frames: &mut Frames,
    batch: Batch,
) -> io::Result<Step> {
    if let Some(signal) = batch.end {
        return Ok(Step::End(Ending::Signal(signal)));
    }
    let mut redraw = false;
    if batch.resize {
        // Only the last size counts, however many came.
        // The terminal may have reset its scroll region.
        terminal.writer.resized();
        if let Ok((width, height)) = terminal.size() {
            frames.input();
            redraw |= handle(app, keymap, Input::Resize { width, height }) == Effect::Redraw;
        }
    }
    // The answer to the margins query is the driver's, not the core's.
    let (answers, inputs): (Vec<Input>, Vec<Input>) = batch
        .inputs
        .into_iter()
        .partition(|i| matches!(i, Input::ModeReport { .. }));
    if answers.iter().any(has_margins) {
        terminal.writer.set_caps(Caps { margins: true });
    }
    let mut inputs = inputs.into_iter().peekable();
    while let Some(first) = inputs.next() {
        let (input, count) = typing(app, keymap, first, &mut inputs);
        (0..count).for_each(|_| frames.input());
        match handle(app, keymap, input) {
            Effect::Quit => return Ok(Step::End(Ending::Quit)),
            Effect::Suspend => redraw |= suspend(app, options, terminal, source)?,
            Effect::Redraw => redraw = true,
            Effect::None => {}
        }
    }
    if batch.stop {
        redraw |= suspend(app, options, terminal, source)?;
    } else if batch.cont {
        modes::resume(options.mouse)?;
        redraw |= full_redraw(app, terminal)?;
    }
    Ok(if redraw { Step::Redraw } else { Step::Nothing })
}

/// Ctrl-Z or SIGTSTP: remember the state, give the terminal back to the
/// shell and stop; on `fg`, take the terminal again and lay the session
/// out at the terminal's size, perhaps changed meanwhile. True when there
/// is something to redraw.
fn suspend(
    app: &mut App,
    options: &Options,
    terminal: &mut Screen,
    source: &Source,
) -> io::Result<bool> {
    if !modes::CAN_SUSPEND {
        return Ok(false);
    }
    let saved = options.memory.save(app);
    // The pen, the scroll region and DECLRMM as they were, for the shell.
    terminal.finish();
    modes::suspend(options.mouse)?;
    // The SIGCONT of this `fg` asks for nothing more.
    source.forget_cont();
    full_redraw(app, terminal)?;
    if let Err(e) = saved {
        app.message = Some(format!("Could not remember the reading position: {e}"));
    }
    Ok(true)
}

/// Make the next frame a whole one (the writer forgets the screen, and
/// clears it first), with the session laid out at the terminal's size.
fn full_redraw(app: &mut App, terminal: &mut Screen) -> io::Result<bool> {
    let (width, height) = terminal.size()?;
    terminal.invalidate();
    update(app, Action::Resize(width, height));
    Ok(true)
}
