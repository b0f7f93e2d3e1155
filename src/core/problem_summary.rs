//! The site's problems at a glance, built once per index (on the worker that builds it):
//! counts by level and by kind, and the order in which a reviewer walks the posts that have
//! problems (worst first, then by path). The problems view, the status line counts and
//! the reader's next / previous problem post keys all read it, so none of them costs a
//! pass over the site on a key press.

use std::sync::Arc;

use super::index::Index;
use super::post::PostId;
use super::problem::{Level, ProblemKind};

/// Counts and walking order of a site's problems.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProblemSummary {
    /// Error-level problems in all posts.
    pub errors: usize,
    /// Warning-level problems in all posts.
    pub warnings: usize,
    /// Problems per kind (kinds with none are left out), in kind order.
    pub by_kind: Vec<(ProblemKind, usize)>,
    /// Posts with at least one problem: those with errors first, then by path.
    pub posts: Arc<[PostId]>,
}

impl ProblemSummary {
    /// Summarize every problem of `index`.
    pub fn build(index: &Index) -> ProblemSummary {
        let mut summary = ProblemSummary::default();
        let mut kinds = std::collections::BTreeMap::new();
        let mut posts: Vec<(bool, PostId)> = Vec::new();
        for id in index.posts.ids() {
            let problems = index.problems(id);
            if problems.is_empty() {
                continue;
            }
            let mut has_error = false;
            for p in problems {
                *kinds.entry(p.kind).or_insert(0) += 1;
                if p.level == Level::Error {
                    summary.errors += 1;
                    has_error = true;
                } else {
                    summary.warnings += 1;
                }
            }
            posts.push((!has_error, id));
        }
        // Posts are sorted by path in the index, so a stable sort on "has no error" keeps
        // path order within each group.
        posts.sort_by_key(|&(no_error, _)| no_error);
        summary.posts = posts.into_iter().map(|(_, id)| id).collect();
        summary.by_kind = kinds.into_iter().collect();
        summary
    }

    /// The post after (`forward`) or before `from` in walking order, wrapping around; the
    /// first (or last) when `from` has no problems.
    pub fn step(&self, from: Option<PostId>, forward: bool) -> Option<PostId> {
        let n = self.posts.len();
        if n == 0 {
            return None;
        }
        let at = from.and_then(|id| self.posts.iter().position(|&p| p == id));
        let next = match (at, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        Some(self.posts[next])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Index) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let index = Index::build(dir.path()).unwrap();
        (dir, index)
    }

    /// Posts with errors come first, then posts with only warnings, each by path; counts
    /// add up per level and kind; stepping wraps around both ways.
    #[test]
    fn problem_summary_orders_worst_first_and_steps() {
        let ok = "---\ntitle: Fine\ndate: 2024-01-01\n---\nx\n";
        let (_dir, index) = site(&[
            ("a.md", "---\ndate: 2024-01-01\n---\nno title\n"),
            (
                "b.md",
                "---\ntitle: B\ndate: 2024-01-01\n---\n[x](/posts/nope)\n",
            ),
            ("c.md", ok),
        ]);
        let s = ProblemSummary::build(&index);
        let id = |rel: &str| index.lookup.by_path[rel];
        assert_eq!(s.posts.first(), Some(&id("b.md")), "errors first");
        assert!(s.posts.contains(&id("a.md")));
        for rel in ["a.md", "b.md", "c.md"] {
            let listed = s.posts.contains(&id(rel));
            assert_eq!(listed, !index.problems(id(rel)).is_empty(), "{rel}");
        }
        let total: usize = s.by_kind.iter().map(|(_, n)| n).sum();
        assert_eq!(total, s.errors + s.warnings);
        assert!(s.errors >= 1);
        let first = s.posts[0];
        let last = *s.posts.last().unwrap();
        assert_eq!(s.step(None, true), Some(first));
        assert_eq!(s.step(Some(last), true), Some(first), "wraps forward");
        assert_eq!(s.step(Some(first), false), Some(last), "wraps back");
        assert_eq!(ProblemSummary::default().step(None, true), None);
    }
}
