//! The signals the reader answers (unix): SIGTERM, SIGHUP and SIGINT end
//! it with the terminal restored and the state saved, and so do the other
//! signals whose default would end it with the terminal raw (SIGQUIT,
//! SIGUSR1, SIGUSR2, SIGALRM); SIGTSTP from
//! outside (`kill -TSTP`) suspends it as Ctrl-Z does; SIGCONT after a stop
//! it did not ask for takes the terminal again and redraws; SIGWINCH
//! resizes it. A handler only sets a flag and writes a byte to a
//! self-pipe (signal-hook), so the input loop's poll(2) wakes and reads
//! the flags between inputs, where it is safe to do anything.
//!
//! A second SIGTERM, SIGHUP or SIGINT while the first is still pending
//! (the loop busy, or stuck writing to a terminal that went away) ends the
//! process at once, with the same status, without restoring anything.

use std::io::{self, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGWINCH,
};
use signal_hook::{flag, low_level};

/// The signals that end the reader, in the order they are reported when
/// several are pending.
pub const ENDING: [i32; 7] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM];

/// What the signals that arrived since the last look ask for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pending {
    /// SIGTERM, SIGHUP, SIGINT (or another of [`ENDING`]): end with
    /// status 128 + this.
    pub end: Option<i32>,
    /// SIGTSTP from outside: suspend as Ctrl-Z does.
    pub stop: bool,
    /// SIGCONT: the process was stopped and continued.
    pub cont: bool,
    /// SIGWINCH: the terminal's size changed.
    pub resize: bool,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        *self == Pending::default()
    }
}

/// The handlers, their flags, and the read end of their self-pipe.
#[derive(Debug)]
pub struct Signals {
    wake: UnixStream,
    ending: [Arc<AtomicBool>; ENDING.len()],
    stop: Arc<AtomicBool>,
    cont: Arc<AtomicBool>,
    resize: Arc<AtomicBool>,
}

impl Signals {
    /// Install the handlers. From here on the signals only set flags.
    pub fn install() -> io::Result<Signals> {
        let (wake, write) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        let signals = Signals {
            wake,
            ending: [0; ENDING.len()].map(|_| Arc::new(AtomicBool::new(false))),
            stop: Arc::new(AtomicBool::new(false)),
            cont: Arc::new(AtomicBool::new(false)),
            resize: Arc::new(AtomicBool::new(false)),
        };
        for (signal, raised) in ENDING.iter().zip(&signals.ending) {
            // First the shutdown, armed only once the flag is set: a
            // second signal ends the process even if the loop is stuck.
            flag::register_conditional_shutdown(*signal, 128 + signal, raised.clone())?;
            flag::register(*signal, raised.clone())?;
        }
        flag::register(SIGTSTP, signals.stop.clone())?;
        flag::register(SIGCONT, signals.cont.clone())?;
        flag::register(SIGWINCH, signals.resize.clone())?;
        // The wake-up after the flag, so that the flag is set when the
        // loop reads the byte.
        for signal in ENDING.into_iter().chain([SIGTSTP, SIGCONT, SIGWINCH]) {
            low_level::pipe::register(signal, write.try_clone()?)?;
        }
        Ok(signals)
    }

    /// The descriptor that becomes readable when a signal arrives.
    pub fn fd(&self) -> RawFd {
        self.wake.as_raw_fd()
    }

    /// Empty the self-pipe and take the flags (each is cleared).
    pub fn take(&mut self) -> Pending {
        let mut sink = [0u8; 64];
        while matches!((&self.wake).read(&mut sink), Ok(n) if n > 0) {}
        Pending {
            end: self.ending(),
            stop: self.stop.swap(false, Ordering::SeqCst),
            cont: self.cont.swap(false, Ordering::SeqCst),
            resize: self.resize.swap(false, Ordering::SeqCst),
        }
    }

    /// The first ending signal that arrived, without clearing it (a
    /// second one of it still ends the process at once).
    pub fn ending(&self) -> Option<i32> {
        ENDING
            .iter()
            .zip(&self.ending)
            .find(|(_, raised)| raised.load(Ordering::SeqCst))
            .map(|(signal, _)| *signal)
    }

    /// Forget a SIGCONT: the one that ends a stop the reader asked for.
    pub fn forget_cont(&self) {
        self.cont.store(false, Ordering::SeqCst);
    }
}

/// Stop the process as a shell's job: SIGTSTP with its default action (the
/// reader's handler is set aside meanwhile, then put back). Returns when
/// the process is continued, or at once when the kernel discards the stop
/// (an orphaned process group: no shell to come back to).
pub fn stop_as_job() -> io::Result<()> {
    // SAFETY: sigaction(2) with valid pointers to zeroed (valid) structs;
    // the old action is put back as it was, whatever raise did.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        let mut old: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGTSTP, &default, &mut old) != 0 {
            return Err(io::Error::last_os_error());
        }
        let raised = libc::raise(libc::SIGTSTP);
        let restored = libc::sigaction(libc::SIGTSTP, &old, std::ptr::null_mut());
        if raised != 0 || restored != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test, since the handlers are the process's: SIGWINCH and
    /// SIGCONT, raised here, set their flags and wake the pipe; nothing
    /// ends.
    #[test]
    fn a_signal_sets_its_flag_and_wakes_the_pipe() {
        let mut signals = Signals::install().expect("handlers");
        assert!(signals.take().is_empty());
        low_level::raise(SIGWINCH).expect("raise");
        let mut fds = libc::pollfd {
            fd: signals.fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut fds, 1, 5_000) };
        assert_eq!(ready, 1, "the pipe woke");
        let got = signals.take();
        assert!(got.resize && !got.stop && got.end.is_none(), "{got:?}");
        assert!(signals.take().is_empty(), "taken once");
        low_level::raise(SIGCONT).expect("raise");
        assert!(signals.take().cont);
        low_level::raise(SIGCONT).expect("raise");
        signals.forget_cont();
        assert!(!signals.take().cont);
    }
}
