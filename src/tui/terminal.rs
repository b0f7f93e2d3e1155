//! Taking over the terminal and always giving it back: on normal exit, on error (the
//! guard's `Drop`), on panic (the hook) and on SIGTERM/SIGHUP (the runtime stops its loop).
//! Raw mode, the alternate screen, mouse capture and bracketed paste are all undone.

use std::io::{BufWriter, Stdout, Write, stdout};

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Write `text` and a newline to stderr, ignoring a failure: after a dropped connection
/// (the terminal gone), `eprintln!` would panic on the way out, and a panic inside the
/// panic hook aborts. What is said there is a courtesy; the work it reports is done.
pub fn tell(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// The terminal type folio draws on: stdout behind a buffer that holds a whole frame, so
/// a frame goes out in one write (ratatui flushes after each), not in the 1 KB pieces of
/// stdout's own line buffer: fewer system calls, and over SSH no half-drawn frame between
/// packets.
pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Bytes the frame buffer holds before it writes: a full 120×40 frame with colours is
/// about 6 KB; a larger screen's frame goes out in a few writes.
const FRAME_BUFFER: usize = 64 * 1024;

/// A backend writing to stdout through the frame buffer.
fn backend() -> CrosstermBackend<BufWriter<Stdout>> {
    CrosstermBackend::new(BufWriter::with_capacity(FRAME_BUFFER, stdout()))
}

/// Restores the terminal when dropped.
pub struct TerminalGuard {
    /// The terminal to draw on.
    pub terminal: Term,
}

/// Put the terminal back: leave raw mode and the alternate screen, stop mouse capture and
/// bracketed paste, show the cursor. Safe to call more than once. Errors are ignored on
/// purpose: this runs on the way out (a panic, a hung-up terminal), where there is no one
/// left to tell and each step must still be tried.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let _ = stdout().flush();
}

/// Install a panic hook that restores the terminal before the panic message is printed,
/// then names the log file (when logging is on); every panic goes to the log.
/// Panics on other threads are left to whoever catches them (workers turn theirs into a
/// status message): restoring the terminal or printing there would wreck the screen of a
/// UI that keeps running.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!(thread = ?std::thread::current().name(), "panic: {info}");
        if std::thread::current().name() == Some("main") {
            restore();
            previous(info);
            if let Some(note) = super::log::panic_note() {
                tell(&note);
            }
        }
    }));
}

/// Enter raw mode, the alternate screen and mouse capture.
pub fn setup() -> std::io::Result<TerminalGuard> {
    install_panic_hook();
    enable_raw_mode()?;
    let guard_on_error = |e| {
        restore();
        e
    };
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
    .map_err(guard_on_error)?;
    let terminal = Terminal::new(backend()).map_err(guard_on_error)?;
    Ok(TerminalGuard { terminal })
}

/// Take the terminal back after another program used it: clear the screen and start from
/// a fresh terminal so the next frame redraws everything. (ratatui's `clear` asks the
/// terminal for the cursor position, which some terminals never answer.)
pub fn resume(terminal: &mut Term) -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        Clear(ClearType::All)
    )?;
    let fresh = Terminal::new(backend())?;
    disarm(terminal);
    *terminal = fresh;
    Ok(())
}

/// Start or stop reporting mouse events (off: the terminal selects text itself).
pub fn set_mouse_capture(on: bool) -> std::io::Result<()> {
    if on {
        execute!(stdout(), EnableMouseCapture)
    } else {
        execute!(stdout(), DisableMouseCapture)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // Every frame is flushed when drawn, but one cut short by a failed write leaves
        // bytes in the frame buffer: they go now, while the alternate screen is up, or
        // (when they cannot) never, not after `restore` onto the user's shell.
        let flushed = self.terminal.backend_mut().flush().is_ok();
        restore();
        if flushed {
            disarm(&mut self.terminal);
        } else {
            forget(&mut self.terminal);
        }
    }
}

/// Make `terminal` safe to drop. ratatui's `Terminal` shows a hidden cursor when dropped
/// and, when it cannot (the terminal is gone: a dropped connection), reports that with
/// `eprintln!`, which panics on a terminal that is gone. The cursor is shown here first;
/// if that fails, the terminal is swapped for a blank one that touches nothing and
/// forgotten ([`restore`] has tried to show the cursor already).
fn disarm(terminal: &mut Term) {
    if terminal.show_cursor().is_ok() {
        return;
    }
    forget(terminal);
}

/// Swap `terminal` for a blank one that touches nothing, and forget it: neither its
/// `Drop` nor its frame buffer's writes anything.
fn forget(terminal: &mut Term) {
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::default()),
    };
    // A fixed viewport asks the terminal nothing, so this cannot fail; if it did, the
    // old terminal would be dropped as before.
    if let Ok(blank) = Terminal::with_options(backend(), options) {
        std::mem::forget(std::mem::replace(terminal, blank));
    }
}
