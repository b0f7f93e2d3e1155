//! Precomputed post orders for browsing: every post and every tag's posts, by date and by
//! title, so that choosing a tag or a sort order costs nothing on a key press.

use std::sync::Arc;

use super::index::Index;
use super::post::{PerPost, PostId};
use super::problem_summary::ProblemSummary;

/// A shared list of post ids.
pub type PostList = Arc<[PostId]>;

/// One way of ordering posts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PostOrder {
    /// Newest first; undated last.
    #[default]
    Date,
    /// By title, A to Z.
    Title,
}

/// Every list the library can show, built once per index.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    all_by_date: PostList,
    all_by_title: PostList,
    tags_by_date: Vec<PostList>,
    tags_by_title: Vec<PostList>,
    /// Indexes into `Index::tags` of tags not hidden, most used first.
    pub tags_by_count: Arc<[usize]>,
    /// The same tags by name, A to Z (case-insensitive).
    pub tags_by_name: Arc<[usize]>,
    /// What each post is found by when filtering: its title and slug.
    pub filter_keys: Arc<[Box<str>]>,
    /// The site's problems: counts and the order to walk them in.
    pub problems: ProblemSummary,
}

impl Catalog {
    /// Build every order for `index`. Linear in the number of tag uses after two sorts.
    pub fn build(index: &Index) -> Catalog {
        let all_by_date = index.newest_first();
        let mut all_by_title: Vec<PostId> = index.posts.ids().collect();
        all_by_title.sort_by_cached_key(|&id| {
            let title = index.posts[id].display_title();
            (title.to_lowercase(), title.to_owned(), id)
        });
        let rank = |order: &[PostId]| {
            let mut rank: PerPost<usize> = vec![0; order.len()].into();
            for (pos, &id) in order.iter().enumerate() {
                rank[id] = pos;
            }
            rank
        };
        let (date_rank, title_rank) = (rank(&all_by_date), rank(&all_by_title));
        let ordered = |posts: &[PostId], rank: &PerPost<usize>| -> PostList {
            let mut ids = posts.to_vec();
            ids.sort_by_key(|&id| rank[id]);
            ids.into()
        };
        let tags_by_date = index
            .tags
            .iter()
            .map(|t| ordered(&t.posts, &date_rank))
            .collect();
        let tags_by_title = index
            .tags
            .iter()
            .map(|t| ordered(&t.posts, &title_rank))
            .collect();
        let visible: Vec<usize> = (0..index.tags.len())
            .filter(|&t| !index.config.is_hidden_tag(&index.tags[t].name))
            .collect();
        let mut by_name = visible.clone();
        by_name.sort_by_cached_key(|&t| {
            let name = &index.tags[t].name;
            (name.to_lowercase(), name.clone())
        });
        let filter_keys = index
            .posts
            .iter()
            .map(|p| format!("{} {}", p.display_title(), p.slug).into_boxed_str())
            .collect();
        Catalog {
            problems: ProblemSummary::build(index),
            filter_keys,
            all_by_date: all_by_date.into(),
            all_by_title: all_by_title.into(),
            tags_by_date,
            tags_by_title,
            tags_by_count: visible.into(),
            tags_by_name: by_name.into(),
        }
    }

    /// The catalog of `new`, an index made from `old` (whose catalog this is) by a
    /// re-index: when no post was added or removed and none changed what the lists are
    /// built from (title, slug, date, tags), every list is kept and only the problems are
    /// summed again; otherwise it is built anew.
    #[must_use]
    pub fn after_change(&self, old: &Index, new: &Index) -> Catalog {
        let same_lists = old.posts.len() == new.posts.len()
            && old.posts.ids().all(|id| {
                let (a, b) = (&old.posts[id], &new.posts[id]);
                Arc::ptr_eq(a, b)
                    || (a.rel_path == b.rel_path
                        && a.title == b.title
                        && a.heading == b.heading
                        && a.slug == b.slug
                        && a.date == b.date
                        && a.tags == b.tags)
            });
        if !same_lists {
            return Catalog::build(new);
        }
        Catalog {
            problems: ProblemSummary::build(new),
            ..self.clone()
        }
    }

