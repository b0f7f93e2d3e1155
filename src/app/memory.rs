//! What folio remembers per content root between runs: the last post read and where each
//! post was scrolled to. Stored as JSON in the platform data dir; the runtime does the I/O.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

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

    /// Where `post` was left, if remembered.
    pub fn position(&self, post: &str) -> Option<usize> {
        self.positions.get(post).map(|(scroll, _)| *scroll)
    }

    /// The file this root's memory lives in: one file per canonical root path.
    pub fn file_for(data_dir: &Path, root: &Path) -> PathBuf {
        let canonical = root.canonicalize().unwrap_or_else(|_| root.to_owned());
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        canonical.hash(&mut hasher);
        let name = canonical
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect::<String>()
            })
            .unwrap_or_default();
        data_dir
            .join("roots")
            .join(format!("{name}-{:016x}.json", hasher.finish()))
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
    }
}
