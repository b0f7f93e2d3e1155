//! The front matter of real posts reads the same whichever way it is read: the quick
//! reading (tried first) gives the fields the YAML crate gives, field by field and in
//! order, on the 18F corpus and the sample posts; and it takes most of them.

mod support;

use std::path::Path;

use folio::core::front_matter::{self, BlockState};
use folio::core::front_matter_quick;
use support::shared;

/// Every post's front matter under `dir`: (how many, how many the quick reading took).
fn agree_under(dir: &Path) -> (usize, usize) {
    let (mut total, mut quick) = (0, 0);
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let block = front_matter::split(&text);
            if block.state != BlockState::Closed {
                continue;
            }
            let yaml = &text[block.yaml.clone()];
            total += 1;
            let by_crate = front_matter::parse_by_yaml_crate(yaml);
            if let Some(fields) = front_matter_quick::all_fields(yaml) {
                quick += 1;
                assert_eq!(by_crate.as_ref().ok(), Some(&fields), "{}", path.display());
            }
            assert_eq!(
                front_matter::parse(yaml).ok(),
                by_crate.ok(),
                "{}",
                path.display()
            );
        }
    }
    (total, quick)
}

#[test]
fn front_matter_reads_the_same_on_the_18f_corpus() {
    let Some(corpus) = shared("corpus/18f.gsa.gov") else {
        return;
    };
    let (total, quick) = agree_under(&corpus);
    assert!(total > 500, "{total} posts");
    // Its front matter often wraps long lines (left to the crate); most is plain.
    assert!(quick * 2 > total, "{quick} of {total} read quickly");
}

#[test]
fn front_matter_reads_the_same_on_the_sample_posts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    let (total, quick) = agree_under(&dir);
    assert!(total > 20, "{total} posts");
    assert!(quick * 10 >= total * 9, "{quick} of {total} read quickly");
}
