//! The terminal modes the reader turns on, and turns off again on every
//! way out: quitting, an error, a panic, and Ctrl-Z (where they come back
//! on resume). Raw mode and the alternate screen; bracketed paste, so that
//! a paste arrives as one `Input::Paste`, never as keys; and, unless
//! `--mouse off`, mouse reporting (crossterm's `EnableMouseCapture`:
//! clicks, drags, motion and the wheel, in the SGR 1006 encoding).

use std::io::{self, Write};

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{execute, Command};

/// Whether this platform can suspend the reader as a shell's job.
pub const CAN_SUSPEND: bool = cfg!(unix);

/// Raw mode, the alternate screen, bracketed paste, and mouse reporting
/// when `mouse`.
pub fn enter(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    out.flush()
}

/// Raw mode alone, at start: the driver sends [`enter_sequences`] with
/// its first frame, in the same write (one write, not four: the terminal
/// has the whole first screen at once).
pub fn enter_raw() -> io::Result<()> {
    enable_raw_mode()
}

/// What [`enter`] sends, as bytes, for a terminal at the end of a channel
/// (an SSH session, whose client has raw mode on already): the alternate
/// screen, bracketed paste, and mouse reporting when `mouse`.
pub fn enter_sequences(mouse: bool) -> String {
    let mut out = String::new();
    let _ = EnterAlternateScreen.write_ansi(&mut out);
    let _ = EnableBracketedPaste.write_ansi(&mut out);
    if mouse {
        let _ = EnableMouseCapture.write_ansi(&mut out);
    }
    out
}

/// What [`leave`] sends, as bytes, for a terminal at the end of a channel:
/// mouse reporting and bracketed paste off, the alternate screen left, the
/// cursor shown.
pub fn leave_sequences(mouse: bool) -> String {
    let mut out = String::new();
    if mouse {
        let _ = DisableMouseCapture.write_ansi(&mut out);
    }
    let _ = DisableBracketedPaste.write_ansi(&mut out);
    let _ = LeaveAlternateScreen.write_ansi(&mut out);
    let _ = Show.write_ansi(&mut out);
    out
}

/// Undo `enter`, as far as the terminal lets us: each step is tried
/// whatever became of the one before (the terminal may be gone). Raw mode
/// goes first, as ratatui's restore does; the cursor is shown again.
pub fn leave(mouse: bool) {
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, DisableBracketedPaste);
    let _ = disable_raw_mode();
    let _ = execute!(out, LeaveAlternateScreen, Show);
    let _ = out.flush();
}

/// On a panic, leave the terminal as `leave` does before the panic is
/// reported (so that the message lands on the ordinary screen, readable).
pub fn leave_on_panic(mouse: bool) {
    let hook = std::panic::take_hook();
    // Only this thread's panics: another thread's (a served session's,
    // under `serve --present`, caught there) leaves the terminal alone.
    let driver = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == driver {
            leave(mouse);
        }
        hook(info);
    }));
}

/// Stop the process as a shell's job (Ctrl-Z, or SIGTSTP from outside):
/// leave the terminal as it was, stop with SIGTSTP's default action, and
/// when the shell continues the process (`fg`), enter the modes again. The
/// caller redraws the whole frame. A process that cannot be stopped (no
/// shell to come back to: an orphaned process group) comes straight back.
#[cfg(unix)]
pub fn suspend(mouse: bool) -> io::Result<()> {
    leave(mouse);
    let stopped = super::signals::stop_as_job();
    enter(mouse)?;
    stopped
}

/// Suspending is for unix shells; elsewhere Ctrl-Z does nothing.
#[cfg(not(unix))]
pub fn suspend(_mouse: bool) -> io::Result<()> {
    Ok(())
}

/// After a stop the reader did not ask for (SIGSTOP, then SIGCONT), the
/// shell may have put the terminal back to its own modes: take raw mode
/// again (crossterm thinks it is still on, so off first) and enter the
/// modes. The caller redraws the whole frame.
pub fn resume(mouse: bool) -> io::Result<()> {
    let _ = disable_raw_mode();
    enter(mouse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_channel_sequences_undo_each_other() {
        let on = enter_sequences(true);
        assert!(on.starts_with("\x1b[?1049h"), "{on:?}");
        assert!(
            on.contains("\x1b[?2004h") && on.contains("\x1b[?1006h"),
            "{on:?}"
        );
        let off = leave_sequences(true);
        assert!(
            off.contains("\x1b[?1049l") && off.ends_with("\x1b[?25h"),
            "{off:?}"
        );
        assert!(
            off.contains("\x1b[?2004l") && off.contains("\x1b[?1006l"),
            "{off:?}"
        );
        assert!(!enter_sequences(false).contains("1006"));
    }
}
