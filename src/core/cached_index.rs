//! Building the index of a content root with the [`index_cache`]: read the config and the
//! first page kept beside the cache (the newest posts and the site's counts, shown at
//! once), then the cache's listing (what the last run saw; without a cache, a listing read
//! quickly from every post's head), then walk, stat, reuse the stored posts whose file
//! keys still match, parse only the rest, and build the index as [`Index::build`] does.
//! The cache is written after the index is handed over, and only if something changed.
//!
//! Owns the order of start-up work; does not parse posts, resolve links or draw.
//!
//! [`index_cache`]: super::index_cache

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Instant, SystemTime};

use super::discovery::{self, Found};
use super::first_page::{FirstPage, PageStream};
use super::index::{Index, IndexError};
use super::index_cache::{Entry, EntryRef, FileKey, IndexCache, RACY_WINDOW, Rest};
use super::links::SharedTargets;
use super::post::Post;
use super::site_config::SiteConfig;
use super::{front_matter, source};

/// Progress is reported every this many posts.
const PROGRESS_EVERY: usize = 512;

/// When a first run's scan shows the first page of the posts it has read so far
/// ([`Startup::scan_listing`]): titles on screen while the rest are read, as a file list
/// shows names at once. Not on a small site (read whole before a page would be worth it),
/// and no longer once so many are read that picking their newest (a pass over all of them,
/// on one of the threads reading posts) would slow the reading.
#[derive(Debug)]
struct Streamed {
    /// Posts read before a page of them is shown.
    min_posts: usize,
    /// Posts read after which none is shown (the listing of the whole walk follows).
    max_posts: usize,
    /// Milliseconds between the first listing and the second; each wait after that is half
    /// as long again as the one before (a listing takes longer the more posts are read).
    every_ms: AtomicU64,
    /// When the scan started.
    started: Instant,
    /// Milliseconds after `started` before which no listing is due.
    next_ms: AtomicU64,
    /// A listing is being made (by one walk thread; the others go on reading).
    busy: AtomicBool,
}

impl Streamed {
    /// From 1,000 posts read to 200,000, the first 15 ms into the scan (a walk done sooner
    /// shows its whole listing), the second 150 ms after it, then each wait half as long
    /// again as the last.
    fn new() -> Streamed {
        Streamed::with(1000, 200_000, 15, 150)
    }

    fn with(min_posts: usize, max_posts: usize, first_ms: u64, every_ms: u64) -> Streamed {
        Streamed {
            min_posts,
            max_posts,
            every_ms: AtomicU64::new(every_ms),
            started: Instant::now(),
            next_ms: AtomicU64::new(first_ms),
            busy: AtomicBool::new(false),
        }
    }

    /// Whether a listing of the `read` posts read so far is due now; if so, the caller
    /// makes it and then calls [`Streamed::shown`].
    fn due(&self, read: usize) -> bool {
        let time = || self.elapsed_ms() >= self.next_ms.load(Ordering::Acquire);
        if !(self.min_posts..=self.max_posts).contains(&read) || !time() {
            return false;
        }
        if self.busy.swap(true, Ordering::Acquire) {
            return false;
        }
        // Another thread may have shown one between the look at the time and taking it.
        if time() {
            return true;
        }
        self.busy.store(false, Ordering::Release);
        false
    }

