//! The application model: state, the [`Msg`]s that change it, and the [`Effect`]s it asks
//! the runtime to perform. `update` does no I/O: reading a post, opening a URL or copying
//! to the clipboard are effects, and their results come back as messages.

pub mod action;
pub mod editor;
pub mod editor_prompt;
pub mod fuzzy;
pub mod fuzzy_ascii;
pub mod help;
pub mod history;
pub mod input;
pub mod journal;
pub mod key;
pub mod keymap;
pub mod library;
pub mod list_cursor;
pub mod memory;
pub mod palette;
pub mod popup;
pub mod problems;
pub mod reader;
pub mod review;
pub mod site_change;
pub mod stand_in;
pub mod text_search;
pub mod update;
pub mod user_config;
pub mod viewport;

use std::path::PathBuf;
use std::sync::Arc;

use crate::core::catalog::Catalog;
use crate::core::index::Index;
use crate::core::post::PostId;

use self::history::History;
use self::input::Input;
use self::keymap::Keymap;
use self::library::Library;
use self::memory::Memory;
use self::popup::Popup;
use self::reader::Reader;
use self::text_search::SearchHit;
use self::viewport::Viewport;

pub use self::action::Action;

/// The indexed content: shared with background workers.
#[derive(Clone, Debug)]
pub struct Content {
    /// The index.
    pub index: Arc<Index>,
    /// Precomputed list orders.
    pub catalog: Arc<Catalog>,
}

impl Content {
    /// `index` with its catalog built.
    pub fn of(index: Arc<Index>) -> Content {
        let catalog = Arc::new(Catalog::build(&index));
        Content { index, catalog }
    }

    /// `index`, made from this content's index by a re-index, with its catalog: this
    /// catalog's lists are kept when no post changed what they are built from.
    #[must_use]
    pub fn after_change(&self, index: Arc<Index>) -> Content {
        let catalog = Arc::new(self.catalog.after_change(&self.index, &index));
        Content { index, catalog }
    }
}

/// Which screen is showing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Screen {
    /// Tags and posts.
    #[default]
    Library,
    /// One post.
    Reader,
    /// The editor.
    Editor,
    /// Every problem of the site.
    Problems,
}

/// What to do once a save succeeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterSave {
    /// Keep editing.
    Stay,
    /// Close the editor.
    Close,
    /// Quit folio.
    Quit,
}

/// Why a save did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveFailure {
    /// The file changed on disk; what it looks like now (`None`: deleted).
    Conflict(Option<crate::core::save::Snapshot>),
    /// Writing failed; the file is untouched.
    Io(String),
}

/// Where the background index is, while it is being built.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexProgress {
    /// Posts read or taken from the cache.
    pub done: usize,
    /// Posts found (0 until the walk is done).
    pub total: usize,
    /// The index showing is the cache's: what the last run saw.
    pub early: bool,
}

/// How serious a status message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Neutral information.
    Info,
    /// Something did not work.
    Error,
}

