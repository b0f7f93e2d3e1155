//! Fuzzy filtering of a list by what the user typed, with nucleo's matcher (smart case,
//! Unicode normalisation), best matches first. Scores are nucleo's: an ASCII word in an
//! ASCII text is scored by [`AsciiScorer`] (nucleo's score, computed faster), the rest by
//! nucleo itself; long lists in parallel chunks, each thread keeping its matcher and
//! buffers from one query to the next. Knows nothing of posts.

use std::cell::RefCell;

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use rayon::prelude::*;

use super::fuzzy_ascii::{Answer, AsciiScorer};

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

/// The (score, position) of every item of `items` matching `query`, in list order;
/// see [`filter`].
pub fn scores<'s, T: Sync>(
    query: &str,
    items: &'s [T],
    text: impl Fn(&'s T) -> &'s str + Sync,
) -> Vec<(u32, usize)> {
    let mut scored = Vec::new();
    score_each(query, items, text, &mut scored);
    scored
        .into_iter()
        .enumerate()
        .filter(|&(_, score)| score != NO_MATCH)
        .map(|(i, score)| (score, i))
        .collect()
}

/// The score of an item that does not match.
pub const NO_MATCH: u32 = u32::MAX;

/// Each item's score for `query` in `scored` (whose memory is reused), in list order:
/// [`NO_MATCH`] for an item that does not match; 0 for every item when `query` is blank.
/// Long lists are scored on all cores, in chunks, each into its own part of `scored`.
pub fn score_each<'s, T: Sync>(
    query: &str,
    items: &'s [T],
    text: impl Fn(&'s T) -> &'s str + Sync,
    scored: &mut Vec<u32>,
) {
    scored.clear();
    if query.trim().is_empty() {
        scored.resize(items.len(), 0);
        return;
    }
    scored.resize(items.len(), NO_MATCH);
    let query = Query::new(query);
    let score_chunk = |chunk: &'s [T], out: &mut [u32]| {
        let mut score_all = |scratch: &mut Scratch| {
            for (item, out) in chunk.iter().zip(&mut *out) {
                *out = query.score(text(item), scratch).unwrap_or(NO_MATCH);
            }
        };
        // The thread's scratch is free unless `text` itself filters (it does not); then
        // a fresh one rather than a panic.
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => score_all(&mut scratch),
            Err(_) => score_all(&mut Scratch::new()),
        });
    };
    if items.len() < PARALLEL_FROM {
        score_chunk(items, scored);
    } else {
        items
            .par_chunks(PARALLEL_FROM)
            .zip(scored.par_chunks_mut(PARALLEL_FROM))
            .for_each(|(chunk, out)| score_chunk(chunk, out));
    }
}

/// What a thread scores with, kept between queries: nucleo's matcher allocates (and
/// zeroes) 130 KB when made.
struct Scratch {
    matcher: Matcher,
    ascii: AsciiScorer,
    chars: Vec<char>,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            matcher: Matcher::new(Config::DEFAULT),
            ascii: AsciiScorer::default(),
            chars: Vec::new(),
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
}

/// A query as nucleo's pattern (words of fuzzy letters, smart case, Unicode
/// normalisation), with each ASCII word's letters and case for [`AsciiScorer`].
struct Query {
    pattern: Pattern,
    /// Per word of the pattern: its ASCII letters and whether case is ignored.
    ascii: Vec<Option<(Box<[u8]>, bool)>>,
}

