//! Tags: which posts carry each tag, and how many.

use std::collections::HashMap;
use std::sync::Arc;

use super::post::{Post, PostId};

/// One tag and the posts that carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The tag exactly as written (tags are compared exactly).
    pub name: String,
    /// The posts carrying it, in index order.
    pub posts: Vec<PostId>,
}

impl Tag {
    /// How many posts carry the tag.
    pub fn count(&self) -> usize {
        self.posts.len()
    }
}

/// Every tag used by `posts`, most used first, then by name.
pub fn collect(posts: &[Arc<Post>]) -> Vec<Tag> {
    let mut by_name: super::post_lookup::Map<&str, Vec<PostId>> = HashMap::default();
    for (id, post) in PostId::all(posts.len()).zip(posts) {
        for tag in &post.tags {
            by_name.entry(tag.as_str()).or_default().push(id);
        }
    }
    let mut tags: Vec<Tag> = by_name
        .into_iter()
        .map(|(name, posts)| Tag {
            name: name.to_owned(),
            posts,
        })
        .collect();
    tags.sort_by_cached_key(|t| order_key(&t.name, t.count()));
    tags
}

/// The index's order of tags, as a sort key: most used first, then by name (letter case
/// ignored, then as written). A first page orders its tags the same way.
pub fn order_key(name: &str, count: usize) -> (std::cmp::Reverse<usize>, String, String) {
    (
        std::cmp::Reverse(count),
        name.to_lowercase(),
        name.to_owned(),
    )
}

/// Groups of tags that differ only in letter case (`SEO`, `seo`), each most used first.
pub fn case_variants(tags: &[Tag]) -> Vec<Vec<&Tag>> {
    let mut groups: HashMap<String, Vec<&Tag>> = HashMap::new();
    for tag in tags {
        groups.entry(tag.name.to_lowercase()).or_default().push(tag);
    }
    let mut groups: Vec<Vec<&Tag>> = groups.into_values().filter(|g| g.len() > 1).collect();
    for group in &mut groups {
        group.sort_by(|a, b| b.count().cmp(&a.count()).then_with(|| a.name.cmp(&b.name)));
    }
    groups.sort_by(|a, b| a[0].name.cmp(&b[0].name));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::post::PerPost;

    fn posts(tag_sets: &[&[&str]]) -> PerPost<Arc<Post>> {
        tag_sets
            .iter()
            .map(|tags| {
                Arc::new(Post {
                    tags: tags.iter().map(|t| (*t).to_owned()).collect(),
                    ..Post::default()
                })
            })
            .collect()
    }

    #[test]
    fn tags_are_counted_most_used_first() {
        let tags = collect(&posts(&[&["b", "a"], &["a"], &["c", "a", "b"]]));
        let got: Vec<_> = tags.iter().map(|t| (t.name.as_str(), t.count())).collect();
        assert_eq!(got, [("a", 3), ("b", 2), ("c", 1)]);
        assert_eq!(tags[1].posts, [PostId::new(0), PostId::new(2)]);
    }

    #[test]
    fn tags_compare_exactly_and_report_case_variants() {
        let tags = collect(&posts(&[&["SEO"], &["seo"], &["SEO"], &["x"]]));
        assert_eq!(tags.len(), 3);
        let groups = case_variants(&tags);
        assert_eq!(groups.len(), 1);
        let names: Vec<_> = groups[0].iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["SEO", "seo"]);
    }
}
