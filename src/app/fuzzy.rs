//! Fuzzy filtering of a list by what the user typed, with nucleo's matcher (smart case,
//! Unicode normalisation), best matches first.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// The positions of the `items` matching `query`, best first (ties keep list order).
/// `text` gives the text an item is matched on.
pub fn filter<T>(query: &str, items: &[T], text: impl Fn(&T) -> String) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..items.len()).collect();
    }
    let pattern = Pattern::new(
        query,
        CaseMatching::Smart,
        Normalization::Smart,
        AtomKind::Fuzzy,
    );
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let haystack = text(item);
            let score = pattern.score(Utf32Str::new(&haystack, &mut buf), &mut matcher)?;
            Some((score, i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_filter_matches_out_of_order_letters_best_first() {
        let items = ["martech", "marketing automation basics", "seo checklist"];
        let got = filter("mrtch", &items, |s| (*s).to_owned());
        assert_eq!(got[0], 0);
        assert!(!got.contains(&2));
        assert_eq!(filter("", &items, |s| (*s).to_owned()), [0, 1, 2]);
        assert!(filter("zzz", &items, |s| (*s).to_owned()).is_empty());
    }

    #[test]
    fn fuzzy_filter_is_smart_case() {
        let items = ["SEO basics", "seo tips"];
        assert_eq!(filter("seo", &items, |s| (*s).to_owned()).len(), 2);
        assert_eq!(filter("SEO", &items, |s| (*s).to_owned()), [0]);
    }
}
