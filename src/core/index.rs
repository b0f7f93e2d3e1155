//! The index of a content root: every post, its tags, its resolved links, its backlinks and
//! its problems. Built in parallel; nothing here touches a terminal.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::checks::site_checks::{self, Site, SiteFacts, Titles};
use super::discovery;
use super::link_graph::backlinks;
use super::link_resolve::{PostLookup, Resolver};
use super::post::{PerPost, Post, PostId};
use super::problem::{Messages, Problem};
use super::site_config::{ConfigError, SiteConfig};
use super::tags::{self, Tag};

/// A resolved link, and a post's (defined in `link_graph`, below the checks; named here for
/// callers).
pub use super::link_graph::{Link, Links, Resolved};

/// Why a folder could not be indexed at all.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// `folio.toml` is bad.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The folder cannot be read.
    #[error("cannot read folder {}: {reason}", path.display())]
    Root {
        /// The folder.
        path: PathBuf,
        /// The I/O error (part of the message, not a separate cause).
        reason: std::io::Error,
    },
}

/// Everything folio knows about one content root.
///
/// The per-post parts are shared (`Arc`): an index made from another by
/// [`Index::with_changed`] shares every post, link list and problem list that did not
/// change, so a re-index neither copies the site nor doubles its memory.
#[derive(Debug)]
pub struct Index {
    /// The content root as given.
    pub root: PathBuf,
    /// The site's settings.
    pub config: SiteConfig,
    /// Every post, sorted by relative path.
    pub posts: PerPost<Arc<Post>>,
    /// Slug, path and name lookups.
    pub lookup: Arc<PostLookup>,
    /// Every tag, most used first (hidden tags included; see [`Index::visible_tags`]).
    pub tags: Arc<Vec<Tag>>,
    /// What each post's links (its `links`, position by position) resolve to.
    pub(super) links: PerPost<Arc<[Resolved]>>,
    backlinks: PerPost<Arc<[PostId]>>,
    problems: PerPost<Arc<[Problem]>>,
    titles: Arc<Titles>,
    pub(super) descriptions_used: bool,
    /// Links are resolved and every check has run. `false` only for a listing (see
    /// [`Index::listing`]): posts, tags and lookups, no links, backlinks or problems yet.
    pub checked: bool,
    /// For a preview of the first page ([`Index::preview`]): the site's counts, of which
    /// these posts are the newest.
    pub totals: Option<Arc<Totals>>,
}

/// What an index gathers from its posts alone, no link needed.
struct Gathered {
    tags: Vec<Tag>,
    titles: Titles,
    descriptions_used: bool,
}

impl Gathered {
    fn of(posts: &PerPost<Arc<Post>>, config: &SiteConfig) -> Gathered {
        Gathered {
            tags: tags::collect(posts),
            titles: site_checks::titles(posts),
            descriptions_used: site_checks::descriptions_used(posts, config),
        }
    }
}

/// How many posts a site has, and how many carry each tag, where an index holds only
/// some of them (a preview).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Posts on the site.
    pub posts: usize,
    /// Per tag of the index (same order), the posts on the site carrying it.
    pub tags: Vec<usize>,
}

/// The key of [`Index::newest_first`]'s order for `post`: newest first, undated last,
/// then by title and path.
pub fn newest_key(post: &Post) -> NewestKey<'_> {
    let date = post
        .date
        .as_ref()
        .map(|d| (d.date, d.seconds, d.text.as_ref()));
    (
        std::cmp::Reverse(date),
        post.display_title(),
        post.rel_path.as_ref(),
    )
}

/// See [`newest_key`].
pub type NewestKey<'a> = (
    std::cmp::Reverse<Option<(chrono::NaiveDate, Option<u32>, &'a str)>>,
    &'a str,
    &'a str,
);

