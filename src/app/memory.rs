//! What folio remembers per content root between runs: the last post read and where each
//! post was scrolled to. Stored as JSON in the platform data dir; the runtime does the I/O.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::stable_hash;

/// Scroll positions beyond this many posts are forgotten, oldest first.
const MAX_POSITIONS: usize = 2000;

/// Remembered reading state of one content root.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    /// The last post read (path relative to the root).
    pub last_post: Option<String>,
    /// First visible line per post (relative path), with a use counter for forgetting.
    pub positions: HashMap<String, (usize, u64)>,
    /// Increases on every remembered position.
    #[serde(default)]
    pub clock: u64,
}

impl Memory {
    /// Remember that `post` was left at `scroll`.
    pub fn remember(&mut self, post: &str, scroll: usize) {
        self.clock += 1;
        self.last_post = Some(post.to_owned());
        self.positions.insert(post.to_owned(), (scroll, self.clock));
        if self.positions.len() > MAX_POSITIONS
            && let Some(oldest) = self
                .positions
                .iter()
                .min_by_key(|(_, (_, t))| *t)
                .map(|(k, _)| k.clone())
        {
            self.positions.remove(&oldest);
        }
    }

    /// The post at `old` is now at `new`: its position (and "last read") follow. Whether
    /// anything changed.
    pub fn rename(&mut self, old: &str, new: &str) -> bool {
        let mut changed = false;
        if let Some(position) = self.positions.remove(old) {
            self.positions.insert(new.to_owned(), position);
            changed = true;
        }
        if self.last_post.as_deref() == Some(old) {
            self.last_post = Some(new.to_owned());
            changed = true;
        }
        changed
    }

    /// Where `post` was left, if remembered.
    pub fn position(&self, post: &str) -> Option<usize> {
        self.positions.get(post).map(|(scroll, _)| *scroll)
    }

    /// The file this root's memory lives in: one file per canonical root path, named
    /// `<folder name>-<XXH3 of the path>.json` (stable across builds).
    pub fn file_for(data_dir: &Path, root: &Path) -> PathBuf {
        let canonical = root.canonicalize().unwrap_or_else(|_| root.to_owned());
        let name = Self::folder_name(&canonical);
        data_dir.join("roots").join(format!(
            "{name}-{:016x}.json",
            stable_hash::of_path(&canonical)
        ))
    }

    /// Files an older build may have written this root's memory to (named with
    /// `DefaultHasher`): the other `<folder name>-*.json` files. Only a single candidate
    /// is trustworthy; with two roots of the same folder name, nothing is taken.
    pub fn older_file(own: &Path, candidates: &[PathBuf]) -> Option<PathBuf> {
        let own_name = own.file_name()?.to_str()?;
        let prefix = &own_name[..=own_name.rfind('-')?];
        let mut older = candidates.iter().filter(|c| {
            c.as_path() != own
                && c.file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_prefix(prefix))
                    .and_then(|n| n.strip_suffix(".json"))
                    .is_some_and(|hex| {
                        hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit())
                    })
        });
        let first = older.next()?;
        older.next().is_none().then(|| first.clone())
    }

    fn folder_name(canonical: &Path) -> String {
        canonical
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect::<String>()
            })
            .unwrap_or_default()
    }

    /// Parse remembered state; anything unreadable is forgotten rather than an error.
    pub fn from_json(text: &str) -> Memory {
        serde_json::from_str(text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_remembers_and_round_trips() {
        let mut m = Memory::default();
        m.remember("a.md", 10);
        m.remember("b.md", 3);
        m.remember("a.md", 12);
        assert_eq!(m.last_post.as_deref(), Some("a.md"));
        assert_eq!(m.position("a.md"), Some(12));
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(Memory::from_json(&json), m);
        assert_eq!(Memory::from_json("garbage"), Memory::default());
    }

    #[test]
    fn memory_file_differs_per_root() {
        let data = Path::new("/data");
        let a = Memory::file_for(data, Path::new("/x/site-a"));
        let b = Memory::file_for(data, Path::new("/y/site-a"));
        assert_ne!(a, b);
        assert!(a.starts_with("/data/roots"));
        let name = format!("site-a-{:016x}.json", stable_hash::of_bytes(b"/x/site-a"));
        assert_eq!(a.file_name().unwrap().to_str(), Some(name.as_str()));
    }

    /// A memory file of an older build is taken when it is the only one of the folder's
    /// name, never when two roots share the name.
    #[test]
    fn memory_older_file_only_when_unambiguous() {
        let own = PathBuf::from("/d/roots/site-00000000000000aa.json");
        let old = PathBuf::from("/d/roots/site-1234567890abcdef.json");
        let other = PathBuf::from("/d/roots/site-fedcba0987654321.json");
        let unrelated = PathBuf::from("/d/roots/site-b-1234567890abcdef.json");
        let one = [own.clone(), old.clone(), unrelated.clone()];
        assert_eq!(Memory::older_file(&own, &one), Some(old.clone()));
        assert_eq!(Memory::older_file(&own, &[own.clone(), old, other]), None);
        assert_eq!(Memory::older_file(&own, &[own.clone(), unrelated]), None);
    }
}
