//! End-to-end tests of the terminal UI: the real `folio` binary runs in a pseudo-terminal,
//! its output is parsed by an in-memory vt100 terminal, and the tests type keys and read
//! the screen, as a user would.

mod support;

use std::process::Command;
use std::time::Duration;

use support::corpus_18f_site;
use support::keys::{parse_keys, terminal_bytes};
use support::pty::user::{assert_exited_cleanly, indexed, library_on, quit};
use support::pty::{Launch, Tui, dump, last_row, screen_row};

/// The eight posts tagged Strategy in `sample-posts`, newest first.
const STRATEGY_TITLES: [&str; 8] = [
    "Marketing After Third-Party Cookies",
    "Which Marketing KPIs Actually Matter?",
    "Choosing a CRM: Questions to Ask Before You Sign",
    "How Should You Split a PPC Budget Across Channels?",
    "Will Digital Marketing Die?",
    "Which Digital Marketing Company Is Best?",
    "What's Digital Marketing in Simple Terms?",
    "What Is System Marketing?",
];

const CRM_TITLE: &str = "Choosing a CRM: Questions to Ask Before You Sign";
const CDP_TITLE: &str = "Do You Need a Customer Data Platform?";

// ---------------------------------------------------------------------------------------
// Reading the screen
// ---------------------------------------------------------------------------------------

/// `(selected, total)` from the reader's status line (`… · link 3/6`).
fn selected_link(status: &str) -> Option<(usize, usize)> {
    let rest = &status[status.find(" · link ")? + " · link ".len()..];
    let (n, rest) = rest.split_once('/')?;
    let total: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((n.parse().ok()?, total.parse().ok()?))
}

/// The first visible line from the reader's status line (`slug · line 12/69 …`).
fn reader_line(status: &str) -> Option<usize> {
    let rest = &status[status.find(" · line ")? + " · line ".len()..];
    rest.split_once('/')?.0.parse().ok()
}

/// The cells drawn highlighted above the status line.
fn highlighted_cells(screen: &vt100::Screen) -> Vec<(u16, u16)> {
    let (rows, cols) = screen.size();
    let mut cells = Vec::new();
    for r in 0..rows.get() - 1 {
        for c in 0..cols.get() {
            if screen.cell(r, c).is_some_and(vt100::Cell::inverse) {
                cells.push((r, c));
            }
        }
    }
    cells
}

/// Whether some occurrence of `text` on screen (above the status line) is drawn in
/// reverse video from its first to its last character, as the selected link is.
fn shown_selected(screen: &vt100::Screen, text: &str) -> bool {
    let (rows, _) = screen.size();
    (0..rows.get() - 1).any(|r| {
        let row = screen_row(screen, r);
        row.match_indices(text).any(|(i, _)| {
            let start = row[..i].chars().count();
            (start..start + text.chars().count()).all(|c| {
                u16::try_from(c)
                    .ok()
                    .and_then(|c| screen.cell(r, c))
                    .is_some_and(vt100::Cell::inverse)
            })
        })
    })
}

/// Press Tab until the link whose text includes `text` is drawn selected.
fn select_link(tui: &mut Tui, text: &str) {
    for _ in 0..50 {
        let before = {
            let parser = tui.parser();
            if shown_selected(parser.screen(), text) {
                return;
            }
            highlighted_cells(parser.screen())
        };
        tui.keys("<tab>");
        tui.wait_until("Tab to select another link", support::pty::TIMEOUT, |s| {
            highlighted_cells(s) != before
        });
    }
    panic!(
        "the link {text:?} never got selected; the screen:\n{}",
        dump(tui.parser().screen())
    );
}

/// The column of the first cell of `row` whose text is `symbol`.
fn find_cell(screen: &vt100::Screen, row: u16, symbol: &str) -> Option<u16> {
    let (_, cols) = screen.size();
    (0..cols.get()).find(|&c| screen.cell(row, c).is_some_and(|x| x.contents() == symbol))
}

