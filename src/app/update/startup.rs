//! Start-up in two steps: an early index from the index cache shows the list at once, then
//! the full index replaces it on the same posts. Until then, progress is counted and edits
//! wait (the early index may be stale: a site-wide change planned on it could miss posts).
//! `folio POST.md` comes before both: the post shows from a one-post index of its own, and
//! each index after it keeps the reader on that post, at the same place.

use std::path::Path;
use std::sync::Arc;

use super::super::reader::Reader;
use super::super::{Action, App, Content, Effect, IndexProgress, Tone};
use crate::core::index::Index;
use crate::core::post::{Post, PostId};
use crate::core::site_config::SiteConfig;
use crate::core::source::SourceText;
use crate::render::document::renders_alike;

impl App {
    /// `folio POST.md` before any index: show the post from a listing of it alone (no
    /// link resolved, no check run, the site's settings not read yet: what the cache's
    /// early index shows of a post), so its first screen waits for nothing else.
    pub(super) fn post_before_index(
        &mut self,
        path: &Path,
        rel_path: String,
        source: SourceText,
    ) -> Vec<Effect> {
        if self.content.is_some() || self.load_error.is_some() {
            // The index came first: it opens the post itself.
            return Vec::new();
        }
        let config = SiteConfig::default();
        // The front matter is all the first screen shows of the post besides its text.
        let mut post = Post::from_front_matter(&rel_path, &source, &config.link_templates);
        post.keep_os_path(path);
        let text = Arc::new(source.text);
        let index = Index::listing(&self.root, config, vec![Arc::new(post)].into());
        let content = Content::of(Arc::new(index));
        self.library.load(&content.index, &content.catalog);
        self.content = Some(content);
        let id = PostId::new(0);
        self.library.select_post(id, self.viewport.list_rows());
        let mut effects = self.open_post(id, None, false);
        // The text is here already: nothing to read again.
        effects.retain(|e| !matches!(e, Effect::LoadPost { .. }));
        if let Some(reader) = self.reader.as_mut() {
            reader.text = Some(text);
        }
        self.open_on_start = None;
        self.shown_before_index = Some(rel_path);
        // Edits wait for the full index, as they do on the cache's.
        self.indexing
            .get_or_insert_with(IndexProgress::default)
            .early = true;
        effects.extend(self.render_reader());
        effects
    }

    /// The cache's index: show it, keeping a post to open for the full index when the cache
    /// does not know it yet.
    pub(super) fn indexed_early(&mut self, content: Content) -> Vec<Effect> {
        if let Some(rel) = &self.shown_before_index {
            if !content.index.lookup.by_path.contains_key(rel.as_str()) {
                // The cache does not know the post showing: it stays until the full index.
                self.indexing
                    .get_or_insert_with(IndexProgress::default)
                    .early = true;
                return Vec::new();
            }
            return self.replace_keeping_reader(content);
        }
        // A first page holds only the newest posts (of those read so far, while a first
        // run streams them): one that leaves out the post being read would close it. The
        // page on screen stays until a list that holds the post, or the full index.
        let reading = self
            .reader
            .as_ref()
            .zip(self.index())
            .and_then(|(reader, index)| index.posts.get(reader.post))
            .map(|post| post.rel_path.clone());
        if let Some(rel) = reading
            && content.index.totals.is_some()
            && !content.index.lookup.by_path.contains_key(&*rel)
        {
            return Vec::new();
        }
        let unknown = self
            .open_on_start
            .as_ref()
            .is_some_and(|p| content.index.find(&p.display().to_string()).is_none());
        let held = if unknown {
            self.open_on_start.take()
        } else {
            None
        };
        let cursor = self.preview_cursor();
        let effects = if self.content.is_some() {
            self.reindexed(content)
        } else {
            self.indexed(content)
        };
        self.restore_preview_cursor(cursor);
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
        let shown = self.shown_before_index.take();
        // A large site's first page is followed by the full index (no listing between).
        let cursor = self.preview_cursor();
        let mut effects = self.replace_keeping_reader(content);
        self.restore_preview_cursor(cursor);
        if let Some(rel) = shown
            && self
                .index()
                .is_some_and(|i| !i.lookup.by_path.contains_key(rel.as_str()))
        {
            self.say(Tone::Error, format!("{rel} is not a post here"));
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
            // The "still indexing" note has served its purpose (another message stays).
            if self
                .message
                .as_ref()
                .is_some_and(|(_, text)| text.starts_with("Still indexing"))
            {
                self.message = None;
            }
            effects.extend(self.action(action));
        }
        effects
    }

