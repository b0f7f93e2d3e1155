//! Site checks: problems that need every post and its resolved links — broken links,
//! missing images, duplicate slugs and titles, tag case, orphans — plus the per-post
//! checks that apply the site's `[checks]` numbers.
//!
//! Every check answers for one post ([`site_problems_of`]) from facts about the whole site
//! that are kept in the index (backlinks, URL and title groups, tags) or worked out once per
//! pass ([`SiteFacts`]), so that a re-index after one post changed re-checks only the posts
//! it affects. This module sits below `index`: it reads the pieces of an index through
//! [`Site`], never the `Index` itself, so the two do not import each other. No file access
//! of its own.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::super::link_graph::{Links, Resolved};
use super::super::link_resolve::{LinkStatus, PostLookup};
use super::super::post::{PerPost, Post, PostId};
use super::super::post_lookup::{Ids, Map};
use super::super::problem::{Problem, ProblemKind};
use super::super::site_config::SiteConfig;
use super::super::site_layout::url_key;
use super::super::tags::{self, Tag};

/// A hash of the lowercased title ([`title_key`]) → the posts with that title, in index
/// order (a group may hold another title of the same hash: [`same_title`] tells).
pub type Titles = Map<u64, Ids>;

/// The parts of an index the site checks read.
#[derive(Clone, Copy)]
pub struct Site<'a> {
    /// Every post, by id.
    pub posts: &'a PerPost<Arc<Post>>,
    /// What each post's links resolve to (see [`Site::links_of`]).
    pub links: &'a PerPost<Arc<[Resolved]>>,
    /// Each post's backlinks.
    pub backlinks: &'a PerPost<Arc<[PostId]>>,
    /// Slug, path and URL lookups.
    pub lookup: &'a PostLookup,
    /// Every tag.
    pub tags: &'a [Tag],
    /// Posts by lowercased title (see [`titles`]).
    pub titles: &'a Titles,
    /// The site's settings.
    pub config: &'a SiteConfig,
}

impl<'a> Site<'a> {
    /// The resolved links of post `id`, in document order.
    pub fn links_of(&self, id: PostId) -> Links<'a> {
        Links::new(&self.posts[id].links, &self.links[id])
    }
}

/// What the checks of one pass need from the whole site beyond [`Site`].
pub struct SiteFacts<'a> {
    /// Whether any post uses a description field (else `missing-description` is quiet).
    pub descriptions_used: bool,
    /// Tag → (the most used tag differing from it only in case, its count), for every tag
    /// that is not the most used of its case group.
    tag_variants: HashMap<&'a str, (&'a str, usize)>,
}

