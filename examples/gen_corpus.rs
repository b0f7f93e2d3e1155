//! Generate a large synthetic site to try folio on:
//! `cargo run --release --example gen_corpus -- DIR [POSTS]` (default 100,000 posts), then
//! `cargo run --release -- DIR`.

#[path = "../benches/support/mod.rs"]
mod support;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: gen_corpus DIR [POSTS]");
        std::process::exit(2);
    };
    let posts = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir)?;
    support::generate(&dir, posts, posts / 50 + 10)?;
    std::fs::write(dir.join("big.md"), support::large_post(5 * 1024 * 1024))?;
    println!("wrote {posts} posts and big.md (5 MB) to {}", dir.display());
    Ok(())
}
