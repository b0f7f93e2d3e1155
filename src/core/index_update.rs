//! Re-indexing after posts changed on disk, without redoing the site: a changed post is
//! parsed again (by the caller), its links resolved again, and only the posts it affects
//! are checked again — itself, the posts whose backlinks it changed, the posts sharing its
//! old or new title, and, when tags changed, the posts with case-variant tags. Everything
//! else is shared with the old index. Adding, removing or moving a post (which renumbers
//! posts and changes which links resolve) rebuilds from the posts in memory instead.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::checks::site_checks::{self, SiteFacts};
use super::index::{Index, image_exists, resolve_links};
use super::link_graph::Resolved;
use super::link_resolve::Resolver;
use super::post::{Post, PostId};
use super::problem::{Messages, ProblemKind};
use super::tags;

impl Index {
    /// This index with `changed` posts read again. When every one is already indexed at the
    /// same path with the same address (slug, date and own URL, so every link elsewhere
    /// still resolves as before), only the changed posts' links are resolved again, their
    /// backlinks updated and the posts they affect checked again; only their `image`
    /// files are looked at. Otherwise (a post added or moved, or this index a listing) it
    /// goes through [`Index::with_files`]. No file but the changed ones is read.
    #[must_use]
    pub fn with_changed(&self, changed: Vec<Post>) -> Index {
        if !self.checked || !changed.iter().all(|p| self.keeps_address(p)) {
            // Not a change in place: with_files takes the other path (it comes back here
            // only for a checked index whose posts all keep their address).
            return self.with_files(changed, &[]);
        }
        let mut next = self.shared_copy();
        let mut affected = BTreeSet::new();
        let mut touched = BTreeSet::new();
        let mut tags_changed = false;
        let mut description_dropped = false;
        for post in changed {
            let id = self.lookup.by_path[post.rel_path.as_ref()];
            let old = Arc::clone(&self.posts[id]);
            let links = {
                let exists = |rel: &str| self.root.join(rel).exists();
                let resolver = Resolver {
                    config: &self.config,
                    lookup: &self.lookup,
                    exists: &exists,
                };
                resolve_links(&resolver, id, &post)
            };
            next.relink(id, &links, &mut affected);
            next.links[id] = links;
            next.retitle(id, &old, &post, &mut affected);
            tags_changed |= old.tags != post.tags;
            let had = site_checks::has_description(&old, &self.config);
            let has = site_checks::has_description(&post, &self.config);
            next.descriptions_used |= has;
            description_dropped |= had && !has;
            next.posts[id] = Arc::new(post);
            affected.insert(id);
            touched.insert(id);
        }
        if description_dropped {
            next.descriptions_used = site_checks::descriptions_used(&next.posts, &next.config);
        }
        if next.descriptions_used != self.descriptions_used {
            // `missing-description` is quiet on a site that uses no description field.
            affected.extend(next.posts.ids());
        }
        if tags_changed {
            let old_site = self.site();
            affected.extend(SiteFacts::of(&old_site, false).tag_variant_posts(&old_site));
            next.tags = Arc::new(tags::collect(&next.posts));
            let site = next.site();
            affected.extend(SiteFacts::of(&site, false).tag_variant_posts(&site));
        }
        let media_dir = next.config.media_dir.as_deref();
        let fresh: Vec<_> = {
            let site = next.site();
            let facts = SiteFacts::of(&site, next.descriptions_used);
            let mut messages = Messages::default();
            affected
                .iter()
                .map(|&id| {
                    // Unchanged posts keep what the last build found about their image.
                    let image = if touched.contains(&id) {
                        image_exists(&next.root, media_dir, &next.posts[id])
                    } else {
                        Some(
                            !self
                                .problems(id)
                                .iter()
                                .any(|p| p.kind == ProblemKind::MissingImage),
                        )
                    };
                    (
                        id,
                        next.problems_of(&site, &facts, id, image, &mut messages),
                    )
                })
                .collect()
        };
        for (id, problems) in fresh {
            next.set_problems(id, problems);
        }
        next
    }

    /// Whether `post` is indexed at its path already, with the same slug, date and own URL:
    /// every link elsewhere then resolves as before.
    pub(super) fn keeps_address(&self, post: &Post) -> bool {
        self.lookup
            .by_path
            .get(post.rel_path.as_ref())
            .is_some_and(|&id| {
                let old = &self.posts[id];
                old.slug == post.slug && old.date == post.date && old.own_url == post.own_url
            })
    }

    /// This index with `post` added, or replacing the post at the same path (see
    /// [`Index::with_files`]).
    #[must_use]
    pub fn with_post(&self, post: Post) -> Index {
        self.with_files(vec![post], &[])
    }

    /// Give post `id` the backlinks its new `links` imply: it leaves the backlinks of the
    /// posts it no longer links to and joins (in id order) those of the posts it now links
    /// to; each of those posts is `affected` (its orphan state may change).
    fn relink(&mut self, id: PostId, links: &[Resolved], affected: &mut BTreeSet<PostId>) {
        let targets = |links: &[Resolved]| -> BTreeSet<PostId> {
            links
                .iter()
                .filter_map(Resolved::post)
                .filter(|&t| t != id)
                .collect()
        };
        let before = targets(&self.links[id]);
        let after = targets(links);
        for &t in before.difference(&after) {
            let kept: Vec<PostId> = self
                .backlinks(t)
                .iter()
                .copied()
                .filter(|&f| f != id)
                .collect();
            self.set_backlinks(t, kept);
            affected.insert(t);
        }
        for &t in after.difference(&before) {
            let mut list = self.backlinks(t).to_vec();
            let at = list.partition_point(|&f| f < id);
            list.insert(at, id);
            self.set_backlinks(t, list);
            affected.insert(t);
        }
    }
}

#[cfg(test)]
#[path = "index_update_tests.rs"]
pub(super) mod tests;
