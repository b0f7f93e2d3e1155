//! `update`: the one place the model changes. A short dispatcher into one module per
//! screen; the I/O it needs is returned as [`Effect`]s.

mod editor;
mod highlighting;
mod input;
mod library;
mod palette;
mod popup;
mod problems;
mod quick_edits;
mod reader;
mod reindex;
mod review;
mod runtime;
mod save_failure;
mod site_changes;
mod startup;

use crossterm::event::KeyEvent;

use super::input::Edit;
use super::key::Chord;
use super::keymap::Context;
use super::library::TagItem;
use super::popup::Popup;
use super::reader::{Landing, Reader};
use super::{Action, App, Content, Effect, Msg, Screen, Tone};
use crate::core::post::PostId;

/// Posts larger than this are rendered on a worker thread, so opening or resizing never
/// blocks on them.
const BACKGROUND_RENDER_BYTES: usize = 256 * 1024;

/// Body lines at least of the first part of a large post, rendered at once so its top
/// shows while the rest renders on a worker (as `less` shows a file's top before reading
/// its end): a few screens, a few milliseconds.
const FIRST_PART_LINES: usize = 400;

impl App {
    /// Turn a key press into a message: text for an open field, else the bound action.
    pub fn key_to_msg(&self, key: KeyEvent) -> Option<Msg> {
        if self.input.is_some() {
            return Edit::from_key(key).map(Msg::Input);
        }
        if let Some(editor) = self.editor.as_ref().filter(|_| self.popup.is_none()) {
            if editor.prompt.is_some() {
                return match key.code {
                    crossterm::event::KeyCode::Esc => Some(Msg::Answer('\u{1b}')),
                    crossterm::event::KeyCode::Char(c) => Some(Msg::Answer(c.to_ascii_lowercase())),
                    _ => None,
                };
            }
            let action = self.keymap.action(Context::Editor, Chord::from_event(key));
            return Some(action.map_or(Msg::EditorKey(key), Msg::Action));
        }
        let action = self.keymap.action(self.context(), Chord::from_event(key));
        match (&self.popup, action) {
            // Help closes on any key that has no meaning there.
            (Some(Popup::Help { .. }), None) => Some(Msg::Action(Action::Back)),
            (_, action) => action.map(Msg::Action),
        }
    }

    /// Where keys are looked up now.
    pub fn context(&self) -> Context {
        match (&self.popup, self.screen) {
            (Some(Popup::Link { .. }), _) => Context::LinkBox,
            (Some(_), _) => Context::Popup,
            (None, Screen::Library) => Context::Library,
            (None, Screen::Reader) => Context::Reader,
            (None, Screen::Editor) => Context::Editor,
            (None, Screen::Problems) => Context::Problems,
        }
    }