/// Everything that can change the model.
#[derive(Debug)]
pub enum Msg {
    /// A user intent (from a key or the mouse).
    Action(Action),
    /// A key pressed while a text field has the keyboard.
    Input(input::Edit),
    /// The terminal was resized.
    Resize(u16, u16),
    /// Mouse wheel: positive scrolls down.
    Scroll {
        /// Lines to scroll.
        lines: isize,
    },
    /// A click at a screen cell.
    Click {
        /// Column.
        column: u16,
        /// Row.
        row: u16,
    },
    /// The background index is ready.
    Indexed(Content),
    /// An index of what the index cache holds, shown at once while the real one is built
    /// (edits wait for [`Msg::Indexed`]).
    IndexedEarly(Content),
    /// How far the background index is.
    IndexProgress {
        /// Posts read or taken from the cache.
        done: usize,
        /// Posts found.
        total: usize,
    },
    /// Indexing failed.
    IndexFailed(String),
    /// `folio POST.md`: the post's file, read before anything else so its first screen
    /// needs no index. The post shows at once from a one-post index of its own; the real
    /// index replaces that one on the same post, at the same place.
    PostBeforeIndex {
        /// The post's file (as `open_on_start` names it).
        path: PathBuf,
        /// Its path relative to the content root.
        rel_path: String,
        /// Its text.
        source: crate::core::source::SourceText,
    },
    /// A post's text was read (or could not be).
    PostLoaded {
        /// The post.
        post: PostId,
        /// Its text, or why it could not be read.
        text: Result<String, String>,
    },
    /// Something the runtime wants to tell the user (an effect failed, say).
    Notice(Tone, String),
    /// The code grammars are loaded: code blocks can be highlighted.
    GrammarsLoaded,
    /// A post rendered on a worker.
    Rendered {
        /// The post.
        post: PostId,
        /// The width it was rendered for.
        width: usize,
        /// The rendering.
        doc: Box<crate::render::markdown::Rendered>,
    },
    /// A key pressed in the editor that the keymap does not bind: it edits the text.
    EditorKey(crossterm::event::KeyEvent),
    /// An answer to an editor prompt (`\u{1b}` for Esc).
    Answer(char),
    /// A file was read for editing.
    EditorOpened(Result<Box<editor::Opened>, String>),
    /// A save finished.
    Saved {
        /// The file.
        path: PathBuf,
        /// The new snapshot and the text written, or why not.
        result: Result<(crate::core::save::Snapshot, String), SaveFailure>,
        /// What to do next.
        then: AfterSave,
    },
    /// The edits were saved beside the file (or could not be).
    SavedBeside(Result<PathBuf, String>),
    /// The edits were saved elsewhere, at a path the user gave ([`Effect::SaveAs`]).
    SavedAs {
        /// Where.
        path: PathBuf,
        /// The new snapshot and the text written, or why not.
        result: Result<(crate::core::save::Snapshot, String), SaveFailure>,
    },
    /// The file being edited changed on disk; what it looks like now (`None`: gone).
    DiskChanged(PathBuf, Option<crate::core::save::Snapshot>),
    /// The index was updated after a file changed.
    Reindexed(Content),
    /// A quick tag edit was saved (or not).
    TagsSaved(Result<String, String>),
    /// A new post was written (or not).
    PostCreated(Result<PathBuf, String>),
    /// About four times a second: timers for journalling and watching the file.
    Tick,
    /// Full-text search results.
    SearchDone {
        /// Which search they belong to.
        generation: u64,
        /// The hits.
        hits: Vec<SearchHit>,
    },
    /// A background job panicked; folio goes on without its result.
    WorkerFailed {
        /// What the job was ([`Effect::name`]).
        job: &'static str,
        /// The post it was for, if any.
        post: Option<PostId>,
        /// The panic's message.
        message: String,
    },
    /// A journal write finished: `Err` says why unsaved edits are not protected.
    Journalled(Result<(), String>),
    /// Text pasted into the terminal (bracketed paste): one insert, never keys.
    Paste(String),
    /// Files under the root changed outside folio (from the watcher, debounced).
    FilesChanged(Vec<PathBuf>),
    /// A site-wide change was planned (or could not be).
    Planned(Result<Box<site_change::Preview>, String>),
    /// A planned change was applied: the files written (or why nothing was).
    ChangesApplied {
        /// What it did.
        description: String,
        /// The files written and moved to, or why nothing changed.
        result: Result<Vec<PathBuf>, String>,
    },
    /// An answer to a [`review::ReviewEffect`].
    Review(review::ReviewMsg),
}

