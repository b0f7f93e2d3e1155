//! The recovery journal: unsaved edits written to the platform data dir every few
//! seconds, so that a crash or `kill -9` does not take them. The runtime does the I/O.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Unsaved edits of one post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    /// The post file.
    pub path: PathBuf,
    /// The front matter as edited (lines joined by `\n`).
    pub yaml: String,
    /// The body as edited.
    pub body: String,
    /// Hash of the file the edits started from.
    pub base_hash: u64,
    /// When the edits were journalled (seconds since the Unix epoch).
    pub saved_at: u64,
}

impl Journal {
    /// The journal file for the post at `path`: one per canonical path.
    pub fn file_for(data_dir: &Path, path: &Path) -> PathBuf {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        canonical.hash(&mut hasher);
        data_dir
            .join("recovery")
            .join(format!("{:016x}.json", hasher.finish()))
    }

    /// Parse a journal file; unreadable ones are ignored.
    pub fn from_json(text: &str) -> Option<Journal> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_round_trips_and_is_per_file() {
        let j = Journal {
            path: PathBuf::from("/x/a.md"),
            yaml: "title: A\n".into(),
            body: "b".into(),
            base_hash: 7,
            saved_at: 1,
        };
        let text = serde_json::to_string(&j).unwrap();
        assert_eq!(Journal::from_json(&text), Some(j));
        assert_eq!(Journal::from_json("{"), None);
        let data = Path::new("/data");
        assert_ne!(
            Journal::file_for(data, Path::new("/x/a.md")),
            Journal::file_for(data, Path::new("/x/b.md"))
        );
    }
}
