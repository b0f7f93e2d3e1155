//! The model's side of folio's data-safety promises, without a terminal: pasted text,
//! failed journal writes and panicking workers, with effects carried out by the runtime's
//! own interpreter (`folio::tui::effects::perform`).

mod support;

use std::sync::mpsc;
use std::time::Duration;

use folio::app::popup::Popup;
use folio::app::{Effect, Msg, Screen, Tone};
use folio::tui::{Event, effects};
use support::fs::temp_sample;
use support::model::{app_for, drive, edit_from_library, keys, open, sample_in_editor, status};

/// A paste with no field or editor pane to receive it changes nothing and says so; `q`
/// inside it is not a key.
#[test]
fn paste_outside_a_field_is_ignored_with_a_message() {
    let site = temp_sample();
    let mut app = app_for(site.path());
    let effects = drive(&mut app, [Msg::Paste("hello q world".into())], None);
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(app.screen, Screen::Library);
    assert!(status(&app).contains("Paste ignored"), "{}", status(&app));
}

/// A paste into the filter field is one insert of one line of text.
#[test]
fn paste_into_a_field_inserts_it_once() {
    let site = temp_sample();
    let mut app = app_for(site.path());
    keys(&mut app, "<tab>/");
    drive(&mut app, [Msg::Paste("Market\ning".into())], None);
    let input = app.input.as_ref().expect("the filter is open");
    assert_eq!(input.text, "Market ing");
}

/// A paste into the editor's body inserts the text (line breaks of any style) at the
/// cursor as one edit, which undo takes back whole.
#[test]
fn paste_into_the_editor_is_one_edit() {
    let (_site, mut app) = sample_in_editor("martech");
    keys(&mut app, "<c-o>");
    let before = app.editor.as_ref().expect("editor").body_text();
    drive(&mut app, [Msg::Paste("one q\r\ntwo\rthree".into())], None);
    let editor = app.editor.as_ref().expect("editor");
    assert!(editor.body_text().starts_with("one q\ntwo\nthree"));
    assert!(editor.is_dirty());
    keys(&mut app, "<c-u>");
    assert_eq!(app.editor.as_ref().expect("editor").body_text(), before);
}

/// A journal that cannot be written is reported at once, kept on the editor, and retried
/// on the next timer; a later success says so.
#[test]
fn journal_failure_is_reported_and_retried() {
    let site = temp_sample();
    let data = tempfile::tempdir().expect("temp dir");
    let blocked = data.path().join("not-a-folder");
    std::fs::write(&blocked, "x").expect("write");
    let mut app = app_for(site.path());
    edit_from_library(&mut app, "martech", Some(&blocked));
    keys(&mut app, "<c-o>x");
    let mut journalled = Vec::new();
    for _ in 0..8 {
        journalled.extend(drive(&mut app, [Msg::Tick], Some(&blocked)));
    }
    assert!(
        journalled.iter().any(|e| matches!(e, Effect::Journal(_))),
        "a journal write was asked for"
    );
    assert!(
        status(&app).contains("NOT being journalled"),
        "{}",
        status(&app)
    );
    assert!(matches!(app.message, Some((Tone::Error, _))));
    assert!(app.editor.as_ref().expect("editor").journal_error.is_some());

    // The folder works again: the next timer retries without a new edit, and says so.
    let mut retried = Vec::new();
    for _ in 0..8 {
        retried.extend(drive(&mut app, [Msg::Tick], Some(data.path())));
    }
    assert!(retried.iter().any(|e| matches!(e, Effect::Journal(_))));
    assert!(app.editor.as_ref().expect("editor").journal_error.is_none());
    assert!(
        status(&app).contains("journalled again"),
        "{}",
        status(&app)
    );
}

/// A worker that panics answers with `WorkerFailed`; the reader waiting for it shows the
/// error instead of "Rendering…" for ever, and folio keeps working.
#[test]
fn worker_panic_becomes_a_message() {
    let (tx, rx) = mpsc::channel();
    effects::spawn_worker(
        tx,
        "rendering",
        Some(folio::core::post::PostId::new(0)),
        || panic!("boom in a worker"),
    );
    // Generous: the panic hook may print a backtrace (RUST_BACKTRACE) on a loaded machine.
    let event = rx.recv_timeout(Duration::from_secs(30)).expect("an answer");
    let Event::App(msg) = event else {
        panic!("an app message")
    };
    let Msg::WorkerFailed { job, message, .. } = &msg else {
        panic!("WorkerFailed, got {msg:?}")
    };
    assert_eq!((*job, message.as_str()), ("rendering", "boom in a worker"));

    let site = temp_sample();
    let mut app = app_for(site.path());
    open(&mut app, "martech");
    let post = app.reader.as_ref().expect("reader").post;
    if let Some(reader) = app.reader.as_mut() {
        reader.rendering = Some(80);
    }
    drive(
        &mut app,
        [Msg::WorkerFailed {
            job: "rendering",
            post: Some(post),
            message: "boom".into(),
        }],
        None,
    );
    let reader = app.reader.as_ref().expect("reader");
    assert_eq!(reader.rendering, None);
    assert!(status(&app).contains("Internal error while rendering: boom"));
    keys(&mut app, "j");
    assert_eq!(app.screen, Screen::Reader, "folio keeps working");
}

/// A search whose worker panicked does not leave the pop-up "searching…" for ever.
#[test]
fn worker_panic_ends_a_search() {
    let site = temp_sample();
    let mut app = app_for(site.path());
    let effects = keys(&mut app, "Fmarketing<enter>");
    assert!(effects.iter().any(|e| matches!(e, Effect::Search { .. })));
    drive(
        &mut app,
        [Msg::WorkerFailed {
            job: "searching",
            post: None,
            message: "boom".into(),
        }],
        None,
    );
    assert!(
        matches!(&app.popup, Some(Popup::Search { hits: Some(h), .. }) if h.is_empty()),
        "{:?}",
        app.popup
    );
}

/// What the runtime does on SIGHUP, SIGTERM or a panic: the editor's unsaved edits are
/// journalled at once (no timer), and a later open offers them back.
#[test]
fn emergency_journal_writes_unsaved_edits_at_once() {
    let site = temp_sample();
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = app_for(site.path());
    edit_from_library(&mut app, "martech", Some(data.path()));
    assert_eq!(
        folio::tui::emergency_journal(&app, Some(data.path())),
        None,
        "nothing to keep"
    );
    keys(&mut app, "<c-o>kept on hangup");
    let note = folio::tui::emergency_journal(&app, Some(data.path())).expect("a note");
    assert!(note.contains("were journalled"), "{note}");
    let path = app.editor.as_ref().expect("editor").path.clone();
    let journal = support::model::read_journal(data.path(), &path).expect("a journal");
    assert!(
        journal.body.starts_with("kept on hangup"),
        "{}",
        journal.body
    );
}
