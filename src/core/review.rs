//! Review marks: which posts a reviewer marked reviewed, each keyed by the post's path
//! (relative to the content root, with `/`) and the [`stable_hash`] of its bytes when it
//! was marked, so a post edited since reads as [`ReviewState::Changed`].
//!
//! Owns the marks map, the state of a post, the marks file's JSON (versioned, naming the
//! hash algorithm) and its name in the data dir, plus the few file reads and the atomic
//! write the runtime and the CLI need. It never touches post files except to read them,
//! and it knows nothing of terminals or of the model.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::index::Index;
use super::post::PerPost;
use super::save;
use super::stable_hash;

/// The version of the marks file format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Where a post stands in the review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewState {
    /// Never marked reviewed (or unmarked).
    Unreviewed,
    /// Marked reviewed, and its bytes are the ones that were reviewed.
    Reviewed,
    /// Marked reviewed, but its bytes changed since (or it cannot be read).
    Changed,
}

impl ReviewState {
    /// Every state, in the order the CLI lists them.
    pub const ALL: [ReviewState; 3] = [
        ReviewState::Unreviewed,
        ReviewState::Reviewed,
        ReviewState::Changed,
    ];

    /// The name in `--json`, `--review` and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Unreviewed => "unreviewed",
            ReviewState::Reviewed => "reviewed",
            ReviewState::Changed => "changed",
        }
    }

    /// The state of a post marked at hash `mark` (`None`: not marked) whose bytes hash
    /// to `now` (`None`: it cannot be read).
    pub fn of(mark: Option<u64>, now: Option<u64>) -> ReviewState {
        match (mark, now) {
            (None, _) => ReviewState::Unreviewed,
            (Some(mark), Some(now)) if mark == now => ReviewState::Reviewed,
            (Some(_), _) => ReviewState::Changed,
        }
    }
}

impl std::str::FromStr for ReviewState {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReviewState::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| {
                format!("`{s}` is not a review state: use unreviewed, reviewed or changed")
            })
    }
}

/// Why the marks file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The file exists but cannot be read or written.
    #[error("review marks {}: {source}", path.display())]
    Io {
        /// The marks file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a marks file this build understands.
    #[error("review marks {}: {reason}", path.display())]
    Format {
        /// The marks file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

/// The review marks of one site: post path → hash of the bytes that were reviewed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    marks: BTreeMap<String, u64>,
}

/// The marks file as stored.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarksFile {
    version: u32,
    algorithm: String,
    marks: BTreeMap<String, StoredMark>,
}

/// One stored mark. The hash is 16 hex digits (JSON numbers lose precision past 2^53 in
/// many readers).
#[derive(Debug, Serialize, Deserialize)]
struct StoredMark {
    hash: String,
}

impl Marks {
    /// The hash `post` (a relative path) was marked reviewed at, if it is marked.
    pub fn get(&self, post: &str) -> Option<u64> {
        self.marks.get(post).copied()
    }

    /// Mark `post` reviewed at `hash` (replacing an older mark).
    pub fn mark(&mut self, post: &str, hash: u64) {
        self.marks.insert(post.to_owned(), hash);
    }

    /// Remove the mark of `post`; whether there was one.
    pub fn unmark(&mut self, post: &str) -> bool {
        self.marks.remove(post).is_some()
    }

    /// Every marked post path, in order.
    pub fn posts(&self) -> impl Iterator<Item = &str> {
        self.marks.keys().map(String::as_str)
    }

    /// How many posts are marked.
    pub fn len(&self) -> usize {
        self.marks.len()
    }

    /// Whether no post is marked.
    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// The state of `post` when its bytes hash to `now` (`None`: unreadable).
    pub fn state(&self, post: &str, now: Option<u64>) -> ReviewState {
        ReviewState::of(self.get(post), now)
    }