/// The items of the pop-up whose top border contains `title`, trimmed.
fn popup_items(screen: &vt100::Screen, title: &str) -> Vec<String> {
    let (rows, _) = screen.size();
    let top = (0..rows.get())
        .find(|&r| screen_row(screen, r).contains(title))
        .unwrap_or_else(|| panic!("no pop-up {title:?}:\n{}", dump(screen)));
    let left = find_cell(screen, top, "┌").expect("pop-up corner");
    let right = find_cell(screen, top, "┐").expect("pop-up corner");
    let mut items = Vec::new();
    for row in top + 1..rows.get() {
        if screen.cell(row, left).is_none_or(|c| c.contents() != "│") {
            break;
        }
        let text = screen
            .rows(left + 1, right - left - 1)
            .nth(usize::from(row))
            .unwrap_or_default();
        let text = text.trim();
        if !text.is_empty() {
            items.push(text.to_owned());
        }
    }
    items
}

/// The non-empty rows of the library's post pane (inside its border).
fn post_pane_rows(screen: &vt100::Screen) -> Vec<String> {
    let (rows, cols) = screen.size();
    let tag_width = (cols.get() / 3).clamp(18, 36);
    screen
        .rows(tag_width + 1, cols.get() - tag_width - 2)
        .take(usize::from(rows.get() - 2))
        .skip(1)
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect()
}

/// Whether the cell shows the app's highlight (reverse video or a coloured background).
fn highlighted(cell: &vt100::Cell) -> bool {
    cell.inverse() || cell.bgcolor() != vt100::Color::Default
}

/// Start `folio ARGS` and wait for the first frame of the library; prints how long that
/// took and returns it with the running app.
fn open_library(launch: Launch, total: usize, label: &str) -> (Tui, Duration) {
    let tui = library_on(launch, total);
    let elapsed = tui.started.elapsed();
    eprintln!("first frame showing \"All posts\" for {label}: {elapsed:?}");
    (tui, elapsed)
}

// ---------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------

/// A key spec reaches the terminal as the bytes an xterm sends: the pty tests type the
/// same specs (`support::keys`) the model tests press.
#[test]
fn keys_spec_types_terminal_bytes() {
    let typed: String = parse_keys("a<enter><c-s><home><end><left><down><esc><tab><bs><lt>")
        .iter()
        .map(terminal_bytes)
        .collect();
    assert_eq!(typed, "a\r\x13\x1b[H\x1b[F\x1b[D\x1b[B\x1b\t\x7f<");
}

