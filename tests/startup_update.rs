//! Start-up in two steps, in the model: the index cache's early index shows the list at
//! once with a progress figure, keys answer on it, edits wait, and the full index replaces
//! it on the same post.

mod support;

use std::sync::Arc;

use folio::app::keymap::Keymap;
use folio::app::memory::Memory;
use folio::app::{App, Content, Effect, Msg, Screen};
use folio::core::cached_index::Startup;
use folio::core::catalog::Catalog;
use folio::core::index::Index;
use support::fs::site;
use support::model::{draw, keys, run, screen_text};

fn content(index: Index) -> Content {
    let catalog = Catalog::build(&index);
    Content {
        index: Arc::new(index),
        catalog: Arc::new(catalog),
    }
}

fn post(title: &str, date: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\n---\nBody.\n")
}

/// The early index and the full one for a site whose cache was written before `new.md`
/// was added.
fn early_and_full() -> (tempfile::TempDir, tempfile::TempDir, Content, Content) {
    early_and_full_with(&[])
}

/// [`early_and_full`] with `extra` files in the site (and the cache) from the start.
fn early_and_full_with(
    extra: &[(&str, &str)],
) -> (tempfile::TempDir, tempfile::TempDir, Content, Content) {
    let (a, b) = (post("Alpha", "2024-01-01"), post("Bravo", "2024-01-02"));
    let mut files = vec![("a.md", a.as_str()), ("b.md", b.as_str())];
    files.extend_from_slice(extra);
    let dir = site(&files);
    let cache = tempfile::tempdir().expect("cache dir");
    std::thread::sleep(folio::core::index_cache::RACY_WINDOW * 2);
    folio::core::cached_index::build(dir.path(), Some(cache.path())).expect("first build");
    std::fs::write(dir.path().join("new.md"), post("Newest", "2025-01-01")).expect("write");
    let mut startup = Startup::open(dir.path(), Some(cache.path())).expect("open");
    let early = startup.early_index().expect("cache has posts");
    let (full, _) = startup.finish(&|_, _| {}).expect("finish");
    (dir, cache, content(early), content(full))
}

/// The early index shows its list and the progress figure; moving works; an edit waits
/// with a message instead of opening the editor.
#[test]
fn startup_early_index_shows_list_and_edits_wait() {
    let (dir, _cache, early, _) = early_and_full();
    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    run(&mut app, [Msg::Resize(100, 20), Msg::IndexedEarly(early)]);
    run(&mut app, [Msg::IndexProgress { done: 1, total: 3 }]);
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(
        screen.contains("Bravo") && screen.contains("Alpha"),
        "{screen}"
    );
    assert!(screen.contains("indexing 1/3"), "{screen}");
    // The early index is a listing: its problems are not known yet, and nothing says
    // there are none.
    assert!(
        screen.contains("checking links") && !screen.contains("✗ 0"),
        "{screen}"
    );
    keys(&mut app, "!");
    let problems = screen_text(draw(&app).backend().buffer());
    assert!(problems.contains("Checking the site"), "{problems}");
    keys(&mut app, "<esc>");
    let before = app.library.current_post();
    keys(&mut app, "<tab>j");
    assert_ne!(app.library.current_post(), before, "moving must not wait");
    let effects = keys(&mut app, "e");
    assert!(effects.is_empty(), "{effects:?}");
    assert_ne!(app.screen, Screen::Editor);
    let said = app
        .message
        .as_ref()
        .map(|m| m.1.clone())
        .unwrap_or_default();
    assert!(said.contains("Still indexing"), "{said}");
}

