//! New posts: the template a post starts from, with `{title}`, `{slug}`, `{date}` and
//! `{tags}` filled in (as YAML-safe values), checked to parse before it is written.

use super::edit::validate_yaml;
use super::front_matter;
use super::yaml_scalar::{Expected, check_round_trip, flow_list, yaml_scalar};

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
    if front_matter::split(template).format == front_matter::Format::Toml {
        return Err(
            "the new post template's front matter is TOML (`+++`); folio fills in \
                    YAML templates (`---`) only"
                .to_owned(),
        );
    }
    // A slug that is the whole value of a field (`slug: {slug}`) is a scalar too: `2024`
    // must stay a string.
    let text = template
        .replace(": {slug}\n", &format!(": {}\n", yaml_scalar(slug)))
        .replace("{title}", &yaml_scalar(title))
        .replace("{slug}", slug)
        .replace("{date}", date)
        .replace("{tags}", &flow_list(tags));
    let block = front_matter::split(&text);
    let yaml = &text[block.yaml];
    validate_yaml(yaml).map_err(|e| format!("the new post template gives {e}"))?;
    let whole_value = |placeholder: &str| {
        let block = front_matter::split(template);
        template[block.yaml]
            .lines()
            .find_map(|l| l.split_once(':').filter(|(_, v)| v.trim() == placeholder))
            .map(|(k, _)| k.trim().to_owned())
    };
    if let Some(field) = whole_value("{title}") {
        check_round_trip(yaml, &field, Expected::Text(title))?;
    }
    if let Some(field) = whole_value("{tags}") {
        check_round_trip(yaml, &field, Expected::List(tags))?;
    }
    if let Some(field) = whole_value("{slug}") {
        check_round_trip(yaml, &field, Expected::Text(slug))?;
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_refuses_a_toml_template_with_a_message() {
        let err = fill(
            "+++\ntitle = \"{title}\"\n+++\n",
            "T",
            "t",
            "2026-01-01",
            &[],
        )
        .unwrap_err();
        assert!(err.contains("TOML"), "{err}");
    }

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

    /// Titles, tags and slugs that YAML would retype are written so they read back as typed.
    #[test]
    fn fill_keeps_retypable_values_strings() {
        let template = "---\ntitle: {title}\nslug: {slug}\ntags: {tags}\n---\n";
        let text = fill(
            template,
            "2024",
            "2024",
            "d",
            &["0x10".into(), "yes".into()],
        )
        .unwrap();
        assert_eq!(
            text,
            "---\ntitle: \"2024\"\nslug: \"2024\"\ntags: [\"0x10\", \"yes\"]\n---\n"
        );
    }

    #[test]
    fn fill_refuses_a_template_that_breaks_yaml() {
        assert!(fill("---\ntitle: [{title}\n---\n", "x", "x", "d", &[]).is_err());
    }
}
