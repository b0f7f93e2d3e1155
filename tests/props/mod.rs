//! The robustness properties, each a function that returns what went wrong: one definition
//! driven by two engines, the `proptest` suite (`tests/prop_robust.rs`, in `cargo test`) and
//! the coverage-guided fuzz targets (`fuzz/fuzz_targets/*.rs`, outside the workspace).
//! Must not panic itself on any input: a property failure is an `Err`, not a crash.

use std::path::{Component, Path};

use folio::core::edit::{editable_parts, replace_parts, set_tags};
use folio::core::field_value::FieldValue;
use folio::core::front_matter::{self, BlockState};
use folio::core::link_resolve::{LinkStatus, PostLookup, Resolver};
use folio::core::post::Post;
use folio::core::site_config::SiteConfig;
use folio::core::tag_edit::retag;
use folio::core::yaml_scalar::yaml_scalar;
use folio::render::markdown::render;

/// The outcome of one property check.
pub type Check = Result<(), String>;

/// `split` on any text: ranges in order and in bounds, and the four parts join back to the
/// input exactly; parsing the YAML part does not panic.
pub fn split_joins_back(text: &str) -> Check {
    let block = front_matter::split(text);
    let (y, body) = (block.yaml.clone(), block.body_start);
    if !(y.start <= y.end && y.end <= body && body <= text.len()) {
        return Err(format!(
            "ranges out of order: {block:?} for {} bytes",
            text.len()
        ));
    }
    let parts = [
        text.get(..y.start),
        text.get(y.clone()),
        text.get(y.end..body),
        text.get(body..),
    ];
    let joined: Option<String> = parts.into_iter().collect();
    if joined.as_deref() != Some(text) {
        return Err(format!("split + join differs from the input: {block:?}"));
    }
    if block.state != BlockState::Closed && (body != 0 || !y.is_empty()) {
        return Err(format!("no closed block but a body offset: {block:?}"));
    }
    let _ = front_matter::parse(&text[y]);
    Ok(())
}

/// `render` at `width` (1–300): no panic and no line wider than the width (8 columns is the
/// narrowest the renderer draws, so widths below it are held to 8).
pub fn render_fits(body: &str, width: usize) -> Check {
    let rendered = render(body, width, &|_| None);
    let limit = width.max(8);
    for (i, line) in rendered.lines.iter().enumerate() {
        if line.width() > limit {
            return Err(format!(
                "line {i} is {} columns wide at width {width}: {:?}",
                line.width(),
                line.plain()
            ));
        }
    }
    Ok(())
}

/// Every word in `words` (runs of letters and digits) appears in the rendered text of `body`
/// at `width`, in order. Words may be broken across lines (when longer than the width, or
/// between wide characters), so the check joins the letters and digits of every line.
pub fn render_keeps_words(body: &str, width: usize, words: &[String]) -> Check {
    let rendered = render(body, width, &|_| None);
    let text: String = rendered
        .lines
        .iter()
        .flat_map(|l| l.plain().chars().collect::<Vec<_>>())
        .filter(|c| c.is_alphanumeric())
        .collect();
    let mut from = 0;
    for word in words {
        match text[from..].find(word.as_str()) {
            Some(at) => from += at + word.len(),
            None => return Err(format!("word {word:?} missing at width {width}")),
        }
    }
    Ok(())
}

/// Taking a file apart as the editor does and putting it back unchanged gives the same
/// bytes (when its front matter is valid enough to be written at all).
pub fn edit_of_nothing_is_identical(text: &str) -> Check {
    if front_matter::split(text).state == BlockState::Unterminated {
        return Ok(());
    }
    let (yaml, body) = editable_parts(text);
    match replace_parts(text, &yaml, &body) {
        Ok(out) if out == text => Ok(()),
        Ok(out) => Err(format!("an edit of nothing changed the file: {out:?}")),
        Err(_) => Ok(()),
    }
}

/// The `tags` of a file's front matter as folio reads them; `None` when it has no closed,
/// valid front matter.
pub fn tags_of(text: &str) -> Option<Vec<String>> {
    let block = front_matter::split(text);
    if block.state != BlockState::Closed {
        return None;
    }
    let fields = front_matter::parse(&text[block.yaml]).ok()?;
    Some(match fields.get("tags") {
        Some(FieldValue::List(items)) => items.iter().filter_map(FieldValue::scalar_text).collect(),
        Some(value) => value.scalar_text().into_iter().collect(),
        None => Vec::new(),
    })
}

/// Every field but `tags`, in order, as parsed.
fn other_fields(text: &str) -> Option<Vec<(String, FieldValue)>> {
    let block = front_matter::split(text);
    let fields = front_matter::parse(&text[block.yaml]).ok()?;
    Some(
        fields
            .iter()
            .filter(|(k, _)| *k != "tags")
            .map(|(k, v)| (k.to_owned(), v.clone()))
            .collect(),
    )
}

