//! The ways a link can name a post — by slug, by file path, by file name, by URL — built
//! once per index. Each post's URL comes from its section's permalink (or the top-level
//! one), with `{path}` and `lowercase_urls` applied.
//!
//! Pure: works on posts already read.

use std::path::Path;
use std::sync::OnceLock;

use super::post::{PerPost, Post, PostId};
use super::site_config::SiteConfig;
use super::site_layout::{path_value, url_key};

/// The lowercased route of a content path (see [`PostLookup::by_folded_route`]): a
/// `.md` / `.markdown` extension and a final `index` / `_index` are dropped.
pub fn route_key(path: &str) -> String {
    let lower = path.to_lowercase();
    let route = lower
        .strip_suffix(".md")
        .or_else(|| lower.strip_suffix(".markdown"))
        .unwrap_or(&lower);
    let (dir, last) = route.rsplit_once('/').unwrap_or(("", route));
    if last == "index" || last == "_index" {
        dir.to_owned()
    } else {
        route.to_owned()
    }
}

/// The file name of `rel_path` without its extension (`2016-01-02-name`).
fn stem(rel_path: &str) -> Box<str> {
    Path::new(rel_path)
        .file_stem()
        .map(|s| s.to_string_lossy().into())
        .unwrap_or_default()
}

/// A hash map keyed by text folio makes from posts, with a fast hasher (foldhash, seeded
/// per process): the lookups hold several keys per post and are rebuilt when posts come
/// or go, so the cost of the standard `SipHash` shows at 100,000 posts.
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A post's date as (year, month, day).
pub type Ymd = (i32, u32, u32);

/// The posts under one key of a lookup, in post order: nearly always one, kept without an
/// allocation of its own (a site has several keys a post), in the 24 bytes a `Vec` takes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Ids {
    /// None yet (only while a key is being filled).
    #[default]
    None,
    /// One post.
    One(PostId),
    /// Two or more (a collision; or many, as the stem `index` of every Hugo page bundle).
    Many(Vec<PostId>),
}

impl Ids {
    /// Add post `id` (after those there).
    pub fn push(&mut self, id: PostId) {
        match self {
            Ids::None => *self = Ids::One(id),
            Ids::One(first) => *self = Ids::Many(vec![*first, id]),
            Ids::Many(ids) => ids.push(id),
        }
    }

    /// Take post `id` out, if it is there.
    pub fn remove(&mut self, id: PostId) {
        if self.contains(&id) {
            *self = self.iter().copied().filter(|&other| other != id).collect();
        }
    }

    /// Put post `id` in, in post order (the posts there are in order).
    pub fn insert_sorted(&mut self, id: PostId) {
        let at = self.partition_point(|&other| other < id);
        let mut ids = self.to_vec();
        ids.insert(at, id);
        *self = ids.into_iter().collect();
    }

    /// The posts, in post order.
    pub fn as_slice(&self) -> &[PostId] {
        match self {
            Ids::None => &[],
            Ids::One(id) => std::slice::from_ref(id),
            Ids::Many(ids) => ids,
        }
    }
}

impl FromIterator<PostId> for Ids {
    fn from_iter<I: IntoIterator<Item = PostId>>(iter: I) -> Ids {
        let mut ids = Ids::None;
        for id in iter {
            ids.push(id);
        }
        ids
    }
}

impl std::ops::Deref for Ids {
    type Target = [PostId];

    fn deref(&self) -> &[PostId] {
        self.as_slice()
    }
}

/// The post's date as (year, month, day).
fn ymd(post: &Post) -> Option<Ymd> {
    use chrono::Datelike;
    post.date
        .as_ref()
        .map(|d| (d.date.year(), d.date.month(), d.date.day()))
}

/// What one post contributes to the lookups, made without touching the maps.
struct Derived {
    slug: Box<str>,
    /// The lowercased slug, when it differs from the slug.
    folded_slug: Option<Box<str>>,
    rel_path: Box<str>,
    date: Option<Ymd>,
    section: Option<usize>,
    url: Box<str>,
    url_key: Box<str>,
}

