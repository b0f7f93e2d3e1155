//! The built `folio` binary for the CLI tests: running it in a quiet, predictable
//! environment ([`folio`], [`folio_in`], [`folio_with`]), the one exit check
//! ([`Run::assert_success`] / [`Run::code`]), and reading its output independently of
//! folio (front matter, slugs, display width, terminal safety). It must not use folio's own
//! parsers to check folio's answers.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use super::manifest_dir;

/// One finished run of the binary.
#[derive(Debug)]
pub struct Run {
    /// What to call the run in assertion messages.
    pub label: String,
    /// The exit status.
    pub status: ExitStatus,
    /// Stdout bytes as written.
    pub stdout_bytes: Vec<u8>,
    /// Stdout, lossily decoded.
    pub stdout: String,
    /// Stderr, lossily decoded.
    pub stderr: String,
    /// Wall-clock time the run took.
    pub elapsed: Duration,
}

impl Run {
    /// The run of a finished process (started by [`folio_with`], or spawned by a test that
    /// needs several at once), checked to show no panic or backtrace.
    pub fn finished(label: String, out: Output, elapsed: Duration) -> Run {
        let run = Run {
            label,
            status: out.status,
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stdout_bytes: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            elapsed,
        };
        assert_no_panic(&run.label, &run.stderr);
        run
    }

    /// The exit code (panics if the process was killed by a signal).
    pub fn code(&self) -> i32 {
        self.status
            .code()
            .unwrap_or_else(|| panic!("{}: killed by a signal: {:?}", self.label, self.status))
    }

    /// Assert the run succeeded, showing stderr otherwise: the one exit check of the CLI
    /// tests (the pseudo-terminal tests have `pty::user::assert_exited_cleanly`).
    pub fn assert_success(&self) -> &Self {
        assert!(
            self.status.success(),
            "{}: expected success, got {:?}\nstderr:\n{}",
            self.label,
            self.status,
            self.stderr
        );
        self
    }

    /// Assert the run succeeded and hand it back.
    #[must_use]
    pub fn succeeded(self) -> Self {
        self.assert_success();
        self
    }

    /// Parse stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("{}: stdout is not JSON ({e}):\n{}", self.label, self.stdout)
        })
    }
}

/// A `folio` command with a quiet, predictable environment: no `NO_COLOR`, backtraces
/// switched on (so that any panic or backtrace would show up in stderr), stdin closed.
pub fn folio_command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_folio"));
    // One index cache folder for every test run, outside the user's: tests never write
    // into the real cache, and its writers are concurrent by design.
    cmd.env_remove("NO_COLOR")
        .env(
            "FOLIO_CACHE_DIR",
            std::env::temp_dir().join("folio-tests-cache"),
        )
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Run `folio` with `args` in the crate root.
pub fn folio<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    folio_with(&mut folio_command(), args)
}

/// Run `folio` with `args` in folder `cwd`.
pub fn folio_in<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = folio_command();
    cmd.current_dir(cwd);
    folio_with(&mut cmd, args)
}

/// Run a prepared `folio` command with `args` added, and check that it did not panic or
/// print a backtrace.
pub fn folio_with<I, S>(cmd: &mut Command, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<_> = args
        .into_iter()
        .map(|a| a.as_ref().to_os_string())
        .collect();
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(manifest_dir());
    }
    let label = format!(
        "folio {}",
        args.iter()
            .map(|a| format!("{:?}", a.to_string_lossy()))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let start = Instant::now();
    let out = cmd
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("{label}: cannot run the binary: {e}"));
    Run::finished(label, out, start.elapsed())
}

/// Run `folio ARGS DIR`: the commands that take the content folder last.
pub fn folio_on(args: &[&str], dir: &Path) -> Run {
    folio_with_on(&mut folio_command(), args, dir)
}

/// [`folio_on`] with a prepared command (extra environment).
pub fn folio_with_on(cmd: &mut Command, args: &[&str], dir: &Path) -> Run {
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    all.push(dir.as_os_str());
    folio_with(cmd, all)
}

