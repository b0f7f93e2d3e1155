//! Building the index at start-up, on a worker thread: a listing goes to the UI first
//! ([`Msg::IndexedEarly`]): the first page kept beside the index cache, then the cache's
//! whole listing (not on a large site: there the page is followed by the full index),
//! or without a cache one read quickly from every post's front matter (on a large site,
//! only its first page is shown);
//! then progress while the folder is walked and the changed posts are parsed, then the
//! full index ([`Msg::Indexed`]); the cache is written last, after the UI has its index.
//! Never blocks the event loop.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Instant;

use super::{Event, effects, heap};
use crate::app::{Content, Msg};
use crate::core::cached_index::{Fresh, Scanned, Startup};
use crate::core::first_page::{FirstPage, PageStream};
use crate::core::index::{Index, IndexError};
use crate::core::index_cache;

/// The least time between two progress messages, in milliseconds.
const PROGRESS_MS: u64 = 40;

/// Index `root` on a worker, telling the event loop through `tx`, and `indexed` once the
/// full index has been sent (the cache's early one comes before it, unannounced). With
/// `go_on`, the work after the cache's index is sent (the walk, the full index, the cache
/// write) waits until `go_on` says the first screen is drawn (or its sender is gone).
pub fn spawn_indexer(
    root: PathBuf,
    tx: Sender<Event>,
    go_on: Option<Receiver<()>>,
    indexed: Sender<()>,
) {
    std::thread::spawn(move || {
        let built = std::panic::catch_unwind(AssertUnwindSafe(|| {
            index_in_steps(&root, &tx, go_on.as_ref(), &indexed)
        }));
        let msg = match built {
            Ok(Ok(())) => return,
            Ok(Err(e)) => Msg::IndexFailed(e.to_string()),
            Err(panic) => Msg::IndexFailed(format!(
                "internal error while indexing: {}",
                effects::panic_message(panic.as_ref())
            )),
        };
        // The loop has ended (folio quit while indexing): nobody is left to tell.
        let _ = tx.send(Event::App(msg));
    });
}

fn index_in_steps(
    root: &Path,
    tx: &Sender<Event>,
    go_on: Option<&Receiver<()>>,
    indexed: &Sender<()>,
) -> Result<(), IndexError> {
    let started = std::time::Instant::now();
    let cache_dir = index_cache::cache_dir();
    let large = heap::LARGE_SITE_POSTS;
    let result = index_steps(root, cache_dir.as_deref(), large, tx, go_on, indexed);
    let ms = started.elapsed().as_millis();
    match &result {
        Ok(posts) => tracing::info!(posts, ms, "indexed"),
        Err(e) => tracing::error!(ms, error = %e, "indexing failed"),
    }
    result.map(|_| ())
}

/// The steps of [`spawn_indexer`], with the cache in `cache_dir`; a site of `large` posts
/// or more shows only its first page before the full index.
fn index_steps(
    root: &Path,
    cache_dir: Option<&Path>,
    large: usize,
    tx: &Sender<Event>,
    go_on: Option<&Receiver<()>>,
    indexed: &Sender<()>,
) -> Result<usize, IndexError> {
    let started = Instant::now();
    let mut startup = Startup::open_sized(root, cache_dir, &|len| {
        heap::expect_posts(heap::posts_in_cache(len));
    })?;
    // A large first run's first page, to be made (see below).
    let mut large_page: Option<Box<PageStream>> = None;
    // At most one progress message a frame's worth of time (the last always): each is a
    // redraw, on the cores the posts are read on. A send fails only when the loop has
    // ended (folio quit while indexing); the work below is then wasted, not wrong.
    let last_progress = AtomicU64::new(0);
    let progress = |done, total| {
        heap::expect_posts(total);
        let now = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let last = last_progress.load(Ordering::Relaxed);
        let due = done == total
            || (now >= last + PROGRESS_MS
                && last_progress
                    .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok());
        if due {
            let _ = tx.send(Event::App(Msg::IndexProgress { done, total }));
        }
    };
    // The first page kept beside the cache: the list's first screen, before the cache's
    // listing is decoded (that listing, or on a large site the full index, replaces it).
    let previewed = startup.preview_index().map(|preview| {
        let posts = preview.post_count();
        tracing::debug!(posts, "preview ready for the first list");
        let _ = tx.send(Event::App(Msg::IndexedEarly(content(Arc::new(preview)))));
        posts
    });
    // A large site goes from its first page straight to the full index: the cache's
    // listing (about 1.4 KB a post once decoded) would be held on screen while the full
    // index is built beside it, for the second or so that takes, doubling the peak.
    // The cache itself must be there to read the entries from; without it, the posts are
    // listed as on a first run.
    let page_only = previewed.is_some_and(|posts| posts >= large) && startup.skip_listing();
    let cached = if page_only {
        None
    } else {
        startup.early_index()
    };
    let from_cache = cached.is_some() || page_only;
    let early = match cached {
        Some(index) => Some(index),
        None if page_only => None,
        // No cache (a first run), or one whose listing cannot be read: a listing from every
        // post's front matter, read quickly; on a site that takes a while, the first page
        // of the posts read so far shows meanwhile, unless the page kept beside the cache
        // (the whole site's) is on screen already.
        None => {
            // Once the walk shows a large site, each post is parsed whole as it is read
            // (its listing gives only the first page): read once, not twice.
            startup.parse_whole_from(large);
            let show_partial = |partial: Index| {
                tracing::debug!(posts = partial.post_count(), "posts read so far listed");
                let _ = tx.send(Event::App(Msg::IndexedEarly(content(Arc::new(partial)))));
            };
            let partial: Option<&(dyn Fn(Index) + Sync)> = match previewed {
                None => Some(&show_partial),
                Some(_) => None,
            };
            let scanned = startup.scan(&progress, partial)?;
            tracing::debug!(
                parsed_whole = startup.parsed_whole(),
                read_widely = startup.read_widely(),
                "scan done"
            );
            match scanned {
                Scanned::Nothing => None,
                Scanned::Listing(listing) => Some(*listing),
                Scanned::Large(page) => {
                    // Its first page is shown before the full index is built (below).
                    large_page = Some(page);
                    None
                }
            }
        }
    };
    // A large site's listing (the cache's, without the page beside it; a first run's scan
    // gives its posts, above) goes to the screen as its first page, as a cached start's
    // does, and is let go before the full index is built: held on screen beside it, the
    // listing (about 1 KB a post) would add half again to the peak.
    let early = match early {
        Some(listing) if listing.posts.len() >= large => {
            let config = listing.config.clone();
            let page = FirstPage::of(&listing);
            drop(listing);
            let preview = page.into_index(root, config);
            tracing::debug!(
                posts = preview.post_count(),
                "first page of the listing ready for the first list"
            );
            let _ = tx.send(Event::App(Msg::IndexedEarly(content(Arc::new(preview)))));
            None
        }
        early => early.map(|index| content(Arc::new(index))),
    };
    if let Some(early) = &early {
        tracing::debug!(
            posts = early.index.posts.len(),
            from_cache,
            "listing ready for the first list"
        );
        let _ = tx.send(Event::App(Msg::IndexedEarly(early.clone())));
    }
    // `folio POST.md` with a cache: the walk and the full index wait until the post's
    // first screen is drawn (it is drawn before the indexer starts, so this is a guard
    // against a screen that needs the cache's listing). Without a cache there is no
    // listing to wait on: the scan above was the first work.
    if let Some(go_on) = go_on.filter(|_| from_cache) {
        // An error: the loop ended; the rest is wasted, not wrong.
        let _ = go_on.recv();
    }
    let (index, fresh) = finish_after_page(startup, large_page, root, tx, &progress)?;
    let index = Arc::new(index);
    // Nothing listed changed since the cache was written (the common case): the full
    // index's catalog keeps the early one's lists.
    let full = match early {
        Some(early) => early.after_change(Arc::clone(&index)),
        None => content(Arc::clone(&index)),
    };
    let _ = tx.send(Event::App(Msg::Indexed(full)));
    let _ = indexed.send(());
    // The cache is an optimisation: failing to write it only makes the next start slower.
    if let Err(e) = fresh.store(&index) {
        tracing::warn!(error = %e, "the index cache was not written");
    }
    Ok(index.posts.len())
}