impl Derived {
    fn new(
        rel_path: &str,
        slug: &str,
        own_url: Option<&str>,
        date: Option<Ymd>,
        config: &SiteConfig,
    ) -> Derived {
        let section = config.sections.iter().position(|s| s.holds(rel_path));
        let (folder, permalink) = match section {
            Some(i) => (
                config.sections[i].path.as_str(),
                &config.sections[i].permalink,
            ),
            None => ("", &config.permalink),
        };
        let mut url = match own_url {
            Some(own) => own.to_owned(),
            None => permalink.url_with(slug, &path_value(folder, rel_path), date),
        };
        if config.lowercase_urls {
            url = url.to_lowercase();
        }
        // Most slugs are lowercase already: no copy to find that out.
        let lowercase = slug
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase());
        let folded_slug = (!lowercase)
            .then(|| slug.to_lowercase())
            .filter(|folded| folded != slug);
        Derived {
            date,
            folded_slug: folded_slug.map(String::into_boxed_str),
            slug: slug.into(),
            rel_path: rel_path.into(),
            section,
            url_key: url_key(&url, config.lowercase_urls).into(),
            url: url.into(),
        }
    }
}

/// Posts [`PostLookup::build`] derives at a time: what it derives waits only for its batch
/// to be inserted (at 100,000 posts, all of it at once was 11 MB beside the maps).
const BATCH: usize = 8192;

/// The ways a link can name a post.
#[derive(Clone, Debug, Default)]
pub struct PostLookup {
    /// Slug → posts (more than one when slugs collide).
    pub by_slug: Map<Box<str>, Ids>,
    /// Relative path (`a/b.md`) → post.
    pub by_path: Map<Box<str>, PostId>,
    /// Lowercased route → post: see [`PostLookup::by_folded_route`] (made when first
    /// asked for).
    routes: OnceLock<Map<Box<str>, PostId>>,
    /// File name without extension → posts: see [`PostLookup::by_stem`] (made when first
    /// asked for).
    stems: OnceLock<Map<Box<str>, Ids>>,
    /// Lowercased slug → a slug as written that is not lowercase, to suggest the right
    /// case in messages (see [`PostLookup::slug_folded_as`]).
    by_folded_slug: Map<Box<str>, Box<str>>,
    /// Each post's date as (year, month, day), by post id.
    pub dates: PerPost<Option<Ymd>>,
    /// Each post's URL path as the site serves it, by post id.
    pub urls: PerPost<Box<str>>,
    /// URL key (see [`url_key`]) → posts served there (more than one is a collision).
    pub by_url: Map<Box<str>, Ids>,
    /// The section (index into `SiteConfig::sections`) of each post, `None` for top-level.
    pub sections: PerPost<Option<usize>>,
}

impl PostLookup {
    /// The lookups for `posts` (post id = position) under `config`. The per-post strings
    /// (URL, keys) are made in parallel; the maps are filled in post order, the paths and
    /// slugs beside the URLs.
    pub fn build(posts: &[std::sync::Arc<Post>], config: &SiteConfig) -> PostLookup {
        let mut lookup = PostLookup::with_capacity(posts.len());
        let mut ids = PostId::all(posts.len());
        for batch in posts.chunks(BATCH) {
            let derived: Vec<Derived> = super::par::map_indexed(batch, |_, post| {
                let date = ymd(post);
                let own = post.own_url.as_deref();
                Derived::new(&post.rel_path, &post.slug, own, date, config)
            });
            // The batch first: `zip` asks its first iterator first, and an id taken
            // after the batch ran out would be lost.
            let batch: Vec<(PostId, Derived)> = derived
                .into_iter()
                .zip(ids.by_ref())
                .map(|(derived, id)| (id, derived))
                .collect();
            lookup.insert_batch(batch);
        }
        lookup
    }

    /// Add each post of `batch` (in post order, after those there) to the maps, the paths
    /// and slugs beside the URLs.
    fn insert_batch(&mut self, batch: Vec<(PostId, Derived)>) {
        type Named = (PostId, Box<str>, Box<str>, Option<Box<str>>);
        type Served = (PostId, Box<str>, Box<str>, Option<Ymd>, Option<usize>);
        let (named, served): (Vec<Named>, Vec<Served>) = batch
            .into_iter()
            .map(|(id, d)| {
                (
                    (id, d.rel_path, d.slug, d.folded_slug),
                    (id, d.url_key, d.url, d.date, d.section),
                )
            })
            .unzip();
        let named_count = named.len();
        let PostLookup {
            by_slug,
            by_path,
            routes,
            stems,
            by_folded_slug,
            by_url,
            dates,
            urls,
            sections,
        } = self;
        let name = || {
            for (id, rel_path, slug, folded) in named {
                if let Some(routes) = routes.get_mut() {
                    routes.entry(route_key(&rel_path).into()).or_insert(id);
                }
                if let Some(stems) = stems.get_mut() {
                    stems.entry(stem(&rel_path)).or_default().push(id);
                }
                by_path.insert(rel_path, id);
                if let Some(folded) = folded {
                    by_folded_slug.entry(folded).or_insert_with(|| slug.clone());
                }
                by_slug.entry(slug).or_default().push(id);
            }
        };
        let serve = || {
            for (id, url_key, url, date, section) in served {
                dates.push(date);
                by_url.entry(url_key).or_default().push(id);
                urls.push(url);
                sections.push(section);
            }
        };
        super::par::join(named_count, name, serve);
    }

