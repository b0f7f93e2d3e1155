//! Links written in static-site-generator template syntax, which markdown parsers do not
//! see as links: `[t]({{ "/2015/07/08/openfec-api/" | url }})`, `{% post_url name %}`,
//! `{{< ref "x" >}}`. Before parsing, each is rewritten in place to a plain destination so
//! that link extraction and the reader both see a normal link. Rewrites never span lines,
//! so line numbers stay right, and each is recorded as an [`Edit`] so a link can be shown
//! as written in the post.

use std::borrow::Cow;
use std::ops::Range;
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
    /// As `Ref`, but the name is from the site root (Jekyll's `{% link %}`).
    RootRef,
    /// The capture is the argument list of a Hugo `ref`/`relref`: `"x"`, `path="x"`, ….
    HugoRef,
    /// The template is a site prefix (`{{ site.baseurl }}`) and disappears.
    Erase,
}

#[derive(Clone, Debug)]
struct Rule {
    regex: Regex,
    rewrite: Rewrite,
}

/// The rules for one site: the built-in forms plus the site's `link_patterns`.
#[derive(Clone, Debug, Default)]
pub struct LinkTemplates {
    /// The site's own rules, tried after the built-in ones ([`BUILTIN`], compiled on
    /// first use: a text without `{` needs none, and a first screen need not wait).
    user: Vec<Rule>,
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
            r"\{%-?[ \t]*post_url[ \t]+([^\s%]+)[ \t]*-?%\}",
            Rewrite::Ref,
        ),
        (
            r"\{%-?[ \t]*link[ \t]+([^\s%]+)[ \t]*-?%\}",
            Rewrite::RootRef,
        ),
        // Hugo {{< ref "x" >}}, {{< relref "x" >}}, {{% ref "x" %}}, {{< ref path="x" >}}.
        (
            r"\{\{[<%]-?[ \t]*(?:ref|relref)[ \t]+([^\n]*?)[ \t]*-?[>%]\}\}",
            Rewrite::HugoRef,
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

impl LinkTemplates {
    /// Whether `other` has the same rules (same patterns, same rewrites, same order): it
    /// rewrites every text as this does.
    pub fn same_rules(&self, other: &LinkTemplates) -> bool {
        self.user.len() == other.user.len()
            && self
                .user
                .iter()
                .zip(&other.user)
                .all(|(a, b)| a.rewrite == b.rewrite && a.regex.as_str() == b.regex.as_str())
    }

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
            templates.user.push(Rule { regex, rewrite });
        }
        Ok(templates)
    }

    /// `text` with every template link rewritten to a plain destination.
    pub fn rewrite<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.rewrite_traced(text).text
    }

    /// `text` with every template link rewritten, and where each rewrite happened. All rules
    /// are matched against the original text; where two matches overlap, the one starting
    /// first wins (then the rule listed first).
    pub fn rewrite_traced<'a>(&self, text: &'a str) -> Rewritten<'a> {
        if !text.contains('{') && self.user.is_empty() {
            return Rewritten {
                text: Cow::Borrowed(text),
                edits: Vec::new(),
            };
        }
        let mut found: Vec<(usize, usize, usize, String)> = Vec::new();
        for (order, rule) in BUILTIN.iter().chain(&self.user).enumerate() {
            for caps in rule.regex.captures_iter(text) {
                let Some(whole) = caps.get(0) else { continue };
                if whole.as_str().contains('\n') || whole.is_empty() {
                    continue;
                }
                found.push((
                    whole.start(),
                    whole.end(),
                    order,
                    replacement(&caps, rule.rewrite),
                ));
            }
        }
        if found.is_empty() {
            return Rewritten {
                text: Cow::Borrowed(text),
                edits: Vec::new(),
            };
        }
        found.sort_by_key(|&(start, _, order, _)| (start, order));
        let mut out = String::with_capacity(text.len());
        let mut edits = Vec::new();
        let mut done = 0;
        for (start, end, _, with) in found {
            if start < done {
                continue;
            }
            out.push_str(&text[done..start]);
            let at = out.len();
            out.push_str(&with);
            edits.push(Edit {
                new: at..out.len(),
                old: start..end,
            });
            done = end;
        }
        out.push_str(&text[done..]);
        Rewritten {
            text: Cow::Owned(out),
            edits,
        }
    }
}

/// One template rewritten to a plain destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Where the replacement sits in the rewritten text (empty when the template vanished).
    pub new: Range<usize>,
    /// The template's bytes in the original text.
    pub old: Range<usize>,
}

/// A text with its template links rewritten.
#[derive(Clone, Debug)]
pub struct Rewritten<'a> {
    /// The rewritten text.
    pub text: Cow<'a, str>,
    /// Every rewrite, in text order.
    pub edits: Vec<Edit>,
}

