//! Library keys: move in the tag and post lists, choose, filter, sort.

use crate::core::catalog::PostOrder;

use super::super::input::{Input, Purpose};
use super::super::library::{Pane, TagOrder};
use super::super::{Action, App, Effect, Tone};

impl App {
    pub(super) fn library_action(&mut self, action: Action) -> Vec<Effect> {
        let rows = self.viewport.list_rows();
        let page = isize::try_from(rows).unwrap_or(isize::MAX);
        match action {
            Action::MoveDown => self.move_library(1),
            Action::MoveUp => self.move_library(-1),
            Action::PageDown => self.move_library(page),
            Action::PageUp => self.move_library(-page),
            Action::HalfPageDown => self.move_library(page / 2),
            Action::HalfPageUp => self.move_library(-page / 2),
            Action::MoveTop => self.move_library(isize::MIN / 2),
            Action::MoveBottom => self.move_library(isize::MAX / 2),
            Action::Rename | Action::MergeTag | Action::DeleteTag
                if self.library.focus == Pane::Tags =>
            {
                return self.tag_change(action);
            }
            Action::Rename => {
                if let Some(id) = self.library.current_post() {
                    return self.start_post_rename(id);
                }
            }
            Action::NextPane => {
                self.library.focus = match self.library.focus {
                    Pane::Tags => Pane::Posts,
                    Pane::Posts => Pane::Tags,
                };
            }
            Action::Choose => match self.library.focus {
                Pane::Tags => self.library.focus = Pane::Posts,
                Pane::Posts => {
                    if let Some(id) = self.library.current_post() {
                        return self.open_post(id, None, false);
                    }
                }
            },
            Action::StartFilter => {
                let purpose = match self.library.focus {
                    Pane::Tags => Purpose::FilterTags,
                    Pane::Posts => Purpose::FilterPosts,
                };
                let text = match self.library.focus {
                    Pane::Tags => self.library.tag_filter.as_ref().map(|f| f.query.clone()),
                    Pane::Posts => self
                        .library
                        .post_filter
                        .as_ref()
                        .map(|(f, _)| f.query.clone()),
                };
                if purpose == Purpose::FilterPosts
                    && let Some(content) = &self.content
                {
                    self.library.prepare_post_filter(&content.catalog);
                }
                self.input = Some(Input {
                    purpose,
                    text: text.unwrap_or_default(),
                });
            }
            Action::CycleSort => self.cycle_sort(),
            Action::Back => self.library_back(),
            Action::Edit | Action::EditTags | Action::EditExternally => {
                let Some(id) = self.library.current_post() else {
                    self.say(Tone::Info, "No post selected");
                    return Vec::new();
                };
                return self.edit_post(action, id);
            }
            Action::NewPost => self.start_new_post(),
            Action::ToggleReviewed => match self.library.current_post() {
                Some(id) => return self.toggle_reviewed(id),
                None => self.say(Tone::Info, "No post selected"),
            },
            Action::CycleReviewFilter => self.cycle_review_filter(),
            _ => {}
        }
        Vec::new()
    }

    fn move_library(&mut self, delta: isize) {
        let rows = self.viewport.list_rows();
        match self.library.focus {
            Pane::Tags => {
                let before = self.library.tags.cursor;
                let len = self.library.tag_items.len();
                self.library.tags.move_by(delta, len, rows);
                if self.library.tags.cursor != before {
                    self.library.posts.reset();
                    self.refresh_posts();
                }
            }
            Pane::Posts => {
                let len = self.library.visible_posts().len();
                self.library.posts.move_by(delta, len, rows);
            }
        }
    }

    /// Select `post` in the post list; when the current tag or filter hides it, show all
    /// posts instead.
    pub(super) fn show_in_library(&mut self, post: crate::core::post::PostId) {
        let rows = self.viewport.list_rows();
        if !self.library.visible_posts().contains(&post) {
            self.library.post_filter = None;
            self.library.tag_filter = None;
            self.library.tags.reset();
            self.refresh_tags();
        }
        self.library.select_post(post, rows);
    }

    pub(super) fn refresh_posts(&mut self) {
        if let Some(content) = self.content.clone() {
            let keep = super::review::review_keep(&self.review, &content.index);
            self.library
                .refresh_posts_keeping(&content.catalog, keep.as_deref());
            let len = self.library.visible_posts().len();
            self.library
                .posts
                .scroll_into_view(len, self.viewport.list_rows());
        }
    }

    /// Rebuild the tag list (after a sort or filter); the post list follows the tag now
    /// under the cursor, from its top when that tag changed.
    pub(super) fn refresh_tags(&mut self) {
        if let Some(content) = self.content.clone() {
            let before = self.library.current_tag();
            self.library.refresh_tags(&content.index, &content.catalog);
            self.library
                .tags
                .scroll_into_view(self.library.tag_items.len(), self.viewport.list_rows());
            if self.library.current_tag() != before {
                self.library.posts.reset();
            }
            self.refresh_posts();
        }
    }

    fn cycle_sort(&mut self) {
        match self.library.focus {
            Pane::Tags => {
                self.library.tag_order = match self.library.tag_order {
                    TagOrder::Count => TagOrder::Name,
                    TagOrder::Name => TagOrder::Count,
                };
                self.library.tags.reset();
                self.refresh_tags();
                let how = match self.library.tag_order {
                    TagOrder::Count => "most used first",
                    TagOrder::Name => "by name",
                };
                self.say(Tone::Info, format!("Tags sorted {how}"));
            }
            Pane::Posts => {
                let current = self.library.current_post();
                self.library.post_order = match self.library.post_order {
                    PostOrder::Date => PostOrder::Title,
                    PostOrder::Title => PostOrder::Date,
                };
                self.refresh_posts();
                if let Some(id) = current {
                    self.library.select_post(id, self.viewport.list_rows());
                }
                let how = match self.library.post_order {
                    PostOrder::Date => "newest first",
                    PostOrder::Title => "by title",
                };
                self.say(Tone::Info, format!("Posts sorted {how}"));
            }
        }
    }

    fn library_back(&mut self) {
        match self.library.focus {
            Pane::Posts if self.library.post_filter.is_some() => {
                self.library.post_filter = None;
                self.refresh_posts();
            }
            Pane::Tags if self.library.tag_filter.is_some() => {
                self.library.tag_filter = None;
                self.refresh_tags();
            }
            Pane::Posts => self.library.focus = Pane::Tags,
            Pane::Tags => self.say(Tone::Info, "Press q to quit"),
        }
    }

    pub(super) fn library_click(&mut self, column: u16, row: u16) -> Vec<Effect> {
        let vp = self.viewport;
        if row == 0 || usize::from(row) > vp.list_rows() {
            return Vec::new();
        }
        let line = usize::from(row) - 1;
        let pane = if column < vp.tag_pane_width() {
            Pane::Tags
        } else {
            Pane::Posts
        };
        let rows = vp.list_rows();
        match pane {
            Pane::Tags => {
                let index = self.library.tags.offset + line;
                if index < self.library.tag_items.len() {
                    self.library.focus = Pane::Tags;
                    let delta = index.cast_signed() - self.library.tags.cursor.cast_signed();
                    self.move_library(delta);
                }
            }
            Pane::Posts => {
                let index = self.library.posts.offset + line;
                let len = self.library.visible_posts().len();
                if index < len {
                    let again =
                        self.library.focus == Pane::Posts && self.library.posts.cursor == index;
                    self.library.focus = Pane::Posts;
                    self.library.posts.set(index, len, rows);
                    if again {
                        return self.library_action(Action::Choose);
                    }
                }
            }
        }
        Vec::new()
    }
}