/// Assert `stderr` shows no panic and no backtrace.
pub fn assert_no_panic(label: &str, stderr: &str) {
    for bad in ["panicked", "stack backtrace", "RUST_BACKTRACE", "Backtrace"] {
        assert!(
            !stderr.contains(bad),
            "{label}: stderr contains {bad:?}:\n{stderr}"
        );
    }
}

/// The first terminal-unsafe character in `text`: any C0 control other than newline, DEL,
/// or a C1 control (U+0080–U+009F). Raw ESC and BEL bytes are C0, so they are caught here.
pub fn first_unsafe_char(text: &str) -> Option<(usize, char)> {
    text.char_indices()
        .find(|&(_, c)| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c))
}

/// Assert `bytes` (some output) holds no raw ESC, BEL or other control characters.
pub fn assert_terminal_safe(label: &str, bytes: &[u8]) {
    for (name, byte) in [("ESC", 0x1b_u8), ("BEL", 0x07)] {
        if let Some(at) = bytes.iter().position(|&b| b == byte) {
            let text =
                String::from_utf8_lossy(&bytes[at.saturating_sub(40)..bytes.len().min(at + 40)]);
            panic!("{label}: raw {name} at byte {at}: {text:?}");
        }
    }
    let text = String::from_utf8_lossy(bytes);
    if let Some((at, c)) = first_unsafe_char(&text) {
        let before: String = text[..at]
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after: String = text[at..].chars().take(40).collect();
        panic!(
            "{label}: control character U+{:04X} at byte {at}: {:?}",
            c as u32,
            format!("{before}{after}")
        );
    }
}

/// Display width of `s` in terminal columns.
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// A markdown post's front matter, as a minimal independent reader sees it: the lines
/// between the opening and closing `---`, or `None` without a closed block.
pub fn front_matter_lines(text: &str) -> Option<Vec<&str>> {
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    let mut out = Vec::new();
    for line in lines {
        if line.trim_end() == "---" {
            return Some(out);
        }
        out.push(line);
    }
    None
}

/// The value of top-level scalar field `name` (surrounding quotes removed).
pub fn scalar_field(front_matter: &[&str], name: &str) -> Option<String> {
    front_matter.iter().find_map(|line| {
        let rest = line.strip_prefix(name)?.strip_prefix(':')?;
        let value = rest.trim();
        if value.is_empty() {
            return None;
        }
        Some(unquote(value).to_owned())
    })
}

/// The `tags` field, written as a flow list (`[a, b]`), a block list (`- a`), or one value.
pub fn tags_field(front_matter: &[&str]) -> Vec<String> {
    let Some(at) = front_matter.iter().position(|l| l.starts_with("tags:")) else {
        return Vec::new();
    };
    let inline = front_matter[at]["tags:".len()..].trim();
    let mut tags: Vec<String> = Vec::new();
    if let Some(flow) = inline.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        tags.extend(
            flow.split(',')
                .map(|t| unquote(t.trim()).to_owned())
                .filter(|t| !t.is_empty()),
        );
    } else if !inline.is_empty() {
        tags.push(unquote(inline).to_owned());
    } else {
        for line in &front_matter[at + 1..] {
            let Some(item) = line.trim_start().strip_prefix("- ") else {
                break;
            };
            tags.push(unquote(item.trim()).to_owned());
        }
    }
    let mut unique = Vec::new();
    for tag in tags {
        if !unique.contains(&tag) {
            unique.push(tag);
        }
    }
    unique
}

fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// The slug a post file should get: its stem, or its folder for `index.md`, without a
/// Jekyll `YYYY-MM-DD-` prefix.
pub fn expected_slug(rel_path: &str) -> String {
    let path = Path::new(rel_path);
    let stem = path
        .file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    let name = if stem == "index" {
        path.parent()
            .and_then(Path::file_name)
            .map_or(stem, |f| f.to_string_lossy().into_owned())
    } else {
        stem
    };
    match jekyll_date(&name) {
        Some(_) => name[11..].to_owned(),
        None => name,
    }
}

/// The `YYYY-MM-DD` a Jekyll-style name starts with (shape only, digits checked).
pub fn jekyll_date(name: &str) -> Option<&str> {
    let b = name.as_bytes();
    let shape = b.len() > 11
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit());
    shape.then(|| &name[..10])
}
