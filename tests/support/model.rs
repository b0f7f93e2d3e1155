//! The in-process model for the update and snapshot tests: building an [`App`] over a
//! content folder, feeding it messages and key specs (see [`super::keys`]) through the real
//! keymap, carrying out effects with the runtime's own interpreter, reading its status
//! message, checking invariants and drawing it. It must not carry out an effect itself
//! (beyond `LoadPost` in [`run`]): [`perform_effect`] is the runtime's `perform`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossterm::event::KeyEvent;
use folio::app::keymap::Keymap;
use folio::app::memory::Memory;
use folio::app::popup::Popup;
use folio::app::{App, Content, Effect, Msg, Screen, Tone};
use folio::core::catalog::Catalog;
use folio::core::index::{Index, Link};
use folio::core::post::PostId;

use super::keys::parse_keys;

/// Index `root` the way the runtime does, ready for [`Msg::Indexed`].
pub fn content_for(root: &Path) -> Content {
    let index = Index::build(root).unwrap_or_else(|e| panic!("index {}: {e}", root.display()));
    let catalog = Catalog::build(&index);
    Content {
        index: Arc::new(index),
        catalog: Arc::new(catalog),
    }
}

/// An app for `root` with `memory`, sized `width`×`height`, after its index arrived.
pub fn app_with(root: &Path, memory: Memory, width: u16, height: u16) -> App {
    let mut app = App::new(root.to_owned(), Keymap::default(), memory);
    let content = content_for(root);
    run(
        &mut app,
        [Msg::Resize(width, height), Msg::Indexed(content)],
    );
    app
}

/// An app for `root` at 80×24 with nothing remembered.
pub fn app_for(root: &Path) -> App {
    app_with(root, Memory::default(), 80, 24)
}

/// An app for the sample posts at 80×24 with nothing remembered.
pub fn sample_app() -> App {
    app_for(&super::sample_posts())
}

/// The open editor (panics when none is open).
pub fn ed(app: &App) -> &folio::app::editor::Editor {
    app.editor.as_ref().expect("the editor is open")
}

/// The sample posts as the path `sample-posts`, relative to the crate root the tests run
/// in: what a screen shows of the root is then the same on every machine.
pub fn sample_root() -> PathBuf {
    let root = PathBuf::from("sample-posts");
    assert!(root.is_dir(), "tests run from the crate root");
    root
}

/// The status message and its tone; panics when there is none.
pub fn message(app: &App) -> (Tone, String) {
    app.message.clone().expect("a status message")
}

/// The status message's text, or `""` when there is none.
pub fn status(app: &App) -> String {
    app.message
        .as_ref()
        .map(|(_, m)| m.clone())
        .unwrap_or_default()
}

/// Apply `msgs` in order. `LoadPost` effects are carried out at once (the file is read and
/// `PostLoaded` fed back); every effect, `LoadPost` included, is returned in order.
pub fn run(app: &mut App, msgs: impl IntoIterator<Item = Msg>) -> Vec<Effect> {
    let mut effects = Vec::new();
    for msg in msgs {
        apply(app, msg, &mut effects);
    }
    effects
}

fn apply(app: &mut App, msg: Msg, effects: &mut Vec<Effect>) {
    for effect in app.update(msg) {
        effects.push(effect.clone());
        if let Effect::LoadPost { post, path } = effect {
            let text = fs::read_to_string(&path).map_err(|e| e.to_string());
            apply(app, Msg::PostLoaded { post, text }, effects);
        }
    }
}

/// Press one key: through `key_to_msg` (the keymap or the text field), then `update`.
pub fn press(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match app.key_to_msg(key) {
        Some(msg) => run(app, [msg]),
        None => Vec::new(),
    }
}

/// Press the keys of `spec` (see [`parse_keys`]); returns every effect, in order.
pub fn keys(app: &mut App, spec: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for key in parse_keys(spec) {
        effects.extend(press(app, key));
    }
    effects
}

/// The index (panics before indexing).
pub fn index(app: &App) -> Arc<Index> {
    app.content
        .as_ref()
        .map(|c| c.index.clone())
        .expect("the app has its index")
}

/// The id of the post with `slug`.
pub fn post_id(app: &App, slug: &str) -> PostId {
    index(app)
        .find(slug)
        .unwrap_or_else(|| panic!("no post {slug}"))
}

