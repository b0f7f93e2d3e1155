//! Typing into the filter and search fields.

use super::super::input::{Edit, Purpose};
use super::super::library::Filter;
use super::super::list_cursor::ListCursor;
use super::super::popup::Popup;
use super::super::reader::Landing;
use super::super::{App, Effect, Screen};

impl App {
    pub(super) fn edit_input(&mut self, edit: &Edit) -> Vec<Effect> {
        let Some(input) = self.input.as_mut() else {
            return Vec::new();
        };
        let purpose = input.purpose;
        if purpose == Purpose::Palette {
            return self.palette_input(edit);
        }
        if purpose == Purpose::MergeInto {
            return self.tag_picker_input(edit);
        }
        if *edit == Edit::Complete {
            let text = input.text.clone();
            if let (Purpose::Tags(_), Some(done)) = (purpose, self.complete_tag(&text))
                && let Some(input) = self.input.as_mut()
            {
                input.text = done;
            }
            return Vec::new();
        }
        let changed = edit.apply(&mut input.text);
        let text = input.text.clone();
        match edit {
            Edit::Submit => {
                self.input = None;
                return self.submit_input(purpose, text);
            }
            Edit::Cancel => {
                self.input = None;
                self.cancel_input(purpose);
                return Vec::new();
            }
            _ => {}
        }
        if changed {
            self.live_input(purpose, &text);
        }
        Vec::new()
    }

    /// Filters and in-post search follow every key typed.
    fn live_input(&mut self, purpose: Purpose, text: &str) {
        match purpose {
            Purpose::FilterTags => {
                self.library.tag_filter = Some(Filter {
                    query: text.to_owned(),
                });
                self.library.tags.reset();
                self.refresh_tags();
            }
            Purpose::FilterPosts => {
                self.library.posts.reset();
                if let Some(content) = self.content.clone() {
                    self.library
                        .set_post_filter(&content.catalog, text.to_owned());
                }
            }
            Purpose::SearchPost => {
                let rows = self.viewport.reader_rows();
                if let Some(reader) = self.reader.as_mut() {
                    reader.set_search(text);
                    let current = reader.search.as_ref().map_or(0, |s| s.current);
                    reader.jump_to_hit(current, rows);
                }
            }
            Purpose::SearchAll
            | Purpose::Tags(_)
            | Purpose::NewPost
            | Purpose::Palette
            | Purpose::RenameTag
            | Purpose::RenamePost(_)
            | Purpose::MergeInto
            | Purpose::SaveAs => {}
        }
    }

    fn submit_input(&mut self, purpose: Purpose, text: String) -> Vec<Effect> {
        match purpose {
            Purpose::FilterTags | Purpose::FilterPosts | Purpose::SearchPost if text.is_empty() => {
                self.cancel_input(purpose);
                Vec::new()
            }
            Purpose::Tags(post) => self.submit_tags(post, &text),
            Purpose::NewPost => self.submit_new_post(&text),
            Purpose::RenameTag => self.submit_tag_rename(&text),
            Purpose::RenamePost(id) => self.submit_post_rename(id, &text),
            Purpose::SaveAs => self.submit_save_as(&text),
            Purpose::SearchAll if !text.trim().is_empty() => {
                self.search_generation += 1;
                self.popup = Some(Popup::Search {
                    query: text.clone(),
                    hits: None,
                    list: ListCursor::default(),
                });
                vec![Effect::Search {
                    generation: self.search_generation,
                    query: text,
                }]
            }
            _ => Vec::new(),
        }
    }

    fn cancel_input(&mut self, purpose: Purpose) {
        match purpose {
            Purpose::FilterTags => {
                self.library.tag_filter = None;
                self.refresh_tags();
            }
            Purpose::FilterPosts => {
                self.library.post_filter = None;
                self.refresh_posts();
            }
            Purpose::SearchPost => {
                if let Some(reader) = self.reader.as_mut() {
                    reader.search = None;
                }
            }
            Purpose::RenameTag | Purpose::RenamePost(_) => self.change_source = None,
            Purpose::SearchAll
            | Purpose::Tags(_)
            | Purpose::NewPost
            | Purpose::Palette
            | Purpose::MergeInto
            | Purpose::SaveAs => {}
        }
    }

    /// Open a full-text hit: the post, at the first match of the query.
    pub(super) fn open_search_hit(
        &mut self,
        post: crate::core::post::PostId,
        query: String,
    ) -> Vec<Effect> {
        let push = self.screen == Screen::Reader;
        self.open_post(post, Some(Landing::Search(query)), push)
    }
}
