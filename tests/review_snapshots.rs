//! The library with review marks, drawn into ratatui's `TestBackend`: an insta snapshot of
//! the marker column, the progress figure and the filter in the pane title, plus what a
//! snapshot cannot see (the marks' colours, and that without colour the glyphs remain).

mod support;

use std::path::Path;

use folio::app::App;
use folio::app::keymap::Keymap;
use folio::app::memory::Memory;
use folio::app::{Msg, Screen};
use folio::core::review::{self, Marks};
use folio::core::stable_hash;
use ratatui::style::Color;
use support::model::{content_for, draw, drive, keys, row_text, sample_root};

/// The sample library at 80×24 with marks in `data`: the newest post reviewed as it is,
/// the third newest reviewed before it changed. The post pane has the keyboard.
fn marked_library(data: &Path) -> App {
    let root = sample_root();
    let content = content_for(&root);
    let newest = content.index.newest_first();
    let rel = |i: usize| content.index.posts[newest[i]].rel_path.to_string();
    let bytes = std::fs::read(root.join(rel(0))).expect("read the newest post");
    let mut marks = Marks::default();
    marks.mark(&rel(0), stable_hash::of_bytes(&bytes));
    marks.mark(&rel(2), 1);
    review::store(&review::file_for(data, &root), &marks).expect("store marks");
    let mut app = App::new(root, Keymap::default(), Memory::default());
    drive(
        &mut app,
        [Msg::Resize(80, 24), Msg::Indexed(content)],
        Some(data),
    );
    keys(&mut app, "<tab>");
    assert_eq!(app.screen, Screen::Library);
    app
}

/// Reviewed posts carry `✓`, the changed one `*`, the others nothing; the post pane's
/// bottom border shows the progress.
#[test]
fn ui_library_review_marks() {
    let data = tempfile::tempdir().expect("data dir");
    let app = marked_library(data.path());
    insta::assert_snapshot!("library_review_marks", draw(&app).backend());
}

/// `v` once: only the posts to review (unreviewed or changed), named in the title.
#[test]
fn ui_library_review_filter_to_review() {
    let data = tempfile::tempdir().expect("data dir");
    let mut app = marked_library(data.path());
    keys(&mut app, "v");
    let terminal = draw(&app);
    let bottom = row_text(terminal.backend().buffer(), 22);
    assert!(
        bottom.contains("showing to review · reviewed 1/32"),
        "{bottom}"
    );
    let first = row_text(terminal.backend().buffer(), 1);
    assert!(!first.contains('✓'), "the reviewed post is hidden: {first}");
}

/// The marks are green and magenta in colour; without colour the glyphs stay and no
/// cell is coloured.
#[test]
fn ui_review_marks_are_glyphs_in_mono() {
    let data = tempfile::tempdir().expect("data dir");
    let mut app = marked_library(data.path());
    let find = |app: &App, glyph: &str| {
        let terminal = draw(app);
        let buffer = terminal.backend().buffer().clone();
        (0..buffer.area.height)
            .flat_map(|y| (0..buffer.area.width).map(move |x| (x, y)))
            .find(|&(x, y)| buffer[(x, y)].symbol() == glyph)
            .map(|(x, y)| buffer[(x, y)].fg)
    };
    assert_eq!(find(&app, "✓"), Some(Color::Green));
    assert_eq!(find(&app, "*"), Some(Color::Magenta));
    app.monochrome = true;
    assert_eq!(find(&app, "✓"), Some(Color::Reset));
    assert_eq!(find(&app, "*"), Some(Color::Reset));
}

/// Help, generated from the keymap, lists `r` and `v` among the library's keys.
#[test]
fn ui_help_lists_the_review_keys() {
    let data = tempfile::tempdir().expect("data dir");
    let mut app = marked_library(data.path());
    keys(&mut app, "?");
    let mut seen = String::new();
    for _ in 0..10 {
        seen.push_str(&support::model::screen_text(draw(&app).backend().buffer()));
        keys(&mut app, "j");
    }
    assert!(
        seen.contains("r                 mark reviewed ✓ / unmark (* = changed)"),
        "{seen}"
    );
    assert!(
        seen.contains("v                 show: all/to review/changed/reviewed"),
        "{seen}"
    );
}