/// Open the post `slug` from the library: put the post cursor on it in the "All posts"
/// list, focus the post pane and press Enter.
pub fn open(app: &mut App, slug: &str) -> Vec<Effect> {
    let id = post_id(app, slug);
    select_in_library(app, slug);
    let effects = keys(app, "<enter>");
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(app.reader.as_ref().map(|r| r.post), Some(id));
    assert!(
        app.reader.as_ref().is_some_and(|r| r.text.is_some()),
        "{slug} loaded"
    );
    effects
}

/// The resolved link (from the index) behind rendered link `i` of the open post.
pub fn resolved_link(app: &App, i: usize) -> Option<Link<'_>> {
    let reader = app.reader.as_ref()?;
    let target = &reader.doc.links.get(i)?.target;
    let index = &app.content.as_ref()?.index;
    index.links(reader.post).find(|l| l.target == target)
}

/// Press Tab until the selected link satisfies `wanted`; panics when no link does.
pub fn select_link(app: &mut App, wanted: impl Fn(&Link) -> bool) -> usize {
    let count = app.reader.as_ref().map_or(0, |r| r.doc.links.len());
    for _ in 0..count {
        keys(app, "<tab>");
        let selected = app
            .reader
            .as_ref()
            .and_then(|r| r.selected)
            .expect("Tab selects a link");
        if resolved_link(app, selected).is_some_and(|l| wanted(&l)) {
            return selected;
        }
    }
    panic!("no link of the open post matches");
}

/// The model invariants that must hold after every message: list cursors inside their
/// lists (0 when empty) with the cursor inside the visible window, the reader scroll
/// within `0..=max_scroll`, the selected link and search hit existing.
pub fn check_invariants(app: &App, context: &str) {
    let lib = &app.library;
    let rows = app.viewport.list_rows();
    let lists = [
        ("tags", lib.tags, lib.tag_items.len()),
        ("posts", lib.posts, lib.visible_posts().len()),
    ];
    for (name, cursor, len) in lists {
        if len == 0 {
            assert_eq!(
                cursor.cursor, 0,
                "{context}: {name} cursor in an empty list"
            );
        } else {
            assert!(
                cursor.cursor < len,
                "{context}: {name} cursor {} >= len {len}",
                cursor.cursor
            );
        }
        assert!(
            cursor.offset <= cursor.cursor && cursor.cursor < cursor.offset + rows,
            "{context}: {name} cursor {} outside the window at offset {} of {rows} rows",
            cursor.cursor,
            cursor.offset
        );
    }
    if let Some(reader) = &app.reader {
        let max = reader.max_scroll(app.viewport.reader_rows());
        assert!(
            reader.scroll <= max,
            "{context}: reader scroll {} > max_scroll {max}",
            reader.scroll
        );
        if let Some(i) = reader.selected {
            assert!(
                i < reader.doc.links.len(),
                "{context}: selected link {i} of {}",
                reader.doc.links.len()
            );
        }
        if let Some(search) = &reader.search
            && !search.hits.is_empty()
        {
            assert!(
                search.current < search.hits.len(),
                "{context}: search hit {} of {}",
                search.current,
                search.hits.len()
            );
        }
    }
    let outline = app.reader.as_ref().map_or(0, |r| r.doc.headings.len());
    let popup_list = match &app.popup {
        Some(Popup::Outline { list }) => Some((*list, outline)),
        Some(Popup::Backlinks { posts, list }) => Some((*list, posts.len())),
        Some(Popup::Search { hits, list, .. }) => Some((*list, hits.as_ref().map_or(0, Vec::len))),
        _ => None,
    };
    if let Some((list, len)) = popup_list {
        assert!(
            list.cursor < len.max(1),
            "{context}: pop-up cursor {} of {len}",
            list.cursor
        );
    }
}

// ---------------------------------------------------------------------------------------
// Carrying out the editor's effects for real (on a temporary folder)

/// The journal the runtime would find for `path` in `data_dir`, if any.
pub fn read_journal(data_dir: &Path, path: &Path) -> Option<folio::app::journal::Journal> {
    folio::tui::effects::read_journal(data_dir, path)
}

/// Carry out `effect` with the runtime's own interpreter ([`effects::perform`]), at once,
/// and return the message it answers with. Journals are written to (and read from)
/// `data_dir` when given. Terminal effects (`Quit`, `OpenUrl`, `Copy`, `EditExternally`)
/// answer nothing.
pub fn perform_effect(app: &App, effect: &Effect, data_dir: Option<&Path>) -> Option<Msg> {
    let io = folio::tui::effects::Io {
        index: app.content.as_ref().map(|c| Arc::clone(&c.index)),
        catalog: app.content.as_ref().map(|c| Arc::clone(&c.catalog)),
        data_dir: data_dir.map(Path::to_owned),
    };
    folio::tui::effects::perform(effect.clone(), &io)
}