    /// A listing was shown: the next is due a wait from now (see `every_ms`).
    fn shown(&self) {
        let wait = self.every_ms.load(Ordering::Relaxed);
        self.every_ms.store(wait + wait / 2, Ordering::Relaxed);
        self.next_ms
            .store(self.elapsed_ms() + wait, Ordering::Release);
        self.busy.store(false, Ordering::Release);
    }

    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

/// A start-up in progress: the config, the first page and the cache's listing, before the
/// walk.
#[derive(Debug)]
pub struct Startup {
    root: PathBuf,
    config: SiteConfig,
    cache: Option<IndexCache>,
    /// The first page kept beside the cache (taken by [`Startup::preview_index`]).
    first_page: Option<FirstPage>,
    /// Whether the cache's listing was read (by [`Startup::early_index`]).
    listing_read: bool,
    /// The cache's listing, as posts without paths (taken by [`Startup::early_index`]).
    listed: Vec<Arc<Post>>,
    /// The cache file, open, to read its entries from in [`Startup::finish`].
    rest: Option<Rest>,
    /// The posts found by [`Startup::scan_listing`]'s walk, for [`Startup::finish`], each
    /// with its parse when the scan parsed it whole.
    found: Option<Vec<(Found, Option<Parsed>)>>,
    /// Once its walk has found this many posts, the scan parses each post whole (see
    /// [`Startup::parse_whole_from`]).
    parse_from: usize,
    /// Whether the scan's reads waited on the disk, so that more threads read at once.
    read_widely: bool,
}

/// What a scan found (see [`Startup::scan`]).
#[derive(Debug)]
pub enum Scanned {
    /// No post at all.
    Nothing,
    /// A listing of every post.
    Listing(Box<Index>),
    /// A site of [`Startup::parse_whole_from`] posts or more: the first page of its posts,
    /// to be made ([`PageStream::page`]). Those read before the walk had counted that many
    /// are listings only (as [`Post::listing_only`] reads them; [`Startup::finish`] parses
    /// them): what a first page needs, not more.
    Large(Box<PageStream>),
}

/// Add to `pages` the posts read since it last took some in.
fn take_in(pages: &mut PageStream, read: &Mutex<Vec<ReadPost>>) {
    let fresh: Vec<Arc<Post>> = {
        let read = read.lock().unwrap_or_else(PoisonError::into_inner);
        read[pages.added()..]
            .iter()
            .map(|(_, post, _)| Arc::clone(post))
            .collect()
    };
    pages.add(&fresh);
}

/// A post the scan read, with the key of its file when it was parsed whole.
type ReadPost = (Found, Arc<Post>, Option<Option<FileKey>>);

/// A post parsed whole by the scan, with the key of the file read (`None`: not to be stored).
type Parsed = (Arc<Post>, Option<FileKey>);

/// What is needed to store the cache once the fresh index has been handed over.
#[derive(Debug)]
pub struct Fresh {
    cache: Option<IndexCache>,
    /// Per post of the index, its file key, or `None` when it must not be stored (none at
    /// all when `unchanged`: nothing is stored).
    keys: Vec<Option<FileKey>>,
    /// How many posts were taken from the cache.
    pub reused: usize,
    /// The cache holds exactly these posts already (every one reused, none gone): storing
    /// it again would write the same bytes.
    unchanged: bool,
}

impl Startup {
    /// Read `folio.toml` and the first page kept beside the cache of `root` in `cache_dir`
    /// (see [`Startup::preview_index`]). Neither walks the folder nor reads a post, nor the
    /// cache itself (see [`Startup::early_index`] and [`Startup::finish`]).
    pub fn open(root: &Path, cache_dir: Option<&Path>) -> Result<Startup, IndexError> {
        Startup::open_sized(root, cache_dir, &|_| {})
    }

    /// [`Startup::open`], telling `cache_len` the cache file's length (when there is one)
    /// before its listing is read, for a caller that prepares for the site's size.
    pub fn open_sized(
        root: &Path,
        cache_dir: Option<&Path>,
        cache_len: &dyn Fn(u64),
    ) -> Result<Startup, IndexError> {
        if !root.is_dir() {
            return Err(IndexError::Root {
                path: root.to_owned(),
                reason: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
            });
        }
        // The cache's key is taken before the config is read: a config that changes in
        // between gives posts stored under the old key, which the next run discards.
        let cache = cache_dir.and_then(|dir| IndexCache::for_root(dir, root).ok());
        if let Some(meta) = cache.as_ref().and_then(|c| std::fs::metadata(&c.file).ok()) {
            cache_len(meta.len());
        }
        let config = SiteConfig::load(root)?;
        let first_page = cache.as_ref().and_then(IndexCache::read_first_page);
        Ok(Startup {
            root: root.to_owned(),
            config,
            cache,
            first_page,
            listing_read: false,
            listed: Vec::new(),
            rest: None,
            found: None,
            parse_from: usize::MAX,
            read_widely: false,
        })
    }

