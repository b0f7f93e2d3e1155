//! Per-post checks: the problems one post has on its own, from what its parse measured.
//!
//! Two groups. [`text_problems`] runs while the post is parsed (title and date present,
//! mojibake, control characters, heading order, image alt text); it needs no settings.
//! [`configured_problems`] applies the site's numbers (`title-length`,
//! `missing-description`, `thin-content`) to what the parse kept, so a changed
//! `folio.toml` needs no re-read. Neither re-parses markdown: the body walk in `links`
//! measured headings, images and words already.
//!
//! This module sits below `post`: it takes plain views, never a `Post`, and knows nothing
//! of the index.

use super::super::check_config::ChecksConfig;
use super::super::field_value::FieldValue;
use super::super::links::BodyScan;
use super::super::mojibake;
use super::super::post_date::PostDate;
use super::super::problem::{Problem, ProblemKind};
use super::super::stored_fields::StoredFields;
use super::super::text_safety::{find_unsafe, is_unsafe_in_text};

/// At most this many problems of one kind that repeat per line (mojibake, images without
/// alt text, skipped headings) are reported per post; the last one says how many more.
const MAX_PER_POST: usize = 5;

/// What [`text_problems`] reads of a post being parsed.
#[derive(Clone, Copy)]
pub struct PostText<'a> {
    /// The whole file text.
    pub text: &'a str,
    /// The front matter parsed, or there is none (so missing fields are really missing).
    pub front_matter_ok: bool,
    /// The line to blame for a missing field: 2 inside a front matter block, else 1.
    pub front_matter_line: usize,
    /// The `title` field, trimmed.
    pub title: Option<&'a str>,
    /// The first `# heading` of the body.
    pub heading: Option<&'a str>,
    /// The `date` field as written.
    pub date_field: Option<&'a str>,
    /// Whether the post has a date (from the field or the file name).
    pub has_date: bool,
    /// Every front matter field (values as YAML decoded them).
    pub fields: &'a StoredFields,
    /// The line of a top-level field, by name.
    pub field_line: &'a dyn Fn(&str) -> Option<usize>,
    /// The body walk.
    pub scan: &'a BodyScan,
}

/// Checks that need only the post being parsed.
pub fn text_problems(post: &PostText) -> Vec<Problem> {
    let mut problems = Vec::new();
    if post.front_matter_ok {
        title_and_date(post, &mut problems);
    }
    let found = mojibake::find(post.text);
    let mojibake = found.iter().map(|m| {
        Problem::new(
            ProblemKind::Mojibake,
            m.line + 1,
            format!(
                "mojibake {:?}, probably {:?} decoded with the wrong encoding",
                m.found, m.meant
            ),
        )
    });
    push_capped(&mut problems, mojibake, "lines");
    if let Some(problem) = control_characters(post) {
        problems.push(problem);
    }
    heading_order(&post.scan.headings, &mut problems);
    let images = post.scan.images_without_alt.iter().map(|&line| {
        Problem::new(
            ProblemKind::ImageAlt,
            line,
            "image without alt text (screen readers and failed loads show nothing)",
        )
    });
    push_capped(&mut problems, images, "images");
    problems
}

/// Control characters written raw in the file, or produced by a YAML escape (`"\e[31m"`,
/// `"\u202E"`) in a front matter value: one problem, at the first line either is on.
fn control_characters(post: &PostText) -> Option<Problem> {
    let raw = find_unsafe(post.text);
    let in_field = post.fields.iter().find_map(|(name, value)| {
        let c = first_unsafe(&value)?;
        Some((
            c,
            (post.field_line)(name).unwrap_or(post.front_matter_line),
            name,
        ))
    });
    let field_first = match (&raw, &in_field) {
        (Some(r), Some(f)) => f.1 < r.1,
        (None, field) => field.is_some(),
        (Some(_), None) => false,
    };
    let (c, line, what) = if field_first {
        let (c, line, name) = in_field?;
        (c, line, format!("in the `{name}` field (a YAML escape)"))
    } else {
        let (c, line, lines) = raw?;
        let more = match lines {
            1 => String::new(),
            n => format!(" (and {} more lines)", n - 1),
        };
        (c, line, format!("in the text{more}"))
    };
    Some(Problem::new(
        ProblemKind::ControlCharacters,
        line,
        format!(
            "control character U+{:04X} {what}; it can hide or reorder what readers see",
            c as u32
        ),
    ))
}

/// The first unsafe character in a front matter value, lists and maps included.
fn first_unsafe(value: &FieldValue) -> Option<char> {
    match value {
        FieldValue::Text(s) => s.chars().find(|&c| is_unsafe_in_text(c)),
        FieldValue::List(items) => items.iter().find_map(first_unsafe),
        FieldValue::Map(pairs) => pairs.iter().find_map(|(k, v)| {
            k.chars()
                .find(|&c| is_unsafe_in_text(c))
                .or_else(|| first_unsafe(v))
        }),
        FieldValue::Null | FieldValue::Bool(_) | FieldValue::Number(_) => None,
    }
}