/// The whole reading loop of the issue: library → tag → post → follow a "More Questions"
/// link → back → forward → help → quit with status 0 and the terminal restored.
#[test]
fn e2e_browse_follow_back_help_quit() {
    let (mut tui, first_frame) = open_library(
        Launch::new(["sample-posts"]).size(30, 100),
        32,
        "sample-posts",
    );
    assert!(
        first_frame < Duration::from_secs(5),
        "the first frame took {first_frame:?}"
    );
    let screen = tui.screen_text();
    assert!(screen.contains(" Tags "), "no tag pane:\n{screen}");
    let all = screen
        .lines()
        .find(|l| l.contains("All posts"))
        .expect("an All posts row");
    assert!(all.contains("32"), "All posts should count 32: {all:?}");

    // Choose the Strategy tag (most used, so first after All posts).
    tui.send("j");
    tui.wait_for("Posts · #Strategy");
    // The pane's title can be on screen before all its rows are: wait for the whole list.
    tui.poll_until(Duration::from_secs(5), |s| {
        post_pane_rows(s).len() == STRATEGY_TITLES.len()
    });
    let screen = tui.screen_text();
    let rows = post_pane_rows(tui.parser().screen());
    assert_eq!(
        rows.len(),
        STRATEGY_TITLES.len(),
        "the Strategy list should hold exactly its 8 posts:\n{screen}"
    );
    for (row, title) in rows.iter().zip(STRATEGY_TITLES) {
        assert!(
            row.contains(&title[..20]),
            "expected {title:?} in row {row:?}:\n{screen}"
        );
    }
    tui.wait_status("8 / 32 posts");

    // Into the post list, third post, open it.
    tui.keys("<enter>");
    tui.send("jj");
    tui.keys("<enter>");
    tui.wait_status("choosing-a-crm · line 1/");
    assert!(
        tui.row(0).contains(CRM_TITLE),
        "the post's title should be the first row"
    );

    // The end of the post, then the first "More Questions" link: link 3 of 6 goes to
    // /posts/customer-data-platforms (see sample-posts/choosing-a-crm.md).
    tui.send("G");
    tui.wait_status("100%");
    tui.wait_for("## More Questions About CRM and data");
    select_link(&mut tui, "Do you need a customer data platform?");
    let screen = tui.screen_text();
    assert!(
        screen.contains("• Do you need a customer data platform?[3]"),
        "{screen}"
    );
    tui.keys("<enter>");
    tui.wait_status("customer-data-platforms · line 1/");
    tui.wait_for(CDP_TITLE);

    // Back to the CRM post, where we left it (the end), then forward again.
    tui.keys("<bs>");
    tui.wait_status("choosing-a-crm · line");
    tui.wait_for("## More Questions About CRM and data");
    assert!(
        !tui.screen_text().contains(CDP_TITLE),
        "back should leave the CDP post"
    );
    tui.send("L");
    tui.wait_status("customer-data-platforms · line 1/");
    tui.wait_for(CDP_TITLE);
    assert!(tui.row(0).contains(CDP_TITLE));

    // Help lists the keys of the reader, from the keymap.
    tui.send("?");
    let screen = tui.wait_for("follow the selected link");
    for text in [
        "any other key closes",
        "back to the previous post",
        "posts that link here",
        "outline: jump to a heading",
    ] {
        assert!(screen.contains(text), "help lacks {text:?}:\n{screen}");
    }
    // "any other key closes": an unbound key must close it too.
    tui.send("x");
    let closed_by_any_key = tui.poll_until(Duration::from_secs(1), |s| {
        !s.contents().contains("follow the selected link")
    });
    let help_screen = tui.screen_text();
    if !closed_by_any_key {
        // Go on with the scenario; the failure is reported at the end.
        tui.esc();
        tui.wait_gone("follow the selected link");
    }
    tui.wait_for(CDP_TITLE);

    quit(&mut tui, "q");
    assert!(
        closed_by_any_key,
        "the help pop-up says \"any other key closes\" but `x` left it open:\n{help_screen}"
    );
}