    /// The lookups a listing of the index needs: posts by path
    /// and by slug, and their dates. No link is resolved on a listing, so the maps for
    /// that (routes, stems, URLs) stay empty and each post's URL is empty.
    pub fn listing(posts: &[std::sync::Arc<Post>]) -> PostLookup {
        let mut lookup = PostLookup::with_capacity(0);
        lookup.by_path.reserve(posts.len());
        lookup.by_slug.reserve(posts.len());
        for (id, post) in PostId::all(posts.len()).zip(posts) {
            lookup.by_path.insert(post.rel_path.as_ref().into(), id);
            lookup
                .by_slug
                .entry(post.slug.as_ref().into())
                .or_default()
                .push(id);
        }
        // Collected at their size: grown by pushes, they would touch twice the memory.
        lookup.dates = posts.iter().map(|p| ymd(p)).collect::<Vec<_>>().into();
        lookup.urls = vec![Box::default(); posts.len()].into();
        lookup.sections = vec![None; posts.len()].into();
        lookup
    }

    /// Add the post `id` (ids must come in order from 0) at `rel_path` (for tests: the
    /// index adds posts in batches, see `insert_batch`).
    #[cfg(test)]
    pub fn add(
        &mut self,
        id: PostId,
        rel_path: &str,
        slug: &str,
        date: Option<Ymd>,
        config: &SiteConfig,
    ) {
        let derived = Derived::new(rel_path, slug, None, date, config);
        self.insert_batch(vec![(id, derived)]);
    }

    /// Empty lookups with room for `n` posts.
    fn with_capacity(n: usize) -> PostLookup {
        fn map<K, V>(n: usize) -> Map<K, V> {
            Map::with_capacity_and_hasher(n, foldhash::fast::RandomState::default())
        }
        PostLookup {
            by_slug: map(n),
            by_path: map(n),
            routes: OnceLock::new(),
            stems: OnceLock::new(),
            // Only slugs that are not lowercase: few, if any.
            by_folded_slug: Map::default(),
            by_url: map(n),
            dates: Vec::with_capacity(n).into(),
            urls: Vec::with_capacity(n).into(),
            sections: Vec::with_capacity(n).into(),
        }
    }

    /// Lowercased route → post (the first in path order): the relative path without the
    /// markdown extension, `index.md` / `_index.md` standing for its folder
    /// (`docs/a.md` → `docs/a`, `docs/_index.md` → `docs`); see [`route_key`]. Only
    /// template references (Hugo's `ref`) look posts up so: made from `by_path` the first
    /// time one does, not for every site.
    pub fn by_folded_route(&self) -> &Map<Box<str>, PostId> {
        self.routes.get_or_init(|| {
            let mut routes = Map::default();
            for (id, rel_path) in self.paths_in_order() {
                routes.entry(route_key(rel_path).into()).or_insert(id);
            }
            routes
        })
    }

    /// File name without extension (`2016-01-02-name`) → posts, in post order. Only
    /// template references (Jekyll's `post_url`, Hugo's `ref` by name) look posts up so:
    /// made from `by_path` the first time one does.
    pub fn by_stem(&self) -> &Map<Box<str>, Ids> {
        self.stems.get_or_init(|| {
            let mut stems: Map<Box<str>, Ids> = Map::default();
            for (id, rel_path) in self.paths_in_order() {
                stems.entry(stem(rel_path)).or_default().push(id);
            }
            stems
        })
    }

    /// Every post's relative path, in post order.
    fn paths_in_order(&self) -> Vec<(PostId, &str)> {
        let mut paths: Vec<(PostId, &str)> =
            self.by_path.iter().map(|(p, &id)| (id, &**p)).collect();
        paths.sort_unstable();
        paths
    }

    /// A slug as written whose lowercase is `folded` (a slug that is lowercase already,
    /// else one that differs from it only in case), to suggest the right case in messages.
    pub fn slug_folded_as(&self, folded: &str) -> Option<&str> {
        match self.by_slug.get_key_value(folded) {
            Some((slug, _)) => Some(slug),
            None => self.by_folded_slug.get(folded).map(|s| &**s),
        }
    }

