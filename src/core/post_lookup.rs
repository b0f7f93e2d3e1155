//! The ways a link can name a post — by slug, by file path, by file name, by URL — built
//! once per index. Each post's URL comes from its section's permalink (or the top-level
//! one), with `{path}` and `lowercase_urls` applied.
//!
//! Pure: works on posts already read.

use std::collections::HashMap;
use std::path::Path;

use super::post::{Post, PostId};
use super::site_config::SiteConfig;
use super::site_layout::{path_value, url_key};

/// A post's date as (year, month, day).
pub type Ymd = (i32, u32, u32);

/// The ways a link can name a post.
#[derive(Clone, Debug, Default)]
pub struct PostLookup {
    /// Slug → posts (more than one when slugs collide).
    pub by_slug: HashMap<String, Vec<PostId>>,
    /// Relative path (`a/b.md`) → post.
    pub by_path: HashMap<String, PostId>,
    /// Lowercased relative path → post (the first, when only case differs).
    pub by_folded_path: HashMap<String, PostId>,
    /// File name without extension (`2016-01-02-name`) → posts.
    pub by_stem: HashMap<String, Vec<PostId>>,
    /// Lowercased slug → a slug as written, to suggest the right case in messages.
    pub by_folded_slug: HashMap<String, String>,
    /// Each post's date as (year, month, day), by post id.
    pub dates: Vec<Option<Ymd>>,
    /// Each post's URL path as the site serves it, by post id.
    pub urls: Vec<String>,
    /// URL key (see [`url_key`]) → posts served there (more than one is a collision).
    pub by_url: HashMap<String, Vec<PostId>>,
    /// The section (index into `SiteConfig::sections`) of each post, `None` for top-level.
    pub sections: Vec<Option<usize>>,
}

impl PostLookup {
    /// The lookups for `posts` (post id = position) under `config`.
    pub fn build(posts: &[Post], config: &SiteConfig) -> PostLookup {
        let mut lookup = PostLookup::default();
        for (id, post) in posts.iter().enumerate() {
            let date = post.date.as_ref().map(|d| {
                use chrono::Datelike;
                (d.date.year(), d.date.month(), d.date.day())
            });
            lookup.add(id, &post.rel_path, &post.slug, date, config);
        }
        lookup
    }

    /// Add the post `id` (ids must come in order from 0) at `rel_path`.
    pub fn add(
        &mut self,
        id: PostId,
        rel_path: &str,
        slug: &str,
        date: Option<Ymd>,
        config: &SiteConfig,
    ) {
        self.by_slug.entry(slug.to_owned()).or_default().push(id);
        self.by_path.insert(rel_path.to_owned(), id);
        self.by_folded_path
            .entry(rel_path.to_lowercase())
            .or_insert(id);
        let stem = Path::new(rel_path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.by_stem.entry(stem).or_default().push(id);
        self.by_folded_slug
            .entry(slug.to_lowercase())
            .or_insert_with(|| slug.to_owned());
        self.dates.push(date);
        let section = config.sections.iter().position(|s| s.holds(rel_path));
        let (folder, permalink) = match section {
            Some(i) => (
                config.sections[i].path.as_str(),
                &config.sections[i].permalink,
            ),
            None => ("", &config.permalink),
        };
        let mut url = permalink.url_with(slug, &path_value(folder, rel_path), date);
        if config.lowercase_urls {
            url = url.to_lowercase();
        }
        self.by_url
            .entry(url_key(&url, config.lowercase_urls))
            .or_default()
            .push(id);
        self.urls.push(url);
        self.sections.push(section);
    }

    /// Groups of two or more posts served at the same URL, each group in post order,
    /// the groups sorted by URL.
    pub fn same_url_groups(&self) -> Vec<(&str, &[PostId])> {
        let mut groups: Vec<(&str, &[PostId])> = self
            .by_url
            .values()
            .filter(|ids| ids.len() > 1)
            .map(|ids| (self.urls[ids[0]].as_str(), ids.as_slice()))
            .collect();
        groups.sort_unstable();
        groups
    }
}
