//! Reading a post file into text, and saying clearly why a file cannot be read.

use std::io::Read;
use std::path::Path;

use super::line_index::LineIndex;

/// Files larger than this are listed with a problem instead of being read.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// How many leading bytes are checked for NUL when deciding a file is binary.
const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// The UTF-8 byte order mark.
pub const UTF8_BOM: &str = "\u{feff}";

/// A post file's text, with what was stripped or repaired to get it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceText {
    /// The text without its BOM; invalid UTF-8 is replaced by U+FFFD.
    pub text: String,
    /// The file starts with a UTF-8 byte order mark.
    pub has_bom: bool,
    /// Where the file stops being valid UTF-8: 1-based line and a message.
    pub invalid_utf8: Option<(usize, String)>,
}

/// Why a file could not be read as text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    /// An I/O error, such as a permission problem.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// NUL bytes: an image, an archive, or some other non-text file.
    #[error("binary file (it contains NUL bytes)")]
    Binary,
    /// The file is UTF-16, which folio does not read.
    #[error("the file is UTF-16 encoded; folio reads UTF-8 only")]
    Utf16,
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("file too large to read ({size} bytes; the limit is {limit})")]
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

/// Read the file at `path` as post text.
pub fn read(path: &Path) -> Result<SourceText, Unreadable> {
    read_with_metadata(path).1
}

/// [`read`], with the metadata of the file read (taken from the open file before it is
/// read: no second lookup of its path; `None` when it could not be opened, stat'ed or
/// read).
pub fn read_with_metadata(
    path: &Path,
) -> (Option<std::fs::Metadata>, Result<SourceText, Unreadable>) {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return (None, Err(Unreadable::Io(e.to_string()))),
    };
    match file.metadata() {
        Ok(meta) => {
            let text = read_open(file, meta.len());
            // A read that failed (a lock, a fault) may not fail next time: no metadata, so
            // that nothing is kept under the file's key. What the bytes are (binary, too
            // large, UTF-16) stays with them.
            let meta = (!matches!(text, Err(Unreadable::Io(_)))).then_some(meta);
            (meta, text)
        }
        Err(e) => (None, Err(Unreadable::Io(e.to_string()))),
    }
}

/// The text of `file`, open, of `size` bytes when it was stat'ed.
fn read_open(mut file: std::fs::File, size: u64) -> Result<SourceText, Unreadable> {
    if size > MAX_FILE_BYTES {
        return Err(too_large(size));
    }
    let io = |e: std::io::Error| Unreadable::Io(e.to_string());
    let mut bytes = Vec::new();
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    if size < ONE_READ_BYTES {
        // One read asking for a byte more than the file had: a read that stops at the
        // stat'ed size is the file's end, and no second read (`read_to_end`'s) is needed
        // to find that out (a system call a post, 100,000 on a large site). A read that
        // stops short, or gets the byte more (the file grew), goes on below.
        bytes.resize(size + 1, 0);
        let n = read_once(&mut file, &mut bytes).map_err(io)?;
        bytes.truncate(n);
        if n == size {
            return decode(bytes);
        }
    }
    // Room for the whole file and a byte more at once: not grown a read and a copy at a
    // time.
    bytes.reserve(size.saturating_add(1).saturating_sub(bytes.len()));
    // Read one byte past the limit so a file that grew since `metadata` is still caught.
    let left = (MAX_FILE_BYTES + 1).saturating_sub(bytes.len() as u64);
    file.take(left).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    decode(bytes)
}

/// One `read` of `file` into `buf`, tried again when a signal interrupts it.
fn read_once(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match file.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            done => return done,
        }
    }
}

/// Files smaller than this are read in one system call (see [`read_open`]); a larger one
/// is not zeroed first.
const ONE_READ_BYTES: usize = 256 * 1024;

/// How much of a post [`read_head`] reads: the front matter of nearly every post, and
/// the first heading of most.
pub const HEAD_BYTES: usize = 16 * 1024;

/// The first [`HEAD_BYTES`] of the file at `path` as text (see [`decode`]; a character cut
/// at the end is repaired), and whether that is the whole file. One read where [`read`]
/// takes a stat and two: for the quick listing of a site without an index cache.
pub fn read_head(path: &Path) -> Result<(SourceText, bool), Unreadable> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; HEAD_BYTES]);
    }
    let mut file = std::fs::File::open(path).map_err(|e| Unreadable::Io(e.to_string()))?;
    let bytes = BUFFER.with_borrow_mut(|buffer| -> Result<Vec<u8>, Unreadable> {
        let n = read_once(&mut file, buffer).map_err(|e| Unreadable::Io(e.to_string()))?;
        Ok(buffer[..n].to_vec())
    })?;
    // A short read of a regular file is its end; at worst the listing reads less of a
    // post than it could (the full index reads every post whole).
    let whole = bytes.len() < HEAD_BYTES;
    decode(bytes).map(|text| (text, whole))
}

