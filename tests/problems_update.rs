//! Reviewing a site by keyboard, in the model: the problems view (`!`), its filters,
//! opening a problem in the reader or the editor at its line, fixing it and seeing it
//! leave the list, walking problem posts from the reader (`]` / `[`), the command palette
//! (`:`) and the mouse switch (`M`). Effects are carried out by the runtime's own
//! interpreter on a temporary copy of the sample posts.

mod support;

use folio::app::editor::Pane;
use folio::app::problems::{LevelFilter, ProblemRow};
use folio::app::{App, Effect, Screen};
use folio::core::problem::ProblemKind;
use support::fs::temp_sample;
use support::model::{app_for, draw, keys, keys_io, open, post_id, screen_text, status};

/// The kinds of the problem rows the view shows.
fn shown_kinds(app: &App) -> Vec<ProblemKind> {
    let index = app.index().expect("indexed");
    app.problems
        .rows
        .iter()
        .filter_map(|r| match *r {
            ProblemRow::Problem { post, at } => Some(index.problems(post)[at].kind),
            ProblemRow::Post(_) => None,
        })
        .collect()
}

/// Put the problems view's cursor on the first problem of `kind` in post `slug`.
fn select_problem(app: &mut App, slug: &str, kind: ProblemKind) {
    let id = post_id(app, slug);
    let index = std::sync::Arc::clone(&app.content.as_ref().expect("indexed").index);
    let row = app
        .problems
        .rows
        .iter()
        .position(|r| {
            matches!(*r, ProblemRow::Problem { post, at }
                if post == id && index.problems(post)[at].kind == kind)
        })
        .unwrap_or_else(|| panic!("{slug} has a {kind:?} row"));
    let rows = app.viewport.list_rows();
    let len = app.problems.rows.len();
    app.problems.list.set(row, len, rows);
}

/// `!` lists every problem `folio check` reports, grouped by post with errors first; the
/// level and kind filters narrow it; Esc goes back where it came from.
#[test]
fn problems_view_lists_filters_and_closes() {
    let site = temp_sample();
    let mut app = app_for(site.path());
    let summary = app
        .content
        .as_ref()
        .expect("indexed")
        .catalog
        .problems
        .clone();
    keys(&mut app, "!");
    assert_eq!(app.screen, Screen::Problems);
    let total = summary.errors + summary.warnings;
    assert_eq!(shown_kinds(&app).len(), total);
    assert_eq!(
        app.problems.rows.first(),
        Some(&ProblemRow::Post(summary.posts[0]))
    );
    let first_post_problems = app.index().expect("index").problems(summary.posts[0]);
    assert!(
        first_post_problems
            .iter()
            .any(|p| p.level == folio::core::problem::Level::Error),
        "posts with errors come first"
    );

    keys(&mut app, "f");
    assert_eq!(app.problems.level, LevelFilter::Errors);
    assert_eq!(shown_kinds(&app).len(), summary.errors);
    keys(&mut app, "f");
    assert_eq!(shown_kinds(&app).len(), summary.warnings);
    keys(&mut app, "f");
    assert_eq!(app.problems.level, LevelFilter::All);

    keys(&mut app, "K");
    let kind = app.problems.kind.expect("one kind");
    assert!(shown_kinds(&app).iter().all(|&k| k == kind));
    assert!(status(&app).contains(kind.as_str()));
    for _ in 0..summary.by_kind.len() {
        keys(&mut app, "K");
    }
    assert_eq!(app.problems.kind, None, "after the last kind: every kind");

    let screen = screen_text(draw(&app).backend().buffer());
    assert!(
        screen.contains("Problems · 4 errors · 3 warnings"),
        "{screen}"
    );
    keys(&mut app, "<esc>");
    assert_eq!(app.screen, Screen::Library);
}

/// Enter on a problem opens the post in the reader with the problem's line on screen.
#[test]
fn problems_view_enter_reads_at_the_line() {
    let site = temp_sample();
    let mut app = app_for(site.path());
    keys(&mut app, "!");
    select_problem(
        &mut app,
        "content-calendar-planning",
        ProblemKind::BrokenLink,
    );
    keys_io(&mut app, "<enter>", None);
    assert_eq!(app.screen, Screen::Reader);
    let reader = app.reader.as_ref().expect("reader");
    let rows = app.viewport.reader_rows();
    let row = reader
        .doc
        .row_of_source_line(22)
        .expect("line 22 is rendered");
    assert!(
        (reader.scroll..reader.scroll + rows).contains(&row),
        "line 22 (row {row}) is on screen from {}",
        reader.scroll
    );
    assert!(reader.scroll > 0, "scrolled down to it");
}

