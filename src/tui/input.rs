//! The input thread: terminal events (keys, mouse, paste, resize) onto the runtime's
//! channel, and the end of the terminal noticed.
//!
//! It waits on the terminal itself (`poll` on stdin, and a pipe that SIGWINCH writes to)
//! before it asks crossterm for events. crossterm 0.29 reads a terminal that is gone (the
//! connection dropped, the pane closed) in a loop that never returns and keeps a core busy
//! (crossterm issue 793): once stdin hangs up, it is never called again. The
//! thread says the terminal is gone instead and the runtime stops as on SIGHUP, which does
//! not always come (a terminal that is not folio's controlling one, a parent ignoring it).
//! What is left is a hang-up within the microseconds between the wait and crossterm's
//! read; the runtime's next draw fails then, and folio exits all the same. Where the
//! terminal cannot be polled (macOS's `poll` refuses devices), crossterm waits as before.

use std::io::Read as _;
use std::os::fd::AsFd as _;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use crossterm::event::Event as TermEvent;
use rustix::event::{PollFd, PollFlags, Timespec};

use super::Event;

/// How long one wait lasts before the thread looks at its pause flag again.
const WAIT: Duration = Duration::from_millis(50);

/// Lets the runtime stop the input thread from reading while another program (an
/// external editor, the shell after Ctrl-Z) has the terminal.
#[derive(Clone, Default)]
pub(super) struct InputPause {
    paused: Arc<AtomicBool>,
    idle: Arc<AtomicBool>,
}

impl InputPause {
    /// Stop reading input; returns once the reader is idle.
    pub(super) fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        let start = Instant::now();
        while !self.idle.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub(super) fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

/// What one wait on the terminal found.
#[derive(Debug, PartialEq, Eq)]
enum Woke {
    /// Bytes to read.
    Input,
    /// The window changed size.
    Resized,
    /// Nothing within the wait.
    Nothing,
    /// The terminal cannot be polled (macOS's `poll` refuses terminals).
    Unpollable,
    /// The terminal hung up or cannot be waited on.
    Gone(String),
}

/// How the input thread waits.
enum Waiter {
    /// On the terminal itself and on a pipe SIGWINCH writes to (see the module notes).
    Itself(UnixStream),
    /// Inside crossterm, as before: where the terminal cannot be polled, or no pipe could
    /// be made. A hang-up is then noticed by a failed draw, or SIGHUP.
    Crossterm,
}

impl Waiter {
    fn wait(&mut self) -> Woke {
        match self {
            Waiter::Itself(resized) => wait(resized),
            Waiter::Crossterm => match crossterm::event::poll(WAIT) {
                Ok(true) => Woke::Input,
                Ok(false) => Woke::Nothing,
                Err(e) => Woke::Gone(e.to_string()),
            },
        }
    }
}

/// Read terminal events onto `tx` until the channel closes or the terminal is gone (then
/// `stop` is set and an event wakes the runtime to see it).
pub(super) fn spawn(tx: Sender<Event>, pause: InputPause, stop: Arc<AtomicBool>) {
    let mut waiter = match resize_pipe() {
        Ok(pipe) => Waiter::Itself(pipe),
        Err(e) => {
            tracing::warn!(error = %e, "no resize pipe: crossterm waits for input");
            Waiter::Crossterm
        }
    };
    std::thread::spawn(move || {
        loop {
            if pause.paused.load(Ordering::SeqCst) {
                pause.idle.store(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
            pause.idle.store(false, Ordering::SeqCst);
            let sent = match waiter.wait() {
                Woke::Input => match read_ready(&tx) {
                    Ok(sent) => sent,
                    Err(why) => {
                        terminal_gone(&stop, &tx, &why);
                        return;
                    }
                },
                Woke::Resized => match crossterm::terminal::size() {
                    Ok((w, h)) => tx.send(Event::Terminal(TermEvent::Resize(w, h))).is_ok(),
                    Err(_) => true,
                },
                Woke::Nothing => true,
                Woke::Unpollable => {
                    tracing::info!("the terminal cannot be polled: crossterm waits for input");
                    waiter = Waiter::Crossterm;
                    true
                }
                Woke::Gone(why) => {
                    terminal_gone(&stop, &tx, &why);
                    return;
                }
            };
            if !sent {
                return;
            }
        }
    });
}

/// A pipe SIGWINCH writes a byte to, read end (non-blocking), for [`wait`].
fn resize_pipe() -> std::io::Result<UnixStream> {
    let (read, write) = UnixStream::pair()?;
    read.set_nonblocking(true)?;
    write.set_nonblocking(true)?;
    signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, write)?;
    Ok(read)
}

/// Wait up to [`WAIT`] for input on stdin or a resize (a byte on `resized`).
fn wait(resized: &mut UnixStream) -> Woke {
    let stdin = std::io::stdin();
    let stdin = stdin.as_fd();
    let timeout = Timespec::try_from(WAIT).unwrap_or_default();
    let (input, signal) = {
        let mut fds = [
            PollFd::new(&stdin, PollFlags::IN),
            PollFd::new(&*resized, PollFlags::IN),
        ];
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(_) => (fds[0].revents(), fds[1].revents()),
            Err(rustix::io::Errno::INTR) => return Woke::Nothing,
            Err(e) => return Woke::Gone(format!("cannot wait on the terminal: {e}")),
        }
    };
    if input.contains(PollFlags::NVAL) {
        return Woke::Unpollable;
    }
    if input.intersects(PollFlags::HUP | PollFlags::ERR) {
        return Woke::Gone("the terminal hung up".to_owned());
    }
    if input.contains(PollFlags::IN) {
        return Woke::Input;
    }
    if !signal.is_empty() {
        // Empty the pipe first: a signal arriving meanwhile wakes the next wait.
        let mut bytes = [0; 64];
        while matches!(resized.read(&mut bytes), Ok(n) if n > 0) {}
        return Woke::Resized;
    }
    Woke::Nothing
}

/// Every event crossterm has ready, onto `tx`; whether the channel is still open, or why
/// the terminal cannot be read.
fn read_ready(tx: &Sender<Event>) -> Result<bool, String> {
    loop {
        let ready = crossterm::event::poll(Duration::ZERO).map_err(|e| e.to_string())?;
        if !ready {
            return Ok(true);
        }
        let event = crossterm::event::read().map_err(|e| e.to_string())?;
        if tx.send(Event::Terminal(event)).is_err() {
            return Ok(false);
        }
    }
}

/// The terminal cannot be read any more (its other end closed): stop as on SIGHUP (the
/// event loop journals unsaved edits and exits), instead of running on without input
/// until something happens to draw.
fn terminal_gone(stop: &AtomicBool, tx: &Sender<Event>, why: &str) {
    tracing::warn!(why, "the terminal is gone");
    stop.store(true, Ordering::Relaxed);
    // Wake the runtime now rather than at its next tick; if it is gone already, so much
    // the better.
    let _ = tx.send(Event::App(crate::app::Msg::Tick));
}
