//! Finding the post files under a content root: `.md` and `.markdown` files, honouring
//! `.gitignore` and `.ignore` files inside the root (through the `ignore` crate, as ripgrep
//! does), skipping hidden files, build output and dependencies (`_site`, `public`,
//! `node_modules`, `.git`) and the site's `exclude` globs.
//!
//! Reads directory listings only; never file contents.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    let mut found = discover_map(root, exclude, |f| f)?;
    found.sort_unstable_by(|a, b| a.rel_path.cmp(&b.rel_path));
    Ok(found)
}

/// The files [`discover_excluding`] finds, each handed to `each` on one of the walk's
/// threads (one a core) as soon as it is found, so that reading them shares the cores
/// with the walk; what `each` returns, in no particular order.
pub fn discover_map<T: Send>(
    root: &Path,
    exclude: &[String],
    each: impl Fn(Found) -> T + Sync,
) -> std::io::Result<Vec<T>> {
    discover_map_counting(root, exclude, None, each)
}

/// [`discover_map`], counting in `found` each post as the walk comes upon it (a folder's
/// files are all counted before the first of them is handed to `each`), for progress.
pub fn discover_map_counting<T: Send>(
    root: &Path,
    exclude: &[String],
    found: Option<Arc<AtomicUsize>>,
    each: impl Fn(Found) -> T + Sync,
) -> std::io::Result<Vec<T>> {
    use std::sync::Mutex;
    let out = Mutex::new(Vec::new());
    discover_each_counting(root, exclude, found, |f| {
        let value = each(f);
        // A poisoned lock means another thread panicked: that panic is reported.
        if let Ok(mut out) = out.lock() {
            out.push(value);
        }
    })?;
    Ok(out
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// [`discover_map_counting`] for an `each` that keeps what it makes itself: nothing is
/// collected.
pub fn discover_each_counting(
    root: &Path,
    exclude: &[String],
    found: Option<Arc<AtomicUsize>>,
    each: impl Fn(Found) + Sync,
) -> std::io::Result<()> {
    walk_posts(root, exclude, found, || &each)
}

/// The files [`discover_excluding`] finds, each handed to `each` soon after it is found
/// (a walk thread sends them a batch at a time, the last when its walk is over), on
/// threads of their own (a thread per core, more once `waits`, which `each` feeds, shows
/// them waiting on the disk: see [`super::par::for_each_sent_widening`], with its
/// `init`) while the walk's own threads go on: the walk is not held up by the work on
/// the posts, so it knows the whole site (`found` counts it) long before they are all
/// done. Nothing is collected.
pub fn discover_each_sent<S>(
    root: &Path,
    exclude: &[String],
    found: Option<Arc<AtomicUsize>>,
    waits: &super::par::Waits,
    init: impl Fn() -> S + Sync + Send,
    each: impl Fn(&mut S, Found) + Sync + Send,
) -> std::io::Result<()> {
    let (tx, rx) = std::sync::mpsc::channel::<Vec<Found>>();
    std::thread::scope(|s| {
        let walk = s.spawn(move || {
            // Each walk thread sends what it finds a batch at a time: one message a post
            // was a lock and a wake-up a post on either side (2 % of a large first run).
            walk_posts(root, exclude, found, || {
                let mut batch = Batch::to(tx.clone());
                move |found| batch.push(found)
            })
        });
        super::par::for_each_sent_widening(rx, waits, init, |state, batch| {
            for found in batch {
                each(state, found);
            }
        });
        walk.join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Walk `root` (see [`walker`]) on the walk's threads, each handing the post files it
/// comes upon to its own `take`, which `per_thread` makes when the thread starts.
fn walk_posts<T>(
    root: &Path,
    exclude: &[String],
    found: Option<Arc<AtomicUsize>>,
    mut per_thread: impl FnMut() -> T,
) -> std::io::Result<()>
where
    T: FnMut(Found) + Send,
{
    use ignore::WalkState;
    walker(root, exclude, found)?.build_parallel().run(|| {
        let mut take = per_thread();
        Box::new(move |entry| {
            if let Some(found) = entry.ok().and_then(|e| post_file(root, &e)) {
                take(found);
            }
            WalkState::Continue
        })
    });
    Ok(())
}

/// Posts a walk thread sends at a time (see [`discover_each_sent`]): a few hundred
/// microseconds of reading, a small part of the first page's wait.
const SENT_BATCH: usize = 32;

/// The posts a walk thread found and has not sent yet; the rest go when it is dropped
/// (the thread's walk is over).
struct Batch {
    tx: std::sync::mpsc::Sender<Vec<Found>>,
    items: Vec<Found>,
}

impl Batch {
    fn to(tx: std::sync::mpsc::Sender<Vec<Found>>) -> Batch {
        Batch {
            tx,
            items: Vec::with_capacity(SENT_BATCH),
        }
    }

    fn push(&mut self, found: Found) {
        self.items.push(found);
        if self.items.len() >= SENT_BATCH {
            self.send();
        }
    }

    fn send(&mut self) {
        if !self.items.is_empty() {
            let items = std::mem::replace(&mut self.items, Vec::with_capacity(SENT_BATCH));
            // An error: the receiver is gone (`each` panicked, which is reported).
            let _ = self.tx.send(items);
        }
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        self.send();
    }
}

/// The walk of `root` both discoveries share: what is skipped, and symlinks kept inside.
fn walker(
    root: &Path,
    exclude: &[String],
    found: Option<Arc<AtomicUsize>>,
) -> std::io::Result<WalkBuilder> {
    let canonical_root = root.canonicalize()?;
    let skip = skip_matcher(root, exclude)
        .map_err(|m| std::io::Error::new(std::io::ErrorKind::InvalidInput, m))?;
    let walk_root = root.to_owned();
    let mut builder = WalkBuilder::new(root);
    builder
        .follow_links(true)
        .hidden(true)
        .parents(false)
        .git_global(false)
        .require_git(false)
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            if e.path_is_symlink() && !stays_inside(e.path(), &canonical_root) {
                return false;
            }
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            let rel = under(&walk_root, e.path()).unwrap_or(e.path());
            let kept = !skip.matched(rel, is_dir).is_ignore();
            if let Some(found) = &found
                && kept
                && e.file_type().is_some_and(|t| t.is_file())
                && is_markdown(e.path())
            {
                found.fetch_add(1, Ordering::Relaxed);
            }
            kept
        });
    Ok(builder)
}

/// The post `entry` of the walk of `root` is, if it is a markdown file.
fn post_file(root: &Path, entry: &ignore::DirEntry) -> Option<Found> {
    if !entry.file_type().is_some_and(|t| t.is_file()) || !is_markdown(entry.path()) {
        return None;
    }
    let rel = under(root, entry.path())?;
    Some(Found {
        path: entry.path().to_owned(),
        rel_path: rel_path_string(rel),
    })
}

/// `path` relative to `root`, for a path the walk of `root` gave: those start with
/// `root` as written, so a text prefix does (`Path::strip_prefix` compares component by
/// component, a twentieth of the listing's time).
fn under<'p>(root: &Path, path: &'p Path) -> Option<&'p Path> {
    use std::path::is_separator;
    match (root.to_str(), path.to_str()) {
        (Some(r), Some(p)) if !r.is_empty() => {
            let rest = p.strip_prefix(r)?;
            match rest.strip_prefix(is_separator) {
                Some(rel) => Some(Path::new(rel)),
                None if rest.is_empty() || r.ends_with(is_separator) => Some(Path::new(rest)),
                // A bare drive (`C:` gives `C:x.md`): the component-wise way decides.
                None => path.strip_prefix(root).ok(),
            }
        }
        _ => path.strip_prefix(root).ok(),
    }
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
    fn under_strips_the_root_as_written() {
        fn rel<'p>(root: &str, path: &'p str) -> Option<&'p Path> {
            under(Path::new(root), Path::new(path))
        }
        assert_eq!(rel("site", "site/a/x.md"), Some(Path::new("a/x.md")));
        assert_eq!(rel("site/", "site/x.md"), Some(Path::new("x.md")));
        assert_eq!(rel(".", "./x.md"), Some(Path::new("x.md")));
        assert_eq!(rel("/", "/srv/x.md"), Some(Path::new("srv/x.md")));
        assert_eq!(rel("site", "site"), Some(Path::new("")));
        assert_eq!(rel("a/.", "a/./x.md"), Some(Path::new("x.md")));
        // The platform's own separator (a `\` on Windows) as well.
        let sep = std::path::MAIN_SEPARATOR;
        let windows_like = format!("site{sep}a{sep}x.md");
        assert_eq!(
            rel("site", &windows_like),
            Some(Path::new(&windows_like["site".len() + 1..]))
        );
        // Not under the root: a longer name is not a folder of it.
        assert_eq!(rel("site", "site2/x.md"), None);
        assert_eq!(rel("site", "other/x.md"), None);
    }

    #[test]
    fn discover_map_hands_every_post_to_the_walk_threads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for i in 0..40 {
            fs::create_dir_all(root.join(format!("s{}", i % 4))).unwrap();
            fs::write(root.join(format!("s{}/p{i}.md", i % 4)), "x").unwrap();
        }
        fs::write(root.join("s1/skip.txt"), "x").unwrap();
        let counted = Arc::new(AtomicUsize::new(0));
        let seen_before = AtomicUsize::new(usize::MAX);
        let mut got =
            discover_map_counting(root, &["s3/".to_owned()], Some(Arc::clone(&counted)), |f| {
                // Counted when the walk came upon it, before it is handed over.
                seen_before.fetch_min(counted.load(Ordering::Relaxed), Ordering::Relaxed);
                f.rel_path
            })
            .unwrap();
        assert_eq!(
            counted.load(Ordering::Relaxed),
            30,
            "the skipped folder is not counted"
        );
        assert!(seen_before.load(Ordering::Relaxed) >= 1);
        got.sort();
        let mut want: Vec<String> = (0..40)
            .filter(|i| i % 4 != 3)
            .map(|i| format!("s{}/p{i}.md", i % 4))
            .collect();
        want.sort();
        assert_eq!(got, want);
    }

    /// Every post is handed to the pool once, those of a walk thread's last batch as
    /// well: fewer posts than a batch, a batch's worth, and several batches and a part.
    #[test]
    fn discover_each_sent_hands_every_post_once() {
        for count in [0, 3, SENT_BATCH, SENT_BATCH * 5 + 7] {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            for i in 0..count {
                fs::create_dir_all(root.join(format!("s{}", i % 3))).unwrap();
                fs::write(root.join(format!("s{}/p{i}.md", i % 3)), "x").unwrap();
            }
            let got = std::sync::Mutex::new(Vec::new());
            discover_each_sent(
                root,
                &[],
                None,
                &crate::core::par::Waits::default(),
                || (),
                |(), f| {
                    got.lock().unwrap().push(f.rel_path);
                },
            )
            .unwrap();
            let mut got = got.into_inner().unwrap();
            got.sort();
            let mut want: Vec<String> = (0..count).map(|i| format!("s{}/p{i}.md", i % 3)).collect();
            want.sort();
            assert_eq!(got, want, "{count} posts");
        }
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
