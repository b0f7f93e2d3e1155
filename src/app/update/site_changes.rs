//! Site-wide changes: from the tag pane, `R` renames the tag, `m` merges it into another
//! (chosen from a fuzzy list), `D` deletes it; on a post (reader or post list), `R`
//! renames the post and rewrites every link to it. Each is planned on a worker, shown as a
//! preview of every file and line, and applied only on `y` / Enter, all or nothing.

use super::super::input::{Edit, Input, Purpose};
use super::super::library::{Pane, TagItem};
use super::super::popup::Popup;
use super::super::site_change::{Preview, TagPicker};
use super::super::{Action, App, Effect, Msg, Tone};
use crate::core::tag_ops::TagOp;

impl App {
    /// The tag under the cursor in the tag pane, when that pane has the keyboard.
    fn focused_tag(&self) -> Option<String> {
        if self.library.focus != Pane::Tags {
            return None;
        }
        match self.library.current_tag() {
            TagItem::Tag(t) => self.index().map(|i| i.tags[t].name.clone()),
            TagItem::All => None,
        }
    }

    /// `R`, `m` or `D` in the library.
    pub(super) fn tag_change(&mut self, action: Action) -> Vec<Effect> {
        let Some(tag) = self.focused_tag() else {
            self.say(Tone::Info, "Choose a tag in the tag pane first");
            return Vec::new();
        };
        match action {
            Action::Rename => {
                self.change_source = Some(tag.clone());
                self.input = Some(Input {
                    purpose: Purpose::RenameTag,
                    text: tag,
                });
                Vec::new()
            }
            Action::MergeTag => {
                let names: Vec<String> = self
                    .index()
                    .map(|i| i.visible_tags().map(|t| t.name.clone()).collect())
                    .unwrap_or_default();
                self.popup = Some(Popup::TagPicker(Box::new(TagPicker::new(&tag, names))));
                self.input = Some(Input {
                    purpose: Purpose::MergeInto,
                    text: String::new(),
                });
                Vec::new()
            }
            Action::DeleteTag => vec![Effect::PlanTagOp(TagOp::Delete { tag })],
            _ => Vec::new(),
        }
    }

    /// `R` on post `id`: ask for its new slug (the old one is the start).
    pub(super) fn start_post_rename(&mut self, id: crate::core::post::PostId) -> Vec<Effect> {
        let Some(index) = self.index() else {
            return Vec::new();
        };
        let post = &index.posts[id];
        let slug = post.slug.to_string();
        self.change_source = Some(post.rel_path.to_string());
        self.input = Some(Input {
            purpose: Purpose::RenamePost(id),
            text: slug,
        });
        Vec::new()
    }

    /// Enter in the new-slug field.
    pub(super) fn submit_post_rename(
        &mut self,
        id: crate::core::post::PostId,
        text: &str,
    ) -> Vec<Effect> {
        let Some(rel) = self.change_source.take() else {
            return Vec::new();
        };
        let slug = text.trim().to_owned();
        let unchanged = self.index().is_none_or(|i| *i.posts[id].slug == *slug);
        if unchanged || slug.is_empty() {
            self.say(Tone::Info, "Slug unchanged");
            return Vec::new();
        }
        vec![Effect::PlanRename {
            post: id,
            rel_path: rel,
            slug,
        }]
    }

    /// Enter in the new-name field.
    pub(super) fn submit_tag_rename(&mut self, text: &str) -> Vec<Effect> {
        let Some(from) = self.change_source.take() else {
            return Vec::new();
        };
        let to = text.trim().to_owned();
        if to == from || to.is_empty() {
            self.say(Tone::Info, "Tag unchanged");
            return Vec::new();
        }
        vec![Effect::PlanTagOp(TagOp::Rename { from, to })]
    }

