//! The terminal UI's huge-page switch (`tui::heap`), in a process of its own: it changes a
//! per-process setting.

use folio::tui::heap;

/// A small start turns huge pages off; a small site leaves them off; a large one turns them
/// back on, once.
#[test]
#[cfg(target_os = "linux")]
fn heap_huge_pages_off_for_a_small_start_and_on_for_a_large_site() {
    heap::small_start();
    assert_eq!(
        heap::huge_pages_off(),
        Some(true),
        "off after a small start"
    );
    heap::expect_posts(heap::LARGE_SITE_POSTS - 1);
    assert_eq!(
        heap::huge_pages_off(),
        Some(true),
        "a small site leaves them off"
    );
    heap::expect_posts(heap::LARGE_SITE_POSTS);
    assert_eq!(
        heap::huge_pages_off(),
        Some(false),
        "a large site turns them on"
    );
}

/// A cache file's length gives a post count on the scale the switch uses: the 100,000-post
/// generated site's cache (68.9 MB) counts as large, the 10,000-post one (7.0 MB) does not.
#[test]
fn heap_posts_in_cache_scales_with_the_file() {
    assert!(heap::posts_in_cache(68_864_288) >= heap::LARGE_SITE_POSTS);
    assert!(heap::posts_in_cache(7_038_442) < heap::LARGE_SITE_POSTS);
    assert_eq!(heap::posts_in_cache(0), 0);
}
