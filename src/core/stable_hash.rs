//! The one content hash folio stores on disk: XXH3-64 (the `xxhash-rust` crate), a fixed
//! and documented algorithm, so journals, reading positions, review marks and cache entries
//! written by one build are understood by any later build. Never `DefaultHasher`, whose
//! output Rust may change between releases. Not for security.

use std::path::Path;

/// The name written beside stored hashes, so a later change of algorithm can be told apart.
pub const ALGORITHM: &str = "xxh3-64";

/// The hash of `bytes`.
pub fn of_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// [`of_bytes`] of bytes that come in pieces: the same hash as of them joined.
pub struct Stream(xxhash_rust::xxh3::Xxh3);

impl Stream {
    /// Nothing hashed yet.
    pub fn new() -> Stream {
        Stream(xxhash_rust::xxh3::Xxh3::new())
    }

    /// Hash `bytes` next.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The hash of everything given so far.
    pub fn finish(&self) -> u64 {
        self.0.digest()
    }
}

impl Default for Stream {
    fn default() -> Stream {
        Stream::new()
    }
}

/// The hash of a path, from its bytes as the OS gives them (the same path gives the same
/// hash on every run and every build).
pub fn of_path(path: &Path) -> u64 {
    of_bytes(path.as_os_str().as_encoded_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pins the algorithm: these are XXH3-64's published values, so a change of crate or
    /// algorithm that would orphan users' journals fails here.
    #[test]
    fn stable_hash_is_xxh3_64() {
        assert_eq!(of_bytes(b""), 0x2d06_8005_38d3_94c2);
        assert_eq!(of_bytes(b"folio"), xxhash_rust::xxh3::xxh3_64(b"folio"));
        assert_eq!(of_path(Path::new("/x/a.md")), of_bytes(b"/x/a.md"));
        assert_ne!(of_bytes(b"a"), of_bytes(b"b"));
    }

    /// Bytes hashed in pieces, of any sizes, give the hash of them joined.
    #[test]
    fn stable_hash_stream_equals_one_shot() {
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 31 % 251) as u8).collect();
        for cut in [0, 1, 63, 64, 240, 1024, 4999] {
            let mut s = Stream::new();
            s.update(&bytes[..cut]);
            s.update(&bytes[cut..]);
            assert_eq!(s.finish(), of_bytes(&bytes), "cut at {cut}");
        }
        assert_eq!(Stream::new().finish(), of_bytes(b""));
    }
}
