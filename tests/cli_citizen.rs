//! CLI tests of folio as a terminal citizen, on the built binary: shell completions, the man
//! page, the help's closing section with this machine's paths, and `--color` with
//! `NO_COLOR` / `CLICOLOR_FORCE` on every command that prints.

mod support;

use std::path::Path;
use std::process::Command;

use support::cli::{folio, folio_command, folio_with};
use support::fs::copy_dir;
use support::sample_posts;

const ESC: char = '\u{1b}';

/// A `--color` case: the flag's arguments, the environment, whether output is coloured.
type ColorCase = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
    bool,
);

/// A folio command without any colour variable set.
fn plain_env() -> Command {
    let mut cmd = folio_command();
    cmd.env_remove("CLICOLOR_FORCE").env_remove("NO_COLOR");
    cmd
}

/// Every printing command, as arguments, against `root` (a copy of the sample posts).
fn printing_commands(root: &Path) -> Vec<Vec<String>> {
    let root = root.display().to_string();
    let post = format!("{root}/ab-testing-landing-pages.md");
    [
        vec!["tags", &root],
        vec!["list", &root],
        vec!["check", &root],
        vec!["show", &post],
        vec!["tag", "rename", "Strategy", "Plans", &root, "--dry-run"],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(str::to_owned).collect())
    .collect()
}

/// The sample posts in a temp folder (the `tag` command must never touch the bundled ones).
fn sample_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path().join("posts");
    copy_dir(&sample_posts(), &root);
    (dir, root)
}

/// `completions SHELL` prints a script for each of the five shells; bash's names every
/// subcommand.
#[test]
fn completions_cover_every_shell_and_subcommand() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = folio(["completions", shell]).succeeded();
        assert!(
            run.stdout.len() > 200,
            "{}: too short:\n{}",
            run.label,
            run.stdout
        );
        assert!(run.stdout.contains("folio"), "{}", run.label);
    }
    let bash = folio(["completions", "bash"]).succeeded().stdout;
    for sub in ["tags", "list", "check", "show", "tag", "completions", "man"] {
        assert!(bash.contains(sub), "bash completion lacks {sub}");
    }
    assert!(bash.contains("--color"), "bash completion lacks --color");
    assert!(bash.contains("complete -F"), "not a bash completion script");
}

/// An unknown shell is a usage error naming the choices, not a panic.
#[test]
fn completions_unknown_shell_is_a_usage_error() {
    let run = folio(["completions", "tcsh"]);
    assert_eq!(run.code(), 2, "{}", run.stderr);
    assert!(run.stderr.contains("bash"), "{}", run.stderr);
}

/// `man` prints a roff page titled FOLIO with the subcommands and the files section.
#[test]
fn man_page_is_roff_with_files_section() {
    let man = folio(["man"]).succeeded().stdout;
    assert!(man.contains(".TH FOLIO 1"), "{man}");
    assert!(man.contains(".SH SYNOPSIS"), "{man}");
    assert!(man.contains("FILES AND ENVIRONMENT"), "{man}");
    for sub in ["tags", "list", "check", "show", "completions"] {
        assert!(man.contains(sub), "man page lacks {sub}");
    }
    assert!(man.contains("FOLIO_CONFIG_DIR"), "{man}");
}

/// `--help` ends with this machine's folders (as the variables set them) and the variables.
#[test]
fn help_ends_with_real_paths_and_variables() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let (config, data, log) = (
        dir.path().join("cfg"),
        dir.path().join("dat"),
        dir.path().join("logs").join("folio.log"),
    );
    let mut cmd = plain_env();
    cmd.env("FOLIO_CONFIG_DIR", &config)
        .env("FOLIO_DATA_DIR", &data)
        .env("FOLIO_LOG_DIR", dir.path().join("logs"))
        .env("XDG_CACHE_HOME", dir.path().join("cache-home"));
    let help = folio_with(&mut cmd, ["--help"]).succeeded().stdout;
    let tail = &help[help
        .find("Files (on this machine):")
        .expect("files section")..];
    for path in [
        config.join("config.toml"),
        data.join("recovery"),
        data.join("review"),
        log,
        dir.path().join("cache-home").join("folio"),
    ] {
        assert!(
            tail.contains(&path.display().to_string()),
            "{} missing from:\n{tail}",
            path.display()
        );
    }
    for var in [
        "NO_COLOR",
        "VISUAL, EDITOR",
        "FOLIO_LOG",
        "FOLIO_LOG_DIR",
        "XDG_STATE_HOME",
    ] {
        assert!(tail.contains(var), "{var} missing from:\n{tail}");
    }
}

/// Each printing command: `--color always` colours (even under `NO_COLOR`), `--color never`
/// does not (even under `CLICOLOR_FORCE`), and `auto` into a pipe colours only when
/// `CLICOLOR_FORCE=1` is set without `NO_COLOR`.
#[test]
fn color_flag_and_variables_on_every_printing_command() {
    let (_dir, root) = sample_copy();
    let cases: [ColorCase; 7] = [
        (&["--color", "always"], &[], true),
        (&["--color", "always"], &[("NO_COLOR", "1")], true),
        (&["--color", "never"], &[("CLICOLOR_FORCE", "1")], false),
        (&[], &[], false),
        (&["--color", "auto"], &[("CLICOLOR_FORCE", "1")], true),
        (&[], &[("CLICOLOR_FORCE", "0")], false),
        (&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false),
    ];
    for args in printing_commands(&root) {
        for (flag, env, coloured) in cases {
            let mut cmd = plain_env();
            for (k, v) in env {
                cmd.env(k, v);
            }
            let run = folio_with(
                &mut cmd,
                args.iter().map(String::as_str).chain(flag.iter().copied()),
            );
            assert!(
                run.code() <= 1,
                "{} (env {env:?}): {}",
                run.label,
                run.stderr
            );
            assert!(!run.stdout.is_empty(), "{}: no output", run.label);
            assert_eq!(
                run.stdout.contains(ESC),
                coloured,
                "{} (env {env:?}): colour should be {coloured}:\n{}",
                run.label,
                run.stdout
            );
        }
    }
}

/// Colour changes only the look: without the escape codes the text is the plain output.
#[test]
fn color_output_is_plain_output_plus_escapes() {
    let (_dir, root) = sample_copy();
    for args in printing_commands(&root) {
        let with = |flag: &str| {
            let mut cmd = plain_env();
            folio_with(
                &mut cmd,
                args.iter().map(String::as_str).chain(["--color", flag]),
            )
            .stdout
        };
        let (coloured, plain) = (with("always"), with("never"));
        assert_eq!(strip_ansi(&coloured), plain, "{args:?}");
    }
}

/// `text` without SGR escape sequences.
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == ESC {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A terminal that has gone (a dropped SSH connection: writes to it fail with EIO) as
/// stderr: an error is still an exit with status 2, never a panic (101) while reporting it.
#[test]
#[cfg(target_os = "linux")]
fn gone_terminal_is_not_a_panic() {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
        .expect("a pseudo-terminal");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("its name");
    let terminal = std::fs::OpenOptions::new()
        .write(true)
        .open(name.to_str().expect("a UTF-8 name"))
        .expect("open the terminal");
    // The other end closes: from now on every write to the terminal fails.
    drop(master);
    let out = folio_command()
        .args(["list", "/nonexistent/folio-site"])
        .stderr(terminal)
        .output()
        .expect("run folio");
    assert_eq!(out.status.code(), Some(2), "an error, reported or not");
}
