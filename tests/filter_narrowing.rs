//! The post filter narrowing from an earlier query's matches, and giving an earlier
//! query's list back after a deleted letter: after every keystroke of random typing, the
//! list is the one a full scan of all posts gives, in the same order.

use std::sync::Arc;

use folio::app::library::Library;
use folio::core::catalog::{Catalog, PostOrder};
use folio::core::index::Index;
use folio::core::post::{Post, PostId};
use folio::core::site_config::SiteConfig;

/// A small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d);
        usize::try_from(x % n as u64).expect("fits")
    }
}

const WORDS: [&str; 12] = [
    "audience", "Audit", "campaign", "café", "SEO", "search", "brand", "a", "ab", "growth",
    "Großes", "test",
];

/// An index of `n` posts with titles of random words (some alike), its catalog, and a
/// library listing all of them.
fn site(n: usize, rng: &mut Rng) -> (Index, Catalog) {
    let posts: Vec<Arc<Post>> = (0..n)
        .map(|i| {
            let words: Vec<&str> = (0..=rng.below(4)).map(|_| WORDS[rng.below(12)]).collect();
            let slug = format!("post-{i:05}");
            Arc::new(Post {
                title: Some(words.join(" ").into()),
                rel_path: format!("{slug}.md").into(),
                slug: slug.into(),
                ..Post::default()
            })
        })
        .collect();
    let index = Index::listing(
        std::path::Path::new("/site"),
        SiteConfig::default(),
        posts.into(),
    );
    let catalog = Catalog::build(&index);
    (index, catalog)
}

fn kept(library: &Library) -> Vec<PostId> {
    library.visible_posts().to_vec()
}

/// A site of `n` posts made from `seed`, and a library listing all of them.
fn loaded(n: usize, seed: u64) -> (Index, Catalog, Library) {
    let (index, catalog) = site(n, &mut Rng(seed));
    let mut library = Library::default();
    library.load(&index, &catalog);
    (index, catalog, library)
}

/// The posts a fresh library of all posts in `order` keeps for `query`: a full scan.
fn full_scan(index: &Index, catalog: &Catalog, order: PostOrder, query: &str) -> Vec<PostId> {
    let mut full = Library::default();
    full.load(index, catalog);
    full.post_order = order;
    full.refresh_posts(catalog);
    full.set_post_filter(catalog, query.to_owned());
    kept(&full)
}

/// Typing random queries a key at a time (narrowing from the last query's matches) and
/// deleting letters (the earlier lists given back) keeps exactly the posts a full scan
/// keeps, in the same order (best first, ties in list order), across the serial and the
/// parallel scorer.
#[test]
fn filter_narrowing_matches_a_full_scan() {
    let mut rng = Rng(0x0005_eed0_f11e);
    let (index, catalog) = site(5000, &mut rng);
    let letters: Vec<char> = "audiencAGSEOé \\ßtr".chars().collect();
    let mut narrowed = Library::default();
    narrowed.load(&index, &catalog);
    let (mut compared, mut deleted) = (0, 0);
    for _ in 0..40 {
        narrowed.set_post_filter(&catalog, String::new());
        let mut query = String::new();
        for _ in 0..=rng.below(9) {
            let before = query.clone();
            if rng.below(3) == 0 && !query.is_empty() {
                query.pop();
                deleted += 1;
            } else {
                query.push(letters[rng.below(letters.len())]);
            }
            narrowed.set_post_filter(&catalog, query.clone());
            let full = full_scan(&index, &catalog, PostOrder::Date, &query);
            assert_eq!(kept(&narrowed), full, "query {query:?} after {before:?}");
            compared += usize::from(!full.is_empty());
        }
    }
    assert!(
        compared > 20 && deleted > 20,
        "too few queries matched anything ({compared}) or deleted a letter ({deleted})"
    );
}

/// A list made anew (another sort order) is filtered anew: the earlier queries' lists,
/// made from the other list, are not given back.
#[test]
fn filter_history_is_dropped_with_the_list() {
    let (index, catalog, mut library) = loaded(500, 7);
    library.set_post_filter(&catalog, "a".to_owned());
    library.set_post_filter(&catalog, "au".to_owned());
    library.post_order = PostOrder::Title;
    library.refresh_posts(&catalog);
    library.set_post_filter(&catalog, "a".to_owned());
    let full = full_scan(&index, &catalog, PostOrder::Title, "a");
    assert!(!full.is_empty());
    assert_eq!(kept(&library), full);
}

/// A query that adds to no earlier one (a letter deleted from a word pasted at once)
/// scores all posts again: none match `grz`, many match `gr`.
#[test]
fn filter_narrowing_only_when_the_query_grows() {
    let (index, catalog, mut library) = loaded(300, 42);
    library.set_post_filter(&catalog, "grz".to_owned());
    assert!(kept(&library).is_empty());
    library.set_post_filter(&catalog, "gr".to_owned());
    let full = full_scan(&index, &catalog, PostOrder::Date, "gr");
    assert!(!full.is_empty());
    assert_eq!(kept(&library), full);
}
