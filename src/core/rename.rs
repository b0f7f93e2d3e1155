//! Renaming a post without breaking a link (`folio rename`, `R` on a post): the file (or
//! its bundle folder) gets the new slug — a Jekyll `YYYY-MM-DD-` prefix stays — and every
//! link in the site that resolves to the post is rewritten in the form it was written in
//! (relative path, permalink, same-site URL, Eleventy, Jekyll or Hugo template). Only the
//! link's destination changes: fragments, titles, link text and every other byte stay;
//! links in code are not links, so they are left alone. The post's own `slug` or
//! `permalink` front matter field follows.
//!
//! The plan is proven before it is offered: the site is indexed again in memory from the
//! new texts, and every link that reached the post must reach it still, with no new
//! broken link; otherwise nothing is planned and the message names the links.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::change_set::{ChangeSet, FileChange, Move};
use super::front_matter::{self, BlockState};
use super::index::Index;
use super::link_resolve::LinkStatus;
use super::post::{PerPost, Post, PostId};
use super::source;

/// Whether `slug` can name a post file: letters, digits, `-`, `_` and `.`, not starting
/// with a dot.
fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('.')
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Where the post's file (or bundle folder) goes: (move from, move to, new relative path).
fn new_location(index: &Index, id: PostId, new_slug: &str) -> (PathBuf, PathBuf, String) {
    let post = &index.posts[id];
    let rel = Path::new(&*post.rel_path);
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned());
    let parent = rel.parent().unwrap_or(Path::new(""));
    if stem
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("index"))
        && parent != Path::new("")
    {
        // A bundle: `old/index.md` → `new/index.md`; the folder moves.
        let folder_name = parent
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let new_folder_name = jekyll_prefix(&folder_name) + new_slug;
        let grand = parent.parent().unwrap_or(Path::new(""));
        let new_folder = grand.join(&new_folder_name);
        let file = rel.file_name().map_or(Path::new("index.md"), Path::new);
        return (
            index.root.join(parent),
            index.root.join(&new_folder),
            super::discovery::rel_path_string(&new_folder.join(file)),
        );
    }
    let name = stem.unwrap_or_default();
    let ext = rel
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let new_rel = parent.join(format!("{}{new_slug}{ext}", jekyll_prefix(&name)));
    (
        index.path_of(id),
        index.root.join(&new_rel),
        super::discovery::rel_path_string(&new_rel),
    )
}

/// The `YYYY-MM-DD-` prefix of a Jekyll-style name, if any.
fn jekyll_prefix(name: &str) -> String {
    let (_, date) = super::slug::split_jekyll_name(name);
    if date.is_some() {
        name[..11].to_owned()
    } else {
        String::new()
    }
}

/// `target` with the last occurrence of `old` as a whole name (bounded by characters that
/// cannot be part of a slug) replaced by `new`, looking only before a `#fragment` or
/// `?query`.
fn replace_name(target: &str, old: &str, new: &str) -> Option<String> {
    let end = target.find(['#', '?']).unwrap_or(target.len());
    let head = &target[..end];
    let is_name = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_');
    // A Jekyll name `2016-01-02-old` counts the date prefix as a boundary.
    let after_date = |i: usize| {
        i >= 11
            && head
                .get(i - 11..i - 1)
                .and_then(super::post_date::PostDate::parse)
                .is_some()
            && head.as_bytes()[i - 1] == b'-'
    };
    let at = head.rmatch_indices(old).find(|(i, _)| {
        let before = head[..*i].chars().next_back();
        let after = head[i + old.len()..].chars().next();
        (!before.is_some_and(is_name) || after_date(*i)) && !after.is_some_and(is_name)
    })?;
    Some(format!(
        "{}{new}{}",
        &target[..at.0],
        &target[at.0 + old.len()..]
    ))
}

