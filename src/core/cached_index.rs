//! Building the index of a content root with the [`index_cache`]: read the config and the
//! cache (an index of what the last run saw can be shown at once), then walk, stat, reuse
//! the stored posts whose file keys still match, parse only the rest, and build the index
//! as [`Index::build`] does. The cache is written after the index is handed over.
//!
//! Owns the order of start-up work; does not parse posts, resolve links or draw.
//!
//! [`index_cache`]: super::index_cache

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use super::discovery::{self, Found};
use super::index::{Index, IndexError};
use super::index_cache::{Entry, EntryRef, FileKey, IndexCache, RACY_WINDOW};
use super::post::{Post, PostId};
use super::site_config::SiteConfig;

/// Progress is reported every this many posts.
const PROGRESS_EVERY: usize = 512;

/// A start-up in progress: the config and the cached posts, before the walk.
#[derive(Debug)]
pub struct Startup {
    root: PathBuf,
    config: SiteConfig,
    cache: Option<IndexCache>,
    cached: Vec<Entry>,
    /// The cached posts were moved into the early index (see [`Startup::early_index`]).
    lent: bool,
}

/// Where a post that may be reused is.
enum Stored {
    /// In the cache's entry.
    Owned(Box<Entry>),
    /// In the early index, at this position, with its file key.
    Lent(usize, FileKey),
}

/// What is needed to store the cache once the fresh index has been handed over.
#[derive(Debug)]
pub struct Fresh {
    cache: Option<IndexCache>,
    /// Per post of the index, its file key, or `None` when it must not be stored.
    keys: Vec<Option<FileKey>>,
    /// How many posts were taken from the cache.
    pub reused: usize,
}

impl Startup {
    /// Read `folio.toml` and the cache of `root` in `cache_dir` (no cache: `None`, or a
    /// cache that cannot be used). Neither walks the folder nor reads a post.
    pub fn open(root: &Path, cache_dir: Option<&Path>) -> Result<Startup, IndexError> {
        if !root.is_dir() {
            return Err(IndexError::Root {
                path: root.to_owned(),
                reason: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
            });
        }
        // The cache's key is taken before the config is read: a config that changes in
        // between gives posts stored under the old key, which the next run discards.
        let cache = cache_dir.and_then(|dir| IndexCache::for_root(dir, root).ok());
        let config = SiteConfig::load(root)?;
        let cached = cache
            .as_ref()
            .and_then(IndexCache::read)
            .unwrap_or_default();
        Ok(Startup {
            root: root.to_owned(),
            config,
            cache,
            cached,
            lent: false,
        })
    }

    /// How many posts the cache holds.
    pub fn cached_len(&self) -> usize {
        self.cached.len()
    }

    /// A listing of the cached posts alone (what the last run saw; see [`Index::listing`]:
    /// no link resolved, no check run), to show while the walk runs; `None` when there is
    /// no cache. The posts move into it (no copy on the way to
    /// the first list): pass it to [`Startup::finish`] so they can still be reused.
    pub fn early_index(&mut self) -> Option<Index> {
        if self.cached.is_empty() || self.lent {
            return None;
        }
        let posts: Vec<Post> = self
            .cached
            .iter_mut()
            .map(|e| {
                let post = std::mem::take(&mut e.post);
                e.post.rel_path.clone_from(&post.rel_path);
                let path = self.root.join(&post.rel_path);
                with_path(post, path)
            })
            .collect();
        self.lent = true;
        let posts = posts.into_iter().map(Arc::new).collect();
        Some(Index::listing(&self.root, self.config.clone(), posts))
    }

