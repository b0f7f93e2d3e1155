//! The review checks: every problem `folio check` reports, each with a level, a line and a
//! message. Per-post checks run while a post is read; the others need the whole index.

use std::collections::HashMap;

use super::front_matter::BlockState;
use super::index::Index;
use super::link_resolve::LinkStatus;
use super::mojibake;
use super::post::{Post, PostId};
use super::post_date::PostDate;
use super::problem::{Problem, ProblemKind};
use super::tags;

/// At most this many mojibake lines are reported per post.
const MAX_MOJIBAKE_PER_POST: usize = 5;

/// Checks that need only the post and its text: title, date, mojibake.
pub fn post_text_problems(post: &Post, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let front_matter_broken = post
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::FrontMatter);
    if !front_matter_broken {
        let fm_line = if post.layout.front_matter == Some(BlockState::Closed) {
            2
        } else {
            1
        };
        if post.title.as_deref().is_none_or(str::is_empty) {
            let shown = match &post.heading {
                Some(h) => format!("the first heading \"{h}\""),
                None => "the slug".to_owned(),
            };
            problems.push(Problem::new(
                ProblemKind::MissingTitle,
                post.field_lines.title.unwrap_or(fm_line),
                format!("no `title` in the front matter (showing {shown})"),
            ));
        }
        match &post.date_field {
            Some(text) if PostDate::parse(text).is_none() => problems.push(Problem::new(
                ProblemKind::BadDate,
                post.field_lines.date.unwrap_or(fm_line),
                format!("`date` {text:?} is not YYYY-MM-DD or RFC 3339"),
            )),
            None if post.date.is_none() => problems.push(Problem::new(
                ProblemKind::MissingDate,
                fm_line,
                "no `date` in the front matter or the file name",
            )),
            _ => {}
        }
    }
    let found = mojibake::find(text);
    let extra = found.len().saturating_sub(MAX_MOJIBAKE_PER_POST);
    for (i, m) in found.iter().take(MAX_MOJIBAKE_PER_POST).enumerate() {
        let more = if extra > 0 && i + 1 == MAX_MOJIBAKE_PER_POST {
            format!(" (and {extra} more lines)")
        } else {
            String::new()
        };
        problems.push(Problem::new(
            ProblemKind::Mojibake,
            m.line + 1,
            format!(
                "mojibake {:?}, probably {:?} decoded with the wrong encoding{more}",
                m.found, m.meant
            ),
        ));
    }
    problems
}

/// Checks across posts: broken links, missing images, duplicate slugs and titles, tag case.
/// `image_exists` answers whether a post's `image` file exists (`None` when it cannot tell).
pub fn index_problems(
    index: &Index,
    image_exists: &(dyn Fn(&Post) -> Option<bool> + Sync),
) -> Vec<(PostId, Problem)> {
    let mut out = Vec::new();
    for (id, post) in index.posts.iter().enumerate() {
        for link in index.links(id) {
            if link.status == LinkStatus::Broken {
                let what = if link.image { "image" } else { "link" };
                let reason = link.reason.as_deref().unwrap_or("does not resolve");
                out.push((
                    id,
                    Problem::new(
                        ProblemKind::BrokenLink,
                        link.line,
                        format!("broken {what} `{}`: {reason}", link.as_written()),
                    ),
                ));
            }
        }
        if image_exists(post) == Some(false) {
            out.push((
                id,
                Problem::new(
                    ProblemKind::MissingImage,
                    post.field_lines.image.unwrap_or(2),
                    format!(
                        "image file `{}` does not exist",
                        post.image.as_deref().unwrap_or_default()
                    ),
                ),
            ));
        }
    }
    duplicates(index, &mut out);
    tag_case(index, &mut out);
    out
}

fn duplicates(index: &Index, out: &mut Vec<(PostId, Problem)>) {
    // Two posts collide only when they are served at the same URL (their section's
    // permalink, dates and `{path}` applied).
    for (url, ids) in index.same_url_groups() {
        for &id in ids {
            let others = other_paths(index, ids, id);
            out.push((
                id,
                Problem::new(
                    ProblemKind::DuplicateSlug,
                    1,
                    format!("served at the same URL `{url}` as {others}"),
                ),
            ));
        }
    }
    let mut by_title: HashMap<String, Vec<PostId>> = HashMap::new();
    for (id, post) in index.posts.iter().enumerate() {
        if let Some(title) = post.title.as_deref().filter(|t| !t.is_empty()) {
            by_title.entry(title.to_lowercase()).or_default().push(id);
        }
    }
    for ids in by_title.values().filter(|ids| ids.len() > 1) {
        for &id in ids {
            let post = &index.posts[id];
            out.push((
                id,
                Problem::new(
                    ProblemKind::DuplicateTitle,
                    post.field_lines.title.unwrap_or(2),
                    format!(
                        "title \"{}\" is also used by {}",
                        post.display_title(),
                        other_paths(index, ids, id)
                    ),
                ),
            ));
        }
    }
}

fn other_paths(index: &Index, ids: &[PostId], me: PostId) -> String {
    ids.iter()
        .filter(|&&other| other != me)
        .map(|&other| index.posts[other].rel_path.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn tag_case(index: &Index, out: &mut Vec<(PostId, Problem)>) {
    for group in tags::case_variants(&index.tags) {
        let main = group[0];
        for variant in &group[1..] {
            for &id in &variant.posts {
                out.push((
                    id,
                    Problem::new(
                        ProblemKind::TagCase,
                        index.posts[id].field_lines.tags.unwrap_or(2),
                        format!(
                            "tag `{}` differs only in case from `{}` ({} posts)",
                            variant.name,
                            main.name,
                            main.count()
                        ),
                    ),
                ));
            }
        }
    }
}
