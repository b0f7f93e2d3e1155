//! End-to-end tests of reviewing a site by keyboard: the real `folio` binary in a
//! pseudo-terminal, keys typed as a reviewer would, files checked on disk.

mod support;

use support::pty::user::*;
use support::pty::{Launch, last_row};

/// `!` lists the site's problems; walking down to a broken link and pressing `e` opens
/// the editor on that line; replacing the line and saving takes the problem out of the
/// list as soon as the editor closes, and the file holds the fix.
#[test]
fn e2e_review_walk_problems_and_fix_one() {
    let site = Site::new();
    let mut tui = library_on(Launch::new([site.root().display().to_string()]), 32);
    // The counts come with the index; the first frame may be drawn before them.
    tui.wait_status("✗ 4 ! 3");
    tui.send("!");
    tui.wait_for("Problems · 4 errors · 3 warnings");
    tui.send("jjj");
    tui.wait_status("content-calendar-planning · row 4/14");
    tui.send("e");
    let screen = tui.wait_for(" Front matter · content-calendar-planning.md");
    assert!(
        screen.contains("line 22, col 1"),
        "the cursor is on line 22:\n{screen}"
    );
    tui.keys("<home>");
    tui.keys("<c-k>");
    let fix = "Pillars keep the calendar focused; see [the MarTech guide](/posts/martech).";
    tui.send(fix);
    tui.wait_for("see [the MarTech guide]");
    tui.keys("<c-s>");
    tui.wait_status("Saved");
    tui.esc();
    let screen = tui.wait_for("Problems · 3 errors · 3 warnings");
    assert!(
        !screen.contains("what-is-a-marketing-funnel"),
        "the fixed problem left the list:\n{screen}"
    );
    let text = String::from_utf8(site.read("content-calendar-planning.md")).expect("UTF-8");
    assert!(text.contains(&format!("\n{fix}\n")), "the fix is on disk");
    assert!(!text.contains("what-is-a-marketing-funnel"));
    tui.esc();
    tui.wait_for("All posts");
    assert!(last_row(tui.parser().screen()).contains("✗ 3 ! 3"));
    quit(&mut tui, "q after the fix");
}

/// `:` opens the palette; typing narrows it and Enter runs the action; `]` in the reader
/// goes to the first post with problems and says so.
#[test]
fn e2e_review_palette_and_problem_walk() {
    let site = Site::new();
    let mut tui = reader_on(Launch::new([site.arg("martech.md")]), "martech");
    tui.send(":");
    tui.wait_for("Run an action");
    tui.send("backlinks");
    tui.wait_for("show_backlinks");
    tui.keys("<enter>");
    tui.wait_for("posts link here");
    tui.esc();
    tui.wait_gone("posts link here");
    tui.send("]");
    tui.wait_status("Problem post 1/7");
    // The status line can be drawn before the post: wait for the post too.
    tui.wait_for("brand-voice");
    quit(&mut tui, "q after the walk");
}

/// Changes made outside folio arrive while it is open: a post added by another program
/// appears in the library, and a post marked reviewed whose file changes shows as changed
/// without a restart.
#[test]
fn e2e_review_outside_changes_arrive_live() {
    let site = Site::new();
    let mut tui = library_on(Launch::new([site.root().display().to_string()]), 32);
    site.write(
        "zz-from-git-pull.md",
        b"---\ntitle: Arrived From A Git Pull\ndate: 2030-01-01\n---\nNew text.\n",
    );
    let screen = tui.wait_until("the new post in the list", START_TIMEOUT, |s| {
        s.contents().contains("Arrived From A Git Pull") && last_row(s).contains("33 / 33 posts")
    });
    assert!(screen.contains("2030-01-01"), "{screen}");

    // The selection stayed on the post it was on; go to the top (the new post), mark it
    // reviewed, then change it outside folio.
    assert!(support::pty::screen_row(tui.parser().screen(), 2).contains("Is Short-Form Video"));
    tui.keys("<tab>");
    tui.send("g");
    tui.send("r");
    tui.wait_status("Reviewed zz-from-git-pull.md");
    site.write(
        "zz-from-git-pull.md",
        b"---\ntitle: Arrived From A Git Pull\ndate: 2030-01-01\n---\nEdited elsewhere.\n",
    );
    tui.wait_until("the post marked changed", START_TIMEOUT, |s| {
        support::pty::screen_row(s, 1).contains('*')
    });
    quit(&mut tui, "q after outside changes");
}