    /// A key typed into the merge picker's field.
    pub(super) fn tag_picker_input(&mut self, edit: &Edit) -> Vec<Effect> {
        let rows = self.viewport.popup_rows();
        let Some(Popup::TagPicker(picker)) = self.popup.as_mut() else {
            self.input = None;
            return Vec::new();
        };
        let len = picker.shown.len();
        match edit {
            Edit::Down => picker.list.move_by(1, len, rows),
            Edit::Up => picker.list.move_by(-1, len, rows),
            Edit::Cancel => {
                self.input = None;
                self.popup = None;
            }
            Edit::Submit => {
                let op = picker.selected().map(|into| TagOp::Merge {
                    from: picker.from.clone(),
                    into: into.to_owned(),
                });
                self.input = None;
                self.popup = None;
                return op.map(Effect::PlanTagOp).into_iter().collect();
            }
            Edit::Complete => {}
            edit => {
                if let Some(input) = self.input.as_mut()
                    && edit.apply(&mut input.text)
                {
                    picker.filter(&input.text);
                }
            }
        }
        Vec::new()
    }

    /// The plan arrived: show it, or say why there is none.
    pub(super) fn planned(&mut self, result: Result<Box<Preview>, String>) -> Vec<Effect> {
        match result {
            Ok(preview) if preview.changes.is_empty() => {
                self.say(
                    Tone::Info,
                    format!("{}: nothing to change", preview.description),
                );
            }
            Ok(preview) => {
                let n = preview.changes.files.len();
                self.say(
                    Tone::Info,
                    format!(
                        "{}: {n} file{} change · y applies, Esc cancels",
                        preview.description,
                        if n == 1 { "" } else { "s" }
                    ),
                );
                self.popup = Some(Popup::Preview(preview));
            }
            Err(why) => self.say(Tone::Error, why),
        }
        Vec::new()
    }

    /// Keys over the preview: scroll, apply (`y`, Enter) or cancel.
    pub(super) fn preview_action(&mut self, action: Action) -> Vec<Effect> {
        let rows = self.viewport.popup_rows();
        let Some(Popup::Preview(preview)) = self.popup.as_mut() else {
            return Vec::new();
        };
        let last = preview.lines.len().saturating_sub(rows);
        match action {
            Action::MoveDown => preview.scroll = (preview.scroll + 1).min(last),
            Action::MoveUp => preview.scroll = preview.scroll.saturating_sub(1),
            Action::PageDown => preview.scroll = (preview.scroll + rows).min(last),
            Action::PageUp => preview.scroll = preview.scroll.saturating_sub(rows),
            Action::MoveTop => preview.scroll = 0,
            Action::MoveBottom => preview.scroll = last,
            Action::Confirm | Action::Choose => {
                if let Some(Popup::Preview(preview)) = self.popup.take() {
                    let Preview {
                        description,
                        changes,
                        renamed,
                        ..
                    } = *preview;
                    self.pending_rename = renamed;
                    self.say(Tone::Info, format!("{description}…"));
                    return vec![Effect::ApplyChanges {
                        description,
                        changes,
                    }];
                }
            }
            Action::Back => {
                self.popup = None;
                self.say(Tone::Info, "Cancelled: nothing was changed");
            }
            _ => {}
        }
        Vec::new()
    }

    /// The change was made (or undone): say so and re-read what it wrote.
    pub(super) fn changes_applied(
        &mut self,
        description: &str,
        result: Result<Vec<std::path::PathBuf>, String>,
    ) -> Vec<Effect> {
        match result {
            Ok(paths) => {
                let n = paths.len();
                self.say(
                    Tone::Info,
                    format!(
                        "Done: {description} ({n} file{})",
                        if n == 1 { "" } else { "s" }
                    ),
                );
                let mut effects = vec![Effect::ReindexPaths(paths)];
                if let Some((old, new)) = self.pending_rename.clone() {
                    self.memory.rename(&old, &new);
                    effects.extend(self.follow_rename_mark(&old, &new));
                }
                effects
            }
            Err(why) => {
                self.pending_rename = None;
                self.say(Tone::Error, format!("{description} failed: {why}"));
                Vec::new()
            }
        }
    }

    /// Route a site-change message.
    pub(super) fn site_change_msg(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Planned(result) => self.planned(result),
            Msg::ChangesApplied {
                description,
                result,
            } => self.changes_applied(&description, result),
            _ => Vec::new(),
        }
    }
}
