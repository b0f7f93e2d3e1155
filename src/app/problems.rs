//! The problems view's model: every problem of the site grouped by post (in the walking
//! order of [`ProblemSummary`]), narrowed by level and kind, with a cursor.

use crate::core::index::Index;
use crate::core::post::PostId;
use crate::core::problem::{Level, Problem, ProblemKind};
use crate::core::problem_summary::ProblemSummary;

use super::list_cursor::ListCursor;

/// Which levels the view shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LevelFilter {
    /// Errors and warnings.
    #[default]
    All,
    /// Errors only.
    Errors,
    /// Warnings only.
    Warnings,
}

impl LevelFilter {
    /// The next filter in the cycle all → errors → warnings → all.
    #[must_use]
    pub fn next(self) -> LevelFilter {
        match self {
            LevelFilter::All => LevelFilter::Errors,
            LevelFilter::Errors => LevelFilter::Warnings,
            LevelFilter::Warnings => LevelFilter::All,
        }
    }

    /// The filter's name, for the header.
    pub fn label(self) -> &'static str {
        match self {
            LevelFilter::All => "all levels",
            LevelFilter::Errors => "errors only",
            LevelFilter::Warnings => "warnings only",
        }
    }

    fn keeps(self, level: Level) -> bool {
        match self {
            LevelFilter::All => true,
            LevelFilter::Errors => level == Level::Error,
            LevelFilter::Warnings => level == Level::Warning,
        }
    }
}

/// One row of the view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemRow {
    /// A post's heading row.
    Post(PostId),
    /// Problem `at` (an index into `Index::problems(post)`) of `post`.
    Problem {
        /// The post.
        post: PostId,
        /// Which of its problems.
        at: usize,
    },
}

impl ProblemRow {
    /// The post the row belongs to.
    pub fn post(self) -> PostId {
        match self {
            ProblemRow::Post(post) | ProblemRow::Problem { post, .. } => post,
        }
    }
}

/// The open problems view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProblemsView {
    /// The level filter.
    pub level: LevelFilter,
    /// Only this kind, or every kind.
    pub kind: Option<ProblemKind>,
    /// The rows shown, for the filters above.
    pub rows: Vec<ProblemRow>,
    /// Cursor among the rows.
    pub list: ListCursor,
}

impl ProblemsView {
    /// Whether the filters let `problem` through.
    pub fn keeps(&self, problem: &Problem) -> bool {
        self.level.keeps(problem.level) && self.kind.is_none_or(|k| k == problem.kind)
    }

    /// Recompute the rows for `index`, keeping the cursor on the same post and line where
    /// that is still listed.
    pub fn rebuild(&mut self, index: &Index, summary: &ProblemSummary, rows: usize) {
        let was = self.current_problem(index);
        let was_post = self.rows.get(self.list.cursor).map(|r| r.post());
        self.rows.clear();
        for &post in summary.posts.iter() {
            let Some(problems) = index
                .posts
                .get(post)
                .is_some()
                .then(|| index.problems(post))
            else {
                continue;
            };
            let kept: Vec<usize> = (0..problems.len())
                .filter(|&i| self.keeps(&problems[i]))
                .collect();
            if kept.is_empty() {
                continue;
            }
            self.rows.push(ProblemRow::Post(post));
            self.rows
                .extend(kept.into_iter().map(|at| ProblemRow::Problem { post, at }));
        }
        let same = was.and_then(|(post, line, kind)| {
            self.rows.iter().position(|r| match *r {
                ProblemRow::Problem { post: p, at } => {
                    let problem = &index.problems(p)[at];
                    p == post && problem.line == line && problem.kind == kind
                }
                ProblemRow::Post(_) => false,
            })
        });
        let same_post = || was_post.and_then(|p| self.rows.iter().position(|r| r.post() == p));
        let cursor = same.or_else(same_post).unwrap_or(0);
        self.list.set(cursor, self.rows.len(), rows);
    }

    /// The post, line and kind of the problem under the cursor (none on a post row).
    fn current_problem(&self, index: &Index) -> Option<(PostId, usize, ProblemKind)> {
        let (post, at) = self.current()?;
        let problem = index.problems(post).get(at?)?;
        Some((post, problem.line, problem.kind))
    }

    /// The post under the cursor and, on a problem row, which of its problems.
    pub fn current(&self) -> Option<(PostId, Option<usize>)> {
        match *self.rows.get(self.list.cursor)? {
            ProblemRow::Post(post) => Some((post, None)),
            ProblemRow::Problem { post, at } => Some((post, Some(at))),
        }
    }

    /// The line to land on for the row under the cursor: the problem's line, or the
    /// post's first shown problem's line on a post row.
    pub fn target_line(&self, index: &Index) -> Option<(PostId, usize)> {
        let (post, at) = self.current()?;
        let problems = index.problems(post);
        let at = at.or_else(|| (0..problems.len()).find(|&i| self.keeps(&problems[i])))?;
        Some((post, problems.get(at)?.line))
    }

    /// Show only the next kind present in `summary` (after the last kind: every kind).
    pub fn cycle_kind(&mut self, summary: &ProblemSummary) {
        let kinds: Vec<ProblemKind> = summary.by_kind.iter().map(|(k, _)| *k).collect();
        self.kind = match self.kind.and_then(|k| kinds.iter().position(|&x| x == k)) {
            None if self.kind.is_none() => kinds.first().copied(),
            Some(i) => kinds.get(i + 1).copied(),
            None => None,
        };
    }

    /// How many problems the filters let through.
    pub fn shown_count(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r, ProblemRow::Problem { .. }))
            .count()
    }
}