/// I/O the runtime performs for `update`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Read a post's file and answer with [`Msg::PostLoaded`].
    LoadPost {
        /// The post.
        post: PostId,
        /// Its file.
        path: PathBuf,
    },
    /// Search every post's text and answer with [`Msg::SearchDone`].
    Search {
        /// Identifies this search.
        generation: u64,
        /// What to look for.
        query: String,
    },
    /// Open an http(s) or mailto URL with the system opener.
    OpenUrl(String),
    /// Put text on the clipboard with OSC 52.
    Copy(String),
    /// Load the code grammars on a worker and answer with [`Msg::GrammarsLoaded`].
    LoadGrammars,
    /// Render a large post on a worker and answer with [`Msg::Rendered`].
    Render {
        /// The post.
        post: PostId,
        /// Its text.
        text: std::sync::Arc<String>,
        /// The width to render for.
        width: usize,
    },
    /// Read a post for editing and answer with [`Msg::EditorOpened`].
    OpenEditor {
        /// The post, if indexed.
        post: Option<PostId>,
        /// Its file.
        path: PathBuf,
    },
    /// Save `bytes` if the file still matches `expected`; answer with [`Msg::Saved`].
    Save {
        /// The file.
        path: PathBuf,
        /// What to write.
        bytes: Vec<u8>,
        /// The text written (without BOM).
        text: String,
        /// What the file must still look like (`None`: it must not exist).
        expected: Option<crate::core::save::Snapshot>,
        /// What to do after.
        then: AfterSave,
    },
    /// Save `bytes` as a new file beside `path`; answer with [`Msg::SavedBeside`].
    SaveBeside {
        /// The file the edits belong to.
        path: PathBuf,
        /// What to write.
        bytes: Vec<u8>,
    },
    /// Save the edits at another path, which must not exist (`expected: None`) or must
    /// still be as the user agreed to overwrite; answer with [`Msg::SavedAs`].
    SaveAs {
        /// Where.
        path: PathBuf,
        /// What to write.
        bytes: Vec<u8>,
        /// The text written (without BOM).
        text: String,
        /// What the file there must look like (`None`: nothing there).
        expected: Option<crate::core::save::Snapshot>,
    },
    /// Write unsaved edits to the recovery journal.
    Journal(journal::Journal),
    /// Forget the journal of a file.
    ClearJournal(PathBuf),
    /// Check whether a file still matches its snapshot; answer with [`Msg::DiskChanged`].
    CheckDisk {
        /// The file.
        path: PathBuf,
        /// What it looked like.
        snapshot: crate::core::save::Snapshot,
    },
    /// Re-read a file into the index; answer with [`Msg::Reindexed`].
    Reindex(PathBuf),
    /// Rewrite only the `tags` field of a post; answer with [`Msg::TagsSaved`].
    SetTags {
        /// The file.
        path: PathBuf,
        /// The new tags.
        tags: Vec<String>,
    },
    /// Write a new post from the template; answer with [`Msg::PostCreated`].
    CreatePost {
        /// Where.
        path: PathBuf,
        /// Its title.
        title: String,
        /// Tags to start with.
        tags: Vec<String>,
    },
    /// Suspend the UI and edit a file in `$VISUAL` / `$EDITOR`.
    EditExternally {
        /// The file.
        path: PathBuf,
        /// The 1-based line to open at, for editors that take `+LINE`.
        line: Option<usize>,
    },
    /// Work out the files renaming a post touches; answer with [`Msg::Planned`].
    PlanRename {
        /// The post.
        post: PostId,
        /// Its path relative to the root (checked against the index the plan is made on).
        rel_path: String,
        /// The new slug.
        slug: String,
    },
    /// Work out the files a tag change touches; answer with [`Msg::Planned`].
    PlanTagOp(crate::core::tag_ops::TagOp),
    /// Apply a planned change, all or nothing; answer with [`Msg::ChangesApplied`].
    ApplyChanges {
        /// What it does, for the message.
        description: String,
        /// The changes.
        changes: crate::core::change_set::ChangeSet,
    },
    /// Re-read these files into the index in one go; answer with [`Msg::Reindexed`].
    ReindexPaths(Vec<PathBuf>),
    /// Build the whole index again (the site's settings changed); answer with
    /// [`Msg::Reindexed`].
    Rebuild,
    /// Capture the mouse (`true`) or give it back to the terminal.
    SetMouseCapture(bool),
    /// Save what to remember and exit.
    Quit,
    /// Load, hash or save review marks; answer with [`Msg::Review`].
    Review(review::ReviewEffect),
}

impl Effect {
    /// A short name for messages ("rendering", "search").
    pub fn name(&self) -> &'static str {
        match self {
            Effect::LoadPost { .. } => "reading a post",
            Effect::Search { .. } => "searching",
            Effect::OpenUrl(_) => "opening a link",
            Effect::Copy(_) => "copying",
            Effect::Render { .. } => "rendering",
            Effect::LoadGrammars => "loading code grammars",
            Effect::OpenEditor { .. } => "opening the editor",
            Effect::Save { .. } | Effect::SaveBeside { .. } | Effect::SaveAs { .. } => "saving",
            Effect::Journal(_) | Effect::ClearJournal(_) => "journalling",
            Effect::CheckDisk { .. } => "watching the file",
            Effect::Reindex(_) => "re-indexing",
            Effect::SetTags { .. } => "saving tags",
            Effect::CreatePost { .. } => "creating a post",
            Effect::EditExternally { .. } => "running the external editor",
            Effect::SetMouseCapture(_) => "switching the mouse",
            Effect::PlanTagOp(_) | Effect::PlanRename { .. } => "planning the change",
            Effect::ApplyChanges { .. } => "changing the site",
            Effect::ReindexPaths(_) | Effect::Rebuild => "re-indexing",
            Effect::Review(_) => "keeping review marks",
            Effect::Quit => "quitting",
        }
    }

    /// The post the effect is about, if it is about one.
    pub fn post(&self) -> Option<PostId> {
        match self {
            Effect::LoadPost { post, .. } | Effect::Render { post, .. } => Some(*post),
            Effect::OpenEditor { post, .. } => *post,
            _ => None,
        }
    }
}