fn title_and_date(post: &PostText, problems: &mut Vec<Problem>) {
    let fm_line = post.front_matter_line;
    if post.title.is_none_or(str::is_empty) {
        let shown = match post.heading {
            Some(h) => format!("the first heading \"{h}\""),
            None => "the slug".to_owned(),
        };
        problems.push(Problem::new(
            ProblemKind::MissingTitle,
            (post.field_line)("title").unwrap_or(fm_line),
            format!("no `title` in the front matter (showing {shown})"),
        ));
    }
    match post.date_field {
        Some(text) if PostDate::parse(text).is_none() => problems.push(Problem::new(
            ProblemKind::BadDate,
            (post.field_line)("date").unwrap_or(fm_line),
            format!("`date` {text:?} is not YYYY-MM-DD or RFC 3339"),
        )),
        None if !post.has_date => problems.push(Problem::new(
            ProblemKind::MissingDate,
            fm_line,
            "no `date` in the front matter or the file name",
        )),
        _ => {}
    }
}

/// `##` then `####` skips a level; a second `#` heading competes with the first.
fn heading_order(headings: &[(u8, usize)], problems: &mut Vec<Problem>) {
    let mut found = Vec::new();
    let mut first_h1: Option<usize> = None;
    let mut previous: Option<u8> = None;
    for &(level, line) in headings {
        if let Some(prev) = previous
            && level > prev + 1
        {
            found.push(Problem::new(
                ProblemKind::HeadingOrder,
                line,
                format!(
                    "heading level {level} follows level {prev}: level {} is skipped",
                    prev + 1
                ),
            ));
        }
        if level == 1 {
            match first_h1 {
                None => first_h1 = Some(line),
                Some(first) => found.push(Problem::new(
                    ProblemKind::HeadingOrder,
                    line,
                    format!("a second `#` heading (the first is on line {first})"),
                )),
            }
        }
        previous = Some(level);
    }
    push_capped(problems, found.into_iter(), "headings");
}

/// Push at most [`MAX_PER_POST`] of `found`, the last saying how many more there are.
fn push_capped(problems: &mut Vec<Problem>, found: impl Iterator<Item = Problem>, what: &str) {
    let found: Vec<Problem> = found.collect();
    let extra = found.len().saturating_sub(MAX_PER_POST);
    for (i, mut problem) in found.into_iter().take(MAX_PER_POST).enumerate() {
        if extra > 0 && i + 1 == MAX_PER_POST {
            problem.message = format!("{} (and {extra} more {what})", problem.message).into();
        }
        problems.push(problem);
    }
}

/// What [`configured_problems`] reads of a parsed post.
#[derive(Clone, Copy)]
pub struct PostSummary<'a> {
    /// The front matter parsed (problems about fields are pointless otherwise).
    pub front_matter_ok: bool,
    /// The line to blame for a missing field.
    pub front_matter_line: usize,
    /// The `title` field, trimmed.
    pub title: Option<&'a str>,
    /// Every front matter field.
    pub fields: &'a StoredFields,
    /// The line of a top-level field, by name.
    pub field_line: &'a dyn Fn(&str) -> Option<usize>,
    /// Words of body text.
    pub words: usize,
}

/// Checks that apply the site's numbers: title length, description, thin content.
/// `descriptions_used` says whether any post of the site has a description field; on a
/// site that never writes one, no description problem is reported (none is missing, and
/// with no such field none is too long).
pub fn configured_problems(
    post: &PostSummary,
    config: &ChecksConfig,
    descriptions_used: bool,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    if post.front_matter_ok {
        if let Some(title) = post.title.filter(|t| !t.is_empty()) {
            let n = title.chars().count();
            let (min, max) = (config.title_min, config.title_max);
            let what = if n < min {
                Some(format!("shorter than {min}"))
            } else if n > max {
                Some(format!("longer than {max}"))
            } else {
                None
            };
            if let Some(what) = what {
                problems.push(Problem::new(
                    ProblemKind::TitleLength,
                    (post.field_line)("title").unwrap_or(post.front_matter_line),
                    format!("title is {n} characters, {what}"),
                ));
            }
        }
        if let Some(p) = description(post, config, descriptions_used) {
            problems.push(p);
        }
    }
    if post.words < config.min_words {
        problems.push(Problem::new(
            ProblemKind::ThinContent,
            1,
            format!(
                "{} words of body text, fewer than {} (links and code not counted)",
                post.words, config.min_words
            ),
        ));
    }
    problems
}

fn description(
    post: &PostSummary,
    config: &ChecksConfig,
    descriptions_used: bool,
) -> Option<Problem> {
    if !descriptions_used {
        // No post of the site has any of the fields: none is missing, none too long.
        return None;
    }
    let names = &config.description_fields;
    let length_of = |name: &str| {
        let text = post.fields.get(name)?.scalar_text()?;
        let text = text.trim();
        (!text.is_empty()).then(|| text.chars().count())
    };
    // Any of the fields gives a post a description, but only the first is the one search
    // results show (`description`); the others are list-page teasers (Jekyll's `excerpt`,
    // Hugo's `summary`) that themes shorten themselves, so their length is not checked.
    if !names.iter().any(|name| length_of(name).is_some()) {
        if names.is_empty() {
            return None;
        }
        let list = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return Some(Problem::new(
            ProblemKind::MissingDescription,
            post.front_matter_line,
            format!("no description: none of {list} is set"),
        ));
    }
    let name = names.first()?;
    let length = length_of(name).filter(|&n| n > config.description_max)?;
    Some(Problem::new(
        ProblemKind::MissingDescription,
        (post.field_line)(name).unwrap_or(post.front_matter_line),
        format!(
            "`{name}` is {length} characters, longer than {} (search results cut it off)",
            config.description_max
        ),
    ))
}

#[cfg(test)]
#[path = "post_checks_tests.rs"]
mod tests;