    /// Groups of two or more posts served at the same URL, each group in post order,
    /// the groups sorted by URL.
    pub fn same_url_groups(&self) -> Vec<(&str, &[PostId])> {
        let mut groups: Vec<(&str, &[PostId])> = self
            .by_url
            .values()
            .filter(|ids| ids.len() > 1)
            .map(|ids| (&*self.urls[ids[0]], ids.as_slice()))
            .collect();
        groups.sort_unstable();
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn post(rel_path: &str, slug: &str) -> Arc<Post> {
        Arc::new(Post {
            rel_path: rel_path.into(),
            slug: slug.into(),
            ..Post::default()
        })
    }

    #[test]
    fn ids_keep_posts_in_order_without_an_allocation_for_one() {
        let mut ids = Ids::default();
        assert!(ids.is_empty());
        ids.push(PostId::new(4));
        assert_eq!(ids, Ids::One(PostId::new(4)));
        ids.push(PostId::new(7));
        ids.push(PostId::new(9));
        assert_eq!(*ids, [PostId::new(4), PostId::new(7), PostId::new(9)]);
        assert!(std::mem::size_of::<Ids>() <= 24);
        ids.remove(PostId::new(7));
        assert_eq!(*ids, [PostId::new(4), PostId::new(9)]);
        ids.insert_sorted(PostId::new(5));
        assert_eq!(*ids, [PostId::new(4), PostId::new(5), PostId::new(9)]);
        ids.remove(PostId::new(4));
        ids.remove(PostId::new(9));
        assert_eq!(ids, Ids::One(PostId::new(5)));
        ids.remove(PostId::new(5));
        assert!(ids.is_empty());
        // Many under one key (the stem `index` of page bundles) grow as a Vec does.
        let mut many = Ids::default();
        for i in 0..100_000 {
            many.push(PostId::new(i));
        }
        assert_eq!((many.len(), many[99_999]), (100_000, PostId::new(99_999)));
    }

    /// The maps only template references need are made when first asked for, in post
    /// order, and kept up to date by posts added after that.
    #[test]
    fn stems_and_routes_are_made_when_asked_and_follow_additions() {
        let posts = [
            post("2016-01-02-hello.md", "hello"),
            post("docs/_index.md", "docs"),
            post("docs/index.md", "docs-too"),
            post("x/2016-01-02-hello.md", "hello-again"),
        ];
        let config = SiteConfig::default();
        let mut lookup = PostLookup::build(&posts, &config);
        assert!(lookup.stems.get().is_none() && lookup.routes.get().is_none());
        assert_eq!(
            *lookup.by_stem()["2016-01-02-hello"],
            [PostId::new(0), PostId::new(3)]
        );
        // Two files stand for `docs`: the first in path order.
        assert_eq!(lookup.by_folded_route()["docs"], PostId::new(1));
        lookup.add(
            PostId::new(4),
            "y/2016-01-02-hello.md",
            "third",
            None,
            &config,
        );
        assert_eq!(lookup.by_stem()["2016-01-02-hello"].len(), 3);
        assert_eq!(
            lookup.by_folded_route()["y/2016-01-02-hello"],
            PostId::new(4)
        );
    }

    /// The case hint: a lowercase slug is its own fold; another is found by its fold.
    #[test]
    fn slug_folded_as_finds_a_slug_by_its_lowercase() {
        let posts = [
            post("a.md", "MarTech"),
            post("b.md", "plain"),
            post("c.md", "Plain"),
        ];
        let lookup = PostLookup::build(&posts, &SiteConfig::default());
        assert_eq!(lookup.slug_folded_as("martech"), Some("MarTech"));
        assert_eq!(lookup.slug_folded_as("plain"), Some("plain"));
        assert_eq!(lookup.slug_folded_as("other"), None);
        assert_eq!(*lookup.by_slug["plain"], [PostId::new(1)]);
        assert_eq!(lookup.by_path["c.md"], PostId::new(2));
    }

    /// Built batch by batch, every post is under its own id, the last batch's too.
    #[test]
    fn build_over_several_batches_keeps_every_post() {
        let n = 2 * BATCH + 3;
        let posts: Vec<Arc<Post>> = (0..n)
            .map(|i| post(&format!("p{i}.md"), &format!("p{i}")))
            .collect();
        let lookup = PostLookup::build(&posts, &SiteConfig::default());
        assert_eq!(lookup.urls.len(), n);
        assert_eq!(lookup.dates.len(), n);
        for (i, id) in PostId::all(n).enumerate() {
            assert_eq!(lookup.by_path.get(format!("p{i}.md").as_str()), Some(&id));
            assert_eq!(lookup.by_slug[format!("p{i}").as_str()].as_slice(), [id]);
            assert!(
                lookup.urls[id].contains(&format!("p{i}")),
                "{}",
                lookup.urls[id]
            );
        }
    }
}