/// The full index; a large first run's page of the whole site (`large_page`, the newest
/// posts and the counts the scan kept: a millisecond's work) is shown first.
fn finish_after_page(
    startup: Startup,
    large_page: Option<Box<PageStream>>,
    root: &Path,
    tx: &Sender<Event>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Index, Fresh), IndexError> {
    if let Some(mut page) = large_page {
        let page = page.page().into_index(root, startup.config().clone());
        tracing::debug!(posts = page.post_count(), "first page of the scan ready");
        let _ = tx.send(Event::App(Msg::IndexedEarly(content(Arc::new(page)))));
    }
    startup.finish(progress)
}

fn content(index: Arc<Index>) -> Content {
    Content::of(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::cached_index::test_site;
    use std::sync::mpsc;

    /// What a start tells the UI: for each early list, the posts it holds and whether it
    /// is a first page (a preview with the site's counts); then the full index's posts.
    fn start(root: &Path, cache: Option<&Path>, large: usize) -> (Vec<(usize, bool)>, usize) {
        let (tx, rx) = mpsc::channel();
        let (indexed_tx, indexed_rx) = mpsc::channel();
        let posts = index_steps(root, cache, large, &tx, None, &indexed_tx).expect("indexed");
        drop(tx);
        let mut early = Vec::new();
        let mut full = None;
        for event in rx {
            match event {
                Event::App(Msg::IndexedEarly(c)) => {
                    assert!(full.is_none(), "an early list after the full index");
                    early.push((c.index.posts.len(), c.index.totals.is_some()));
                }
                Event::App(Msg::Indexed(c)) => {
                    assert!(c.index.checked && c.index.totals.is_none());
                    full = Some(c.index.posts.len());
                }
                _ => {}
            }
        }
        assert!(indexed_rx.try_recv().is_ok(), "the full index is announced");
        let full = full.expect("a full index");
        assert_eq!(full, posts);
        (early, full)
    }

    /// A first run lists every post before the full index; from `large` posts on, only
    /// the listing's first page is shown (the listing is not held beside the full index).
    #[test]
    fn a_large_first_run_shows_its_listings_first_page() {
        let dir = test_site(5);
        assert_eq!(start(dir.path(), None, usize::MAX), (vec![(5, false)], 5));
        assert_eq!(start(dir.path(), None, 5), (vec![(5, true)], 5));
    }

    /// With a cache, a site shows the page kept beside it and then the cache's listing;
    /// from `large` posts on, the page and then the full index.
    #[test]
    fn a_large_cached_start_goes_from_its_page_to_the_full_index() {
        let dir = test_site(5);
        let cache = tempfile::tempdir().unwrap();
        // The first start writes the cache and its page.
        assert_eq!(
            start(dir.path(), Some(cache.path()), usize::MAX),
            (vec![(5, false)], 5)
        );
        assert_eq!(
            start(dir.path(), Some(cache.path()), usize::MAX),
            (vec![(5, true), (5, false)], 5)
        );
        assert_eq!(
            start(dir.path(), Some(cache.path()), 5),
            (vec![(5, true)], 5)
        );
    }
}
