//! The editor's model without a terminal: keys go through `key_to_msg` and `update` as the
//! runtime sends them, and the effects the editor asks for (open, save, journal, reindex,
//! tags, new posts) are carried out for real on a temporary copy of the sample posts (or a
//! temporary fixture folder), their answers fed back as messages.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use folio::app::editor::{AfterLeave, Pane, Prompt};
use folio::app::input::Purpose;
use folio::app::library::TagItem;
use folio::app::{AfterSave, App, Effect, Msg, SaveFailure, Screen, Tone};
use folio::core::save::Snapshot;
use support::fs::temp_sample;
use support::model::{
    app_for, drive, ed, edit_from_library, index, keys, keys_io, message, open, perform, post_id,
    read_journal, sample_in_editor, select_in_library, select_link,
};

// ---------------------------------------------------------------------------------------
// Small helpers

fn front(app: &App) -> Vec<String> {
    ed(app).front.lines().to_vec()
}

fn body(app: &App) -> Vec<String> {
    ed(app).body.lines().to_vec()
}

fn path_of(app: &App, slug: &str) -> PathBuf {
    index(app).path_of(post_id(app, slug))
}

fn rel_of(app: &App, id: folio::core::post::PostId) -> String {
    index(app).posts[id].rel_path.to_string()
}

/// The front matter lines of a file's text (between the `---` lines, endings removed).
fn front_matter_lines(text: &str) -> Vec<String> {
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
    assert_eq!(
        lines.next(),
        Some("---"),
        "the file starts with front matter"
    );
    lines
        .take_while(|l| *l != "---")
        .map(str::to_owned)
        .collect()
}

/// The body of a file's text (after the closing `---` line), as editor lines.
fn body_lines(text: &str) -> Vec<String> {
    let mut rest = text;
    for _ in 0..2 {
        let line_end = rest.find("---").expect("a --- line") + 3;
        rest = &rest[line_end..];
        rest = rest.strip_prefix('\r').unwrap_or(rest);
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    rest.replace("\r\n", "\n")
        .split('\n')
        .map(str::to_owned)
        .collect()
}

/// The single `Save` effect in `effects`.
fn the_save(effects: &[Effect]) -> (PathBuf, Vec<u8>, String, Option<Snapshot>, AfterSave) {
    let saves: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Save {
                path,
                bytes,
                text,
                expected,
                then,
            } => Some((
                path.clone(),
                bytes.clone(),
                text.clone(),
                expected.clone(),
                *then,
            )),
            _ => None,
        })
        .collect();
    assert_eq!(saves.len(), 1, "one Save effect in {effects:?}");
    saves.into_iter().next().expect("a save")
}

fn has_save(effects: &[Effect]) -> bool {
    effects.iter().any(|e| matches!(e, Effect::Save { .. }))
}

fn count(effects: &[Effect], wanted: impl Fn(&Effect) -> bool) -> usize {
    effects.iter().filter(|e| wanted(e)).count()
}

fn journals(effects: &[Effect]) -> Vec<folio::app::journal::Journal> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Journal(j) => Some(j.clone()),
            _ => None,
        })
        .collect()
}

fn ticks(n: usize) -> Vec<Msg> {
    (0..n).map(|_| Msg::Tick).collect()
}

/// What is on disk now, as size and hash.
fn on_disk(path: &Path) -> (u64, u64) {
    let (_, snap) = Snapshot::read(path).expect("read snapshot");
    (snap.size, snap.hash)
}

fn size_hash(snap: Option<&Snapshot>) -> Option<(u64, u64)> {
    snap.map(|s| (s.size, s.hash))
}

/// A folder with one post, `post.md`, holding `bytes`, and an app on it.
fn fixture(bytes: &[u8]) -> (tempfile::TempDir, App, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("post.md");
    fs::write(&path, bytes).expect("write fixture");
    let app = app_for(dir.path());
    (dir, app, path)
}

/// Change the file behind the editor's back.
fn edit_on_disk(path: &Path, extra: &str) {
    let mut text = fs::read_to_string(path).expect("read");
    text.push_str(extra);
    fs::write(path, text).expect("write");
}

// ---------------------------------------------------------------------------------------
// Opening

/// `e` in the library opens the post in the editor with the front matter focused, the
/// cursor at the top, the front pane holding exactly the file's front matter lines and the
/// body pane its body.
#[test]
fn editor_e_in_library_opens_front_matter_focused() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    let path = path_of(&app, "martech");
    let id = post_id(&app, "martech");
    select_in_library(&mut app, "martech");
    let effects = keys(&mut app, "e");
    assert_eq!(
        effects,
        [Effect::OpenEditor {
            post: Some(id),
            path: path.clone()
        }]
    );
    perform(&mut app, effects, None);
    assert_eq!(app.screen, Screen::Editor);
    assert_eq!(app.before_editor, Screen::Library);
    let text = fs::read_to_string(&path).expect("read");
    let editor = ed(&app);
    assert_eq!(editor.path, path);
    assert_eq!(editor.post, Some(id));
    assert_eq!(editor.focus, Pane::FrontMatter);
    assert_eq!(editor.front.cursor(), (0, 0));
    assert_eq!(editor.read_only, None);
    assert_eq!(editor.prompt, None);
    assert!(!editor.is_dirty());
    assert_eq!(front(&app), front_matter_lines(&text));
    assert_eq!(front(&app)[0], text.lines().nth(1).expect("title line"));
    assert_eq!(body(&app), body_lines(&text));
    assert_eq!(
        editor.check.title.as_deref(),
        Some("What Is MarTech? A Practical Guide to the Marketing Stack")
    );
    assert_eq!(editor.check.date.as_deref(), Some("2023-05-26"));
    assert_eq!(editor.check.tags, ["post", "MarTech", "Automation"]);
    assert_eq!(editor.check.error, None);
    assert!(editor.check.warnings.is_empty(), "{:?}", editor.check);
}

/// `e` in the reader opens the post it shows, the same way; closing goes back to it.
#[test]
fn editor_e_in_reader_opens_the_post_shown() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    open(&mut app, "lead-scoring");
    let id = post_id(&app, "lead-scoring");
    let path = path_of(&app, "lead-scoring");
    let effects = keys_io(&mut app, "e", None);
    assert_eq!(
        effects[0],
        Effect::OpenEditor {
            post: Some(id),
            path: path.clone()
        }
    );
    assert_eq!(app.screen, Screen::Editor);
    assert_eq!(app.before_editor, Screen::Reader);
    let text = fs::read_to_string(&path).expect("read");
    assert_eq!(ed(&app).focus, Pane::FrontMatter);
    assert_eq!(ed(&app).front.cursor(), (0, 0));
    assert_eq!(front(&app), front_matter_lines(&text));
    assert_eq!(body(&app), body_lines(&text));
    keys_io(&mut app, "<esc>", None);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(app.reader.as_ref().map(|r| r.post), Some(id));
}

// ---------------------------------------------------------------------------------------
// The live front matter check