/// After a tag edit from `before` to `after`: the body is byte-identical and the other
/// fields read back as before.
fn only_tags_changed(before: &str, after: &str) -> Check {
    let (b, a) = (front_matter::split(before), front_matter::split(after));
    if before[b.body_start..] != after[a.body_start..] {
        return Err("the body changed".to_owned());
    }
    if before[..b.yaml.start] != after[..a.yaml.start] {
        return Err("the opening line changed".to_owned());
    }
    // Front matter that did not parse before (a broken `tags` field that the edit replaced)
    // has no fields to compare; its bytes outside `tags` are checked above and below.
    let old = other_fields(before);
    if old.is_some() && old != other_fields(after) {
        return Err(format!("other fields changed:\n{before:?}\n->\n{after:?}"));
    }
    let (old_yaml, new_yaml) = (&before[b.yaml.clone()], &after[a.yaml.clone()]);
    let tags_start = |y: &str| y.find("tags:").unwrap_or(y.len());
    if old_yaml[..tags_start(old_yaml)] != new_yaml[..tags_start(new_yaml)] {
        return Err(format!(
            "bytes before `tags` changed:\n{before:?}\n->\n{after:?}"
        ));
    }
    Ok(())
}

/// `set_tags`: what it writes reads back as exactly `tags`, and nothing but `tags` changes.
pub fn set_tags_reads_back(text: &str, tags: &[String]) -> Check {
    let Ok(out) = set_tags(text, tags) else {
        return Ok(());
    };
    if tags_of(&out).as_deref() != Some(tags) {
        return Err(format!(
            "set_tags({tags:?}) reads back as {:?}: {out:?}",
            tags_of(&out)
        ));
    }
    if front_matter::split(text).state == BlockState::Closed {
        only_tags_changed(text, &out)?;
    }
    Ok(())
}

/// `retag`: the tags read back as `from` renamed to `to` (or removed, also when the post
/// already has `to`), without duplicates, and nothing but `tags` changes.
pub fn retag_reads_back(text: &str, from: &str, to: Option<&str>) -> Check {
    let Ok(Some(out)) = retag(text, from, to) else {
        return Ok(());
    };
    let Some(before) = tags_of(text) else {
        return Err("retag wrote a file whose tags did not parse".to_owned());
    };
    // A post that already has `to` loses `from` (a merge); otherwise `from` is renamed.
    let to = to.filter(|t| !before.iter().any(|b| b == t));
    let mut want: Vec<String> = Vec::new();
    for tag in &before {
        let tag = if tag == from {
            match to {
                Some(t) => t.to_owned(),
                None => continue,
            }
        } else {
            tag.clone()
        };
        if !want.contains(&tag) {
            want.push(tag);
        }
    }
    if tags_of(&out).as_ref() != Some(&want) {
        return Err(format!(
            "retag({from:?} -> {to:?}) reads back as {:?}, not {want:?}",
            tags_of(&out)
        ));
    }
    only_tags_changed(text, &out)
}

/// A scalar written by `yaml_scalar` reads back as exactly that string.
pub fn scalar_reads_back(value: &str) -> Check {
    let yaml = format!("x: {}\n", yaml_scalar(value));
    match front_matter::parse(&yaml) {
        Ok(fields) if fields.get("x") == Some(&FieldValue::Text(value.to_owned())) => Ok(()),
        Ok(fields) => Err(format!("{yaml:?} reads back as {:?}", fields.get("x"))),
        Err(e) => Err(format!("{yaml:?} does not parse: {}", e.message)),
    }
}

/// Whether a root-relative path handed to the file system stays under the content root.
pub fn stays_inside(rel: &str) -> bool {
    let root = Path::new("/content-root");
    let joined = root.join(rel);
    !rel.starts_with('/')
        && !rel.contains('\\')
        && joined.starts_with(root)
        && joined
            .components()
            .all(|c| matches!(c, Component::RootDir | Component::Normal(_)))
}

/// Resolving `target` written in the post at `from_path` never looks outside the content
/// root, and an `ok` link names a known post.
pub fn resolve_stays_inside(from_path: &str, target: &str) -> Check {
    // A site URL, so absolute links to the site itself are resolved as local paths too.
    let config = SiteConfig::parse(
        "site_url = \"https://example.org/blog\"\n",
        Path::new("folio.toml"),
        Path::new("/content-root"),
    )
    .unwrap_or_default();
    let posts: Vec<std::sync::Arc<Post>> = ["a.md", "c/index.md", "guides/b.md"]
        .into_iter()
        .map(|rel| {
            let text = format!("---\ntitle: {rel}\n---\nx\n");
            let src = folio::core::source::decode(text.into_bytes());
            std::sync::Arc::new(Post::from_source(
                rel,
                src.map_err(|_| folio::core::source::Unreadable::Binary),
                &config.link_templates,
            ))
        })
        .collect();
    let lookup = PostLookup::build(&posts, &config);
    let escaped = std::sync::Mutex::new(Vec::new());
    let exists = |rel: &str| {
        if !stays_inside(rel)
            && let Ok(mut e) = escaped.lock()
        {
            e.push(rel.to_owned());
        }
        false
    };
    let resolver = Resolver {
        config: &config,
        lookup: &lookup,
        exists: &exists,
    };
    let from = folio::core::post::PostId::new(0);
    let r = resolver.resolve(from, from_path, target);
    if let Ok(e) = escaped.lock()
        && !e.is_empty()
    {
        return Err(format!("{target:?} looked outside the root at {e:?}"));
    }
    match (r.status, r.post) {
        (LinkStatus::Ok, Some(id)) if id.index() < lookup.dates.len() => Ok(()),
        (LinkStatus::Ok, post) => Err(format!("{target:?} resolved to unknown post {post:?}")),
        (_, None) => Ok(()),
        (status, post) => Err(format!("{target:?} is {status:?} but names {post:?}")),
    }
}
