//! End-to-end regression tests of folio's data-safety promises (issue: "eight bugs found
//! trying folio as a user would"): the real binary in a pseudo-terminal, keys typed as a
//! user would, files checked on disk. Each test failed on the build before the fix.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use support::pty::user::*;
use support::pty::{Launch, Tui, dump, last_row};
use tempfile::TempDir;

const PASTE_START: &str = "\x1b[200~";
const PASTE_END: &str = "\x1b[201~";

/// `folio list --json DIR` parsed.
fn list_json(root: &Path) -> serde_json::Value {
    support::cli::folio_on(&["list", "--json"], root)
        .succeeded()
        .json()
}

/// The tags `folio list --json` reads for the post `slug`.
fn listed_tags(root: &Path, slug: &str) -> Vec<serde_json::Value> {
    let list = list_json(root);
    let post = list
        .as_array()
        .and_then(|posts| posts.iter().find(|p| p["slug"] == slug))
        .unwrap_or_else(|| panic!("{slug} is listed"));
    post["tags"].as_array().cloned().unwrap_or_default()
}

/// Send `signal` (a `kill` signal name) to folio.
fn signal(tui: &Tui, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &tui.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} failed");
}

/// Typing `, 0x10` into `#`: the file gets a quoted `"0x10"` and `folio list --json` reads
/// back the string "0x10", not the number 16.
#[test]
fn e2e_safety_retypable_tag_reads_back_as_typed() {
    let site = Site::new();
    let mut tui = reader_on(Launch::new([site.arg("martech.md")]), "martech");
    tui.send("#");
    tui.wait_status("tags (comma-separated, Tab completes): post, MarTech, Automation");
    tui.send(", 0x10, yes");
    tui.wait_status("Automation, 0x10, yes");
    tui.keys("<enter>");
    tui.wait_status("Tags saved");
    let text = String::from_utf8(site.read("martech.md")).expect("UTF-8");
    assert!(
        text.contains("  - \"0x10\"\n  - \"yes\"\n"),
        "the new tags are quoted:\n{text}"
    );
    let tags = listed_tags(site.root(), "martech");
    assert!(
        tags.contains(&serde_json::json!("0x10")) && tags.contains(&serde_json::json!("yes")),
        "list --json reads the tags back as typed: {tags:?}"
    );
    quit(&mut tui, "q after the tag edit");
}

/// Under umask 022, a post made with `n` is 0644 (readable by a site build or a colleague),
/// not the 0600 of a temporary file.
#[cfg(unix)]
#[test]
fn e2e_safety_new_post_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    let launch = Launch::new([site.root().display().to_string()]).umask(0o022);
    let mut tui = library_on(launch, 32);
    tui.send("n");
    tui.wait_status("new post title: ");
    tui.send("Umask Check");
    tui.keys("<enter>");
    tui.wait_for(" Front matter · umask-check.md");
    let mode = std::fs::metadata(site.file("umask-check.md"))
        .expect("the new post exists")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644, "mode {mode:o}");
    tui.esc();
    tui.wait_gone(" Front matter · ");
    quit(&mut tui, "q after the new post");
}

/// A paste is text, never keys: `hello q world` pasted in the library does not quit (it
/// is ignored with a message), and pasted into the editor it is inserted as one edit.
#[test]
fn e2e_safety_paste_is_text_not_commands() {
    let site = Site::new();
    let mut tui = reader_on(Launch::new([site.arg("martech.md")]), "martech");
    tui.send(&format!("{PASTE_START}hello q world{PASTE_END}"));
    tui.wait_status("Paste ignored");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        tui.parser().screen().alternate_screen(),
        "folio must still run after a paste:\n{}",
        dump(tui.parser().screen())
    );

    open_editor(&mut tui, "martech.md");
    tui.keys("<c-o>");
    tui.send(&format!("{PASTE_START}pasted q text{PASTE_END}"));
    tui.wait_for("pasted q text");
    tui.keys("<c-s>");
    tui.wait_status("Saved");
    let text = String::from_utf8(site.read("martech.md")).expect("UTF-8");
    assert!(
        text.contains("---\npasted q text\n![What Is MarTech?"),
        "the paste went into the body:\n{text}"
    );
    tui.esc();
    wait_reader(&tui, "martech");
    quit(&mut tui, "q after pasting");
    // Bracketed paste is switched off again on the way out.
    let raw = tui.raw_output();
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(200)..]).into_owned();
    assert!(
        tail.contains("\x1b[?2004l"),
        "paste mode restored: {tail:?}"
    );
}