/// Replace, on 1-based `line` of `text`, each occurrence of `written` that stands where a
/// link destination does (after `(`, `<`, a quote, `=`, `: `, or as a whole template);
/// returns how many were replaced.
fn replace_on_line(text: &mut String, line: usize, written: &str, new: &str) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let len = text[start..]
        .find('\n')
        .map_or(text.len() - start, |n| n + 1);
    let original = text[start..start + len].to_owned();
    let mut out = String::with_capacity(original.len() + 16);
    let mut count = 0;
    let mut rest = original.as_str();
    let mut seen = String::new();
    while let Some(i) = rest.find(written) {
        let before = format!("{seen}{}", &rest[..i]);
        // Inside a code span (an odd number of backticks before it) it is not a link.
        let in_code = before.matches('`').count() % 2 == 1;
        let in_destination = !in_code
            && (written.starts_with('{')
                || before.ends_with(['(', '<', '"', '\'', '='])
                || before.ends_with(": "));
        out.push_str(&rest[..i]);
        if in_destination {
            out.push_str(new);
            count += 1;
        } else {
            out.push_str(written);
        }
        seen = before + written;
        rest = &rest[i + written.len()..];
    }
    out.push_str(rest);
    if count > 0 {
        text.replace_range(start..start + len, &out);
    }
    count
}

/// The 1-based line of a reference definition (`[label]: destination`) for `written`.
fn definition_line(text: &str, written: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let t = line.trim_start();
            t.starts_with('[')
                && t.find("]:")
                    .is_some_and(|i| t[i + 2..].trim_start().starts_with(written))
        })
        .map(|i| i + 1)
}

/// The renamed post's own `slug` / `permalink` front matter values, updated.
fn update_own_fields(text: &mut String, old: &str, new: &str) {
    let block = front_matter::split(text);
    if block.state != BlockState::Closed {
        return;
    }
    let yaml = text[block.yaml.clone()].to_owned();
    let sign = block.format.key_sign();
    let mut changed = String::with_capacity(yaml.len());
    for line in yaml.split_inclusive('\n') {
        let key = line.split(sign).next().unwrap_or("").trim();
        let value_at = line.find(sign).map_or(line.len(), |i| i + 1);
        if matches!(key, "slug" | "permalink" | "url")
            && let Some(value) = replace_name(&line[value_at..], old, new)
        {
            changed.push_str(&line[..value_at]);
            changed.push_str(&value);
        } else {
            changed.push_str(line);
        }
    }
    text.replace_range(block.yaml, &changed);
}

/// The path (relative to the root) post `id` will have once renamed to `new_slug`.
pub fn new_rel_path(index: &Index, id: PostId, new_slug: &str) -> String {
    new_location(index, id, new_slug.trim()).2
}

/// Plan renaming post `id` to `new_slug` (see the module header).
pub fn plan(index: &Index, id: PostId, new_slug: &str) -> Result<ChangeSet, String> {
    let post = index.posts.get(id).ok_or("no such post")?;
    let old_slug = post.slug.clone();
    let new_slug = new_slug.trim();
    if new_slug == &*old_slug {
        return Err(format!("`{old_slug}` is already its slug"));
    }
    if !valid_slug(new_slug) {
        return Err(format!(
            "`{new_slug}` cannot be a slug: use letters, digits, `-`, `_` or `.`"
        ));
    }
    if index.lookup.by_slug.contains_key(new_slug) {
        return Err(format!("another post already has the slug `{new_slug}`"));
    }
    let (move_from, move_to, new_rel) = new_location(index, id, new_slug);
    if move_to.exists() {
        return Err(format!("{} already exists", move_to.display()));
    }

    // New texts of every file with a link to the post (and the post itself).
    let mut edits: BTreeMap<PostId, (String, usize)> = BTreeMap::new();
    for from in index.posts.ids() {
        for link in index.links(from).filter(|l| l.post == Some(id)) {
            let written = link.as_written();
            if written.starts_with('#') {
                // A link within the page names no file or URL.
                continue;
            }
            let Some(new_written) = replace_name(written, &old_slug, new_slug) else {
                return Err(format!(
                    "{}:{}: cannot tell where `{written}` names `{old_slug}`",
                    index.posts[from].rel_path, link.line
                ));
            };
            let entry = match edits.entry(from) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    let src = source::read(&index.path_of(from))
                        .map_err(|e| format!("{}: {e}", index.posts[from].rel_path))?;
                    e.insert((src.text, 0))
                }
            };
            let mut replaced = replace_on_line(&mut entry.0, link.line, written, &new_written);
            if replaced == 0 {
                // A reference-style link: its destination is on its definition's line.
                if let Some(line) = definition_line(&entry.0, written) {
                    replaced = replace_on_line(&mut entry.0, line, written, &new_written);
                }
            }
            entry.1 += replaced;
        }
    }
    let own_text = match edits.remove(&id) {
        Some((text, _)) => text,
        None => {
            source::read(&index.path_of(id))
                .map_err(|e| format!("{}: {e}", post.rel_path))?
                .text
        }
    };
    let mut own_text = own_text;
    update_own_fields(&mut own_text, &old_slug, new_slug);

    prove(index, id, &new_rel, &own_text, &edits)?;

    let mut set = ChangeSet::default();
    for (&from, (text, _)) in &edits {
        let p = &index.posts[from];
        let change = FileChange::plan(&index.path_of(from), &p.rel_path, |_| {
            Ok(Some(text.clone()))
        })?;
        set.files.extend(change);
    }
    let own = FileChange::plan(&index.path_of(id), &post.rel_path, |_| {
        Ok(Some(own_text.clone()))
    })?;
    set.files.extend(own);
    set.moves.push(Move {
        from: move_from,
        to: move_to,
    });
    Ok(set)
}

