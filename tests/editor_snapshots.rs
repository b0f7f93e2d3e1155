//! What the editor screen shows: the app drawn into ratatui's `TestBackend` and
//! snapshotted as text (insta), on a temporary copy of the sample posts (the editor shows
//! paths relative to the root, so the temporary folder never appears). Plus checks of what
//! text snapshots cannot see: the YAML error mark and that no control character reaches a
//! cell.

mod support;

use std::fs;

use folio::app::editor::Prompt;
use folio::app::{App, Msg};
use folio::render::sanitize::is_unsafe;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use support::model::{
    app_for, draw, drive, edit_from_library, keys, perform, sample_in_editor_at, screen_text,
};

/// The editor on martech as it opens: the front matter pane (focused, with line numbers
/// and the file name), the check line, the body pane and the editor's key hints.
#[test]
fn editor_snapshot_martech() {
    let (_root, app) = sample_in_editor_at("martech", 80, 24);
    insta::assert_snapshot!("editor_martech", draw(&app).backend());
}

/// A YAML error: the check line names the line, and that line's number is marked.
#[test]
fn editor_snapshot_yaml_error() {
    let (_root, mut app) = sample_in_editor_at("martech", 80, 24);
    keys(&mut app, "<down><end>: oops");
    assert_eq!(
        app.editor
            .as_ref()
            .and_then(|e| e.check.error.as_ref())
            .map(|e| e.0),
        Some(2)
    );
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    insta::assert_snapshot!("editor_yaml_error", terminal.backend());
    // Row 0 is the border, so pane line 2 is row 2; its number is in the gutter.
    let marked = |y: u16| (1..4).any(|x| buffer[(x, y)].modifier.contains(Modifier::REVERSED));
    assert!(
        marked(2),
        "line 2's number is marked:\n{}",
        screen_text(buffer)
    );
    assert!(!marked(1) && !marked(3), "only line 2 is marked");
    assert!(screen_text(buffer).contains("YAML error, line 2"));
}

/// The unsaved-changes question over the editor.
#[test]
fn editor_snapshot_unsaved_prompt() {
    let (_root, mut app) = sample_in_editor_at("martech", 80, 24);
    keys(&mut app, "<c-o>Some new words<esc>");
    assert!(matches!(
        app.editor.as_ref().and_then(|e| e.prompt.as_ref()),
        Some(Prompt::Unsaved(_))
    ));
    insta::assert_snapshot!("editor_unsaved_prompt", draw(&app).backend());
}

/// An editor on martech at `width`×`height` with the conflict question up: a body edit,
/// the file changed on disk, Ctrl-S refused.
fn conflicted(width: u16, height: u16) -> (tempfile::TempDir, App) {
    let (root, mut app) = sample_in_editor_at("martech", width, height);
    keys(&mut app, "<c-o>Mine");
    let path = app.editor.as_ref().expect("editor").path.clone();
    let mut text = fs::read_to_string(&path).expect("read");
    text.push_str("\nTheirs.\n");
    fs::write(&path, text).expect("write");
    let effects = keys(&mut app, "<c-s>");
    perform(&mut app, effects, None);
    assert_eq!(
        app.editor.as_ref().and_then(|e| e.prompt.clone()),
        Some(Prompt::Conflict)
    );
    (root, app)
}

/// The conflict question after a save was refused because the file changed on disk.
#[test]
fn editor_snapshot_conflict_prompt() {
    let (_root, app) = conflicted(80, 24);
    insta::assert_snapshot!("editor_conflict_prompt", draw(&app).backend());
}

/// The conflict question in a 40×12 terminal: every answer key must still be on screen.
#[test]
fn editor_snapshot_conflict_prompt_narrow() {
    let (_root, app) = conflicted(40, 12);
    let terminal = draw(&app);
    insta::assert_snapshot!("editor_conflict_prompt_40x12", terminal.backend());
    let screen = screen_text(terminal.backend().buffer());
    for answer in ["reload", "overwrite", "beside", "keep editing"] {
        assert!(screen.contains(answer), "{answer:?} is shown:\n{screen}");
    }
}

/// The preview beside the body, after a tick rendered it.
#[test]
fn editor_snapshot_preview() {
    let (_root, mut app) = sample_in_editor_at("martech", 80, 24);
    keys(&mut app, "<c-t>");
    drive(&mut app, [Msg::Tick], None);
    insta::assert_snapshot!("editor_preview", draw(&app).backend());
}

