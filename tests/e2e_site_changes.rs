//! End-to-end tests of site-wide changes: the real binary in a pseudo-terminal, a post
//! renamed with `R` and a tag merged with `m`, each previewed, confirmed with `y`, and
//! checked on disk.

mod support;

use support::pty::user::*;
use support::pty::{Launch, last_row};

/// `R` in the reader: type the new slug, see the preview, `y`: the file moves, links to
/// it change, and the reader shows the post under its new name.
#[test]
fn e2e_rename_post_from_the_reader() {
    let site = Site::new();
    let mut tui = reader_on(Launch::new([site.arg("martech.md")]), "martech");
    tui.send("R");
    tui.wait_status("new slug (links follow): martech");
    tui.keys("<c-u>");
    tui.send("marketing-technology");
    tui.keys("<enter>");
    let screen = tui.wait_for("y applies");
    assert!(screen.contains("+++ b/choosing-a-crm.md"), "{screen}");
    tui.send("y");
    tui.wait_status("Done: rename martech.md");
    // The next key clears the message; the status line then names the post.
    tui.send("j");
    tui.wait_until("the reader on the renamed post", START_TIMEOUT, |s| {
        last_row(s).contains("marketing-technology · line")
    });
    assert!(site.file("marketing-technology.md").is_file());
    assert!(!site.file("martech.md").exists());
    let crm = String::from_utf8(site.read("choosing-a-crm.md")).expect("UTF-8");
    assert!(crm.contains("(/posts/marketing-technology)"), "{crm}");
    quit(&mut tui, "q after the rename");
}

/// `m` on a tag in the tag pane: pick the target by typing, preview, `y`: only the tags
/// lines change on disk.
#[test]
fn e2e_merge_tag_from_the_tag_pane() {
    let site = Site::new();
    let before = site.read("lead-scoring.md");
    let mut tui = library_on(Launch::new([site.root().display().to_string()]), 32);
    tui.send("/");
    tui.send("Automation");
    tui.keys("<enter>");
    tui.send("m");
    tui.wait_for("Merge #Automation into");
    tui.send("MarTe");
    tui.keys("<enter>");
    tui.wait_for("y applies");
    tui.send("y");
    tui.wait_status("Done: merge #Automation into #MarTech");
    let after = String::from_utf8(site.read("lead-scoring.md")).expect("UTF-8");
    let want = String::from_utf8(before).expect("UTF-8").replace(
        "tags: [post, Automation, Analytics]",
        "tags: [post, MarTech, Analytics]",
    );
    assert_eq!(after, want);
    quit(&mut tui, "q after the merge");
}
