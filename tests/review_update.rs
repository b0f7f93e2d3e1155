//! Review marks in the model: `r` in the library and the reader, `v`'s filter, the marks
//! file written through the runtime's own effect code (`tui::effects::review`) into a
//! temporary data dir, and what happens when a post changes or the file cannot be used.

mod support;

use std::path::Path;

use folio::app::keymap::Keymap;
use folio::app::memory::Memory;
use folio::app::review::{ReviewEffect, ReviewFilter};
use folio::app::{App, Effect, Msg, Tone};
use folio::core::review::{self, Marks, ReviewState};
use folio::core::stable_hash;
use support::fs::temp_sample;
use support::model::{
    check_invariants, content_for, drive, keys, keys_io, message, open, post_id, run,
    select_in_library,
};

const CRM: &str = "choosing-a-crm";
const CRM_FILE: &str = "choosing-a-crm.md";

/// An app on `root` at 80×24 whose index arrived, with every effect carried out and the
/// marks kept in `data`.
fn app_in(root: &Path, data: &Path) -> App {
    let mut app = App::new(root.to_owned(), Keymap::default(), Memory::default());
    drive(
        &mut app,
        [Msg::Resize(80, 24), Msg::Indexed(content_for(root))],
        Some(data),
    );
    app
}

/// A copy of the sample posts and an empty data dir.
fn fresh() -> (tempfile::TempDir, tempfile::TempDir) {
    (temp_sample(), tempfile::tempdir().expect("data dir"))
}

fn stored(root: &Path, data: &Path) -> Marks {
    review::load(&review::file_for(data, root)).expect("the marks file reads")
}

fn state(app: &App, rel: &str) -> ReviewState {
    app.review.state(rel)
}

/// `r` on a post in the library hashes its bytes, marks it and writes the marks file;
/// `r` again unmarks it. The post file is never written.
#[test]
fn review_r_in_library_marks_then_unmarks() {
    let (site, data) = fresh();
    let root = site.path();
    let post = root.join(CRM_FILE);
    let bytes = std::fs::read(&post).expect("post");
    let mut app = app_in(root, data.path());
    select_in_library(&mut app, CRM);
    let effects = keys_io(&mut app, "r", Some(data.path()));
    assert!(matches!(
        effects.as_slice(),
        [
            Effect::Review(ReviewEffect::Hash { mark: true, .. }),
            Effect::Review(ReviewEffect::Save { .. })
        ]
    ));
    assert_eq!(state(&app, CRM_FILE), ReviewState::Reviewed);
    assert_eq!(
        stored(root, data.path()).get(CRM_FILE),
        Some(stable_hash::of_bytes(&bytes))
    );
    assert_eq!(message(&app).0, Tone::Info);
    assert!(message(&app).1.contains(CRM_FILE), "{:?}", app.message);

    keys_io(&mut app, "r", Some(data.path()));
    assert_eq!(state(&app, CRM_FILE), ReviewState::Unreviewed);
    assert!(stored(root, data.path()).is_empty());
    assert_eq!(std::fs::read(&post).expect("post"), bytes, "post untouched");
    check_invariants(&app, "after r r");
}

/// `r` in the reader marks the open post, and the reader's status line says so.
#[test]
fn review_r_in_reader_marks_the_open_post() {
    let (site, data) = fresh();
    let mut app = app_in(site.path(), data.path());
    open(&mut app, CRM);
    keys_io(&mut app, "r", Some(data.path()));
    assert_eq!(state(&app, CRM_FILE), ReviewState::Reviewed);
    assert!(stored(site.path(), data.path()).get(CRM_FILE).is_some());
    let screen = support::model::screen_text(support::model::draw(&app).backend().buffer());
    assert!(screen.contains("Reviewed choosing-a-crm.md ✓"), "{screen}");
    keys(&mut app, "j");
    let screen = support::model::screen_text(support::model::draw(&app).backend().buffer());
    assert!(screen.contains("✓ reviewed"), "{screen}");
}

