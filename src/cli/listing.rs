//! `folio tags` and `folio list`.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use unicode_width::UnicodeWidthStr;

use crate::core::index::Index;
use crate::core::post::PerPost;
use crate::core::review::{self, ReviewState};
use crate::render::sanitize::clean;

use super::json::{TagJson, post_json};
use super::output::{print, styled, terminal_safe_json};
use crate::render::styled::Role;

/// Slugs longer than this push the title column out rather than widening it for everyone.
const MAX_SLUG_COLUMN: usize = 48;

/// Print `value` as pretty JSON, terminal-safe.
pub(super) fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut json = serde_json::to_string_pretty(value)?;
    json.push('\n');
    print(&terminal_safe_json(&json))
}

/// `folio tags [DIR] [--json]`; counts coloured when `color`.
pub fn tags(index: &Index, json: bool, color: bool) -> Result<ExitCode> {
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
            let count = format!("{:>width$}", tag.count());
            let _ = writeln!(
                out,
                "{}  {}",
                styled(&count, Role::Muted, color),
                styled(&clean(&tag.name), Role::Tag, color)
            );
        }
        print(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `folio list [DIR] [--tag TAG] [--review STATE] [--json]`; dates and slugs coloured when
/// `color`.
pub fn list(
    index: &Index,
    tag: Option<&str>,
    review: Option<ReviewState>,
    json: bool,
    color: bool,
) -> Result<ExitCode> {
    // Review marks are read (and marked posts hashed) only when asked for.
    let states = if json || review.is_some() {
        review_states(index)?
    } else {
        PerPost::default()
    };
    let ids: Vec<_> = index
        .newest_first()
        .into_iter()
        .filter(|&id| tag.is_none_or(|t| index.posts[id].tags.iter().any(|pt| pt == t)))
        .filter(|&id| review.is_none_or(|want| states.get(id) == Some(&want)))
        .collect();
    if json {
        let rows: Vec<_> = ids
            .iter()
            .map(|&id| {
                let state = states.get(id).copied().unwrap_or(ReviewState::Unreviewed);
                post_json(index, id, state)
            })
            .collect();
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
        let _ = writeln!(
            out,
            "{}  {}{}  {title}",
            styled(&date, Role::Muted, color),
            styled(slug, Role::Tag, color),
            " ".repeat(pad)
        );
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The review state of every post, from the site's marks in the data dir (none when
/// there is no data dir).
fn review_states(index: &Index) -> Result<PerPost<ReviewState>> {
    let marks = match crate::app::user_config::data_dir() {
        Some(dir) => review::load(&review::file_for(&dir, &index.root))?,
        None => review::Marks::default(),
    };
    Ok(review::states(index, &marks))
}