/// Following a broken link reports it in the status line (with its target) and stays on
/// the post; `folio FILE` opens the reader straight on that post; the status line says
/// which link is selected.
#[test]
fn e2e_broken_link_is_reported_not_followed() {
    let mut tui = Launch::new(["sample-posts/content-calendar-planning.md"]).spawn();
    tui.wait_for("Planning a Content Calendar That Survives Real Life");
    tui.wait_status("content-calendar-planning · line 1/");
    tui.wait_until("the site indexed", support::pty::TIMEOUT, indexed);
    let mut problems = Vec::new();
    // Link 1 is the cover image; link 2 is "the marketing funnel", a broken link.
    select_link(&mut tui, "marketing funnel");
    let status = tui.status_line();
    if selected_link(&status) != Some((2, 6)) {
        problems.push(format!(
            "with the funnel link selected the status line should show \"link 2/6\": {status:?}"
        ));
    }
    tui.keys("<enter>");
    let screen = tui.wait_status("Broken link /posts/what-is-a-marketing");
    assert!(
        tui.row(0).contains("Planning a Content Calendar"),
        "the reader should stay on the post:\n{screen}"
    );
    assert!(
        shown_selected(tui.parser().screen(), "marketing funnel"),
        "the link stays selected:\n{screen}"
    );
    let status = tui.status_line();
    if !status.contains("Broken link /posts/what-is-a-marketing-funnel") {
        problems.push(format!(
            "the status line should name the whole broken target: {status:?}"
        ));
    }
    // The message goes with the next key; the post is still the same one.
    tui.send("j");
    tui.wait_status("content-calendar-planning · line 2/");
    quit(&mut tui, "q");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `B` lists the posts linking here and Enter opens one; `t` lists the post's headings and
/// Enter scrolls so the chosen heading is the top row.
#[test]
fn e2e_backlinks_and_outline() {
    let mut tui = Launch::new(["sample-posts/martech.md"]).spawn();
    tui.wait_status("martech · line 1/");
    tui.wait_until("the site indexed", support::pty::TIMEOUT, indexed);
    tui.wait_for("What Is MarTech? A Practical Guide to the Marketing Stack");

    tui.send("B");
    tui.wait_for("posts link here");
    // The popup's rows may still be on their way when its title shows.
    tui.poll_until(Duration::from_secs(5), |s| {
        popup_items(s, "posts link here").len() >= 9
    });
    let items = popup_items(tui.parser().screen(), "posts link here");
    // Nine posts link to /posts/martech (grep -l '/posts/martech)' sample-posts).
    assert!(
        tui.screen_text().contains(" 9 posts link here"),
        "{items:?}"
    );
    assert_eq!(items.len(), 9, "{items:?}");
    let first = items[0]
        .split("  20")
        .next()
        .expect("a title")
        .trim()
        .to_owned();
    tui.keys("<enter>");
    tui.wait_gone("posts link here");
    tui.wait_until(
        "the backlink's post at the top",
        support::pty::TIMEOUT,
        |s| screen_row(s, 0).contains(&first) && last_row(s).contains(" · line 1/"),
    );

    tui.send("t");
    tui.wait_for("Outline · Enter jumps");
    let headings = popup_items(tui.parser().screen(), "Outline");
    assert!(
        headings.len() >= 3,
        "the outline should list the post's headings: {headings:?}"
    );
    let second = headings[1].clone();
    tui.send("j");
    tui.keys("<enter>");
    tui.wait_gone("Outline · Enter jumps");
    let screen = tui.wait_until("the heading at the top", support::pty::TIMEOUT, |s| {
        screen_row(s, 0)
            .trim_start()
            .trim_start_matches('#')
            .trim_start()
            .starts_with(&second)
    });
    assert!(
        reader_line(&tui.status_line()).is_some_and(|l| l > 1),
        "the jump should scroll down:\n{screen}"
    );
    quit(&mut tui, "q");
}

/// `/` filters the post list as you type and Esc clears it; `F` searches the text of all
/// posts, lists the hits, and Enter opens a hit with the match on screen.
#[test]
fn e2e_filter_and_search_all_posts() {
    let (mut tui, _) = open_library(Launch::new(["sample-posts"]), 32, "sample-posts (filter)");
    tui.keys("<tab>");
    tui.send("/");
    tui.wait_status("filter posts: ");
    tui.send("crm");
    let screen = tui.wait_for("Posts · all · newest first · /crm");
    let rows = post_pane_rows(tui.parser().screen());
    assert!(
        rows.first().is_some_and(|r| r.contains("Choosing a CRM")),
        "the CRM post should be the best match:\n{screen}"
    );
    assert!(
        rows.len() < 32,
        "the filter should narrow the list:\n{screen}"
    );
    // Esc closes the field and clears the filter.
    tui.esc();
    tui.wait_gone("/crm");
    tui.wait_status("32 / 32 posts");
    assert_eq!(
        post_pane_rows(tui.parser().screen()).len(),
        27,
        "the full list again"
    );

    tui.send("F");
    tui.wait_status("search all posts: ");
    tui.send("cohort");
    tui.wait_status("search all posts: cohort");
    tui.keys("<enter>");
    tui.wait_for("Search “cohort”");
    tui.wait_for("Enter opens");
    let items = popup_items(tui.parser().screen(), "Search “cohort”");
    let at = items
        .iter()
        .position(|i| i.starts_with("Cohort Analysis for Marketers"))
        .unwrap_or_else(|| panic!("the cohort post is not among the hits: {items:?}"));
    tui.send(&"j".repeat(at));
    tui.keys("<enter>");
    tui.wait_status("cohort-analysis-sql · line");
    tui.wait_gone("Search “cohort”");
    let screen = tui.wait_for("Cohort Analysis for Marketers");
    // The current hit is drawn highlighted.
    let parser = tui.parser();
    let s = parser.screen();
    let (rows, _) = s.size();
    let hit_shown = (0..rows.get() - 1).any(|r| {
        let text = screen_row(s, r).to_lowercase();
        text.match_indices("cohort").any(|(i, _)| {
            let col = text[..i].chars().count();
            u16::try_from(col)
                .ok()
                .and_then(|c| s.cell(r, c))
                .is_some_and(highlighted)
        })
    });
    assert!(
        hit_shown,
        "no highlighted \"cohort\" hit on screen:\n{screen}"
    );
    drop(parser);
    quit(&mut tui, "q");
}

/// A post with invalid front matter is marked ✗ in the list and its reader card shows the
/// YAML error and its line.
#[test]
fn e2e_invalid_post_is_marked_and_explained() {
    let (mut tui, _) = open_library(Launch::new(["sample-posts"]), 32, "sample-posts (invalid)");
    // Undated, so last in the newest-first list.
    tui.keys("<tab>");
    tui.send("G");
    let screen = tui.wait_for("brand-voice-why-it-matters-online");
    let row = screen
        .lines()
        .find(|l| l.contains("brand-voice-why-it-matters-online"))
        .expect("the row");
    let after_tags = row.split('│').nth(3).unwrap_or(row);
    assert!(
        after_tags.trim_start().starts_with('✗'),
        "the invalid post should be marked ✗: {row:?}\n{screen}"
    );
    tui.keys("<enter>");
    tui.wait_status("brand-voice-why-it-matters-online · line");
    let screen = tui.wait_for("✗ error line 2: front matter is not valid YAML");
    assert!(
        screen.contains("Your brand voice is the personality"),
        "the body is still shown:\n{screen}"
    );
    quit(&mut tui, "q");
}

/// Resizing redraws at the new size, a terminal below 40×10 gets "Terminal too small"
/// instead of a broken layout, and growing again brings the library back.
#[test]
fn e2e_resize_and_too_small() {
    let (mut tui, _) = open_library(Launch::new(["sample-posts"]), 32, "sample-posts (resize)");
    tui.resize(20, 60);
    tui.wait_until("the library at 60×20", support::pty::TIMEOUT, |s| {
        s.cell(0, 59).is_some_and(|c| c.contents() == "┐")
            && s.cell(18, 0).is_some_and(|c| c.contents() == "└")
            && s.contents().contains("All posts")
    });
    tui.resize(8, 30);
    let screen = tui.wait_for("Terminal too small");
    assert!(screen.contains("folio needs 40×10"), "{screen}");
    tui.resize(30, 100);
    tui.wait_until("the library at 100×30", support::pty::TIMEOUT, |s| {
        let text = s.contents();
        text.contains("All posts")
            && !text.contains("Terminal too small")
            && s.cell(0, 99).is_some_and(|c| c.contents() == "┐")
            && last_row(s).contains("32 / 32 posts")
    });
    // Still answering keys.
    tui.keys("<tab><enter>");
    tui.wait_status(" · line 1/");
    quit(&mut tui, "q");
}

fn all_cells_default_colour(screen: &vt100::Screen) -> Result<(), String> {
    let (rows, cols) = screen.size();
    for r in 0..rows.get() {
        for c in 0..cols.get() {
            let cell = screen.cell(r, c).expect("a cell");
            if cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default {
                return Err(format!(
                    "cell ({r},{c}) {:?} has fg {:?} bg {:?}",
                    cell.contents(),
                    cell.fgcolor(),
                    cell.bgcolor()
                ));
            }
        }
    }
    Ok(())
}

/// With `NO_COLOR` set, nothing is drawn in colour (library and reader); without it, some
/// text is.
#[test]
fn e2e_no_color_means_no_colour() {
    let (mut tui, _) = open_library(
        Launch::new(["sample-posts"]).env("NO_COLOR", "1"),
        32,
        "sample-posts (NO_COLOR)",
    );
    if let Err(e) = all_cells_default_colour(tui.parser().screen()) {
        panic!("NO_COLOR library: {e}\n{}", dump(tui.parser().screen()));
    }
    // The reader with links, headings and a selected link.
    tui.keys("<tab><enter>");
    tui.wait_status(" · line 1/");
    tui.keys("<tab>");
    tui.wait_until("a selected link", support::pty::TIMEOUT, |s| {
        !highlighted_cells(s).is_empty()
    });
    if let Err(e) = all_cells_default_colour(tui.parser().screen()) {
        panic!("NO_COLOR reader: {e}\n{}", dump(tui.parser().screen()));
    }
    quit(&mut tui, "q");

    let (mut tui, _) = open_library(Launch::new(["sample-posts"]), 32, "sample-posts (colour)");
    assert!(
        all_cells_default_colour(tui.parser().screen()).is_err(),
        "without NO_COLOR some text should be coloured"
    );
    quit(&mut tui, "q");
}

/// Escape sequences and C1 controls in a post's title and body are drawn as visible
/// stand-ins and never reach the terminal: no screen clear, no title change, no colour.
#[test]
fn e2e_hostile_content_is_defused() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let post = concat!(
        "---\n",
        "title: \"Evil \\e[2J title \\e]0;pwned\\a \\e[31mred \\x9b end\"\n",
        "date: 2024-01-01\n",
        "tags: [safe]\n",
        "---\n\n",
        "Body \u{1b}[2Jcleared? \u{1b}]0;pwned\u{7} title \u{1b}[31mred text \u{9b}c1 end.\n\n",
        "## Heading \u{1b}[31mred\n\n",
        "Last line.\n",
    );
    std::fs::write(dir.path().join("hostile.md"), post).expect("write the post");
    let root = dir.path().display().to_string();
    let (mut tui, _) = open_library(Launch::new([root.as_str()]), 1, "hostile");
    let screen = tui.wait_for("Evil ␛[2J title");
    assert!(screen.contains("#safe"), "{screen}");

    tui.keys("<tab><enter>");
    tui.wait_status("hostile · line 1/");
    // vt100 drops U+FFFD (the stand-in for C1 controls) without moving the cursor, so
    // the screen text stops before it; the raw output is checked for it below.
    let screen = tui.wait_for("Body ␛[2Jcleared? ␛]0;pwned␇ title ␛[31mred text ");
    assert!(
        tui.row(0).contains("Evil ␛[2J title ␛]0;pwned␇ ␛[31mred "),
        "the title card should show the stand-ins:\n{screen}"
    );
    assert!(screen.contains("## Heading ␛[31mred"), "{screen}");
    assert!(screen.contains("Last line."), "{screen}");
    assert!(screen.contains("2024-01-01  #safe"), "{screen}");
    {
        let parser = tui.parser();
        let rec = parser.callbacks();
        assert!(
            rec.titles.is_empty() && rec.icon_names.is_empty(),
            "the window title was changed: {:?} {:?}",
            rec.titles
                .iter()
                .map(|t| String::from_utf8_lossy(t))
                .collect::<Vec<_>>(),
            rec.icon_names
        );
        assert!(
            rec.unhandled_chars.contains(&'\u{fffd}'),
            "the C1 character should be drawn as U+FFFD"
        );
        let c1: Vec<char> = rec
            .unhandled_chars
            .iter()
            .copied()
            .filter(|c| ('\u{80}'..'\u{a0}').contains(c))
            .collect();
        assert!(c1.is_empty(), "C1 controls reached the terminal: {c1:?}");
    }
    let raw = tui.raw_output();
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains("\u{fffd}c1"),
        "the C1 character should be replaced by U+FFFD in place"
    );
    for (bad, what) in [
        (&b"\x1b]0;pwned"[..], "the OSC title sequence"),
        (&b"\x1b[2Jcleared"[..], "the clear-screen sequence"),
        (&b"\x1b[2J title"[..], "the clear-screen sequence"),
        (&b"\x1b[31mred"[..], "the colour sequence"),
        (&b"\xc2\x9b"[..], "the C1 CSI character"),
        (&b"\x07 title"[..], "the BEL"),
    ] {
        assert!(
            !raw.windows(bad.len()).any(|w| w == bad),
            "{what} from the post reached the terminal"
        );
    }
    quit(&mut tui, "q");
}