    /// A preview of the list from the first page kept beside the cache (see
    /// [`FirstPage`]): the newest posts and the site's counts, drawn before the cache's
    /// listing is decoded. `None` without one (or when it was taken already).
    pub fn preview_index(&mut self) -> Option<Index> {
        let page = self.first_page.take()?;
        Some(page.into_index(&self.root, self.config.clone()))
    }

    /// Read the cache's listing (once), keeping the open file for its entries.
    fn read_listing(&mut self) {
        if std::mem::replace(&mut self.listing_read, true) {
            return;
        }
        if let Some((listed, rest)) = self.cache.as_ref().and_then(IndexCache::read_listing) {
            self.listed = listed;
            self.rest = Some(rest);
        }
    }

    /// Leave the cache's listing unread: [`Startup::finish`] reads the entries after it
    /// (for a large site, whose first page stays until the full index). `false` when the
    /// cache file cannot be used (missing, or its header does not check out): the caller
    /// then lists the posts itself ([`Startup::scan_listing`]).
    pub fn skip_listing(&mut self) -> bool {
        if std::mem::replace(&mut self.listing_read, true) {
            return self.rest.is_some();
        }
        self.rest = self.cache.as_ref().and_then(IndexCache::skip_listing);
        self.rest.is_some()
    }

    /// A listing of the cached posts alone (what the last run saw; see [`Index::listing`]:
    /// titles, dates and tags, no field, link or check), to show while the walk runs;
    /// `None` when there is no cache (or it was taken already).
    pub fn early_index(&mut self) -> Option<Index> {
        self.read_listing();
        if self.listed.is_empty() {
            return None;
        }
        let posts = std::mem::take(&mut self.listed).into();
        Some(Index::listing(&self.root, self.config.clone(), posts))
    }

    /// Have [`Startup::scan`] (and [`Startup::scan_listing`]) parse each post whole, as [`Startup::finish`] would,
    /// once its walk has found `posts` posts (on a site that large the listing serves for
    /// its first page only): each file is then read once, where a quick listing and then
    /// the full index would read it twice. Off by default (the listing of a smaller site
    /// is on screen until the full index, and quick to read).
    pub fn parse_whole_from(&mut self, posts: usize) {
        self.parse_from = posts;
    }

    /// Whether [`Startup::scan`]'s reads waited on the disk (a cold page cache), so that
    /// more threads than cores read at once (see [`super::par::for_each_sent_widening`]).
    pub fn read_widely(&self) -> bool {
        self.read_widely
    }

    /// How many posts [`Startup::scan`] (or [`Startup::scan_listing`]) parsed whole (see
    /// [`Startup::parse_whole_from`]); the rest of its walk, [`Startup::finish`] parses.
    pub fn parsed_whole(&self) -> usize {
        self.found
            .as_ref()
            .map_or(0, |found| found.iter().filter(|(_, p)| p.is_some()).count())
    }

    /// Without a cache: walk the folder and read every post's front matter quickly (see
    /// [`Post::listing_only`]) for a listing to show while the posts are parsed; the walk
    /// is kept for [`Startup::finish`]. `progress` hears `(done, total)` as
    /// [`Startup::finish`]'s does. While the walk runs, `partial` is handed the first page
    /// of the posts read so far now and then (from 1,000 posts read and 15 ms in, then
    /// after 150 ms, 225 ms, … up to 200,000; a preview whose count is the posts read), from
    /// the pool's threads. A site of [`Startup::parse_whole_from`] posts or more (its posts
    /// parsed whole) gives the first page of the whole site (a preview, as
    /// [`FirstPage::into_index`] makes), not a listing. `None` when the folder has no post.
    pub fn scan_listing(
        &mut self,
        progress: &(dyn Fn(usize, usize) + Sync),
        partial: &(dyn Fn(Index) + Sync),
    ) -> Result<Option<Index>, IndexError> {
        Ok(match self.scan(progress, Some(partial))? {
            Scanned::Nothing => None,
            Scanned::Listing(listing) => Some(*listing),
            Scanned::Large(mut page) => {
                Some(page.page().into_index(&self.root, self.config.clone()))
            }
        })
    }

