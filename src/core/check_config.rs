//! The `[checks]` table of `folio.toml`: the level of each problem kind (`"error"`,
//! `"warning"` or `"off"`) and the numbers the content checks use.
//!
//! ```toml
//! [checks]
//! broken-link = "warning"     # any kind, by its `kind` name
//! thin-content = "off"
//! title_min = 20              # title-length: fewer characters than this
//! title_max = 70              # title-length: more characters than this
//! description_max = 160       # missing-description: longer than this
//! min_words = 300             # thin-content: fewer words of body text than this
//! description_fields = ["description", "excerpt", "summary"]
//! ```
//!
//! Parsing and applying levels only; the checks themselves live in `checks`. Reads no files.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use toml::Spanned;

use super::problem::{Level, Problem, ProblemKind};

/// The `[checks]` table as TOML gives it: every key with its span, for errors with lines.
pub type RawChecks = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

/// A bad `[checks]` entry: the byte range of the key or value, and what is wrong.
pub type CheckConfigError = (Range<usize>, String);

/// The numeric and list keys of `[checks]`, besides the kind names.
const NUMBER_KEYS: [&str; 4] = ["title_min", "title_max", "description_max", "min_words"];

/// The check settings of one site; [`ChecksConfig::default`] when `folio.toml` has no table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecksConfig {
    /// Kinds whose level the site changed; `None` turns the kind off.
    levels: HashMap<ProblemKind, Option<Level>>,
    /// `title-length`: titles with fewer characters are reported.
    pub title_min: usize,
    /// `title-length`: titles with more characters are reported.
    pub title_max: usize,
    /// `missing-description`: descriptions with more characters are reported.
    pub description_max: usize,
    /// `thin-content`: bodies with fewer words are reported.
    pub min_words: usize,
    /// `missing-description`: the front matter fields that hold a description, in order.
    pub description_fields: Vec<String>,
}

impl Default for ChecksConfig {
    fn default() -> Self {
        ChecksConfig {
            levels: HashMap::new(),
            title_min: 20,
            title_max: 70,
            description_max: 160,
            min_words: 300,
            description_fields: ["description", "excerpt", "summary"]
                .map(str::to_owned)
                .into(),
        }
    }
}

impl ChecksConfig {
    /// Read a `[checks]` table; an unknown key or a bad value is an error at its span.
    pub fn parse(raw: RawChecks) -> Result<ChecksConfig, CheckConfigError> {
        let mut config = ChecksConfig::default();
        let mut bounds_span = None;
        for (key, value) in raw {
            let span = value.span();
            if let Some(kind) = ProblemKind::from_name(key.get_ref()) {
                let level = match value.get_ref().as_str() {
                    Some("error") => Some(Level::Error),
                    Some("warning") => Some(Level::Warning),
                    Some("off") => None,
                    _ => {
                        return Err((
                            span,
                            format!(
                                "checks.{} must be \"error\", \"warning\" or \"off\", not {}",
                                kind.as_str(),
                                value.get_ref()
                            ),
                        ));
                    }
                };
                config.levels.insert(kind, level);
                continue;
            }
            let number = || {
                value
                    .get_ref()
                    .as_integer()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| {
                        (
                            span.clone(),
                            format!(
                                "checks.{} must be a whole number of 0 or more, not {}",
                                key.get_ref(),
                                value.get_ref()
                            ),
                        )
                    })
            };
            match key.get_ref().as_str() {
                "title_min" => {
                    config.title_min = number()?;
                    bounds_span = Some(span.clone());
                }
                "title_max" => {
                    config.title_max = number()?;
                    bounds_span = Some(span.clone());
                }
                "description_max" => config.description_max = number()?,
                "min_words" => config.min_words = number()?,
                "description_fields" => config.description_fields = string_list(&value)?,
                other => {
                    return Err((
                        key.span(),
                        format!(
                            "unknown key `{other}` in [checks]; the keys are the problem kinds ({}) and {}, description_fields",
                            kind_names(),
                            NUMBER_KEYS.join(", ")
                        ),
                    ));
                }
            }
        }
        if let Some(span) = bounds_span.filter(|_| config.title_min > config.title_max) {
            return Err((
                span,
                format!(
                    "checks.title_min ({}) is more than checks.title_max ({})",
                    config.title_min, config.title_max
                ),
            ));
        }
        Ok(config)
    }

    /// The level problems of `kind` get on this site, or `None` when the kind is off.
    pub fn level(&self, kind: ProblemKind) -> Option<Level> {
        self.levels
            .get(&kind)
            .copied()
            .unwrap_or(Some(kind.level()))
    }

    /// Whether problems of `kind` are reported at all.
    pub fn is_on(&self, kind: ProblemKind) -> bool {
        self.level(kind).is_some()
    }

    /// Drop the problems of kinds that are off and give the others the site's level.
    pub fn apply(&self, problems: &mut Vec<Problem>) {
        if self.levels.is_empty() {
            return;
        }
        problems.retain_mut(|p| match self.level(p.kind) {
            Some(level) => {
                p.level = level;
                true
            }
            None => false,
        });
    }
}