fn apply_io(app: &mut App, msg: Msg, data_dir: Option<&Path>, effects: &mut Vec<Effect>) {
    for effect in app.update(msg) {
        effects.push(effect.clone());
        if let Some(answer) = perform_effect(app, &effect, data_dir) {
            apply_io(app, answer, data_dir, effects);
        }
    }
}

/// Apply `msgs` in order, carrying out every effect at once (see [`perform_effect`]) and
/// feeding its answer back, depth first. Returns every effect asked for, in order.
pub fn drive(
    app: &mut App,
    msgs: impl IntoIterator<Item = Msg>,
    data_dir: Option<&Path>,
) -> Vec<Effect> {
    let mut effects = Vec::new();
    for msg in msgs {
        apply_io(app, msg, data_dir, &mut effects);
    }
    effects
}

/// Carry out `effects` (asked for earlier and held back) and feed back their answers, as
/// [`drive`] does. Returns the effects the answers asked for.
pub fn perform(
    app: &mut App,
    effects: impl IntoIterator<Item = Effect>,
    data_dir: Option<&Path>,
) -> Vec<Effect> {
    let mut out = Vec::new();
    for effect in effects {
        if let Some(answer) = perform_effect(app, &effect, data_dir) {
            apply_io(app, answer, data_dir, &mut out);
        }
    }
    out
}

/// Press the keys of `spec` (see [`parse_keys`]) carrying out every effect at once (see
/// [`drive`]). Returns every effect asked for, in order.
pub fn keys_io(app: &mut App, spec: &str, data_dir: Option<&Path>) -> Vec<Effect> {
    let mut effects = Vec::new();
    for key in parse_keys(spec) {
        if let Some(msg) = app.key_to_msg(key) {
            apply_io(app, msg, data_dir, &mut effects);
        }
    }
    effects
}

/// Put the library's post cursor on `slug` in the "All posts" list, posts pane focused.
pub fn select_in_library(app: &mut App, slug: &str) {
    let id = post_id(app, slug);
    assert_eq!(app.screen, Screen::Library, "select {slug} in the library");
    if app.library.tags.cursor != 0 {
        if app.library.focus == folio::app::library::Pane::Posts {
            keys(app, "<tab>");
        }
        keys(app, "g");
    }
    if app.library.focus != folio::app::library::Pane::Posts {
        keys(app, "<tab>");
    }
    let rows = app.viewport.list_rows();
    app.library.select_post(id, rows);
    assert_eq!(app.library.current_post(), Some(id), "{slug} is listed");
}

/// Open `slug` in the editor from the library (`e`), carrying out the effects with
/// journals in `data_dir`. Returns the effects.
pub fn edit_from_library(app: &mut App, slug: &str, data_dir: Option<&Path>) -> Vec<Effect> {
    select_in_library(app, slug);
    let effects = keys_io(app, "e", data_dir);
    assert_eq!(app.screen, Screen::Editor, "e opens the editor on {slug}");
    effects
}

/// A temporary copy of the sample posts and an app over it (80×24) with `slug` open in the
/// editor from the library: the copy (keep it alive) and the app.
pub fn sample_in_editor(slug: &str) -> (tempfile::TempDir, App) {
    sample_in_editor_at(slug, 80, 24)
}

/// [`sample_in_editor`] in a `width`×`height` terminal.
pub fn sample_in_editor_at(slug: &str, width: u16, height: u16) -> (tempfile::TempDir, App) {
    let root = super::fs::temp_sample();
    let mut app = app_with(root.path(), Memory::default(), width, height);
    edit_from_library(&mut app, slug, None);
    (root, app)
}

/// Draw `app` into a fresh test terminal of its viewport size.
pub fn draw(app: &App) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let backend = ratatui::backend::TestBackend::new(app.viewport.width, app.viewport.height);
    let mut terminal = ratatui::Terminal::new(backend).expect("test terminal");
    terminal.draw(|f| folio::ui::draw(app, f)).expect("draw");
    terminal
}

/// The text of row `y` of `buffer`.
pub fn row_text(buffer: &ratatui::buffer::Buffer, y: u16) -> String {
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

/// The whole screen as text, one row per line.
pub fn screen_text(buffer: &ratatui::buffer::Buffer) -> String {
    (0..buffer.area.height)
        .map(|y| row_text(buffer, y))
        .collect::<Vec<_>>()
        .join("\n")
}