    /// [`Startup::scan_listing`], leaving a large site's first page to the caller
    /// ([`Scanned::Large`], see [`FirstPage::into_index`]): it shows it before
    /// [`Startup::finish`], which does not need it. Without `partial` (a first page is
    /// on screen already), no page of the posts read so far is made.
    pub fn scan(
        &mut self,
        progress: &(dyn Fn(usize, usize) + Sync),
        partial: Option<&(dyn Fn(Index) + Sync)>,
    ) -> Result<Scanned, IndexError> {
        self.scan_streamed(progress, partial, &Streamed::new())
    }

    /// The site's settings (`folio.toml`), as read when the start-up was opened.
    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    fn scan_streamed(
        &mut self,
        progress: &(dyn Fn(usize, usize) + Sync),
        partial: Option<&(dyn Fn(Index) + Sync)>,
        streamed: &Streamed,
    ) -> Result<Scanned, IndexError> {
        // The walk's threads read each post as they find it: the total (the posts the walk
        // has come upon, a folder at a time) grows until the walk ends.
        let walked = Arc::new(AtomicUsize::new(0));
        // Each post read, with the key of its file when it was parsed whole.
        let read: Mutex<Vec<ReadPost>> = Mutex::new(Vec::new());
        // The pages shown: each takes in the posts read since the last (see `PageStream`).
        let pages: Mutex<PageStream> = Mutex::default();
        let exclude = &self.config.exclude;
        let templates = &self.config.link_templates;
        let since = racy_since();
        let counter = Some(Arc::clone(&walked));
        // Read on the pool while the walk goes on: on a large site the walk has counted
        // most of it before many posts are read, so most are parsed whole.
        let targets = SharedTargets::on_this_thread;
        // How long the reads take: from a cold disk cache, more threads read at once.
        let waits = super::par::Waits::default();
        discovery::discover_each_sent(&self.root, exclude, counter, &waits, targets, |_, f| {
            let whole = walked.load(Ordering::Relaxed) >= self.parse_from;
            let (post, key) = if whole {
                // Parsed as `finish` would, targets shared as there.
                let (post, key) = parse_keyed(&f, templates, since, &waits);
                (post, Some(key))
            } else {
                (quick_listing(&f, &waits), None)
            };
            let post = Arc::new(post);
            let n = {
                // A poisoned lock means another walk thread panicked: that is reported.
                let mut read = read.lock().unwrap_or_else(PoisonError::into_inner);
                read.push((f, post, key));
                read.len()
            };
            if n.is_multiple_of(PROGRESS_EVERY) {
                progress(n, walked.load(Ordering::Relaxed));
            }
            if let Some(partial) = partial
                && streamed.due(n)
            {
                // The first page of what is read: the newest of it, and the count.
                let page = {
                    let mut pages = pages.lock().unwrap_or_else(PoisonError::into_inner);
                    take_in(&mut pages, &read);
                    pages.page()
                };
                partial(page.into_index(&self.root, self.config.clone()));
                streamed.shown();
            }
        })
        .map_err(|reason| IndexError::Root {
            path: self.root.clone(),
            reason,
        })?;
        self.read_widely = waits.is_wide();
        let mut pages = pages.into_inner().unwrap_or_else(PoisonError::into_inner);
        let large = read.lock().unwrap_or_else(PoisonError::into_inner).len() >= self.parse_from;
        if large {
            take_in(&mut pages, &read);
        }
        let mut listed = read.into_inner().unwrap_or_else(PoisonError::into_inner);
        // In path order, as a walk's posts are (14 ms on one core at 100,000 posts).
        super::par::sort_unstable_by(&mut listed, |a, b| a.0.rel_path.cmp(&b.0.rel_path));
        progress(listed.len(), listed.len());
        let (found, posts): (Vec<_>, Vec<Arc<Post>>) = listed
            .into_iter()
            .map(|(f, post, key)| {
                let parsed = key.map(|key| (Arc::clone(&post), key));
                ((f, parsed), post)
            })
            .unzip();
        self.found = Some(found);
        if posts.is_empty() {
            return Ok(Scanned::Nothing);
        }
        if large {
            // Its listing would serve for its first page alone.
            return Ok(Scanned::Large(Box::new(pages)));
        }
        Ok(Scanned::Listing(Box::new(Index::listing(
            &self.root,
            self.config.clone(),
            posts.into(),
        ))))
    }

