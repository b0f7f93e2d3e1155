//! Keeping every screen in place when a fresh index arrives after a file changed.

use super::super::library::TagItem;
use super::super::reader::Landing;
use super::super::{App, Content, Effect, Screen};
use crate::core::post::PostId;

impl App {
    /// A fresh index after a file changed: keep every screen on the same posts.
    pub(super) fn reindexed(&mut self, content: Content) -> Vec<Effect> {
        let Some(old) = self.content.take() else {
            return self.indexed(content);
        };
        let renamed = self.pending_rename.take();
        let new_id = |id: PostId| {
            let rel: &str = &old.index.posts[id].rel_path;
            let rel = match &renamed {
                Some((from, to)) if from == rel => to,
                _ => rel,
            };
            content.index.lookup.by_path.get(rel).copied()
        };
        let selected = self.library.current_post().and_then(new_id);
        let reader_post = self.reader.as_ref().and_then(|r| new_id(r.post));
        if let Some(editor) = self.editor.as_mut() {
            let rel = crate::core::discovery::rel_path_string(
                editor
                    .path
                    .strip_prefix(&content.index.root)
                    .unwrap_or(&editor.path),
            );
            editor.post = content.index.lookup.by_path.get(rel.as_str()).copied();
        }
        self.history.remap(new_id);
        if old.index.posts.len() != content.index.posts.len() {
            self.popup = None;
        }
        let tag_name = match self.library.current_tag() {
            TagItem::Tag(t) => Some(old.index.tags[t].name.clone()),
            TagItem::All => None,
        };
        self.library.load(&content.index, &content.catalog);
        // Keep the same tag under the cursor even if counts reordered the list.
        if let Some(name) = tag_name {
            let position = self.library.tag_items.iter().position(
                |item| matches!(item, TagItem::Tag(t) if content.index.tags[*t].name == name),
            );
            if let Some(position) = position {
                let len = self.library.tag_items.len();
                self.library
                    .tags
                    .set(position, len, self.viewport.list_rows());
                self.library.refresh_posts(&content.catalog);
            }
        }
        let pending = self.edit_when_indexed.take();
        let open_new = pending
            .as_ref()
            .and_then(|p| content.index.find(&p.display().to_string()));
        self.content = Some(content);
        if let Some(id) = selected {
            self.library.select_post(id, self.viewport.list_rows());
        }
        let mut effects = Vec::new();
        match (reader_post, self.reader.as_mut()) {
            (Some(id), Some(reader)) => {
                // Show the post as it is now, at the same place; the old rendering stays
                // on screen until the new text is read (no flicker on every change).
                let path = self.content.as_ref().map(|c| c.index.path_of(id));
                reader.post = id;
                reader.text = None;
                reader.error = None;
                reader.width = 0;
                reader.rendering = None;
                // A landing place not reached yet (the post opened a moment ago, at a
                // remembered line or a link's heading) still stands.
                if reader.landing.is_none() {
                    reader.landing = Some(Landing::Kept {
                        scroll: reader.scroll,
                        card_lines: reader.doc.card_lines,
                    });
                }
                if let Some(path) = path {
                    effects.push(Effect::LoadPost { post: id, path });
                }
            }
            (None, Some(reader)) => {
                // The post went away (deleted or moved outside folio). If the editor is
                // open on it, the user may recreate it: come back to it then.
                let rel = old
                    .index
                    .posts
                    .get(reader.post)
                    .map(|p| p.rel_path.to_string());
                if self.editor.is_some() {
                    self.lost_reader = rel;
                }
                self.reader = None;
                if self.screen == Screen::Reader {
                    self.screen = Screen::Library;
                }
            }
            (_, None) => effects.extend(self.restore_lost_reader()),
        }
        if let (Some(id), Some(path)) = (open_new, pending) {
            self.library.select_post(id, self.viewport.list_rows());
            effects.push(Effect::OpenEditor {
                post: Some(id),
                path,
            });
        }
        effects
    }

    /// The reader's post came back (the editor recreated it): show it again.
    fn restore_lost_reader(&mut self) -> Option<Effect> {
        let mut load = None;
        let back = self.lost_reader.take().and_then(|rel| {
            let content = self.content.as_ref()?;
            let id = content.index.lookup.by_path.get(rel.as_str()).copied()?;
            Some((id, content.index.path_of(id)))
        });
        if let Some((id, path)) = back {
            self.reader = Some(super::super::reader::Reader::new(id, Landing::Top));
            load = Some(Effect::LoadPost { post: id, path });
            // The editor may have closed while the re-index ran: go back to the
            // reader it was opened from.
            if self.editor.is_none()
                && self.screen == Screen::Library
                && self.before_editor == Screen::Reader
            {
                self.screen = Screen::Reader;
            }
        }
        load
    }
}
