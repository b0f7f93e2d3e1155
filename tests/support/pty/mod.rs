//! A pseudo-terminal harness for end-to-end tests of the `folio` terminal UI: the real
//! binary runs in a pty, everything it writes is fed to an in-memory vt100 terminal, and
//! tests type keys (raw bytes, or key specs through [`super::keys`]) and wait for text to
//! appear on that virtual screen ([`screen`]); [`user`] drives it as a user would. It must
//! not touch the user's own config, data or cache folders (each run gets temporary ones).

mod screen;
pub mod user;

pub use screen::{Parser, Recorder, dump, last_row, screen_row};

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use tempfile::TempDir;

use super::keys::{parse_keys, terminal_bytes};

/// How long [`Tui::wait_for`] waits unless told otherwise.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// What a [`Launch::job_control`] shell prints once folio has stopped.
pub const SUSPENDED: &str = "folio-is-suspended";

/// How often the screen is looked at while waiting.
const POLL: Duration = Duration::from_millis(20);

/// Options for starting `folio`.
#[derive(Debug, Clone)]
pub struct Launch {
    /// Command-line arguments.
    pub args: Vec<String>,
    /// Terminal rows.
    pub rows: u16,
    /// Terminal columns.
    pub cols: u16,
    /// Extra environment variables.
    pub env: Vec<(String, String)>,
    /// `FOLIO_DATA_DIR` to use; a fresh temporary folder when `None`.
    pub data_dir: Option<PathBuf>,
    /// Start under this umask (through `sh`, which then `exec`s folio).
    pub umask: Option<u32>,
    /// Run folio as a foreground job of a job-control shell (see [`Launch::job_control`]).
    pub job_control: bool,
}

impl Launch {
    /// `folio ARGS` in a 30×100 terminal.
    pub fn new<I, S>(args: I) -> Launch
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Launch {
            args: args.into_iter().map(Into::into).collect(),
            rows: 30,
            cols: 100,
            env: Vec::new(),
            data_dir: None,
            umask: None,
            job_control: false,
        }
    }

    /// Use a terminal of `rows`×`cols`.
    #[must_use]
    pub fn size(mut self, rows: u16, cols: u16) -> Launch {
        self.rows = rows;
        self.cols = cols;
        self
    }

    /// Set an environment variable.
    #[must_use]
    pub fn env(mut self, key: &str, value: &str) -> Launch {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Start folio under `umask`.
    #[must_use]
    pub fn umask(mut self, umask: u32) -> Launch {
        self.umask = Some(umask);
        self
    }

    /// Run folio under `bash` with job control, as a shell runs it: Ctrl-Z stops it (in a
    /// bare pty its process group is orphaned and the kernel ignores SIGTSTP), bash then
    /// prints [`SUSPENDED`] and waits for a line, and Enter brings folio back with `fg`
    /// (as often as it is stopped).
    /// The pty's child is then bash; [`Tui::job_pid`] is folio.
    #[must_use]
    pub fn job_control(mut self) -> Launch {
        self.job_control = true;
        self
    }

    /// Keep remembered state in `dir` (to share it between runs).
    #[must_use]
    pub fn data_dir(mut self, dir: &Path) -> Launch {
        self.data_dir = Some(dir.to_owned());
        self
    }

    /// Start `folio`.
    pub fn spawn(self) -> Tui {
        Tui::spawn(self)
    }
}

/// A running `folio` in a pseudo-terminal.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Option<Box<dyn Write + Send>>,
    parser: Arc<Mutex<Parser>>,
    /// Every byte the program wrote, unparsed.
    raw: Arc<Mutex<Vec<u8>>>,
    eof: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    status: Option<ExitStatus>,
    /// When the process was started.
    pub started: Instant,
    _config_dir: TempDir,
    _data_dir: Option<TempDir>,
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("terminal size must not be zero")
}