    /// Walk the folder, reuse (from the cache's entries) or parse every post, and build
    /// the index; `progress` hears `(done, total)` now and then, from worker threads.
    pub fn finish(
        self,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(Index, Fresh), IndexError> {
        let Startup {
            root,
            config,
            cache,
            rest,
            listing_read,
            found,
            ..
        } = self;
        // A file changed this close to now is parsed but not stored (it may change again
        // within its mtime's tick; see RACY_WINDOW). Every file is stat'ed after this.
        let since = racy_since();
        let found = match found {
            Some(found) => found,
            None => walk(&root, &config)?
                .into_iter()
                .map(|f| (f, None))
                .collect(),
        };
        // The entries: after the listing in the file it was read from, or (the listing
        // never read, as for a command) from the whole file.
        let entries = cache
            .as_ref()
            .and_then(|cache| match rest {
                Some(rest) => rest.entries(cache),
                None if !listing_read => cache.read(),
                None => None,
            })
            .unwrap_or_default();
        let mut stored: HashMap<String, Entry> = entries
            .into_iter()
            .map(|e| (e.post.rel_path.to_string(), e))
            .collect();
        let work: Vec<(Found, Option<Entry>, Option<Parsed>)> = found
            .into_iter()
            .map(|(f, parsed)| {
                let old = stored.remove(&f.rel_path);
                (f, old, parsed)
            })
            .collect();
        let gone = stored.len();
        drop(stored);
        let total = work.len();
        let done = AtomicUsize::new(0);
        let templates = &config.link_templates;
        let waits = super::par::Waits::default();
        let loaded: Vec<(Arc<Post>, Option<FileKey>, bool)> =
            // The link targets parsed on each thread share a copy each (posts link to
            // the same posts), as those decoded from the cache do.
            // From a cold disk cache, more threads than cores read at once.
            super::par::map_owned_widening(work, &waits, SharedTargets::on_this_thread, |_, (found, old, parsed)| {
                let loaded = match parsed {
                    // Parsed whole by the scan, after the walk's start: fresher than
                    // any stored entry.
                    Some((post, key)) => (post, key, false),
                    None => load(&found, old, templates, since, &waits),
                };
                counted(&done, total, progress);
                loaded
            });
        let reused = loaded.iter().filter(|(_, _, r)| *r).count();
        let unchanged = reused == total && gone == 0;
        let (posts, mut keys): (Vec<Arc<Post>>, Vec<Option<FileKey>>) =
            loaded.into_iter().map(|(p, k, _)| (p, k)).unzip();
        if unchanged {
            // Nothing to store: the keys (7 MB at 100,000 posts) would only be held
            // through the index's build.
            keys = Vec::new();
        }
        let index = Index::from_shared(&root, config, posts.into());
        Ok((
            index,
            Fresh {
                cache,
                keys,
                reused,
                unchanged,
            },
        ))
    }
}

/// The listing of one post: from its head when that holds the front matter (and, for a
/// post without a title, a heading), else from the whole file.
fn quick_listing(f: &Found, waits: &super::par::Waits) -> Post {
    let start = Instant::now();
    let head = source::read_head(&f.path);
    waits.note(start.elapsed());
    let mut post = match head {
        Ok((head, false)) => {
            // The front matter must end within the head, and give a title or the head a
            // heading.
            let post = Post::listing_only(&f.rel_path, Ok(head));
            let unterminated =
                post.layout.front_matter == Some(front_matter::BlockState::Unterminated);
            let named =
                post.title.as_deref().is_some_and(|t| !t.is_empty()) || post.heading.is_some();
            if named && !unterminated {
                post
            } else {
                Post::listing_only(&f.rel_path, source::read(&f.path))
            }
        }
        head => Post::listing_only(&f.rel_path, head.map(|(text, _)| text)),
    };
    post.keep_os_path(&f.path);
    post
}

/// A file changed at or after this is not stored (see [`RACY_WINDOW`]); taken before any
/// file is stat'ed.
fn racy_since() -> SystemTime {
    SystemTime::now()
        .checked_sub(RACY_WINDOW)
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// Every post file of `root` (see [`discovery::discover_excluding`]).
fn walk(root: &Path, config: &SiteConfig) -> Result<Vec<Found>, IndexError> {
    discovery::discover_excluding(root, &config.exclude).map_err(|reason| IndexError::Root {
        path: root.to_owned(),
        reason,
    })
}

/// Count one more post done of `total`, telling `progress` now and then.
fn counted(done: &AtomicUsize, total: usize, progress: &(dyn Fn(usize, usize) + Sync)) {
    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
    if n.is_multiple_of(PROGRESS_EVERY) || n == total {
        progress(n, total);
    }
}

/// One post: the stored one when its file keys match, else parsed; with the key to store
/// (none when the file could not be stat'ed or changed too recently) and whether it was
/// reused.
fn load(
    found: &Found,
    old: Option<Entry>,
    templates: &super::link_templates::LinkTemplates,
    since: SystemTime,
    waits: &super::par::Waits,
) -> (Arc<Post>, Option<FileKey>, bool) {
    if let Some(entry) = old {
        let start = Instant::now();
        let key = std::fs::metadata(&found.path).ok().map(|m| FileKey::of(&m));
        waits.note(start.elapsed());
        if key.as_ref() == Some(&entry.key) {
            let mut post = entry.post;
            if found.path.to_str().is_none() {
                // Never shared yet (just decoded): no copy is made.
                Arc::make_mut(&mut post).keep_os_path(&found.path);
            }
            return (post, key, true);
        }
    }
    let (post, key) = parse_keyed(found, templates, since, waits);
    (Arc::new(post), key, false)
}

/// The post `found`, parsed, with the key of the file read (from the open file, before it
/// is read; none when it changed since `since`, or could not be read); the read noted in
/// `waits`.
fn parse_keyed(
    found: &Found,
    templates: &super::link_templates::LinkTemplates,
    since: SystemTime,
    waits: &super::par::Waits,
) -> (Post, Option<FileKey>) {
    let start = Instant::now();
    // Read here, not by `Post::load_with_metadata`, to time the read alone.
    let (meta, text) = source::read_with_metadata(&found.path);
    waits.note(start.elapsed());
    let post = Post::from_read(&found.path, &found.rel_path, text, templates);
    let key = meta.map(|m| FileKey::of(&m)).filter(|k| !k.racy(since));
    (post, key)
}

impl Fresh {
    /// Store the posts of `index` (the one [`Startup::finish`] built) in the cache, unless
    /// it holds them already (the common start-up: nothing changed since the last run;
    /// at 100,000 posts a write is 70 MB of memory and a quarter of a second).
    pub fn store(&self, index: &Index) -> std::io::Result<()> {
        let Some(cache) = &self.cache else {
            return Ok(());
        };
        if !self.unchanged {
            let entries: Vec<EntryRef<'_>> = index
                .posts
                .iter()
                .zip(&self.keys)
                .filter_map(|(post, key)| key.as_ref().map(|key| EntryRef { key, post }))
                .collect();
            cache.write(&entries)?;
        } else if cache.first_page_file().exists() {
            return Ok(());
        }
        // After the cache: a page is never newer than the cache it sits beside.
        cache.write_first_page(&FirstPage::of(index))
    }
}

/// The index of `root`, through the cache in `cache_dir` (stored again afterwards; a cache
/// that cannot be written only makes the next start slower).
pub fn build(root: &Path, cache_dir: Option<&Path>) -> Result<Index, IndexError> {
    let (index, fresh) = Startup::open(root, cache_dir)?.finish(&|_, _| {})?;
    // The cache is an optimisation: failing to write it loses nothing.
    let _ = fresh.store(&index);
    Ok(index)
}

/// A site of `n` posts for tests, `p0.md` …, each with a title and a date.
#[cfg(test)]
pub(crate) fn test_site(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let text = format!(
            "---\ntitle: Post {i}\ndate: 2024-01-01T00:00:{:02}Z\n---\n",
            i % 60
        );
        std::fs::write(dir.path().join(format!("p{i}.md")), text).unwrap();
    }
    dir
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::problem::ProblemKind;

    /// While the scan runs, the first page of the posts read so far is shown: a preview
    /// counting the posts read, its posts sorted by path; the listing of the whole walk is
    /// the same as without.
    #[test]
    fn a_scan_lists_the_posts_read_so_far() {
        let dir = test_site(40);
        let partials = Mutex::new(Vec::new());
        let record = |index: Index| {
            let read = index.totals.as_ref().expect("a preview").posts;
            assert_eq!(index.post_count(), read);
            assert!(index.posts.len() <= read);
            let paths: Vec<String> = index.posts.iter().map(|p| p.rel_path.to_string()).collect();
            partials.lock().unwrap().push(paths);
        };
        let mut startup = Startup::open(dir.path(), None).unwrap();
        let streamed = Streamed::with(5, 30, 0, 0);
        // A page is made of the posts read when it is made, which other walk threads may
        // have added to since it was due: up to the whole site.
        let Scanned::Listing(whole) = startup
            .scan_streamed(&|_, _| {}, Some(&record), &streamed)
            .unwrap()
        else {
            panic!("a listing");
        };
        let partials = partials.into_inner().unwrap();
        assert!(!partials.is_empty(), "no listing while the scan ran");
        for paths in &partials {
            assert!((5..=40).contains(&paths.len()), "{} posts", paths.len());
            assert!(paths.is_sorted(), "{paths:?}");
        }
        assert_eq!(whole.posts.len(), 40);
        let mut plain = Startup::open(dir.path(), None).unwrap();
        let alone = plain.scan_listing(&|_, _| {}, &|_| {}).unwrap().unwrap();
        let titles = |i: &Index| -> Vec<String> {
            i.posts
                .iter()
                .map(|p| p.display_title().to_owned())
                .collect()
        };
        assert_eq!(titles(&whole), titles(&alone));
    }

    /// A scan told to parse each post whole (as on a large site) reads each file once: it
    /// gives the site's first page (a preview: no problem but the front matter's), the
    /// full index is
    /// the one a plain build makes, and what the scan read is what the index and the
    /// cache keep, under the key of the file it read: a post changed after the scan read
    /// it is parsed again on the next start, not served stale.
    #[test]
    fn a_scan_that_parses_whole_gives_the_full_index() {
        let dir = test_site(150);
        let root = dir.path();
        let links = "---\ntitle: Links\n---\n# Links\n\n[one](/p1) [none](/nowhere) \u{1b}[31m\n";
        std::fs::write(root.join("links.md"), links).unwrap();
        std::fs::write(root.join("broken.md"), "---\ntitle: [open\n---\nbody\n").unwrap();
        std::thread::sleep(RACY_WINDOW * 2);
        let reference = Index::build(root).unwrap();
        let cache = tempfile::tempdir().unwrap();
        let mut startup = Startup::open(root, Some(cache.path())).unwrap();
        startup.parse_whole_from(0);
        let listing = startup.scan_listing(&|_, _| {}, &|_| {}).unwrap().unwrap();
        assert_eq!(
            listing.totals.as_ref().map(|t| t.posts),
            Some(152),
            "a first page"
        );
        let listed_problems: Vec<(String, ProblemKind)> = listing
            .posts
            .ids()
            .flat_map(|id| {
                let path = listing.posts[id].rel_path.to_string();
                listing
                    .problems(id)
                    .iter()
                    .map(move |p| (path.clone(), p.kind))
            })
            .collect();
        assert_eq!(
            listed_problems,
            [("broken.md".to_owned(), ProblemKind::FrontMatter)]
        );
        assert_eq!(startup.parsed_whole(), 152, "every post parsed by the scan");
        std::fs::write(
            root.join("p1.md"),
            "---\ntitle: Changed after the scan\n---\n",
        )
        .unwrap();
        let (index, fresh) = startup.finish(&|_, _| {}).unwrap();
        let summary = |index: &Index| -> Vec<String> {
            index
                .posts
                .ids()
                .map(|id| format!("{:?} {:?}", index.posts[id], index.problems(id)))
                .collect()
        };
        assert_eq!(summary(&index), summary(&reference));
        let controls = |id| {
            index
                .problems(id)
                .iter()
                .any(|p| p.kind == ProblemKind::ControlCharacters)
        };
        assert!(index.posts.ids().any(controls), "the body's checks ran");
        assert_eq!(fresh.reused, 0);
        fresh.store(&index).unwrap();
        let (next, again) = Startup::open(root, Some(cache.path()))
            .unwrap()
            .finish(&|_, _| {})
            .unwrap();
        assert_eq!(
            again.reused, 151,
            "all but the post changed since it was read"
        );
        let p1 = next.posts.iter().find(|p| &*p.rel_path == "p1.md").unwrap();
        assert_eq!(p1.title.as_deref(), Some("Changed after the scan"));
    }

    /// A small site (fewer posts than a page of them is worth) shows none early.
    #[test]
    fn a_small_scan_lists_nothing_early() {
        let dir = test_site(12);
        let shown = AtomicUsize::new(0);
        let mut startup = Startup::open(dir.path(), None).unwrap();
        let count = |_: Index| {
            shown.fetch_add(1, Ordering::Relaxed);
        };
        startup.scan_listing(&|_, _| {}, &count).unwrap();
        assert_eq!(shown.load(Ordering::Relaxed), 0);
    }

    /// A post whose file name is not valid UTF-8 is read from its own file whichever way
    /// it was indexed: its `rel_path` is only a readable stand-in for that name.
    #[cfg(unix)]
    #[test]
    fn a_post_named_in_another_encoding_is_found_on_disk() {
        use std::os::unix::ffi::OsStrExt;
        let dir = test_site(2);
        let text = "---\ntitle: Caf\u{e9}\n---\nLatin-1 name.\n";
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        std::fs::write(dir.path().join(name), text).unwrap();
        // Older than a write's racy window, so that the cache keeps them.
        std::thread::sleep(RACY_WINDOW * 2);
        let cache = tempfile::tempdir().unwrap();
        let read_back = |index: &Index| {
            let id = index
                .posts
                .ids()
                .find(|&id| index.posts[id].rel_path.starts_with("caf"))
                .expect("the post is indexed");
            std::fs::read_to_string(index.path_of(id)).expect("its own file")
        };
        let mut first = Startup::open(dir.path(), Some(cache.path())).unwrap();
        let listing = first.scan_listing(&|_, _| {}, &|_| {}).unwrap().unwrap();
        assert_eq!(read_back(&listing), text, "the quick listing");
        let page = FirstPage::of(&listing).into_index(dir.path(), listing.config.clone());
        assert_eq!(read_back(&page), text, "a page made of the quick listing");
        let (fresh, store) = first.finish(&|_, _| {}).unwrap();
        assert_eq!(read_back(&fresh), text, "parsed");
        store.store(&fresh).unwrap();
        let (cached, again) = Startup::open(dir.path(), Some(cache.path()))
            .unwrap()
            .finish(&|_, _| {})
            .unwrap();
        assert_eq!(again.reused, 3, "every post reused from the cache");
        assert_eq!(read_back(&cached), text, "reused from the cache");
    }
}
