//! One reader at the end of a byte channel (an SSH session's shell), with
//! no clock, socket or runtime of its own: bytes from the client are fed
//! in, frames come out as bytes, and the caller says when it is time. The
//! async edge (`serve::channel`) drives it; tests drive it directly.
//!
//! The session starts by entering the terminal's modes and, unless the
//! ambiguous width was given, asking how wide the terminal draws “ (the
//! same probe as the local driver's, `crate::term::probe`): the first
//! frame waits for the answer, at most [`PROBE_TIMEOUT`]; keys that arrive
//! meanwhile are kept and applied after it. Margins (DECLRMM) are asked
//! for too, and used once the answer comes.

use std::sync::Arc;
use std::time::Instant;

use crate::app::follow::{Follow, Presented};
use crate::app::keymap::Keymap;
use crate::app::nav;
use crate::app::view::ReaderView;
use crate::app::{handle, palette, update, Action, App, Effect, Settings};
use crate::data::ReportData;
use crate::input::{Input, Parser};
use crate::saved::Store;
use crate::screen::{Caps, SharedFrames, Writer};
use crate::term::memory::Memory;
use crate::term::modes::{enter_sequences, leave_sequences};
use crate::term::probe::{ambi_width_of_column, has_margins, MARGINS_QUERY, PROBE_TIMEOUT};
use crate::term::source::ESC_TIMEOUT;
use crate::term::{frame_bytes, typing};
use crate::text::AmbiWidth;

use super::meeting::{Audience, Lead};

/// The probe for the ambiguous width: “ at the start of a cleared line,
/// then a cursor position report is asked for.
const WIDTH_PROBE: &str = "\r\x1b[2K“\x1b[6n";

/// What the caller does after an input or a tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Go on (draw when [`Reader::wants_frame`]).
    Go,
    /// The user quit: send [`Reader::finish`], then close with status 0.
    Quit,
}

/// How a session's reader starts.
#[derive(Debug, Clone)]
pub struct Start {
    /// The terminal's size in cells (columns, rows), from the pty request.
    pub size: (u16, u16),
    /// The settings (script, colours); `ambi` is used when `probe` is off.
    pub settings: Settings,
    /// Ask the terminal how wide it draws ambiguous characters.
    pub probe: bool,
    /// Turn mouse reporting on.
    pub mouse: bool,
    /// Where this client's place is remembered (None: nothing is).
    pub store: Option<Store>,
    /// The session's part in a meeting.
    pub role: Role,
    /// Frames shared with the server's other sessions (see
    /// `crate::screen::shared`).
    pub frames: Option<Arc<SharedFrames>>,
}

/// A session's part in a meeting (meeting mode, `serve --presenters`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// No meeting: a reader on its own.
    Alone,
    /// It leads: its moves are published, its status line counts viewers.
    Presenter,
    /// It follows the presenter that leads, until its user looks away.
    Viewer,
}

/// One session's reader: its own App, input parser and screen writer.
pub struct Reader {
    app: App,
    keymap: Arc<Keymap>,
    parser: Parser,
    writer: Writer,
    view: Option<ReaderView>,
    size: (u16, u16),
    mouse: bool,
    memory: Option<Memory>,
    /// While the width probe waits for its answer: until when.
    probing: Option<Instant>,
    /// Inputs that came while the probe waited.
    held: Vec<Input>,
    /// The lead that came while the probe waited.
    lead: Option<Lead>,
    dirty: bool,
}

impl Reader {
    /// A reader of `data`, and the bytes to send first (the modes, the
    /// questions). `now` starts the probe's wait.
    pub fn new(
        data: Arc<ReportData>,
        keymap: Arc<Keymap>,
        start: Start,
        now: Instant,
    ) -> (Reader, Vec<u8>) {
        let depth = start.settings.colors.depth;
        let mut out = enter_sequences(start.mouse).into_bytes();
        if start.probe {
            out.extend_from_slice(WIDTH_PROBE.as_bytes());
        }
        out.extend_from_slice(MARGINS_QUERY);
        let mut app = App::open(data, start.settings);
        match start.role {
            Role::Alone => {}
            Role::Presenter => app.follow.audience = Some((0, 0)),
            Role::Viewer => app.follow = Follow::viewer(),
        }
        let memory = start
            .store
            .map(|store| Memory::new(Some(store), true, &app));
        let mut writer = Writer::new(depth, Caps::default());
        if let Some(frames) = start.frames {
            writer.share(frames);
        }
        let mut reader = Reader {
            app,
            keymap,
            parser: Parser::new(ESC_TIMEOUT),
            writer,
            view: None,
            size: start.size,
            mouse: start.mouse,
            memory,
            probing: start.probe.then(|| now + PROBE_TIMEOUT),
            held: Vec::new(),
            lead: None,
            dirty: true,
        };
        if reader.probing.is_none() {
            reader.open();
        }
        (reader, out)
    }

    /// The session's App (for tests, and for what the server shows of it).
    pub fn app(&self) -> &App {
        &self.app
    }

    /// Lay the report out at the session's size and go to the remembered
    /// place: once the ambiguous width is known.
    fn open(&mut self) {
        let (width, height) = self.size;
        handle(&mut self.app, &self.keymap, Input::Resize { width, height });
        if let Some(memory) = &self.memory {
            memory.restore(&mut self.app);
        }
        if let Some(lead) = self.lead.take() {
            self.follow(&lead);
        }
        let held = std::mem::take(&mut self.held);
        self.apply(held);
        self.dirty = true;
    }

    /// What this session shows, for its followers (None until it is laid
    /// out, after the width probe).
    pub fn presented(&self) -> Option<Presented> {
        self.probing
            .is_none()
            .then(|| crate::app::follow::presented(&self.app))
    }