/// Where the grammars for highlighting code are: loaded on a worker only once a post with a
/// language-tagged code block is shown, and never under the mono theme or `NO_COLOR`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grammars {
    /// Not asked for yet.
    #[default]
    NotLoaded,
    /// Being loaded.
    Loading,
    /// Loaded: code blocks are highlighted.
    Loaded,
}

/// The whole application state.
#[derive(Debug)]
pub struct App {
    /// The content root.
    pub root: PathBuf,
    /// Key bindings.
    pub keymap: Keymap,
    /// Terminal geometry.
    pub viewport: Viewport,
    /// The index, once built.
    pub content: Option<Content>,
    /// Why indexing failed.
    pub load_error: Option<String>,
    /// The screen showing.
    pub screen: Screen,
    /// The library's lists.
    pub library: Library,
    /// The reader, once a post was opened.
    pub reader: Option<Reader>,
    /// Back/forward history.
    pub history: History,
    /// An open pop-up.
    pub popup: Option<Popup>,
    /// A text field that has the keyboard.
    pub input: Option<Input>,
    /// A status line message, cleared by the next key.
    pub message: Option<(Tone, String)>,
    /// What is remembered between runs.
    pub memory: Memory,
    /// A post to open as soon as the index is ready (`folio POST.md`).
    pub open_on_start: Option<PathBuf>,
    /// The latest full-text search.
    pub search_generation: u64,
    /// Whether colours are off (`NO_COLOR` or the mono theme).
    pub monochrome: bool,
    /// Whether the grammars that highlight code are loaded.
    pub grammars: Grammars,
    /// The editor, when open.
    pub editor: Option<editor::Editor>,
    /// The screen to return to when the editor closes.
    pub before_editor: Screen,
    /// Ticks since start (about four a second).
    pub ticks: u64,
    /// A new post to open in the editor once it is indexed.
    pub edit_when_indexed: Option<PathBuf>,
    /// The problems view (kept while other screens show, so it reopens where it was).
    pub problems: problems::ProblemsView,
    /// The screen the problems view was opened from.
    pub before_problems: Screen,
    /// Where to put the editor's cursor once the post opens (a 1-based file line).
    pub edit_at_line: Option<usize>,
    /// Whether the mouse is captured (off: the terminal's own text selection works).
    pub mouse_captured: bool,
    /// The tag a rename started from (while its new name is typed).
    pub change_source: Option<String>,
    /// Review marks and the library's review filter.
    pub review: review::Review,
    /// The reader's post (relative path) that went away while the editor was open on it:
    /// the reader comes back when it reappears (the editor recreated it).
    pub lost_reader: Option<String>,
    /// A post rename being applied: its relative path before and after, so the re-index
    /// keeps the reader, the selection and history on it.
    pub pending_rename: Option<(String, String)>,
    /// Where the background index is; `None` once it is built.
    pub indexing: Option<IndexProgress>,
    /// An action asked for while the index showing was an early listing (an edit, or one
    /// that needs the links resolved): done when the full index arrives, unless another
    /// action came in between.
    pub after_index: Option<Action>,
    /// The post (its relative path) shown from a one-post index of its own before the
    /// real index arrived (see [`Msg::PostBeforeIndex`]).
    pub shown_before_index: Option<String>,
}

impl App {
    /// A new app for `root`, waiting for its index.
    pub fn new(root: PathBuf, keymap: Keymap, memory: Memory) -> App {
        App {
            root,
            keymap,
            viewport: Viewport::default(),
            content: None,
            load_error: None,
            screen: Screen::Library,
            library: Library::default(),
            reader: None,
            history: History::default(),
            popup: None,
            input: None,
            message: None,
            memory,
            open_on_start: None,
            search_generation: 0,
            monochrome: false,
            grammars: Grammars::default(),
            editor: None,
            before_editor: Screen::Library,
            ticks: 0,
            edit_when_indexed: None,
            problems: problems::ProblemsView::default(),
            before_problems: Screen::Library,
            edit_at_line: None,
            mouse_captured: true,
            change_source: None,
            review: review::Review::default(),
            pending_rename: None,
            lost_reader: None,
            indexing: Some(IndexProgress::default()),
            after_index: None,
            shown_before_index: None,
        }
    }

    /// The index, if ready.
    pub fn index(&self) -> Option<&Index> {
        self.content.as_ref().map(|c| c.index.as_ref())
    }

    /// Set a status message.
    pub fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.message = Some((tone, text.into()));
    }
}
