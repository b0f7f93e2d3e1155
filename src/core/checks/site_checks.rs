//! Site checks: problems that need every post and its resolved links — broken links,
//! missing images, duplicate slugs and titles, tag case, orphans — plus the per-post
//! checks that apply the site's `[checks]` numbers.
//!
//! This module sits below `index`: it reads the pieces of an index through [`Site`], never
//! the `Index` itself, so the two do not import each other. No file access of its own.

use std::collections::HashMap;
use std::path::Path;

use super::super::link_graph::Link;
use super::super::link_resolve::{LinkStatus, PostLookup};
use super::super::post::{PerPost, Post, PostId};
use super::super::problem::{Problem, ProblemKind};
use super::super::site_config::SiteConfig;
use super::super::tags::{self, Tag};

/// The parts of an index the site checks read.
#[derive(Clone, Copy)]
pub struct Site<'a> {
    /// Every post, by id.
    pub posts: &'a PerPost<Post>,
    /// Each post's resolved links.
    pub links: &'a PerPost<Vec<Link>>,
    /// Each post's backlinks.
    pub backlinks: &'a PerPost<Vec<PostId>>,
    /// Slug and path lookups.
    pub lookup: &'a PostLookup,
    /// Every tag.
    pub tags: &'a [Tag],
    /// The site's settings.
    pub config: &'a SiteConfig,
}

/// Every problem that needs the whole site, by post. `image_exists` answers whether a
/// post's `image` file exists (`None` when it cannot tell).
pub fn site_problems(
    site: &Site,
    image_exists: &(dyn Fn(&Post) -> Option<bool> + Sync),
) -> Vec<(PostId, Problem)> {
    let checks = &site.config.checks;
    let mut out = Vec::new();
    let descriptions_used = site.posts.iter().any(|p| {
        checks
            .description_fields
            .iter()
            .any(|name| p.fields.get(name).is_some())
    });
    for (id, post) in site.posts.enumerate() {
        for link in site.links[id]
            .iter()
            .filter(|l| l.status == LinkStatus::Broken)
        {
            let what = if link.image { "image" } else { "link" };
            let reason = link.reason.as_deref().unwrap_or("does not resolve");
            out.push((
                id,
                Problem::new(
                    ProblemKind::BrokenLink,
                    link.line,
                    format!("broken {what} `{}`: {reason}", link.as_written()),
                ),
            ));
        }
        if image_exists(post) == Some(false) {
            out.push((
                id,
                Problem::new(
                    ProblemKind::MissingImage,
                    post.field_lines.image.unwrap_or(2),
                    format!(
                        "image file `{}` does not exist",
                        post.image.as_deref().unwrap_or_default()
                    ),
                ),
            ));
        }
        for problem in post.configured_problems(checks, descriptions_used) {
            out.push((id, problem));
        }
    }
    if checks.is_on(ProblemKind::Orphan) {
        orphans(site, &mut out);
    }
    duplicates(site, &mut out);
    tag_case(site, &mut out);
    out
}

/// Whether the orphan check leaves `post` alone: the site's home or a section's list page
/// (`index.md` at the root, any Hugo `_index.md`), a draft, an unreadable file, or a dated
/// post — a blog's date archive and feed already reach every dated post, so on a blog
/// "no other post links here" would name most posts; undated pages (docs, notes) are
/// reached only through links, and those are the orphans an editor needs to see.
fn exempt_from_orphan(post: &Post) -> bool {
    let path = Path::new(&post.rel_path);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str());
    let at_root = !post.rel_path.contains('/');
    stem == Some("_index")
        || (at_root && stem == Some("index"))
        || post.is_draft()
        || !post.readable
        || post.date.is_some()
}

fn orphans(site: &Site, out: &mut Vec<(PostId, Problem)>) {
    // With one post there is nothing that could link to it.
    if site.posts.len() < 2 {
        return;
    }
    for (id, post) in site.posts.enumerate() {
        if site.backlinks[id].is_empty() && !exempt_from_orphan(post) {
            out.push((
                id,
                Problem::new(
                    ProblemKind::Orphan,
                    1,
                    "no other post links here (readers reach it only from lists and search)",
                ),
            ));
        }
    }
}

fn duplicates(site: &Site, out: &mut Vec<(PostId, Problem)>) {
    // Two posts collide only when they are served at the same URL (their section's
    // permalink, dates and `{path}` applied).
    for (url, ids) in site.lookup.same_url_groups() {
        for &id in ids {
            let others = other_paths(site, ids, id);
            out.push((
                id,
                Problem::new(
                    ProblemKind::DuplicateSlug,
                    1,
                    format!("served at the same URL `{url}` as {others}"),
                ),
            ));
        }
    }
    let mut by_title: HashMap<String, Vec<PostId>> = HashMap::new();
    for (id, post) in site.posts.enumerate() {
        if let Some(title) = post.title.as_deref().filter(|t| !t.is_empty()) {
            by_title.entry(title.to_lowercase()).or_default().push(id);
        }
    }
    for ids in by_title.values().filter(|ids| ids.len() > 1) {
        for &id in ids {
            let post = &site.posts[id];
            out.push((
                id,
                Problem::new(
                    ProblemKind::DuplicateTitle,
                    post.field_lines.title.unwrap_or(2),
                    format!(
                        "title \"{}\" is also used by {}",
                        post.display_title(),
                        other_paths(site, ids, id)
                    ),
                ),
            ));
        }
    }
}

fn other_paths(site: &Site, ids: &[PostId], me: PostId) -> String {
    ids.iter()
        .filter(|&&other| other != me)
        .map(|&other| site.posts[other].rel_path.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn tag_case(site: &Site, out: &mut Vec<(PostId, Problem)>) {
    for group in tags::case_variants(site.tags) {
        let main = group[0];
        for variant in &group[1..] {
            for &id in &variant.posts {
                out.push((
                    id,
                    Problem::new(
                        ProblemKind::TagCase,
                        site.posts[id].field_lines.tags.unwrap_or(2),
                        format!(
                            "tag `{}` differs only in case from `{}` ({} posts)",
                            variant.name,
                            main.name,
                            main.count()
                        ),
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
#[path = "site_checks_tests.rs"]
mod tests;
