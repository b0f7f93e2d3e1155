//! `folio check [DIR] [--json] [--kind K]… [--level error|warning]`: every problem of the
//! site, filtered, and the exit status (1 when an error is shown, else 0).

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;

use crate::core::index::Index;
use crate::core::problem::{Level, ProblemKind};
use crate::render::sanitize::clean;

use super::json::CheckJson;
use super::listing::print_json;
use super::output::{print, styled};
use crate::render::styled::Role;

/// Which problems `check` shows: all when both parts are empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these kinds (any kind when empty).
    pub kinds: Vec<ProblemKind>,
    /// Only this level.
    pub level: Option<Level>,
}

impl Filter {
    /// Whether it keeps every problem.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty() && self.level.is_none()
    }

    fn keeps(&self, kind: ProblemKind, level: Level) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&kind))
            && self.level.is_none_or(|l| l == level)
    }
}

/// Print the problems `filter` keeps (levels coloured when `color`); exit status 1 when one
/// of them is an error.
pub fn check(index: &Index, json: bool, filter: &Filter, color: bool) -> Result<ExitCode> {
    let mut with_problems = 0;
    let mut rows: Vec<CheckJson> = Vec::new();
    for (id, post) in index.posts.enumerate() {
        let before = rows.len();
        rows.extend(
            index
                .problems(id)
                .iter()
                .filter(|p| filter.keeps(p.kind, p.level))
                .map(|p| CheckJson {
                    path: &post.rel_path,
                    line: p.line,
                    level: p.level,
                    kind: p.kind,
                    message: &p.message,
                }),
        );
        with_problems += usize::from(rows.len() > before);
    }
    let errors = rows.iter().filter(|r| r.level == Level::Error).count();
    if json {
        print_json(&rows)?;
    } else {
        let mut out = String::new();
        for row in &rows {
            let role = match row.level {
                Level::Error => Role::Error,
                Level::Warning => Role::Warning,
            };
            let _ = writeln!(
                out,
                "{}: {}{}: {}",
                styled(
                    &format!("{}:{}", clean(row.path), row.line),
                    Role::Muted,
                    color
                ),
                styled(row.level.as_str(), role, color),
                styled(&format!("[{}]", row.kind.as_str()), Role::Label, color),
                clean(row.message)
            );
        }
        let warnings = rows.len() - errors;
        let posts = index.posts.len();
        if rows.is_empty() {
            let matching = if filter.is_empty() { "" } else { "matching " };
            let _ = writeln!(out, "no {matching}problems in {posts} posts");
        } else {
            let _ = writeln!(
                out,
                "{errors} {}, {warnings} {} in {with_problems} of {posts} posts",
                plural(errors, "error"),
                plural(warnings, "warning")
            );
        }
        print(&out)?;
    }
    Ok(if errors > 0 {
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
