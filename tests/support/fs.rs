//! Files for the tests: the one folder copy ([`copy_dir`]), temporary sites (a copy of a
//! folder, of `sample-posts`, or a few files written out), and snapshots of a tree to prove
//! that a command wrote nothing. It must not write outside the temporary folders it makes.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use tempfile::TempDir;

/// Copy the folder `from` (recursively) into `to`, which is created. The one copy helper of
/// the tests, and the careful one: a symbolic link is copied as a link (never followed, so a
/// copy never reads, nor later lets folio reach, anything outside `from`); `.git` folders
/// are left out (history is not content, and can be large); anything else that is neither a
/// file nor a folder (a socket, a fifo) fails the test rather than being skipped silently.
pub fn copy_dir(from: &Path, to: &Path) {
    let walk = walkdir::WalkDir::new(from)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| !(e.file_type().is_dir() && e.file_name() == ".git"));
    for entry in walk {
        let entry = entry.expect("walk the source folder");
        let rel = entry.path().strip_prefix(from).expect("under the source");
        let dest = to.join(rel);
        let kind = entry.file_type();
        if kind.is_dir() {
            std::fs::create_dir_all(&dest).expect("create a folder");
        } else if kind.is_symlink() {
            let target = std::fs::read_link(entry.path()).expect("read a link");
            std::os::unix::fs::symlink(&target, &dest).expect("copy a link as a link");
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &dest).expect("copy a file");
        } else {
            panic!(
                "cannot copy {}: not a file, folder or link",
                entry.path().display()
            );
        }
    }
}

/// A new temporary folder holding a copy of the folder `from` (see [`copy_dir`]).
pub fn temp_copy(from: &Path) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    copy_dir(from, dir.path());
    dir
}

/// The sample posts copied into a temporary folder: tests that write files use this.
pub fn temp_sample() -> TempDir {
    temp_copy(&super::sample_posts())
}

/// A temporary content folder holding `files` (relative path, text).
pub fn site(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// The text of the file `rel` under `root`.
pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// What a tree looks like: relative path → (kind, length, content hash, modification time).
pub type TreeState = BTreeMap<String, (char, u64, u64, Option<SystemTime>)>;

/// Record every file and folder under `root` with its size, a hash of its bytes and its
/// modification time, to compare before and after running commands.
pub fn tree_state(root: &Path) -> TreeState {
    let mut state = TreeState::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("walk the tree");
        let rel = entry.path().strip_prefix(root).expect("under the root");
        let meta = std::fs::symlink_metadata(entry.path()).expect("metadata");
        let mtime = meta.modified().ok();
        let key = rel.to_string_lossy().into_owned();
        if meta.is_dir() {
            state.insert(key, ('d', 0, 0, mtime));
        } else {
            state.insert(key, ('f', meta.len(), hash_file(entry.path()), mtime));
        }
    }
    state
}

fn hash_file(path: &Path) -> u64 {
    let mut file = std::fs::File::open(path).expect("open a file to hash");
    let mut hasher = DefaultHasher::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).expect("read a file to hash");
        if n == 0 {
            break;
        }
        hasher.write(&buf[..n]);
    }
    hasher.finish()
}

/// Every markdown file under `root`, relative, with `/`, sorted.
pub fn markdown_files(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .expect("under the root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    files.sort();
    files
}