/// Typing into the front matter updates the title, date and tags the check shows.
#[test]
fn editor_typing_updates_the_live_check() {
    let (_root, mut app) = sample_in_editor("martech");
    // Title: before its closing quote.
    keys(&mut app, "<end><left>!!");
    assert_eq!(
        ed(&app).check.title.as_deref(),
        Some("What Is MarTech? A Practical Guide to the Marketing Stack!!")
    );
    // Date: the last two digits.
    keys(&mut app, "<down><end><bs><bs>27");
    assert_eq!(ed(&app).check.date.as_deref(), Some("2023-05-27"));
    assert!(ed(&app).check.warnings.is_empty());
    keys(&mut app, "x");
    assert_eq!(ed(&app).check.date.as_deref(), Some("2023-05-27x"));
    assert!(
        ed(&app)
            .check
            .warnings
            .iter()
            .any(|w| w.contains("not YYYY-MM-DD")),
        "{:?}",
        ed(&app).check.warnings
    );
    keys(&mut app, "<bs>");
    // Tags: a new list item after the last one.
    keys(
        &mut app,
        "<down><down><down><down><down><end><enter>  - SEO",
    );
    assert_eq!(front(&app)[7], "  - SEO");
    assert_eq!(
        ed(&app).check.tags,
        ["post", "MarTech", "Automation", "SEO"]
    );
    assert_eq!(ed(&app).check.error, None);
    assert!(ed(&app).is_dirty());
}

/// A YAML error shows with the line it is on (1-based, as the pane numbers lines) and
/// goes away when the line is fixed.
#[test]
fn editor_yaml_error_has_its_line_and_clears_when_fixed() {
    let (_root, mut app) = sample_in_editor("martech");
    for line in 1..=3 {
        if line > 1 {
            keys(&mut app, "<down>");
        }
        keys(&mut app, "<end>: oops");
        let check = ed(&app).check.clone();
        let (at, text) = check
            .error
            .unwrap_or_else(|| panic!("line {line} `{}` is an error", front(&app)[line - 1]));
        assert_eq!(at, line, "error on line {line}: {text}");
        assert!(!text.is_empty());
        assert_eq!(check.title, None, "no fields while the YAML is broken");
        keys(&mut app, "<bs><bs><bs><bs><bs><bs>");
        assert_eq!(ed(&app).check.error, None, "fixed line {line}");
        assert_eq!(ed(&app).check.tags, ["post", "MarTech", "Automation"]);
    }
}

// ---------------------------------------------------------------------------------------
// Saving

const LF: &str = "---\ntitle: Alpha\ndate: 2024-01-01\ntags: [a, b]\n---\n\nfirst line\nsecond line\nthird line\n";

/// Every line of `saved` is byte for byte the line of `original` (line endings included),
/// except the three lines the save test edits, which hold the edited text.
fn assert_only_edited_lines_differ(name: &str, original: &str, saved: &str) {
    let old: Vec<&str> = original.split_inclusive('\n').collect();
    let new: Vec<&str> = saved.split_inclusive('\n').collect();
    assert_eq!(old.len(), new.len(), "{name}: line count");
    let bare = |l: &str| l.trim_end_matches('\n').trim_end_matches('\r').to_owned();
    for (i, (o, n)) in old.iter().zip(&new).enumerate() {
        let edited = match bare(o).trim_start_matches('\u{feff}') {
            "title: Alpha" => Some("title: AlphaX"),
            "second line" => Some("second line!"),
            "third line" => Some("third line?"),
            _ => None,
        };
        match edited {
            Some(text) => assert_eq!(
                bare(n).trim_start_matches('\u{feff}'),
                text,
                "{name}: edited line {i}"
            ),
            None => assert_eq!(o, n, "{name}: line {i} untouched"),
        }
    }
}

/// Ctrl-S asks to save bytes that differ from the file only in the edited lines, whatever
/// its line endings (LF, CRLF, mixed), BOM or missing final newline; after the save the
/// editor is clean and the index and journal are updated.
#[test]
fn editor_save_changes_only_the_edited_lines() {
    let bom = format!("\u{feff}{LF}");
    let fixtures: [(&str, String); 5] = [
        ("LF", LF.to_owned()),
        ("CRLF", LF.replace('\n', "\r\n")),
        ("BOM", bom),
        ("no final newline", LF.trim_end_matches('\n').to_owned()),
        (
            "mixed",
            "---\r\ntitle: Alpha\ndate: 2024-01-01\r\ntags: [a, b]\n---\r\n\nfirst line\r\nsecond line\nthird line\r\n"
                .to_owned(),
        ),
    ];
    for (name, original) in fixtures {
        let (_dir, mut app, path) = fixture(original.as_bytes());
        let before = Snapshot::read(&path).expect("snapshot").1;
        edit_from_library(&mut app, "post", None);
        assert_eq!(
            front(&app),
            ["title: Alpha", "date: 2024-01-01", "tags: [a, b]"],
            "{name}"
        );
        assert_eq!(ed(&app).has_bom, name == "BOM", "{name}");
        keys(&mut app, "<end>X<c-o><down><down><end>!<down><end>?");
        let effects = keys(&mut app, "<c-s>");
        let (save_path, bytes, text, expected, then) = the_save(&effects);
        let want = original
            .replace("title: Alpha", "title: AlphaX")
            .replace("second line", "second line!")
            .replace("third line", "third line?");
        assert_eq!(save_path, path, "{name}");
        assert_only_edited_lines_differ(name, &original, &String::from_utf8_lossy(&bytes));
        // Changed lines take the file's dominant line ending (by design, see
        // `core::edit::restyle`); in the mixed file that is CRLF, so the edited LF lines
        // (title, second line) become CRLF. Elsewhere the bytes are exactly the original with the edits.
        let want = if name == "mixed" {
            want.replace("second line!\n", "second line!\r\n")
                .replace("title: AlphaX\n", "title: AlphaX\r\n")
        } else {
            want
        };
        assert_eq!(String::from_utf8_lossy(&bytes), want, "{name}: bytes");
        assert_eq!(text, want.trim_start_matches('\u{feff}'), "{name}: text");
        assert_eq!(expected.as_ref(), Some(&before), "{name}: expected");
        assert_eq!(then, AfterSave::Stay, "{name}");
        assert!(ed(&app).is_dirty(), "{name}: dirty before saving");

        let after = perform(&mut app, effects, None);
        assert_eq!(fs::read(&path).expect("read"), want.as_bytes(), "{name}");
        assert!(!ed(&app).is_dirty(), "{name}: clean after saving");
        assert!(after.contains(&Effect::Reindex(path.clone())), "{name}");
        assert!(
            after.contains(&Effect::ClearJournal(path.clone())),
            "{name}"
        );
        assert_eq!(message(&app).0, Tone::Info, "{name}");
        assert!(message(&app).1.starts_with("Saved"), "{name}");
        assert_eq!(ed(&app).original, want.trim_start_matches('\u{feff}'));
        assert_eq!(app.screen, Screen::Editor, "{name}: still editing");
        assert_eq!(
            index(&app).posts[post_id(&app, "post")].title.as_deref(),
            Some("AlphaX"),
            "{name}: reindexed"
        );
        // Saving again right away writes the same bytes over the new snapshot.
        let again = keys(&mut app, "<c-s>");
        let (_, bytes, _, expected, _) = the_save(&again);
        assert_eq!(bytes, want.as_bytes(), "{name}");
        assert_eq!(
            size_hash(expected.as_ref()),
            Some(on_disk(&path)),
            "{name}: the new snapshot"
        );
    }
}

/// With invalid YAML Ctrl-S asks for no save and says why (with the line); the file is
/// untouched.
#[test]
fn editor_invalid_yaml_refuses_to_save() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    let path = path_of(&app, "martech");
    let original = fs::read(&path).expect("read");
    edit_from_library(&mut app, "martech", None);
    keys(&mut app, "<down><end>: oops");
    assert!(ed(&app).check.error.is_some());
    let effects = keys_io(&mut app, "<c-s>", None);
    assert!(!has_save(&effects), "{effects:?}");
    let (tone, text) = message(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.starts_with("Not saved"), "{text}");
    assert!(text.contains("line 2"), "{text}");
    assert_eq!(fs::read(&path).expect("read"), original);
    assert!(ed(&app).is_dirty());
}