    /// A presenter moved, or every presenter left: a following session
    /// goes there (after the probe, if it still waits).
    pub fn follow(&mut self, lead: &Lead) {
        if self.probing.is_some() {
            self.lead = Some(lead.clone());
            return;
        }
        match lead {
            Lead::Nobody => return,
            Lead::By { name, at, .. } => {
                update(&mut self.app, Action::Presented(name.clone(), at.clone()))
            }
            Lead::Left => update(&mut self.app, Action::PresentersLeft),
        };
        self.dirty = true;
    }

    /// A presenter's view of the floor: another presenter who leads now.
    pub fn floor(&mut self, floor: Option<String>) {
        if self.app.follow.floor != floor {
            self.app.follow.floor = floor;
            self.dirty = true;
        }
    }

    /// Whether this session follows the presenter now.
    pub fn following(&self) -> bool {
        self.app.follow.following
    }

    /// A presenter's audience changed.
    pub fn audience(&mut self, audience: Audience) {
        let counts = Some((audience.viewers, audience.following));
        if self.app.follow.audience != counts {
            self.app.follow.audience = counts;
            self.dirty = true;
        }
    }

    /// The probe is answered (`column`: where the cursor went) or given up.
    fn probed(&mut self, column: Option<u16>) {
        if self.probing.take().is_none() {
            return;
        }
        self.app.settings.ambi = column.map_or(AmbiWidth::Narrow, ambi_width_of_column);
        self.open();
    }

    /// Bytes from the client, as they came.
    pub fn feed(&mut self, bytes: &[u8], now: Instant) -> Step {
        let inputs = self.parser.feed(bytes, now);
        self.take(inputs)
    }

    /// The client's terminal changed size (an SSH window-change).
    pub fn resize(&mut self, width: u16, height: u16) -> Step {
        // The terminal may have reset its scroll region.
        self.writer.resized();
        self.size = (width, height);
        self.take(vec![Input::Resize { width, height }])
    }

    fn take(&mut self, inputs: Vec<Input>) -> Step {
        let mut rest = Vec::new();
        for input in inputs {
            match input {
                Input::CursorPosition { column, .. } if self.probing.is_some() => {
                    self.probed(Some(column));
                }
                Input::ModeReport { .. } => {
                    if has_margins(&input) {
                        self.writer.set_caps(Caps { margins: true });
                    }
                }
                _ if self.probing.is_some() => self.held.push(input),
                other => rest.push(other),
            }
        }
        self.apply(rest)
    }

    /// Apply inputs in order: keys that type text together as one text.
    fn apply(&mut self, inputs: Vec<Input>) -> Step {
        let mut inputs = inputs.into_iter().peekable();
        while let Some(first) = inputs.next() {
            let (input, _) = typing(&self.app, &self.keymap, first, &mut inputs);
            match handle(&mut self.app, &self.keymap, input) {
                Effect::Quit => return Step::Quit,
                Effect::Redraw => self.dirty = true,
                // A session has no shell to stop in.
                Effect::Suspend | Effect::None => {}
            }
        }
        Step::Go
    }

    /// When [`Reader::tick`] wants to run next (None: not until the next
    /// input): a lone Esc resolving, the probe giving up, work off the
    /// thread (the search index) to look at.
    pub fn deadline(&self, now: Instant) -> Option<Instant> {
        let tick = palette::wants_tick(&self.app).map(|d| now + d);
        [self.parser.deadline(), self.probing, tick]
            .into_iter()
            .flatten()
            .min()
    }

    /// What time brings: a lone Esc, the probe's end, the search's hits.
    pub fn tick(&mut self, now: Instant) -> Step {
        if self.probing.is_some_and(|p| now >= p) {
            self.probed(None);
        }
        let inputs = self.parser.tick(now);
        if self.take(inputs) == Step::Quit {
            return Step::Quit;
        }
        if palette::wants_tick(&self.app).is_some()
            && palette::tick(&mut self.app) == Effect::Redraw
        {
            self.dirty = true;
        }
        Step::Go
    }

    /// Whether there is a frame to draw.
    pub fn wants_frame(&self) -> bool {
        self.dirty && self.probing.is_none()
    }

    /// Show `text` on the status line (a notice from the server).
    pub fn notice(&mut self, text: &str) {
        self.app.message = Some(text.into());
        self.dirty = true;
    }

    /// The frame's bytes: what changed since the last frame sent.
    pub fn frame(&mut self) -> Vec<u8> {
        self.dirty = false;
        frame_bytes(
            &self.app,
            &self.keymap,
            self.size,
            &mut self.writer,
            &mut self.view,
        )
    }

    /// Lay out the rest of the document where a first frame was drawn
    /// from its first lines ([`nav::complete_layout`]).
    pub fn complete_layout(&mut self) {
        nav::complete_layout(&mut self.app);
    }

    /// Let go of what only speeds up the next frame (the writer's spare
    /// screens): for a session that waits for its client.
    pub fn trim(&mut self) {
        self.writer.trim();
    }

    /// The bytes that leave the client's terminal as it was (pen, scroll
    /// region and margins reset, modes off, the alternate screen left,
    /// the cursor shown); the place is remembered first.
    pub fn finish(&mut self) -> (Vec<u8>, std::io::Result<()>) {
        let saved = match &self.memory {
            Some(memory) if self.probing.is_none() => memory.save(&self.app),
            _ => Ok(()),
        };
        let mut out = self.writer.finish();
        out.extend_from_slice(leave_sequences(self.mouse).as_bytes());
        (out, saved)
    }
}
