//! The index cache: what parsing every post of a content root found, kept between runs so
//! that a start-up only parses the files that changed. One file per content root in the
//! platform cache folder (`$FOLIO_CACHE_DIR` overrides it), named from the XXH3 of the
//! root's canonical path; never inside the content folder.
//!
//! A file holds a fixed header (magic, [`FORMAT`], the listing's length, the XXH3 of the
//! listing and of the entries) and two postcard sections, each beginning with the crate
//! version, the canonical root and the hash of `folio.toml`:
//! - the listing: per post what the first list shows
//!   ([`Listed`](super::listed::Listed)), small enough to decode before the first frame
//!   (see [`IndexCache::read_listing`]);
//! - the entries: per post its relative path, its [`FileKey`] (size, mtime, and inode and
//!   ctime on unix) and the parsed [`Post`], read after the first frame from the same open
//!   file ([`Rest::entries`]), so both sections always come from one write.
//!
//! Beside it, `index-<hash>.first.bin` keeps the first page of the list
//! ([`FirstPage`]) behind the same header (its length and checksum where the listing's
//! go), for the first frame of a start-up before even the listing is decoded.
//!
//! Anything that does not check out (another format or build, a bad checksum, a truncated
//! or foreign file, another config) is discarded, never trusted; each section is checked
//! on its own before it is decoded.
//! Writes are atomic (temp file and rename), so two folio processes on one site never see
//! a partial file: the last writer wins.
//!
//! Owns the file format and the keys; does not decide what a post is ([`Post::load`] does)
//! nor how the index is built from posts ([`super::index`]).

use std::fs::{File, Metadata};
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::first_page::FirstPage;
use super::listed::ListedPosts;
#[cfg(test)]
use super::listed::ListedRef;
use super::post::Post;
use super::save::{NewFileMode, write_atomically_as, write_atomically_by};
use super::site_config::CONFIG_FILE;
use super::stable_hash;

/// The cache file format; bumped whenever the layout of what is stored changes, or what a
/// file parses to (8: TOML front matter read). A file of another format is discarded (the
/// crate version is checked as well, because a stored [`Post`] follows the code of the
/// build that wrote it).
pub const FORMAT: u32 = 8;

/// The first bytes of every cache file.
const MAGIC: &[u8; 8] = b"FOLIOIX\n";

/// Magic, format (u32 LE), the listing's length (u64 LE), the checksums of the listing
/// and of the entries (u64 LE each).
const HEADER_LEN: usize = 8 + 4 + 8 + 8 + 8;

/// Files changed this close to the start of a scan are parsed but not stored: a file
/// written again within one tick of the file system's clock after it was read would
/// otherwise keep the same keys with other contents (git's "racily clean" entries).
pub const RACY_WINDOW: Duration = Duration::from_millis(50);

/// How old a cache temp file must be to count as abandoned.
const ABANDONED_AFTER: Duration = Duration::from_secs(600);

/// Where index caches live: `$FOLIO_CACHE_DIR`, else the platform cache folder
/// (`~/.cache/folio` on Linux).
pub fn cache_dir() -> Option<PathBuf> {
    std::env::var_os("FOLIO_CACHE_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("", "", "folio").map(|d| d.cache_dir().to_owned())
        })
}

/// What must be equal for a stored post to be reused: the file's size and modification
/// time, and on unix its device, inode and change time (a file replaced by another of the
/// same size and mtime has another inode or a newer ctime; ctime cannot be set back).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileKey {
    /// Size in bytes.
    pub size: u64,
    /// Modification time: seconds and nanoseconds since the epoch.
    pub mtime: (i64, u32),
    /// Change time (unix), as `mtime`; zero elsewhere.
    pub ctime: (i64, u32),
    /// Device and inode (unix); zero elsewhere.
    pub inode: (u64, u64),
}

impl FileKey {
    /// The key of a file from its metadata.
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> FileKey {
        use std::os::unix::fs::MetadataExt;
        let nanos = |n: i64| u32::try_from(n).unwrap_or(0);
        FileKey {
            size: meta.size(),
            mtime: (meta.mtime(), nanos(meta.mtime_nsec())),
            ctime: (meta.ctime(), nanos(meta.ctime_nsec())),
            inode: (meta.dev(), meta.ino()),
        }
    }

    /// The key of a file from its metadata.
    #[cfg(not(unix))]
    pub fn of(meta: &Metadata) -> FileKey {
        let since = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .unwrap_or_default();
        FileKey {
            size: meta.len(),
            mtime: (
                i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
                since.subsec_nanos(),
            ),
            ctime: (0, 0),
            inode: (0, 0),
        }
    }

    /// Whether the file changed at or after `since` (so it may change again unseen).
    pub fn racy(&self, since: SystemTime) -> bool {
        let Ok(since) = since.duration_since(SystemTime::UNIX_EPOCH) else {
            return true;
        };
        let limit = (
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            since.subsec_nanos(),
        );
        self.mtime >= limit || self.ctime >= limit
    }
}

