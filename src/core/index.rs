//! The index of a content root: every post, its tags, its resolved links, its backlinks and
//! its problems. Built in parallel; nothing here touches a terminal.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::discovery;
use super::link_resolve::{LinkStatus, PostLookup, Resolver};
use super::lint;
use super::post::{Post, PostId};
use super::site_config::{ConfigError, SiteConfig};
use super::tags::{self, Tag};

/// A link of a post, resolved against the whole index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (template links already rewritten).
    pub target: String,
    /// 1-based line in the file.
    pub line: usize,
    /// An image rather than a link.
    pub image: bool,
    /// What it points at.
    pub status: LinkStatus,
    /// The post it names, when `status` is ok.
    pub post: Option<PostId>,
    /// The `#fragment`, if any.
    pub fragment: Option<String>,
    /// Why a broken link is broken.
    pub reason: Option<String>,
}

/// Why a folder could not be indexed at all.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// `folio.toml` is bad.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The folder cannot be read.
    #[error("cannot read folder {}: {source}", path.display())]
    Root {
        /// The folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Everything folio knows about one content root.
#[derive(Debug)]
pub struct Index {
    /// The content root as given.
    pub root: PathBuf,
    /// The site's settings.
    pub config: SiteConfig,
    /// Every post, sorted by relative path.
    pub posts: Vec<Post>,
    /// Slug, path and name lookups.
    pub lookup: PostLookup,
    /// Every tag, most used first (hidden tags included; see [`Index::visible_tags`]).
    pub tags: Vec<Tag>,
    links: Vec<Vec<Link>>,
    backlinks: Vec<Vec<PostId>>,
}

impl Index {
    /// Read `folio.toml` and every post under `root`, then resolve and check everything.
    pub fn build(root: &Path) -> Result<Index, IndexError> {
        if !root.is_dir() {
            return Err(IndexError::Root {
                path: root.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
            });
        }
        let config = SiteConfig::load(root)?;
        let found = discovery::discover(root).map_err(|source| IndexError::Root {
            path: root.to_owned(),
            source,
        })?;
        let templates = &config.link_templates;
        let posts: Vec<Post> = found
            .par_iter()
            .map(|f| Post::load(&f.path, &f.rel_path, templates))
            .collect();
        Ok(Index::from_posts(root, config, posts))
    }

    /// Index already-loaded `posts` (sorted by relative path) for `root`.
    pub fn from_posts(root: &Path, config: SiteConfig, posts: Vec<Post>) -> Index {
        let lookup = build_lookup(&posts);
        let exists = |rel: &str| root.join(rel).exists();
        let resolver = Resolver {
            config: &config,
            lookup: &lookup,
            exists: &exists,
        };
        let links: Vec<Vec<Link>> = posts
            .par_iter()
            .enumerate()
            .map(|(id, post)| {
                post.links
                    .iter()
                    .map(|raw| {
                        let r = resolver.resolve(id, &post.rel_path, &raw.target);
                        Link {
                            target: raw.target.clone(),
                            line: raw.line,
                            image: raw.image,
                            status: r.status,
                            post: r.post,
                            fragment: r.fragment,
                            reason: r.reason,
                        }
                    })
                    .collect()
            })
            .collect();
        let backlinks = backlinks(posts.len(), &links);
        let tags = tags::collect(&posts);
        let mut index = Index {
            root: root.to_owned(),
            config,
            posts,
            lookup,
            tags,
            links,
            backlinks,
        };
        let image_exists =
            |post: &Post| image_exists(root, index.config.media_dir.as_deref(), post);
        let found = lint::index_problems(&index, &image_exists);
        for (id, problem) in found {
            index.posts[id].problems.push(problem);
        }
        for post in &mut index.posts {
            post.problems
                .sort_by(|a, b| a.line.cmp(&b.line).then(b.level.cmp(&a.level)));
        }
        index
    }

    /// The resolved links of post `id`, in document order.
    pub fn links(&self, id: PostId) -> &[Link] {
        &self.links[id]
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
        let mut ids: Vec<PostId> = (0..self.posts.len()).collect();
        ids.sort_by(|&a, &b| {
            let (pa, pb) = (&self.posts[a], &self.posts[b]);
            pb.date
                .cmp(&pa.date)
                .then_with(|| pa.display_title().cmp(pb.display_title()))
                .then_with(|| pa.rel_path.cmp(&pb.rel_path))
        });
        ids
    }

    /// Find a post by slug, by path relative to the root, or by a path on disk.
    pub fn find(&self, query: &str) -> Option<PostId> {
        if let Some(ids) = self.lookup.by_slug.get(query) {
            return ids.first().copied();
        }
        let rel = query.trim_start_matches("./").replace('\\', "/");
        if let Some(id) = self.lookup.by_path.get(&rel) {
            return Some(*id);
        }
        let wanted = Path::new(query).canonicalize().ok()?;
        self.posts
            .iter()
            .position(|p| p.path.canonicalize().is_ok_and(|c| c == wanted))
    }

    /// How many error-level problems there are in all posts.
    pub fn error_count(&self) -> usize {
        self.posts
            .iter()
            .flat_map(|p| &p.problems)
            .filter(|p| p.level == super::problem::Level::Error)
            .count()
    }
}

fn build_lookup(posts: &[Post]) -> PostLookup {
    let mut lookup = PostLookup::default();
    for (id, post) in posts.iter().enumerate() {
        lookup
            .by_slug
            .entry(post.slug.clone())
            .or_default()
            .push(id);
        lookup.by_path.insert(post.rel_path.clone(), id);
        let stem = Path::new(&post.rel_path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        lookup.by_stem.entry(stem).or_insert(id);
        lookup
            .by_folded_slug
            .entry(post.slug.to_lowercase())
            .or_insert_with(|| post.slug.clone());
        lookup.dates.push(post.date.as_ref().map(|d| {
            use chrono::Datelike;
            (d.date.year(), d.date.month(), d.date.day())
        }));
    }
    lookup
}

fn backlinks(count: usize, links: &[Vec<Link>]) -> Vec<Vec<PostId>> {
    let mut back = vec![Vec::new(); count];
    for (from, post_links) in links.iter().enumerate() {
        for to in post_links.iter().filter_map(|l| l.post) {
            if to != from && back[to].last() != Some(&from) {
                back[to].push(from);
            }
        }
    }
    back
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
        let dir = Path::new(&post.rel_path).parent().unwrap_or(Path::new(""));
        (root.join(dir), decoded.clone())
    };
    if rel.split(['/', '\\']).any(|part| part == "..") {
        return None;
    }
    Some(base.join(rel).is_file())
}
