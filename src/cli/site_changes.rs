//! The commands that change a site: `folio rename` and `folio tag rename|merge|delete`.
//! Each plans every
//! change first; `--dry-run` prints the plan as a unified diff and writes nothing;
//! otherwise the plan is applied all or nothing (see [`crate::core::change_set`]).

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::core::change_set::ChangeSet;
use crate::core::tag_ops::{self, TagOp};

use super::args::TagCommand;
use super::output::{print, styled};
use crate::render::styled::Role;
use crate::tui::terminal::tell;

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
    let index = super::build_for_command(dir.as_deref())?;
    let set = match tag_ops::plan(index, &op) {
        Ok(set) => set,
        Err(why) => bail!("cannot {}: {why}", op.describe()),
    };
    finish(&set, &op.describe(), dry_run, color)
}

/// `folio rename OLD NEW [DIR]`: the post and every link to it; its review mark and
/// remembered reading position follow it.
pub fn rename(
    old: &str,
    new: &str,
    dir: Option<&std::path::Path>,
    dry_run: bool,
    color: bool,
) -> Result<ExitCode> {
    let index = super::build_for_command(dir)?;
    let Some(id) = index.find(old) else {
        bail!("cannot rename {old}: no such post (give its slug or path)");
    };
    let what = format!("rename {} to {new}", index.posts[id].rel_path);
    let set = match crate::core::rename::plan(index, id, new) {
        Ok(set) => set,
        Err(why) => bail!("cannot {what}: {why}"),
    };
    let code = finish(&set, &what, dry_run, color)?;
    if !dry_run && let Some(m) = set.moves.first() {
        let rel = |p: &std::path::Path| {
            p.strip_prefix(&index.root)
                .map(crate::core::discovery::rel_path_string)
                .unwrap_or_default()
        };
        let old_rel = index.posts[id].rel_path.clone();
        let new_rel = if m.from == index.path_of(id) {
            rel(&m.to)
        } else {
            let file = std::path::Path::new(&*old_rel)
                .file_name()
                .map(std::path::PathBuf::from)
                .unwrap_or_default();
            rel(&m.to.join(file))
        };
        if let Err(e) = follow_rename(&index.root, &old_rel, &new_rel) {
            tell(&format!("folio: the post was renamed, but {e}"));
        }
    }
    Ok(code)
}

/// Move the review mark and the remembered position of `old_rel` to `new_rel`.
fn follow_rename(root: &std::path::Path, old_rel: &str, new_rel: &str) -> Result<(), String> {
    let Some(data) = crate::app::user_config::data_dir() else {
        return Ok(());
    };
    let marks_file = crate::core::review::file_for(&data, root);
    if marks_file.exists() {
        let mut marks = crate::core::review::load(&marks_file).map_err(|e| e.to_string())?;
        if let Some(hash) = marks.get(old_rel) {
            marks.unmark(old_rel);
            marks.mark(new_rel, hash);
            crate::core::review::store(&marks_file, &marks)
                .map_err(|e| format!("its review mark could not follow: {e}"))?;
        }
    }
    let memory_file = crate::app::memory::Memory::file_for(&data, root);
    if let Ok(text) = std::fs::read_to_string(&memory_file) {
        let mut memory = crate::app::memory::Memory::from_json(&text);
        if memory.rename(old_rel, new_rel) {
            let json = serde_json::to_vec(&memory).map_err(|e| e.to_string())?;
            crate::core::save::write_atomically_as(
                &memory_file,
                &json,
                crate::core::save::NewFileMode::Private,
            )
            .map_err(|e| format!("its reading position could not follow: {e}"))?;
        }
    }
    Ok(())
}

/// Print the plan (`dry_run`) or apply it and say what was done.
fn finish(set: &ChangeSet, what: &str, dry_run: bool, color: bool) -> Result<ExitCode> {
    if dry_run {
        let diff = set.unified_diff();
        print(&if color { color_diff(&diff) } else { diff })?;
        let n = set.files.len();
        tell(&format!(
            "{what}: {n} file{} would change (dry run: nothing written)",
            if n == 1 { "" } else { "s" }
        ));
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
