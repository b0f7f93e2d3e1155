//! A whole post as the reader shows it: a header card (title, date, tags, image, other
//! fields, problems), the rendered body, and optionally a numbered list of its links.

use std::collections::HashMap;

use crate::core::front_matter;
use crate::core::index::{Index, Link, image_exists};
use crate::core::link_resolve::LinkStatus;
use crate::core::post::PostId;
use crate::core::problem::Level;

use super::markdown::{self, Rendered};
use super::sanitize::clean;
use super::styled::{Line, Role, Span, Style};
use super::wrap::wrap_hanging;

/// Front matter fields the card shows in its own way rather than as `name: value`.
const CARD_FIELDS: [&str; 4] = ["title", "date", "tags", "image"];

/// Problems listed in the card at most; a line says how many more there are (a huge
/// post with thousands of broken links drew thousands of card lines before its text).
const CARD_PROBLEMS: usize = 20;

/// What to include besides the body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DocumentOptions {
    /// Append a numbered list of the post's links with where each goes.
    pub links_footer: bool,
}

/// Render post `id` of `index`, whose file text is `text`, to `width` columns.
pub fn render_post(
    index: &Index,
    id: PostId,
    text: &str,
    width: usize,
    options: DocumentOptions,
) -> Rendered {
    render_post_first(index, id, text, width, options, usize::MAX)
}

/// The first part of [`render_post`]: the card and at least `min_lines` lines of the body
/// (whole blocks; see [`markdown::render_first`]), the same lines the whole rendering
/// starts with. When [`Rendered::partial`], the links list of `options` is left for the
/// whole rendering.
pub fn render_post_first(
    index: &Index,
    id: PostId,
    text: &str,
    width: usize,
    options: DocumentOptions,
    min_lines: usize,
) -> Rendered {
    let width = width.max(8);
    let by_target: HashMap<&str, Link> = index.links(id).map(|l| (l.target, l)).collect();
    let block = front_matter::split(text);
    let body = index
        .config
        .link_templates
        .rewrite(&text[block.body_start..]);
    let status = |target: &str| by_target.get(target).map(|l| l.status);
    let mut doc = markdown::render_first(&body, width, &status, min_lines);

    let card = card(index, id, width);
    let shift = card.len();
    doc.card_lines = shift;
    for link in &mut doc.links {
        link.line += shift;
    }
    for heading in &mut doc.headings {
        heading.line += shift;
    }
    // Body lines count from the file's first line; the card stands for the front matter.
    let body_offset = crate::core::line_index::count_newlines(&text[..block.body_start]);
    let mut sources = vec![1; shift];
    sources.extend(doc.source_lines.iter().map(|l| l + body_offset));
    doc.source_lines = sources;
    let mut lines = card;
    lines.append(&mut doc.lines);
    if options.links_footer && !doc.links.is_empty() && !doc.partial {
        lines.push(Line::default());
        lines.push(Line::new(vec![Span::new(
            "Links",
            Style {
                bold: true,
                ..Style::role(Role::Heading(2))
            },
        )]));
        for (i, link) in doc.links.iter().enumerate() {
            let spans = footer_entry(index, i, &link.target, by_target.get(link.target.as_str()));
            let indent = format!("[{}] ", i + 1).len();
            lines.extend(
                wrap_hanging(&spans, width, indent)
                    .into_iter()
                    .map(Line::new),
            );
        }
    }
    doc.lines = lines;
    doc
}

/// Whether post `a` of `old` and post `b` of `new` render alike from the same file text:
/// the same card (title, date, visible tags, image, fields, problems), the same links
/// with the same statuses and the same link templates (they rewrite the body). A new index that changes none of these (the full index
/// replacing the cache's at start-up, say) needs no new rendering of an open post.
pub fn renders_alike(old: &Index, a: PostId, new: &Index, b: PostId) -> bool {
    let (p, q) = (&old.posts[a], &new.posts[b]);
    let visible = |index: &Index, tags: &[String]| -> Vec<String> {
        tags.iter()
            .filter(|t| !index.config.is_hidden_tag(t))
            .cloned()
            .collect()
    };
    p.display_title() == q.display_title()
        && old
            .config
            .link_templates
            .same_rules(&new.config.link_templates)
        && p.date == q.date
        && p.image == q.image
        && p.fields == q.fields
        && visible(old, &p.tags) == visible(new, &q.tags)
        && old.problems(a) == new.problems(b)
        && link_keys(old, a) == link_keys(new, b)
}

/// What of a link shows: where it goes, as written, its status, why it is broken, and
/// the slug of the post it names.
type LinkKey<'a> = (
    &'a str,
    Option<&'a str>,
    LinkStatus,
    Option<&'a str>,
    Option<&'a str>,
);

