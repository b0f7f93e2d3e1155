//! The user's own settings (theme, keys), from `config.toml` in the platform config dir
//! (`~/.config/folio/` on Linux). A file patches only what it sets.
//!
//! ```toml
//! theme = "mono"            # "default" (16 colours) or "mono" (no colours)
//! new_post_template = "~/notes/post-template.md"  # when the site's folio.toml sets none
//! [keys.reader]             # contexts: global, library, reader, popup, link
//! next_link = ["tab", "ctrl-n"]
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::keymap::Keymap;

/// The file name in the config dir.
pub const USER_CONFIG_FILE: &str = "config.toml";

/// The colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// The 16 standard colours.
    #[default]
    Default,
    /// No colours, attributes only.
    Mono,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUserConfig {
    #[serde(default)]
    theme: ThemeName,
    #[serde(default)]
    keys: HashMap<String, HashMap<String, KeyList>>,
    new_post_template: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum KeyList {
    One(String),
    Many(Vec<String>),
}

/// The user's settings, resolved.
#[derive(Clone, Debug, Default)]
pub struct UserConfig {
    /// The colour theme.
    pub theme: ThemeName,
    /// The keymap with the user's changes.
    pub keymap: Keymap,
    /// The user's template for new posts (a site's `folio.toml` template wins).
    pub new_post_template: Option<PathBuf>,
    /// Things worth telling at start-up (keys the user bound twice).
    pub warnings: Vec<String>,
}

/// Where the user config lives: `$FOLIO_CONFIG_DIR`, else the platform config dir.
pub fn config_dir() -> Option<PathBuf> {
    std::env::var_os("FOLIO_CONFIG_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("", "", "folio").map(|d| d.config_dir().to_owned())
        })
}

/// Where remembered state lives: `$FOLIO_DATA_DIR`, else the platform data dir.
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("FOLIO_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("", "", "folio").map(|d| d.data_dir().to_owned())
        })
}

/// The platform cache dir (`~/.cache/folio/` on Linux).
pub fn cache_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "folio").map(|d| d.cache_dir().to_owned())
}

/// The folder of the log file: `$FOLIO_LOG_DIR`, else the platform state dir
/// (`~/.local/state/folio/` on Linux), else the data dir where the platform has none.
/// (`$FOLIO_LOG` is the level: logging is off without it.)
pub fn log_dir() -> Option<PathBuf> {
    std::env::var_os("FOLIO_LOG_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("", "", "folio")
                .and_then(|d| d.state_dir().map(Path::to_owned))
                .or_else(data_dir)
        })
}

/// The log file: `folio.log` in [`log_dir`].
pub fn log_file() -> Option<PathBuf> {
    log_dir().map(|d| d.join("folio.log"))
}

impl UserConfig {
    /// Parse the config `text` read from `path`; errors name the file and line.
    pub fn parse(text: &str, path: &Path) -> Result<UserConfig, String> {
        let raw: RawUserConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            format!("{}:{line}: {}", path.display(), e.message())
        })?;
        let keys: HashMap<String, HashMap<String, Vec<String>>> = raw
            .keys
            .into_iter()
            .map(|(ctx, actions)| {
                let actions = actions
                    .into_iter()
                    .map(|(name, keys)| match keys {
                        KeyList::One(k) => (name, vec![k]),
                        KeyList::Many(ks) => (name, ks),
                    })
                    .collect();
                (ctx, actions)
            })
            .collect();
        let keymap =
            Keymap::with_overrides(&keys).map_err(|e| format!("{}: {e}", path.display()))?;
        let new_post_template = raw.new_post_template.map(|t| match t.strip_prefix("~/") {
            Some(rest) => directories::BaseDirs::new()
                .map_or_else(|| PathBuf::from(&t), |d| d.home_dir().join(rest)),
            None => PathBuf::from(t),
        });
        let warnings = keymap
            .clashes(&keys)
            .into_iter()
            .map(|c| format!("{}: {c}", path.display()))
            .collect();
        Ok(UserConfig {
            theme: raw.theme,
            keymap,
            new_post_template,
            warnings,
        })
    }

    /// Load the user config from `dir`, or the defaults when there is none.
    pub fn load(dir: Option<&Path>) -> Result<UserConfig, String> {
        let Some(path) = dir.map(|d| d.join(USER_CONFIG_FILE)) else {
            return Ok(UserConfig::default());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => UserConfig::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(UserConfig::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Action;
    use crate::app::key::Chord;
    use crate::app::keymap::Context;

    #[test]
    fn user_config_sets_theme_and_patches_keys() {
        let cfg = UserConfig::parse(
            "theme = \"mono\"\n[keys.reader]\nnext_link = \"ctrl-n\"\nfollow_link = [\"enter\", \"l\"]\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(cfg.theme, ThemeName::Mono);
        assert_eq!(
            cfg.keymap.action(Context::Reader, Chord::ctrl('n')),
            Some(Action::NextLink)
        );
        assert_eq!(
            cfg.keymap.action(Context::Reader, Chord::char('l')),
            Some(Action::FollowLink)
        );
        assert_eq!(
            cfg.keymap.action(Context::Reader, Chord::char('j')),
            Some(Action::MoveDown)
        );
    }

    #[test]
    fn user_config_errors_name_file_and_line() {
        let err = UserConfig::parse("\ntheme = \"neon\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.starts_with("c.toml:2:"), "{err}");
        let err =
            UserConfig::parse("[keys.reader]\nfly = \"x\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.contains("fly"), "{err}");
    }

    /// A user key that clashes with another is a start-up warning naming the file.
    #[test]
    fn user_config_warns_of_clashing_keys() {
        let cfg = UserConfig::parse("[keys.library]\nedit = \"s\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(cfg.warnings.len(), 1, "{:?}", cfg.warnings);
        assert!(
            cfg.warnings[0].starts_with("c.toml: key s"),
            "{:?}",
            cfg.warnings
        );
        assert!(cfg.warnings[0].contains("cycle_sort"), "{:?}", cfg.warnings);
    }
}
