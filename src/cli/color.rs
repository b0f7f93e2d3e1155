//! Whether command-line output is coloured: `--color auto|always|never`, `NO_COLOR` and
//! `CLICOLOR_FORCE`, decided once per run. Owns only the decision; the ANSI codes are in
//! [`super::output`]. The terminal UI does not use this (it follows `NO_COLOR` and the theme).
//!
//! Precedence, as ripgrep, bat and cargo do it: an explicit `--color always|never` wins; with
//! `auto` (the default), a non-empty `NO_COLOR` turns colour off, then a `CLICOLOR_FORCE`
//! other than empty or `0` turns it on, else colour is used only when stdout is a terminal.

use std::ffi::OsStr;
use std::io::IsTerminal;

use clap::ValueEnum;

/// The value of `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` (or forced by `CLICOLOR_FORCE`).
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour stdout in this process's environment.
    pub fn use_color(self) -> bool {
        decide(
            self,
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("CLICOLOR_FORCE").as_deref(),
            std::io::stdout().is_terminal(),
        )
    }
}

/// The decision itself, from the choice, the two variables and whether stdout is a terminal.
pub fn decide(
    choice: ColorChoice,
    no_color: Option<&OsStr>,
    clicolor_force: Option<&OsStr>,
    stdout_is_terminal: bool,
) -> bool {
    let set = |v: Option<&OsStr>| v.is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set(no_color) => false,
        ColorChoice::Auto if set(clicolor_force) && clicolor_force != Some(OsStr::new("0")) => true,
        ColorChoice::Auto => stdout_is_terminal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<&OsStr> {
        [OsStr::new(s)].into_iter().next()
    }

    /// An explicit flag beats both variables and the terminal.
    #[test]
    fn decide_explicit_flag_wins() {
        assert!(decide(ColorChoice::Always, os("1"), None, false));
        assert!(!decide(ColorChoice::Never, None, os("1"), true));
    }

    /// Under `auto`, `NO_COLOR` beats `CLICOLOR_FORCE`, which beats the terminal test.
    #[test]
    fn decide_auto_precedence() {
        assert!(!decide(ColorChoice::Auto, os("1"), os("1"), true));
        assert!(decide(ColorChoice::Auto, None, os("1"), false));
        assert!(decide(ColorChoice::Auto, os(""), None, true));
        assert!(!decide(ColorChoice::Auto, None, os("0"), false));
        assert!(!decide(ColorChoice::Auto, None, os(""), false));
        assert!(!decide(ColorChoice::Auto, None, None, false));
    }
}
