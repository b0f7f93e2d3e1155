//! What the first list needs of a post: its names, title, date and tags, the problem of its
//! front matter (YAML that does not parse, a block never closed: the list marks the post
//! ✗ from the first frame), and nothing that costs to store, decode or find (fields, links,
//! other problems, word counts). The index cache
//! keeps a listing of these in front of its full entries so that a start-up can draw the
//! list after decoding a small part of the file; a start-up without a cache makes them with
//! [`Post::listing_only`](super::post::Post::listing_only).
//!
//! Owns the conversion between a [`Post`] and its listing; does not read files.

use std::sync::Arc;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use std::path::Path;

use super::post::Post;
use super::post_date::PostDate;
use super::problem::Problem;

/// A post as the first list shows it (see the module notes).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    rel_path: String,
    slug: String,
    own_url: Option<String>,
    title: Option<String>,
    heading: Option<String>,
    date_field: Option<String>,
    date: Option<PostDate>,
    tags: Vec<String>,
    image: Option<String>,
    readable: bool,
    front_matter_problem: Option<Problem>,
    /// The post's own path, for a file whose name is not valid UTF-8 (see
    /// [`Post::os_path`]): kept by a page made in memory, never stored.
    #[serde(skip)]
    os_path: Option<Box<Path>>,
}

/// A post's listing, borrowed from it (serialized exactly as a [`Listed`]).
#[derive(Clone, Debug, Serialize)]
pub struct ListedRef<'a> {
    rel_path: &'a str,
    slug: &'a str,
    own_url: Option<&'a str>,
    title: Option<&'a str>,
    heading: Option<&'a str>,
    date_field: Option<&'a str>,
    date: Option<&'a PostDate>,
    tags: &'a [String],
    image: Option<&'a str>,
    readable: bool,
    front_matter_problem: Option<&'a Problem>,
}

impl<'a> ListedRef<'a> {
    /// The listing of `post`.
    pub fn of(post: &'a Post) -> ListedRef<'a> {
        ListedRef {
            rel_path: &post.rel_path,
            slug: &post.slug,
            own_url: post.own_url.as_deref(),
            title: post.title.as_deref(),
            heading: post.heading.as_deref(),
            date_field: post.date_field.as_deref(),
            date: post.date.as_ref(),
            tags: &post.tags,
            image: post.image.as_deref(),
            readable: post.readable,
            front_matter_problem: post.front_matter_problem(),
        }
    }
}

impl Listed {
    /// The listing of `post` (owned; see [`ListedRef::of`] for the borrowed one).
    pub fn of(post: &Post) -> Listed {
        let r = ListedRef::of(post);
        Listed {
            rel_path: r.rel_path.to_owned(),
            slug: r.slug.to_owned(),
            own_url: r.own_url.map(str::to_owned),
            title: r.title.map(str::to_owned),
            heading: r.heading.map(str::to_owned),
            date_field: r.date_field.map(str::to_owned),
            date: r.date.cloned(),
            tags: r.tags.to_vec(),
            image: r.image.map(str::to_owned),
            readable: r.readable,
            front_matter_problem: r.front_matter_problem.cloned(),
            os_path: post.os_path.clone(),
        }
    }

    /// The post's path relative to the content root.
    pub fn rel_path(&self) -> &str {
        &self.rel_path
    }

    /// A post holding only what the listing has (no fields, links or problems but its front
    /// matter's).
    pub fn into_post(self) -> Post {
        Post {
            rel_path: self.rel_path.into(),
            slug: self.slug.into(),
            own_url: self.own_url.map(Into::into),
            title: self.title.map(Into::into),
            heading: self.heading.map(Into::into),
            date_field: self.date_field.map(Into::into),
            date: self.date,
            tags: self.tags,
            image: self.image.map(Into::into),
            readable: self.readable,
            problems: self.front_matter_problem.into_iter().collect(),
            os_path: self.os_path,
            ..Post::default()
        }
    }
}

/// The posts of a stored listing, each made from its [`Listed`] as it is decoded (no list
/// of listings in between: at 100,000 posts that list alone is 24 MB), with no path yet.
pub struct ListedPosts(pub Vec<Arc<Post>>);

impl<'de> Deserialize<'de> for ListedPosts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Posts;
        impl<'de> Visitor<'de> for Posts {
            type Value = ListedPosts;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of posts")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ListedPosts, A::Error> {
                // A size from the file is a hint, not a promise: a damaged one must not
                // reserve gigabytes.
                let mut posts = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
                while let Some(listed) = seq.next_element::<Listed>()? {
                    posts.push(Arc::new(listed.into_post()));
                }
                Ok(ListedPosts(posts))
            }
        }
        deserializer.deserialize_seq(Posts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::link_templates::LinkTemplates;

    /// A listing stored and read back (borrowed out, owned in) gives a post that lists
    /// exactly as the parsed one: title, date, tags, slug and URL.
    #[test]
    fn listed_round_trips_through_postcard() {
        let text = "---\ntitle: \"Hello\"\ndate: 2024-05-06\ntags: [a, b, a]\nslug: hi\n\
                    permalink: /x/hi/\nimage: /i.png\nextra: {k: v}\n---\n# Head\n\n[l](/x)\n";
        let post = Post::from_source(
            "p.md",
            crate::core::source::decode(text.as_bytes().to_vec()),
            &LinkTemplates::default(),
        );
        let bytes = postcard::to_stdvec(&ListedRef::of(&post)).unwrap();
        let listed: Listed = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(listed, Listed::of(&post));
        // Borrowed (the cache's listing) or owned (the first page), the same bytes.
        assert_eq!(postcard::to_stdvec(&listed).unwrap(), bytes);
        let back = listed.into_post();
        assert_eq!(back.display_title(), "Hello");
        assert_eq!(back.tags, ["a", "b"]);
        assert_eq!(
            (back.slug.as_ref(), back.own_url.as_deref()),
            ("hi", Some("/x/hi/"))
        );
        assert_eq!(back.date, post.date);
        assert!(back.date.is_some() && back.readable);
        assert!(back.links.is_empty() && back.fields.is_empty());
    }
}