/// A post whose bytes change after its review reads as changed on the next start (and
/// after a re-index); `r` on it marks the new bytes reviewed.
#[test]
fn review_changed_bytes_read_as_changed() {
    let (site, data) = fresh();
    let root = site.path();
    let mut app = app_in(root, data.path());
    select_in_library(&mut app, CRM);
    keys_io(&mut app, "r", Some(data.path()));
    let post = root.join(CRM_FILE);
    let mut text = std::fs::read_to_string(&post).expect("post");
    text.push_str("\nOne more line.\n");
    std::fs::write(&post, &text).expect("change the post");

    // The running app learns it when the index changes (a save, a reload).
    drive(
        &mut app,
        [Msg::Reindexed(content_for(root))],
        Some(data.path()),
    );
    assert_eq!(state(&app, CRM_FILE), ReviewState::Changed);

    // A new start hashes the marked post and finds it changed.
    let mut again = app_in(root, data.path());
    assert_eq!(state(&again, CRM_FILE), ReviewState::Changed);
    assert_eq!(again.review.progress, Some((0, 32)));
    select_in_library(&mut again, CRM);
    keys_io(&mut again, "r", Some(data.path()));
    assert_eq!(state(&again, CRM_FILE), ReviewState::Reviewed);
    assert_eq!(again.review.progress, Some((1, 32)));
    assert_eq!(
        stored(root, data.path()).get(CRM_FILE),
        Some(stable_hash::of_bytes(text.as_bytes()))
    );
}

/// Start-up reads the marks file once, then hashes only the marked posts (not all 32).
#[test]
fn review_start_up_hashes_only_marked_posts() {
    let (site, data) = fresh();
    let root = site.path();
    let mut marks = Marks::default();
    marks.mark(CRM_FILE, 1);
    marks.mark("no-longer-here.md", 2);
    review::store(&review::file_for(data.path(), root), &marks).expect("store");
    let mut app = App::new(root.to_owned(), Keymap::default(), Memory::default());
    let effects = drive(
        &mut app,
        [Msg::Resize(80, 24), Msg::Indexed(content_for(root))],
        Some(data.path()),
    );
    let review_effects: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Review(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        review_effects,
        [
            ReviewEffect::Load {
                root: root.to_owned()
            },
            ReviewEffect::Hash {
                root: root.to_owned(),
                posts: vec![CRM_FILE.to_owned()],
                mark: false
            }
        ]
    );
    assert_eq!(state(&app, CRM_FILE), ReviewState::Changed);
}

/// Before the marks arrive the library works, `r` says they are loading, and the list
/// shows no review column yet.
#[test]
fn review_library_is_usable_before_marks_arrive() {
    let site = temp_sample();
    let root = site.path();
    let mut app = App::new(root.to_owned(), Keymap::default(), Memory::default());
    let effects = run(
        &mut app,
        [Msg::Resize(80, 24), Msg::Indexed(content_for(root))],
    );
    assert!(effects.contains(&Effect::Review(ReviewEffect::Load {
        root: root.to_owned()
    })));
    keys(&mut app, "<tab>jj");
    let effects = keys(&mut app, "r");
    assert!(effects.is_empty(), "{effects:?}");
    assert!(message(&app).1.contains("loading"), "{:?}", app.message);
    check_invariants(&app, "before marks");
}