/// Index the site in memory as it will be, and check that every link that reached post
/// `id` reaches it still and nothing new is broken.
fn prove(
    index: &Index,
    id: PostId,
    new_rel: &str,
    own_text: &str,
    edits: &BTreeMap<PostId, (String, usize)>,
) -> Result<(), String> {
    let templates = &index.config.link_templates;
    let text_post = |rel: &str, text: &str| {
        let src = source::decode(text.as_bytes().to_vec()).map_err(|e| e.to_string());
        src.map(|s| Post::from_source(rel, Ok(s), templates))
    };
    let mut posts: PerPost<Arc<Post>> = index.posts.clone();
    for (&from, (text, _)) in edits {
        let p = &index.posts[from];
        posts[from] = Arc::new(text_post(&p.rel_path, text)?);
    }
    posts[id] = Arc::new(text_post(new_rel, own_text)?);
    let mut posts = posts.into_vec();
    posts.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    let after = Index::from_shared(&index.root, index.config.clone(), posts.into());
    let renamed = after
        .lookup
        .by_path
        .get(new_rel)
        .copied()
        .ok_or("the renamed post would not be found")?;
    // The renamed post's own links are not rewritten; a bundle's files next to it are
    // only moved later, so they are left out of the comparison.
    let broken = |ix: &Index, own: PostId| -> usize {
        (ix.posts.ids())
            .filter(|&p| p != own)
            .flat_map(|p| ix.links(p))
            .filter(|l| l.status == LinkStatus::Broken)
            .count()
    };
    let reaching = (index.posts.ids())
        .flat_map(|p| index.links(p))
        .filter(|l| l.post == Some(id))
        .count();
    let reaching_after = (after.posts.ids())
        .flat_map(|p| after.links(p))
        .filter(|l| l.post == Some(renamed))
        .count();
    if reaching_after < reaching || broken(&after, renamed) > broken(index, id) {
        let mut lost: Vec<String> = Vec::new();
        for p in (after.posts.ids()).filter(|&p| p != renamed) {
            for l in after.links(p).filter(|l| l.status == LinkStatus::Broken) {
                lost.push(format!("{}:{}", after.posts[p].rel_path, l.line));
            }
        }
        lost.truncate(5);
        return Err(format!(
            "renaming would break links ({} of {reaching} would still reach the post; broken: {}); nothing was changed",
            reaching_after,
            lost.join(", ")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names are replaced whole, fragments and queries kept, the last occurrence first.
    #[test]
    fn rename_replace_name_whole_segments() {
        assert_eq!(
            replace_name("/posts/old#h", "old", "new").as_deref(),
            Some("/posts/new#h")
        );
        assert_eq!(
            replace_name("{% post_url 2016-01-02-old %}", "old", "new").as_deref(),
            Some("{% post_url 2016-01-02-new %}")
        );
        assert_eq!(replace_name("/posts/older", "old", "new"), None);
        assert_eq!(
            replace_name("/old/x/old/", "old", "new").as_deref(),
            Some("/old/x/new/")
        );
        assert_eq!(replace_name("/p/a?old=1", "old", "new"), None);
    }

    /// Only destinations on the line change: the link text, inline code and other bytes
    /// stay; CRLF stays.
    #[test]
    fn rename_replace_on_line_only_destinations() {
        let mut text = "a\r\nsee [/posts/old](/posts/old#x) and `/posts/old`\r\nz\r\n".to_owned();
        let n = replace_on_line(&mut text, 2, "/posts/old", "/posts/new");
        assert_eq!(n, 1);
        assert_eq!(
            text,
            "a\r\nsee [/posts/old](/posts/new#x) and `/posts/old`\r\nz\r\n"
        );
    }
}
