//! The recovery journal: unsaved edits written to the platform data dir every few
//! seconds (and at once on SIGHUP, SIGTERM or a panic), so that a crash, `kill -9` or a
//! dropped connection does not take them. The runtime does the I/O.
//!
//! File names and the base hash use [`stable_hash`] (XXH3-64), so a journal survives a
//! rebuild of folio with another Rust. Journals written by older builds (named with
//! `DefaultHasher`) are still found: each journal names its post, see [`Journal::is_for`].

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::stable_hash;

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
    /// The algorithm of `base_hash` ([`stable_hash::ALGORITHM`]); absent in journals of
    /// older builds, whose hash cannot be compared, so the file counts as changed.
    #[serde(default)]
    pub hash_algorithm: Option<String>,
}

impl Journal {
    /// The journal file for the post at `path`: one per canonical path.
    pub fn file_for(data_dir: &Path, path: &Path) -> PathBuf {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        Self::dir(data_dir).join(format!("{:016x}.json", stable_hash::of_path(&canonical)))
    }

    /// The folder all journals live in.
    pub fn dir(data_dir: &Path) -> PathBuf {
        data_dir.join("recovery")
    }

    /// Parse a journal file; unreadable ones are ignored.
    pub fn from_json(text: &str) -> Option<Journal> {
        serde_json::from_str(text).ok()
    }

    /// Whether this journal holds edits of the post at `path`.
    pub fn is_for(&self, path: &Path) -> bool {
        self.path == path
    }

    /// Whether `hash` (of the file on disk now) is the file these edits started from.
    pub fn starts_from(&self, hash: u64) -> bool {
        self.hash_algorithm.as_deref() == Some(stable_hash::ALGORITHM) && self.base_hash == hash
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
            hash_algorithm: Some(stable_hash::ALGORITHM.to_owned()),
        };
        let text = serde_json::to_string(&j).unwrap();
        assert_eq!(Journal::from_json(&text).as_ref(), Some(&j));
        assert_eq!(Journal::from_json("{"), None);
        let data = Path::new("/data");
        assert_ne!(
            Journal::file_for(data, Path::new("/x/a.md")),
            Journal::file_for(data, Path::new("/x/b.md"))
        );
        assert!(j.starts_from(7));
        assert!(!j.starts_from(8));
    }

    /// A journal written by an older build (no algorithm, a `DefaultHasher` base hash)
    /// still parses, and its base hash is never taken as a match.
    #[test]
    fn journal_of_an_older_build_parses_and_counts_as_changed() {
        let old = r#"{"path":"/x/a.md","yaml":"title: A","body":"b","base_hash":7,"saved_at":1}"#;
        let j = Journal::from_json(old).expect("old journals still parse");
        assert!(j.is_for(Path::new("/x/a.md")));
        assert!(!j.starts_from(7));
    }

    /// The file name is the XXH3 of the path, the same on every build.
    #[test]
    fn journal_file_name_is_stable() {
        let f = Journal::file_for(Path::new("/data"), Path::new("/no/such/a.md"));
        let want = format!("{:016x}.json", stable_hash::of_bytes(b"/no/such/a.md"));
        assert_eq!(f, Path::new("/data/recovery").join(want));
    }
}