fn too_large(size: u64) -> Unreadable {
    Unreadable::TooLarge {
        size,
        limit: MAX_FILE_BYTES,
    }
}

/// Turn a file's bytes into text: strip a BOM, refuse binary and UTF-16, repair bad UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<SourceText, Unreadable> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Unreadable::Utf16);
    }
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    // memchr's vector search: the slice's own search was a twentieth of a first run's
    // scan of 10,000 posts (perf).
    if memchr::memchr(0, sniff).is_some() {
        return Err(Unreadable::Binary);
    }
    let (text, invalid_utf8) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(err) => {
            let bytes = err.into_bytes();
            let valid_up_to = std::str::from_utf8(&bytes)
                .err()
                .map_or(bytes.len(), |e| e.valid_up_to());
            let valid = String::from_utf8_lossy(&bytes[..valid_up_to]);
            let line = LineIndex::new(&valid).line_of(valid.len());
            let message = format!(
                "not valid UTF-8 (first bad byte 0x{:02X} at byte {valid_up_to}); shown with \u{FFFD} replacements",
                bytes[valid_up_to]
            );
            (
                String::from_utf8_lossy(&bytes).into_owned(),
                Some((line, message)),
            )
        }
    };
    let (text, has_bom) = match text.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest.to_owned(), true),
        None => (text, false),
    };
    Ok(SourceText {
        text,
        has_bom,
        invalid_utf8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_keeps_text() {
        let src = decode(b"\xEF\xBB\xBF---\ntitle: x\n---\n".to_vec()).unwrap();
        assert!(src.has_bom);
        assert!(src.text.starts_with("---\n"));
    }

    #[test]
    fn decode_refuses_binary() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0".to_vec()),
            Err(Unreadable::Binary)
        );
    }

    /// The head of a short file is all of it; of a long one, its first bytes, marked as a
    /// part, with a character cut at the end repaired.
    #[test]
    fn read_head_reads_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let short = dir.path().join("short.md");
        std::fs::write(&short, "---\ntitle: é\n---\nbody\n").unwrap();
        let (src, whole) = read_head(&short).unwrap();
        assert!(whole);
        assert_eq!(src, read(&short).unwrap());
        let long = dir.path().join("long.md");
        let text = format!("---\ntitle: x\n---\n{}", "é".repeat(HEAD_BYTES));
        std::fs::write(&long, &text).unwrap();
        let (src, whole) = read_head(&long).unwrap();
        assert!(!whole);
        assert!(src.text.starts_with("---\ntitle: x\n---\né"));
        assert!(src.text.len() <= HEAD_BYTES + 2, "{}", src.text.len());
        assert!(matches!(
            read_head(&dir.path().join("none.md")),
            Err(Unreadable::Io(_))
        ));
    }

    #[test]
    fn decode_refuses_utf16() {
        assert_eq!(decode(b"\xFF\xFE-\0-\0".to_vec()), Err(Unreadable::Utf16));
    }

    #[test]
    fn decode_reports_invalid_utf8_with_its_line() {
        let src = decode(b"one\ntwo \xE9t\xE9\n".to_vec()).unwrap();
        let (line, message) = src.invalid_utf8.unwrap();
        assert_eq!(line, 2);
        assert!(message.contains("0xE9"), "{message}");
        assert!(src.text.contains("two \u{FFFD}t\u{FFFD}"));
    }

    /// A file that opens but cannot be read (here a folder: `read` fails with EISDIR)
    /// gives no metadata, so nothing is kept under its key; a binary file keeps it.
    #[cfg(unix)]
    #[test]
    fn read_with_metadata_gives_none_when_the_read_fails() {
        let dir = tempfile::tempdir().unwrap();
        let (meta, text) = read_with_metadata(dir.path());
        assert!(matches!(text, Err(Unreadable::Io(_))), "{text:?}");
        assert!(meta.is_none());
        let binary = dir.path().join("b.md");
        std::fs::write(&binary, b"a\0b").unwrap();
        let (meta, text) = read_with_metadata(&binary);
        assert_eq!(text, Err(Unreadable::Binary));
        assert_eq!(meta.map(|m| m.len()), Some(3));
    }

    /// A file is read whole whatever its size: empty, around the one-read size, and
    /// larger (read on after the first read).
    #[test]
    fn read_gives_every_byte_at_any_size() {
        let dir = tempfile::tempdir().unwrap();
        for size in [
            0,
            1,
            4096,
            ONE_READ_BYTES - 1,
            ONE_READ_BYTES,
            ONE_READ_BYTES + 7,
        ] {
            let path = dir.path().join(format!("{size}.md"));
            let text: String = (0..size)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            std::fs::write(&path, &text).unwrap();
            let (meta, read) = read_with_metadata(&path);
            assert_eq!(read.map(|t| t.text), Ok(text), "{size} bytes");
            assert_eq!(meta.map(|m| m.len()), Some(size as u64));
        }
    }

    #[test]
    fn read_refuses_files_over_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert!(matches!(read(&path), Err(Unreadable::TooLarge { .. })));
    }
}
