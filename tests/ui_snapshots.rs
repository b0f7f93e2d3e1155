//! What the screen shows: the app drawn into ratatui's `TestBackend` and snapshotted as
//! text (insta), plus checks of what snapshots cannot see: styles, colours, and that no
//! control character reaches a cell. Review snapshot changes with care: they pin layout,
//! truncation, counts and hints.

mod support;

use folio::app::memory::Memory;
use folio::app::{App, Msg, Screen};
use folio::core::link_resolve::LinkStatus;
use folio::render::sanitize::is_unsafe;
use folio::render::styled::Role;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use support::fs::site;
use support::model::{
    app_with, draw, index, keys, open, run, sample_root, screen_text, select_link,
};

/// The sample app at `width`×`height`.
fn sample_at(width: u16, height: u16) -> App {
    app_with(&sample_root(), Memory::default(), width, height)
}

// ---------------------------------------------------------------------------------------
// Snapshots

/// The library as it opens: tags by count with "All posts" selected, every post newest
/// first, the status line with the root and the post count.
#[test]
fn ui_library_initial() {
    let app = sample_at(80, 24);
    insta::assert_snapshot!("library_initial", draw(&app).backend());
}

/// The library with the second tag chosen and the post pane focused on its third post.
#[test]
fn ui_library_tag_chosen_posts_focused() {
    let mut app = sample_at(80, 24);
    keys(&mut app, "j<enter>jj");
    insta::assert_snapshot!("library_tag_posts_focused", draw(&app).backend());
}

/// The screen before the index arrives.
#[test]
fn ui_indexing() {
    let mut app = App::new(
        sample_root(),
        folio::app::keymap::Keymap::default(),
        Memory::default(),
    );
    run(&mut app, [Msg::Resize(80, 24)]);
    insta::assert_snapshot!("indexing", draw(&app).backend());
}

/// martech in the reader, at the top: the header card and the start of the body.
#[test]
fn ui_reader_martech_top() {
    let mut app = sample_at(80, 24);
    open(&mut app, "martech");
    insta::assert_snapshot!("reader_martech_top", draw(&app).backend());
}

/// martech with its first link to another post selected (scrolled into view).
#[test]
fn ui_reader_martech_link_selected() {
    let mut app = sample_at(80, 24);
    open(&mut app, "martech");
    let martech = app.reader.as_ref().expect("a reader").post;
    select_link(&mut app, |l| {
        l.status == LinkStatus::Ok && l.post.is_some_and(|p| p != martech)
    });
    insta::assert_snapshot!("reader_martech_link_selected", draw(&app).backend());
}

/// Help over the library: the library keys, then the global ones.
#[test]
fn ui_help_library() {
    let mut app = sample_at(80, 24);
    keys(&mut app, "?");
    insta::assert_snapshot!("help_library", draw(&app).backend());
}

/// Help over the reader: the reader keys first.
#[test]
fn ui_help_reader() {
    let mut app = sample_at(80, 24);
    open(&mut app, "martech");
    keys(&mut app, "?");
    insta::assert_snapshot!("help_reader", draw(&app).backend());
}

/// The outline of martech, cursor on the first heading.
#[test]
fn ui_outline_popup() {
    let mut app = sample_at(80, 24);
    open(&mut app, "martech");
    keys(&mut app, "t");
    insta::assert_snapshot!("outline_popup", draw(&app).backend());
}

/// The posts linking to martech.
#[test]
fn ui_backlinks_popup() {
    let mut app = sample_at(80, 24);
    open(&mut app, "martech");
    keys(&mut app, "B");
    insta::assert_snapshot!("backlinks_popup", draw(&app).backend());
}

/// The external-link box for martech's Wikipedia link.
#[test]
fn ui_external_link_popup() {
    let mut app = sample_at(80, 24);
    open(&mut app, "martech");
    select_link(&mut app, |l| l.status == LinkStatus::External);
    keys(&mut app, "<enter>");
    insta::assert_snapshot!("external_link_popup", draw(&app).backend());
}

/// Full-text search results for "cohort", over the library.
#[test]
fn ui_search_results_popup() {
    let mut app = sample_at(80, 24);
    keys(&mut app, "Fcohort<enter>");
    let generation = app.search_generation;
    let searching = draw(&app);
    assert!(
        screen_text(searching.backend().buffer()).contains("Searching…"),
        "the pop-up says it is searching before the results arrive"
    );
    let hits = folio::tui::effects::search(&index(&app), "cohort");
    run(&mut app, [Msg::SearchDone { generation, hits }]);
    insta::assert_snapshot!("search_results_popup", draw(&app).backend());
}

