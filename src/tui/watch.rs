//! Watching the content root for changes made outside folio (a `git pull`, another
//! editor): `notify` (`inotify`, `FSEvents`, …) recursively, debounced, answering with one
//! [`Msg::FilesChanged`] per burst. Where the platform watcher cannot start (some network
//! file systems, an exhausted inotify limit) it falls back to polling and says so.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, SystemTime};

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode, Watcher};

use crate::app::{Msg, Tone};

use super::Event;

/// How long a burst of changes is gathered before the app hears of it.
const DEBOUNCE: Duration = Duration::from_millis(200);
/// How often the polling fallback looks.
const POLL_EVERY: Duration = Duration::from_secs(2);

/// A running watcher; dropping it stops watching.
pub struct SiteWatcher {
    _watcher: Box<dyn Watcher + Send>,
}

/// Whether a changed path matters to folio: a post (`.md`, `.markdown`) or `folio.toml`,
/// not in a hidden folder and not one of folio's own temporary files.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    if hidden {
        return false;
    }
    let is_post = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    is_post
        || path
            .file_name()
            .is_some_and(|n| n == crate::core::site_config::CONFIG_FILE)
}

/// Start watching `root`; changes arrive on `tx` as [`Msg::FilesChanged`]. Returns the
/// watcher to keep alive (`None` when even polling could not start: a message says so).
///
/// `since`: when indexing began. A post written after that and before the watch was in
/// place (the watch starts after the first list) would be missed by both; once watching,
/// every post modified since then is reported as changed, so nothing falls in the gap.
pub fn watch(root: &Path, tx: &Sender<Event>, since: Option<SystemTime>) -> Option<SiteWatcher> {
    let (raw_tx, raw_rx) = mpsc::channel::<PathBuf>();
    let catch_up = raw_tx.clone();
    let root_owned = root.to_owned();
    let handler = move |result: notify::Result<notify::Event>| {
        // Reading a file (folio's own indexing, too) is an access event and a change of
        // times or permissions is a metadata one: neither changes what a post says, and
        // taking them as changes would make every re-index set off the next.
        if let Ok(event) = result.as_ref()
            && matches!(
                event.kind,
                EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
            )
        {
            return;
        }
        if let Ok(event) = result {
            for path in event.paths {
                if is_relevant(&root_owned, &path) {
                    // The debouncer is gone only when folio is quitting.
                    let _ = raw_tx.send(path);
                }
            }
        }
    };
    let native = notify::recommended_watcher(handler.clone()).and_then(|mut w| {
        w.watch(root, RecursiveMode::Recursive)?;
        Ok(Box::new(w) as Box<dyn Watcher + Send>)
    });
    let watcher = match native {
        Ok(w) => w,
        Err(native_error) => {
            let config = notify::Config::default().with_poll_interval(POLL_EVERY);
            let polled = notify::PollWatcher::new(handler, config).and_then(|mut w| {
                w.watch(root, RecursiveMode::Recursive)?;
                Ok(Box::new(w) as Box<dyn Watcher + Send>)
            });
            match polled {
                Ok(w) => {
                    let note = format!(
                        "Watching for changes by polling every {}s ({native_error})",
                        POLL_EVERY.as_secs()
                    );
                    let _ = tx.send(Event::App(Msg::Notice(Tone::Info, note)));
                    w
                }
                Err(e) => {
                    let note = format!("Changes made outside folio will not show: {e}");
                    let _ = tx.send(Event::App(Msg::Notice(Tone::Error, note)));
                    return None;
                }
            }
        }
    };
    let tx = tx.clone();
    std::thread::spawn(move || debounce(&raw_rx, &tx));
    if let Some(since) = since {
        for path in modified_since(root, since) {
            // The debouncer is gone only when folio is quitting.
            let _ = catch_up.send(path);
        }
    }
    Some(SiteWatcher { _watcher: watcher })
}

/// How far before `since` a modification time still counts: file systems stamp files
/// from a coarse clock (a few milliseconds behind the precise one).
const CLOCK_SLACK: Duration = Duration::from_millis(100);

/// Every post under `root` (hidden folders aside) modified at or after `since` (less
/// [`CLOCK_SLACK`]).
fn modified_since(root: &Path, since: SystemTime) -> Vec<PathBuf> {
    let since = since.checked_sub(CLOCK_SLACK).unwrap_or(since);
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_relevant(root, e.path()))
        .filter(|e| {
            e.metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .is_some_and(|t| t >= since)
        })
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// Gather paths until the burst has been quiet for [`DEBOUNCE`], then send them at once.
fn debounce(raw: &mpsc::Receiver<PathBuf>, tx: &Sender<Event>) {
    while let Ok(first) = raw.recv() {
        let mut paths = BTreeSet::from([first]);
        while let Ok(more) = raw.recv_timeout(DEBOUNCE) {
            paths.insert(more);
        }
        let msg = Msg::FilesChanged(paths.into_iter().collect());
        if tx.send(Event::App(msg)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Posts and folio.toml matter; hidden folders, folio's temp files and other files do
    /// not.
    #[test]
    fn watch_relevance() {
        let root = Path::new("/site");
        assert!(is_relevant(root, Path::new("/site/posts/a.md")));
        assert!(is_relevant(root, Path::new("/site/b.markdown")));
        assert!(is_relevant(root, Path::new("/site/folio.toml")));
        assert!(!is_relevant(root, Path::new("/site/.git/index")));
        assert!(!is_relevant(root, Path::new("/site/.folio-x1.tmp")));
        assert!(!is_relevant(root, Path::new("/site/.hidden/a.md")));
        assert!(!is_relevant(root, Path::new("/site/img.png")));
    }

    /// Reading files is not a change: indexing the site must not set off a re-index.
    #[test]
    fn watch_ignores_reads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("a.md"), "x").unwrap();
        let (tx, rx) = mpsc::channel();
        let _watcher = watch(&root, &tx, None).expect("a watcher");
        for _ in 0..5 {
            std::fs::read_to_string(root.join("a.md")).unwrap();
        }
        if let Ok(Event::App(Msg::FilesChanged(paths))) =
            rx.recv_timeout(Duration::from_millis(800))
        {
            panic!("reads reported: {paths:?}");
        }
    }

    /// A file written under a watched folder arrives as one `FilesChanged` naming it.
    #[test]
    fn watch_reports_a_new_post() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let (tx, rx) = mpsc::channel();
        let _watcher = watch(&root, &tx, None).expect("a watcher");
        std::fs::write(root.join("new.md"), "---\ntitle: New\n---\n").unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(Event::App(Msg::FilesChanged(paths))) => {
                    assert!(paths.contains(&root.join("new.md")), "{paths:?}");
                    break;
                }
                Ok(_) => {}
                Err(e) => panic!("no FilesChanged: {e}"),
            }
        }
    }

    /// A post written after indexing began but before the watch started is reported once
    /// the watch is in place; older posts are not.
    #[test]
    fn watch_catches_up_on_posts_written_before_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("old.md"), "---\ntitle: Old\n---\n").unwrap();
        std::thread::sleep(CLOCK_SLACK * 3);
        let began = SystemTime::now();
        std::fs::write(root.join("gap.md"), "---\ntitle: Gap\n---\n").unwrap();
        let (tx, rx) = mpsc::channel();
        let _watcher = watch(&root, &tx, Some(began)).expect("a watcher");
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Event::App(Msg::FilesChanged(paths))) => {
                assert_eq!(paths, [root.join("gap.md")]);
            }
            _ => panic!("the post written in the gap was not reported"),
        }
    }
}