/// `e` on a problem opens the editor with the cursor on the problem's line (body pane);
/// fixing the link and saving takes the problem out of the list at once.
#[test]
fn problems_view_edit_at_the_line_and_fix() {
    let site = temp_sample();
    let data = tempfile::tempdir().expect("temp dir");
    let mut app = app_for(site.path());
    keys(&mut app, "!");
    let before = shown_kinds(&app).len();
    select_problem(
        &mut app,
        "content-calendar-planning",
        ProblemKind::BrokenLink,
    );
    keys_io(&mut app, "e", Some(data.path()));
    assert_eq!(app.screen, Screen::Editor);
    let editor = app.editor.as_ref().expect("editor");
    assert_eq!(editor.focus, Pane::Body);
    let row = editor.body.cursor().0;
    assert!(
        editor.body.lines()[row].contains("/posts/what-is-a-marketing-funnel"),
        "cursor on the link's line: {:?}",
        editor.body.lines()[row]
    );

    let fixed = "Pillars are the themes you return to; see [the guide](/posts/martech).";
    // Replace the line: go to its start, delete to the end, type the fix.
    keys_io(&mut app, "<home><c-k>", Some(data.path()));
    keys_io(&mut app, fixed, Some(data.path()));
    keys_io(&mut app, "<c-s>", Some(data.path()));
    assert!(status(&app).contains("Saved"), "{}", status(&app));
    keys_io(&mut app, "<esc>", Some(data.path()));
    assert_eq!(app.screen, Screen::Problems, "back to the problems view");
    let id = post_id(&app, "content-calendar-planning");
    assert!(
        app.index()
            .expect("index")
            .problems(id)
            .iter()
            .all(|p| p.kind != ProblemKind::BrokenLink),
        "the broken link is gone"
    );
    assert_eq!(
        shown_kinds(&app).len(),
        before - 1,
        "one problem fewer listed"
    );
    let text =
        std::fs::read_to_string(site.path().join("content-calendar-planning.md")).expect("read");
    assert!(text.contains(fixed));
}

/// `]` and `[` in the reader walk the posts with problems in the view's order, wrapping,
/// and say where the reviewer is.
#[test]
fn reader_walks_problem_posts() {
    let site = temp_sample();
    let mut app = app_for(site.path());
    let order = app
        .content
        .as_ref()
        .expect("indexed")
        .catalog
        .problems
        .posts
        .clone();
    open(&mut app, "martech");
    keys_io(&mut app, "]", None);
    assert_eq!(app.reader.as_ref().map(|r| r.post), Some(order[0]));
    assert!(
        status(&app).starts_with(&format!("Problem post 1/{}", order.len())),
        "{}",
        status(&app)
    );
    keys_io(&mut app, "]", None);
    assert_eq!(app.reader.as_ref().map(|r| r.post), Some(order[1]));
    keys_io(&mut app, "[[", None);
    assert_eq!(
        app.reader.as_ref().map(|r| r.post),
        Some(*order.last().expect("posts")),
        "wraps backwards"
    );
    keys_io(&mut app, "<bs>", None);
    assert_eq!(
        app.reader.as_ref().map(|r| r.post),
        Some(order[0]),
        "history works"
    );
}

/// `:` lists actions with keys and runs the chosen one: typing narrows, Enter runs.
#[test]
fn palette_runs_an_action() {
    let site = temp_sample();
    let mut app = app_for(site.path());
    keys(&mut app, ":");
    assert!(matches!(
        app.popup,
        Some(folio::app::popup::Popup::Palette(_))
    ));
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(
        screen.contains("Run an action") && screen.contains("show_help"),
        "{screen}"
    );
    keys(&mut app, "problems");
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(screen.contains("!          show_problems"), "{screen}");
    keys(&mut app, "<enter>");
    assert_eq!(app.screen, Screen::Problems);
    assert!(app.popup.is_none() && app.input.is_none());

    keys(&mut app, "<esc>");
    open(&mut app, "martech");
    keys(&mut app, ":backlinks<enter>");
    assert!(
        matches!(app.popup, Some(folio::app::popup::Popup::Backlinks { .. })),
        "{:?}",
        app.popup
    );
    keys(&mut app, "<esc>:zzzqqq<enter>");
    assert!(app.popup.is_none(), "nothing matched: nothing runs");
    assert_eq!(app.screen, Screen::Reader);
}