/// One stored post and the keys of the file it was parsed from.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    /// The file's keys when it was read.
    pub key: FileKey,
    /// What parsing it gave (its `rel_path` names the file; its `path` is not stored).
    /// Read straight into its own allocation, as the index keeps it: the entries are
    /// moved about by key before the index is built, and inline posts (448 bytes each)
    /// would be copied with them.
    pub post: Arc<Post>,
}

/// A post to store, borrowed from the index (serialized exactly as an [`Entry`]).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct EntryRef<'a> {
    /// The file's keys when it was read (borrowed too: a site's entries are collected
    /// before they are written, 16 bytes each instead of 64).
    pub key: &'a FileKey,
    /// What parsing it gave.
    pub post: &'a Post,
}

/// What both sections begin with: whose cache it is.
#[derive(Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
struct Stamp<'a> {
    crate_version: &'a str,
    root: &'a str,
    config: u64,
}

/// A section: whose cache it is, then its items (`Vec<Listed>` or `Vec<Entry>` as read,
/// borrowed ones as written; postcard writes both alike).
#[derive(Serialize, Deserialize)]
struct Section<'a, T> {
    #[serde(borrow)]
    stamp: Stamp<'a>,
    items: T,
}

/// The header of a cache file, checked for magic and format.
#[derive(Clone, Copy, Debug)]
struct Header {
    listing_len: usize,
    listing_sum: u64,
    entries_sum: u64,
}

impl Header {
    fn parse(bytes: &[u8]) -> Option<Header> {
        let header = bytes.get(..HEADER_LEN)?;
        let (magic, rest) = header.split_at(MAGIC.len());
        let (format, rest) = rest.split_at(4);
        let u64_at = |i: usize| Some(u64::from_le_bytes(rest.get(i..i + 8)?.try_into().ok()?));
        if magic != MAGIC || u32::from_le_bytes(format.try_into().ok()?) != FORMAT {
            return None;
        }
        Some(Header {
            listing_len: usize::try_from(u64_at(0)?).ok()?,
            listing_sum: u64_at(8)?,
            entries_sum: u64_at(16)?,
        })
    }
}

/// The rest of a cache file whose listing was read: the entries, from the same open file.
#[derive(Debug)]
pub struct Rest {
    file: File,
    entries_sum: u64,
}

impl Rest {
    /// The stored entries, or `None` when they do not check out (see [`IndexCache::read`]).
    pub fn entries(mut self, cache: &IndexCache) -> Option<Vec<Entry>> {
        let mut bytes = Vec::new();
        self.file.read_to_end(&mut bytes).ok()?;
        cache.decode_entries(&bytes, self.entries_sum)
    }
}

/// The cache of one content root.
#[derive(Clone, Debug)]
pub struct IndexCache {
    /// The cache file.
    pub file: PathBuf,
    root: String,
    config: u64,
}

