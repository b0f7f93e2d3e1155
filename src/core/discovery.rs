//! Finding the post files under a content root.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// A post file found under the root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The path on disk (under the root as given).
    pub path: PathBuf,
    /// The path relative to the root, with `/` separators.
    pub rel_path: String,
}

/// Whether `path` has a markdown extension (`.md`, `.markdown`, any case).
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Every markdown file under `root`, sorted by relative path. Hidden folders and files are
/// skipped; symlinked folders are followed once (loops are cut) but only if they stay inside
/// the root.
pub fn discover(root: &Path) -> std::io::Result<Vec<Found>> {
    let canonical_root = root.canonicalize()?;
    let mut found = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || (!e.file_name().to_string_lossy().starts_with('.')
                    && (!e.path_is_symlink() || stays_inside(e.path(), &canonical_root)))
        });
    for entry in walker {
        // Loops and unreadable folders are skipped; the rest of the tree is still listed.
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() || !is_markdown(entry.path()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        found.push(Found {
            path: entry.path().to_owned(),
            rel_path: rel_path_string(rel),
        });
    }
    found.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    Ok(found)
}

fn stays_inside(path: &Path, canonical_root: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|p| p.starts_with(canonical_root))
}

/// A relative path as a `/`-separated string.
pub fn rel_path_string(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn names(root: &Path) -> Vec<String> {
        discover(root)
            .unwrap()
            .into_iter()
            .map(|f| f.rel_path)
            .collect()
    }

    #[test]
    fn discover_finds_markdown_recursively_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a/b")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        for f in [
            "x.md",
            "a/y.markdown",
            "a/b/index.MD",
            ".git/z.md",
            ".hidden.md",
            "n.txt",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        assert_eq!(names(root), ["a/b/index.MD", "a/y.markdown", "x.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn discover_survives_symlink_loops_and_skips_outside_links() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(root.join("sub/p.md"), "x").unwrap();
        fs::write(outside.path().join("secret.md"), "x").unwrap();
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("out")).unwrap();
        std::os::unix::fs::symlink(root.join("sub"), root.join("alias")).unwrap();
        assert_eq!(names(root), ["alias/p.md", "sub/p.md"]);
    }
}
