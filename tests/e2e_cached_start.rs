//! A start-up from the index cache in a real terminal: the first page kept beside the
//! cache is drawn first (the log says so), then the listing and the full index take its
//! place: every post of the site is in the list, the oldest one too.

mod support;

use support::pty::user::{indexed, quit};
use support::pty::{Launch, TIMEOUT, last_row};

/// More posts than the first page keeps: the oldest is only in the cache's listing.
const POSTS: usize = folio::core::first_page::FIRST_PAGE_POSTS + 30;

#[test]
fn e2e_cached_start_previews_the_first_page_then_lists_every_post() {
    let site = tempfile::tempdir().expect("a site");
    for i in 0..POSTS {
        let text = format!(
            "---\ntitle: Entry {i:03}\ndate: 2015-{:02}-{:02}\ntags: [t{}]\n---\nText.\n",
            1 + i / 28,
            1 + i % 28,
            i % 4
        );
        std::fs::write(site.path().join(format!("e{i:03}.md")), text).expect("write a post");
    }
    // Past the racy window: every post is stored.
    std::thread::sleep(folio::core::index_cache::RACY_WINDOW * 2);
    let cache = tempfile::tempdir().expect("a cache folder");
    let logs = tempfile::tempdir().expect("a log folder");
    let arg = site.path().to_str().expect("a UTF-8 path");
    let listed = support::cli::folio_command()
        .env("FOLIO_CACHE_DIR", cache.path())
        .args(["list", arg])
        .output()
        .expect("run folio list");
    assert!(listed.status.success(), "{listed:?}");
    let pages: Vec<_> = std::fs::read_dir(cache.path())
        .expect("the cache folder")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.ends_with(".first.bin"))
        .collect();
    assert_eq!(pages.len(), 1, "the first page beside the cache: {pages:?}");

    let cache_dir = cache.path().to_str().expect("a UTF-8 path");
    let log_dir = logs.path().to_str().expect("a UTF-8 path");
    let mut tui = Launch::new([arg])
        .env("FOLIO_CACHE_DIR", cache_dir)
        .env("FOLIO_LOG", "debug")
        .env("FOLIO_LOG_DIR", log_dir)
        .spawn();
    tui.wait_for(&format!("Entry {:03}", POSTS - 1));
    let counted = format!("{POSTS} / {POSTS} posts");
    tui.wait_until("the whole list", TIMEOUT, |s| {
        last_row(s).contains(&counted)
    });
    tui.wait_until("the site indexed", TIMEOUT, indexed);
    // The oldest post, at the end of the list: from the listing, not the first page.
    tui.keys("<tab>");
    tui.send("G");
    tui.wait_for("Entry 000");
    quit(&mut tui, "q from the list");

    let log: String = std::fs::read_dir(logs.path())
        .expect("the log folder")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    let preview = log
        .find("preview ready for the first list")
        .unwrap_or_else(|| panic!("no preview in the log:\n{log}"));
    let listing = log
        .find("listing ready for the first list")
        .unwrap_or_else(|| panic!("no listing in the log:\n{log}"));
    assert!(preview < listing, "the preview first:\n{log}");
    let preview_line = log[..preview].lines().last().unwrap_or_default().to_owned()
        + log[preview..].lines().next().unwrap_or_default();
    assert!(
        preview_line.contains(&format!("posts={POSTS}")),
        "the preview counts the site's posts, not the page's: {preview_line}"
    );
}
