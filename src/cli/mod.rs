//! The command-line interface: `folio tags|list|check|show`, and `folio [DIR]` for the
//! terminal UI. Output for people is aligned and sanitized; `--json` output is for scripts.

pub mod args;
pub mod json;
pub mod listing;
pub mod output;
pub mod show;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use crate::core::index::Index;

pub use args::{Cli, Command};

/// Run a parsed command line; the exit code is what the process should return.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Some(Command::Tags { dir, json }) => listing::tags(&build(dir.as_deref())?, json),
        Some(Command::List { dir, tag, json }) => {
            listing::list(&build(dir.as_deref())?, tag.as_deref(), json)
        }
        Some(Command::Check { dir, json }) => listing::check(&build(dir.as_deref())?, json),
        Some(Command::Show { post, root, width }) => show::show(&post, root.as_deref(), width),
        None => anyhow::bail!(
            "the terminal UI is not part of this build yet; use `folio tags|list|check|show` (see `folio --help`)"
        ),
    }
}

/// Index `dir` (default: the current folder).
pub fn build(dir: Option<&Path>) -> Result<Index> {
    let dir = dir.map_or_else(|| PathBuf::from("."), Path::to_owned);
    Ok(Index::build(&dir)?)
}
