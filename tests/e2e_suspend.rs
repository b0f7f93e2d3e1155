//! End-to-end test of Ctrl-Z in a pseudo-terminal: folio runs as a job of a job-control
//! shell, Ctrl-Z gives the terminal back and stops it, `fg` brings it back as it was.

mod support;

use std::time::{Duration, Instant};

use support::pty::user::{
    EXIT_TIMEOUT, START_TIMEOUT, Site, editor_shown, open_editor, quit, reader_on,
};
use support::pty::{Launch, SUSPENDED, Tui, dump, last_row};

/// The state letter of process `pid` from `/proc/PID/stat` (`T` when stopped).
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: the state follows the last ')'.
    stat[stat.rfind(')')? + 1..].trim_start().chars().next()
}

/// Wait until `check` holds, or fail saying `what`.
fn wait(what: &str, timeout: Duration, check: impl Fn() -> bool) {
    let deadline = Instant::now() + timeout;
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// folio on a copy of the sample posts, reading `martech`, as a job of a job-control
/// bash: the site (keep it alive), the terminal and folio's pid. `None`, after saying the
/// test is skipped, without bash.
fn martech_as_a_job() -> Option<(Site, Tui, u32)> {
    if std::process::Command::new("bash")
        .args(["-c", "true"])
        .status()
        .is_err()
    {
        support::skipped("no bash to act as the job-control shell");
        return None;
    }
    let site = Site::new();
    let tui = reader_on(
        Launch::new([site.arg("martech.md")]).job_control(),
        "martech",
    );
    let folio = tui.job_pid().expect("bash runs folio as its child");
    Some((site, tui, folio))
}

/// Ctrl-Z leaves the alternate screen, restores the terminal and stops folio (state `T`);
/// `fg` redraws the reader where it was, and folio still answers keys.
#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_resumes() {
    let Some((_site, mut tui, folio)) = martech_as_a_job() else {
        return;
    };
    assert_eq!(process_state(folio).map(|s| s != 'T'), Some(true));

    tui.keys("<c-z>");
    tui.wait_until("the shell after Ctrl-Z", START_TIMEOUT, |s| {
        !s.alternate_screen() && s.contents().contains(SUSPENDED)
    });
    wait("folio to stop", EXIT_TIMEOUT, || {
        process_state(folio) == Some('T')
    });
    {
        let parser = tui.parser();
        let screen = parser.screen();
        assert!(!screen.hide_cursor(), "cursor hidden while suspended");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting left on while suspended:\n{}",
            dump(screen)
        );
    }

    // Enter ends the shell's `read`; its `fg` continues folio.
    tui.keys("<enter>");
    let screen = tui.wait_until("the reader back after fg", START_TIMEOUT, |s| {
        s.alternate_screen() && last_row(s).contains("martech · line 1/")
    });
    assert!(screen.contains("MarTech"), "content not redrawn:\n{screen}");
    assert_ne!(process_state(folio), Some('T'), "folio still stopped");

    tui.send("j");
    tui.wait_until("a key answered after resuming", EXIT_TIMEOUT, |s| {
        last_row(s).contains("martech · line 2/")
    });
    quit(&mut tui, "quit after suspend and resume");
}

/// Ctrl-Z in the editor suspends too (as in vim), and `fg` comes back to the editor.
#[test]
fn ctrl_z_in_the_editor_suspends_and_fg_returns_to_it() {
    let Some((_site, mut tui, folio)) = martech_as_a_job() else {
        return;
    };
    open_editor(&mut tui, "martech.md");
    tui.keys("<c-z>");
    tui.wait_until("the shell after Ctrl-Z in the editor", START_TIMEOUT, |s| {
        !s.alternate_screen() && s.contents().contains(SUSPENDED)
    });
    wait("folio to stop", EXIT_TIMEOUT, || {
        process_state(folio) == Some('T')
    });
    tui.keys("<enter>");
    tui.wait_until("the editor back after fg", START_TIMEOUT, |s| {
        s.alternate_screen() && editor_shown(s)
    });
    tui.esc();
    tui.wait_until("the reader after closing the editor", EXIT_TIMEOUT, |s| {
        !editor_shown(s) && last_row(s).contains("martech")
    });
    quit(&mut tui, "quit after suspending the editor");
}
