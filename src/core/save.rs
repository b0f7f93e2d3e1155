//! Saving a post safely: never over a file that changed since it was read, never half
//! written (temp file in the same folder, fsync, rename), keeping the file's permissions,
//! and writing through a symlink to its target instead of replacing the link. Every step
//! goes through the [`Fs`] seam, so tests can make any one of them fail as a real disk
//! does (full, read-only, gone) and check that the original is untouched and no temp file
//! is left. It must not talk to the user: errors say what failed, callers say what next.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tempfile::NamedTempFile;

use super::stable_hash;

/// What a file looked like when it was read: enough to tell whether it changed since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// Size in bytes.
    pub size: u64,
    /// Modification time.
    pub modified: Option<SystemTime>,
    /// A hash of the contents.
    pub hash: u64,
}

impl Snapshot {
    /// The snapshot of `bytes` read from a file with metadata `meta`.
    pub fn of(bytes: &[u8], meta: &fs::Metadata) -> Snapshot {
        Snapshot {
            size: meta.len(),
            modified: meta.modified().ok(),
            hash: hash(bytes),
        }
    }

    /// Read `path` and take its snapshot.
    pub fn read(path: &Path) -> io::Result<(Vec<u8>, Snapshot)> {
        let bytes = fs::read(path)?;
        let meta = fs::metadata(path)?;
        let snap = Snapshot::of(&bytes, &meta);
        Ok((bytes, snap))
    }
}

/// A content hash for change detection (not for security): [`stable_hash::of_bytes`], so
/// a hash stored in a journal means the same to the next build.
pub fn hash(bytes: &[u8]) -> u64 {
    stable_hash::of_bytes(bytes)
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The file changed on disk since it was read; nothing was written.
    #[error("{} changed on disk since it was opened", path.display())]
    Conflict {
        /// The file.
        path: PathBuf,
        /// What is on disk now (`None` if it was deleted).
        now: Option<Snapshot>,
    },
    /// Writing failed; the original is untouched and no temp file is left.
    #[error("cannot save {}: {}", path.display(), describe(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

/// The file a write to `path` must replace: symlinks are followed to their target.
pub fn write_target(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// What an I/O error means for a save, in plain words.
pub fn explain(error: &io::Error) -> &'static str {
    use io::ErrorKind as K;
    match error.kind() {
        K::StorageFull => "the disk is full",
        K::QuotaExceeded => "the disk quota is used up",
        K::ReadOnlyFilesystem => "the file system is read-only",
        K::PermissionDenied => "the folder refuses writes (permissions or an immutable folder)",
        K::NotFound => "the folder does not exist",
        K::IsADirectory => "a folder is in the file's place",
        K::NotADirectory => "part of the path is a file, not a folder",
        K::CrossesDevices => "the new file could not be moved into place (another device)",
        _ => "the system refused the write",
    }
}

/// A failed save's reason in plain words, then the system's own.
pub fn describe(error: &io::Error) -> String {
    format!("{} ({error})", explain(error))
}

/// `error` without the "at path …" that `tempfile` adds: the temp file is gone by the
/// time anyone reads the message, so naming it only confuses.
fn without_temp_path(error: io::Error) -> io::Error {
    if error.raw_os_error().is_some() {
        return error;
    }
    let text = error.to_string();
    match text.rfind(" at path ") {
        Some(at) => io::Error::new(error.kind(), text[..at].to_owned()),
        None => error,
    }
}

/// The file-system operations a save uses, so tests can make any one fail. Every method
/// does the real thing by default; [`RealFs`] is that.
pub trait Fs {
    /// Read a whole file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        fs::read(path)
    }
    /// A file's metadata (symlinks followed).
    fn metadata(&self, path: &Path) -> io::Result<fs::Metadata> {
        fs::metadata(path)
    }
    /// A new temp file in `dir` (removed when dropped unless persisted).
    fn create_temp(&self, dir: &Path, mode: NewFileMode) -> io::Result<NamedTempFile> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(".folio-").suffix(".tmp");
        #[cfg(unix)]
        if mode == NewFileMode::Shared {
            use std::os::unix::fs::PermissionsExt;
            // open(2) applies the umask to this, exactly as for any new file.
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        #[cfg(not(unix))]
        let _ = mode;
        builder.tempfile_in(dir).map_err(without_temp_path)
    }
    /// Write `bytes` to the temp file.
    fn write(&self, file: &mut NamedTempFile, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes).map_err(without_temp_path)
    }
    /// Flush the temp file to the disk.
    fn sync(&self, file: &NamedTempFile) -> io::Result<()> {
        file.as_file().sync_all()
    }
    /// Give the temp file the original's permissions.
    fn set_permissions(&self, file: &NamedTempFile, perms: fs::Permissions) -> io::Result<()> {
        fs::set_permissions(file.path(), perms)
    }
    /// Rename the temp file over `target` (on failure the temp file is dropped: removed).
    fn persist(&self, file: NamedTempFile, target: &Path) -> io::Result<()> {
        file.persist(target)
            .map(drop)
            .map_err(|e| without_temp_path(e.error))
    }
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealFs;

impl Fs for RealFs {}

