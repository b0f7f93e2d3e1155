//! The index cache on the built binary: two `folio` processes on one site at once, the
//! cache outside the content folder, and the same answers with and without it.

mod support;

use std::path::Path;
use std::process::Child;
use std::time::Instant;

use support::cli::{Run, folio_command};
use support::fs::tree_state;

/// `folio list --json ROOT` started (not waited for) with its index cache in `cache`.
fn list(root: &Path, cache: &Path) -> (Child, Instant) {
    let child = folio_command()
        .args(["list", "--json"])
        .arg(root)
        .env("FOLIO_CACHE_DIR", cache)
        .spawn()
        .expect("spawn folio");
    (child, Instant::now())
}

/// The stdout of a `list` started above, which must succeed.
fn output((child, started): (Child, Instant)) -> String {
    let out = child.wait_with_output().expect("wait for folio");
    let run = Run::finished("folio list --json".into(), out, started.elapsed()).succeeded();
    String::from_utf8(run.stdout_bytes).expect("utf-8 output")
}

/// Two processes writing one site's cache at once give the answer of a first run, leave
/// a good cache, and never write into the content folder.
#[test]
fn cli_cache_two_processes_on_one_site() {
    let root = tempfile::tempdir().expect("site");
    for i in 0..300 {
        let text = format!(
            "---\ntitle: Post {i}\ndate: 2024-02-03\ntags: [t{}]\n---\n[a](/p{})\n",
            i % 7,
            i + 1
        );
        std::fs::write(root.path().join(format!("p{i}.md")), text).expect("write");
    }
    std::thread::sleep(folio::core::index_cache::RACY_WINDOW * 2);
    let before = tree_state(root.path());
    let first_cache = tempfile::tempdir().expect("cache");
    let reference = output(list(root.path(), first_cache.path()));
    let cache = tempfile::tempdir().expect("cache");
    for _ in 0..3 {
        let (a, b) = (
            list(root.path(), cache.path()),
            list(root.path(), cache.path()),
        );
        assert_eq!(output(a), reference);
        assert_eq!(output(b), reference);
    }
    let stored = folio::core::index_cache::IndexCache::for_root(cache.path(), root.path())
        .expect("cache of the site")
        .read()
        .expect("a whole, valid cache");
    assert_eq!(stored.len(), 300);
    assert_eq!(
        tree_state(root.path()),
        before,
        "the content folder changed"
    );
}
