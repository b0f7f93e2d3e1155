//! Slugs: the name a post is known by in links (`/posts/<slug>`).

use std::path::Path;

use super::post_date::PostDate;

/// The slug and file-name date of the post at `rel_path` (relative to the content root).
///
/// The slug is the file stem; for `<folder>/index.md` (and Hugo's `<folder>/_index.md`) it
/// is the folder name; a Jekyll-style
/// `YYYY-MM-DD-name` gives `name` and that date.
pub fn from_path(rel_path: &Path) -> (String, Option<PostDate>) {
    let stem = rel_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = if stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("_index") {
        rel_path
            .parent()
            .and_then(Path::file_name)
            .map_or(stem, |s| s.to_string_lossy().into_owned())
    } else {
        stem
    };
    split_jekyll_name(&name)
}

/// Split `YYYY-MM-DD-rest` into (`rest`, date); other names are returned whole.
pub fn split_jekyll_name(name: &str) -> (String, Option<PostDate>) {
    if name.len() > 11
        && name.as_bytes()[10] == b'-'
        && name.is_char_boundary(10)
        && let Some(date) = PostDate::parse(&name[..10])
    {
        return (name[11..].to_owned(), Some(date));
    }
    (name.to_owned(), None)
}

/// Make a slug from a title: lowercase ASCII letters and digits separated by single hyphens.
/// Accented Latin letters lose their accents; other characters (apostrophes too, as in the
/// seed's `what-s-marketing-digital-in-simple-terms`) separate words.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The closest ASCII letters for common accented Latin letters; others unchanged.
fn fold_accent(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à'..='å' | 'ā' => "a",
        'À'..='Å' => "A",
        'æ' => "ae",
        'ç' | 'č' => "c",
        'è'..='ë' | 'ē' | 'ě' => "e",
        'È'..='Ë' => "E",
        'ì'..='ï' => "i",
        'ñ' | 'ň' => "n",
        'ò'..='ö' | 'ø' | 'ő' => "o",
        'Ò'..='Ö' | 'Ø' => "O",
        'ß' => "ss",
        'ù'..='ü' | 'ű' | 'ů' => "u",
        'Ù'..='Ü' => "U",
        'ý' | 'ÿ' => "y",
        'š' => "s",
        'ž' => "z",
        'ř' => "r",
        _ => "",
    };
    let mut buf = [None, None];
    if folded.is_empty() {
        buf[0] = Some(c);
    } else {
        let mut chars = folded.chars();
        buf[0] = chars.next();
        buf[1] = chars.next();
    }
    buf.into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_is_file_stem() {
        assert_eq!(from_path(Path::new("a/martech.md")).0, "martech");
    }

    #[test]
    fn slug_of_index_md_is_folder_name() {
        assert_eq!(
            from_path(Path::new("posts/welcome-email/index.md")).0,
            "welcome-email"
        );
    }

    /// Hugo's section page `_index.md` is named by its folder, as `index.md` is.
    #[test]
    fn slug_of_hugo_section_index_is_folder_name() {
        assert_eq!(from_path(Path::new("content/docs/_index.md")).0, "docs");
    }

    #[test]
    fn slug_of_jekyll_name_drops_date_and_keeps_it() {
        let (slug, date) = from_path(Path::new("2016-01-02-hello-world.markdown"));
        assert_eq!(slug, "hello-world");
        assert_eq!(date.unwrap().ymd(), "2016-01-02");
    }

    #[test]
    fn slug_keeps_names_that_only_look_like_dates() {
        assert_eq!(from_path(Path::new("2016-13-02-x.md")).0, "2016-13-02-x");
        assert_eq!(from_path(Path::new("2016-01-02.md")).0, "2016-01-02");
    }

    #[test]
    fn slugify_makes_lowercase_ascii_hyphenated() {
        assert_eq!(
            slugify("What's Marketing, Digital?"),
            "what-s-marketing-digital"
        );
        assert_eq!(slugify("  Café  Crème — 2024 "), "cafe-creme-2024");
        assert_eq!(slugify("日本語"), "");
    }
}
