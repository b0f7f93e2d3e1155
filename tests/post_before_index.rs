//! `folio POST.md` before its index, in the model: the post read by the runtime shows at
//! once from a one-post index of its own; the index arriving later keeps the reader on it,
//! at the same place, and links and backlinks work from then on.

mod support;

use folio::app::keymap::Keymap;
use folio::app::memory::Memory;
use folio::app::{App, Msg, Screen};
use folio::tui::first_screen::read_before_index;
use support::fs::site;
use support::model::{content_for, draw, keys, perform, run, screen_text, status};

/// A post long enough to scroll, every paragraph linking to `b.md`.
fn long_post() -> String {
    let mut text = String::from("---\ntitle: Alpha long read\ndate: 2024-01-01\n---\n\n");
    for n in 1..=80 {
        text.push_str(&format!("Paragraph {n} points to [Bravo](b.md).\n\n"));
    }
    text
}

fn bravo() -> String {
    "---\ntitle: Bravo the target\ndate: 2024-01-02\n---\n\nBravo's body.\n".to_owned()
}

/// The screen's rows above the status line, without the scroll bar (the last column).
fn body_rows(app: &App) -> Vec<String> {
    let text = screen_text(draw(app).backend().buffer());
    let mut rows: Vec<String> = text
        .lines()
        .map(|row| {
            let mut row = row.to_owned();
            row.pop();
            row
        })
        .collect();
    rows.pop();
    rows
}

/// An app for `root` as the runtime starts it for `folio root/a.md`, with the post read
/// before any index.
fn started_on_a(root: &std::path::Path) -> App {
    let mut app = App::new(root.to_owned(), Keymap::default(), Memory::default());
    let path = root.join("a.md");
    app.open_on_start = Some(path.clone());
    let first = read_before_index(root, &path).expect("a.md is read before the index");
    run(&mut app, [Msg::Resize(100, 20), first]);
    app
}

/// The post shows before any index: the reader on it, its title and text on screen, the
/// status line saying links are being checked, and edits waiting.
#[test]
fn post_before_index_shows_the_post_at_once() {
    let (a, b) = (long_post(), bravo());
    let dir = site(&[("a.md", &a), ("b.md", &b)]);
    let mut app = started_on_a(dir.path());
    assert_eq!(app.screen, Screen::Reader);
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(
        screen.contains("Alpha long read") && screen.contains("Paragraph 1 points"),
        "{screen}"
    );
    assert!(screen.contains("checking links"), "{screen}");
    assert!(app.first_screen_shown());
    keys(&mut app, "e");
    assert_ne!(app.screen, Screen::Editor);
    assert!(status(&app).contains("Still indexing"), "{}", status(&app));
    keys(&mut app, "B");
    assert!(
        status(&app).contains("Still indexing") && status(&app).contains("backlinks"),
        "{}",
        status(&app)
    );
}

/// The full index arriving after the user scrolled keeps the reader on the post with the
/// same text on screen (the card above grew by a problem line: the body line at the top
/// stays); then a link is followed and backlinks list.
#[test]
fn post_before_index_keeps_place_when_the_index_arrives() {
    let (a, b) = (long_post(), bravo());
    let dir = site(&[("a.md", &a), ("b.md", &b)]);
    let mut app = started_on_a(dir.path());
    keys(&mut app, "jjjjjjj");
    let scroll = app.reader.as_ref().expect("reader").scroll;
    assert_eq!(scroll, 7);
    let before = body_rows(&app);
    run(&mut app, [Msg::Indexed(content_for(dir.path()))]);
    assert_eq!(app.screen, Screen::Reader);
    assert!(app.indexing.is_none());
    let index = support::model::index(&app);
    assert!(index.checked);
    let reader = app.reader.as_ref().expect("reader");
    assert_eq!(&*index.posts[reader.post].rel_path, "a.md");
    assert_eq!(
        reader.scroll,
        scroll + 1,
        "the card has one problem line more"
    );
    assert_eq!(body_rows(&app), before, "the same text at the same place");

    keys(&mut app, "<tab><enter>");
    let reader = app.reader.as_ref().expect("reader");
    assert_eq!(
        &*index.posts[reader.post].rel_path,
        "b.md",
        "{}",
        status(&app)
    );
    keys(&mut app, "B");
    let screen = screen_text(draw(&app).backend().buffer());
    assert!(screen.contains("Alpha long read"), "{screen}");
}

