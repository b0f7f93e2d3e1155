//! `folio show POST [--root DIR] [--width N]`: one post rendered as the reader shows it.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::core::index::Index;
use crate::core::site_config::CONFIG_FILE;
use crate::core::source;
use crate::render::document::{DocumentOptions, render_post};
use crate::render::highlight;

use super::output::{lines_to_text, print};

/// The widest the default wrap gets on a wide terminal (long lines are hard to read).
const MAX_DEFAULT_WIDTH: usize = 100;

/// Print post `post` (a slug or a path), with ANSI colours when `color`.
pub fn show(post: &str, root: Option<&Path>, width: Option<u16>, color: bool) -> Result<ExitCode> {
    let as_path = Path::new(post);
    let is_path = as_path.is_file();
    let root = match root {
        Some(root) => root.to_owned(),
        None if is_path => site_root_of(as_path),
        None => site_root_of(Path::new("./post.md")),
    };
    let index = Index::build(&root)?;
    let Some(id) = index.find(post) else {
        if is_path {
            bail!(
                "{post} is not a post under {} (is it a markdown file inside that folder?)",
                root.display()
            );
        }
        bail!("no post with slug or path `{post}` in {}", root.display());
    };
    let file = &index.path_of(id);
    let text = source::read(file)
        .with_context(|| format!("cannot show {}", file.display()))?
        .text;
    let width = width.map_or_else(default_width, usize::from);
    let options = DocumentOptions { links_footer: true };
    let mut doc = render_post(&index, id, &text, width, options);
    // Code is highlighted only in colour, and the grammars are loaded only for a post
    // whose code names a language.
    if color && doc.code_languages && !highlight::is_loaded() {
        highlight::load();
        doc = render_post(&index, id, &text, width, options);
    }
    print(&lines_to_text(&doc.lines, color))?;
    Ok(ExitCode::SUCCESS)
}

/// The content root for a file: the nearest folder above it holding a `folio.toml`, else
/// the file's own folder.
pub fn site_root_of(file: &Path) -> PathBuf {
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let absolute = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    absolute
        .ancestors()
        .find(|d| d.join(CONFIG_FILE).is_file())
        .map_or(absolute.clone(), Path::to_owned)
}

fn default_width() -> usize {
    if std::io::stdout().is_terminal() {
        crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w).min(MAX_DEFAULT_WIDTH))
    } else {
        80
    }
}
