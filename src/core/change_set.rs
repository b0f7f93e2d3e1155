//! Changes to many files at once (a tag merge, a post rename), planned first and applied
//! all or nothing: each file is written atomically and only if it still holds the bytes
//! the plan was made from; if any write or rename fails, the ones already done are undone
//! and the error says exactly what happened. A plan prints as a unified diff for
//! `--dry-run` and the preview.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::save::{self, SaveError, Snapshot};
use super::source;

/// One file's change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    /// The file.
    pub path: PathBuf,
    /// Its path relative to the content root, for messages and diffs.
    pub rel_path: String,
    /// What it holds now.
    pub before: Vec<u8>,
    /// What it will hold.
    pub after: Vec<u8>,
    /// What it looked like when planned.
    pub snapshot: Snapshot,
}

/// A file (or folder) to move once the writes are done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// Where it is.
    pub from: PathBuf,
    /// Where it goes (must not exist).
    pub to: PathBuf,
}

/// Every change of one operation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// Files whose text changes.
    pub files: Vec<FileChange>,
    /// Files or folders that move (after the writes).
    pub moves: Vec<Move>,
}

/// Why a change set was not (fully) applied.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApplyError {
    /// What failed, what was undone, and what (if anything) could not be undone.
    pub message: String,
}

impl FileChange {
    /// Plan `path`'s change from its current bytes by `edit` (on the text without BOM);
    /// `Ok(None)` when `edit` leaves it alone.
    pub fn plan(
        path: &Path,
        rel_path: &str,
        edit: impl FnOnce(&str) -> Result<Option<String>, String>,
    ) -> Result<Option<FileChange>, String> {
        let (bytes, snapshot) =
            Snapshot::read(path).map_err(|e| format!("cannot read {rel_path}: {e}"))?;
        let src = source::decode(bytes.clone()).map_err(|e| format!("{rel_path}: {e}"))?;
        if src.invalid_utf8.is_some() {
            return Err(format!("{rel_path} is not valid UTF-8; it is left alone"));
        }
        let Some(text) = edit(&src.text).map_err(|e| format!("{rel_path}: {e}"))? else {
            return Ok(None);
        };
        let mut after = Vec::with_capacity(text.len() + 3);
        if src.has_bom {
            after.extend_from_slice(source::UTF8_BOM.as_bytes());
        }
        after.extend_from_slice(text.as_bytes());
        Ok((after != bytes).then(|| FileChange {
            path: path.to_owned(),
            rel_path: rel_path.to_owned(),
            before: bytes,
            after,
            snapshot,
        }))
    }
}

