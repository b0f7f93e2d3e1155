//! New posts: the template a post starts from, with `{title}`, `{slug}`, `{date}` and
//! `{tags}` filled in (as YAML-safe values), checked to parse before it is written.

use super::edit::{flow_list, validate_yaml, yaml_scalar};
use super::front_matter;

/// The template used when the site sets none.
pub const DEFAULT_TEMPLATE: &str = "---\ntitle: {title}\ndate: {date}\ntags: {tags}\n---\n\n";

/// `template` with its placeholders filled; refused if the front matter would not parse.
pub fn fill(
    template: &str,
    title: &str,
    slug: &str,
    date: &str,
    tags: &[String],
) -> Result<String, String> {
    let text = template
        .replace("{title}", &yaml_scalar(title))
        .replace("{slug}", slug)
        .replace("{date}", date)
        .replace("{tags}", &flow_list(tags));
    let block = front_matter::split(&text);
    validate_yaml(&text[block.yaml]).map_err(|e| format!("the new post template gives {e}"))?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_quotes_titles_that_need_it() {
        let text = fill(
            DEFAULT_TEMPLATE,
            "SEO: a primer",
            "seo-a-primer",
            "2026-11-28",
            &["post".into(), "SEO".into()],
        )
        .unwrap();
        assert_eq!(
            text,
            "---\ntitle: \"SEO: a primer\"\ndate: 2026-11-28\ntags: [post, SEO]\n---\n\n"
        );
    }

    #[test]
    fn fill_refuses_a_template_that_breaks_yaml() {
        assert!(fill("---\ntitle: [{title}\n---\n", "x", "x", "d", &[]).is_err());
    }
}