/// A post with Hugo's TOML front matter (`+++`): the front pane holds the TOML as
/// written, a YAML line in it is an error named as TOML and blocks the save, and a TOML
/// edit saves only the edited line, `+++` lines and CRLF kept.
#[test]
fn editor_toml_front_matter_is_checked_and_saved_as_toml() {
    let original = "+++\r\ntitle = \"Alpha\"\r\ndate = 2024-01-01\r\ntags = ['a', \"b\"]\r\n+++\r\n\r\nbody line\r\n";
    let (_dir, mut app, path) = fixture(original.as_bytes());
    edit_from_library(&mut app, "post", None);
    assert_eq!(
        front(&app),
        [
            "title = \"Alpha\"",
            "date = 2024-01-01",
            "tags = ['a', \"b\"]"
        ]
    );
    keys(&mut app, "<down><end><enter>extra: yaml");
    let (line, message_text) = ed(&app).check.error.clone().expect("an error");
    assert_eq!(line, 3, "{message_text}");
    let effects = keys_io(&mut app, "<c-s>", None);
    assert!(!has_save(&effects), "{effects:?}");
    assert!(
        message(&app).1.contains("not valid TOML"),
        "{:?}",
        message(&app)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), original);

    keys(
        &mut app,
        "<c-u><c-u><c-u><c-u><c-u><c-u><c-u><c-u><c-u><c-u><c-u><c-u>",
    );
    assert_eq!(
        front(&app),
        [
            "title = \"Alpha\"",
            "date = 2024-01-01",
            "tags = ['a', \"b\"]"
        ],
        "undone"
    );
    keys(&mut app, "<up><up><end><left> X");
    assert!(ed(&app).check.error.is_none(), "{:?}", ed(&app).check.error);
    let effects = keys(&mut app, "<c-s>");
    perform(&mut app, effects, None);
    let want = original.replace("\"Alpha\"", "\"Alpha X\"");
    assert_eq!(fs::read_to_string(&path).unwrap(), want);
    assert_eq!(
        index(&app).posts[post_id(&app, "post")].title.as_deref(),
        Some("Alpha X")
    );
}

// ---------------------------------------------------------------------------------------
// Leaving

/// Esc with nothing changed closes the editor, back to the screen it was opened from.
#[test]
fn editor_esc_when_clean_closes_to_the_previous_screen() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    let path = path_of(&app, "martech");
    edit_from_library(&mut app, "martech", None);
    let effects = keys_io(&mut app, "<esc>", None);
    assert_eq!(effects, [Effect::ClearJournal(path)]);
    assert_eq!(app.screen, Screen::Library);
    assert!(app.editor.is_none());

    open(&mut app, "martech");
    keys_io(&mut app, "e", None);
    assert_eq!(app.screen, Screen::Editor);
    keys_io(&mut app, "<esc>", None);
    assert_eq!(app.screen, Screen::Reader);
    assert!(app.editor.is_none());
}

/// Esc with unsaved edits asks: Esc keeps editing, `d` closes without saving, `s` saves
/// and closes once the save succeeded.
#[test]
fn editor_esc_when_dirty_asks_save_discard_or_keep() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    let path = path_of(&app, "martech");
    let original = fs::read(&path).expect("read");
    open(&mut app, "martech");
    keys_io(&mut app, "e", None);
    keys(&mut app, "<c-o>Hello");
    let effects = keys_io(&mut app, "<esc>", None);
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(ed(&app).prompt, Some(Prompt::Unsaved(AfterLeave::Close)));
    // Esc: keep editing.
    assert!(keys_io(&mut app, "<esc>", None).is_empty());
    assert_eq!(ed(&app).prompt, None);
    assert_eq!(app.screen, Screen::Editor);
    assert_eq!(body(&app)[0], "Hello");
    // While asking, keys answer and do not edit.
    keys_io(&mut app, "<esc>", None);
    assert!(keys_io(&mut app, "x", None).is_empty());
    assert_eq!(body(&app)[0], "Hello");
    assert_eq!(ed(&app).prompt, Some(Prompt::Unsaved(AfterLeave::Close)));
    // d: discard.
    let effects = keys_io(&mut app, "d", None);
    assert_eq!(effects, [Effect::ClearJournal(path.clone())]);
    assert!(app.editor.is_none());
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(fs::read(&path).expect("read"), original);

    // s: save, then close.
    keys_io(&mut app, "e", None);
    keys(&mut app, "<c-o>Hello");
    keys(&mut app, "<esc>");
    let effects = keys(&mut app, "s");
    let (_, bytes, _, _, then) = the_save(&effects);
    assert_eq!(then, AfterSave::Close);
    assert_eq!(app.screen, Screen::Editor, "open until the save succeeded");
    let after = perform(&mut app, effects, None);
    assert!(app.editor.is_none());
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(fs::read(&path).expect("read"), bytes);
    assert!(String::from_utf8_lossy(&bytes).contains("---\nHello\n"));
    assert!(after.contains(&Effect::Reindex(path.clone())));
}

/// In the editor `q` (and `?`) are text; Ctrl-C quits, asking first when there are unsaved
/// edits; `s` saves and then quits.
#[test]
fn editor_q_is_text_and_ctrl_c_asks_before_quitting() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    let path = path_of(&app, "martech");
    edit_from_library(&mut app, "martech", None);
    let effects = keys_io(&mut app, "q?", None);
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(app.screen, Screen::Editor);
    assert!(
        front(&app)[0].starts_with("q?title:"),
        "{:?}",
        front(&app)[0]
    );
    let effects = keys_io(&mut app, "<c-c>", None);
    assert!(!effects.contains(&Effect::Quit), "{effects:?}");
    assert_eq!(ed(&app).prompt, Some(Prompt::Unsaved(AfterLeave::Quit)));
    let effects = keys(&mut app, "s");
    let (_, bytes, _, _, then) = the_save(&effects);
    assert_eq!(then, AfterSave::Quit);
    let after = perform(&mut app, effects, None);
    assert!(after.contains(&Effect::Quit), "{after:?}");
    assert!(app.editor.is_none());
    assert_eq!(fs::read(&path).expect("read"), bytes);

    // Nothing unsaved: Ctrl-C quits at once.
    let mut app = app_for(root.path());
    edit_from_library(&mut app, "martech", None);
    let effects = keys_io(&mut app, "<c-c>", None);
    assert!(effects.contains(&Effect::Quit), "{effects:?}");
}

// ---------------------------------------------------------------------------------------
// Conflicts

/// An editor on martech with a body edit, whose file then changed on disk, after a Ctrl-S
/// that was refused: the conflict prompt is up. Returns the file.
fn conflicted(app: &mut App) -> PathBuf {
    edit_from_library(app, "martech", None);
    keys(app, "<c-o>Mine");
    let path = ed(app).path.clone();
    edit_on_disk(&path, "\nTheirs.\n");
    let effects = keys(app, "<c-s>");
    let (_, _, _, expected, _) = the_save(&effects);
    assert_ne!(size_hash(expected.as_ref()), Some(on_disk(&path)));
    let after = perform(app, effects, None);
    assert!(after.is_empty(), "{after:?}");
    assert_eq!(ed(app).prompt, Some(Prompt::Conflict));
    assert!(ed(app).changed_on_disk);
    assert_eq!(size_hash(ed(app).disk.as_ref()), Some(on_disk(&path)));
    path
}

