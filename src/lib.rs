//! folio: read, review and edit a folder of markdown posts from the terminal.
//!
//! The crate is layered; each layer only depends on the ones above it in this list:
//! - [`core`]: posts, front matter, tags, links, the index and the review checks. No terminal code.
//! - [`render`]: markdown to styled lines for a given width. Pure functions.
//! - [`app`]: the model: state, actions, `update`. No I/O.
//! - [`ui`]: drawing the model into a ratatui frame. Pure.
//! - [`tui`]: the terminal runtime: setup and restore, the event loop, background work.
//! - [`cli`]: the command-line interface (`folio [DIR]`, `folio tags|list|check|show`).

pub mod app;
pub mod cli;
pub mod core;
pub mod render;
pub mod tui;
pub mod ui;