    /// The marks file's text: versioned JSON naming the hash algorithm.
    pub fn to_json(&self) -> String {
        let file = MarksFile {
            version: FORMAT_VERSION,
            algorithm: stable_hash::ALGORITHM.to_owned(),
            marks: self
                .marks
                .iter()
                .map(|(post, hash)| {
                    let hash = format!("{hash:016x}");
                    (post.clone(), StoredMark { hash })
                })
                .collect(),
        };
        // Only strings and integers: serializing cannot fail.
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Parse a marks file's text; a file of another version or hash algorithm is refused
    /// (the caller must then leave it alone rather than overwrite it).
    pub fn from_json(text: &str) -> Result<Marks, String> {
        let file: MarksFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.version != FORMAT_VERSION {
            return Err(format!(
                "format version {} (this folio reads {FORMAT_VERSION})",
                file.version
            ));
        }
        if file.algorithm != stable_hash::ALGORITHM {
            return Err(format!(
                "hash algorithm `{}` (this folio uses `{}`)",
                file.algorithm,
                stable_hash::ALGORITHM
            ));
        }
        let mut marks = BTreeMap::new();
        for (post, stored) in file.marks {
            let hash = u64::from_str_radix(&stored.hash, 16)
                .ok()
                .filter(|_| stored.hash.len() == 16)
                .ok_or_else(|| format!("`{}` is not a hash (for {post})", stored.hash))?;
            marks.insert(post, hash);
        }
        Ok(Marks { marks })
    }
}

/// The marks file of the site at `root` in `data_dir`: one per canonical root path, named
/// `<folder name>-<XXH3 of the path>.json` under `review/`.
pub fn file_for(data_dir: &Path, root: &Path) -> PathBuf {
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_owned());
    let name: String = canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    data_dir.join("review").join(format!(
        "{name}-{:016x}.json",
        stable_hash::of_path(&canonical)
    ))
}