impl Index {
    /// Read `folio.toml` and every post under `root`, then resolve and check everything.
    pub fn build(root: &Path) -> Result<Index, IndexError> {
        if !root.is_dir() {
            return Err(IndexError::Root {
                path: root.to_owned(),
                reason: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
            });
        }
        let config = SiteConfig::load(root)?;
        let found = discovery::discover_excluding(root, &config.exclude).map_err(|reason| {
            IndexError::Root {
                path: root.to_owned(),
                reason,
            }
        })?;
        let templates = &config.link_templates;
        let posts: Vec<Post> =
            super::par::map_indexed(&found, |_, f| Post::load(&f.path, &f.rel_path, templates));
        Ok(Index::from_posts(root, config, posts))
    }

    /// Index already-loaded `posts` (sorted by relative path) for `root`.
    pub fn from_posts(root: &Path, config: SiteConfig, posts: Vec<Post>) -> Index {
        // Not `collect()`: it would reuse the posts' buffer (448 bytes a post) for the
        // pointers (8 bytes a post) and keep all of it, 45 MB at 100,000 posts.
        let mut shared = Vec::with_capacity(posts.len());
        shared.extend(posts.into_iter().map(Arc::new));
        Index::from_shared(root, config, shared.into())
    }

    /// Index `posts` (sorted by relative path) already shared with another index.
    pub fn from_shared(root: &Path, config: SiteConfig, posts: PerPost<Arc<Post>>) -> Index {
        // What needs no link (tags, title groups) is gathered beside the links' resolving.
        let ((lookup, links), gathered) = super::par::join(
            posts.len(),
            || {
                let lookup = PostLookup::build(&posts, &config);
                let exists = |rel: &str| root.join(rel).exists();
                let resolver = Resolver {
                    config: &config,
                    lookup: &lookup,
                    exists: &exists,
                };
                let links = PerPost::from(super::par::map_indexed(&posts, |id, post| {
                    resolve_links(&resolver, PostId::new(id), post)
                }));
                (lookup, links)
            },
            || Gathered::of(&posts, &config),
        );
        let media_dir = config.media_dir.clone();
        let image = |_: PostId, post: &Post| image_exists(root, media_dir.as_deref(), post);
        Index::assemble_gathered(root, config, posts, lookup, links, gathered, &image)
    }

    /// The index of `posts` whose lookups and resolved links are known: backlinks, tags,
    /// title groups and every problem. `image` says whether post `id`'s `image` exists.
    pub(super) fn assemble(
        root: &Path,
        config: SiteConfig,
        posts: PerPost<Arc<Post>>,
        lookup: PostLookup,
        links: PerPost<Arc<[Resolved]>>,
        image: &(dyn Fn(PostId, &Post) -> Option<bool> + Sync),
    ) -> Index {
        let gathered = Gathered::of(&posts, &config);
        Index::assemble_gathered(root, config, posts, lookup, links, gathered, image)
    }

    /// [`Index::assemble`], with what needs no link gathered already.
    fn assemble_gathered(
        root: &Path,
        config: SiteConfig,
        posts: PerPost<Arc<Post>>,
        lookup: PostLookup,
        links: PerPost<Arc<[Resolved]>>,
        gathered: Gathered,
        image: &(dyn Fn(PostId, &Post) -> Option<bool> + Sync),
    ) -> Index {
        let backlinks = backlinks(posts.len(), &links);
        let Gathered {
            tags,
            titles,
            descriptions_used,
        } = gathered;
        let mut index = Index {
            root: root.to_owned(),
            config,
            posts,
            lookup: Arc::new(lookup),
            tags: Arc::new(tags),
            links,
            backlinks,
            problems: PerPost::default(),
            titles: Arc::new(titles),
            descriptions_used,
            checked: true,
            totals: None,
        };
        let problems: Vec<Arc<[Problem]>> = {
            let site = index.site();
            let facts = SiteFacts::of(&site, index.descriptions_used);
            super::par::map_indexed_with(&index.posts, Messages::default, |messages, id, post| {
                let id = PostId::new(id);
                index.problems_of(&site, &facts, id, image(id, post), messages)
            })
        };
        index.problems = problems.into();
        index
    }