/// A refused save shows the conflict prompt; `o` overwrites what is on disk now.
#[test]
fn editor_conflict_overwrite() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    let path = conflicted(&mut app);
    let effects = keys(&mut app, "o");
    let (_, bytes, _, expected, then) = the_save(&effects);
    assert_eq!(expected, ed(&app).disk, "expected: the conflict's snapshot");
    assert_eq!(then, AfterSave::Stay);
    perform(&mut app, effects, None);
    assert_eq!(fs::read(&path).expect("read"), bytes);
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(text.contains("---\nMine\n") && !text.contains("Theirs."));
    assert!(!ed(&app).is_dirty());
    assert!(!ed(&app).changed_on_disk);
    assert_eq!(ed(&app).prompt, None);
}

/// `b` saves the edits beside the file, which keeps the other version.
#[test]
fn editor_conflict_save_beside() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    let path = conflicted(&mut app);
    let theirs = fs::read(&path).expect("read");
    let effects = keys(&mut app, "b");
    let [Effect::SaveBeside { path: p, bytes }] = effects.as_slice() else {
        panic!("one SaveBeside: {effects:?}");
    };
    assert_eq!(p, &path);
    let bytes = bytes.clone();
    let after = perform(&mut app, effects, None);
    let beside = root.path().join("martech.folio-conflict.md");
    assert_eq!(fs::read(&beside).expect("beside"), bytes);
    assert_eq!(fs::read(&path).expect("read"), theirs);
    assert!(
        after.contains(&Effect::Reindex(beside.clone())),
        "{after:?}"
    );
    assert!(message(&app).1.contains("martech.folio-conflict.md"));
    assert!(index(&app).find("martech.folio-conflict.md").is_some());
}

/// `r` asks for confirmation; `n` keeps editing, `y` loads the file from disk.
#[test]
fn editor_conflict_reload() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    let path = conflicted(&mut app);
    assert!(keys(&mut app, "r").is_empty());
    assert_eq!(ed(&app).prompt, Some(Prompt::ConfirmReload));
    assert!(keys(&mut app, "n").is_empty());
    assert_eq!(ed(&app).prompt, None);
    assert_eq!(body(&app)[0], "Mine");
    // The next save goes straight to the question.
    assert!(keys(&mut app, "<c-s>").is_empty());
    assert_eq!(ed(&app).prompt, Some(Prompt::Conflict));
    keys(&mut app, "r");
    let effects = keys(&mut app, "y");
    assert_eq!(
        effects,
        [
            Effect::ClearJournal(path.clone()),
            Effect::OpenEditor {
                post: Some(post_id(&app, "martech")),
                path: path.clone()
            }
        ]
    );
    perform(&mut app, effects, None);
    let text = fs::read_to_string(&path).expect("read");
    assert_eq!(body(&app), body_lines(&text));
    assert!(body(&app).iter().any(|l| l == "Theirs."));
    assert!(!ed(&app).is_dirty());
    assert!(!ed(&app).changed_on_disk);
    assert_eq!(ed(&app).prompt, None);
    keys_io(&mut app, "<esc>", None);
    assert_eq!(
        app.screen,
        Screen::Library,
        "still returns where it came from"
    );
}

/// Esc at the conflict prompt keeps editing.
#[test]
fn editor_conflict_esc_keeps_editing() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    conflicted(&mut app);
    assert!(keys(&mut app, "<esc>").is_empty());
    assert_eq!(ed(&app).prompt, None);
    assert_eq!(app.screen, Screen::Editor);
    assert_eq!(body(&app)[0], "Mine");
    assert!(ed(&app).is_dirty());
}

/// A change on disk noticed by the timer (`CheckDisk` → `DiskChanged`) marks the editor;
/// the next Ctrl-S goes straight to the conflict prompt, and `o` then overwrites the
/// file as it is now.
#[test]
fn editor_disk_changed_then_save_asks_and_overwrites() {
    let (root, mut app) = sample_in_editor("martech");
    keys(&mut app, "<c-o>Mine");
    let path = ed(&app).path.clone();
    edit_on_disk(&path, "\nTheirs.\n");
    let effects = drive(&mut app, ticks(4), None);
    assert_eq!(
        count(&effects, |e| matches!(e, Effect::CheckDisk { .. })),
        1
    );
    assert!(ed(&app).changed_on_disk, "the timer noticed the change");
    assert_eq!(message(&app).0, Tone::Error);
    assert!(message(&app).1.contains("changed on disk"));
    // No more checks once it is known.
    let effects = drive(&mut app, ticks(4), None);
    assert_eq!(
        count(&effects, |e| matches!(e, Effect::CheckDisk { .. })),
        0
    );
    // A DiskChanged for another file changes nothing; for this one it is idempotent.
    let now = Snapshot::read(&path).ok().map(|(_, now)| now);
    drive(
        &mut app,
        [Msg::DiskChanged(root.path().join("lead-scoring.md"), None)],
        None,
    );
    drive(&mut app, [Msg::DiskChanged(path.clone(), now)], None);
    assert!(ed(&app).changed_on_disk);

    assert!(keys(&mut app, "<c-s>").is_empty(), "no save without asking");
    assert_eq!(ed(&app).prompt, Some(Prompt::Conflict));
    let effects = keys(&mut app, "o");
    let (_, bytes, _, expected, _) = the_save(&effects);
    assert_eq!(
        size_hash(expected.as_ref()),
        Some(on_disk(&path)),
        "overwrite expects the file as it is now"
    );
    let after = perform(&mut app, effects, None);
    assert_eq!(
        ed(&app).prompt,
        None,
        "overwritten at the first `o`: {after:?}"
    );
    assert_eq!(fs::read(&path).expect("read"), bytes);
    assert!(!ed(&app).is_dirty());
}

/// A disk check asked for before the editor's own save and carried out after it (the
/// timer and Ctrl-S in one turn of the event loop) finds the file as saved: that is no
/// change on disk, and no warning says so; a later change by someone else still is.
#[test]
fn editor_disk_check_answered_after_its_own_save_is_no_change() {
    let (_root, mut app) = sample_in_editor("martech");
    keys(&mut app, "<c-o>Mine");
    let path = ed(&app).path.clone();
    // The timer asks for a check, with the snapshot from before the save; held back.
    let mut held: Vec<Effect> = (0..4).flat_map(|_| app.update(Msg::Tick)).collect();
    held.retain(|e| matches!(e, Effect::CheckDisk { .. }));
    assert_eq!(held.len(), 1, "one check asked for");
    let effects = keys(&mut app, "<c-s>");
    perform(&mut app, effects, None);
    assert!(!ed(&app).is_dirty(), "saved");
    assert!(message(&app).1.contains("Saved"), "{:?}", message(&app));
    // Now the check runs: the file differs from its old snapshot, and is what was saved.
    perform(&mut app, held, None);
    assert!(
        !ed(&app).changed_on_disk,
        "the file is as the editor saved it"
    );
    assert!(message(&app).1.contains("Saved"), "{:?}", message(&app));
    // Someone else's change is still one.
    edit_on_disk(&path, "\nTheirs.\n");
    let now = Snapshot::read(&path).ok().map(|(_, now)| now);
    drive(&mut app, [Msg::DiskChanged(path.clone(), now)], None);
    assert!(ed(&app).changed_on_disk);
    assert!(message(&app).1.contains("changed on disk"));
}

