//! The log file, for finding out after the fact what happened: off unless `FOLIO_LOG` names
//! a level (`error`, `warn`, `info`, `debug`, `trace`), written with `tracing` to
//! `folio.log` in the platform state folder (the data folder where a platform has none;
//! `$FOLIO_LOG_DIR` overrides), never to the terminal. The file is kept under
//! [`MAX_BYTES`]: a larger one becomes `folio.log.1` (replacing the one before), at start
//! and whenever it grows past the cap. It owns no model state: the runtime calls it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use tracing::Level;

use crate::app::Tone;

/// The most a log file holds before it is rotated to `folio.log.1`.
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;

/// The log file's name in its folder.
pub const FILE_NAME: &str = "folio.log";

/// The file being logged to, once [`init`] turned logging on.
static LOG_FILE: OnceLock<PathBuf> = OnceLock::new();

/// Where the log goes: `$FOLIO_LOG_DIR`, else the platform state folder, else the data folder.
pub fn dir() -> Option<PathBuf> {
    crate::app::user_config::log_dir()
}

/// The level `FOLIO_LOG` asks for: `None` when unset, empty or `off`.
pub fn level(setting: Option<&str>) -> Result<Option<Level>, String> {
    let Some(text) = setting.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    match text.to_ascii_lowercase().as_str() {
        "off" => Ok(None),
        "error" => Ok(Some(Level::ERROR)),
        "warn" | "warning" => Ok(Some(Level::WARN)),
        "info" => Ok(Some(Level::INFO)),
        "debug" => Ok(Some(Level::DEBUG)),
        "trace" => Ok(Some(Level::TRACE)),
        other => Err(format!(
            "FOLIO_LOG={other:?} is not a level (error, warn, info, debug, trace); no log is kept"
        )),
    }
}

/// Turn logging on as `FOLIO_LOG` asks. Returns the log file (`None`: logging is off), or
/// why it could not be turned on.
pub fn init() -> Result<Option<PathBuf>, String> {
    let setting = std::env::var("FOLIO_LOG").ok();
    let Some(level) = level(setting.as_deref())? else {
        return Ok(None);
    };
    let dir = dir().ok_or("no folder for the log (set FOLIO_LOG_DIR)")?;
    start(level, &dir).map(Some)
}

/// Log at `level` and above to [`FILE_NAME`] in `dir` (made if missing); returns the file.
/// Only the first call in a process can succeed.
pub fn start(level: Level, dir: &Path) -> Result<PathBuf, String> {
    let file = dir.join(FILE_NAME);
    let writer = Rotating::open(&file)
        .map_err(|e| format!("cannot write the log {}: {e}", file.display()))?;
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(writer))
        .with_ansi(false)
        .with_target(false)
        .with_max_level(level)
        .try_init()
        .map_err(|e| format!("cannot start the log: {e}"))?;
    // Only the first `start` gets here (a second `try_init` fails above).
    let _ = LOG_FILE.set(file.clone());
    Ok(file)
}

/// What to tell the user after a panic, when there is a log to look in.
pub fn panic_note() -> Option<String> {
    file().map(|f| format!("folio: the log is in {}", f.display()))
}

/// The file being logged to, if logging is on.
pub fn file() -> Option<&'static Path> {
    LOG_FILE.get().map(PathBuf::as_path)
}

/// The status message before an update, when logging is on (else nothing is copied).
pub fn before(message: Option<&(Tone, String)>) -> Option<(Tone, String)> {
    file().and(message.cloned())
}

/// Log the message shown after an update if it is a new error.
pub fn after(before: Option<&(Tone, String)>, now: Option<&(Tone, String)>) {
    if let Some((Tone::Error, text)) = now
        && file().is_some()
        && before != now
    {
        tracing::error!(shown = %text, "error shown to the user");
    }
}

/// Log a save: where, how many bytes, and how it went.
pub fn save<T, E: std::fmt::Debug>(kind: &str, path: &Path, bytes: usize, result: &Result<T, E>) {
    match result {
        Ok(_) => tracing::info!(kind, path = %path.display(), bytes, "saved"),
        Err(e) => tracing::warn!(kind, path = %path.display(), bytes, error = ?e, "save failed"),
    }
}