/// The status line after Enter on content-calendar-planning's broken link.
#[test]
fn ui_status_broken_link_error() {
    let mut app = sample_at(80, 24);
    open(&mut app, "content-calendar-planning");
    select_link(&mut app, |l| l.status == LinkStatus::Broken);
    keys(&mut app, "<enter>");
    insta::assert_snapshot!("status_broken_link", draw(&app).backend());
}

/// An error message in the status line shows at least the link it is about: the key
/// hints must not squeeze it to a stub.
#[test]
fn ui_status_error_message_shows_target() {
    let mut app = sample_at(80, 24);
    open(&mut app, "content-calendar-planning");
    select_link(&mut app, |l| l.status == LinkStatus::Broken);
    keys(&mut app, "<enter>");
    let text = screen_text(draw(&app).backend().buffer());
    let status = text.lines().last().expect("a status line").to_owned();
    assert!(
        status.contains("Broken link /posts/what-is-a-marketing-funnel"),
        "status: {status:?}\nmessage: {:?}",
        app.message
    );
}

/// The reader card of the post whose front matter is invalid YAML.
#[test]
fn ui_reader_invalid_yaml_card() {
    let mut app = sample_at(80, 24);
    open(&mut app, "brand-voice-why-it-matters-online");
    insta::assert_snapshot!("reader_invalid_yaml", draw(&app).backend());
}

/// Below 40×10 folio draws only a message saying so.
#[test]
fn ui_terminal_too_small() {
    let app = sample_at(39, 9);
    let terminal = draw(&app);
    let text = screen_text(terminal.backend().buffer());
    assert!(text.contains("Terminal too small"), "{text}");
    insta::assert_snapshot!("too_small_39x9", terminal.backend());
}

/// The library at the narrowest width, 40×12.
#[test]
fn ui_library_narrow() {
    let mut app = sample_at(40, 12);
    keys(&mut app, "<tab>j");
    insta::assert_snapshot!("library_40x12", draw(&app).backend());
}

/// The reader at the narrowest width, 40×12.
#[test]
fn ui_reader_narrow() {
    let mut app = sample_at(40, 12);
    open(&mut app, "martech");
    insta::assert_snapshot!("reader_martech_40x12", draw(&app).backend());
}

// ---------------------------------------------------------------------------------------
// Styles and safety

/// The screen cells (column, row) where rendered link `link` is drawn, for every visible
/// line of the open post.
fn link_cells(app: &App, link: usize) -> Vec<(u16, u16)> {
    let reader = app.reader.as_ref().expect("a reader");
    let rows = app.viewport.reader_rows();
    let mut cells = Vec::new();
    for (row, line) in reader
        .doc
        .lines
        .iter()
        .enumerate()
        .skip(reader.scroll)
        .take(rows)
    {
        let mut x = 1usize;
        for span in &line.spans {
            let w = span.width();
            if span.link == Some(link) && !span.text.trim().is_empty() {
                for col in x..x + w {
                    let col = u16::try_from(col).expect("column");
                    let row = u16::try_from(row - reader.scroll).expect("row");
                    cells.push((col, row));
                }
            }
            x += w;
        }
    }
    cells
}

/// The selected link is drawn reversed, and only it.
#[test]
fn ui_selected_link_is_reversed() {
    let mut app = sample_at(80, 24);
    open(&mut app, "martech");
    let martech = app.reader.as_ref().expect("a reader").post;
    let chosen = select_link(&mut app, |l| {
        l.status == LinkStatus::Ok && l.post.is_some_and(|p| p != martech)
    });
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let cells = link_cells(&app, chosen);
    assert!(!cells.is_empty(), "the selected link is on screen");
    for &(x, y) in &cells {
        let cell = &buffer[(x, y)];
        assert!(
            cell.modifier.contains(Modifier::REVERSED),
            "({x},{y}) {:?} is not reversed: {cell:?}",
            cell.symbol()
        );
    }
    let links = app.reader.as_ref().expect("a reader").doc.links.len();
    for other in (0..links).filter(|&i| i != chosen) {
        for (x, y) in link_cells(&app, other) {
            assert!(
                !buffer[(x, y)].modifier.contains(Modifier::REVERSED),
                "link {other} at ({x},{y}) is reversed too"
            );
        }
    }
}

