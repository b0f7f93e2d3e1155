//! Tests of the index cache: it is only ever trusted when every key checks out.

use super::*;
use crate::core::cached_index::{self, Startup};
use crate::core::post_id::PostId;
use std::fs;
use std::time::Duration;

/// A site of `n` posts and an empty cache folder. Waits past the racy window so the posts
/// are stored by the first build.
fn site(n: usize) -> (tempfile::TempDir, tempfile::TempDir) {
    let root = tempfile::tempdir().unwrap();
    for i in 0..n {
        fs::write(
            root.path().join(format!("p{i}.md")),
            format!(
                "---\ntitle: Post {i}\ndate: 2024-01-0{}\n---\nBody [x](/p0)\n",
                i % 9 + 1
            ),
        )
        .unwrap();
    }
    std::thread::sleep(RACY_WINDOW * 2);
    (root, tempfile::tempdir().unwrap())
}

/// Build through the cache; returns the index's titles and how many posts were reused.
fn build(root: &Path, cache: &Path) -> (Vec<String>, usize) {
    let (index, fresh) = Startup::open(root, Some(cache))
        .unwrap()
        .finish(&|_, _| {})
        .unwrap();
    fresh.store(&index).unwrap();
    let titles = index
        .posts
        .iter()
        .map(|p| p.display_title().to_owned())
        .collect();
    (titles, fresh.reused)
}

/// `entries` borrowed as a write takes them.
fn refs_of(entries: &[Entry]) -> Vec<EntryRef<'_>> {
    entries
        .iter()
        .map(|e| EntryRef {
            key: &e.key,
            post: &e.post,
        })
        .collect()
}

fn cache_of(root: &Path, cache: &Path) -> IndexCache {
    IndexCache::for_root(cache, root).unwrap()
}

/// A second start reuses every unchanged post and gives the same index as a full parse.
#[test]
fn index_cache_reuses_unchanged_posts() {
    let (root, cache) = site(5);
    let (first, reused) = build(root.path(), cache.path());
    assert_eq!(reused, 0);
    let (second, reused) = build(root.path(), cache.path());
    assert_eq!(reused, 5);
    assert_eq!(first, second);
    let full = crate::core::index::Index::build(root.path()).unwrap();
    let fresh = cached_index::build(root.path(), Some(cache.path())).unwrap();
    assert_eq!(full.posts.len(), fresh.posts.len());
    for (a, b) in full.posts.iter().zip(fresh.posts.iter()) {
        assert_eq!(a.rel_path, b.rel_path);
        assert_eq!(a.title, b.title);
        assert_eq!(a.links, b.links);
        assert_eq!(a.problems, b.problems);
        assert_eq!(a.fields, b.fields);
    }
}

/// An edited post is parsed again; the others are reused.
#[test]
fn index_cache_entry_made_stale_by_edit_is_reparsed() {
    let (root, cache) = site(3);
    build(root.path(), cache.path());
    fs::write(root.path().join("p1.md"), "---\ntitle: Edited\n---\n").unwrap();
    let (titles, reused) = build(root.path(), cache.path());
    assert_eq!(reused, 2);
    assert!(titles.contains(&"Edited".to_owned()), "{titles:?}");
}

/// A file rewritten with another text of the same size and given its old mtime back is
/// still seen as changed (its ctime moved), and so is one replaced by a rename (its inode).
#[cfg(unix)]
#[test]
fn index_cache_same_size_same_mtime_replacement_is_caught() {
    let (root, cache) = site(2);
    build(root.path(), cache.path());
    let path = root.path().join("p0.md");
    let before = fs::metadata(&path).unwrap();
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("Post 0", "Xost 0");
    fs::write(&path, &text).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(before.modified().unwrap())
        .unwrap();
    let after = fs::metadata(&path).unwrap();
    assert_eq!(
        (after.len(), after.modified().unwrap()),
        (before.len(), before.modified().unwrap())
    );
    let (titles, _) = build(root.path(), cache.path());
    assert!(titles.contains(&"Xost 0".to_owned()), "{titles:?}");

    std::thread::sleep(RACY_WINDOW * 2);
    build(root.path(), cache.path());
    let other = root.path().join("new.tmp");
    fs::write(&other, text.replace("Xost 0", "Yost 0")).unwrap();
    let old = fs::metadata(&path).unwrap().modified().unwrap();
    fs::File::options()
        .write(true)
        .open(&other)
        .unwrap()
        .set_modified(old)
        .unwrap();
    fs::rename(&other, &path).unwrap();
    let (titles, _) = build(root.path(), cache.path());
    assert!(titles.contains(&"Yost 0".to_owned()), "{titles:?}");
}

