//! A generator of large synthetic sites for benchmarks: posts in the seed's format with
//! tags, related-question links (a few broken), and optionally one very large post.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic PRNG (xorshift), so every run generates the same site.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }

    /// The next number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const WORDS: [&str; 24] = [
    "marketing",
    "audience",
    "campaign",
    "search",
    "content",
    "email",
    "budget",
    "brand",
    "analytics",
    "conversion",
    "funnel",
    "social",
    "strategy",
    "customer",
    "automation",
    "segment",
    "landing",
    "traffic",
    "retention",
    "growth",
    "signal",
    "journey",
    "offer",
    "test",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[rng.below(WORDS.len())]);
    }
    s.push('.');
    s
}

/// Write `posts` posts into `dir` (about 1.5 KB each), spread over 100 folders, using
/// `tags` distinct tags. Returns the slugs.
pub fn generate(dir: &Path, posts: usize, tags: usize) -> std::io::Result<Vec<String>> {
    let mut rng = Rng::new(0x5eed);
    std::fs::write(
        dir.join("folio.toml"),
        "site_url = \"https://example.com\"\nhide_tags = [\"post\"]\n",
    )?;
    let slugs: Vec<String> = (0..posts)
        .map(|i| format!("post-{i:06}-{}", WORDS[i % WORDS.len()]))
        .collect();
    for (i, slug) in slugs.iter().enumerate() {
        let folder = dir.join(format!("section-{:02}", i % 100));
        if i < 100 {
            std::fs::create_dir_all(&folder)?;
        }
        let mut text = String::with_capacity(2048);
        let title = sentence(&mut rng, 5);
        let _ = write!(
            text,
            "---\ntitle: \"{}\"\ndate: {}-{:02}-{:02}\nimage: \"/media/{slug}.webp\"\ntags:\n  - post\n  - tag-{}\n  - tag-{}\n---\n\n",
            title.trim_end_matches('.'),
            2000 + rng.below(25),
            1 + rng.below(12),
            1 + rng.below(28),
            rng.below(tags),
            rng.below(tags),
        );
        for _ in 0..3 {
            let _ = write!(
                text,
                "## {}\n\n{} {} {}\n\n",
                sentence(&mut rng, 3),
                sentence(&mut rng, 14),
                sentence(&mut rng, 12),
                sentence(&mut rng, 10)
            );
        }
        let _ = write!(
            text,
            "- **{}** {}\n- {}\n\n",
            sentence(&mut rng, 2),
            sentence(&mut rng, 8),
            sentence(&mut rng, 9)
        );
        text.push_str("## More Questions About marketing\n\n");
        for _ in 0..4 {
            let target = if rng.below(50) == 0 {
                "no-such-post".to_owned()
            } else {
                slugs[rng.below(posts)].clone()
            };
            let _ = writeln!(text, "- [{}](/posts/{target})", sentence(&mut rng, 4));
        }
        std::fs::write(folder.join(format!("{slug}.md")), text)?;
    }
    Ok(slugs)
}

/// A post of about `bytes` bytes with headings, lists, tables, code and links.
pub fn large_post(bytes: usize) -> String {
    let mut rng = Rng::new(42);
    let mut text = String::from(
        "---\ntitle: \"A very large post\"\ndate: 2024-01-01\ntags: [post, big]\n---\n\n",
    );
    let mut n = 0;
    while text.len() < bytes {
        n += 1;
        let _ = write!(
            text,
            "## Section {n}\n\n{} {} [a link](/posts/post-000001-audience) {}\n\n",
            sentence(&mut rng, 20),
            sentence(&mut rng, 25),
            sentence(&mut rng, 15)
        );
        let _ = write!(
            text,
            "- {}\n  - {}\n- [ ] {}\n\n",
            sentence(&mut rng, 8),
            sentence(&mut rng, 6),
            sentence(&mut rng, 5)
        );
        if n % 5 == 0 {
            text.push_str("| Channel | Share | Goal |\n|---|--:|---|\n| Search | 50% | Capture demand |\n| Social | 25% | Reach new people |\n\n");
            text.push_str("```sql\nSELECT cohort, COUNT(*) FROM users GROUP BY cohort;\n```\n\n");
        }
    }
    text
}
