//! The commands that change a site: `folio tag rename|merge|delete`. Each plans every
//! change first; `--dry-run` prints the plan as a unified diff and writes nothing;
//! otherwise the plan is applied all or nothing (see [`crate::core::change_set`]).

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::core::change_set::ChangeSet;
use crate::core::tag_ops::{self, TagOp};

use super::args::TagCommand;
use super::output::print;

/// `folio tag …`.
pub fn tag(command: TagCommand) -> Result<ExitCode> {
    let (op, dir, dry_run) = match command {
        TagCommand::Rename {
            old,
            new,
            dir,
            dry_run,
        } => (TagOp::Rename { from: old, to: new }, dir, dry_run),
        TagCommand::Merge {
            from,
            into,
            dir,
            dry_run,
        } => (TagOp::Merge { from, into }, dir, dry_run),
        TagCommand::Delete { tag, dir, dry_run } => (TagOp::Delete { tag }, dir, dry_run),
    };
    let index = super::build(dir.as_deref())?;
    let set = match tag_ops::plan(&index, &op) {
        Ok(set) => set,
        Err(why) => bail!("cannot {}: {why}", op.describe()),
    };
    finish(&set, &op.describe(), dry_run)
}

/// Print the plan (`dry_run`) or apply it and say what was done.
fn finish(set: &ChangeSet, what: &str, dry_run: bool) -> Result<ExitCode> {
    if dry_run {
        print(&set.unified_diff())?;
        let n = set.files.len();
        eprintln!(
            "{what}: {n} file{} would change (dry run: nothing written)",
            if n == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::SUCCESS);
    }
    match set.apply() {
        Ok((written, _)) => {
            print(&format!(
                "{what}: {written} file{} changed\n",
                if written == 1 { "" } else { "s" }
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => bail!("{what} failed: {}", e.message),
    }
}