    /// The posts of `tag` (an index into `Index::tags`; `None` for all posts) in `order`.
    pub fn posts(&self, tag: Option<usize>, order: PostOrder) -> PostList {
        match (tag, order) {
            (None, PostOrder::Date) => self.all_by_date.clone(),
            (None, PostOrder::Title) => self.all_by_title.clone(),
            (Some(t), PostOrder::Date) => self.tags_by_date.get(t).cloned().unwrap_or_default(),
            (Some(t), PostOrder::Title) => self.tags_by_title.get(t).cloned().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn catalog_orders_posts_and_tags() {
        let dir = tempfile::tempdir().unwrap();
        for (name, title, date, tags) in [
            ("a", "Beta", "2024-01-01", "[x, post]"),
            ("b", "alpha", "2024-03-01", "[x, post]"),
            ("c", "Gamma", "2024-02-01", "[y, post]"),
        ] {
            fs::write(
                dir.path().join(format!("{name}.md")),
                format!("---\ntitle: {title}\ndate: {date}\ntags: {tags}\n---\n"),
            )
            .unwrap();
        }
        fs::write(dir.path().join("folio.toml"), "hide_tags = [\"post\"]\n").unwrap();
        let index = Index::build(dir.path()).unwrap();
        let catalog = Catalog::build(&index);
        let slugs = |list: PostList| -> Vec<&str> {
            list.iter()
                .map(|&id| index.posts[id].slug.as_str())
                .collect()
        };
        assert_eq!(slugs(catalog.posts(None, PostOrder::Date)), ["b", "c", "a"]);
        assert_eq!(
            slugs(catalog.posts(None, PostOrder::Title)),
            ["b", "a", "c"]
        );
        let x = index.tags.iter().position(|t| t.name == "x").unwrap();
        assert_eq!(slugs(catalog.posts(Some(x), PostOrder::Date)), ["b", "a"]);
        let names: Vec<&str> = catalog
            .tags_by_count
            .iter()
            .map(|&t| index.tags[t].name.as_str())
            .collect();
        assert_eq!(names, ["x", "y"]);
    }

    /// After a re-index that changed only a body, the lists are the old ones (shared) and
    /// the problem summary is new; after a title change the lists are built again.
    #[test]
    fn catalog_after_change_keeps_lists_unless_they_change() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
        write("a.md", "---\ntitle: Beta\ndate: 2024-01-01\n---\nok\n");
        write("b.md", "---\ntitle: Alpha\ndate: 2024-02-01\n---\nok\n");
        let index = Index::build(dir.path()).unwrap();
        let catalog = Catalog::build(&index);
        let reload = |index: &Index| {
            let path = dir.path().join("a.md");
            let post = crate::core::post::Post::load(&path, "a.md", &index.config.link_templates);
            index.with_changed(vec![post])
        };
        write(
            "a.md",
            "---\ntitle: Beta\ndate: 2024-01-01\n---\n[x](/posts/nope)\n",
        );
        let edited = reload(&index);
        let kept = catalog.after_change(&index, &edited);
        let all = |c: &Catalog, o| c.posts(None, o);
        assert!(Arc::ptr_eq(
            &all(&kept, PostOrder::Title),
            &all(&catalog, PostOrder::Title)
        ));
        assert_eq!(kept.problems.errors, catalog.problems.errors + 1);
        assert_eq!(kept.problems, ProblemSummary::build(&edited));

        write("a.md", "---\ntitle: Aardvark\ndate: 2024-01-01\n---\nok\n");
        let retitled = reload(&edited);
        let rebuilt = kept.after_change(&edited, &retitled);
        let fresh = Catalog::build(&retitled);
        assert!(!Arc::ptr_eq(
            &all(&rebuilt, PostOrder::Title),
            &all(&kept, PostOrder::Title)
        ));
        assert_eq!(
            all(&rebuilt, PostOrder::Title),
            all(&fresh, PostOrder::Title)
        );
        let a = retitled.find("a").unwrap();
        assert_eq!(
            all(&rebuilt, PostOrder::Title)[0],
            a,
            "Aardvark sorts first now"
        );
    }
}