    /// Apply one message.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut effects = self.apply(msg);
        effects.extend(self.grammars_wanted());
        effects
    }

    fn apply(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Action(action) => {
                self.message = None;
                self.action(action)
            }
            Msg::Input(edit) => self.edit_input(&edit),
            Msg::Resize(width, height) => {
                self.viewport = super::viewport::Viewport { width, height };
                self.after_resize()
            }
            Msg::Scroll { lines } => self.mouse_scroll(lines),
            Msg::Click { column, row } => self.click(column, row),
            Msg::Indexed(content) => {
                let mut effects = self.indexed_full(content);
                self.refresh_problems();
                effects.extend(self.review_after_index());
                effects
            }
            Msg::IndexedEarly(content) => {
                let mut effects = self.indexed_early(content);
                self.refresh_problems();
                effects.extend(self.review_after_index());
                effects
            }
            Msg::PostBeforeIndex {
                path,
                rel_path,
                source,
            } => self.post_before_index(&path, rel_path, source),
            Msg::IndexProgress { done, total } => {
                self.index_progress(done, total);
                Vec::new()
            }
            Msg::IndexFailed(error) => {
                // A post shown before the index keeps edits waiting: its one-post index
                // must not plan a site-wide change.
                if self.shown_before_index.is_some() {
                    self.say(Tone::Error, format!("Indexing failed: {error}"));
                } else {
                    self.indexing = None;
                }
                self.load_error = Some(error);
                Vec::new()
            }
            Msg::PostLoaded { post, text } => {
                let Some(reader) = self
                    .reader
                    .as_mut()
                    .filter(|r| r.post == post && r.text.is_none())
                else {
                    return Vec::new();
                };
                match text {
                    Ok(text) => reader.text = Some(std::sync::Arc::new(text)),
                    Err(error) => reader.error = Some(error),
                }
                self.render_reader()
            }
            Msg::Rendered { post, width, doc } => self.rendered(post, width, *doc),
            Msg::EditorKey(key) => self.editor_key(key),
            Msg::Answer(c) => self.answer(c),
            Msg::EditorOpened(result) => self.editor_opened(result),
            Msg::Saved { path, result, then } => self.saved(&path, result, then),
            Msg::SavedBeside(result) => self.saved_beside(result),
            Msg::SavedAs { path, result } => self.saved_as(path, result),
            Msg::DiskChanged(path, now) => {
                self.disk_changed(&path, now);
                Vec::new()
            }
            Msg::Reindexed(content) => {
                let mut effects = self.reindexed(content);
                self.refresh_problems();
                effects.extend(self.review_after_index());
                effects
            }
            Msg::TagsSaved(result) => self.tags_saved(result),
            Msg::PostCreated(result) => self.post_created(result),
            Msg::Tick => self.tick(),
            Msg::Journalled(result) => self.journalled(result),
            Msg::WorkerFailed { job, post, message } => self.worker_failed(job, post, &message),
            Msg::Paste(text) => self.paste(text),
            msg @ (Msg::Planned(_) | Msg::ChangesApplied { .. }) => self.site_change_msg(msg),
            Msg::FilesChanged(paths) => self.files_changed(paths),
            Msg::Notice(tone, text) => {
                self.say(tone, text);
                Vec::new()
            }
            Msg::SearchDone { generation, hits } => {
                if generation == self.search_generation
                    && let Some(Popup::Search { hits: slot, .. }) = &mut self.popup
                {
                    *slot = Some(hits);
                }
                Vec::new()
            }
            Msg::Review(msg) => self.review_msg(msg),
            Msg::GrammarsLoaded => self.grammars_loaded(),
        }
    }

    fn action(&mut self, action: Action) -> Vec<Effect> {
        if self.waits_for_index(action) {
            return Vec::new();
        }
        // The user moved on: an edit waiting for the index is not wanted any more.
        self.after_index = None;
        if self.screen == Screen::Editor && self.popup.is_none() {
            return match action {
                Action::ShowHelp => {
                    self.popup = Some(Popup::Help { scroll: 0 });
                    Vec::new()
                }
                other => self.editor_action(other),
            };
        }
        match action {
            Action::Quit | Action::ForceQuit => {
                self.remember_reader();
                vec![Effect::Quit]
            }
            Action::ShowHelp => {
                self.popup = match self.popup {
                    Some(Popup::Help { .. }) => None,
                    _ => Some(Popup::Help { scroll: 0 }),
                };
                Vec::new()
            }
            Action::ShowProblems if self.content.is_some() => self.show_problems(),
            Action::ShowPalette => self.show_palette(),
            Action::ToggleMouse => self.toggle_mouse(),
            Action::SearchAllPosts if self.content.is_some() => {
                self.input = Some(super::input::Input {
                    purpose: super::input::Purpose::SearchAll,
                    text: String::new(),
                });
                Vec::new()
            }
            _ if self.popup.is_some() => self.popup_action(action),
            _ if self.content.is_none() => Vec::new(),
            _ => match self.screen {
                Screen::Library => self.library_action(action),
                Screen::Reader => self.reader_action(action),
                Screen::Editor => self.editor_action(action),
                Screen::Problems => self.problems_action(action),
            },
        }
    }

    fn indexed(&mut self, content: Content) -> Vec<Effect> {
        self.library.load(&content.index, &content.catalog);
        let rows = self.viewport.list_rows();
        let start = self.open_on_start.take();
        let found = start
            .as_ref()
            .map(|path| content.index.find(&path.display().to_string()));
        let last = self
            .memory
            .last_post
            .as_ref()
            .and_then(|p| content.index.lookup.by_path.get(p.as_str()).copied());
        self.content = Some(content);
        match (start, found) {
            (Some(_), Some(Some(id))) => {
                self.library.select_post(id, rows);
                self.open_post(id, None, false)
            }
            (Some(path), _) => {
                self.say(
                    Tone::Error,
                    format!("{} is not a post here", path.display()),
                );
                Vec::new()
            }
            (None, _) => {
                if let Some(id) = last {
                    self.library.select_post(id, rows);
                }
                Vec::new()
            }
        }
    }

    /// Open post `id` in the reader, at `landing` or where it was last left.
    pub fn open_post(
        &mut self,
        id: PostId,
        landing: Option<Landing>,
        push_history: bool,
    ) -> Vec<Effect> {
        let Some(index) = self.index() else {
            return Vec::new();
        };
        let post = &index.posts[id];
        let path = index.path_of(id);
        let landing = landing.unwrap_or_else(|| {
            self.memory
                .position(&post.rel_path)
                .map_or(Landing::Top, Landing::Line)
        });
        if push_history && let Some(place) = self.reader_place() {
            self.history.push(place);
        }
        self.remember_reader();
        self.reader = Some(Reader::new(id, landing));
        self.screen = Screen::Reader;
        self.popup = None;
        vec![Effect::LoadPost { post: id, path }]
    }

    /// Where the reader is now, for history.
    fn reader_place(&self) -> Option<super::history::Place> {
        let reader = self
            .reader
            .as_ref()
            .filter(|_| self.screen == Screen::Reader)?;
        Some(super::history::Place {
            post: reader.post,
            scroll: reader.scroll,
        })
    }

    /// Remember the open post's position for next time.
    fn remember_reader(&mut self) {
        let Some(reader) = self.reader.as_ref().filter(|r| r.text.is_some()) else {
            return;
        };
        let Some(index) = self.content.as_ref().map(|c| c.index.clone()) else {
            return;
        };
        self.memory
            .remember(&index.posts[reader.post].rel_path, reader.scroll);
    }

    /// A rendering from a worker: installed if it is the one the reader waits for, then
    /// rendered again if the terminal was resized or the grammars loaded meanwhile.
    fn rendered(
        &mut self,
        post: PostId,
        width: usize,
        doc: crate::render::markdown::Rendered,
    ) -> Vec<Effect> {
        let rows = self.viewport.reader_rows();
        if let Some(reader) = self
            .reader
            .as_mut()
            .filter(|r| r.post == post && r.rendering == Some(width))
        {
            let note = reader.install(doc, width, rows);
            if std::mem::take(&mut reader.stale) {
                // A width no render has: rendered again below.
                reader.width = 0;
            }
            if let Some(note) = note {
                self.say(Tone::Error, note);
            }
        }
        self.render_reader()
    }

    /// Render the open post for the reader's width: here for small posts, on a worker for
    /// large ones (their first part here when it is what shows, else the old rendering
    /// stays on screen meanwhile).
    fn render_reader(&mut self) -> Vec<Effect> {
        let (width, rows) = (self.viewport.reader_width(), self.viewport.reader_rows());
        let Some(index) = self
            .content
            .as_ref()
            .map(|c| std::sync::Arc::clone(&c.index))
        else {
            return Vec::new();
        };
        let highlighting = self.grammars == super::Grammars::Loaded;
        let Some(reader) = self.reader.as_mut().filter(|r| r.needs_render(width)) else {
            return Vec::new();
        };
        let (note, effects) = match reader.text.clone() {
            Some(text)
                if text.len() > BACKGROUND_RENDER_BYTES
                    || (highlighting && highlighting::has_fence(&text)) =>
            {
                // A large post shows its first part now, when nothing is shown yet or the
                // place shown is in it (a resize near the top); else the old rendering
                // stays until the whole arrives (width 0: the same text rendered again).
                let first_part = text.len() > BACKGROUND_RENDER_BYTES
                    && (reader.doc.lines.is_empty()
                        || (reader.width != 0 && reader.scroll + rows < FIRST_PART_LINES));
                let (whole, note) = if first_part {
                    reader.render_first_part(&index, width, rows, FIRST_PART_LINES)
                } else {
                    (false, None)
                };
                let effects = if whole {
                    Vec::new()
                } else {
                    reader.rendering = Some(width);
                    vec![Effect::Render {
                        post: reader.post,
                        text,
                        width,
                    }]
                };
                (note, effects)
            }
            Some(_) => (reader.render(&index, width, rows), Vec::new()),
            None => (None, Vec::new()),
        };
        if let Some(note) = note {
            self.say(Tone::Error, note);
        }
        effects
    }

    fn after_resize(&mut self) -> Vec<Effect> {
        let rows = self.viewport.reader_rows();
        if let Some(reader) = self.reader.as_mut() {
            reader.clamp(rows);
        }
        let effects = self.render_reader();
        let list_rows = self.viewport.list_rows();
        let (tags, posts) = (
            self.library.tag_items.len(),
            self.library.visible_posts().len(),
        );
        self.library.tags.scroll_into_view(tags, list_rows);
        self.library.posts.scroll_into_view(posts, list_rows);
        let popup_rows = self.viewport.popup_rows();
        let outline_len = self.reader.as_ref().map_or(0, |r| r.doc.headings.len());
        if let Some((list, len)) = self.popup.as_mut().and_then(|p| p.list_mut(outline_len)) {
            list.scroll_into_view(len, popup_rows);
        }
        effects
    }

    fn mouse_scroll(&mut self, lines: isize) -> Vec<Effect> {
        if self.popup.is_some() || self.input.is_some() {
            return Vec::new();
        }
        match self.screen {
            Screen::Editor => {
                if let Some(editor) = self.editor.as_mut() {
                    let key = if lines > 0 {
                        ratatui_textarea::Key::MouseScrollDown
                    } else {
                        ratatui_textarea::Key::MouseScrollUp
                    };
                    editor.focused().input(ratatui_textarea::Input {
                        key,
                        ..Default::default()
                    });
                }
            }
            Screen::Reader => {
                let rows = self.viewport.reader_rows();
                if let Some(reader) = self.reader.as_mut() {
                    reader.scroll_by(lines, rows);
                }
            }
            Screen::Problems => {
                let action = if lines > 0 {
                    Action::MoveDown
                } else {
                    Action::MoveUp
                };
                for _ in 0..lines.unsigned_abs() {
                    self.problems_action(action);
                }
            }
            Screen::Library => {
                let action = if lines > 0 {
                    Action::MoveDown
                } else {
                    Action::MoveUp
                };
                for _ in 0..lines.unsigned_abs() {
                    self.library_action(action);
                }
            }
        }
        Vec::new()
    }

    fn click(&mut self, column: u16, row: u16) -> Vec<Effect> {
        if self.popup.is_some() || self.input.is_some() || self.content.is_none() {
            return Vec::new();
        }
        match self.screen {
            Screen::Library => self.library_click(column, row),
            Screen::Reader => self.reader_click(column, row),
            Screen::Editor | Screen::Problems => Vec::new(),
        }
    }

    /// The tag filter's or post list's current tag, for the status line.
    pub fn current_tag_name(&self) -> Option<&str> {
        match self.library.current_tag() {
            TagItem::All => None,
            TagItem::Tag(t) => self.index().map(|i| i.tags[t].name.as_str()),
        }
    }
}
