//! The content core: everything folio knows about a folder of posts, without a terminal.
//!
//! Reading files ([`source`]), splitting and parsing front matter ([`front_matter`]),
//! turning a file into a [`post::Post`], finding posts ([`discovery`]), the per-site
//! settings ([`site_config`], [`site_url`], [`site_layout`]), links ([`links`], [`link_templates`], [`permalink`],
//! [`post_lookup`], [`link_resolve`]), the whole-folder [`index`] with tags and backlinks, and the review
//! checks ([`lint`]).

pub mod catalog;
pub mod discovery;
pub mod edit;
pub mod field_value;
pub mod front_matter;
pub mod index;
pub mod line_index;
pub mod link_resolve;
pub mod link_templates;
pub mod links;
pub mod lint;
pub mod mojibake;
pub mod new_post;
pub mod percent;
pub mod permalink;
pub mod post;
pub mod post_date;
pub mod post_lookup;
pub mod problem;
pub mod save;
pub mod site_config;
pub mod site_layout;
pub mod site_url;
pub mod slug;
pub mod source;
pub mod stable_hash;
pub mod tags;