/// Every kind name, comma-separated, for error messages.
pub fn kind_names() -> String {
    ProblemKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn string_list(value: &Spanned<toml::Value>) -> Result<Vec<String>, CheckConfigError> {
    let bad = || {
        (
            value.span(),
            format!(
                "checks.description_fields must be a list of field names, not {}",
                value.get_ref()
            ),
        )
    };
    let items = value.get_ref().as_array().ok_or_else(bad)?;
    items
        .iter()
        .map(|item| item.as_str().map(str::to_owned).ok_or_else(bad))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Wrapper {
        checks: RawChecks,
    }

    fn parse(text: &str) -> Result<ChecksConfig, (usize, String)> {
        let full = format!("[checks]\n{text}");
        let raw: Wrapper = toml::from_str(&full).unwrap();
        ChecksConfig::parse(raw.checks)
            .map_err(|(span, m)| (full[..span.start].matches('\n').count() + 1, m))
    }

    /// Without a table every kind has its default level and the issue's numbers.
    #[test]
    fn check_config_defaults() {
        let c = ChecksConfig::default();
        assert_eq!((c.title_min, c.title_max), (20, 70));
        assert_eq!((c.description_max, c.min_words), (160, 300));
        assert_eq!(c.description_fields, ["description", "excerpt", "summary"]);
        for kind in ProblemKind::ALL {
            assert_eq!(c.level(kind), Some(kind.level()));
        }
    }

    /// Kind names set levels, and the numbers and field list are read.
    #[test]
    fn check_config_reads_levels_and_numbers() {
        let c = parse(
            "broken-link = \"warning\"\nthin-content = \"error\"\norphan = \"off\"\ntitle_min = 10\ntitle_max = 80\ndescription_max = 200\nmin_words = 50\ndescription_fields = [\"teaser\"]\n",
        )
        .unwrap();
        assert_eq!(c.level(ProblemKind::BrokenLink), Some(Level::Warning));
        assert_eq!(c.level(ProblemKind::ThinContent), Some(Level::Error));
        assert_eq!(c.level(ProblemKind::Orphan), None);
        assert_eq!(c.level(ProblemKind::Mojibake), Some(Level::Warning));
        assert_eq!((c.title_min, c.title_max), (10, 80));
        assert_eq!((c.description_max, c.min_words), (200, 50));
        assert_eq!(c.description_fields, ["teaser"]);
    }

    /// Unknown keys and bad values are errors at their own line, naming the valid choices.
    #[test]
    fn check_config_errors_have_lines() {
        let (line, msg) = parse("orphan = \"off\"\nthin_content = \"off\"\n").unwrap_err();
        assert_eq!(line, 3);
        assert!(msg.contains("unknown key `thin_content`"), "{msg}");
        assert!(
            msg.contains("thin-content") && msg.contains("min_words"),
            "{msg}"
        );
        let (line, msg) = parse("\norphan = \"loud\"\n").unwrap_err();
        assert_eq!(line, 3);
        assert!(msg.contains("\"error\", \"warning\" or \"off\""), "{msg}");
        let (_, msg) = parse("min_words = -1\n").unwrap_err();
        assert!(msg.contains("whole number"), "{msg}");
        let (line, msg) = parse("title_max = 10\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(
            msg.contains("title_min (20) is more than checks.title_max (10)"),
            "{msg}"
        );
        let (_, msg) = parse("description_fields = \"summary\"\n").unwrap_err();
        assert!(msg.contains("list of field names"), "{msg}");
    }

    /// `apply` drops kinds that are off and relabels the rest.
    #[test]
    fn check_config_apply_sets_levels() {
        let c = parse("orphan = \"off\"\nmojibake = \"error\"\n").unwrap();
        let mut problems = vec![
            Problem::new(ProblemKind::Orphan, 1, "o"),
            Problem::new(ProblemKind::Mojibake, 2, "m"),
            Problem::new(ProblemKind::BrokenLink, 3, "b"),
        ];
        c.apply(&mut problems);
        let got: Vec<_> = problems.iter().map(|p| (p.kind, p.level)).collect();
        assert_eq!(
            got,
            [
                (ProblemKind::Mojibake, Level::Error),
                (ProblemKind::BrokenLink, Level::Error)
            ]
        );
    }
}
