//! The review checks, in two layers: [`post_checks`] need one post (they run while it is
//! parsed, below `post`), [`site_checks`] need every post and link (they run while the
//! index is built, below `index`). Levels and numbers come from `check_config`.

pub mod post_checks;
pub mod site_checks;