/// Write `bytes` to `path` if the file still matches `expected` (pass `None` for a new
/// file that must not exist yet). Returns the new snapshot.
pub fn save(path: &Path, bytes: &[u8], expected: Option<&Snapshot>) -> Result<Snapshot, SaveError> {
    save_with(&RealFs, path, bytes, expected)
}

/// [`save`] through `fs`.
pub fn save_with(
    fs: &dyn Fs,
    path: &Path,
    bytes: &[u8],
    expected: Option<&Snapshot>,
) -> Result<Snapshot, SaveError> {
    let target = write_target(path);
    let now = match fs.read(&target) {
        Ok(current) => {
            let meta = fs.metadata(&target).map_err(|source| SaveError::Io {
                path: path.to_owned(),
                source,
            })?;
            Some(Snapshot::of(&current, &meta))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(SaveError::Io {
                path: path.to_owned(),
                source,
            });
        }
    };
    let unchanged = match (expected, &now) {
        (Some(want), Some(have)) => want.size == have.size && want.hash == have.hash,
        (None, None) => true,
        _ => false,
    };
    if !unchanged {
        return Err(SaveError::Conflict {
            path: path.to_owned(),
            now,
        });
    }
    write_atomically_with(fs, &target, bytes, NewFileMode::Shared).map_err(|source| {
        SaveError::Io {
            path: path.to_owned(),
            source,
        }
    })?;
    let meta = fs.metadata(&target).map_err(|source| SaveError::Io {
        path: path.to_owned(),
        source,
    })?;
    Ok(Snapshot::of(bytes, &meta))
}

/// Who may read a file folio creates (a file it replaces keeps its own mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewFileMode {
    /// `0666 & !umask`, as any editor makes it (0644 under umask 022): posts and
    /// conflict files, which a site build or a colleague must be able to read.
    Shared,
    /// `0600`: folio's own data (journals, memory), which may hold unsaved drafts.
    Private,
}

/// Write `bytes` to `target` through a temp file in the same folder: fsync, keep the
/// original's mode (and owner and group where the process may set them), rename over it,
/// fsync the folder. A new file gets [`NewFileMode::Shared`].
pub fn write_atomically(target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_as(target, bytes, NewFileMode::Shared)
}

/// [`write_atomically`] with the mode a new file gets.
pub fn write_atomically_as(target: &Path, bytes: &[u8], mode: NewFileMode) -> io::Result<()> {
    write_atomically_with(&RealFs, target, bytes, mode)
}

/// [`write_atomically_as`] through `fs`. Whatever step fails, the temp file is dropped
/// (removed) and `target` is untouched.
pub fn write_atomically_with(
    fs: &dyn Fs,
    target: &Path,
    bytes: &[u8],
    mode: NewFileMode,
) -> io::Result<()> {
    atomically(fs, target, mode, |fs, tmp| fs.write(tmp, bytes))
}

/// [`write_atomically_as`] for contents that `fill` writes straight into the temp file
/// (a file too big to build in memory first). `fill` may seek; what the file holds when
/// it returns is what `target` gets.
pub fn write_atomically_by(
    target: &Path,
    mode: NewFileMode,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    atomically(&RealFs, target, mode, |_, tmp| fill(tmp.as_file_mut()))
}

/// The steps of an atomic write, with `fill` writing the temp file.
fn atomically(
    fs: &dyn Fs,
    target: &Path,
    mode: NewFileMode,
    fill: impl FnOnce(&dyn Fs, &mut NamedTempFile) -> io::Result<()>,
) -> io::Result<()> {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = fs.create_temp(dir, mode)?;
    fill(fs, &mut tmp)?;
    fs.sync(&tmp)?;
    if let Ok(meta) = fs.metadata(target) {
        keep_owner(tmp.as_file(), &meta);
        fs.set_permissions(&tmp, meta.permissions())?;
    }
    fs.persist(tmp, target)?;
    if let Ok(d) = File::open(dir) {
        // The rename is done; a folder that cannot be synced (some network file systems)
        // does not undo it.
        let _ = d.sync_all();
    }
    Ok(())
}

/// Give the replacement the original's owner and group. Only root may change the owner
/// and only to a group the user is in, so each is tried on its own and a refusal is fine:
/// the file then belongs to whoever saved it, as with any editor.
#[cfg(unix)]
fn keep_owner(file: &File, original: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let Ok(now) = file.metadata() else { return };
    if now.uid() != original.uid() {
        let _ = std::os::unix::fs::fchown(file, Some(original.uid()), None);
    }
    if now.gid() != original.gid() {
        let _ = std::os::unix::fs::fchown(file, None, Some(original.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _original: &fs::Metadata) {}

/// Where "save mine beside it" puts a conflicting version: `<stem>.folio-conflict.md`
/// next to the file (numbered if that exists).
pub fn conflict_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "post".into(), |s| s.to_string_lossy().into_owned());
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut candidate = dir.join(format!("{stem}.folio-conflict.md"));
    let mut n = 2;
    while candidate.exists() {
        candidate = dir.join(format!("{stem}.folio-conflict-{n}.md"));
        n += 1;
    }
    candidate
}

#[cfg(all(test, unix))]
#[path = "save_fault_tests.rs"]
mod fault_tests;

#[cfg(test)]
#[path = "save_tests.rs"]
mod tests;
