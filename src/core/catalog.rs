//! Precomputed post orders for browsing: every post and every tag's posts, by date and by
//! title, so that choosing a tag or a sort order costs nothing on a key press.

use std::cmp::Ordering;
use std::sync::Arc;

use super::index::Index;
use super::par;
use super::post::{PerPost, Post, PostId};
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
        // The date side, the title side and the filter keys do not depend on each other:
        // built side by side (a fifth of a 100,000-post cached start was this, on one core).
        let n = index.posts.len();
        let by_date = || {
            let order = index.newest_first();
            let per_tag = tag_orders(index, &order);
            (order, per_tag)
        };
        let by_title = || {
            let order = by_title(index.posts.len(), |id| index.posts[id].display_title());
            let per_tag = tag_orders(index, &order);
            (order, per_tag)
        };
        let keys = || index.posts.iter().map(|p| filter_key(p)).collect();
        let ((all_by_date, tags_by_date), ((all_by_title, tags_by_title), filter_keys)) =
            par::join(n, by_date, || par::join(n, by_title, keys));
        let visible: Vec<usize> = (0..index.tags.len())
            .filter(|&t| !index.config.is_hidden_tag(&index.tags[t].name))
            .collect();
        let mut by_name = visible.clone();
        by_name.sort_by_cached_key(|&t| {
            let name = &index.tags[t].name;
            (name.to_lowercase(), name.clone())
        });
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
    /// re-index: when no post was added or removed and none changed its path, slug, date or
    /// tags, the lists are kept, with the few posts whose title changed moved to their new
    /// places, and the problems are summed again; otherwise it is built anew.
    #[must_use]
    pub fn after_change(&self, old: &Index, new: &Index) -> Catalog {
        match retitled(old, new) {
            Some(ids) if ids.is_empty() => Catalog {
                problems: ProblemSummary::build(new),
                ..self.clone()
            },
            Some(ids) => self.with_titles_moved(new, &ids),
            None => Catalog::build(new),
        }
    }

    /// This catalog's lists with the posts `ids` (their titles changed) moved to where
    /// their new titles put them, for `new`.
    fn with_titles_moved(&self, new: &Index, ids: &[PostId]) -> Catalog {
        let by_date = |a: &PostId, b: &PostId| new.date_order(*a, *b);
        let title_key = |id: PostId| {
            let title = new.posts[id].display_title();
            (title.to_lowercase(), title.to_owned(), id)
        };
        let by_title = |a: &PostId, b: &PostId| title_key(*a).cmp(&title_key(*b));
        let moved = |list: &[PostId], order: &dyn Fn(&PostId, &PostId) -> Ordering| -> PostList {
            let mut kept: Vec<PostId> = list
                .iter()
                .copied()
                .filter(|id| !ids.contains(id))
                .collect();
            for &id in ids.iter().filter(|id| list.contains(id)) {
                let at = kept.partition_point(|other| order(other, &id) == Ordering::Less);
                kept.insert(at, id);
            }
            kept.into()
        };
        let mut tags_by_date = self.tags_by_date.clone();
        let mut tags_by_title = self.tags_by_title.clone();
        for (t, tag) in new.tags.iter().enumerate() {
            if tag.posts.iter().any(|id| ids.contains(id)) {
                tags_by_date[t] = moved(&self.tags_by_date[t], &by_date);
                tags_by_title[t] = moved(&self.tags_by_title[t], &by_title);
            }
        }
        let mut filter_keys = self.filter_keys.to_vec();
        for &id in ids {
            filter_keys[id.index()] = filter_key(&new.posts[id]);
        }
        Catalog {
            all_by_date: moved(&self.all_by_date, &by_date),
            all_by_title: moved(&self.all_by_title, &by_title),
            tags_by_date,
            tags_by_title,
            filter_keys: filter_keys.into(),
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

/// The posts of `new` whose title changed from `old` (the lists must move them), or `None`
/// when the lists must be built anew: a post added or removed, or one whose path, slug,
/// date or tags changed, or many retitled at once.
fn retitled(old: &Index, new: &Index) -> Option<Vec<PostId>> {
    /// Past this many retitled posts, building the lists anew is as quick.
    const MOVE_AT_MOST: usize = 16;
    if old.posts.len() != new.posts.len() {
        return None;
    }
    let mut ids = Vec::new();
    for id in old.posts.ids() {
        let (a, b) = (&old.posts[id], &new.posts[id]);
        if Arc::ptr_eq(a, b) {
            continue;
        }
        if a.rel_path != b.rel_path || a.slug != b.slug || a.date != b.date || a.tags != b.tags {
            return None;
        }
        if a.display_title() != b.display_title() {
            ids.push(id);
            if ids.len() > MOVE_AT_MOST {
                return None;
            }
        }
    }
    Some(ids)
}

/// What a post is found by when filtering: its title and slug.
/// Each tag's posts in `order` (a permutation of every post).
fn tag_orders(index: &Index, order: &[PostId]) -> Vec<PostList> {
    let mut rank: PerPost<usize> = vec![0; order.len()].into();
    for (pos, &id) in order.iter().enumerate() {
        rank[id] = pos;
    }
    index
        .tags
        .iter()
        .map(|t| {
            let mut ids = t.posts.clone();
            ids.sort_by_key(|&id| rank[id]);
            ids.into()
        })
        .collect()
}

/// Post ids `0..n` by title, A to Z: by the lowercased title, then the title, then id.
/// Sorted first by the first 24 bytes of each lowercased title (no copy of it for a title
/// that begins with 24 ASCII characters), then each run of equal beginnings by the whole
/// key: at 100,000 posts, a lowercased copy of every title at once was 10 MB beside the
/// index it was built for, and with only 8 bytes to go by, titles that began with the
/// same word made long runs, each title in them copied lowercased to sort them.
fn by_title<'a>(n: usize, title: impl Fn(PostId) -> &'a str) -> Vec<PostId> {
    let mut keyed: Vec<(FoldedPrefix, PostId)> = PostId::all(n)
        .map(|id| (folded_prefix(title(id)), id))
        .collect();
    keyed.sort_unstable();
    for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.len() < 2 {
            continue;
        }
        if run.iter().all(|&(_, id)| title(id).is_ascii()) {
            // ASCII lowercased a byte at a time is `to_lowercase`: compared without a copy.
            run.sort_unstable_by(|&(_, a), &(_, b)| {
                let (ta, tb) = (title(a), title(b));
                let folded = |t: &'a str| t.bytes().map(|b| b.to_ascii_lowercase());
                folded(ta)
                    .cmp(folded(tb))
                    .then_with(|| ta.cmp(tb))
                    .then(a.cmp(&b))
            });
        } else {
            run.sort_by_cached_key(|&(_, id)| {
                let t = title(id);
                (t.to_lowercase(), t, id)
            });
        }
    }
    keyed.into_iter().map(|(_, id)| id).collect()
}

