//! The command line, as clap parses it. This is a contract: scripts rely on these names.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
    },
    /// Every problem; exit status 1 if any is an error.
    Check {
        /// The content folder (default: the current folder).
        dir: Option<PathBuf>,
        /// Print JSON: [{"path", "line", "level", "kind", "message"}].
        #[arg(long)]
        json: bool,
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
    },
}

/// `--review STATE`: one of the three review states.
fn parse_review_state(s: &str) -> Result<ReviewState, String> {
    s.parse()
}