    /// Where the list's cursor goes once a fuller list replaces the early one showing (a
    /// first page, of the site or of the posts read so far, or a listing: none checked
    /// yet), asked before it is replaced; see [`App::restore_preview_cursor`].
    fn preview_cursor(&self) -> PreviewCursor {
        let untouched = self.content.as_ref().is_some_and(|c| !c.index.checked)
            && self.library.posts.cursor == 0;
        PreviewCursor {
            last_post: untouched.then(|| self.memory.last_post.clone()).flatten(),
            top: untouched && self.reader.is_none(),
        }
    }

    /// Put the cursor where `cursor` says: on the post read last when the new list has it,
    /// else (nothing open) on the top post, not on the post that happened to be on top of
    /// the preview, further down the longer list.
    fn restore_preview_cursor(&mut self, cursor: PreviewCursor) {
        let rows = self.viewport.list_rows();
        if cursor.top {
            let len = self.library.visible_posts().len();
            self.library.posts.set(0, len, rows);
        }
        if let Some(id) = cursor
            .last_post
            .and_then(|p| self.index()?.lookup.by_path.get(p.as_str()).copied())
        {
            self.library.select_post(id, rows);
        }
    }

    /// Replace the index showing by `content`, on the same posts. The open post was read
    /// from disk, not from the index: when `content` says the same about it, its text and
    /// rendering (or the rendering under way) stay.
    fn replace_keeping_reader(&mut self, content: Content) -> Vec<Effect> {
        let kept = self.reader_rendering_alike(&content);
        let effects = self.reindexed(content);
        if kept.is_some() {
            self.reader = kept;
        }
        effects
    }

    /// The reader, taken out and moved to its post's id in `content`, when the post
    /// renders alike there (see [`renders_alike`]). A rendering under way keeps the id it
    /// was asked for, so a reader with one is kept only when the id stays.
    fn reader_rendering_alike(&mut self, content: &Content) -> Option<Reader> {
        let old = self.content.as_ref()?;
        let reader = self.reader.as_ref()?;
        let id = reader.post;
        let rel = &old.index.posts.get(id)?.rel_path;
        let new_id = *content.index.lookup.by_path.get(rel.as_ref())?;
        let same = (new_id == id || reader.rendering.is_none())
            && renders_alike(&old.index, id, &content.index, new_id);
        let mut kept = if same { self.reader.take() } else { None }?;
        kept.post = new_id;
        Some(kept)
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

    /// Whether the index showing is an early listing or a post shown before the index (no
    /// link resolved yet, edits unsafe): then `action` is kept to do when the full index
    /// arrives, and the message says that `what` follows then.
    pub(super) fn defer_until_indexed(&mut self, action: Action, what: &str) -> bool {
        let early = self.indexing.filter(|p| p.early);
        let unchecked = self.index().is_some_and(|i| !i.checked);
        if early.is_none() && !unchecked {
            return false;
        }
        let counted = early
            .filter(|p| p.total > 0)
            .map(|p| format!(" ({} of {} posts)", p.done, p.total))
            .unwrap_or_default();
        self.say(
            Tone::Info,
            format!("Still indexing{counted}; {what} once it is done"),
        );
        self.after_index = Some(action);
        true
    }
}

/// A user who had not moved in a preview (its cursor on the top post): the post read last,
/// to select when the list replacing the preview has it, and whether to go back to the top
/// (no post open).
struct PreviewCursor {
    last_post: Option<String>,
    top: bool,
}
