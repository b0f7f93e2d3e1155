//! Saves that fail, through the model and the runtime's own effect interpreter on real
//! files in a temporary folder: a folder in the file's place (EISDIR), a path whose folder
//! became a file (ENOTDIR), a missing folder (ENOENT), a file deleted under the editor.
//! In every case the file on disk is untouched, no temp file is left, the edits stay in the
//! editor, and the prompt offers to save elsewhere, retry or discard (or to recreate a
//! deleted file). Errors no folder here can produce for root (a full disk, an immutable
//! folder) are injected in `core::save`'s unit tests and met for real in `e2e_save_failures`.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use folio::app::editor::Prompt;
use folio::app::input::Purpose;
use folio::app::{App, Effect, Msg, Screen, Tone};
use support::fs::site;
use support::model::{app_for, drive, ed, index, keys, keys_io, message, perform};

const POST: &str = "---\ntitle: Post\ndate: 2024-01-02\n---\nThe body.\n";
const OTHER: &str = "---\ntitle: Other\ndate: 2024-01-03\n---\nOther body.\n";

/// A site with `sub/post.md` and `other.md`, the editor open on `sub/post.md` with
/// `Mine` typed at the start of the body. Returns the folder, the app and the post's path.
fn editing() -> (tempfile::TempDir, App, PathBuf) {
    let dir = site(&[("sub/post.md", POST), ("other.md", OTHER)]);
    let mut app = app_for(dir.path());
    let path = dir.path().join("sub/post.md");
    let id = index(&app).find("sub/post.md").expect("indexed");
    let effects = perform(
        &mut app,
        [Effect::OpenEditor {
            post: Some(id),
            path: path.clone(),
        }],
        None,
    );
    assert!(effects.is_empty(), "{effects:?}");
    keys(&mut app, "<c-o>Mine ");
    assert_eq!(app.screen, Screen::Editor);
    (dir, app, path)
}

/// Every name under `dir`, recursively, sorted (to see that no temp file is left).
fn tree(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = walk(dir)
        .iter()
        .map(|p| p.strip_prefix(dir).expect("inside").display().to_string())
        .collect();
    names.sort();
    names
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path);
    }
    out
}

/// The edits are still in the editor, unsaved.
fn assert_edits_kept(app: &App) {
    assert_eq!(app.screen, Screen::Editor);
    assert!(ed(app).is_dirty());
    assert_eq!(ed(app).body.lines()[0], "Mine The body.");
}

/// The failure prompt is up for `words`, and the status line says what failed and what
/// the user can do.
fn assert_failed(app: &App, words: &str) {
    let Some(Prompt::SaveFailed(why)) = &ed(app).prompt else {
        panic!("the save-failed prompt: {:?}", ed(app).prompt);
    };
    assert!(why.contains(words), "{why}");
    let (tone, text) = message(app);
    assert_eq!(tone, Tone::Error);
    for want in [
        "Not saved",
        words,
        "untouched",
        "w save elsewhere",
        "r retry",
        "d discard",
    ] {
        assert!(text.contains(want), "{want:?} in {text}");
    }
    assert_edits_kept(app);
}

/// A folder in the file's place: the save fails in plain words, the folder is untouched,
/// no temp file; `r` retries once the file is back, and that save succeeds.
#[test]
fn save_failure_folder_in_place_then_retry() {
    let (dir, mut app, path) = editing();
    fs::remove_file(&path).expect("remove");
    fs::create_dir(&path).expect("a folder in its place");
    let before = tree(dir.path());
    keys_io(&mut app, "<c-s>", None);
    assert_failed(&app, "a folder is in the file's place");
    assert!(path.is_dir());
    assert_eq!(tree(dir.path()), before, "nothing written, no temp file");

    fs::remove_dir(&path).expect("rmdir");
    fs::write(&path, POST).expect("the file is back");
    keys_io(&mut app, "r", None);
    assert_eq!(ed(&app).prompt, None);
    assert!(!ed(&app).is_dirty());
    assert!(
        fs::read_to_string(&path)
            .expect("read")
            .contains("Mine The body.")
    );
    assert!(message(&app).1.starts_with("Saved"));
}

/// The post's folder became a file (ENOTDIR): `w` asks for a path (the file's own,
/// relative to the root, to edit), and saving at a new name writes the edits there; the
/// editor then edits that file and the index has it.
#[test]
fn save_failure_not_a_folder_then_save_elsewhere() {
    let (dir, mut app, path) = editing();
    fs::remove_dir_all(dir.path().join("sub")).expect("rm sub");
    fs::write(dir.path().join("sub"), "a file").expect("sub is a file");
    keys_io(&mut app, "<c-s>", None);
    assert_failed(&app, "part of the path is a file");
    keys_io(&mut app, "w", None);
    let input = app.input.clone().expect("a path is asked for");
    assert_eq!(input.purpose, Purpose::SaveAs);
    assert_eq!(input.text, "sub/post.md");
    let effects = keys_io(&mut app, "<c-u>rescued.md<enter>", None);
    let new = dir.path().join("rescued.md");
    assert!(
        effects.contains(&Effect::ClearJournal(path.clone())),
        "{effects:?}"
    );
    assert!(
        effects.contains(&Effect::Reindex(new.clone())),
        "{effects:?}"
    );
    let text = fs::read_to_string(&new).expect("saved elsewhere");
    assert!(text.starts_with("---\ntitle: Post\n") && text.contains("Mine The body."));
    assert_eq!(ed(&app).path, new);
    assert!(!ed(&app).is_dirty());
    assert_eq!(
        message(&app),
        (Tone::Info, format!("Saved as {}", new.display()))
    );
    assert!(index(&app).find("rescued.md").is_some());
    assert_eq!(
        fs::read_to_string(dir.path().join("sub")).expect("read"),
        "a file"
    );
}