/// SIGTERM and SIGHUP end folio promptly and the terminal is given back (main screen,
/// cursor shown).
#[test]
fn e2e_signals_restore_the_terminal() {
    for signal in ["TERM", "HUP"] {
        let (mut tui, _) = open_library(
            Launch::new(["sample-posts"]),
            32,
            &format!("sample-posts (SIG{signal})"),
        );
        // In the reader, so there is state to leave.
        tui.keys("<tab><enter>");
        tui.wait_status(" · line 1/");
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(tui.pid().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal} failed");
        assert_exited_cleanly(&mut tui, &format!("SIG{signal}"));
    }
}

/// Quitting remembers the post and how far it was read: the next start selects that post
/// and opens it where it was left.
#[test]
fn e2e_remembers_the_reading_position() {
    let data = tempfile::TempDir::new().expect("temp data dir");
    let mut tui = Launch::new(["sample-posts/martech.md"])
        .data_dir(data.path())
        .spawn();
    tui.wait_status("martech · line 1/");
    tui.wait_until("the site indexed", support::pty::TIMEOUT, indexed);
    tui.send(" ");
    tui.wait_until("a page down", support::pty::TIMEOUT, |s| {
        reader_line(&last_row(s)).is_some_and(|l| l > 1)
    });
    tui.send(" ");
    let before = tui
        .wait_until("a second page down", support::pty::TIMEOUT, |s| {
            reader_line(&last_row(s)).is_some_and(|l| l > 29)
        })
        .lines()
        .last()
        .and_then(reader_line)
        .expect("the line in the status");
    quit(&mut tui, "first run");

    let (mut tui, _) = open_library(
        Launch::new(["sample-posts"]).data_dir(data.path()),
        32,
        "sample-posts (remembered)",
    );
    tui.keys("<tab><enter>");
    let screen = tui.wait_status("martech · line");
    assert_eq!(
        reader_line(&tui.status_line()),
        Some(before),
        "the post should open where it was left:\n{screen}"
    );
    assert!(
        !tui.row(0).contains("What Is MarTech? A Practical Guide"),
        "the post should not open at its title:\n{screen}"
    );
    quit(&mut tui, "second run");
}