/// An edit asked for on the early listing is done when the full index arrives; one
/// followed by another key (the user moved on) is dropped.
#[test]
fn startup_edit_asked_while_indexing_follows_the_full_index() {
    let opens_editor = |effects: &[Effect]| {
        effects
            .iter()
            .any(|e| matches!(e, Effect::OpenEditor { .. }))
    };
    let (dir, _cache, early, full) = early_and_full();
    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    run(
        &mut app,
        [Msg::Resize(100, 20), Msg::IndexedEarly(early.clone())],
    );
    keys(&mut app, "<tab>");
    let asked = keys(&mut app, "e");
    assert!(!opens_editor(&asked), "{asked:?}");
    let effects = app.update(Msg::Indexed(full.clone()));
    assert!(opens_editor(&effects), "{effects:?}");

    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    run(&mut app, [Msg::Resize(100, 20), Msg::IndexedEarly(early)]);
    keys(&mut app, "<tab>e");
    keys(&mut app, "j");
    let effects = app.update(Msg::Indexed(full));
    assert!(!opens_editor(&effects), "{effects:?}");
}

/// The full index replaces the early one on the same post, drops the progress figure and
/// lets edits through.
#[test]
fn startup_full_index_keeps_selection_and_ends_progress() {
    let (dir, _cache, early, full) = early_and_full();
    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    run(&mut app, [Msg::Resize(100, 20), Msg::IndexedEarly(early)]);
    keys(&mut app, "<tab>j");
    let rel = |app: &App| {
        let id = app.library.current_post().expect("a post is selected");
        app.content.as_ref().expect("content").index.posts[id]
            .rel_path
            .clone()
    };
    let selected = rel(&app);
    run(&mut app, [Msg::Indexed(full)]);
    assert_eq!(rel(&app), selected);
    assert!(app.indexing.is_none());
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(
        screen.contains("Newest") && !screen.contains("indexing"),
        "{screen}"
    );
    assert!(
        screen.contains("✗ ") && !screen.contains("checking links"),
        "{screen}"
    );
    keys(&mut app, "e");
    assert!(
        app.message
            .as_ref()
            .is_none_or(|m| !m.1.contains("Still indexing")),
        "{:?}",
        app.message
    );
}

/// `folio NEW.md` for a post the cache does not know yet opens it when the full index
/// arrives, without an error on the early one.
#[test]
fn startup_post_to_open_waits_for_the_full_index() {
    let (dir, _cache, early, full) = early_and_full();
    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    app.open_on_start = Some(dir.path().join("new.md"));
    run(&mut app, [Msg::Resize(100, 20), Msg::IndexedEarly(early)]);
    assert!(app.message.is_none(), "{:?}", app.message);
    assert!(app.open_on_start.is_some());
    run(&mut app, [Msg::Indexed(full)]);
    assert_eq!(app.screen, Screen::Reader);
    let reader = app.reader.as_ref().expect("reader open");
    let index = &app.content.as_ref().expect("content").index;
    assert_eq!(&*index.posts[reader.post].rel_path, "new.md");
}

/// `folio BIG.md` with a cache: the post opens on the cache's listing and its rendering
/// starts; the full index (links resolved, checks run: the card and the links' statuses
/// change) has it read and rendered again at most once each, not in a loop, and the reader
/// stays on the post.
#[test]
fn startup_full_index_renders_the_open_post_once_more() {
    let mut big = String::from("---\ntitle: Big\ndate: 2024-01-01\n---\n\n");
    while big.len() < 300 * 1024 {
        big.push_str("## Part\n\nSome words about this part of the post.\n\n");
    }
    let (dir, _cache, early, full) = early_and_full_with(&[("big.md", &big)]);
    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    app.open_on_start = Some(dir.path().join("big.md"));
    let effects = run(&mut app, [Msg::Resize(100, 20), Msg::IndexedEarly(early)]);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Render { .. })),
        "the big post renders on a worker: {effects:?}"
    );
    assert!(!app.index().expect("index").checked);
    let effects = run(&mut app, [Msg::Indexed(full)]);
    let loads = effects
        .iter()
        .filter(|e| matches!(e, Effect::LoadPost { .. }))
        .count();
    let renders = effects
        .iter()
        .filter(|e| matches!(e, Effect::Render { .. }))
        .count();
    assert!(
        loads <= 1 && renders <= 1 && loads + renders >= 1,
        "{loads} {renders}"
    );
    let index = Arc::clone(&app.content.as_ref().expect("content").index);
    assert!(index.checked);
    let reader = app.reader.as_ref().expect("reader");
    assert_eq!(&*index.posts[reader.post].rel_path, "big.md");
}