/// The links of post `id` as they show (see [`renders_alike`]).
fn link_keys(index: &Index, id: PostId) -> Vec<LinkKey<'_>> {
    index
        .links(id)
        .map(|l| {
            let slug = l.post.map(|id| index.posts[id].slug.as_ref());
            (l.target, l.written, l.status, l.reason, slug)
        })
        .collect()
}

fn card(index: &Index, id: PostId, width: usize) -> Vec<Line> {
    let post = &index.posts[id];
    let mut lines: Vec<Line> = Vec::new();
    // Continuation lines of card entries are indented, so each entry reads as one.
    let mut add = |spans: Vec<Span>, indent: usize| {
        lines.extend(
            wrap_hanging(&spans, width, indent)
                .into_iter()
                .map(Line::new),
        );
    };

    add(
        vec![Span::new(
            clean(post.display_title()),
            Style {
                bold: true,
                ..Style::role(Role::Title)
            },
        )],
        0,
    );

    let mut meta = vec![Span::new(
        post.date.as_ref().map_or_else(
            || "no date".to_owned(),
            crate::core::post_date::PostDate::ymd,
        ),
        Style::role(Role::Muted),
    )];
    for tag in post.tags.iter().filter(|t| !index.config.is_hidden_tag(t)) {
        meta.push(Span::new("  ", Style::default()));
        meta.push(Span::new(
            format!("#{}", clean(tag)),
            Style::role(Role::Tag),
        ));
    }
    add(meta, 0);

    if let Some(image) = &post.image {
        let (note, role) = match image_exists(&index.root, index.config.media_dir.as_deref(), post)
        {
            Some(true) => ("found", Role::Good),
            Some(false) => ("missing", Role::Error),
            None => ("not checked", Role::Muted),
        };
        add(
            vec![
                Span::new("image ", Style::role(Role::Label)),
                Span::new(clean(image), Style::role(Role::Muted)),
                Span::new(format!(" ({note})"), Style::role(role)),
            ],
            6,
        );
    }
    for (name, value) in post.fields.iter().filter(|(n, _)| !CARD_FIELDS.contains(n)) {
        let value = clean(&value.to_string()).into_owned();
        let room = width.saturating_sub(name.len() + 2).max(1);
        add(
            vec![
                Span::new(format!("{} ", clean(name)), Style::role(Role::Label)),
                Span::new(truncate(&value, room), Style::role(Role::Muted)),
            ],
            2,
        );
    }
    let problems = index.problems(id);
    for problem in &problems[..problems.len().min(CARD_PROBLEMS)] {
        let (sign, role) = match problem.level {
            Level::Error => ("✗ error", Role::Error),
            Level::Warning => ("! warning", Role::Warning),
        };
        add(
            vec![
                Span::new(format!("{sign} "), Style::role(role)),
                Span::new(
                    format!("line {}: {}", problem.line, clean(&problem.message)),
                    Style::role(role),
                ),
            ],
            2,
        );
    }
    if problems.len() > CARD_PROBLEMS {
        add(
            vec![Span::new(
                format!(
                    "… and {} more problems: the problems view lists them all",
                    problems.len() - CARD_PROBLEMS
                ),
                Style::role(Role::Muted),
            )],
            2,
        );
    }
    lines.push(Line::new(vec![Span::new(
        "─".repeat(width),
        Style::role(Role::Rule),
    )]));
    lines.push(Line::default());
    lines
}

fn footer_entry(index: &Index, i: usize, target: &str, link: Option<&Link>) -> Vec<Span> {
    let mut spans = vec![
        Span {
            text: format!("[{}] ", i + 1),
            style: Style::role(Role::LinkMark),
            link: Some(i),
        },
        Span {
            // As written in the post: `{% post_url x %}`, not the internal `folio-ref:x`.
            text: clean(link.map_or(target, Link::as_written)).into_owned(),
            style: Style::role(Role::Muted),
            link: Some(i),
        },
    ];
    let (note, role) = match link {
        Some(l) => match l.status {
            LinkStatus::Ok => {
                let slug = l.post.map_or("", |p| index.posts[p].slug.as_ref());
                (format!(" → {}", clean(slug)), Role::Good)
            }
            LinkStatus::Broken => (
                format!(
                    " ✗ broken: {}",
                    clean(l.reason.unwrap_or("does not resolve"))
                ),
                Role::LinkBroken,
            ),
            LinkStatus::Site => (" (site file)".to_owned(), Role::Muted),
            LinkStatus::External => (" ↗ external".to_owned(), Role::LinkExternal),
        },
        None => (" (not indexed)".to_owned(), Role::Muted),
    };
    spans.push(Span::new(note, Style::role(role)));
    spans
}

/// `text` cut to `width` columns, with `…` when cut.
fn truncate(text: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        if used + g.width() + 1 > width {
            break;
        }
        used += g.width();
        out.push_str(g);
    }
    out.push('…');
    out
}
