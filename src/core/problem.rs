//! A problem found in a post: what the review checks and the loader report.

use std::collections::HashSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// How serious a problem is. Errors make `folio check` exit with status 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth fixing, but the post works.
    Warning,
    /// The post is broken: a link goes nowhere, its front matter does not parse, it cannot be read.
    Error,
}

impl Level {
    /// The lowercase name used in plain and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// What kind of problem it is; stable names for scripts (`kind` in `folio check --json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The file could not be read (permissions, I/O error).
    Unreadable,
    /// The file looks binary (it contains NUL bytes).
    Binary,
    /// The file is larger than folio reads.
    TooLarge,
    /// The file is not valid UTF-8.
    NotUtf8,
    /// The front matter does not parse as YAML, is not closed, or is not a mapping.
    FrontMatter,
    /// A front matter field has a type folio cannot use (e.g. `title` is a list).
    FieldType,
    /// A link or image that should resolve to a post does not.
    BrokenLink,
    /// No `title` in the front matter.
    MissingTitle,
    /// No `date` in the front matter or the file name.
    MissingDate,
    /// A `date` that is not `YYYY-MM-DD` or RFC 3339.
    BadDate,
    /// The front matter `image` file does not exist.
    MissingImage,
    /// Two files give the same slug.
    DuplicateSlug,
    /// Two posts have the same title.
    DuplicateTitle,
    /// Tags that differ only in letter case.
    TagCase,
    /// Text that was decoded with the wrong encoding, such as `â€™`.
    Mojibake,
    /// No other post links to this post.
    Orphan,
    /// The title is shorter or longer than the site's limits (20 and 70 characters).
    TitleLength,
    /// No `description`, `excerpt` or `summary` field, or one that is too long.
    MissingDescription,
    /// A heading level skipped going down, or more than one `#` heading.
    HeadingOrder,
    /// An image without alt text.
    ImageAlt,
    /// Fewer words of body text than the site's minimum (300).
    ThinContent,
    /// Control or bidi-override characters in the text.
    ControlCharacters,
}

impl ProblemKind {
    /// Every kind, in the order of the enum (the order help texts list them in).
    pub const ALL: [ProblemKind; 22] = [
        ProblemKind::Unreadable,
        ProblemKind::Binary,
        ProblemKind::TooLarge,
        ProblemKind::NotUtf8,
        ProblemKind::FrontMatter,
        ProblemKind::FieldType,
        ProblemKind::BrokenLink,
        ProblemKind::MissingTitle,
        ProblemKind::MissingDate,
        ProblemKind::BadDate,
        ProblemKind::MissingImage,
        ProblemKind::DuplicateSlug,
        ProblemKind::DuplicateTitle,
        ProblemKind::TagCase,
        ProblemKind::Mojibake,
        ProblemKind::Orphan,
        ProblemKind::TitleLength,
        ProblemKind::MissingDescription,
        ProblemKind::HeadingOrder,
        ProblemKind::ImageAlt,
        ProblemKind::ThinContent,
        ProblemKind::ControlCharacters,
    ];

