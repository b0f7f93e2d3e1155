//! A 5 MB post in the model: its first screen comes from a first part rendered at once,
//! the rest arrives through [`Effect::Render`] and [`Msg::Rendered`] (carried out by the
//! runtime's own [`perform`]), and nothing past the first part is ever shown wrong.

mod support;

#[path = "../benches/support/mod.rs"]
#[allow(dead_code)]
mod bench_support;

use folio::app::memory::Memory;
use folio::app::{App, Effect, Msg};
use folio::tui::effects::{Io, perform};
use support::fs::site;
use support::model::{app_with, check_invariants, draw, keys, open, run, screen_text};

/// The reader's render effects among `effects`.
fn renders(effects: &[Effect]) -> Vec<Effect> {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::Render { .. }))
        .cloned()
        .collect()
}

/// Carry out `effect` as the runtime's worker does and feed its answer back.
fn finish(app: &mut App, effect: Effect) {
    let io = Io {
        index: app.content.as_ref().map(|c| c.index.clone()),
        catalog: app.content.as_ref().map(|c| c.catalog.clone()),
        data_dir: None,
    };
    let msg = perform(effect, &io).expect("a render answers");
    assert!(matches!(msg, Msg::Rendered { .. }), "{msg:?}");
    run(app, [msg]);
}

fn shown(app: &App) -> String {
    screen_text(draw(app).backend().buffer())
}

/// Opening a 5 MB post shows its top from the first part, with the whole asked of a
/// worker; the end of the first part says the rest is rendering; a resize renders a new
/// first part (the old width's answer is ignored); once the whole arrives, the reading
/// position stays, the end of the post is reachable and search sees all of it.
#[test]
fn huge_post_first_part_then_the_rest() {
    let dir = site(&[("post.md", &bench_support::large_post(5 * 1024 * 1024))]);
    let mut app = app_with(dir.path(), Memory::default(), 120, 40);
    let effects = open(&mut app, "post");
    let asked = renders(&effects);
    assert_eq!(asked.len(), 1, "{effects:?}");
    let reader = app.reader.as_ref().expect("reader");
    assert!(reader.partial() && !reader.doc.lines.is_empty());
    let part_len = reader.doc.lines.len();
    assert!(part_len < 2000, "a first part, not the whole: {part_len}");
    assert!(shown(&app).contains("A very large post"));

    keys(&mut app, "G");
    let screen = shown(&app);
    assert!(screen.contains("Rendering the rest…"), "{screen}");
    assert!(
        screen.contains("+ (rendering the rest)"),
        "the status line says so"
    );
    check_invariants(&app, "at the end of the first part");

    // A resize near the top renders a first part for the new width at once.
    keys(&mut app, "g");
    let effects = run(&mut app, [Msg::Resize(100, 40)]);
    let again = renders(&effects);
    assert_eq!(again.len(), 1, "{effects:?}");
    let reader = app.reader.as_ref().expect("reader");
    assert!(reader.partial());
    assert_ne!(reader.width, 0);
    let narrow = reader.width;
    finish(&mut app, asked[0].clone());
    assert!(
        app.reader.as_ref().expect("reader").partial(),
        "the old width's whole rendering is not installed"
    );

    keys(&mut app, "<pgdn><pgdn>");
    let scroll = app.reader.as_ref().expect("reader").scroll;
    finish(&mut app, again[0].clone());
    let reader = app.reader.as_ref().expect("reader");
    assert!(!reader.partial() && reader.width == narrow);
    assert!(reader.doc.lines.len() > 50 * part_len);
    assert_eq!(reader.scroll, scroll, "the reading position stays");
    let last = reader.doc.headings.last().expect("headings").text.clone();

    keys(&mut app, "G");
    let reader = app.reader.as_ref().expect("reader");
    assert_eq!(reader.scroll, reader.max_scroll(app.viewport.reader_rows()));
    assert!(reader.scroll > 50 * part_len);
    assert!(!shown(&app).contains("Rendering the rest"));
    check_invariants(&app, "at the end of the whole post");

    keys(&mut app, &format!("g/{last}<enter>"));
    let reader = app.reader.as_ref().expect("reader");
    let hits = reader.search.as_ref().map_or(0, |s| s.hits.len());
    assert!(hits > 0, "search finds {last:?} at the end");
    assert!(reader.scroll > 50 * part_len, "and goes there");
}