/// The first 24 bytes of a lowercased title (see [`folded_prefix`]).
type FoldedPrefix = [u64; 3];

/// The first 24 bytes of `title.to_lowercase()`, as numbers that order as they do
/// (missing bytes count as zero): one title before another lowercased is never after it
/// here.
fn folded_prefix(title: &str) -> FoldedPrefix {
    const LEN: usize = 24;
    let head = &title.as_bytes()[..title.len().min(LEN)];
    let mut bytes = [0u8; LEN];
    if head.is_ascii() {
        for (to, from) in bytes.iter_mut().zip(head) {
            *to = from.to_ascii_lowercase();
        }
    } else {
        let lower = title.to_lowercase();
        for (to, from) in bytes.iter_mut().zip(lower.as_bytes()) {
            *to = *from;
        }
    }
    let mut prefix = [0; 3];
    for (number, eight) in prefix.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut word = [0; 8];
        word.copy_from_slice(eight);
        *number = u64::from_be_bytes(word);
    }
    prefix
}

fn filter_key(post: &Post) -> Box<str> {
    let (title, slug) = (post.display_title(), &post.slug);
    // Made to its length at once: 12 ms for 100,000 posts, where `format!` took 30.
    let mut key = String::with_capacity(title.len() + 1 + slug.len());
    key.push_str(title);
    key.push(' ');
    key.push_str(slug);
    key.into_boxed_str()
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
                .map(|&id| index.posts[id].slug.as_ref())
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

    /// Posts retitled in place (same dates, some tied) move to where a fresh build puts
    /// them in every list: all posts and each tag's, by date and by title, and the filter
    /// keys; a tag change builds the lists anew, with the same result.
    #[test]
    fn catalog_after_change_moves_retitled_posts() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |name: &str, title: &str, tags: &str| {
            let text = format!("---\ntitle: {title}\ndate: 2024-01-01\ntags: [{tags}]\n---\nok\n");
            fs::write(root.join(name), text).unwrap();
        };
        for (i, title) in ["Delta", "bravo", "Charlie", "alpha", "Echo", "delta"]
            .iter()
            .enumerate()
        {
            write(
                &format!("p{i}.md"),
                title,
                if i % 2 == 0 { "x, y" } else { "y" },
            );
        }
        let mut index = Index::build(root).unwrap();
        let mut catalog = Catalog::build(&index);
        let same = |c: &Catalog, f: &Catalog, what: &str| {
            for order in [PostOrder::Date, PostOrder::Title] {
                for tag in [None, Some(0), Some(1)] {
                    assert_eq!(
                        c.posts(tag, order),
                        f.posts(tag, order),
                        "{what} {tag:?} {order:?}"
                    );
                }
            }
            assert_eq!(c.filter_keys, f.filter_keys, "{what}: filter keys");
            assert_eq!(c.problems, f.problems, "{what}: problems");
        };
        for (what, changes) in [
            ("one retitled", vec![("p4.md", "Aardvark", "x, y")]),
            (
                "two retitled",
                vec![("p0.md", "zulu", "x, y"), ("p3.md", "Charlie", "y")],
            ),
            ("a tag changed", vec![("p1.md", "bravo", "x, y")]),
        ] {
            let mut posts = Vec::new();
            for (name, title, tags) in changes {
                write(name, title, tags);
                posts.push(crate::core::post::Post::load(
                    &root.join(name),
                    name,
                    &index.config.link_templates,
                ));
            }
            let next = index.with_changed(posts);
            catalog = catalog.after_change(&index, &next);
            same(&catalog, &Catalog::build(&next), what);
            index = next;
        }
    }

    /// The title order is the order of (lowercased title, title, id), whatever the titles:
    /// shared beginnings, other scripts, a final sigma, empty, control characters.
    #[test]
    fn by_title_orders_as_the_lowercased_titles() {
        let titles = [
            "Zebra",
            "apple",
            "Apple",
            "APPLE pie",
            "apple pie",
            "applesauce",
            "Ärger",
            "ärger",
            "ΟΔΟΣ",
            "οδος",
            "οδοσ",
            "",
            "a\0b",
            "a",
            "Sommer",
            "sommerfest",
            "Straße",
            "STRASSE",
            "İstanbul",
            "istanbul",
            "12 steps",
            "1 step",
            "été",
            "Été",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "ABCDEFGHZ",
            "abcdefg",
            "ÉTÉ long",
            "the same first 24 bytes, then a",
            "The same first 24 bytes, then B",
            "the same first 24 bytesX",
            "the same first 24 bytes",
        ];
        let expected: Vec<PostId> = {
            let mut ids: Vec<PostId> = PostId::all(titles.len()).collect();
            ids.sort_by_key(|&id| {
                let t = titles[id.index()];
                (t.to_lowercase(), t, id)
            });
            ids
        };
        assert_eq!(by_title(titles.len(), |id| titles[id.index()]), expected);
    }

    proptest::proptest! {
        /// Any titles (any characters, shared beginnings likely) sort as their lowercased
        /// copies do.
        #[test]
        fn by_title_orders_any_titles_as_lowercased(
            titles in proptest::collection::vec("(?i)(ab|Σ|é|ß|x y){0,14}.{0,4}", 0..40)
        ) {
            let mut expected: Vec<PostId> = PostId::all(titles.len()).collect();
            expected.sort_by_key(|&id| {
                let t = titles[id.index()].as_str();
                (t.to_lowercase(), t, id)
            });
            let got = by_title(titles.len(), |id| titles[id.index()].as_str());
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
