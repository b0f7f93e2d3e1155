//! Building the index at start-up, on a worker thread: a listing goes to the UI first
//! ([`Msg::IndexedEarly`]): the first page kept beside the index cache, then the cache's
//! whole listing (not on a large site: there the page is followed by the full index),
//! or without a cache one read quickly from every post's front matter;
//! then progress while the folder is walked and the changed posts are parsed, then the
//! full index ([`Msg::Indexed`]); the cache is written last, after the UI has its index.
//! Never blocks the event loop.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

use super::{Event, effects, heap};
use crate::app::{Content, Msg};
use crate::core::cached_index::Startup;
use crate::core::index::{Index, IndexError};
use crate::core::index_cache;

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
    let result = index_steps(root, tx, go_on, indexed);
    let ms = started.elapsed().as_millis();
    match &result {
        Ok(posts) => tracing::info!(posts, ms, "indexed"),
        Err(e) => tracing::error!(ms, error = %e, "indexing failed"),
    }
    result.map(|_| ())
}

fn index_steps(
    root: &Path,
    tx: &Sender<Event>,
    go_on: Option<&Receiver<()>>,
    indexed: &Sender<()>,
) -> Result<usize, IndexError> {
    let cache_dir = index_cache::cache_dir();
    let mut startup = Startup::open_sized(root, cache_dir.as_deref(), &|len| {
        heap::expect_posts(heap::posts_in_cache(len));
    })?;
    // A send fails only when the loop has ended (folio quit while indexing); the work
    // below is then wasted, not wrong.
    let progress = |done, total| {
        heap::expect_posts(total);
        let _ = tx.send(Event::App(Msg::IndexProgress { done, total }));
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
    let page_only =
        previewed.is_some_and(|posts| posts >= heap::LARGE_SITE_POSTS) && startup.skip_listing();
    let cached = if page_only {
        None
    } else {
        startup.early_index()
    };
    let from_cache = cached.is_some() || page_only;
    let early = match cached {
        Some(index) => Some(index),
        None if page_only => None,
        // No cache (a first run): a listing from every post's front matter, read quickly.
        None => startup.scan_listing(&progress)?,
    }
    .map(|index| content(Arc::new(index)));
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
    let (index, fresh) = startup.finish(&progress)?;
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

fn content(index: Arc<Index>) -> Content {
    Content::of(index)
}