/// `folio POST.md`: the first screen counts as shown (the watch and the walk may start)
/// once the post is drawn, or at once when the post waits for the full index; never before
/// an index arrived.
#[test]
fn startup_first_screen_shown_waits_for_the_post() {
    let (dir, _cache, early, _) = early_and_full();
    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    app.open_on_start = Some(dir.path().join("a.md"));
    run(&mut app, [Msg::Resize(100, 20)]);
    assert!(!app.first_screen_shown(), "no index yet");
    let shown_before_text = {
        let mut probe = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
        probe.open_on_start = Some(dir.path().join("a.md"));
        probe.update(Msg::Resize(100, 20));
        probe.update(Msg::IndexedEarly(early.clone()));
        probe.first_screen_shown()
    };
    assert!(!shown_before_text, "the post is not read yet");
    run(&mut app, [Msg::IndexedEarly(early.clone())]);
    assert!(app.first_screen_shown(), "the post is shown");

    let mut waiting = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    waiting.open_on_start = Some(dir.path().join("new.md"));
    run(
        &mut waiting,
        [Msg::Resize(100, 20), Msg::IndexedEarly(early)],
    );
    assert!(
        waiting.first_screen_shown(),
        "the post waits for the full index"
    );
}

/// Without a cache, the listing read quickly from every post's front matter lists each
/// post as the full index does (title, date, tags, slug, URL; the first heading of a
/// post without a title), on the sample posts, on posts that are odd in every way the
/// quick reading must notice (BOM and CRLF, no or unclosed or invalid front matter, a
/// front matter longer than the head, a heading past it, a binary file) and on the 18F
/// corpus; and the full index after it parses every post.
#[test]
fn startup_scan_listing_lists_as_the_full_index() {
    let long_yaml = format!(
        "---\ntitle: Far down\nnotes: |\n{}tags: [deep]\n---\nBody\n",
        "  # a comment line in a block scalar, not a heading\n".repeat(600)
    );
    let late_heading = format!("{}\n# Found late\n", "Text line.\n\n".repeat(3000));
    let odd = site(&[
        (
            "bom-crlf.md",
            "\u{feff}---\r\ntitle: Windows\r\ntags: [a]\r\n---\r\nBody\r\n",
        ),
        ("no-fm.md", "# Just a heading\n\nText\n"),
        ("unterminated.md", "---\ntitle: Never closed\n\n# Heading\n"),
        (
            "bad-yaml.md",
            "---\ntitle: [unclosed\n---\n# From the body\n",
        ),
        ("number.md", "---\ntitle: 2019\ndate: 2024-02-03\n---\n"),
        ("long-yaml.md", long_yaml.as_str()),
        ("late-heading.md", late_heading.as_str()),
        ("binary.md", "\0\0\0binary"),
        ("2016-01-02-jekyll.md", "---\nlayout: post\n---\n"),
        (
            "_posts/2016-01-03-perma.md",
            "---\ntitle: Perma\npermalink: /blog/perma/\n---\n",
        ),
        (
            "content/posts/_index.md",
            "---\ntitle: \"Posts\"\ndraft: true\n---\n",
        ),
        (
            "content/posts/slugged.md",
            "---\ntitle: S\nslug: custom-slug\nurl: /x/custom/\ndate: 2024-01-05T10:00:00+01:00\ntags: single\n---\n",
        ),
        (
            "content/posts/null-tags.md",
            "---\ntitle: 'N'\ntags:\ncategories: [a]\n---\n",
        ),
        (
            "content/toml.md",
            "+++\ntitle = \"Toml\"\n+++\n# Toml heading\n",
        ),
    ]);
    let mut roots = vec![
        (None, support::sample_posts()),
        (None, odd.path().to_owned()),
    ];
    if let Some((dir, root)) = support::corpus_18f_site() {
        roots.push((Some(dir), root));
    }
    for (_keep, root) in &roots {
        let mut startup = Startup::open(root, None).expect("open");
        assert!(
            startup.early_index().is_none(),
            "no cache, no cached listing"
        );
        let listing = startup
            .scan_listing(&|_, _| {}, &|_| {})
            .expect("scan")
            .expect("posts");
        let (full, fresh) = startup.finish(&|_, _| {}).expect("finish");
        assert_eq!(fresh.reused, 0);
        assert_eq!(listing.posts.len(), full.posts.len(), "{}", root.display());
        assert!(!listing.checked && full.checked);
        for id in full.posts.ids() {
            let (quick, parsed) = (&listing.posts[id], &full.posts[id]);
            assert_eq!(quick.display_title(), parsed.display_title());
            let mut parsed = (**parsed).clone();
            if parsed.title.as_deref().is_some_and(|t| !t.is_empty()) {
                // Only a post without a title shows its heading; the listing looks no
                // further than the title then.
                parsed.heading = None;
            }
            assert_eq!(
                folio::core::listed::Listed::of(quick),
                folio::core::listed::Listed::of(&parsed),
                "{}",
                parsed.rel_path
            );
        }
        assert_eq!(listing.tags, full.tags);
    }
}

