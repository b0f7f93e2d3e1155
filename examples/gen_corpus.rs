//! Generate a large synthetic site to try folio on:
//! `cargo run --release --example gen_corpus -- DIR [POSTS]` (default 100,000 posts), then
//! `cargo run --release -- DIR`. `gen_corpus --post BYTES FILE` writes one post of about
//! `BYTES` bytes (the benchmarks' 4 KB, 1 MB and 5 MB posts).

#[path = "../benches/support/mod.rs"]
mod support;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let first = args.next();
    if first.as_deref() == Some("--post") {
        let bytes = args.next().and_then(|n| n.parse().ok()).unwrap_or(4096);
        let Some(file) = args.next() else {
            eprintln!("usage: gen_corpus --post BYTES FILE");
            std::process::exit(2);
        };
        return std::fs::write(file, support::large_post(bytes));
    }
    let Some(dir) = first else {
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