    /// The kebab-case name used in plain and JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Unreadable => "unreadable",
            ProblemKind::Binary => "binary",
            ProblemKind::TooLarge => "too-large",
            ProblemKind::NotUtf8 => "not-utf8",
            ProblemKind::FrontMatter => "front-matter",
            ProblemKind::FieldType => "field-type",
            ProblemKind::BrokenLink => "broken-link",
            ProblemKind::MissingTitle => "missing-title",
            ProblemKind::MissingDate => "missing-date",
            ProblemKind::BadDate => "bad-date",
            ProblemKind::MissingImage => "missing-image",
            ProblemKind::DuplicateSlug => "duplicate-slug",
            ProblemKind::DuplicateTitle => "duplicate-title",
            ProblemKind::TagCase => "tag-case",
            ProblemKind::Mojibake => "mojibake",
            ProblemKind::Orphan => "orphan",
            ProblemKind::TitleLength => "title-length",
            ProblemKind::MissingDescription => "missing-description",
            ProblemKind::HeadingOrder => "heading-order",
            ProblemKind::ImageAlt => "image-alt",
            ProblemKind::ThinContent => "thin-content",
            ProblemKind::ControlCharacters => "control-characters",
        }
    }

    /// The kind named `name` (its kebab-case name), if there is one.
    pub fn from_name(name: &str) -> Option<ProblemKind> {
        ProblemKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The level a problem of this kind has unless the site's `[checks]` table says otherwise.
    pub fn level(self) -> Level {
        match self {
            ProblemKind::Unreadable
            | ProblemKind::Binary
            | ProblemKind::TooLarge
            | ProblemKind::NotUtf8
            | ProblemKind::FrontMatter
            | ProblemKind::BrokenLink
            | ProblemKind::DuplicateSlug => Level::Error,
            ProblemKind::FieldType
            | ProblemKind::MissingTitle
            | ProblemKind::MissingDate
            | ProblemKind::BadDate
            | ProblemKind::MissingImage
            | ProblemKind::DuplicateTitle
            | ProblemKind::TagCase
            | ProblemKind::Mojibake
            | ProblemKind::Orphan
            | ProblemKind::TitleLength
            | ProblemKind::MissingDescription
            | ProblemKind::HeadingOrder
            | ProblemKind::ImageAlt
            | ProblemKind::ThinContent
            | ProblemKind::ControlCharacters => Level::Warning,
        }
    }
}

/// One problem in one post, at a 1-based line of its file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// 1-based line in the file; problems about the whole file use line 1.
    pub line: usize,
    /// How serious it is (the kind's default, or the site's `[checks]` setting).
    pub level: Level,
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// A sentence for people. Shared: equal messages of one index are one copy (see
    /// [`Messages`]).
    pub message: Arc<str>,
}

impl Problem {
    /// A problem of `kind` at `line`, with its level taken from the kind.
    pub fn new(kind: ProblemKind, line: usize, message: impl Into<Arc<str>>) -> Self {
        Problem {
            line: line.max(1),
            level: kind.level(),
            kind,
            message: message.into(),
        }
    }
}

/// Problem messages made so far, so that equal ones share one copy: most posts' problems
/// say one of a few sentences (`thin-content` with its word count, `orphan`,
/// `missing-description`), each held once instead of once a post.
#[derive(Debug, Default)]
pub struct Messages(HashSet<Arc<str>>);

impl Messages {
    /// `problems` with each message replaced by an equal one seen before, if any.
    pub fn share(&mut self, problems: &mut [Problem]) {
        for problem in problems {
            match self.0.get(&problem.message) {
                Some(seen) => problem.message = Arc::clone(seen),
                None => {
                    self.0.insert(Arc::clone(&problem.message));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind is listed once in `ALL`, and its name parses back to it.
    #[test]
    fn problem_kind_names_round_trip() {
        for kind in ProblemKind::ALL {
            assert_eq!(ProblemKind::from_name(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        let names: std::collections::BTreeSet<_> =
            ProblemKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), ProblemKind::ALL.len());
        assert_eq!(ProblemKind::from_name("orphans"), None);
    }

    /// Equal messages come out as one copy, unequal ones stay apart, and nothing else of a
    /// problem changes.
    #[test]
    fn messages_share_equal_text() {
        let mut messages = Messages::default();
        let mut first = vec![
            Problem::new(ProblemKind::Orphan, 1, "no post links here"),
            Problem::new(ProblemKind::ThinContent, 3, String::from("3 words")),
        ];
        let mut second = vec![
            Problem::new(ProblemKind::ThinContent, 7, String::from("3 words")),
            Problem::new(ProblemKind::ThinContent, 9, String::from("4 words")),
        ];
        let before = second.clone();
        messages.share(&mut first);
        messages.share(&mut second);
        assert!(Arc::ptr_eq(&first[1].message, &second[0].message));
        assert!(!Arc::ptr_eq(&first[1].message, &second[1].message));
        assert_eq!(second, before, "sharing changes no problem's value");
    }
}