/// A broken link is red (and underlined) in colour; with colour off it keeps the underline
/// but uses the default colour.
#[test]
fn ui_broken_link_red_unless_monochrome() {
    let mut app = sample_at(80, 24);
    open(&mut app, "content-calendar-planning");
    let broken = select_link(&mut app, |l| l.status == LinkStatus::Broken);
    keys(&mut app, "<esc>");
    assert_eq!(app.reader.as_ref().and_then(|r| r.selected), None);
    let reader = app.reader.as_ref().expect("a reader");
    assert!(
        reader
            .doc
            .lines
            .iter()
            .flat_map(|l| &l.spans)
            .any(|s| s.link == Some(broken) && s.style.role == Role::LinkBroken),
        "the renderer marks the link broken"
    );
    let cells = link_cells(&app, broken);
    assert!(!cells.is_empty(), "the broken link is on screen");

    let terminal = draw(&app);
    for &(x, y) in &cells {
        let cell = &terminal.backend().buffer()[(x, y)];
        assert_eq!(cell.fg, Color::Red, "({x},{y}) {:?}", cell.symbol());
        assert!(cell.modifier.contains(Modifier::UNDERLINED));
    }

    app.monochrome = true;
    let terminal = draw(&app);
    for &(x, y) in &cells {
        let cell = &terminal.backend().buffer()[(x, y)];
        assert_eq!(cell.fg, Color::Reset, "({x},{y}) {:?}", cell.symbol());
        assert!(cell.modifier.contains(Modifier::UNDERLINED));
    }
    let any_colour = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .any(|c| c.fg != Color::Reset || c.bg != Color::Reset);
    assert!(!any_colour, "monochrome draws no colour at all");
}

/// A post full of escape sequences and control characters (in the title, tags, fields,
/// headings, body, code, link text and targets) never puts one into a cell, on any screen.
#[test]
fn ui_no_control_characters_reach_the_screen() {
    let esc = "\u{1b}";
    let nasty = format!(
        "---\ntitle: \"Evil \\e[31mred\\e[0m \\a title\\x9b2J\"\ndate: 2024-01-01\n\
         tags:\n  - \"\\e]0;owned\\a\"\n  - plain\nauthor: \"\\e[2Jwipe\"\n---\n\n\
         # Heading {esc}[1mbold\u{7}\n\n\
         Body {esc}[2J{esc}]52;c;aGk=\u{7} text \u{9b}31m and \u{7f} del and \u{202e}rtl\u{202c} \
         and a\ttab and \r carriage.\n\n\
         [link {esc}[5m text](<https://example.com/{esc}[2J>) and [broken](</posts/{esc}[31mnope>) \
         and [other](b.md)\n\n\
         ```\ncode {esc}[31m in code\u{7}\tand tab\n```\n\n\
         | a{esc}[1m | b |\n|---|---|\n| {esc}[2J | \u{7} |\n\n\
         > quote {esc}[7m\n\n- item {esc}[4m\n\n## Second {esc}[0m heading\n"
    );
    let b = "---\ntitle: B\ndate: 2024-01-02\n---\n\n[back to evil](a.md)\n";
    let dir = site(&[("a.md", &nasty), ("b.md", b)]);
    let mut app = app_with(dir.path(), Memory::default(), 80, 24);
    let mut screens: Vec<(&str, Terminal<TestBackend>)> = Vec::new();
    screens.push(("library", draw(&app)));
    keys(&mut app, "j");
    screens.push(("library, tag", draw(&app)));
    keys(&mut app, "g");
    open(&mut app, "a");
    screens.push(("reader", draw(&app)));
    keys(&mut app, "G");
    screens.push(("reader end", draw(&app)));
    keys(&mut app, "t");
    screens.push(("outline", draw(&app)));
    keys(&mut app, "<esc>B");
    screens.push(("backlinks", draw(&app)));
    keys(&mut app, "<esc>");
    select_link(&mut app, |l| l.status == LinkStatus::External);
    screens.push(("link selected", draw(&app)));
    keys(&mut app, "<enter>");
    screens.push(("link box", draw(&app)));
    keys(&mut app, "<esc>");
    select_link(&mut app, |l| l.status == LinkStatus::Broken);
    keys(&mut app, "<enter>");
    screens.push(("broken link message", draw(&app)));
    keys(&mut app, "/code<enter>");
    screens.push(("in-post search", draw(&app)));
    keys(&mut app, "Fcode<enter>");
    let generation = app.search_generation;
    let hits = folio::tui::effects::search(&index(&app), "code");
    assert!(!hits.is_empty());
    run(&mut app, [Msg::SearchDone { generation, hits }]);
    screens.push(("search results", draw(&app)));
    keys(&mut app, "<esc><esc><esc><esc>");
    assert_eq!(app.screen, Screen::Library);
    screens.push(("library after reading", draw(&app)));
    app.monochrome = true;
    screens.push(("library, monochrome", draw(&app)));
    run(&mut app, [Msg::Resize(40, 12)]);
    open(&mut app, "a");
    screens.push(("reader 40x12", draw(&app)));

    let mut shown_escape = false;
    for (name, terminal) in &screens {
        let buffer = terminal.backend().buffer();
        for (i, cell) in buffer.content().iter().enumerate() {
            let bad: Vec<char> = cell.symbol().chars().filter(|&c| is_unsafe(c)).collect();
            assert!(
                bad.is_empty(),
                "{name}: cell {i} holds {bad:?}\n{}",
                screen_text(buffer)
            );
        }
        shown_escape |= screen_text(buffer).contains('\u{241b}');
    }
    assert!(shown_escape, "ESC is shown as a visible ␛ somewhere");
}