    /// A listing of `posts` (sorted by relative path): what the library needs to show
    /// them (titles, dates, tags, lookups) without resolving a link or running a check,
    /// for the first screen of a start-up from the index cache. Its links and backlinks
    /// are empty, its problems are those its posts hold (a listing post holds its front
    /// matter's only), and [`Index::checked`] is `false`; [`Index::checked_from`] (or a
    /// full build) completes it.
    pub fn listing(root: &Path, config: SiteConfig, posts: PerPost<Arc<Post>>) -> Index {
        // Only what listing posts needs: no link is resolved and no check runs here.
        let (lookup, tags) = super::par::join(
            posts.len(),
            || PostLookup::listing(&posts),
            || tags::collect(&posts),
        );
        let empty =
            |n: usize| -> PerPost<Arc<[Resolved]>> { vec![Arc::from(Vec::new()); n].into() };
        Index {
            root: root.to_owned(),
            links: empty(posts.len()),
            backlinks: vec![Arc::from(Vec::new()); posts.len()].into(),
            // A post's own front matter problem is known (see `Post::listing_only`); the
            // empty rest share one allocation.
            problems: {
                let none: Arc<[Problem]> = Arc::from(Vec::new());
                posts
                    .iter()
                    .map(|p| {
                        if p.problems.is_empty() {
                            Arc::clone(&none)
                        } else {
                            Arc::from(p.problems.as_slice())
                        }
                    })
                    .collect::<Vec<_>>()
                    .into()
            },
            tags: Arc::new(tags),
            titles: Arc::default(),
            descriptions_used: false,
            lookup: Arc::new(lookup),
            config,
            posts,
            checked: false,
            totals: None,
        }
    }

    /// A preview of the site's first page (kept beside the index cache, see `first_page`):
    /// a listing of `posts` (sorted by relative path) that holds every tag of the site
    /// (`site_tags`, most used first, with their counts on the site) and the site's post
    /// count `total`, for [`Index::totals`].
    pub fn preview(
        root: &Path,
        config: SiteConfig,
        posts: PerPost<Arc<Post>>,
        site_tags: Vec<(String, usize)>,
        total: usize,
    ) -> Index {
        let mut index = Index::listing(root, config, posts);
        // The listing's tags are the page's own: each site tag takes its posts here.
        let mut on_page: std::collections::HashMap<String, Vec<PostId>> =
            std::mem::take(Arc::make_mut(&mut index.tags))
                .into_iter()
                .map(|t| (t.name, t.posts))
                .collect();
        let (tags, counts): (Vec<Tag>, Vec<usize>) = site_tags
            .into_iter()
            .map(|(name, count)| {
                let posts = on_page.remove(&name).unwrap_or_default();
                (Tag { name, posts }, count)
            })
            .unzip();
        index.totals = Some(Arc::new(Totals {
            posts: total.max(index.posts.len()),
            tags: counts,
        }));
        index.tags = Arc::new(tags);
        index
    }

    /// How many posts the site has: those of the index, or a preview's total.
    pub fn post_count(&self) -> usize {
        self.totals.as_ref().map_or(self.posts.len(), |t| t.posts)
    }

    /// How many posts of the site carry tag `t` (an index into [`Index::tags`]).
    pub fn tag_count(&self, t: usize) -> usize {
        self.totals
            .as_ref()
            .and_then(|totals| totals.tags.get(t).copied())
            .unwrap_or_else(|| self.tags[t].count())
    }

    /// The checked index of a listing's posts (links resolved, every check run), sharing
    /// its posts.
    #[must_use]
    pub fn checked_from(listing: &Index) -> Index {
        Index::from_shared(&listing.root, listing.config.clone(), listing.posts.clone())
    }

