//! `folio tags` and `folio list`.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use unicode_width::UnicodeWidthStr;

use crate::core::index::Index;
use crate::render::sanitize::clean;

use super::json::{TagJson, post_json};
use super::output::{print, terminal_safe_json};

/// Slugs longer than this push the title column out rather than widening it for everyone.
const MAX_SLUG_COLUMN: usize = 48;

/// Print `value` as pretty JSON, terminal-safe.
pub(super) fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut json = serde_json::to_string_pretty(value)?;
    json.push('\n');
    print(&terminal_safe_json(&json))
}

/// `folio tags [DIR] [--json]`.
pub fn tags(index: &Index, json: bool) -> Result<ExitCode> {
    let tags: Vec<_> = index.visible_tags().collect();
    if json {
        let rows: Vec<TagJson> = tags
            .iter()
            .map(|t| TagJson {
                tag: &t.name,
                count: t.count(),
            })
            .collect();
        print_json(&rows)?;
    } else {
        let width = tags.first().map_or(1, |t| t.count().to_string().len());
        let mut out = String::new();
        for tag in tags {
            let _ = writeln!(out, "{:>width$}  {}", tag.count(), clean(&tag.name));
        }
        print(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `folio list [DIR] [--tag TAG] [--json]`.
pub fn list(index: &Index, tag: Option<&str>, json: bool) -> Result<ExitCode> {
    let ids: Vec<_> = index
        .newest_first()
        .into_iter()
        .filter(|&id| tag.is_none_or(|t| index.posts[id].tags.iter().any(|pt| pt == t)))
        .collect();
    if json {
        let rows: Vec<_> = ids.iter().map(|&id| post_json(index, id)).collect();
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let slugs: Vec<String> = ids
        .iter()
        .map(|&id| clean(&index.posts[id].slug).into_owned())
        .collect();
    let slug_width = slugs
        .iter()
        .map(|s| s.width())
        .filter(|&w| w <= MAX_SLUG_COLUMN)
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (&id, slug) in ids.iter().zip(&slugs) {
        let post = &index.posts[id];
        let date = post
            .date
            .as_ref()
            .map_or_else(|| "-".repeat(10), crate::core::post_date::PostDate::ymd);
        let pad = slug_width.saturating_sub(slug.width());
        let title = clean(post.display_title());
        let _ = writeln!(out, "{date}  {slug}{}  {title}", " ".repeat(pad));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
