//! Writing the index cache: streamed to the temp file of an atomic write (the entries
//! through a buffer and a running checksum, the header filled in last), and removing
//! the temp files of writes that never finished. Part of [`super`]; reads nothing.

use std::io::{BufWriter, IntoInnerError, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Serialize, Serializer};

use super::super::first_page::FirstPage;
use super::super::listed::ListedRef;
use super::super::stable_hash;
use super::{ABANDONED_AFTER, EntryRef, FORMAT, HEADER_LEN, MAGIC, Section, Stamp};

/// Write the cache of `entries` under `stamp` to `out`, streamed: the listing and then the
/// entries go through a buffer and a running checksum instead of being built in memory
/// first (at 100,000 posts the entries are 70 MB and the listing 12 MB, then copied once
/// more behind the header). The header's lengths and checksums are known only at the end:
/// a blank header goes first and is filled in last.
pub(super) fn encode_to<W: Write + Seek>(
    stamp: Stamp<'_>,
    entries: &[EntryRef<'_>],
    out: &mut W,
) -> std::io::Result<()> {
    let start = out.stream_position()?;
    out.write_all(&[0; HEADER_LEN])?;
    let listing = Section {
        stamp,
        items: Listing(entries),
    };
    let (listing_len, listing_sum) = stream(&listing, out)?;
    let payload = Section {
        stamp,
        items: entries,
    };
    let (_, entries_sum) = stream(&payload, out)?;
    out.seek(SeekFrom::Start(start))?;
    out.write_all(&header(FORMAT, listing_len, listing_sum, entries_sum))?;
    out.seek(SeekFrom::End(0))?;
    out.flush()
}

/// The listing of `entries`' posts, serialized as a sequence of [`ListedRef`]s (as a
/// `Vec` of them would be) without collecting them first.
struct Listing<'a>(&'a [EntryRef<'a>]);

impl Serialize for Listing<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|e| ListedRef::of(e.post)))
    }
}

/// Write `value` to `out` through a buffer; how many bytes that took and their checksum.
fn stream<T: Serialize, W: Write>(value: &T, out: &mut W) -> std::io::Result<(usize, u64)> {
    let summed = Summed {
        out,
        sum: stable_hash::Stream::new(),
        len: 0,
    };
    let mut buffered = BufWriter::with_capacity(1 << 16, summed);
    postcard::to_io(value, &mut buffered).map_err(std::io::Error::other)?;
    let summed = buffered.into_inner().map_err(IntoInnerError::into_error)?;
    Ok((summed.len, summed.sum.finish()))
}

/// A writer that passes bytes on, counts them and hashes them.
struct Summed<W> {
    out: W,
    sum: stable_hash::Stream,
    len: usize,
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.sum.update(&bytes[..n]);
        self.len += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The header of a cache of format `format` whose listing is `listing_len` bytes.
fn header(format: u32, listing_len: usize, listing_sum: u64, entries_sum: u64) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER_LEN);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&format.to_le_bytes());
    bytes.extend_from_slice(&(listing_len as u64).to_le_bytes());
    bytes.extend_from_slice(&listing_sum.to_le_bytes());
    bytes.extend_from_slice(&entries_sum.to_le_bytes());
    bytes
}

/// The bytes of a first page file: the header (the page's length and checksum where a
/// cache file has its listing's; no entries) and the page under `stamp`.
pub(super) fn first_page_bytes(stamp: Stamp<'_>, page: &FirstPage) -> std::io::Result<Vec<u8>> {
    let body =
        postcard::to_stdvec(&Section { stamp, items: page }).map_err(std::io::Error::other)?;
    let mut bytes = header(FORMAT, body.len(), stable_hash::of_bytes(&body), 0);
    bytes.extend_from_slice(&body);
    Ok(bytes)
}

/// A temp file left by a write that never finished (folio was killed while writing) is
/// removed once it is [`ABANDONED_AFTER`] old; a younger one may be another process's
/// write in progress. Only folio's own temp names in its own cache folder are touched.
pub(super) fn remove_abandoned_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let old = entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > ABANDONED_AFTER);
        if name.starts_with(".folio-") && name.ends_with(".tmp") && old {
            // Best effort: a temp file that cannot be removed only takes room.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The listing and the entries behind the header of format `format`.
#[cfg(test)]
pub(super) fn framed(format: u32, listing: &[u8], entries: &[u8]) -> Vec<u8> {
    let sums = (
        stable_hash::of_bytes(listing),
        stable_hash::of_bytes(entries),
    );
    let mut bytes = header(format, listing.len(), sums.0, sums.1);
    bytes.extend_from_slice(listing);
    bytes.extend_from_slice(entries);
    bytes
}
