//! `cargo bench --bench scale`: how folio behaves on a large site.
//!
//! Generates a synthetic site (100,000 posts by default; `FOLIO_BENCH_POSTS` to change)
//! and a 5 MB post, then measures what a user waits for: indexing, the first list, every
//! kind of key press on the full list, and scrolling a huge post versus a small one.
//! Numbers are wall-clock on this machine; each key-press figure is the mean of many.

#[path = "support/mod.rs"]
mod support;

/// The binary's allocator (see `src/main.rs`), so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use folio::app::keymap::Keymap;
use folio::app::memory::Memory;
use folio::app::{App, Content, Effect, Msg};
use folio::core::catalog::Catalog;
use folio::core::index::Index;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn report(what: &str, d: Duration) {
    println!("{what:<58} {:>10.3} ms", d.as_secs_f64() * 1000.0);
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    let msg = app
        .key_to_msg(KeyEvent::new(code, KeyModifiers::NONE))
        .expect("key is bound");
    app.update(msg)
}

/// Mean time of `n` presses of `code`, each followed by a full frame draw.
fn per_key(app: &mut App, term: &mut Terminal<TestBackend>, code: KeyCode, n: u32) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        key(app, code);
        term.draw(|f| folio::ui::draw(app, f)).expect("draw");
    }
    start.elapsed() / n
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Start-up through the index cache: a first run (no cache: the quick listing, then the
/// full index; the scan that parses whole, as on a large site, then the full index; then
/// the full index alone), the early list from the cache's listing, and a
/// run that reuses every post; with the cache's size and resident memory.
fn cache_figures(root: &std::path::Path) {
    use folio::core::cached_index::Startup;
    let cache = tempfile::tempdir().expect("cache dir");
    // Past the racy window, so the first run stores every post.
    std::thread::sleep(folio::core::index_cache::RACY_WINDOW * 2);
    let ((startup, listing), d) = time(|| {
        let mut startup = Startup::open(root, None).expect("open");
        let listing = startup
            .scan_listing(&|_, _| {}, &|_| {})
            .expect("scan")
            .expect("posts");
        let catalog = Catalog::build(&listing);
        (startup, (listing, catalog))
    });
    report(
        "no cache: first list (walk, read heads, index + catalog)",
        d,
    );
    let ((index, _), d) = time(|| startup.finish(&|_, _| {}).expect("index"));
    report(
        "no cache: full index after it (parse all, resolve, check)",
        d,
    );
    drop((listing, index));
    // A large site's first run, as the terminal UI makes it (from 50,000 posts): the scan
    // parses each post whole once its walk has counted that many; then the site's first
    // page (kept by the scan as it read) is shown, and the full index keeps the scan's
    // parse.
    let ((startup, mut page), d) = time(|| {
        let mut startup = Startup::open(root, None).expect("open");
        startup.parse_whole_from(50_000);
        let scanned = startup.scan(&|_, _| {}, None).expect("scan");
        let folio::core::cached_index::Scanned::Large(page) = scanned else {
            panic!("a large site");
        };
        (startup, page)
    });
    report("no cache, parsing whole from 50,000 posts: the scan", d);
    let config = startup.config().clone();
    let (((page_ms, page), (index, _)), d) = time(|| {
        let start = Instant::now();
        let page = page.page().into_index(root, config);
        let catalog = Catalog::build(&page);
        let page = (start.elapsed(), (page, catalog));
        (page, startup.finish(&|_, _| {}).expect("index"))
    });
    report("  the first page, then the full index", d);
    report("    of which the first page (and its catalog)", page_ms);
    drop((page, index));
    let ((index, fresh), d) = time(|| {
        Startup::open(root, Some(cache.path()))
            .and_then(|s| s.finish(&|_, _| {}))
            .expect("index")
    });
    report("no cache: walk, parse all, build index (+catalog below)", d);
    let (catalog, d_catalog) = time(|| Catalog::build(&index));
    report("  catalog", d_catalog);
    let ((), d) = time(|| fresh.store(&index).expect("store cache"));
    report("  write the cache (after the UI has its index)", d);
    if let Some(mb) = rss_mb() {
        println!("  resident memory with one index: {mb:.0} MB");
    }
    drop((index, catalog));
    let file = folio::core::index_cache::IndexCache::for_root(cache.path(), root)
        .expect("cache")
        .file;
    let size = std::fs::metadata(&file).map_or(0, |m| m.len());
    println!(
        "  cache file: {:.1} MB",
        f64::from(u32::try_from(size / 1000).unwrap_or(u32::MAX)) / 1000.0
    );
    let ((mut startup, preview), d) = time(|| {
        let mut startup = Startup::open(root, Some(cache.path())).expect("open");
        let preview = startup.preview_index().expect("a first page");
        let catalog = Catalog::build(&preview);
        (startup, (preview, catalog))
    });
    report(
        "with cache: first page (read it, preview index + catalog)",
        d,
    );
    drop(preview);
    let (early, d) = time(|| {
        let early = startup.early_index().expect("cached posts");
        let catalog = Catalog::build(&early);
        (early, catalog)
    });
    report("with cache: early list (read listing, index + catalog)", d);
    let ((index, fresh), d) = time(|| startup.finish(&|_, _| {}).expect("index"));
    report("with cache: full index (walk, stat, reuse all)", d);
    println!("  {} of {} posts reused", fresh.reused, index.posts.len());
    if let Some(mb) = rss_mb() {
        println!("  resident memory with early + full index: {mb:.0} MB");
    }
    drop((early, index));
}

/// Perform the effects that reading a post asks for, as the runtime's workers would.
fn perform(app: &mut App, effects: Vec<Effect>) {
    for effect in effects {
        let more = match effect {
            Effect::LoadPost { post, path } => {
                let text = std::fs::read_to_string(path).expect("read post");
                app.update(Msg::PostLoaded {
                    post,
                    text: Ok(text),
                })
            }
            Effect::Render { post, text, width } => {
                let index = app
                    .content
                    .as_ref()
                    .map(|c| Arc::clone(&c.index))
                    .expect("index");
                let doc = folio::tui::effects::render(&index, post, &text, width);
                app.update(Msg::Rendered {
                    post,
                    width,
                    doc: Box::new(doc),
                })
            }
            _ => Vec::new(),
        };
        perform(app, more);
    }
}

#[allow(
    clippy::too_many_lines,
    reason = "the benchmark script: one timed step after another"
)]
fn main() {
    let posts: usize = std::env::var("FOLIO_BENCH_POSTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    println!("folio scale benchmark: {posts} posts in {}", root.display());
    let (_, d) = time(|| support::generate(root, posts, posts / 50 + 10).expect("generate"));
    report("generate the site (not folio)", d);
    std::fs::write(root.join("big.md"), support::large_post(5 * 1024 * 1024))
        .expect("write big post");
    std::fs::write(root.join("small.md"), support::large_post(5 * 1024)).expect("write small post");

    let (found, d) = time(|| folio::core::discovery::discover(root).expect("discover"));
    report("  phase: discover files", d);
    let config = folio::core::site_config::SiteConfig::load(root).expect("config");
    let (loaded, d) = time(|| {
        use rayon::prelude::*;
        found
            .par_iter()
            .map(|f| folio::core::post::Post::load(&f.path, &f.rel_path, &config.link_templates))
            .collect::<Vec<_>>()
    });
    report("  phase: read and parse posts (all cores)", d);
    let (_, d) = time(|| Index::from_posts(root, config, loaded));
    report("  phase: resolve links, backlinks, tags, lint", d);
    let (index, d_index) = time(|| Index::build(root).expect("index"));
    report("index: discover, read, parse, resolve links, lint", d_index);
    let (catalog, d_catalog) = time(|| Catalog::build(&index));
    report("catalog: every tag's posts by date and by title", d_catalog);
    report(
        "time to full post list (index + catalog)",
        d_index + d_catalog,
    );
    let links: usize = (index.posts.ids()).map(|i| index.links(i).len()).sum();
    println!(
        "  {} posts, {} tags, {links} links, {} errors",
        index.posts.len(),
        index.tags.len(),
        index.error_count()
    );

    cache_figures(root);

    let mut app = App::new(root.to_owned(), Keymap::default(), Memory::default());
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let (_, d) = time(|| term.draw(|f| folio::ui::draw(&app, f)).expect("draw"));
    report("first frame (while indexing)", d);
    app.update(Msg::Resize(120, 40));
    let content = Content {
        index: Arc::new(index),
        catalog: Arc::new(catalog),
    };
    let ((), d) = time(|| {
        app.update(Msg::Indexed(content));
        term.draw(|f| folio::ui::draw(&app, f)).expect("draw");
    });
    report("index arrives: fill lists and draw", d);

    report(
        "key j in tag list (post list changes) + draw",
        per_key(&mut app, &mut term, KeyCode::Char('j'), 200),
    );
    report(
        "key k in tag list + draw",
        per_key(&mut app, &mut term, KeyCode::Char('k'), 200),
    );
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Tab);
    report(
        "key j in the 100k post list + draw",
        per_key(&mut app, &mut term, KeyCode::Char('j'), 2000),
    );
    report(
        "key PgDn in the post list + draw",
        per_key(&mut app, &mut term, KeyCode::PageDown, 500),
    );
    report(
        "key G (last of all posts) + draw",
        per_key(&mut app, &mut term, KeyCode::Char('G'), 50),
    );
    report(
        "key s (sort by title / date) + draw",
        per_key(&mut app, &mut term, KeyCode::Char('s'), 20),
    );
    let mut type_char = |app: &mut App, c: char| {
        time(|| {
            app.update(Msg::Input(folio::app::input::Edit::Insert(c)));
            term.draw(|f| folio::ui::draw(app, f)).expect("draw");
        })
        .1
    };
    // The first key of a filter opened anew, once per letter (one sample swung by a
    // third from run to run): the median.
    let mut firsts: Vec<Duration> = "eotisnra"
        .chars()
        .map(|c| {
            key(&mut app, KeyCode::Char('/'));
            let d = type_char(&mut app, c);
            app.update(Msg::Input(folio::app::input::Edit::Cancel));
            d
        })
        .collect();
    firsts.sort_unstable();
    report(
        "filter: first keystroke, all posts scored + draw (median of 8)",
        firsts[firsts.len() / 2],
    );
    key(&mut app, KeyCode::Char('/'));
    type_char(&mut app, 'a');
    let rest: Duration = "udience".chars().map(|c| type_char(&mut app, c)).sum();
    report(
        "filter: later keystrokes, narrowing + draw (mean of 7)",
        rest / 7,
    );
    app.update(Msg::Input(folio::app::input::Edit::Cancel));

    for (name, file) in [("5 KB post", "small.md"), ("5 MB post", "big.md")] {
        let id = app
            .index()
            .and_then(|i| i.find(file))
            .expect("bench post indexed");
        let (effects, _) = time(|| app.open_post(id, None, false));
        let ((), d) = time(|| perform(&mut app, effects));
        report(
            &format!("{name}: open (read + render; 5 MB on a worker)"),
            d,
        );
        let rendered = app.reader.as_ref().map_or(0, |r| r.doc.lines.len());
        println!("  {rendered} rendered lines");
        report(
            &format!("{name}: key j (scroll a line) + draw"),
            per_key(&mut app, &mut term, KeyCode::Char('j'), 2000),
        );
        report(
            &format!("{name}: key Space (page) + draw"),
            per_key(&mut app, &mut term, KeyCode::Char(' '), 500),
        );
        report(
            &format!("{name}: key Tab (next link) + draw"),
            per_key(&mut app, &mut term, KeyCode::Tab, 500),
        );
        let ((), d) = time(|| {
            let effects = app.update(Msg::Resize(100, 40));
            perform(&mut app, effects);
            term.draw(|f| folio::ui::draw(&app, f)).expect("draw");
        });
        report(
            &format!("{name}: resize (re-wrap; 5 MB on a worker) + draw"),
            d,
        );
        let effects = app.update(Msg::Resize(120, 40));
        perform(&mut app, effects);
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Esc);
    }
    let content = app.content.clone().expect("content");
    let index = Arc::clone(&content.index);
    // A post of ordinary size (post 0 is the 5 MB one, whose parse alone costs more).
    let first = folio::core::post::PostId::new(index.posts.len() / 2);
    let path = index.path_of(first);
    let (_, d) = time(|| folio::tui::effects::reindex(&content, &path));
    report(
        "after a save: re-index one post, the posts it affects, the catalog kept (background)",
        d,
    );
    let original = std::fs::read_to_string(&path).expect("read the post");
    std::fs::write(&path, original.replacen("title: ", "title: Retitled ", 1))
        .expect("retitle the post");
    let (_, d) = time(|| folio::tui::effects::reindex(&content, &path));
    report(
        "after a save that changed the title: the same, the post moved in the lists",
        d,
    );
    std::fs::write(&path, original).expect("restore the post");
    let added = path.with_file_name("zz-bench-added.md");
    std::fs::write(
        &added,
        "---\ntitle: Added outside\ndate: 2024-01-01\n---\n[x](/posts/x)\n",
    )
    .expect("add a post");
    let (_, d) =
        time(|| folio::tui::effects::reindex_paths(&content, std::slice::from_ref(&added)));
    report(
        "a post added outside folio: renumber, resolve only the links it affects",
        d,
    );
    std::fs::remove_file(&added).expect("remove the added post");
    let (_, d) =
        time(|| Index::from_shared(&index.root, index.config.clone(), index.posts.clone()));
    report(
        "a full rebuild from the posts in memory (what a re-index did before)",
        d,
    );
    let (hits, d) =
        time(|| folio::tui::effects::search(app.index().expect("index"), "retention growth"));
    report("full-text search of every post (background thread)", d);
    println!("  {} posts match", hits.len());
    if let Some(mb) = peak_rss_mb() {
        println!("peak memory (VmHWM): {mb:.0} MB");
    }
}
