//! Markdown to styled lines for a given width. Pure: no terminal, no I/O.
//!
//! [`markdown::render`] turns a body into [`styled::Line`]s, with the positions of its
//! links and headings; [`document::render_post`] adds a post's header card and link list.
//! Styles are semantic ([`styled::Role`]); [`theme`] says how each looks in 16 colours.
//! Every piece of post text passes through [`sanitize`] on the way in, so no control
//! character from a file reaches a terminal. [`highlight`] colours fenced code once its
//! grammars are loaded.

pub mod document;
pub mod highlight;
pub mod markdown;
pub mod sanitize;
pub mod styled;
pub mod table;
pub mod theme;
pub mod wrap;