    /// Walk the folder, reuse or parse every post, and build the index; `progress` hears
    /// `(done, total)` now and then, from worker threads. `early` is the index
    /// [`Startup::early_index`] made, if it was called (without it, every post is parsed).
    pub fn finish(
        self,
        early: Option<&Index>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<(Index, Fresh), IndexError> {
        let Startup {
            root,
            config,
            cache,
            cached,
            lent,
        } = self;
        let since = SystemTime::now()
            .checked_sub(RACY_WINDOW)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let found = discovery::discover_excluding(&root, &config.exclude).map_err(|reason| {
            IndexError::Root {
                path: root.clone(),
                reason,
            }
        })?;
        let mut stored: HashMap<String, Stored> = cached
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let rel = e.post.rel_path.clone();
                (
                    rel,
                    if lent {
                        Stored::Lent(i, e.key)
                    } else {
                        Stored::Owned(Box::new(e))
                    },
                )
            })
            .collect();
        let work: Vec<(Found, Option<Stored>)> = found
            .into_iter()
            .map(|f| {
                let old = stored.remove(&f.rel_path);
                (f, old)
            })
            .collect();
        drop(stored);
        let total = work.len();
        let done = AtomicUsize::new(0);
        let templates = &config.link_templates;
        let loaded: Vec<(Arc<Post>, Option<FileKey>, bool)> =
            super::par::map_owned(work, |(found, old)| {
                let loaded = load(&found, old, early, templates, since);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if n.is_multiple_of(PROGRESS_EVERY) || n == total {
                    progress(n, total);
                }
                loaded
            });
        let reused = loaded.iter().filter(|(_, _, r)| *r).count();
        let (posts, keys): (Vec<Arc<Post>>, Vec<Option<FileKey>>) =
            loaded.into_iter().map(|(p, k, _)| (p, k)).unzip();
        let index = match early {
            Some(early) if same_files(early, &posts) => updated(early, &posts),
            _ => Index::from_shared(&root, config, posts.into()),
        };
        Ok((
            index,
            Fresh {
                cache,
                keys,
                reused,
            },
        ))
    }
}

/// One post: the stored one when its file keys match, else parsed; with the key to store
/// (none when the file could not be stat'ed or changed too recently) and whether it was
/// reused.
fn load(
    found: &Found,
    old: Option<Stored>,
    early: Option<&Index>,
    templates: &super::link_templates::LinkTemplates,
    since: SystemTime,
) -> (Arc<Post>, Option<FileKey>, bool) {
    let key = std::fs::metadata(&found.path).ok().map(|m| FileKey::of(&m));
    let reused = match (old, key) {
        (Some(Stored::Owned(entry)), Some(key)) if entry.key == key => {
            Some(Arc::new(with_path(entry.post, found.path.clone())))
        }
        // The early index's post is shared, not copied (it has the same path).
        (Some(Stored::Lent(i, was)), Some(key)) if was == key => early
            .and_then(|e| e.posts.get(PostId::new(i)))
            .filter(|p| p.rel_path == found.rel_path && p.path == found.path)
            .map(Arc::clone),
        _ => None,
    };
    if let Some(post) = reused {
        return (post, key, true);
    }
    let post = Post::load(&found.path, &found.rel_path, templates);
    (Arc::new(post), key.filter(|k| !k.racy(since)), false)
}

/// Whether `posts` are the files of `early`, in the same order.
fn same_files(early: &Index, posts: &[Arc<Post>]) -> bool {
    early.posts.len() == posts.len()
        && early
            .posts
            .iter()
            .zip(posts)
            .all(|(a, b)| a.rel_path == b.rel_path)
}

/// The early index brought up to date with `posts` (the same files): itself, shared (or
/// checked, when it is a listing), when every post was reused from it; else updated with
/// the posts parsed again.
fn updated(early: &Index, posts: &[Arc<Post>]) -> Index {
    let changed: Vec<Post> = early
        .posts
        .iter()
        .zip(posts)
        .filter(|(a, b)| !Arc::ptr_eq(a, b))
        .map(|(_, b)| Post::clone(b))
        .collect();
    match (changed.is_empty(), early.checked) {
        (true, true) => early.shared_copy(),
        (true, false) => Index::checked_from(early),
        (false, _) => early.with_changed(changed),
    }
}

fn with_path(mut post: Post, path: PathBuf) -> Post {
    post.path = path;
    post
}

impl Fresh {
    /// Store the posts of `index` (the one [`Startup::finish`] built) in the cache.
    pub fn store(&self, index: &Index) -> std::io::Result<()> {
        let Some(cache) = &self.cache else {
            return Ok(());
        };
        let entries: Vec<EntryRef<'_>> = index
            .posts
            .iter()
            .zip(&self.keys)
            .filter_map(|(post, key)| key.map(|key| EntryRef { key, post }))
            .collect();
        cache.write(&entries)
    }
}

/// The index of `root`, through the cache in `cache_dir` (stored again afterwards; a cache
/// that cannot be written only makes the next start slower).
pub fn build(root: &Path, cache_dir: Option<&Path>) -> Result<Index, IndexError> {
    let (index, fresh) = Startup::open(root, cache_dir)?.finish(None, &|_, _| {})?;
    // The cache is an optimisation: failing to write it loses nothing.
    let _ = fresh.store(&index);
    Ok(index)
}
