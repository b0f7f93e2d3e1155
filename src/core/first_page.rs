//! The first page of a site's list, kept beside the index cache: the newest posts as the
//! list shows them, how many posts there were, and every tag with its count. A start-up
//! draws the list from it before it decodes the cache's whole listing (at 100,000 posts
//! that listing is 12 MB and about a hundred milliseconds of work; the first page is a
//! few kilobytes); the listing, then the full index, replace it on the same screen.
//!
//! It is as old as the last cache write, like the listing, and is checked the same way
//! (the index cache reads and writes its file).
//! Owns the page and the [`Index`] it makes; does not read or write files.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::index::{Index, newest_key};
use super::listed::Listed;
use super::post::{PerPost, Post};
use super::site_config::SiteConfig;

/// How many of the newest posts the first page keeps: more than any terminal shows.
pub const FIRST_PAGE_POSTS: usize = 200;

/// The first page of the list (see the module notes).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstPage {
    /// How many posts the site had.
    pub total: usize,
    /// Every tag and how many posts carry it, most used first (the index's order).
    pub tags: Vec<(String, usize)>,
    /// The newest posts, newest first.
    pub posts: Vec<Listed>,
}

impl FirstPage {
    /// The first page of `index`'s list, newest first.
    pub fn of(index: &Index) -> FirstPage {
        let newest = index.newest_first();
        FirstPage {
            total: index.posts.len(),
            tags: index
                .tags
                .iter()
                .map(|t| (t.name.clone(), t.count()))
                .collect(),
            posts: newest
                .iter()
                .take(FIRST_PAGE_POSTS)
                .map(|&id| Listed::of(&index.posts[id]))
                .collect(),
        }
    }

    /// The first page of a site of which `posts` (in any order) are all that is known
    /// yet: the newest of them, their count and their tags.
    pub fn of_posts(posts: &[Arc<Post>]) -> FirstPage {
        let mut stream = PageStream::default();
        stream.add(posts);
        stream.page()
    }

    /// A preview index of the site under `root`: the page's posts, every tag, and the
    /// site's counts ([`Index::totals`]); not checked, like a listing.
    pub fn into_index(self, root: &Path, config: SiteConfig) -> Index {
        let mut posts: Vec<_> = self.posts.into_iter().map(Listed::into_post).collect();
        // An index's posts go by relative path.
        posts.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
        let posts: PerPost<Arc<_>> = posts.into_iter().map(Arc::new).collect::<Vec<_>>().into();
        Index::preview(root, config, posts, self.tags, self.total)
    }
}

/// The first page of posts that come a batch at a time, as a scan reads them: each page
/// costs the posts read since the last one, not every post again (at 100,000 posts the
/// pages of a first run went over 180,000 posts, a tenth of a second of a core).
#[derive(Debug, Default)]
pub struct PageStream {
    /// Posts added.
    total: usize,
    /// Per tag, how many times the posts added carry it (as [`tags::collect`](super::tags::collect) counts).
    counts: HashMap<String, usize, foldhash::fast::RandomState>,
    /// The newest posts added (all [`FIRST_PAGE_POSTS`] of them among some more).
    newest: Vec<Arc<Post>>,
}

impl PageStream {
    /// Add `posts` (in any order) to those of the page.
    pub fn add(&mut self, posts: &[Arc<Post>]) {
        for post in posts {
            self.total += 1;
            for tag in &post.tags {
                match self.counts.get_mut(tag.as_str()) {
                    Some(count) => *count += 1,
                    None => {
                        self.counts.insert(tag.clone(), 1);
                    }
                }
            }
            self.newest.push(Arc::clone(post));
            if self.newest.len() >= 4 * FIRST_PAGE_POSTS {
                self.keep_newest();
            }
        }
    }

    /// Only the newest [`FIRST_PAGE_POSTS`] posts, newest first.
    fn keep_newest(&mut self) {
        let order = |a: &Arc<Post>, b: &Arc<Post>| newest_key(a).cmp(&newest_key(b));
        if self.newest.len() > FIRST_PAGE_POSTS {
            self.newest.select_nth_unstable_by(FIRST_PAGE_POSTS, order);
            self.newest.truncate(FIRST_PAGE_POSTS);
        }
        self.newest.sort_unstable_by(order);
    }

    /// How many posts were added.
    pub fn added(&self) -> usize {
        self.total
    }