/// The cache's early index keeps the reader too when it knows the post; when it does not,
/// the post stays shown until the full index.
#[test]
fn post_before_index_survives_an_early_index_without_it() {
    let (a, b) = (long_post(), bravo());
    let dir = site(&[("b.md", &b)]);
    let early = content_for(dir.path());
    std::fs::write(dir.path().join("a.md"), &a).expect("write a.md");
    let mut app = started_on_a(dir.path());
    keys(&mut app, "jjj");
    let before = body_rows(&app);
    run(&mut app, [Msg::IndexedEarly(early)]);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(body_rows(&app), before);
    run(&mut app, [Msg::Indexed(content_for(dir.path()))]);
    let index = support::model::index(&app);
    let reader = app.reader.as_ref().expect("reader");
    assert_eq!(&*index.posts[reader.post].rel_path, "a.md");
    assert_eq!(body_rows(&app), before);
    assert!(app.message.is_none(), "{:?}", app.message);
}

/// A file the full index does not have as a post (excluded by the site's settings) is
/// shown first, then the reader leaves it and says why.
#[test]
fn post_before_index_not_a_post_says_so() {
    let (a, b) = (long_post(), bravo());
    let dir = site(&[
        ("a.md", &a),
        ("b.md", &b),
        ("folio.toml", "exclude = [\"a.md\"]\n"),
    ]);
    let mut app = started_on_a(dir.path());
    assert_eq!(app.screen, Screen::Reader);
    run(&mut app, [Msg::Indexed(content_for(dir.path()))]);
    assert_ne!(app.screen, Screen::Reader);
    assert!(
        status(&app).contains("a.md is not a post here"),
        "{}",
        status(&app)
    );
}

/// A post from its front matter alone says what the whole parse says about the card (title,
/// date, tags, image, fields, slug) without scanning the body; without a title, its first
/// heading names it as in the whole parse.
#[test]
fn post_from_front_matter_matches_the_whole_parse() {
    use folio::core::link_templates::LinkTemplates;
    use folio::core::post::Post;
    use folio::core::source::SourceText;
    let templates = LinkTemplates::default();
    let text = "---\ntitle: Card\ndate: 2024-02-03\ntags: [a, b]\nimage: /i.png\nauthor: me\n---\n\n# Heading\n\nSee [x](/posts/x).\n";
    let untitled = "---\ndate: 2024-02-03\n---\n\n# The heading names it\n\nBody.\n";
    for text in [text, untitled] {
        let source = SourceText {
            text: text.to_owned(),
            has_bom: false,
            invalid_utf8: None,
        };
        let front = Post::from_front_matter("p.md", &source, &templates);
        let whole = Post::from_source("p.md", Ok(source), &templates);
        assert_eq!(front.display_title(), whole.display_title());
        assert_eq!(
            (
                &front.date,
                &front.tags,
                &front.image,
                &front.fields,
                &front.slug
            ),
            (
                &whole.date,
                &whole.tags,
                &whole.image,
                &whole.fields,
                &whole.slug
            )
        );
    }
}

/// A post opened from the first list (before the full index) at the place it was left
/// lands there even when the full index arrives before the post is read: the index kept
/// the reader at the top it had not left yet (a pseudo-terminal test caught it).
#[test]
fn remembered_place_survives_the_index_arriving_first() {
    let (a, b) = (long_post(), bravo());
    let dir = site(&[("a.md", &a), ("b.md", &b)]);
    let mut memory = Memory::default();
    memory.remember("a.md", 30);
    let mut app = App::new(dir.path().to_owned(), Keymap::default(), memory);
    let listing = folio::core::cached_index::Startup::open(dir.path(), None)
        .expect("open")
        .scan_listing(&|_, _| {}, &|_| {})
        .expect("scan")
        .expect("a listing");
    assert!(!listing.checked);
    let early = folio::app::Content {
        catalog: std::sync::Arc::new(folio::core::catalog::Catalog::build(&listing)),
        index: std::sync::Arc::new(listing),
    };
    run(&mut app, [Msg::Resize(100, 20), Msg::IndexedEarly(early)]);
    // The remembered post is selected: open it, its text read later (the effects held).
    let mut held = Vec::new();
    for key in support::keys::parse_keys("<tab><enter>") {
        let msg = app.key_to_msg(key).expect("a key bound");
        held.extend(app.update(msg));
    }
    assert_eq!(app.screen, Screen::Reader);
    held.extend(app.update(Msg::Indexed(content_for(dir.path()))));
    assert!(!held.is_empty(), "the post is to be read");
    perform(&mut app, held, None);
    let reader = app.reader.as_ref().expect("reader");
    assert!(reader.text.is_some(), "the post was read");
    assert_eq!(reader.scroll, 30, "{}", status(&app));
}