    /// A copy sharing every part of this index (cheap: reference counts only).
    pub(super) fn shared_copy(&self) -> Index {
        Index {
            root: self.root.clone(),
            config: self.config.clone(),
            posts: self.posts.clone(),
            lookup: Arc::clone(&self.lookup),
            tags: Arc::clone(&self.tags),
            links: self.links.clone(),
            backlinks: self.backlinks.clone(),
            problems: self.problems.clone(),
            titles: Arc::clone(&self.titles),
            descriptions_used: self.descriptions_used,
            checked: self.checked,
            totals: self.totals.clone(),
        }
    }

    /// Move post `id` from the title group of `old` to that of `new` (when they differ);
    /// every post of either group is `affected` (its `duplicate-title` may change).
    pub(super) fn retitle(
        &mut self,
        id: PostId,
        old: &Post,
        new: &Post,
        affected: &mut std::collections::BTreeSet<PostId>,
    ) {
        let (before, after) = (site_checks::title_key(old), site_checks::title_key(new));
        // Equal keys are the same group; the same title too unless two titles share a
        // hash, when the group's posts are told all the same.
        let untitled = before.is_none() && after.is_none();
        if before == after && (untitled || site_checks::same_title(old, new)) {
            return;
        }
        let titles = Arc::make_mut(&mut self.titles);
        if let Some(key) = before
            && let Some(ids) = titles.get_mut(&key)
        {
            ids.remove(id);
            affected.extend(ids.iter().copied());
            if ids.is_empty() {
                titles.remove(&key);
            }
        }
        if let Some(key) = after {
            let ids = titles.entry(key).or_default();
            ids.insert_sorted(id);
            affected.extend(ids.iter().copied());
        }
    }

    /// Replace the backlinks of post `id`.
    pub(super) fn set_backlinks(&mut self, id: PostId, list: Vec<PostId>) {
        self.backlinks[id] = list.into();
    }

    /// Replace the problems of post `id`.
    pub(super) fn set_problems(&mut self, id: PostId, list: Arc<[Problem]>) {
        self.problems[id] = list;
    }