/// A read-only file: the reason in the pane title and on the status line.
#[test]
fn editor_snapshot_read_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("post.md"),
        b"---\ntitle: Bad bytes\ndate: 2024-01-01\n---\n\nline one\nline \xff two\n",
    )
    .expect("write");
    let mut app = app_for(dir.path());
    edit_from_library(&mut app, "post", None);
    insta::assert_snapshot!("editor_read_only", draw(&app).backend());
}

/// The editor in a 40×12 terminal (the smallest folio draws in is 40×10).
#[test]
fn editor_snapshot_narrow() {
    let (_root, app) = sample_in_editor_at("martech", 40, 12);
    insta::assert_snapshot!("editor_narrow_40x12", draw(&app).backend());
}

/// Control characters in a post reach no cell of the screen: the panes show stand-ins.
#[test]
fn editor_control_characters_reach_no_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("post.md"),
        "---\ntitle: \"Bidi \u{202e}x\u{202c}\"\ndate: 2024-01-01\n---\n\nEsc \u{1b}[31mred\u{1b}[0m bell \u{7} C1 \u{9b}2J \u{85} end\nBidi \u{2067}iso\u{2069} \u{202e}rtl\u{202c}\n",
    )
    .expect("write");
    let mut app = app_for(dir.path());
    edit_from_library(&mut app, "post", None);
    keys(&mut app, "<c-t>");
    drive(&mut app, [Msg::Tick], None);
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            assert!(
                !symbol.chars().any(is_unsafe),
                "unsafe character {symbol:?} at ({x}, {y}):\n{}",
                screen_text(buffer)
            );
        }
    }
    assert!(screen_text(buffer).contains('\u{241b}'), "ESC shows as ␛");
}

/// The text inside the prompt box (the box whose top-left corner is the first `┌` that is
/// not in the first column, the panes' own corners being there), rows joined by spaces and
/// runs of spaces collapsed.
fn prompt_text(buffer: &Buffer) -> String {
    let right = buffer.area.width - 1;
    let corner = |x: u16, y: u16, c: &str| buffer[(x, y)].symbol() == c;
    let (x0, y0) = (0..buffer.area.height)
        .find_map(|y| (1..right).find(|&x| corner(x, y, "┌")).map(|x| (x, y)))
        .expect("the prompt's top-left corner");
    let x1 = (x0 + 1..right)
        .rev()
        .find(|&x| corner(x, y0, "┐"))
        .expect("the prompt's top-right corner");
    let y1 = (y0 + 1..buffer.area.height)
        .find(|&y| corner(x0, y, "└"))
        .expect("the prompt's bottom-left corner");
    let mut text = String::new();
    for y in y0 + 1..y1 {
        for x in x0 + 1..x1 {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push(' ');
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every prompt shows its question (the start of it at least) and every answer (key and
/// label) at the usual sizes, down to the smallest folio draws in.
#[test]
fn editor_prompts_show_every_answer() {
    let journal = folio::app::journal::Journal {
        path: std::path::PathBuf::from("martech.md"),
        yaml: String::new(),
        body: String::new(),
        base_hash: 0,
        saved_at: 0,
        hash_algorithm: None,
    };
    let prompts = [
        Prompt::Unsaved(folio::app::editor::AfterLeave::Close),
        Prompt::Conflict,
        Prompt::ConfirmReload,
        Prompt::Recover(Box::new(journal)),
        Prompt::SaveFailed("the disk is full (No space left on device (os error 28))".into()),
        Prompt::ConfirmDiscard,
        Prompt::Recreate,
        Prompt::ConfirmOverwrite(
            std::path::PathBuf::from("/tmp/elsewhere/martech.md"),
            folio::core::save::Snapshot {
                size: 1,
                modified: None,
                hash: 1,
            },
        ),
    ];
    let mut missing = Vec::new();
    for (width, height) in [(80, 24), (60, 16), (40, 12), (40, 10)] {
        let (_root, mut app) = sample_in_editor_at("martech", width, height);
        for prompt in &prompts {
            app.editor.as_mut().expect("editor").prompt = Some(prompt.clone());
            let terminal = draw(&app);
            let shown = prompt_text(terminal.backend().buffer());
            let (question, options) = prompt.options();
            // A long question may be cut (with `…`) so the answers stay on screen.
            let mut wanted = vec![question.chars().take(24).collect::<String>()];
            for (key, label, _) in options {
                let key = if *key == '\u{1b}' {
                    "Esc".to_owned()
                } else {
                    key.to_string()
                };
                wanted.push(format!("{key} {label}"));
            }
            for want in wanted {
                if !shown.contains(&want) {
                    missing.push(format!(
                        "{width}x{height} {prompt:?}: {want:?} in {shown:?}"
                    ));
                }
            }
        }
    }
    assert!(missing.is_empty(), "not shown:\n{}", missing.join("\n"));
}
