//! End-to-end test of review marks: the real `folio` binary in a pseudo-terminal marks a
//! post reviewed with `r`, the test changes the file on disk, and the next start shows the
//! post as changed, in the reader and through the library's `v` filter.

mod support;

use std::path::Path;

use support::fs::temp_sample;
use support::pty::user::{indexed, quit};
use support::pty::{Launch, TIMEOUT, Tui};

fn open(post: &Path, data: &Path) -> Tui {
    let post = post.to_str().expect("a UTF-8 temp path");
    let tui = Launch::new([post]).data_dir(data).spawn();
    tui.wait_status("martech · line ");
    // Marking waits for the full index (the post shows before it).
    tui.wait_until("the site indexed", TIMEOUT, indexed);
    tui
}

/// `r` marks the open post reviewed (the status line says so, the post file is not
/// written); after the file changes on disk, the next start says "changed since review",
/// and the library's `v` filter lists it under "changed".
#[test]
fn e2e_review_mark_then_changed_on_disk() {
    let site = temp_sample();
    let data = tempfile::TempDir::new().expect("temp data dir");
    let post = site.path().join("martech.md");
    let original = std::fs::read(&post).expect("read martech.md");

    let mut tui = open(&post, data.path());
    tui.send("r");
    tui.wait_status("Reviewed martech.md ✓");
    tui.send("j");
    tui.wait_status("✓ reviewed");
    quit(&mut tui, "first run");
    assert_eq!(
        std::fs::read(&post).expect("read"),
        original,
        "post untouched"
    );

    let mut changed = original.clone();
    changed.extend_from_slice(b"\nA line added by someone else.\n");
    std::fs::write(&post, &changed).expect("change martech.md");

    let mut tui = open(&post, data.path());
    tui.wait_status("* changed since review");
    tui.esc();
    tui.wait_for("reviewed 0/32");
    tui.send("vv");
    let screen = tui.wait_for("showing changed · reviewed 0/32");
    let listed: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("* 20") || l.contains("*   "))
        .collect();
    assert_eq!(listed.len(), 1, "only martech is listed:\n{screen}");

    // Reviewing it again marks the new bytes.
    tui.keys("<tab><enter>");
    tui.wait_status("martech · line");
    tui.send("r");
    tui.wait_status("Reviewed martech.md ✓");
    quit(&mut tui, "second run");
}
