//! Operations on one post file that the editor, the quick edits and the CLI share: read
//! it for editing, rewrite its tags, write a new post. Atomic and refusing to overwrite a
//! file that changed (see [`save`]); no terminal, no model.

use std::path::Path;

use super::save::{self, SaveError, Snapshot};
use super::source;

/// A post file read for editing.
#[derive(Clone, Debug)]
pub struct EditSource {
    /// Its text without BOM (invalid UTF-8 replaced).
    pub text: String,
    /// It starts with a BOM.
    pub has_bom: bool,
    /// What it looked like on disk.
    pub snapshot: Snapshot,
    /// Why it can only be read, if so.
    pub read_only: Option<String>,
}

/// Read the file at `path` for editing; larger than `max_bytes` or not valid UTF-8 makes
/// it read-only (saving would be unsafe or change bytes).
pub fn read_for_edit(path: &Path, max_bytes: usize) -> Result<EditSource, String> {
    let (bytes, snapshot) =
        Snapshot::read(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut read_only = None;
    if bytes.len() > max_bytes {
        read_only = Some(format!(
            "too large to edit safely ({} KB)",
            bytes.len() / 1024
        ));
    }
    let src =
        source::decode(bytes).map_err(|why| format!("cannot edit {}: {why}", path.display()))?;
    if let Some((line, _)) = &src.invalid_utf8 {
        read_only = Some(format!(
            "not valid UTF-8 (line {line}); saving would change bytes"
        ));
    }
    Ok(EditSource {
        text: src.text,
        has_bom: src.has_bom,
        snapshot,
        read_only,
    })
}

/// Rewrite only the `tags` field of the file at `path`.
pub fn set_tags(path: &Path, tags: &[String]) -> Result<(), String> {
    let (bytes, snapshot) = Snapshot::read(path).map_err(|e| e.to_string())?;
    let src = source::decode(bytes).map_err(|e| e.to_string())?;
    if src.invalid_utf8.is_some() {
        return Err("the file is not valid UTF-8".to_owned());
    }
    let text = super::edit::set_tags(&src.text, tags).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(text.len() + 3);
    if src.has_bom {
        out.extend_from_slice(source::UTF8_BOM.as_bytes());
    }
    out.extend_from_slice(text.as_bytes());
    save::save(path, &out, Some(&snapshot))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Write a new post at `path` from the template (or the default one).
pub fn create_post(
    path: &Path,
    title: &str,
    tags: &[String],
    template: Option<&Path>,
) -> Result<(), String> {
    let template = match template {
        Some(t) => std::fs::read_to_string(t)
            .map_err(|e| format!("cannot read the template {}: {e}", t.display()))?,
        None => super::new_post::DEFAULT_TEMPLATE.to_owned(),
    };
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let text = super::new_post::fill(&template, title, &slug, &today, tags)?;
    save::save(path, text.as_bytes(), None)
        .map(|_| ())
        .map_err(|e| match e {
            SaveError::Conflict { .. } => format!("{} already exists", path.display()),
            other @ SaveError::Io { .. } => other.to_string(),
        })
}