/// Saving elsewhere over an existing file asks first: `n` writes nothing, `y` overwrites.
/// A folder that does not exist fails in plain words and asks again.
#[test]
fn save_elsewhere_refuses_to_overwrite_unless_confirmed() {
    let (dir, mut app, path) = editing();
    fs::remove_file(&path).expect("remove");
    fs::create_dir(&path).expect("a folder in its place");
    keys_io(&mut app, "<c-s>", None);
    keys_io(&mut app, "w<c-u>nowhere/x.md<enter>", None);
    assert_failed(&app, "the folder does not exist");
    assert!(!dir.path().join("nowhere").exists());

    let other = dir.path().join("other.md");
    keys_io(&mut app, "w<c-u>other.md<enter>", None);
    assert!(
        matches!(&ed(&app).prompt, Some(Prompt::ConfirmOverwrite(p, _)) if *p == other),
        "{:?}",
        ed(&app).prompt
    );
    keys_io(&mut app, "n", None);
    assert_eq!(fs::read_to_string(&other).expect("read"), OTHER);
    assert_edits_kept(&app);
    assert_eq!(ed(&app).prompt, None);

    keys_io(&mut app, "<c-s>", None);
    keys_io(&mut app, "w<c-u>other.md<enter>y", None);
    assert!(
        fs::read_to_string(&other)
            .expect("read")
            .contains("Mine The body.")
    );
    assert_eq!(ed(&app).path, other);
    assert!(!ed(&app).is_dirty());
}

/// `d` asks before throwing the edits away: `n` keeps them, `y` closes the editor and
/// forgets the journal; the file on disk is never touched. Esc keeps editing.
#[test]
fn save_failure_discard_asks_first() {
    let (_dir, mut app, path) = editing();
    fs::remove_file(&path).expect("remove");
    fs::create_dir(&path).expect("a folder in its place");
    keys_io(&mut app, "<c-s>", None);
    keys_io(&mut app, "<esc>", None);
    assert_eq!(ed(&app).prompt, None);
    assert_edits_kept(&app);
    keys_io(&mut app, "<c-s>d", None);
    assert_eq!(ed(&app).prompt, Some(Prompt::ConfirmDiscard));
    keys_io(&mut app, "n", None);
    assert_edits_kept(&app);
    keys_io(&mut app, "<c-s>", None);
    let effects = keys_io(&mut app, "dy", None);
    assert!(app.editor.is_none(), "discarded");
    assert_ne!(app.screen, Screen::Editor);
    assert!(
        effects.contains(&Effect::ClearJournal(path.clone())),
        "{effects:?}"
    );
    assert!(path.is_dir());
}

/// A save that fails on the way out (Esc, `s`) keeps the editor open; saving elsewhere
/// then finishes the close that was asked for.
#[test]
fn save_failure_on_close_closes_after_saving_elsewhere() {
    let (dir, mut app, path) = editing();
    fs::remove_file(&path).expect("remove");
    fs::create_dir(&path).expect("a folder in its place");
    keys_io(&mut app, "<esc>s", None);
    assert_failed(&app, "a folder is in the file's place");
    keys_io(&mut app, "w<c-u>kept.md<enter>", None);
    assert!(app.editor.is_none(), "closed after the edits were saved");
    assert!(
        fs::read_to_string(dir.path().join("kept.md"))
            .expect("read")
            .contains("Mine")
    );
}

/// A file deleted under the editor: the timer's check reports it on the status line;
/// Ctrl-S offers to recreate it (not the conflict prompt), and `c` writes it again.
#[test]
fn save_deleted_file_is_reported_and_recreated() {
    let (_dir, mut app, path) = editing();
    fs::remove_file(&path).expect("delete");
    let effects = drive(&mut app, (0..4).map(|_| Msg::Tick), None);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::CheckDisk { .. }))
    );
    let (tone, text) = message(&app);
    assert_eq!(tone, Tone::Error);
    assert!(
        text.contains("deleted") && text.contains("recreate"),
        "{text}"
    );
    keys_io(&mut app, "<c-s>", None);
    assert_eq!(ed(&app).prompt, Some(Prompt::Recreate));
    assert!(!path.exists(), "nothing written before the answer");
    keys_io(&mut app, "c", None);
    assert!(
        fs::read_to_string(&path)
            .expect("recreated")
            .contains("Mine The body.")
    );
    assert!(!ed(&app).is_dirty());
    assert!(!ed(&app).changed_on_disk);
}

/// Deleted between the last check and Ctrl-S: the save itself finds it gone and asks the
/// same question; a file that came back meanwhile is a conflict, never overwritten.
#[test]
fn save_deleted_at_save_time_asks_to_recreate() {
    let (_dir, mut app, path) = editing();
    fs::remove_file(&path).expect("delete");
    keys_io(&mut app, "<c-s>", None);
    assert_eq!(ed(&app).prompt, Some(Prompt::Recreate));
    fs::write(&path, "someone else's").expect("back");
    keys_io(&mut app, "c", None);
    assert_eq!(ed(&app).prompt, Some(Prompt::Conflict));
    assert_eq!(fs::read_to_string(&path).expect("read"), "someone else's");
    assert_edits_kept(&app);
}