/// `DiskChanged` straight from the runtime does the same as the timer.
#[test]
fn editor_disk_changed_message_marks_the_editor() {
    let (root, mut app) = sample_in_editor("martech");
    keys(&mut app, "<c-o>Mine");
    let path = ed(&app).path.clone();
    edit_on_disk(&path, "\nTheirs.\n");
    let now = Snapshot::read(&path).ok().map(|(_, now)| now);
    drive(&mut app, [Msg::DiskChanged(path.clone(), now)], None);
    assert!(ed(&app).changed_on_disk);
    assert!(keys(&mut app, "<c-s>").is_empty());
    assert_eq!(ed(&app).prompt, Some(Prompt::Conflict));
    // `b` works whatever the editor knows about the file on disk.
    let after = keys_io(&mut app, "b", None);
    assert!(
        after.iter().any(|e| matches!(e, Effect::SaveBeside { .. })),
        "{after:?}"
    );
    assert!(root.path().join("martech.folio-conflict.md").exists());
}

// ---------------------------------------------------------------------------------------
// Timers: journal and disk checks

/// After typing, eight ticks ask for exactly one journal write holding the current text;
/// nothing new, no journal; the file is checked every four ticks.
#[test]
fn editor_ticks_journal_edits_once_and_check_the_disk() {
    let (_root, mut app) = sample_in_editor("martech");
    // Nothing typed yet: no journal.
    let effects = drive(&mut app, ticks(16), None);
    assert!(journals(&effects).is_empty(), "{effects:?}");
    assert_eq!(
        count(&effects, |e| matches!(e, Effect::CheckDisk { .. })),
        4
    );
    keys(&mut app, "<c-o>Draft words");
    let effects = drive(&mut app, ticks(8), None);
    let written = journals(&effects);
    assert_eq!(written.len(), 1, "{effects:?}");
    let editor = ed(&app);
    assert_eq!(written[0].path, editor.path);
    assert_eq!(written[0].yaml, editor.yaml());
    assert_eq!(written[0].body, editor.body_text());
    assert!(written[0].body.starts_with("Draft words\n"));
    assert_eq!(written[0].base_hash, editor.snapshot.hash);
    assert_eq!(
        count(&effects, |e| matches!(e, Effect::CheckDisk { .. })),
        2
    );
    for e in &effects {
        if let Effect::CheckDisk { path, snapshot } = e {
            assert_eq!(path, &editor.path);
            assert_eq!(snapshot, &editor.snapshot);
        }
    }
    // Nothing changed since: no journal.
    let effects = drive(&mut app, ticks(8), None);
    assert!(journals(&effects).is_empty(), "{effects:?}");
    // More typing: one more.
    keys(&mut app, "!");
    let effects = drive(&mut app, ticks(8), None);
    assert_eq!(journals(&effects).len(), 1);
    assert!(journals(&effects)[0].body.starts_with("Draft words!\n"));
    // Saved: nothing to journal.
    keys_io(&mut app, "?<c-s>", None);
    assert!(!ed(&app).is_dirty());
    let effects = drive(&mut app, ticks(16), None);
    assert!(journals(&effects).is_empty(), "{effects:?}");
    assert_eq!(
        count(&effects, |e| matches!(e, Effect::CheckDisk { .. })),
        4
    );
    assert!(
        !ed(&app).changed_on_disk,
        "our own save is no change on disk"
    );
}

// ---------------------------------------------------------------------------------------
// Recovery

/// Edit martech, let the timer journal the edits to `data`, and "crash" (drop the app).
fn journal_edits(root: &Path, data: &Path, typed: &str) -> folio::app::journal::Journal {
    let mut app = app_for(root);
    edit_from_library(&mut app, "martech", Some(data));
    keys(&mut app, typed);
    drive(&mut app, ticks(8), Some(data));
    read_journal(data, &ed(&app).path).expect("a journal was written")
}

/// Opening a post with journalled edits that differ from the file asks; `r` puts the
/// journalled text in the panes, and saving writes it (and forgets the journal).
#[test]
fn editor_recovery_restores_journalled_edits() {
    let root = temp_sample();
    let data = tempfile::tempdir().expect("data dir");
    let journal = journal_edits(root.path(), data.path(), "<c-o>Recovered line<enter>");
    assert!(journal.body.starts_with("Recovered line\n"));

    let mut app = app_for(root.path());
    let path = path_of(&app, "martech");
    let text = fs::read_to_string(&path).expect("read");
    edit_from_library(&mut app, "martech", Some(data.path()));
    assert_eq!(
        ed(&app).prompt,
        Some(Prompt::Recover(Box::new(journal.clone())))
    );
    assert_eq!(body(&app), body_lines(&text), "not restored before asking");
    let effects = keys_io(&mut app, "r", Some(data.path()));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(ed(&app).prompt, None);
    let journal_yaml = journal.yaml.strip_suffix('\n').unwrap_or(&journal.yaml);
    assert_eq!(front(&app).join("\n"), journal_yaml);
    assert_eq!(body(&app).join("\n"), journal.body);
    assert!(ed(&app).is_dirty());
    assert!(!ed(&app).changed_on_disk);
    assert_eq!(message(&app).0, Tone::Info);
    let effects = keys(&mut app, "<c-s>");
    let (_, bytes, _, expected, _) = the_save(&effects);
    assert_eq!(size_hash(expected.as_ref()), Some(on_disk(&path)));
    perform(&mut app, effects, Some(data.path()));
    assert_eq!(fs::read(&path).expect("read"), bytes);
    assert!(String::from_utf8_lossy(&bytes).contains("---\nRecovered line\n"));
    assert_eq!(read_journal(data.path(), &path), None, "journal cleared");
}

/// `d` at the recovery prompt forgets the journal and keeps the file's text.
#[test]
fn editor_recovery_discard_clears_the_journal() {
    let root = temp_sample();
    let data = tempfile::tempdir().expect("data dir");
    journal_edits(root.path(), data.path(), "<c-o>Recovered line<enter>");
    let mut app = app_for(root.path());
    let path = path_of(&app, "martech");
    let text = fs::read_to_string(&path).expect("read");
    edit_from_library(&mut app, "martech", Some(data.path()));
    assert!(matches!(ed(&app).prompt, Some(Prompt::Recover(_))));
    // Esc is not an answer here.
    assert!(keys_io(&mut app, "<esc>", Some(data.path())).is_empty());
    assert!(matches!(ed(&app).prompt, Some(Prompt::Recover(_))));
    let effects = keys_io(&mut app, "d", Some(data.path()));
    assert_eq!(effects, [Effect::ClearJournal(path.clone())]);
    assert_eq!(read_journal(data.path(), &path), None);
    assert_eq!(ed(&app).prompt, None);
    assert_eq!(body(&app), body_lines(&text));
    assert!(!ed(&app).is_dirty());
    // Next time: nothing to recover.
    let mut app = app_for(root.path());
    edit_from_library(&mut app, "martech", Some(data.path()));
    assert_eq!(ed(&app).prompt, None);
}