/// `v` cycles all → to review → changed → reviewed → all, and each list holds exactly
/// the posts in those states; the cursor stays valid throughout.
#[test]
fn review_filter_narrows_the_post_list() {
    let (site, data) = fresh();
    let root = site.path();
    let mut app = app_in(root, data.path());
    select_in_library(&mut app, CRM);
    keys_io(&mut app, "r", Some(data.path()));
    select_in_library(&mut app, "email-list-segmentation");
    keys_io(&mut app, "r", Some(data.path()));
    std::fs::write(root.join("email-list-segmentation.md"), "changed\n").expect("change");
    drive(
        &mut app,
        [Msg::Reindexed(content_for(root))],
        Some(data.path()),
    );
    let crm = post_id(&app, CRM);
    let email = post_id(&app, "email-list-segmentation");
    let mut seen = Vec::new();
    for _ in 0..4 {
        keys(&mut app, "v");
        check_invariants(&app, app.review.filter.label());
        seen.push((app.review.filter, app.library.visible_posts().to_vec()));
    }
    assert_eq!(seen[0].0, ReviewFilter::ToReview);
    assert_eq!(seen[0].1.len(), 31);
    assert!(!seen[0].1.contains(&crm) && seen[0].1.contains(&email));
    assert_eq!(seen[1], (ReviewFilter::Changed, vec![email]));
    assert_eq!(seen[2], (ReviewFilter::Reviewed, vec![crm]));
    assert_eq!(seen[3].0, ReviewFilter::All);
    assert_eq!(seen[3].1.len(), 32);

    // Marking a post under "to review" takes it off that list.
    keys(&mut app, "v");
    let before = app.library.visible_posts().len();
    keys_io(&mut app, "r", Some(data.path()));
    assert_eq!(app.library.visible_posts().len(), before - 1);
    check_invariants(&app, "marked under to review");

    // A fresh index (a save, a reload) keeps the list narrowed.
    drive(
        &mut app,
        [Msg::Reindexed(content_for(root))],
        Some(data.path()),
    );
    assert_eq!(app.review.filter, ReviewFilter::ToReview);
    assert_eq!(app.library.visible_posts().len(), before - 1);
    check_invariants(&app, "re-indexed under to review");
}

/// A marks file folio cannot read turns marking off and is never overwritten.
#[test]
fn review_unreadable_marks_file_is_left_alone() {
    let (site, data) = fresh();
    let root = site.path();
    let file = review::file_for(data.path(), root);
    std::fs::create_dir_all(file.parent().expect("folder")).expect("mkdir");
    std::fs::write(&file, "{\"version\": 9}").expect("write");
    let mut app = app_in(root, data.path());
    let (tone, text) = message(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.contains("Review marks are off"), "{text}");
    select_in_library(&mut app, CRM);
    let effects = keys_io(&mut app, "r", Some(data.path()));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(message(&app).1.contains("off"), "{:?}", app.message);
    assert_eq!(
        std::fs::read_to_string(&file).expect("file"),
        "{\"version\": 9}"
    );
}

/// A marks file that cannot be written is reported on the status line.
#[test]
fn review_failed_write_is_reported() {
    let (site, data) = fresh();
    let mut app = app_in(site.path(), data.path());
    // The folder the marks file goes in is now a file: the write must fail.
    std::fs::write(data.path().join("review"), "in the way").expect("block the folder");
    select_in_library(&mut app, CRM);
    keys_io(&mut app, "r", Some(data.path()));
    let (tone, text) = message(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.contains("Could not save the review marks"), "{text}");
}

/// The runtime writes marks on a worker: a save overtaken by a newer one never wins, and
/// quitting waits for the saves still running.
#[test]
fn review_runtime_saves_end_with_the_newest_marks() {
    use folio::tui::effects::{self, Io, Outcome};
    let (site, data) = fresh();
    let root = site.path();
    let (tx, rx) = std::sync::mpsc::channel();
    let io = Io {
        data_dir: Some(data.path().to_owned()),
        ..Io::default()
    };
    let mut newest = Marks::default();
    newest.mark(CRM_FILE, 2);
    let mut older = Marks::default();
    older.mark(CRM_FILE, 1);
    let mut out = Vec::new();
    for (marks, number) in [(newest.clone(), 2), (older, 1)] {
        let save = Effect::Review(ReviewEffect::Save {
            root: root.to_owned(),
            marks,
            number,
        });
        assert_eq!(effects::run(save, &io, &tx, &mut out), Outcome::Continue);
    }
    assert_eq!(
        effects::run(Effect::Quit, &io, &tx, &mut out),
        Outcome::Quit
    );
    assert_eq!(stored(root, data.path()), newest);
    let answers: Vec<_> = rx.try_iter().collect();
    assert!(!answers.is_empty(), "the newest save answers");
}