impl<'a> SiteFacts<'a> {
    /// The facts of `site`, given whether any post uses a description field.
    pub fn of(site: &Site<'a>, descriptions_used: bool) -> SiteFacts<'a> {
        let mut tag_variants = HashMap::new();
        for group in tags::case_variants(site.tags) {
            let main = group[0];
            for variant in &group[1..] {
                tag_variants.insert(variant.name.as_str(), (main.name.as_str(), main.count()));
            }
        }
        SiteFacts {
            descriptions_used,
            tag_variants,
        }
    }

    /// The posts that carry a tag differing only in case from a more used one.
    pub fn tag_variant_posts(&self, site: &Site) -> Vec<PostId> {
        site.tags
            .iter()
            .filter(|t| self.tag_variants.contains_key(t.name.as_str()))
            .flat_map(|t| t.posts.iter().copied())
            .collect()
    }
}

/// Whether any of `posts` has one of the configured description fields.
pub fn descriptions_used(posts: &[Arc<Post>], config: &SiteConfig) -> bool {
    posts.iter().any(|p| has_description(p, config))
}

/// Whether `post` has one of the configured description fields.
pub fn has_description(post: &Post, config: &SiteConfig) -> bool {
    config
        .checks
        .description_fields
        .iter()
        .any(|name| post.fields.names().any(|n| n == name))
}

/// The title a post is grouped by for `duplicate-title` (none when untitled).
fn group_title(post: &Post) -> Option<&str> {
    post.title.as_deref().filter(|t| !t.is_empty())
}

/// The key a post's title is grouped by for `duplicate-title`: a hash of it lowercased
/// (none when untitled), made without a copy for an ASCII title. Keyed so, the groups of
/// 100,000 posts take a third of the memory their lowercased titles did.
pub fn title_key(post: &Post) -> Option<u64> {
    use std::hash::{BuildHasher, Hasher};
    const PIECE: usize = 64;
    let title = group_title(post)?;
    let mut hasher = foldhash::fast::FixedState::default().build_hasher();
    // The bytes of the lowercased title, either way, written in the same 64-byte pieces
    // (a write a byte was most of the cost): `str::to_lowercase` for the rest (not char
    // by char: a word's final `Σ` is `ς`).
    if title.is_ascii() {
        let mut lower = [0u8; PIECE];
        for piece in title.as_bytes().chunks(PIECE) {
            for (to, from) in lower.iter_mut().zip(piece) {
                *to = from.to_ascii_lowercase();
            }
            hasher.write(&lower[..piece.len()]);
        }
    } else {
        for piece in title.to_lowercase().as_bytes().chunks(PIECE) {
            hasher.write(piece);
        }
    }
    Some(hasher.finish())
}

/// Whether posts `a` and `b` have the same title, lowercased (both titled).
pub fn same_title(a: &Post, b: &Post) -> bool {
    match (group_title(a), group_title(b)) {
        (Some(a), Some(b)) if a.is_ascii() && b.is_ascii() => a.eq_ignore_ascii_case(b),
        (Some(a), Some(b)) => a.to_lowercase() == b.to_lowercase(),
        _ => false,
    }
}

/// Every post by its title's key.
pub fn titles(posts: &PerPost<Arc<Post>>) -> Titles {
    let mut by_title = Titles::default();
    for (id, post) in posts.enumerate() {
        if let Some(key) = title_key(post) {
            by_title.entry(key).or_default().push(id);
        }
    }
    by_title
}

/// Every problem of post `id` that needs the whole site. `image_exists` says whether its
/// `image` file exists (`None` when it cannot tell).
pub fn site_problems_of(
    site: &Site,
    facts: &SiteFacts,
    id: PostId,
    image_exists: Option<bool>,
) -> Vec<Problem> {
    let post = &site.posts[id];
    let checks = &site.config.checks;
    let mut out = Vec::new();
    for link in site.links_of(id).filter(|l| l.status == LinkStatus::Broken) {
        let what = if link.image { "image" } else { "link" };
        let reason = link.reason.unwrap_or("does not resolve");
        out.push(Problem::new(
            ProblemKind::BrokenLink,
            link.line,
            format!("broken {what} `{}`: {reason}", link.as_written()),
        ));
    }
    if image_exists == Some(false) {
        out.push(Problem::new(
            ProblemKind::MissingImage,
            post.field_line("image").unwrap_or(2),
            format!(
                "image file `{}` does not exist",
                post.image.as_deref().unwrap_or_default()
            ),
        ));
    }
    out.extend(post.configured_problems(checks, facts.descriptions_used));
    if checks.is_on(ProblemKind::Orphan) && is_orphan(site, id) {
        out.push(Problem::new(
            ProblemKind::Orphan,
            1,
            "no other post links here (readers reach it only from lists and search)",
        ));
    }
    duplicates(site, id, &mut out);
    for tag in &post.tags {
        if let Some((main, count)) = facts.tag_variants.get(tag.as_str()) {
            out.push(Problem::new(
                ProblemKind::TagCase,
                post.field_line("tags").unwrap_or(2),
                format!("tag `{tag}` differs only in case from `{main}` ({count} posts)"),
            ));
        }
    }
    out
}

/// Whether the orphan check leaves `post` alone: the site's home or a section's list page
/// (`index.md` at the root, any Hugo `_index.md`), a draft, an unreadable file, or a dated
/// post — a blog's date archive and feed already reach every dated post, so on a blog
/// "no other post links here" would name most posts; undated pages (docs, notes) are
/// reached only through links, and those are the orphans an editor needs to see.
fn exempt_from_orphan(post: &Post) -> bool {
    let path = Path::new(&*post.rel_path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str());
    let at_root = !post.rel_path.contains('/');
    stem == Some("_index")
        || (at_root && stem == Some("index"))
        || post.is_draft()
        || !post.readable
        || post.date.is_some()
}

/// No other post links to `id` (with one post there is nothing that could).
fn is_orphan(site: &Site, id: PostId) -> bool {
    site.posts.len() >= 2 && site.backlinks[id].is_empty() && !exempt_from_orphan(&site.posts[id])
}

/// `duplicate-slug` (another post is served at the same URL, its section's permalink,
/// dates and `{path}` applied) and `duplicate-title` for post `id`.
fn duplicates(site: &Site, id: PostId, out: &mut Vec<Problem>) {
    let url = &site.lookup.urls[id];
    let same_url = site
        .lookup
        .by_url
        .get(&*url_key(url, site.config.lowercase_urls))
        .filter(|ids| ids.len() > 1);
    if let Some(ids) = same_url {
        let shown = &site.lookup.urls[ids[0]];
        out.push(Problem::new(
            ProblemKind::DuplicateSlug,
            1,
            format!(
                "served at the same URL `{shown}` as {}",
                other_paths(site, ids, id)
            ),
        ));
    }
    let post = &site.posts[id];
    let same_title: Vec<PostId> = title_key(post)
        .and_then(|key| site.titles.get(&key))
        .filter(|ids| ids.len() > 1)
        .map(|ids| {
            ids.iter()
                .copied()
                .filter(|&other| same_title(post, &site.posts[other]))
                .collect()
        })
        .unwrap_or_default();
    if same_title.len() > 1 {
        let ids = &same_title;
        out.push(Problem::new(
            ProblemKind::DuplicateTitle,
            post.field_line("title").unwrap_or(2),
            format!(
                "title \"{}\" is also used by {}",
                post.display_title(),
                other_paths(site, ids, id)
            ),
        ));
    }
}

fn other_paths(site: &Site, ids: &[PostId], me: PostId) -> String {
    ids.iter()
        .filter(|&&other| other != me)
        .map(|&other| site.posts[other].rel_path.as_ref())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
#[path = "site_checks_tests.rs"]
mod tests;
