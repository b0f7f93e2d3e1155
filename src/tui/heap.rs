//! Whether the allocator's memory may be backed by transparent huge pages (Linux).
//!
//! Huge pages (2 MiB) pay on a big site: indexing 100,000 posts touches hundreds of
//! megabytes, and one fault per 2 MiB instead of one per 4 KiB made building the index
//! from the cache 10–12 % faster (`folio list`, 100,000 posts). On a single post or a small site they cost: each thread's first
//! segment is faulted in as a whole huge page, which the kernel must find (or compact
//! memory for) and zero, before the first frame; folio's own work for a 4 KB post is a few
//! milliseconds. So the terminal UI starts with huge pages off ([`small_start`]) and turns
//! them on once it knows the site is big ([`expect_posts`]).
//!
//! mimalloc is built without asking for huge pages itself (its `no_thp` feature): the
//! first one it asked for was faulted in before `main`, before this switch could say no.
//! So where the system gives huge pages only on request (`madvise`, the common setting)
//! folio runs without them; where it gives them to every process (`always`), this switch
//! decides.
//!
//! Owns that decision and the one system call; knows nothing of the index or the screen.
//! Elsewhere than Linux both calls do nothing.

use std::sync::atomic::{AtomicBool, Ordering};

/// From this many posts on, huge pages are allowed. Measured with `benches/startup.sh`:
/// without them the cached start was faster at 10,000 posts and slower at 100,000.
pub const LARGE_SITE_POSTS: usize = 50_000;

/// About how many bytes the index cache holds per post (68.9 MB for 100,000 generated
/// posts, 7.0 MB for 10,000), to guess a site's size from its cache file before reading it.
pub const CACHE_BYTES_PER_POST: u64 = 690;

/// Huge pages have been turned back on (once is enough).
static LARGE: AtomicBool = AtomicBool::new(false);

/// Turn huge pages off for this process, for a start that shows a small site or one post
/// quickly. A failure (an old kernel) leaves the allocator as it was.
pub fn small_start() {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::thread::disable_transparent_huge_pages(true) {
        tracing::debug!(error = %e, "transparent huge pages stay as they were");
    }
}

/// The site has about `posts` posts: from [`LARGE_SITE_POSTS`] on, allow huge pages again
/// (for the memory touched from now on).
pub fn expect_posts(posts: usize) {
    if posts < LARGE_SITE_POSTS || LARGE.swap(true, Ordering::Relaxed) {
        return;
    }
    tracing::debug!(posts, "a large site: transparent huge pages allowed");
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::thread::disable_transparent_huge_pages(false) {
        tracing::debug!(error = %e, "transparent huge pages stay as they were");
    }
}

/// The site whose index cache file is `len` bytes long has about this many posts.
pub fn posts_in_cache(len: u64) -> usize {
    usize::try_from(len / CACHE_BYTES_PER_POST).unwrap_or(usize::MAX)
}

/// Whether huge pages are turned off for this process now (`None` where this cannot be
/// asked: not Linux, or the kernel refused).
pub fn huge_pages_off() -> Option<bool> {
    #[cfg(target_os = "linux")]
    {
        rustix::thread::transparent_huge_pages_are_disabled().ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}
