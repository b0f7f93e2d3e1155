//! `folio tags`, `folio list` and `folio check`.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use unicode_width::UnicodeWidthStr;

use crate::core::index::Index;
use crate::core::review::{self, ReviewState};
use crate::render::sanitize::clean;

use super::json::{CheckJson, TagJson, post_json};
use super::output::{print, terminal_safe_json};

/// Slugs longer than this push the title column out rather than widening it for everyone.
const MAX_SLUG_COLUMN: usize = 48;

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
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

/// `folio list [DIR] [--tag TAG] [--review STATE] [--json]`.
pub fn list(
    index: &Index,
    tag: Option<&str>,
    review: Option<ReviewState>,
    json: bool,
) -> Result<ExitCode> {
    // Review marks are read (and marked posts hashed) only when asked for.
    let states = if json || review.is_some() {
        review_states(index)?
    } else {
        Vec::new()
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
        let _ = writeln!(out, "{date}  {slug}{}  {title}", " ".repeat(pad));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The review state of every post, from the site's marks in the data dir (none when
/// there is no data dir).
fn review_states(index: &Index) -> Result<Vec<ReviewState>> {
    let marks = match crate::app::user_config::data_dir() {
        Some(dir) => review::load(&review::file_for(&dir, &index.root))?,
        None => review::Marks::default(),
    };
    Ok(review::states(index, &marks))
}

/// `folio check [DIR] [--json]`: exit status 1 when any problem is an error.
pub fn check(index: &Index, json: bool) -> Result<ExitCode> {
    let rows: Vec<CheckJson> = index
        .posts
        .iter()
        .enumerate()
        .flat_map(|(id, post)| {
            index.problems(id).iter().map(move |p| CheckJson {
                path: &post.rel_path,
                line: p.line,
                level: p.level,
                kind: p.kind,
                message: &p.message,
            })
        })
        .collect();
    if json {
        print_json(&rows)?;
    } else {
        let mut out = String::new();
        for row in &rows {
            let _ = writeln!(
                out,
                "{}:{}: {}[{}]: {}",
                clean(row.path),
                row.line,
                row.level.as_str(),
                row.kind.as_str(),
                clean(row.message)
            );
        }
        let errors = index.error_count();
        let warnings = rows.len() - errors;
        let posts = index.posts.len();
        if rows.is_empty() {
            let _ = writeln!(out, "no problems in {posts} posts");
        } else {
            let with = (0..index.posts.len())
                .filter(|&id| !index.problems(id).is_empty())
                .count();
            let _ = writeln!(
                out,
                "{errors} {}, {warnings} {} in {with} of {posts} posts",
                plural(errors, "error"),
                plural(warnings, "warning")
            );
        }
        print(&out)?;
    }
    Ok(if index.error_count() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}