/// SIGHUP (a dropped SSH connection) or SIGTERM right after typing, well inside the two
/// seconds between journal writes: the edits are journalled on the way out and offered
/// back on the next start.
#[test]
fn e2e_safety_hangup_right_after_typing_keeps_the_edit() {
    for sig in ["HUP", "TERM"] {
        let site = Site::new();
        let data = TempDir::new().expect("temp data dir");
        let launch = || Launch::new([site.arg("martech.md")]).data_dir(data.path());
        let mut tui = reader_on(launch(), "martech");
        open_editor(&mut tui, "martech.md");
        tui.keys("<c-o>");
        let words = format!("Typed just before SIG{sig}");
        tui.send(&words);
        tui.wait_for(&words);
        assert!(journal_files(data.path()).is_empty(), "no journal yet");
        signal(&tui, sig);
        tui.wait_exit(EXIT_TIMEOUT);
        assert!(
            !tui.parser().screen().alternate_screen(),
            "SIG{sig}: the terminal is given back"
        );
        drop(tui);
        assert_eq!(journal_files(data.path()).len(), 1, "SIG{sig}: a journal");

        let mut tui = reader_on(launch(), "martech");
        tui.send("e");
        tui.wait_for("restore them");
        tui.send("r");
        tui.wait_gone("restore them");
        tui.wait_for(&words);
        tui.keys("<c-s>");
        tui.wait_status("Saved");
        tui.esc();
        wait_reader(&tui, "martech");
        quit(&mut tui, "q after restoring");
        let text = String::from_utf8(site.read("martech.md")).expect("UTF-8");
        assert!(text.contains(&words), "SIG{sig}: the edit was saved");
    }
}

/// When journals cannot be written (the data folder is a file), the editor says at once
/// that unsaved edits are NOT being journalled.
#[test]
fn e2e_safety_failed_journal_is_reported() {
    let site = Site::new();
    let data = TempDir::new().expect("temp dir");
    let not_a_folder = data.path().join("data-file");
    std::fs::write(&not_a_folder, "not a folder").expect("write");
    let launch = Launch::new([site.arg("martech.md")]).data_dir(&not_a_folder);
    // The status line first says review marks are off (they have nowhere to go either).
    let mut tui = launch.spawn();
    tui.wait_for_within("Review marks are off", START_TIMEOUT);
    open_editor(&mut tui, "martech.md");
    tui.keys("<c-o>");
    tui.send("unprotected");
    let screen = tui.wait_until("the journal warning", Duration::from_secs(6), |s| {
        last_row(s).contains("NOT being journalled")
    });
    assert!(screen.contains("unprotected"), "{screen}");
    tui.keys("<c-s>");
    tui.wait_status("Saved");
    tui.esc();
    wait_reader(&tui, "martech");
    quit(&mut tui, "q after saving");
}

/// `E` runs `$EDITOR` split as a shell would (a path with a space, a quoted argument),
/// without a shell, at the reader's line for an editor that takes `+LINE`.
#[cfg(unix)]
#[test]
fn e2e_safety_editor_setting_with_spaces_and_line() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    let tools = TempDir::new().expect("temp dir");
    let bin = tools.path().join("my tools");
    std::fs::create_dir(&bin).expect("mkdir");
    let args_file = tools.path().join("args.txt");
    let script = bin.join("vim");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}'\n",
            args_file.display()
        ),
    )
    .expect("write the fake editor");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let setting = format!("'{}' --flag \"two words\"", script.display());
    let launch = Launch::new([site.arg("martech.md")]).env("EDITOR", &setting);
    let mut tui = reader_on(launch.env("VISUAL", ""), "martech");
    tui.send(" ");
    tui.wait_until("a page down", support::pty::TIMEOUT, |s| {
        !last_row(s).contains("line 1/")
    });
    tui.send("E");
    tui.wait_status("Back from");
    let args = std::fs::read_to_string(&args_file).expect("the fake editor ran");
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(args.len(), 4, "{args:?}");
    assert_eq!(&args[..2], ["--flag", "two words"]);
    let line: usize = args[2]
        .strip_prefix('+')
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("+LINE expected, got {:?}", args[2]));
    let total = site.read("martech.md").split(|&b| b == b'\n').count();
    assert!(line > 5 && line < total, "line {line} of {total}");
    assert_eq!(args[3], site.arg("martech.md"));
    quit(&mut tui, "q after the external editor");
}