/// `M` gives the mouse to the terminal and back, and says which.
#[test]
fn mouse_toggle_says_which() {
    let site = temp_sample();
    let mut app = app_for(site.path());
    let effects = keys(&mut app, "M");
    assert_eq!(effects, vec![Effect::SetMouseCapture(false)]);
    assert!(status(&app).contains("Mouse off"));
    let effects = keys(&mut app, "M");
    assert_eq!(effects, vec![Effect::SetMouseCapture(true)]);
    assert!(status(&app).contains("Mouse on"));
}

/// Files changed outside folio: an edited post is re-read (its problem gone from the
/// view, the reader showing the new text at the same place), a new post appears, a
/// deleted one goes; selection stays on the same post.
#[test]
fn outside_changes_update_lists_problems_and_reader() {
    use folio::app::Msg;
    let site = temp_sample();
    let mut app = app_for(site.path());
    open(&mut app, "content-calendar-planning");
    // Into the body, below the card (whose problem lines change).
    keys(&mut app, "jjjjjjjjjjjjjjj");
    let top_line = |app: &folio::app::App| {
        let reader = app.reader.as_ref().expect("reader");
        let line = &reader.doc.lines[reader.scroll];
        line.spans
            .iter()
            .map(|s| s.text.as_str())
            .collect::<String>()
    };
    let top = top_line(&app);
    let errors = app
        .content
        .as_ref()
        .expect("indexed")
        .catalog
        .problems
        .errors;
    let path = site.path().join("content-calendar-planning.md");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace("/posts/what-is-a-marketing-funnel", "/posts/martech")
            .replace(
                "## The Planning Routine",
                "## The Planning Routine, Revised",
            ),
    )
    .expect("write");
    let new = site.path().join("brand-new.md");
    std::fs::write(
        &new,
        "---\ntitle: Brand New\ndate: 2026-11-30\n---\nHello.\n",
    )
    .expect("write");
    std::fs::remove_file(site.path().join("martech.md")).expect("remove");
    support::model::drive(
        &mut app,
        [Msg::FilesChanged(vec![
            path,
            new,
            site.path().join("martech.md"),
        ])],
        None,
    );
    let content = app.content.as_ref().expect("indexed");
    let index = &content.index;
    assert!(index.find("brand-new").is_some(), "the new post is indexed");
    assert!(index.find("martech").is_none(), "the deleted post is gone");
    // The funnel link was fixed; but martech.md is gone, so links to it now break.
    let calendar = index
        .find("content-calendar-planning")
        .expect("still there");
    assert!(
        index
            .problems(calendar)
            .iter()
            .all(|p| !p.message.contains("what-is-a-marketing-funnel"))
    );
    assert!(
        content.catalog.problems.errors > errors,
        "links to martech broke"
    );
    // Its card lost a problem line; the same line of the post stays at the top.
    assert_eq!(top_line(&app), top, "the reader keeps its place");
    let reader = app.reader.as_ref().expect("reader");
    assert!(
        reader
            .doc
            .headings
            .iter()
            .any(|h| h.text.contains("Revised")),
        "the reader shows the new text"
    );
}

/// A file the watcher reports in build output (`_site/`) is not a post: discovery would
/// not take it, so the re-index does not either.
#[test]
fn outside_changes_skip_what_discovery_skips() {
    use folio::app::Msg;
    let site = temp_sample();
    let mut app = app_for(site.path());
    let built = site.path().join("_site");
    std::fs::create_dir(&built).expect("mkdir");
    let page = built.join("copy.md");
    std::fs::write(&page, "---\ntitle: Built copy\n---\nx\n").expect("write");
    let fresh = site.path().join("fresh.md");
    std::fs::write(&fresh, "---\ntitle: Fresh\n---\nx\n").expect("write");
    support::model::drive(&mut app, [Msg::FilesChanged(vec![page, fresh])], None);
    let index = app.index().expect("indexed");
    assert!(index.find("fresh").is_some(), "the new post is indexed");
    assert!(index.find("_site/copy.md").is_none(), "build output is not");
}