/// Before any list, the status line shows the progress figure once (it showed it twice).
#[test]
fn startup_progress_shows_once_before_the_list() {
    let dir = site(&[("a.md", "---\ntitle: A\n---\n")]);
    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    run(
        &mut app,
        [
            Msg::Resize(100, 20),
            Msg::IndexProgress {
                done: 512,
                total: 2048,
            },
        ],
    );
    let screen = screen_text(draw(&app).backend().buffer());
    let status = screen.lines().last().unwrap_or_default();
    assert_eq!(status.matches("indexing 512/2048").count(), 1, "{screen}");
}

/// With a first page kept beside the cache, the list's first screen comes from it: the
/// newest posts, the site's counts in the tags pane and the status line; the listing
/// then replaces it, and the post read last is selected once the listing knows it (it
/// was too old for the page).
/// A site of more posts than the first page keeps, the oldest ("ancient.md") too old for
/// it, with its index cache (and page) written; the site, the cache folder, and how many
/// posts have numbers (the ancient one comes on top).
fn paged_site() -> (tempfile::TempDir, tempfile::TempDir, usize) {
    let many = folio::core::first_page::FIRST_PAGE_POSTS + 20;
    let mut files: Vec<(String, String)> = (0..many)
        .map(|i| {
            (
                format!("p{i:03}.md"),
                format!(
                    "---\ntitle: Post number {i}\ndate: 2012-{:02}-{:02}\ntags: [t{}]\n---\n",
                    1 + i / 28,
                    1 + i % 28,
                    i % 3
                ),
            )
        })
        .collect();
    files.push((
        "ancient.md".into(),
        "---\ntitle: The ancient one\ndate: 1999-01-01\ntags: [t0]\n---\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = site(&refs);
    let cache = tempfile::tempdir().expect("cache dir");
    std::thread::sleep(folio::core::index_cache::RACY_WINDOW * 2);
    folio::core::cached_index::build(dir.path(), Some(cache.path())).expect("build");

    (dir, cache, many)
}

/// An app on the site at `root` that read "ancient.md" last, showing the first page
/// `preview`; with its data folder (every effect is carried out: the review marks load
/// meanwhile).
fn previewed(root: &std::path::Path, preview: Index) -> (App, tempfile::TempDir) {
    let mut memory = Memory::default();
    memory.remember("ancient.md", 0);
    let mut app = App::new(root.to_owned(), Keymap::default(), memory);
    let data = tempfile::tempdir().expect("data dir");
    support::model::drive(
        &mut app,
        [Msg::Resize(100, 20), Msg::IndexedEarly(content(preview))],
        Some(data.path()),
    );
    (app, data)
}

#[test]
fn startup_first_page_previews_then_the_listing_selects_the_last_post() {
    let (dir, cache, many) = paged_site();
    let mut startup = Startup::open(dir.path(), Some(cache.path())).expect("open");
    let preview = startup.preview_index().expect("a first page");
    let listing = startup.early_index().expect("a listing");
    let (mut app, data) = previewed(dir.path(), preview);
    let screen = screen_text(draw(&app).backend().buffer());
    let total = many + 1;
    assert!(
        !screen.contains("reviewed"),
        "no review count over the page's posts alone:\n{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("All posts") && l.contains(&total.to_string())),
        "the tags pane counts the site's posts:\n{screen}"
    );
    assert!(
        screen.contains(&format!("{total} posts · listing")),
        "the status says the site's count:\n{screen}"
    );
    assert!(
        screen.contains("Post number 219"),
        "the newest first:\n{screen}"
    );
    // t0 is on posts 0, 3, … and the ancient one: the site's count, not the page's.
    let t0 = (0..many).filter(|i| i % 3 == 0).count() + 1;
    assert!(
        screen
            .lines()
            .any(|l| l.contains("#t0") && l.contains(&t0.to_string())),
        "{screen}"
    );

    support::model::drive(
        &mut app,
        [Msg::IndexedEarly(content(listing))],
        Some(data.path()),
    );
    let selected = app.library.current_post().expect("a post selected");
    let index = support::model::index(&app);
    assert_eq!(&*index.posts[selected].rel_path, "ancient.md");
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(
        screen.contains(&format!("{total} / {total} posts")),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("reviewed 0/{total}")),
        "the review count over the listing:\n{screen}"
    );
}

/// The full index of the site at `root` (cache in `cache`), and an app showing its first
/// page (see [`previewed`]) that has not had it yet.
fn page_then_full(
    root: &std::path::Path,
    cache: &std::path::Path,
) -> (Index, App, tempfile::TempDir) {
    let mut startup = Startup::open(root, Some(cache)).expect("open");
    let preview = startup.preview_index().expect("a first page");
    let (full, _) = startup.finish(&|_, _| {}).expect("the full index");
    let (app, data) = previewed(root, preview);
    (full, app, data)
}

/// A large site goes from its first page straight to the full index (no listing between,
/// see `tui::startup`): the full index replaces the page, and selects the post read last.
#[test]
fn startup_first_page_then_the_full_index_selects_the_last_post() {
    let (dir, cache, many) = paged_site();
    let (full, mut app, data) = page_then_full(dir.path(), cache.path());
    let total = many + 1;
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(
        screen.contains(&format!("{total} posts · listing")),
        "{screen}"
    );
    support::model::drive(&mut app, [Msg::Indexed(content(full))], Some(data.path()));
    let selected = app.library.current_post().expect("a post selected");
    let index = support::model::index(&app);
    assert_eq!(&*index.posts[selected].rel_path, "ancient.md");
    assert_eq!(index.posts.len(), total);
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(
        screen.contains(&format!("{total} / {total} posts")) && !screen.contains("listing"),
        "{screen}"
    );
}

/// A filter typed while the first page shows (a large site, before its full index)
/// covers the page's posts; when the full index replaces the page, the same filter
/// covers the whole site.
#[test]
fn startup_filter_typed_on_the_first_page_covers_the_full_index() {
    let (dir, cache, _) = paged_site();
    let (full, mut app, data) = page_then_full(dir.path(), cache.path());
    support::model::keys(&mut app, "<tab>/ancient");
    assert!(
        app.library.visible_posts().is_empty(),
        "the ancient post is not on the page"
    );
    support::model::drive(&mut app, [Msg::Indexed(content(full))], Some(data.path()));
    let index = support::model::index(&app);
    let shown: Vec<&str> = app
        .library
        .visible_posts()
        .iter()
        .map(|&id| index.posts[id].rel_path.as_ref())
        .collect();
    assert_eq!(shown, ["ancient.md"]);
    assert!(app.input.is_some(), "the filter is still being typed");
}

/// The title of the post selected in the list.
fn selected_title(app: &App) -> String {
    let id = app.library.current_post().expect("a post is selected");
    let index = &app.content.as_ref().expect("content").index;
    index.posts[id].display_title().to_owned()
}

/// A first run of the site at `root` (no cache): the scan's listing, then the full index.
fn listing_then_full(root: &std::path::Path) -> (Index, Index) {
    let mut startup = Startup::open(root, None).expect("open");
    let whole = startup
        .scan_listing(&|_, _| {}, &|_| {})
        .expect("scan")
        .expect("posts");
    let (full, _) = startup.finish(&|_, _| {}).expect("finish");
    (whole, full)
}

/// A first run's scan shows the first page of the posts read so far, then the listing of
/// all of them, then the full index comes: each replaces the last on the post selected,
/// and the progress figure stays until the full index.
#[test]
fn startup_posts_read_so_far_then_the_whole_listing_keep_the_selection() {
    let (a, b) = (post("Alpha", "2024-01-01"), post("Bravo", "2024-01-02"));
    let dir = site(&[("a.md", a.as_str()), ("b.md", b.as_str())]);
    let listing = |root: &std::path::Path| {
        Startup::open(root, None)
            .expect("open")
            .scan_listing(&|_, _| {}, &|_| {})
            .expect("scan")
            .expect("posts")
    };
    let so_far = {
        let listing = listing(dir.path());
        let config = listing.config.clone();
        folio::core::first_page::FirstPage::of(&listing).into_index(dir.path(), config)
    };
    std::fs::write(dir.path().join("new.md"), post("Newest", "2025-01-01")).expect("write");
    let (whole, full) = listing_then_full(dir.path());

    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    run(
        &mut app,
        [
            Msg::Resize(100, 20),
            Msg::IndexProgress { done: 2, total: 3 },
        ],
    );
    run(&mut app, [Msg::IndexedEarly(content(so_far))]);
    keys(&mut app, "<tab>j");
    let title = selected_title;
    assert_eq!(title(&app), "Alpha", "newest first: Bravo, then Alpha");
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(screen.contains("2 posts · listing"), "{screen}");
    run(&mut app, [Msg::IndexedEarly(content(whole))]);
    assert_eq!(title(&app), "Alpha");
    assert!(app.indexing.is_some(), "still indexing after the listing");
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(
        screen.contains("Newest") && screen.contains("3 posts"),
        "{screen}"
    );
    run(&mut app, [Msg::Indexed(content(full))]);
    assert_eq!(title(&app), "Alpha");
    assert!(
        app.indexing.is_none() && app.message.is_none(),
        "{:?}",
        app.message
    );
}

/// A user who has not moved in a page of the posts read so far keeps the list at its top
/// when the whole listing (and then the full index) replaces it: the newest post of the
/// site is selected and on screen, not the post that was on top of the page, further
/// down the longer list.
#[test]
fn startup_an_untouched_page_stays_at_the_top() {
    let mut files: Vec<(String, String)> = (1..=28)
        .map(|d| {
            (
                format!("p{d:02}.md"),
                post(&format!("Post {d:02}"), &format!("2024-02-{d:02}")),
            )
        })
        .collect();
    let dir = {
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        site(&refs)
    };
    let so_far = {
        let listing = Startup::open(dir.path(), None)
            .expect("open")
            .scan_listing(&|_, _| {}, &|_| {})
            .expect("scan")
            .expect("posts");
        let config = listing.config.clone();
        folio::core::first_page::FirstPage::of(&listing).into_index(dir.path(), config)
    };
    // Read later, and newer: thirty more, enough to push the page's top post off screen.
    for d in 1..=30 {
        files.push((
            format!("q{d:02}.md"),
            post(&format!("Later {d:02}"), &format!("2025-03-{d:02}")),
        ));
    }
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let (whole, full) = listing_then_full(dir.path());

    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    run(&mut app, [Msg::Resize(100, 20)]);
    run(&mut app, [Msg::IndexedEarly(content(so_far))]);
    let title = selected_title;
    assert_eq!(title(&app), "Post 28");
    run(&mut app, [Msg::IndexedEarly(content(whole))]);
    assert_eq!(title(&app), "Later 30", "the top of the whole listing");
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(
        screen.contains("Later 30") && !screen.contains("Post 28"),
        "{screen}"
    );
    run(&mut app, [Msg::Indexed(content(full))]);
    assert_eq!(title(&app), "Later 30", "the top of the full index");
}

/// A listing the user has not moved in (the cache's, which leaves out posts written just
/// before it was stored) replaced by the full index, with newer posts: the list stays at
/// its top, on the newest post, not on the listing's top post further down.
#[test]
fn startup_an_untouched_listing_stays_at_the_top() {
    let older: Vec<(String, String)> = (1..=28)
        .map(|d| {
            let (title, date) = (format!("Post {d:02}"), format!("2024-02-{d:02}"));
            (format!("p{d:02}.md"), post(&title, &date))
        })
        .collect();
    let refs: Vec<(&str, &str)> = older
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = site(&refs);
    let (listing, _) = listing_then_full(dir.path());
    for d in 1..=30 {
        let text = post(&format!("Later {d:02}"), &format!("2025-03-{d:02}"));
        std::fs::write(dir.path().join(format!("q{d:02}.md")), text).expect("write");
    }
    let (_, full) = listing_then_full(dir.path());

    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    run(&mut app, [Msg::Resize(100, 20)]);
    run(&mut app, [Msg::IndexedEarly(content(listing))]);
    assert_eq!(selected_title(&app), "Post 28");
    run(&mut app, [Msg::Indexed(content(full))]);
    assert_eq!(
        selected_title(&app),
        "Later 30",
        "the top of the full index"
    );
}

/// A first page that leaves out the post being read (a later page of a first run's
/// stream holds the newest posts read so far) does not close it: the page on screen stays
/// until a list that holds it comes.
#[test]
fn startup_a_later_page_without_the_open_post_leaves_it_open() {
    use folio::core::first_page::FirstPage;
    use folio::core::post::Post;
    let (a, b) = (post("Alpha", "2024-01-01"), post("Bravo", "2024-01-02"));
    let dir = site(&[("a.md", a.as_str()), ("b.md", b.as_str())]);
    let whole = Startup::open(dir.path(), None)
        .expect("open")
        .scan_listing(&|_, _| {}, &|_| {})
        .expect("scan")
        .expect("posts");
    let page = |posts: Vec<Arc<Post>>| {
        FirstPage::of_posts(&posts).into_index(dir.path(), whole.config.clone())
    };
    let all: Vec<Arc<Post>> = whole.posts.iter().cloned().collect();
    let bravo: Vec<Arc<Post>> = all
        .iter()
        .filter(|p| &*p.rel_path == "b.md")
        .cloned()
        .collect();
    let mut app = App::new(dir.path().to_owned(), Keymap::default(), Memory::default());
    run(
        &mut app,
        [
            Msg::Resize(100, 20),
            Msg::IndexProgress { done: 2, total: 2 },
            Msg::IndexedEarly(content(page(all))),
        ],
    );
    keys(&mut app, "<tab>j<enter>");
    let reading = |app: &App| {
        let reader = app.reader.as_ref().expect("a post is open");
        let index = &app.content.as_ref().expect("content").index;
        index.posts[reader.post].rel_path.to_string()
    };
    assert_eq!(reading(&app), "a.md");
    run(&mut app, [Msg::IndexedEarly(content(page(bravo)))]);
    assert_eq!(reading(&app), "a.md", "the page without it is not shown");
    run(&mut app, [Msg::IndexedEarly(content(whole))]);
    assert_eq!(reading(&app), "a.md");
    assert!(matches!(app.screen, Screen::Reader), "{:?}", app.screen);
}
