//! What folio says about itself beyond the flags: the end of `folio --help` (where this
//! machine keeps folio's files, which environment variables it reads), the man page and the
//! shell completion scripts, all made from the one clap definition in [`super::args`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, FromArgMatches};

use crate::app::user_config::{self, USER_CONFIG_FILE};

use super::args::Cli;

/// The command-line definition with the help's closing section computed for this machine.
pub fn command() -> clap::Command {
    Cli::command().after_help(files_and_environment())
}

/// Parse the process's arguments (exits with clap's message on a usage error, or after
/// printing `--help` / `--version`).
pub fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The closing section of `--help`: folio's files on this machine, and the environment
/// variables it reads.
pub fn files_and_environment() -> String {
    let shown =
        |p: Option<PathBuf>| p.map_or_else(|| "(none on this platform)".to_owned(), |p| show(&p));
    let data = user_config::data_dir();
    let in_data = |sub: &str| shown(data.as_ref().map(|d| d.join(sub)));
    let mut out = String::from("Files (on this machine):\n");
    let rows = [
        (
            "config",
            shown(user_config::config_dir().map(|d| d.join(USER_CONFIG_FILE))),
        ),
        ("data", shown(data.clone())),
        ("  journals", in_data("recovery")),
        ("  memory", in_data("roots")),
        ("  review marks", in_data("review")),
        ("cache", shown(user_config::cache_dir())),
        ("log", shown(user_config::log_file())),
    ];
    for (what, path) in rows {
        let _ = writeln!(out, "  {what:<15} {path}");
    }
    out.push_str("\nEnvironment:\n");
    let vars = [
        (
            "NO_COLOR",
            "set (not empty): no colour, in the UI and with --color auto",
        ),
        (
            "CLICOLOR_FORCE",
            "set (not 0): colour with --color auto even when not a terminal",
        ),
        ("VISUAL, EDITOR", "the external editor (VISUAL first)"),
        (
            "FOLIO_CONFIG_DIR",
            "the config folder, instead of the one above",
        ),
        (
            "FOLIO_DATA_DIR",
            "the data folder, instead of the one above",
        ),
        (
            "FOLIO_LOG",
            "debug, info, warn (or error, trace): write the log above; off when unset",
        ),
        (
            "FOLIO_LOG_DIR",
            "the log's folder, instead of the one above",
        ),
        (
            "XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME, XDG_STATE_HOME",
            "where the folders above are, on Linux",
        ),
    ];
    for (name, what) in vars {
        let _ = writeln!(out, "  {name}\n      {what}");
    }
    out
}

fn show(path: &Path) -> String {
    path.display().to_string()
}

/// The man page, as roff: clap's sections, then FILES AND ENVIRONMENT (the help's
/// closing section) in place of `clap_mangen`'s generic "EXTRA".
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(Cli::command()).title("FOLIO");
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    out.extend_from_slice(b".SH \"FILES AND ENVIRONMENT\"\n.nf\n");
    for line in files_and_environment().lines() {
        out.extend_from_slice(roff_line(line).as_bytes());
        out.push(b'\n');
    }
    out.extend_from_slice(b".fi\n");
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// `line` as literal roff text: backslashes and hyphens escaped, a leading dot or quote
/// made harmless.
fn roff_line(line: &str) -> String {
    let escaped = line.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command(), "folio", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition clap builds is consistent (no clashing names or bad defaults).
    #[test]
    fn command_debug_asserts_pass() {
        command().debug_assert();
    }

    /// The help's closing section names every variable the issue lists.
    #[test]
    fn files_and_environment_names_the_variables() {
        let text = files_and_environment();
        for name in [
            "NO_COLOR",
            "VISUAL",
            "EDITOR",
            "FOLIO_CONFIG_DIR",
            "FOLIO_DATA_DIR",
            "FOLIO_LOG",
            "XDG_CONFIG_HOME",
            "journals",
            "review marks",
            "cache",
            "log",
        ] {
            assert!(text.contains(name), "{name} missing from:\n{text}");
        }
    }
}