/// A journal holding exactly the file's text is nothing to recover: no prompt.
#[test]
fn editor_recovery_ignores_a_journal_identical_to_the_file() {
    let root = temp_sample();
    let data = tempfile::tempdir().expect("data dir");
    let journal = journal_edits(root.path(), data.path(), "x<bs>");
    let path = journal.path.clone();
    let text = fs::read_to_string(&path).expect("read");
    assert_eq!(
        (journal.yaml.clone(), journal.body.clone()),
        folio::core::edit::editable_parts(&text)
    );
    let mut app = app_for(root.path());
    edit_from_library(&mut app, "martech", Some(data.path()));
    assert_eq!(ed(&app).prompt, None);
    assert!(!ed(&app).is_dirty());
}

/// Journalled edits made to an older version of the file: restoring works, but saving
/// asks first (the conflict prompt), and `o` then writes them.
#[test]
fn editor_recovery_of_edits_to_an_older_file_asks_on_save() {
    let root = temp_sample();
    let data = tempfile::tempdir().expect("data dir");
    let journal = journal_edits(root.path(), data.path(), "<c-o>Recovered line<enter>");
    edit_on_disk(&journal.path, "\nTheirs.\n");
    let mut app = app_for(root.path());
    let path = path_of(&app, "martech");
    edit_from_library(&mut app, "martech", Some(data.path()));
    assert!(matches!(ed(&app).prompt, Some(Prompt::Recover(_))));
    assert_ne!(journal.base_hash, ed(&app).snapshot.hash);
    keys_io(&mut app, "r", Some(data.path()));
    assert_eq!(body(&app).join("\n"), journal.body);
    assert!(ed(&app).changed_on_disk);
    assert_eq!(message(&app).0, Tone::Error);
    let effects = keys(&mut app, "<c-s>");
    assert!(!has_save(&effects), "{effects:?}");
    assert_eq!(ed(&app).prompt, Some(Prompt::Conflict));
    let effects = keys(&mut app, "o");
    let (_, bytes, _, expected, _) = the_save(&effects);
    assert_eq!(size_hash(expected.as_ref()), Some(on_disk(&path)));
    perform(&mut app, effects, Some(data.path()));
    assert_eq!(fs::read(&path).expect("read"), bytes);
    assert!(!ed(&app).is_dirty());
}

// ---------------------------------------------------------------------------------------
// Read-only files

/// Opens `post.md` of a fixture holding `bytes`, checks that it is read-only for a reason
/// containing `why`, that typing and Ctrl-S change nothing, and that moving still works.
fn check_read_only(bytes: &[u8], why: &str) {
    let (_dir, mut app, path) = fixture(bytes);
    edit_from_library(&mut app, "post", None);
    let reason = ed(&app).read_only.clone().expect("read-only");
    assert!(reason.contains(why), "{reason}");
    let (tone, text) = message(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.contains("Read-only") && text.contains(why), "{text}");
    let (front_before, body_before) = (front(&app), body(&app));
    for spec in ["abc", "<enter>", "<bs>", "<c-o>xyz<enter><bs><tab>"] {
        keys_io(&mut app, spec, None);
        assert_eq!(front(&app), front_before, "{spec}");
        assert_eq!(body(&app), body_before, "{spec}");
        assert!(!ed(&app).is_dirty(), "{spec}");
        let (tone, text) = message(&app);
        assert_eq!(tone, Tone::Error, "{spec}");
        assert!(text.contains("read-only"), "{spec}: {text}");
    }
    keys_io(&mut app, "<c-o><down>", None);
    assert_eq!(ed(&app).focus, Pane::FrontMatter);
    assert_eq!(ed(&app).front.cursor().0, 1, "moving is allowed");
    let effects = keys_io(&mut app, "<c-s>", None);
    assert!(!has_save(&effects), "{effects:?}");
    let (tone, text) = message(&app);
    assert_eq!(tone, Tone::Error);
    assert!(
        text.starts_with("Not saved") && text.contains("read-only"),
        "{text}"
    );
    assert_eq!(fs::read(&path).expect("read"), bytes);
    let effects = drive(&mut app, ticks(16), None);
    assert!(journals(&effects).is_empty());
    keys_io(&mut app, "<esc>", None);
    assert!(app.editor.is_none(), "closes without asking");
}

/// A post that is not valid UTF-8 opens read-only, with the reason shown.
#[test]
fn editor_non_utf8_post_is_read_only() {
    check_read_only(
        b"---\ntitle: Bad bytes\ndate: 2024-01-01\n---\n\nline one\nline \xff two\n",
        "UTF-8",
    );
}

/// A post larger than 2 MB opens read-only, with the reason shown.
#[test]
fn editor_large_post_is_read_only() {
    let mut text = String::from("---\ntitle: Big\ndate: 2024-01-01\n---\n\n");
    let line = "A line of prose that goes on for a while to fill the file up quickly.\n";
    while text.len() <= folio::app::editor::MAX_EDIT_BYTES {
        text.push_str(line);
    }
    check_read_only(text.as_bytes(), "too large");
}

// ---------------------------------------------------------------------------------------
// Control characters

const CONTROLS: &str = "---\ntitle: Controls\ndate: 2024-01-01\nnote: \"bidi \u{202e}desrever\u{202c} end\"\n---\n\nPlain line\nEsc \u{1b}[31mred\u{1b}[0m and a bell \u{7} here\nC1 \u{85} next \u{9b} csi \u{7f} del\nBidi \u{2067}isolate\u{2069} and \u{202e}override\u{202c}\nTab\tstays\n";

/// Control characters (ESC, BEL, DEL, C1, bidi) show as visible stand-ins in the panes;
/// saving without changes writes the original bytes, and an edit elsewhere keeps them.
#[test]
fn editor_control_characters_show_as_stand_ins_and_round_trip() {
    let (_dir, mut app, path) = fixture(CONTROLS.as_bytes());
    edit_from_library(&mut app, "post", None);
    assert_eq!(ed(&app).read_only, None);
    let bidi = [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}',
    ];
    for line in front(&app).iter().chain(body(&app).iter()) {
        assert!(
            !line
                .chars()
                .any(|c| (c.is_control() && c != '\t') || bidi.contains(&c)),
            "control character in {line:?}"
        );
    }
    assert!(body(&app)[2].contains('\u{241b}'), "{:?}", body(&app)[2]);
    assert!(body(&app)[2].contains('\u{2407}'), "{:?}", body(&app)[2]);
    assert_eq!(ed(&app).check.error, None);
    assert_eq!(
        ed(&app).yaml(),
        folio::core::edit::editable_parts(CONTROLS).0
    );
    assert_eq!(
        ed(&app).body_text(),
        folio::core::edit::editable_parts(CONTROLS).1
    );

    let effects = keys(&mut app, "<c-s>");
    let (_, bytes, _, _, _) = the_save(&effects);
    assert_eq!(String::from_utf8_lossy(&bytes), CONTROLS);
    perform(&mut app, effects, None);
    assert_eq!(fs::read(&path).expect("read"), CONTROLS.as_bytes());

    keys(&mut app, "<c-o><down><end>!");
    let effects = keys(&mut app, "<c-s>");
    let (_, bytes, _, _, _) = the_save(&effects);
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        CONTROLS.replace("Plain line", "Plain line!")
    );
}

/// A post that already contains a stand-in character (a literal `␛`) opens read-only:
/// saving could not tell it from a real ESC.
#[test]
fn editor_literal_stand_in_opens_read_only() {
    check_read_only(
        "---\ntitle: Shows symbols\ndate: 2024-01-01\n---\n\nThe symbol ␛ stands for ESC.\n"
            .as_bytes(),
        "control characters",
    );
}

// ---------------------------------------------------------------------------------------
// Quick tag edit

