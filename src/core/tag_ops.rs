//! Tag operations across a site (`folio tag rename|merge|delete`, and the tag pane's keys):
//! which posts a change touches and their new text, as a [`ChangeSet`] to preview or
//! apply. Only the tag's item in each post's `tags` field changes (see [`tag_edit`]).
//!
//! [`tag_edit`]: super::tag_edit

use super::change_set::{ChangeSet, FileChange};
use super::index::Index;
use super::tag_edit::retag;

/// One change to a tag across the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagOp {
    /// Give tag `from` the new name `to` (which no post uses yet).
    Rename {
        /// The tag now.
        from: String,
        /// Its new name.
        to: String,
    },
    /// Replace tag `from` by `into` in every post (a post with both keeps one).
    Merge {
        /// The tag that goes away.
        from: String,
        /// The tag it becomes.
        into: String,
    },
    /// Take `tag` off every post.
    Delete {
        /// The tag.
        tag: String,
    },
}

impl TagOp {
    /// The tag whose posts change.
    pub fn source(&self) -> &str {
        match self {
            TagOp::Rename { from, .. } | TagOp::Merge { from, .. } => from,
            TagOp::Delete { tag } => tag,
        }
    }

    /// What the tag becomes (`None`: removed).
    pub fn target(&self) -> Option<&str> {
        match self {
            TagOp::Rename { to, .. } => Some(to),
            TagOp::Merge { into, .. } => Some(into),
            TagOp::Delete { .. } => None,
        }
    }

    /// A sentence for the confirm prompt and the CLI.
    pub fn describe(&self) -> String {
        match self {
            TagOp::Rename { from, to } => format!("rename #{from} to #{to}"),
            TagOp::Merge { from, into } => format!("merge #{from} into #{into}"),
            TagOp::Delete { tag } => format!("delete #{tag}"),
        }
    }
}

/// The changes `op` makes to the posts of `index` (read from disk now). Refused when the
/// tag is on no post, when a rename's new name is already a tag (that is a merge), or when
/// the new name is empty.
pub fn plan(index: &Index, op: &TagOp) -> Result<ChangeSet, String> {
    let from = op.source();
    let tag = index
        .tags
        .iter()
        .find(|t| t.name == from)
        .ok_or_else(|| format!("no post has the tag #{from}"))?;
    match op {
        TagOp::Rename { to, .. } if index.tags.iter().any(|t| t.name == *to) => {
            return Err(format!(
                "#{to} is already a tag; to put its posts and #{from}'s together, merge #{from} into #{to}"
            ));
        }
        TagOp::Rename { to: new, .. } | TagOp::Merge { into: new, .. } if new.trim().is_empty() => {
            return Err("the new tag name is empty".to_owned());
        }
        TagOp::Merge { into, .. } if into == from => {
            return Err(format!("#{from} cannot be merged into itself"));
        }
        _ => {}
    }
    let mut set = ChangeSet::default();
    for &id in &tag.posts {
        let post = &index.posts[id];
        let change = FileChange::plan(&index.path_of(id), &post.rel_path, |text| {
            retag(text, from, op.target()).map_err(|e| e.to_string())
        })?;
        set.files.extend(change);
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Index) {
        let dir = tempfile::tempdir().unwrap();
        let w = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        w("a.md", "---\ntitle: A\ntags: [SEO, Email]\n---\nA\n");
        w("b.md", "---\ntitle: B\ntags:\n  - \"SEO\"\n---\nB\n");
        w("c.md", "---\ntitle: C\ntags: Email\n---\nC\n");
        let index = Index::build(dir.path()).unwrap();
        (dir, index)
    }

    /// A merge touches exactly the posts with the tag; a post with both keeps one; the
    /// site then has no #SEO and the right #Email count.
    #[test]
    fn tag_plan_merge_touches_only_tagged_posts() {
        let (dir, index) = site();
        let op = TagOp::Merge {
            from: "SEO".into(),
            into: "Email".into(),
        };
        let set = plan(&index, &op).unwrap();
        let files: Vec<&str> = set.files.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(files, ["a.md", "b.md"]);
        set.apply().unwrap();
        let after = Index::build(dir.path()).unwrap();
        assert!(after.tags.iter().all(|t| t.name != "SEO"));
        let email = after.tags.iter().find(|t| t.name == "Email").unwrap();
        assert_eq!(email.posts.len(), 3);
        let a = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
        assert_eq!(a, "---\ntitle: A\ntags: [Email]\n---\nA\n");
    }

    /// Renames refuse an existing name (that is a merge) and unknown tags; deletes remove.
    #[test]
    fn tag_plan_refusals_and_delete() {
        let (_dir, index) = site();
        let rename = |to: &str| TagOp::Rename {
            from: "SEO".into(),
            to: to.into(),
        };
        assert!(
            plan(&index, &rename("Email"))
                .unwrap_err()
                .contains("merge")
        );
        assert!(plan(&index, &rename(" ")).unwrap_err().contains("empty"));
        let gone = TagOp::Delete { tag: "Nope".into() };
        assert!(plan(&index, &gone).unwrap_err().contains("no post"));
        let set = plan(
            &index,
            &TagOp::Delete {
                tag: "Email".into(),
            },
        )
        .unwrap();
        assert_eq!(set.files.len(), 2);
        let c = String::from_utf8(set.files[1].after.clone()).unwrap();
        assert_eq!(c, "---\ntitle: C\ntags: []\n---\nC\n");
    }
}
