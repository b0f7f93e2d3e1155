//! The post filter narrowing from the previous query's matches: after every keystroke of
//! random queries, the list is the one a full scan of all posts gives, in the same order.

use std::sync::Arc;

use folio::app::library::Library;
use folio::core::catalog::Catalog;
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
                title: Some(words.join(" ")),
                rel_path: format!("{slug}.md"),
                slug,
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

/// Typing random queries a key at a time (narrowing from the last query's matches) keeps
/// exactly the posts a full scan keeps, in the same order (best first, ties in list
/// order), across the serial and the parallel scorer.
#[test]
fn filter_narrowing_matches_a_full_scan() {
    let mut rng = Rng(0x0005_eed0_f11e);
    let (index, catalog) = site(5000, &mut rng);
    let letters: Vec<char> = "audiencAGSEOé \\ßtr".chars().collect();
    let mut narrowed = Library::default();
    narrowed.load(&index, &catalog);
    let mut compared = 0;
    for _ in 0..40 {
        narrowed.set_post_filter(&catalog, String::new(), None);
        let mut query = String::new();
        for _ in 0..=rng.below(6) {
            let before = query.clone();
            query.push(letters[rng.below(letters.len())]);
            narrowed.set_post_filter(&catalog, query.clone(), Some(&before));
            let mut full = Library::default();
            full.load(&index, &catalog);
            full.set_post_filter(&catalog, query.clone(), None);
            assert_eq!(
                kept(&narrowed),
                kept(&full),
                "query {query:?} after {before:?}"
            );
            compared += usize::from(!kept(&full).is_empty());
        }
    }
    assert!(
        compared > 20,
        "too few queries matched anything: {compared}"
    );
}

/// A query that does not add to the previous one (a deleted letter, a pasted other
/// word) scores all posts again: none match `grz`, many match `gr`.
#[test]
fn filter_narrowing_only_when_the_query_grows() {
    let mut rng = Rng(42);
    let (index, catalog) = site(300, &mut rng);
    let mut library = Library::default();
    library.load(&index, &catalog);
    library.set_post_filter(&catalog, "grz".to_owned(), None);
    assert!(kept(&library).is_empty());
    library.set_post_filter(&catalog, "gr".to_owned(), Some("grz"));
    let mut full = Library::default();
    full.load(&index, &catalog);
    full.set_post_filter(&catalog, "gr".to_owned(), None);
    assert!(!kept(&full).is_empty());
    assert_eq!(kept(&library), kept(&full));
}