/// A child process killed if the test fails before it exits.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The connection drops while folio shows a post, idle: the terminal's other end closes
/// and every read and write fails. folio exits on its own, without a panic (it exited 101:
/// ratatui's terminal, dropped on the way out, reported a cursor it could not show with
/// `eprintln!`, which panics on a terminal that is gone), promptly and without spinning
/// on the dead terminal meanwhile.
#[test]
#[cfg(target_os = "linux")]
fn e2e_safety_gone_terminal_exits_without_a_panic() {
    use std::io::Read;
    use std::time::Instant;

    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    let site = Site::new();
    let data = TempDir::new().expect("temp data dir");
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
        .expect("a pseudo-terminal");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let winsize = rustix::termios::Winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    rustix::termios::tcsetwinsize(&master, winsize).expect("a terminal size");
    let name = ptsname(&master, Vec::new()).expect("its name");
    let tty = || {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_str().expect("a UTF-8 name"))
            .expect("open the terminal")
    };
    let child = support::cli::folio_command()
        .arg(site.arg("martech.md"))
        .env("FOLIO_DATA_DIR", data.path())
        .stdin(tty())
        .stdout(tty())
        .stderr(tty())
        .spawn()
        .expect("run folio");
    let mut child = KillOnDrop(child);
    // Wait until folio has drawn the post and its status line, then until it is idle.
    let mut screen = Vec::new();
    let mut master = std::fs::File::from(master);
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut buf = [0; 4096];
    while !String::from_utf8_lossy(&screen).contains("line 1/") {
        assert!(
            Instant::now() < deadline,
            "folio drew no post: {:?}",
            String::from_utf8_lossy(&screen)
        );
        let n = master.read(&mut buf).expect("read the terminal");
        screen.extend_from_slice(&buf[..n]);
    }
    // Idle: its CPU time stands still (the index and the watch are done).
    let stat = format!("/proc/{}/stat", child.0.id());
    let mut before = cpu_ticks(&stat).expect("folio runs");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = cpu_ticks(&stat).expect("folio runs");
        if now == before {
            break;
        }
        assert!(Instant::now() < deadline, "folio never went idle");
        before = now;
    }
    // The connection drops. The terminal is not folio's controlling one here, so no
    // SIGHUP comes: folio must notice by itself.
    drop(master);
    let deadline = Instant::now() + Duration::from_secs(10);
    // Its CPU time once it has exited (a zombie, not reaped yet, still tells it).
    let mut after = before;
    let status = loop {
        match std::fs::read_to_string(&stat) {
            Ok(text)
                if text
                    .rsplit(')')
                    .next()
                    .is_some_and(|t| t.trim_start().starts_with('Z')) =>
            {
                after = cpu_ticks(&stat).unwrap_or(after);
                break child.0.wait().expect("reap folio");
            }
            Ok(_) => after = cpu_ticks(&stat).unwrap_or(after),
            Err(_) => break child.0.wait().expect("reap folio"),
        }
        assert!(Instant::now() < deadline, "folio did not exit");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_ne!(status.code(), Some(101), "a panic on the way out");
    assert!(status.code().is_some(), "exited, not killed: {status:?}");
    // crossterm reads a gone terminal in a loop that never returns: folio spun a core
    // (20 and more ticks of 10 ms) until its next draw failed.
    assert!(
        after - before <= 5,
        "folio used {} ms of CPU between the hang-up and its exit",
        (after - before) * 10
    );
}

/// The user and system CPU time of the process whose `/proc/PID/stat` is `stat`, in clock
/// ticks.
fn cpu_ticks(stat: &str) -> Option<u64> {
    let text = std::fs::read_to_string(stat).ok()?;
    // Fields after the command name (which may hold spaces, in parentheses): state is
    // the 3rd field, utime and stime the 14th and 15th.
    let rest: Vec<&str> = text.rsplit(')').next()?.split_whitespace().collect();
    let field = |n: usize| rest.get(n - 3)?.parse::<u64>().ok();
    Some(field(14)? + field(15)?)
}
