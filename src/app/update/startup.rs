//! Start-up in two steps: an early index from the index cache shows the list at once, then
//! the full index replaces it on the same posts. Until then, progress is counted and edits
//! wait (the early index may be stale: a site-wide change planned on it could miss posts).

use super::super::reader::Reader;
use super::super::{Action, App, Content, Effect, IndexProgress, Tone};
use crate::render::document::renders_alike;

impl App {
    /// The cache's index: show it, keeping a post to open for the full index when the cache
    /// does not know it yet.
    pub(super) fn indexed_early(&mut self, content: Content) -> Vec<Effect> {
        let unknown = self
            .open_on_start
            .as_ref()
            .is_some_and(|p| content.index.find(&p.display().to_string()).is_none());
        let held = if unknown {
            self.open_on_start.take()
        } else {
            None
        };
        let effects = if self.content.is_some() {
            self.reindexed(content)
        } else {
            self.indexed(content)
        };
        if held.is_some() {
            self.open_on_start = held;
        }
        let progress = self.indexing.get_or_insert_with(IndexProgress::default);
        progress.early = true;
        effects
    }

    /// The full index: replace the early one on the same posts, or show it.
    pub(super) fn indexed_full(&mut self, content: Content) -> Vec<Effect> {
        self.indexing = None;
        if self.content.is_none() {
            return self.indexed(content);
        }
        // The open post was read from disk, not from the cache: when the full index says
        // the same about it, its text and rendering (or the rendering under way) stay.
        let kept = self.reader_rendering_alike(&content);
        let mut effects = self.reindexed(content);
        if kept.is_some() {
            self.reader = kept;
        }
        if let Some(path) = self.open_on_start.take() {
            let found = self
                .index()
                .and_then(|index| index.find(&path.display().to_string()));
            match found {
                Some(id) => {
                    self.library.select_post(id, self.viewport.list_rows());
                    effects.extend(self.open_post(id, None, false));
                }
                None => self.say(
                    Tone::Error,
                    format!("{} is not a post here", path.display()),
                ),
            }
        }
        if let Some(action) = self.after_index.take() {
            // The "still indexing" note has served its purpose.
            self.message = None;
            effects.extend(self.action(action));
        }
        effects
    }

    /// The reader, taken out, when its post keeps its id in `content` and renders alike
    /// there (see [`renders_alike`]).
    fn reader_rendering_alike(&mut self, content: &Content) -> Option<Reader> {
        let old = self.content.as_ref()?;
        let id = self.reader.as_ref()?.post;
        let rel = &old.index.posts.get(id)?.rel_path;
        let same = content.index.lookup.by_path.get(rel) == Some(&id)
            && renders_alike(&old.index, id, &content.index, id);
        if same { self.reader.take() } else { None }
    }

    /// Whether the screen folio was started for is up: the index arrived (or failed) and
    /// the post to open, if any, shows its text (or why it cannot), or that post waits for
    /// the full index (the cache's does not know it). Work the first frame does not need
    /// (watching the site, checking the cache's index) waits for this.
    pub fn first_screen_shown(&self) -> bool {
        let indexed = self.content.is_some() || self.load_error.is_some();
        let waits_for_full = self.open_on_start.is_some() && self.indexing.is_some();
        let post_shown = self
            .reader
            .as_ref()
            .is_none_or(|r| !r.doc.lines.is_empty() || r.error.is_some());
        indexed && (waits_for_full || (self.open_on_start.is_none() && post_shown))
    }

    /// The background index has read `done` of `total` posts.
    pub(super) fn index_progress(&mut self, done: usize, total: usize) {
        if let Some(progress) = self.indexing.as_mut() {
            progress.done = done;
            progress.total = total;
        }
    }

    /// Whether `action` must wait for the full index (it writes, and the index showing is
    /// an early listing); says so, and keeps it to do when the full index arrives.
    pub(super) fn waits_for_index(&mut self, action: Action) -> bool {
        let writes = matches!(
            action,
            Action::Edit
                | Action::EditTags
                | Action::NewPost
                | Action::EditExternally
                | Action::Rename
                | Action::MergeTag
                | Action::DeleteTag
                | Action::ToggleReviewed
        );
        writes && self.defer_until_indexed(action, "the edit follows")
    }

    /// Whether the index showing is an early listing (no link resolved yet, edits unsafe):
    /// then `action` is kept to do when the full index arrives, and the message says that
    /// `what` follows then.
    pub(super) fn defer_until_indexed(&mut self, action: Action, what: &str) -> bool {
        let Some(progress) = self.indexing.filter(|p| p.early) else {
            return false;
        };
        self.say(
            Tone::Info,
            format!(
                "Still indexing ({} of {} posts); {what} once it is done",
                progress.done, progress.total
            ),
        );
        self.after_index = Some(action);
        true
    }
}