impl Query {
    fn new(query: &str) -> Query {
        let pattern = Pattern::new(
            query,
            CaseMatching::Smart,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        let ascii = pattern
            .atoms
            .iter()
            .map(|atom| match atom.needle_text() {
                Utf32Str::Ascii(word) if atom.kind == AtomKind::Fuzzy && !atom.negative => {
                    let ignore_case = !word.iter().any(u8::is_ascii_uppercase);
                    Some((word.into(), ignore_case))
                }
                _ => None,
            })
            .collect();
        Query { pattern, ascii }
    }

    /// nucleo's score of `text` (the sum of its words' scores), or `None` when a word
    /// does not match.
    fn score(&self, text: &str, scratch: &mut Scratch) -> Option<u32> {
        let Scratch {
            matcher,
            ascii,
            chars,
        } = scratch;
        let is_ascii = text.is_ascii();
        let haystack = if is_ascii {
            Utf32Str::Ascii(text.as_bytes())
        } else {
            Utf32Str::new(text, chars)
        };
        let mut total = 0;
        for (atom, word) in self.pattern.atoms.iter().zip(&self.ascii) {
            let answer = match word {
                Some((word, ignore_case)) if is_ascii => {
                    ascii.score(text.as_bytes(), word, *ignore_case)
                }
                _ => Answer::AskNucleo,
            };
            let score = match answer {
                Answer::Score(score) => score,
                Answer::AskNucleo => atom.score(haystack, matcher),
            };
            total += u32::from(score?);
        }
        // Never NO_MATCH: that would take 65,537 words.
        Some(total.min(NO_MATCH - 1))
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
    use crate::app::fuzzy_ascii::tests::Rng;

    #[test]
    fn fuzzy_filter_gives_the_same_answer_in_parallel() {
        let items: Vec<String> = (0..10_000).map(|i| format!("post {i} about seo")).collect();
        let got = filter("post 12", &items, String::as_str);
        assert!(got.contains(&12) && got.contains(&1200));
        let serial: Vec<usize> = filter("post 12", &items[..100], String::as_str);
        assert!(serial.iter().all(|i| got.contains(i)));
    }

    /// A text function that itself filters (so the thread's scratch is in use) still
    /// gets the scores, not a panic.
    #[test]
    fn fuzzy_score_each_nested_in_text_does_not_panic() {
        let items = ["seo basics", "brand voice"];
        let mut scored = Vec::new();
        score_each(
            "seo",
            &items,
            |s| {
                assert_eq!(filter("b", &["a", "b"], |t| *t), [1]);
                *s
            },
            &mut scored,
        );
        assert_eq!(scored[1], NO_MATCH);
        assert_ne!(scored[0], NO_MATCH);
    }

    /// Each item's score, one after another, by nucleo's own `Pattern::score`.
    fn nucleo_scores(query: &str, items: &[String]) -> Vec<u32> {
        let pattern = Pattern::new(
            query,
            CaseMatching::Smart,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut chars = Vec::new();
        items
            .iter()
            .map(|item| {
                let text = Utf32Str::new(item, &mut chars);
                pattern.score(text, &mut matcher).unwrap_or(NO_MATCH)
            })
            .collect()
    }

    /// Scoring a long list in parallel chunks (with the ASCII scorer where it applies)
    /// gives every item exactly the score nucleo gives it alone, in list order, for
    /// random queries (one or more words, either case, accents, escapes) over random
    /// titles (ASCII and not, some longer than the ASCII scorer takes).
    #[test]
    fn fuzzy_score_each_in_parallel_is_nucleo_one_by_one() {
        const WORDS: [&str; 12] = [
            "Audience",
            "audit",
            "café",
            "SEO",
            "search-engine",
            "brand/new",
            "a",
            "ab",
            "Growth",
            "Großes",
            "test_1",
            "naïve",
        ];
        let mut rng = Rng(0x00f1_17e2);
        let items: Vec<String> = (0..3 * PARALLEL_FROM)
            .map(|i| {
                let n = if i % 1000 == 0 { 300 } else { 1 + rng.below(6) };
                let words: Vec<&str> = (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect();
                format!("{} post-{i:05}", words.join(" "))
            })
            .collect();
        let letters: Vec<char> = "aAudieNcsEo gé\\ r-/_1ïß".chars().collect();
        let mut scored = Vec::new();
        let mut matched = 0;
        for _ in 0..30 {
            let query: String = (0..=rng.below(7))
                .map(|_| letters[rng.below(letters.len())])
                .collect();
            score_each(&query, &items, String::as_str, &mut scored);
            let expected = if query.trim().is_empty() {
                vec![0; items.len()]
            } else {
                nucleo_scores(&query, &items)
            };
            assert!(scored == expected, "query {query:?}");
            matched += scored.iter().filter(|&&s| s != NO_MATCH).count();
        }
        assert!(matched > 10 * PARALLEL_FROM, "too few matches: {matched}");
    }
}
