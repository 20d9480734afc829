//! The signals the reader answers (unix): SIGTERM, SIGHUP and SIGINT end
//! it with the terminal restored and the state saved, and so do the other
//! signals whose default would end it with the terminal raw (SIGQUIT,
//! SIGUSR1, SIGUSR2, SIGALRM); SIGTSTP from
//! outside (`kill -TSTP`) suspends it as Ctrl-Z does; SIGCONT after a stop
//! it did not ask for takes the terminal again and redraws; SIGWINCH
//! resizes it. A handler (one a signal, installed with signal-hook) only
//! sets a flag and writes a byte to a self-pipe, so the input loop's
//! poll(2) wakes and reads the flags between inputs, where it is safe to
//! do anything.
//!
//! A second SIGTERM, SIGHUP or SIGINT while the first is still pending
//! (the loop busy, or stuck writing to a terminal that went away) ends the
//! process at once, with the same status, without restoring anything.

use std::io::{self, Read};
use std::os::fd::{AsRawFd, IntoRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGWINCH,
};
use signal_hook::low_level;

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
        // The write end lives as long as the process: a handler may run
        // at any time after this.
        let write = write.into_raw_fd();
        let flags = ENDING
            .iter()
            .zip(&signals.ending)
            .map(|(&signal, raised)| (signal, raised.clone(), true))
            .chain([
                (SIGTSTP, signals.stop.clone(), false),
                (SIGCONT, signals.cont.clone(), false),
                (SIGWINCH, signals.resize.clone(), false),
            ]);
        for (signal, raised, ends) in flags {
            // One handler a signal (not one for the flag, one for the
            // wake-up and one for the shutdown: fewer to install at start).
            // SAFETY: the action is async-signal-safe: atomics, _exit(2)
            // and send(2) on a descriptor never closed.
            unsafe {
                low_level::register(signal, move || {
                    // The shutdown first, armed only once the flag is set:
                    // a second signal ends the process even if the loop is
                    // stuck.
                    if ends && raised.load(Ordering::SeqCst) {
                        low_level::exit(128 + signal);
                    }
                    raised.store(true, Ordering::SeqCst);
                    // The wake-up after the flag, so that the flag is set
                    // when the loop reads the byte. (A full pipe already
                    // wakes it.)
                    libc::send(write, [1u8].as_ptr().cast(), 1, libc::MSG_DONTWAIT);
                })?;
            }
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

    /// A second SIGTERM (or SIGHUP, SIGINT…) while the first is pending
    /// ends the process at once with status 128 + the signal; the first
    /// only sets its flag. In a child (this test run again), since it
    /// ends the process.
    #[test]
    fn a_second_ending_signal_while_the_first_is_pending_ends_the_process() {
        const CHILD: &str = "REPORT_EXPLORER_TEST_SECOND_SIGNAL";
        if let Some(signal) = std::env::var_os(CHILD) {
            let signal: i32 = signal
                .to_str()
                .and_then(|s| s.parse().ok())
                .expect("signal");
            let signals = Signals::install().expect("handlers");
            low_level::raise(signal).expect("raise");
            assert_eq!(signals.ending(), Some(signal), "the first sets its flag");
            low_level::raise(signal).expect("raise");
            // Not reached: the second ends the process with 128 + signal.
            std::process::exit(3);
        }
        let exe = std::env::current_exe().expect("the test binary");
        for signal in [SIGTERM, SIGHUP, SIGINT, SIGUSR1] {
            let status = std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "term::signals::tests::a_second_ending_signal_while_the_first_is_pending_ends_the_process",
                    "--test-threads=1",
                ])
                .env(CHILD, signal.to_string())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .expect("the child runs");
            assert_eq!(
                status.code(),
                Some(128 + signal),
                "signal {signal}: {status:?}"
            );
        }
    }
}
