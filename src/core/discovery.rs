//! Finding the post files under a content root: `.md` and `.markdown` files, honouring
//! `.gitignore` and `.ignore` files inside the root (through the `ignore` crate, as ripgrep
//! does), skipping hidden files, build output and dependencies (`_site`, `public`,
//! `node_modules`, `.git`) and the site's `exclude` globs.
//!
//! Reads directory listings only; never file contents.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// Folders skipped wherever they are: build output and dependencies, never posts.
pub const DEFAULT_SKIPS: [&str; 4] = ["_site/", "public/", "node_modules/", ".git/"];

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

/// Check `exclude` globs (gitignore syntax); the message names the bad one.
pub fn check_globs(globs: &[String]) -> Result<(), String> {
    skip_matcher(Path::new(""), globs).map(drop)
}

fn skip_matcher(root: &Path, exclude: &[String]) -> Result<Gitignore, String> {
    let mut builder = GitignoreBuilder::new(root);
    builder.allow_unclosed_class(false);
    for glob in DEFAULT_SKIPS
        .iter()
        .copied()
        .chain(exclude.iter().map(String::as_str))
    {
        builder
            .add_line(None, glob)
            .map_err(|e| format!("bad exclude glob {glob:?}: {e}"))?;
    }
    builder.build().map_err(|e| e.to_string())
}

/// Every markdown file under `root` (see the module notes), sorted by relative path.
pub fn discover(root: &Path) -> std::io::Result<Vec<Found>> {
    discover_excluding(root, &[])
}

/// Every markdown file under `root`, also skipping what the `exclude` globs match, sorted by
/// relative path. Symlinked folders are followed once (loops are cut) but only if they stay
/// inside the root.
pub fn discover_excluding(root: &Path, exclude: &[String]) -> std::io::Result<Vec<Found>> {
    let mut found = Vec::new();
    discover_each(root, exclude, |f| found.push(f))?;
    found.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    Ok(found)
}

/// The files [`discover_excluding`] finds, handed to `each` as the walk finds them (in
/// walk order, not sorted), so that reading them can begin before the walk ends.
pub fn discover_each(
    root: &Path,
    exclude: &[String],
    mut each: impl FnMut(Found),
) -> std::io::Result<()> {
    let canonical_root = root.canonicalize()?;
    let skip = skip_matcher(root, exclude)
        .map_err(|m| std::io::Error::new(std::io::ErrorKind::InvalidInput, m))?;
    let walk_root = root.to_owned();
    let walker = WalkBuilder::new(root)
        .follow_links(true)
        .hidden(true)
        .parents(false)
        .git_global(false)
        .require_git(false)
        .sort_by_file_name(std::cmp::Ord::cmp)
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            if e.path_is_symlink() && !stays_inside(e.path(), &canonical_root) {
                return false;
            }
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            let rel = e.path().strip_prefix(&walk_root).unwrap_or(e.path());
            !skip.matched(rel, is_dir).is_ignore()
        })
        .build();
    for entry in walker {
        // Loops and unreadable folders are skipped; the rest of the tree is still listed.
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_some_and(|t| t.is_file()) || !is_markdown(entry.path()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        each(Found {
            path: entry.path().to_owned(),
            rel_path: rel_path_string(rel),
        });
    }
    Ok(())
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

    fn write_all(root: &Path, files: &[(&str, &str)]) {
        for (f, text) in files {
            let path = root.join(f);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
    }

    /// `.gitignore` and `.ignore` files in the root and below are honoured, without a git repo.
    #[test]
    fn discover_honours_gitignore_and_ignore_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_all(
            root,
            &[
                (".gitignore", "drafts/\n*.tmp.md\n"),
                ("sub/.ignore", "secret.md\n"),
                ("a.md", "x"),
                ("b.tmp.md", "x"),
                ("drafts/d.md", "x"),
                ("sub/secret.md", "x"),
                ("sub/open.md", "x"),
                ("secret.md", "x"),
            ],
        );
        assert_eq!(names(root), ["a.md", "secret.md", "sub/open.md"]);
    }

    /// Build output and dependency folders are skipped by default, at any depth.
    #[test]
    fn discover_skips_build_output_by_default() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_all(
            root,
            &[
                ("_site/a.md", "x"),
                ("public/b.md", "x"),
                ("node_modules/pkg/README.md", "x"),
                ("docs/_site/c.md", "x"),
                ("docs/publication.md", "x"),
                ("_posts/2016-01-02-x.md", "x"),
            ],
        );
        assert_eq!(
            names(root),
            ["_posts/2016-01-02-x.md", "docs/publication.md"]
        );
    }

    /// `exclude` globs skip more, with gitignore meaning (anchored with `/`, folders with `/`).
    #[test]
    fn discover_excludes_configured_globs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_all(
            root,
            &[
                ("themes/t/README.md", "x"),
                ("content/a.md", "x"),
                ("content/a.draft.md", "x"),
                ("content/themes/b.md", "x"),
                ("README.md", "x"),
            ],
        );
        let globs = [
            "/themes/".to_owned(),
            "*.draft.md".to_owned(),
            "/README.md".to_owned(),
        ];
        let found: Vec<_> = discover_excluding(root, &globs)
            .unwrap()
            .into_iter()
            .map(|f| f.rel_path)
            .collect();
        assert_eq!(found, ["content/a.md", "content/themes/b.md"]);
        assert!(check_globs(&["a/[".to_owned()]).is_err());
        assert!(check_globs(&globs).is_ok());
    }
}