/// A truncated cache file is discarded; the next build is right and writes a good one.
#[test]
fn index_cache_truncated_file_is_discarded() {
    let (root, cache) = site(4);
    build(root.path(), cache.path());
    let c = cache_of(root.path(), cache.path());
    let bytes = fs::read(&c.file).unwrap();
    let listing_end = HEADER_LEN + Header::parse(&bytes).unwrap().listing_len;
    for len in [
        0,
        5,
        HEADER_LEN,
        listing_end - 1,
        bytes.len() / 2,
        bytes.len() - 1,
    ] {
        fs::write(&c.file, &bytes[..len]).unwrap();
        assert!(c.read().is_none(), "truncated to {len} was trusted");
        // Cut inside the listing: nothing is read; cut after it: the listing is whole but
        // its entries are not.
        match c.read_listing() {
            None => assert!(len < listing_end, "a whole listing was refused at {len}"),
            Some((listed, rest)) => {
                assert!(len >= listing_end, "a cut listing was trusted at {len}");
                assert_eq!(listed.len(), 4);
                assert!(rest.entries(&c).is_none(), "cut entries trusted at {len}");
            }
        }
    }
    let (titles, reused) = build(root.path(), cache.path());
    assert_eq!((titles.len(), reused), (4, 0));
    assert_eq!(c.read().map(|e| e.len()), Some(4));
}

/// A flipped byte anywhere (header or payload) makes the cache unusable.
#[test]
fn index_cache_corrupt_byte_is_discarded() {
    let (root, cache) = site(2);
    build(root.path(), cache.path());
    let c = cache_of(root.path(), cache.path());
    let bytes = fs::read(&c.file).unwrap();
    let listing_end = HEADER_LEN + Header::parse(&bytes).unwrap().listing_len;
    for at in [
        0,
        9,
        13,
        21,
        29,
        HEADER_LEN + 3,
        listing_end - 1,
        bytes.len() - 1,
    ] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x20;
        fs::write(&c.file, &bad).unwrap();
        assert!(c.read().is_none(), "byte {at} flipped was trusted");
        let whole = c.read_listing().and_then(|(_, rest)| rest.entries(&c));
        assert!(
            whole.is_none(),
            "byte {at} flipped was trusted in two steps"
        );
    }
}

/// A cache of an older format, of another build, or of another root is discarded even
/// when its checksum is right.
#[test]
fn index_cache_older_format_other_build_or_root_is_discarded() {
    let (root, cache) = site(2);
    build(root.path(), cache.path());
    let c = cache_of(root.path(), cache.path());
    let bytes = fs::read(&c.file).unwrap();
    let header = Header::parse(&bytes).unwrap();
    let (listing, payload) = bytes[HEADER_LEN..].split_at(header.listing_len);
    fs::write(&c.file, framed(FORMAT - 1, listing, payload)).unwrap();
    assert!(c.read().is_none(), "an older format was trusted");
    assert!(
        c.read_listing().is_none(),
        "an older format's listing was trusted"
    );
    fs::write(&c.file, framed(FORMAT, listing, payload)).unwrap();
    assert!(
        c.read().is_some() && c.read_listing().is_some(),
        "the same bytes under the right format are good"
    );

    let entries: Vec<Entry> = c.read().unwrap();
    let refs = refs_of(&entries);
    let other_build = Stamp {
        crate_version: "0.0.0-older",
        root: &c.root,
        config: c.config,
    };
    fs::write(&c.file, IndexCache::encode(other_build, &refs).unwrap()).unwrap();
    assert!(c.read().is_none(), "another build's cache was trusted");
    assert!(
        c.read_listing().is_none(),
        "another build's listing was trusted"
    );

    let (other_root, _) = site(1);
    let foreign = cache_of(other_root.path(), cache.path());
    fs::write(&foreign.file, &bytes).unwrap();
    assert!(foreign.read().is_none(), "another root's cache was trusted");
}

