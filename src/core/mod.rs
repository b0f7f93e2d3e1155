//! The content core: everything folio knows about a folder of posts, without a terminal.
//!
//! Reading files ([`source`]), splitting and parsing front matter ([`front_matter`]),
//! turning a file into a [`post::Post`] named by a [`post_id::PostId`], finding posts ([`discovery`]), the per-site
//! settings ([`site_config`], [`site_url`], [`site_layout`]), links ([`links`],
//! [`link_templates`], [`permalink`], [`post_lookup`], [`link_resolve`], [`link_graph`]),
//! the whole-folder [`index`] with tags and backlinks (kept between runs by the
//! [`index_cache`], used at start-up by [`cached_index`]), and the review checks
//! ([`checks`], set up by [`check_config`]).
//!
//! Layers inside core (imports point down only): `checks::post_checks` (one post's text)
//! sits below [`post`]; `checks::site_checks` (needs every post and link) sits below
//! [`index`] and takes the pieces of the index, not the index itself. `tests/layers.rs`
//! checks on the source that no module of core imports one that imports it back.

pub mod cached_index;
pub mod catalog;
pub mod change_set;
pub mod check_config;
pub mod checks;
pub mod discovery;
pub mod edit;
pub mod field_value;
pub mod first_page;
pub mod front_matter;
pub mod front_matter_quick;
pub mod index;
pub mod index_cache;
pub mod index_files;
pub mod index_update;
pub mod line_index;
pub mod link_graph;
pub mod link_resolve;
pub mod link_templates;
pub mod links;
pub mod listed;
pub mod mojibake;
pub mod new_post;
pub mod par;
pub mod percent;
pub mod permalink;
pub mod post;
pub mod post_date;
pub mod post_id;
pub mod post_lookup;
pub mod post_ops;
pub mod problem;
pub mod problem_summary;
pub mod rename;
pub mod review;
pub mod save;
pub mod site_config;
pub mod site_layout;
pub mod site_url;
pub mod slug;
pub mod source;
pub mod stable_hash;
pub mod stored_fields;
pub mod tag_edit;
pub mod tag_ops;
pub mod tags;
pub mod text_safety;
pub mod toml_tags;
pub mod yaml_scalar;
