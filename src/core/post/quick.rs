//! The quick ways to a [`Post`]: what a list needs ([`Post::listing_only`]) and what a
//! card needs ([`Post::from_front_matter`]), each reading less of the file than
//! [`Post::load`]. Part of [`super`] (it uses the post's own field reading).

use super::super::front_matter::{self, BlockState, Format};
use super::super::front_matter_quick;
use super::super::link_templates::LinkTemplates;
use super::super::source::{SourceText, Unreadable};
use super::{Post, parse};

impl Post {
    /// What the first list needs of the post in `source` (what a cache listing holds): names,
    /// title, date, tags, image and URL, from the front matter read quickly
    /// ([`front_matter_quick`], the YAML crate when it gives up) and, for a post without
    /// a title, its first heading; and whether it has front matter, closed or not, with the
    /// problem of front matter that does not parse or is not closed. No links, words, fields
    /// beyond those, or other problems: the full index parses the post again.
    pub fn listing_only(rel_path: &str, source: Result<SourceText, Unreadable>) -> Post {
        let mut post = Post::named(rel_path);
        let Ok(src) = source else {
            return post;
        };
        post.readable = true;
        let text = &src.text;
        let block = front_matter::split(text);
        post.layout.front_matter = (block.state != BlockState::Absent).then_some(block.state);
        // The front matter's own problem (YAML that does not parse, a block never closed)
        // is known here for nothing, and marks the post ✗ in the first list.
        let mut own_problem = None;
        if block.state == BlockState::Closed {
            let yaml = &text[block.yaml.clone()];
            let quick = (block.format == Format::Yaml)
                .then(|| front_matter_quick::listed_fields(yaml))
                .flatten();
            let fields = match quick {
                Some(fields) => Some(fields),
                None => match front_matter::parse_block(text, &block) {
                    Ok(fields) => Some(fields),
                    Err(err) => {
                        own_problem = Some(parse::invalid_yaml(&block, &err));
                        None
                    }
                },
            };
            if let Some(fields) = fields {
                post.read_fields(&fields);
            }
        } else if block.state == BlockState::Unterminated {
            own_problem = Some(parse::unclosed(&block));
        }
        if post.title.as_deref().is_none_or(str::is_empty) {
            post.heading =
                super::super::links::first_heading(&text[block.body_start..]).map(Into::into);
        }
        post.problems.clear();
        post.problems.extend(own_problem);
        post
    }

    /// A post from its file's front matter alone (title, date, tags, image, fields; the
    /// body is not scanned: no links, words or body problems), for a screen that needs no
    /// more, fast on a large file. A post without a title (its first heading names it) is
    /// read whole.
    pub fn from_front_matter(rel_path: &str, src: &SourceText, templates: &LinkTemplates) -> Post {
        let mut post = Post::named(rel_path);
        post.parse_front(src);
        if post.title.as_deref().is_none_or(str::is_empty) {
            let mut whole = Post::named(rel_path);
            whole.parse_text(src, templates);
            return whole;
        }
        post
    }
}