/// Changing `folio.toml` invalidates every entry (it changes how posts are parsed).
#[test]
fn index_cache_config_change_invalidates_everything() {
    let (root, cache) = site(3);
    build(root.path(), cache.path());
    assert!(cache_of(root.path(), cache.path()).read().is_some());
    fs::write(root.path().join("folio.toml"), "hide_tags = [\"x\"]\n").unwrap();
    assert!(cache_of(root.path(), cache.path()).read().is_none());
    let (_, reused) = build(root.path(), cache.path());
    assert_eq!(reused, 0);
}

/// Files changed within the racy window are parsed but not stored.
#[test]
fn index_cache_does_not_store_racily_changed_files() {
    let (root, cache) = site(2);
    fs::write(root.path().join("fresh.md"), "---\ntitle: Fresh\n---\n").unwrap();
    build(root.path(), cache.path());
    let stored = cache_of(root.path(), cache.path()).read().unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|e| &*e.post.rel_path != "fresh.md"));
}

/// The early index holds what the cache holds, before the walk finds new posts.
#[test]
fn index_cache_early_index_comes_from_the_cache_alone() {
    let (root, cache) = site(3);
    let mut none = Startup::open(root.path(), Some(cache.path())).unwrap();
    assert!(none.early_index().is_none());
    build(root.path(), cache.path());
    fs::write(root.path().join("zz.md"), "---\ntitle: New\n---\n").unwrap();
    let mut startup = Startup::open(root.path(), Some(cache.path())).unwrap();
    let early = startup.early_index().unwrap();
    assert_eq!(early.posts.len(), 3);
    assert_eq!(early.path_of(PostId::new(0)), root.path().join("p0.md"));
    let (full, fresh) = startup.finish(&|_, _| {}).unwrap();
    assert_eq!(full.posts.len(), 4);
    assert_eq!(fresh.reused, 3, "the cache's posts are reused");
    assert_eq!(
        full.posts[PostId::new(0)].title,
        early.posts[PostId::new(0)].title
    );
}

