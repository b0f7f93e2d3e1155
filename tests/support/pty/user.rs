//! Driving folio as a user would, shared by the end-to-end test files: a temporary copy of
//! `sample-posts` to work on, byte-level checks of files, and waiting for the screens folio
//! shows (library, reader, editor) and for a clean exit.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;

use super::{Launch, Tui, dump, last_row, screen_row};

/// How long a process gets to exit once asked to.
pub const EXIT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the first frame may take (tests run two at a time on a small machine).
pub const START_TIMEOUT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------
// A site to edit: a temporary copy of sample-posts
// ---------------------------------------------------------------------------------------

/// A temporary copy of `sample-posts`.
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// A fresh copy (see [`crate::support::fs::temp_sample`]).
    pub fn new() -> Site {
        Site {
            dir: crate::support::fs::temp_sample(),
        }
    }

    /// The copy's root folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The path of `name` in the copy.
    pub fn file(&self, name: &str) -> PathBuf {
        self.root().join(name)
    }

    /// The bytes of `name`.
    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.file(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
    }

    /// Write `bytes` to `name`.
    pub fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.file(name), bytes).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }

    /// The path of `name`, as a command-line argument.
    pub fn arg(&self, name: &str) -> String {
        self.file(name).display().to_string()
    }
}

/// `text` with the first `from` replaced by `to`; panics if `from` is not there.
pub fn replaced(text: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = std::str::from_utf8(text).expect("UTF-8");
    assert!(text.contains(from), "{from:?} is not in the text");
    text.replacen(from, to, 1).into_bytes()
}

/// The lines of `bytes`, each with its line ending.
pub fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

/// The 0-based numbers of the lines that differ; panics if the line counts differ.
pub fn changed_lines(before: &[u8], after: &[u8]) -> Vec<usize> {
    let (a, b) = (lines(before), lines(after));
    assert_eq!(
        a.len(),
        b.len(),
        "the number of lines changed:\n--- before\n{}\n--- after\n{}",
        String::from_utf8_lossy(before),
        String::from_utf8_lossy(after)
    );
    (0..a.len()).filter(|&i| a[i] != b[i]).collect()
}

/// Byte-for-byte equality with a readable failure.
#[track_caller]
pub fn assert_bytes(actual: &[u8], expected: &[u8], what: &str) {
    assert!(
        actual == expected,
        "{what}: the bytes differ\n--- expected\n{:?}\n--- actual\n{:?}",
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(actual)
    );
}

// ---------------------------------------------------------------------------------------
// Driving folio
// ---------------------------------------------------------------------------------------

/// Start `folio FILE` (the reader on that post) and wait until the post is shown and the
/// site indexed (the post shows before its index; links, backlinks and edits need it).
pub fn reader_on(launch: Launch, slug: &str) -> Tui {
    let tui = launch.spawn();
    let want = format!("{slug} · line 1/");
    tui.wait_until(&format!("the reader on {slug}"), START_TIMEOUT, |s| {
        last_row(s).contains(&want) && indexed(s)
    });
    tui
}

/// Whether the status line says the site is indexed: its problem counts (` · ✗ 3 ! 12`)
/// show once the links are checked.
pub fn indexed(screen: &vt100::Screen) -> bool {
    last_row(screen).contains(" · ✗ ")
}

/// Start `folio DIR` and wait for the library with all `total` posts.
pub fn library_on(launch: Launch, total: usize) -> Tui {
    let tui = launch.spawn();
    let counted = format!("{total} / {total} posts");
    tui.wait_until("the library's first frame", START_TIMEOUT, |s| {
        s.contents().contains("All posts") && last_row(s).contains(&counted)
    });
    tui
}

/// `e` from the reader or library: wait for the editor on `file` (relative to the root).
pub fn open_editor(tui: &mut Tui, file: &str) -> String {
    tui.send("e");
    tui.wait_for(&format!(" Front matter · {file}"))
}

/// Whether the editor is on screen.
pub fn editor_shown(screen: &vt100::Screen) -> bool {
    screen.contents().contains(" Front matter · ")
}

/// Wait until the editor has closed and the reader is back (its status line shows where
/// in `slug` it is, or a message followed by the reader's key hints).
pub fn wait_reader(tui: &Tui, slug: &str) -> String {
    let want = format!("{slug} · line");
    tui.wait_until(&format!("the reader on {slug}"), super::TIMEOUT, |s| {
        let status = last_row(s);
        !editor_shown(s) && (status.contains(&want) || status.contains("Tab next link"))
    })
}

/// The process ended on its own, with status 0, and gave the terminal back: main screen,
/// cursor visible, no mouse reporting.
pub fn assert_exited_cleanly(tui: &mut Tui, why: &str) {
    let status = tui.wait_exit(EXIT_TIMEOUT);
    let parser = tui.parser();
    let screen = parser.screen();
    assert!(
        status.success(),
        "{why}: folio should exit with status 0, got {status:?}; the screen:\n{}",
        dump(screen)
    );
    assert!(
        !screen.alternate_screen(),
        "{why}: the terminal is still on the alternate screen:\n{}",
        dump(screen)
    );
    assert!(
        !screen.hide_cursor(),
        "{why}: the cursor is still hidden after exit"
    );
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "{why}: mouse reporting is still on after exit"
    );
}

/// `q` from the reader or library, and a clean exit.
pub fn quit(tui: &mut Tui, why: &str) {
    tui.send("q");
    assert_exited_cleanly(tui, why);
}

/// Fail unless folio is still running after `keys` (it must never quit silently).
pub fn assert_running(tui: &Tui, after: &str) {
    // Give a wrongly quitting folio the time to leave the alternate screen.
    std::thread::sleep(Duration::from_millis(300));
    let parser = tui.parser();
    assert!(
        parser.screen().alternate_screen() && editor_shown(parser.screen()),
        "after {after} folio should still be in the editor:\n{}",
        dump(parser.screen())
    );
}

/// The count shown for `#tag` in the library's tag pane.
pub fn tag_count(screen: &vt100::Screen, tag: &str) -> Option<usize> {
    let (rows, _) = screen.size();
    let name = format!("#{tag} ");
    (0..rows.get()).find_map(|r| {
        let row = screen_row(screen, r);
        let cell = row.split('│').find(|c| c.trim_start().starts_with(&name))?;
        cell.split_whitespace().last()?.parse().ok()
    })
}

/// The rows of the screen that contain `text`.
pub fn rows_with(screen: &str, text: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| l.contains(text))
        .map(str::to_owned)
        .collect()
}

/// The files in the recovery folder of the data folder `data`.
pub fn journal_files(data: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data.join("recovery"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}