/// `#` opens the tag field prefilled; Tab completes the last item from existing tags
/// (case-insensitive prefix, most used first); Enter with changed tags asks to set the
/// parsed, de-duplicated list; unchanged tags only say so. Setting tags changes only the
/// tags lines of the file, and after reindexing the library counts follow.
#[test]
fn editor_quick_tags_complete_dedupe_and_save() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    let id = post_id(&app, "martech");
    let path = path_of(&app, "martech");
    let original = fs::read_to_string(&path).expect("read");
    select_in_library(&mut app, "martech");
    keys(&mut app, "#");
    let input = app.input.clone().expect("the tag field");
    assert_eq!(input.purpose, Purpose::Tags(id));
    assert_eq!(input.text, "post, MarTech, Automation");

    // Completion: the most used tag starting with "se", whatever its case.
    keys(&mut app, ", se<tab>");
    let text = app.input.clone().expect("still open").text;
    let done = text
        .strip_prefix("post, MarTech, Automation, ")
        .expect("only the last item completes")
        .to_owned();
    let candidates: Vec<_> = index(&app)
        .tags
        .iter()
        .filter(|t| t.name.to_lowercase().starts_with("se"))
        .map(|t| (t.name.clone(), t.count()))
        .collect();
    let best = candidates.iter().map(|c| c.1).max().expect("a se… tag");
    assert!(
        candidates.iter().any(|c| c.0 == done && c.1 == best),
        "{done:?} of {candidates:?}"
    );
    assert_ne!(done, "se");
    let count_before = |app: &App, name: &str| {
        index(app)
            .tags
            .iter()
            .find(|t| t.name == name)
            .map_or(0, folio::core::tags::Tag::count)
    };
    let done_count = count_before(&app, &done);
    let tag_items = app.library.tag_items.len();

    let effects = keys(&mut app, "<enter>");
    assert!(app.input.is_none());
    let want: Vec<String> = ["post", "MarTech", "Automation", done.as_str()]
        .map(str::to_owned)
        .to_vec();
    assert_eq!(
        effects,
        [Effect::SetTags {
            path: path.clone(),
            tags: want
        }]
    );
    let after = perform(&mut app, effects, None);
    assert!(after.contains(&Effect::Reindex(path.clone())), "{after:?}");
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        original.replace("  - Automation\n", &format!("  - Automation\n  - {done}\n"))
    );
    assert_eq!(count_before(&app, &done), done_count + 1);
    assert_eq!(app.library.tag_items.len(), tag_items);
    assert!(message(&app).1.starts_with("Tags saved"));

    // Unchanged: said, nothing asked.
    keys(&mut app, "#");
    assert_eq!(
        app.input.as_ref().map(|i| i.text.as_str()),
        Some(format!("post, MarTech, Automation, {done}").as_str())
    );
    let effects = keys(&mut app, "<enter>");
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(message(&app), (Tone::Info, "Tags unchanged".to_owned()));

    // Parsed and de-duplicated.
    let effects = keys(
        &mut app,
        "#<c-u>post,  MarTech , MarTech,,Automation, New Tag ,<enter>",
    );
    assert_eq!(
        effects,
        [Effect::SetTags {
            path: path.clone(),
            tags: ["post", "MarTech", "Automation", "New Tag"]
                .map(str::to_owned)
                .to_vec()
        }]
    );
    perform(&mut app, effects, None);
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        original.replace("  - Automation\n", "  - Automation\n  - New Tag\n")
    );
    assert_eq!(count_before(&app, &done), done_count);
    assert_eq!(count_before(&app, "New Tag"), 1);
    assert_eq!(app.library.tag_items.len(), tag_items + 1);
    assert_eq!(
        index(&app).posts[post_id(&app, "martech")].tags[3],
        "New Tag"
    );
}

/// Tab completes case-insensitively and leaves an exact, complete tag alone.
#[test]
fn editor_quick_tags_tab_is_case_insensitive() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    select_in_library(&mut app, "martech");
    keys(&mut app, "#<c-u>MARt<tab>");
    assert_eq!(app.input.as_ref().map(|i| i.text.as_str()), Some("MarTech"));
    keys(&mut app, "<tab>");
    assert_eq!(app.input.as_ref().map(|i| i.text.as_str()), Some("MarTech"));
    keys(&mut app, ", zzzz-no-such<tab>");
    assert_eq!(
        app.input.as_ref().map(|i| i.text.as_str()),
        Some("MarTech, zzzz-no-such")
    );
    keys(&mut app, "<esc>");
    assert!(app.input.is_none());
}

/// A quick tag edit that reorders the tag list keeps the library on the same tag.
#[test]
fn editor_quick_tags_keep_the_library_on_the_same_tag() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    // A tag with more than one post and a tag of the same count after it: removing it
    // from one post moves it down the list.
    let idx = index(&app);
    let (position, name) = app
        .library
        .tag_items
        .windows(2)
        .enumerate()
        .find_map(|(i, pair)| match pair {
            [TagItem::Tag(a), TagItem::Tag(b)]
                if idx.tags[*a].count() > 1 && idx.tags[*a].count() == idx.tags[*b].count() =>
            {
                Some((i, idx.tags[*a].name.clone()))
            }
            _ => None,
        })
        .expect("two tags of the same count");
    keys(&mut app, &"j".repeat(position));
    assert_eq!(app.current_tag_name(), Some(name.as_str()));
    keys(&mut app, "<tab>");
    let post = app.library.current_post().expect("a post");
    let tags: Vec<String> = idx.posts[post]
        .tags
        .iter()
        .filter(|t| **t != name)
        .cloned()
        .collect();
    let effects = keys(&mut app, &format!("#<c-u>{}<enter>", tags.join(", ")));
    assert_eq!(
        effects,
        [Effect::SetTags {
            path: idx.path_of(post),
            tags,
        }]
    );
    perform(&mut app, effects, None);
    assert_eq!(
        app.current_tag_name(),
        Some(name.as_str()),
        "the library stays on #{name}"
    );
    let shown: Vec<String> = app
        .library
        .visible_posts()
        .iter()
        .map(|&p| rel_of(&app, p))
        .collect();
    let tag = index(&app)
        .tags
        .iter()
        .find(|t| t.name == name)
        .cloned()
        .expect("the tag");
    assert_eq!(shown.len(), tag.count(), "{shown:?}");
}

// ---------------------------------------------------------------------------------------
// New posts

/// `n` asks for a title and creates `<root>/<slug>.md` with the hidden tags (and the
/// tag chosen in the library); once it is indexed it opens in the editor.
#[test]
fn editor_new_post_is_created_and_opened() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    let posts = index(&app).posts.len();
    keys(&mut app, "n");
    assert_eq!(
        app.input.as_ref().map(|i| i.purpose),
        Some(Purpose::NewPost)
    );
    let effects = keys(&mut app, "My First Draft<enter>");
    let path = root.path().join("my-first-draft.md");
    assert_eq!(
        effects,
        [Effect::CreatePost {
            path: path.clone(),
            title: "My First Draft".to_owned(),
            tags: vec!["post".to_owned()],
        }]
    );
    let after = perform(&mut app, effects, None);
    assert!(after.contains(&Effect::Reindex(path.clone())), "{after:?}");
    assert_eq!(index(&app).posts.len(), posts + 1);
    let id = post_id(&app, "my-first-draft");
    assert!(
        after.contains(&Effect::OpenEditor {
            post: Some(id),
            path: path.clone()
        }),
        "{after:?}"
    );
    assert_eq!(app.edit_when_indexed, None);
    assert_eq!(app.screen, Screen::Editor);
    assert_eq!(ed(&app).path, path);
    assert_eq!(ed(&app).post, Some(id));
    assert_eq!(ed(&app).check.title.as_deref(), Some("My First Draft"));
    assert_eq!(ed(&app).check.tags, ["post"]);
    assert_eq!(ed(&app).check.error, None);
    assert!(ed(&app).check.warnings.is_empty(), "{:?}", ed(&app).check);
    assert_eq!(app.library.current_post(), Some(id));
    keys_io(&mut app, "<esc>", None);
    assert_eq!(app.screen, Screen::Library);
}

