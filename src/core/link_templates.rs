//! Links written in static-site-generator template syntax, which markdown parsers do not
//! see as links: `[t]({{ "/2015/07/08/openfec-api/" | url }})`, `{% post_url name %}`,
//! `{{< ref "x" >}}`. Before parsing, each is rewritten in place to a plain destination so
//! that link extraction and the reader both see a normal link. Rewrites never span lines,
//! so line numbers stay right.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::percent::encode_destination;

/// Destinations that name a post by file or name rather than by URL start with this.
pub const REF_SCHEME: &str = "folio-ref:";

/// What a matched template becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rewrite {
    /// The first capture group that matched (or `url`) is the URL.
    Url,
    /// The first capture group that matched (or `ref`) names a post by path or file name.
    Ref,
    /// The template is a site prefix (`{{ site.baseurl }}`) and disappears.
    Erase,
}

#[derive(Clone, Debug)]
struct Rule {
    regex: Regex,
    rewrite: Rewrite,
}

/// The rules for one site: the built-in forms plus the site's `link_patterns`.
#[derive(Clone, Debug)]
pub struct LinkTemplates {
    rules: Vec<Rule>,
}

static BUILTIN: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    [
        // Eleventy / Jekyll URL filters: {{ "/x/" | url }}, | relative_url, | absolute_url.
        (
            r#"\{\{-?[ \t]*["']([^"'\n]*)["'][ \t]*\|[ \t]*(?:url|relative_url|absolute_url)[ \t]*-?\}\}"#,
            Rewrite::Url,
        ),
        // Jekyll site prefixes: {{ site.baseurl }}/x, {{ site.url }}/x.
        (
            r"\{\{-?[ \t]*site\.(?:baseurl|url)[ \t]*-?\}\}",
            Rewrite::Erase,
        ),
        // Jekyll {% post_url 2016-01-02-name %} and {% link _posts/x.md %}.
        (
            r"\{%-?[ \t]*(?:post_url|link)[ \t]+([^\s%]+)[ \t]*-?%\}",
            Rewrite::Ref,
        ),
        // Hugo {{< ref "x" >}}, {{< relref "x" >}}, {{% ref "x" %}}.
        (
            r#"\{\{[<%][ \t]*(?:ref|relref)[ \t]+(?:"([^"\n]+)"|([^\s>%"]+))[ \t]*[>%]\}\}"#,
            Rewrite::Ref,
        ),
    ]
    .into_iter()
    .map(|(pattern, rewrite)| Rule {
        regex: Regex::new(pattern).expect("built-in link template patterns are valid"),
        rewrite,
    })
    .collect()
});

static TEMPLATE_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{%[^\n]*?%\}|\{\{[^\n]*?\}\}").expect("the template code pattern is valid")
});

impl Default for LinkTemplates {
    fn default() -> Self {
        LinkTemplates {
            rules: BUILTIN.clone(),
        }
    }
}

impl LinkTemplates {
    /// The built-in rules plus one rule per user regex. A user regex's named group `url`
    /// (else its first group) is the URL; a named group `ref` names a post instead.
    pub fn with_patterns(patterns: &[String]) -> Result<Self, String> {
        let mut templates = LinkTemplates::default();
        for pattern in patterns {
            let regex =
                Regex::new(pattern).map_err(|e| format!("bad link pattern {pattern:?}: {e}"))?;
            if regex.captures_len() < 2 {
                return Err(format!(
                    "link pattern {pattern:?} needs a capture group for the URL"
                ));
            }
            let rewrite = if regex.capture_names().flatten().any(|n| n == "ref") {
                Rewrite::Ref
            } else {
                Rewrite::Url
            };
            templates.rules.push(Rule { regex, rewrite });
        }
        Ok(templates)
    }