impl Rewritten<'_> {
    /// The range of the original text that the rewritten range `new` came from: a range
    /// touching a rewrite takes in the whole template (a vanished template just before
    /// `new.start` included).
    pub fn original_range(&self, new: Range<usize>) -> Range<usize> {
        self.to_old(new.start, false)
            ..self
                .to_old(new.end, true)
                .max(self.to_old(new.start, false))
    }

    fn to_old(&self, x: usize, is_end: bool) -> usize {
        let mut shift: isize = 0;
        for e in &self.edits {
            let vanished_here = e.new.is_empty() && e.new.start == x;
            let passed = if is_end {
                e.new.end <= x && !vanished_here
            } else {
                e.new.end < x || (e.new.end == x && !e.new.is_empty())
            };
            if passed {
                shift = e.old.end.cast_signed() - e.new.end.cast_signed();
            } else if e.new.start < x || (!is_end && e.new.start == x) {
                return if is_end { e.old.end } else { e.old.start };
            } else {
                break;
            }
        }
        x.saturating_add_signed(shift)
    }
}

fn replacement(caps: &Captures, rewrite: Rewrite) -> String {
    let group = |name: &str| {
        caps.name(name)
            .or_else(|| caps.iter().skip(1).flatten().next())
            .map_or("", |m| m.as_str())
    };
    match rewrite {
        Rewrite::Url => encode_destination(group("url")),
        Rewrite::Ref => format!("{REF_SCHEME}{}", encode_destination(group("ref"))),
        Rewrite::RootRef => {
            let name = group("ref");
            let slash = if name.starts_with('/') { "" } else { "/" };
            format!("{REF_SCHEME}{slash}{}", encode_destination(name))
        }
        Rewrite::HugoRef => format!(
            "{REF_SCHEME}{}",
            encode_destination(hugo_ref_path(group("ref")))
        ),
        Rewrite::Erase => String::new(),
    }
}

fn hugo_ref_path(args: &str) -> &str {
    // Named `path="x"` (any order), else the first positional argument.
    let named = args
        .find("path=")
        .filter(|&i| i == 0 || args[..i].ends_with([' ', '\t']))
        .map(|i| &args[i + 5..]);
    let arg = named.unwrap_or(args).trim_start();
    for quote in ['"', '`'] {
        if let Some(rest) = arg.strip_prefix(quote) {
            return rest.split(quote).next().unwrap_or(rest);
        }
    }
    arg.split_whitespace().next().unwrap_or("")
}

/// Byte ranges of template code (`{% ... %}`, `{{ ... }}`) left in a text, to show dimmed.
pub fn template_code(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    // Most texts hold no brace: the pattern is not even compiled for them (compiling it
    // was a fifth of a small post's first screen).
    text.contains('{')
        .then(|| TEMPLATE_CODE.find_iter(text).map(|m| m.range()))
        .into_iter()
        .flatten()
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
            "[a](folio-ref:/_posts/x.md)"
        );
    }

    #[test]
    fn templates_rewrite_hugo_refs() {
        assert_eq!(rewrite(r#"[a]({{< ref "x.md" >}})"#), "[a](folio-ref:x.md)");
        assert_eq!(
            rewrite(r#"[a]({{< relref "/posts/my post.md" >}})"#),
            "[a](folio-ref:/posts/my%20post.md)"
        );
        assert_eq!(rewrite(r#"[a]({{% ref "x#h" %}})"#), "[a](folio-ref:x#h)");
        assert_eq!(rewrite("[a]({{< ref x.md >}})"), "[a](folio-ref:x.md)");
        assert_eq!(
            rewrite(r#"[a]({{< ref path="docs/A.md" lang="en" >}})"#),
            "[a](folio-ref:docs/A.md)"
        );
        assert_eq!(
            rewrite(r#"[a]({{< relref lang="en" path="b" >}})"#),
            "[a](folio-ref:b)"
        );
        assert_eq!(
            rewrite(r#"[a]({{< ref "c" "html" >}})"#),
            "[a](folio-ref:c)"
        );
    }

    /// Each rewrite is recorded, and a rewritten range maps back to the bytes as written.
    #[test]
    fn templates_trace_rewrites_back_to_the_original() {
        let text = "[a]({% post_url 2016-01-02-x %}) [b]({{ site.baseurl }}/y/) [c](/z/)";
        let t = LinkTemplates::default();
        let out = t.rewrite_traced(text);
        assert_eq!(out.text, "[a](folio-ref:2016-01-02-x) [b](/y/) [c](/z/)");
        assert_eq!(out.edits.len(), 2);
        let back = |s: &str| {
            let at = out.text.find(s).unwrap();
            &text[out.original_range(at..at + s.len())]
        };
        assert_eq!(
            back("folio-ref:2016-01-02-x"),
            "{% post_url 2016-01-02-x %}"
        );
        assert_eq!(back("/y/"), "{{ site.baseurl }}/y/");
        assert_eq!(back("/z/"), "/z/");
        assert_eq!(back("[a]"), "[a]");
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
