//! The commands that change a site: `folio tag rename|merge|delete`. Each plans every
//! change first; `--dry-run` prints the plan as a unified diff and writes nothing;
//! otherwise the plan is applied all or nothing (see [`crate::core::change_set`]).

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::core::change_set::ChangeSet;
use crate::core::tag_ops::{self, TagOp};

use super::args::TagCommand;
use super::output::{print, styled};
use crate::render::styled::Role;

/// `folio tag …`; a `--dry-run` diff is coloured when `color`.
pub fn tag(command: TagCommand, color: bool) -> Result<ExitCode> {
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
    finish(&set, &op.describe(), dry_run, color)
}

/// Print the plan (`dry_run`) or apply it and say what was done.
fn finish(set: &ChangeSet, what: &str, dry_run: bool, color: bool) -> Result<ExitCode> {
    if dry_run {
        let diff = set.unified_diff();
        print(&if color { color_diff(&diff) } else { diff })?;
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

/// A unified diff with removed lines red, added lines green and hunk headers cyan.
fn color_diff(diff: &str) -> String {
    let mut out = String::with_capacity(diff.len() + diff.len() / 4);
    for line in diff.split_inclusive('\n') {
        let (body, end) = line
            .strip_suffix('\n')
            .map_or((line, ""), |body| (body, "\n"));
        let role = if body.starts_with("+++") || body.starts_with("---") {
            Role::Heading(4)
        } else if body.starts_with('+') {
            Role::Good
        } else if body.starts_with('-') {
            Role::Error
        } else if body.starts_with("@@") {
            Role::Tag
        } else {
            Role::Text
        };
        out.push_str(&styled(body, role, true));
        out.push_str(end);
    }
    out
}