fn pty_size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Tui {
    /// Start `folio` as described by `launch`, in the crate root.
    pub fn spawn(launch: Launch) -> Tui {
        let config_dir = TempDir::new().expect("temp config dir");
        let (data_dir, owned_data) = if let Some(dir) = launch.data_dir {
            (dir, None)
        } else {
            let dir = TempDir::new().expect("temp data dir");
            (dir.path().to_owned(), Some(dir))
        };
        let pair = native_pty_system()
            .openpty(pty_size(launch.rows, launch.cols))
            .expect("open a pty");
        let mut cmd = match launch.umask {
            _ if launch.job_control => {
                let mut sh = CommandBuilder::new("bash");
                sh.arg("-c");
                sh.arg(format!(
                    "set -m; \"$0\" \"$@\"; while jobs %% >/dev/null 2>&1; \
                     do echo {SUSPENDED}; read -r _; fg; done"
                ));
                sh.arg(env!("CARGO_BIN_EXE_folio"));
                sh
            }
            Some(mask) => {
                let mut sh = CommandBuilder::new("/bin/sh");
                sh.arg("-c");
                sh.arg(format!("umask {mask:03o} && exec \"$0\" \"$@\""));
                sh.arg(env!("CARGO_BIN_EXE_folio"));
                sh
            }
            None => CommandBuilder::new(env!("CARGO_BIN_EXE_folio")),
        };
        cmd.args(&launch.args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        for key in [
            "NO_COLOR",
            "COLORTERM",
            "FOLIO_DATA_DIR",
            "FOLIO_CONFIG_DIR",
            "FOLIO_LOG",
            "FOLIO_LOG_DIR",
            "FOLIO_CACHE_DIR",
        ] {
            cmd.env_remove(key);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("FOLIO_DATA_DIR", &data_dir);
        cmd.env("FOLIO_CONFIG_DIR", config_dir.path());
        cmd.env("FOLIO_CACHE_DIR", config_dir.path().join("cache"));
        for (key, value) in &launch.env {
            cmd.env(key, value);
        }
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("spawn folio");
        // The parent must not hold the slave open, or reading never sees the end.
        drop(pair.slave);
        let master = pair.master;
        let mut source = master.try_clone_reader().expect("pty reader");
        let writer = master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            nz(launch.rows),
            nz(launch.cols),
            0,
            Recorder::default(),
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let eof = Arc::new(AtomicBool::new(false));
        let reader = {
            let (parser, raw, eof) = (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&eof));
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match source.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            lock(&raw).extend_from_slice(&buf[..n]);
                            lock(&parser).process(&buf[..n]);
                        }
                    }
                }
                eof.store(true, Ordering::SeqCst);
            })
        };
        Tui {
            child,
            master,
            writer: Some(writer),
            parser,
            raw,
            eof,
            reader: Some(reader),
            status: None,
            started,
            _config_dir: config_dir,
            _data_dir: owned_data,
        }
    }

    /// The process id of the job a [`Launch::job_control`] shell runs (folio), once started.
    pub fn job_pid(&self) -> Option<u32> {
        let pid = self.pid();
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .ok()?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("folio has a pid")
    }

    /// Type `keys` as raw bytes (`"\r"` Enter, `"\t"` Tab, `"\x7f"` Backspace, …). A lone
    /// Esc is followed by a short pause so the next key is not read as Alt+key.
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the pty writer is open");
        writer.write_all(keys.as_bytes()).expect("write to the pty");
        writer.flush().expect("flush the pty");
        if keys.ends_with('\x1b') {
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Press the keys of `spec` (see [`parse_keys`]: `"<c-s>"`, `"<home><down>x"`), each
    /// as a terminal sends it; a lone Esc is followed by a pause, as in [`Tui::send`].
    pub fn keys(&mut self, spec: &str) {
        for key in parse_keys(spec) {
            self.send(&terminal_bytes(&key));
        }
    }

    /// Press Esc (and pause so it is not taken as an Alt prefix).
    pub fn esc(&mut self) {
        self.send("\x1b");
    }

    /// The virtual terminal (locked).
    pub fn parser(&self) -> MutexGuard<'_, Parser> {
        lock(&self.parser)
    }

    /// The whole screen as text, rows separated by newlines.
    pub fn screen_text(&self) -> String {
        self.parser().screen().contents()
    }

    /// Screen row `row` as text (trailing blanks trimmed).
    pub fn row(&self, row: u16) -> String {
        screen_row(self.parser().screen(), row)
    }

    /// The last row: folio's status line.
    pub fn status_line(&self) -> String {
        let parser = self.parser();
        let (rows, _) = parser.screen().size();
        screen_row(parser.screen(), rows.get() - 1)
    }

    /// Every byte the program has written so far.
    pub fn raw_output(&self) -> Vec<u8> {
        lock(&self.raw).clone()
    }

    /// Wait until the screen contains `text`; panics with the screen after `timeout`.
    /// Returns the screen text that matched.
    pub fn wait_for_within(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{text:?} on screen"), timeout, |s| {
            s.contents().contains(text)
        })
    }

    /// [`Tui::wait_for_within`] with the default timeout.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_for_within(text, TIMEOUT)
    }

    /// Wait until `text` is no longer on screen.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} gone from the screen"), TIMEOUT, |s| {
            !s.contents().contains(text)
        })
    }

    /// Wait until the status line contains `text`.
    pub fn wait_status(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} in the status line"), TIMEOUT, |s| {
            last_row(s).contains(text)
        })
    }

    /// Poll the screen until `done` holds for it or `timeout` passes; whether it held.
    pub fn poll_until(&self, timeout: Duration, done: impl Fn(&vt100::Screen) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if done(self.parser().screen()) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Wait until `done` holds for the screen; panics with `what` and the screen after
    /// `timeout`. Returns the screen text at that moment.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        done: impl Fn(&vt100::Screen) -> bool,
    ) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            {
                let parser = self.parser();
                if done(parser.screen()) {
                    return parser.screen().contents();
                }
            }
            if Instant::now() >= deadline {
                let exited = if self.eof.load(Ordering::SeqCst) {
                    " (the program has closed the terminal)"
                } else {
                    ""
                };
                panic!(
                    "timed out after {timeout:?} waiting for {what}{exited}; the screen:\n{}",
                    dump(self.parser().screen())
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Wait for the process to end; panics (with the screen) after `timeout`. Also waits
    /// for its last output to reach the virtual terminal.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        if let Some(status) = &self.status {
            return status.clone();
        }
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("poll the child") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "folio did not exit within {timeout:?}; the screen:\n{}",
                dump(self.parser().screen())
            );
            std::thread::sleep(POLL);
        };
        while !self.eof.load(Ordering::SeqCst) && Instant::now() < deadline + TIMEOUT {
            std::thread::sleep(POLL);
        }
        if self.eof.load(Ordering::SeqCst)
            && let Some(reader) = self.reader.take()
        {
            let _ = reader.join();
        }
        self.status = Some(status.clone());
        status
    }

    /// Resize the terminal (the pty sends SIGWINCH) and the virtual screen with it.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        // Resize the virtual screen first so the redraw lands on the new size.
        self.parser().screen_mut().set_size(nz(rows), nz(cols));
        self.master
            .resize(pty_size(rows, cols))
            .expect("resize the pty");
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // Dropping the writer after the child is gone; the reader thread ends on EOF.
        self.writer.take();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Helpers added for the editor tests (`tests/e2e_editor.rs`).
impl Tui {
    /// Answer the cursor position queries (`ESC [ 6 n`) the program has sent so far, as a
    /// real terminal would (vt100 does not answer them). `answered` counts the queries
    /// already answered and is updated; returns how many were answered now.
    pub fn answer_cursor_queries(&mut self, answered: &mut usize) -> usize {
        let asked = lock(&self.raw)
            .windows(4)
            .filter(|w| *w == b"\x1b[6n")
            .count();
        let mut now = 0;
        while *answered < asked {
            let (row, col) = self.parser().screen().cursor_position();
            self.send(&format!("\x1b[{};{}R", row + 1, col + 1));
            *answered += 1;
            now += 1;
        }
        now
    }
}
