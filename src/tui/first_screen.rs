//! `folio POST.md`: the post's first screen, drawn before any thread starts (the index,
//! the watch, the input reader) from its own file alone; the index and the rest arrive
//! afterwards through the event loop. Reading that one file is all it does besides
//! taking over the terminal: the model builds the screen (see [`Msg::PostBeforeIndex`]).

use std::path::Path;
use std::time::Instant;

use anyhow::{Context as _, Result};

use super::terminal::{self, TerminalGuard};
use crate::app::{App, Effect, Msg};
use crate::core::discovery;

/// Take over the terminal and, for `folio POST.md`, draw the post's first screen before
/// any thread starts (the index, the watch, the input reader): it needs only its own file.
/// The terminal, its size, and what that screen asked for (a large post's whole rendering,
/// say).
pub fn draw(
    app: &mut App,
    root: &Path,
    started: Instant,
) -> Result<(TerminalGuard, ratatui::layout::Size, Vec<Effect>)> {
    // The timing log (`FOLIO_LOG=debug`): milliseconds since `run` started.
    let ms = || started.elapsed().as_secs_f64() * 1000.0;
    let before_index = app
        .open_on_start
        .as_deref()
        .and_then(|p| read_before_index(root, p));
    tracing::debug!(ms = ms(), "post read");
    let mut guard = terminal::setup().context("cannot set up the terminal")?;
    let size = guard.terminal.size()?;
    app.update(Msg::Resize(size.width, size.height));
    tracing::debug!(ms = ms(), "terminal set up");
    let mut effects = Vec::new();
    if let Some(msg) = before_index {
        effects = app.update(msg);
        tracing::debug!(ms = ms(), "post shown in the model");
        guard.terminal.draw(|frame| crate::ui::draw(app, frame))?;
        tracing::debug!(ms = ms(), "first screen drawn");
    }
    Ok((guard, size, effects))
}

/// `folio POST.md`: the post's text, read before anything else for its first screen (see
/// [`Msg::PostBeforeIndex`]). `None` when it is no markdown file under `root` or cannot be
/// read as text: the index opens it then, or says why not.
pub fn read_before_index(root: &Path, path: &Path) -> Option<Msg> {
    if !discovery::is_markdown(path) {
        return None;
    }
    let rel = path.strip_prefix(root.canonicalize().ok()?).ok()?;
    let source = crate::core::source::read(path).ok()?;
    Some(Msg::PostBeforeIndex {
        // As the index names it: under the root as given.
        path: root.join(rel),
        rel_path: discovery::rel_path_string(rel),
        source,
    })
}
