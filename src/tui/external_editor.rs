//! Handing a post to the user's own editor (`E`): `$VISUAL`, else `$EDITOR`, else `vi`,
//! split into words as a POSIX shell would (quotes and backslashes; `shell-words`) but never
//! run through a shell, and opened at the reader's line for editors that take `+LINE`.

use std::path::Path;
use std::process::Command;

/// Editors known to open a file at a line given as `+LINE` before the file name.
const PLUS_LINE_EDITORS: &[&str] = &[
    "vi",
    "vim",
    "nvim",
    "view",
    "nano",
    "micro",
    "hx",
    "helix",
    "kak",
    "emacs",
    "emacsclient",
    "mg",
    "joe",
    "jed",
    "ne",
];

/// The editor setting from the environment: `$VISUAL`, else `$EDITOR` (blank ones skipped),
/// else `vi`.
pub fn editor_setting() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// The command that opens `path` (at `line`, when the editor understands `+LINE`) with the
/// editor `setting`, e.g. `"/opt/My Editor/bin/ed" --wait` or `emacsclient -t`.
pub fn command(setting: &str, path: &Path, line: Option<usize>) -> Result<Command, String> {
    let words = shell_words::split(setting)
        .map_err(|e| format!("cannot read the editor setting {setting:?}: {e}"))?;
    let Some((program, args)) = words.split_first() else {
        return Err("Set $VISUAL or $EDITOR to edit outside folio".to_owned());
    };
    let mut command = Command::new(program);
    command.args(args);
    let name = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if let Some(line) = line.filter(|_| PLUS_LINE_EDITORS.contains(&name)) {
        command.arg(format!("+{line}"));
    }
    command.arg(path);
    Ok(command)
}

/// The program's name for messages.
pub fn program_name(command: &Command) -> String {
    command.get_program().to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(setting: &str, line: Option<usize>) -> Vec<String> {
        let c = command(setting, Path::new("/site/my post.md"), line).unwrap();
        std::iter::once(c.get_program())
            .chain(c.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    /// Quotes and backslashes are honoured as a shell would, without a shell: an editor
    /// path with a space and quoted arguments stay whole.
    #[test]
    fn command_splits_like_a_shell() {
        assert_eq!(
            argv(r#""/opt/My Editor/bin/ed" --wait 'a b'"#, None),
            ["/opt/My Editor/bin/ed", "--wait", "a b", "/site/my post.md"]
        );
        assert_eq!(
            argv(r"/opt/My\ Editor/ed", None),
            ["/opt/My Editor/ed", "/site/my post.md"]
        );
        assert!(command("vim 'unclosed", Path::new("x"), None).is_err());
        assert!(command("   ", Path::new("x"), None).is_err());
    }

    /// Editors that take `+LINE` get it before the file; others get only the file.
    #[test]
    fn command_opens_at_the_line_where_the_editor_can() {
        assert_eq!(argv("nvim", Some(12)), ["nvim", "+12", "/site/my post.md"]);
        assert_eq!(
            argv("/usr/bin/emacsclient -t", Some(3)),
            ["/usr/bin/emacsclient", "-t", "+3", "/site/my post.md"]
        );
        assert_eq!(
            argv("code --wait", Some(3)),
            ["code", "--wait", "/site/my post.md"]
        );
        assert_eq!(argv("vim", None), ["vim", "/site/my post.md"]);
    }
}
