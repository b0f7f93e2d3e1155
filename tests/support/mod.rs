//! The one support module of the integration tests: every test file says `mod support;`
//! and uses what it needs. It owns where the test content lives (the crate root, the
//! bundled `sample-posts`, `../shared` and the 18F corpus) and the one way to say a test
//! was skipped; the submodules own the rest:
//!
//! - [`fs`]: copying folders (one `copy_dir`), temporary sites, snapshots of a tree;
//! - [`keys`]: the one key-spec parser (`"t<down><enter>"` → key events → terminal bytes);
//! - [`cli`]: running the built binary (`folio`, [`cli::Run`], the exit check) and
//!   reading its output;
//! - [`model`]: the in-process [`folio::app::App`] driven by key strings and messages,
//!   effects carried out by the runtime's own interpreter, and drawing it;
//! - [`pty`]: the real binary in a pseudo-terminal, and [`pty::user`] driving it.
//!
//! It must not hold a test, nor a second copy of anything in `src/`.

// Every integration test file is its own crate and compiles this whole module, but each
// uses a different subset of it: helpers unused in one crate are expected, not dead.
#![allow(dead_code)]

pub mod cli;
pub mod fs;
pub mod keys;
pub mod model;
pub mod pty;

use std::path::PathBuf;

/// The crate root (where Cargo.toml is).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled sample content (never written: copy it with [`fs::temp_sample`] first).
pub fn sample_posts() -> PathBuf {
    manifest_dir().join("sample-posts")
}

/// `../shared` next to the repository: the seed post and the real corpus. CI may not have
/// it, and tests never write into it.
pub fn shared_dir() -> PathBuf {
    manifest_dir().join("..").join("shared")
}

/// Say that the running test was skipped, and why, on the test runner's own stderr (not the
/// captured one, so it shows in `cargo test` output): a test that cannot run must not pass
/// silently. Every skip in `tests/` goes through here, so `grep SKIPPED` finds them all.
pub fn skipped(why: &str) {
    use std::io::Write as _;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// The file or folder `rel` under `../shared`, or `None` after saying the test is skipped
/// because it is absent. Every test that needs `../shared` asks through here.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = shared_dir().join(rel);
    if path.exists() {
        Some(path)
    } else {
        skipped(&format!("needs ../shared: {} is absent", path.display()));
        None
    }
}

/// A temp copy of the 18F corpus's `posts` folder with the site's `folio.toml` (its URL and
/// dated permalinks): the temp dir (keep it alive) and the content root. `None`, after
/// saying the test is skipped, when `../shared` does not hold the corpus.
pub fn corpus_18f_site() -> Option<(tempfile::TempDir, PathBuf)> {
    let corpus = shared("corpus/18f.gsa.gov/posts")?;
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path().join("posts");
    fs::copy_dir(&corpus, &root);
    std::fs::write(
        root.join("folio.toml"),
        "site_url = \"https://18f.gsa.gov\"\npermalink = \"/{year}/{month}/{day}/{slug}/\"\n",
    )
    .expect("write folio.toml");
    Some((dir, root))
}
