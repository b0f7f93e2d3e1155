//! The log file, end to end: the real binary in a pseudo-terminal with `FOLIO_LOG=debug`
//! and a temporary `FOLIO_LOG_DIR` writes start-up, indexing, the save, the watcher's
//! event and the errors shown; without `FOLIO_LOG` no log file is made.

mod support;

use support::pty::Launch;
use support::pty::user::*;

/// Open martech, save an edit, have the file deleted under the editor, recreate it and
/// quit: the log names each step, and nothing of it went to the terminal.
#[test]
fn e2e_log_debug_records_start_index_save_watch_and_errors() {
    let site = Site::new();
    let logs = tempfile::TempDir::new().expect("temp log dir");
    let launch = Launch::new([site.arg("martech.md")])
        .env("FOLIO_LOG", "debug")
        .env("FOLIO_LOG_DIR", &logs.path().display().to_string());
    let mut tui = reader_on(launch, "martech");
    open_editor(&mut tui, "martech.md");
    tui.keys("<c-o>");
    tui.send("Logged ");
    tui.wait_for("Logged ");
    tui.keys("<c-s>");
    tui.wait_status("Saved");
    std::fs::remove_file(site.file("martech.md")).expect("delete under the editor");
    tui.wait_status("deleted");
    tui.keys("<c-s>");
    tui.wait_for("recreate it");
    tui.send("c");
    tui.wait_status("Saved");
    tui.esc();
    wait_reader(&tui, "martech");
    quit(&mut tui, "q after saving with a log");

    let log = std::fs::read_to_string(logs.path().join("folio.log")).expect("a log file");
    let path = site.file("martech.md").display().to_string();
    for want in [
        "folio started",
        &format!("version=\"{}\"", env!("CARGO_PKG_VERSION")),
        &format!("root={}", site.root().display()),
        "width=100 height=30",
        "indexed",
        "posts=",
        "saved",
        &path,
        "bytes=",
        "file changed on disk",
        "gone=true",
        "error shown to the user",
        "deleted on disk",
        "folio stopped stop=Ok(Some(Quit))",
    ] {
        assert!(log.contains(want), "{want:?} in the log:\n{log}");
    }
    let screen = String::from_utf8_lossy(&tui.raw_output()).into_owned();
    assert!(
        !screen.contains("folio started"),
        "the log never goes to the terminal"
    );
}

/// Without `FOLIO_LOG` nothing is logged: the log folder is not even made.
#[test]
fn e2e_log_off_by_default() {
    let site = Site::new();
    let logs = tempfile::TempDir::new().expect("temp log dir");
    let dir = logs.path().join("logs");
    let launch =
        Launch::new([site.arg("martech.md")]).env("FOLIO_LOG_DIR", &dir.display().to_string());
    let mut tui = reader_on(launch, "martech");
    quit(&mut tui, "q without a log");
    assert!(!dir.exists(), "no log folder without FOLIO_LOG");
}
