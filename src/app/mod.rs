//! The application model: state, the [`Msg`]s that change it, and the [`Effect`]s it asks
//! the runtime to perform. `update` does no I/O: reading a post, opening a URL or copying
//! to the clipboard are effects, and their results come back as messages.

pub mod action;
pub mod fuzzy;
pub mod help;
pub mod history;
pub mod input;
pub mod key;
pub mod keymap;
pub mod library;
pub mod list_cursor;
pub mod memory;
pub mod popup;
pub mod reader;
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

/// Which screen is showing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Screen {
    /// Tags and posts.
    #[default]
    Library,
    /// One post.
    Reader,
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
    /// Indexing failed.
    IndexFailed(String),
    /// A post's text was read (or could not be).
    PostLoaded {
        /// The post.
        post: PostId,
        /// Its text, or why it could not be read.
        text: Result<String, String>,
    },
    /// Something the runtime wants to tell the user (an effect failed, say).
    Notice(Tone, String),
    /// Full-text search results.
    SearchDone {
        /// Which search they belong to.
        generation: u64,
        /// The hits.
        hits: Vec<SearchHit>,
    },
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
    /// Save what to remember and exit.
    Quit,
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
