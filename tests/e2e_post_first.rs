//! `folio POST.md` in a real terminal: the post is the first screen drawn (no indexing or
//! loading screen before it), and once the site is indexed its links and backlinks work.

mod support;

use support::pty::user::{Site, indexed, quit};
use support::pty::{Launch, TIMEOUT, last_row, screen_row};

const MARTECH_TITLE: &str = "What Is MarTech? A Practical Guide to the Marketing Stack";

/// The first frame is the post itself; after indexing, Tab to a post link and Enter opens
/// it, Back returns, and `B` lists the posts linking here.
#[test]
fn e2e_post_first_then_links_once_indexed() {
    let site = Site::new();
    let mut tui = Launch::new([site.arg("martech.md")]).spawn();
    tui.wait_for(MARTECH_TITLE);
    tui.wait_status("martech · line 1/");
    let raw = String::from_utf8_lossy(&tui.raw_output()).into_owned();
    assert!(
        !raw.contains("Indexing") && !raw.contains("Loading"),
        "a screen was drawn before the post: {raw:?}"
    );
    tui.wait_until("the site indexed", TIMEOUT, indexed);

    // Link 1 is the cover image, 2 goes to Wikipedia, 3 to "What Is System Marketing?".
    tui.keys("<tab><tab><tab>");
    tui.wait_status("link 3/");
    tui.keys("<enter>");
    tui.wait_until("the linked post", TIMEOUT, |s| {
        screen_row(s, 0).contains("What Is System Marketing?")
    });
    tui.keys("<bs>");
    tui.wait_until("back on the post", TIMEOUT, |s| {
        last_row(s).starts_with("martech · line")
    });
    tui.send("B");
    tui.wait_for("posts link here");
    quit(&mut tui, "q from the backlinks");
}