/// Filtering tags under a scrolled post list still shows the tag's posts (the post list
/// window follows the cursor into the shorter list).
#[test]
fn ui_tag_filter_under_scrolled_posts_shows_posts() {
    let mut app = sample_at(80, 24);
    keys(&mut app, "<tab>G<tab>/seo");
    let text = screen_text(draw(&app).backend().buffer());
    let shown = app
        .library
        .visible_posts()
        .iter()
        .filter(|&&id| {
            let title = index(&app).posts[id].display_title().to_owned();
            text.contains(&title.chars().take(20).collect::<String>())
        })
        .count();
    assert_eq!(
        shown,
        app.library.visible_posts().len(),
        "every post of #SEO is drawn:\n{text}"
    );
}

/// Scrolling the help far down stops at its end instead of scrolling into blank space.
#[test]
fn ui_help_scroll_stops_at_end() {
    let mut app = sample_at(80, 24);
    keys(&mut app, "?");
    for _ in 0..200 {
        keys(&mut app, "j");
    }
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let (w, h) = app.viewport.popup_size();
    let top = (app.viewport.main_rows() - h) / 2;
    let left = (app.viewport.width - w) / 2;
    let inner_text: String = (top + 1..top + h - 1)
        .map(|y| {
            (left + 1..left + w - 1)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect();
    assert!(
        !inner_text.trim().is_empty(),
        "the help still shows its last lines after 200 × j:\n{}",
        screen_text(buffer)
    );
    keys(&mut app, "k");
    let text = screen_text(draw(&app).backend().buffer());
    assert!(text.contains("Keys"), "one k later the help is still open");
}

/// The status line's link counter names the selected link among all of them.
#[test]
fn ui_status_shows_selected_link() {
    let mut app = sample_at(80, 24);
    open(&mut app, "martech");
    keys(&mut app, "<tab>");
    let links = app.reader.as_ref().expect("a reader").doc.links.len();
    let text = screen_text(draw(&app).backend().buffer());
    let status = text.lines().last().expect("a status line").to_owned();
    assert!(
        status.contains(&format!("link 1/{links}")),
        "status: {status}"
    );
    assert!(status.starts_with("martech · line"), "status: {status}");
}

/// The problems view: counts by level and kind in the header, every problem under its
/// post (errors first), the cursor on the first post; and at the narrow size.
#[test]
fn ui_problems_view() {
    let mut app = sample_at(80, 24);
    keys(&mut app, "!jj");
    insta::assert_snapshot!("problems_view", draw(&app).backend());
    let mut app = sample_at(40, 12);
    keys(&mut app, "!");
    insta::assert_snapshot!("problems_view_40x12", draw(&app).backend());
}

/// The command palette over the reader, narrowed to "link".
#[test]
fn ui_palette_over_reader() {
    let mut app = sample_at(80, 24);
    open(&mut app, "martech");
    keys(&mut app, ":link");
    insta::assert_snapshot!("palette_link", draw(&app).backend());
}