/// A new post started on a tag gets that tag too.
#[test]
fn editor_new_post_takes_the_current_tag() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    keys(&mut app, "j");
    let tag = app.current_tag_name().expect("a tag").to_owned();
    let effects = keys(&mut app, "nTagged Draft<enter>");
    assert_eq!(
        effects,
        [Effect::CreatePost {
            path: root.path().join("tagged-draft.md"),
            title: "Tagged Draft".to_owned(),
            tags: vec!["post".to_owned(), tag.clone()],
        }]
    );
    perform(&mut app, effects, None);
    assert_eq!(ed(&app).check.tags, ["post".to_owned(), tag]);
}

/// A title whose slug is taken, or that makes no slug, is refused with a message; an
/// empty title does nothing.
#[test]
fn editor_new_post_refuses_taken_and_empty_slugs() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    let files = fs::read_dir(root.path()).expect("ls").count();
    let effects = keys(&mut app, "nMarTech<enter>");
    assert!(effects.is_empty(), "{effects:?}");
    let (tone, text) = message(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.contains("martech"), "{text}");
    let effects = keys(&mut app, "n!!! ???<enter>");
    assert!(effects.is_empty(), "{effects:?}");
    let (tone, text) = message(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.contains("letters or digits"), "{text}");
    app.message = None;
    let effects = keys(&mut app, "n   <enter>");
    assert!(effects.is_empty(), "{effects:?}");
    assert!(app.input.is_none());
    assert_eq!(app.screen, Screen::Library);
    assert_eq!(fs::read_dir(root.path()).expect("ls").count(), files);
}

// ---------------------------------------------------------------------------------------
// Reindexing

/// A new post that shifts every id keeps the reader on the same post (by path), the
/// library on the same post, and history entries pointing at the same posts.
#[test]
fn editor_reindex_keeps_reader_and_history_on_the_same_posts() {
    let root = temp_sample();
    let mut app = app_for(root.path());
    open(&mut app, "will-digital-marketing-die");
    let first = rel_of(&app, post_id(&app, "will-digital-marketing-die"));
    select_link(&mut app, |l| l.post.is_some());
    keys(&mut app, "<enter>");
    let second_id = app.reader.as_ref().expect("reader").post;
    let second = rel_of(&app, second_id);
    assert_ne!(first, second);
    let scroll = app.reader.as_ref().expect("reader").scroll;

    let new = root.path().join("0-first.md");
    fs::write(&new, "---\ntitle: First\ndate: 2020-01-01\n---\nHello\n").expect("write");
    let effects = perform(&mut app, [Effect::Reindex(new)], None);
    let now = app.reader.as_ref().expect("reader").post;
    assert_eq!(now.index(), second_id.index() + 1, "ids shifted");
    assert_eq!(rel_of(&app, now), second);
    assert!(
        effects.contains(&Effect::LoadPost {
            post: now,
            path: index(&app).path_of(now)
        }),
        "{effects:?}"
    );
    assert!(app.reader.as_ref().is_some_and(|r| r.text.is_some()));
    assert_eq!(app.reader.as_ref().expect("reader").scroll, scroll);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(
        app.library.current_post().map(|p| rel_of(&app, p)),
        Some(first.clone()),
        "the library keeps its post"
    );
    keys(&mut app, "<bs>");
    let back = app.reader.as_ref().expect("reader").post;
    assert_eq!(rel_of(&app, back), first, "history points at the same post");
    keys(&mut app, "L");
    let forward = app.reader.as_ref().expect("reader").post;
    assert_eq!(rel_of(&app, forward), second);
}

/// Saving in the editor while a new post shifted ids keeps the editor on its file.
#[test]
fn editor_reindex_keeps_the_editor_post() {
    let (root, mut app) = sample_in_editor("martech");
    let path = ed(&app).path.clone();
    let new = root.path().join("0-first.md");
    fs::write(&new, "---\ntitle: First\ndate: 2020-01-01\n---\nHello\n").expect("write");
    perform(&mut app, [Effect::Reindex(new)], None);
    let id = ed(&app).post.expect("indexed");
    assert_eq!(index(&app).path_of(id), path);
    assert_eq!(id, post_id(&app, "martech"));
}

// ---------------------------------------------------------------------------------------
// Preview

/// Ctrl-T toggles the preview; after a tick it holds the body rendered for half the
/// screen width (less the border), following edits and resizes.
#[test]
fn editor_preview_toggles_and_renders_half_width() {
    let (_root, mut app) = sample_in_editor("martech");
    assert!(!ed(&app).preview);
    keys(&mut app, "<c-t>");
    assert!(ed(&app).preview);
    let rendered = |app: &App, width: usize| {
        let templates = index(app).config.link_templates.clone();
        let body = ed(app).body_text();
        folio::render::markdown::render(&templates.rewrite(&body), width, &|_| None)
    };
    drive(&mut app, ticks(1), None);
    let (version, width, doc) = ed(&app).preview_cache.clone().expect("a preview");
    assert_eq!(version, ed(&app).version);
    assert_eq!(width, 38);
    assert_eq!(doc, rendered(&app, 38));
    assert!(doc.lines.iter().all(|l| l.width() <= 38));

    keys(&mut app, "<c-o># Fresh heading<enter>");
    drive(&mut app, ticks(1), None);
    let (version, _, doc) = ed(&app).preview_cache.clone().expect("a preview");
    assert_eq!(version, ed(&app).version);
    assert_eq!(doc, rendered(&app, 38));
    assert_eq!(doc.headings[0].text, "Fresh heading");

    drive(&mut app, [Msg::Resize(100, 30), Msg::Tick], None);
    let (_, width, doc) = ed(&app).preview_cache.clone().expect("a preview");
    assert_eq!(width, 48);
    assert_eq!(doc, rendered(&app, 48));

    keys(&mut app, "<c-t>");
    assert!(!ed(&app).preview);
}

/// A save that failed to write says so and keeps the edits (still unsaved).
#[test]
fn editor_failed_write_keeps_the_edits() {
    let (_root, mut app) = sample_in_editor("martech");
    keys(&mut app, "<c-o>Mine");
    let path = ed(&app).path.clone();
    let effects = drive(
        &mut app,
        [Msg::Saved {
            path,
            result: Err(SaveFailure::Io("disk full".to_owned())),
            then: AfterSave::Close,
        }],
        None,
    );
    assert!(effects.is_empty(), "{effects:?}");
    let (tone, text) = message(&app);
    assert_eq!(tone, Tone::Error);
    assert!(
        text.starts_with("Not saved (") && text.contains("disk full"),
        "{text}"
    );
    assert_eq!(
        ed(&app).prompt,
        Some(Prompt::SaveFailed("disk full".into()))
    );
    assert_eq!(app.screen, Screen::Editor, "not closed");
    assert!(ed(&app).is_dirty());
    assert_eq!(body(&app)[0], "Mine");
}