/// Log a journal write of the edits of `post`.
pub fn journal(post: &Path, result: &Result<(), String>) {
    match result {
        Ok(()) => tracing::debug!(post = %post.display(), "journal written"),
        Err(e) => tracing::error!(post = %post.display(), error = %e, "journal failed"),
    }
}

/// A file that moves itself to `<name>.1` when it grows past [`MAX_BYTES`].
struct Rotating {
    path: PathBuf,
    file: File,
    size: u64,
}

impl Rotating {
    /// Open `path` for appending, rotating it first if it is already too large.
    fn open(path: &Path) -> io::Result<Rotating> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        if fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES) {
            fs::rename(path, rotated(path))?;
        }
        let file = open_append(path)?;
        let size = file.metadata()?.len();
        Ok(Rotating {
            path: path.to_owned(),
            file,
            size,
        })
    }

    fn rotate(&mut self) -> io::Result<()> {
        fs::rename(&self.path, rotated(&self.path))?;
        self.file = open_append(&self.path)?;
        self.size = 0;
        Ok(())
    }
}

impl Write for Rotating {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.size + buf.len() as u64 > MAX_BYTES && self.size > 0 {
            self.rotate()?;
        }
        let n = self.file.write(buf)?;
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

fn rotated(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".1");
    PathBuf::from(name)
}

/// Open for appending; a new log is private (it names files and may quote errors).
fn open_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `FOLIO_LOG` levels: unset, empty and `off` mean no log; a typo is an error.
    #[test]
    fn level_reads_folio_log() {
        assert_eq!(level(None), Ok(None));
        assert_eq!(level(Some(" ")), Ok(None));
        assert_eq!(level(Some("off")), Ok(None));
        assert_eq!(level(Some("DEBUG")), Ok(Some(Level::DEBUG)));
        assert_eq!(level(Some("warn")), Ok(Some(Level::WARN)));
        assert_eq!(level(Some("info")), Ok(Some(Level::INFO)));
        assert!(level(Some("verbose")).unwrap_err().contains("verbose"));
    }

    /// Once started, events go to the file (not the terminal), the panic note names it,
    /// and a second start is refused. (The only test that starts the global log.)
    #[test]
    fn start_logs_to_the_file_and_names_it_for_panics() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("state");
        let file = start(Level::INFO, &logs).unwrap();
        assert_eq!(file, logs.join(FILE_NAME));
        tracing::info!(marker = 42, "hello from the test");
        tracing::debug!("below the level");
        let text = fs::read_to_string(&file).unwrap();
        assert!(text.contains("hello from the test marker=42"), "{text}");
        assert!(!text.contains("below the level"), "{text}");
        assert_eq!(
            panic_note(),
            Some(format!("folio: the log is in {}", file.display()))
        );
        assert!(start(Level::INFO, dir.path()).is_err());
        after(None, Some(&(Tone::Error, "Not saved: test".to_owned())));
        after(None, Some(&(Tone::Info, "Saved".to_owned())));
        let text = fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("error shown to the user shown=Not saved: test"),
            "{text}"
        );
        assert!(!text.contains("shown=Saved"), "{text}");
    }

    /// A log over the cap is rotated at start; writing past the cap rotates again, so no
    /// file grows much beyond [`MAX_BYTES`].
    #[test]
    fn rotating_caps_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        fs::write(&path, vec![b'x'; usize::try_from(MAX_BYTES).unwrap() + 1]).unwrap();
        let mut log = Rotating::open(&path).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().len(), 0, "rotated at start");
        assert_eq!(fs::metadata(rotated(&path)).unwrap().len(), MAX_BYTES + 1);
        let line = vec![b'y'; 1024 * 1024];
        for _ in 0..6 {
            log.write_all(&line).unwrap();
        }
        log.flush().unwrap();
        assert!(fs::metadata(&path).unwrap().len() <= MAX_BYTES);
        assert_eq!(fs::metadata(rotated(&path)).unwrap().len(), 5 * 1024 * 1024);
    }
}