/// Read the marks in `file`; no file yet means no marks.
pub fn load(file: &Path) -> Result<Marks, ReviewError> {
    match std::fs::read_to_string(file) {
        Ok(text) => Marks::from_json(&text).map_err(|reason| ReviewError::Format {
            path: file.to_owned(),
            reason,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Marks::default()),
        Err(source) => Err(ReviewError::Io {
            path: file.to_owned(),
            source,
        }),
    }
}

/// Write `marks` to `file` atomically, creating its folder.
pub fn store(file: &Path, marks: &Marks) -> Result<(), ReviewError> {
    let io = |source| ReviewError::Io {
        path: file.to_owned(),
        source,
    };
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    save::write_atomically(file, marks.to_json().as_bytes()).map_err(io)
}

/// The hash of each post's bytes now (`None`: unreadable), for `posts` relative to
/// `root`, read in parallel.
pub fn hash_posts(root: &Path, posts: &[String]) -> Vec<(String, Option<u64>)> {
    super::par::map_indexed(posts, |_, post| {
        let now = std::fs::read(root.join(post))
            .ok()
            .map(|bytes| stable_hash::of_bytes(&bytes));
        (post.clone(), now)
    })
}

/// The state of every post of `index` (by id), hashing only the marked ones.
pub fn states(index: &Index, marks: &Marks) -> PerPost<ReviewState> {
    let marked: Vec<String> = marks
        .posts()
        .filter(|post| index.lookup.by_path.contains_key(*post))
        .map(str::to_owned)
        .collect();
    let mut states: PerPost<ReviewState> = vec![ReviewState::Unreviewed; index.posts.len()].into();
    for (post, now) in hash_posts(&index.root, &marked) {
        if let Some(&id) = index.lookup.by_path.get(post.as_str()) {
            states[id] = marks.state(&post, now);
        }
    }
    states
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three states: no mark, same bytes, other (or unreadable) bytes.
    #[test]
    fn review_state_of_mark_and_bytes() {
        assert_eq!(ReviewState::of(None, Some(1)), ReviewState::Unreviewed);
        assert_eq!(ReviewState::of(None, None), ReviewState::Unreviewed);
        assert_eq!(ReviewState::of(Some(1), Some(1)), ReviewState::Reviewed);
        assert_eq!(ReviewState::of(Some(1), Some(2)), ReviewState::Changed);
        assert_eq!(ReviewState::of(Some(1), None), ReviewState::Changed);
    }

    /// State names parse back; anything else is an error naming the choices.
    #[test]
    fn review_state_parses_its_names_only() {
        for state in ReviewState::ALL {
            assert_eq!(state.as_str().parse::<ReviewState>(), Ok(state));
        }
        let err = "done".parse::<ReviewState>().unwrap_err();
        assert!(err.contains("unreviewed, reviewed or changed"), "{err}");
    }

    /// Marking, re-marking and unmarking, and the state each gives.
    #[test]
    fn review_marks_mark_and_unmark() {
        let mut marks = Marks::default();
        assert_eq!(marks.state("a.md", Some(7)), ReviewState::Unreviewed);
        marks.mark("a.md", 7);
        assert_eq!(marks.state("a.md", Some(7)), ReviewState::Reviewed);
        assert_eq!(marks.state("a.md", Some(8)), ReviewState::Changed);
        marks.mark("a.md", 8);
        assert_eq!(marks.state("a.md", Some(8)), ReviewState::Reviewed);
        assert_eq!(marks.len(), 1);
        assert!(marks.unmark("a.md"));
        assert!(!marks.unmark("a.md"));
        assert!(marks.is_empty());
    }

    /// The file round-trips, and names its version and algorithm; hashes are hex text.
    #[test]
    fn review_marks_json_round_trips() {
        let mut marks = Marks::default();
        marks.mark("posts/a.md", u64::MAX);
        marks.mark("b.md", 1);
        let text = marks.to_json();
        assert!(text.contains("\"version\": 1"), "{text}");
        assert!(text.contains("\"algorithm\": \"xxh3-64\""), "{text}");
        assert!(text.contains("\"hash\": \"ffffffffffffffff\""), "{text}");
        assert_eq!(Marks::from_json(&text), Ok(marks));
        assert_eq!(
            Marks::posts(&Marks::from_json(&text).unwrap()).collect::<Vec<_>>(),
            ["b.md", "posts/a.md"]
        );
    }

    /// Files of another version or algorithm, or with a bad hash, are refused.
    #[test]
    fn review_marks_json_refuses_what_it_does_not_understand() {
        let v2 = r#"{"version":2,"algorithm":"xxh3-64","marks":{}}"#;
        assert!(Marks::from_json(v2).unwrap_err().contains("version 2"));
        let sip = r#"{"version":1,"algorithm":"sip","marks":{}}"#;
        assert!(Marks::from_json(sip).unwrap_err().contains("sip"));
        let bad = r#"{"version":1,"algorithm":"xxh3-64","marks":{"a.md":{"hash":"xyz"}}}"#;
        assert!(Marks::from_json(bad).unwrap_err().contains("a.md"));
        assert!(Marks::from_json("{").is_err());
    }

    /// One file per site, under `review/`, named after the folder and the path's hash.
    #[test]
    fn review_file_is_per_site() {
        let data = Path::new("/data");
        let a = file_for(data, Path::new("/no/such/site-a"));
        assert_ne!(a, file_for(data, Path::new("/no/other/site-a")));
        let want = format!(
            "site-a-{:016x}.json",
            stable_hash::of_bytes(b"/no/such/site-a")
        );
        assert_eq!(a, Path::new("/data/review").join(want));
    }

    /// Storing then loading gives the same marks; a missing file is no marks; a broken
    /// one is an error naming the file.
    #[test]
    fn review_marks_store_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("review").join("site.json");
        assert_eq!(load(&file).unwrap(), Marks::default());
        let mut marks = Marks::default();
        marks.mark("a.md", 42);
        store(&file, &marks).unwrap();
        assert_eq!(load(&file).unwrap(), marks);
        std::fs::write(&file, "not json").unwrap();
        let err = load(&file).unwrap_err().to_string();
        assert!(err.contains("site.json"), "{err}");
    }

    /// Hashes are of the file's bytes; a missing file has none.
    #[test]
    fn review_hash_posts_reads_bytes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "hello").unwrap();
        let got = hash_posts(dir.path(), &["a.md".to_owned(), "gone.md".to_owned()]);
        assert_eq!(
            got,
            [
                ("a.md".to_owned(), Some(stable_hash::of_bytes(b"hello"))),
                ("gone.md".to_owned(), None)
            ]
        );
    }
}
