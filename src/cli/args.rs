//! The command line, as clap parses it. This is a contract: scripts rely on these names.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::color::ColorChoice;
use crate::core::check_config::kind_names;
use crate::core::problem::{Level, ProblemKind};

use crate::core::review::ReviewState;

/// Read, review and edit a folder of markdown posts.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; without a command, open the terminal UI.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The content folder to open (default: the current folder).
    pub dir: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tags with post counts, most used first.
    Tags {
        /// The content folder (default: the current folder).
        dir: Option<PathBuf>,
        /// Print JSON: [{"tag", "count"}].
        #[arg(long)]
        json: bool,
        /// When to colour the output.
        #[command(flatten)]
        color: ColorArg,
    },
    /// Posts, newest first: date, slug, title.
    List {
        /// The content folder (default: the current folder).
        dir: Option<PathBuf>,
        /// Only posts with this tag (exact match).
        #[arg(long)]
        tag: Option<String>,
        /// Only posts in this review state: unreviewed, reviewed or changed.
        #[arg(long, value_name = "STATE", value_parser = parse_review_state)]
        review: Option<ReviewState>,
        /// Print JSON: [{"slug", "path", "title", "date", "tags", "links", "problems",
        /// "review"}].
        #[arg(long)]
        json: bool,
        /// When to colour the output.
        #[command(flatten)]
        color: ColorArg,
    },
    /// Every problem; exit status 1 if any is an error.
    Check {
        /// The content folder (default: the current folder).
        dir: Option<PathBuf>,
        /// Print JSON: [{"path", "line", "level", "kind", "message"}].
        #[arg(long)]
        json: bool,
        /// Only problems of this kind (repeatable), e.g. broken-link, orphan, thin-content.
        #[arg(long = "kind", value_name = "K", value_parser = parse_kind)]
        kinds: Vec<ProblemKind>,
        /// Only problems of this level (the exit status counts only what is shown).
        #[arg(long, value_name = "LEVEL")]
        level: Option<LevelArg>,
        /// When to colour the output.
        #[command(flatten)]
        color: ColorArg,
    },
    /// Print one post rendered as the reader shows it.
    Show {
        /// A slug, or a path to a markdown file.
        post: String,
        /// The content folder (default: for a path, the nearest folder above it holding a
        /// folio.toml, else its own folder; for a slug, the same search from the current
        /// folder).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// Wrap to N columns (default: the terminal width up to 100, or 80 when not a terminal).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
        width: Option<u16>,
        /// When to colour the output.
        #[command(flatten)]
        color: ColorArg,
    },
    /// Rename a post (its file, or bundle folder) and rewrite every link to it, in the form
    /// each was written in.
    Rename {
        /// The post: its slug or path.
        old: String,
        /// The new slug.
        new: String,
        /// The content folder (default: the current folder).
        dir: Option<PathBuf>,
        /// Print a unified diff of every change and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// When to colour the output.
        #[command(flatten)]
        color: ColorArg,
    },
    /// Change a tag across the site: rename, merge or delete it (only the tag's item in
    /// each post's `tags` field changes).
    Tag {
        /// What to do.
        #[command(subcommand)]
        op: TagCommand,
        /// When to colour the output.
        #[command(flatten)]
        color: ColorArg,
    },
    /// Print a shell completion script, e.g. `folio completions bash > ~/.local/share/bash-completion/completions/folio`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `folio man | man -l -`.
    Man,
}

/// `--color WHEN`, on every command that prints.
#[derive(Clone, Copy, Debug, Default, clap::Args)]
pub struct ColorArg {
    /// When to colour the output: auto (on a terminal, unless `NO_COLOR` is set;
    /// `CLICOLOR_FORCE=1` forces it), always or never.
    #[arg(long, value_name = "WHEN", value_enum, default_value_t, global = true)]
    pub color: ColorChoice,
}

/// `folio tag …`.
#[derive(Debug, Subcommand)]
pub enum TagCommand {
    /// Give a tag a new name (one no post uses yet).
    Rename {
        /// The tag now.
        old: String,
        /// Its new name.
        new: String,
        /// The content folder (default: the current folder).
        dir: Option<PathBuf>,
        /// Print a unified diff of every change and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Replace a tag by another in every post (a post with both keeps one).
    Merge {
        /// The tag that goes away.
        from: String,
        /// The tag it becomes.
        into: String,
        /// The content folder (default: the current folder).
        dir: Option<PathBuf>,
        /// Print a unified diff of every change and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Take a tag off every post.
    Delete {
        /// The tag.
        tag: String,
        /// The content folder (default: the current folder).
        dir: Option<PathBuf>,
        /// Print a unified diff of every change and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// `--level` of `folio check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    /// Only errors.
    Error,
    /// Only warnings.
    Warning,
}

impl LevelArg {
    /// The problem level it selects.
    pub fn level(self) -> Level {
        match self {
            LevelArg::Error => Level::Error,
            LevelArg::Warning => Level::Warning,
        }
    }
}

/// A `--kind` value: one of the problem kinds, by its `kind` name.
fn parse_kind(name: &str) -> Result<ProblemKind, String> {
    ProblemKind::from_name(name)
        .ok_or_else(|| format!("unknown kind `{name}`; the kinds are: {}", kind_names()))
}

/// `--review STATE`: one of the three review states.
fn parse_review_state(s: &str) -> Result<ReviewState, String> {
    s.parse()
}
