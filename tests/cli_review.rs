//! CLI tests of review marks: `folio list --json` gives every post's `review` state, and
//! `folio list --review STATE` keeps the posts in that state. The marks live in a
//! temporary `FOLIO_DATA_DIR`, written through the same core store the UI uses.

mod support;

use std::path::Path;

use folio::core::review::{self, Marks};
use folio::core::stable_hash;
use support::cli::{Run, folio_command, folio_with};
use support::fs::{temp_sample, tree_state};
use support::sample_posts;

/// `folio ARGS` with `FOLIO_DATA_DIR=data`.
fn folio_data(data: &Path, args: &[&str]) -> Run {
    let mut cmd = folio_command();
    cmd.env("FOLIO_DATA_DIR", data);
    folio_with(&mut cmd, args)
}

/// A copy of the sample posts and a data dir where `choosing-a-crm.md` is reviewed as it
/// is and `email-list-segmentation.md` was reviewed before its bytes changed.
fn marked_site() -> (tempfile::TempDir, tempfile::TempDir) {
    let site = temp_sample();
    let data = tempfile::tempdir().expect("temp data dir");
    let bytes = std::fs::read(site.path().join("choosing-a-crm.md")).expect("read post");
    let mut marks = Marks::default();
    marks.mark("choosing-a-crm.md", stable_hash::of_bytes(&bytes));
    marks.mark("email-list-segmentation.md", 1);
    review::store(&review::file_for(data.path(), site.path()), &marks).expect("store marks");
    (site, data)
}

fn review_of(json: &serde_json::Value) -> Vec<(String, String)> {
    json.as_array()
        .expect("a JSON array")
        .iter()
        .map(|p| {
            (
                p["path"].as_str().expect("path").to_owned(),
                p["review"].as_str().expect("review is a string").to_owned(),
            )
        })
        .collect()
}

/// Every post in `list --json` has `review`: the marked ones reviewed or changed, the
/// others unreviewed; listing writes nothing into the site.
#[test]
fn list_json_gives_each_post_its_review_state() {
    let (site, data) = marked_site();
    let root = site.path().to_str().expect("utf-8 path");
    let before = tree_state(site.path());
    let run = folio_data(data.path(), &["list", root, "--json"]).succeeded();
    let states = review_of(&run.json());
    assert_eq!(states.len(), 32);
    let state = |path: &str| {
        states
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, s)| s.as_str())
    };
    assert_eq!(state("choosing-a-crm.md"), Some("reviewed"));
    assert_eq!(state("email-list-segmentation.md"), Some("changed"));
    let unreviewed = states.iter().filter(|(_, s)| s == "unreviewed").count();
    assert_eq!(unreviewed, 30);
    assert_eq!(tree_state(site.path()), before, "the posts are untouched");
}

/// `--review STATE` keeps only the posts in that state, in JSON and in plain output.
#[test]
fn list_review_filters_by_state() {
    let (site, data) = marked_site();
    let root = site.path().to_str().expect("utf-8 path");
    let json = |state: &str| {
        let run = folio_data(data.path(), &["list", root, "--review", state, "--json"]);
        review_of(&run.succeeded().json())
    };
    assert_eq!(
        json("reviewed"),
        [("choosing-a-crm.md".to_owned(), "reviewed".to_owned())]
    );
    assert_eq!(
        json("changed"),
        [(
            "email-list-segmentation.md".to_owned(),
            "changed".to_owned()
        )]
    );
    let unreviewed = json("unreviewed");
    assert_eq!(unreviewed.len(), 30);
    assert!(unreviewed.iter().all(|(_, s)| s == "unreviewed"));
    let plain = folio_data(data.path(), &["list", root, "--review", "reviewed"]).succeeded();
    assert_eq!(plain.stdout.lines().count(), 1, "{}", plain.stdout);
    assert!(plain.stdout.contains("choosing-a-crm"), "{}", plain.stdout);
}

/// Without any marks every post is unreviewed, and `--review reviewed` lists nothing.
#[test]
fn list_review_without_marks_is_all_unreviewed() {
    let data = tempfile::tempdir().expect("temp data dir");
    let root = sample_posts();
    let root = root.to_str().expect("utf-8 path");
    let run = folio_data(data.path(), &["list", root, "--json"]).succeeded();
    assert!(
        review_of(&run.json())
            .iter()
            .all(|(_, s)| s == "unreviewed")
    );
    let none = folio_data(data.path(), &["list", root, "--review", "reviewed"]).succeeded();
    assert_eq!(none.stdout, "");
}

/// An unknown state is a usage error (exit 2) naming the valid ones.
#[test]
fn list_review_rejects_an_unknown_state() {
    let data = tempfile::tempdir().expect("temp data dir");
    let run = folio_data(data.path(), &["list", "sample-posts", "--review", "done"]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr.contains("unreviewed, reviewed or changed"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

/// A marks file folio cannot read is a clear error naming it, not a wrong answer; the
/// file is left as it was.
#[test]
fn list_review_reports_an_unreadable_marks_file() {
    let (site, data) = marked_site();
    let file = review::file_for(data.path(), site.path());
    std::fs::write(&file, "{ not json").expect("break the marks file");
    let root = site.path().to_str().expect("utf-8 path");
    let run = folio_data(data.path(), &["list", root, "--json"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr.contains("review marks"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).expect("marks file"),
        "{ not json"
    );
}