/// The real 18F corpus (509 posts): the library counts every post, and a link written as
/// an Eleventy template (`{{ "/2015/…/" | url }}`) is followed to its post.
#[test]
fn e2e_real_corpus_follows_eleventy_links() {
    let Some((_dir, root)) = corpus_18f_site() else {
        return;
    };
    let root_arg = root.display().to_string();
    let (mut tui, first_frame) = open_library(Launch::new([root_arg.as_str()]), 509, "18f corpus");
    assert!(
        first_frame < Duration::from_secs(5),
        "the first frame took {first_frame:?}"
    );
    let screen = tui.screen_text();
    let all = screen
        .lines()
        .find(|l| l.contains("All posts"))
        .expect("an All posts row");
    assert!(all.contains("509"), "All posts should count 509: {all:?}");

    // Find the post by filtering the list, then open it.
    tui.keys("<tab>/");
    tui.wait_status("filter posts: ");
    tui.send("How design consistency helps users");
    tui.wait_for("/How design consistency helps users");
    tui.keys("<enter>");
    tui.wait_gone("filter posts: ");
    tui.keys("<enter>");
    tui.wait_status("how-design-consistency-helps-users");
    tui.wait_for("How design consistency helps users navigate federal websites");
    // Its first link is [September]({{ "/2015/09/28/web-design-standards/" | url }}).
    select_link(&mut tui, "September");
    tui.wait_for("last September[1]");
    tui.keys("<enter>");
    tui.wait_status("web-design-standards · line 1/");
    let screen = tui.wait_for("Introducing the U.S. Web Design Standards");
    assert!(
        tui.row(0)
            .contains("Introducing the U.S. Web Design Standards"),
        "{screen}"
    );
    quit(&mut tui, "q");
}
