//! Quick edits that do not open the editor: a post's tags on one line, and new posts.

use super::super::input::{Input, Purpose};
use super::super::library::TagItem;
use super::super::{App, Effect, Tone};
use crate::core::post::PostId;

impl App {
    /// `#`: edit a post's tags on one line.
    pub(super) fn start_tag_edit(&mut self, id: PostId) {
        let Some(index) = self.index() else { return };
        let text = index.posts[id].tags.join(", ");
        self.input = Some(Input {
            purpose: Purpose::Tags(id),
            text,
        });
    }

    /// The tag typed so far, completed from existing tags (most used first).
    pub(super) fn complete_tag(&self, text: &str) -> Option<String> {
        let index = self.index()?;
        let (head, last) = match text.rsplit_once(',') {
            Some((head, last)) => (format!("{head}, "), last.trim_start()),
            None => (String::new(), text.trim_start()),
        };
        if last.is_empty() {
            return None;
        }
        let lower = last.to_lowercase();
        let tag = index
            .tags
            .iter()
            .find(|t| t.name.to_lowercase().starts_with(&lower) && t.name != last)?;
        Some(format!("{head}{}", tag.name))
    }

    pub(super) fn submit_tags(&mut self, id: PostId, text: &str) -> Vec<Effect> {
        let Some(index) = self.index() else {
            return Vec::new();
        };
        let mut tags: Vec<String> = Vec::new();
        for tag in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            if !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_owned());
            }
        }
        if tags == index.posts[id].tags {
            self.say(Tone::Info, "Tags unchanged");
            return Vec::new();
        }
        vec![Effect::SetTags {
            path: index.path_of(id),
            tags,
        }]
    }

    pub(super) fn tags_saved(&mut self, result: Result<String, String>) -> Vec<Effect> {
        match result {
            Ok(path) => {
                self.say(Tone::Info, format!("Tags saved in {path}"));
                vec![Effect::Reindex(std::path::PathBuf::from(path))]
            }
            Err(e) => {
                self.say(Tone::Error, format!("Tags not saved: {e}"));
                Vec::new()
            }
        }
    }

    /// `n`: ask for the new post's title.
    pub(super) fn start_new_post(&mut self) {
        self.input = Some(Input {
            purpose: Purpose::NewPost,
            text: String::new(),
        });
    }

    pub(super) fn submit_new_post(&mut self, title: &str) -> Vec<Effect> {
        if title.trim().is_empty() {
            self.say(Tone::Info, "No title: no post created");
            return Vec::new();
        }
        let Some(index) = self.index() else {
            return Vec::new();
        };
        let title = title.trim();
        let slug = crate::core::slug::slugify(title);
        if slug.is_empty() {
            self.say(
                Tone::Error,
                "A title needs letters or digits to make a slug from",
            );
            return Vec::new();
        }
        if index.lookup.by_slug.contains_key(slug.as_str()) {
            self.say(
                Tone::Error,
                format!("A post with the slug `{slug}` already exists"),
            );
            return Vec::new();
        }
        let path = index.root.join(format!("{slug}.md"));
        let tags = match self.library.current_tag() {
            TagItem::Tag(t) => vec![index.tags[t].name.clone()],
            TagItem::All => Vec::new(),
        };
        let tags = index.config.hide_tags.iter().cloned().chain(tags).collect();
        vec![Effect::CreatePost {
            path,
            title: title.to_owned(),
            tags,
        }]
    }

    pub(super) fn post_created(
        &mut self,
        result: Result<std::path::PathBuf, String>,
    ) -> Vec<Effect> {
        match result {
            Ok(path) => {
                self.edit_when_indexed = Some(path.clone());
                self.say(Tone::Info, format!("Created {}", path.display()));
                vec![Effect::Reindex(path)]
            }
            Err(e) => {
                self.say(Tone::Error, format!("Post not created: {e}"));
                Vec::new()
            }
        }
    }
}