impl ChangeSet {
    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.moves.is_empty()
    }

    /// A unified diff of every change (`a/` and `b/` paths relative to the root), and a
    /// line per move.
    pub fn unified_diff(&self) -> String {
        let mut out = String::new();
        for change in &self.files {
            let before = String::from_utf8_lossy(&change.before);
            let after = String::from_utf8_lossy(&change.after);
            let diff = similar::TextDiff::from_lines(before.as_ref(), after.as_ref());
            let _ = write!(
                out,
                "{}",
                diff.unified_diff().context_radius(2).header(
                    &format!("a/{}", change.rel_path),
                    &format!("b/{}", change.rel_path)
                )
            );
        }
        for m in &self.moves {
            let _ = writeln!(out, "rename {} → {}", m.from.display(), m.to.display());
        }
        out
    }

    /// Apply every change, all or nothing (see the module header). Returns how many files
    /// were written and moved.
    pub fn apply(&self) -> Result<(usize, usize), ApplyError> {
        let mut written: Vec<&FileChange> = Vec::new();
        for change in &self.files {
            if let Err(e) = save::save(&change.path, &change.after, Some(&change.snapshot)) {
                let why = match e {
                    SaveError::Conflict { .. } => {
                        format!("{} changed on disk since the preview", change.rel_path)
                    }
                    SaveError::Io { source, .. } => {
                        format!("cannot write {}: {source}", change.rel_path)
                    }
                };
                return Err(Self::undo(&written, &[], &why));
            }
            written.push(change);
        }
        let mut moved: Vec<&Move> = Vec::new();
        for m in &self.moves {
            let result = if m.to.exists() {
                Err(std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    format!("{} already exists", m.to.display()),
                ))
            } else {
                std::fs::rename(&m.from, &m.to)
            };
            if let Err(e) = result {
                let why = format!("cannot rename {}: {e}", m.from.display());
                return Err(Self::undo(&written, &moved, &why));
            }
            moved.push(m);
        }
        Ok((written.len(), moved.len()))
    }

    /// Put back what was done before `why` happened, and say all of it.
    fn undo(written: &[&FileChange], moved: &[&Move], why: &str) -> ApplyError {
        let mut failed = Vec::new();
        for m in moved.iter().rev() {
            if let Err(e) = std::fs::rename(&m.to, &m.from) {
                failed.push(format!("{} (move back failed: {e})", m.to.display()));
            }
        }
        for change in written.iter().rev() {
            if let Err(e) = save::write_atomically(&change.path, &change.before) {
                failed.push(format!("{} (restore failed: {e})", change.rel_path));
            }
        }
        let done = written.len() + moved.len();
        let message = if failed.is_empty() {
            format!(
                "{why}; nothing was changed ({done} change{} already made were undone)",
                if done == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{why}; could NOT undo: {} — check these files",
                failed.join(", ")
            )
        };
        ApplyError { message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(dir: &Path, name: &str, from: &str, to: &str) -> FileChange {
        let path = dir.join(name);
        std::fs::write(&path, from).unwrap();
        FileChange::plan(&path, name, |t| Ok(Some(t.replace(from, to))))
            .unwrap()
            .unwrap()
    }

    /// A plan applies, and prints as a unified diff.
    #[test]
    fn change_set_applies_and_diffs() {
        let dir = tempfile::tempdir().unwrap();
        let set = ChangeSet {
            files: vec![change(dir.path(), "a.md", "one\n", "two\n")],
            moves: vec![Move {
                from: dir.path().join("a.md"),
                to: dir.path().join("b.md"),
            }],
        };
        let diff = set.unified_diff();
        assert!(diff.contains("--- a/a.md\n+++ b/a.md\n"), "{diff}");
        assert!(diff.contains("-one\n+two\n"), "{diff}");
        assert_eq!(set.apply().unwrap(), (1, 1));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.md")).unwrap(),
            "two\n"
        );
    }

    /// When a later write fails (its file changed since the plan), the earlier writes are
    /// undone and the message says so; the changed file is left as its editor made it.
    #[test]
    fn change_set_rolls_back_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let a = change(dir.path(), "a.md", "a1\n", "a2\n");
        let b = change(dir.path(), "b.md", "b1\n", "b2\n");
        std::fs::write(dir.path().join("b.md"), "edited elsewhere\n").unwrap();
        let set = ChangeSet {
            files: vec![a, b],
            moves: Vec::new(),
        };
        let err = set.apply().unwrap_err();
        assert!(
            err.message.contains("b.md changed on disk"),
            "{}",
            err.message
        );
        assert!(
            err.message.contains("1 change already made were undone"),
            "{}",
            err.message
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
            "a1\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.md")).unwrap(),
            "edited elsewhere\n"
        );
    }

    /// A move onto an existing file is refused and the writes before it are undone.
    #[test]
    fn change_set_refuses_to_move_over_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = change(dir.path(), "a.md", "a1\n", "a2\n");
        std::fs::write(dir.path().join("taken.md"), "x").unwrap();
        let set = ChangeSet {
            files: vec![a],
            moves: vec![Move {
                from: dir.path().join("a.md"),
                to: dir.path().join("taken.md"),
            }],
        };
        let err = set.apply().unwrap_err();
        assert!(err.message.contains("already exists"), "{}", err.message);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
            "a1\n"
        );
    }
}