    /// The page of the posts added so far.
    pub fn page(&mut self) -> FirstPage {
        self.keep_newest();
        let mut tags: Vec<(String, usize)> = self
            .counts
            .iter()
            .map(|(name, &count)| (name.clone(), count))
            .collect();
        tags.sort_by_cached_key(|(name, count)| super::tags::order_key(name, *count));
        FirstPage {
            total: self.total,
            tags,
            posts: self.newest.iter().map(|post| Listed::of(post)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page of posts alone (no index: a scan's posts read so far) is the index's page.
    #[test]
    fn first_page_of_posts_is_the_page_of_their_index() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..FIRST_PAGE_POSTS * 2 {
            // Dates and titles that tie, and undated posts.
            let date = match i % 5 {
                0 => String::new(),
                d => format!("date: 2020-01-0{d}\n"),
            };
            let text = format!("---\ntitle: T{}\n{date}tags: [t{}]\n---\n", i % 7, i % 3);
            std::fs::write(dir.path().join(format!("p{i:03}.md")), text).unwrap();
        }
        let index = Index::build(dir.path()).unwrap();
        let mut posts: Vec<Arc<Post>> = index.posts.iter().cloned().collect();
        posts.reverse();
        assert_eq!(FirstPage::of_posts(&posts), FirstPage::of(&index));
        let few = &posts[..3];
        assert_eq!(FirstPage::of_posts(few).posts.len(), 3);
        assert_eq!(FirstPage::of_posts(few).total, 3);
    }

    /// Posts added a batch at a time, in any order, give the page of their index, whatever
    /// the batches (past the posts the stream holds before it keeps only the newest).
    #[test]
    fn a_page_stream_gives_the_page_of_the_index() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..FIRST_PAGE_POSTS * 5 + 3 {
            let date = match i % 4 {
                0 => String::new(),
                d => format!("date: 20{:02}-0{d}-1{}\n", i % 30, i % 9),
            };
            let text = format!(
                "---\ntitle: T{}\n{date}tags: [t{}, T{}]\n---\n",
                i % 11,
                i % 5,
                i % 2
            );
            std::fs::write(dir.path().join(format!("p{i:04}.md")), text).unwrap();
        }
        let index = Index::build(dir.path()).unwrap();
        let want = FirstPage::of(&index);
        assert_eq!(want.posts.len(), FIRST_PAGE_POSTS);
        let mut posts: Vec<Arc<Post>> = index.posts.iter().cloned().collect();
        posts.reverse();
        for batch in [1, 7, FIRST_PAGE_POSTS + 1, posts.len()] {
            let mut stream = PageStream::default();
            for (n, some) in posts.chunks(batch).enumerate() {
                stream.add(some);
                if n % 3 == 0 {
                    // A page now and then, as a scan shows them.
                    assert_eq!(
                        stream.page().total,
                        (n * batch + some.len()).min(posts.len())
                    );
                }
            }
            assert_eq!(stream.page(), want, "batches of {batch}");
        }
    }

    /// The page holds the newest posts in order, the site's count and every tag's; its
    /// index lists those posts with their titles and tags, and says the site's counts.
    #[test]
    fn first_page_previews_the_newest_posts_with_the_sites_counts() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..FIRST_PAGE_POSTS + 50 {
            let tag = if i % 2 == 0 { "even" } else { "odd" };
            // Later as `i` grows: a month every 28 days.
            let text = format!(
                "---\ntitle: Post {i}\ndate: 2010-{:02}-{:02}\ntags: [{tag}]\n---\n",
                1 + i / 28,
                1 + i % 28
            );
            std::fs::write(dir.path().join(format!("p{i:03}.md")), text).unwrap();
        }
        std::fs::write(
            dir.path().join("old.md"),
            "---\ntitle: Old\ntags: [rare]\n---\n",
        )
        .unwrap();
        let index = Index::build(dir.path()).unwrap();
        let page = FirstPage::of(&index);
        assert_eq!(page.total, FIRST_PAGE_POSTS + 51);
        assert_eq!(page.posts.len(), FIRST_PAGE_POSTS);
        let newest = Listed::of(&index.posts[index.newest_first()[0]]);
        assert_eq!(page.posts[0], newest);
        assert!(page.tags.contains(&("rare".to_owned(), 1)));
        assert!(page.tags.contains(&("even".to_owned(), 125)));

        let preview = page.clone().into_index(dir.path(), SiteConfig::default());
        assert!(!preview.checked);
        assert_eq!(preview.posts.len(), FIRST_PAGE_POSTS);
        assert_eq!(preview.post_count(), FIRST_PAGE_POSTS + 51);
        let newest_first: Vec<Listed> = preview
            .newest_first()
            .iter()
            .map(|&id| Listed::of(&preview.posts[id]))
            .collect();
        assert_eq!(
            newest_first, page.posts,
            "the same posts, in the same order"
        );
        let even = preview.tags.iter().position(|t| t.name == "even").unwrap();
        assert_eq!(
            preview.tag_count(even),
            125,
            "the site's count, not the page's"
        );
        assert_eq!(preview.tags[even].count(), 100, "the page's own posts");
        let rare = preview.tags.iter().position(|t| t.name == "rare").unwrap();
        assert_eq!(preview.tag_count(rare), 1);
        assert!(preview.tags[rare].posts.is_empty());
        let names: Vec<&str> = preview.tags.iter().map(|t| t.name.as_str()).collect();
        let order: Vec<&str> = index.tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, order, "most used first, as the index had them");
        let first = preview.newest_first()[0];
        let rel = &*preview.posts[first].rel_path;
        assert_eq!(preview.path_of(first), dir.path().join(rel));
        // A full index says its own counts.
        assert_eq!(index.post_count(), index.posts.len());
        assert_eq!(index.tag_count(0), index.tags[0].count());
    }
}
