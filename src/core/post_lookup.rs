//! The ways a link can name a post — by slug, by file path, by file name, by URL — built
//! once per index. Each post's URL comes from its section's permalink (or the top-level
//! one), with `{path}` and `lowercase_urls` applied.
//!
//! Pure: works on posts already read.

use std::path::Path;

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

/// A hash map keyed by text folio makes from posts, with a fast hasher (foldhash, seeded
/// per process): the lookups hold several keys per post and are rebuilt when posts come
/// or go, so the cost of the standard `SipHash` shows at 100,000 posts.
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A post's date as (year, month, day).
pub type Ymd = (i32, u32, u32);

/// The post's date as (year, month, day).
fn ymd(post: &Post) -> Option<Ymd> {
    use chrono::Datelike;
    post.date
        .as_ref()
        .map(|d| (d.date.year(), d.date.month(), d.date.day()))
}

/// What one post contributes to the lookups, made without touching the maps.
struct Derived {
    slug: String,
    folded_slug: String,
    rel_path: String,
    date: Option<Ymd>,
    stem: String,
    route: String,
    section: Option<usize>,
    url: String,
    url_key: String,
}

impl Derived {
    fn new(
        rel_path: &str,
        slug: &str,
        own_url: Option<&str>,
        date: Option<Ymd>,
        config: &SiteConfig,
    ) -> Derived {
        let stem = Path::new(rel_path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
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
        Derived {
            date,
            stem,
            slug: slug.to_owned(),
            folded_slug: slug.to_lowercase(),
            rel_path: rel_path.to_owned(),
            route: route_key(rel_path),
            section,
            url_key: url_key(&url, config.lowercase_urls),
            url,
        }
    }
}

/// The ways a link can name a post.
#[derive(Clone, Debug, Default)]
pub struct PostLookup {
    /// Slug → posts (more than one when slugs collide).
    pub by_slug: Map<String, Vec<PostId>>,
    /// Relative path (`a/b.md`) → post.
    pub by_path: Map<String, PostId>,
    /// Lowercased route → post (the first in path order): the relative path without the
    /// markdown extension, `index.md` / `_index.md` standing for its folder
    /// (`docs/a.md` → `docs/a`, `docs/_index.md` → `docs`); see [`route_key`].
    pub by_folded_route: Map<String, PostId>,
    /// File name without extension (`2016-01-02-name`) → posts.
    pub by_stem: Map<String, Vec<PostId>>,
    /// Lowercased slug → a slug as written, to suggest the right case in messages.
    pub by_folded_slug: Map<String, String>,
    /// Each post's date as (year, month, day), by post id.
    pub dates: PerPost<Option<Ymd>>,
    /// Each post's URL path as the site serves it, by post id.
    pub urls: PerPost<String>,
    /// URL key (see [`url_key`]) → posts served there (more than one is a collision).
    pub by_url: Map<String, Vec<PostId>>,
    /// The section (index into `SiteConfig::sections`) of each post, `None` for top-level.
    pub sections: PerPost<Option<usize>>,
}

impl PostLookup {
    /// The lookups for `posts` (post id = position) under `config`. The per-post strings
    /// (URL, keys) are made in parallel; the maps are filled in post order.
    pub fn build(posts: &[std::sync::Arc<Post>], config: &SiteConfig) -> PostLookup {
        let derived: Vec<Derived> = super::par::map_indexed(posts, |_, post| {
            let date = ymd(post);
            let own = post.own_url.as_deref();
            Derived::new(&post.rel_path, &post.slug, own, date, config)
        });
        let mut lookup = PostLookup::with_capacity(posts.len());
        for (id, derived) in PostId::all(posts.len()).zip(derived) {
            lookup.insert(id, derived);
        }
        lookup
    }

    /// The lookups a listing of the index needs: posts by path
    /// and by slug, and their dates. No link is resolved on a listing, so the maps for
    /// that (routes, stems, URLs) stay empty and each post's URL is empty.
    pub fn listing(posts: &[std::sync::Arc<Post>]) -> PostLookup {
        let mut lookup = PostLookup::with_capacity(0);
        lookup.by_path.reserve(posts.len());
        lookup.by_slug.reserve(posts.len());
        for (id, post) in PostId::all(posts.len()).zip(posts) {
            lookup.by_path.insert(post.rel_path.clone(), id);
            lookup
                .by_slug
                .entry(post.slug.clone())
                .or_default()
                .push(id);
        }
        // Collected at their size: grown by pushes, they would touch twice the memory.
        lookup.dates = posts.iter().map(|p| ymd(p)).collect::<Vec<_>>().into();
        lookup.urls = vec![String::new(); posts.len()].into();
        lookup.sections = vec![None; posts.len()].into();
        lookup
    }

    /// Add the post `id` (ids must come in order from 0) at `rel_path`.
    pub fn add(
        &mut self,
        id: PostId,
        rel_path: &str,
        slug: &str,
        date: Option<Ymd>,
        config: &SiteConfig,
    ) {
        let derived = Derived::new(rel_path, slug, None, date, config);
        self.insert(id, derived);
    }

    /// Empty lookups with room for `n` posts.
    fn with_capacity(n: usize) -> PostLookup {
        fn map<K, V>(n: usize) -> Map<K, V> {
            Map::with_capacity_and_hasher(n, foldhash::fast::RandomState::default())
        }
        PostLookup {
            by_slug: map(n),
            by_path: map(n),
            by_folded_route: map(n),
            by_stem: map(n),
            by_folded_slug: map(n),
            by_url: map(n),
            dates: Vec::with_capacity(n).into(),
            urls: Vec::with_capacity(n).into(),
            sections: Vec::with_capacity(n).into(),
        }
    }

    fn insert(&mut self, id: PostId, derived: Derived) {
        self.by_path.insert(derived.rel_path, id);
        self.by_folded_route.entry(derived.route).or_insert(id);
        self.by_stem.entry(derived.stem).or_default().push(id);
        self.by_folded_slug
            .entry(derived.folded_slug)
            .or_insert_with(|| derived.slug.clone());
        self.by_slug.entry(derived.slug).or_default().push(id);
        self.dates.push(derived.date);
        self.by_url.entry(derived.url_key).or_default().push(id);
        self.urls.push(derived.url);
        self.sections.push(derived.section);
    }

    /// Groups of two or more posts served at the same URL, each group in post order,
    /// the groups sorted by URL.
    pub fn same_url_groups(&self) -> Vec<(&str, &[PostId])> {
        let mut groups: Vec<(&str, &[PostId])> = self
            .by_url
            .values()
            .filter(|ids| ids.len() > 1)
            .map(|ids| (self.urls[ids[0]].as_str(), ids.as_slice()))
            .collect();
        groups.sort_unstable();
        groups
    }
}