    /// `text` with every template link rewritten to a plain destination.
    pub fn rewrite<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if !text.contains('{') && self.rules.len() == BUILTIN.len() {
            return Cow::Borrowed(text);
        }
        let mut out = Cow::Borrowed(text);
        for rule in &self.rules {
            if let Cow::Owned(changed) = rule
                .regex
                .replace_all(&out, |caps: &Captures| replacement(caps, rule.rewrite))
            {
                out = Cow::Owned(changed);
            }
        }
        out
    }
}

fn replacement(caps: &Captures, rewrite: Rewrite) -> String {
    let whole = caps.get(0).map_or("", |m| m.as_str());
    if whole.contains('\n') {
        return whole.to_owned();
    }
    let group = |name: &str| {
        caps.name(name)
            .or_else(|| caps.iter().skip(1).flatten().next())
            .map_or("", |m| m.as_str())
    };
    match rewrite {
        Rewrite::Url => encode_destination(group("url")),
        Rewrite::Ref => format!("{REF_SCHEME}{}", encode_destination(group("ref"))),
        Rewrite::Erase => String::new(),
    }
}

/// Byte ranges of template code (`{% ... %}`, `{{ ... }}`) left in a text, to show dimmed.
pub fn template_code(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    TEMPLATE_CODE.find_iter(text).map(|m| m.range())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(text: &str) -> String {
        LinkTemplates::default().rewrite(text).into_owned()
    }

    #[test]
    fn templates_rewrite_eleventy_url_filter() {
        assert_eq!(
            rewrite(r#"[Open FEC API]({{ "/2015/07/08/openfec-api/" | url }})"#),
            "[Open FEC API](/2015/07/08/openfec-api/)"
        );
        assert_eq!(rewrite("[a]({{ '/x/' | relative_url }})"), "[a](/x/)");
    }

    #[test]
    fn templates_rewrite_jekyll_forms() {
        assert_eq!(rewrite("[a]({{ site.baseurl }}/x/)"), "[a](/x/)");
        assert_eq!(
            rewrite("[a]({% post_url 2016-01-02-name %})"),
            "[a](folio-ref:2016-01-02-name)"
        );
        assert_eq!(
            rewrite("[a]({% link _posts/x.md %})"),
            "[a](folio-ref:_posts/x.md)"
        );
    }

    #[test]
    fn templates_rewrite_hugo_refs() {
        assert_eq!(rewrite(r#"[a]({{< ref "x.md" >}})"#), "[a](folio-ref:x.md)");
        assert_eq!(
            rewrite(r#"[a]({{< relref "/posts/my post.md" >}})"#),
            "[a](folio-ref:/posts/my%20post.md)"
        );
    }

    #[test]
    fn templates_keep_other_template_code_and_lines() {
        let text = "{% image \"a.jpg\" %}\n[a]({{ \"/x/\" | url }})\n";
        let out = rewrite(text);
        assert!(out.starts_with("{% image \"a.jpg\" %}\n"));
        assert_eq!(out.lines().count(), text.lines().count());
    }

    #[test]
    fn templates_user_patterns_add_rules() {
        let t = LinkTemplates::with_patterns(&[r"\[\[([a-z-]+)\]\]".to_owned()]).unwrap();
        assert_eq!(t.rewrite("see [x]([[my-post]])"), "see [x](my-post)");
        let t = LinkTemplates::with_patterns(&[r"<<(?P<ref>[a-z-]+)>>".to_owned()]).unwrap();
        assert_eq!(t.rewrite("[x](<<a>>)"), "[x](folio-ref:a)");
        assert!(LinkTemplates::with_patterns(&["(".to_owned()]).is_err());
        assert!(LinkTemplates::with_patterns(&["abc".to_owned()]).is_err());
    }

    #[test]
    fn template_code_finds_shortcodes() {
        let text = "a {% image \"x\" %} b {{ y }}";
        let found: Vec<_> = template_code(text).map(|r| &text[r]).collect();
        assert_eq!(found, ["{% image \"x\" %}", "{{ y }}"]);
    }
}