    /// The parts of this index the site checks read.
    pub(super) fn site(&self) -> Site<'_> {
        Site {
            posts: &self.posts,
            links: &self.links,
            backlinks: &self.backlinks,
            lookup: &self.lookup,
            tags: &self.tags,
            titles: &self.titles,
            config: &self.config,
        }
    }

    /// Every problem of post `id`: from reading it and from the site checks, with the
    /// site's `[checks]` levels applied, by line; equal messages shared through `messages`.
    pub(super) fn problems_of(
        &self,
        site: &Site,
        facts: &SiteFacts,
        id: PostId,
        image_exists: Option<bool>,
        messages: &mut Messages,
    ) -> Arc<[Problem]> {
        let mut list = self.posts[id].problems.clone();
        list.extend(site_checks::site_problems_of(site, facts, id, image_exists));
        self.config.checks.apply(&mut list);
        list.sort_by(|a, b| a.line.cmp(&b.line).then(b.level.cmp(&a.level)));
        messages.share(&mut list);
        list.into()
    }

    /// Every problem of post `id` (from reading it and from the whole-site checks), by line.
    pub fn problems(&self, id: PostId) -> &[Problem] {
        &self.problems[id]
    }

    /// The resolved links of post `id`, in document order.
    pub fn links(&self, id: PostId) -> Links<'_> {
        Links::new(&self.posts[id].links, &self.links[id])
    }

    /// The posts linking to post `id` (each once, in index order).
    pub fn backlinks(&self, id: PostId) -> &[PostId] {
        &self.backlinks[id]
    }

    /// Tags not hidden by `hide_tags`, most used first.
    pub fn visible_tags(&self) -> impl Iterator<Item = &Tag> {
        self.tags
            .iter()
            .filter(|t| !self.config.is_hidden_tag(&t.name))
    }

    /// Post ids, newest first; undated posts last; ties by title.
    pub fn newest_first(&self) -> Vec<PostId> {
        // The keys of `date_order`, gathered once: the sort compares them side by side
        // instead of visiting two posts per comparison (a third of a 100,000-post start-up).
        let mut keyed: Vec<_> = self
            .posts
            .enumerate()
            .map(|(id, p)| (newest_key(p), id))
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(.., id)| id).collect()
    }

    /// The order of [`Index::newest_first`] (see [`newest_key`]).
    pub fn date_order(&self, a: PostId, b: PostId) -> std::cmp::Ordering {
        let (pa, pb) = (&self.posts[a], &self.posts[b]);
        pb.date
            .cmp(&pa.date)
            .then_with(|| pa.display_title().cmp(pb.display_title()))
            .then_with(|| pa.rel_path.cmp(&pb.rel_path))
    }

    /// Find a post by slug, by path relative to the root, or by a path on disk.
    pub fn find(&self, query: &str) -> Option<PostId> {
        if let Some(ids) = self.lookup.by_slug.get(query) {
            return ids.first().copied();
        }
        let rel = query.trim_start_matches("./").replace('\\', "/");
        if let Some(id) = self.lookup.by_path.get(rel.as_str()) {
            return Some(*id);
        }
        let wanted = Path::new(query).canonicalize().ok()?;
        let root = self.root.canonicalize().ok()?;
        let rel = discovery::rel_path_string(wanted.strip_prefix(root).ok()?);
        self.lookup.by_path.get(rel.as_str()).copied()
    }

    /// The file of post `id` on disk (see [`Post::path_in`]).
    pub fn path_of(&self, id: PostId) -> PathBuf {
        self.posts[id].path_in(&self.root)
    }

    /// The URL path post `id` is served at.
    pub fn url(&self, id: PostId) -> &str {
        &self.lookup.urls[id]
    }

    /// Groups of two or more posts served at the same URL: (the URL, the posts).
    pub fn same_url_groups(&self) -> Vec<(&str, &[PostId])> {
        self.lookup.same_url_groups()
    }

    /// How many error-level problems there are in all posts.
    pub fn error_count(&self) -> usize {
        self.problems
            .iter()
            .flat_map(|list| list.iter())
            .filter(|p| p.level == super::problem::Level::Error)
            .count()
    }
}

/// The links of post `id`, resolved.
pub(super) fn resolve_links(resolver: &Resolver, id: PostId, post: &Post) -> Arc<[Resolved]> {
    post.links
        .iter()
        .map(|raw| resolve_link(resolver, id, post, raw))
        .collect()
}

/// One link `raw` of post `id`, resolved.
pub(super) fn resolve_link(
    resolver: &Resolver,
    id: PostId,
    post: &Post,
    raw: &super::links::RawLink,
) -> Resolved {
    Resolved::new(resolver.resolve(id, &post.rel_path, &raw.target))
}

/// Whether post's `image` file exists: root-relative paths are looked up in `media_dir`
/// (unknown without one), relative paths next to the post. `None` when it cannot tell.
pub fn image_exists(root: &Path, media_dir: Option<&Path>, post: &Post) -> Option<bool> {
    let image = post.image.as_deref()?.trim();
    if image.contains("://") || image.starts_with("//") || image.starts_with("data:") {
        return None;
    }
    let path = image.split(['?', '#']).next().unwrap_or(image);
    let decoded = super::percent::decode(path);
    let (base, rel) = if let Some(rel) = decoded.strip_prefix('/') {
        (media_dir?.to_owned(), rel.to_owned())
    } else {
        let dir = Path::new(&*post.rel_path).parent().unwrap_or(Path::new(""));
        (root.join(dir), decoded.clone())
    };
    // `..` or a second leading `/` (`/%2Fetc/x` decodes to `//etc/x`) would leave the root.
    if rel.starts_with('/') || rel.split(['/', '\\']).any(|part| part == "..") {
        return None;
    }
    Some(base.join(rel).is_file())
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