impl IndexCache {
    /// The cache of `root` in `dir`: reads `folio.toml` (its bytes are part of the key).
    pub fn for_root(dir: &Path, root: &Path) -> std::io::Result<IndexCache> {
        let canonical = root.canonicalize()?;
        let name = format!("index-{:016x}.bin", stable_hash::of_path(&canonical));
        let config = match std::fs::read(canonical.join(CONFIG_FILE)) {
            Ok(bytes) => stable_hash::of_bytes(&bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
            Err(e) => return Err(e),
        };
        Ok(IndexCache {
            file: dir.join(name),
            root: canonical.to_string_lossy().into_owned(),
            config,
        })
    }

    /// The stored entries, or `None` when there is no usable cache (missing, corrupt,
    /// truncated, of another format or build, of another root or config).
    pub fn read(&self) -> Option<Vec<Entry>> {
        let bytes = std::fs::read(&self.file).ok()?;
        self.decode(&bytes)
    }

    /// The stored listing, as posts holding only what it has (see
    /// [`Listed::into_post`](super::listed::Listed::into_post); their paths are empty), and
    /// the open file to read the entries from later; `None` when the listing does not check
    /// out. Reads the header and the listing only.
    pub fn read_listing(&self) -> Option<(Vec<Arc<Post>>, Rest)> {
        let mut file = File::open(&self.file).ok()?;
        let mut head = [0; HEADER_LEN];
        file.read_exact(&mut head).ok()?;
        let header = Header::parse(&head)?;
        let size = file.metadata().ok()?.len();
        if u64::try_from(HEADER_LEN + header.listing_len).ok()? > size {
            return None;
        }
        let mut listing = vec![0; header.listing_len];
        file.read_exact(&mut listing).ok()?;
        let posts = self.decode_listing(&listing, header.listing_sum)?;
        let rest = Rest {
            file,
            entries_sum: header.entries_sum,
        };
        Some((posts, rest))
    }

    /// The open file to read the entries from, past a listing left unread (its own
    /// checksum is not checked: the entries have theirs); `None` when the header does not
    /// check out or the file is shorter than it says.
    pub fn skip_listing(&self) -> Option<Rest> {
        let mut file = File::open(&self.file).ok()?;
        let mut head = [0; HEADER_LEN];
        file.read_exact(&mut head).ok()?;
        let header = Header::parse(&head)?;
        let entries_at = u64::try_from(HEADER_LEN + header.listing_len).ok()?;
        if entries_at > file.metadata().ok()?.len() {
            return None;
        }
        file.seek(std::io::SeekFrom::Start(entries_at)).ok()?;
        Some(Rest {
            file,
            entries_sum: header.entries_sum,
        })
    }

    /// The file the first page is kept in, beside the cache file.
    pub fn first_page_file(&self) -> PathBuf {
        self.file.with_extension("first.bin")
    }

    /// The stored first page (see [`FirstPage`]), or `None` when there is none that checks
    /// out (as a cache file is checked: format, checksum, build, root and config).
    pub fn read_first_page(&self) -> Option<FirstPage> {
        let bytes = std::fs::read(self.first_page_file()).ok()?;
        let header = Header::parse(&bytes)?;
        let body = bytes.get(HEADER_LEN..)?;
        if body.len() != header.listing_len || stable_hash::of_bytes(body) != header.listing_sum {
            return None;
        }
        let page: Section<'_, FirstPage> = postcard::from_bytes(body).ok()?;
        (page.stamp == self.stamp()).then_some(page.items)
    }

    /// Store `page`, atomically. Written after the cache file, so a page may be older than
    /// the cache it sits beside (a write that failed between the two): it is replaced on
    /// screen by the cache's listing moments later, never used for anything else.
    pub fn write_first_page(&self, page: &FirstPage) -> std::io::Result<()> {
        let bytes = first_page_bytes(self.stamp(), page)?;
        write_atomically_as(&self.first_page_file(), &bytes, NewFileMode::Private)
    }

    /// The entries of a whole cache file's bytes (both sections checked; the listing by
    /// its checksum only: decoding it cost `folio list` about 80 ms at 100,000 posts, for
    /// a listing nobody asked for).
    fn decode(&self, bytes: &[u8]) -> Option<Vec<Entry>> {
        let header = Header::parse(bytes)?;
        let sections = bytes.get(HEADER_LEN..)?;
        let (listing, entries) = sections.split_at_checked(header.listing_len)?;
        if stable_hash::of_bytes(listing) != header.listing_sum {
            return None;
        }
        self.decode_entries(entries, header.entries_sum)
    }

    fn decode_listing(&self, bytes: &[u8], sum: u64) -> Option<Vec<Arc<Post>>> {
        if stable_hash::of_bytes(bytes) != sum {
            return None;
        }
        let listing: Section<'_, ListedPosts> = postcard::from_bytes(bytes).ok()?;
        (listing.stamp == self.stamp()).then_some(listing.items.0)
    }

    fn decode_entries(&self, bytes: &[u8], sum: u64) -> Option<Vec<Entry>> {
        if stable_hash::of_bytes(bytes) != sum {
            return None;
        }
        // Equal link targets of the site's posts decode into one copy.
        let stored: Section<'_, Vec<Entry>> =
            super::links::sharing_targets(|| postcard::from_bytes(bytes)).ok()?;
        (stored.stamp == self.stamp()).then_some(stored.items)
    }

    fn stamp(&self) -> Stamp<'_> {
        Stamp {
            crate_version: env!("CARGO_PKG_VERSION"),
            root: &self.root,
            config: self.config,
        }
    }

    /// Store `entries`, atomically (a reader sees the old file or the new one, whole).
    pub fn write(&self, entries: &[EntryRef<'_>]) -> std::io::Result<()> {
        if let Some(dir) = self.file.parent() {
            std::fs::create_dir_all(dir)?;
            remove_abandoned_temps(dir);
        }
        write_atomically_by(&self.file, NewFileMode::Private, |file| {
            encode_to(self.stamp(), entries, file)
        })
    }

    /// The bytes [`IndexCache::write`] writes.
    #[cfg(test)]
    fn encode(stamp: Stamp<'_>, entries: &[EntryRef<'_>]) -> std::io::Result<Vec<u8>> {
        let mut out = std::io::Cursor::new(Vec::new());
        encode_to(stamp, entries, &mut out)?;
        Ok(out.into_inner())
    }
}

mod write;

#[cfg(test)]
use write::framed;
use write::{encode_to, first_page_bytes, remove_abandoned_temps};

#[cfg(test)]
#[path = "index_cache_tests.rs"]
mod tests;
