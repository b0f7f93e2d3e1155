//! Re-indexing after posts were added, removed or moved on disk. Ids are positions in path
//! order, so they shift, and every per-post table is rebuilt with the new ids; but only the
//! links the change can affect are resolved again: the links of the new and changed posts,
//! every broken or unresolved (`site`) link, links to a removed post, and links to a post
//! that shares a name with a post that came or went (its slug, in any case, its file name,
//! its path without extension, its URL), since only those can now name another post. The
//! other links keep what they resolved to, under the new ids. No file but the new and
//! changed ones is read (the caller read them); a post's `image` is looked at only when it
//! is new or changed.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use super::index::{Index, image_exists, resolve_link, resolve_links};
use super::link_graph::Resolved;
use super::link_resolve::{LinkStatus, PostLookup, Resolver};
use super::post::{PerPost, Post, PostId};
use super::post_lookup::route_key;
use super::problem::ProblemKind;
use super::site_layout::url_key;

/// The names a post can be found by in the lookups, each tagged with its kind.
fn names(lookup: &PostLookup, id: PostId, post: &Post, lowercase_urls: bool) -> [String; 5] {
    let stem = Path::new(&*post.rel_path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let url = lookup.urls.get(id).map_or("", |u| &**u);
    [
        format!("slug:{}", post.slug),
        format!("folded:{}", post.slug.to_lowercase()),
        format!("stem:{stem}"),
        format!("route:{}", route_key(&post.rel_path)),
        format!("url:{}", url_key(url, lowercase_urls)),
    ]
}

impl Index {
    /// This index with `upserts` read again (added, or replacing the post at the same path)
    /// and the posts at the relative paths `removed` gone. A change in place (every post
    /// already indexed, at the same address) goes through [`Index::with_changed`]; a post
    /// added, removed or moved renumbers the posts and resolves again only the links it can
    /// affect (see the module's documentation).
    #[must_use]
    pub fn with_files(&self, upserts: Vec<Post>, removed: &[String]) -> Index {
        let same_address = |p: &Post| self.keeps_address(p);
        let removed: HashSet<&str> = removed
            .iter()
            .map(String::as_str)
            .filter(|rel| self.lookup.by_path.contains_key(*rel))
            .collect();
        if self.checked && removed.is_empty() && upserts.iter().all(same_address) {
            return self.with_changed(upserts);
        }
        let mut upserts: HashMap<String, Post> = upserts
            .into_iter()
            .filter(|p| !removed.contains(p.rel_path.as_ref()))
            .map(|p| (p.rel_path.to_string(), p))
            .collect();
        // Names that came or went: those of removed and moved posts (before) and of new
        // and moved posts (after).
        let lowercase = self.config.lowercase_urls;
        let mut gone_or_new: HashSet<String> = HashSet::new();
        let mut merged: Vec<(Arc<Post>, Option<PostId>, bool)> = Vec::new();
        for (id, old) in self.posts.enumerate() {
            if removed.contains(old.rel_path.as_ref()) {
                gone_or_new.extend(names(&self.lookup, id, old, lowercase));
            } else if let Some(new) = upserts.remove(&*old.rel_path) {
                if !same_address(&new) {
                    gone_or_new.extend(names(&self.lookup, id, old, lowercase));
                }
                merged.push((Arc::new(new), Some(id), true));
            } else {
                merged.push((Arc::clone(old), Some(id), false));
            }
        }
        merged.extend(upserts.into_values().map(|p| (Arc::new(p), None, true)));
        merged.sort_by(|a, b| a.0.rel_path.cmp(&b.0.rel_path));
        let posts: PerPost<Arc<Post>> = merged.iter().map(|(p, _, _)| Arc::clone(p)).collect();
        let lookup = PostLookup::build(&posts, &self.config);
        let mut new_of_old: PerPost<Option<PostId>> = vec![None; self.posts.len()].into();
        for (new, (_, old, _)) in merged.iter().enumerate() {
            if let Some(old) = old {
                new_of_old[*old] = Some(PostId::new(new));
            }
        }
        for (new, (post, old, fresh)) in merged.iter().enumerate() {
            let moved = old.is_none() || (*fresh && !same_address(post));
            if moved {
                gone_or_new.extend(names(&lookup, PostId::new(new), post, lowercase));
            }
        }
        // Posts whose links to them must be looked up again: they share a name with a
        // post that came or went.
        let touched: PerPost<bool> = self
            .posts
            .enumerate()
            .map(|(id, post)| {
                names(&self.lookup, id, post, lowercase)
                    .iter()
                    .any(|n| gone_or_new.contains(n))
            })
            .collect();
        let links = {
            let exists = |rel: &str| self.root.join(rel).exists();
            let resolver = Resolver {
                config: &self.config,
                lookup: &lookup,
                exists: &exists,
            };
            let per_post = super::par::map_indexed(&merged, |new, (post, old, fresh)| {
                let new = PostId::new(new);
                match old {
                    Some(old) if !fresh => {
                        self.carried_links(&resolver, new, post, *old, &new_of_old, &touched)
                    }
                    _ => resolve_links(&resolver, new, post),
                }
            });
            PerPost::from(per_post)
        };
        let root = self.root.clone();
        let media_dir = self.config.media_dir.clone();
        let image = |id: PostId, post: &Post| match merged.get(id.index()) {
            Some((_, Some(old), false)) if self.checked => Some(
                !self
                    .problems(*old)
                    .iter()
                    .any(|p| p.kind == ProblemKind::MissingImage),
            ),
            _ => image_exists(&root, media_dir.as_deref(), post),
        };
        Index::assemble(
            &self.root,
            self.config.clone(),
            posts,
            lookup,
            links,
            &image,
        )
    }

    /// The links of unchanged post `old` (now `new`) under the new ids: the ones the
    /// change can affect resolved again, the others carried over (shared when no id moved).
    fn carried_links(
        &self,
        resolver: &Resolver,
        new: PostId,
        post: &Post,
        old: PostId,
        new_of_old: &PerPost<Option<PostId>>,
        touched: &PerPost<bool>,
    ) -> Arc<[Resolved]> {
        let before = &self.links[old];
        let again = |l: &Resolved| match l.status() {
            LinkStatus::Broken | LinkStatus::Site => true,
            _ => l
                .post()
                .is_some_and(|p| touched[p] || new_of_old[p].is_none()),
        };
        let unmoved = |l: &Resolved| l.post().is_none_or(|p| new_of_old[p] == Some(p));
        // A listing resolved nothing yet: every link is looked up.
        if !self.checked || before.len() != post.links.len() {
            return resolve_links(resolver, new, post);
        }
        if new == old && before.iter().all(|l| !again(l) && unmoved(l)) {
            return Arc::clone(before);
        }
        before
            .iter()
            .zip(&post.links)
            .map(|(was, raw)| {
                if again(was) {
                    resolve_link(resolver, new, post, raw)
                } else {
                    was.naming(was.post().and_then(|p| new_of_old[p]))
                }
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "index_files_tests.rs"]
mod tests;
