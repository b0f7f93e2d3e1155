//! Fuzzy filtering of a list by what the user typed, with nucleo's matcher (smart case,
//! Unicode normalisation), best matches first.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use rayon::prelude::*;

/// Lists longer than this are scored on all cores.
const PARALLEL_FROM: usize = 4096;

/// The positions of the `items` matching `query`, best first (ties keep list order).
/// `text` gives the text an item is matched on.
pub fn filter<'s, T: Sync>(
    query: &str,
    items: &'s [T],
    text: impl Fn(&'s T) -> &'s str + Sync,
) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..items.len()).collect();
    }
    let mut scored = scores(query, items, text);
    scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// Whether every item matching `query` also matches `prev`, so a filter by `query` need
/// score only what `prev` kept: `query` adds to `prev` (more letters, more words) with no
/// `\` anywhere (an escape can turn what `prev` ended with into something else: `a\`
/// then `a\ b`). Patterns are words of fuzzy letters (see [`scores`]): nothing else
/// has a meaning that more letters could undo.
pub fn narrows(prev: &str, query: &str) -> bool {
    query.starts_with(prev) && !query.contains('\\')
}

/// The (score, position) of every item of `items` matching `query`, in no set order;
/// see [`filter`].
pub fn scores<'s, T: Sync>(
    query: &str,
    items: &'s [T],
    text: impl Fn(&'s T) -> &'s str + Sync,
) -> Vec<(u32, usize)> {
    if query.trim().is_empty() {
        return (0..items.len()).map(|i| (0, i)).collect();
    }
    let pattern = Pattern::new(
        query,
        CaseMatching::Smart,
        Normalization::Smart,
        AtomKind::Fuzzy,
    );
    let score_chunk = |start: usize, chunk: &'s [T]| -> Vec<(u32, usize)> {
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        chunk
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let score = pattern.score(Utf32Str::new(text(item), &mut buf), &mut matcher)?;
                Some((score, start + i))
            })
            .collect()
    };
    if items.len() < PARALLEL_FROM {
        score_chunk(0, items)
    } else {
        items
            .par_chunks(PARALLEL_FROM)
            .enumerate()
            .flat_map_iter(|(n, chunk)| score_chunk(n * PARALLEL_FROM, chunk))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_filter_matches_out_of_order_letters_best_first() {
        let items = ["martech", "marketing automation basics", "seo checklist"];
        let got = filter("mrtch", &items, |s| *s);
        assert_eq!(got[0], 0);
        assert!(!got.contains(&2));
        assert_eq!(filter("", &items, |s| *s), [0, 1, 2]);
        assert!(filter("zzz", &items, |s| *s).is_empty());
    }

    #[test]
    fn fuzzy_filter_is_smart_case() {
        let items = ["SEO basics", "seo tips"];
        assert_eq!(filter("seo", &items, |s| *s).len(), 2);
        assert_eq!(filter("SEO", &items, |s| *s), [0]);
    }
}

#[cfg(test)]
mod parallel_tests {
    use super::*;

    #[test]
    fn fuzzy_filter_gives_the_same_answer_in_parallel() {
        let items: Vec<String> = (0..10_000).map(|i| format!("post {i} about seo")).collect();
        let got = filter("post 12", &items, String::as_str);
        assert!(got.contains(&12) && got.contains(&1200));
        let serial: Vec<usize> = filter("post 12", &items[..100], String::as_str);
        assert!(serial.iter().all(|i| got.contains(i)));
    }
}
