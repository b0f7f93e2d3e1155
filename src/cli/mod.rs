//! The command-line interface: `folio tags|list|check|show|tag|completions|man`, and
//! `folio [DIR]` for the terminal UI. Output for people is aligned and sanitized; `--json` output is for scripts.

pub mod about;
pub mod args;
pub mod check;
pub mod color;
pub mod json;
pub mod listing;
pub mod output;
pub mod show;
pub mod site_changes;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use crate::core::index::Index;

pub use about::parse;
pub use args::{Cli, Command};

/// Run a parsed command line; the exit code is what the process should return.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Some(Command::Tags { dir, json, color }) => listing::tags(
            build_for_command(dir.as_deref())?,
            json,
            color.color.use_color(),
        ),
        Some(Command::List {
            dir,
            tag,
            review,
            json,
            color,
        }) => listing::list(
            build_for_command(dir.as_deref())?,
            tag.as_deref(),
            review,
            json,
            color.color.use_color(),
        ),
        Some(Command::Check {
            dir,
            json,
            kinds,
            level,
            color,
        }) => {
            let filter = check::Filter {
                kinds,
                level: level.map(args::LevelArg::level),
            };
            check::check(
                build_for_command(dir.as_deref())?,
                json,
                &filter,
                color.color.use_color(),
            )
        }
        Some(Command::Show {
            post,
            root,
            width,
            color,
        }) => show::show(&post, root.as_deref(), width, color.color.use_color()),
        Some(Command::Tag { op, color }) => site_changes::tag(op, color.color.use_color()),
        Some(Command::Completions { shell }) => {
            output::print_bytes(&about::completions(shell))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            output::print_bytes(&about::man_page()?)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Rename {
            old,
            new,
            dir,
            dry_run,
            color,
        }) => site_changes::rename(&old, &new, dir.as_deref(), dry_run, color.color.use_color()),
        None => {
            let (root, open) = ui_target(cli.dir)?;
            crate::tui::run(root, open)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What `folio [DIR]` opens: a folder, or a post file (its site root is the nearest folder
/// above it holding a `folio.toml`, else its own folder).
fn ui_target(dir: Option<PathBuf>) -> Result<(PathBuf, Option<PathBuf>)> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    if dir.is_file() {
        let root = show::site_root_of(&dir);
        let file = dir.canonicalize().unwrap_or(dir);
        return Ok((root, Some(file)));
    }
    if !dir.is_dir() {
        anyhow::bail!("cannot open {}: no such folder or file", dir.display());
    }
    Ok((dir, None))
}

/// Index `dir` (default: the current folder), through the index cache (which lives in
/// the cache folder, never in `dir`).
pub fn build(dir: Option<&Path>) -> Result<Index> {
    let dir = dir.map_or_else(|| PathBuf::from("."), Path::to_owned);
    let cache_dir = crate::core::index_cache::cache_dir();
    Ok(crate::core::cached_index::build(
        &dir,
        cache_dir.as_deref(),
    )?)
}

/// [`build`] for a command of this process: the index lives until the process ends. A
/// command ends right after it, and the exit frees its memory at once, where dropping
/// 100,000 posts piece by piece took about a tenth of a second.
fn build_for_command(dir: Option<&Path>) -> Result<&'static Index> {
    Ok(Box::leak(Box::new(build(dir)?)))
}