/// The cached listing keeps a post's front matter problem, so the early index marks it
/// before any check runs; other problems wait for the full index.
#[test]
fn index_cache_early_index_knows_broken_front_matter() {
    let (root, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    fs::write(root.path().join("p0.md"), "---\ntitle: A: B\n---\nBody\n").unwrap();
    fs::write(root.path().join("p1.md"), "---\ntitle: ''\n---\nBody\n").unwrap();
    std::thread::sleep(RACY_WINDOW * 2);
    build(root.path(), cache.path());
    let mut startup = Startup::open(root.path(), Some(cache.path())).unwrap();
    let early = startup.early_index().unwrap();
    let (full, _) = startup.finish(&|_, _| {}).unwrap();
    let front = |index: &crate::core::index::Index, id: usize| -> Vec<_> {
        index
            .problems(PostId::new(id))
            .iter()
            .filter(|p| p.kind == crate::core::problem::ProblemKind::FrontMatter)
            .cloned()
            .collect()
    };
    assert!(!early.checked);
    assert_eq!(front(&early, 0).len(), 1);
    assert_eq!(front(&early, 0), front(&full, 0));
    assert!(early.problems(PostId::new(1)).is_empty());
    assert!(
        !full.problems(PostId::new(1)).is_empty(),
        "no title: a problem"
    );
}

/// Two builders writing one site's cache at once, with a reader beside them: every file
/// the reader sees is whole (the rename is atomic), and the last writer's cache is good.
#[test]
fn index_cache_concurrent_writers_never_show_a_partial_file() {
    let (root, cache) = site(40);
    let c = cache_of(root.path(), cache.path());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..5 {
                    cached_index::build(root.path(), Some(cache.path())).unwrap();
                }
            });
        }
        s.spawn(|| {
            for _ in 0..200 {
                if let Ok(bytes) = fs::read(&c.file) {
                    assert_eq!(c.decode(&bytes).map(|e| e.len()), Some(40));
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        });
    });
    assert_eq!(c.read().map(|e| e.len()), Some(40));
    let leftovers: Vec<_> = fs::read_dir(cache.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A temp file abandoned by a killed writer is removed by a later write once it is old;
/// a fresh one (another process writing now) is left alone.
#[test]
fn index_cache_write_removes_abandoned_temp_files() {
    let (root, cache) = site(1);
    let old = cache.path().join(".folio-abandoned.tmp");
    let young = cache.path().join(".folio-writing.tmp");
    fs::write(&old, b"partial").unwrap();
    fs::write(&young, b"partial").unwrap();
    let long_ago = SystemTime::now() - ABANDONED_AFTER * 2;
    fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    build(root.path(), cache.path());
    assert!(!old.exists(), "the abandoned temp file is still there");
    assert!(young.exists(), "a temp file being written was removed");
}

/// The early index is a listing from the cache's listing section (titles, dates, tags;
/// no field, link or check), listing every post as the full index does; the full index,
/// built from the cache's entries and the changed posts, equals a fresh build.
#[test]
fn index_cache_full_index_builds_on_the_early_one() {
    let (root, cache) = site(4);
    build(root.path(), cache.path());
    let same = |a: &crate::core::index::Index, b: &crate::core::index::Index| {
        assert_eq!(a.posts.len(), b.posts.len());
        for id in a.posts.ids() {
            assert_eq!(a.posts[id].rel_path, b.posts[id].rel_path);
            assert_eq!(a.links(id), b.links(id));
            assert_eq!(a.problems(id), b.problems(id));
            assert_eq!(a.posts[id].fields, b.posts[id].fields);
        }
    };
    let lists_alike = |early: &crate::core::index::Index, full: &crate::core::index::Index| {
        assert_eq!(early.posts.len(), full.posts.len());
        for id in early.posts.ids() {
            let (e, f) = (&early.posts[id], &full.posts[id]);
            assert_eq!(
                crate::core::listed::Listed::of(e),
                crate::core::listed::Listed::of(f)
            );
            assert_eq!(early.path_of(id), full.path_of(id));
        }
        assert_eq!(early.tags, full.tags);
    };

    let mut startup = Startup::open(root.path(), Some(cache.path())).unwrap();
    let early = startup.early_index().unwrap();
    let (full, fresh) = startup.finish(&|_, _| {}).unwrap();
    assert_eq!(fresh.reused, 4);
    assert!(!early.checked && full.checked);
    let one = PostId::new(1);
    assert!(early.links(one).is_empty() && !full.links(one).is_empty());
    assert!(early.posts[one].fields.is_empty() && !full.posts[one].fields.is_empty());
    lists_alike(&early, &full);
    same(
        &full,
        &crate::core::index::Index::build(root.path()).unwrap(),
    );

    fs::write(
        root.path().join("p2.md"),
        "---\ntitle: Post two, longer now\ndate: 2024-01-03\n---\nBody [x](/posts/nope)\n",
    )
    .unwrap();
    let mut startup = Startup::open(root.path(), Some(cache.path())).unwrap();
    let early = startup.early_index().unwrap();
    let (full, fresh) = startup.finish(&|_, _| {}).unwrap();
    assert_eq!(fresh.reused, 3);
    assert_eq!(early.posts[PostId::new(2)].title.as_deref(), Some("Post 2"));
    assert_eq!(
        full.posts[PostId::new(2)].title.as_deref(),
        Some("Post two, longer now")
    );
    same(
        &full,
        &crate::core::index::Index::build(root.path()).unwrap(),
    );
}

/// The entries read after the listing come from the same file even when another folio
/// process replaced the cache in between: the two sections never mix two writes.
#[test]
fn index_cache_listing_and_entries_come_from_one_write() {
    let (root, cache) = site(3);
    build(root.path(), cache.path());
    let c = cache_of(root.path(), cache.path());
    let (listed, rest) = c.read_listing().unwrap();
    fs::write(root.path().join("p9.md"), "---\ntitle: Later\n---\n").unwrap();
    std::thread::sleep(RACY_WINDOW * 2);
    build(root.path(), cache.path());
    assert_eq!(c.read().map(|e| e.len()), Some(4), "the other write landed");
    let entries = rest.entries(&c).unwrap();
    assert_eq!((listed.len(), entries.len()), (3, 3));
    for (l, e) in listed.iter().zip(&entries) {
        assert_eq!(l.rel_path, e.post.rel_path);
    }
}

/// A start that reuses every post and finds none gone leaves the cache file as it is (same
/// inode: not written again); a post removed since makes it be written without it.
#[cfg(unix)]
#[test]
fn index_cache_is_written_only_when_something_changed() {
    use std::os::unix::fs::MetadataExt;
    let (root, cache) = site(3);
    build(root.path(), cache.path());
    let c = cache_of(root.path(), cache.path());
    let inode = || fs::metadata(&c.file).unwrap().ino();
    let before = inode();
    let (_, reused) = build(root.path(), cache.path());
    assert_eq!(reused, 3);
    assert_eq!(inode(), before, "an unchanged cache was written again");
    fs::remove_file(root.path().join("p2.md")).unwrap();
    let (titles, reused) = build(root.path(), cache.path());
    assert_eq!((titles.len(), reused), (2, 2));
    assert_ne!(inode(), before, "a cache with a removed post was kept");
    assert_eq!(c.read().map(|e| e.len()), Some(2));
}

/// The streamed write gives byte for byte what encoding each section whole and framing
/// them gives (the format is unchanged: caches written before still read), and it reads
/// back.
#[test]
fn index_cache_streamed_write_equals_whole_sections() {
    let (root, cache) = site(40);
    build(root.path(), cache.path());
    let c = cache_of(root.path(), cache.path());
    let entries: Vec<Entry> = c.read().unwrap();
    let refs = refs_of(&entries);
    let listing = Section {
        stamp: c.stamp(),
        items: refs
            .iter()
            .map(|e| ListedRef::of(e.post))
            .collect::<Vec<_>>(),
    };
    let payload = Section {
        stamp: c.stamp(),
        items: &refs,
    };
    let whole = framed(
        FORMAT,
        &postcard::to_stdvec(&listing).unwrap(),
        &postcard::to_stdvec(&payload).unwrap(),
    );
    let streamed = IndexCache::encode(c.stamp(), &refs).unwrap();
    assert!(streamed.len() > HEADER_LEN + 1000, "a real cache");
    assert!(
        streamed == whole,
        "streamed bytes differ from whole sections"
    );
    c.write(&refs).unwrap();
    assert_eq!(fs::read(&c.file).unwrap(), whole);
    assert_eq!(c.read().unwrap().len(), 40);
}

/// `Startup::open_sized` tells the cache file's length before reading it, and nothing
/// when there is no cache.
#[test]
fn index_cache_open_sized_tells_the_cache_length() {
    let (root, cache) = site(3);
    let told = std::cell::Cell::new(None);
    Startup::open_sized(root.path(), Some(cache.path()), &|len| told.set(Some(len))).unwrap();
    assert_eq!(told.get(), None, "no cache yet");
    build(root.path(), cache.path());
    let c = cache_of(root.path(), cache.path());
    Startup::open_sized(root.path(), Some(cache.path()), &|len| told.set(Some(len))).unwrap();
    assert_eq!(told.get(), Some(fs::metadata(&c.file).unwrap().len()));
}

/// A build stores the first page beside the cache; the next start previews it before it
/// reads the listing: the newest posts with the site's counts. A page that does not
/// check out (damaged, cut short, of another root) gives no preview, and the start goes
/// on from the listing as before.
#[test]
fn index_cache_first_page_previews_and_is_checked() {
    let (root, cache) = site(5);
    build(root.path(), cache.path());
    let c = cache_of(root.path(), cache.path());
    let page = c.read_first_page().expect("the first page is stored");
    assert_eq!(page.total, 5);
    assert_eq!(page.posts.len(), 5);

    let mut startup = Startup::open(root.path(), Some(cache.path())).unwrap();
    let preview = startup.preview_index().expect("a preview");
    assert_eq!(preview.post_count(), 5);
    assert!(startup.preview_index().is_none(), "taken once");
    let early = startup.early_index().expect("the listing after it");
    let (full, fresh) = startup.finish(&|_, _| {}).unwrap();
    assert_eq!(fresh.reused, 5);
    let newest = |index: &crate::core::index::Index| -> Vec<String> {
        index
            .newest_first()
            .iter()
            .map(|&id| index.posts[id].rel_path.to_string())
            .collect()
    };
    assert_eq!(newest(&preview), newest(&full));
    assert_eq!(newest(&early), newest(&full));

    let good = fs::read(c.first_page_file()).unwrap();
    let mut damaged = good.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0xff;
    for bad in [
        damaged,
        good[..good.len() - 3].to_vec(),
        b"FOLIOIX\n".to_vec(),
    ] {
        fs::write(c.first_page_file(), &bad).unwrap();
        assert!(c.read_first_page().is_none());
        let mut startup = Startup::open(root.path(), Some(cache.path())).unwrap();
        assert!(startup.preview_index().is_none());
        assert_eq!(startup.early_index().map(|e| e.posts.len()), Some(5));
    }
    // Another root's page, under this root's name.
    let (other, _) = site(2);
    build(other.path(), cache.path());
    let theirs = cache_of(other.path(), cache.path()).first_page_file();
    fs::copy(theirs, c.first_page_file()).unwrap();
    assert!(c.read_first_page().is_none());

    // The cache unchanged, the page gone: the next build writes it again.
    fs::remove_file(c.first_page_file()).unwrap();
    build(root.path(), cache.path());
    assert_eq!(c.read_first_page(), Some(page));
}

/// A command (no listing asked for) reads the entries from the whole file and reuses the
/// stored posts as a start-up does.
#[test]
fn index_cache_finish_without_the_listing_reuses_posts() {
    let (root, cache) = site(4);
    build(root.path(), cache.path());
    let startup = Startup::open(root.path(), Some(cache.path())).unwrap();
    let (index, fresh) = startup.finish(&|_, _| {}).unwrap();
    assert_eq!(fresh.reused, 4);
    assert_eq!(index.posts.len(), 4);
}

/// A large site's start skips the listing: the entries after it are reused; a cache file
/// that is missing or cut inside its listing says so, for the caller to list the posts.
#[test]
fn index_cache_skip_listing_reads_the_entries_or_says_it_cannot() {
    let (root, cache) = site(4);
    build(root.path(), cache.path());
    let mut startup = Startup::open(root.path(), Some(cache.path())).unwrap();
    assert!(startup.skip_listing());
    assert!(startup.early_index().is_none(), "the listing stays unread");
    let (index, fresh) = startup.finish(&|_, _| {}).unwrap();
    assert_eq!((fresh.reused, index.posts.len()), (4, 4));

    let c = cache_of(root.path(), cache.path());
    let bytes = fs::read(&c.file).unwrap();
    let listing_end = HEADER_LEN + Header::parse(&bytes).unwrap().listing_len;
    fs::write(&c.file, &bytes[..listing_end - 1]).unwrap();
    let mut cut = Startup::open(root.path(), Some(cache.path())).unwrap();
    assert!(!cut.skip_listing());
    fs::remove_file(&c.file).unwrap();
    let mut missing = Startup::open(root.path(), Some(cache.path())).unwrap();
    assert!(!missing.skip_listing());
    // Cut after the listing: the header checks out, the entries do not; nothing is
    // reused and every post is parsed.
    fs::write(&c.file, &bytes[..bytes.len() - 1]).unwrap();
    let mut entries_cut = Startup::open(root.path(), Some(cache.path())).unwrap();
    assert!(entries_cut.skip_listing());
    let (index, fresh) = entries_cut.finish(&|_, _| {}).unwrap();
    assert_eq!((fresh.reused, index.posts.len()), (0, 4));
}
